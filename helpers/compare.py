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
    from .charts import _top

    return alt.layer(
        boxes, labels, width=alt.Step(170), height=alt.Step(24),
        **_top(frame, "Three interventions side by side", "Each cell is sourced; hover for the wording",
               f"Grid comparing {rows['case'].nunique()} cases on {rows['row'].nunique()} measures."))


class Comparison:
    """The full matrix and grid chart, built once; any choice of dimensions and cases is then
    a filter of them (fast enough for a widget callback)."""

    def __init__(self, dimensions=None):
        from .data import load

        self.frame = load("compare/dimensions") if dimensions is None else dimensions
        self.matrix = comparison_matrix(self.frame)
        self.spec = comparison_chart(self.frame).to_dict()

    def view(self, chosen_dimensions, cases):
        """(matrix, chart spec) for a choice; raises PackError for an empty one."""
        import copy

        from .charts import _ids_of
        from .citations import source_line

        rows = selection(self.frame, chosen_dimensions, cases)
        matrix = self.matrix[self.matrix["dimension"].astype(str).isin(list(chosen_dimensions))]
        matrix = matrix[["dimension", "measure", *[c for c in matrix.columns[2:] if c in set(cases)]]]
        matrix = matrix[(matrix.iloc[:, 2:] != "-").any(axis=1)]
        spec = copy.deepcopy(self.spec)
        name = spec["data"]["name"]
        keep_rows = {f"{d}: {m}" for d, m in zip(rows["dimension"].astype(str), rows["measure"].astype(str))}
        spec["datasets"][name] = [r for r in spec["datasets"][name]
                                  if r["case"] in set(cases) and r["row"] in keep_rows]
        spec["usermeta"] = {"source": source_line(_ids_of(rows))}
        spec["description"] = (f"Grid comparing {len(set(cases))} cases on "
                               f"{len(keep_rows)} measures.")
        return matrix.reset_index(drop=True), spec
