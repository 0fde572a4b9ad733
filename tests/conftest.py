"""Shared fixtures: the data folder, a scratch copy of it, the built handouts, a browser."""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NETGUARD = Path(__file__).resolve().parent / "netguard"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A scratch copy of data/ that a test may break; the helpers read it instead."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("INTERVENTION_HISTORY_DATA", str(target))
    return target


@pytest.fixture
def tiny_lessons(tmp_path, data_copy, monkeypatch):
    """Two small lessons with exercises and Spanish catalogues: what the build reads of a
    real lesson, in a few seconds of kernel time. The build reads them (and a scratch copy of
    data/) instead of the pack's; the translated copies and the index stay in tmp_path."""
    import nbformat

    import helpers.publish.handouts as build
    import helpers.publish.translate as translate
    from helpers.publish.translate import _write, lesson_template, update

    lessons = tmp_path / "lessons"
    lessons.mkdir(parents=True)
    monkeypatch.setenv("INTERVENTION_HISTORY_LESSONS", str(lessons))
    monkeypatch.setattr(build, "ROOT", tmp_path)  # the index lists these lessons only
    monkeypatch.setattr(translate, "ROOT", tmp_path)  # the translated copies go there
    made = []
    for stem, key, answer in (("00_alpha", "alpha-1", 1789), ("01_beta", "beta-1", 1848)):
        cells = [nbformat.v4.new_markdown_cell(f"# Lesson {stem}\n\n**Time:** 10 minutes"),
                 nbformat.v4.new_markdown_cell("The first part."),
                 nbformat.v4.new_code_cell("from helpers import check, load\nevents = load('panama/events')\n"
                                           "print(events.loc[events['event_id'] == 'pa_evt_004', 'title'].iloc[0])"),
                 nbformat.v4.new_code_cell(f"check('{key}', {answer})")]
        key_cell = nbformat.v4.new_code_cell(f"from helpers import answer_key\nanswer_key('{stem}')")
        key_cell.metadata["tags"] = ["facilitator", "remove-input"]
        notebook = nbformat.v4.new_notebook(cells=cells + [key_cell])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, lessons / f"{stem}.ipynb")
        (lessons / f"{stem}.exercises.yml").write_text(
            f"exercises:\n  {key}:\n    question: In which year?\n    type: number\n    answer: {answer}\n"
            f"    tolerance: 0\n    hints:\n      form: A year.\n    explanation: The year is {answer}.\n",
            encoding="utf-8")
        path = lessons / "locale" / "es" / "LC_MESSAGES" / f"{stem}.po"
        catalog = update(lesson_template(lessons / f"{stem}.ipynb"), path, "es")
        for message in catalog:
            if message.id:
                message.string = "ES " + message.id
        _write(catalog, path)
        made.append(lessons / f"{stem}.ipynb")
    return made


@contextlib.contextmanager
def network_blocked_in_kernels():
    """Kernels started inside block every network request (tests/netguard)."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), old]))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every lesson executed once with a real kernel, with network access blocked inside the
    kernels, and both editions of every handout built: what `make handouts` does."""
    from helpers.publish.handouts import build_handouts, find_lessons

    out = tmp_path_factory.mktemp("handouts")
    cache = tmp_path_factory.mktemp("cache")
    with network_blocked_in_kernels():
        lessons = find_lessons()
        status, results = build_handouts(lessons, out, workers=2, cache_dir=cache)
    return {"out": out, "results": results, "status": status, "lessons": lessons, "cache": cache}


@pytest.fixture(scope="session")
def built_languages(built):
    """Every lesson in every language, built once a session (issue 25: what a reader of each
    edition meets): the English pages of ``built`` in ``out/``, the Spanish and Portuguese
    ones in ``out/es/`` and ``out/pt/``; ``results[language]`` holds each lesson's executed
    notebook."""
    from helpers.publish.handouts import TARGETS, build_language

    results, status = {"en": built["results"]}, {"en": built["status"]}
    with network_blocked_in_kernels():
        for language in TARGETS:
            status[language], results[language] = build_language(language, built["lessons"], built["out"],
                                                                 built["cache"], 2)
    return {"out": built["out"], "results": results, "status": status, "lessons": built["lessons"]}


