"""Maps that draw offline: Altair/Vega-Lite geoshapes from the boundaries shipped in data/geo.

Every map has a title that asks its question, a text description for screen readers, its
source line (from the rows it draws), a time or year control that needs no kernel (a
Vega-Lite parameter, so it works in the handouts), a colour-blind-safe scale, and labels or
shapes so no reading depends on colour alone.

>>> from helpers.maps import interventions_map
>>> spec = interventions_map().to_dict()
>>> spec["usermeta"]["source"].startswith("Source")
True
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from . import render, theme  # noqa: F401  (registers the renderer and the theme)
from .charts import _top
from .data import load
from .errors import PackError
from .formats import number
from .i18n import SOURCE, _, get_language
from .words import code_words, frame_words, text_words

LAST_YEAR = 2026
NO_FIGURE = "#e6e6e6"
LAND = "#f2f2f2"
BORDER = "#7f7f7f"
# Where the boat-strike map puts strikes whose reports give only a sea area. These are the
# pack's placement choices (a point inside each area, away from land), not reported positions.
SEA_AREA_POINTS = {"Caribbean": (-70.5, 14.5), "Eastern Pacific": (-84.0, 7.0)}
ARMED_FORCES_KINDS = ("occupation", "invasion", "air_or_naval_strikes", "naval_deployment_or_blockade",
                      "troop_landing", "raid", "armed_forces_unspecified")


# ---------------------------------------------------------------- boundaries
def _table(name: str) -> pd.DataFrame:
    return load(name)


def _centre(geometry: dict) -> tuple[float, float]:
    """A label point: the mean vertex of the geometry's largest ring (good enough for labels)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    ring = max((p[0] for p in polygons), key=len)
    xs, ys = [c[0] for c in ring], [c[1] for c in ring]
    return round(sum(xs) / len(xs), 3), round(sum(ys) / len(ys), 3)


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))


def _rewind(geometry: dict) -> dict:
    """Rings in the order Vega's d3-geo expects: outer rings clockwise, holes anticlockwise.
    (GeoJSON's RFC 7946 order is the opposite, and d3 would then fill the rest of the globe.)"""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    fixed = []
    for polygon in polygons:
        rings = []
        for index, ring in enumerate(polygon):
            clockwise = _signed_area(ring) < 0
            rings.append(ring if clockwise == (index == 0) else ring[::-1])
        fixed.append(rings)
    coordinates = fixed if geometry["type"] == "MultiPolygon" else fixed[0]
    return {"type": geometry["type"], "coordinates": coordinates}


def _features(rows: pd.DataFrame, key: str) -> list[dict]:
    """GeoJSON features from a data/geo table, each with its key, name and a label point."""
    features = []
    for row in rows.itertuples():
        geometry = _rewind(json.loads(row.geometry))
        lon, lat = _centre(geometry)
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {"key": str(getattr(row, key)), "name": row.name,
                                        "label_lon": lon, "label_lat": lat}})
    return features


