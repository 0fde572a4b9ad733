"""Plan Colombia (lesson 02): the steps the lesson takes, each a named function a learner calls
in one line. Every function reads the pack's own tables and keeps each counter's figures
apart: nothing here averages two sources.

    from helpers import load, change_pct, coca_two_years, two_years, counts_side_by_side
    coca = load("colombia/coca_cultivation")
    area = coca_two_years(coca, 2000, 2006)          # hectares, one row per source
    change_pct(area.loc["UNODC/SIMCI", 2000], area.loc["UNODC/SIMCI", 2006])
    violence = load("colombia/violence")
    rates = two_years(violence, "homicide_rate", 2002, 2010)   # one row per counter
    homicide_chart(violence)                          # each counter its own line
    killings_by_perpetrator(violence)                 # the Truth Commission's attribution
"""

from __future__ import annotations

import pandas as pd

from .charts import series_by_source, with_source
from .errors import PackError
from .i18n import _, get_language
from .timelines import local_dates
from .words import frame_words

#: Events drawn as dashed rules on the lesson's yearly charts.
KEY_EVENTS = ("co_evt_005", "co_evt_037", "co_evt_018", "co_evt_020")
#: Events drawn on the homicide chart: the aid signed, Uribe sworn in, the AUC disarmed, the
#: peace accord approved.
SECURITY_EVENTS = ("co_evt_005", "co_evt_008", "co_evt_012", "co_evt_023")


def change_pct(old, new) -> float:
    """The change from ``old`` to ``new`` in percent of ``old``: a fall by half is -50.

    >>> change_pct(200, 100)
    -50.0
    >>> round(change_pct(136200, 157200), 1)
    15.4
    """
    old, new = float(old), float(new)
    if old == 0:
        raise PackError(_("change_pct() cannot measure a change from 0: pick a starting value "
                          "that is not zero."))
    return (new - old) / old * 100


def two_years(table: pd.DataFrame, indicator: str, first: int, last: int,
              unit: str | None = None, label: str | None = None) -> pd.DataFrame:
    """One indicator in two single years, one row per counter (series) and one column per year.

    Each counter keeps its own row: a counter with a figure for one year only shows an empty
    cell for the other, so a change is computed within one series, never across two. Where a
    counter gives two figures for one year (a revision), the later row of the table is kept;
    the two are never averaged. Rates are rounded to one decimal for reading; the last column
    names the rows each figure comes from.

    >>> from helpers import load
    >>> rates = two_years(load("colombia/violence"), "homicide_rate", 2002, 2010)
    >>> float(rates.loc["World Bank WDI", 2002]), float(rates.loc["World Bank WDI", 2010])
    (70.4, 34.5)
    """
    missing = {"indicator", "year", "series", "value"} - set(table.columns)
    if missing:
        raise PackError(_("two_years() needs a table with yearly figures by series, such as "
                          "colombia/violence; this one lacks {missing}.").format(
                            missing=sorted(missing)))
    known = sorted(table["indicator"].astype(str).unique())
    if indicator not in known:
        raise PackError(_("two_years(): no rows for {indicator}. Use one of: {options}.").format(
            indicator=repr(indicator), options=", ".join(known)))
    rows = table[(table["indicator"] == indicator) & table["year"].isin([first, last])]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    rows = rows[rows["value"].notna()].drop_duplicates(["series", "year"], keep="last")
    out = rows.pivot(index="series", columns="year", values="value")
    out = out.reindex(columns=[first, last])
    out.index = out.index.astype(str)
    out.index.name = None
    values = out.to_numpy(dtype=float)
    if (~pd.isna(values) & (values % 1 != 0)).any():
        out = out.round(1)
    units = sorted(rows["unit"].astype(str).unique()) if "unit" in rows else []
    known_labels = {"homicide_rate": _("homicide rate (per 100,000 people) in"),
                    "homicides": _("homicides (people) in")}
    out = out.dropna(how="all")
    out.columns.name = label or known_labels.get(indicator) or _("{indicator} ({unit}) in").format(
        indicator=indicator.replace("_", " "), unit=", ".join(units))
    if "figure_id" in rows:  # where each figure stands in the table, so it can be checked
        ids = rows.sort_values("year").groupby(rows["series"].astype(str))["figure_id"].agg(", ".join)
        out[_("rows")] = ids.reindex(out.index)
    return out


