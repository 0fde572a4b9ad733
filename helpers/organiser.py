"""The graphic organiser of a lesson (issue 25, MECH_SPEC 6): one page with a row for each
document the lesson reads and a column for each historian's question (sourcing, context,
corroboration, close reading), its cells empty, to fill in while reading. In a handout it prints
on one A4 page of its own.

    organiser("01_panama_1989")

The documents are those the lesson shows with ``read_document("...")``, in its order: read from
the lesson in a full copy of the pack, from the packed keys in a learner copy.
"""

from __future__ import annotations

import html
import re

from .errors import PackError, suggest
from .exercises import HTMLBlock
from .i18n import _
from .keys import lesson_documents as packed
from .keys import lessons_dir
from .primary_documents import QUESTIONS, _row, _when
from .words import text_words

READ = re.compile(r"""\bread_document\(\s*["']([\w-]+)["']""")
PAGE_HEIGHT_MM = 160  # what the rows share on one A4 page (265 mm inside its margins), under the
# title, the note and the headings; a row never gets less than 14 mm, nor more than 40


def lesson_documents(lesson: str, core: bool = False) -> list[str]:
    """The ids of the documents a lesson reads (its learner cells' ``read_document`` calls), in
    order, each once; ``core=True``: only those of the session's own parts (not of a part
    marked optional, nor of Going further)."""

    found = packed(lesson, core)
    if found is not None:
        return found
    path = lessons_dir() / f"{lesson}.ipynb"
    if not path.is_file():
        known = sorted(p.stem for p in lessons_dir().glob("*.ipynb"))
        raise suggest(lesson, known, "lesson")
    return documents_in(path, core)


HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.M)
OPTIONAL_PART = re.compile(r"\boptional\b|^Going further\b", re.I)


def documents_in(path, core: bool = False) -> list[str]:
    """The document ids a lesson notebook reads, in order (facilitator and solution cells aside);
    ``core=True`` leaves out those read under a heading marked optional or Going further, until
    the next heading at the same level or above."""
    import json

    notebook = json.loads(path.read_text(encoding="utf-8"))
    ids: list[str] = []
    optional: dict[int, bool] = {}  # heading level -> is that part optional
    for cell in notebook.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            for hashes, title in HEADING.findall(source):
                level = len(hashes)
                optional = {k: v for k, v in optional.items() if k < level}
                optional[level] = bool(OPTIONAL_PART.search(title.strip()))
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.get("cell_type") != "code" or tags & {"facilitator", "solution", "remove-cell"}:
            continue
        if core and any(optional.values()):
            continue
        ids += [doc for doc in READ.findall(source) if doc not in ids]
    return ids


def organiser(lesson: str) -> HTMLBlock:
    """A one-page graphic organiser for a lesson's documents: a row per document, a column per
    historian's question, the cells empty to fill in (on paper, or copied into your notes).

    >>> from helpers import organiser
    >>> "Corroboration" in organiser("01_panama_1989")._repr_html_()
    True
    """

    if not isinstance(lesson, str) or not lesson.strip():
        raise PackError(_("organiser() takes a lesson name in quotes, like organiser('01_panama_1989')."))
    ids = lesson_documents(lesson.strip(), core=True) or lesson_documents(lesson.strip())
    later = [doc for doc in lesson_documents(lesson.strip()) if doc not in ids]
    if not ids:
        raise PackError(_("Lesson {lesson} reads no document with read_document(), so there is no "
                          "organiser to fill in.").replace("{lesson}", lesson))
    e = html.escape
    height = max(10, min(40, PAGE_HEIGHT_MM // len(ids)))  # each row's writing space, in mm (one A4 page)
    heads = "".join(f"<th scope='col'>{e(_(question))}</th>" for question in QUESTIONS)
    legend = "".join(f"<li><strong>{e(_(question))}.</strong> {e(_(prompt))}</li>" for question, prompt in QUESTIONS.items())
    rows, text = [], [f"{_('Graphic organiser')}: {lesson}"]
    for number, doc_id in enumerate(ids, 1):
        row = _row(doc_id)
        label = f"{number}. {text_words(row['speaker'], 'speaker')}, {_when(row)}"
        rows.append(f"<tr style='height:{height}mm'><th scope='row'>{e(label)}<br>"
                    f"<span class='ih-org-id'>{e(doc_id)}</span></th>"
                    + "<td></td>" * len(QUESTIONS) + "</tr>")
        text.append(f"  {label} ({doc_id}): " + " | ".join(_(q) for q in QUESTIONS) + ": ...")
    intro = _("For each document, write a few words under each question as you read it; then compare "
              "your notes with your partner.")
    if later:  # the optional parts' documents: named, so that their readers add their rows
        intro += " " + _("The optional parts read {n} more: {ids}; add a row for each you read.").format(
            n=len(later), ids=", ".join(later))
        text.append(_("The optional parts read {n} more: {ids}; add a row for each you read.").format(
            n=len(later), ids=", ".join(later)))
    body = (f"<section class='ih-organiser' data-lesson='{e(lesson)}'>"
            f"<h4>{e(_('Graphic organiser: reading the documents'))}</h4>"
            f"<p>{e(intro)}</p><ul class='ih-org-legend'>{legend}</ul>"
            f"<table><thead><tr><th scope='col'>{e(_('Document'))}</th>{heads}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")
    return HTMLBlock(body, "\n".join(text))
