"""Analysis used by the two Venezuela lessons (03a sanctions and oil, 03b strikes and January
2026), kept here so that each lesson cell stays a line or two long.

    from helpers import oil_chart, oil_by_source, strikes_kept, raid_dead
    oil_chart()                      # oil output by source, with the sanctions marked
    kept = strikes_kept()            # one row per strike, the stated rule applied
    raid_dead()                      # the death counts of 3 January 2026, by whose dead

Every function reads the pack's tables with ``load()``; none of them adds a figure of its own.
"""

from __future__ import annotations

import pandas as pd

from .charts import estimate_ranges, series_by_source, with_source
from .data import load
from .errors import PackError
from .formats import pattern
from .i18n import _
from .timelines import local_dates
from .words import code_words, frame_words, heading, text_words

# The sanctions measures marked on the oil chart, with the short label shown on the chart
# (in English here; oil_markers() shows them in the language in use).
OIL_MARKERS = {"ve_san_001": "EO 13692: officials", "ve_san_003": "EO 13808: finance",
               "ve_san_008": "PdVSA blocked", "ve_san_011": "GL 41: Chevron back",
               "ve_san_012": "GL 44: oil eased", "ve_san_018": "GL 41A: Chevron out"}


def _oil_marker_labels() -> dict[str, str]:
    """OIL_MARKERS in the language in use."""
    shown = {"EO 13692: officials": _("EO 13692: officials"), "EO 13808: finance": _("EO 13808: finance"),
             "PdVSA blocked": _("PdVSA blocked"), "GL 41: Chevron back": _("GL 41: Chevron back"),
             "GL 44: oil eased": _("GL 44: oil eased"), "GL 41A: Chevron out": _("GL 41A: Chevron out")}
    return {key: shown.get(label, label) for key, label in OIL_MARKERS.items()}

_VENEZUELAN_GOVERNMENT = ("Government of Venezuela", "President of Venezuela",
                          "Vice President of Venezuela", "Venezuelan ambassador")


def _oil(indicators=None) -> pd.DataFrame:
    rows = load("venezuela/indicators") if indicators is None else indicators
    return rows[rows["indicator"].astype(str) == "oil_production"]


def sanctions_by_year(sanctions=None) -> pd.DataFrame:
    """How many US measures of each type fall in each year (a count table).

    >>> int(sanctions_by_year().loc[2019].sum()) >= 4
    True
    """
    rows = load("venezuela/sanctions") if sanctions is None else sanctions
    return pd.crosstab(rows["date"].dt.year.rename("year"), rows["type"].astype(str).rename("type"))


def oil_markers(sanctions=None) -> pd.DataFrame:
    """The six sanctions measures drawn as rules on the oil chart, with short labels."""
    rows = load("venezuela/sanctions") if sanctions is None else sanctions
    marks = rows[rows["sanction_id"].isin(OIL_MARKERS)].copy()
    marks["title"] = marks["sanction_id"].map(_oil_marker_labels())
    return marks


def oil_chart(years=None):
    """Venezuela's oil output, one line per source (and per edition), with six sanctions
    measures marked. Annual series only: one-off monthly estimates are left out.

    >>> oil_chart().to_dict()["description"][:4]
    'Line'
    """

    oil = _oil()
    per_series = oil.groupby("series", observed=True)["year"].transform("count")
    oil = oil[per_series >= 2]
    return series_by_source(
        oil, markers=oil_markers(), years=years,
        title=_("How much oil did Venezuela produce? It depends which source you read"),
        subtitle=_("Thousand barrels a day, yearly; the Energy Institute counts gas liquids too, "
                   "OPEC's series are crude only"),
        y_title=_("Oil output (thousand barrels a day)"))


def oil_by_source(first: int = 2012, last: int = 2020) -> pd.DataFrame:
    """Oil output by year (rows) and source (columns), to compare sources and editions.
    An empty cell means that source gives no figure for that year in the tables.

    >>> round(oil_by_source().loc[2013, "Energy Institute Statistical Review 2026"])
    2680
    """
    oil = _oil()
    table = oil.pivot_table(index="year", columns="series", values="value", aggfunc="first",
                            observed=True)
    table = table.loc[first:last].dropna(axis="columns", how="all")
    table.columns = [str(c) for c in table.columns]
    return table.round(1)


