"""The long view (lesson 06): US interventions in the region under different definitions and
units, the reasons the US government gave era by era, and a sensitivity check of the claim
that drugs replaced communism as the reason given.

Each question is one call::

    from helpers import reasons_chart, sensitivity, under_definition
    reasons_chart("armed_forces")                  # reasons by era, US armed forces only
    reasons_chart("all", unit="campaign")          # episodes against one country merged
    sensitivity()                                  # the claim's numbers under every choice

>>> from helpers.region import under_definition
>>> len(under_definition("all")) >= len(under_definition("armed_forces"))
True
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import theme
from .charts import _top
from .data import load
from .errors import PackError
from .formats import date
from .i18n import _
from .words import readable, text_words

ARMED_FORCES_KINDS = ("occupation", "invasion", "air_or_naval_strikes", "naval_deployment_or_blockade",
                      "troop_landing", "raid", "armed_forces_unspecified")
# The definitions of "intervention" the lesson compares. The first four nest (each adds a form
# of action to the one before); the fifth is political science's, and stops in 2014.
DEFINITIONS = ("armed_forces", "armed_or_covert", "with_sanctions", "all", "mid_use_of_force")
UNITS = ("episode", "campaign")
CAMPAIGN_YEARS = 1  # episodes in one country whose periods overlap or follow within a year: one campaign
# (_unit_words says 'within a year': change both together)
ERAS = [(1898, 1945, "1898-1945"), (1946, 1989, "1946-1989 (Cold War)"), (1990, 2026, "1990-2026")]
COLD_WAR, AFTER = ERAS[1][2], ERAS[2][2]
REASONS = list(theme.REASON_CODES)
# The copies of the reference lists: they list an episode but never give its reasons.
REFERENCE_SOURCES = {"coatsworth_2005_revista_table", "coatsworth_2005_revista_text", "orourke_2018_table11",
                     "cow_midb_5_0", "cow_mid_5_0_release"}


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
    """What a definition counts, in the language in use."""
    return {
        "armed_forces": _("only episodes where US armed forces were used"),
        "armed_or_covert": _("US armed forces and covert operations"),
        "with_sanctions": _("armed forces, covert operations and economic sanctions"),
        "all": _("every row of the table: armed forces, covert operations, sanctions and military aid"),
        "mid_use_of_force": _("only Correlates of War disputes where the US side reached 'use of force' "
                              "(hostility 4 or 5; the data stop in 2014)"),
    }[definition]


def _definition_name(definition: str) -> str:
    """A definition's short name, as the sensitivity table lists it."""
    return {"armed_forces": _("armed forces only"), "armed_or_covert": _("+ covert operations"),
            "with_sanctions": _("+ sanctions"), "all": _("+ military aid (all rows)"),
            "mid_use_of_force": _("MID use of force")}[definition]


def _unit_words(unit: str) -> str:
    """What one unit is, in the language in use."""
    return {
        "episode": _("one row per episode (the table's rule)"),
        "campaign": _("one per campaign: episodes in one country, of any kind, whose periods overlap or "
                      "follow within a year count once"),
    }[unit]


def _era_words(era: str) -> str:
    """An era's label for a chart, in the language in use (the tables keep the English)."""
    return {COLD_WAR: _("1946-1989 (Cold War)")}.get(era, era)


def _era(year: int) -> str:
    return next(label for first, last, label in ERAS if first <= year <= last)


def _choose(value: str, choices, what: str) -> str:
    if value not in choices:
        raise PackError(_("Unknown {what} {value}. Choose one of: {choices}.").format(
            what=what, value=repr(value), choices=", ".join(choices)))
    return value


def _codes(text) -> list[str]:
    return [code for code in str(text).split(";") if code]


def _period_end(row) -> pd.Timestamp:
    """An episode's last day as the episode rule reads it: an ongoing episode runs to the end of
    2026, an unknown end is the end of the start's day, month or year."""
    precision = str(row.end_precision)
    if precision == "ongoing":
        return pd.Timestamp(2026, 12, 31)
    if pd.notna(row.end_date) and precision not in ("unknown", "nan"):
        end = pd.Timestamp(row.end_date)
        return {"year": end + pd.offsets.YearEnd(0), "month": end + pd.offsets.MonthEnd(0)}.get(precision, end)
    start = pd.Timestamp(row.start_date)
    return {"year": start + pd.offsets.YearEnd(0), "month": start + pd.offsets.MonthEnd(0)}.get(
        str(row.start_precision), start)


