"""Validating ``data/`` with the Frictionless library, plus the pack's own integrity rules.

Frictionless checks what the Table Schemas declare: types, required fields, allowed values,
date ranges, unique primary keys and that every ``source_id`` resolves in ``sources.csv``
(a foreign key). The checks below add the rules a schema cannot state: ``low <= value <=
high``, lists of source ids, a table must have rows, and each resource's list of sources
must match the ids its rows use.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .catalog import data_dir, package, table_names
from .citations import BIBLIOGRAPHY, _bibliography_rows, bibliography_damage, source_ids_in_file

RESTORE_HINT = (
    "To undo an accidental edit: git checkout -- {file}   "
    "(or download the file again from the pack's repository)."
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located so a person can find it."""

    file: str
    line: int | None
    column: str | None
    message: str
    # "cut": missing, unreadable or cut off; "fewer": rows are gone (lost, or deleted on
    # purpose); "structure": the rows cannot be read as the schema's columns; "data": a cell
    # breaks a rule; "sources": a list of sources is out of date.
    kind: str = "data"

    def __str__(self):
        where = self.file
        if self.line:
            where += f", line {self.line} (data row {self.line - 1})"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


@functools.lru_cache(maxsize=1)
def _checks():
    from frictionless import Check, errors

    class RangeOrder(Check):
        """``low <= value <= high`` wherever those cells are filled in."""

        type = "range-order"
        Errors = [errors.RowConstraintError]

        def validate_row(self, row):
            cells = [(key, row.get(key)) for key in ("low", "value", "high") if key in row]
            numbers = [v for _, v in cells if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)]
            if numbers != sorted(numbers):
                shown = ", ".join(f"{k}={v}" for k, v in cells)
                yield errors.RowConstraintError.from_row(
                    row, note=f"low <= value <= high does not hold ({shown})"
                )

    class SourceList(Check):
        """Semicolon-separated ``source_ids`` must each resolve in the bibliography."""

        type = "source-list"
        Errors = [errors.RowConstraintError]

        def validate_start(self):
            self.known = set(_bibliography_rows())  # read once per run, cached by file stamp
            return iter(())

        def validate_row(self, row):
            if "source_ids" not in row:
                return
            known = self.known
            cell = row.get("source_ids") or ""
            missing = [s.strip() for s in cell.split(";") if s.strip() and s.strip() not in known]
            if missing:
                yield errors.RowConstraintError.from_row(
                    row, note=f"source_ids {missing} not found in data/sources.csv"
                )

    return [RangeOrder, SourceList]


def _frictionless_package():
    import frictionless

    return frictionless.Package(str(data_dir() / "datapackage.json"))


LABEL_ERRORS = {"incorrect-label", "missing-label", "extra-label", "blank-label",
                "duplicate-label", "blank-header"}


def _problems_from_report(report, file: str, schema: dict) -> list[Problem]:
    found = []
    key_columns = {"primary-key": ", ".join(schema.get("primaryKey", []))}
    for task in report.tasks:
        for error in task.errors:
            if error.type in LABEL_ERRORS:
                continue  # the header check below says it in plainer words
            found.append(Problem(
                kind="structure" if error.type in ("missing-cell", "extra-cell") else "data",
                file=file,
                line=getattr(error, "row_number", None),
                column=getattr(error, "field_name", None) or key_columns.get(error.type)
                or _quoted_field(getattr(error, "note", "")),
                message=_plain(error),
            ))
    return found


def _quoted_field(note: str) -> str | None:
    """'for "source_id": values ...' -> 'source_id' (foreign-key notes name their field)."""
    import re

    match = re.match(r'for "([^"]+)"', note or "")
    return match.group(1) if match else None


def _plain(error) -> str:
    """Frictionless messages, trimmed of positions we already print."""
    code = error.type
    note = getattr(error, "note", "") or ""
    cell = getattr(error, "cell", None)
    if code == "type-error":
        return f"{cell!r} is not a valid {note.split('/')[0].replace('type is ', '').strip(chr(34))}"
    if code == "constraint-error" and '"required"' in note:
        return "this cell is empty, but the column is required: fill it in"
    if code == "constraint-error" and '"enum"' in note:
        allowed = note.split(" is ", 1)[-1]
        return f"{cell!r} is not one of the allowed values {allowed}"
    if code == "constraint-error":
        return f"{cell!r} breaks the rule {note}"
    if code == "foreign-key" and '"source_id"' in note:
        return (f"unknown source: {note}. Add it to data/sources.csv or fix the id (if its row "
                "was deleted from data/sources.csv by mistake: git checkout -- data/sources.csv)")
    if code == "foreign-key":
        return f"refers to a row that does not exist: {note}"
    if code == "primary-key":
        return "duplicate id: " + note.replace("the row at position", "the row on line")
    if code == "missing-cell":
        return "the row is short: this cell is missing (was the file cut off?)"
    if code == "extra-cell":
        return "the row has more cells than the header (a stray comma?)"
    return f"{error.title}: {note or error.message}"


