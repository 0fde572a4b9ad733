"""The three cases side by side: the comparison matrix and its grid chart, from
``compare/dimensions``. The explorer widget over them is ``widgets.comparison_explorer``."""

from __future__ import annotations

from .charts import _ids_of, _top
from .citations import source_line
from .data import load
from .errors import PackError, suggest
from .formats import localize, pattern
from .i18n import SOURCE, _, get_language
from .theme import SHAPES
from .theme import colours as theme_colours
from .timelines import CASE_ORDER
from .words import code_words, frame_words, text_words
from .words import heading as _heading

NEEDED = ["dimension", "measure", "case", "coded", "text", "source_ids"]


def dimensions_frame(dimensions, builder: str = "comparison_matrix"):
    """compare/dimensions (default), rows of it, or its name; an error names what is missing."""
    import pandas as pd

    if dimensions is None or isinstance(dimensions, str):
        frame = load("compare/dimensions" if dimensions is None else dimensions)
    elif isinstance(dimensions, pd.DataFrame):
        frame = dimensions
    else:
        raise PackError(_("{builder}() takes the table compare/dimensions (or rows of it), for "
                          "example {builder}(load('compare/dimensions')); it got {kind}.").format(
                            builder=builder, kind=type(dimensions).__name__))
    missing = [c for c in NEEDED if c not in frame.columns]
    if missing:
        raise PackError(_("{builder}() compares the cases in compare/dimensions; this table lacks "
                          "its columns {missing}. Try {builder}() or "
                          "{builder}(load('compare/dimensions')).").format(builder=builder, missing=missing))
    return frame


def _chosen(values, column: str, frame, option: str) -> list[str]:
    """A list of names from a list, a tuple or one name; unknown names get suggestions."""

    if isinstance(values, str):
        values = [values]
    try:
        values = [str(v) for v in values]
    except TypeError:
        raise PackError(_("{option}= takes a list of names, like {option}={example}; it got {values}.").format(
            option=option, example=sorted(set(frame[column].astype(str)))[:2], values=repr(values))) from None
    known = sorted(set(frame[column].astype(str)))
    for value in values:
        if value not in known:
            raise suggest(value, known, column)
    return values


def selection(dimensions=None, chosen_dimensions=None, cases=None, only_comparable=False):
    """The rows of compare/dimensions for the chosen dimensions and cases (all by default).
    ``only_comparable=True`` keeps the measures every case has and that mean the same thing
    in each (see :func:`shared_measures`)."""
    frame = dimensions_frame(dimensions)
    if chosen_dimensions is not None:
        chosen = _chosen(chosen_dimensions, "dimension", frame, "chosen_dimensions")
    if cases is not None:
        cases = _chosen(cases, "case", frame, "cases")
    if only_comparable:
        frame = frame[frame["measure"].astype(str).isin(shared_measures(frame))]
    if chosen_dimensions is not None:
        frame = frame[frame["dimension"].astype(str).isin(chosen)]
    if cases is not None:
        frame = frame[frame["case"].astype(str).isin(cases)]
    if frame.empty:
        raise PackError(_("Nothing to compare: pick at least one dimension and one case."))
    return frame


def comparison_matrix(dimensions=None, chosen_dimensions=None, cases=None, only_comparable=False):
    """The cases side by side: one row per dimension and measure, one column per case, and a
    last column ``comparable`` (yes, caution, no, single_case) with what differs.

    >>> m = comparison_matrix()
    >>> list(m.columns[:2]), m.columns[-1]
    (['dimension', 'measure'], 'comparable')
    """
    frame = selection(dimensions, chosen_dimensions, cases, only_comparable)
    cells = frame.assign(cell=frame.apply(_cell_text, axis=1))
    table = cells.pivot_table(index=["dimension", "measure"], columns="case", values="cell",
                              aggfunc=lambda s: " / ".join(s), observed=True)

    table.columns = [str(c) for c in table.columns]
    table = table[[c for c in CASE_ORDER if c in table.columns]].reset_index().fillna("-")
    if "comparable" in frame.columns:
        flags = frame.drop_duplicates("measure").set_index("measure")
        table["comparable"] = table["measure"].map(
            lambda m: f"{flags.at[m, 'comparable']}: {flags.at[m, 'comparability_note']}")
        if _translated():  # the flag and its note in the reader's words
            table["comparable"] = table["measure"].map(
                lambda m: f"{code_words(str(flags.at[m, 'comparable']), 'comparable').lower()}: "
                          f"{text_words(flags.at[m, 'comparability_note'], 'comparability_note')}")
    return table


