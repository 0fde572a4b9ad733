"""Nothing from a contributed file runs (issue 22): a translator's or author's text is never
evaluated as Python, and no script, redirect or event handler from a catalogue, a lesson, an
exercises file or a table reaches a handout.

The fast tests need no kernel and no browser. The slow ones share ``injected_handouts``
(tests/conftest.py): a copy of the project with payloads in every kind of contributed text,
built once in every language, whose every page is opened offline in Chromium.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import nbformat
import pytest

from conftest import INJECTED_LESSONS, ROOT, _po_inject, open_offline, payload

FSTRING_LESSON = "03a_venezuela_sanctions"


# ----------------------------------------------------------------------------- fast
def _fstring_cell(lessons: Path):
    """The 03a cell that prints an f-string, and that message's context and English."""
    from helpers.publish.translate import code_strings

    notebook = nbformat.read(lessons / f"{FSTRING_LESSON}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for n, found in enumerate(code_strings(cell.source)):
                if found[-1] == "f":
                    return cell, f"{cell['id']}:{n}", found[-2]
    raise AssertionError("lesson 03a has no f-string message any more: pick another lesson")


def _translate_with(tmp_path, translation) -> tuple[str, str, str]:
    """Lesson 03a in Spanish, with the f-string message translated as ``translation(english)``:
    (the translated cell's print line, what the build said, the catalogue's path)."""
    from helpers.publish.translate import translated_notebook

    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", lessons)
    cell, context, english = _fstring_cell(lessons)
    po = lessons / "locale" / "es" / "LC_MESSAGES" / f"{FSTRING_LESSON}.po"
    assert _po_inject(po, lambda m: translation(m.id) if m.context == context else None) == 1
    said = io.StringIO()
    with redirect_stderr(said):
        notebook, _stale = translated_notebook(lessons / f"{FSTRING_LESSON}.ipynb", "es")
    source = next(c.source for c in notebook.cells if c["id"] == cell["id"])
    line = next(line for line in source.splitlines() if line.lstrip().startswith("print("))
    return line, said.getvalue(), po


def _run_print(line: str) -> str:
    """Run a cell's print line as the kernel would (with the table it reads)."""
    import pandas as pd

    out = io.StringIO()
    with redirect_stdout(out):
        exec(compile(line.strip(), "<cell>", "exec"),
             {"events": pd.DataFrame({"date": pd.to_datetime(["2026-01-03"])})})
    return out.getvalue()


def test_a_translators_expression_never_runs(tmp_path):
    """Issue 22, defect 1: `{__import__(...)}` in a translated f-string was run by the build."""
    marker = tmp_path / "ran"
    evil = f"{{__import__('pathlib').Path({str(marker)!r}).write_text('ran')}}"
    line, said, po = _translate_with(tmp_path, lambda english: "Último evento: " + evil + english)
    printed = _run_print(line)
    assert not marker.exists(), "a translator's expression ran"
    assert "__import__" not in line and "Último evento" not in printed
    assert "The latest event in the table: 03 January 2026" in printed  # the English, unchanged
    # the build names the catalogue and the entry, and says what to do
    assert f'{FSTRING_LESSON}.po, msgctxt "c002:0"' in said and "placeholders" in said, said


def test_a_translators_words_are_text_around_the_english_expressions(tmp_path):
    """A translation with the right placeholders is used; whatever else it holds is text."""
    marker = tmp_path / "ran"
    trick = f"\"' + __import__('pathlib').Path({str(marker)!r}).write_text('ran') + '\\\" {{{{x}}}} "
    line, said, _po = _translate_with(
        tmp_path, lambda english: "El hecho más reciente: " + trick + english.split(": ", 1)[1])
    printed = _run_print(line)
    assert not marker.exists() and not said
    assert printed.startswith("El hecho más reciente: \"' + __import__(") and " {x} " in printed  # {{x}}: a brace
    assert printed.rstrip().endswith("03 January 2026")


def test_every_f_string_message_shows_named_placeholders():
    """Translators see placeholders like {panama}, never code; every es/pt catalogue's
    f-string entries use exactly their English placeholders."""
    from helpers.publish.translate import code_strings, lessons, placeholders
    from helpers.i18n import messages

    seen = 0
    for lesson in lessons():
        notebook = nbformat.read(lesson, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            for n, (*_, value, prefix) in enumerate(code_strings(cell.source)):
                if prefix != "f":
                    continue
                seen += 1
                assert all(re.fullmatch(r"[A-Za-z_]\w*", name) for name in placeholders(value)), value
                for language in ("es", "pt"):
                    po = lesson.parent / "locale" / language / "LC_MESSAGES" / f"{lesson.stem}.po"
                    text = messages(po).get((f"{cell['id']}:{n}", value))
                    assert text and sorted(placeholders(text)) == sorted(placeholders(value)), (
                        f"{po.relative_to(ROOT)} {cell['id']}:{n}: {text!r}")
    assert seen >= 4


def test_markdown_keeps_what_lessons_use_and_loses_scripts():
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from helpers.publish.sanitize import clean, removed

    text = ("## A heading\n\n*Emphasis*, **strong**, `code`, [a link](https://example.org) and "
            "[the glossary](glossary.html#glossary-oas).\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
            "> a quote\n\n<details><summary>More</summary>\n\nHidden.\n\n</details>\n")
    markup = markdown2html_mistune(text)
    assert clean(markup) == markup or not removed(markup, clean(markup)), removed(markup, clean(markup))
    evil = markdown2html_mistune(text + payload("md") + "\n\n[x](javascript:alert(1))\n")
    cleaned = clean(evil)
    for bad in ("<script", "onerror", "onload", "<meta", "<iframe", "javascript:", "<form",
                "position:fixed", "<svg", "<img"):
        assert bad not in cleaned.lower(), bad
    gone = removed(evil, cleaned)
    assert {"<script>", "<meta>", "<iframe>", "<form>", "<img>", "<svg>", "href=javascript:"} <= set(gone), gone
    assert "<details>" in cleaned and "<table>" in cleaned and 'href="https://example.org"' in cleaned


def test_the_policy_allows_only_the_packs_own_scripts():
    """Defect 2: the CSP hashed every inline script it found in the page."""
    from helpers.publish.export import csp, own_scripts

    policy = csp(True)
    assert re.findall(r"'sha256-[^']+'", policy) == own_scripts(True) and len(own_scripts(True)) == 2
    assert re.findall(r"'sha256-[^']+'", csp(False)) == own_scripts(False)
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]


def test_styled_tables_stay_escaped_whatever_their_format():
    """Case 1.2: `.format(precision=1)`, a text index and a caption wrote raw HTML."""
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

    from helpers import load

    shell = InteractiveShell.instance()
    load("panama/events")  # what every lesson does first
    bad = "<img src=x onerror=alert(1)>"
    frame = pd.DataFrame({"title": [bad], "n": [1.234]}, index=[bad]).rename_axis(bad)
    for styler in (frame.style.format(precision=1), frame.style.set_caption(bad),
                   frame.style.format_index(precision=1), frame.style.format(escape=None)):
        shown = shell.display_formatter.format(styler)[0]["text/html"]
        assert "<img" not in shown and "&lt;img" in shown, shown[:400]
    assert "1.2" in shell.display_formatter.format(frame.style.format(precision=1))[0]["text/html"]
    pd.set_option("styler.format.escape", None)  # a lesson undoing pandas' option changes nothing
    try:
        assert "<img" not in shell.display_formatter.format(frame.style)[0]["text/html"]
    finally:
        pd.set_option("styler.format.escape", "html")


def test_the_build_cleans_a_styled_table_that_bypassed_the_display():
    """`HTML(styler.to_html())` shows the raw HTML: the handout build cleans it."""
    import pandas as pd

    from helpers.publish.sanitize import clean_table, removed

    bad = "<img src=x onerror=alert(1)>"
    raw = pd.DataFrame({"title": [bad]}, index=[bad]).style.set_caption(bad).to_html()
    assert "<img" not in clean_table(raw) and removed(raw, clean_table(raw)) == ["<img>"]
    assert "<caption>" in clean_table(raw) and "<style" in clean_table(raw)


def test_check_names_markup_in_data(data_copy, capsys):
    """`helpers check` names a data text that holds markup: file, line and column."""
    import csv

    from helpers.__main__ import main

    path = data_copy / "panama" / "events.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("title")
    rows[3][column] += "<script>window.__xss=1</script>"
    rows[5][column] += '<a href="javascript:alert(1)">x</a>'
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"data/panama/events\.csv, line 4 \(data row 3\), column 'title': this text "
                     r"holds markup \('<script'\)", out), out
    assert re.search(r"data/panama/events\.csv, line 6 .*column 'title': this text holds markup", out)


