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

from helpers.publish.editions import HANDOUT_ONLY, NOTEBOOK_ONLY, edition, learner_notebook

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
    import helpers.publish.translate as translate
    from helpers.publish.notebooks import learner_notebook as learner_notebook_of
    from helpers.publish.translate import _write, cell_messages, lesson_template, translated_notebook, update

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
ORGANISER_PENDING = {p.stem for p in LESSONS} - {"00_getting_started", "01_panama_1989", "02_plan_colombia", "03a_venezuela_sanctions", "03b_venezuela_strikes", "04_comparing_interventions", "05_checking_claims", "06_the_long_view"}  # issue 25: each lesson helper adds its call, then removes its lesson


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_organiser_lists_the_documents_the_lesson_reads(lesson):
    from helpers import organiser
    from helpers.organiser import documents_in

    every = documents_in(lesson)
    ids = documents_in(lesson, core=True) or every  # the session's documents get rows
    shown = organiser(lesson.stem)._repr_html_()
    assert every, f"{lesson.stem}: no read_document() call"
    assert [i for i in re.findall(r"class='ih-org-id'>([\w-]+)<", shown)] == ids
    assert shown.count("<td></td>") == 4 * len(ids), "the cells are there to fill in, empty"
    for later in set(every) - set(ids):  # an optional part's document is named for its reader
        assert later in shown, f"{lesson.stem}: {later} (read in an optional part) is not named"
    for question in ("Sourcing", "Context", "Corroboration", "Close reading"):
        assert question in shown


def test_the_organiser_travels_in_a_learner_copy_and_speaks_the_readers_language():
    import gzip
    import json

    from helpers import organiser
    from helpers.i18n import using_language
    from helpers.publish.learner_branch import pack
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
def test_the_organiser_prints_on_one_a4_page(tmp_path, offline):
    """Printed from a handout (Chromium's PDF), the organiser of the lesson with most documents
    fits on one A4 page: its first row and its last print on the same page."""
    from helpers import organiser
    from helpers.publish.export import export
    from helpers.organiser import documents_in

    stem = max(LESSONS, key=lambda p: len(documents_in(p, core=True))).stem
    body = organiser(stem)._repr_html_()
    output = nbformat.v4.new_output("display_data", data={"text/html": body, "text/plain": ""})
    cell = nbformat.v4.new_code_cell(f'organiser("{stem}")', outputs=[output])
    cell.metadata["tags"] = ["remove-input"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 96 · Organiser\n\nBefore it."),
                                               cell, nbformat.v4.new_markdown_cell("After it.")])
    page_file = export(notebook, "96_organiser", "learner", tmp_path)
    page, seen = offline(page_file)
    pdf = tmp_path / "organiser.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    assert seen.left == [], f"the organiser's page tried to reach the network: {seen.left}"
    from pypdf import PdfReader

    rows = page.eval_on_selector_all(".ih-organiser tbody th", "cells => cells.map(c => c.innerText.split('\\n')[0])")
    squeeze = lambda text: "".join(text.split())  # noqa: E731
    texts = [squeeze(p.extract_text() or "") for p in PdfReader(pdf).pages]
    where = [next((n for n, text in enumerate(texts) if squeeze(row)[:30] in text), None) for row in (rows[0], rows[-1])]
    assert len(rows) >= 5 and None not in where, f"the organiser's rows are not in the PDF: {rows[:2]}, {where}"
    assert where[0] == where[1], (f"the organiser of {stem} ({len(rows)} documents) is split over pages "
                                  f"{where[0] + 1} and {where[1] + 1}")


def _pending(stems: set[str], reason: str = "lesson helper to fix"):
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=reason)) if p.stem in stems else p
            for p in LESSONS]


