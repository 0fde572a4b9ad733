"""ipywidgets views for choices that need Python: picking a case, a measure or a source.

Every view shows a sensible default before anyone touches it. In JupyterLab the widget is
live; in an HTML handout (no kernel) the view shows that default, precomputed, and says so.
"""

from __future__ import annotations

import html

from .compare import Comparison, _chosen, dimensions_frame
from .errors import PackError
from .i18n import _
from .render import bundle_output_once, chart_output, figure_html
from .words import Table, code_words, frame_html


def static_note(text: str, screen_only: bool = False) -> str:
    """The line a handout shows where the notebook has a live widget (``screen_only``: not on
    paper, where what it says has a paper version of its own)."""
    classes = "ih-static-note ih-screen-only" if screen_only else "ih-static-note"
    return f"<p class='{classes}'><em>{html.escape(text)}</em></p>"


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

    if isinstance(item, alt.TopLevelMixin):
        return figure_html(item.to_dict())
    import pandas as pd

    if isinstance(item, (pd.DataFrame, pd.Series)):  # headings in words, as every table is shown
        return Table(item)._repr_html_()
    if hasattr(item, "_repr_html_"):
        return item._repr_html_() or ""
    return f"<pre>{html.escape(repr(item))}</pre>"


def _matrix_html(matrix) -> str:
    """The comparison matrix as every table is shown (headings in words, codes as words in the
    reader's language), with the matrix's own left-aligned style."""

    return frame_html(matrix).replace("class='dataframe ih-table'", "class='dataframe ih-table ih-matrix'", 1)


def as_output(item) -> dict:
    """One display_data (or stream) output for an Output widget: a chart through the pack's
    renderer, text as a stream, anything else through IPython's display formatter."""
    import altair as alt

    if isinstance(item, alt.TopLevelMixin):
        return chart_output(item)
    if isinstance(item, str):
        return {"output_type": "stream", "name": "stdout", "text": item + "\n"}
    from IPython import get_ipython
    from IPython.core.interactiveshell import InteractiveShell

    shell = get_ipython() or InteractiveShell.instance()
    data, metadata = shell.display_formatter.format(item)
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def _replace_output(output, *outputs: dict) -> None:
    """Replace what an Output widget shows (the outputs trait is synced to the front end)."""

    output.outputs = tuple(bundle_output_once()) + outputs


def pick_view(options, draw, label: str = "Show", default=None, description: str = ""):
    """A dropdown that redraws ``draw(choice)`` (a chart or table) when the choice changes.

    >>> view = pick_view(["a", "b"], lambda c: c.upper())
    >>> view.widget.children[0].value
    'a'
    """
    import ipywidgets as widgets

    options = _options(options)
    if not callable(draw):
        raise PackError("pick_view() takes a function that draws one choice, for example "
                        "pick_view(['military', 'sanctions'], lambda k: timeline(ev[ev.kind == k])); "
                        f"it got {type(draw).__name__}. Put the chart inside a function of the choice.")
    label = _("Show") if label == "Show" else label  # the default, in the language in use
    if not isinstance(label, str):
        raise PackError(f"pick_view(label=...) takes text, like label='Show'; it got {label!r}.")
    default = options[0] if default is None else default
    if default not in options:
        raise PackError(f"pick_view(default={default!r}) is not one of the options {options}.")
    menu = widgets.Dropdown(options=options, value=default, description=label,
                            style={"description_width": "initial"})
    output = widgets.Output()

    # Every choice is drawn now, once: changing the menu is then instant.
    drawn = {choice: as_output(_draw_one(draw, choice)) for choice in options}

    def redraw(change=None):
        _replace_output(output, drawn[menu.value])

    menu.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([menu, output])
    box.redraw = redraw
    note = static_note(_("Interactive in the notebook: this handout shows the default view "
                         "({label}: {choice}).").format(label=label, choice=default))
    return View(box, note + _as_html(_draw_one(draw, default)))


def _options(options) -> list:
    """The options of a menu: a list (or tuple, Series...) of names, never one string."""
    if isinstance(options, str):
        raise PackError(f"pick_view() takes a list of options, like [{options!r}, ...], not one "
                        f"text {options!r} (its letters would become the options).")
    try:
        options = list(options)
    except TypeError:
        raise PackError("pick_view() takes a list of options to pick from, like "
                        f"['military', 'sanctions']; it got {type(options).__name__}.") from None
    if not options:
        raise PackError("pick_view() needs at least one option to pick from.")
    try:
        len(set(options))
    except TypeError:
        raise PackError("pick_view() options are names or numbers, like ['military', 'sanctions']; "
                        f"these include {type(next(o for o in options if not _hashable(o))).__name__}.") from None
    return options


def _hashable(item) -> bool:
    try:
        hash(item)
        return True
    except TypeError:
        return False


def _draw_one(draw, choice):
    """draw(choice), with an error that names the choice that could not be drawn."""
    try:
        return draw(choice)
    except PackError as error:
        raise PackError(f"pick_view(): the choice {choice!r} could not be drawn: {error}") from None


_guesses: dict[str, object] = {}


