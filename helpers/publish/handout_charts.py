"""A chart as a handout draws it: its spec compiled to Vega in Python (the page carries no
compiler), its title as words of the page, its width reflowing on a phone, the data box under it.

>>> chart_for_handout("<p>no chart here</p>")
'<p>no chart here</p>'
"""

from __future__ import annotations

import html
import json
import re
import uuid

from ..databox import data_box
from ..render import MISSING_SOURCE, spec_json


def chart_for_handout(output_html: str) -> str:
    """Each chart figure in an output, rebuilt as the handout draws it: the spec compiled to
    Vega, the data box under it, and no inline script (handout.js draws every chart). Rebuilt
    from the spec, so handouts follow this module even when the executed notebook is older."""
    def rebuild(figure):
        found = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', figure.group(0), re.S)
        if not found:
            return figure.group(0)
        spec = json.loads(found.group(1))
        element_id = "ih-chart-" + uuid.uuid4().hex[:12]
        source = (spec.get("usermeta") or {}).get("source") or MISSING_SOURCE
        drawn, fits = reflowing(spec)
        heading, drawn = title_html(drawn)
        return (f'<figure class="ih-chart">{heading}<div class="ih-vega" id="{element_id}" '
                f'data-ih-spec="{element_id}-spec" data-ih-width="{"fit" if fits else "fixed"}"></div>'
                f'<script type="application/json" id="{element_id}-spec">{spec_json(to_vega(drawn))}</script>'
                f'<figcaption><p class="ih-source">{html.escape(source)}</p>'
                f"{data_box(spec, element_id)}</figcaption></figure>")

    return re.sub(r'<figure class="ih-chart".*?</figure>', rebuild, output_html, flags=re.S)


COMPOSED = ("hconcat", "vconcat", "concat", "facet", "repeat")


def title_html(spec: dict) -> tuple[str, dict]:
    """A chart's title and subtitle as words of the page above the drawing (issue 28): they
    wrap on a phone instead of running out of the picture, and the search finds them. Returns
    (the HTML, the spec without its title)."""
    title = spec.get("title") if isinstance(spec, dict) else None
    if not title:
        return "", spec
    if isinstance(title, dict):
        text, subtitle = title.get("text"), title.get("subtitle")
    else:
        text, subtitle = title, None

    def words(value) -> str:
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        return html.escape(str(value or "").strip(), quote=False)

    if not words(text):
        return "", spec
    spec = {key: value for key, value in spec.items() if key != "title"}
    sub = f'<span class="ih-chart-subtitle">{words(subtitle)}</span>' if words(subtitle) else ""
    return f'<p class="ih-chart-title"><strong>{words(text)}</strong>{sub}</p>', spec


def reflowing(spec: dict) -> tuple[dict, bool]:
    """A chart of one view (layers allowed) drawn to the width of its box (issue 28): Vega-Lite's
    ``width: "container"``, so on a phone its words keep their size and the plot narrows, and
    on a screen it takes the column's width up to a cap (handout.css). A chart of several views
    (panels, a map beside a list) keeps its size: its box scrolls sideways on a phone, and its
    data box offers the rows as a table. Returns (spec, whether it reflows)."""
    if not isinstance(spec, dict) or any(key in spec for key in COMPOSED) \
            or "vega-lite" not in str(spec.get("$schema", "")):
        return spec, False
    if spec.get("projection") or any(isinstance(layer, dict) and layer.get("projection")
                                     for layer in spec.get("layer", [])):
        return spec, False  # a map keeps its shape (its projection is fitted to its size)
    if isinstance(spec.get("width"), dict):
        return spec, False  # a grid of cells a step wide (a coded table) keeps its cells' width
    spec = dict(spec)
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    # a legend's words wrap nowhere: they stop (with an ellipsis) inside a narrow drawing (the
    # theme puts legends under the plot, from its left edge: the plot's width, less the symbol)
    config = dict(spec.get("config") or {})
    config["legend"] = {**(config.get("legend") or {}),
                        "labelLimit": {"expr": "max(80, width - 24)"}}
    spec["config"] = config
    return spec, True


def to_vega(spec: dict) -> dict:
    """A Vega-Lite spec compiled to Vega (the page then needs only Vega)."""
    import vl_convert

    schema = str(spec.get("$schema", ""))
    if "vega-lite" not in schema:
        return spec
    version = re.search(r"/v(\d+)\.(\d+)", schema)
    wanted = f"{version.group(1)}.{version.group(2)}" if version else None
    known = set(vl_convert.get_vegalite_versions())
    return vl_convert.vegalite_to_vega(spec, vl_version=wanted if wanted in known else None)
