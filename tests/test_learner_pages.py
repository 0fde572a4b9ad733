"""What a learner meets, in every lesson and every language (issue 25, MECH_SPEC 1, 3, 4): the
lessons are executed and built once a session (``built_languages`` in conftest.py).

- No notebook-only instruction ("Run this cell", "press the button") reaches a handout page.
- Nothing an exercise needs is cut off or missing: no output above an exercise has text or rows
  cut by pandas, and every row an exercise names in ``needs_rows`` is displayed above it.
- Every lesson 01-06 has an exercise that reads a chart drawn above it (``reads_chart: true``).

A lesson that fails today is listed in the test's xfail list, with who removes it: each lesson
helper takes its lesson off the list when the lesson is done (strict: a lesson that passes while
listed fails, so the list cannot go stale).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup  # nbconvert's dependency

from helpers.publish.editions import edition
from helpers.exercises import exercises

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb") if re.match(r"^\d\d[a-z]?_", p.name))
LANGUAGES = ("en", "es", "pt")
FIX = "lesson helper to fix"

# Lessons that fail today (issue 25): each lesson helper removes its lesson when it is done.
NOTEBOOK_WORDS_PENDING: set[str] = set()
CUT_OFF_PENDING: set[str] = set()  # pandas' cuts are gone (helpers.data); needs_rows come with the lessons
READS_CHART_PENDING: set[str] = set()  # every lesson now has an exercise that reads a chart


def _lessons(pending: set[str], only=None):
    return [pytest.param(stem, marks=pytest.mark.xfail(strict=True, reason=FIX)) if stem in pending
            else stem for stem in LESSONS if only is None or only(stem)]


# ---------------------------------------------------------------- 1. notebook-only words
# What only a notebook can do, in each edition's words: the phrases the lessons use (and those a
# translator would choose for them). A table cell ("an empty cell means...") and a chart one can
# hover or click in a handout are not instructions to run anything, and are not listed.
NOTEBOOK_ONLY_PHRASES = {
    "en": [r"\brun (?:this|the|each|that|every|the next) (?:code )?cells?\b", r"\brun it\b", r"\bshift ?\+ ?enter\b",
           r"\bpress the button\b", r"\btype your (?:guess|answer)\b",
           r"\b(?:change|copy|edit)\b[^.;]{0,30}\bworked example\b", r"\bin (?:the|a) (?:new |exercise |code )?cell\b",
           r"\bcell below\b", r"\bfill in the (?:two )?blanks\b", r"\bbefore you run\b", r"\brun the same helper\b",
           r"\bclick in it\b", r"\bkernel\s*>", r"\brestart (?:the )?kernel\b"],
    "es": [r"\bej[eé]c[uú]t(?:a|ala|alo|e)\b", r"\bantes de ejecutar\b", r"\bshift ?\+ ?enter\b",
           r"\b(?:pulsa|presiona) (?:el|este) bot[oó]n\b",
           r"\bescribe tu predicci[oó]n\b", r"\b(?:cambia|modifica|copia|edita)\b[^.;]{0,30}\bejemplo resuelto\b",
           r"\bcelda (?:de abajo|nueva|del ejercicio|de c[oó]digo)\b", r"\b(?:esta|una nueva|una|la) celda (?:de abajo|nueva)\b",
           r"\bcompleta los (?:dos )?espacios\b", r"\bhaz clic en ella\b", r"\bkernel\s*>"],
    "pt": [r"\brod(?:e|á-la|e-a)\b", r"\bantes de rodar\b", r"\bexecute (?:a|esta|essa) c[ée]lula\b",
           r"\bshift ?\+ ?enter\b", r"\b(?:aperte|pressione) (?:o|este) bot[ãa]o\b", r"\bdigite seu palpite\b",
           r"\b(?:altere|mude|troque|copie|edite)\b[^.;]{0,30}\bexemplo resolvido\b",
           r"\bc[ée]lula (?:abaixo|do exerc[ií]cio|de c[oó]digo)\b", r"\b(?:nesta|esta|numa nova|uma nova) c[ée]lula\b",
           r"\bpreencha as (?:duas )?lacunas\b", r"\bclique nela\b", r"\bkernel\s*>"],
}


def page_path(built_languages, language: str, stem: str, which: str = "learner") -> Path:
    folder = built_languages["out"] if language == "en" else built_languages["out"] / language
    return folder / (f"{stem}.html" if which == "learner" else f"{stem}.facilitator.html")


def facilitator_cells(stem: str) -> set[str]:
    """Ids of the lesson's facilitator and solution cells: their notes on running the notebook
    are for the facilitator, who has one."""
    notebook = nbformat.read(ROOT / "lessons" / f"{stem}.ipynb", as_version=4)
    return {c.get("id") for c in notebook.cells if {"facilitator", "solution"} & set(c.metadata.get("tags", []))}


def page_words(path: Path, skip_cells: set[str] = frozenset()) -> str:
    """A page's words as a reader sees them: no scripts, styles or folded code, and none of the
    cells named in ``skip_cells`` (each cell of a page starts a div with id 'cell-id=...')."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<script\b.*?</script>|<style\b.*?</style>|<details class=\"ih-code\">.*?</details>", " ",
                  text, flags=re.S)
    parts = re.split(r"(?=<div class=\"jp-Cell )", text)
    kept = [part for part in parts
            if (re.match(r'<div class="jp-Cell[^>]*id="cell-id=([^"]+)"', part) or [None, None])[1] not in skip_cells]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", " ".join(kept))))


