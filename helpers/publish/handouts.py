"""Building the handouts: execute each lesson once, render both editions, write the index and
the site around them, in English or, through its catalogues, in Spanish or Portuguese.

``python -m helpers handouts`` (``helpers/publish/__main__.py``) is the command line for it.

>>> [p.name for p in find_lessons("00_*")]
['00_getting_started.ipynb']
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

from ..i18n import (
    LANGUAGES,
    SOURCE,
    catalog_path,
    get_language,
    read_catalogue,
    shown,
    using_language,
)
from ..paths import ROOT
from ..paths import cache_dir as build_cache
from .execute import execute_all
from .export import export, lesson_info
from .index import write_index
from .notebooks import write_learner_notebooks
from .pages import page_key, remember, rewrite_page, unchanged
from .site import finish
from .translate import TARGETS, translated_notebook, write_translated

OUT = ROOT / "build" / "handouts"
CACHE = build_cache()


LESSON_NAME = re.compile(r"^\d\d[a-z]?_[a-z0-9_]+\.ipynb$")  # 00_getting_started, 03a_..._...


def find_lessons(pattern: str = "*.ipynb") -> list[Path]:
    """The lessons to build: notebooks named like lessons, never scratch or copied ones."""
    return sorted(p for p in (ROOT / "lessons").glob(pattern) if LESSON_NAME.match(p.name))


def stray_notebooks(pattern: str = "*.ipynb") -> list[Path]:
    """Notebooks in lessons/ that are not lessons (Untitled.ipynb, 'copy' files): not built."""
    return sorted(p for p in (ROOT / "lessons").glob(pattern)
                  if p.suffix == ".ipynb" and not LESSON_NAME.match(p.name))


def build_handouts(lessons: list[Path], out: Path = OUT, workers: int = 2,
                   cache_dir: Path | None = CACHE):
    """Execute, render and index, in the edition's language (INTERVENTION_HISTORY_LANG, else
    English, whatever set_language() said before in this process); see ``_build_handouts``."""

    with using_language(os.environ.get("INTERVENTION_HISTORY_LANG") or "en"):
        return _build_handouts(lessons, out, workers, cache_dir)


def _build_handouts(lessons: list[Path], out: Path = OUT, workers: int = 2,
                    cache_dir: Path | None = CACHE):
    """Execute, render and index; return (exit status, execution results).

    ``cache_dir=None`` executes every lesson again.
    """

    started = time.perf_counter()
    total = len(lessons)
    done = [0]
    failed: dict[str, str] = {}
    infos = []

    def report(result):
        done[0] += 1
        stem = result.lesson.stem
        if result.error:
            failed[stem] = result.error
            print(f"[{done[0]}/{total}] {stem}: FAILED: {result.error}", flush=True)
            return
        how = "from cache" if result.cached else f"executed in {result.seconds:.1f} s"
        key = _page_key(result)
        paths = [out / f"{stem}.html", out / f"{stem}.facilitator.html"]
        if result.cached and unchanged(out, stem, key, paths):
            how += ", pages unchanged"
        else:
            paths = _export_whole(result.notebook, stem, out)
            remember(out, stem, key, paths)
        size = max(p.stat().st_size for p in paths) / 1e6
        print(f"[{done[0]}/{total}] {stem}: {how}; learner + facilitator written "
              f"(largest {size:.2f} MB)", flush=True)

    if cache_dir is None:
        import tempfile

        cache_dir = Path(tempfile.mkdtemp(prefix="ih-cache-"))
    results = execute_all(lessons, cache_dir, workers=workers, on_done=report)
    executed = {result.lesson: result for result in results}
    shown = dict(failed)  # what the index says of lessons without a handout
    # The index lists every lesson, also those not built in this run (a --lessons subset).
    # (by stem: translated lessons are built from copies elsewhere)
    every = {p.stem: p for p in find_lessons()}
    every.update({p.stem: p for p in executed})
    for lesson in sorted(every.values(), key=lambda p: p.stem):
        result = executed.get(lesson)
        notebook = result.notebook if result else _read_quietly(lesson)
        if notebook is None:  # unreadable: list it by file name
            infos.append({"stem": lesson.stem, "title": lesson.stem, "duration": "", "objectives": []})
        else:
            infos.append({"stem": lesson.stem, **lesson_info(notebook, lesson.stem)})
        if result is None and not (out / f"{lesson.stem}.html").exists():
            shown.setdefault(lesson.stem, "not built yet: run make handouts")
    index = write_index(infos, out, shown)

    finish(out, infos)
    print(f"Index: {index.relative_to(ROOT) if index.is_relative_to(ROOT) else index}. "
          f"{total - len(failed)} of {total} lessons built in {time.perf_counter() - started:.1f} s.")
    if failed:
        print("Failed lessons (fix the file or cell named; the others were built):", file=sys.stderr)
        for stem, why in failed.items():
            print(f"  {stem}: {why}", file=sys.stderr)
        return 1, results
    return 0, results


# ------------------------------------------------------------------ skipping unchanged pages
def _page_key(result) -> str:
    """The key of a lesson's pages in the build's language (helpers/publish/pages.py): its run's
    key (computed once, when it was executed or read from the cache) and what rendering reads."""

    return page_key(result.lesson, get_language(), result.extra.get("key"))


def _export_whole(notebook, stem: str, out: Path) -> list[Path]:
    """Render both editions into a private folder beside the pages, then move each into place
    with one rename: a page is the old one or the new one, never half of one."""

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".partial-") as staging:
        staged = [export(notebook, stem, which, Path(staging)) for which in ("learner", "facilitator")]
        for page in staged:
            os.replace(page, out / page.name)
    return [out / page.name for page in staged]


def _read_quietly(lesson: Path):
    """The lesson (in the build's language: the index lists it in that language too), or
    None when it cannot be read."""
    import nbformat

    try:
        if get_language() != SOURCE and lesson.parent == ROOT / "lessons":
            return translated_notebook(lesson, get_language())[0]
        return nbformat.read(lesson, as_version=4)
    except Exception:
        return None


def write_notebooks(lessons: list[Path], languages, out: Path, every: bool = True) -> dict:
    """The learner notebooks (helpers/publish/notebooks.py), with one line saying where they are."""

    started = time.perf_counter()
    skipped: list[str] = []
    written = write_learner_notebooks(lessons, languages, out, every=every, skipped=skipped)
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    where = languages[0] if len(languages) == 1 else "{" + ",".join(languages) + "}"
    print(f"Learner notebooks (no answers, for JupyterLab): {shown}/{where}/, "
          f"{sum(written.values())} made again in {time.perf_counter() - started:.1f} s"
          + (f"; not made (the lesson cannot be read): {', '.join(skipped)}." if skipped else "."),
          flush=True)
    return written


# ----------------------------------------------------------------------------- other languages
SWITCH_LABEL = {"en": "Language", "es": "Idioma", "pt": "Idioma"}


def build_language(language: str, chosen: list[Path], out: Path, cache: Path, workers: int = 2):
    """Execute and render the lessons in one language into ``out/<language>/``."""
    import os

    for line in catalogue_warnings(language, chosen):
        print(f"Warning: {line}", flush=True)
    translated = write_translated(language, ROOT / "build" / "i18n" / language, chosen)
    before = os.environ.get("INTERVENTION_HISTORY_LANG")
    os.environ["INTERVENTION_HISTORY_LANG"] = language  # for the kernels
    try:
        with using_language(language):  # for what this process renders
            status, results = build_handouts(translated, out / language, workers,
                                             cache_dir=cache / language)
    finally:
        if before is None:
            os.environ.pop("INTERVENTION_HISTORY_LANG", None)
        else:
            os.environ["INTERVENTION_HISTORY_LANG"] = before
    for page in (out / language).glob("*.html"):
        set_page_language(page, language)
    return status, results


def catalogue_warnings(language: str, chosen: list[Path]) -> list[str]:
    """One line for each catalogue of an edition that is missing or damaged, naming the file
    (and line) and what to do: the messages concerned show in English."""
    fix = f"python -m helpers translate update --language {language}"
    wanted = [(catalog_path("lesson", language, lesson.stem), f"{lesson.stem} shows")
              for lesson in chosen]
    wanted += [(catalog_path("helpers", language), "the buttons, feedback and labels show"),
               (catalog_path("data", language), "the tables' words show")]
    lines = []
    for path, subject in wanted:
        loaded = read_catalogue(path)
        if not loaded.exists:
            lines.append(f"{shown(path)} is missing, so {subject} in English. Create it with "
                         f"{fix}, then translate it.")
        whole = loaded.catalog is None  # unreadable as a whole, not message by message
        lines += [f"{problem} Until then {subject if whole else 'that message shows'} in English."
                  for problem in loaded.problems]
    return lines


def set_page_language(page: Path, language: str) -> None:
    text = page.read_text(encoding="utf-8")

    def tag(match):
        inner = re.sub(r"""\s+lang=(["'])[^"']*\1""", "", match.group(1))  # either quote: one lang
        return f'<html lang="{language}"{inner}>'

    rewrite_page(page, re.sub(r"<html\b([^>]*)>", tag, text, count=1))


def add_language_switch(out: Path) -> int:
    """Put a language switch at the top of every page that exists in more than one language."""
    import html as htmlmod

    folders = {"en": out, **{code: out / code for code in TARGETS if (out / code).is_dir()}}
    names = {name.name for folder in folders.values() for name in folder.glob("*.html")}
    changed = 0
    for name in names:
        present = {code: folder / name for code, folder in folders.items() if (folder / name).exists()}
        if len(present) < 2:
            continue
        for code, page in present.items():
            links = []
            for other in folders:
                if other not in present:
                    continue
                label = htmlmod.escape(LANGUAGES[other])
                if other == code:
                    links.append(f'<li><span aria-current="page" lang="{other}">{label}</span></li>')
                    continue
                href = (name if other == "en" else f"{other}/{name}") if code == "en" else (
                    f"../{name}" if other == "en" else f"../{other}/{name}")
                links.append(f'<li><a href="{href}" hreflang="{other}" lang="{other}">{label}</a></li>')
            nav = (f'<nav class="ih-languages" aria-label="{SWITCH_LABEL.get(code, "Language")}">'
                   f'<ul>{"".join(links)}</ul></nav>')
            text = page.read_text(encoding="utf-8")
            text = re.sub(r'<nav class="ih-languages".*?</nav>', "", text, flags=re.DOTALL)
            text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, text, count=1)
            changed += rewrite_page(page, text)
    return changed