# ----------------------------------------------------------------------------- slow
def _pages(out: Path) -> list[Path]:
    return sorted(out.glob("*.html")) + sorted(out.glob("es/*.html")) + sorted(out.glob("pt/*.html"))


@pytest.mark.slow
def test_injected_project_builds_and_no_translator_code_ran(injected_handouts):
    build = injected_handouts
    assert build["returncode"] == 0, build["log"][-3000:]
    assert not build["marker"].exists(), "a translator's f-string expression ran in the build"
    names = {p.relative_to(build["out"]).as_posix() for p in _pages(build["out"])}
    for folder in ("", "es/", "pt/"):
        for stem in INJECTED_LESSONS.values():
            assert {f"{folder}{stem}.html", f"{folder}{stem}.facilitator.html"} <= names, names
        assert {f"{folder}index.html", f"{folder}glossary.html", f"{folder}about.html"} <= names


@pytest.mark.slow
def test_the_build_names_each_file_whose_markup_it_removed(injected_handouts):
    log = injected_handouts["log"]
    removed = [line for line in log.splitlines() if "markup removed from the handout" in line]
    assert any(line.startswith(injected_handouts["notebook"] + ", cell ") for line in removed), removed
    for catalogue in injected_handouts["catalogues"]:
        assert any(line.startswith(f'{catalogue}, msgctxt "') for line in removed), (catalogue, removed)
    for catalogue, context in injected_handouts["fstrings"]:
        assert f'{catalogue}, msgctxt "{context}": the placeholders must be' in log, (catalogue, log[-3000:])


