"""The shared mechanics of issue 25 (lessons/MECH_SPEC), on small lessons made here and on the
lessons' source files (no kernel): two wordings of an instruction, the graphic organiser,
model answers and think-alouds for the documents, honest time, exercise numbers in order, row
ids that agree with the data, and choices that cannot be guessed.

The tests that need executed lessons (nothing cut off, no notebook-only words on a page, charts
that exercises read) are in tests/test_learner_pages.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers.build.editions import HANDOUT_ONLY, NOTEBOOK_ONLY, edition, learner_notebook

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p for p in (ROOT / "lessons").glob("*.ipynb") if re.match(r"^\d\d[a-z]?_", p.name))


def _read(lesson: Path):
    return nbformat.read(lesson, as_version=4)


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


# ---------------------------------------------------------------- 1. two wordings of an instruction
def _two_wordings():
    cells = [nbformat.v4.new_markdown_cell("# 97 · Wordings"),
             nbformat.v4.new_markdown_cell("Run the cell below (Shift+Enter)."),
             nbformat.v4.new_markdown_cell("Look at the table below."),
             nbformat.v4.new_code_cell("1 + 1"),
             nbformat.v4.new_markdown_cell("The facilitator's note."),
             nbformat.v4.new_markdown_cell("Everyone reads this.")]
    cells[1].metadata["tags"] = [NOTEBOOK_ONLY]
    cells[2].metadata["tags"] = [HANDOUT_ONLY]
    cells[4].metadata["tags"] = ["facilitator"]
    for i, cell in enumerate(cells):
        cell["id"] = f"w{i}"
    return nbformat.v4.new_notebook(cells=cells)


def _sources(notebook) -> list[str]:
    return [c.source for c in notebook.cells]


def test_handouts_drop_notebook_only_cells_and_learner_notebooks_drop_handout_only_cells():
    notebook = _two_wordings()
    for which in ("learner", "facilitator"):
        page = _sources(edition(notebook, which))
        assert "Look at the table below." in page and "Run the cell below (Shift+Enter)." not in page, which
    assert ("The facilitator's note." in _sources(edition(notebook, "facilitator"))
            and "The facilitator's note." not in _sources(edition(notebook, "learner")))
    learner = _sources(learner_notebook(notebook))
    assert "Run the cell below (Shift+Enter)." in learner and "Look at the table below." not in learner
    assert "The facilitator's note." not in learner and "Everyone reads this." in learner
    assert len(_sources(notebook)) == 6, "the source lesson (the facilitator's) keeps both wordings"


def test_both_wordings_are_messages_and_each_edition_gets_its_translation(tmp_path, monkeypatch):
    """The translation machinery keys cells by id whatever their tags: a translated lesson
    carries both wordings, and each edition then keeps its own."""
    import helpers.build.translate as translate
    from helpers.build.notebooks import learner_notebook as learner_notebook_of
    from helpers.build.translate import _write, cell_messages, lesson_template, translated_notebook, update

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    path = lessons / "97_wordings.ipynb"
    nbformat.write(_two_wordings(), path)
    monkeypatch.setenv("INTERVENTION_HISTORY_LESSONS", str(lessons))
    monkeypatch.setattr(translate, "ROOT", tmp_path)
    contexts = dict(cell_messages(_read(path)))
    assert contexts["w1"] == "Run the cell below (Shift+Enter)." and contexts["w2"] == "Look at the table below."
    catalogue = lessons / "locale" / "es" / "LC_MESSAGES" / "97_wordings.po"
    catalog = update(lesson_template(path), catalogue, "es")
    spanish = {"Run the cell below (Shift+Enter).": "Ejecuta la celda de abajo (Shift+Enter).",
               "Look at the table below.": "Mira la tabla de abajo."}
    for message in catalog:
        if message.id:
            message.string = spanish.get(message.id, "ES " + message.id)
    _write(catalog, catalogue)
    translated, _english = translated_notebook(path, "es")
    page = _sources(edition(translated, "learner"))
    assert "Mira la tabla de abajo." in page and not [s for s in page if "Ejecuta" in s]
    notebook = _sources(learner_notebook_of(path, "es"))
    assert "Ejecuta la celda de abajo (Shift+Enter)." in notebook and "Mira la tabla de abajo." not in notebook
