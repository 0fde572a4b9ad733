"""The words of the tables a reader sees, in the language in use: column headings in words
(each field's ``title`` in ``data/datapackage.json``), codes as words ("us_military" ->
"US soldiers", "soldados de EE. UU."), and the free text a lesson displays (notes,
descriptions, claims, who said it...) through the tables' catalogue, ``data.po``.

Identifiers never change: code, ``describe()`` and ``load()`` keep the column names and codes
a learner types. Only what is shown changes: ``show(table)``, and every table a lesson displays
once the pack's data is loaded in a notebook (the headings then read "Estimated by" over
``estimated_by``, with no column of row numbers).

>>> from helpers import load
>>> from helpers.words import heading, code_words
>>> heading("estimated_by", language="en"), heading("estimated_by", language="es")
('Estimated by', 'Estimado por')
>>> code_words("us_military", "group", language="pt")
'Soldados dos EUA'
"""

from __future__ import annotations

import functools
import html
import re

from .catalog import data_dir, package
from .citations import _bibliography_rows, short_name
from .formats import localize
from .i18n import SOURCE, _, catalog_path, get_language, messages, translate

CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
# Free text shown by the lessons and charts, translated by value (msgctxt "value|<field>").
# Table -> fields; "*" applies to every table. Rows of events, documents and the glossary are
# translated by row id when loaded (helpers.i18n.DATA_FIELDS); they are not repeated here.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "venezuela/strike_tallies": ("outlet", "scope", "note"),
    "panama/casualty_estimates": ("estimated_by", "note", "locator"),
    "compare/dimensions": ("unit", "comparability_note", "text"),
    "*/documents": ("speaker", "locator"),
    "*/events": ("actor",),
    "region/interventions": ("country", "title", "stated_reason_words"),
    "compare/framing": ("title", "actor", "description"),
    "compare/public_opinion": ("pollster", "fieldwork", "population", "sample", "mode", "question",
                               "answer", "qualifier", "note"),
    "geo/places_panama_1989": ("name", "role_in_1989", "note"),
    "colombia/coca_cultivation": ("series", "unit", "note"),
    "colombia/violence": ("series", "unit", "note", "period"),
    "venezuela/indicators": ("series", "unit", "note"),
    "venezuela/operation_2026": ("item", "counted_by", "unit", "description", "note"),
    "venezuela/sanction_impact_estimates": ("authors", "period", "unit", "method", "summary"),
    "venezuela/sanctions": ("instrument", "issued_by", "target", "summary"),
    "venezuela/boat_strikes": ("announced_by", "note"),
    "panama/international_votes": ("subject", "document", "vetoed_by", "note"),
    "panama/vote_positions": ("country",),
    "compare/claims": ("speaker", "data_needed", "reasoning", "also_accepted"),  # the claim itself: by row (helpers.i18n)
    "region/stated_reasons": ("speaker",),  # the quotations stay as spoken (stated_words())
    "compare/outlets": ("country",),
}
# Rows whose words are translated, where a lesson shows only some: table -> (field, values).
TEXT_ROWS: dict[str, tuple[str, frozenset]] = {
    "venezuela/operation_2026": ("topic", frozenset({"casualties", "reward"})),
    "venezuela/indicators": ("indicator", frozenset({"oil_production", "migrants_abroad", "oil_reserves_world_share"})),
    # rows lesson 05 shows among a claim's originals (helpers.claims.read_laterally)
    "venezuela/indicators|unit": ("figure_id", frozenset({"ve_ind_248"})),
    "venezuela/sanctions|target": ("sanction_id", frozenset({"ve_san_003"})),
    "venezuela/sanctions|summary": ("sanction_id", frozenset({"ve_san_003"})),
    # the key lesson 05's facilitator edition shows (helpers.claims.show_key): Part 4's claims
    "compare/claims|reasoning": ("claim_id", frozenset({"A15", "U05", "V05", "O01", "R06", "F01"})),
    "compare/claims|also_accepted": ("claim_id", frozenset({"A15", "U05", "V05", "O01", "R06", "F01"})),
    # (table|field: rows for that field only) the long quoted reasons lesson 06 shows in full
    "region/interventions|stated_reason_words": ("intervention_id", frozenset({
        "rg_dom_1905", "rg_dom_1914", "rg_dom_1916", "rg_dom_1960", "rg_dom_1961", "rg_dom_1963",
        "rg_dom_1965", "rg_sur_1982", "rg_chl_1963", "rg_cub_1961"})),  # lesson 06's stated_words()
    # the two statements of 28 April 1965 lesson 04 sets side by side
    "compare/framing|description": ("date", frozenset({"1965-04-28"})),
    # the counts lesson 02 sets side by side (counts_side_by_side), the Truth Commission's rows
    # among them (killings_by_perpetrator), and the homicide chart's tooltips: their notes and
    # periods; units and series of every row
    "colombia/violence|note": ("indicator", frozenset({"kidnappings", "extrajudicial_executions",
                                                       "conflict_killings", "displaced_in_year",
                                                       "homicide_rate"})),
    "colombia/violence|period": ("indicator", frozenset({"kidnappings", "extrajudicial_executions",
                                                         "conflict_killings", "displaced_in_year"})),
}


