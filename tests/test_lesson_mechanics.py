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


# ---------------------------------------------------------------- 6. the graphic organiser
ORGANISER_PENDING = {p.stem for p in LESSONS}  # issue 25: each lesson helper adds its call, then removes its lesson


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_organiser_lists_the_documents_the_lesson_reads(lesson):
    from helpers import organiser
    from helpers.organiser import documents_in

    ids = documents_in(lesson)
    shown = organiser(lesson.stem)._repr_html_()
    assert ids, f"{lesson.stem}: no read_document() call"
    assert [i for i in re.findall(r"class='ih-org-id'>([\w-]+)<", shown)] == ids
    assert shown.count("<td></td>") == 4 * len(ids), "the cells are there to fill in, empty"
    for question in ("Sourcing", "Context", "Corroboration", "Close reading"):
        assert question in shown


def test_the_organiser_travels_in_a_learner_copy_and_speaks_the_readers_language():
    import gzip
    import json

    from helpers import organiser
    from helpers.i18n import using_language
    from helpers.keys import pack
    from helpers.organiser import documents_in

    lesson = ROOT / "lessons" / "01_panama_1989.ipynb"
    packed = json.loads(gzip.decompress(pack([lesson], ("es",))))
    assert packed["lessons"]["01_panama_1989"]["documents"] == documents_in(lesson)
    with using_language("es"):
        shown = organiser("01_panama_1989")._repr_html_()
    assert "Corroboración" in shown and "Organizador gráfico" in shown, shown[:300]
    with pytest.raises(Exception, match="01_panama_1989"):
        organiser("01_panama_198")


@pytest.mark.parametrize("lesson", [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="lesson helper to fix"))
                                    if p.stem in ORGANISER_PENDING else p for p in LESSONS], ids=lambda p: p.stem)
def test_each_lesson_shows_its_organiser_once(lesson):
    """MECH_SPEC 6: a cell with just organiser("<lesson>"), once, where the documents are read."""
    calls = [c for c in _read(lesson).cells if c.cell_type == "code" and "organiser(" in c.source
             and not _tags(c) & {"facilitator", "solution"}]
    assert len(calls) == 1, f"{lesson.stem}: {len(calls)} organiser() calls; add one cell: organiser(\"{lesson.stem}\")"
    assert calls[0].source.strip() == f'organiser("{lesson.stem}")', calls[0].source


@pytest.mark.browser
def test_the_organiser_prints_on_one_a4_page(tmp_path, chromium):
    """Printed from a handout (Chromium's PDF), the organiser of the lesson with most documents
    takes one A4 page of its own: before it, it, after it; three pages."""
    from playwright.sync_api import sync_playwright

    from helpers import organiser
    from helpers.build.browser import launch
    from helpers.build.export import export
    from helpers.organiser import documents_in

    stem = max(LESSONS, key=lambda p: len(documents_in(p))).stem
    body = organiser(stem)._repr_html_()
    output = nbformat.v4.new_output("display_data", data={"text/html": body, "text/plain": ""})
    cell = nbformat.v4.new_code_cell(f'organiser("{stem}")', outputs=[output])
    cell.metadata["tags"] = ["remove-input"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 96 · Organiser\n\nBefore it."),
                                               cell, nbformat.v4.new_markdown_cell("After it.")])
    page_file = export(notebook, "96_organiser", "learner", tmp_path)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.goto(page_file.resolve().as_uri())
            pdf = tmp_path / "organiser.pdf"
            page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))
    assert pages == 3, f"the organiser of {stem} ({len(documents_in(ROOT / 'lessons' / (stem + '.ipynb')))} documents) printed over {pages - 2} pages"
