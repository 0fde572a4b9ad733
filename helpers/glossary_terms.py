"""The glossary: terms and acronyms a learner meets (OFAC, SOUTHCOM, FARC, general licence...),
each with a definition and, where a definition is contested, who defines it how.

In a lesson, a term's first use links to its entry: ``[OFAC](#glossary-ofac)``; the lesson ends
with ``glossary_for("03a_venezuela_sanctions")``, which lists the terms it links, with those
anchors, so the links work in JupyterLab and in the handouts.

    glossary("OFAC")          # one entry
    glossary()                # the whole glossary, as a table
"""

from __future__ import annotations

import html
import re

from .catalog import data_dir
from .citations import _bibliography_rows, citation_html
from .data import load
from .errors import PackError, suggest
from .exercises import HTMLBlock, lessons_dir
from .i18n import SOURCE, _, get_language, translate_table
from .keys import glossary_links

LINK = re.compile(r"\]\(#glossary-([a-z0-9-]+)\)")


def _table():
    return translate_table(load("compare/glossary"), "compare/glossary")


def glossary(term: str | None = None):
    """The glossary as a table, or one entry (by term or acronym, any case).

    >>> from helpers import glossary
    >>> "definition" in glossary().columns
    True
    """
    frame = _table()
    if term is None:
        return frame
    if not isinstance(term, str):
        raise PackError("glossary() takes a term as text, such as glossary('OFAC').")
    key = term.strip().casefold()
    english = _english_terms()  # a term may be asked for in English in every edition
    match = frame[(frame["term"].str.casefold() == key) | (frame["slug"] == _slug(term))
                  | frame["slug"].map(lambda s: english.get(s, "").casefold() == key)]
    if not len(match):
        raise suggest(term, list(frame["term"]), "glossary term", see="glossary()")
    return _entries(match)


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def _english_terms() -> dict[str, str]:
    """slug -> the English term (the glossary's headwords as the tables store them)."""
    import csv

    try:
        with open(data_dir() / "compare" / "glossary.csv", encoding="utf-8-sig", newline="") as handle:
            return {row["slug"]: row.get("term") or "" for row in csv.DictReader(handle)}
    except (OSError, csv.Error, UnicodeDecodeError, KeyError):
        return {}


def headword_html(slug: str, term: str, expansion: str = "", english: str = "") -> str:
    """A headword in the edition's language, with the English term in brackets (marked as
    English) where it differs, and what an acronym stands for."""
    e = html.escape
    words = e(term)
    if english and english.casefold() != term.casefold() and get_language() != SOURCE:
        words += f" <span lang='en'>({e(english)})</span>"
    if expansion:
        words += f" ({e(expansion)})"
    return words


def sort_key(term: str) -> tuple:
    """Dictionary order in the edition's language: accents ignored, ñ after n."""
    import unicodedata

    text = term.casefold().replace("ñ", "n\uffff")
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return (folded, term)


def _entries(rows) -> HTMLBlock:
    e = html.escape
    english = _english_terms()
    bibliography = _bibliography_rows()
    items, text = [], []
    for row in rows.itertuples():
        expansion = row.expansion if isinstance(row.expansion, str) and row.expansion else ""
        source = (f" <span class='ih-source'>{e(_('Source:'))} {citation_html(bibliography[row.source_id])}</span>"
                  if row.source_id and row.source_id in bibliography else "")
        items.append(f"<dt id='glossary-{e(row.slug)}'>{headword_html(row.slug, row.term, expansion, english.get(row.slug, ''))}</dt>"
                     f"<dd>{e(row.definition)}{source}</dd>")
        text.append(f"{row.term}{' (' + expansion + ')' if expansion else ''}: {row.definition}")
    return HTMLBlock(f"<dl class='ih-glossary'>{''.join(items)}</dl>", "\n".join(text))


def terms_linked_in(lesson: str) -> list[str]:
    """The glossary slugs a lesson links to, in order of first use."""
    import nbformat

    path = lessons_dir() / f"{lesson}.ipynb"
    if not path.exists():
        packed = glossary_links(lesson)  # a learner copy: the links were packed with the keys
        if packed is not None:
            return packed
        lessons = sorted(p.stem for p in lessons_dir().glob("*.ipynb"))
        raise suggest(lesson, lessons, "lesson")
    seen: list[str] = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for slug in LINK.findall(cell.source):
                if slug not in seen:
                    seen.append(slug)
    return seen


def glossary_for(lesson: str) -> HTMLBlock:
    """The glossary entries a lesson links to, with the anchors its links point at."""
    frame = _table()
    slugs = terms_linked_in(lesson)
    unknown = [s for s in slugs if s not in set(frame["slug"])]
    if unknown:
        raise PackError(f"{lesson} links to glossary terms that are not in "
                        f"data/compare/glossary.csv: {', '.join(unknown)}. Add them, or fix the link.")
    rows = frame.set_index("slug").loc[slugs].reset_index()
    block = _entries(rows)
    return HTMLBlock(f"<section class='ih-glossary-section'><h3>{html.escape(_('Glossary'))}</h3>" + block.body
                     + "</section>", block.text)
