"""ipywidgets views for choices that need Python: picking a case, a measure or a source.

Every view shows a sensible default before anyone touches it. In JupyterLab the widget is
live; in an HTML handout (no kernel) the view shows that default, precomputed, and says so.
"""

from __future__ import annotations

import html

from .errors import PackError

STATIC_NOTE = ("<p class='ih-static-note'><em>Interactive in the notebook: this handout shows "
               "the default view{what}.</em></p>")


class View:
    """A live widget plus its default view as static HTML, for handouts."""

    def __init__(self, widget, static_html: str):
        self.widget = widget
        self.static_html = static_html

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        return {**bundle, "text/html": self.static_html}

    def __repr__(self):
        return f"<{type(self.widget).__name__} view>"


def _as_html(item) -> str:
    """Static HTML for a chart, a DataFrame or anything with an HTML form."""
    import altair as alt

    from .render import figure_html

    if isinstance(item, alt.TopLevelMixin):
        return figure_html(item.to_dict())
    if hasattr(item, "_repr_html_"):
        return item._repr_html_() or ""
    return f"<pre>{html.escape(repr(item))}</pre>"


def _in_notebook() -> bool:
    from IPython import get_ipython

    return get_ipython() is not None


def _show(item) -> None:
    from IPython.display import display

    display(item)


def pick_view(options, draw, label: str = "Show", default=None, description: str = ""):
    """A dropdown that redraws ``draw(choice)`` (a chart or table) when the choice changes.

    >>> view = pick_view(["a", "b"], lambda c: c.upper())
    >>> view.widget.children[0].value
    'a'
    """
    import ipywidgets as widgets

    options = list(options)
    if not options:
        raise PackError("pick_view() needs at least one option to pick from.")
    default = options[0] if default is None else default
    if default not in options:
        raise PackError(f"pick_view(default={default!r}) is not one of the options {options}.")
    menu = widgets.Dropdown(options=options, value=default, description=label,
                            style={"description_width": "initial"})
    output = widgets.Output()

    def redraw(change=None):
        if not _in_notebook():  # outside a notebook there is nowhere to draw
            return
        output.clear_output(wait=True)
        with output:
            _show(draw(menu.value))

    menu.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([menu, output])
    box.redraw = redraw
    note = STATIC_NOTE.format(what=f" ({html.escape(label)}: {html.escape(str(default))})")
    return View(box, note + _as_html(draw(default)))


_guesses: dict[str, object] = {}


def prediction(key: str, question: str, reveal, compare=None, placeholder: str = "Your guess"):
    """Predict, then reveal: a text box and a button; the data appears after a guess."""
    import ipywidgets as widgets

    box = widgets.Text(placeholder=placeholder, description="Your guess:",
                       style={"description_width": "initial"})
    button = widgets.Button(description="Record my guess and show the data", button_style="primary",
                            layout=widgets.Layout(width="auto"))
    message = widgets.HTML()
    output = widgets.Output()

    def on_click(_=None):
        guess = box.value.strip()
        if not guess:
            message.value = "<p role='status'>Type a guess first: any number or a few words.</p>"
            return
        _guesses[key] = guess
        said = compare(guess) if compare else ""
        message.value = (f"<p role='status'>Your guess, recorded: <strong>{html.escape(guess)}"
                         f"</strong>. {html.escape(said)}</p>")
        output.clear_output(wait=True)
        with output:
            _show(reveal)

    button.on_click(on_click)
    view = widgets.VBox([widgets.HTML(f"<p><strong>Predict first.</strong> {html.escape(question)}</p>"),
                         widgets.HBox([box, button]), message, output])
    view.submit = on_click
    view.guess_box = box
    static = (f"<div class='ih-predict'><p><strong>Predict first.</strong> {html.escape(question)}</p>"
              "<p class='ih-static-note'><em>In the notebook you record your guess before the data "
              "appears. Cover what follows, write your guess down, then read on.</em></p>"
              f"{_as_html(reveal)}</div>")
    return View(view, static)


def guesses() -> dict[str, object]:
    """The guesses recorded in this session, by key."""
    return dict(_guesses)


# ---------------------------------------------------------------- comparing the cases
def comparison_matrix(dimensions=None, chosen_dimensions=None, cases=None):
    """The cases side by side: one row per dimension and measure, one column per case.

    >>> m = comparison_matrix()
    >>> list(m.columns[:2])
    ['dimension', 'measure']
    """
    import pandas as pd

    from .data import load

    frame = load("compare/dimensions") if dimensions is None else dimensions
    if chosen_dimensions:
        frame = frame[frame["dimension"].astype(str).isin(list(chosen_dimensions))]
    if cases:
        frame = frame[frame["case"].astype(str).isin(list(cases))]
    if frame.empty:
        raise PackError("Nothing to compare: pick at least one dimension and one case.")
    cells = frame.assign(cell=frame.apply(_cell_text, axis=1))
    table = cells.pivot_table(index=["dimension", "measure"], columns="case", values="cell",
                              aggfunc=lambda s: " / ".join(s), observed=True)
    table.columns = [str(c) for c in table.columns]
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
    from .data import load

    frame = load("compare/dimensions") if dimensions is None else dimensions
    if chosen_dimensions:
        frame = frame[frame["dimension"].astype(str).isin(list(chosen_dimensions))]
    if cases:
        frame = frame[frame["case"].astype(str).isin(list(cases))]
    if frame.empty:
        raise PackError("Nothing to compare: pick at least one dimension and one case.")
    rows = frame.assign(cell=frame.apply(_cell_text, axis=1),
                        row=frame["dimension"].astype(str) + ": " + frame["measure"].astype(str),
                        case=frame["case"].astype(str),
                        coded=frame["coded"].astype("string").fillna("figure"))
    rows = rows[["row", "case", "cell", "coded", "text", "source_ids"]]
    base = alt.Chart(rows).encode(
        x=alt.X("case:N", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
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


def comparison_explorer(dimensions=None):
    """Pick dimensions and cases; see them side by side as a table and a grid chart.
    The handout shows the full matrix."""
    import ipywidgets as widgets

    from .data import load

    frame = load("compare/dimensions") if dimensions is None else dimensions
    all_dimensions = [str(d) for d in frame["dimension"].cat.categories] \
        if hasattr(frame["dimension"], "cat") else sorted(frame["dimension"].astype(str).unique())
    all_cases = [str(c) for c in frame["case"].cat.categories] \
        if hasattr(frame["case"], "cat") else sorted(frame["case"].astype(str).unique())
    pick_dimensions = widgets.SelectMultiple(options=all_dimensions, value=tuple(all_dimensions[:4]),
                                             description="Dimensions", rows=len(all_dimensions))
    pick_cases = widgets.SelectMultiple(options=all_cases, value=tuple(all_cases),
                                        description="Cases", rows=len(all_cases))
    output = widgets.Output()

    def redraw(change=None):
        if not _in_notebook():
            return
        output.clear_output(wait=True)
        with output:
            try:
                _show(comparison_matrix(frame, pick_dimensions.value, pick_cases.value))
                _show(comparison_chart(frame, pick_dimensions.value, pick_cases.value))
            except PackError as error:
                print(error)

    pick_dimensions.observe(redraw, names="value")
    pick_cases.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([widgets.HBox([pick_dimensions, pick_cases]), output])
    box.redraw = redraw
    box.pickers = (pick_dimensions, pick_cases)
    static = (STATIC_NOTE.format(what=": every dimension and case") +
              comparison_matrix(frame).to_html(index=False, classes="ih-matrix") +
              _as_html(comparison_chart(frame)))
    return View(box, static)
