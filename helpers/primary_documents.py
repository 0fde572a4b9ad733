"""Primary documents: short excerpts of what people said and wrote at the time, read as a
historian reads them.

Each case has a ``documents`` table (``data/<case>/documents.csv``): who spoke, in what role,
when, from which perspective, the words in their original language (with an English rendering
where needed), a headnote in the pack's neutral voice, and where the excerpt was read.

    from helpers import documents, read_document
    documents("panama")                 # every excerpt of the case, as a table
    read_document("pa_doc_001")         # one excerpt as a card, with the historian's questions
"""

from __future__ import annotations

import html

from .citations import _bibliography_rows, citation_html, cite
from .data import load
from .errors import PackError, suggest
from .i18n import _, document_rendering, get_language, translate_table
from .words import text_words

CASES = ("panama", "colombia", "venezuela", "region")

PERSPECTIVES = {
    "us_government": "US government",
    "target_government": "Target government",
    "partner_government": "Partner government",
    "domestic_opposition": "Domestic opposition",
    "armed_group": "Armed group",
    "affected_people": "Affected people",
    "critics_and_rights_groups": "Critics and rights groups",
    "regional_and_international": "Regional governments and international bodies",
    "court_or_tribunal": "Court, tribunal or truth commission",
    "scholar_or_journalist": "Scholar or journalist",
}

#: The six groups a case's document set must cover, two documents at least in each (issue 26):
#: the US government; the country's government (the target of US action, or its partner); the
#: domestic opposition; affected people; rights groups and international bodies; and armed
#: groups, courts, scholars and journalists.
COVERAGE_GROUPS = {
    "us_government": "us_government",
    "target_government": "country_government",
    "partner_government": "country_government",
    "domestic_opposition": "domestic_opposition",
    "affected_people": "affected_people",
    "critics_and_rights_groups": "rights_groups_and_international",
    "regional_and_international": "rights_groups_and_international",
    "armed_group": "armed_groups_courts_scholars",
    "court_or_tribunal": "armed_groups_courts_scholars",
    "scholar_or_journalist": "armed_groups_courts_scholars",
}

KINDS = {
    "speech": "Speech", "statement": "Statement", "letter": "Letter",
    "order_or_law": "Order or law", "resolution": "Resolution", "report": "Report",
    "testimony": "Testimony", "news_report": "News report of the time", "interview": "Interview",
    "court_filing": "Court filing",
}

LANGUAGES = {"en": "English", "es": "Spanish", "pt": "Portuguese"}

# The four habits of a historian (Stanford History Education Group, "Reading Like a Historian").
QUESTIONS = {
    "Sourcing": "Who wrote or said this, when, and why? What did they want the audience to think?",
    "Context": "What was happening at the time? What did the speaker know, and not know, then?",
    "Corroboration": "What do other documents and the data say? Where do they agree or differ?",
    "Close reading": "Which words does the speaker choose, and what do those words do?",
}


def documents(case: str, perspective: str | None = None):
    """The primary documents of a case, one row per excerpt.

    >>> from helpers import documents
    >>> docs = documents("panama")
    >>> {"doc_id", "speaker", "perspective", "excerpt"} <= set(docs.columns)
    True
    """

    if not isinstance(case, str) or case.strip().lower() not in CASES:
        if isinstance(case, str):
            raise suggest(case.strip().lower(), CASES, "case")
        raise PackError(f"documents() takes a case name such as 'panama', not {type(case).__name__}. "
                        f"Cases: {', '.join(CASES)}.")
    frame = translate_table(load(f"{case.strip().lower()}/documents"), f"{case.strip().lower()}/documents")
    if perspective is not None:
        key = str(perspective).strip().lower().replace(" ", "_")
        if key not in PERSPECTIVES:
            raise suggest(key, list(PERSPECTIVES), "perspective")
        frame = frame[frame["perspective"] == key]
    return frame.reset_index(drop=True)


def _row(doc_id: str) -> dict:
    if not isinstance(doc_id, str):
        raise PackError(f"read_document() takes a document id such as 'pa_doc_001', not "
                        f"{type(doc_id).__name__}. documents('panama') lists the ids.")
    doc_id = doc_id.strip()
    case = {"pa": "panama", "co": "colombia", "ve": "venezuela", "rg": "region"}.get(doc_id[:2])
    cases = [case] if case else list(CASES)
    ids = []
    for name in cases:
        frame = documents(name)
        match = frame[frame["doc_id"] == doc_id]
        if len(match):
            return match.iloc[0].to_dict()
        ids += list(frame["doc_id"])
    raise suggest(doc_id, ids, "document id", see="documents('<case>')")