def notebook_words_on(text: str, language: str) -> list[str]:
    found = []
    for phrase in NOTEBOOK_ONLY_PHRASES[language]:
        for match in re.finditer(phrase, text, re.I):
            found.append(f"…{text[max(0, match.start() - 50):match.end() + 30].strip()}…")
    return found


@pytest.mark.parametrize("stem", _lessons(NOTEBOOK_WORDS_PENDING))
def test_no_notebook_only_instruction_reaches_a_handout(built_languages, stem):
    """MECH_SPEC 1: such an instruction goes in a cell tagged notebook-only, with its handout
    wording beside it in a cell tagged handout-only."""
    skip = facilitator_cells(stem)
    problems = []
    for language in LANGUAGES:
        for which in ("learner", "facilitator"):
            path = page_path(built_languages, language, stem, which)
            for found in notebook_words_on(page_words(path, skip if which == "facilitator" else set()), language):
                problems.append(f"{language}/{path.name}: {found}")
    assert not problems, (f"{stem}: a handout tells its reader to do what only a notebook can do; put each "
                          "such sentence in a markdown cell tagged notebook-only, with its handout wording "
                          "in a cell tagged handout-only beside it:\n  " + "\n  ".join(problems[:25]))


def test_the_phrase_lists_catch_the_wordings_they_are_for():
    """The lists are not empty promises: each catches its edition's wording of the instructions
    the lessons gave before issue 25, and leaves a table's empty cell alone."""
    caught = {"en": ["Run this cell first (Shift+Enter).", "Type your guess and press the button.",
                     "Change the worked example above.", "Write one paragraph on paper or in a new cell."],
              "es": ["Ejecuta primero esta celda (Shift+Enter).", "Escribe tu predicción y presiona el botón.",
                     "Modifica el ejemplo resuelto de arriba.", "Completa los dos espacios `___` en la celda de abajo."],
              "pt": ["Rode esta célula primeiro (Shift+Enter).", "Digite seu palpite e aperte o botão.",
                     "Altere o exemplo resolvido acima.", "Escreva um parágrafo no papel ou numa nova célula."]}
    for language, sentences in caught.items():
        for sentence in sentences:
            assert notebook_words_on(sentence, language), (language, sentence)
    for language, sentence in (("en", "An empty cell means that source gives no figure; the figures run from 267."),
                               ("es", "Una celda vacía significa que esa fuente no da cifra; las presiones del "
                                      "ejecutivo. Escribe tus respuestas en los campos y pulsa Comprobar. "
                                      "Requisitos previos: lección 00 (ejecutar celdas, load())."),
                               ("pt", "Uma célula vazia significa que a fonte não dá número; a ordem executiva. "
                                      "Digite suas respostas nos campos e aperte Verificar. Pré-requisitos: lição "
                                      "00 (rodar células, load()).")):
        assert not notebook_words_on(sentence, language), (language, sentence)


# ---------------------------------------------------------------- 3. nothing cut off, nothing missing
CHECK = re.compile(r"""\bcheck\(\s*["']([\w.-]+)["']""")
DIMENSIONS = re.compile(r"\b\d+\s+rows?\s*[×x]\s*\d+\s+columns?\b")
DOTS = {"...", "…"}
PANDAS_WIDTH = 50  # pandas' default display.max_colwidth: a cut cell is 47 characters and "..."