def oil_change(start: int, end: int, series: str = "Energy Institute Statistical Review 2026") -> float:
    """Percent change in oil output between two years by one source: (new - old) / old x 100.

    >>> round(oil_change(2017, 2020), 1)
    -70.6
    """

    table = oil_by_source(min(start, end), max(start, end))
    if series not in table or pd.isna(table[series].get(start)) or pd.isna(table[series].get(end)):
        raise PackError(_("No {series} figure for {start} and {end}. Sources with figures: "
                          "{sources}").format(series=repr(series), start=start, end=end,
                                              sources=", ".join(table.columns)))
    old, new = table.loc[start, series], table.loc[end, series]
    return float((new - old) / old * 100)


def economy_around(first: int = 2012, last: int = 2020) -> pd.DataFrame:
    """The oil ministry's yearly oil price next to the World Bank's GDP growth and consumer-price
    inflation, by year: was the economy shrinking before the 2017 sanctions? Three columns, so
    that the table reads on a page beside the oil table (the GDP deflator, which runs to six
    figures in 2018, is left out; ``load("venezuela/indicators")`` holds it). Column headings in
    the language in use; an empty cell means the tables hold no figure for that year.

    >>> bool(economy_around().loc[2016, "GDP growth, World Bank (%)"] < 0)
    True
    """
    rows = load("venezuela/indicators")

    def one(indicator, series):
        pick = rows[(rows["indicator"].astype(str) == indicator) & (rows["series"] == series)]
        return pick.drop_duplicates("year").set_index("year")["value"]

    columns = {
        _("Oil price, Venezuelan basket ($ a barrel)"):
            one("oil_price", "Venezuelan oil basket (Ministry of Petroleum)"),
        _("GDP growth, World Bank (%)"): one("gdp_growth_real", "World Bank WDI"),
        _("Inflation, consumer prices, World Bank (%)"): one("inflation", "World Bank WDI (CPI)"),
    }
    return pd.DataFrame(columns).loc[first:last].round(1)


def who_made(authors: str) -> str:
    """Which camp made an estimate: 'Venezuelan government', 'US government' or 'Economists'."""
    if any(word in str(authors) for word in _VENEZUELAN_GOVERNMENT):
        return "Venezuelan government"
    if "US National Security Advisor" in str(authors):
        return "US government"
    return "Economists and UN rapporteur"


def estimates_and_critiques() -> pd.DataFrame:
    """Each written critique next to the estimate it answers (``responds_to``).

    >>> len(estimates_and_critiques()) >= 5
    True
    """
    impact = load("venezuela/sanction_impact_estimates")
    critiques = impact[impact["stance"] == "critique"]
    estimates = impact[impact["stance"] == "estimate"]
    paired = critiques.merge(estimates, left_on="responds_to", right_on="estimate_id",
                             suffixes=(" (critique)", " (estimate)"))
    paired = paired[["estimate_id (estimate)", "authors (estimate)", "value (estimate)", "unit (estimate)",
                     "estimate_id (critique)", "authors (critique)", "published (critique)",
                     "summary (critique)"]]
    # the column names stay the table's; their "(estimate)" / "(critique)" in the language in use
    sides = {"(estimate)": _("(estimate)"), "(critique)": _("(critique)")}
    return paired.rename(columns=lambda c: c.split(" ")[0] + " " + sides[c.split(" ")[1]])


