"""Exporting one edition of a lesson to a single offline HTML file with nbconvert.

The page carries Vega compressed (DEFLATE, unpacked in the browser with DecompressionStream),
each chart's spec compiled to Vega at build time (no Vega-Lite compiler in the page), one
script of the pack's own (assets/handout.js), and a Content-Security-Policy that allows only
those two scripts, by hashes the build knows (never whatever the page holds), and no network at
all. Every text the template shows is escaped there; the lessons' markdown, authored or
translated, goes through an allow-list sanitiser (sanitize.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import json
import re
from pathlib import Path

from ..edition import current
from ..formats import date
from ..i18n import _, get_language
from ..render import packed_vega
from . import sanitize
from .editions import edition
from .navigation import js_words as site_js_words
from .selfcheck import strength_note
from .worksheet import _json_script, worksheet

HERE = Path(__file__).resolve().parent
LABELS = {"learner": "Learner edition", "facilitator": "Facilitator edition (with answers)"}


def labels() -> dict[str, str]:
    """The editions' names in the language in use."""
    return {"learner": _("Learner edition"), "facilitator": _("Facilitator edition (with answers)")}


def chrome() -> dict[str, str]:
    """The handout's own words (banner, folded code, footer), in the language in use."""
    return {
        "show_code": _("Show code"), "all_lessons": _("All lessons"),
        "answer_sheet": _("Answer sheet"),
        "howto_screen": _("Code is folded away: open “Show code” to see how a table or chart was "
                          "made. Type your answers in the fields and press Check; nothing leaves "
                          "this page."),
        "howto_paper": _("On paper: write your answers on the lines (or on the answer sheet at the "
                         "end) and check them with your group and the facilitator. Where the text "
                         "says to hover, click, drag or pick from a menu, read the chart's labels, "
                         "its data box and, for a timeline, the list of its events instead."),
        "footer_pack": _("Intervention History teaching pack, {edition}. Data and lessons CC BY "
                         "4.0; code MIT."),
        "footer_built": _("Built {date}. Every figure is sourced: see the data box under each "
                          "chart."),
        "about": _("About the data and how to cite"), "glossary": _("Glossary"),
    }


def js_strings() -> dict[str, str]:
    """What handout.js says (its feedback, notes and errors), in the language in use. The page
    carries them as a data block (id ih-strings); the script falls back to its English."""
    return {
        "chartFailed": _("This chart could not be drawn: {error}"),
        "chartCannot": _("The chart cannot be drawn here: {error}. Its data, sources and a "
                         "download are in the box below."),
        "twoNumbers": _("You wrote '{text}', which holds more than one number ({numbers}). Give "
                        "just one number, like 42."),
        "notNumber": _("You wrote text ('{text}'); this question wants a number, like 42 or 3.5."),
        "letterItems": _("Give each letter as its own item, like a, c."),
        "emptyList": _("Your list is empty; this question wants a list like a, b."),
        "choiceLetters": _("Answer with one of the letters {letters} (or the option's text)."),
        "yesNo": _("You wrote '{text}'; this question wants yes or no."),
        "unsupported": _("This exercise type is not supported in the handout."),
        "notWithin": _("Not this figure. Look at the data again: which rows, which columns and which "
                       "calculation does the question ask for?"),
        "nearly": _("Close, but not the key's figure. Check exactly which rows you used or counted (their "
                    "dates, the definition) and any rounding."),
        "setRightMany": _("{right} of your {n} choices are right"),
        "setRightOne": _("your choice is right"),
        "setNotRight": _("your choice is not right"),
        "missingOne": _("1 right choice is missing"),
        "missingMany": _("{n} right choices are missing"),
        "extraOne": _("1 choice does not belong"),
        "extraMany": _("{n} choices do not belong"),
        "orderAll": _("Put every one of the {n} letters in order, once each, like a, b, c."),
        "placedOne": _("1 event is in the right place."),
        "placedMany": _("{n} events are in the right place."),
        "readAs": _("(I read your answer as {number}.)"),
        "readComma": _("(I read your answer as {number}, with the comma as the decimal mark.)"),
        "readPoint": _("(I read your answer as {number}, with the point as the decimal mark; "
                       "for a number of thousands, write it without the point.)"),
        "readThousandsComma": _("(I read your answer as {number}, with the comma separating thousands; "
                                "for a decimal, write {decimal}.)"),
        "readThousandsPoint": _("(I read your answer as {number}, with the point separating "
                                "thousands, since the question asks for a whole number.)"),
        "readThousandsCommaCount": _("(I read your answer as {number}, with the comma separating "
                                     "thousands, since the question asks for a whole number.)"),
        "commasForE": _("Separate the letters with commas, like b, c, e: here 'e' is also "
                        "an option's letter."),
        "nearlyExact": _("(Check the spelling: it is nearly exact.)"),
        "defensible": _("Defensible"),
        "correct": _("Correct"), "partial": _("Partly right"), "incorrect": _("Not yet"),
        "missing": _("No answer yet"), "invalid": _("Check the form of your answer"),
        "typeFirst": _("Type your answer in the field, then press Check."),
        "secondWrong": _("The explanation opens once your answer is right. Stuck? Re-read the "
                         "rows and the hint above, or talk it through with a partner; the "
                         "facilitator edition of this page has the answer sheet."),
        "notChecked": _("Your answer could not be checked here ({error})."),
        "writeFirst": _("Write your paragraph first ({words} words so far; aim for 80-200), then "
                        "compare it with the rubric."),
        "rubricNow": _("Now read your paragraph against the rubric: which level does it reach, "
                       "and what would lift it one level?"),
        "compare": _("Compare yours with a model answer"), "short": _("Keep writing"),
        "writeMore": _("Write two or three sentences (at least {n} words; you have {words} so far)."),
        "writtenFirst": _("Write your answer in the box, then press the button."),
        "compareNow": _("Compare yours with this model answer: which of its points does yours "
                        "make, and what would you add or change?"),
        "modelAnswer": _("Model answer:"), "goodAnswer": _("What a good answer does:"),
        **site_js_words(),
    }