# ---------------------------------------------------------------- labels that do not collide
# Issue 28: a map's labels never run into each other. Each label goes to the right of its point,
# else to the left, above or below, whichever first clears the labels and points already placed
# (in the map's pixels, from the Mercator projection fitted to its boundaries, as Vega-Lite fits
# it). Text marks cannot take their alignment from the data, so each side is its own layer.
SIDES = {"right": {"align": "left", "dx": 9, "dy": 0}, "left": {"align": "right", "dx": -9, "dy": 0},
         "above": {"align": "center", "dx": 0, "dy": -13}, "below": {"align": "center", "dx": 0, "dy": 14}}


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    import math

    lat = max(min(lat, 85.0), -85.0)
    return math.radians(lon), -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _bounds(features: list[dict]) -> tuple[float, float, float, float]:
    points = []

    def walk(item):
        if isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(v, (int, float)) for v in item):
            points.append(_mercator(*item))
        elif isinstance(item, (list, tuple)):
            for inner in item:
                walk(inner)

    for feature in features:
        walk(feature["geometry"]["coordinates"])
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def label_sides(rows: pd.DataFrame, features: list[dict], width: int, height: int,
                font: int = 12, group: str | None = None) -> pd.Series:
    """The side of its point each row's label goes ("right", "left", "above", "below"), so
    that no two labels (of one ``group``, e.g. one year) overlap; rows need lon, lat, label."""
    x0, y0, x1, y1 = _bounds(features)
    scale = min(width / max(x1 - x0, 1e-9), height / max(y1 - y0, 1e-9))
    dx = (width - (x1 - x0) * scale) / 2
    dy = (height - (y1 - y0) * scale) / 2
    sides = pd.Series("right", index=rows.index, dtype="object")
    for _key, part in (rows.groupby(group, sort=False) if group else [(None, rows)]):
        placed: list[tuple[float, float, float, float]] = []
        spots = {}
        for index, row in part.iterrows():
            mx, my = _mercator(float(row["lon"]), float(row["lat"]))
            spots[index] = ((mx - x0) * scale + dx, (my - y0) * scale + dy)
        points = [(x - 6, y - 6, x + 6, y + 6) for x, y in spots.values()]
        for index, row in part.iterrows():
            text = str(row.get("label") or "")
            if not text:
                continue
            x, y = spots[index]
            w, h = 0.62 * font * max(len(line) for line in text.split("\n")), 1.25 * font * (text.count("\n") + 1)
            options = {"right": (x + 9, y - h / 2, x + 9 + w, y + h / 2),
                       "left": (x - 9 - w, y - h / 2, x - 9, y + h / 2),
                       "above": (x - w / 2, y - 13 - h / 2, x + w / 2, y - 13 + h / 2),
                       "below": (x - w / 2, y + 14 - h / 2, x + w / 2, y + 14 + h / 2)}

            def clash(box):
                return sum(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
                           for o in placed + [p for p in points if not (p[0] < x < p[2] and p[1] < y < p[3])])

            def outside(box):
                return box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height

            side = min(options, key=lambda name: (clash(options[name]), outside(options[name]),
                                                  list(options).index(name)))
            sides[index] = side
            placed.append(options[side])
    return sides


def _side_layers(chart: alt.Chart, text: str, font: int, weight: int, halo: bool = True) -> list:
    """One text layer (and its white halo) per side a label can take (see label_sides)."""
    layers = []
    for side, how in SIDES.items():
        chosen = chart.transform_filter(alt.datum._side == side)
        common = {"align": how["align"], "dx": how["dx"], "dy": how["dy"], "fontSize": font, "fontWeight": weight}
        if halo:
            layers.append(chosen.mark_text(color="white", stroke="white", strokeWidth=4, strokeJoin="round",
                                           **common).encode(longitude="lon:Q", latitude="lat:Q", text=f"{text}:N"))
        layers.append(chosen.mark_text(color=theme.TEXT, **common).encode(
            longitude="lon:Q", latitude="lat:Q", text=f"{text}:N"))
    return layers


def _map_top(rows: pd.DataFrame, boundaries: pd.DataFrame, title: str, subtitle, description: str) -> dict:
    """_top() for a map: the source line of the rows drawn and the boundaries, with the
    boundaries' maker always named (a long source line is cut after a few names)."""
    lines = subtitle if isinstance(subtitle, list) else [subtitle]
    top = _top([rows, boundaries], title, lines[0], description)
    if len(lines) > 1:  # Vega does not wrap a long subtitle: it widens the chart
        top["title"] = alt.Title(title, subtitle=lines)
    source = top["usermeta"]["source"]
    if "Natural Earth" not in source:
        top["usermeta"]["source"] = source.rstrip(".") + ". " + _("Boundaries: Natural Earth (public domain).")
    return top


def _named(features: list[dict], name: str) -> tuple[alt.NamedData, dict]:
    """The boundaries once per spec: a named dataset that every layer refers to. It is a
    FeatureCollection (an object, not a list of rows), so the data box under the map offers the
    rows drawn as CSV, not the boundaries."""
    collection = {"type": "FeatureCollection", "features": features}
    return alt.NamedData(name=name, format=alt.DataFormat(property="features")), {name: collection}


def _geo_layer(geo: alt.NamedData, fill: str = LAND):
    """The boundaries as grey land with thin borders."""
    return alt.Chart(geo).mark_geoshape(aria=False, fill=fill, stroke=BORDER, strokeWidth=0.5)


