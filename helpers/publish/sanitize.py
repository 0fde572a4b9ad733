"""The lessons' markdown, as written by an author or a translator, cleaned before it reaches a
handout: an allow-list sanitiser (nh3, the Python binding of the Rust crate ammonia) keeps what
lessons use (headings, paragraphs, emphasis, lists, tables, quotes, code, links, details) and
removes everything else: scripts, styles, meta, frames, embeds, objects, forms, images, event
handlers and any link that is not http(s), mailto or within the pack. When it removes markup,
the build says so in one line that names the file (the lesson's notebook and cell, or the
translation catalogue and entry) so that its contributor can fix it.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from html.parser import HTMLParser

import nh3
from jinja2 import pass_context

TAGS = set(nh3.ALLOWED_TAGS) - {"img", "area", "map"}  # no images: a handout loads nothing
ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items() if tag in TAGS}
ATTRIBUTES["*"] = {"lang", "title", "class"}
ATTRIBUTES["a"] = {"href", "hreflang"}  # nbconvert's heading anchors carry class="anchor-link"
for _level in range(1, 7):
    ATTRIBUTES[f"h{_level}"] = {"id"}  # nbconvert gives headings an id from their text
for _cell in ("th", "td"):
    ATTRIBUTES[_cell] = ATTRIBUTES.get(_cell, set()) | {"style"}  # a markdown table's alignment
STYLES = {"text-align"}
SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
PACK = "ih-"  # the pack's own ids and classes, which handout.js looks for: never from a lesson


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        return None if value.startswith(PACK) else value
    if name == "class":
        kept = [word for word in value.split() if not word.startswith(PACK)]
        return " ".join(kept) or None
    return value


def clean(markup: str) -> str:
    """``markup`` with only the allowed elements, attributes and links."""
    return nh3.clean(markup, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_attribute,
                     url_schemes=SCHEMES, link_rel=None, strip_comments=True,
                     filter_style_properties=STYLES)


class _Parts(HTMLParser):
    """What markup holds, as counted parts: each element, each attribute, each link's scheme."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.parts[f"<{tag}>"] += 1
        for name, value in attrs:
            value = value or ""
            if name == "class":
                self.parts.update(f'class="{word}"' for word in value.split())
            elif name == "id" and value.startswith(PACK):
                self.parts[f'id="{value}"'] += 1
            elif name in ("href", "src", "action", "formaction", "xlink:href"):
                scheme = SCHEME.match(value)
                self.parts[f"{name}={scheme.group(1).lower()}:" if scheme else f"{name}= (on <{tag}>)"] += 1
            elif name == "style":
                self.parts[f'style="{"".join(value.split()).rstrip(";")}"'] += 1
            else:
                self.parts[f"{name}= (on <{tag}>)"] += 1

    handle_startendtag = handle_starttag


def _parts(markup: str) -> Counter:
    parser = _Parts()
    parser.feed(markup)
    parser.close()
    return parser.parts


def removed(markup: str, cleaned: str) -> list[str]:
    """What the sanitiser took out of ``markup``, named briefly (e.g. '<script>', 'onerror=')."""
    gone = list(dict.fromkeys(_parts(markup) - _parts(cleaned)))
    # an element that is gone takes its attributes with it: name the element only
    return [part for part in gone if not (part.endswith(">)") and part[part.rindex("(on ") + 4:-1] in gone)]


# ----------------------------------------------------------------------------- in the build
_SAID: set[str] = set()


def origin(notebook, stem: str) -> dict:
    """Where a lesson's markdown cells come from: its notebook, or for a translated lesson the
    catalogue that translated each cell (see translate.translated_notebook)."""
    translation = notebook.metadata.get("intervention_history", {}).get("translation") or {}
    return {"notebook": f"lessons/{stem}.ipynb", "catalogue": translation.get("catalogue") or "",
            "translated": set(translation.get("translated_cells") or ())}


def where(source: dict | None, cell_id: str) -> str:
    """'lessons/locale/es/LC_MESSAGES/01_panama_1989.po, msgctxt "c001"' or
    'lessons/01_panama_1989.ipynb, cell c001'."""
    source = source or {}
    if source.get("catalogue") and cell_id.startswith("lang-"):
        return f"{source['catalogue']} (its header: Last-Translator)"
    if source.get("catalogue") and cell_id in source.get("translated", ()):
        return f'{source["catalogue"]}, msgctxt "{cell_id}"'
    return f"{source.get('notebook') or 'a lesson'}, cell {cell_id}"


def report(place: str, gone: list[str]) -> None:
    """One line in the build's output, once per build for each place."""
    line = (f"{place}: markup removed from the handout: {', '.join(gone[:8])}"
            f"{' …' if len(gone) > 8 else ''}. A lesson's text is markdown (links, emphasis, lists, "
            "tables); scripts, styles, meta, frames, forms and images are never published. Fix the "
            "text there.")
    if line not in _SAID:
        _SAID.add(line)
        print(line, file=sys.stderr, flush=True)


# A pandas Styler's table, as a lesson's code output: its own elements and pandas' stylesheet stay,
# markup from data (which helpers.data.styler_html escapes in the kernel) never does.
STYLER = re.compile(r'<table id="T_')
TABLE_TAGS = {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
              "style", "span", "div", "br", "a"}
TABLE_ATTRIBUTES = {"*": {"id", "class", "title"}, "th": {"colspan", "rowspan", "scope"},
                    "td": {"colspan", "rowspan"}, "a": {"href"}, "style": {"type"}}


def clean_table(markup: str) -> str:
    return nh3.clean(markup, tags=TABLE_TAGS, clean_content_tags={"script"},
                     attributes=TABLE_ATTRIBUTES, attribute_filter=_attribute, url_schemes=SCHEMES,
                     link_rel=None, strip_comments=True)


def clean_styled_tables(notebook, source: dict | None = None) -> None:
    """Every styled table among a lesson's outputs, cleaned in place; the build names the cell."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            markup = data.get("text/html")
            markup = "".join(markup) if isinstance(markup, list) else markup
            if not markup or not STYLER.search(markup):
                continue
            cleaned = clean_table(markup)
            gone = removed(markup, cleaned)
            if gone:
                report(where({**(source or {}), "catalogue": ""}, str(cell.get("id", "?")))
                       + " (a styled table's output)", gone)
            data["text/html"] = cleaned


def _markdown_filter(context, markup: str, cell=None) -> str:
    """The Jinja filter the handout template runs on each rendered markdown cell."""
    cleaned = clean(markup)
    gone = removed(markup, cleaned)
    if gone:
        resources = context.get("resources") or {}
        report(where(resources.get("ih_origin"), str((cell or {}).get("id", "?"))), gone)
    return cleaned


markdown_filter = pass_context(_markdown_filter)