def strings_block() -> str:
    """The data block of handout.js's words for a page not in English (none in English: the
    script's own English is the text)."""
    if get_language() == "en":
        return ""

    return _json_script("ih-strings", js_strings())
CSP_MARK = "<!--ih-csp-->"


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input", "hide-input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config, template_name="handout",
                            extra_template_basedirs=[str(HERE / "templates")])
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    exporter.register_filter("ih_clean", sanitize.markdown_filter)
    return exporter


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    """The handout stylesheet, and the page's scripts: the packed chart library and the
    handout script."""
    import rcssmin

    code, packed = packed_vega()
    # the same DEFLATE bytes in base85 rather than base64: 17 kB less on every page with charts
    # (handout.js reads either, by the block's data-encoding, as it does the search index)
    packed = base64.b85encode(base64.b64decode(packed)).decode("ascii")
    bundle = (f'<script type="application/octet-stream" id="ih-vega-packed" data-format="deflate" '
              f'data-encoding="base85" data-sha256="{_sha256(code)}">{packed}</script>\n'
              f'<script>{_handout_script()}</script>')
    return rcssmin.cssmin((HERE / "assets" / "handout.css").read_text(encoding="utf-8")), bundle


@functools.lru_cache(maxsize=1)
def _handout_script() -> str:
    """handout.js without comments and spaces (rjsmin: it renames nothing and leaves strings and
    regular expressions as they are); "</script" cannot occur in it (the check below)."""
    import rjsmin

    code = rjsmin.jsmin((HERE / "assets" / "handout.js").read_text(encoding="utf-8"))
    if "</script" in code.lower():
        raise ValueError("helpers/publish/assets/handout.js contains '</script', which would end its "
                         "script element early: write it as '<\\/script'")
    return code


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def own_scripts(charts: bool = True) -> list[str]:
    """The only scripts a handout may run, as CSP hashes: the pack's handout.js and, on a page
    with charts, the chart library (which handout.js inserts after unpacking it). A fixed list
    known to the build: a script that reached the page any other way is never allowed."""
    hashes = [f"'sha256-{_sha256(_handout_script())}'"]
    if charts:
        hashes.append(f"'sha256-{_sha256(packed_vega()[0])}'")
    return hashes