def table_problems(name: str) -> list[Problem]:
    """Every problem in one table, cached until the file, the bibliography or schema change.
    Signs that the file was cut off come first.

    >>> table_problems("panama/casualty_estimates")
    []
    """
    directory = data_dir()
    item = _item(name)
    stamps = tuple(
        _stamp(directory / p) for p in (item["path"], "sources.csv", "datapackage.json")
    )
    found = list(_table_problems_cached(name, stamps))
    if name == "sources" and not found:
        found = _uncited_sources(directory / item["path"], f"data/{item['path']}")
    return found


def _item(name: str) -> dict:
    return next(r for r in package()["resources"] if r["name"] == name)


def _stamp(path: Path):
    try:
        stat = path.stat()
        return (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (str(path), None, None)


@functools.lru_cache(maxsize=64)
def _table_problems_cached(name: str, stamps) -> tuple[Problem, ...]:
    item = _item(name)
    file = f"data/{item['path']}"
    path = data_dir() / item["path"]
    if not path.exists():
        return (Problem(file, None, None, "the file is missing", "cut"),)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return (Problem(file, line, None,
                        "the file is not UTF-8 text (was it saved from a spreadsheet in "
                        "another encoding?). Save it as 'CSV UTF-8' (with or without a "
                        f"byte-order mark), or restore it: git checkout -- {file}", "structure"),)
    except OSError as error:
        return (Problem(file, None, None, f"the file cannot be read ({error.strerror})", "cut"),)
    damage = bibliography_damage()
    if damage:  # every table's sources resolve in it: name it, not this table
        if name == "sources":
            return (Problem(BIBLIOGRAPHY, None, None, damage.split(": ", 1)[-1]
                            if damage.startswith(BIBLIOGRAPHY + ":") else damage, "cut"),)
        return (Problem(BIBLIOGRAPHY, None, None,
                        f"this table's sources cannot be checked: {damage}", "cut"),)
    cut = _cut_off(item, text, file)
    if cut and cut[0].message.startswith("the last row ends inside"):
        return tuple(cut)  # the CSV cannot be parsed: nothing below would mean anything
    header = _header_problems(item, text, file)
    if header:  # the columns are not the schema's: every row would be misread, say only that
        return tuple(cut + header)
    found = cut + _frictionless_problems(name, item, file, text)
    if not found and name != "sources":
        found += _source_list_problems(item, path, file)
    if not found and name == "sources":
        found += folded_title_problems(text, file)
    return tuple(dict.fromkeys(found))


def _frictionless_problems(name: str, item: dict, file: str, text: str) -> list[Problem]:
    import frictionless

    resource = _frictionless_package().get_resource(name)
    if (data_dir() / item["path"]).read_bytes()[:3] == b"\xef\xbb\xbf":
        resource.encoding = "utf-8-sig"  # what Excel's "CSV UTF-8" writes: a byte-order mark
    checks = [check() for check in _checks()] + [frictionless.checks.table_dimensions(min_rows=1)]
    report = resource.validate(checklist=frictionless.Checklist(checks=checks))
    found = _problems_from_report(report, file, item["schema"])
    for error in report.errors:  # resource-level (e.g. schema or header problems)
        if error.type not in LABEL_ERRORS:
            found.append(Problem(file, None, None, _plain(error)))
    return found


# Common accented words of Spanish and Portuguese whose accentless spelling is not a word, as
# they look when a title was folded to ASCII (issue 23: 158 titles were stored that way).
FOLDED_WORDS = {
    "es": dict((w.translate(str.maketrans("áéíóúñü", "aeiounu")), w) for w in """
        país países según año años también después día días económico económica económicos
        política político políticos políticas público pública públicos último últimos última
        últimas dólares petróleo víctimas cocaína hectáreas ilícitos ilícitas dañina difícil
        detrás éxodo diáspora polémicas récord narcotráfico diplomáticas histórico ejército
        fiscalía soberanía mayoría economía caída señala niños compañía españa méxico panamá
        bogotá perú millón bolívar estadística estadísticas crédito teléfono régimen cámara
        comité histórico remezón aprobó asumió suspendió cumplió subió crecerá prevé sitúa
        continúan
        """.split()),
    "pt": dict((w.translate(str.maketrans("áâãàçéêíóôõú", "aaaaceeiooou")), w) for w in """
        não são também após país países colômbia américa secretário secretária região
        jurisdição audiência influência violência milhões milhão econômico econômica política
        político políticos público pública último últimos três mês anúncio cocaína petróleo
        presidência eleição eleições produção inflação população ação ações situação relação
        """.split()),
}
# Endings no word of the language has without its accent: -cion, -sion (acción, comisión),
# -cao, -coes, -sao (ação, ações, decisão).
FOLDED_ENDINGS = {"es": ("cion", "sion"), "pt": ("cao", "coes", "sao")}


def folded_words(title: str, language: str) -> list[str]:
    """The words of an es/pt title that look folded to ASCII (the accent of a common word lost).

    >>> folded_words("Mas de 6,8 millones han salido de su pais, segun la R4V", "es")
    ['pais', 'segun']
    >>> folded_words("Más de 6,8 millones han salido de su país, según la R4V", "es")
    []
    >>> folded_words("15 de diciembre (series on the days before the invasion)", "es")
    []
    """
    import re

    words = FOLDED_WORDS.get(language)
    if not words:
        return []
    found = []
    title = re.sub(r"\([^()]*\)", " ", title)  # the pack's own notes in brackets are English
    for word in re.findall(r"[^\W\d_]+", title):
        low = word.lower()
        if low in words or (low.isascii() and len(low) > 4
                            and low.endswith(FOLDED_ENDINGS[language])):
            found.append(word)
    return found


def folded_title_problems(text: str, file: str) -> list[Problem]:
    """Spanish and Portuguese titles stored without their accents: several folded words, or one
    in a title with no accented letter at all. Titles are copied as published."""
    import csv
    import io

    found = []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        title = row.get("title") or ""
        words = folded_words(title, (row.get("language") or "").strip())
        if len(words) >= 2 or (words and title.isascii()):
            shown = ", ".join(dict.fromkeys(words))
            found.append(Problem(file, line, "title",
                                 f"{row.get('source_id')!r}: the title looks folded to ASCII "
                                 f"({shown}): copy it as published, with its accents and ñ "
                                 "(país, según, año...), from the page read"))
    return found


def _records(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text, newline="")))


