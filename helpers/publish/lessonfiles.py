"""Which notebooks in lessons/ git knows: for advice that works (issue 22).

A notebook named like a lesson but never committed (``07_my_notes.ipynb``) is built, with a
warning naming it; restoring a damaged notebook with ``git checkout`` is advised only for a
file git has, never for one it has not (an untracked 0-byte notebook has nothing to restore).
Outside a git checkout (a zip of the pack) nothing is known, and nothing is said.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def tracked(folder: Path) -> set[str] | None:
    """Names of the files git tracks in ``folder``, or None if git cannot tell (no git, no repo)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", "."], cwd=folder, capture_output=True,
                                timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if listed.returncode:
        return None
    return {Path(name).name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name}


def untracked(lessons: list[Path]) -> list[Path]:
    """The lessons git does not track (empty when git cannot tell)."""
    folders = {lesson.parent for lesson in lessons}
    known = {folder: tracked(folder) for folder in folders}
    return [lesson for lesson in lessons
            if known[lesson.parent] is not None and lesson.name not in known[lesson.parent]]


def untracked_warning(lessons: list[Path]) -> str | None:
    """One line naming lesson-named notebooks that git does not track, or None."""
    new = untracked(lessons)
    if not new:
        return None
    return ("Warning: " + ", ".join(p.name for p in new) + (" is" if len(new) == 1 else " are")
            + " named like a lesson but not tracked by git: built and listed in the index like the "
            "others. If it is a scratch copy, rename it (e.g. notes-07.ipynb) or move it out of lessons/.")


def restore_advice(lesson: Path) -> str:
    """How to get a damaged notebook back: git checkout for a tracked file, else what works."""
    known = tracked(lesson.parent)
    if known is not None and lesson.name not in known:
        return (f"git has no copy of lessons/{lesson.name} to restore (it was never committed): open "
                "it in JupyterLab and save it again, or delete it")
    return f"restore it: git checkout -- lessons/{lesson.name}"
