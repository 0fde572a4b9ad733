"""Learner notebooks: every lesson as a learner opens it in JupyterLab, in each language, and
the folder a learner works in.

``write_learner_notebooks`` makes them with the learner handout's filter
(``editions.learner_notebook``): no ``solution`` or ``facilitator`` cell, exercise cells left as
``answer = ...`` placeholders, no outputs; the Spanish and Portuguese ones come from the lessons'
catalogues (``translate.translated_notebook``) and begin their set-up cell with its
``set_language(...)``.
``make handouts`` writes them to ``build/notebooks/<language>/``; a lesson whose notebook, and
catalogue, are unchanged since the last time is not made again.

``deliver`` copies them into a learner's folder (``my-lessons/<language>/``, which git ignores)
and never overwrites the learner's work. A lesson the learner has not changed (the text of every
cell as delivered; running it does not count) is replaced by the pack's newer version. A lesson
the learner has changed is left as it is, and the newer version arrives beside it, as
``<lesson> (new version <date>).ipynb``. A lesson the learner deleted comes back, as delivered
first. What was delivered is recorded in the folder's hidden ``.delivered.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..paths import ROOT
from .editions import learner_notebook as _learner_edition
from .translate import translated_notebook

OUT = ROOT / "build" / "notebooks"
LESSON_NAME = re.compile(r"^\d\d[a-z]?_[a-z0-9_]+\.ipynb$")  # as helpers/publish/__main__.py builds
LANGUAGES = ("en", "es", "pt")
MADE_FROM = ".made-from.json"
DELIVERED = ".delivered.json"
_CODE = [Path(__file__).with_name(name) for name in ("notebooks.py", "editions.py", "translate.py")]


def _read_record(path: Path) -> dict:
    """A JSON record this module keeps beside the notebooks, or {} if missing or damaged."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def find_lessons() -> list[Path]:
    """The lessons in lessons/ (without importing the build, which imports Altair: `lab` starts
    as fast as JupyterLab does)."""
    return sorted(p for p in (ROOT / "lessons").glob("*.ipynb") if LESSON_NAME.match(p.name))


def learner_notebook(lesson: Path, language: str):
    """The learner notebook of a lesson (a path in lessons/) in a language."""
    if language == "en":
        notebook = nbformat.read(lesson, as_version=4)
    else:
        notebook, _parts_in_english = translated_notebook(lesson, language)
        _language_in_setup(notebook, language)
    return _learner_edition(notebook)


def _language_in_setup(notebook, language: str) -> None:
    """Put the translated lesson's ``set_language(...)`` at the top of the lesson's first code
    cell (the set-up cell a learner is told to run first), so a learner who starts there, or
    runs one section of a lesson, gets the helpers' messages in the lesson's language."""
    setting = next((c for c in notebook.cells if c.get("id") == f"lang-{language}"), None)
    if setting is None:
        return
    after = notebook.cells[notebook.cells.index(setting) + 1:]
    first = next((c for c in after if c.cell_type == "code"), None)
    if first is None:
        return
    first.source = setting.source.rstrip("\n") + "\n" + first.source
    notebook.cells.remove(setting)


def _made_from(lesson: Path, language: str, code: str) -> str:
    digest = hashlib.sha256(code.encode())
    digest.update(lesson.read_bytes())
    catalogue = lesson.parent / "locale" / language / "LC_MESSAGES" / f"{lesson.stem}.po"
    if language != "en" and catalogue.is_file():
        digest.update(catalogue.read_bytes())
    return digest.hexdigest()


