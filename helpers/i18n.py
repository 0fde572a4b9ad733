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
from dataclasses import dataclass, field
from pathlib import Path

from . import keys
from .exceptions import PackError, UnknownNameError
from .paths import data_locale, helpers_locale, lessons_locale

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


def catalog_path(kind: str, language: str, name: str = "") -> Path:
    """Where a catalogue lives: kind is 'helpers', 'data' or 'lesson' (name = lesson stem)."""
    return _catalog_path(kind, language, name, os.environ.get("INTERVENTION_HISTORY_DATA"),
                         os.environ.get("INTERVENTION_HISTORY_LESSONS"), helpers_locale())


@functools.lru_cache(maxsize=256)
def _catalog_path(kind: str, language: str, name: str, _data, _lessons, helpers: Path) -> Path:
    """(Cached per folder: a table's words look their catalogue up once per cell.)"""
    base = helpers if kind == "helpers" else {"data": data_locale, "lesson": lessons_locale}[kind]()
    stem = {"helpers": "helpers", "data": "data", "lesson": name}[kind]
    return base / language / "LC_MESSAGES" / f"{stem}.po"


# A line of a .po file: a keyword and its quoted text, or more quoted text, or a comment.
_PO_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)(?:\s+(.*))?$")
_PO_TEXT = re.compile(r'^"(?:[^"\\]|\\.)*"$')
# A named placeholder that str.format() fills: {n}, {title!r}, {share:.0%} ({{ is a brace).
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(text: str) -> set[str]:
    """The names a message fills with str.format(): {n} in 'found {n} sources'."""
    return set(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


@dataclass
class Catalogue:
    """A catalogue as read for use: the messages safe to show, and what is wrong with it, one
    line per problem naming the file and line and what to do. A damaged message (a broken
    line, placeholders unlike the English's) is left out, so the English shows instead."""

    path: Path
    exists: bool = False
    catalog: object = None  # Babel's Catalog; None when missing or unreadable as a whole
    usable: dict = field(default_factory=dict)  # (context, English) -> translation
    problems: list = field(default_factory=list)


def shown(path: Path) -> str:
    """A file's name as a contributor finds it: relative to the pack when inside it."""
    try:
        return Path(path).resolve().relative_to(HERE.parent).as_posix()
    except ValueError:
        return str(path)


def read_catalogue(path: Path) -> Catalogue:
    """Read and check a catalogue (cached while the file is unchanged)."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return Catalogue(path)
    except OSError as error:
        return Catalogue(path, True, problems=[f"{shown(path)}: cannot be read ({error.strerror})."])
    return _read_catalogue(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_catalogue(name: str, _mtime: int, _size: int) -> Catalogue:
    from babel.messages.pofile import PoFileError, read_po

    path = Path(name)
    found = Catalogue(path, True)
    where = shown(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        found.problems.append(f"{where}: cannot be read ({error.strerror}).")
        return found
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        found.problems.append(
            f"{where} line {line}: the file is not UTF-8 (byte 0x{data[error.start]:02x}), so none "
            "of it can be used. Save it as UTF-8 (Poedit does; or: iconv -f latin1 -t utf-8), "
            "with charset=UTF-8 in its header.")
        return found
    lines = text.split("\n")  # as Babel counts lines
    broken = _broken_lines(lines)  # {line number: what is wrong}
    entries = _entries(lines)  # line number -> the line of its message's msgid
    for number, what in broken.items():
        found.problems.append(f"{where} line {number}: {what}")
        prefix = "#~ " if lines[number - 1].lstrip().startswith("#~") else ""
        keyword = _PO_KEYWORD.match(lines[number - 1].lstrip("#~ \t"))
        lines[number - 1] = prefix + (f'{keyword.group(1)} ""' if keyword else '""')
    try:
        catalog = read_po(lines, abort_invalid=True)
    except (PoFileError, ValueError) as error:
        number = getattr(error, "lineno", -1) + 1
        found.problems.append(f"{where}{f' line {number}' if number > 0 else ''}: not a valid "
                              f".po file ({str(error).split(' on ')[0]}). Fix that line, or "
                              f"restore the file: git checkout -- {where}")
        return found
    damaged = {entries.get(number) for number in broken}
    found.catalog = catalog
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
            continue
        if message.lineno in damaged or not message.string or message.fuzzy:
            continue
        wanted, given = placeholders(message.id), placeholders(message.string)
        if wanted != given:
            found.problems.append(
                f"{where} line {message.lineno}: the translation's placeholders "
                f"({_names(given)}) are not the English's ({_names(wanted)}). Write each "
                "{name} exactly as in the msgid, untranslated.")
            continue
        found.usable[(message.context, message.id)] = message.string
    found.problems.sort(key=lambda problem: int(re.search(r" line (\d+)", problem).group(1)))
    return found


def _names(names: set[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names)) or "none"


def _broken_lines(lines: list[str]) -> dict[int, str]:
    """Lines that are not a .po line: a text without its closing quote above all (Babel would
    read it with its last character cut off, and publish a stray backslash)."""
    broken = {}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].strip()
        elif line.startswith("#") or not line:
            continue
        keyword = _PO_KEYWORD.match(line)
        text = (keyword.group(2) or "").strip() if keyword else line
        if _PO_TEXT.match(text):
            continue
        if text.startswith('"'):
            broken[number] = ("the text has no closing quote (or a quote inside it lacks its "
                              'backslash). End the line with ", and write a quote inside the '
                              'text as \\".')
        else:
            broken[number] = ("this is not a line of a .po file (each line is a comment, a "
                              'keyword such as msgstr with its "text", or more "text"). Fix it, '
                              "or restore the file from git.")
    return broken


def _entries(lines: list[str]) -> dict[int, int | None]:
    """Each line's message, by the line of its msgid (what Babel calls a message's lineno)."""
    owner: dict[int, int | None] = {}
    current: list[int] = []
    msgid_line = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        keyword = _PO_KEYWORD.match(line[2:].strip() if line.startswith("#~") else line)
        name = keyword.group(1) if keyword else None
        if name == "msgctxt" or (name == "msgid" and msgid_line is not None):  # a new message
            owner.update(dict.fromkeys(current, msgid_line))
            current, msgid_line = [], None
        if name == "msgid":
            msgid_line = number
        current.append(number)
    owner.update(dict.fromkeys(current, msgid_line))
    return owner


def messages(path: Path) -> dict[tuple[str | None, str], str]:
    """The usable translations of a catalogue: (context, English) -> translation. A missing or
    damaged catalogue gives none, a damaged message is left out: English shows instead."""
    return read_catalogue(path).usable


def translate(text: str, kind: str = "helpers", name: str = "", context: str | None = None,
              language: str | None = None) -> str:
    """The translation of an English text, or the text itself."""
    language = language or get_language()
    if language == SOURCE or not isinstance(text, str) or not text:
        return text
    if kind == "lesson":  # from lessons/locale, or packed into a learner copy's package
        return lesson_messages(name, language).get((context, text), text)
    return messages(catalog_path(kind, language, name)).get((context, text), text)


def lesson_messages(lesson: str, language: str) -> dict[tuple[str | None, str], str]:
    """The usable translations of a lesson's exercises, written task and reading list:
    (context, English) -> translation; in a learner copy, as packed inside the package."""
    content = keys.packed()
    if content is None:
        return messages(catalog_path("lesson", language, lesson))
    rows = (content["lessons"].get(lesson) or {}).get("messages", {}).get(language, [])
    return {(context, english): text for context, english, text in rows}


def _(text: str) -> str:
    """Translate one of the helpers' own messages into the language in use."""
    return translate(text)


# Words of the tables a learner reads, by table (``*`` stands for any case).
DATA_FIELDS = {
    "events": ("title", "description"),
    "documents": ("headnote", "role"),
    "compare/glossary": ("term", "expansion", "definition"),
    "compare/claims": ("claim",),
    "compare/claim_evidence": ("what", "what_it_shows"),
    "compare/outlets": ("what_it_is", "who_runs_it", "funding", "what_others_say", "says_of_itself",
                        "used_in_pack"),
    "compare/verdict_scale": ("definition", "ask", "example"),
    "region/interventions": ("title",),
}
ROW_IDS = {"events": "event_id", "documents": "doc_id", "compare/glossary": "slug",
           "compare/claims": "claim_id", "compare/claim_evidence": "evidence_id",
           "compare/outlets": "outlet_id", "compare/verdict_scale": "verdict",
           "region/interventions": "intervention_id"}


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
    """(rendering, language of the rendering) of a quoted excerpt for the edition: a document's,
    or an evidence row's (``compare/claim_evidence``).

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
    row_id = row[ROW_IDS[_kind_of(table)]]
    rendering = found.get((data_context(table, row_id, "excerpt"), row["excerpt"]))
    if rendering:
        return rendering, language
    return (english, "en") if english else ("", "")