def _campaigns(rows: pd.DataFrame) -> pd.DataFrame:
    """The episode rule loosened: episodes in one country, of any form of action, whose periods
    overlap or follow each other within CAMPAIGN_YEARS years are one campaign. A campaign has its
    first episode's dates and era and every episode's reasons (each reason counts once)."""
    merged = []
    gap = pd.DateOffset(years=CAMPAIGN_YEARS)
    for _country, group in rows.sort_values("start_date").groupby("country", sort=False):
        current: list = []
        until = None
        for row in group.itertuples(index=False):
            if current and row.start_date > until + gap:
                merged.append(current)
                current = []
            current.append(row)
            until = max(until, _period_end(row)) if len(current) > 1 else _period_end(row)
        merged.append(current)
    out = []
    for episodes in merged:
        first = episodes[0]._asdict()
        codes = [c for e in episodes for c in _codes(e.stated_reasons)]
        recorded = [c for c in dict.fromkeys(codes) if c != "not_recorded"]
        first.update(
            intervention_id=first["intervention_id"] if len(episodes) == 1
            else f"{first['intervention_id']} (+{len(episodes) - 1})",
            episodes=";".join(e.intervention_id for e in episodes),
            title=" / ".join(e.title for e in episodes),
            stated_reasons=";".join(recorded or ["not_recorded"]))
        out.append(first)
    return pd.DataFrame(out).sort_values("start_date")


def under_definition(definition: str = "all", unit: str = "episode", data=None) -> pd.DataFrame:
    """The interventions that count under one definition ('armed_forces', 'armed_or_covert',
    'with_sanctions', 'all' or 'mid_use_of_force') and one unit ('episode' or 'campaign'),
    with their era.

    >>> bool(under_definition("mid_use_of_force")["mid_us_hostility"].min() >= 4)
    True
    >>> len(under_definition("all", unit="campaign")) < len(under_definition("all"))
    True
    """
    _choose(definition, DEFINITIONS, _("definition"))
    _choose(unit, UNITS, _("unit"))
    if data is None:
        data = load("region/interventions")
    rows = data.copy()
    rows["start_date"] = pd.to_datetime(rows["start_date"])
    kind, action = rows["kind"].astype(str), rows["action_class"].astype(str)
    keep = {
        "armed_forces": kind.isin(ARMED_FORCES_KINDS),
        "armed_or_covert": action.eq("armed_force_or_covert"),
        "with_sanctions": action.isin(["armed_force_or_covert", "economic_sanctions"]),
        "all": pd.Series(True, index=rows.index),
        "mid_use_of_force": pd.to_numeric(rows["mid_us_hostility"], errors="coerce") >= 4,
    }[definition]
    rows = rows[keep]
    if unit == "campaign":
        rows = _campaigns(rows)
    rows = rows.copy()
    rows["era"] = rows["start_date"].dt.year.map(_era)
    return rows.reset_index(drop=True)


def reasons_by_era(definition: str = "all", unit: str = "episode", data=None) -> pd.DataFrame:
    """How many interventions in each era gave each reason, under one definition and unit. An
    intervention that gave two reasons counts once for each; 'out_of' is the era's total.

    >>> table = reasons_by_era("all")
    >>> set(table.columns) >= {"era", "reason", "interventions", "out_of"}
    True
    """
    rows = under_definition(definition, unit, data)
    long = rows.assign(reason=rows["stated_reasons"].map(_codes)).explode("reason")
    counts = long.groupby(["era", "reason"]).size().rename("interventions").reset_index()
    totals = rows.groupby("era").size().rename("out_of")
    counts = counts.merge(totals, on="era")
    counts["reason_label"] = counts["reason"].map(_labels())
    counts["definition"], counts["unit"] = definition, unit
    era_order = {label: i for i, (_first, _last, label) in enumerate(ERAS)}
    counts["_era"] = counts["era"].map(era_order)
    counts["_reason"] = counts["reason"].map({r: i for i, r in enumerate(REASONS)})
    counts = counts.sort_values(["_era", "_reason"]).drop(columns=["_era", "_reason"])
    return counts.reset_index(drop=True)