def text_fields(table: str) -> tuple[str, ...]:
    """The fields of a table whose free text is translated by value."""
    return TEXT_FIELDS.get(table) or TEXT_FIELDS.get("*/" + table.split("/")[-1]) or ()


# Fields whose values are codes (several may be joined by ';'), shown as words.
CODE_FIELDS = {"stated_reason", "stated_reasons", "coded", "measure"}
# Fields that hold quotations in their original language: never translated, marked with it.
QUOTED = {"excerpt": None, "excerpt_en": "en"}
ELLIPSIS = "..."


# ---------------------------------------------------------------- what the package says
@functools.lru_cache(maxsize=4)
def _fields(_stamp) -> tuple[dict, dict]:
    """(field name -> {title, enum}, (table, field) -> {title, enum}) from the data package."""

    by_name: dict[str, dict] = {}
    by_table: dict[tuple[str, str], dict] = {}
    for resource in package()["resources"]:
        for field in resource["schema"]["fields"]:
            info = {"title": field.get("title") or "",
                    "enum": list((field.get("constraints") or {}).get("enum") or [])}
            by_table[(resource["name"], field["name"])] = info
            known = by_name.setdefault(field["name"], {"title": info["title"], "enum": []})
            known["enum"] = list(dict.fromkeys(known["enum"] + info["enum"]))
    return by_name, by_table


def fields() -> tuple[dict, dict]:
    import os

    path = _package_path(os.environ.get("INTERVENTION_HISTORY_DATA"))
    try:
        stamp = (str(path), path.stat().st_mtime_ns)
    except OSError:
        stamp = (str(path), 0)
    return _fields(stamp)


@functools.lru_cache(maxsize=8)
def _package_path(_override):
    return data_dir() / "datapackage.json"


def _info(field: str, table: str | None) -> dict:
    by_name, by_table = fields()
    return by_table.get((table or "", field)) or by_name.get(field) or {"title": "", "enum": []}


# ---------------------------------------------------------------- headings
# Columns the helpers compute (not in any table), as words; "_" columns are never shown.
COMPUTED = {
    "killed_so_far": "Killed so far", "killed_known": "Killed (known)", "strikes_so_far": "Strikes so far",
    "count": "Count", "min": "Earliest", "max": "Latest", "mean": "Mean", "sum": "Sum",
    "reason": "Reason", "era": "Era", "interventions": "Interventions", "change": "Change",
    "change_pct": "Change (%)", "proportion": "Share",
    # describe()'s data dictionary
    "field": "Field", "type": "Type", "required": "Required", "allowed_values": "Allowed values",
    "meaning": "Meaning",
    # counts_side_by_side()
    "counter": "Who counted", "span": "Period or year",
}


def _computed_words() -> dict[str, str]:  # pragma: no cover - lists COMPUTED for the catalogue
    return {"killed_so_far": _("Killed so far"), "killed_known": _("Killed (known)"),
            "strikes_so_far": _("Strikes so far"), "count": _("Count"), "min": _("Earliest"),
            "max": _("Latest"), "mean": _("Mean"), "sum": _("Sum"), "reason": _("Reason"),
            "era": _("Era"), "interventions": _("Interventions"), "change": _("Change"),
            "change_pct": _("Change (%)"), "proportion": _("Share"), "field": _("Field"),
            "type": _("Type"), "required": _("Required"), "allowed_values": _("Allowed values"),
            "meaning": _("Meaning"), "counter": _("Who counted"), "span": _("Period or year")}


def heading(column, table: str | None = None, language: str | None = None) -> str:
    """A column's heading in words: its field title, translated; a column the helpers
    computed, in words; anything else as it is."""
    language = language or get_language()
    name = str(column)
    title = _info(name, table)["title"]
    if title:
        return translate(title, "data", context="field title", language=language)
    if name in COMPUTED:
        return translate(COMPUTED[name], language=language)
    suffixed = re.fullmatch(r"([a-z0-9_]+) (\(.+\))", name)  # "value (estimate)": a field, qualified
    if suffixed and _info(suffixed.group(1), table)["title"]:
        return f"{heading(suffixed.group(1), table, language)} {suffixed.group(2)}"
    if language != SOURCE and not is_identifier(name):  # words already: a helper's column, or
        found = translate(name, language=language)      # a value made a column by a pivot
        return found if found != name else any_value_words(name, language)
    return name


