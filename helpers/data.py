"""Loading a table as a typed pandas DataFrame, with types read from its Table Schema."""

from __future__ import annotations

from .catalog import resource, table_path
from .errors import DataFileError
from .validate import restore_hint, table_problems

MAX_LISTED = 8


def load(name: str):
    """Load a table of the pack as a pandas DataFrame with proper types.

    Dates come as dates, years as integers, categories as categoricals and numbers as
    numbers; ``describe(name)`` says what each column means. The table's name and the
    source ids it cites travel with it in ``frame.attrs``.

    >>> from helpers import load
    >>> deaths = load("panama/casualty_estimates")
    >>> str(deaths["as_of"].dtype).startswith("datetime64")
    True
    """
    import pandas as pd

    item = resource(name)
    path = table_path(name)
    problems = table_problems(item["name"])
    if problems:
        file = f"data/{item['path']}"
        listed = "\n".join(f"  - {p}" for p in problems[:MAX_LISTED])
        more = len(problems) - MAX_LISTED
        extra = f"\n  ... and {more} more" if more > 0 else ""
        raise DataFileError(
            f"{file} cannot be loaded: {len(problems)} problem(s).\n{listed}{extra}\n"
            f"{restore_hint(file)}\nTo check every table: python -m helpers check",
            problems,
        )
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    frame = pd.DataFrame({f["name"]: _typed(raw[f["name"]], f) for f in item["schema"]["fields"]})
    frame.attrs["name"] = item["name"]
    frame.attrs["title"] = item.get("title", item["name"])
    return frame


def _typed(column, field: dict):
    import pandas as pd

    kind = field.get("type", "string")
    enum = field.get("constraints", {}).get("enum")
    if enum:
        return pd.Categorical(column, categories=enum, ordered=bool(field.get("x-ordered")))
    if kind == "integer":
        return pd.to_numeric(column).astype("Int64")
    if kind == "number":
        return pd.to_numeric(column).astype("float64")
    if kind == "date":
        return pd.to_datetime(column, format="%Y-%m-%d")
    if kind == "boolean":
        return column.map({"true": True, "false": False, "True": True, "False": False}).astype("boolean")
    return column