def reasons_chart(definition: str = "all", unit: str = "episode", data=None):
    """Which reasons did the US government give, era by era? One panel per era, a bar per
    reason ('n of N' written beside it), under the chosen definition and unit. Each reason has
    the same colour in every chart of the pack (theme.CATEGORY_COLOURS).

    >>> reasons_chart("armed_forces").to_dict()["usermeta"]["source"].startswith("Source")
    True
    """
    rows = under_definition(definition, unit, data)
    table = reasons_by_era(definition, unit, data)
    totals = rows.groupby("era").size()
    labels = _labels()
    headers = {era: _("{era}: {n} in all").format(era=_era_words(era), n=int(totals.get(era, 0)))
               for _first, _last, era in ERAS}
    table["era_label"] = table["era"].map(headers)
    table["count_text"] = [_("{n} of {total}").format(n=n, total=t)
                           for n, t in zip(table["interventions"], table["out_of"])]
    domain = [labels[r] for r in REASONS]
    colours = [theme.CATEGORY_COLOURS[r] for r in REASONS]
    base = alt.Chart(table).encode(
        y=alt.Y("reason_label:N", title=None, sort=domain, scale=alt.Scale(domain=domain),
                axis=alt.Axis(labelLimit=260)),
        x=alt.X("interventions:Q", title=_("Interventions that gave this reason"),
                scale=alt.Scale(domainMin=0, nice=True)))
    bars = base.mark_bar(stroke=theme.MUTED, strokeWidth=0.5).encode(
        color=alt.Color("reason_label:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
        tooltip=[alt.Tooltip("era_label:N", title=_("era")), alt.Tooltip("reason_label:N", title=_("Reason")),
                 alt.Tooltip("interventions:Q", title=_("interventions")),
                 alt.Tooltip("out_of:Q", title=_("Interventions in the era"))])
    text = base.mark_text(align="left", dx=3, fontSize=12).encode(text="count_text:N")
    return alt.layer(bars, text, data=table).properties(width=200).facet(
        column=alt.Column("era_label:N", title=None, sort=[headers[era] for _f, _l, era in ERAS],
                          header=alt.Header(labelFontSize=13, labelFontWeight=600))
    ).properties(**_two_line_subtitle(_top(
        rows, _("Which reasons did the US government give, era by era?"),
        _("Definition: {words}.").format(words=_definition_words(definition)),
        _("Three panels, one per era (1898-1945, 1946-1989, 1990-2026), each headed with the number of "
          "interventions in it. In each, one bar per reason the US government gave at the time, its length "
          "the count of interventions that gave that reason, written beside it as 'n of N'. Definition: "
          "'{definition}'; unit: '{unit}'. Data: region/interventions.").format(definition=definition, unit=unit)),
        _("Unit: {words}. An intervention that gave two reasons counts for both.").format(words=_unit_words(unit))))


def _two_line_subtitle(top: dict, second: str) -> dict:
    """_top()'s properties with a second subtitle line (Vega does not wrap a long one)."""
    heading = top["title"]
    top["title"] = alt.Title(heading.text, subtitle=[heading.subtitle, second])
    return top


def _share(n: int, total: int) -> str:
    return _("{n} of {total}").format(n=n, total=total) if total else _("none in the era")


def claim_numbers(definition: str = "all", unit: str = "episode", data=None) -> dict:
    """The numbers the claim 'drugs replaced communism as the reason given' turns on, under one
    definition and unit: how many interventions of each era gave anti-communism, drugs and
    national security (codes as keys), and the era totals.

    >>> numbers = claim_numbers("all")
    >>> numbers["after"]["anti_communism"]
    0
    """
    rows = under_definition(definition, unit, data)
    out = {}
    for key, era in (("before", ERAS[0][2]), ("cold_war", COLD_WAR), ("after", AFTER)):
        part = rows[rows["era"] == era]
        codes = part["stated_reasons"].map(_codes)
        counts = {r: int(codes.map(lambda c, r=r: r in c).sum()) for r in REASONS}
        out[key] = {"total": len(part), **counts}
    return out


def sensitivity(definitions=DEFINITIONS, units=UNITS, data=None) -> pd.DataFrame:
    """Did drugs replace communism as the reason given? The numbers the claim turns on, one
    line per definition of intervention and unit of counting: anti-communism among Cold War
    interventions, drugs among those after 1989, each reason outside its era, and national
    security (keeping rival powers out) in each era, the rival story. Headings are in words,
    in the language in use.

    >>> table = sensitivity()
    >>> len(table) == 10
    True
    """
    labels = _labels()
    lines = []
    for unit in units:
        for definition in definitions:
            n = claim_numbers(definition, unit, data)
            cold, after, before = n["cold_war"], n["after"], n["before"]
            top = [labels[r] for r in REASONS if r != "not_recorded" and after[r]
                   and after[r] == max(after[c] for c in REASONS if c != "not_recorded")]
            if len(top) > 2:  # a tie of many says more as a number
                top = [_("{n} reasons tied").format(n=len(top))]
            lines.append({
                _("Unit"): {"episode": _("episode"), "campaign": _("campaign")}[unit],
                _("Definition"): _definition_name(definition),
                _("Anti-communism, 1946-1989"): _share(cold["anti_communism"], cold["total"]),
                _("Drugs, 1990-2026"): _share(after["drugs"], after["total"]),
                _("Given most often after 1989"): " / ".join(top) or "-",
                _("Drugs before 1990"): before["drugs"] + cold["drugs"],
                _("Anti-communism after 1989"): after["anti_communism"],
                _("National security: 1898-1945 · 1946-1989 · 1990-2026"): " · ".join(
                    str(e["national_security"]) for e in (before, cold, after)),
            })
    return pd.DataFrame(lines)


def _basis_words(basis: str) -> str:
    return {"us_statement": _("a US statement of the time"),
            "source_summary": _("a later or second-hand summary"),
            "not_recorded": _("no reason recorded in the sources read")}.get(basis, basis)


class StatedWords:
    """The words behind a few episodes' reasons, shown as one block per episode (the words in
    full, each quotation on its own line); ``.frame`` is the same as a table."""

    def __init__(self, frame: pd.DataFrame, quotes: list[list[str]]):
        self.frame, self._quotes = frame, quotes

    def _repr_html_(self) -> str:
        import html

        e = html.escape
        blocks = []
        for (_i, row), quotes in zip(self.frame.iterrows(), self._quotes):
            items = "".join(f"<li>{e(q)}</li>" for q in quotes)
            fields = "".join(f"<dt>{e(str(k))}</dt><dd>{e(str(row[k]))}</dd>" for k in row.index[1:3])
            blocks.append(
                f"<section class='ih-stated-words' style='border-left:4px solid #0072B2;padding:0.2rem 0.9rem;"
                f"margin:0.8rem 0'><h4 style='margin:0.3rem 0'>{e(str(row.iloc[0]))}</h4>"
                f"<dl style='margin:0.2rem 0'>{fields}</dl><p style='margin:0.3rem 0'><strong>"
                f"{e(_('Words behind the reasons'))}</strong></p><ul>{items}</ul>"
                f"<p style='margin:0.3rem 0'><strong>{e(_('Source'))}:</strong> {e(str(row.iloc[5]))}. "
                f"<strong>{e(_('Further sources of the words'))}:</strong> {e(str(row.iloc[6]))}.</p></section>")
        return "".join(blocks)

    def __repr__(self) -> str:
        lines = []
        for (_i, row), quotes in zip(self.frame.iterrows(), self._quotes):
            lines += [str(row.iloc[0])] + [f"  {k}: {row[k]}" for k in row.index[1:3]]
            lines += [f"  - {q}" for q in quotes] + [f"  {row.index[5]}: {row.iloc[5]}", ""]
        return "\n".join(lines)


def stated_words(*intervention_ids: str, data=None) -> StatedWords:
    """The evidence behind the reasons of a few episodes, in full: the reasons coded, what kind
    of evidence they rest on, the words (with every further quotation of region/stated_reasons,
    its speaker and date) and the source.

    >>> stated_words("rg_dom_1965").frame.shape[0]
    1
    """

    rows = load("region/interventions") if data is None else data
    known = set(rows["intervention_id"])
    unknown = [i for i in intervention_ids if i not in known]
    if unknown or not intervention_ids:
        raise PackError(_("stated_words() takes episode ids of region/interventions, like 'rg_dom_1965'; "
                          "unknown: {ids}.").format(ids=", ".join(map(repr, unknown)) or _("none given")))
    further = load("region/stated_reasons")
    labels = _labels()
    out, all_quotes = [], []
    for iid in intervention_ids:
        row = rows[rows["intervention_id"] == iid].iloc[0]
        first = text_words(str(row["stated_reason_words"]), "stated_reason_words") \
            if pd.notna(row["stated_reason_words"]) else "-"
        quotes = [first]
        extra = further[further["intervention_id"] == iid].drop_duplicates("quotation")
        for q in extra.itertuples():
            if q.quotation[:60] not in first:
                quotes.append(f"{text_words(q.speaker, 'speaker')}, {date(q.date)}: '{q.quotation}'")
        out.append({
            _("Episode"): f"{text_words(row['title'], 'title')} ({text_words(row['country'], 'country')}, "
                          f"{row['start_date']:%Y}; {iid})",
            _("Reasons coded"): "; ".join(labels.get(c, c) for c in _codes(row["stated_reasons"])),
            _("Kind of evidence"): _basis_words(str(row["reason_basis"])),
            _("Words behind the reasons"): "; ".join(quotes),
            _("Row"): iid,
            _("Source"): readable(row["reasons_source_id"]) if pd.notna(row["reasons_source_id"]) else "-",
            _("Further sources of the words"): "; ".join(
                readable(s) for s in dict.fromkeys(
                    [*str(row["source_ids"]).split(";"), *extra["source_id"].astype(str)])
                if s and s != "nan" and s != row["reasons_source_id"] and s not in REFERENCE_SOURCES) or "-",
        })
        all_quotes.append(quotes)
    return StatedWords(pd.DataFrame(out), all_quotes)


def coverage(data=None) -> pd.DataFrame:
    """What the table rests on: for each standard reference, how many of its entries were read,
    how many are part of a row, how many are left out (and why), and what could not be read;
    then the rows that rest on other grounds. Every number is counted from the tables.

    >>> int(coverage().iloc[0, 1]) >= 0
    True
    """

    rows = load("region/interventions") if data is None else data
    entries = load("region/reference_lists")
    excluded = load("region/intervention_exclusions")
    listed = rows["listed_by"].astype(str).str.split(";")
    not_read = {
        "crs": _("every entry for the region: no stored copy could be read beyond its opening pages"),
        "coatsworth": _("the indirect cases after 'Dominican Rep. 1914 1963' (every stored copy stops there)"),
        "orourke": _("end years and case descriptions (the copy read gives country and start year)"),
        "mid": _("nothing: the files were read in full (1898-2014)"),
    }
    names = {"crs": _("Congressional Research Service, Instances of Use of US Armed Forces Abroad"),
             "coatsworth": _("Coatsworth, US interventions that changed governments, 1898-1994"),
             "orourke": _("O'Rourke, Covert Regime Change, 1947-1989"),
             "mid": _("Correlates of War, MID 5.0 disputes (US hostility 2 or more), 1898-2014")}
    out = []
    for ref in ("crs", "coatsworth", "orourke", "mid"):
        mine = entries[entries["reference"].astype(str) == ref]
        left = excluded[excluded["reference"].astype(str) == ref]
        why = left["reason_code"].astype(str).value_counts()
        out.append({_("Reference"): names[ref], _("Entries read"): len(mine),
                    _("Part of a row"): int(mine["episode_id"].notna().sum()),
                    _("Left out (why)"): f"{len(left)}" + (" (" + ", ".join(
                        f"{n} {_reason_code_words(code)}" for code, n in why.items()) + ")" if len(left) else ""),
                    _("Rows it lists"): int(listed.map(lambda refs, r=ref: r in refs).sum()),
                    _("Not read"): not_read[ref]})
    for ground, name in (("record", _("A record of the time read (FRUS, Navy, press)")),
                         ("case_tables", _("The pack's case tables (lessons 01-03)")),
                         ("pack_instrument", _("A sanction or aid programme kept as a sample"))):
        out.append({_("Reference"): name, _("Entries read"): "-", _("Part of a row"): "-",
                    _("Left out (why)"): "-",
                    _("Rows it lists"): int(listed.map(lambda refs, g=ground: g in refs).sum()),
                    _("Not read"): "-"})
    return pd.DataFrame(out)


def _reason_code_words(code: str) -> str:
    return {"no_record_read": _("no record outside MID dates them"),
            "record_undated": _("the record read gives no date"),
            "contested_incident": _("contested: alleged and denied"),
            "derived_list_only": _("only in derived lists"), "merged_into": _("merged into a row"),
            "wrong_target": _("wrong country"), "outside_scope": _("outside the definition")}.get(code, code)
