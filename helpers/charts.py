"""Chart builders the lessons share: one call from a DataFrame to a finished chart.

Every chart has a title that asks its question, a text description for screen readers,
interactivity that needs no kernel (Vega-Lite parameters, so it works in the handouts), and
its source line under it, built from the rows it draws: never typed by hand.

>>> from helpers import load, estimate_ranges
>>> chart = estimate_ranges(load("panama/casualty_estimates"), title="How many died?")
>>> chart.to_dict()["usermeta"]["source"].startswith("Source")
True
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from . import render, theme  # noqa: F401  (registers the renderer and the theme)
from .catalog import table_path
from .citations import _bibliography_rows, cite, source_ids_in_file, source_line
from .data import load
from .errors import PackError, suggest
from .formats import number as _number
from .formats import pattern as _pattern
from .formats import strftime as _strftime
from .i18n import _
from .words import frame_words, readable
from .words import heading as _heading

ALL = "All"  # the menu's first option, in the language in use: _(ALL)


# ---------------------------------------------------------------- inputs and sources
def _frame(data, builder: str, needs: list[str]) -> pd.DataFrame:
    if isinstance(data, str):
        if data.strip().endswith(".csv"):  # a path: the table's name is what load() takes
            name = data.strip().replace("\\", "/").split("data/")[-1][:-4]
            raise PackError(f"{builder}() takes a table or a table's name, like "
                            f"{builder}(load({name!r})), not the path of its file.")
        data = load(data)
    if not isinstance(data, pd.DataFrame):
        raise PackError(f"{builder}() draws a table (a pandas DataFrame), for example "
                        f"{builder}(load('panama/casualty_estimates')); it got {type(data).__name__}.")
    missing = [c for c in needs if c not in data.columns]
    if missing:
        raise PackError(f"{builder}() needs the columns {missing}; this table has "
                        f"{list(data.columns)}. Did you pass the right table?")
    if data.empty:
        raise PackError(f"{builder}() has no rows to draw: the selection is empty. "
                        "Check the filter you applied (a misspelt value selects nothing).")
    return data


def _years(rows: pd.DataFrame, years, column: str, builder: str) -> pd.DataFrame:
    """Keep rows whose year (or date) falls in ``years=(first, last)``, with clear errors."""
    if years is None:
        return rows
    import numbers

    if (not isinstance(years, (tuple, list)) or len(years) != 2
            or not all(isinstance(y, numbers.Integral) and not isinstance(y, bool) for y in years)):
        raise PackError(f"{builder}(years=...) takes two whole years, first and last, "
                        f"like years=(1987, 1995); it got {years!r}.")
    first, last = (int(y) for y in years)  # numpy integers (from .dt.year.min()) too
    years = (first, last)
    if first > last:
        raise PackError(f"{builder}(years={years!r}): the first year comes after the last; "
                        f"try years=({last}, {first}).")
    values = rows[column]
    year = values.dt.year if pd.api.types.is_datetime64_any_dtype(values) else values
    kept = rows[(year >= first) & (year <= last)]
    if kept.empty:
        raise PackError(f"{builder}(years={years!r}) selects nothing: this table covers "
                        f"{int(year.min())} to {int(year.max())}.")
    return kept


def _known(ids: set[str], who: str) -> None:
    """Source ids must resolve in the bibliography: an unknown one would leave the chart's
    source line silently short."""

    unknown = sorted(ids - set(_bibliography_rows()))
    if unknown:
        raise PackError(f"{who}: its rows cite source ids that are not in data/sources.csv: "
                        f"{unknown[:5]}. Keep the source_id column of the table you loaded "
                        "(see sources('<table name>')), or add the source to the bibliography.")


def _text_option(value, option: str, builder: str, example: str):
    """title=, subtitle=, x_title= ... take text; None is allowed only where it means 'none'."""
    if not isinstance(value, str):
        raise PackError(f"{builder}({option}=...) takes text, like {option}={example!r}; "
                        f"it got {value!r}.")
    return value


def _number_option(value, option: str, builder: str, example: int, whole: bool = True):
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value <= 0 \
            or (whole and not float(value).is_integer()):
        raise PackError(f"{builder}({option}=...) takes a positive whole number, like "
                        f"{option}={example}; it got {value!r}.")
    return int(value)


def _dates(rows: pd.DataFrame, column: str, builder: str) -> pd.Series:
    """A column of dates, or an error naming the rows without a readable date."""
    values = rows[column]
    dates = pd.to_datetime(values, errors="coerce", format="mixed") \
        if not pd.api.types.is_datetime64_any_dtype(values) else values
    bad = dates.isna()
    if bad.any():
        first = values[bad].iloc[0]
        shown = "no date" if pd.isna(first) else f"{str(first)[:30]!r}, which is not a date"
        raise PackError(f"{builder}() needs a date in every row of column {column!r}: "
                        f"{int(bad.sum())} row(s) have none or an unreadable one (e.g. row "
                        f"{values[bad].index[0]!r}: {shown}). Dates look like 1989-12-20; to "
                        f"leave those rows out: rows.dropna(subset=[{column!r}]).")
    return dates


def _numbers(rows: pd.DataFrame, columns: list[str], builder: str) -> pd.DataFrame:
    """Columns that must hold numbers, converted; an error names text or infinite cells."""
    import numpy as np

    rows = rows.copy()
    for column in columns:
        if column not in rows:
            continue
        values = rows[column]
        numbers_ = pd.to_numeric(values, errors="coerce")
        text = numbers_.isna() & values.notna()
        if text.any():
            raise PackError(f"{builder}() needs numbers in column {column!r}, but row "
                            f"{values[text].index[0]!r} holds {str(values[text].iloc[0])[:30]!r}. "
                            f"Write figures as numbers (300, not 'about 300'), or convert: "
                            f"rows[{column!r}] = pd.to_numeric(rows[{column!r}]).")
        infinite = np.isinf(numbers_.astype("float64"))
        if infinite.any():
            raise PackError(f"{builder}(): column {column!r} holds an infinite figure in row "
                            f"{numbers_[infinite].index[0]!r} (a division by zero?): leave that "
                            "row out or fix the calculation.")
        rows[column] = numbers_.astype("float64")
    return rows


def _ids_of(item) -> set[str]:
    if isinstance(item, pd.DataFrame):
        ids = set()
        for column in ("source_id", "source_ids"):
            if column in item.columns:
                for cell in item[column].dropna().astype(str):
                    ids.update(s.strip() for s in cell.split(";") if s.strip())
        return ids
    if isinstance(item, str) and "/" in item:
        return source_ids_in_file(table_path(item))
    if isinstance(item, str):
        cite(item)  # fails with suggestions for an unknown id
        return {item}
    if isinstance(item, (list, tuple, set)):
        return set().union(*(_ids_of(i) for i in item)) if item else set()
    raise PackError("with_source() takes tables (DataFrames), table names or source ids, "
                    f"not {type(item).__name__}.")


def with_source(chart, *sources_of):
    """Put the source line under a chart, from the rows drawn, table names or source ids.

    >>> import altair as alt, pandas as pd
    >>> c = with_source(alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), "lat_1990_01_10")
    >>> c.to_dict()["usermeta"]["source"][:6]
    'Source'
    """
    if not isinstance(chart, alt.TopLevelMixin):
        raise PackError("with_source() takes the chart first, then where its figures come from: "
                        "with_source(chart, 'panama/events'); it got "
                        f"{type(chart).__name__} as the chart.")
    ids = _ids_of(list(sources_of))
    if not ids:
        raise PackError("with_source() found no source ids: pass the table you drew "
                        "(with its source_id column), a table name, or source ids.")
    _known(ids, "with_source()")
    return chart.properties(usermeta={"source": source_line(ids)})


def _top(data, title: str, subtitle: str | None, description: str) -> dict:
    """Title, description and source line (from the rows drawn: a table or a list of tables),
    as top-level chart properties. Pass them to the chart's constructor or one .properties()
    call: each later .properties() deep-copies the whole chart."""
    _text_option(title, "title", "The chart", "How many died?")
    if subtitle is not None:
        _text_option(subtitle, "subtitle", "The chart", "Estimates by source")
    ids = _ids_of(data)
    if not ids:
        raise PackError("This chart's rows cite no source (no source_id column): "
                        "pass rows from a table of the pack.")
    _known(ids, "This chart")
    heading = alt.Title(title, subtitle=subtitle) if subtitle else alt.Title(title)
    return {"title": heading, "description": description, "usermeta": {"source": source_line(ids)}}


def _pick(field: str, options: list, label: str):
    """A dropdown (Vega-Lite parameter) that filters by one field; 'All' shows everything."""
    binding = alt.binding_select(options=[None, *options], labels=[_("All"), *map(str, options)],
                                 name=f"{label} ")
    param = alt.param(value=None, bind=binding)
    test = f"{param.name} == null || datum[{field!r}] == {param.name}"
    return param, test


def _defaults() -> list[str]:  # pragma: no cover - never called: the builders' default words,
    # listed so the catalogue has them (the builders translate them with _(title) at run time)
    return [_("Estimates by source"), _("Estimate"), _("Timeline"), _("By year and source")]


def _menu(field: str) -> str:
    """'Show kind:' / 'Mostrar tipo:': the label of a chart's menu, for a column."""
    words = _words_of(field)
    return _("Show {field}:").replace("{field}", words[:1].lower() + words[1:] if words[1:2].islower() else words)