def any_value_words(text: str, language: str | None = None) -> str:
    """A text translated as a value of whichever field has it (a pivot's column headings are
    values: sea areas, series names)."""

    language = language or get_language()
    if language == SOURCE:
        return text
    for (context, english), words in messages(catalog_path("data", language)).items():
        if english == text and (context or "").startswith("value|"):
            return words
    return text


def is_identifier(column) -> bool:
    """A column name a learner types (snake_case), as opposed to a heading already in words."""
    return isinstance(column, str) and bool(CODE.fullmatch(column))


# ---------------------------------------------------------------- readable labels
# Codes in the tables, as a reader should see them in legends, menus and axes.
LABELS = {
    "panamanian_total": "All Panamanians", "panamanian_civilian": "Panamanian civilians",
    "panamanian_military": "Panamanian soldiers", "us_military": "US soldiers",
    "us_government": "US government", "panama_government": "Panamanian government",
    "human_rights_group": "Human-rights group", "target_government": "Target government",
    "domestic_opposition": "Domestic opposition", "affected_people": "Affected people",
    "critics_and_rights_groups": "Critics and rights groups",
    "regional_and_international": "Regional and international bodies",
    "partner_government": "Partner government", "armed_group": "Armed group",
    "court_or_tribunal": "Court, tribunal or truth commission",
    "scholar_or_journalist": "Scholar or journalist",
    "us_civilian": "US civilians", "us": "US", "united_states": "United States",
    "gdp_current_usd": "GDP (current US dollars)", "gdp_growth_real": "Real GDP growth",
    "gdp_loss": "GDP loss", "us_statement": "US statement",
    "aid_appropriated_mexico": "Aid appropriated (Mexico)", "fatalities_mid_level": "Fatalities (middle estimate)",
    "us_aid_appropriated": "US aid appropriated", "us_aid_cash_transfer": "US aid: cash transfer",
    "us_aid_disbursed": "US aid disbursed", "us_aid_enacted": "US aid enacted",
    "us_aid_obligated": "US aid obligated", "us_aid_proposed": "US aid proposed",
    "us_aid_requested": "US aid requested", "us_aid_requested_by_panama": "US aid requested by Panama",
    "us_aid_suspended": "US aid suspended", "us_firms_employment_change": "US firms: change in employment",
    "us_firms_sales_change": "US firms: change in sales", "military_police": "Military and police",
    "economic_social": "Economic and social", "oil_reserves_world_share": "Oil reserves (world share)",
    "displaced_registered_cumulative": "Displaced, registered (cumulative)",
    "en": "English", "es": "Spanish", "pt": "Portuguese",
}


def readable(value, field: str | None = None) -> str:
    """A code as words: 'panamanian_total' -> 'All Panamanians'; a source id -> its
    publisher and year ('Associated Press, 1989'); 'military' -> 'Military'. With the
    ``field`` it comes from, the words are in the language in use (see helpers.words).

    >>> readable("panamanian_total"), readable("human_rights_group"), readable("military")
    ('All Panamanians', 'Human-rights group', 'Military')
    """
    import re

    text = str(value)
    if field is not None:
        if get_language() != SOURCE:
            if text not in LABELS and _is_source_id(text):
                return readable(value)  # its publisher and date, already in the language in use
            if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", text):
                return code_words(text, field)
            return text_words(text, field)
    if text in LABELS:
        return LABELS[text]
    if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", text):
        try:
            row = _bibliography_rows().get(text)
            if row:
                return short_name(row)
        except Exception:  # a damaged bibliography: fall back to the words of the code
            pass
        words = text.replace("_", " ")
        return words[:1].upper() + words[1:]
    if re.fullmatch(r"[a-z]+", text):
        return text[:1].upper() + text[1:]
    return text


def _is_source_id(text: str) -> bool:
    try:
        return text in _bibliography_rows()
    except Exception:  # a damaged bibliography: not a source id we can name
        return False


# ---------------------------------------------------------------- values
def english_words(code: str) -> str:
    """A code in English words: 'panamanian_total' -> 'All Panamanians' (the theme's labels),
    'military' -> 'Military', 'at_the_time' -> 'At the time'."""
    if code in LABELS:
        return LABELS[code]
    words = code.replace("_", " ")
    return words[:1].upper() + words[1:]


