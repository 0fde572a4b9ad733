"""Chart builders and the offline renderer: sourced, described, safe, and helpful on bad input."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

from helpers import (estimate_ranges, event_markers, load, series_by_source, timeline,
                     with_source)
from helpers.errors import PackError, UnknownNameError
from helpers.render import figure_html, spec_json


@pytest.fixture(scope="module")
def deaths():
    return load("panama/casualty_estimates")


@pytest.fixture(scope="module")
def events():
    return load("panama/events")


def _spec(chart):
    return chart.to_dict()


def test_every_builder_names_its_source_and_describes_itself(deaths, events):
    growth = load("panama/economy")
    charts = [estimate_ranges(deaths), timeline(events),
              series_by_source(growth, indicator="gdp_growth_real", markers=events.head(3))]
    for chart in charts:
        spec = _spec(chart)
        assert spec["usermeta"]["source"].startswith("Source")
        assert len(spec["description"]) > 20
        assert spec.get("params"), "interactivity must be a Vega-Lite parameter (works offline)"


def test_source_line_lists_only_the_sources_drawn(deaths):
    one = deaths[deaths["source_id"] == deaths["source_id"].iloc[0]]
    line = _spec(estimate_ranges(one))["usermeta"]["source"]
    assert line.startswith("Source:") and ";" not in line


def test_series_never_tell_sources_apart_by_colour_alone():
    spec = json.dumps(_spec(series_by_source(load("panama/economy"), indicator="gdp_growth_real")))
    assert '"strokeDash"' in spec and '"shape"' in spec


def test_with_source_on_a_learners_own_chart(deaths):
    chart = alt.Chart(deaths).mark_bar().encode(x="count()", y="group:N")
    assert _spec(with_source(chart, deaths))["usermeta"]["source"].startswith("Source")
    assert _spec(with_source(chart, "panama/casualty_estimates"))["usermeta"]["source"]
    with pytest.raises(UnknownNameError):
        with_source(chart, "no_such_source_id")


def test_a_chart_without_a_source_says_so():
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    assert "Source not stated" in figure_html(chart.to_dict())


@pytest.mark.parametrize("bad", [None, 42, "not/a_table", [1, 2, 3]])
def test_builders_reject_wrong_input_with_a_message(bad):
    for builder in (estimate_ranges, timeline, series_by_source):
        with pytest.raises(PackError) as error:
            builder(bad)
        assert "load(" in str(error.value) or "Did you mean" in str(error.value) or "table" in str(error.value)


def test_an_empty_selection_is_explained(deaths):
    with pytest.raises(PackError) as error:
        estimate_ranges(deaths[deaths["group"] == "nobody"])
    assert "empty" in str(error.value)


def test_the_wrong_table_is_explained(events):
    with pytest.raises(PackError) as error:
        estimate_ranges(events)
    assert "needs the columns" in str(error.value)


def test_a_misspelt_indicator_is_suggested():
    with pytest.raises(UnknownNameError) as error:
        series_by_source(load("panama/economy"), indicator="gdp_growth_rea")
    assert "gdp_growth_real" in str(error.value)


def test_mixed_units_are_refused():
    with pytest.raises(PackError) as error:
        series_by_source(load("panama/economy"))
    assert "indicator=" in str(error.value)


def test_event_markers_layer_on_a_series(events):
    layer = event_markers(events.head(4))
    assert isinstance(layer, alt.LayerChart)


def test_markup_in_data_cannot_escape_the_spec(deaths):
    evil = deaths.head(2).copy()
    evil["estimated_by"] = "</script><script>alert(1)</script>"
    html = figure_html(_spec(estimate_ranges(evil)))
    assert "<script>alert(1)" not in html
    assert "</script><script>alert" not in spec_json({"x": "</script><script>alert(1)"})
    table = evil.to_html()
    assert "<script>alert(1)" not in table


def test_specs_are_strict_json_even_with_missing_values():
    import math

    spec = {"data": {"values": [{"a": float("nan"), "b": math.inf, "c": [float("nan")]}]}}
    text = spec_json(spec)
    assert "NaN" not in text and "Infinity" not in text
    json.loads(text, parse_constant=lambda name: pytest.fail(f"non-standard JSON constant {name}"))


def test_series_with_gaps_serialise_strictly():
    coca = load("colombia/coca_cultivation")
    chart = series_by_source(coca[coca["unit"] == "hectares"], indicator="coca_area")
    text = figure_html(chart.to_dict())
    assert "NaN" not in text


def test_a_timeline_of_too_many_events_says_how_to_choose_fewer(events):
    """Issue 22: 12,200 rows gave altair's MaxRowsError with advice to enable vegafusion."""
    many = pd.concat([events] * (12_200 // len(events) + 1), ignore_index=True).head(12_200)
    with pytest.raises(PackError, match=r"at most 5,000 events, and this selection has 12,200") as error:
        timeline(many).to_dict()
    assert "vegafusion" not in str(error.value) and "years=(1989, 1990)" in str(error.value)


@pytest.mark.parametrize("title, expected", [
    ("¿Cuántos panameños murieron en la invasión?", "cuantos-panamenos-murieron-en-la-invasion.csv"),
    ("Produção de coca na Colômbia, São Paulo", "producao-de-coca-na-colombia-sao-paulo.csv"),
])
def test_csv_download_names_keep_the_letters_of_an_accented_title(deaths, title, expected):
    """Issue 23: the download name folded 'Cuántos' to 'cu-ntos'; accents are now dropped, not
    the letters that carry them."""
    spec = _spec(estimate_ranges(deaths).properties(title=title))
    names = re.findall(r"download='([^']*)'", figure_html(spec))
    assert names == [expected], names