def _translated() -> bool:
    return get_language() != SOURCE


def _cell_text(row) -> str:
    import pandas as pd

    def number(x):
        return localize(f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}")

    unit = f" {text_words(row['unit'], 'unit')}" if isinstance(row.get("unit"), str) and row.get("unit") else ""
    if pd.notna(row.get("low")) and pd.notna(row.get("high")):
        return _("{low} to {high}").format(low=number(row["low"]), high=number(row["high"])) + unit
    if pd.notna(row.get("value")):
        return f"{number(row['value'])}{unit}"
    if isinstance(row.get("coded"), str) and row["coded"]:
        coded = row["coded"]
        return code_words(coded, "coded") if _translated() and not coded[:1].isdigit() else coded
    return str(text_words(str(row.get("text", "")), "text"))[:60]


ORDINAL = {"yes": "yes", "partly": "partly", "no": "no"}
GRID_DOMAIN = ["yes", "partly", "no", "date, figure or other code"]
# Light Okabe-Ito tints: dark text keeps at least 7:1 contrast on each; never colour alone
# (each cell also prints its code).
GRID_RANGE = ["#9fd3f2", "#f6ec8c", "#f4b98a", "#ffffff"]
ROW_MARK = {"no": "≠ ", "caution": "~ ", "single_case": "", "yes": ""}


def shared_measures(dimensions=None) -> list[str]:
    """The measures every case has and that mean the same thing in each case (``comparable``
    is yes or caution): where a comparison of the three cases should start.

    >>> "drugs_cited" in shared_measures(), "deaths_low_high" in shared_measures()
    (True, False)
    """

    frame = load("compare/dimensions") if dimensions is None else dimensions
    n_cases = frame["case"].astype(str).nunique()
    counts = frame.groupby(frame["measure"].astype(str))["case"].nunique()
    full = set(counts[counts == n_cases].index)
    if "comparable" in frame.columns:
        same = frame[frame["comparable"].astype(str).isin(["yes", "caution"])]
        full &= set(same["measure"].astype(str))
    return sorted(full)


def _row_labels(frame):
    marks = (frame["comparable"].astype(str).map(ROW_MARK).fillna("")
             if "comparable" in frame.columns else "")
    if _translated():  # words in the reader's language (the codes stay in the tooltip)
        return (marks + frame["dimension"].astype(str).map(lambda c: code_words(c, "dimension")) + ": "
                + frame["measure"].astype(str).map(lambda c: code_words(c, "measure")))
    return marks + frame["dimension"].astype(str) + ": " + frame["measure"].astype(str)


