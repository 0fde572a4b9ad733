"""``python -m helpers handouts`` (``python -m helpers.publish``): build every handout (default) or ``pdf`` from built handouts.

Each lesson is executed once, with a real kernel, two at a time; both editions render from
that one run. Unchanged lessons come from the cache in ``build/cache``. A failing lesson is
named with its cell and error (or the data or exercises file to fix), the others still
build, and the exit code is 1. Only notebooks named like lessons (``01_panama_1989.ipynb``,
``03a_...``) are built: scratch copies such as ``Untitled.ipynb`` are skipped. A cell still
running after ``--timeout`` seconds (default 300) is stopped; Ctrl-C stops the whole build.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from .execute import ROOT, execute_all

OUT = ROOT / "build" / "handouts"
CACHE = Path(os.environ.get("INTERVENTION_HISTORY_CACHE") or ROOT / "build" / "cache")


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
    from ..i18n import using_language

    with using_language(os.environ.get("INTERVENTION_HISTORY_LANG") or "en"):
        return _build_handouts(lessons, out, workers, cache_dir)


def _build_handouts(lessons: list[Path], out: Path = OUT, workers: int = 2,
                    cache_dir: Path | None = CACHE):
    """Execute, render and index; return (exit status, execution results).

    ``cache_dir=None`` executes every lesson again.
    """
    from .export import lesson_info
    from .index import write_index
    from .pages import remember, unchanged

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
    from .site import finish  # issue 28: contents, previous/next and search on every page

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
    from ..i18n import get_language
    from .pages import page_key

    return page_key(result.lesson, get_language(), result.extra.get("key"))


def _export_whole(notebook, stem: str, out: Path) -> list[Path]:
    """Render both editions into a private folder beside the pages, then move each into place
    with one rename: a page is the old one or the new one, never half of one."""
    from .export import export

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

    from ..i18n import SOURCE, get_language

    try:
        if get_language() != SOURCE and lesson.parent == ROOT / "lessons":
            from .translate import translated_notebook

            return translated_notebook(lesson, get_language())[0]
        return nbformat.read(lesson, as_version=4)
    except Exception:
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers handouts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", nargs="?", default="handouts", choices=["handouts", "pdf"])
    parser.add_argument("--lessons", default="*.ipynb", help="glob of lessons to build")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-cache", action="store_true", help="execute every lesson again")
    parser.add_argument("--timeout", type=int, default=None, metavar="SECONDS",
                        help="stop a cell still running after this long (default 300; "
                             "or set HANDOUT_CELL_TIMEOUT)")
    parser.add_argument("--language", default="all", choices=["all", "en", "es", "pt"],
                        help="which edition to build (default: all three languages)")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "build" / "notebooks",
                        help="where the learner notebooks go (default: build/notebooks/<language>/)")
    args = parser.parse_args(argv)
    if args.target == "pdf":
        from .pdf import write_pdfs

        return write_pdfs(args.out)
    if args.timeout:
        os.environ["HANDOUT_CELL_TIMEOUT"] = str(args.timeout)  # read by every worker
    lessons = find_lessons(args.lessons)
    stray = stray_notebooks(args.lessons)
    if stray:
        print("Not built (not named like a lesson, e.g. 04_comparing_interventions.ipynb): "
              + ", ".join(p.name for p in stray), flush=True)
    if not lessons:
        print(f"No lessons match lessons/{args.lessons}", file=sys.stderr)
        return 2
    from .lessonfiles import untracked_warning  # issue 22: 07_my_notes.ipynb, built with a word

    warning = untracked_warning(lessons)
    if warning:
        print(warning, flush=True)
    status = 0
    if args.language in ("all", "en"):
        status, _ = build_handouts(lessons, args.out, args.workers,
                                   cache_dir=None if args.no_cache else CACHE)
    if args.language != "en":
        from .translate import TARGETS, add_language_switch, build_language

        for language in TARGETS if args.language == "all" else [args.language]:
            print(f"Edition: {language}", flush=True)
            cache = CACHE if not args.no_cache else Path(tempfile.mkdtemp(prefix="ih-cache-"))
            code, _ = build_language(language, lessons, args.out, cache, args.workers)
            status = status or code
        add_language_switch(args.out)
    languages = ("en", "es", "pt") if args.language == "all" else (args.language,)
    write_notebooks(lessons, languages, args.notebooks, every=args.lessons == "*.ipynb")
    return status


def write_notebooks(lessons: list[Path], languages, out: Path, every: bool = True) -> dict:
    """The learner notebooks (helpers/publish/notebooks.py), with one line saying where they are."""
    from .notebooks import write_learner_notebooks

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


def run(argv=None) -> int:
    """main(), with the faults a facilitator can meet said in one line, not a traceback."""
    import signal

    # Ctrl-C stops the build even when it was started with Ctrl-C ignored (as a shell script
    # starts a background job): the kernels' clients would stop on it anyway, one by one.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return main(argv)
    except KeyboardInterrupt:
        print("\nBuild stopped (Ctrl-C). Handouts already written are complete; run "
              "make handouts again to finish (unchanged lessons come from the cache).",
              file=sys.stderr)
        return 130
    except OSError as error:  # a read-only folder, a full disk
        where = f" {error.filename}" if error.filename else ""
        print(f"Cannot write{where}: {error.strerror or error}. Free some disk space or make the "
              "folder writable (or build elsewhere with --out DIR), then run make handouts again.",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(run())
