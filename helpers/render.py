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

from .databox import _title, data_box
from .words import Table

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
"helpers.render.reset() and this cell again, or Kernel > Restart Kernel and Run All Cells.";}},8000);}
document.querySelectorAll('a.ih-csv[data-ih-spec="'+id+'-spec"]').forEach(function(a){
a.addEventListener("click",function(){var s=JSON.parse(document.getElementById(id+"-spec").textContent);
var rows=(s.datasets||{})[a.getAttribute("data-ih-dataset")]||[],cols=[];rows.forEach(function(r){
Object.keys(r).forEach(function(k){if(k[0]!=="_"&&cols.indexOf(k)<0)cols.push(k);});});
function c(v){if(v===null||v===undefined)return "";v=String(v);return /[",\\n\\r]/.test(v)?'"'+v.replace(/"/g,'""')+'"':v;}
var text=[cols.map(c).join(",")].concat(rows.map(function(r){return cols.map(function(k){return c(r[k]);}).join(",");})).join("\\r\\n")+"\\r\\n";
a.href=URL.createObjectURL(new Blob([text],{type:"text/csv;charset=utf-8"}));});});})();"""


def _cache_dir():
    import os
    from pathlib import Path

    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "intervention-history"


def _cached(name: str, make) -> str:
    """Text from the on-disk cache, checked against the SHA-256 stored beside it; a missing,
    truncated or altered copy is rebuilt with ``make()`` (and rewritten when possible)."""
    import hashlib
    import os

    path = _cache_dir() / name
    stamp = path.with_name(path.name + ".sha256")
    try:
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == stamp.read_text().strip():
            return text
    except (OSError, UnicodeDecodeError):
        pass
    text = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, content in ((path, text), (stamp, hashlib.sha256(text.encode("utf-8")).hexdigest())):
            partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            partial.write_text(content, encoding="utf-8")
            partial.replace(target)
    except OSError:
        pass  # a read-only home: just recompute next time
    return text


def _vl_version() -> str:
    import vl_convert

    return getattr(vl_convert, "__version__", "unknown")


def javascript_bundle() -> str:
    """Vega + Vega-Lite + vega-embed from vl-convert, cached on disk per vl-convert version
    (vl-convert assembles it on each call: about 2 s). A damaged cache is rebuilt."""
    import vl_convert

    return _cached(f"vega-bundle-{_vl_version()}.js", vl_convert.javascript_bundle)


def _embedded_module(package: str) -> str | None:
    """The module specifier under which vl-convert embeds a package (it names a CDN URL but
    resolves it from the copy inside vl-convert: nothing is downloaded)."""
    import re
    from pathlib import Path

    import vl_convert

    for path in Path(vl_convert.__file__).parent.glob("*.so"):
        found = re.search(rb"/npm/" + re.escape(package.encode()) + rb"@(\d+\.\d+\.\d+)/\+esm",
                          path.read_bytes())
        if found:
            return f"https://cdn.jsdelivr.net/npm/{package}@{found.group(1).decode()}/+esm"
    return None


def _make_vega_only() -> str:
    """Vega, with its expression interpreter where vl-convert carries it, so a page can run
    charts under a Content-Security-Policy without 'unsafe-eval'."""
    import vl_convert

    vega, interpreter = _embedded_module("vega"), _embedded_module("vega-interpreter")
    snippets = []
    if vega and interpreter:
        snippets.append(f'import * as VegaModule from "{vega}";\n'
                        f'import {{expressionInterpreter}} from "{interpreter}";\n'
                        "window.vega = Object.assign({}, VegaModule, {expressionInterpreter});\n")
    if vega:
        snippets.append(f'import * as VegaModule from "{vega}";\nwindow.vega = VegaModule;\n')
    for snippet in snippets:
        try:
            return vl_convert.javascript_bundle(snippet=snippet)
        except BaseException as error:  # vl-convert's bundler panics (not an Exception) on failure
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                raise
    # Fallback: the whole bundle, whose vega-embed carries Vega (0.9 MB instead of 0.59 MB).
    return vl_convert.javascript_bundle(snippet="window.vega = vegaEmbed.vega;\n")


def vega_only() -> str:
    """Vega alone (0.59 MB, against 0.90 MB with Vega-Lite and vega-embed): what a handout
    needs, since its charts are compiled to Vega when it is built."""
    return _cached(f"vega-only-2-{_vl_version()}.js", _make_vega_only)


def packed_vega() -> tuple[str, str]:
    """(Vega's code, the same DEFLATE-compressed in base64): about 0.27 MB in a page."""
    import base64
    import zlib

    code = vega_only()
    packed = _cached(f"vega-only-2-{_vl_version()}.deflate.b64",
                     lambda: base64.b64encode(zlib.compress(code.encode("utf-8"), 9)).decode("ascii"))
    try:
        if zlib.decompress(base64.b64decode(packed)).decode("utf-8") != code:
            raise ValueError("stale")
    except Exception:  # the packed copy does not unpack to the code: rebuild it
        (_cache_dir() / f"vega-only-2-{_vl_version()}.deflate.b64.sha256").unlink(missing_ok=True)
        packed = base64.b64encode(zlib.compress(code.encode("utf-8"), 9)).decode("ascii")
    return code, packed


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
    """One chart as a self-drawing HTML figure, with its data box (what is shown, unit,
    sources with dates, as of, how processed, whether sources disagree, the data as CSV, how
    to cite it) under it."""
    meta = spec.get("usermeta", {}) or {}
    source = meta.get("source") or MISSING_SOURCE
    element_id = "ih-chart-" + uuid.uuid4().hex[:12]
    parts = [bundle_script()] if include_bundle else []

    parts.append(
        f'<figure class="ih-chart" tabindex="0">'
        f'<div class="ih-vega" id="{element_id}" data-ih-spec="{element_id}-spec"></div>'
        f'<script type="application/json" id="{element_id}-spec">{spec_json(spec)}</script>'
        f"<script>{DRAW_JS % {'id': json.dumps(element_id)}}</script>"
        f'<figcaption><p class="ih-source">{html.escape(source)}</p>'
        f"{data_box(spec, element_id)}</figcaption></figure>"
    )
    return "".join(parts)


def _title_text(spec: dict) -> str:
    return _title(spec)


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


def show(item):
    """Show a chart or a table as a reader should see it. A chart is returned as it is (the
    notebook draws it); a table (DataFrame or Series) comes back with its headings in words
    over the column names, its codes and text in the language in use and no column of row
    numbers. Code keeps working with the table itself: ``show(table).frame``.

    >>> import pandas as pd
    >>> "Estimated by" in show(pd.DataFrame({"estimated_by": ["AP"]}))._repr_html_()
    True
    """
    import pandas as pd

    if isinstance(item, (pd.DataFrame, pd.Series)):
        return Table(item)
    return item


alt.renderers.register(RENDERER, _renderer)
alt.renderers.enable(RENDERER)