def comparison_chart(dimensions=None, chosen_dimensions=None, cases=None, only_comparable=False):
    """A grid of the coded values: one column per case, one row per measure, labelled.
    Only yes / partly / no are coloured (a fixed scale); dates, figures and other codes are
    text on white. A row marked ≠ means different things across cases; ~ compare with care."""
    import altair as alt

    frame = selection(dimensions, chosen_dimensions, cases, only_comparable)
    other = _("date, figure or other code")  # GRID_DOMAIN's last entry, in the language in use
    coded = frame["coded"].astype("string")
    rows = frame.assign(cell=frame.apply(_cell_text, axis=1), row=_row_labels(frame),
                        case=frame["case"].astype(str),
                        scale=coded.map(ORDINAL).fillna(other).astype(str),
                        note=(frame["comparability_note"].astype(str)
                              if "comparability_note" in frame.columns else ""))
    rows = rows[["row", "case", "cell", "scale", "note", "text", "source_ids"]]
    order = [c for c in CASE_ORDER if c in set(rows["case"])]
    if _translated():  # cases, notes and wording in the reader's language
        order = [code_words(c, "case") for c in order]
        rows = rows.assign(case=rows["case"].map(lambda c: code_words(c, "case")),
                           note=rows["note"].map(lambda n: text_words(n, "comparability_note")),
                           text=rows["text"].map(lambda n: text_words(n, "text")))
    base = alt.Chart(rows).encode(
        x=alt.X("case:N", title=None, sort=order,
                axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=340)))
    boxes = base.mark_rect(stroke="#8c8c8c", strokeWidth=1).encode(
        color=alt.Color("scale:N", title=_("Coded as"),
                        scale=alt.Scale(domain=[*GRID_DOMAIN[:-1], other], range=GRID_RANGE),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        tooltip=[alt.Tooltip("case:N", title=_("case")), alt.Tooltip("row:N", title=_("measure")),
                 alt.Tooltip("cell:N", title=_("value")), alt.Tooltip("text:N", title=_("in words")),
                 alt.Tooltip("note:N", title=_("comparable?"))])
    labels = base.mark_text(fontSize=11, color="#1a1a1a", limit=165).encode(text="cell:N")

    return alt.layer(
        boxes, labels, width=alt.Step(175), height=alt.Step(24),
        **_top(frame, _("Three interventions side by side"),
               _("Hover for the wording. ≠ = the same word means different things across "
                 "cases; ~ = compare with care"),
               _("Grid comparing {cases} cases on {measures} measures; yes, partly and no are coloured, "
                 "other codes are plain text.").format(cases=rows["case"].nunique(),
                                                       measures=rows["row"].nunique())))


class Comparison:
    """The full matrix and grid chart, built once; any choice of dimensions and cases is then
    a filter of them (fast enough for a widget callback)."""

    def __init__(self, dimensions=None):
        self.frame = dimensions_frame(dimensions, "comparison_explorer")
        self.matrix = comparison_matrix(self.frame)
        self.spec = comparison_chart(self.frame).to_dict()

    def view(self, chosen_dimensions, cases, only_comparable=False):
        """(matrix, chart spec) for a choice; raises PackError for an empty one."""
        import copy

        rows = selection(self.frame, chosen_dimensions, cases, only_comparable)
        matrix = self.matrix[self.matrix["dimension"].astype(str).isin(list(chosen_dimensions))
                             & self.matrix["measure"].isin(set(rows["measure"].astype(str)))]
        shown = [c for c in matrix.columns[2:] if c in set(cases)]
        matrix = matrix[["dimension", "measure", *shown, *[c for c in ["comparable"] if c in matrix]]]
        matrix = matrix[(matrix[shown] != "-").any(axis=1)]
        spec = copy.deepcopy(self.spec)
        name = spec["data"]["name"]
        keep_rows = set(_row_labels(rows))
        spec["datasets"][name] = [r for r in spec["datasets"][name]
                                  if r["case"] in set(cases) and r["row"] in keep_rows]
        spec["usermeta"] = {"source": source_line(_ids_of(rows))}
        spec["description"] = _("Grid comparing {cases} cases on {measures} measures.").format(
            cases=len(set(cases)), measures=len(keep_rows))
        return matrix.reset_index(drop=True), spec


# ---------------------------------------------------------------- scale: people and prices
def price_factor(from_year: int, to_year: int) -> float:
    """How many dollars of ``to_year`` buy what one dollar bought in ``from_year``, by
    chaining the annual US consumer-price inflation in ``compare/us_cpi`` (World Bank WDI).

    >>> round(price_factor(2000, 2000), 2)
    1.0
    >>> bool(2.3 < price_factor(1989, 2024) < 2.7)
    True
    """

    cpi = load("compare/us_cpi").set_index("year")["inflation_pct"]
    low, high = sorted((int(from_year), int(to_year)))
    years = list(range(low + 1, high + 1))
    missing = [y for y in years if y not in cpi.index]
    if low < int(cpi.index.min()) - 1 or missing:
        raise PackError(_("compare/us_cpi covers {first}-{last}; it cannot convert dollars between "
                          "{from_year} and {to_year}.").format(first=int(cpi.index.min()), last=int(cpi.index.max()),
                                                               from_year=from_year, to_year=to_year))
    factor = 1.0
    for year in years:
        factor *= 1 + float(cpi[year]) / 100
    return factor if to_year >= from_year else 1 / factor


def in_dollars_of(amount: float, year: int, to_year: int) -> float:
    """``amount`` dollars of ``year`` expressed in dollars of ``to_year``.

    >>> round(in_dollars_of(100, 2024, 2024))
    100
    """
    return amount * price_factor(year, to_year)


def population(country: str, year: int) -> int:
    """People living in ``country`` in ``year`` (World Bank WDI, from ``compare/population``).

    >>> population("panama", 1989) > 2_000_000
    True
    """

    table = load("compare/population")
    row = table[(table["country"].astype(str) == country) & (table["year"] == int(year))]
    if row.empty:
        raise PackError(_("No population for {country} in {year}: countries are {countries}, years "
                          "{first}-{last}.").format(country=repr(country), year=year,
                                                    countries=sorted(table["country"].astype(str).unique()),
                                                    first=int(table["year"].min()), last=int(table["year"].max())))
    return int(row["population"].iloc[0])


def per_person_per_year(amount: float, country: str, first_year: int, last_year: int) -> float:
    """``amount`` spread evenly over the years ``first_year`` to ``last_year`` (inclusive),
    per person: divided by the number of years and by the average population of those years.
    The dollars stay those of the source (convert them with :func:`in_dollars_of`).

    >>> round(per_person_per_year(population("panama", 1990), "panama", 1990, 1990))
    1
    """
    years = range(int(first_year), int(last_year) + 1)
    people = sum(population(country, y) for y in years) / len(years)
    return amount / len(years) / people


def per_100k(count: float, country: str, year: int) -> float:
    """A count (of deaths, say) as a rate per 100,000 people of ``country`` in ``year``.

    >>> round(per_100k(population("panama", 1989), "panama", 1989))
    100000
    """
    return count / population(country, year) * 100_000


# ---------------------------------------------------------------- stated reasons over time
REASONS_SHOWN = ["anti_communism", "drugs", "narco_terrorism", "protect_us_citizens", "democracy",
                 "national_security", "hemispheric_influence", "police_power", "oil",
                 "sovereignty", "non_intervention", "drug_war_failed"]


def stated_reasons(framing=None, perspective: str | None = None):
    """``compare/framing`` with one row per statement and stated reason (a statement that gives
    three reasons gives three rows), optionally for one perspective.

    >>> rows = stated_reasons(perspective="us_government")
    >>> "anti_communism" in set(rows["reason"])
    True
    """

    frame = load("compare/framing") if framing is None else framing
    if perspective is not None:
        known = sorted(frame["perspective"].astype(str).unique())
        if perspective not in known:
            raise PackError(_("Unknown perspective {perspective}: use one of {known}.").format(
                perspective=repr(perspective), known=known))
        frame = frame[frame["perspective"].astype(str) == perspective]
    rows = frame.assign(reason=frame["stated_reason"].astype(str).str.split(";")).explode("reason")
    rows["year"] = rows["date"].dt.year
    return rows.reset_index(drop=True)


def framing_chart(framing=None):
    """Which reasons were stated, by whom and when: one point per statement and reason, one
    row per reason, shape and colour by perspective (US government, target government,
    regional), hover for the words and the source."""
    import altair as alt

    rows = stated_reasons(framing)
    rows = rows[["date", "reason", "perspective", "title", "actor", "setting", "timing",
                 "source_id"]].assign(perspective=lambda f: f["perspective"].astype(str))
    order = [r for r in REASONS_SHOWN if r in set(rows["reason"])]
    order += sorted(set(rows["reason"]) - set(order))
    sides = ["us_government", "target_government", "partner_government", "regional_and_international",
             "critics_and_rights_groups"]
    sides = [s for s in sides if s in set(rows["perspective"])]
    side_colours = theme_colours("actor_kind", sides)  # a side's colour across the pack (issue 28)
    if _translated():  # codes and words in the reader's language; the same order
        order = [code_words(r, "stated_reason") for r in order]
        sides = [code_words(s, "perspective") for s in sides]
        rows = frame_words(rows.assign(reason=rows["reason"].map(lambda r: code_words(r, "stated_reason"))),
                           ["perspective", "title", "actor", "setting", "timing"], table="compare/framing")
    chart = alt.Chart(rows).mark_point(size=120, filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title=_("Date of the statement")),
        y=alt.Y("reason:N", title=_("Stated reason (coded)"), sort=order),
        color=alt.Color("perspective:N", title=_("Whose voice"), sort=sides,
                        scale=alt.Scale(domain=sides, range=side_colours)),
        shape=alt.Shape("perspective:N", title=_("Whose voice"), sort=sides,
                        scale=alt.Scale(domain=sides, range=SHAPES[:len(sides)])),
        tooltip=[alt.Tooltip("date:T", title=_heading("date"), format=pattern("day_long")),
                 *[alt.Tooltip(f"{c}:N", title=_heading(c)) for c in ("title", "actor", "setting",
                                                                      "timing", "source_id")]])

    return chart.properties(width=620, height=alt.Step(26), **_top(
        rows, _("Which reasons were stated, by whom, and when? 1904-2026"),
        _("One point per statement and reason in compare/framing; hover for the words"),
        _("Dot chart of {n} stated reasons by date, one row per reason, coloured and "
          "shaped by whose voice it is.").format(n=len(rows))))