def _words_of(column: str) -> str:
    """A column's name as a reader should read it (its title in the language in use)."""
    words = _heading(column)
    return words if words != column else column.replace("_", " ")


def _present(series: pd.Series) -> list:
    values = series.dropna()
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [c for c in series.cat.categories if c in set(values)]
    return sorted(values.unique(), key=str)


def _encodings(field: str, domain: list, title: str, colours: list | None = None):
    """Colour, shape and dash together, so no series depends on colour alone. ``colours``:
    one per domain value (theme.colours(): a category's colour across the pack), else the
    palette in order."""
    n = len(domain)
    scale = {"domain": domain}
    return (
        alt.Color(f"{field}:N", title=title, scale=alt.Scale(range=colours or theme.PALETTE[:n] * 4, **scale)),
        alt.Shape(f"{field}:N", title=title, scale=alt.Scale(range=theme.SHAPES[:n] * 4, **scale)),
        alt.StrokeDash(f"{field}:N", title=title, scale=alt.Scale(range=theme.DASHES[:n] * 4, **scale)),
    )


def _tooltip(rows: pd.DataFrame, column: str):
    kind = rows[column].dtype
    title = _words_of(column)
    if pd.api.types.is_datetime64_any_dtype(kind):
        return alt.Tooltip(f"{column}:T", title=title, format=_pattern("day"))
    if pd.api.types.is_numeric_dtype(kind) and not isinstance(kind, pd.CategoricalDtype):
        return alt.Tooltip(f"{column}:Q", title=title, format=",")
    return alt.Tooltip(f"{column}:N", title=title)