def code_words(code, field: str, language: str | None = None) -> str:
    """A code of a field as words in the language in use (codes joined by ';' each)."""
    if not isinstance(code, str) or not code:
        return code
    language = language or get_language()
    if ";" in code:
        return "; ".join(code_words(part.strip(), field, language) for part in code.split(";") if part.strip())
    english = english_words(code)
    if language == SOURCE:
        return english
    return translate(english, "data", context=f"value|{field}", language=language)


def text_words(text, field: str, language: str | None = None):
    """A free-text value (a note, a description, who said it) in the language in use, when
    the tables' catalogue has it; else as it is."""
    if not isinstance(text, str) or not text:
        return text
    language = language or get_language()
    if language == SOURCE:
        return text
    found = translate(text, "data", context=f"value|{field}", language=language)
    if found == text and len(text) < 60:  # a label a helper made (its words are in helpers.po)
        found = translate(text, language=language)
    return found


def is_code_field(field: str, table: str | None = None) -> bool:
    return bool(_info(field, table)["enum"]) or field in CODE_FIELDS


def value_words(value, field: str, table: str | None = None, language: str | None = None,
                codes_in_english: bool = False):
    """What a reader should see for one cell: a code as words (kept as the code in English
    tables when ``codes_in_english``), free text translated; anything else unchanged."""
    if not isinstance(value, str) or not value:
        return value
    language = language or get_language()
    if field in QUOTED:
        return value
    if is_code_field(field, table) and CODE.fullmatch(value.replace(";", "_").replace(" ", "")):
        if language == SOURCE and codes_in_english:
            return value
        return code_words(value, field, language)
    return text_words(value, field, language)


def frame_words(frame, columns=None, table: str | None = None, language: str | None = None):
    """A copy of a table with the words of ``columns`` (default: all text columns) in the
    language in use, for charts: codes as words in every language, text translated."""
    import pandas as pd

    language = language or get_language()
    table = table or frame.attrs.get("name")
    frame = frame.copy()
    for column in columns if columns is not None else list(frame.columns):
        if column not in frame or str(column).startswith("_"):
            continue
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("string")
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        frame[column] = [value_words(v, str(column), table, language) if isinstance(v, str) else v
                         for v in values]
    return frame


# ---------------------------------------------------------------- tables as HTML
def _number(value, integral_column: bool, language: str) -> str:
    x = float(value)
    if integral_column or x.is_integer():
        text = f"{x:,.0f}" if abs(x) >= 10000 else f"{x:.0f}"
    else:
        text = f"{x:,.2f}".rstrip("0").rstrip(".") if abs(x) >= 10000 else f"{x:.2f}".rstrip("0").rstrip(".")
    return localize(text, language)


_MEMO: dict[tuple[str, str], tuple[str, str | None]] = {}  # one table's words, while it is drawn


def _cell(value, column: str, table: str | None, language: str, integral: bool, width: int | None):
    """(text, lang attribute or None, title attribute or None) of one cell."""
    import datetime as dt
    import numbers

    import pandas as pd

    if value is None or (not isinstance(value, (str, list, tuple, dict)) and pd.isna(value)):
        return "", None, None
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return (_("yes") if value else _("no")), None, None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        stamp = pd.Timestamp(value)
        return (stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat(" ", "minutes")), None, None
    if isinstance(value, dt.date):
        return value.isoformat(), None, None
    if isinstance(value, numbers.Number):
        return _number(value, integral, language), None, None
    text = str(value)
    lang, title = None, None
    if column in QUOTED:
        lang = QUOTED[column]
    else:
        key = (column, text)
        if key not in _MEMO:
            shown = value_words(text, column, table, language, codes_in_english=True)
            if shown == text and language != SOURCE and not _info(column, table)["title"]:
                shown = any_value_words(text, language)  # a column the helpers made: any field's words
            _MEMO[key] = (shown, text if shown != text and is_code_field(column, table) else None)
        text, title = _MEMO[key]  # title: the code a learner types, on hover
    if width and len(text) > width:
        text = text[:max(width - len(ELLIPSIS), 1)] + ELLIPSIS
    return text, lang, title


def _heading_html(column, table: str | None, language: str) -> str:
    e = html.escape
    if column is None or column == "":
        return ""
    name = str(column)
    words = heading(name, table, language)
    if is_identifier(name) and words != name:
        return (f"<span class='ih-heading'>{e(words)}</span><br>"
                f"<code class='ih-column' translate='no'>{e(name)}</code>")
    if is_identifier(name):
        return f"<code class='ih-column' translate='no'>{e(name)}</code>"
    return e(words)


