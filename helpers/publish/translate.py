"""Translations of the lessons, the exercises, the helpers' messages and the tables' words,
kept in gettext catalogues (``.po``) with Babel.

English is the source. One catalogue per lesson and language, keyed by cell id:

    lessons/locale/es/LC_MESSAGES/01_panama_1989.po     a lesson's cells and exercises
    data/locale/es/LC_MESSAGES/data.po                  event titles, headnotes, glossary...
    helpers/locale/es/LC_MESSAGES/helpers.po            what check() and the cards say

``python -m helpers translate update`` brings every catalogue in step with the English
(new messages appear empty; changed ones are kept, marked fuzzy, with the old English beside
them); ``status`` says what is missing or stale. A translated lesson uses a cell's translation
only while the English it was made from is unchanged; otherwise the English cell shows and the
page carries a banner saying the translation predates a change in the English lesson.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import tokenize
from pathlib import Path

import nbformat
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ..answers import normalise_text, verdict_labels
from ..catalog import FIELD_CONTEXT, _read_package
from ..errors import PackError
from ..i18n import DATA_FIELDS, LANGUAGES, ROW_IDS, SOURCE, _kind_of, data_context, read_catalogue
from ..paths import ROOT
from ..words import CODE, CODE_FIELDS, TEXT_ROWS, english_words, text_fields
from .english import scan, summary

TARGETS = tuple(code for code in LANGUAGES if code != SOURCE)
# Tables whose rows quote a source: the excerpt keeps its language, and a rendering in each
# edition's language is kept in data.po (shown beside the quotation, never instead of it).
QUOTING = ("documents", "compare/claim_evidence")
# Learner-facing strings in code cells: these keyword arguments, and what print() prints.
CODE_KEYWORDS = {"title", "subtitle", "description", "label", "question", "placeholder",
                 "x_title", "y_title", "caption", "note"}
SKIP_TAGS = {"remove-cell"}
LESSON_NAME = re.compile(r"^\d\d[a-z]?_[a-z0-9_]+$")


def lessons(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "lessons").glob("*.ipynb") if LESSON_NAME.match(p.stem))


# ----------------------------------------------------------------------------- extraction
def code_strings(source: str) -> list[tuple[int, int, int, int, str, str]]:
    """The learner-facing strings of a code cell: (start row, col, end row, col, value, prefix).

    A string is learner-facing when it is the value of one of ``CODE_KEYWORDS`` (as a keyword
    argument or a plain assignment), what ``print()`` prints, or the question of
    ``predict(key, question, ...)``. Adjacent literals ("a " "b"), in brackets or not, count as
    one string. f-strings are offered only when no part of them needs evaluating.
    """
    import ast

    found = []
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
                  if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT,
                                    tokenize.INDENT, tokenize.DEDENT)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return found
    starts = set()
    for i, token in enumerate(tokens):
        if token.string == "=" and i >= 1 and tokens[i - 1].type == tokenize.NAME \
                and tokens[i - 1].string in CODE_KEYWORDS:
            starts.add(i + 1)
        elif token.string == "(" and i >= 1 and tokens[i - 1].string == "print":
            starts.add(i + 1)
        elif token.string == "(" and i >= 1 and tokens[i - 1].string == "predict":
            # predict("key", "question", ...): the question follows the first comma
            depth, j = 0, i + 1
            while j < len(tokens):
                if tokens[j].string in "([{":
                    depth += 1
                elif tokens[j].string in ")]}":
                    if depth == 0:
                        break
                    depth -= 1
                elif tokens[j].string == "," and depth == 0:
                    starts.add(j + 1)
                    break
                j += 1
    for start in sorted(starts):
        j = start
        while j < len(tokens) and tokens[j].string == "(" and j + 1 < len(tokens) \
                and tokens[j + 1].type == tokenize.STRING:
            j += 1  # a value in brackets: ("..." "...")
        run = []
        while j < len(tokens) and tokens[j].type == tokenize.STRING:
            run.append(tokens[j])
            j += 1
        if not run:
            continue
        prefixes = {re.match(r"^[A-Za-z]*", t.string).group(0).lower() for t in run}
        if any("b" in p for p in prefixes):
            continue
        try:
            parts = [ast.literal_eval(t.string[len(re.match(r"^[A-Za-z]*", t.string).group(0)):])
                     for t in run]
        except (ValueError, SyntaxError):
            continue
        prefix = "f" if any("f" in p for p in prefixes) else ""
        if prefix and any("{" in part for part, t in zip(parts, run)
                          if "f" not in re.match(r"^[A-Za-z]*", t.string).group(0).lower()):
            continue  # braces in a plain part would change meaning inside an f-string
        value = "".join(parts)
        if prefix:
            try:
                value, _fields = fstring_message(" ".join(t.string for t in run))
            except (ValueError, SyntaxError):
                continue
        found.append((*run[0].start, *run[-1].end, value, prefix))
    return found


# ----------------------------------------------------------------------------- f-strings
# A translator never writes code. An f-string's message is its text with each replacement
# field shown as a named placeholder ("Panama 1990: ${panama} per person"); the translation
# must use exactly the same placeholders, and the translated literal is rebuilt from the
# translator's words as plain text and the English expressions, so nothing a translator
# writes is ever evaluated.
def _placeholder_name(node) -> str:
    import ast

    expr = node.value
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
        return expr.func.id
    return "value"


def fstring_message(literals: str):
    """The message of an f-string (one literal, or adjacent ones as written in the code) and
    its placeholders: (text with {name} for each field, {name: the field's AST node})."""
    import ast

    node = ast.parse("(" + literals + ")", mode="eval").body
    values = node.values if isinstance(node, ast.JoinedStr) else [node]
    fields: dict = {}
    text = []
    for part in values:
        if isinstance(part, ast.Constant):
            text.append(str(part.value).replace("{", "{{").replace("}", "}}"))
            continue
        base = name = _placeholder_name(part)
        n = 1
        while name in fields and ast.dump(fields[name]) != ast.dump(part):
            n += 1
            name = f"{base}_{n}"
        fields[name] = part
        text.append("{" + name + "}")
    return "".join(text), fields


def placeholders(text: str) -> list[str]:
    """The {name} placeholders of a message, in order; ValueError for a brace out of place."""
    import string

    return [field for _literal, field, _spec, _conversion in string.Formatter().parse(text)
            if field is not None]


def fstring_translation(english_literals: str, translation: str) -> str:
    """Python source for the translated f-string: the translation's words as text, the English
    fields as code. ValueError (saying what is wrong) unless the translation uses exactly the
    English message's placeholders, each written as {name}."""
    import ast
    import string
    from collections import Counter

    message, fields = fstring_message(english_literals)
    try:
        parsed = list(string.Formatter().parse(translation))
    except ValueError as error:
        raise ValueError(f"a brace out of place ({error}); write a literal brace as {{{{ or }}}}") from None
    wanted = Counter(placeholders(message))
    used = Counter(field for _l, field, _s, _c in parsed if field is not None)
    odd = [f"{{{field}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
           for _l, field, spec, conversion in parsed
           if field is not None and (field not in fields or spec or conversion)]
    if odd or used != wanted:
        expected = " ".join("{" + name + "}" for name in placeholders(message)) or "none"
        got = " ".join(odd) if odd else " ".join("{" + name + "}" for name in used.elements()) or "none"
        raise ValueError(f"the placeholders must be the English's, written the same way "
                         f"({expected}); the translation has {got}")
    code, values = [], []
    for literal, field, _spec, _conversion in parsed:
        if literal:
            code.append("f" + repr(literal.replace("{", "{{").replace("}", "}}")))
            values.append(ast.Constant(literal))
        if field is not None:
            code.append(ast.unparse(ast.JoinedStr([fields[field]])))
            values.append(fields[field])
    source = " ".join(code) or "''"
    rebuilt = ast.parse("(" + source + ")", mode="eval").body
    merged: list = []
    for value in values:  # adjacent texts are one constant once parsed
        if merged and isinstance(value, ast.Constant) and isinstance(merged[-1], ast.Constant):
            merged[-1] = ast.Constant(merged[-1].value + value.value)
        else:
            merged.append(value)
    if ast.dump(rebuilt) != ast.dump(ast.JoinedStr(merged)) and values:
        raise ValueError("the translation could not be rebuilt as the same f-string")
    return source


def cell_messages(notebook) -> list[tuple[str, str]]:
    """(context, English) for every translatable piece of a lesson's cells."""
    out = []
    for cell in notebook.cells:
        if set(cell.get("metadata", {}).get("tags", [])) & SKIP_TAGS or not cell.source.strip():
            continue
        if cell.cell_type == "markdown":
            out.append((cell["id"], cell.source))
        elif cell.cell_type == "code":
            for n, (*_, value, _prefix) in enumerate(code_strings(cell.source)):
                out.append((f"{cell['id']}:{n}", value))
    return out


def exercise_messages(stem: str, root: Path = ROOT) -> list[tuple[str, str]]:
    """(context, English) for the exercises, written task and reading list of a lesson."""
    path = root / "lessons" / f"{stem}.exercises.yml"
    if not path.exists():
        return []
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for key, spec in (content.get("exercises") or {}).items():
        for field in ("question", "explanation", "praise", "model_answer", "rubric_line"):
            if isinstance(spec.get(field), str):
                out.append((f"exercise|{key}|{field}", spec[field]))
        for name, text in (spec.get("hints") or {}).items():
            out.append((f"exercise|{key}|hints.{name}", str(text)))
        for i, option in enumerate(spec.get("options") or []):
            if len(str(option)) > 1 and normalise_text(option) not in verdict_labels():  # a verdict's
                # label is in the data; a letter is a letter
                out.append((f"exercise|{key}|options.{i}", str(option)))
        for i, alt in enumerate(spec.get("also_accepted") or []):
            if alt.get("explanation"):
                out.append((f"exercise|{key}|also_accepted.{i}.explanation", alt["explanation"]))
    task = content.get("written_task") or {}
    if task:
        out.append(("task|question", task["question"]))
        for level, text in (task.get("rubric") or {}).items():
            out.append((f"task|rubric.{level}", str(text)))
        for name, sample in (task.get("samples") or {}).items():
            out.append((f"task|samples.{name}.text", sample["text"]))
            out.append((f"task|samples.{name}.why", sample["why"]))
    for i, item in enumerate(content.get("further_reading") or []):
        if isinstance(item, dict) and item.get("why"):
            out.append((f"reading|{i}|why", item["why"]))
    return out


def lesson_template(lesson: Path) -> Catalog:
    catalog = Catalog(project=f"Intervention History: {lesson.stem}", fuzzy=False)
    notebook = nbformat.read(lesson, as_version=4)
    notes = placeholder_notes(notebook)
    for context, text in cell_messages(notebook) + exercise_messages(lesson.stem, lesson.parents[1]):
        catalog.add(text, context=context, auto_comments=notes.get(context, ()))
    return catalog


def placeholder_notes(notebook) -> dict[str, list[str]]:
    """For each f-string message, a note to its translator: what each placeholder stands for."""
    import ast

    notes = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or set(cell.get("metadata", {}).get("tags", [])) & SKIP_TAGS:
            continue
        for n, (row, col, end_row, end_col, _value, prefix) in enumerate(code_strings(cell.source)):
            if not prefix:
                continue
            _message, fields = fstring_message(_run_literals(_between(cell.source, row, col, end_row, end_col)))
            shown = "; ".join(f"{{{name}}} = {ast.unparse(node.value)}"
                              for name, node in fields.items())
            notes[f"{cell['id']}:{n}"] = [f"Copy each {{placeholder}} as it is; the lesson's code fills "
                                          f"it in: {shown}"]
    return notes


def _between(source: str, row: int, col: int, end_row: int, end_col: int) -> str:
    lines = source.splitlines(keepends=True)
    start = sum(len(line) for line in lines[:row - 1]) + col
    end = sum(len(line) for line in lines[:end_row - 1]) + end_col
    return source[start:end]


def data_template(language: str, root: Path = ROOT) -> Catalog:
    """The tables' words to translate; a document's excerpt is rendered into every language
    but its own (quotes keep their original words)."""
    import csv
    import json

    catalog = Catalog(project="Intervention History: the tables' words", fuzzy=False)
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor = root / "data" / "datapackage.json"
    schemas = _read_package(descriptor, descriptor.stat().st_mtime)["resources"]
    codes: dict[str, dict[str, None]] = {}
    for resource in package["resources"]:
        name = resource["name"]
        if name != "sources":
            for field in ("title", "description"):
                if resource.get(field):
                    catalog.add(resource[field], context=f"resource|{name}|{field}")
            schema = resource.get("schema") or {}
            if isinstance(schema, str):  # a shared schema, by its path
                schema = json.loads((root / "data" / schema).read_text(encoding="utf-8"))
            for field in schema.get("fields", []):  # what describe() says each column means
                if field.get("description"):
                    catalog.add(field["description"], context=FIELD_CONTEXT)
        schema = next(r["schema"] for r in schemas if r["name"] == name)
        for field in schema["fields"]:  # headings in words, and codes as words
            if name != "sources" and field.get("title"):
                catalog.add(field["title"], context="field title")
            for code in (field.get("constraints") or {}).get("enum") or []:
                if name != "sources" and isinstance(code, str):
                    codes.setdefault(field["name"], {})[english_words(code)] = None
        enums = {f["name"] for f in schema["fields"] if (f.get("constraints") or {}).get("enum")}
        wanted = [f for f in text_fields(name) if f not in enums]
        coded = [f["name"] for f in schema["fields"] if f["name"] in CODE_FIELDS and f["name"] not in enums]
        if wanted or coded:  # free text a lesson or chart shows, translated by value; codes as words
            with open(root / "data" / resource["path"], encoding="utf-8-sig", newline="") as handle:
                only = TEXT_ROWS.get(name)  # a table of which lessons show some rows
                for row in csv.DictReader(handle):
                    for field in (wanted if not only or row.get(only[0]) in only[1] else []):
                        rows = TEXT_ROWS.get(f"{name}|{field}")  # a field shown for some rows only
                        if rows and row.get(rows[0]) not in rows[1]:
                            continue
                        if row.get(field):
                            catalog.add(row[field], context=f"value|{field}")
                    for field in coded:
                        for part in (row.get(field) or "").split(";"):
                            part = part.strip()
                            if CODE.fullmatch(part) and not part.isdigit():
                                codes.setdefault(field, {})[english_words(part)] = None
        kind = _kind_of(name)
        if kind is None:
            continue
        fields = list(DATA_FIELDS[kind]) + (["excerpt"] if kind in QUOTING else [])
        with open(root / "data" / resource["path"], encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for field in fields:
                    if field == "excerpt" and row.get("language") == language:
                        continue
                    if row.get(field):
                        catalog.add(row[field], context=data_context(name, row[ROW_IDS[kind]], field))
    for field, words in codes.items():
        for english in words:
            catalog.add(english, context=f"value|{field}")
    return catalog


def helpers_template() -> Catalog:
    """Every message the helpers pass through ``_()``: found in their code by Babel's
    extractor, plus the labels they translate by value (perspectives, kinds, questions...)."""
    from importlib import import_module

    from babel.messages.extract import extract_from_dir

    documents, exercises, tasks = (import_module(f"helpers.{m}") for m in ("primary_documents", "exercises", "tasks"))

    catalog = Catalog(project="Intervention History: the helpers' messages", fuzzy=False)
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "helpers"), method_map=[("**.py", "python")], keywords={"_": None}):
        if isinstance(message, str) and message:
            catalog.add(message)
    # Python 3.11 reads an f-string as one token, so calls inside one are found by pattern.
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        for _quote, message in re.findall(r"""\b_\((["'])(.+?)\1\)""", path.read_text(encoding="utf-8")):
            catalog.add(message)
    for table in (exercises.ICONS, documents.PERSPECTIVES, documents.KINDS, documents.LANGUAGES,
                  tasks.LEVELS):
        for value in table.values():
            catalog.add(value)
    for key, value in documents.QUESTIONS.items():
        catalog.add(key)
        catalog.add(value)
    return catalog


# ----------------------------------------------------------------------------- catalogues
class DamagedCatalogue(PackError):
    """A catalogue that cannot be read as it is: updating it would write the damage back."""


def _read(path: Path) -> Catalog | None:
    """A catalogue to update or measure (None when there is none); a damaged one is refused
    with its first problem, one line naming the file and line."""
    loaded = read_catalogue(path)
    if loaded.problems:
        raise DamagedCatalogue(loaded.problems[0])
    return loaded.catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for message in catalog:
        # Babel writes a changed entry's old msgid as "#| msgid" lines, and reads them back as
        # translator comments, which then grew with every update (1,300 entries of debris by
        # December 2026). The pack keeps no translator comments in its catalogues (notes are
        # the notebook's, in auto comments, and TRANSLATION_NOTES files): they go, and the old
        # msgid stays only on an entry still marked fuzzy.
        message.user_comments = []
        if not message.fuzzy:
            message.previous_id = ()
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_previous=True, sort_output=False)
    if path.exists() and path.read_bytes() == buffer.getvalue():
        return
    tmp = path.with_suffix(".po.tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)


def update(template: Catalog, path: Path, language: str) -> Catalog:
    """Bring a catalogue in step with its English template (Babel marks changed messages fuzzy)."""
    existing = _read(path)
    if existing is None:
        existing = Catalog(locale=language, project=template.project, fuzzy=False)
        existing.last_translator = "not yet translated"
    created = existing.creation_date
    existing.update(template, no_fuzzy_matching=False, update_header_comment=False)
    existing.obsolete.clear()
    existing.creation_date = created  # no churn in files whose messages did not change
    _write(existing, path)
    return existing


def all_catalogues(language: str, root: Path = ROOT):
    """(kind, name, path, template builder) for every catalogue the pack keeps."""
    for lesson in lessons(root):
        yield ("lesson", lesson.stem,
               root / "lessons" / "locale" / language / "LC_MESSAGES" / f"{lesson.stem}.po",
               lambda lesson=lesson: lesson_template(lesson))
    yield ("data", "", root / "data" / "locale" / language / "LC_MESSAGES" / "data.po",
           lambda: data_template(language, root))
    yield ("helpers", "", ROOT / "helpers" / "locale" / language / "LC_MESSAGES" / "helpers.po",
           helpers_template)


def status(template: Catalog, path: Path) -> dict:
    """How complete a catalogue is against its English: missing, stale (fuzzy or changed)."""
    existing = _read(path)
    done = {}
    if existing is not None:
        done = {(m.context, m.id): (m.string, m.fuzzy) for m in existing if m.id}
    missing, stale = [], []
    for message in template:
        if not message.id:
            continue
        string, fuzzy = done.get((message.context, message.id), ("", False))
        if string and fuzzy:  # translated from an older English text
            stale.append(message.context)
        elif not string:
            missing.append(message.context)
    total = sum(1 for m in template if m.id)
    return {"total": total, "missing": missing, "stale": stale,
            "translator": getattr(existing, "last_translator", "") if existing else "",
            "date": existing.revision_date if existing else None}


# ----------------------------------------------------------------------------- notebooks
def plain_dollars(markdown: str) -> str:
    r"""A translation's dollar signs as text: "US$1.300 ... US$860" would otherwise open and close
    a math span (JupyterLab and the handouts render $...$ as TeX), hiding the links and words
    between them. The lessons use no math.

    >>> print(plain_dollars("unos US$1.300 millones ([CRS](#glossary-crs)) cuenta US$860"))
    unos US\$1.300 millones ([CRS](#glossary-crs)) cuenta US\$860
    """
    return re.sub(r"(?<!\\)\$", r"\\$", markdown)


def translated_notebook(lesson: Path, language: str):
    """The lesson in another language, and how many of its parts show in English: those with
    no translation, and those whose translation predates a change in the English."""
    notebook = nbformat.read(lesson, as_version=4)
    path = lesson.parent / "locale" / language / "LC_MESSAGES" / f"{lesson.stem}.po"
    loaded = read_catalogue(path)
    found = loaded.usable
    index = {m.context: m for m in loaded.catalog if m.id} if loaded.catalog else {}
    untranslated = stale = code_translated = 0
    translated = []  # markdown cells shown in the language (their ids, for the build's messages)
    for cell in notebook.cells:
        if set(cell.get("metadata", {}).get("tags", [])) & SKIP_TAGS or not cell.source.strip():
            continue
        if cell.cell_type == "markdown":
            text = found.get((cell["id"], cell.source))
            if text:
                cell.source = plain_dollars(text)
                translated.append(cell["id"])
            elif _older(index, found, cell["id"], cell.source):
                stale += 1
            else:
                untranslated += 1
        elif cell.cell_type == "code":
            english = [value for *_, value, _prefix in code_strings(cell.source)]
            cell.source, missing = _translate_code(cell, found, _shown(path))
            older = sum(_older(index, found, f"{cell['id']}:{n}", value)
                        for n, value in enumerate(english))
            code_translated += len(english) - missing
            stale += older
            untranslated += max(missing - older, 0)
    catalog = loaded.catalog
    translator = (catalog.last_translator if catalog else "") or ""
    revised = catalog.revision_date if catalog else None
    meta = notebook.metadata.setdefault("intervention_history", {})
    meta["language"] = language
    meta["translation"] = {"translator": translator,
                           "date": revised.date().isoformat() if isinstance(revised, dt.datetime) else "",
                           "untranslated_or_stale_cells": stale + untranslated,
                           "untranslated": untranslated, "stale": stale,
                           # where each cell's words come from, for the build's messages
                           "catalogue": _shown(path), "translated_cells": translated}
    setup = nbformat.v4.new_code_cell(
        f'import helpers\nhelpers.set_language("{language}")')
    setup["id"] = f"lang-{language}"
    setup.metadata["tags"] = ["remove-cell"]
    notes = [setup]
    if stale or untranslated:
        none = not translated and not code_translated and stale == 0
        banner = nbformat.v4.new_markdown_cell(_banner(language, stale, untranslated, none))
        banner["id"] = "lang-banner"
        notes.append(banner)
    credit = nbformat.v4.new_markdown_cell(_credit(language, translator, meta["translation"]["date"]))
    credit["id"] = "lang-credit"
    notes.append(credit)
    notebook.cells = notebook.cells[:1] + notes + notebook.cells[1:]
    return notebook, stale + untranslated


def _older(index: dict, found: dict, context: str, english: str) -> bool:
    """Whether a part shows in English because its translation was made from an older English
    text (changed since, or marked fuzzy), not because it has none."""
    message = index.get(context)
    return (message is not None and bool(message.string) and (context, english) not in found
            and (message.fuzzy or message.id != english))


def _run_literals(source: str) -> str:
    """Adjacent string literals as written in a cell (with line breaks and comments between
    them), as one line of literals."""
    tokens = tokenize.generate_tokens(io.StringIO("(" + source + ")").readline)
    return " ".join(t.string for t in tokens if t.type == tokenize.STRING)


def _shown(path: Path) -> str:
    """A contributed file's name as a build message shows it: from the pack's folder."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _warn(message: str) -> None:
    """One line in the build's output about a contributed file (each said once per build)."""
    if message not in _WARNED:
        _WARNED.add(message)
        print(message, file=sys.stderr, flush=True)


_WARNED: set[str] = set()


def _translate_code(cell, found, origin: str = "") -> tuple[str, int]:
    strings = code_strings(cell.source)
    if not strings:
        return cell.source, 0
    lines = cell.source.splitlines(keepends=True)
    missing = 0
    # Replace from the last literal to the first, so earlier positions stay valid.
    for n, (row, col, end_row, end_col, value, prefix) in reversed(list(enumerate(strings))):
        text = found.get((f"{cell['id']}:{n}", value))
        if not text:
            missing += 1
            continue
        start = sum(len(line) for line in lines[:row - 1]) + col
        end = sum(len(line) for line in lines[:end_row - 1]) + end_col
        joined = "".join(lines)
        if prefix:  # the translator's words as text around the English's own expressions
            try:
                literal = fstring_translation(_run_literals(joined[start:end]), text)
            except (ValueError, SyntaxError) as error:
                missing += 1
                if origin:
                    _warn(f"{origin}, msgctxt \"{cell['id']}:{n}\": {error}. The English is shown "
                          "until the entry is fixed.")
                continue
        else:
            literal = repr(text)
        joined = joined[:start] + literal + joined[end:]
        lines = joined.splitlines(keepends=True)
    return "".join(lines), missing


BANNERS = {  # (one part, several parts); "none": the lesson has no translation at all
    "es": {"none": "> **Aviso:** esta lección todavía no tiene traducción al español, así que se "
                   "muestra en inglés.",
           "stale": ("> **Aviso:** esta traducción es anterior a un cambio en la lección en "
                     "inglés: 1 parte se muestra en inglés hasta que se actualice la traducción.",
                     "> **Aviso:** esta traducción es anterior a un cambio en la lección en "
                     "inglés: {n} partes se muestran en inglés hasta que se actualice la traducción."),
           "untranslated": ("> **Aviso:** 1 parte de esta lección todavía no está traducida y se "
                            "muestra en inglés.",
                            "> **Aviso:** {n} partes de esta lección todavía no están traducidas "
                            "y se muestran en inglés.")},
    "pt": {"none": "> **Aviso:** esta lição ainda não tem tradução para o português, por isso "
                   "aparece em inglês.",
           "stale": ("> **Aviso:** esta tradução é anterior a uma mudança na lição em inglês: "
                     "1 parte aparece em inglês até que a tradução seja atualizada.",
                     "> **Aviso:** esta tradução é anterior a uma mudança na lição em inglês: "
                     "{n} partes aparecem em inglês até que a tradução seja atualizada."),
           "untranslated": ("> **Aviso:** 1 parte desta lição ainda não foi traduzida e aparece "
                            "em inglês.",
                            "> **Aviso:** {n} partes desta lição ainda não foram traduzidas e "
                            "aparecem em inglês.")},
    "en": {"none": "> **Note:** this lesson has no translation yet, so it shows in English.",
           "stale": ("> **Note:** this translation predates a change in the English lesson: "
                     "1 part shows in English.",
                     "> **Note:** this translation predates a change in the English lesson: "
                     "{n} parts show in English."),
           "untranslated": ("> **Note:** 1 part of this lesson is not translated yet and shows "
                            "in English.",
                            "> **Note:** {n} parts of this lesson are not translated yet and "
                            "show in English.")},
}
CREDITS = {
    "es": "*Traducción al español: {who}{when}. El original en inglés es la fuente; las cifras, "
          "fechas y fuentes no cambian entre ediciones.*",
    "pt": "*Tradução para o português: {who}{when}. O original em inglês é a fonte; números, "
          "datas e fontes não mudam entre as edições.*",
}


def _banner(language: str, stale: int, untranslated: int = 0, none: bool = False) -> str:
    """What the page says of the parts that show in English: no translation at all, parts not
    translated yet, parts whose translation is older than the English (each said truly)."""
    texts = BANNERS.get(language, BANNERS["en"])
    if none:
        return texts["none"]
    return "\n>\n".join(texts[kind][count != 1].format(n=count)
                         for kind, count in (("untranslated", untranslated), ("stale", stale)) if count)


def _credit(language: str, translator: str, date: str) -> str:
    import html

    # the catalogue's Last-Translator is shown as text, never as markup
    who = html.escape(translator, quote=False) if translator and "not yet" not in translator else "—"
    when = f", {date}" if date else ""
    return CREDITS.get(language, "*Translation: {who}{when}.*").format(who=who, when=when)


def write_translated(language: str, dest: Path, chosen: list[Path] | None = None) -> list[Path]:
    """Write the translated lessons (and their exercises files' names) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for lesson in chosen or lessons():
        notebook, _stale = translated_notebook(lesson, language)
        path = dest / lesson.name
        tmp = path.with_suffix(".tmp")
        nbformat.write(notebook, tmp)
        tmp.replace(path)
        written.append(path)
    return written


# ----------------------------------------------------------------------------- command line
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers translate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["update", "status"])
    parser.add_argument("--language", choices=TARGETS, action="append")
    parser.add_argument("--pages", type=Path, default=ROOT / "build" / "handouts",
                        help="built handouts to measure (status): English a reader sees on them")
    args = parser.parse_args(argv)
    damaged = [problem for language in args.language or TARGETS
               for _kind, _name, path, _build in all_catalogues(language)
               for problem in read_catalogue(path).problems]
    if damaged:
        for problem in damaged:
            print(problem, file=sys.stderr)
        print(f"translate {args.command} did not run, so that no damage is written back: fix the "
              f"line{'s' if len(damaged) > 1 else ''} above, then run it again.", file=sys.stderr)
        return 1
    incomplete = 0
    for language in args.language or TARGETS:
        for kind, name, path, build in all_catalogues(language):
            template = build()
            if args.command == "update":
                update(template, path, language)
            report = status(template, path)
            left = len(report["missing"]) + len(report["stale"])
            incomplete += bool(left)
            label = f"{language} {kind}{':' + name if name else ''}"
            print(f"{'ok   ' if not left else 'todo '} {label}: {report['total'] - left} of "
                  f"{report['total']} translated; {len(report['missing'])} missing, "
                  f"{len(report['stale'])} stale ({path.relative_to(ROOT)})")
    if args.command == "status":
        incomplete += english_on_pages(args.pages, args.language or TARGETS)
    return 1 if incomplete and args.command == "status" else 0


def english_on_pages(pages: Path, languages) -> int:
    """Print, per language, the English a reader sees on the built pages (what counts, beyond
    catalogue coverage); return how many languages still show some."""

    left = 0
    for language in languages:
        folder = pages / language
        if not any(folder.glob("*.html")):
            print(f"todo  {language} pages: not built, so not measured (make handouts, then run "
                  "this again)")
            left += 1
            continue
        report = scan(folder, language)
        left += bool(report.count)
        print(("ok    " if not report.count else "todo  ") + summary(report, 5).replace(
            f"{language}: ", f"{language} pages ({folder}): ", 1))
    return left


if __name__ == "__main__":
    sys.exit(main())


# ----------------------------------------------------------------------------- bench
def bench_editions(runs: int = 1) -> dict:
    """Seconds for the whole build in three languages, cold (empty cache), and warm after one
    lesson's text changed in one language (its Spanish catalogue edited, then restored)."""
    import os
    import subprocess
    import tempfile
    import time

    def build(out: Path, cache: Path) -> float:
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "helpers.publish", "handouts", "--language", "all",
                              "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "INTERVENTION_HISTORY_CACHE": str(cache)})
        if run.returncode != 0:
            raise SystemExit(f"the three-language build failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
        return time.perf_counter() - started

    colds, warms = [], []
    lesson = lessons()[0]
    catalogue = ROOT / "lessons" / "locale" / "es" / "LC_MESSAGES" / f"{lesson.stem}.po"
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            out, cache = Path(tmp) / "out", Path(tmp) / "cache"
            colds.append(build(out, cache))
            original = catalogue.read_bytes()
            try:
                catalog = _read(catalogue)
                message = next(m for m in catalog if m.id and m.string and m.context and ":" not in m.context)
                message.string = message.string + " "
                _write(catalog, catalogue)
                warms.append(build(out, cache))
            finally:
                catalogue.write_bytes(original)
    from statistics import median

    return {"cold_s": median(colds), "warm_one_lesson_one_language_s": median(warms)}
