"""Turning an executed lesson into a worksheet a reader without Python can use.

- the set-up cell (the first ``from helpers import ...``) disappears;
- each exercise cell (``check("id", answer)``) becomes the exercise's answer field, with a
  self-check that needs no kernel (see selfcheck.py) and ruled space on paper;
- the written task gets a box to write in; its rubric shows once the reader has written;
- "Further reading" is the lesson's curated list (``further_reading:`` in its exercises file,
  each entry a citation and a line on why), or, with none, a pointer to the appendix, where the
  full bibliography moves;
- an answer sheet closes the handout: blank for the learner, with answers and explanations in
  the facilitator edition;
- on paper (issue 28) an appendix starts after the written task, so that the session's pages come
  first; the full bibliography stays on screen, and paper lists instead the sources of the rows
  the handout names by id ("(pa_evt_015)"), each with those ids.
"""

from __future__ import annotations

import functools
import html
import json
import re

import nbformat

from ..citations import _bibliography_rows, rows_cited
from ..exercises import exercises, further_reading, is_written, lessons_dir, localized, shown_answer
from ..i18n import _, get_language, translate
from ..tasks import LEVELS, _localized
from . import selfcheck

CHECK = re.compile(r"""\bcheck\(\s*["']([\w.-]+)["']""")
SETUP = re.compile(r"^\s*(from helpers import|import helpers\b)", re.M)
E = html.escape


@functools.lru_cache(maxsize=16)
def _exercise_file(lesson: str, _stamp: int) -> dict:
    import yaml

    path = lessons_dir() / f"{lesson}.exercises.yml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, ValueError):
        return {}


def exercise_file(lesson: str) -> dict:
    path = lessons_dir() / f"{lesson}.exercises.yml"
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _exercise_file(lesson, stamp)


@functools.lru_cache(maxsize=16)
def _payloads(lesson: str, _stamp: int, language: str) -> dict:
    """One payload per exercise per build and language: both editions share it (PBKDF2 is the
    slow part), and build/cache keeps it for the next build (selfcheck.cached_payload). Hints
    and explanations are in the page's language."""
    return {key: (selfcheck.written_answer_payload(localized(spec, language)) if is_written(spec)
                  else selfcheck.cached_payload(localized(spec, language), language))
            for key, spec in exercises(lesson).items()}


def payloads(lesson: str) -> dict:
    path = lessons_dir() / f"{lesson}.exercises.yml"
    return _payloads(lesson, path.stat().st_mtime_ns if path.exists() else 0, get_language())


def _html_output(body: str) -> dict:
    return nbformat.v4.new_output("display_data", data={"text/html": body, "text/plain": ""})


def _html_cell(body: str, *tags: str):
    cell = nbformat.v4.new_code_cell("")
    cell.metadata["tags"] = ["remove-input", *tags]
    cell.outputs = [_html_output(body)]
    return cell


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _hide_input(cell) -> None:
    cell.setdefault("metadata", {}).setdefault("tags", [])
    if "remove-input" not in cell.metadata["tags"]:
        cell.metadata["tags"].append("remove-input")


