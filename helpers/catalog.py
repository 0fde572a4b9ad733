"""Where the data lives and what tables it holds: the Data Package's catalogue.

``data/datapackage.json`` is the one source of truth for every table's path, title,
description, fields, units and sources. This module only reads it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .errors import PackError, suggest
from .i18n import _
from .paths import data_dir  # noqa: F401 (where the tables are; the pack imports it from here too)

FIELD_CONTEXT = "field"  # data.po context of a field's meaning (one entry per distinct text)
CASES = ("panama", "colombia", "venezuela", "compare", "region", "geo")


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
        raise PackError(_("A table name is text like 'panama/casualty_estimates', not {kind}. "
                          "See list_datasets() for every name.").format(kind=type(name).__name__))
    for item in package()["resources"]:
        if item["name"] == name.strip():
            return item
    raise suggest(name, table_names(), "table", see="list_datasets()")


def table_path(name: str) -> Path:
    """The CSV file of a table."""
    return data_dir() / resource(name)["path"]


def _count_rows(path: Path) -> int | None:
    """Data rows in a CSV file (records, not lines), or None when it cannot be read."""
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