def coca_two_years(coca: pd.DataFrame, first: int = 2000, last: int = 2006) -> pd.DataFrame:
    """Coca area in hectares for two years, one row per source and one column per year.

    Only the ``coca_area`` rows given in hectares are used. Where a source gives two figures
    for one year (a revision), the later row in the table is kept and the note says so: the
    two are never averaged. A source with no figure for a year shows an empty cell.

    >>> from helpers import load
    >>> area = coca_two_years(load("colombia/coca_cultivation"))
    >>> int(area.loc["UNODC/SIMCI", 2000])
    163300
    """
    missing = {"indicator", "unit", "year", "series", "value"} - set(coca.columns)
    if missing:
        raise PackError(_("coca_two_years() needs the colombia/coca_cultivation table; this one "
                          "lacks {missing}. Use load('colombia/coca_cultivation').").format(
                            missing=sorted(missing)))
    rows = coca[(coca["indicator"] == "coca_area") & (coca["unit"] == "hectares")
                & coca["year"].isin([first, last])]
    rows = rows.drop_duplicates(["series", "year"], keep="last")
    table = rows.pivot(index="series", columns="year", values="value")
    table = table.reindex(columns=[first, last])
    table.index = table.index.astype(str)
    table.columns.name = _("coca area (hectares) in")
    return table.dropna(how="all")


def coca_area_chart(coca: pd.DataFrame, events: pd.DataFrame | None = None):
    """The coca area each year, one line per source, with key events as dashed rules.

    >>> from helpers import load
    >>> coca_area_chart(load("colombia/coca_cultivation")).to_dict()["description"][:4]
    'Line'
    """

    hectares = coca[(coca["indicator"] == "coca_area") & (coca["unit"] == "hectares")]
    markers = None
    if events is not None:
        markers = events[events["event_id"].isin(KEY_EVENTS)]
    n = hectares["series"].nunique()
    return series_by_source(hectares, indicator="coca_area", markers=markers,
                            title=_("How much land grew coca? {n} sources, {n} series").format(n=n),
                            subtitle=_("Coca area in hectares by year; pick one source in the menu"),
                            y_title=_("Coca area (hectares)"))


def dated_events(events: pd.DataFrame, ids=None, start: int | None = None,
                 end: int | None = None) -> pd.DataFrame:
    """A short, dated list of events: when, how precise the date is, who acted, what happened.

    Give event ids, or a range of years (``start``, ``end``), or both. Sorted by date.

    >>> from helpers import load
    >>> list(dated_events(load("colombia/events"), ["co_evt_003"])["title"])
    ['Colombia unveils Plan Colombia']
    """
    rows = events
    if ids is not None:
        ids = [ids] if isinstance(ids, str) else list(ids)
        unknown = sorted(set(ids) - set(events["event_id"].astype(str)))
        if unknown:
            raise PackError(_("dated_events(): no event {ids} in this table. "
                              "See the event_id column.").format(ids=", ".join(unknown)))
        rows = rows[rows["event_id"].isin(ids)]
    years = pd.to_datetime(rows["date"]).dt.year
    if start is not None:
        rows = rows[years >= start]
        years = years[years >= start]
    if end is not None:
        rows = rows[years <= end]
    out = rows.sort_values("date")[["event_id", "date", "date_precision", "actor", "title"]]

    out = out.assign(date=local_dates(out["date"]))  # month names in the language in use
    out.loc[out["date_precision"] == "year", "date"] = out["date"].str[-4:] + " " + _("(year only)")
    out.loc[out["date_precision"] == "month", "date"] = out["date"].str[3:] + " " + _("(month)")
    return out.drop(columns="date_precision").reset_index(drop=True)