@pytest.fixture(scope="session")
def chromium():
    """Path to Chromium: skipped locally with a reason when absent, a failure in CI."""
    from helpers.publish.browser import INSTALL_HINT, find_chromium

    path = find_chromium()
    if path is None:
        if IN_CI:
            pytest.fail("CI must run the browser tests, but " + INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def built_all(built_languages):
    """``built_languages`` with the language switch on every page: the whole site a reader
    unzips (issue 28's search, navigation and bundle tests)."""
    from helpers.publish.handouts import add_language_switch

    add_language_switch(built_languages["out"])
    return built_languages


# ----------------------------------------------------------------------------- injection
# Payloads for every kind of contributed text (issue 22). Each says where it was put, so a
# payload that runs names its file. No braces: helpers.po messages go through str.format.
def payload(where: str, colons: bool = True) -> str:
    """``colons=False``: none of the payloads that need a colon (javascript: and https: URLs)."""
    mark = f"window.__xss=(window.__xss||[]).concat('{where}')"
    common = (f"<script>{mark}</script><img src=x onerror=\"{mark}\"><svg onload=\"{mark}\"></svg>"
              "<meta http-equiv=\"refresh\" content=\"0;url=phish.html\"><iframe src=\"phish.html\">"
              "</iframe><form action=\"phish.html\"><input></form>")
    if not colons:
        return common
    return (common + f"<a href=\"javascript:{mark}\">link</a><iframe src=\"javascript:parent.__xss=1\">"
            "</iframe><meta http-equiv=\"refresh\" content=\"0;url=https://example.invalid/phish\">"
            "<p style=\"position:fixed;top:0\">cover</p>")


def markdown_payload(where: str) -> str:
    return f"\n\n{payload(where)}\n\n[click](javascript:window.__xss=1)\n\n<script>window.__xss=1</script>\n"


INJECTED_LESSONS = {"english": "00_getting_started", "translated": "03a_venezuela_sanctions"}
_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis")


def project_ignore(folder: str, names: list[str]) -> set[str]:
    """What a copy of the project leaves out: git, the environment, built files, the tests."""
    top = {".git", ".venv", "build", "tests", "binder"} if Path(folder) == ROOT else set()
    return set(_ANYWHERE(folder, names)) | (top & set(names))


def _po_inject(path: Path, change) -> int:
    """Apply ``change(message) -> new msgstr or None`` to every translated entry of a catalogue."""
    from babel.messages.pofile import read_po, write_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    count = 0
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            new = change(message)
            if new is not None:
                message.string, count = new, count + 1
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100)
    return count


# Ids and codes lessons select rows by (a payload there would only stop the lesson running).
FIXED_FIELDS = ("_id", "_ids", "id", "slug", "case", "unit", "indicator", "series", "dimension",
                "measure", "iso3", "country", "url", "original_url", "published", "language", "kind",
                "year", "date", "code", "lang")


def poison_tables(data: Path, payload_for) -> dict[str, tuple[str, list[str]]]:
    """``payload_for(table name)`` appended to every free-text cell of every table of ``data``
    (ids, codes, numbers, dates, enums, patterned and JSON cells left alone, so lessons still
    select their rows); returns {table name: (its path in data/, the fields poisoned)}."""
    import csv
    import json

    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    poisoned = {}
    for item in package["resources"]:
        schema = item["schema"]
        if isinstance(schema, str):
            schema = json.loads((data / schema).read_text(encoding="utf-8"))
        fixed = set(schema.get("primaryKey", []))
        for foreign in schema.get("foreignKeys", []):
            fields = foreign["fields"]
            fixed |= {fields} if isinstance(fields, str) else set(fields)
        fields = [f["name"] for f in schema["fields"]
                  if f.get("type", "string") == "string" and "enum" not in f.get("constraints", {})
                  and "pattern" not in f.get("constraints", {}) and f["name"] not in fixed
                  and not any(f["name"] == k or f["name"].endswith(k) for k in FIXED_FIELDS)]
        path = data / item["path"]
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if not rows or not fields:
            continue
        header = list(rows[0])
        for row in rows:
            for name in fields:
                if row.get(name) and not row[name].lstrip().startswith(("{", "[")):  # not JSON
                    row[name] += payload_for(item["name"])
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        poisoned[item["name"]] = (item["path"], fields)
    return poisoned