@pytest.mark.slow
def test_check_names_every_poisoned_table(injected_handouts):
    """What `helpers check` says of each table (its markup lines, without the slower checks)."""
    script = ("from helpers.catalog import table_names\nfrom helpers.validate import markup_problems\n"
              "for name in [*table_names(), 'sources']:\n"
              "    for problem in markup_problems(name): print(problem)")
    run = subprocess.run([sys.executable, "-c", script], cwd=injected_handouts["root"],
                         env=injected_handouts["env"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    named = set(re.findall(r"(data/\S+\.csv), line \d+ \(data row \d+\), column '[^']+': this text "
                           r"holds markup", run.stdout))
    assert set(injected_handouts["tables"]) <= named, set(injected_handouts["tables"]) - named


@pytest.mark.slow
@pytest.mark.browser
def test_nothing_from_a_contributed_file_runs_in_any_page(injected_handouts, browser):
    """Every page of every language, opened offline: no payload ran (the flag it sets is unset,
    no dialog), nothing navigated away or asked the network, no CSP violation (the pack's own
    scripts are allowed; nothing else is there to be blocked), after the charts are drawn and a
    self-check answered wrongly shows its (poisoned) hints."""
    import warnings

    problems, undrawn = {}, {}
    pages = _pages(injected_handouts["out"])
    assert len(pages) >= 21
    for path in pages:
        page, seen = open_offline(browser, path, watch=True)
        try:
            # every chart drawn or given up on (a busy machine draws slowly)
            page.wait_for_function("() => [...document.querySelectorAll('figure.ih-chart .ih-vega')]"
                                   ".every(e => e.hasAttribute('data-ih-drawn'))", timeout=60000)
            failed = page.locator('.ih-vega[data-ih-drawn="failed"]').all_text_contents()
            if failed:
                undrawn[path.relative_to(injected_handouts["out"]).as_posix()] = [t[:160] for t in failed]
            field = page.locator("input.ih-answer-field").first
            if field.count():
                field.fill("zzzz")
                page.locator("section.ih-exercise button[type=submit]").first.click()
            page.wait_for_timeout(150)
            state = page.evaluate("""() => ({
                xss: window.__xss || null, url: location.href, watch: window.__ih_watch,
                handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
                scripts: [...document.scripts].filter(s => !s.type || /javascript|module/.test(s.type)).length,
                meta: [...document.querySelectorAll('meta[http-equiv]')].map(m => m.httpEquiv.toLowerCase()),
                links: [...document.querySelectorAll('a[href]')].filter(a => /^\\s*(javascript|data):/i.test(a.getAttribute('href'))).length,
                frames: document.querySelectorAll('iframe,object,embed,form[action]').length})""")
        finally:
            page.close()
        wrong = {key: value for key, value in {
            "ran": sorted(set(seen.ran))[:12] or state["xss"], "dialogs": seen.dialogs, "left for": seen.left,
            "navigated to": state["url"] if state["url"] != path.resolve().as_uri() else None,
            "CSP violations": state["watch"]["csp"], "errors": state["watch"]["errors"] + seen.errors,
            "event handlers": state["handlers"], "scripts beyond the pack's 2": max(0, state["scripts"] - 2),
            "meta other than the CSP": [m for m in state["meta"] if m != "content-security-policy"],
            "javascript:/data: links": state["links"], "frames, embeds, forms": state["frames"],
        }.items() if value}
        if wrong:
            problems[path.relative_to(injected_handouts["out"]).as_posix()] = wrong
    assert not problems, problems
    if undrawn:  # not an injection: a translation that breaks a chart (see the chart-translation work)
        warnings.warn(f"charts a payload in a translation kept from drawing: {undrawn}")