def _document_languages() -> dict[str, str]:
    """Each excerpt's original language, by its text, so a table of excerpts marks them."""
    import csv

    found: dict[str, str] = {}
    for resource in package()["resources"]:
        if resource["name"].endswith("/documents"):
            try:
                with open(data_dir() / resource["path"], encoding="utf-8-sig", newline="") as handle:
                    for row in csv.DictReader(handle):
                        if row.get("excerpt"):
                            found[row["excerpt"]] = row.get("language") or ""
            except OSError:
                continue
    return found


def frame_html(frame, language: str | None = None) -> str:
    """A DataFrame as a reader should see it: headings in words over the column names, codes
    and text in the language in use, numbers with the edition's separators, no column of row
    numbers (a named index, or one of words, stays as the first column)."""
    import pandas as pd

    language = language or get_language()
    table = frame.attrs.get("name")
    shown = frame
    index = shown.index
    keep_index = not (index.name is None and pd.api.types.is_integer_dtype(index.dtype)
                      and not isinstance(index, pd.MultiIndex))
    if keep_index:
        shown = shown.reset_index()
        if not isinstance(index, pd.MultiIndex) and index.name is None:
            shown = shown.rename(columns={"index": ""})
    if isinstance(shown.columns, pd.MultiIndex):
        shown.columns = [" · ".join(str(p) for p in c if str(p)) for c in shown.columns]
    max_rows = pd.get_option("display.max_rows")
    min_rows = pd.get_option("display.min_rows") or 10
    width = pd.get_option("display.max_colwidth")
    total = len(shown)
    cut = max_rows is not None and total > max_rows
    rows = pd.concat([shown.head(min_rows // 2), shown.tail(min_rows - min_rows // 2)]) if cut else shown
    integral = {}
    for column in shown.columns:
        values = shown[column]
        integral[column] = bool(pd.api.types.is_float_dtype(values) and values.dropna().map(float.is_integer).all())
    languages = _document_languages() if "excerpt" in shown.columns else {}
    _MEMO.clear()
    e = html.escape
    head = "".join(f"<th scope='col'>{_heading_html(c, table, language)}</th>" for c in shown.columns)
    body = []
    for position, (_label, row) in enumerate(rows.iterrows()):
        if cut and position == min_rows // 2:
            body.append("<tr>" + "".join("<td>…</td>" for _c in shown.columns) + "</tr>")
        cells = []
        for column in shown.columns:
            value = row[column]
            text, lang, title = _cell(value, str(column), table, language, integral[column], width)
            if str(column) == "excerpt" and isinstance(value, str):
                lang = languages.get(value) or None
            attributes = (f" lang='{e(lang)}'" if lang and lang != language else "") + (
                f" title='{e(title)}'" if title else "")
            cells.append(f"<td{attributes}>{e(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    size = (f"<p class='ih-table-size'>{e(_('{rows} rows × {columns} columns').replace('{rows}', str(total)).replace('{columns}', str(len(shown.columns))))}</p>"
            if cut else "")
    # No scrolling wrapper of its own: the output area scrolls a wide table and takes the
    # keyboard focus for it (a second scrolling box would need one too).
    return (f"<table class='dataframe ih-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{size}")


def series_html(series, language: str | None = None) -> str:
    """A Series (a count by group, a column) as a two-column table with headings in words."""
    name = series.name if series.name is not None else ""
    frame = series.to_frame(name=name if name != "" else " ")
    frame.attrs = dict(series.attrs)
    return frame_html(frame, language)


class Table:
    """A table as ``show()`` returns it: drawn with headings in words in a notebook and a
    handout; ``.frame`` is the DataFrame itself."""

    def __init__(self, frame):
        self.frame = frame

    def _repr_html_(self) -> str:
        import pandas as pd

        if isinstance(self.frame, pd.Series):
            return series_html(self.frame)
        return frame_html(self.frame)

    def __repr__(self) -> str:
        return repr(self.frame)


_installed: list[bool] = []


def install() -> bool:
    """Show every DataFrame and Series of this notebook as ``show()`` does (headings in words,
    codes and text in the language in use). Called when the pack's data is first loaded; does
    nothing outside IPython."""
    import sys

    if _installed:
        return True
    if "IPython" not in sys.modules:  # not a notebook: nothing to do (and nothing to import)
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    import pandas as pd

    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type(pd.DataFrame, lambda frame: frame_html(frame))
    formatter.for_type(pd.Series, lambda series: series_html(series))
    _installed.append(True)
    return True