def _poison_exercises(path: Path) -> None:
    import yaml

    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    tag = payload(path.name)
    for spec in (content.get("exercises") or {}).values():
        for field in ("question", "explanation", "praise"):
            if isinstance(spec.get(field), str):
                spec[field] += tag
        for name in list(spec.get("hints") or {}):
            spec["hints"][name] = str(spec["hints"][name]) + tag
        for alt in spec.get("also_accepted") or []:
            if alt.get("explanation"):
                alt["explanation"] += tag
    task = content.get("written_task") or {}
    if task:
        task["question"] += tag
        for level in list(task.get("rubric") or {}):
            task["rubric"][level] = str(task["rubric"][level]) + tag
        for sample in (task.get("samples") or {}).values():
            sample["text"] += tag
            sample["why"] += tag
    for item in content.get("further_reading") or []:
        if isinstance(item, dict):
            for field in ("citation", "why"):
                if item.get(field):
                    item[field] = str(item[field]) + tag
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def inject(root: Path, marker: Path) -> dict:
    """Payloads in every kind of contributed text of the project copy at ``root``; returns
    what was poisoned, for the tests to look for in the build's messages."""
    import nbformat

    from helpers.publish.translate import code_strings

    english = INJECTED_LESSONS["english"]
    translated = INJECTED_LESSONS["translated"]
    done = {"catalogues": [], "fstrings": [], "notebook": f"lessons/{english}.ipynb"}
    # the English lesson's markdown cells and its exercises file (its translations then no
    # longer match: its es/pt editions show the English cells, payload and all)
    notebook = nbformat.read(root / "lessons" / f"{english}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source += markdown_payload(f"{english}.ipynb")
    nbformat.write(notebook, root / "lessons" / f"{english}.ipynb")
    _poison_exercises(root / "lessons" / f"{english}.exercises.yml")
    # the translated lesson's catalogues: markdown, code strings (a translator's f-string
    # expression among them), exercises, written task, reading list
    source = nbformat.read(root / "lessons" / f"{translated}.ipynb", as_version=4)
    fstrings = {f"{c['id']}:{n}" for c in source.cells if c.cell_type == "code"
                for n, found in enumerate(code_strings(c.source)) if found[-1]}
    markdown = {c["id"] for c in source.cells if c.cell_type == "markdown"}
    run = f"{{__import__('pathlib').Path({str(marker)!r}).write_text('ran')}}"
    for language in ("es", "pt"):
        po = root / "lessons" / "locale" / language / "LC_MESSAGES" / f"{translated}.po"

        def change(message, po=po):
            if message.context in fstrings:
                return run + message.string
            if message.context in markdown:
                return message.string + markdown_payload(po.name)
            return message.string + payload(po.name)

        assert _po_inject(po, change)
        done["catalogues"].append(po.relative_to(root).as_posix())
        done["fstrings"] += [(po.relative_to(root).as_posix(), ctx) for ctx in sorted(fstrings)]
    # the helpers' words and the tables' words, in both languages. (No colon in helpers.po:
    # a chart that makes a translated legend title its column name, venezuela.cost_chart's
    # "made by", fails on one: a chart-translation defect, not an injection.)
    for language in ("es", "pt"):
        po = root / "helpers" / "locale" / language / "LC_MESSAGES" / "helpers.po"
        assert _po_inject(po, lambda m: m.string + payload("helpers.po", colons=False))
        po = root / "data" / "locale" / language / "LC_MESSAGES" / "data.po"
        assert _po_inject(po, lambda m: m.string + payload("data.po"))
    tables = poison_tables(root / "data", lambda name: payload(f"data:{name}"))
    done["tables"] = [f"data/{path}" for path, _fields in tables.values()]
    return done


def project_env(root: Path, cache: Path) -> dict:
    """The environment that runs the project copy at ``root``: its helpers (in the build and in
    the kernels, which also get no network), its data, lessons and a cache of its own."""
    return {**os.environ,
            "PYTHONPATH": os.pathsep.join([str(root), str(NETGUARD)]),
            "INTERVENTION_HISTORY_DATA": str(root / "data"),
            "INTERVENTION_HISTORY_LESSONS": str(root / "lessons"),
            "INTERVENTION_HISTORY_CACHE": str(cache), "INTERVENTION_HISTORY_ENV": "current"}


@pytest.fixture(scope="session")
def injected_handouts(tmp_path_factory):
    """A copy of the project with payloads in every kind of contributed text (see ``inject``),
    built ONCE per session in every language: two lessons (one poisoned in English, one in its
    catalogues), the index, glossary and about pages. The build runs as `make handouts` does,
    in its own process; its output is kept for the tests to read."""
    import subprocess
    import sys
    import time

    base = tmp_path_factory.mktemp("injected")
    root = base / "project"
    shutil.copytree(ROOT, root, ignore=project_ignore)
    marker = base / "translator-code-ran"
    done = inject(root, marker)
    env = project_env(root, base / "cache")
    where = subprocess.run([sys.executable, "-c", "import helpers.publish.export as e; print(e.__file__)"],
                           cwd=root, env=env, capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(root)), where  # the copy's code runs, not ours
    sync = subprocess.run([sys.executable, "-m", "helpers", "sync-sources", "--rows-deleted-on-purpose"],
                          cwd=root, env=env, capture_output=True, text=True)
    assert sync.returncode == 0, sync.stdout[-2000:] + sync.stderr[-2000:]
    started = time.perf_counter()
    out = base / "out"
    run = subprocess.run([sys.executable, "-m", "helpers.publish", "handouts", "--language", "all",
                          "--lessons", "0[03][_a]*.ipynb", "--out", str(out)],
                         cwd=root, env=env, capture_output=True, text=True, timeout=1200)
    return {"root": root, "out": out, "marker": marker, "returncode": run.returncode,
            "log": run.stdout + "\n" + run.stderr, "env": env, "seconds": time.perf_counter() - started,
            **done}


# ----------------------------------------------------------------------------- offline pages
@pytest.fixture(scope="module")
def browser(chromium):
    """Headless Chromium for one test module (Playwright's sync API allows one at a time)."""
    from playwright.sync_api import sync_playwright

    from helpers.publish.browser import launch

    with sync_playwright() as playwright:
        instance = launch(playwright)
        try:
            yield instance
        finally:
            instance.close()


WATCH = """
window.__ih_watch = {csp: [], errors: []};
(() => {  // what a payload sets is reported at once, so a page that then navigates still tells
  let value;
  Object.defineProperty(window, '__xss', {configurable: false, get: () => value,
    set: v => { value = v; window.__ihRan && window.__ihRan(String(v)); }});
})();
document.addEventListener('securitypolicyviolation', e => window.__ih_watch.csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));
window.addEventListener('error', e => window.__ih_watch.errors.push(String(e.message)));
"""


LOCAL = ("file:", "data:", "blob:")  # what a handout opened from disk may read


@dataclass
class Seen:
    """What a tab met. ``left``: every request refused (it tried to leave the machine);
    ``errors``: what a reader must never meet (uncaught exceptions, console errors, a dialog,
    "dialog opened: ..."); ``dialogs``: their messages (each dismissed); ``console``: every
    console line as "type: text"; ``ran``: what set ``window.__xss`` (with ``watch=True``);
    ``charts``: how many charts drew (with ``charts=True``)."""

    left: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    charts: int | None = None


def open_offline(browser, path: Path | str | None = None, *, width: int | None = None, height: int = 800,
                 language: str | None = None, media: str | None = None, charts: bool = False,
                 watch: bool = False, allow: tuple[str, ...] = LOCAL, **options):
    """A new tab of ``browser`` that opens ``path`` (a file, or a URL; None: a blank tab the test
    navigates itself) as a reader opens a handout: every request whose URL does not start with
    one of ``allow`` (files, data: and blob: URLs) is aborted and recorded. Returns (page, seen),
    ``seen`` a ``Seen``. Options: ``width`` (and ``height``) the viewport in CSS px (360: a phone),
    ``language`` the browser's locale ("es-419"), ``charts=True`` waits until every chart is
    drawn, ``media="print"`` then emulates paper, ``watch=True`` reports what a payload runs (it
    sets ``window.__xss``; ``page.evaluate('window.__ih_watch')`` has CSP violations), other
    keywords go to ``browser.new_page`` (``accept_downloads=True``). The caller closes the tab;
    the ``offline`` fixture closes its tabs itself."""
    if width is not None:
        options["viewport"] = {"width": width, "height": height}
    if language is not None:
        options["locale"] = language
    page = browser.new_page(**options)
    seen = Seen()

    def console(message):
        seen.console.append(f"{message.type}: {message.text}")
        if message.type == "error":
            seen.errors.append(message.text)

    def dialog(opened):
        seen.dialogs.append(opened.message)
        seen.errors.append(f"dialog opened: {opened.message}")
        opened.dismiss()

    def route(request_route):
        if request_route.request.url.startswith(allow):
            request_route.continue_()
        else:
            seen.left.append(request_route.request.url)
            request_route.abort()

    page.on("console", console)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("dialog", dialog)
    page.route("**/*", route)
    try:
        if watch:
            page.expose_function("__ihRan", lambda value: seen.ran.append(value))
            page.add_init_script(WATCH)
        if path is not None:
            page.goto(Path(path).resolve().as_uri() if isinstance(path, Path) or ":" not in str(path)
                      else str(path))
        if charts:
            from helpers.publish.browser import wait_for_charts

            seen.charts = wait_for_charts(page)
        if media is not None:
            page.emulate_media(media=media)
    except BaseException:
        page.close()
        raise
    return page, seen


@pytest.fixture
def offline(browser):
    """``offline(path, **options) -> (page, seen)``: ``open_offline`` in this module's browser,
    and every tab it opened is closed when the test ends. A test that opens many pages may
    close each itself (closing twice is harmless)."""
    pages = []

    def opener(path: Path | str | None = None, **options):
        page, seen = open_offline(browser, path, **options)
        pages.append(page)
        return page, seen

    yield opener
    for page in pages:
        if not page.is_closed():
            page.close()


def answer(page, key: str, typed: str, timeout: int = 20000) -> tuple[str, str]:
    """Type an answer into a self-check's field and press Check, as a reader does; return
    (status, feedback text) once the check is done and its feedback shows."""
    import re

    box = page.locator(f"[data-ih-exercise='{key}']")
    box.locator("input.ih-answer-field").fill(typed)
    box.locator("button[type=submit]").click()
    page.wait_for_function(
        "k => { const b = document.querySelector(`[data-ih-exercise='${k}']`);"
        " return b.getAttribute('data-ih-busy') !== 'true' && !b.querySelector('.ih-feedback').hidden; }",
        arg=key, timeout=timeout)
    feedback = box.locator(".ih-feedback")
    status = re.search(r"ih-(correct|defensible|partial|incorrect|invalid|missing)",
                       feedback.get_attribute("class")).group(1)
    return status, feedback.inner_text()


def serious_axe_violations(page) -> list[str]:
    """axe-core's serious and critical accessibility violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    return [f"{v['id']} ({v['impact']}): {v['help']} e.g. {v['nodes'][0]['html'][:120]}"
            for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
