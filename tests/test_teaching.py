"""The teaching toolkit's rules, checked on every lesson: a central question, timings that add
up, a run sheet, documents from several perspectives, exercises mapped to objectives that ask
for reasoning, self-checks that explain without giving answers away, a written task with a
rubric, and code short enough to read. Each failure says which lesson and what to change."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers import check, documents, read_document
from helpers.primary_documents import PERSPECTIVES
from helpers.exercises import exercises, is_written
from helpers.tasks import task

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p for p in (ROOT / "lessons").glob("*.ipynb") if re.match(r"^\d\d[a-z]?_", p.name))
CASE_LESSONS = [p for p in LESSONS if p.name[:2] in ("01", "02", "03")]
KINDS = {"lookup", "compute", "attribution", "sequence", "corroboration", "evaluate-evidence",
         "explain", "judgement"}
MAX_SESSION_MINUTES = 90
MAX_CODE_LINES = 8
MAX_CODE_LINES_LESSON_00 = 8  # as /work/shared/tools/lesson_check.py counts, for every lesson (issue 25)
EXEMPT_TAGS = {"facilitator", "solution", "remove-input", "remove-cell"}
# Every heading (levels 2-4) that states "(N min)" counts towards the lesson's time, as the shared
# lesson checker counts it; an exercise inside a part says "(about N min of this part)" instead.
PART = re.compile(r"^#{2,4}\s+(.+?)\((\d+)\s*min[^)]*\)", re.MULTILINE)
TIME = re.compile(r"\*\*Time:\*\*\s*(\d+)\s*min")
CODE_IN_TEXT = re.compile(r"\.\w+\(|\w+\(\s*\w*[\[\"'\)]|\w\[\s*[\"']\w+[\"']\s*\]")
CHECK_CALL = re.compile(r"""check\(\s*["']([\w-]+)["']""")


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _read(lesson: Path):
    return nbformat.read(lesson, as_version=4)


def _header(notebook) -> str:
    return notebook.cells[0].source


def _objectives(notebook) -> list[str]:
    header = _header(notebook)
    found = re.search(r"objectives", header, re.IGNORECASE)
    block = header[found.start():] if found else ""
    return re.findall(r"^\s*\d+\.\s+(.+)$", block, re.MULTILINE)


def _learner_cells(notebook):
    return [c for c in notebook.cells if not (_tags(c) & {"facilitator", "solution"})]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_header_states_time_question_and_objectives(lesson):
    notebook = _read(lesson)
    header = _header(notebook)
    assert TIME.search(header), f"{lesson.name}: the first cell needs '**Time:** N min'"
    assert "**Central question:**" in header, f"{lesson.name}: the first cell needs a central question"
    assert len(_objectives(notebook)) >= 3, f"{lesson.name}: list at least 3 numbered objectives"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_parts_add_up_to_the_stated_time(lesson):
    notebook = _read(lesson)
    stated = int(TIME.search(_header(notebook)).group(1))
    parts = [(title.strip(), int(minutes)) for cell in notebook.cells if cell.cell_type == "markdown"
             for title, minutes in PART.findall(cell.source)]
    total = sum(m for _, m in parts)
    listing = ", ".join(f"{t} {m}" for t, m in parts)
    assert total == stated, (f"{lesson.name}: the header says {stated} min but the parts add up to "
                             f"{total} ({listing}); make them agree")
    assert stated <= MAX_SESSION_MINUTES, (f"{lesson.name}: {stated} min does not fit one "
                                           f"{MAX_SESSION_MINUTES}-minute session: split it")
    duration = notebook.metadata.get("intervention_history", {}).get("duration", "")
    assert str(stated) in str(duration), (f"{lesson.name}: notebook metadata says {duration!r}, the "
                                          f"header {stated} min")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_facilitator_run_sheet_comes_first(lesson):
    notebook = _read(lesson)
    sheet = notebook.cells[1]
    assert "facilitator" in _tags(sheet) and "Facilitator run sheet" in sheet.source, (
        f"{lesson.name}: the second cell should be the facilitator run sheet (tagged facilitator)")
    text = sheet.source.lower()
    for needed in ("before", "during", "after", "content note", "pair"):
        assert needed in text, f"{lesson.name}: the run sheet does not cover '{needed}'"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_code_a_learner_reads_is_short(lesson):
    limit = MAX_CODE_LINES_LESSON_00 if lesson.name.startswith("00") else MAX_CODE_LINES
    for index, cell in enumerate(_read(lesson).cells):
        if cell.cell_type != "code" or _tags(cell) & EXEMPT_TAGS:
            continue
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert len(lines) <= limit, (f"{lesson.name} cell {index} ({cell.get('id')}) has "
                                     f"{len(lines)} lines; at most {limit}: move the analysis into "
                                     "a named helper function")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_reads_documents(lesson):
    notebook = _read(lesson)
    ids = re.findall(r"read_document\(\s*[\"'](\w+)[\"']", "\n".join(
        c.source for c in _learner_cells(notebook) if c.cell_type == "code"))
    assert len(ids) >= 3, f"{lesson.name}: read at least 3 documents with read_document()"
    for doc_id in ids:
        read_document(doc_id)  # every id exists
    if lesson in CASE_LESSONS:
        perspectives = {read_document(i).row["perspective"] for i in ids}
        assert len(perspectives) >= 4 and "affected_people" in perspectives, (
            f"{lesson.name}: its documents give {sorted(perspectives)}; read at least 4 "
            "perspectives, one of them affected people")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_exercises_map_to_objectives_and_ask_for_reasoning(lesson):
    keyed = exercises(lesson.stem)
    objectives = _objectives(_read(lesson))
    covered = set()
    for key, spec in keyed.items():
        assert spec.get("kind") in KINDS, f"{key}: kind must be one of {sorted(KINDS)}"
        objective = spec.get("objective")
        assert isinstance(objective, int) and 1 <= objective <= len(objectives), (
            f"{key}: objective must be the number of one of the lesson's {len(objectives)} objectives")
        covered.add(objective)
    missing = sorted(set(range(1, len(objectives) + 1)) - covered)
    assert not missing, f"{lesson.name}: no exercise assesses objective(s) {missing}"
    reasoning = [k for k, s in keyed.items() if s["kind"] not in ("lookup", "compute")]
    assert len(reasoning) * 2 >= len(keyed), (
        f"{lesson.name}: only {len(reasoning)} of {len(keyed)} exercises ask for reasoning")


@pytest.mark.parametrize("key", sorted(exercises()))
def test_questions_and_hints_do_not_give_the_code_or_the_answer(key):
    spec = exercises()[key]
    texts = [spec["question"], *(spec.get("hints") or {}).values()]
    for text in texts:
        assert not CODE_IN_TEXT.search(str(text)), (
            f"{key}: {str(text)[:80]!r}... contains code that answers it; scaffold with a faded "
            "example in the lesson instead")
    if spec.get("type") in ("choice", "set"):
        answer = spec["answer"] if isinstance(spec["answer"], list) else [spec["answer"]]
        letters = {str(a) for a in answer if len(str(a)) == 1}
        for name, hint in (spec.get("hints") or {}).items():
            named = set(re.findall(r"\(([a-h])\)", str(hint))) & letters
            assert not named, f"{key}: the {name} hint names the right option(s) {sorted(named)}"


@pytest.mark.parametrize("key", sorted(exercises()))
def test_a_right_answer_brings_the_explanation(key):
    spec = exercises()[key]
    if is_written(spec):  # enough words bring the model answer and the rubric line, never a tick
        feedback = check(key, " ".join(["A sentence of my own about the evidence."] * 10))
        assert feedback.status == "compare" and not feedback.correct
        assert (feedback.explanation, feedback.rubric) == (spec["model_answer"], spec["rubric_line"])
        return
    feedback = check(key, spec["answer"])
    assert feedback.correct and feedback.explanation == spec["explanation"]


def test_a_second_wrong_try_points_to_the_reasoning_without_giving_it():
    """As in a handout, wrong tries never reveal the reasoning (it names the answer); the
    second one says how to read it on purpose: explain(id)."""
    from helpers import explain
    from helpers.exercises import _wrong_tries

    key = next(k for k, s in exercises().items() if s.get("type") == "number")
    wrong = float(exercises()[key]["answer"]) + 1000
    _wrong_tries.pop(key, None)  # a fresh start, whatever ran before
    first, second = check(key, wrong), check(key, wrong)
    assert not first.explanation and not second.explanation
    assert "explain(" in second.message and "explain(" not in first.message
    assert explain(key).explanation == exercises()[key]["explanation"]


def test_defensible_alternatives_are_accepted_with_their_own_explanation():
    found = [(k, a) for k, s in exercises().items() for a in s.get("also_accepted") or []]
    for key, alternative in found:
        feedback = check(key, alternative["answer"])
        assert feedback.correct and feedback.status == "defensible", key
        assert feedback.explanation.startswith(alternative["explanation"]), key
        assert exercises()[key]["explanation"] in feedback.explanation, f"{key}: the key's reading is missing"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_no_answer_stands_in_learner_text_after_its_exercise(lesson):
    notebook = _read(lesson)
    keyed = exercises(lesson.stem)
    cells = notebook.cells
    for index, cell in enumerate(cells):
        keys = CHECK_CALL.findall(cell.source) if cell.cell_type == "code" else []
        if not keys or _tags(cell) & {"solution", "facilitator"}:
            continue
        later = " ".join(c.source for c in cells[index + 1:index + 6]
                         if c.cell_type == "markdown" and not _tags(c) & {"facilitator", "solution"})
        later = " ".join(later.split())
        spec = keyed[keys[0]]
        words = (spec.get("explanation") or spec.get("model_answer") or "").split()
        shingles = {" ".join(words[i:i + 6]) for i in range(max(len(words) - 5, 0))}
        leaked = [s for s in shingles if s in later]
        assert not leaked, f"{lesson.name}: the text after {keys[0]} repeats its explanation: {leaked[0]!r}"
        answer = spec.get("answer")
        if spec.get("type") in ("text",) and len(str(answer)) > 3:
            assert str(answer).lower() not in later.lower(), (
                f"{lesson.name}: the text after {keys[0]} gives its answer away")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_written_task_with_rubric_and_samples(lesson):
    block = task(lesson.stem)
    assert block.get("question")
    assert sorted(int(k) for k in block["rubric"]) == [1, 2, 3, 4], f"{lesson.name}: rubric needs levels 1-4"
    assert {"strong", "middling"} <= set(block.get("samples") or {}), f"{lesson.name}: two samples"
    notebook = _read(lesson)
    learner = "\n".join(c.source for c in _learner_cells(notebook))
    facilitator = "\n".join(c.source for c in notebook.cells if "facilitator" in _tags(c))
    assert f'written_task("{lesson.stem}")' in learner, f"{lesson.name}: show written_task(...)"
    assert f'written_task_samples("{lesson.stem}")' in facilitator, (
        f"{lesson.name}: show written_task_samples(...) in a facilitator cell")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_glossary_links_resolve(lesson):
    from helpers.glossary_terms import glossary_for, terms_linked_in

    if terms_linked_in(lesson.stem):
        assert f'glossary_for("{lesson.stem}")' in "\n".join(c.source for c in _read(lesson).cells)
        glossary_for(lesson.stem)  # raises, naming the missing terms


@pytest.mark.parametrize("case", ["panama", "colombia", "venezuela"])
def test_each_case_has_documents_from_many_perspectives(case):
    docs = documents(case)
    assert len(docs) >= 6, f"{case}: {len(docs)} documents, at least 6 needed"
    perspectives = set(docs["perspective"].astype(str))
    assert len(perspectives) >= 4 and "affected_people" in perspectives, sorted(perspectives)
    assert perspectives <= set(PERSPECTIVES)
    for row in docs.itertuples():
        assert len(row.excerpt.split()) <= 170, f"{row.doc_id}: quote at most about 150 words"
        if row.language != "en":
            assert isinstance(row.excerpt_en, str) and row.excerpt_en and row.translated_by, (
                f"{row.doc_id}: a {row.language} original needs an English rendering and who made it")


def test_document_card_escapes_markup_and_names_the_four_questions():
    from helpers.primary_documents import DocumentCard

    row = documents("panama").iloc[0].to_dict()
    row["excerpt"] = "<img src=x onerror=alert(1)>"
    html = DocumentCard(row)._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    for question in ("Sourcing", "Context", "Corroboration", "Close reading"):
        assert question in html and question in repr(DocumentCard(row))


# ---------------------------------------------------------------- figures in prose
FIGURE = re.compile(r"(?<![\d.,-])\d[\d,]*(?:\.\d+)?")
DERIVED = {  # lesson -> {figure: how it is computed from rows in data/}
    "05_checking_claims": {"860,000": "4,156,567 (April 2020) less 3.3 million (December 2019), "
                                      "the government's figures in compare/claims V01, rounded"},
}


def _figure_forms(token: str) -> set[str]:
    plain = token.replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        return set()
    forms = {plain, *(f"{round(value, d):.{d}f}" for d in (0, 1, 2))}
    if value == int(value):
        forms.add(str(int(value)))
    return forms


def _figures_in_data() -> set[str]:
    import csv

    found: set[str] = set()
    for path in (ROOT / "data").rglob("*.csv"):
        if "geo" in path.parts:
            continue
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    for token in FIGURE.findall(cell):
                        found |= _figure_forms(token)
    return found


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_figure_stated_in_prose_is_in_the_data(lesson):
    """A number of 100 or more in a lesson's text (not a year) stands somewhere in data/, as
    published or rounded; a figure the lesson computes is listed in DERIVED with why."""
    known = _figures_in_data()
    allowed = DERIVED.get(lesson.stem, {})
    missing = []
    for cell in _read(lesson).cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"`[^`]*`|\]\([^)]*\)", " ", cell.source)
        for token in FIGURE.findall(text):
            plain = token.replace(",", "")
            try:
                value = float(plain)
            except ValueError:
                continue
            if value < 100 or (1800 <= value <= 2030 and "." not in plain) or token in allowed:
                continue
            if not _figure_forms(token) & known:
                missing.append(f"{cell['id']}: {token}")
    assert not missing, (f"{lesson.name} states figures found nowhere in data/: {missing}. Add the "
                         "sourced row, correct the figure, or list it in DERIVED with how it is computed.")