def _fmt(x) -> str:
    return "" if pd.isna(x) else _number(x)


def _stamp(values: pd.Series, fmt: str) -> pd.Series:
    """Dates as the edition writes them ('Dec 1989', 'dic 1989'); 'date unknown' if none."""
    dates = pd.to_datetime(values, errors="coerce", format="mixed")
    return dates.map(lambda d: _("date unknown") if pd.isna(d) else _strftime(d, fmt))


# ---------------------------------------------------------------- estimates as ranges
def estimate_ranges(data, title: str = "Estimates by source", subtitle: str | None = None,
                    by: str = "group", x_title: str = "Estimate", log_scale: bool = False,
                    date_format: str | None = None, who: str | None = None, colours: dict | None = None):
    """Each estimate as a point (its figure) and a bar (its low-high range), one row per
    source, labelled with who estimated it and when. A dropdown filters by ``by``.
    ``colours``: a colour for each value of ``by`` (by default the pack's colour of each kind
    of actor when ``by`` holds their codes: helpers.theme.CATEGORY_COLOURS).

    >>> from helpers import load
    >>> estimate_ranges(load("panama/casualty_estimates")).to_dict()["description"][:5]
    'Range'
    """
    frame = _frame(data, "estimate_ranges", ["value", "low", "high", by] + ([who] if who else []))
    who = who or next(c for c in ("estimated_by", "authors", "counted_by", "source_id") if c in frame)
    when = next((c for c in ("as_of", "published", "date") if c in frame), None)
    _text_option(x_title, "x_title", "estimate_ranges", "People killed")
    date_format = _pattern("month") if date_format is None else date_format
    _text_option(date_format, "date_format", "estimate_ranges", "%b %Y")
    title, x_title = _(title), _(x_title)  # the defaults, in the language in use
    rows = _numbers(frame, ["value", "low", "high"], "estimate_ranges")
    if rows[who].isna().any():
        raise PackError(f"estimate_ranges() needs who made each estimate (column {who!r}), but "
                        f"{int(rows[who].isna().sum())} row(s) have none (after a concat of "
                        "two tables?). Fill it in, or pick the column with who=..., e.g. "
                        "who='source_id'.")
    reversed_ = rows["low"].notna() & rows["high"].notna() & (rows["low"] > rows["high"])
    if reversed_.any():
        at = rows[reversed_].index[0]
        raise PackError(f"estimate_ranges(): in row {at!r} low ({rows.at[at, 'low']:g}) is above "
                        f"high ({rows.at[at, 'high']:g}): swap them.")
    rows["_lo"] = rows["low"].fillna(rows["value"])
    rows["_hi"] = rows["high"].fillna(rows["value"])
    rows = rows[rows["_lo"].notna() | rows["value"].notna()]
    if rows.empty:
        raise PackError("estimate_ranges() found no figures (value, low or high) to draw.")
    shown = [c for c in dict.fromkeys([who, by, "measure", "value", "low", "high", "qualifier",
                                       when, "source_id", "note"]) if c and c in rows]
    said = frame_words(rows, [c for c in shown if c != "source_id"])  # words a reader sees
    if when:
        rows = rows.sort_values([when, who])
        said = said.loc[rows.index]
        rows["_label"] = _shorten(said[who].astype("string")) + " (" + _stamp(rows[when], date_format) + ")"
        rows["_when"] = _stamp(rows[when], date_format)
    else:
        rows["_label"] = _shorten(said[who].astype("string"))
        rows["_when"] = ""
    detail = [c for c in (by, "measure") if c in rows and c != who]
    if detail and rows["_label"].duplicated(keep=False).any():
        twins = rows["_label"].duplicated(keep=False)
        extra = said[detail].astype(str).agg(" ".join, axis=1).str.replace("_", " ")
        rows.loc[twins, "_label"] = rows.loc[twins, "_label"] + ": " + extra[twins]
    rows["_label"] = _unique(rows["_label"].tolist())
    qualifier = said["qualifier"].astype("string").fillna("").str.lower() if "qualifier" in rows else ""
    single = rows["value"].map(_fmt)
    spread = rows["_lo"].map(_fmt) + "-" + rows["_hi"].map(_fmt)
    has_range = rows["low"].notna() & rows["high"].notna()
    rows["_text"] = (qualifier + " " + single.where(~has_range, spread)).str.strip()
    rows["_by"] = rows[by].astype("string").map(lambda v: readable(v, by))  # words, not codes
    order = rows["_label"].tolist()
    codes = _present(rows[by])
    domain = [readable(v, by) for v in codes]
    legend = _words_of(by)
    if colours is None and codes and all(theme.has_colour(c) for c in codes):
        colours = dict(zip(codes, theme.colours("actor_kind", codes)))  # who counted: the pack's colours
    palette = [colours.get(c) or colours.get(d) for c, d in zip(codes, domain)] if colours else None
    color, shape, _dash = _encodings("_by", domain, legend[:1].upper() + legend[1:],
                                     palette if palette and all(palette) else None)
    param, test = _pick("_by", domain, _menu(by))
    # Issue 28: each row's words (who, when, the figure) on their own line or two above its
    # range, across the chart's width: nothing cut at the axis, no figure past the right edge,
    # and the same on a 360 px phone as on a screen.
    # the figure first, then when and who: a long name is what a narrow screen shortens
    twins = rows["_label"].str.extract(r": ([^()]*)$|(\[\d+\])$").fillna("").agg("".join, axis=1)
    rows["_row"] = [_wrap(" · ".join(part for part in (
        f"{text} ({twin})" if twin and text else text or twin, stamp, str(name)) if part))
        for text, twin, stamp, name in zip(rows["_text"], twins, rows["_when"], said[who])]
    lines = max(row.count("\n") + 1 for row in rows["_row"])
    lo, hi = rows["_lo"].min(), rows["_hi"].max()
    if log_scale:  # from the power of ten below the least figure to the one above the most
        least = min(v for v in (lo, rows["value"].min()) if pd.notna(v) and v > 0)
        first, last = math.floor(math.log10(least)), math.ceil(math.log10(max(hi, least * 10)))
        ticks = [m * 10 ** k for k in range(first, last + 1) for m in (1, 3) if m * 10 ** k <= 10 ** last]
        x_scale = alt.Scale(type="log", domain=[10 ** first, 10 ** last], nice=False, padding=10)
        # whole numbers in the reader's notation (1,000 / 1.000) where they stay short; SI
        # prefixes ("3M") beyond; never "400500"
        axis = alt.Axis(values=ticks, format=",~d" if 10 ** last <= 100_000 else "~s",
                        labelFlush=True, labelOverlap="greedy")
    else:
        x_scale = alt.Scale(zero=True, padding=10)
        axis = alt.Axis(format=",~f", labelFlush=True, labelOverlap="greedy",
                        tickCount={"expr": "ceil(width / 90)"})
    y = alt.Y("_label:N", sort=order, title=None, axis=None)
    tooltip = [_tooltip(rows, c) for c in shown]
    keep = list(dict.fromkeys(["_label", "_row", "_by", "_lo", "_hi", "_text", "value", *shown]))
    for column in shown:  # the tooltips' words in the language in use; figures unchanged
        if column not in ("value", "low", "high", when, "source_id"):
            rows[column] = said[column]
    data = rows[[c for c in keep if c in rows]]
    base = alt.Chart().transform_filter(test)  # layers share one top-level dataset (fast)
    below = 4 + 7 * lines  # the range sits under its words
    bars = base.mark_rule(strokeWidth=3, opacity=0.7, yOffset=below).encode(
        y=y, x=alt.X("_lo:Q", title=x_title, scale=x_scale, axis=axis), x2="_hi:Q", color=color)
    points = base.mark_point(size=90, filled=True, yOffset=below).encode(
        y=y, x="value:Q", color=color, shape=shape, tooltip=tooltip)
    labels = base.mark_text(align="left", baseline="middle", lineBreak="\n", fontSize=12,
                            color=theme.TEXT, limit={"expr": "width"}, yOffset=-7).encode(
        y=y, x=alt.value(0), text="_row:N")
    # how many estimators is not said: one body can stand under two names (lesson 01's committee)
    description = (_("Range chart of {n} estimates. The figures run from {low} to {high}.")
                   .replace("{n}", str(len(rows))).replace("{low}", _fmt(lo)).replace("{high}", _fmt(hi)))
    # One constructor call: each later .properties() or .add_params() deep-copies the chart.
    return alt.layer(bars, points, labels, data=data, params=[param.param], width=480,
                     height=alt.Step(22 + 15 * lines), **_top(rows, title, subtitle, description))