def _geo_lookup(geo: alt.NamedData) -> alt.LookupData:
    return alt.LookupData(data=geo, key="properties.key")


# ---------------------------------------------------------------- 1. interventions over time
def _translated() -> bool:
    return get_language() != SOURCE


def _words(rows: pd.DataFrame, columns: list[str], table: str) -> pd.DataFrame:
    """The columns' words in the reader's language (the English edition keeps its codes)."""
    if not _translated():
        return rows

    return frame_words(rows, [c for c in columns if c in rows], table=table)


def _place(name: str) -> str:
    return text_words(name, "name")


def _active_years(rows: pd.DataFrame) -> pd.DataFrame:
    """start_year and end_year for a time slider: 'ongoing' runs to 2026, an unknown end is
    drawn for the start year only (the map says so)."""
    out = rows.copy()
    out["start_year"] = pd.to_datetime(out["start_date"]).dt.year
    ends = pd.to_datetime(out["end_date"]).dt.year
    ongoing = out["end_precision"].astype(str).eq("ongoing")
    out["end_year"] = ends.where(ends.notna(), out["start_year"]).where(~ongoing, LAST_YEAR).astype(int)
    out["period"] = out["start_year"].astype(str) + "-" + out["end_year"].astype(str)
    out.loc[out["start_year"] == out["end_year"], "period"] = out["start_year"].astype(str)
    out.loc[ongoing, "period"] = out.loc[ongoing, "start_year"].astype(str) + "-" + _("ongoing")
    out["armed_forces"] = out["kind"].astype(str).isin(ARMED_FORCES_KINDS).map(
        {True: _("US armed forces used"), False: _("No US armed forces (covert, aid, sanctions)")})
    return out


# The map of the region: the mainland from Mexico to Tierra del Fuego, and an inset that zooms
# on Central America and the Caribbean, whose islands are a few pixels wide at the mainland's scale.
MAINLAND_BOX = (-118.0, -56.0, -34.0, 33.0)         # lon min, lat min, lon max, lat max
CARIBBEAN_BOX = (-92.5, 7.5, -59.0, 24.5)
MAIN_SIZE, INSET_SIZE = (380, 456), (430, 230)
# Where a country's label stands when its mean vertex would put it on a neighbour's label
# (lon, lat, align): Haiti and the Dominican Republic share Hispaniola; Grenada sits at the
# inset's edge; Colombia's and Venezuela's labels would touch when both are under way.
LABEL_AT = {"332": (-73.4, 17.7, "right"), "214": (-69.6, 20.0, "left"), "308": (-62.2, 12.0, "right"),
            "170": (-74.0, 2.3, "center"), "862": (-65.8, 7.0, "center"), "591": (-80.3, 8.0, "center")}


def _box_feature(box: tuple) -> dict:
    """A lon/lat box as a GeoJSON polygon with points every degree (so its sides stay straight
    in Mercator), wound for d3."""
    west, south, east, north = box
    steps = range(int(east - west) + 1)
    ring = ([[west + i, south] for i in steps] + [[east, south], [east, north]]
            + [[east - i, north] for i in steps] + [[west, north], [west, south]])
    return {"type": "Feature", "properties": {}, "geometry": _rewind({"type": "Polygon", "coordinates": [ring]})}


def _inside(box: tuple, lon: float, lat: float) -> bool:
    west, south, east, north = box
    return west <= lon <= east and south <= lat <= north


def _label_points(features: list[dict]) -> pd.DataFrame:
    """Each country's label point, alignment, and whether it is labelled on the inset (inside
    CARIBBEAN_BOX) or on the mainland map."""
    rows = []
    for feature in features:
        props = feature["properties"]
        lon, lat, align = LABEL_AT.get(props["key"], (props["label_lon"], props["label_lat"], "center"))
        rows.append({"iso_n3": props["key"], "label_lon": lon, "label_lat": lat, "align": align,
                     "on_inset": _inside(CARIBBEAN_BOX, props["label_lon"], props["label_lat"])})
    return pd.DataFrame(rows)