# ---------------------------------------------------------------- 5. model answers and think-alouds
MODEL_ANSWERS_PENDING = {p.stem for p in LESSONS} - {"00_getting_started", "01_panama_1989", "02_plan_colombia", "03a_venezuela_sanctions", "03b_venezuela_strikes", "04_comparing_interventions", "05_checking_claims", "06_the_long_view"}  # issue 25: none yet
PROMPTS = ("sourcing", "context", "corroboration", "close reading")
CARD = re.compile(r"""\bread_document\(\s*["']([\w-]+)["']""")


@pytest.mark.parametrize("lesson", _pending(MODEL_ANSWERS_PENDING), ids=lambda p: p.stem)
def test_each_document_card_has_model_answers_and_the_first_a_think_aloud(lesson):
    """MECH_SPEC 5: after each card a facilitator cell '**Model answers: <doc_id>**' answering
    the four prompts; after the first card also '**Think-aloud: <doc_id>**', 120-200 words."""
    cells = _read(lesson).cells
    cards = [(i, CARD.search(c.source).group(1)) for i, c in enumerate(cells)
             if c.cell_type == "code" and CARD.search(c.source) and not _tags(c) & {"facilitator", "solution"}]
    assert cards, f"{lesson.stem}: no document card"
    problems = []
    for n, (index, doc_id) in enumerate(cards):
        end = cards[n + 1][0] if n + 1 < len(cards) else len(cells)
        notes = {c.source.strip().splitlines()[0].strip(): c.source for c in cells[index + 1:end]
                 if "facilitator" in _tags(c) and c.cell_type == "markdown" and c.source.strip()}
        answers = notes.get(f"**Model answers: {doc_id}**")
        if answers is None:
            problems.append(f"{doc_id}: no facilitator cell starting '**Model answers: {doc_id}**' after its card")
        else:
            missing = [p for p in PROMPTS if p not in answers.lower()]
            if missing:
                problems.append(f"{doc_id}: the model answers do not answer {missing}")
        if n == 0:
            think = notes.get(f"**Think-aloud: {doc_id}**")
            words = len(re.findall(r"\w+", think or "")) - 3  # the heading's words
            if think is None:
                problems.append(f"{doc_id}: the first card has no facilitator cell starting '**Think-aloud: {doc_id}**'")
            elif not 120 <= words <= 200:
                problems.append(f"{doc_id}: the think-aloud has {words} words (120-200)")
            elif not re.search(r"\b(I|I'm|I'd|my|me)\b", think):
                problems.append(f"{doc_id}: the think-aloud is not in the first person")
    assert not problems, f"{lesson.stem}:\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- 7. honest time
TIME_FIELD = re.compile(r"\*\*Time:\*\*\s*([^·\n]+)")
HEADING = re.compile(r"^#{2,4}\s+(.+)$", re.M)
CORE = re.compile(r"\((\d+)\s*min[^)]*\)")
OPTIONAL = re.compile(r"\((?:optional|opcional)[^)]*?(\d+)\s*min[^)]*\)", re.I)
WRITTEN_TASK_PENDING = {p.stem for p in LESSONS} - {"00_getting_started", "01_panama_1989", "02_plan_colombia", "03a_venezuela_sanctions", "03b_venezuela_strikes", "04_comparing_interventions", "05_checking_claims", "06_the_long_view"}  # every written task has 5-12 min today