def _when(row: dict) -> str:
    from babel.dates import format_date

    date, precision = row["date"], row.get("date_precision", "day")
    if precision == "year":
        return f"{date.year}"
    language = get_language()
    if precision == "month":
        return format_date(date, "LLLL y", locale=language)
    return format_date(date, "d MMMM y" if language == "en" else "d 'de' MMMM 'de' y", locale=language)


def rendering_html(text: str, text_language: str, translated_by: str | None = None) -> str:
    """A quotation's rendering in the edition's language, labelled as whose translation it is
    (empty when there is none).

    >>> "ih-doc-rendering" in rendering_html("Hola", "es")
    True
    """
    if not text:
        return ""
    e = html.escape
    by = _("the pack's translation") if text_language != "en" or translated_by in (
        None, "", "the pack") else str(translated_by)
    heading = (f"{_('English rendering')} ({by}):" if text_language == "en"
               else _("The pack's translation:"))  # not "Translation (the pack's translation)"
    return (f'<p class="ih-doc-rendering-label">{e(heading)}</p>'
            f'<blockquote class="ih-doc-rendering" lang="{e(text_language)}">{e(text)}</blockquote>')


class DocumentCard:
    """One document, shown as a card in JupyterLab and in the handouts (plain text elsewhere)."""

    def __init__(self, row: dict):
        self.row = row

    @property
    def citation(self) -> str:
        return cite(self.row["source_id"])

    def _citation_html(self) -> str:
        """The citation, its title marked as published (in its own language)."""

        row = _bibliography_rows().get(self.row["source_id"])
        return citation_html(row) if row else html.escape(self.citation)

    def _rendering(self) -> tuple[str, str]:  # see rendering_html()
        table = {"pa": "panama", "co": "colombia", "ve": "venezuela", "rg": "region"}.get(
            self.row["doc_id"][:2], "")
        return document_rendering(f"{table}/documents", self.row)

    def _repr_html_(self) -> str:
        row, e = self.row, html.escape
        language = row["language"]
        original = (f'<blockquote class="ih-doc-excerpt" lang="{e(language)}">'
                    f'{e(row["excerpt"])}</blockquote>')
        rendering = rendering_html(*self._rendering(), row.get("translated_by"))
        questions = "".join(f"<li><strong>{e(_(k))}.</strong> {e(_(v))}</li>" for k, v in QUESTIONS.items())
        return (
            f'<article class="ih-document" id="{e(row["doc_id"])}" aria-label="{e(_("Document"))} {e(row["doc_id"])}">'
            f'<header><p class="ih-doc-kicker">{e(_(KINDS.get(row["kind"], row["kind"])))} · '
            f'{e(_(PERSPECTIVES.get(row["perspective"], row["perspective"])))} · {e(row["doc_id"])}</p>'
            f'<h4 class="ih-doc-title">{e(text_words(row["speaker"], "speaker"))}, {e(_when(row))}</h4>'
            f'<p class="ih-doc-role">{e(row["role"])}</p></header>'
            f'<p class="ih-doc-headnote">{e(row["headnote"])}</p>{original}{rendering}'
            f'<p class="ih-doc-source"><strong>{e(_("Where it was read:"))}</strong> {self._citation_html()} '
            f'({e(text_words(row["locator"], "locator"))}). {e(_("Language of the words read:"))} {e(_(LANGUAGES.get(language, language)))}.</p>'
            f'<details class="ih-doc-questions" open><summary>{e(_("Read it as a historian"))}</summary>'
            f"<ul>{questions}</ul></details></article>")

    def __repr__(self) -> str:
        row = self.row
        lines = [f"{row['doc_id']} · {_(KINDS.get(row['kind'], row['kind']))} · "
                 f"{_(PERSPECTIVES.get(row['perspective'], row['perspective']))}",
                 f"{row['speaker']} ({row['role']}), {_when(row)}", "", row["headnote"], "",
                 f'"{row["excerpt"]}"']
        text, text_language = self._rendering()
        if text:
            label = _("English rendering") if text_language == "en" else _("Rendering")
            lines += ["", f'{label}: "{text}"']
        lines += ["", f"{_('Read in:')} {self.citation} ({row['locator']})", ""]
        lines += [f"{_(k)}: {_(v)}" for k, v in QUESTIONS.items()]
        return "\n".join(lines)


def read_document(doc_id: str) -> DocumentCard:
    """One document as a card: headnote, the words, who/when/where from, and the four
    historian's questions (sourcing, context, corroboration, close reading).

    >>> from helpers import documents, read_document
    >>> first = documents("panama")["doc_id"].iloc[0]
    >>> "Sourcing" in read_document(first)._repr_html_()
    True
    """
    return DocumentCard(_row(doc_id))