def _listing_lines(table: pd.DataFrame, width: int = 78) -> pd.DataFrame:
    """One row per printed line of the list beside the map: 'Country: title (years)', wrapped at
    about `width` characters, continuation lines indented (a chart's text does not wrap)."""
    import textwrap

    out = []
    for order, row in enumerate(table.itertuples(index=False)):
        text = f"{row.country}: {row.title} ({row.period})"
        armed = "yes" if str(row.kind) in ARMED_FORCES_KINDS else "no"
        for part, line in enumerate(textwrap.wrap(text, width)):
            out.append({**row._asdict(), "armed": armed, "line": line, "order": order, "part": part,
                        "indent": 0 if part == 0 else 14})
    return pd.DataFrame(out)


def interventions_map(data=None, year: int = 1989):
    """Which countries of the region had a US intervention under way in a given year? A map
    with a year slider (1898-2026): countries shaded and labelled by the number of
    interventions active that year, an inset that zooms on Central America and the Caribbean,
    and a list that names them.

    >>> from helpers.maps import interventions_map
    >>> interventions_map(year=1915).to_dict()["params"][0]["value"]
    1915
    """
    rows = _active_years(_table("region/interventions") if data is None else data)
    if not isinstance(year, int) or not 1898 <= year <= LAST_YEAR:
        raise PackError(_("interventions_map(year=...) takes a whole year from 1898 to {last}; got {year}.").format(
            last=LAST_YEAR, year=repr(year)))
    shapes = _table("geo/region_countries")
    features = _features(shapes, "iso_n3")
    geo, datasets = _named(features, "region_countries")
    chosen = alt.param(name="year", value=year,
                       bind=alt.binding_range(min=1898, max=LAST_YEAR, step=1, name=_("Year") + " "))
    active = "datum.start_year <= year && datum.end_year >= year"
    keep = ["intervention_id", "country", "iso_n3", "title", "kind", "period", "armed_forces",
            "stated_reasons", "start_year", "end_year", "source_id"]
    # Words in the reader's language; 'kind' stays a code (the list's colour is read from it).
    table = _words(rows[keep].astype({"start_year": int, "end_year": int}),
                   ["country", "title", "stated_reasons"], "region/interventions")
    table = table.assign(iso_n3=table["iso_n3"].astype(str).str.zfill(3)).merge(
        _label_points(features), on="iso_n3", how="left")
    places = table[["iso_n3", "country", "start_year", "end_year", "label_lon", "label_lat", "align", "on_inset"]]
    counts = alt.Chart(places).transform_filter(active).transform_aggregate(
        n="count()", groupby=["iso_n3", "country", "label_lon", "label_lat", "align", "on_inset"]
    ).transform_lookup(lookup="iso_n3", from_=_geo_lookup(geo), as_="geo")
    def shading(legend: bool):
        return counts.mark_geoshape(aria=False, stroke="#1a1a1a", strokeWidth=0.8).encode(
            shape="geo:G",
            color=alt.Color("n:Q", title=_("Interventions under way"),
                            scale=alt.Scale(scheme="blues", domainMin=0, domainMax=4, clamp=True),
                            legend=alt.Legend(direction="horizontal", gradientLength=180) if legend else None),
            tooltip=[alt.Tooltip("country:N", title=_("Country")), alt.Tooltip("n:Q", title=_("Under way"))])

    def labels(on_inset: bool):
        chosen_rows = counts.transform_filter(f"datum.on_inset == {str(on_inset).lower()}").transform_calculate(
            label="datum.country + ' ' + datum.n")
        layers = []
        for align in ("left", "center", "right"):
            placed = chosen_rows.transform_filter(f"datum.align == '{align}'")
            halo = placed.mark_text(fontSize=12, fontWeight=700, align=align, stroke="white", strokeWidth=4,
                                    strokeJoin="round", aria=False)
            ink = placed.mark_text(fontSize=12, fontWeight=700, align=align, color=theme.TEXT)
            for mark in (halo, ink):
                layers.append(mark.encode(longitude="label_lon:Q", latitude="label_lat:Q", text="label:N"))
        return layers

    def fitted(box: tuple, size: tuple) -> dict:
        return {"type": "mercator", "fit": _box_feature(box), "clipExtent": [[0, 0], list(size)]}

    box_outline = alt.Chart(alt.Data(values=[_box_feature(CARIBBEAN_BOX)])).mark_geoshape(
        aria=False, fill=None, stroke=theme.TEXT, strokeWidth=1, strokeDash=[4, 3])
    year_text = alt.Chart(places).transform_aggregate(rows="count()").mark_text(
        align="left", fontSize=22, fontWeight=700, color=theme.TEXT).encode(
        x=alt.value(8), y=alt.value(18), text=alt.Text("y:N")).transform_calculate(y="'' + year")
    mainland = alt.layer(_geo_layer(geo), shading(True), box_outline, *labels(False), year_text).properties(
        width=MAIN_SIZE[0], height=MAIN_SIZE[1], projection=fitted(MAINLAND_BOX, MAIN_SIZE))
    inset = alt.layer(_geo_layer(geo), shading(False), *labels(True)).properties(
        width=INSET_SIZE[0], height=INSET_SIZE[1], projection=fitted(CARIBBEAN_BOX, INSET_SIZE),
        title=alt.Title(_("Central America and the Caribbean (the dashed box), enlarged"), fontSize=13))
    lines = _listing_lines(table)[["country", "start_year", "end_year", "armed", "line", "order", "part", "indent"]]
    listing = alt.Chart(lines).transform_filter(active).transform_window(
        row="row_number()", sort=[alt.SortField("country"), alt.SortField("start_year"),
                                  alt.SortField("order"), alt.SortField("part")]).mark_text(
        align="left", baseline="top", fontSize=11, limit=INSET_SIZE[0] + 60).encode(
        x=alt.X("indent:Q", axis=None, scale=alt.Scale(domain=[0, INSET_SIZE[0]], range=[0, INSET_SIZE[0]])),
        y=alt.Y("row:O", axis=None),
        text="line:N",
        color=alt.Color("armed:N", title=_("What the US did"),
                        scale=alt.Scale(domain=["yes", "no"],
                                        range=theme.category_colours(["armed_forces_used", "no_armed_forces"])),
                        legend=alt.Legend(labelExpr="datum.value == 'yes' ? '{yes}' : '{no}'".format(
                            yes=_("US armed forces used").replace("'", "\\'"),
                            no=_("No US armed forces (covert, aid, sanctions)").replace("'", "\\'"))))).properties(
        width=INSET_SIZE[0], height=alt.Step(15), title=alt.Title(
            _("Under way that year (colour: were US armed forces used?)"), fontSize=13))
    return alt.hconcat(mainland, alt.vconcat(inset, listing, spacing=14), spacing=16,
                       datasets=datasets).add_params(chosen).properties(**_map_top(
            table, shapes, _("Where was a US intervention under way? Move the slider (1898-{last})").format(
                last=LAST_YEAR),
        [_("Countries shaded and labelled by the number of the table's interventions under way that year."),
         _("The inset enlarges Central America and the Caribbean. An unknown end is drawn for the start year only.")],
        _("Map of Latin America and the Caribbean with a year slider from 1898 to 2026, and an enlarged inset of "
          "Central America and the Caribbean (a dashed box on the main map). Each country with a US intervention "
          "under way that year is shaded and labelled with the count; a list under the inset names each "
          "intervention, its country and its years. Data: region/interventions."))).resolve_scale(
        color="independent")


