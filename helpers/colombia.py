"""Plan Colombia (lesson 02): the steps the lesson takes, each a named function a learner calls
in one line. Every function reads the pack's own tables and keeps each counter's figures
apart: nothing here averages two sources.

    from helpers import load, change_pct, coca_two_years, dated_events, counts_side_by_side
    coca = load("colombia/coca_cultivation")
    area = coca_two_years(coca, 2000, 2006)          # hectares, one row per source
    change_pct(area.loc["UNODC/SIMCI", 2000], area.loc["UNODC/SIMCI", 2006])
"""

from __future__ import annotations

import pandas as pd

from .errors import PackError
from .i18n import _

#: Events drawn as dashed rules on the lesson's yearly charts.
KEY_EVENTS = ("co_evt_005", "co_evt_037", "co_evt_018", "co_evt_020")


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
    from .charts import series_by_source

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
    from .timelines import local_dates

    out = out.assign(date=local_dates(out["date"]))  # month names in the language in use
    out.loc[out["date_precision"] == "year", "date"] = out["date"].str[-4:] + " " + _("(year only)")
    out.loc[out["date_precision"] == "month", "date"] = out["date"].str[3:] + " " + _("(month)")
    return out.drop(columns="date_precision").reset_index(drop=True)


def counts_side_by_side(violence: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Every count of one kind in the violence table, each with who counted, over which span.

    The ``span`` column is the period a count covers, or its single year: compare two counts
    only when their spans, and what they count, match.

    >>> from helpers import load
    >>> t = counts_side_by_side(load("colombia/violence"), "extrajudicial_executions")
    >>> {"counter", "span", "value"} <= set(t.columns)
    True
    """
    rows = violence[violence["indicator"] == indicator]
    if rows.empty:
        options = sorted(violence["indicator"].astype(str).unique())
        raise PackError(_("counts_side_by_side(): no rows for {indicator}. Use one of: "
                          "{options}.").format(indicator=repr(indicator), options=", ".join(options)))
    span = rows["period"].astype("string").fillna(rows["year"].astype("Int64").astype("string"))
    out = pd.DataFrame({"counter": rows["series"].astype(str), "span": span,
                        "qualifier": rows["qualifier"].astype("string").fillna(""),
                        "value": rows["value"], "unit": rows["unit"],
                        "figure_id": rows["figure_id"], "source_id": rows["source_id"]})
    return out.reset_index(drop=True)