def _parts(notebook) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(core parts, optional parts) as (heading, minutes), counted as the shared lesson checker
    counts them: a heading with '(optional' is never core."""
    core, optional = [], []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for heading in HEADING.findall(cell.source):
            if OPTIONAL.search(heading):
                optional.append((heading, int(OPTIONAL.search(heading).group(1))))
            elif not re.search(r"\(optional|opcional", heading, re.I) and CORE.search(heading):
                core.append((heading, int(CORE.search(heading).group(1))))
    return core, optional


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_header_states_core_and_optional_time_and_the_index_shows_both(lesson, tmp_path):
    """MECH_SPEC 7: '(optional, about N min)' parts are not counted; the header's Time states the
    core minutes (the parts' sum) and, where there are optional parts, their minutes too, as
    '**Time:** 90 min + about 20 min optional' (no brackets: the index shows the Time field up
    to a bracket); the index shows both."""
    from helpers.publish.export import lesson_info
    from helpers.publish.index import write_index

    notebook = _read(lesson)
    core, optional = _parts(notebook)
    stated = [int(n) for n in re.findall(r"\d+", TIME_FIELD.search(notebook.cells[0].source).group(1))]
    assert stated[0] == sum(m for _h, m in core), f"{lesson.stem}: core parts {core} do not add up to {stated[0]}"
    if optional:
        total = sum(m for _h, m in optional)
        assert total in stated[1:], (f"{lesson.stem}: optional parts take {total} min ({optional}); say so in "
                                     f"the header: '**Time:** {stated[0]} min + about {total} min optional'")
    write_index([{"stem": lesson.stem, **lesson_info(notebook, lesson.stem)}], tmp_path, {})
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    shown = re.search(r"class='ih-duration'>(.*?)</p>", index).group(1)
    for minutes in stated[:2] if optional else stated[:1]:
        assert str(minutes) in shown, f"{lesson.stem}: the index shows {shown!r}, without {minutes} min"


def test_optional_parts_are_not_counted_as_the_shared_checker_does_not():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "## One (10 min)\n### Two (5 min)\n## Going further (optional, about 20 min)\n#### Three (optional, 7 min)")])
    assert _parts(notebook) == ([("One (10 min)", 10), ("Two (5 min)", 5)],
                                [("Going further (optional, about 20 min)", 20), ("Three (optional, 7 min)", 7)])


@pytest.mark.parametrize("lesson", _pending(WRITTEN_TASK_PENDING), ids=lambda p: p.stem)
def test_the_written_task_gets_at_least_15_minutes(lesson):
    last = None
    for cell in _read(lesson).cells:
        if cell.cell_type == "markdown":
            for heading in HEADING.findall(cell.source):
                if CORE.search(heading) or OPTIONAL.search(heading):
                    last = heading
        elif "written_task(" in cell.source and "written_task_samples" not in cell.source:
            break
    minutes = int((CORE.search(last or "") or OPTIONAL.search(last or "")).group(1))
    assert minutes >= 15, f"{lesson.stem}: the written task's part ({last!r}) gives it {minutes} min; at least 15"


# ---------------------------------------------------------------- 8. choices that cannot be guessed
def _choice_cues() -> list[tuple[str, int, bool]]:
    """(id, index of the right option, whether it is the longest), for each single-answer choice
    item of the pack, as /work/shared/tools/lesson_check.py counts them."""
    from helpers.exercises import exercises

    found = []
    for key, spec in exercises().items():
        options, answer = spec.get("options"), spec.get("answer")
        if spec.get("type") != "choice" or not isinstance(options, list) or len(options) < 3 or isinstance(answer, list):
            continue
        texts = [str(o) for o in options]
        if isinstance(answer, str) and len(answer.strip()) == 1 and answer.strip().isalpha():
            index = ord(answer.strip().lower()) - ord("a")
        elif str(answer) in texts:
            index = texts.index(str(answer))
        else:
            continue
        lengths = [len(t) for t in texts]
        found.append((key, index, lengths[index] == max(lengths) and lengths.count(max(lengths)) == 1))
    return found


def test_no_letter_and_no_length_gives_the_right_option_away():
    cues = _choice_cues()
    assert len(cues) >= 8
    letters = [index for _key, index, _longest in cues]
    top = max(set(letters), key=letters.count)
    longest = [key for key, _index, is_longest in cues if is_longest]
    assert letters.count(top) <= 0.4 * len(cues), (
        f"the right option is ({chr(97 + top)}) in {letters.count(top)} of {len(cues)} single-answer items (> 40%)")
    assert len(longest) <= 0.4 * len(cues), (
        f"the right option is the longest in {len(longest)} of {len(cues)} items (> 40%): {longest}")


# ---------------------------------------------------------------- 9. exercise numbers and row ids
EXERCISE_HEADING = re.compile(r"^#{2,4}\s*Exercise\s+(\d+)\b", re.M)
CHECK = re.compile(r"""\bcheck\(\s*["']([\w.-]+)["']""")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_exercise_numbers_a_learner_sees_run_in_order(lesson):
    """Headed 'Exercise N', the exercises run 1, 2, 3... down the page (ids stay as they are:
    the handout and its answer sheet show these numbers, not the ids)."""
    numbers, checked = [], []
    for cell in _read(lesson).cells:
        if _tags(cell) & {"facilitator", "solution"}:
            continue
        if cell.cell_type == "markdown":
            numbers += [int(n) for n in EXERCISE_HEADING.findall(cell.source)]
        elif cell.cell_type == "code":
            checked += [k for k in CHECK.findall(cell.source) if k not in checked]
    if numbers:
        assert numbers == list(range(1, len(numbers) + 1)), f"{lesson.stem}: exercise headings run {numbers}"
        assert len(numbers) == len(checked), f"{lesson.stem}: {len(numbers)} exercise headings, {len(checked)} exercises"


ROW_ID = re.compile(r"\b(?:(?:pa|co|ve|cmp|rg)_[a-z]+_[a-z0-9_]*\d+[a-z]?|ev_\d{3})(?:-\d+)?\b")
NUMBER = re.compile(r"(?<![\w./-])-?\d[\d,]*(?:\.\d+)?(?![\w/]|\.\d)")
# A figure the sentence computes from its rows is not a figure of a row: a sum, a ratio, a change.
COMPUTED = re.compile(r"=|\bdivided by\b|\bratio\b|\bcomputation\b|\bcompute[sd]?\b|\btimes (?:larger|smaller|as)\b"
                      r"|\(\s*-?\d[\d,.]*\s*[-+*/]\s*\d", re.I)
NOT_A_FIGURE_BEFORE = re.compile(r"(?:exercise|lesson|lessons|document|part|objective|level|question|step|card|"
                                 r"chapter|section|figure|table|rows?|pages?|p\.|pp\.|no\.|article|resolution|"
                                 r"number|option)\s*$", re.I)
NOT_A_FIGURE_AFTER = re.compile(r"\s*(?:min\b|minutes\b|(?:more\s+)?(?:days?|weeks?|months?|years?|times|decades?)\b|-fold)", re.I)
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
SENTENCE_END = (r"(?<!\bU\.S)(?<!\bMr)(?<!\bDr)(?<!\bGen)(?<!\bSt)(?<!\bNo)(?<!\be\.g)(?<!\bi\.e)(?<!\ba\.m)"
                r"(?<!\bp\.m)(?<!\bvs)(?<!\bcf)(?<=[.!?])\s+(?=[A-Z(\"“*])|;\s+")
ROW_IDS_PENDING: set[str] = set()
# (lesson, figure, row id) -> why a figure the matcher cannot tie to a row stands (like DERIVED in
# test_teaching.py): for a lesson helper who has checked it.
ROW_FIGURES_ALLOWED: dict[tuple[str, str, str], str] = {}


def expand_ids(token: str) -> list[str]:
    """'co_evt_041-042' -> ['co_evt_041', 'co_evt_042'] (a range the text names)."""
    found = re.fullmatch(r"(.*?)(\d+)-(\d+)", token)
    if not found:
        return [token]
    head, first, last = found.groups()
    if len(last) != len(first) or not 0 <= int(last) - int(first) <= 50:
        return [head + first]
    return [f"{head}{n:0{len(first)}d}" for n in range(int(first), int(last) + 1)]


def text_sentences(text: str):
    """A text's sentences and clauses (';' splits a list), list items and table rows apart; code
    spans out unless they are a row id; ranges of figures ('2,000-3,000') as two figures."""
    text = re.sub(r"`([^`]*)`", lambda m: m.group(1) if ROW_ID.fullmatch(m.group(1).strip()) else " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = ROW_ID.sub(lambda m: " ".join(expand_ids(m.group(0))), text)
    text = re.sub(r"(?<![A-Za-z_/\d-])(\d[\d,.]*)[-–](?=\d)", r"\1 to ", text)
    for block in re.split(r"\n\s*\n|\n\s*[-*]\s+|\n\s*\d+\.\s+|\n#+\s|\n(?=\s*\|)", text):
        for sentence in re.split(SENTENCE_END, block):
            sentence = re.sub(r"\s+", " ", sentence).strip()
            if sentence:
                yield sentence


def _row_values(row: dict) -> list[float]:
    values = []
    for cell in row.values():
        for token in NUMBER.findall(cell or ""):
            try:
                values.append(abs(float(token.replace(",", ""))))
            except ValueError:
                pass
        values += [float(t) for t in re.findall(r"\d+", cell or "")]  # a date's day, month, year
    return values


def figure_in_row(token: str, scale: float | None, values: list[float]) -> bool:
    """Whether a figure as written stands in a row: exactly, or the row's value rounded as the
    text rounds it ('9,000' for 8,962; '4.5' for 4.48; '1.3 million' for 1,312,000)."""
    import math

    plain = token.replace(",", "").lstrip("-")
    value = float(plain)
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    digits = len(plain.replace(".", "").strip("0")) or 1
    for wanted in {value, value * (scale or 1)}:
        for found in values:
            if abs(found - wanted) < 1e-9 or (decimals and round(found, decimals) == round(wanted, decimals)):
                return True
            if wanted >= 100 and found > 0 and not decimals or wanted != value:
                places = digits - 1 - int(math.floor(math.log10(wanted)))
                if round(found, places) == round(wanted, places):
                    return True
    return False


def sentence_problems(sentence: str, rows: dict) -> list[str]:
    """What a sentence says of a row that the row does not hold: each figure in a sentence that
    names row ids stands in one of them (the figure's own row first: the id after it, else the
    one before), unless the sentence computes it or it is no figure (an exercise number, minutes,
    a duration)."""
    ids = [(m.start(), m.end(), m.group(0)) for m in ROW_ID.finditer(sentence)]
    named = [i for _s, _e, i in ids if i in rows]
    if not named or COMPUTED.search(sentence):
        return []
    masked = ROW_ID.sub(lambda m: " " * len(m.group(0)), sentence)
    problems = []
    for match in NUMBER.finditer(masked):
        token, before, after = match.group(0), masked[:match.start()], masked[match.end():]
        if NOT_A_FIGURE_BEFORE.search(before) or NOT_A_FIGURE_AFTER.match(after):
            continue
        if re.match(r"[.)]\s", after[:2]) and re.search(r"(^|\()\s*$", before):
            continue  # a list's number
        scale = next((v for k, v in SCALE.items() if re.match(rf"\s*{k}\b", after, re.I)), None)
        if any(figure_in_row(token, scale, _row_values(rows[i][1])) for i in named):
            continue
        following = [i for s, _e, i in ids if s >= match.end() and i in rows]
        own = following[0] if following else named[-1]
        problems.append((token, own))
    return problems


def lesson_texts(lesson: Path) -> list[tuple[str, str]]:
    """(where, text) of every text a lesson gives: its markdown cells (facilitator notes too) and
    every string of its exercises file (questions, keys, hints, written task, reading list)."""
    import yaml

    texts = [(f"cell {c.get('id')}", c.source) for c in _read(lesson).cells if c.cell_type == "markdown"]
    path = lesson.with_name(f"{lesson.stem}.exercises.yml")

    def walk(value, where):
        if isinstance(value, str):
            texts.append((where, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{where}.{i}")

    if path.exists():
        walk(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, path.name)
    return texts


@pytest.fixture(scope="module")
def pack_rows():
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_learner_pages import _row_index

    return _row_index()


@pytest.mark.parametrize("lesson", _pending(ROW_IDS_PENDING), ids=lambda p: p.stem)
def test_row_ids_in_the_text_exist_and_agree_with_their_rows(lesson, pack_rows):
    """MECH_SPEC 9: every row id a lesson's text, keys and notes name (code cells too) is a row
    of the pack's tables, and each figure a sentence gives beside it stands in that row."""
    problems = []
    for cell in _read(lesson).cells:
        if cell.cell_type == "code":
            for token in ROW_ID.findall(cell.source):
                problems += [f"cell {cell.get('id')}: {i} is in no table" for i in expand_ids(token) if i not in pack_rows]
    for where, text in lesson_texts(lesson):
        for sentence in text_sentences(text):
            problems += [f"{where}: {i} is in no table" for i in ROW_ID.findall(sentence) if i not in pack_rows]
            for figure, row_id in sentence_problems(sentence, pack_rows):
                if (lesson.stem, figure, row_id) in ROW_FIGURES_ALLOWED:
                    continue
                table, row = pack_rows[row_id]
                shown = {k: v for k, v in row.items() if v and re.search(r"\d", v) and not k.endswith("_id")}
                problems.append(f"{where}: {figure} is not in {row_id} ({table}: {shown})\n      in: {sentence[:300]}")
    assert not problems, (f"{lesson.stem}: text that does not agree with the rows it names (correct the "
                          "figure or the id, or list a computed figure in ROW_FIGURES_ALLOWED with why):\n  "
                          + "\n  ".join(dict.fromkeys(problems)))


def test_the_row_matcher_catches_a_wrong_figure_and_passes_a_rounded_one(pack_rows):
    """The issue's own cases: the commission's 331 named dead against its 350 'victims
    identified'; a rounded figure and a computed one pass."""
    row_id = next(i for i, (table, row) in pack_rows.items() if table == "panama/casualty_estimates"
                  and row.get("value") == "350")
    wrong = f"The commission counted 331 named dead by 2022 ({row_id})."
    assert [figure for figure, _row in sentence_problems(next(text_sentences(wrong)), pack_rows)] == ["331"]
    right = f"The commission counted 350 victims ({row_id}); 10,000 divided by 350 is about 29."
    assert not [p for s in text_sentences(right) for p in sentence_problems(s, pack_rows)]
    assert figure_in_row("9,000", None, [8962.0]) and figure_in_row("4.5", None, [4.48])
    assert figure_in_row("1.3", 1e6, [1312000.0]) and not figure_in_row("331", None, [350.0, 2022.0])
    assert expand_ids("co_evt_041-043") == ["co_evt_041", "co_evt_042", "co_evt_043"]


# ---------------------------------------------------------------- the index and the reading list
def test_the_index_shows_every_central_question_in_full(tmp_path):
    from helpers.publish.export import lesson_info
    from helpers.publish.index import write_index

    infos = [{"stem": p.stem, **lesson_info(_read(p), p.stem)} for p in LESSONS]
    write_index(infos, tmp_path, {})
    index = re.sub(r"\s+", " ", (tmp_path / "index.html").read_text(encoding="utf-8"))
    for lesson in LESSONS:
        found = re.search(r"\*\*Central question:\*\*\s*(.+?)(?:\n\s*\n|\Z)", _read(lesson).cells[0].source, re.S)
        question = re.sub(r"\s+", " ", found.group(1)).strip().strip("*_ ")
        import html as html_module

        assert html_module.escape(question) in index or question in index, f"{lesson.stem}: {question!r} is cut"


def test_no_placeholder_stands_for_a_reading_list():
    """A lesson's short reading list comes from its exercises file's further_reading entries, or
    there is none (the appendix lists every source); never a promise of one."""
    from helpers.publish.worksheet import reading_list

    empty = reading_list("01_panama_1989", [])
    assert "being chosen" not in empty and "appendix" in empty
    listed = reading_list("01_panama_1989", [{"citation": "A. Author (1990). A book.", "why": "The standard account."}])
    assert "A book." in listed and "The standard account." in listed
