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
import sys
import tempfile
from pathlib import Path

from ..paths import ROOT
from .handouts import (
    CACHE,
    OUT,
    add_language_switch,
    build_handouts,
    build_language,
    find_lessons,
    stray_notebooks,
    write_notebooks,
)
from .lessonfiles import untracked_warning
from .pdf import write_pdfs
from .translate import TARGETS


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

    warning = untracked_warning(lessons)
    if warning:
        print(warning, flush=True)
    status = 0
    if args.language in ("all", "en"):
        status, _ = build_handouts(lessons, args.out, args.workers,
                                   cache_dir=None if args.no_cache else CACHE)
    if args.language != "en":
        for language in TARGETS if args.language == "all" else [args.language]:
            print(f"Edition: {language}", flush=True)
            cache = CACHE if not args.no_cache else Path(tempfile.mkdtemp(prefix="ih-cache-"))
            code, _ = build_language(language, lessons, args.out, cache, args.workers)
            status = status or code
        add_language_switch(args.out)
    languages = ("en", "es", "pt") if args.language == "all" else (args.language,)
    write_notebooks(lessons, languages, args.notebooks, every=args.lessons == "*.ipynb")
    return status


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