# ---------------------------------------------------------------- 2. boat strikes
def _strike_points(rows: pd.DataFrame) -> pd.DataFrame:
    """Main rows only (same_strike_as empty), each placed at its sea area's point, spread on
    a small spiral by order so points do not overlap."""
    import math

    main = rows[rows["same_strike_as"].isna() | rows["same_strike_as"].astype(str).eq("")].copy()
    main = main.sort_values(["area", "date"]).reset_index(drop=True)
    main["order"] = main.groupby("area").cumcount()
    lon0 = main["area"].astype(str).map(lambda a: SEA_AREA_POINTS.get(a, (None, None))[0])
    lat0 = main["area"].astype(str).map(lambda a: SEA_AREA_POINTS.get(a, (None, None))[1])
    angle = main["order"] * 2.4
    radius = 0.45 * main["order"].map(math.sqrt)
    main["lon"] = lon0 + radius * angle.map(math.cos)
    main["lat"] = lat0 + radius * angle.map(math.sin)
    first = pd.Timestamp("2025-09-02")
    main["day"] = (pd.to_datetime(main["date"]) - first).dt.days
    main["date_text"] = pd.to_datetime(main["date"]).dt.strftime("%d %b %Y")
    main["area"] = main["area"].astype(str)
    return main


def boat_strikes_map(data=None, through_day: int | None = None):
    """Where and when did the US strike boats? Every announced strike (main rows of
    venezuela/boat_strikes) as a point in its sea area, sized by the people killed, with a
    slider for the days since the first strike. Positions inside each area are not reported:
    the map says so.

    >>> from helpers.maps import boat_strikes_map
    >>> boat_strikes_map().to_dict()["params"][0]["name"]
    'day'
    """
    rows = _strike_points(_table("venezuela/boat_strikes") if data is None else data)
    if rows.empty:
        raise PackError(_("boat_strikes_map() found no strikes to draw."))
    last = int(rows["day"].max())
    chosen = alt.param(name="day", value=last if through_day is None else int(through_day),
                       bind=alt.binding_range(min=0, max=last, step=1,
                                              name=_("Days since the first strike (2 Sept 2025)") + " "))
    shapes = _table("geo/region_countries")
    geo, datasets = _named(_features(shapes, "iso_n3"), "region_countries")
    rows = _words(rows, ["area", "note"], "venezuela/boat_strikes")
    areas = sorted(rows["area"].unique())
    keep = ["strike_id", "date", "date_text", "area", "killed", "survivors", "day", "lon", "lat", "source_id", "note"]
    table = rows[keep]
    points = alt.Chart(table).transform_filter("datum.day <= day").mark_point(
        filled=True, opacity=0.8, stroke="#1a1a1a", strokeWidth=0.6).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("killed:Q", title=_("People killed"), scale=alt.Scale(range=[30, 500])),
        color=alt.Color("area:N", title=_("Sea area (as reported)"),
                        scale=alt.Scale(domain=areas, range=theme.PALETTE[:len(areas)])),
        shape=alt.Shape("area:N", title=_("Sea area (as reported)"),
                        scale=alt.Scale(domain=areas, range=theme.SHAPES[:len(areas)])),
        tooltip=[alt.Tooltip("date_text:N", title=_("Date")), alt.Tooltip("area:N", title=_("Area")),
                 alt.Tooltip("killed:Q", title=_("Killed")), alt.Tooltip("survivors:Q", title=_("Survivors")),
                 alt.Tooltip("source_id:N", title=_("Source"))])
    notes = pd.DataFrame({"lon": [p[0] for p in SEA_AREA_POINTS.values()],
                          "lat": [p[1] - 3.2 for p in SEA_AREA_POINTS.values()],
                          "text": [_("{area}: approximate, reports give only the sea area").format(area=a)
                                   for a in SEA_AREA_POINTS]})
    area_notes = alt.Chart(notes).mark_text(fontSize=11, fontStyle="italic", color=theme.MUTED).encode(
        longitude="lon:Q", latitude="lat:Q", text="text:N")
    # The running line, in the language in use: {day}, {strikes} and {killed} become Vega expressions.
    words = _("Through day {day}: {strikes} strikes, {killed} killed").replace("'", "\\'")
    for name, expression in (("{day}", "day"), ("{strikes}", "datum.strikes"), ("{killed}", "datum.killed")):
        words = words.replace(name, "' + " + expression + " + '")
    tally = alt.Chart(table).transform_filter("datum.day <= day").transform_aggregate(
        strikes="count()", killed="sum(killed)").transform_calculate(
        text="'" + words + "'").mark_text(
        align="left", fontSize=14, fontWeight=600, color=theme.TEXT).encode(
        x=alt.value(8), y=alt.value(16), text="text:N")
    return alt.layer(_geo_layer(geo), points, area_notes, tally, datasets=datasets).add_params(chosen).properties(
        width=620, height=420, **_map_top(
            table, shapes, _("Where and when did the US strike boats in the Caribbean and the eastern Pacific?"),
            _("Each point is one announced strike, sized by the people killed. Positions inside each sea area "
              "are approximate: the reports give only the area, so points are spread for legibility."),
            _("Map of the Caribbean and the eastern Pacific with a slider for days since 2 September 2025. Each "
              "announced US strike on a boat is a point in its reported sea area (circles: Caribbean; squares: "
              "eastern Pacific), sized by the number killed; positions inside an area are not reported. A line "
              "at the top gives the running count of strikes and deaths. Data: venezuela/boat_strikes."))).project(
        type="mercator", center=[-77, 11], scale=1100)


