"""Languages: the pack speaks English, Spanish and Portuguese.

English is the source. Translations live in standard gettext catalogues (``.po`` files, read
with Babel), so translators can use the tools they already know:

- ``helpers/locale/<lang>/LC_MESSAGES/helpers.po``: what the helpers say (feedback, labels);
- ``lessons/locale/<lang>/LC_MESSAGES/<lesson>.po``: a lesson's cells and its exercises;
- ``data/locale/<lang>/LC_MESSAGES/data.po``: the words in the tables (event titles,
  document headnotes, glossary definitions). Figures, dates and sources never change.

A message is used only when its English text is still the one that was translated; otherwise
English shows (and the build marks the page as predating a change in the English lesson).

    from helpers import set_language
    set_language("es")        # feedback, cards, labels and table words in Spanish
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .errors import PackError, suggest

LANGUAGES = {"en": "English", "es": "Español", "pt": "Português"}
SOURCE = "en"
HERE = Path(__file__).resolve().parent
_chosen: list[str] = []


def set_language(language: str) -> str:
    """Choose the language of feedback, labels and table words: "en", "es" or "pt".

    >>> from helpers import set_language
    >>> set_language("es")
    'es'
    >>> set_language("en")
    'en'
    """
    if not isinstance(language, str):
        raise PackError("set_language() takes a language code: 'en', 'es' or 'pt'.")
    code = language.strip().lower()[:2]
    if code not in LANGUAGES:
        raise suggest(language, list(LANGUAGES), "language")
    _chosen[:] = [code]
    return code


class using_language:
    """``with using_language("es"): ...`` runs a block in one language, then restores the one
    in use before (the build renders each edition this way)."""

    def __init__(self, language: str):
        self.language = language

    def __enter__(self):
        self.before = list(_chosen)
        set_language(self.language)
        return self.language

    def __exit__(self, *_exc):
        _chosen[:] = self.before
        return False


def get_language() -> str:
    """The language in use: set_language(), else INTERVENTION_HISTORY_LANG, else English."""
    if _chosen:
        return _chosen[0]
    code = os.environ.get("INTERVENTION_HISTORY_LANG", SOURCE).strip().lower()[:2]
    return code if code in LANGUAGES else SOURCE


def lessons_locale() -> Path:
    from .exercises import lessons_dir

    return lessons_dir() / "locale"


def data_locale() -> Path:
    from .catalog import data_dir

    return data_dir() / "locale"


def catalog_path(kind: str, language: str, name: str = "") -> Path:
    """Where a catalogue lives: kind is 'helpers', 'data' or 'lesson' (name = lesson stem)."""
    return _catalog_path(kind, language, name, os.environ.get("INTERVENTION_HISTORY_DATA"),
                         os.environ.get("INTERVENTION_HISTORY_LESSONS"))


@functools.lru_cache(maxsize=256)
def _catalog_path(kind: str, language: str, name: str, _data, _lessons) -> Path:
    """(Cached per folder override: a table's words look their catalogue up once per cell.)"""
    base = {"helpers": HERE / "locale", "data": data_locale, "lesson": lessons_locale}[kind]
    base = base if isinstance(base, Path) else base()
    stem = {"helpers": "helpers", "data": "data", "lesson": name}[kind]
    return base / language / "LC_MESSAGES" / f"{stem}.po"


@functools.lru_cache(maxsize=64)
def _read(path: str, _mtime: int) -> dict[tuple[str | None, str], str]:
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return {(m.context, m.id): m.string for m in catalog
            if m.id and m.string and not m.fuzzy and isinstance(m.string, str)}


def messages(path: Path) -> dict[tuple[str | None, str], str]:
    """The usable translations of a catalogue: (context, English) -> translation."""
    if not path.exists():
        return {}
    return _read(str(path), path.stat().st_mtime_ns)


def translate(text: str, kind: str = "helpers", name: str = "", context: str | None = None,
              language: str | None = None) -> str:
    """The translation of an English text, or the text itself."""
    language = language or get_language()
    if language == SOURCE or not isinstance(text, str) or not text:
        return text
    return messages(catalog_path(kind, language, name)).get((context, text), text)


def _(text: str) -> str:
    """Translate one of the helpers' own messages into the language in use."""
    return translate(text)


# Words of the tables a learner reads, by table (``*`` stands for any case).
DATA_FIELDS = {
    "events": ("title", "description"),
    "documents": ("headnote", "role"),
    "compare/glossary": ("term", "expansion", "definition"),
}
ROW_IDS = {"events": "event_id", "documents": "doc_id", "compare/glossary": "slug"}


def _kind_of(table: str) -> str | None:
    if table in DATA_FIELDS:
        return table
    tail = table.split("/")[-1]
    return tail if tail in DATA_FIELDS and tail != "glossary" else None


def data_context(table: str, row_id: str, field: str) -> str:
    return f"{table}|{row_id}|{field}"


def translate_table(frame, table: str, language: str | None = None):
    """The table with its words (not its figures, dates or sources) in the language in use."""
    language = language or get_language()
    kind = _kind_of(table)
    if language == SOURCE or kind is None or not len(frame):
        return frame
    found = messages(catalog_path("data", language))
    if not found:
        return frame
    key = ROW_IDS[kind]
    frame = frame.copy()
    for field in DATA_FIELDS[kind]:
        if field not in frame:
            continue
        frame[field] = [found.get((data_context(table, rid, field), text), text)
                        if isinstance(text, str) else text
                        for rid, text in zip(frame[key], frame[field])]
    return frame


def document_rendering(table: str, row: dict, language: str | None = None) -> tuple[str, str]:
    """(rendering, language of the rendering) of a document's excerpt for the edition.

    English edition: the English rendering of a non-English original. Other editions: none
    when the original is in the edition's language; else the translated rendering if there
    is one, else the English one (said so).
    """
    language = language or get_language()
    original = row.get("language")
    english = row.get("excerpt_en") if isinstance(row.get("excerpt_en"), str) else ""
    if language == SOURCE:
        return (english, "en") if original != "en" and english else ("", "")
    if original == language:
        return "", ""
    found = messages(catalog_path("data", language))
    rendering = found.get((data_context(table, row["doc_id"], "excerpt"), row["excerpt"]))
    if rendering:
        return rendering, language
    return (english, "en") if english else ("", "")
