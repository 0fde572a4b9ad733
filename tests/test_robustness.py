"""Bad input, as learners produce it, gets a message that says what was expected and what to
try: never a traceback from pandas or Altair internals."""

from __future__ import annotations

import pandas as pd
import pytest

import helpers
from helpers import (aligned_events, all_events, check, cite, describe, estimate_ranges,
                     further_reading, list_datasets, load, series_by_source, sources, timeline,
                     with_source)
from helpers.errors import PackError
from helpers.widgets import pick_view


def _deaths():
    return load("panama/casualty_estimates")


def _growth():
    return load("panama/economy")


CASES = [
    # (what, call, words the message must contain)
    ("load: number", lambda: load(3), "list_datasets()"),
    ("load: unknown", lambda: load("panama/casualties"), "Did you mean"),
    ("load: bare name", lambda: load("casualty_estimates"), "panama/casualty_estimates"),
    ("describe: None", lambda: describe(None), "list_datasets()"),
    ("sources: list", lambda: sources(["panama/events"]), "list_datasets()"),
    ("cite: number", lambda: cite(12), "source id"),
    ("cite: unknown", lambda: cite("no_such_thing"), "Unknown source id"),
    ("list_datasets: bad case", lambda: list_datasets("panamá"), "Did you mean 'panama'"),
    ("estimate_ranges: None", lambda: estimate_ranges(None), "load("),
    ("estimate_ranges: wrong table", lambda: estimate_ranges(load("panama/events")), "needs the columns"),
    ("estimate_ranges: empty selection", lambda: estimate_ranges(_deaths().iloc[0:0]), "empty"),
    ("estimate_ranges: unknown by", lambda: estimate_ranges(_deaths(), by="colour"), "needs the columns"),
    ("timeline: a number", lambda: timeline(5), "DataFrame"),
    ("timeline: years out of range", lambda: timeline(load("panama/events"), years=(2030, 2040)), "covers"),
    ("timeline: years reversed", lambda: timeline(load("panama/events"), years=(1995, 1985)), "first year comes after"),
    ("timeline: years as text", lambda: timeline(load("panama/events"), years="1989"), "two whole years"),
    ("series: unknown indicator", lambda: series_by_source(_growth(), indicator="gdp"), "Did you mean"),
    ("series: mixed units", lambda: series_by_source(_growth()), "indicator="),
    ("series: years out of range", lambda: series_by_source(_growth(), indicator="gdp_growth_real", years=(1900, 1910)), "covers"),
    ("series: years with floats", lambda: series_by_source(_growth(), indicator="gdp_growth_real", years=(1985.5, 1990)), "two whole years"),
    ("with_source: nothing", lambda: with_source(timeline(load("panama/events")), []), "no source ids"),
    ("with_source: a number", lambda: with_source(timeline(load("panama/events")), 5), "table names or source ids"),
    ("check: id not text", lambda: check(None, 3), "exercise id first"),
    ("check: unknown id", lambda: check("panama-one", 3), "Unknown exercise id"),
    ("further_reading: nothing", lambda: further_reading(), "table names"),
    ("further_reading: unknown", lambda: further_reading("panama/deaths"), "Did you mean"),
    ("all_events: unknown case", lambda: all_events(["panam"]), "Did you mean 'panama'"),
    ("all_events: not a list", lambda: all_events(5), "list of case names"),
    ("aligned_events: unknown anchor", lambda: aligned_events(["panama"], anchors={"panama": "Moon landing"}), "starting event"),
    ("pick_view: no options", lambda: pick_view([], str), "at least one option"),
    ("pick_view: bad default", lambda: pick_view(["a"], str, default="b"), "not one of the options"),
]