def cost_chart():
    """Every estimate of the sanctions' cost given in US dollars, by who made it, on a log
    scale (the figures run from a few billion to hundreds of billions; periods differ).

    >>> cost_chart().to_dict()["description"][:5]
    'Range'
    """

    impact = load("venezuela/sanction_impact_estimates")
    dollars = impact[(impact["stance"] == "estimate") & impact["unit"].str.startswith("USD")].copy()
    by = _("made by").replace(" ", "_")  # the legend's title, in the language in use
    camps = {"Venezuelan government": _("Venezuelan government"), "US government": _("US government"),
             "Economists and UN rapporteur": _("Economists and UN rapporteur")}
    dollars[by] = dollars["authors"].map(who_made).map(camps)

    what = dollars["unit"].map(lambda u: text_words(u, "unit")).str.extract(r"\((.*)\)")[0]  # its words
    what = what.fillna(dollars["outcome"].astype(str).map(
        lambda o: _("total cost claimed") if o == "other" else code_words(o, "outcome").lower()))
    dollars["measure"] = what + ", " + dollars["period"].map(
        lambda p: text_words(p, "period") if isinstance(p, str) else _("period not stated"))
    dollars["estimated_by"] = (dollars["authors"].map(lambda a: text_words(a, "authors"))
                               .str.replace(r" \(.*\)$", "", regex=True) + ": " + what)
    return estimate_ranges(
        dollars, by=by, log_scale=True,
        title=_("What did the sanctions cost Venezuela, in dollars? It depends who estimates"),
        subtitle=_("Each row is one published figure; periods and measures differ (see the tooltip)"),
        x_title=_("US dollars, billions (log scale)"))


def migrants_by_source() -> pd.DataFrame:
    """The count of Venezuelans abroad by source: the latest figure of each counter, with what
    it counts. UNHCR's three categories are kept apart (they are parts, not totals).

    >>> "R4V / UNHCR-IOM" in set(migrants_by_source()["series"])
    True
    """
    rows = load("venezuela/indicators")
    rows = rows[(rows["indicator"].astype(str) == "migrants_abroad") & rows["value"].notna()]
    rows = rows.sort_values(["series", "year", "figure_id"])
    latest = rows.groupby("series", observed=True).tail(1)
    return latest[["series", "year", "value", "note", "source_id"]].reset_index(drop=True)


def migration_chart():
    """The R4V count of refugees and migrants from Venezuela over time, with the independent
    Diaspora Observatory's estimates beside it (never blended).

    >>> migration_chart().to_dict()["description"][:4]
    'Line'
    """

    rows = load("venezuela/indicators")
    keep = ["R4V / UNHCR-IOM", "Observatorio de la Diaspora Venezolana"]
    rows = rows[(rows["indicator"].astype(str) == "migrants_abroad") & rows["series"].isin(keep)]
    rows = rows[rows["year"].notna()].sort_values(["year", "figure_id"]).drop_duplicates(
        ["series", "year"], keep="last")
    return series_by_source(
        rows, title=_("How many Venezuelans have left? Two counters"),
        subtitle=_("People; the last figure each counter gave in each year"),
        y_title=_("Venezuelans living abroad (people)"))


# --- 03b: the strikes and January 2026 -------------------------------------------------------

def strike_repeats() -> pd.DataFrame:
    """The rows of the strikes table that report a strike already in the table (their notes
    say so, or ``same_strike_as`` names the other row)."""
    strikes = load("venezuela/boat_strikes")
    return strikes[_is_repeat(strikes)][["strike_id", "date", "area", "killed", "same_strike_as", "note"]]


def _is_repeat(strikes: pd.DataFrame) -> pd.Series:
    noted = strikes["note"].str.contains("separate row|Same strike as", na=False)
    linked = strikes["same_strike_as"].notna() if "same_strike_as" in strikes else False
    return noted | linked


def strikes_kept() -> pd.DataFrame:
    """One row per strike: drops rows that repeat another strike, and keeps the revised toll of
    30 December 2025 (ve_str_030) rather than the first one (ve_str_029). Adds ``killed_known``
    (an empty toll counts 0) and running totals for all areas and for each area.

    >>> kept = strikes_kept()
    >>> kept["strike_id"].is_unique and "ve_str_029" not in set(kept["strike_id"])
    True
    """
    strikes = load("venezuela/boat_strikes")
    kept = strikes[~_is_repeat(strikes) & (strikes["strike_id"] != "ve_str_029")]
    kept = kept.sort_values(["date", "strike_id"]).copy()
    kept["killed_known"] = kept["killed"].fillna(0).astype(int)
    kept["all areas"] = kept["killed_known"].cumsum()
    kept["in this area"] = kept.groupby("area", observed=True)["killed_known"].cumsum()
    return kept