def _cut_off(item: dict, text: str, file: str) -> list[Problem]:
    """Signs that a file was cut short: a last row that ends inside a quoted field, a last
    row with fewer cells than the header, fewer rows than were recorded (``x-rows``)."""
    restore = f"it looks cut off. To restore it: git checkout -- {file}"
    if text.count('"') % 2:  # quotes come in pairs ("" inside a quoted field is two)
        line = text.count("\n", 0, text.rfind('"')) + 1
        return [Problem(file, None, None,
                        f"the last row ends inside a quoted field (opened near line {line}): "
                        + restore, "cut")]
    found = []
    records = [r for r in _records(text) if r]
    if len(records) > 1 and len(records[-1]) < len(records[0]) and not text.endswith("\n"):
        found.append(Problem(file, None, None,
                             f"the last row stops after {len(records[-1])} of "
                             f"{len(records[0])} cells: " + restore, "cut"))
    expected = item.get("x-rows")
    rows = max(len(records) - 1, 0)
    if isinstance(expected, int) and rows < expected:
        found.append(Problem(file, None, None,
                             f"the file has {rows} data rows, but {expected} were recorded at the "
                             f"last sync: {expected - rows} are gone, so {restore}. Only if you "
                             "deleted those rows on purpose: python -m helpers sync-sources "
                             "--rows-deleted-on-purpose", "fewer"))
    return found


def _header_problems(item: dict, text: str, file: str) -> list[Problem]:
    import csv

    header = next(csv.reader(text.splitlines()[:1]), [])
    expected = [f["name"] for f in item["schema"]["fields"]]
    found = []
    if len(header) == 1 and ";" in header[0]:
            return [Problem(file, 1, None, "the columns are separated by ';', not ',' (a spreadsheet "
                                       "set to another language saved it). Save it as 'CSV UTF-8' "
                                       f"with commas, or restore it: git checkout -- {file}",
                        "structure")]
    for name in expected:
        if name not in header:
            found.append(Problem(file, 1, name, "this column is missing from the header",
                                 "structure"))
    for name in header:
        if name not in expected:
            found.append(Problem(file, 1, name, "this column is not in the table's schema",
                                 "structure"))
    if not found and header != expected:
        found.append(Problem(file, 1, None, f"the columns are in another order than the "
                                            f"schema's: {expected}", "structure"))
    return found


