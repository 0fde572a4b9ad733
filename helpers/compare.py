"""The three cases side by side: the comparison matrix and its grid chart, from
``compare/dimensions``. The explorer widget over them is ``widgets.comparison_explorer``."""

from __future__ import annotations

from .errors import PackError


def selection(dimensions=None, chosen_dimensions=None, cases=None):
    """The rows of compare/dimensions for the chosen dimensions and cases (all by default)."""
    from .data import load

    frame = load("compare/dimensions") if dimensions is None else dimensions
    if chosen_dimensions is not None:
        frame = frame[frame["dimension"].astype(str).isin(list(chosen_dimensions))]
    if cases is not None:
        frame = frame[frame["case"].astype(str).isin(list(cases))]
    if frame.empty:
        raise PackError("Nothing to compare: pick at least one dimension and one case.")
    return frame


def comparison_matrix(dimensions=None, chosen_dimensions=None, cases=None):
    """The cases side by side: one row per dimension and measure, one column per case.

    >>> m = comparison_matrix()
    >>> list(m.columns[:2])
    ['dimension', 'measure']
    """
    frame = selection(dimensions, chosen_dimensions, cases)
    cells = frame.assign(cell=frame.apply(_cell_text, axis=1))
    table = cells.pivot_table(index=["dimension", "measure"], columns="case", values="cell",
                              aggfunc=lambda s: " / ".join(s), observed=True)
    from .timelines import CASE_ORDER

    table.columns = [str(c) for c in table.columns]
    table = table[[c for c in CASE_ORDER if c in table.columns]]
    return table.reset_index().fillna("-")


def _cell_text(row) -> str:
    import pandas as pd

    def number(x):
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"

    unit = f" {row['unit']}" if isinstance(row.get("unit"), str) and row.get("unit") else ""
    if pd.notna(row.get("low")) and pd.notna(row.get("high")):
        return f"{number(row['low'])} to {number(row['high'])}{unit}"
    if pd.notna(row.get("value")):
        return f"{number(row['value'])}{unit}"
    if isinstance(row.get("coded"), str) and row["coded"]:
        return row["coded"]
    return str(row.get("text", ""))[:60]


def comparison_chart(dimensions=None, chosen_dimensions=None, cases=None):
    """A grid of the coded values: one column per case, one row per measure, labelled."""
    import altair as alt

    from .charts import with_source
    from .timelines import CASE_ORDER

    frame = selection(dimensions, chosen_dimensions, cases)
    rows = frame.assign(cell=frame.apply(_cell_text, axis=1),
                        row=frame["dimension"].astype(str) + ": " + frame["measure"].astype(str),
                        case=frame["case"].astype(str),
                        coded=frame["coded"].astype("string").fillna("figure"))
    rows = rows[["row", "case", "cell", "coded", "text", "source_ids"]]
    base = alt.Chart(rows).encode(
        x=alt.X("case:N", title=None, sort=[c for c in CASE_ORDER if c in set(rows["case"])],
                axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)))
    boxes = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color("coded:N", title="Coded as", legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("case:N"), alt.Tooltip("row:N", title="measure"),
                 alt.Tooltip("cell:N", title="value"), alt.Tooltip("text:N", title="in words")])
    labels = base.mark_text(fontSize=11, color="#000000", limit=150).encode(text="cell:N")
    chart = alt.layer(boxes, labels).properties(
        width=alt.Step(170), height=alt.Step(24),
        title=alt.Title("Three interventions side by side",
                        subtitle="Each cell is sourced; hover for the wording"),
        description=f"Grid comparing {rows['case'].nunique()} cases on {rows['row'].nunique()} measures.")
    return with_source(chart, frame)
