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

CASES = ("panama", "colombia", "venezuela", "compare")


def data_dir() -> Path:
    """The folder holding ``datapackage.json`` (override with ``INTERVENTION_HISTORY_DATA``)."""
    override = os.environ.get("INTERVENTION_HISTORY_DATA")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "data"


@functools.lru_cache(maxsize=8)
def _read_package(path: Path, mtime: float) -> dict:
    with open(path, encoding="utf-8") as handle:
        package = json.load(handle)
    for resource in package["resources"]:
        if isinstance(resource.get("schema"), str):  # a shared schema file
            with open(path.parent / resource["schema"], encoding="utf-8") as handle:
                resource["schema"] = json.load(handle)
    return package


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
        raise PackError(
            f"A table name is text like 'panama/casualty_estimates', not {type(name).__name__}. "
            "See list_datasets() for every name."
        )
    for item in package()["resources"]:
        if item["name"] == name.strip():
            return item
    raise suggest(name, table_names(), "table", see="list_datasets()")


def table_path(name: str) -> Path:
    """The CSV file of a table."""
    return data_dir() / resource(name)["path"]


def list_datasets(case: str | None = None):
    """Every table in the pack: name, title, case, rows and description.

    >>> from helpers import list_datasets
    >>> "panama/casualty_estimates" in set(list_datasets()["name"])
    True
    """
    import pandas as pd

    if case is not None and case not in CASES:
        raise suggest(case, CASES, "case")
    rows = []
    for name in table_names():
        item = resource(name)
        if case and item.get("x-case") != case:
            continue
        rows.append({
            "name": name,
            "title": item.get("title", ""),
            "case": item.get("x-case", ""),
            "rows": _count_rows(data_dir() / item["path"]),
            "description": item.get("description", ""),
        })
    return pd.DataFrame(rows, columns=["name", "title", "case", "rows", "description"])


def _count_rows(path: Path) -> int:
    import csv

    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return 0


def describe(name: str):
    """The data dictionary of a table: each field's type, unit and meaning.

    >>> from helpers import describe
    >>> describe("panama/casualty_estimates").loc["source_id", "type"]
    'string'
    """
    import pandas as pd

    rows = []
    for field in resource(name)["schema"]["fields"]:
        constraints = field.get("constraints", {})
        rows.append({
            "field": field["name"],
            "type": "category" if "enum" in constraints else field.get("type", "string"),
            "unit": field.get("x-unit", ""),
            "required": bool(constraints.get("required")),
            "allowed values": ", ".join(map(str, constraints.get("enum", []))),
            "meaning": field.get("description", ""),
        })
    return pd.DataFrame(rows).set_index("field")