@pytest.mark.parametrize("what, call, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_a_helpful_message(what, call, words):
    says_helpfully(what, call, words)


def says_helpfully(what: str, call, words: str) -> None:
    """``call()`` raises the pack's error, in a short message with ``words`` and no traceback."""
    with pytest.raises(PackError) as error:
        call()
    message = str(error.value)
    assert words in message, f"{what}: {message}"
    assert "Traceback" not in message and len(message) < 1200


def test_errors_are_valueerrors_so_generic_handlers_catch_them():
    assert issubclass(PackError, ValueError)
    with pytest.raises(LookupError):
        load("nope/nope")


def test_a_years_filter_that_fits_draws():
    chart = series_by_source(_growth(), indicator="gdp_growth_real", years=(1987, 1990),
                             markers=load("panama/events"))
    years = {row["year"] for row in chart.to_dict()["datasets"][next(iter(chart.to_dict()["datasets"]))]
             if "year" in row}
    assert years and min(years) >= 1987 and max(years) <= 1990.99


# ---------------------------------------------------------------- issue 19: misuse that used to
# reach a pandas or Altair traceback, or drew something silently wrong
def _events():
    return load("panama/events")


def _aid():
    return load("colombia/us_aid")


def _explorer(*args):
    from helpers.widgets import comparison_explorer

    return comparison_explorer(*args)


def _matrix(**kwargs):
    from helpers.compare import comparison_matrix

    return comparison_matrix(**kwargs)


MISUSE = [
    ("timeline: a path", lambda: timeline("data/panama/events.csv"), "load('panama/events')"),
    ("timeline: title=None", lambda: timeline(_events(), title=None), "title='How many died?'"),
    ("timeline: title=5", lambda: timeline(_events(), title=5), "takes text"),
    ("timeline: width as text", lambda: timeline(_events(), width="wide"), "width=640"),
    ("timeline: unreadable date", lambda: timeline(_events().assign(date="not a date")), "1989-12-20"),
    ("timeline: missing date", lambda: timeline(_events().assign(date=pd.NaT)), "dropna(subset=['date'])"),
    ("markers: unreadable date", lambda: helpers.event_markers(_events().assign(date="x")), "not a date"),
    ("markers: max_chars as text", lambda: helpers.event_markers(_events(), max_chars="x"), "max_chars=28"),
    ("ranges: text in value", lambda: estimate_ranges(_deaths().assign(value="x")), "pd.to_numeric"),
    ("ranges: infinite value", lambda: estimate_ranges(_deaths().assign(value=float("inf"))), "infinite"),
    ("ranges: no one estimated", lambda: estimate_ranges(_deaths().assign(estimated_by=None)), "who="),
    ("ranges: low above high", lambda: estimate_ranges(_deaths().assign(low=500.0, high=100.0)), "swap them"),
    ("ranges: date_format=5", lambda: estimate_ranges(_deaths(), date_format=5), "'%b %Y'"),
    ("ranges: x_title=None", lambda: estimate_ranges(_deaths(), x_title=None), "takes text"),
    ("series: indicators mixed", lambda: series_by_source(_aid()[_aid()["unit"] == "USD million (current)"]),
     "Pick one with indicator="),
    ("series: units mixed", lambda: series_by_source(load("colombia/coca_cultivation"), indicator="coca_area"),
     "data[data['unit'] == "),
    ("series: text in value", lambda: series_by_source(_growth().assign(value="x"), indicator="gdp_growth_real"),
     "pd.to_numeric"),
    ("with_source: no chart", lambda: with_source(None, "panama/events"), "the chart first"),
    ("with_source: made-up ids", lambda: with_source(timeline(_events()), _events().assign(source_id="made_up")),
     "not in data/sources.csv"),
    ("timeline: made-up ids", lambda: timeline(_events().assign(source_id="made_up")), "not in data/sources.csv"),
    ("pick_view: one string", lambda: pick_view("panama", str), "not one text"),
    ("pick_view: None", lambda: pick_view(None, str), "list of options"),
    ("pick_view: a number", lambda: pick_view(5, str), "list of options"),
    ("pick_view: a chart, not a function", lambda: pick_view(["a"], timeline(_events())), "lambda k:"),
    ("pick_view: no function", lambda: pick_view(["a"], None), "function that draws"),
    ("pick_view: label=None", lambda: pick_view(["a"], str, label=None), "label='Show'"),
    ("pick_view: unhashable options", lambda: pick_view([["a"]], str), "names or numbers"),
    ("pick_view: a choice that fails", lambda: pick_view(["military", "nope"],
                                                         lambda k: timeline(_events()[_events()["kind"] == k])),
     "'nope' could not be drawn"),
    ("explorer: another table", lambda: _explorer(load("panama/events")), "compare/dimensions"),
    ("explorer: an empty frame", lambda: _explorer(pd.DataFrame()), "compare/dimensions"),
    ("explorer: a number", lambda: _explorer(5), "compare/dimensions"),
    ("matrix: case in capitals", lambda: _matrix(cases=["Panama"]), "Did you mean 'panama'"),
    ("matrix: cases=5", lambda: _matrix(cases=5), "list of names"),
    ("matrix: unknown dimension", lambda: _matrix(chosen_dimensions=["nope"]), "Unknown dimension"),
]


@pytest.mark.parametrize("what, call, words", MISUSE, ids=[c[0] for c in MISUSE])
def test_misuse_says_what_was_expected(what, call, words):
    says_helpfully(what, call, words)


def test_numpy_years_are_whole_years():
    events = _events()
    first, last = events["date"].dt.year.min(), events["date"].dt.year.max()
    assert type(first).__module__ == "numpy"
    chart = timeline(events, years=(first, last))
    assert chart.to_dict()["description"].startswith("Timeline")


def test_a_table_name_and_a_single_case_are_understood():
    from helpers.compare import comparison_matrix

    assert list(comparison_matrix(cases="panama").columns[2:3]) == ["panama"]
    view = _explorer("compare/dimensions")
    assert "ih-matrix" in view.static_html


def test_one_indicator_in_one_unit_still_draws():
    coca = load("colombia/coca_cultivation")
    hectares = coca[coca["unit"] == "hectares"]
    chart = series_by_source(hectares, indicator="coca_area")
    assert chart.to_dict()["description"].startswith("Line")


@pytest.mark.parametrize("call", [lambda: load(""), lambda: cite("  ")], ids=["load", "cite"])
def test_an_empty_name_gets_no_arbitrary_suggestions(call):
    with pytest.raises(PackError) as error:
        call()
    assert "empty text" in str(error.value) and "Did you mean" not in str(error.value)