def _wrap(text: str, width: int = 46) -> str:
    """A row's words in at most two lines of about ``width`` characters (what a 360 px phone
    shows at 12 px); a third line's words end the second with an ellipsis."""
    import textwrap

    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")]
    return "\n".join(lines)


def _shorten(names: pd.Series, limit: int = 46) -> pd.Series:
    """Long names are cut before the date is added, so the date always shows."""
    text = names.astype(str)
    return text.where(text.str.len() <= limit, text.str.slice(0, limit - 1).str.rstrip() + "…")


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} [{seen[label]}]")
    return out


# ---------------------------------------------------------------- timeline of events
MAX_EVENTS = 5000  # altair's limit for data inside a chart; a timeline past it is unreadable anyway


def timeline(events, title: str = "Timeline", subtitle: str | None = None, lane: str = "kind",
             width: int = 640, years=None):
    """Dated events as points on a time axis, one lane per ``lane`` value (kind or case).
    Drag or scroll to zoom; a dropdown filters by kind; hover for the details.

    >>> from helpers import load
    >>> timeline(load("panama/events")).to_dict()["description"][:8]
    'Timeline'
    """
    frame = _frame(events, "timeline", list(dict.fromkeys(["date", "kind", "title", lane])))
    width = _number_option(width, "width", "timeline", 640)
    frame = frame.assign(date=_dates(frame, "date", "timeline"))
    if frame["kind"].isna().all():
        raise PackError("timeline() needs the kind of each event (column 'kind'); every row "
                        "has none. Pass rows of an events table, e.g. load('panama/events').")
    rows = _years(frame.copy(), years, "date", "timeline")
    if len(rows) > MAX_EVENTS:  # altair would stop at display with MaxRowsError and vegafusion advice
        raise PackError(_("timeline() draws at most {most} events, and this selection has {rows}: "
                          "choose fewer first, for example one kind (events[events['kind'] == "
                          "'military']) or a few years (years=(1989, 1990)).")
                        .replace("{most}", f"{MAX_EVENTS:,}").replace("{rows}", f"{len(rows):,}"))
    title = _(title)  # the default, in the language in use
    rows["_kind"] = rows["kind"].astype("string").map(lambda k: readable(k, "kind"))
    kinds = [readable(k, "kind") for k in _present(rows["kind"])]
    color, shape, _dash = _encodings("_kind", kinds, _("Kind of event"))
    param, test = _pick("_kind", kinds, _menu("kind"))
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    tooltip = [alt.Tooltip("date:T", title=_("date"), format=_pattern("day_long")),
               alt.Tooltip("title:N", title=_("event"))]
    tooltip += [alt.Tooltip(f"{c}:N", title=_words_of(c)) for c in ("case", "description", "actor", "source_id")
                if c in rows]
    lanes = _present(rows[lane])
    rows["_lane"] = rows[lane].astype("string").map(lambda v: readable(v, lane))
    said = frame_words(rows, [c for c in ("case", "actor") if c in rows])
    for column in ("case", "actor"):
        if column in rows:
            rows[column] = said[column]
    keep = [c for c in ["date", "_kind", "_lane", "title", "description", "actor", "source_id", "case", lane]
            if c in rows]
    chart = alt.Chart(rows[list(dict.fromkeys(keep))]).transform_filter(test).mark_point(
        size=110, filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title=_("Date"), scale=alt.Scale(padding=14)),
        y=alt.Y("_lane:N", title=None, sort=[readable(v, lane) for v in lanes]),
        color=color, shape=shape, tooltip=tooltip,
    ).add_params(param, zoom)
    first, last = pd.to_datetime(rows["date"]).min(), pd.to_datetime(rows["date"]).max()
    long = _pattern("day_long")
    grouped = _words_of(lane)
    description = (_("Timeline of {n} events from {first} to {last}, grouped by {lane}. Kinds: {kinds}.")
                   .replace("{n}", str(len(rows))).replace("{first}", _strftime(first, long))
                   .replace("{last}", _strftime(last, long)).replace("{lane}", grouped[:1].lower() + grouped[1:])
                   .replace("{kinds}", ", ".join(kinds)))
    return chart.properties(width=width, height=alt.Step(44),
                            **_top(rows, title, subtitle, description))


