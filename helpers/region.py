"""The long view (lesson 06): US interventions in the region under different definitions, and
the reasons the US government gave, era by era.

>>> from helpers.region import under_definition
>>> len(under_definition("all")) >= len(under_definition("armed_forces"))
True
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import theme
from .charts import _top
from .errors import PackError
from .i18n import _

ARMED_FORCES_KINDS = ("occupation", "invasion", "air_or_naval_strikes", "naval_deployment_or_blockade",
                      "troop_landing", "raid", "armed_forces_unspecified")
DEFINITIONS = {
    "all": "every row of the table: armed force, covert operations, military aid and sanctions",
    "armed_forces": "only episodes where US armed forces were used (close to the CRS list's definition)",
    "mid_use_of_force": "only Correlates of War disputes where the US side reached 'use of force' (hostility 4 or 5)",
}
ERAS = [(1898, 1945, "1898-1945"), (1946, 1989, "1946-1989 (Cold War)"), (1990, 2026, "1990-2026")]
REASONS = ["protect_citizens_property", "debt_and_finances", "order_and_stability", "anti_communism",
           "national_security", "democracy_and_elections", "drugs", "terrorism_and_narco_terrorism",
           "migration", "other", "not_recorded"]


def _labels() -> dict[str, str]:
    """The reasons' labels, in the language in use."""
    return {"protect_citizens_property": _("Protect US citizens and property"),
            "debt_and_finances": _("Debts and finances"), "order_and_stability": _("Order and stability"),
            "anti_communism": _("Anti-communism"),
            "national_security": _("National security / rival powers"),
            "democracy_and_elections": _("Democracy and elections"),
            "drugs": _("Drugs"), "terrorism_and_narco_terrorism": _("Terrorism / 'narco-terrorism'"),
            "migration": _("Migration"), "other": _("Other"), "not_recorded": _("No reason recorded")}


def _definition_words(definition: str) -> str:
    """DEFINITIONS[definition] in the language in use."""
    return _(DEFINITIONS[definition])


def _catalogue_messages() -> list[str]:  # never called: lists DEFINITIONS' words for the catalogue
    return [_("every row of the table: armed force, covert operations, military aid and sanctions"),
            _("only episodes where US armed forces were used (close to the CRS list's definition)"),
            _("only Correlates of War disputes where the US side reached 'use of force' (hostility 4 or 5)")]


def _era_words(era: str) -> str:
    """An era's label for a chart, in the language in use (the tables keep the English)."""
    return {"1946-1989 (Cold War)": _("1946-1989 (Cold War)")}.get(era, era)


def _era(year: int) -> str:
    return next(label for first, last, label in ERAS if first <= year <= last)


def under_definition(definition: str = "all", data=None) -> pd.DataFrame:
    """The interventions that count under one definition: 'all', 'armed_forces' or
    'mid_use_of_force' (see DEFINITIONS), with their era.

    >>> bool(under_definition("mid_use_of_force")["mid_us_hostility"].min() >= 4)
    True
    """
    if definition not in DEFINITIONS:
        raise PackError(_("Unknown definition {definition}. Choose one of: {choices}.").format(
            definition=repr(definition), choices=", ".join(DEFINITIONS)))
    if data is None:
        from .data import load

        data = load("region/interventions")
    rows = data.copy()
    if definition == "armed_forces":
        rows = rows[rows["kind"].astype(str).isin(ARMED_FORCES_KINDS)]
    elif definition == "mid_use_of_force":
        rows = rows[pd.to_numeric(rows["mid_us_hostility"], errors="coerce") >= 4]
    rows = rows.copy()
    rows["era"] = pd.to_datetime(rows["start_date"]).dt.year.map(_era)
    return rows.reset_index(drop=True)


def reasons_by_era(definition: str = "all", data=None) -> pd.DataFrame:
    """How many interventions in each era gave each reason, under one definition. An
    intervention that gave two reasons counts once for each; 'out_of' is the era's total.

    >>> table = reasons_by_era("all")
    >>> set(table.columns) >= {"era", "reason", "interventions", "out_of"}
    True
    """
    rows = under_definition(definition, data)
    long = rows.assign(reason=rows["stated_reasons"].astype(str).str.split(";")).explode("reason")
    counts = long.groupby(["era", "reason"]).size().rename("interventions").reset_index()
    totals = rows.groupby("era").size().rename("out_of")
    counts = counts.merge(totals, on="era")
    counts["reason_label"] = counts["reason"].map(_labels())
    counts["definition"] = definition
    order = {label: i for i, (_first, _last, label) in enumerate(ERAS)}
    counts = counts.sort_values(["era", "interventions"], key=lambda s: s.map(order) if s.name == "era" else -s)
    return counts.reset_index(drop=True)


def reasons_chart(definition: str = "all", data=None):
    """Which reasons did the US government give, era by era? One panel per era, a bar per
    reason (its count written on it), under the chosen definition of intervention.

    >>> reasons_chart("armed_forces").to_dict()["usermeta"]["source"].startswith("Source")
    True
    """
    rows = under_definition(definition, data)
    table = reasons_by_era(definition, data)
    table["era"] = table["era"].map(_era_words)
    labels = _labels()
    domain = [labels[r] for r in REASONS if r in set(table["reason"])]
    colours = (theme.PALETTE * 2)[:len(domain)]
    base = alt.Chart(table).encode(
        y=alt.Y("reason_label:N", title=None, sort=domain, axis=alt.Axis(labelLimit=260)),
        x=alt.X("interventions:Q", title=_("Interventions that gave this reason")))
    bars = base.mark_bar().encode(
        color=alt.Color("reason_label:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
        tooltip=[alt.Tooltip("era:N", title=_("era")), alt.Tooltip("reason_label:N", title=_("Reason")),
                 alt.Tooltip("interventions:Q", title=_("interventions")),
                 alt.Tooltip("out_of:Q", title=_("Interventions in the era"))])
    text = base.mark_text(align="left", dx=3, fontSize=12).encode(text="interventions:Q")
    return alt.layer(bars, text, data=table).properties(width=230).facet(
        column=alt.Column("era:N", title=None, sort=[_era_words(label) for _first, _last, label in ERAS],
                          header=alt.Header(labelFontSize=13, labelFontWeight=600))
    ).properties(**_top(
        rows, _("Which reasons did the US government give, era by era?"),
        _("Definition: {words}. An intervention that gave two reasons counts for both.").format(
            words=_definition_words(definition)),
        _("Three panels, one per era (1898-1945, 1946-1989, 1990-2026). In each, one bar per reason the US "
          "government gave at the time, its length and the number beside it the count of interventions "
          "that gave that reason, under the definition '{definition}'. Data: region/interventions.").format(
            definition=definition)))