# ---------------------------------------------------------------- pieces of the page
def _json_script(element_id: str, data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _shown_answer(spec: dict) -> str:
    """The key's answer in the page's language: "(b) " and the option's words, a number with
    the page's decimal mark (see helpers.exercises.shown_answer); a written item's model answer."""
    if is_written(spec):
        return str(spec.get("model_answer", ""))
    return shown_answer(spec)


FIELD_HINTS = {"number": "a number, e.g. 42 or -3.5", "text": "a word or a name",
               "choice": "a letter or the option's words", "set": "letters or items, separated by commas",
               "order": "the letters in order, separated by commas", "yesno": "yes or no"}


def field_hints() -> dict[str, str]:
    """FIELD_HINTS in the language in use."""
    return {"number": _("a number, e.g. 42 or -3.5"), "text": _("a word or a name"),
            "choice": _("a letter or the option's words"),
            "set": _("letters or items, separated by commas"),
            "order": _("the letters in order, separated by commas"), "yesno": _("yes or no")}


def written_answer_box(spec: dict, payload: dict, which: str, number: str = "") -> str:
    """A short written answer: a text box; its model answer and rubric line open (handout.js)
    once the reader has written ``min_words`` words. On paper: ruled lines. The facilitator
    edition shows both beside the box."""
    key = spec["id"]
    slug = re.sub(r"[^a-z0-9-]", "-", key.lower())
    facilitator = ""
    if which == "facilitator":
        facilitator = (f"<div class='ih-key-inline' data-answer-key='true'><p><strong>{E(_('Model answer:'))}"
                       f"</strong> {E(str(spec.get('model_answer', '')))}</p><p><strong>"
                       f"{E(_('What a good answer does:'))}</strong> {E(str(spec.get('rubric_line', '')))}</p></div>")
    return (
        f"<section class='ih-exercise ih-written-answer' id='exercise-{slug}' data-ih-written='ih-check-{slug}' "
        f"data-ih-exercise='{E(key)}' data-ih-type='written'>"
        f"{_json_script('ih-check-' + slug, payload)}"
        f"<form class='ih-screen-only' autocomplete='off'>"
        f"<label for='ih-field-{slug}'>{E(_('Your answer to exercise'))} <strong>{E(number or key)}</strong> "
        f"<span class='ih-field-hint'>({E(_('two or three sentences'))})</span></label> "
        f"<textarea class='ih-written-field' id='ih-field-{slug}' name='answer' rows='4'></textarea>"
        f"<button type='submit'>{E(_('Compare with a model answer'))}</button></form>"
        "<div class='ih-feedback' role='status' aria-live='polite' hidden></div>"
        f"<div class='ih-print-only'><p class='ih-paper-label'>"
        f"{E(_('Exercise {key}: your answer in two or three sentences').replace('{key}', number or key))}</p>"
        f"{'<div class=ih-ruled></div>' * 4}</div>{facilitator}</section>")


def exercise_box(spec: dict, payload: dict, which: str, number: str = "") -> str:
    """An exercise's answer field; ``number`` is the exercise's number as the page shows it (its
    heading's, else its place on the page), never its id: ids stay stable, numbers run in order."""
    if is_written(spec):
        return written_answer_box(spec, payload, which, number)
    key = spec["id"]
    slug = re.sub(r"[^a-z0-9-]", "-", key.lower())
    form_hint = letters_as_written((spec.get("hints") or {}).get("form") or "")
    lines = 2 if spec.get("type") in ("number", "yesno", "choice") else 3
    facilitator = ""
    if which == "facilitator":
        alternatives = "".join(
            f"<p><strong>{E(_('Also accepted:'))}</strong> {E(shown_answer(spec, a.get('answer')))}: {E(a.get('explanation', ''))}</p>"
            for a in spec.get("also_accepted") or [])
        facilitator = (f"<div class='ih-key-inline' data-answer-key='true'><p><strong>{E(_('Answer:'))}</strong> "
                       f"{E(_shown_answer(spec))}</p><p>{E(spec.get('explanation', ''))}</p>{alternatives}</div>")
    return (
        f"<section class='ih-exercise' id='exercise-{slug}' data-ih-check='ih-check-{slug}' "
        f"data-ih-exercise='{E(key)}' data-ih-type='{E(spec.get('type', 'text'))}'>"
        f"{_json_script('ih-check-' + slug, payload)}"
        f"<form class='ih-screen-only' autocomplete='off'>"
        f"<label for='ih-field-{slug}'>{E(_('Your answer to exercise'))} <strong>{E(number or key)}</strong> "
        f"<span class='ih-field-hint'>({E(field_hints().get(spec.get('type', 'text'), _('your answer')))})</span></label> "
        f"<input type='text' class='ih-answer-field' id='ih-field-{slug}' name='answer' spellcheck='false'>"
        f"<button type='submit'>{E(_('Check'))}</button></form>"
        + (f"<p class='ih-form-hint ih-screen-only'>{E(form_hint)}</p>" if form_hint else "")
        + "<div class='ih-feedback' role='status' aria-live='polite' hidden></div>"
        f"<div class='ih-print-only'><p class='ih-paper-label'>"
        f"{E(_('Exercise {key}: your answer and how you found it').replace('{key}', number or key))}</p>{'<div class=ih-ruled></div>' * lines}</div>{facilitator}</section>")


def written_box(lesson: str, block: dict) -> str:
    block = _localized(block, lesson)

    rubric = "".join(
        f"<tr><th scope='row'>{E(str(level))} · {E(_(LEVELS.get(int(level), '')))}</th><td>{E(str(text))}</td></tr>"
        for level, text in sorted((block.get("rubric") or {}).items(), key=lambda kv: -int(kv[0])))
    table = (f"<table class='ih-rubric'><caption>{E(_('Rubric: what each level looks like'))}</caption><thead><tr>"
             f"<th scope='col'>{E(_('Level'))}</th><th scope='col'>{E(_('What the paragraph does'))}</th></tr></thead>"
             f"<tbody>{rubric}</tbody></table>")
    return (
        f"<section class='ih-written' data-lesson='{E(lesson)}'><h4>{E(_('Written task'))}</h4>"
        f"<p class='ih-task-question'>{E(block.get('question', ''))}</p>"
        f"<p class='ih-task-frame'><strong>{E(_('Claim:'))}</strong> {E(_('your answer in one sentence.'))} "
        f"<strong>{E(_('Evidence:'))}</strong> "
        f"{E(_('two or more documents or figures, each with who said it and when.'))} "
        f"<strong>{E(_('Reasoning:'))}</strong> "
        f"{E(_('why that evidence supports the claim, and what it cannot tell you.'))}</p>"
        f"<form class='ih-screen-only'><label for='ih-written-field'>{E(_('Your paragraph'))}</label>"
        "<textarea id='ih-written-field' rows='8'></textarea>"
        f"<button type='submit'>{E(_('I have written it: show the rubric'))}</button>"
        "<p class='ih-task-note' role='status' aria-live='polite'></p></form>"
        f"<div class='ih-print-only'>{'<div class=ih-ruled></div>' * 12}</div>"
        f"<div class='ih-rubric-after' hidden>{table}</div></section>")


def reading_list(lesson: str, items, appendix: bool = True) -> str:
    if not items:  # no short list in the lesson's exercises file: no list, only where the sources are
        return "<section class='ih-reading-curated'>" + _where_sources_are() + "</section>"

    rows = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            citation = str(item.get("citation", ""))
            why = translate(str(item.get("why", "")), "lesson", lesson, f"reading|{i}|why")
        else:
            citation, why = str(item), ""
        rows.append(f"<li><cite>{E(citation)}</cite>{' <span class=ih-why-read>— ' + E(why) + '</span>' if why else ''}</li>")
    tail = _where_sources_are() if appendix else ""
    return f"<section class='ih-reading-curated'><ol>{''.join(rows)}</ol>{tail}</section>"


def letters_as_written(text: str) -> str:
    """A list of letters in Python's form, as a handout's reader writes it (and its answer field
    reads it): 'like `["c", "a"]`' becomes 'like c, a'.

    >>> letters_as_written('Answer with letters, like `["a", "c"]`.')
    'Answer with letters, like a, c.'
    """
    return LETTER_LIST.sub(lambda m: ", ".join(re.findall(r'"([a-z])"', m.group(0))), text)


def _where_sources_are() -> str:
    return ("<p class='ih-screen-only'>" + E(_("Every source the lesson's tables use is in the "
                                                "appendix (full bibliography)."), quote=False)
            + "</p><p class='ih-print-only'>" + E(_("The sources of every row this handout names "
                                                      "by its id are listed at its end."), quote=False)
            + "</p>")


def appendix_start() -> str:
    """Where paper's appendix begins: after the written task, so that a session's pages come
    first and a facilitator can print those alone. Only paper shows it."""
    return (f"<div class='ih-print-only ih-appendix-start' id='appendix'><p class='ih-appendix-title'>"
            f"{E(_('Appendix'))}</p><p>"
            + E(_("The session ends above. What follows is for after it: the optional parts, the "
                  "key points, further reading, the glossary, the answer sheet and the sources of "
                  "this handout."), quote=False) + "</p></div>")


def bibliography(text: str, outputs: list) -> tuple[str, list]:
    """The appendix's bibliography, for screen and paper: the sources the lesson's
    ``further_reading()`` listed (``outputs``: that cell's outputs) and those of every row the
    page names by id ("(pa_evt_015)") that it left out, oldest first. The sources of named rows
    are marked with those ids: paper prints only them, less those a document card prints
    ("Where it was read"); the rest, behind rows the page never shows, stay on screen. Returns
    paper's heading and introduction, and the list as the cell's new outputs."""
    rows = _bibliography_rows()
    by_url: dict[str, str] = {}
    for key, row in rows.items():
        by_url.setdefault(row["url"], key)
    shown = " ".join(str(out.get("data", {}).get("text/html", "")) for out in outputs)
    listed = {by_url[url] for url in map(html.unescape, HREF.findall(shown)) if url in by_url}
    carded = set(CARD.findall(text))  # a card prints its own source
    cited = {key: ids for key, ids in rows_cited(text).items() if not set(ids) <= carded}
    if not listed and not cited:
        return "", outputs
    import pandas as pd

    block = further_reading(pd.DataFrame({"source_id": sorted(listed | set(cited))}))

    def mark(match) -> str:
        key = by_url.get(html.unescape(match.group(2)))
        if key not in cited:
            return match.group(0)
        return f"<li class='ih-cited' data-rows='{E(', '.join(cited[key]))}'>{match.group(1)}"

    items = BIBLIOGRAPHY_ITEM.sub(mark, block._repr_html_())
    intro = _("Each source of a row this handout names by its id, with those ids in brackets; a "
              "document's source is printed on its card. The screen version links each source and "
              "lists every source of the lesson's tables.")
    heading = (f"<div class='ih-print-only ih-paper-sources'><p class='ih-appendix-title' "
               f"id='paper-sources'>{E(_('Sources of this handout'))}</p><p>{E(intro, quote=False)}"
               "</p></div>") if cited else ""
    return heading, [_html_output(items)]


def _cell_text(cell) -> str:
    """What a cell shows as words: its Markdown, or its outputs' HTML without scripts (a chart's
    data names rows by id, but the reader sees its labels, not the ids)."""
    if cell.cell_type == "markdown":
        return cell.source
    shown = " ".join(str(out.get("data", {}).get("text/html", "")) for out in cell.get("outputs", []))
    return SCRIPT.sub(" ", shown)


def answer_sheet(lesson: str, which: str, numbers: dict[str, str] | None = None,
                 optional: set[str] | frozenset = frozenset()) -> str:
    """The answer sheet: one row per exercise, in the order of the page and with the numbers it
    shows (``numbers``: id -> number; exercises not on the page follow, by id). The facilitator
    edition names each exercise's id too. The learner's marks the exercises of the optional
    parts (``optional``: those after the written task) and gives a written answer four lines."""
    numbers = numbers or {}
    items = {key: localized(spec) for key, spec in exercises(lesson).items()}
    if not items:
        return ""
    rows = []
    order = [key for key in numbers if key in items] + [key for key in items if key not in numbers]
    for key in order:
        spec = items[key]
        if which == "facilitator" and is_written(spec):
            cell = (f"<td>{E(_shown_answer(spec))}</td>"
                    f"<td><em>{E(_('What a good answer does:'))}</em> {E(str(spec.get('rubric_line', '')))}</td>")
        elif which == "facilitator":
            extra = "".join(f"<p><em>{E(_('Also accepted:'))}</em> {E(shown_answer(spec, a.get('answer')))}: {E(a.get('explanation', ''))}</p>"
                            for a in spec.get("also_accepted") or [])
            cell = (f"<td><strong>{E(_shown_answer(spec))}</strong></td>"
                    f"<td>{E(spec.get('explanation', ''))}{extra}</td>")
        else:
            mark = f"<span class='ih-optional'>{E(_('optional'))}</span>" if key in optional else ""
            cell = f"<td class='ih-blank'>{mark}{'<div class=ih-ruled></div>' * (4 if is_written(spec) else 2)}</td>"
        label = E(numbers.get(key, key))
        if which == "facilitator" and key in numbers:
            label += f" <span class='ih-exercise-id'>({E(key)})</span>"
        rows.append(f"<tr data-ih-exercise='{E(key)}'><th scope='row'>{label}</th>"
                    f"<td>{E(spec.get('question', ''))}</td>{cell}</tr>")
    head = (f"<th scope='col'>{E(_('Answer'))}</th><th scope='col'>{E(_('Why'))}</th>"
            if which == "facilitator" else f"<th scope='col'>{E(_('Your answer'))}</th>")
    marker = " data-answer-key='true'" if which == "facilitator" else ""
    if which == "facilitator":  # and what the learner edition's self-checks hide (issue 22)
        intro = (f"<p>{E(_('The answers and the reasoning, for the facilitator.'))}</p>"
                 f"<p class='ih-strength'>{E(selfcheck.strength_note('facilitator'))}</p>")
    else:
        intro = (f"<p class='ih-screen-only'>{E(_('Write your answers here; check them together with your group, or with the Check buttons in the screen version.'))}</p>"
                 f"<p class='ih-print-only'>{E(_('Write your answers here or under each exercise, and check them with your group and the facilitator.'))}</p>")
    return (f"<section class='ih-answer-sheet'{marker}><h2 id='answer-sheet'>{E(_('Answer sheet'))}</h2>{intro}"
            f"<div class='ih-table-wrap'><table><thead><tr><th scope='col'>{E(_('Exercise'))}</th>"
            f"<th scope='col'>{E(_('Question'))}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>")


RUN_CELL = re.compile(r"(?:^|(?<=[.!?]\s))(?:Run (?:this|the next|the) cell|Ejecuta (?:primero )?(?:esta|la) celda"
                      r"|Rode (?:primeiro )?(?:esta|a) célula)[^.!?]*[.!?][ \t]*", re.I | re.M)
BIBLIOGRAPHY_ITEM = re.compile(r"<li>((?:(?!</li>).)*?<a href='([^']*)'(?:(?!</li>).)*?</li>)", re.S)
LETTER_LIST = re.compile(r'`?\[\s*"[a-z]"(?:\s*,\s*"[a-z]")*\s*\]`?')  # `["a", "c"]`: Python's form
HREF = re.compile(r"<a href='([^']*)'")
SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
CARD = re.compile(r"<article[^>]*class=[\"']ih-document[\"'][^>]*\bid=[\"']([\w.-]+)[\"']")
EXERCISE_HEADING = re.compile(r"^#{2,4}\s*(?:Exercise|Ejercicio|Exercício)\s+(\d+[a-z]?)\b", re.I | re.M)


def _without_run_instruction(cell):
    """The set-up cell's introduction without 'Run this cell first...' (a handout has no
    cells to run), with a short note in its place."""
    text = RUN_CELL.sub("", cell.source)
    if text == cell.source:
        return cell
    cell = nbformat.from_dict(dict(cell))
    cell.source = text.rstrip() + "\n\n*" + E(_("In the notebook a cell here loads the helpers and "
                                                 "the tables; in this handout that is done."), quote=False) + "*"
    return cell


# ---------------------------------------------------------------- the transformation
def worksheet(notebook, lesson: str, which: str):
    """Rewrite an edition (from editions.edition) in place as a worksheet; return it."""
    try:
        known = {key: localized(spec) for key, spec in exercises(lesson).items()}
        checks = payloads(lesson) if known else {}
    except Exception as error:  # a broken exercises file: build the handout without its checks
        import sys

        print(f"  {lesson}: no self-checks in the handout, the exercises could not be read: "
              f"{type(error).__name__}: {str(error).splitlines()[0][:160]}", file=sys.stderr)
        known, checks = {}, {}
    content = exercise_file(lesson)
    appendix: list = []
    setup_done = reading_shown = False
    after_task = marked = False  # the written task is past; paper's appendix has started
    cells = []
    numbers: dict[str, str] = {}  # exercise id -> its number on the page
    optional: set[str] = set()    # exercises after the written task: the optional parts
    heading = None                # the number of the last exercise heading, until an exercise takes it
    for cell in notebook.cells:
        if after_task and not marked and cell.cell_type == "markdown" and cell.source.startswith("## "):
            cells.append(_html_cell(appendix_start()))
            marked = True
        if cell.cell_type == "markdown" and LETTER_LIST.search(cell.source):
            cell = nbformat.from_dict(dict(cell))  # an answer's form as a reader writes it: "a, c"
            cell.source = letters_as_written(cell.source)
        if cell.cell_type != "code":
            found = EXERCISE_HEADING.findall(cell.source) if cell.cell_type == "markdown" else []
            heading = found[-1] if found else heading
            cells.append(cell)
            continue
        tags = _tags(cell)
        source = cell.source
        if not setup_done and SETUP.search(source):
            setup_done = True
            if cells and cells[-1].cell_type == "markdown":  # "Run this cell first" means nothing here
                cells[-1] = _without_run_instruction(cells[-1])
            if not cell.get("outputs"):
                continue  # a set-up cell with nothing to show: gone
            _hide_input(cell)
        if tags & {"solution", "facilitator"}:
            cells.append(cell)
            continue
        match = CHECK.search(source)
        if match and match.group(1) in known and "def " not in source:
            key = match.group(1)
            numbers.setdefault(key, heading or str(len(numbers) + 1))
            if marked:
                optional.add(key)
            heading = None
            cell.outputs = [_html_output(exercise_box(known[key], checks[key], which, numbers[key]))]
            _hide_input(cell)
        elif "written_task(" in source and "written_task_samples" not in source \
                and content.get("written_task"):
            cell.outputs = [_html_output(written_box(lesson, content["written_task"]))]
            _hide_input(cell)
            after_task = True
        elif "further_reading(" in source:
            reading_shown = True
            appendix.extend(cell.get("outputs", []))
            cell.outputs = [_html_output(reading_list(lesson, content.get("further_reading")))]
            _hide_input(cell)
        cells.append(cell)
    if not reading_shown and content.get("further_reading"):
        cells.append(_html_cell(f"<h2 id='further-reading'>{E(_('Further reading'))}</h2>"
                                + reading_list(lesson, content["further_reading"], appendix=False)))
    if not marked:
        cells.append(_html_cell(appendix_start()))
    sheet = answer_sheet(lesson, which, numbers, optional) if known else ""
    if sheet:
        cells.append(_html_cell(sheet))
    if appendix:
        printed, appendix = bibliography(" ".join(_cell_text(cell) for cell in cells), appendix)
        cells.append(_html_cell(f"<h2 id='appendix-bibliography' class='ih-screen-only'>"
                                f"{E(_('Appendix: full bibliography'))}</h2><p class='ih-screen-only'>"
                                f"{E(_('Every source cited by the tables this lesson uses and by the rows it names.'))}</p>{printed}"))
        tail = _html_cell("", "bibliography")
        tail.outputs = appendix
        cells.append(tail)
    notebook.cells = cells
    return notebook