# ---------------------------------------------------------------- yearly series by source
def series_by_source(data, indicator: str | None = None, title: str = "By year and source",
                     subtitle: str | None = None, y_title: str | None = None,
                     series: str = "series", markers=None, years=None):
    """A yearly series, one line per source (colour, dash and point shape differ), with a
    dropdown that picks one source; ``markers`` adds dated events as labelled rules.

    >>> import pandas as pd
    >>> from helpers import load
    >>> ev = load("panama/events")
    >>> eco = pd.DataFrame({"year": [1987, 1988], "value": [2.0, -13.0], "series": ["A", "A"],
    ...                     "unit": ["percent"] * 2, "source_id": [ev.source_id[0]] * 2})
    >>> series_by_source(eco, markers=ev.head(2)).to_dict()["description"][:4]
    'Line'
    """
    frame = _frame(data, "series_by_source", ["year", "value", series])
    rows = frame.copy()
    if indicator is not None:
        if "indicator" not in rows:
            raise PackError("series_by_source(indicator=...) needs an 'indicator' column.")
        known = [str(v) for v in _present(rows["indicator"])]
        if indicator not in known:
            raise suggest(indicator, known, "indicator")
        rows = rows[rows["indicator"].astype(str) == indicator]
    rows = _numbers(rows, ["year", "value"], "series_by_source")
    rows = rows[rows["year"].notna() & rows["value"].notna()]
    if rows.empty:
        raise PackError("series_by_source() has no yearly figures to draw for this selection.")
    rows = _years(rows, years, "year", "series_by_source")
    if indicator is None and "indicator" in rows and rows["indicator"].nunique() > 1:
        raise PackError("series_by_source() would join different indicators into one line per "
                        "source. Pick one with indicator=..., one of: "
                        + _indicator_choices(rows) + ".")
    if "unit" in rows and rows["unit"].nunique() > 1:
        units = [str(u) for u in _present(rows["unit"])]
        what = f"indicator={indicator!r}" if indicator is not None else "these rows"
        pick = f", indicator={indicator!r}" if indicator is not None else ""
        raise PackError(f"series_by_source(): {what} comes in {len(units)} units {units}, "
                        "which one line cannot mix. Draw one unit at a time: "
                        f"rows = data[data['unit'] == {units[0]!r}], then "
                        f"series_by_source(rows{pick}).")
    title = _(title)  # the default, in the language in use
    unit = str(rows["unit"].iloc[0]) if "unit" in rows else _("value")
    unit = frame_words(pd.DataFrame({"unit": [unit]}))["unit"].iloc[0]
    rows["_series"] = rows[series].astype("string").map(lambda s: readable(s, series))  # not ids
    rows["year"] = rows["year"].astype(int)
    names = [readable(s, series) for s in _present(rows[series])]
    color, shape, dash = _encodings("_series", names, _("Source"))
    param, test = _pick("_series", names, _("Show source:"))
    tooltip = [alt.Tooltip("_series:N", title=_("source")), alt.Tooltip("year:Q", title=_("year"), format="d"),
               alt.Tooltip("value:Q", title=_("value"), format=",")]
    tooltip += [alt.Tooltip(f"{c}:N", title=_words_of(c)) for c in ("source_id", "note") if c in rows]
    if "note" in rows:
        rows["note"] = frame_words(rows, ["note"])["note"]
    keep = [c for c in ["year", "value", "_series", "source_id", "note"] if c in rows]
    base = alt.Chart(rows[keep]).transform_filter(test).encode(
        x=alt.X("year:Q", title=_("Year"), axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=y_title or unit[:1].upper() + unit[1:]),
        color=color)
    gaps = _gap_rows(rows, keep)
    lines = alt.Chart(pd.concat([rows[keep], gaps], ignore_index=True) if len(gaps) else rows[keep]) \
        .transform_filter(test).encode(x=base.encoding.x, y=base.encoding.y, color=color) \
        .mark_line(invalid="break-paths-show-path-domains").encode(strokeDash=dash)
    points = base.mark_point(size=60, filled=True).encode(shape=shape, tooltip=tooltip)
    layers = [lines, points]
    sourced = [rows]
    if markers is not None:
        marks = _frame(markers, "event_markers", ["date", "title"])
        if years is not None:
            dates = pd.to_datetime(marks["date"])
            marks = marks[(dates.dt.year >= years[0]) & (dates.dt.year <= years[1])]
        if not marks.empty:
            layers.append(event_markers(marks))
            sourced.append(marks)
    what = indicator.replace("_", " ") if indicator else unit
    if indicator:
        what = frame_words(pd.DataFrame({"indicator": [indicator]}))["indicator"].iloc[0]
    description = (_("Line chart of {what} by year, {n} series: {names}; {first} to {last}.")
                   .replace("{what}", what[:1].lower() + what[1:] if what[1:2].islower() else what)
                   .replace("{n}", str(len(names))).replace("{names}", ", ".join(names))
                   .replace("{first}", str(rows["year"].min())).replace("{last}", str(rows["year"].max())))
    return alt.layer(*layers, params=[param.param], width=560, height=300,
                     **_top(sourced, title, subtitle, description))