# ---------------------------------------------------------------- 3. coca by department
def _hectares(value) -> str:
    return f"{number(value)} ha"


def coca_map(data=None, year: int = 2019):
    """Where in Colombia was coca grown? Departments shaded and labelled by hectares of coca
    (UNODC/SIMCI figures as reported), with a menu of the years the pack has figures for.
    Departments with no figure that year are pale grey and say so on hover.

    >>> from helpers.maps import coca_map
    >>> coca_map(year=2015).to_dict()["params"][0]["value"]
    2015
    """
    rows = (_table("region/coca_by_department") if data is None else data).copy()
    years = sorted(int(y) for y in rows["year"].unique())
    if year not in years:
        raise PackError(_("coca_map(year=...) has figures for {years}; got {year}.").format(
            years=years, year=repr(year)))
    chosen = alt.param(name="year", value=year,
                       bind=alt.binding_select(options=years, name=_("Survey year") + " "))
    departments = _table("geo/colombia_departments")
    # The San Andrés islands lie 700 km off the coast, outside the fitted frame: drawn, they were
    # a stray dot in the corner (issue 28). They have no coca figure in the pack; a year that
    # gives them one brings them back.
    if not rows["department"].astype(str).str.startswith("San Andrés").any():
        departments = departments[departments["iso_3166_2"] != "CO-SAP"]
    geo, datasets = _named(_features(departments, "name"), "colombia_departments")
    keep = ["figure_id", "department", "year", "value", "unit", "source_id", "locator"]
    table = rows[keep].astype({"year": int})
    # each label names its department (on paper the shading alone does not say which is which)
    # and goes where it clears the others of its year
    centres = {f["properties"]["key"]: (f["properties"]["label_lon"], f["properties"]["label_lat"])
               for f in _features(departments, "name")}
    table = table[table["department"].isin(centres)].copy()
    table["lon"] = table["department"].map(lambda d: centres[d][0])
    table["lat"] = table["department"].map(lambda d: centres[d][1])
    table["label"] = [f"{d}: {_hectares(v)}" for d, v in zip(table["department"], table["value"])]
    table["_side"] = label_sides(table, _features(departments, "name"), 460, 520, font=11, group="year")
    base = alt.Chart(geo).mark_geoshape(
        aria=False, fill=NO_FIGURE, stroke=BORDER, strokeWidth=0.5).encode(
        tooltip=[alt.Tooltip("properties.name:N", title=_("Department"))])
    figures = alt.Chart(table).transform_filter("datum.year == year").transform_lookup(
        lookup="department", from_=_geo_lookup(geo), as_="geo")
    shading = figures.mark_geoshape(aria=False, stroke="#1a1a1a", strokeWidth=0.6).encode(
        shape="geo:G",
        color=alt.Color("value:Q", title=_("Hectares of coca"), scale=alt.Scale(scheme="viridis", reverse=True)),
        tooltip=[alt.Tooltip("department:N", title=_("Department")), alt.Tooltip("year:Q", title=_("Year")),
                 alt.Tooltip("value:Q", title=_("Hectares"), format=","),
                 alt.Tooltip("source_id:N", title=_("Source"))])
    placed = figures.transform_filter("isValid(datum.geo)")  # no label for a name not on the map
    return alt.layer(base, shading, *_side_layers(placed, "label", 11, 700),
                     datasets=datasets).add_params(chosen).properties(
        width=460, height=520, **_map_top(
            table, departments, _("Where in Colombia was coca grown? Hectares by department, as reported"),
            _("UNODC/SIMCI figures quoted in news reports. Pale grey: no figure in the pack that year (not zero)."),
            _("Map of Colombia's departments with a year menu. Departments with a reported figure are shaded "
              "(darker = more hectares) and labelled with the number of hectares; the others are pale grey "
              "because the pack has no figure for them that year. Data: region/coca_by_department."))).project(
        type="mercator")