def prediction(key: str, question: str, reveal, compare=None, placeholder: str | None = None):
    """Predict, then reveal: a text box and a button; the data appears after a guess."""
    import ipywidgets as widgets

    if placeholder is None or placeholder == "Your guess":
        placeholder = _("Your guess")
    box = widgets.Text(placeholder=placeholder, description=_("Your guess:"),
                       style={"description_width": "initial"})
    button = widgets.Button(description=_("Record my guess and show the data"), button_style="primary",
                            layout=widgets.Layout(width="auto"))
    message = widgets.HTML()
    output = widgets.Output()

    def on_click(_event=None):
        guess = box.value.strip()
        if not guess:
            message.value = "<p role='status'>{}</p>".format(
                html.escape(_("Type a guess first: any number or a few words.")))
            return
        _guesses[key] = guess
        said = compare(guess) if compare else ""
        message.value = (f"<p role='status'>{html.escape(_('Your guess, recorded:'))} "
                         f"<strong>{html.escape(guess)}</strong>. {html.escape(said)}</p>")
        _replace_output(output, as_output(reveal))

    button.on_click(on_click)
    first = html.escape(_("Predict first."))
    view = widgets.VBox([widgets.HTML(f"<p><strong>{first}</strong> {html.escape(question)}</p>"),
                         widgets.HBox([box, button]), message, output])
    view.submit = on_click
    view.guess_box = box
    on_paper = html.escape(_("Your guess: ____________. Write it down before you turn the page: "
                             "what the sources say is on the next one."))
    static = (f"<div class='ih-predict'><p><strong>{first}</strong> {html.escape(question)}</p>"
              + static_note(_("In the notebook you record your guess before the data appears. Cover "
                              "what follows, write your guess down, then read on."), screen_only=True)
              + f"<p class='ih-print-only ih-guess-line'>{on_paper}</p>"
              + f"<div class='ih-reveal'>{_as_html(reveal)}</div></div>")
    return View(view, static)


def guesses() -> dict[str, object]:
    """The guesses recorded in this session, by key."""
    return dict(_guesses)


# ---------------------------------------------------------------- comparing the cases


def comparison_explorer(dimensions=None, start=None, show_all=False):
    """Pick dimensions and cases; see them side by side as a table and a grid chart.

    By default it opens on the measures every case has and that mean the same thing in each
    (``compare.shared_measures``); a tick box adds the rest, each marked with what differs.
    ``start`` names the dimensions it opens on, and ``show_all=True`` opens it with the rest
    ticked in: ``comparison_explorer(start=["scale", "human_cost"], show_all=True)`` opens where
    the cases differ most. The handout shows the view it opens on."""
    import ipywidgets as widgets

    frame = dimensions_frame(dimensions, "comparison_explorer")
    all_dimensions = [str(d) for d in frame["dimension"].cat.categories] \
        if hasattr(frame["dimension"], "cat") else sorted(frame["dimension"].astype(str).unique())
    all_cases = [str(c) for c in frame["case"].cat.categories] \
        if hasattr(frame["case"], "cat") else sorted(frame["case"].astype(str).unique())
    opening = all_dimensions if start is None else _chosen(start, "dimension", frame, "start")
    pick_dimensions = widgets.SelectMultiple(options=all_dimensions, value=tuple(opening),
                                             description=_("Dimensions"), rows=len(all_dimensions))
    pick_cases = widgets.SelectMultiple(options=all_cases, value=tuple(all_cases),
                                        description=_("Cases"), rows=len(all_cases))
    show_all = widgets.Checkbox(value=bool(show_all), indent=False,
                                description=_("Also show measures that cannot be compared"))
    output = widgets.Output()

    comparison = Comparison(frame)  # the full matrix and chart, built once

    def redraw(change=None):
        try:
            matrix, spec = comparison.view(pick_dimensions.value, pick_cases.value,
                                           only_comparable=not show_all.value)
        except PackError as error:
            _replace_output(output, as_output(str(error)))
            return
        _replace_output(output, as_output(matrix), chart_output(spec))

    pick_dimensions.observe(redraw, names="value")
    pick_cases.observe(redraw, names="value")
    show_all.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([widgets.HBox([pick_dimensions, pick_cases, show_all]), output])
    box.redraw = redraw
    box.pickers = (pick_dimensions, pick_cases)
    box.show_all = show_all
    matrix, spec = comparison.view(opening, all_cases, only_comparable=not show_all.value)

    named = ", ".join(code_words(d, "dimension") for d in opening)  # words, in the reader's language
    if show_all.value:
        note = _("Interactive in the notebook: this handout shows the view it opens on: {dimensions}, "
                 "with every measure; ≠ marks a measure that means different things across the "
                 "cases, ~ one to compare with care.").format(dimensions=named)
    elif start is not None:
        note = _("Interactive in the notebook: this handout shows the view it opens on: {dimensions}, "
                 "with the measures every case has, with the same meaning.").format(dimensions=named)
    else:
        note = _("Interactive in the notebook: this handout shows the default view: the "
                 "measures every case has, with the same meaning.")
    static = (static_note(note) +
              _matrix_html(matrix) +
              chart_output(spec)["data"]["text/html"])
    return View(box, static)