def _indicator_choices(rows: pd.DataFrame, shown: int = 8) -> str:
    """"'gdp_growth_real' (percent), 'inflation' (percent), ..." for a message."""
    choices = []
    for name in _present(rows["indicator"])[:shown]:
        units = [str(u) for u in _present(rows.loc[rows["indicator"] == name, "unit"])] \
            if "unit" in rows else []
        choices.append(f"{str(name)!r}" + (f" ({', '.join(units)})" if units else ""))
    more = rows["indicator"].nunique() - shown
    return ", ".join(choices) + (f" and {more} more" if more > 0 else "")


def _gap_rows(rows: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    """An empty (null) point in each missing year of a series, so its line breaks there
    instead of drawing across years with no data."""
    filler = []
    for name, group in rows.groupby("_series", observed=True):
        years = sorted(set(group["year"]))
        for before, after in zip(years, years[1:]):
            if after - before > 1:
                filler.append({"year": before + 1, "value": None, "_series": name})
    return pd.DataFrame(filler, columns=keep) if filler else pd.DataFrame(columns=keep)


def event_markers(events, label: str = "title", max_chars: int = 28):
    """Dated events as vertical rules with short labels, to layer on a yearly chart.

    Dates become fractional years (1 July 1990 -> 1990.5) to match a ``year`` axis.
    Use ``series_by_source(..., markers=events)`` to get the source line of both tables.
    """
    frame = _frame(events, "event_markers", ["date", label])
    max_chars = _number_option(max_chars, "max_chars", "event_markers", 28)
    rows = frame.copy()
    dates = _dates(rows, "date", "event_markers")
    rows["year"] = dates.dt.year + (dates.dt.day_of_year - 1) / 365.25
    text = rows[label].astype(str)
    rows["_label"] = text.where(text.str.len() <= max_chars, text.str.slice(0, max_chars - 1) + "…")
    rows["_date"] = dates.map(lambda d: _strftime(d, _pattern("day")))
    keep = rows[["year", "_label", "_date", label] + (["source_id"] if "source_id" in rows else [])]
    base = alt.Chart(keep)
    rules = base.mark_rule(color=theme.MUTED, strokeDash=[3, 3]).encode(
        x="year:Q", tooltip=[alt.Tooltip("_date:N", title=_("date")), alt.Tooltip(f"{label}:N", title=_("event"))])
    labels = base.mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3,
                            fontSize=11, color=theme.MUTED).encode(
        x="year:Q", y=alt.value(0), text="_label:N")
    return alt.layer(rules, labels)
