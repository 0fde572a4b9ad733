"""The maps of helpers.maps: each builds from the pack's tables, asks its question, names its
sources (the rows drawn and the boundaries), describes itself for screen readers, stays small
enough for a handout, and draws its geoshapes in a headless Chromium with the network blocked."""

from __future__ import annotations

import json

import pytest

from helpers import maps

MAPS = {
    "interventions_map": (maps.interventions_map, "Natural Earth"),
    "boat_strikes_map": (maps.boat_strikes_map, "Natural Earth"),
    "coca_map": (maps.coca_map, "Natural Earth"),
    "panama_1989_map": (maps.panama_1989_map, "Natural Earth"),
}
MAX_SPEC_KB = 150  # four maps must fit a 0.6 MB handout beside its other charts
MIN_SHAPES = {"interventions_map": 40, "boat_strikes_map": 40, "coca_map": 30, "panama_1989_map": 1}


@pytest.fixture(scope="module")
def specs():
    return {name: build().to_dict() for name, (build, _) in MAPS.items()}


@pytest.mark.parametrize("name", MAPS)
def test_map_asks_its_question_names_its_sources_and_describes_itself(specs, name):
    spec = specs[name]
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert "?" in title, f"{name}: the title should ask the map's question, not label it: {title!r}"
    source = spec["usermeta"]["source"]
    assert source.startswith("Source") and MAPS[name][1] in source, (
        f"{name}: the source line must name the data and the boundaries' maker: {source[:200]}")
    assert len(spec.get("description", "")) > 80, f"{name}: describe the map in words for screen readers"


@pytest.mark.parametrize("name", MAPS)
def test_map_needs_no_network_and_stays_small(specs, name):
    text = json.dumps(specs[name])
    assert '"url"' not in text, f"{name}: a map must carry its data inline (no URL to fetch)"
    size = len(text.encode("utf-8")) / 1024
    assert size <= MAX_SPEC_KB, f"{name} is {size:.0f} KB; simplify the boundaries (limit {MAX_SPEC_KB} KB)"


def test_every_map_has_a_control_that_needs_no_kernel(specs):
    for name in ("interventions_map", "boat_strikes_map", "coca_map"):
        params = specs[name].get("params", [])
        assert any("bind" in p for p in params), f"{name}: needs a slider or menu (a bound Vega-Lite param)"


def test_colour_is_never_alone(specs):
    """Each map that colours by a category also shapes or labels by it."""
    boats = json.dumps(specs["boat_strikes_map"])
    assert '"shape"' in boats and '"size"' in boats
    panama = json.dumps(specs["panama_1989_map"])
    assert '"shape"' in panama and '"text"' in panama
    for name in ("interventions_map", "coca_map"):
        assert '"mark": {"type": "text"' in json.dumps(specs[name]) or '"text"' in json.dumps(specs[name])


def test_bad_arguments_say_what_to_do():
    from helpers.errors import PackError

    with pytest.raises(PackError, match="1898"):
        maps.interventions_map(year=1700)
    with pytest.raises(PackError, match="figures for"):
        maps.coca_map(year=1990)


def test_rings_are_wound_for_d3():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    fixed = maps._rewind(square)["coordinates"][0]
    assert maps._signed_area(fixed) < 0, "outer rings must run clockwise, or d3 fills the globe"


@pytest.mark.browser
def test_maps_draw_their_geoshapes_offline_in_chromium(specs, offline, tmp_path):
    from helpers.publish.browser import wait_for_charts
    from helpers.render import figure_html

    body = "".join(figure_html(specs[name], include_bundle=(i == 0)) for i, name in enumerate(MAPS))
    page_path = tmp_path / "maps.html"
    page_path.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>maps</title>"
                         f"</head><body>{body}</body></html>", encoding="utf-8")
    page, seen = offline(page_path)
    assert wait_for_charts(page, timeout_ms=30000) == len(MAPS)
    counts = page.evaluate(
        "() => Array.from(document.querySelectorAll('.ih-vega')).map("
        "el => el.querySelectorAll('.mark-shape path').length)")
    assert seen.left == [], f"the maps tried to reach the network: {seen.left}"
    assert seen.errors == [], f"the maps raised errors in the browser: {seen.errors}"
    for (name, drawn) in zip(MAPS, counts):
        assert drawn >= MIN_SHAPES[name], f"{name} drew {drawn} geoshapes, expected at least {MIN_SHAPES[name]}"