def _html_of(output) -> str | None:
    data = output.get("data") or {}
    text = data.get("text/html")
    return ("".join(text) if isinstance(text, list) else text) if text else None


def _text_of(output) -> str:
    if output.get("output_type") == "stream":
        text = output.get("text", "")
    else:
        text = (output.get("data") or {}).get("text/plain", "")
    return "".join(text) if isinstance(text, list) else text


def table_cuts(markup: str) -> list[str]:
    """pandas' own marks of a cut table in an HTML output (a plain DataFrame, or show()): a row
    or a column of '...'/'…' cells, the 'N rows × M columns' line pandas adds when it cuts rows,
    and cells cut to the column width (ending in '...', several of one length in a column, or
    the default 50 characters). An ellipsis inside prose or a quotation is not a cut."""
    soup = BeautifulSoup(markup, "html.parser")
    found = []
    for table in soup.find_all("table"):
        rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]
        body = [r for r in rows if r]
        if any(len(r) > 1 and all(c in DOTS for c in r[1:]) for r in body):
            found.append("rows left out (a row of '...')")
        width = max((len(r) for r in body), default=0)
        for column in range(width):
            cells = [r[column] for r in body if len(r) == width]
            if len(cells) > 2 and sum(c in DOTS for c in cells) >= len(cells) - 1:
                found.append("columns left out (a column of '...')")
                break
            cut = [c for c in cells if c.endswith("...") and c not in DOTS]
            lengths = [len(c) for c in cut]
            if any(n == PANDAS_WIDTH for n in lengths) or len(lengths) != len(set(lengths)):
                found.append(f"text cut to the column width: {cut[0]!r}")
                break
    for note in soup.find_all(["p", "div"]):
        if DIMENSIONS.fullmatch(note.get_text(" ", strip=True) or ""):
            found.append(f"rows left out ({note.get_text(' ', strip=True)})")
    return found


def text_cuts(text: str) -> list[str]:
    """The same marks in a table printed as text."""
    found = []
    if re.search(r"\[\d+ rows x \d+ columns\]", text):
        found.append("rows left out ([N rows x M columns])")
    lines = text.splitlines()
    if any(re.fullmatch(r"\s*(?:\.\.\.\s*)+", line) for line in lines if line.strip()):
        found.append("rows left out (a line of '...')")
    if sum(bool(re.search(r"\s\.\.\.\s", line)) for line in lines) >= 2:
        found.append("columns left out (a column of '...')")
    ends = [m.end() for line in lines for m in re.finditer(r"\S\.\.\.(?=\s|$)", line)]
    if len(ends) != len(set(ends)):
        found.append("text cut to the column width (cells ending '...' at one position)")
    return found


def output_cuts(output) -> list[str]:
    markup = _html_of(output)
    return table_cuts(markup) if markup else text_cuts(_text_of(output))


