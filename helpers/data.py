"""Loading a table as a typed pandas DataFrame, with types read from its Table Schema."""

from __future__ import annotations

from .catalog import CASES, FIELD_CONTEXT, _count_rows, data_dir, resource, table_names, table_path
from .errors import DataFileError, suggest
from .i18n import SOURCE, get_language, translate, translate_table
from .validate import damaged_first, rank, table_problems
from .words import code_words, install

MAX_LISTED = 8


def _escape_styled_tables() -> None:
    """Tables a lesson styles (``frame.style``) escape their text, as plain tables do: a
    pandas Styler writes cells, labels and its caption as raw HTML, so markup in a data string
    would run in a notebook or a handout. pandas' option covers only cells formatted without
    arguments (``.format(precision=1)`` turns it off), so the notebook shows every Styler
    through ``styler_html`` instead; the handout build cleans a styled table's markup again."""
    import pandas as pd

    pd.set_option("styler.format.escape", "html")
    try:
        from IPython import get_ipython
        from pandas.io.formats.style import Styler
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(Styler, styler_html)


def styler_html(styler) -> str:
    """A pandas Styler's HTML with every text from the data escaped (cells, index and column
    labels, their names, the caption), whatever the lesson's formatting or pandas' options."""
    import copy
    import html

    import pandas as pd

    def text(value):
        return html.escape(value) if isinstance(value, str) else value

    def labels(index):
        if isinstance(index, pd.MultiIndex):
            return pd.MultiIndex.from_tuples([tuple(map(text, key)) for key in index],
                                             names=[text(n) for n in index.names])
        return pd.Index([text(v) for v in index], name=text(index.name), dtype=object
                        if any(isinstance(v, str) for v in index) else index.dtype)

    safe = copy.copy(styler)
    data = styler.data.map(text)
    data.index, data.columns = labels(styler.data.index), labels(styler.data.columns)
    safe.data, safe.index, safe.columns = data, data.index, data.columns
    caption = styler.caption
    safe.caption = (tuple(map(text, caption)) if isinstance(caption, tuple) else text(caption))
    return safe.to_html()


# What a learner sees of a table (issue 25: "nothing cut off"): whole text in every cell, and
# every row of a table of up to MAX_ROWS rows (pandas cuts text at 50 characters and shows 10
# of 61 rows by default). Set once, when the pack's data is first loaded, so a learner's own
# pd.set_option() afterwards wins. show() (helpers.words) reads the same options.
MAX_ROWS = 100
_DISPLAY_SET: list[bool] = []


def _show_whole_tables() -> None:
    import pandas as pd

    if _DISPLAY_SET:
        return
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", MAX_ROWS)
    pd.set_option("display.min_rows", MAX_ROWS)
    pd.set_option("display.max_columns", None)
    _DISPLAY_SET.append(True)


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

    _escape_styled_tables()
    _show_whole_tables()

    install()
    item = resource(name)
    path = table_path(name)
    problems = table_problems(item["name"])
    if problems:
        file = f"data/{item['path']}"
        files = damaged_first(problems)
        problems = sorted(problems, key=lambda p: (files.index(p.file), rank(p)))  # damage first
        listed = "\n".join(f"  - {p}" for p in problems[:MAX_LISTED])
        more = len(problems) - MAX_LISTED
        extra = f"\n  ... and {more} more" if more > 0 else ""
        head = (f"{file} cannot be loaded" if files == [file] else
                f"{item['name']} cannot be loaded because of {' and '.join(files)}")
        restore = ("To undo an accidental edit: git checkout -- " + " ".join(files)
                   if not all(p.kind == "sources" for p in problems) else "")
        raise DataFileError(
            f"{head}: {len(problems)} problem(s).\n{listed}{extra}\n"
            + (f"{restore}\n" if restore else "") + "To check every table: python -m helpers check",
            problems,
        )
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                          encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as error:
        file = f"data/{item['path']}"
        raise DataFileError(f"{file} cannot be read ({str(error).splitlines()[0]}). To restore "
                            f"it: git checkout -- {file}\nTo check every table: "
                            "python -m helpers check") from None
    frame = pd.DataFrame({f["name"]: _typed(raw[f["name"]], f) for f in item["schema"]["fields"]})
    frame.attrs["name"] = item["name"]
    frame.attrs["title"] = item.get("title", item["name"])

    return translate_table(frame, item["name"])


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


# ------------------------------------------------------------------ what tables the pack holds
def list_datasets(case: str | None = None):
    """Every table in the pack: name, title, case, rows and description (rows is empty for
    a table that cannot be read: ``python -m helpers check`` says why).

    >>> from helpers import list_datasets
    >>> "panama/casualty_estimates" in set(list_datasets()["name"])
    True
    """
    import pandas as pd

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
    return translate(text, "data", context=f"resource|{name}|{field}")




def describe(name: str):
    """The data dictionary of a table: each field's type, unit and meaning (the meaning in the
    language in use; names, types and allowed values are what code uses, so they stay).

    >>> from helpers import describe
    >>> describe("panama/casualty_estimates").loc["source_id", "type"]
    'string'
    """
    import pandas as pd

    _show_whole_tables()  # whole text, every row (issue 25)

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
