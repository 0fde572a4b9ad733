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
import re
import unicodedata
from pathlib import Path

from .errors import PackError, UnknownNameError

LANGUAGES = {"en": "English", "es": "Español", "pt": "Português"}
SOURCE = "en"
HERE = Path(__file__).resolve().parent
_chosen: list[str] = []


def set_language(language: str) -> str:
    """Choose the language of feedback, labels and table words: "en", "es" or "pt".

    A language code ("es", "pt-BR", "es_419") or a name in the pack's languages ("Spanish",
    "Español", "português") is understood; anything else is an error that lists them.

    >>> from helpers import set_language
    >>> set_language("es")
    'es'
    >>> set_language("pt-BR")
    'pt'
    >>> set_language("en")
    'en'
    """
    if not isinstance(language, str):
        raise PackError(_("set_language() takes a language code: 'en', 'es' or 'pt'."))
    code = language_code(language)
    if code is None:
        shown = language if len(language) <= 40 else language[:40] + "..."
        raise UnknownNameError(_("Unknown language {language}: use 'en', 'es' or 'pt' (or a name such "
                                 "as 'Spanish', 'Español', 'Português').").format(language=repr(shown)))
    _chosen[:] = [code]
    return code


# Names of the pack's languages as people write them, accents folded, in lower case.
LANGUAGE_NAMES = {
    "en": ("english", "ingles", "inglés", "inglês"),
    "es": ("spanish", "espanol", "español", "castellano", "espanhol"),
    "pt": ("portuguese", "portugues", "português", "portugués"),
}
_TAG = re.compile(r"([a-z]{2})(?:[-_](?:[a-z]{2}|\d{3}))?")


def language_code(language: str) -> str | None:
    """'es', 'es-419', 'pt_BR', 'Spanish', 'Português' -> the pack's code; else None.

    >>> language_code("Estonian") is None, language_code("ptolemy") is None
    (True, True)
    """
    text = str(language).strip().lower()
    match = _TAG.fullmatch(text)
    if match:
        return match.group(1) if match.group(1) in LANGUAGES else None
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for code, names in LANGUAGE_NAMES.items():
        if text in names or folded in names:
            return code
    return None


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
    return language_code(os.environ.get("INTERVENTION_HISTORY_LANG", SOURCE)) or SOURCE


def lessons_locale() -> Path:
    from .exercises import lessons_dir

    return lessons_dir() / "locale"


def data_locale() -> Path:
    from .catalog import data_dir

    return data_dir() / "locale"


def catalog_path(kind: str, language: str, name: str = "") -> Path:
    """Where a catalogue lives: kind is 'helpers', 'data' or 'lesson' (name = lesson stem)."""
    base = {"helpers": HERE / "locale", "data": data_locale(), "lesson": lessons_locale()}[kind]
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
    "compare/glossary": ("definition",),
    "compare/verdict_scale": ("definition", "ask", "example"),
}
ROW_IDS = {"events": "event_id", "documents": "doc_id", "compare/glossary": "slug",
           "compare/verdict_scale": "verdict"}


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