def strikes_by_area(kept=None) -> pd.DataFrame:
    """Strikes, boats hit and people reported killed, by sea area, from the kept rows."""
    kept = strikes_kept() if kept is None else kept
    table = kept.groupby("area", observed=True).agg(
        strikes=("strike_id", "count"), boats=("vessels", "sum"), killed=("killed_known", "sum"))
    table.loc[_("all areas")] = table.sum()
    return table


def _outlet_group(name) -> str:
    name = str(name)
    for key, group in [("AP-style", "Other outlets"), ("AP", "AP"), ("CNN", "CNN"),
                       ("New York Times", "New York Times"), ("SOUTHCOM", "US government"),
                       ("Pentagon", "US government"), ("White House", "US government"),
                       ("Official", "US government"), ("Antiwar", "Antiwar.com and Airwars"),
                       ("Airwars", "Antiwar.com and Airwars")]:
        if name.startswith(key):
            return group
    return "Other outlets"


def tallies_on(day: str) -> pd.DataFrame:
    """The published tallies of the strikes' dead dated ``day`` (YYYY-MM-DD), highest first."""
    tallies = load("venezuela/strike_tallies")
    rows = tallies[tallies["as_of"] == pd.Timestamp(day)]
    return rows[["outlet", "as_of", "strikes", "killed", "note"]].sort_values("killed", ascending=False)


def ap_against_ours(kept=None) -> pd.DataFrame:
    """Each AP tally next to the count from the kept rows up to the same date."""
    kept = strikes_kept() if kept is None else kept
    tallies = load("venezuela/strike_tallies")
    ap = tallies[tallies["outlet"].map(_outlet_group) == "AP"].sort_values("as_of")
    table = ap[["as_of", "outlet", "killed"]].copy()
    ours = _("ours")
    table[ours] = [int(kept.loc[kept["date"] <= day, "killed_known"].sum()) for day in table["as_of"]]
    table[_("AP minus ours")] = table["killed"] - table[ours]
    return table.reset_index(drop=True)


def running_count_chart(kept=None):
    """Step lines: the running count of people reported killed (all areas, Caribbean, eastern
    Pacific) from the kept rows; points: every published tally, by outlet.

    >>> running_count_chart().to_dict()["description"][:4]
    'Step'
    """
    import altair as alt

    kept = strikes_kept() if kept is None else kept
    tallies = load("venezuela/strike_tallies").copy()
    groups = {"Other outlets": _("Other outlets"), "US government": _("US government")}
    tallies["counter"] = tallies["outlet"].map(_outlet_group).map(lambda g: groups.get(g, g))
    running = kept.melt(id_vars=["date", "area", "strike_id", "source_id"],
                        value_vars=["all areas", "in this area"], var_name="which",
                        value_name="killed_so_far")
    every = _("all areas")
    running["line"] = running["which"].where(running["which"] == "all areas",
                                             running["area"].astype(str)).replace("all areas", every)
    running = running.drop_duplicates(["line", "date", "killed_so_far"])

    areas = {a: code_words(a, "area") for a in ("Caribbean", "Eastern Pacific")}
    running["line"] = running["line"].map(lambda v: areas.get(v, v))  # the sea areas in words
    domain = [every, areas["Caribbean"], areas["Eastern Pacific"]]
    tallies = frame_words(tallies, ["outlet", "note"], table="venezuela/strike_tallies")
    # Only the columns the chart draws or names (the page carries every row it embeds).
    tallies = tallies[["outlet", "as_of", "killed", "strikes", "note", "source_id", "counter"]]
    running = running[["date", "line", "killed_so_far", "strike_id", "source_id"]]
    day = pattern("day")
    lines = alt.Chart(running).mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title=_("Date")),
        y=alt.Y("killed_so_far:Q", title=_("People reported killed, running total")),
        strokeDash=alt.StrokeDash("line:N", title=_("Running total (our rows)"),
                                  scale=alt.Scale(domain=domain, range=[[1, 0], [6, 3], [2, 2]])),
        size=alt.Size("line:N", legend=None, scale=alt.Scale(domain=domain, range=[3, 1.5, 1.5])),
        color=alt.value("#4d4d4d"),
        tooltip=[alt.Tooltip("date:T", title=heading("date"), format=day),
                 alt.Tooltip("line:N", title=_("Running total (our rows)")),
                 alt.Tooltip("killed_so_far:Q", title=heading("killed_so_far")),
                 alt.Tooltip("strike_id:N", title=heading("strike_id"))])
    ends = alt.Chart(running.sort_values("date").groupby("line").tail(1)).mark_text(
        align="right", dy=-8, fontWeight=600).encode(x="date:T", y="killed_so_far:Q", text="line:N")
    points = alt.Chart(tallies).mark_point(size=70, filled=True, opacity=0.85).encode(
        x="as_of:T", y="killed:Q",
        color=alt.Color("counter:N", title=_("Tally published by")),
        shape=alt.Shape("counter:N", title=_("Tally published by")),
        tooltip=[alt.Tooltip("outlet:N", title=heading("outlet")),
                 alt.Tooltip("as_of:T", title=heading("as_of"), format=day),
                 *[alt.Tooltip(f"{c}:{k}", title=heading(c)) for c, k in
                   (("killed", "Q"), ("strikes", "Q"), ("note", "N"), ("source_id", "N"))]])
    chart = alt.layer(lines, ends, points).resolve_scale(color="independent", shape="independent")
    return with_source(chart.properties(
        title=alt.Title(_("How many people have the boat strikes killed? Our running count and the "
                          "outlets' tallies"),
                        subtitle=_("Lines: running totals from venezuela/boat_strikes (repeats removed); "
                                   "points: published tallies")),
        description=_("Step lines of the running total of people reported killed in US strikes on "
                      "boats, from September 2025, for all areas, the Caribbean and the eastern "
                      "Pacific, with points for each published tally by outlet."),
        width=600, height=320), kept, tallies)