def output_words(output) -> str:
    """An output's text as a reader sees it (markup out, entities read)."""
    markup = _html_of(output)
    if markup:
        soup = BeautifulSoup(markup, "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        text = soup.get_text(" ")
    else:
        text = _text_of(output)
    return re.sub(r"\s+", " ", html.unescape(text))


def learner_edition(built_languages, language: str, stem: str):
    result = next(r for r in built_languages["results"][language] if r.lesson.stem == stem)
    assert result.notebook is not None, f"{language} {stem} did not execute: {result.error}"
    return edition(result.notebook, "learner")


def exercise_views(notebook):
    """(exercise id, the outputs shown above it) for each exercise, in page order."""
    shown, views = [], []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        match = CHECK.search(cell.source)
        if match:
            views.append((match.group(1), list(shown)))
        shown.extend((cell.get("id"), o) for o in cell.get("outputs", []))
    return views


def _row_index():
    """Every row of the pack's tables by its id: id -> (table, row as a dict)."""
    import csv

    from helpers.catalog import data_dir, package

    found = {}
    for resource in package()["resources"]:
        schema = resource.get("schema") or {}
        key = schema.get("primaryKey") if isinstance(schema, dict) else None
        if not key or len(key) != 1:
            continue
        with open(data_dir() / resource["path"], encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                found.setdefault(row[key[0]], (resource["name"], row))
    return found


def _distinctive(table: str, row_id: str, row: dict, rows: list[dict], language: str) -> list[str]:
    """Texts of a row that no other row of its table has (at least 12 characters), in the
    edition's language where the tables' catalogue translates them."""
    from helpers.i18n import data_context, translate

    out = []
    for field, value in row.items():
        value = (value or "").strip()
        if len(value) < 12 or field.endswith("_id") or value.startswith("http"):
            continue
        if sum((r.get(field) or "").strip() == value for r in rows) != 1:
            continue
        out.append(value)
        if language != "en":
            for context in (data_context(table, row_id, field), f"value|{field}"):
                shown = translate(value, "data", context=context, language=language)
                if shown != value:
                    out.append(shown)
    return out


def _digits(text: str) -> str:
    return re.sub(r"(?<=\d)[,.\u00a0\u202f ](?=\d)", "", text)


def displayed(row_id: str, index: dict, rows_of: dict, outputs: list, language: str) -> bool:
    """Whether a row is on the page: its id, or a text of it no other row has, in an output;
    or a table row that shows its figure with another of its values (who counted, the date)."""
    table, row = index[row_id]
    texts = [output_words(o) for _cell, o in outputs]
    if any(row_id in t for t in texts):
        return True
    norm = [re.sub(r"\s+", " ", t).casefold() for t in texts]
    for candidate in _distinctive(table, row_id, row, rows_of[table], language):
        probe = re.sub(r"\s+", " ", candidate).casefold()[:60]
        if any(probe in t for t in norm):
            return True
    numbers = {v for v in row.values() if re.fullmatch(r"-?\d{2,}(?:\.\d+)?", (v or "").strip())}
    others = {v.strip().casefold() for v in row.values() if v and not re.search(r"\d", v) and 3 <= len(v.strip()) <= 60}
    if language != "en":  # who counted, the unit... as the reader's edition writes them
        from helpers.words import code_words, text_words

        for field, value in row.items():
            if value and not re.search(r"\d", value) and 3 <= len(value.strip()) <= 60:
                others |= {str(text_words(value.strip(), field, language)).casefold(),
                           str(code_words(value.strip(), field, language)).casefold()}
    for _cell, output in outputs:
        markup = _html_of(output)
        if not markup or not numbers:
            continue
        for tr in BeautifulSoup(markup, "html.parser").find_all("tr"):
            cells = [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
            digits = {_digits(c) for c in cells}
            if {_digits(n).lstrip("-").rstrip("0").rstrip(".") for n in numbers} & {
                    d.lstrip("-").rstrip("0").rstrip(",").rstrip(".") for d in digits} and \
                    others & {c.casefold() for c in cells}:
                return True
    return False


@pytest.fixture(scope="module")
def row_index():
    index = _row_index()
    rows_of: dict[str, list[dict]] = {}
    for table, row in index.values():
        rows_of.setdefault(table, []).append(row)
    return index, rows_of


@pytest.mark.parametrize("stem", _lessons(CUT_OFF_PENDING))
def test_nothing_an_exercise_needs_is_cut_off_or_missing(built_languages, row_index, stem):
    """MECH_SPEC 3, in the learner edition of each language (the notebook's outputs, which the
    handout shows as they are): no output above an exercise has a table cut by pandas, and each
    row in the exercise's needs_rows is displayed above it."""
    index, rows_of = row_index
    specs = exercises(stem)
    problems = []
    for language in LANGUAGES:
        reported = set()
        for key, outputs in exercise_views(learner_edition(built_languages, language, stem)):
            for cell, output in outputs:
                for cut in output_cuts(output):
                    if (cell, cut) not in reported:
                        reported.add((cell, cut))
                        problems.append(f"{language}: cell {cell} (above {key}): {cut}")
            for row_id in (specs.get(key) or {}).get("needs_rows") or []:
                if row_id not in index:
                    problems.append(f"{key}: needs_rows names {row_id}, which no table of the pack holds")
                elif not displayed(row_id, index, rows_of, outputs, language):
                    problems.append(f"{language}: {key} needs {row_id} ({index[row_id][0]}), which no output "
                                    "above it displays (its id, or a text of it)")
    assert not problems, (f"{stem}: what an exercise needs is not all on the page before it. Show whole "
                          "text and every row the question needs (show(), a document card, or the rows "
                          "themselves):\n  " + "\n  ".join(dict.fromkeys(problems)))


def test_the_cut_detector_finds_pandas_cuts_and_leaves_prose_alone():
    """A test that cannot fail is a defect: pandas' cuts are found in HTML and text, in a plain
    DataFrame and in show(); an ellipsis in a quotation is not one."""
    import pandas as pd

    from helpers import show

    frame = pd.DataFrame({"event_id": [f"pa_evt_{i:03d}" for i in range(61)],
                          "description": ["A long description of what happened that day, " * 2] * 61})

    def as_output(item):
        html_text = getattr(item, "_repr_html_")()
        return {"output_type": "display_data", "data": {"text/html": html_text, "text/plain": repr(item)}}

    with pd.option_context("display.max_colwidth", 50, "display.max_rows", 60, "display.min_rows", 10):
        assert output_cuts(as_output(frame)), "a pandas table cut to 10 of 61 rows went unseen"
        assert output_cuts(as_output(show(frame))), "a table shown with show() and cut went unseen"
        assert text_cuts(repr(frame)), "a printed table cut by pandas went unseen"
    with pd.option_context("display.max_colwidth", 50, "display.max_rows", 100):
        assert output_cuts(as_output(frame.head(5))), "text cut at 50 characters went unseen"
    with pd.option_context("display.max_colwidth", None, "display.max_rows", 100):
        assert not output_cuts(as_output(frame)), "a whole table was taken for a cut one"
        quoted = pd.DataFrame({"excerpt": ['"We will not ..." he said.', "The rest..."], "n": [1, 2]})
        assert not output_cuts(as_output(quoted)), "an ellipsis in a quotation was taken for a cut"


def test_pandas_shows_whole_tables_once_the_packs_data_is_loaded():
    """The cause, where it is machinery: a learner's tables are not cut by pandas' defaults."""
    import subprocess
    import sys

    code = ("import pandas as pd\nfrom helpers import load\nframe = load('panama/events')\n"
            "print(pd.get_option('display.max_colwidth'), pd.get_option('display.max_rows') >= len(frame))\n"
            "print('...' in frame.to_string() or 'rows x' in repr(frame))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert shown == ["None", "True", "False"], shown


# ---------------------------------------------------------------- 4. charts learners read
def chart_above(notebook, key: str) -> bool:
    for exercise, outputs in exercise_views(notebook):
        if exercise == key:
            return any('class="ih-chart"' in (_html_of(o) or "") or "ih-chart" in (_html_of(o) or "")
                       or "application/vnd.vegalite" in " ".join((o.get("data") or {}).keys())
                       for _cell, o in outputs)
    return False


@pytest.mark.parametrize("stem", _lessons(READS_CHART_PENDING, only=lambda s: s[:2] in ("01", "02", "03", "04", "05", "06")))
def test_an_exercise_reads_a_chart_drawn_above_it(built, stem):
    """MECH_SPEC 4: at least one exercise with reads_chart: true, and a chart above it."""
    reading = [key for key, spec in exercises(stem).items() if spec.get("reads_chart")]
    assert reading, f"{stem}: no exercise has reads_chart: true (an exercise whose question reads a chart)"
    result = next(r for r in built["results"] if r.lesson.stem == stem)
    notebook = edition(result.notebook, "learner")
    without = [key for key in reading if not chart_above(notebook, key)]
    assert not without, f"{stem}: {without} read a chart, but no chart is drawn above them"


def test_a_needed_row_counts_as_shown_by_its_id_its_own_words_or_its_figure(row_index):
    """needs_rows is checked on what the page shows: a row's id, a text only it has (in the
    edition's language), or a table row with its figure and another of its values."""
    import pandas as pd

    index, rows_of = row_index

    def html_output(markup):
        return ("cell", {"output_type": "display_data", "data": {"text/html": markup}})

    event = "pa_evt_016"
    title = index[event][1]["title"]
    assert displayed(event, index, rows_of, [html_output(f"<p>{event}</p>")], "en")
    assert displayed(event, index, rows_of, [html_output(f"<table><tr><td>{html.escape(title)}</td></tr></table>")], "en")
    assert not displayed(event, index, rows_of, [html_output("<p>Another event.</p>")], "en")
    estimate = next(i for i, (table, row) in index.items() if table == "panama/casualty_estimates"
                    and row.get("value") not in (None, "") and len(row["value"]) >= 3)
    row = index[estimate][1]
    shown = pd.DataFrame({"who": [row["estimated_by"]], "value": [row["value"]]}).to_html()
    assert displayed(estimate, index, rows_of, [html_output(shown)], "en")
    other = pd.DataFrame({"who": [row["estimated_by"]], "value": ["1"]}).to_html()
    assert not displayed(estimate, index, rows_of, [html_output(other)], "en")