def _source_list_problems(item: dict, path: Path, file: str) -> list[Problem]:
    """The resource's declared ``sources`` must list exactly the ids its rows use."""

    declared = {s.get("x-source-id") for s in item.get("sources", [])}
    used = source_ids_in_file(path)
    if declared == used:
        return []
    missing, extra = sorted(used - declared), sorted(declared - used)
    recorded = item.get("x-rows")
    if extra and not isinstance(recorded, int):  # rows that cited these are gone: lost?
        return [Problem(file, None, None,
                        f"no row cites {_few(extra)} any more, although the data package lists "
                        f"them for this table: rows may be lost (a cut-off or overwritten file). "
                        f"To restore it: git checkout -- {file}   Only if you removed those rows "
                        "or changed their sources on purpose: python -m helpers sync-sources "
                        "--rows-deleted-on-purpose", "fewer")]
    # With a recorded row count, lost rows show as fewer rows (see _cut_off): this is an edit.
    detail = [f"{what}: {_few(ids)}" for what, ids in
              (("used but not declared", missing), ("declared but not used", extra)) if ids]
    return [Problem("data/datapackage.json", None, None,
                    f"the sources listed for {item['name']!r} are out of date "
                    f"({'; '.join(detail)}). Run: python -m helpers sync-sources", "sources")]


def _few(ids: list[str], shown: int = 6) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(repr(i) for i in ids[:shown]) + more


def _uncited_sources(path: Path, file: str) -> list[Problem]:
    """The bibliography lists what the pack cites: an entry no table uses is a problem, but
    only once every table reads cleanly (a damaged table's sources are not 'unused')."""
    import csv

    if any(p.kind != "sources" for name in table_names() for p in table_problems(name)):
        return []
    cited = set()
    for name in table_names():
        cited |= source_ids_in_file(data_dir() / _item(name)["path"])
    found = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row["source_id"] not in cited:
                found.append(Problem(file, line, "source_id",
                                     f"{row['source_id']!r} is cited by no table: cite it in a "
                                     "table, or remove this entry", "sources"))
    return found


# Markup in a data text: a handout escapes it (the reader sees the characters), but no table of
# the pack needs it, and it is what an injected script or a page redirect looks like.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?=[\s/>])|<!--"
                    r"|\bon[a-zA-Z]{3,}\s*=|\b(?:java|vb)script\s*:|\bdata\s*:\s*text/html", re.I)


def markup_in(text: str) -> str | None:
    """The first piece of markup in a text (a tag, an on...= handler, a javascript: URL)."""
    found = MARKUP.search(text or "")
    return found.group(0).strip() if found else None


def markup_problems(name: str) -> list[Problem]:
    """Every cell of a table that holds markup, located by line and column (``helpers check``;
    ``load()`` still reads the table: a handout shows such text escaped)."""
    import csv
    import io

    item = _item(name)
    file = f"data/{item['path']}"
    try:
        text = (data_dir() / item["path"]).read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []  # table_problems says what is wrong with the file
    header = rows[0] if rows else []
    found = []
    for number, row in enumerate(rows[1:], start=2):
        for column, cell in zip(header, row):
            piece = markup_in(cell)
            if piece:
                found.append(Problem(file, number, column,
                                     f"this text holds markup ({piece[:30]!r}): a handout shows it "
                                     "as text, but no table needs it and it is what an injected "
                                     "script or redirect looks like. Remove it (write '<' as 'less "
                                     "than'), or restore the file", "markup"))
    return found


def all_problems() -> dict[str, list[Problem]]:
    """Problems per table, for every table in the package, then the bibliography (its
    cross-checks need every table to read cleanly)."""
    results = {name: table_problems(name) for name in table_names()}
    results["sources"] = table_problems("sources")
    return results


ORDER = {"cut": 0, "fewer": 1, "structure": 2, "data": 3, "markup": 3, "sources": 4}


def rank(problem: Problem) -> int:
    """How much a problem says about damage: a cut-off file first, a stale list last."""
    return ORDER.get(problem.kind, 3)


def damaged_first(problems) -> list[str]:
    """The files to restore, the ones that look cut off or unreadable first."""
    files: dict[str, int] = {}
    for problem in problems:
        files[problem.file] = min(files.get(problem.file, 9), rank(problem))
    return sorted(files, key=lambda f: (files[f], f))


def restore_hint(file: str) -> str:
    return RESTORE_HINT.format(file=file)