def raid_dead() -> pd.DataFrame:
    """The counts of people killed on 3 January 2026, with ``whose dead`` (Cubans, Venezuelans,
    US personnel, or all sides together) and a label saying who counted and when.

    >>> set(raid_dead()["whose dead"]) >= {"Cubans", "All sides together"}
    True
    """
    operation = load("venezuela/operation_2026")
    killed = operation[(operation["topic"] == "casualties")
                       & operation["item"].str.contains("killed|Killed")
                       & ~operation["item"].str.contains("overboard")].copy()
    killed["whose dead"] = killed["side"].astype(str).map(
        {"cuba": "Cubans", "venezuela": "Venezuelans", "us": "US personnel"}).fillna("All sides together")

    killed["estimated_by"] = (local_dates(killed["date"], "%-d %b %Y", "d MMM y") + ": "
                              + killed["counted_by"].map(lambda who: text_words(who, "counted_by")))
    killed["measure"] = killed["item"].map(lambda item: text_words(item, "item"))  # shown, not selected on
    return killed.sort_values(["whose dead", "date"])


def raid_dead_chart(killed=None):
    """Each count of the dead of 3 January 2026 as a point (or a bar for a range), grouped by
    whose dead it counts. Parts and totals are drawn apart: never add them.

    >>> raid_dead_chart().to_dict()["description"][:5]
    'Range'
    """

    killed = raid_dead() if killed is None else killed
    # raid_dead()'s "whose dead" values stay English (lesson 03b selects on them); the chart
    # shows them, and its legend title, in the language in use.
    whose = {"Cubans": _("Cubans"), "Venezuelans": _("Venezuelans"), "US personnel": _("US personnel"),
             "All sides together": _("All sides together")}
    by = _("whose dead")
    shown = killed.drop(columns=["date"]).rename(columns={"whose dead": by})
    shown[by] = shown[by].map(lambda v: whose.get(v, v))
    return estimate_ranges(
        shown, by=by,
        title=_("How many people died in the operation of 3 January 2026? It depends who counted, and when"),
        subtitle=_("Each row is one count by one government, official or outlet; parts and totals are "
                   "not to be added"),
        x_title=_("People killed"))


def sanctions_after(start: str = "2025-12-01") -> pd.DataFrame:
    """The US measures from ``start`` on: the turn from a 'blockade' to licences."""
    sanctions = load("venezuela/sanctions")
    rows = sanctions[sanctions["date"] >= pd.Timestamp(start)].sort_values("date")
    return rows[["date", "instrument", "type", "issued_by"]].reset_index(drop=True)