# ---------------------------------------------------------------- 4. Panama City, December 1989
# Labels that would sit on each other around Panama City (Fort Clayton, the Comandancia and
# Torrijos-Tocumen are a few km apart): each place's label goes where it has room.
PANAMA_PLACEMENTS = {"right": ("left", 10, -8), "left": ("right", -10, -8), "below": ("left", 8, 14),
                     "above": ("left", 8, -16)}
PANAMA_LABELS = {"pa_place_001": "left", "pa_place_005": "below", "pa_place_003": "above"}
def panama_1989_map(data=None):
    """Where were the places of the invasion of Panama? The Comandancia and El Chorrillo, Fort
    Clayton, Torrijos-Tocumen and Río Hato on central Panama's coast, each with what
    happened there. Shape says whether the coordinate is sourced or approximate.

    >>> from helpers.maps import panama_1989_map
    >>> panama_1989_map().to_dict()["description"][:3]
    'Map'
    """
    places = (_table("geo/places_panama_1989") if data is None else data).copy()
    words = {"sourced": _("given by a source"), "approximate": _("approximate")}
    places["coordinate_basis"] = places["coordinate_basis"].astype(str).map(lambda b: words.get(b, b))
    places["label"] = places["name"].where(places["same_place_as"].isna(), "")
    coast = _table("geo/panama_central")
    geo, datasets = _named(_features(coast, "iso_n3"), "panama_central")
    basis = [words["sourced"], words["approximate"]]
    keep = ["place_id", "name", "label", "lat", "lon", "coordinate_basis", "role_in_1989", "source_id", "note"]
    table = places[keep]
    if _translated():  # the places' words, and the legend's, in the reader's language
        basis = [code_words(b, "coordinate_basis") for b in basis]
        table = _words(table.assign(label=table["label"].map(lambda n: n and _place(n))),
                       ["name", "coordinate_basis", "role_in_1989", "note"], "geo/places_panama_1989")
    points = alt.Chart(table).mark_point(filled=True, size=140, stroke="#1a1a1a", strokeWidth=0.8).encode(
        longitude="lon:Q", latitude="lat:Q",
        shape=alt.Shape("coordinate_basis:N", title=_("Coordinate"),
                        scale=alt.Scale(domain=basis, range=["circle", "triangle-up"])),
        color=alt.Color("coordinate_basis:N", title=_("Coordinate"),
                        scale=alt.Scale(domain=basis, range=[theme.PALETTE[0], theme.PALETTE[1]])),
        tooltip=[alt.Tooltip("name:N", title=_("Place")), alt.Tooltip("role_in_1989:N", title=_("December 1989")),
                 alt.Tooltip("coordinate_basis:N", title=_("Coordinate")),
                 alt.Tooltip("source_id:N", title=_("Source")), alt.Tooltip("note:N", title=_("Note"))])
    table = table.assign(placement=table["place_id"].map(lambda p: PANAMA_LABELS.get(p, "right")))
    labels = []
    for placement, (align, dx, dy) in PANAMA_PLACEMENTS.items():
        placed = alt.Chart(table).transform_filter(f"datum.placement == '{placement}'")
        for extra in ({"stroke": "white", "strokeWidth": 4, "strokeJoin": "round", "aria": False},
                      {"color": theme.TEXT}):
            labels.append(placed.mark_text(align=align, dx=dx, dy=dy, fontSize=12, fontWeight=600, **extra).encode(
                longitude="lon:Q", latitude="lat:Q", text="label:N"))
    return alt.layer(_geo_layer(geo, fill="#e9efe4"), points, *labels, datasets=datasets).properties(
        width=620, height=460, **_map_top(
            table, coast, _("Where were the places of the invasion of Panama, December 1989?"),
            _("Circles: a source gives the coordinate; triangle: placed at Panama City's coordinate because no "
              "source read gives El Chorrillo's own. Fort Clayton has two sourced coordinates, about 2 km apart."),
            _("Map of central Panama's Pacific coast. Labelled points mark El Chorrillo and the Comandancia (an "
              "approximate position at Panama City's coordinate, drawn as a triangle), Fort Clayton (two sourced "
              "coordinates), Torrijos-Tocumen airport to the east and Río Hato about 100 km to the south-west. "
              "Data: geo/places_panama_1989."))).project(type="mercator")