def counts_side_by_side(violence: pd.DataFrame, indicator: str, years=None,
                        notes: bool = False, span: str | None = None) -> pd.DataFrame:
    """Every count of one kind in the violence table, each with who counted, over which span.

    The ``span`` column is the period a count covers, or its single year: compare two counts
    only when their spans, and what they count, match; ``qualifier`` ("about", "at least")
    appears when a row has one. ``years=(2000, 2010)`` keeps the single
    years in that range (counts over a longer period are left out); ``notes=True`` adds what
    each row counts, in the source's terms; ``span="1985-2018"`` keeps the counts over that
    period. Periods, units and notes are in the language in use; ``counter`` keeps the series'
    name as the table has it. A range without a single figure ("several hundred
    to more than 2,000") shows its ends in ``low`` and ``high``.

    >>> from helpers import load
    >>> t = counts_side_by_side(load("colombia/violence"), "extrajudicial_executions")
    >>> {"counter", "span", "value"} <= set(t.columns)
    True
    >>> sorted(counts_side_by_side(load("colombia/violence"), "kidnappings", years=(2000, 2010))["span"])
    ['2000', '2002', '2002', '2005', '2009']
    """
    rows = violence[violence["indicator"] == indicator]
    if rows.empty:
        options = sorted(violence["indicator"].astype(str).unique())
        raise PackError(_("counts_side_by_side(): no rows for {indicator}. Use one of: "
                          "{options}.").format(indicator=repr(indicator), options=", ".join(options)))
    if years is not None:
        try:
            first, last = (int(y) for y in years)
        except (TypeError, ValueError):
            raise PackError(_("counts_side_by_side(years=...) takes the first and last year, like "
                              "years=(2000, 2010).")) from None
        rows = rows[rows["year"].notna() & rows["year"].between(first, last)]
    if span is not None:
        # (starts with: a period's words may run on, e.g. a note appended by a contributor)
        rows = rows[rows["period"].astype("string").str.startswith(str(span), na=False)]
        if rows.empty:
            raise PackError(_("counts_side_by_side(span=...): no {indicator} rows cover {span}. "
                              "See the period column.").format(indicator=repr(indicator), span=span))
    rows = rows.sort_values(["year", "series"], kind="stable") if years is not None else rows
    # what a reader sees in the language in use: periods, units, notes (the tables' words); the
    # counter keeps the series' name a learner types (show() puts it in words)
    rows = frame_words(rows, ["period", "unit", "note"], table="colombia/violence")
    spans = rows["period"].astype("string").fillna(rows["year"].astype("Int64").astype("string"))
    qualifier = rows["qualifier"].astype("string").fillna("")
    out = pd.DataFrame({"counter": rows["series"].astype(str), "span": spans,
                        "qualifier": qualifier, "value": rows["value"], "unit": rows["unit"]})
    if not qualifier.str.len().any():  # no "about" or "at least" to show: no empty column
        out = out.drop(columns="qualifier")
    for end in ("low", "high"):
        if end in rows and rows[end].notna().any():
            out[end] = rows[end]
    if notes:
        out["note"] = rows["note"].astype("string").fillna("")
    out["figure_id"] = rows["figure_id"]
    out["source_id"] = rows["source_id"]
    return out.reset_index(drop=True)


def homicide_chart(violence: pd.DataFrame, events: pd.DataFrame | None = None):
    """The homicide rate each year, one line (or point) per counter, never joined across
    counters; key events of the plan as dashed rules.

    >>> from helpers import load
    >>> homicide_chart(load("colombia/violence")).to_dict()["description"][:4]
    'Line'
    """

    rates = violence[violence["indicator"] == "homicide_rate"]
    if rates.empty:
        raise PackError(_("homicide_chart() needs the colombia/violence table: "
                          "homicide_chart(load('colombia/violence'))."))
    markers = None
    if events is not None:
        markers = events[events["event_id"].isin(SECURITY_EVENTS)]
    n = rates["series"].nunique()
    return series_by_source(rates, indicator="homicide_rate", markers=markers,
                            title=_("How many people were murdered? {n} counters, each its own line")
                            .format(n=n),
                            subtitle=_("Homicides per 100,000 people by year; pick one counter in "
                                       "the menu"),
                            y_title=_("Homicides per 100,000 people"))