def csp(charts: bool = True) -> str:
    """The policy for one page: the pack's own scripts by hash, and nothing from any network."""
    scripts = " ".join(own_scripts(charts))
    # Vega runs its expressions through its interpreter, so no 'unsafe-eval' is needed; a
    # Vega without the interpreter compiles them to functions and needs it.
    if charts and not _interpreted():
        scripts += " 'unsafe-eval'"
    policy = ("default-src 'none'; " f"script-src {scripts}; " "style-src 'unsafe-inline'; "
              "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; "
              "base-uri 'none'; object-src 'none'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


SPEC = re.compile(r'<script id="(ih-chart-[0-9a-f]+-spec)" type="application/json">(.*?)</script>'
                  r'|<script type="application/json" id="(ih-chart-[0-9a-f]+-spec)">(.*?)</script>', re.S)


def pack_specs(page: str) -> str:
    """Every chart's spec, out of the page text and into one DEFLATE-compressed JSON block
    (a sixth of the size): handout.js unpacks it before drawing."""
    import zlib

    specs = {}

    def take(match):
        key = match.group(1) or match.group(3)
        specs[key] = json.loads(match.group(2) if match.group(1) else match.group(4))
        return ""

    page = SPEC.sub(take, page)
    if not specs:
        return page
    data = json.dumps(specs, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = base64.b64encode(zlib.compress(data, 9)).decode("ascii")
    block = (f'<script type="application/octet-stream" id="ih-specs-packed" data-format="deflate">'
             f"{packed}</script>")
    return page.replace("</body>", block + "\n</body>", 1)


@functools.lru_cache(maxsize=1)
def _interpreted() -> bool:
    return "expressionInterpreter" in packed_vega()[0]


def file_name(stem: str, which: str) -> str:
    return f"{stem}.html" if which == "learner" else f"{stem}.facilitator.html"


def export(notebook, stem: str, which: str, out_dir: Path) -> Path:
    """Write ``<stem>.html`` (learner) or ``<stem>.facilitator.html`` and return its path."""
    css, bundle = _assets()
    other = "facilitator" if which == "learner" else "learner"
    node = worksheet(edition(notebook, which), stem, which)
    sanitize.clean_styled_tables(node, sanitize.origin(notebook, stem))
    names = labels()
    node.metadata["title"] = f"{lesson_title(notebook, stem)} ({names[which]})"
    # Plain text: the template escapes every one of these (a translation is not markup).
    words = chrome()
    words["footer_pack"] = words["footer_pack"].replace("{edition}", edition_label())
    words["footer_built"] = words["footer_built"].replace("{date}", built_date())
    resources = {
        "ih_css": css, "ih_bundle": strings_block() + bundle, "ih_edition_label": names[which],
        # The learner edition does not point at the answers one click away (the index lists both).
        "ih_other_href": file_name(stem, other) if which == "facilitator" else "",
        "ih_other_text": names[other] if which == "facilitator" else strength_note("learner"),
        "ih_index": "index.html" if which == "learner" else "facilitator.html",  # issue 22: editions apart
        "ih_built": dt.date.today().isoformat(), "ih_edition": edition_label(), "ih_t": words,
        "language_code": get_language(), "metadata": {"name": stem},
        "ih_origin": sanitize.origin(notebook, stem),  # for the markdown cells' messages
    }
    body, _resources = _exporter().from_notebook_node(node, resources=resources)
    body = for_paper(body)
    body = pack_specs(body)
    charts = 'class="ih-vega"' in body
    if not charts:  # no chart: no chart library (a quarter of a MB)
        body = re.sub(r'<script[^>]*id="ih-vega-packed"[^>]*>.*?</script>', "", body, flags=re.S)
    body = body.replace(CSP_MARK, csp(charts), 1)
    _warn_if_large(body, notebook, stem, which)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / file_name(stem, which)
    path.write_text(body, encoding="utf-8")
    return path


_TABLE = re.compile(r'<table(?P<attrs>[^>]*)>(?P<inner>.*?)</table>', re.S)
_ROW = re.compile(r"<tr(?P<attrs>[^>]*)>(?P<inner>.*?)</tr>", re.S)


def for_paper(page: str) -> str:
    """What paper leaves out (issue 28), marked for the print stylesheet: a table row that a
    document card on the page already shows (its id is the card's), and a whole table when
    every row is one (with a note in its place); tables of running text read as records."""
    cards = set(re.findall(r'<article[^>]*class="ih-document"[^>]*\bid="([^"]+)"', page))
    cards |= set(re.findall(r'<article[^>]*\bid="([^"]+)"[^>]*class="ih-document"', page))
    if cards:
        note = html.escape(_("On paper, the rows of this table that the document cards above "
                             "already show are left out."), quote=False)

        def table(match):
            inner, repeated, rows = match.group("inner"), [0], [0]

            def row(found):
                cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", found.group("inner"))
                if not cells:
                    return found.group(0)
                rows[0] += 1
                if not any(cell in cards for cell in cells):
                    return found.group(0)
                repeated[0] += 1
                return f'<tr class="ih-repeats-card"{found.group("attrs")}>{found.group("inner")}</tr>'

            inner = _ROW.sub(row, inner)
            if not repeated[0]:
                return match.group(0)
            whole = repeated[0] == rows[0]
            attrs = match.group("attrs")
            if whole:
                attrs = (attrs.replace('class="', 'class="ih-print-skip ', 1) if 'class="' in attrs
                         else attrs + ' class="ih-print-skip"')
            return f'<p class="ih-card-note">{note}</p><table{attrs}>{inner}</table>'

        page = _TABLE.sub(table, page)
    page = _TABLE.sub(_records, page)
    # JupyterLab's empty collapser boxes, hidden by the stylesheet (8-20 kB of a page); the
    # syntax colours of code the handout shows as plain text (4.5 kB); pandas' style block
    # repeated before every table (handout.css styles tables)
    page = re.sub(r'<div class="jp-Collapser [^"]*">\s*</div>\s*', "", page)
    page = re.sub(r'<style type="text/css">\s*pre \{ line-height: 125%; \}.*?</style>\s*', "", page, flags=re.S)
    # the HTML outputs' media type that nothing reads (1.5 kB), and the line breaks between
    # JupyterLab's nested boxes (1.3 kB)
    page = re.sub(r' data-mime-type="text/html"', "", page)
    page = re.sub(r"(<div[^>]*>|</div>)\n+(?=<div|</div>)", r"\1", page)
    return re.sub(r"<style scoped(?:=\"\")?>\s*\.dataframe tbody tr th:only-of-type.*?</style>\s*", "", page, flags=re.S)


def _records(match) -> str:
    """A table holding running text (an excerpt, a note: a cell of 160 characters or more)
    is marked to be read as records on paper and on a phone (each row a short paragraph, the
    column's name before each value; see handout.css), its text cells given room on a screen."""
    inner = match.group("inner")
    if not re.search(r"<td>[^<]{160}", inner):
        return match.group(0)
    head = re.search(r"<thead>(.*?)</thead>", inner, re.S)
    # a heading in words over its code (helpers' display layer): the words name the value
    names = [html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'^.*?<span class="ih-heading">(.*?)</span>.*$', r"\1",
                                                         cell, flags=re.S))).strip()
             for cell in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1), re.S)] if head else []
    if head and len(re.findall(r"<tr", head.group(1))) != 1:
        names = []  # a two-level header: no one name per column

    def row(found):
        number = [0]

        def cell(item):
            tag, attrs, text = item.group(1), item.group(2), item.group(3)
            position = number[0]
            number[0] += 1
            extra = ""
            if tag == "td" and len(text) >= 160 and "<" not in text:
                extra += ' class="ih-long"'
            if tag == "td" and position < len(names) and names[position]:
                extra += f' data-label="{html.escape(names[position])}"'
            return f"<{tag}{attrs}{extra}>{text}</{tag}>"

        return "<tr" + found.group("attrs") + ">" + re.sub(r"<(td|th)((?:\s[^>]*)?)>(.*?)</\1>", cell,
                                                           found.group("inner"), flags=re.S) + "</tr>"

    body = re.search(r"<tbody>.*?</tbody>", inner, re.S)
    if body:
        inner = inner[:body.start()] + _ROW.sub(row, body.group(0)) + inner[body.end():]
    attrs = match.group("attrs")
    attrs = (attrs.replace('class="', 'class="ih-records ', 1) if 'class="' in attrs
             else attrs + ' class="ih-records"')
    return f"<table{attrs}>{inner}</table>"


