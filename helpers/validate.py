"""Validating ``data/`` with the Frictionless library, plus the pack's own integrity rules.

Frictionless checks what the Table Schemas declare: types, required fields, allowed values,
date ranges, unique primary keys and that every ``source_id`` resolves in ``sources.csv``
(a foreign key). The checks below add the rules a schema cannot state: ``low <= value <=
high``, lists of source ids, a table must have rows, and each resource's list of sources
must match the ids its rows use.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from dataclasses import dataclass
from pathlib import Path

from .catalog import data_dir, package, table_names

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
            from .citations import _bibliography_rows

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


def _problems_from_report(report, file: str, schema: dict) -> list[Problem]:
    found = []
    key_columns = {"primary-key": ", ".join(schema.get("primaryKey", []))}
    for task in report.tasks:
        for error in task.errors:
            found.append(Problem(
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
        return f"unknown source: {note}. Add it to data/sources.csv or fix the id"
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

    >>> table_problems("panama/casualty_estimates")
    []
    """
    directory = data_dir()
    item = next(r for r in package()["resources"] if r["name"] == name)
    stamps = tuple(
        _stamp(directory / p) for p in (item["path"], "sources.csv", "datapackage.json")
    )
    return list(_table_problems_cached(name, stamps))


def _stamp(path: Path):
    try:
        stat = path.stat()
        return (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (str(path), None, None)


@functools.lru_cache(maxsize=64)
def _table_problems_cached(name: str, stamps) -> tuple[Problem, ...]:
    import frictionless

    item = next(r for r in package()["resources"] if r["name"] == name)
    file = f"data/{item['path']}"
    path = data_dir() / item["path"]
    if not path.exists():
        return (Problem(file, None, None, "the file is missing"),)
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return (Problem(file, line, None,
                        "the file is not UTF-8 text (was it saved from a spreadsheet in "
                        "another encoding?). Save it as 'CSV UTF-8'"),)
    resource = _frictionless_package().get_resource(name)
    checks = [check() for check in _checks()] + [frictionless.checks.table_dimensions(min_rows=1)]
    report = resource.validate(checklist=frictionless.Checklist(checks=checks))
    found = _problems_from_report(report, file, item["schema"])
    for error in report.errors:  # resource-level (e.g. schema or header problems)
        found.append(Problem(file, None, None, _plain(error)))
    found += _header_problems(item, path, file)
    if not found and name != "sources":
        found += _source_list_problems(item, path, file)
    if not found and name == "sources":
        found += _uncited_sources(path, file)
    return tuple(dict.fromkeys(found))


def _header_problems(item: dict, path: Path, file: str) -> list[Problem]:
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    expected = [f["name"] for f in item["schema"]["fields"]]
    found = []
    for name in expected:
        if name not in header:
            found.append(Problem(file, 1, name, "this column is missing from the header"))
    for name in header:
        if name not in expected:
            found.append(Problem(file, 1, name, "this column is not in the table's schema"))
    return found


def _source_list_problems(item: dict, path: Path, file: str) -> list[Problem]:
    """The resource's declared ``sources`` must list exactly the ids its rows use."""
    from .citations import source_ids_in_file

    declared = {s.get("x-source-id") for s in item.get("sources", [])}
    used = source_ids_in_file(path)
    if declared == used:
        return []
    missing, extra = sorted(used - declared), sorted(declared - used)
    detail = []
    if missing:
        detail.append(f"used but not declared: {missing}")
    if extra:
        detail.append(f"declared but not used: {extra}")
    return [Problem("data/datapackage.json", None, None,
                    f"the sources listed for {item['name']!r} are out of date ({'; '.join(detail)}). "
                    "Run: python -m helpers sync-sources")]


def _uncited_sources(path: Path, file: str) -> list[Problem]:
    """The bibliography lists what the pack cites: an entry no table uses is a problem."""
    import csv

    from .catalog import table_names
    from .citations import source_ids_in_file

    cited = set()
    for name in table_names():
        item = next(r for r in package()["resources"] if r["name"] == name)
        cited |= source_ids_in_file(data_dir() / item["path"])
    found = []
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row["source_id"] not in cited:
                found.append(Problem(file, line, "source_id",
                                     f"{row['source_id']!r} is cited by no table: remove it, or cite it"))
    return found


def all_problems() -> dict[str, list[Problem]]:
    """Problems per table, for every table in the package (plus the bibliography)."""
    results = {"sources": table_problems("sources")}
    for name in table_names():
        results[name] = table_problems(name)
    return results


def restore_hint(file: str) -> str:
    return RESTORE_HINT.format(file=file)