#: The Truth Commission's rows: documented conflict killings 1985-2018, and the three groups
#: it attributed them to (figure ids of colombia/violence).
PERPETRATOR_ROWS = ("co_vio_095", "co_vio_096", "co_vio_097")
DOCUMENTED_ROW = "co_vio_092"


def killings_by_perpetrator(violence: pd.DataFrame):
    """A bar chart of the conflict killings the Truth Commission attributed to paramilitary
    groups, guerrilla groups and state agents (1985-2018), each with its share of the 450,664
    documented killings. The three do not add up to the whole; the attribution is the
    Commission's, made for records many of which named no perpetrator (the rows' notes).

    >>> from helpers import load
    >>> killings_by_perpetrator(load("colombia/violence")).to_dict()["description"][:3]
    'Bar'
    """
    import altair as alt
    from babel.numbers import format_decimal, format_percent

    needed = set(PERPETRATOR_ROWS) | {DOCUMENTED_ROW}
    rows = violence[violence["figure_id"].isin(needed)]
    if set(rows["figure_id"]) != needed:
        raise PackError(_("killings_by_perpetrator() needs the Truth Commission's rows of "
                          "colombia/violence ({ids}): killings_by_perpetrator(load('colombia/violence'))."
                          ).format(ids=", ".join(sorted(needed))))
    total = float(rows.loc[rows["figure_id"] == DOCUMENTED_ROW, "value"].iloc[0])
    language = get_language()
    bars = rows[rows["figure_id"].isin(PERPETRATOR_ROWS)].copy()
    names = {"co_vio_095": _("Paramilitary groups"), "co_vio_096": _("Guerrilla groups"),
             "co_vio_097": _("State agents")}
    bars["group"] = [names[i] for i in bars["figure_id"]]
    bars["share"] = bars["value"] / total
    bars["label"] = [f"{format_decimal(v, format='#,##0', locale=language)} "
                     f"({format_percent(s, locale=language)})"
                     for v, s in zip(bars["value"], bars["share"])]
    order = list(bars.sort_values("value", ascending=False)["group"])
    data = bars[["group", "value", "share", "label", "figure_id", "source_id"]]
    # Issue 28: each bar's group and figure on a line above it, across the chart's width, so
    # nothing is cut on a 360 px phone (the figure beside the bar ran past the right edge)
    data = data.assign(row=[f"{g} · {lab}" for g, lab in zip(data["group"], data["label"])])
    y = alt.Y("group:N", sort=order, title=None, axis=None)
    import textwrap

    x = alt.X("value:Q", title=textwrap.wrap(_("Documented conflict killings attributed, 1985-2018"), 34),
              axis=alt.Axis(format=",~f", labelFlush=True, labelOverlap="greedy",
                            tickCount={"expr": "ceil(width / 90)"}),
              scale=alt.Scale(domainMax=total * 0.6))
    base = alt.Chart(data)
    chart = alt.layer(
        base.mark_bar(color="#0072B2", height=16, yOffset=9).encode(
            y=y, x=x, tooltip=[alt.Tooltip("group:N", title=_("attributed to")),
                               alt.Tooltip("label:N", title=_("killings (share)")),
                               alt.Tooltip("figure_id:N", title="id")]),
        base.mark_text(align="left", baseline="middle", yOffset=-10, limit={"expr": "width"}).encode(
            y=y, x=alt.value(0), text="row:N"),
        width=460, height=alt.Step(46),
        title=alt.Title(_("Who did the killing? The Truth Commission's attribution, 1985-2018"),
                        subtitle=_("Share of the {total} documented conflict killings; the three "
                                   "groups do not add up to the whole, and many records named no "
                                   "perpetrator").format(
                            total=format_decimal(total, format="#,##0", locale=language))),
        description=_("Bar chart of the conflict killings the Truth Commission attributed: "
                      "{groups}; of {total} documented.").format(
            groups="; ".join(f"{g} {l}" for g, l in zip(data["group"], data["label"])),
            total=format_decimal(total, format="#,##0", locale=language)))
    return with_source(chart, rows)