def built_date() -> str:
    """Today, as the page's language writes a date (ISO in English, as before)."""
    if get_language() == "en":
        return dt.date.today().isoformat()

    return date(dt.date.today().isoformat(), "day_long")


# Page size targets (make bench checks them too). A learner page stays at most 0.6 MB (issues 14
# and 28). A facilitator page carries what a learner page does plus the answers, the model answers
# for every document card and the key, so it may reach 0.8 MB (issue 28 allows more where the
# lessons' new content needs it, measured in make bench).
PAGE_TARGET_MB = {"learner": 0.6, "facilitator": 0.8}


def _warn_if_large(body: str, notebook, stem: str, which: str) -> None:
    """A page over the size target is named, with the cell whose output made it large."""
    import sys

    size = len(body.encode("utf-8")) / 1e6
    if size <= PAGE_TARGET_MB[which]:
        return
    weights = [(len(json.dumps(cell.get("outputs", []), ensure_ascii=False)) + len(cell.get("source", "")), number)
               for number, cell in enumerate(notebook.cells, 1)]
    weight, number = max(weights, default=(0, 0))
    cell = notebook.cells[number - 1] if number else None
    first = (cell.get("source", "").strip().splitlines() or [""])[0][:60] if cell else ""
    print(f"  Warning: {file_name(stem, which)} is {size:.2f} MB, over the {PAGE_TARGET_MB[which]} MB target: "
          f"cell {number} ({first!r}) makes {weight / 1e6:.2f} MB of it. Print or show less there "
          "(a table's .head(), fewer lines), then build again.", file=sys.stderr, flush=True)