def write_learner_notebooks(lessons: list[Path], languages=LANGUAGES, out: Path = OUT,
                            every: bool = True, skipped: list | None = None) -> dict[str, int]:
    """Write the learner notebook of each lesson in each language into ``out/<language>/``;
    return how many were written (made again) per language. ``every``: ``lessons`` are all the
    lessons, so a notebook of a lesson no longer in lessons/ is removed. A lesson that cannot be
    read (the handouts' build names what is wrong with it) is left as it was, and its name goes
    into ``skipped``."""
    code = hashlib.sha256(b"".join(path.read_bytes() for path in _CODE)).hexdigest()
    written = {}
    for language in languages:
        folder = out / language
        folder.mkdir(parents=True, exist_ok=True)
        stamps_path = folder / MADE_FROM
        stamps = _read_record(stamps_path)
        count = 0
        for lesson in lessons:
            key = _made_from(lesson, language, code)
            target = folder / lesson.name
            if stamps.get(lesson.name) == key and target.is_file():
                continue
            try:
                notebook = learner_notebook(lesson, language)
            except Exception:  # a damaged lesson or catalogue: the build says which and why
                if skipped is not None and lesson.name not in skipped:
                    skipped.append(lesson.name)
                continue
            _write_atomic(target, nbformat.writes(notebook) + "\n")
            stamps[lesson.name] = key
            count += 1
        if every:
            names = {lesson.name for lesson in lessons}
            for stale in folder.glob("*.ipynb"):
                if stale.name not in names:
                    stale.unlink()
                    stamps.pop(stale.name, None)
        _write_atomic(stamps_path, json.dumps(stamps, indent=1, sort_keys=True) + "\n")
        written[language] = count
    return written


def _write_atomic(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


# ------------------------------------------------------------------ the learner's folder
def work(path: Path) -> str:
    """What a learner writes in a notebook: the kind and text of every cell (not outputs,
    execution counts or metadata, which running it changes). A digest; '' if unreadable."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = json.dumps([[c.get("cell_type"), "".join(c.get("source") or "")] for c in cells])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Delivery:
    """What ``deliver`` did, lesson by lesson (file names)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    beside: list[tuple[str, str]] = field(default_factory=list)  # (the learner's, the new version)
    kept: list[str] = field(default_factory=list)


def new_version_name(name: str, today: dt.date) -> str:
    stem = name.removesuffix(".ipynb")
    return f"{stem} (new version {today.isoformat()}).ipynb"


def deliver(source: Path, dest: Path, today: dt.date | None = None) -> Delivery:
    """Bring the learner notebooks in ``source`` into the learner's folder ``dest``, never
    overwriting a notebook the learner changed (see the module's docstring)."""
    today = today or dt.date.today()
    dest.mkdir(parents=True, exist_ok=True)
    record_path = dest / DELIVERED
    record = _read_record(record_path)
    done = Delivery()
    for notebook in sorted(source.glob("*.ipynb")):
        name, new = notebook.name, work(notebook)
        target = dest / name
        seen = record.get(name) or {}
        if not target.exists():
            _copy(notebook, target)
            record[name] = {"work": new}
            done.created.append(name)
            continue
        mine = work(target)
        if mine == new:
            record[name] = {**seen, "work": new}
            done.kept.append(name)
        elif mine and mine == seen.get("work"):  # not changed by the learner: the newer version
            _copy(notebook, target)
            record[name] = {"work": new}
            done.updated.append(name)
        elif seen.get("offered") == new:  # changed by the learner; the new version is beside it
            done.kept.append(name)
        else:
            old = seen.get("offered_as")
            if old and (dest / old).exists() and work(dest / old) == seen.get("offered"):
                (dest / old).unlink()  # an older new version the learner never touched
            beside = dest / new_version_name(name, today)
            number = 2
            while beside.exists() and work(beside) != new:
                beside = dest / new_version_name(name, today).replace(").ipynb", f" {number}).ipynb")
                number += 1
            _copy(notebook, beside)
            record[name] = {**seen, "offered": new, "offered_as": beside.name}
            done.beside.append((name, beside.name))
    _write_atomic(record_path, json.dumps(record, indent=1, sort_keys=True) + "\n")
    return done


def _copy(source: Path, target: Path) -> None:
    _write_atomic(target, source.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    """``python -m helpers.publish.notebooks [--into DIR]``: make the learner notebooks of every
    lesson in every language (build/notebooks/), and bring them into DIR/<language>/ (Binder's
    postBuild: ``--into my-lessons``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.publish.notebooks", description=main.__doc__)
    parser.add_argument("--into", type=Path, default=None,
                        help="also bring them into DIR/<language>/, never overwriting a learner's work")
    args = parser.parse_args(argv)
    written = write_learner_notebooks(find_lessons())
    print(f"Learner notebooks: {OUT}/{{{','.join(LANGUAGES)}}}/ ({sum(written.values())} made again)")
    if args.into:
        for language in LANGUAGES:
            done = deliver(OUT / language, args.into / language)
            print(f"{args.into / language}: {len(done.created)} new, {len(done.updated)} updated, "
                  f"{len(done.beside)} new versions beside a changed lesson")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
