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