def edition_label() -> str:
    """'edition 2026.12 (2026-12-01)' from helpers.edition, else pyproject's version."""
    try:
        info = current()
        when = str(info["date"])
        if get_language() != "en":
            when = date(when, "day_long")
        return _("edition {edition} ({date})").replace("{edition}", str(info["edition"])).replace(
            "{date}", when)
    except Exception:
        text = (HERE.parents[1] / "pyproject.toml").read_text(encoding="utf-8")
        match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
        return (_("edition {edition}").replace("{edition}", match.group(1)) if match
                else _("edition unknown"))


# ---------------------------------------------------------------- the lesson header
# The header's labels in each edition (a translated lesson keeps the English layout).
HEADER_TIME = re.compile(r"\*\*(?:Time|Tiempo|Tempo):\*\*\s*([^·\n]+)")
HEADER_QUESTION = re.compile(r"\*\*(?:Central question|Pregunta central|Pergunta central):\*\*\s*"
                             r"(.+?)(?:\n\s*\n|\Z)", re.S)
HEADER_OBJECTIVES = re.compile(r"\*\*(?:Learning objectives|Objectives|Objetivos de aprendizaje|"
                               r"Objetivos de aprendizagem|Objetivos)\.?\*\*", re.I)


def lesson_info(notebook, stem: str) -> dict:
    """Title, duration, central question and objectives: from the lesson's header cell (the
    format in TOOLKIT.md), else from the notebook's ``intervention_history`` metadata."""
    meta = dict(notebook.metadata.get("intervention_history", {}))
    header = next((c.source for c in notebook.cells if c.cell_type == "markdown"), "")
    info = {"title": lesson_title(notebook, stem), "duration": "", "question": "", "objectives": []}
    time = HEADER_TIME.search(header)
    if time:
        info["duration"] = re.sub(r"\s*\(.*", "", time.group(1)).strip()
    question = HEADER_QUESTION.search(header)
    if question:  # the whole question, over as many lines as it takes
        info["question"] = re.sub(r"\s+", " ", question.group(1)).strip().strip("*_ ").strip()
    objectives = HEADER_OBJECTIVES.split(header, maxsplit=1)
    if len(objectives) == 2:
        items: list[str] = []
        for line in objectives[1].splitlines():
            if re.match(r"^\s*\d+\.\s", line):
                items.append(re.sub(r"^\s*\d+\.\s*", "", line).strip())
            elif items and line.startswith((" ", "\t")) and line.strip():
                items[-1] += " " + line.strip()  # a wrapped objective
            elif items and line.strip():
                break
        info["objectives"] = items
    for key in ("duration", "objectives"):
        if not info[key] and meta.get(key):
            info[key] = meta[key]
    return info


def lesson_title(notebook, stem: str) -> str:
    meta = notebook.metadata.get("intervention_history", {})
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    title = line[2:].strip()
                    return re.sub(r"^\d+[a-z]?\s*·\s*", "", title)
            break
    return meta.get("title") or stem
