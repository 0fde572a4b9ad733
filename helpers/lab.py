"""``python -m helpers lab``: JupyterLab for a learner (the default) or a facilitator.

    python -m helpers lab                   # a learner: my-lessons/<language>/, no answers
    python -m helpers lab --language es     # ... in Spanish (es), Portuguese (pt) or English (en)
    python -m helpers lab --facilitator     # the source lessons in lessons/, with the answers

A learner works in ``my-lessons/<language>/`` (git ignores it), made on the first run from the
learner notebooks (helpers/publish/notebooks.py): no solution cells, no run sheets, no keys beside
them, and JupyterLab opens on that folder, so nothing above it is in its file browser. Each run
brings the pack's newer lessons in without overwriting the learner's work: a lesson the learner
changed stays as it is and the new version arrives beside it. The language is ``--language``,
else the system's language when it is Spanish or Portuguese (LANGUAGE, LC_ALL, LC_MESSAGES or
LANG; on Windows the system locale), else English.

A facilitator opens ``lessons/`` itself. Saving a notebook there goes through
``keep_lessons_clean`` (a JupyterLab ``pre_save_hook`` set on this command line only, not in
any global configuration): outputs, execution counts and widget state are dropped and the kernel
metadata stays as the file had it, so opening and running a lesson leaves git with nothing to
commit, and a facilitator's edits to the text are saved as usual.

Other options go to JupyterLab (``--no-browser``, ``--port 8899``...).
"""

from __future__ import annotations

import argparse
import json
import locale
import os
import sys
from pathlib import Path

from .i18n import _, using_language
from .paths import ROOT

LANGUAGES = ("en", "es", "pt")
HOOK = "helpers.lab.keep_lessons_clean"
_LOCALE_NAMES = {"spanish": "es", "portuguese": "pt", "español": "es", "português": "pt"}


def my_lessons() -> Path:
    """The learners' folder: ``my-lessons/`` in the pack (``INTERVENTION_HISTORY_MY_LESSONS``
    moves it, e.g. for tests)."""
    override = os.environ.get("INTERVENTION_HISTORY_MY_LESSONS")
    return Path(override) if override else ROOT / "my-lessons"


def system_language(environ=None, fallback=None) -> str:
    """es or pt when the system speaks Spanish or Portuguese, else en."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").split(":")[0].strip()
        if value:
            break
    else:
        try:
            value = (fallback if fallback is not None else locale.getlocale()[0]) or ""
        except ValueError:
            value = ""
    value = value.lower()
    for name, code in _LOCALE_NAMES.items():
        if value.startswith(name):
            return code
    return value[:2] if value[:2] in ("es", "pt") else "en"


def learner_folder(language: str, lessons: list[Path] | None = None, out: Path | None = None):
    """Make (or bring up to date) ``my-lessons/<language>/``; return (folder, what was done)."""
    # deferred for speed: nbformat and the translation code load only when lessons are copied,
    # not when JupyterLab's save hook (keep_lessons_clean) imports this module
    from .publish.notebooks import OUT, deliver, find_lessons, write_learner_notebooks

    lessons = find_lessons() if lessons is None else lessons
    source = out or OUT
    write_learner_notebooks(lessons, (language,), source)
    folder = my_lessons() / language
    return folder, deliver(source / language, folder)


def say_delivery(folder: Path, done, language: str) -> list[str]:
    """What a learner reads in the terminal, in their language."""
    try:
        shown = folder.relative_to(ROOT)
    except ValueError:
        shown = folder
    with using_language(language):
        lines = [_("Your lessons are in {folder}: JupyterLab opens there, and your work is kept "
                   "there.").format(folder=shown)]
        if done.created and not (done.kept or done.updated or done.beside):  # the first run
            lines.append(_("{n} lessons ready, without the answers: start with "
                           "00_getting_started.ipynb.").format(n=len(done.created)))
        if done.updated:
            lines.append(_("Brought up to date (you had not changed them): {names}").format(
                names=", ".join(done.updated)))
        for mine, new in done.beside:
            lines.append(_("{lesson}: the pack has a new version of this lesson. Yours, with your "
                           "changes, stays as it is; the new one is beside it: {new}").format(
                lesson=mine, new=new))
        return lines


def _strip(notebook: dict) -> None:
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in ("execution", "collapsed", "scrolled"):
            (cell.get("metadata") or {}).pop(key, None)
    notebook.get("metadata", {}).pop("widgets", None)


def keep_lessons_clean(model=None, path=None, contents_manager=None, **_kwargs) -> None:
    """JupyterLab's pre-save hook for the facilitator's ``lessons/``: save a notebook without
    outputs, execution counts, widget state or new kernel metadata (the kernel name and
    language info stay as the file on disk has them)."""
    if not model or model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    _strip(notebook)
    if contents_manager is None or path is None:
        return
    try:
        on_disk = Path(contents_manager._get_os_path(path))
        before = json.loads(on_disk.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return  # a new notebook: nothing to keep
    metadata = notebook.setdefault("metadata", {})
    for key in ("kernelspec", "language_info"):
        if key in before:
            metadata[key] = before[key]
        else:
            metadata.pop(key, None)


def lab_arguments(language: str, facilitator: bool, extra: list[str]) -> list[str]:
    """JupyterLab's command line for a learner's folder or the facilitator's lessons/."""
    if facilitator:
        return [*extra, f"--ContentsManager.pre_save_hook={HOOK}", str(ROOT / "lessons")]
    return [*extra, str(my_lessons() / language)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers lab", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", choices=LANGUAGES, default=None,
                        help="the learner notebooks' language (default: the system's, if es or pt; else en)")
    parser.add_argument("--facilitator", action="store_true",
                        help="open the source lessons in lessons/ (with the answers) instead")
    args, extra = parser.parse_known_args(argv)
    language = args.language or system_language()
    if args.facilitator:
        with using_language(language):
            print(_("Facilitator: the source lessons in lessons/, with the answers and run sheets. "
                    "Saving drops outputs, execution counts and widget state, so git sees only "
                    "your changes to the text."), flush=True)
    else:
        folder, done = learner_folder(language)
        print("\n".join(say_delivery(folder, done, language)), flush=True)
        os.environ["INTERVENTION_HISTORY_LANG"] = language  # the kernels' helpers speak it too
    from jupyterlab.labapp import LabApp

    LabApp.launch_instance(argv=lab_arguments(language, args.facilitator, extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
