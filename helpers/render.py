"""Drawing Altair charts with no network, in JupyterLab and in HTML handouts.

Altair's default output asks a CDN for Vega. This renderer instead writes an HTML figure:
the chart's spec as inert JSON, a small script that draws it with ``vegaEmbed``, and a
``<figcaption>`` with the chart's source line. The Vega/Vega-Lite/vega-embed bundle from
``vl-convert-python`` travels once per kernel session (in the first chart's output); the
handout builder strips those copies and puts one in the page head.
"""

from __future__ import annotations

import html
import json
import uuid

import altair as alt

RENDERER = "intervention_history"
BUNDLE_START, BUNDLE_END = "<!--ih-bundle-start-->", "<!--ih-bundle-end-->"
_state = {"bundle_sent": False}

MISSING_SOURCE = ("Source not stated. Name it with helpers.with_source(chart, 'table/name') "
                  "so readers can check the figures.")

DRAW_JS = """(function(){var id=%(id)s;function draw(){var el=document.getElementById(id);
if(!el||el.dataset.drawn)return;el.dataset.drawn="1";
var spec=JSON.parse(document.getElementById(id+"-spec").textContent);
window.vegaEmbed(el,spec,{renderer:"svg",actions:false}).then(function(r){
el.setAttribute("data-ih-drawn","true");}).catch(function(e){el.textContent="Chart error: "+e.message;});}
if(window.vegaEmbed){draw();}else{(window.__ihQueue=window.__ihQueue||[]).push(draw);
setTimeout(function(){if(!window.vegaEmbed){document.getElementById(id).textContent=
"The chart library is not loaded in this browser tab (was the page reloaded?). Run "+
"helpers.render.reset() and this cell again, or Kernel > Restart Kernel and Run All Cells.";}},8000);}})();"""


def javascript_bundle() -> str:
    """Vega + Vega-Lite + vega-embed from vl-convert, cached on disk per vl-convert version
    (vl-convert assembles it on each call: about 2 s)."""
    import os
    from pathlib import Path

    import vl_convert

    version = getattr(vl_convert, "__version__", "unknown")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    cached = base / "intervention-history" / f"vega-bundle-{version}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    code = vl_convert.javascript_bundle()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(code, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass  # a read-only home: just recompute next time
    return code


def bundle_script() -> str:
    """The Vega + Vega-Lite + vega-embed JavaScript, once, as a script element."""
    code = javascript_bundle().replace("</script", "<\\/script")
    flush = "(window.__ihQueue||[]).splice(0).forEach(function(f){f();});"
    return f"{BUNDLE_START}<script>{code}\n{flush}</script>{BUNDLE_END}"


def _strict(value):
    """NaN and infinities are not JSON: browsers reject them. Make them null."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strict(v) for v in value]
    return value


def spec_json(spec: dict) -> str:
    """Strict JSON that is safe inside a <script> element (no '</' or '<!--' can close it)."""
    text = json.dumps(_strict(spec), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def figure_html(spec: dict, include_bundle: bool = False) -> str:
    """One chart as a self-drawing HTML figure with its source line under it."""
    meta = spec.get("usermeta", {}) or {}
    source = meta.get("source") or MISSING_SOURCE
    element_id = "ih-chart-" + uuid.uuid4().hex[:12]
    parts = [bundle_script()] if include_bundle else []
    parts.append(
        f'<figure class="ih-chart" tabindex="0">'
        f'<div class="ih-vega" id="{element_id}"></div>'
        f'<script type="application/json" id="{element_id}-spec">{spec_json(spec)}</script>'
        f"<script>{DRAW_JS % {'id': json.dumps(element_id)}}</script>"
        f'<figcaption class="ih-source">{html.escape(source)}</figcaption></figure>'
    )
    return "".join(parts)


def _title_text(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return title or ""


def _renderer(spec: dict, **_options) -> dict:
    include = not _state["bundle_sent"]
    _state["bundle_sent"] = True
    text = f"{_title_text(spec)} ({(spec.get('usermeta') or {}).get('source', '')})"
    return {"text/html": figure_html(spec, include_bundle=include), "text/plain": text}


def chart_output(chart) -> dict:
    """A chart (or its Vega-Lite spec) as a ``display_data`` output for an Output widget,
    without the bundle.

    Skips Altair's schema validation (the pack's chart builders are validated in the tests):
    this is the hot path of widget callbacks.
    """
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": figure_html(spec), "text/plain": _title_text(spec)}}


def bundle_output_once() -> list[dict]:
    """The chart library as an output of its own, the first time a session needs it."""
    if _state["bundle_sent"]:
        return []
    _state["bundle_sent"] = True
    return [{"output_type": "display_data", "metadata": {}, "data": {"text/html": bundle_script()}}]


def reset() -> None:
    """Send the chart library again with the next chart (after reloading the browser tab)."""
    _state["bundle_sent"] = False


def show(chart) -> "alt.TopLevelMixin":
    """Return a chart so the notebook draws it (a readable alias for a bare last line)."""
    return chart


alt.renderers.register(RENDERER, _renderer)
alt.renderers.enable(RENDERER)
