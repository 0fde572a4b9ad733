"""Where the data lives and what tables it holds: the Data Package's catalogue.

``data/datapackage.json`` is the one source of truth for every table's path, title,
description, fields, units and sources. This module only reads it.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from .errors import PackError, suggest

CASES = ("panama", "colombia", "venezuela", "compare", "region", "geo")


def data_dir() -> Path:
    """The folder holding ``datapackage.json`` (override with ``INTERVENTION_HISTORY_DATA``)."""
    override = os.environ.get("INTERVENTION_HISTORY_DATA")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "data"


@functools.lru_cache(maxsize=8)
def _read_package(path: Path, mtime: float) -> dict:
    package = _read_json(path, "data/datapackage.json")
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list) or not all(
            isinstance(r, dict) and "name" in r and "path" in r for r in package["resources"]):
        raise PackError("data/datapackage.json is damaged: it no longer lists the tables "
                        "(each with a name and a path). " + RESTORE.format(file="data/datapackage.json"))
    for resource in package["resources"]:
        if isinstance(resource.get("schema"), str):  # a shared schema file
            resource["schema"] = _read_json(path.parent / resource["schema"],
                                            f"data/{resource['schema']}")
        if not isinstance(resource.get("schema"), dict) or "fields" not in resource["schema"]:
            raise PackError(f"data/datapackage.json: the table {resource['name']!r} has no schema "
                            "(its list of fields). " + RESTORE.format(file="data/datapackage.json"))
    return package


RESTORE = "To restore it: git checkout -- {file}"


def _read_json(path: Path, shown: str):
    """A JSON file of the pack, or a PackError naming the file and how to restore it."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise PackError(f"{shown} is missing. {RESTORE.format(file=shown)}") from None
    except UnicodeDecodeError:
        raise PackError(f"{shown} is not UTF-8 text (was it saved in another encoding?). "
                        f"{RESTORE.format(file=shown)}") from None
    except json.JSONDecodeError as error:
        raise PackError(f"{shown} is damaged (not valid JSON at line {error.lineno}, column "
                        f"{error.colno}: {error.msg}; was it cut off or edited by hand?). "
                        f"{RESTORE.format(file=shown)}") from None


def package() -> dict:
    """The Data Package descriptor, with shared schemas resolved."""
    path = data_dir() / "datapackage.json"
    if not path.exists():
        raise PackError(f"No data package at {path}. Is the pack's data/ folder there?")
    return _read_package(path, path.stat().st_mtime)


def table_names() -> list[str]:
    """Names of every table learners can load (the bibliography is not one of them)."""
    return [r["name"] for r in package()["resources"] if r["name"] != "sources"]


def resource(name: str) -> dict:
    """The Data Package resource of a table, or an error that suggests close names."""
    if not isinstance(name, str):
        from .i18n import _

        raise PackError(_("A table name is text like 'panama/casualty_estimates', not {kind}. "
                          "See list_datasets() for every name.").format(kind=type(name).__name__))
    for item in package()["resources"]:
        if item["name"] == name.strip():
            return item
    raise suggest(name, table_names(), "table", see="list_datasets()")


def table_path(name: str) -> Path:
    """The CSV file of a table."""
    return data_dir() / resource(name)["path"]


def list_datasets(case: str | None = None):
    """Every table in the pack: name, title, case, rows and description (rows is empty for
    a table that cannot be read: ``python -m helpers check`` says why).

    >>> from helpers import list_datasets
    >>> "panama/casualty_estimates" in set(list_datasets()["name"])
    True
    """
    import pandas as pd
    from .data import _show_whole_tables

    _show_whole_tables()  # whole text, every row (issue 25)

    if case is not None and case not in CASES:
        raise suggest(case, CASES, "case")
    rows = []
    for name in table_names():
        item = resource(name)
        if case and item.get("x-case") != case:
            continue
        rows.append({
            "name": name,
            "title": _words(item.get("title", ""), name, "title"),
            "case": item.get("x-case", ""),
            "rows": _count_rows(data_dir() / item["path"]),
            "description": _words(item.get("description", ""), name, "description"),
        })
    return pd.DataFrame(rows, columns=["name", "title", "case", "rows", "description"])


def _words(text: str, name: str, field: str) -> str:
    """A table's title or description in the learner's language (see helpers.i18n)."""
    from .i18n import translate

    return translate(text, "data", context=f"resource|{name}|{field}")


def _count_rows(path: Path) -> int | None:
    """Data rows in a CSV file (records, not lines), or None when it cannot be read."""
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


FIELD_CONTEXT = "field"  # data.po context of a field's meaning (one entry per distinct text)


def describe(name: str):
    """The data dictionary of a table: each field's type, unit and meaning (the meaning in the
    language in use; names, types and allowed values are what code uses, so they stay).

    >>> from helpers import describe
    >>> describe("panama/casualty_estimates").loc["source_id", "type"]
    'string'
    """
    import pandas as pd
    from .data import _show_whole_tables

    _show_whole_tables()  # whole text, every row (issue 25)

    from .i18n import SOURCE, get_language, translate
    from .words import code_words

    language = get_language()

    def allowed(values, field):
        """The codes code uses; in Spanish or Portuguese each with its words in brackets."""
        if language == SOURCE:
            return ", ".join(map(str, values))
        return ", ".join(f"{v} ({code_words(str(v), field)})" for v in values)

    rows = []
    for field in resource(name)["schema"]["fields"]:
        constraints = field.get("constraints", {})
        rows.append({
            "field": field["name"],
            "type": "category" if "enum" in constraints else field.get("type", "string"),
            "unit": field.get("x-unit", ""),
            "required": bool(constraints.get("required")),
            "allowed_values": allowed(constraints.get("enum", []), field["name"]),
            "meaning": translate(field.get("description", ""), "data", context=FIELD_CONTEXT),
        })
    return pd.DataFrame(rows).set_index("field")
