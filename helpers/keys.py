"""What ``check()``, ``written_task()`` and ``glossary_for()`` read of the lessons, wherever
the pack is.

In a full copy of the pack they read ``lessons/``: the exercises files
(``lessons/<lesson>.exercises.yml``, the keys), the lessons' catalogues (``lessons/locale/``,
for the exercises in Spanish and Portuguese) and the lessons themselves (the glossary terms
each one links). A learner copy (the ``learner-edition`` branch that ``python -m helpers
learner-branch`` builds, for a class on JupyterHub or Binder) has no ``lessons/``: there the same
things travel inside the package, in ``helpers/lesson_keys.json.gz``, written by ``pack()``.
Either way the keys are read from the package's own folder, never from a file beside the
notebook a learner has open. (A determined learner can always read the package: the aim is that
no answer is one click or one scroll away.)
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

from .exceptions import PackError
from .paths import lessons_dir

PACKED = Path(__file__).resolve().with_name("lesson_keys.json.gz")
FORMAT = 1
# The contexts of a lesson's catalogue that the helpers read at run time (the rest are the
# lesson's cells, run sheets included: those stay out of the package).
CONTEXTS = ("exercise|", "task|", "reading|")


def _files() -> list[Path]:
    return sorted(lessons_dir().glob("*.exercises.yml"))


def from_lessons() -> bool:
    """Whether the lessons' own files are here (a full copy), rather than the packed keys."""
    return bool(_files()) or not PACKED.is_file()


def stamp() -> tuple:
    """Changes whenever what ``exercise_files()`` returns may have changed."""
    if from_lessons():
        return tuple((p.name, p.stat().st_mtime_ns) for p in _files())
    return (PACKED.name, PACKED.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _packed(_stamp: int) -> dict:
    with gzip.open(PACKED, "rt", encoding="utf-8") as file:
        content = json.load(file)
    if content.get("format") != FORMAT:
        raise PackError(f"{PACKED.name} was written by another version of the pack: build the "
                        "learner branch again (python -m helpers learner-branch).")
    return content


def packed() -> dict | None:
    """The keys packed into the package (a learner copy), or None in a full copy."""
    return None if from_lessons() else _packed(PACKED.stat().st_mtime_ns)


def exercise_files() -> list[tuple[str, str, str]]:
    """(lesson, file name, YAML text) of every lesson's exercises file."""
    content = packed()
    if content is None:
        return [(p.name.split(".")[0], p.name, p.read_text(encoding="utf-8-sig")) for p in _files()]
    return [(stem, f"{stem}.exercises.yml", lesson["exercises"])
            for stem, lesson in sorted(content["lessons"].items())]


def exercise_file(lesson: str) -> str | None:
    """The YAML text of one lesson's exercises file, or None if there is none."""
    content = packed()
    if content is None:
        path = lessons_dir() / f"{lesson}.exercises.yml"
        return path.read_text(encoding="utf-8-sig") if path.is_file() else None
    found = content["lessons"].get(lesson)
    return found["exercises"] if found else None


def glossary_links(lesson: str) -> list[str] | None:
    """The glossary slugs a lesson links to, as packed (None in a full copy: read the lesson)."""
    content = packed()
    if content is None:
        return None
    found = content["lessons"].get(lesson)
    return None if found is None else list(found["glossary"])


def lesson_documents(lesson: str, core: bool = False) -> list[str] | None:
    """The document ids a lesson reads (``core``: of its session's own parts), as packed (None
    in a full copy: read the lesson)."""
    content = packed()
    if content is None:
        return None
    found = content["lessons"].get(lesson)
    return None if found is None else list(found.get("core_documents" if core else "documents") or [])
