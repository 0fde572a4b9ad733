"""The handouts as a small offline site (issue 28): a way around every page, and search that
works from a USB stick.

**Navigation.** After a language's lessons are rendered, every lesson page gets a block (a
``<nav>`` before ``<main>``): a search box, links to the index, glossary and about pages, the
lesson's contents (its parts, and under each part its documents and exercises) and the previous
and next lesson; a second, short block before the footer repeats previous and next. On a wide
screen the block is a sidebar that stays in view; on a phone it sits above the lesson, folded.
A learner page links learner pages only (``index.html``, ``search.html``, the other lessons'
learner editions); a facilitator page links facilitator pages (``facilitator.html``,
``search.facilitator.html``). The glossary and about pages belong to both. The block is written
between two markers, so a rebuild replaces it (``rewrite_page`` keeps the page's stamp true).

**Search.** One search page per language and edition (``search.html`` for learners,
``search.facilitator.html`` for facilitators), holding a prebuilt index of every place of that
edition's pages: each lesson page cut into places (a cell, a heading, a document card, an
exercise, a glossary entry), each with the link to it, a label and its words. The learner index
is built from learner pages (and the index, glossary and about pages) only, so no
facilitator-only text can be in it. The index is a DEFLATE-packed data block inside the search
page (never executed, so it needs no place in the Content-Security-Policy); handout.js unpacks
it and searches it.

Why a page and a data block, not a shared ``search.js``: Chromium refuses a ``<script src
integrity=...>`` read from ``file://`` ("the resource requires the request to be CORS enabled to
check the integrity"), and a CSP hash allows an outside script only through that integrity
check, so such a file cannot run from a USB stick under the pack's policy. Why the pack's own
index rather than Lunr or MiniSearch: the index must be data, not code, so a library's index
would be rebuilt in the browser (MiniSearch) or prebuilt by a port (lunr.py) at several times
the size of the words themselves; and their stemmers are English-only. The words themselves,
folded to lower case without accents and scanned, are the smallest index that finds every
place a name appears, in any of the three languages, in a few milliseconds.
"""

from __future__ import annotations

import base64
import html
import json
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path

from .export import file_name
from .index import page_html
from .navigation import INDEX_PAGE, SEARCH_PAGE, js_words, site_links, words  # noqa: F401 (js_words: read from here too)
from .pages import rewrite_page, write_atomic

E = html.escape
MARK, END = "<!--ih-site-->", "<!--/ih-site-->"
PAGER_MARK, PAGER_END = "<!--ih-pager-->", "<!--/ih-pager-->"
SEARCH_TARGET_MB = 0.5  # issue 28: a shared search page per language and edition
FRONT = ("index.html", "glossary.html", "about.html")  # read into the learner index
LESSON_PAGE = re.compile(r"^(\d\d[a-z]?_[a-z0-9_]+?)(\.facilitator)?\.html$")


SKIP_TAGS = {"script", "style", "nav", "svg", "footer", "template", "noscript", "select",
             "button", "textarea", "head", "title"}
SKIP_CLASSES = {"ih-code", "ih-print-only", "ih-banner", "anchor-link", "ih-source-code",
                "ih-pager", "ih-languages", "ih-site"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
BLOCK = {"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
         "blockquote", "article", "section", "figcaption", "pre", "table", "ul", "ol", "dl",
         "header", "details", "summary", "br", "figure", "caption"}
HEADINGS = ("h1", "h2", "h3")
BREAK = "\x00"  # between blocks: a place's words are kept as its blocks' words


class _Reader(HTMLParser):
    """A built page read once: its places (for search) and its outline (for the contents).

    A place starts at an element with an id that is a cell, a document card (``article``), an
    exercise (``section``) or a listed lesson (``li``), and ends with it; a heading or a glossary
    term (``dt``) with an id starts a place that runs to the next one, or to the end of the
    element holding it. The
    words inside, outside any inner place, are the place's words. What a reader does not see as
    the page's text is left out: scripts, styles, folded code, what only prints, hidden parts,
    navigation, the banner and footer, chart drawings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, int | None]] = []  # (tag, skipping, places open before)
        self.places: dict[str, dict] = {}
        self.order: list[str] = []
        self.current: list[str] = []  # open places, innermost last
        self.heads = {"h1": "", "h2": "", "h3": ""}
        self.capture: list | None = None  # [kind, id, words] of a heading or card title being read
        self.outline: list[dict] = []  # parts (h2), each with its h3s (exercises...) and documents
        self.runs: set[str] = set()  # places that run on after their element ends (headings, terms)

    def _label(self) -> str:
        return " \u203a ".join(t for t in (self.heads["h2"], self.heads["h3"]) if t) or self.heads["h1"]

    def _place(self, ident: str) -> None:
        if ident not in self.places:
            self.places[ident] = {"id": ident, "label": self._label(), "text": []}
            self.order.append(ident)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skipping = (bool(self.stack) and self.stack[-1][1]) or tag in SKIP_TAGS \
            or bool(classes & SKIP_CLASSES) or "hidden" in attrs
        ident = attrs.get("id")
        before = None
        if not skipping and ident:
            if tag in HEADINGS or tag == "dt":
                self._place(ident)
                self.capture = [tag, ident, []]
                if self.current and self.current[-1] in self.runs:
                    self.current[-1] = ident  # after a heading or a term: the next one's turn
                elif tag == "dt" and self.current:
                    self.current.append(ident)  # a list of terms: each runs to the next
                elif self.current:
                    self.current[-1] = ident  # the rest of the holding element is the heading's
                else:
                    self.current.append(ident)
                self.runs.add(ident)
            elif tag in ("article", "section", "li") or "jp-Cell" in classes:
                self._place(ident)
                before = len(self.current)
                self.current.append(ident)
                if tag == "article" and "ih-document" in classes:
                    self.capture = ["doc", ident, []]
        if tag == "h4" and self.capture and self.capture[0] == "doc" and "ih-doc-title" in classes:
            self.capture = ["doctitle", self.capture[1], []]
        if tag in VOID:
            if tag == "br" and not skipping:
                self._text(" ")
            return
        self.stack.append((tag, skipping, before))
        if not skipping and tag in BLOCK:
            self._text(BREAK)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for depth in range(len(self.stack) - 1, -1, -1):  # up to the matching tag: a guard only
            if self.stack[depth][0] == tag:
                break
        else:
            return
        while len(self.stack) > depth:
            name, skipping, before = self.stack.pop()
            if not skipping and name in BLOCK:
                self._text(BREAK)
            if self.capture and name == self.capture[0] and name in HEADINGS:
                self._heading(*self.capture)
                self.capture = None
            elif self.capture and name == self.capture[0] == "dt":
                self.places[self.capture[1]]["label"] = " ".join("".join(self.capture[2]).split())
                self.capture = None
            elif self.capture and self.capture[0] == "doctitle" and name == "h4":
                self._document(self.capture[1], " ".join("".join(self.capture[2]).split()))
                self.capture = None
            if before is not None:
                del self.current[before:]

    def handle_data(self, data):
        if self.stack and self.stack[-1][1]:
            return
        self._text(data)
        if self.capture is not None:
            self.capture[2].append(data)

    def _text(self, data: str) -> None:
        if self.current:
            self.places[self.current[-1]]["text"].append(data)

    def _heading(self, tag: str, ident: str, parts: list[str]) -> None:
        text = " ".join("".join(parts).split())
        self.heads[tag] = text
        if tag == "h1":
            self.heads["h2"] = self.heads["h3"] = ""
        elif tag == "h2":
            self.heads["h3"] = ""
            self.outline.append({"id": ident, "text": text, "items": []})
        elif self.outline:
            self.outline[-1]["items"].append({"id": ident, "text": text})
        self.places[ident]["label"] = self._label() if tag != "h1" else text

    def _document(self, ident: str, title: str) -> None:
        self.places[ident]["label"] = title
        if self.outline:
            self.outline[-1]["items"].append({"id": ident, "text": title, "document": True})


def read_page(text: str) -> _Reader:
    """A built page's places and outline (scripts and styles cut first: they are most of it)."""
    text = re.sub(r"<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>", "", text, flags=re.S)
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader


def places(text: str) -> list[dict]:
    """The places of a built page in page order: ``{"id", "label", "blocks"}``, where blocks
    are the words of its paragraphs, list items, table cells... (a place without words is
    left out). Blocks, not one text, so that the index stores a block repeated across pages
    (a source in several bibliographies, a quotation in a card and a table) once."""
    return _places(read_page(text))


def _places(reader: _Reader) -> list[dict]:
    found = []
    for ident in reader.order:
        place = reader.places[ident]
        blocks = [" ".join(block.split()) for block in "".join(place["text"]).split(BREAK)]
        blocks = [block for block in blocks if block]
        if blocks:
            found.append({"id": ident, "label": place["label"], "blocks": blocks})
    return found


# ---------------------------------------------------------------------------- navigation
def _title(page_text: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page_text, re.S)
    return html.unescape(found.group(1)).strip() if found else ""


def lesson_nav(outline: list[dict], which: str, previous: tuple[str, str] | None,
               following: tuple[str, str] | None) -> str:
    """The block before a lesson page's ``<main>``: search, front pages, contents, previous/next."""
    w = words()
    items = []
    for part in outline:
        inner = "".join(
            f'<li class="{"ih-toc-doc" if item.get("document") else "ih-toc-item"}">'
            f'<a href="#{E(item["id"])}">'
            f'{E((w["document"] + " ") if item.get("document") else "")}{E(item["text"])}</a></li>'
            for item in part["items"])
        items.append(f'<li><a href="#{E(part["id"])}">{E(part["text"])}</a>'
                     + (f"<ol>{inner}</ol>" if inner else "") + "</li>")
    contents = (f'<details class="ih-toc"><summary>{E(w["contents"])}</summary>'
                f'<ol>{"".join(items)}</ol></details>') if items else ""
    return (f'{MARK}<nav class="ih-site" aria-label="{E(w["site"])}">{site_links(which)}{contents}'
            f"{_pager(previous, following, inside=True)}</nav>{END}")


def _pager(previous, following, inside: bool = False) -> str:
    w = words()
    links = []
    if previous:
        links.append(f'<a rel="prev" href="{E(previous[0])}"><span>{E(w["previous"])}</span> {E(previous[1])}</a>')
    if following:
        links.append(f'<a rel="next" href="{E(following[0])}"><span>{E(w["next"])}</span> {E(following[1])}</a>')
    if not links:
        return ""
    if inside:
        return f'<p class="ih-pager">{"".join(links)}</p>'
    return (f'{PAGER_MARK}<nav class="ih-pager" aria-label="{E(w["pager"])}">{"".join(links)}</nav>{PAGER_END}')


def _put(text: str, block: str, mark: str, end: str, before: str) -> str:
    """``block`` in place of the one between ``mark`` and ``end``, else just before ``before``."""
    text = re.sub(re.escape(mark) + ".*?" + re.escape(end), "", text, flags=re.S)
    if not block:
        return text
    at = text.find(before)
    return text if at < 0 else text[:at] + block + text[at:]


def add_navigation(out: Path, lessons: list[dict], read: dict | None = None) -> int:
    """Put the navigation block on every lesson page in ``out`` (``lessons``: the index's
    dicts with ``stem`` and ``title``, in order); return how many pages changed. ``read``
    collects each page's places on the way (file name -> places), for the search index."""

    changed = 0
    built = [info for info in lessons if (out / file_name(info["stem"], "learner")).exists()]
    for number, info in enumerate(built):
        for which in ("learner", "facilitator"):
            page = out / file_name(info["stem"], which)
            if not page.exists():
                continue
            text = page.read_text(encoding="utf-8")
            before = built[number - 1] if number else None
            after = built[number + 1] if number + 1 < len(built) else None
            previous = (file_name(before["stem"], which), before["title"]) if before else None
            following = (file_name(after["stem"], which), after["title"]) if after else None
            reader = read_page(text)
            if read is not None:
                read[page.name] = _places(reader)
            block = lesson_nav(reader.outline, which, previous, following)
            text = _put(text, block, MARK, END, "<main>")
            text = _put(text, _pager(previous, following), PAGER_MARK, PAGER_END, '<footer class="ih-footer">')
            changed += rewrite_page(page, text)
    return changed


# ---------------------------------------------------------------------------- search
def search_data(out: Path, lessons: list[dict], which: str, read: dict | None = None) -> dict:
    """The index of one edition: its pages ``[file, title]``, its blocks of words (each once),
    and its places ``[page, id, label, block numbers]``. Learner: learner pages and the index,
    glossary and about pages; facilitator: facilitator pages, the facilitators' index, the
    glossary and about pages."""

    files = [file_name(info["stem"], which) for info in lessons]
    files += [INDEX_PAGE[which], "glossary.html", "about.html"]
    pages, rows, blocks, numbers = [], [], [], {}
    for name in files:
        path = out / name
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        found = (read or {}).get(name)
        if found is None:
            found = places(text)
        if not found:
            continue
        page = len(pages)
        pages.append([name, _title(text)])
        for place in found:
            refs = []
            for block in place["blocks"]:
                if block not in numbers:
                    numbers[block] = len(blocks)
                    blocks.append(block)
                refs.append(numbers[block])
            rows.append([page, place["id"], place["label"], refs])
    return {"v": 2, "pages": pages, "blocks": blocks, "places": rows}


def place_text(data: dict, place: list) -> str:
    """A place's words as the search reads them (its blocks, one space apart)."""
    return " ".join(data["blocks"][number] for number in place[3])


def pack(data: dict) -> str:
    """The index as the page carries it: JSON, DEFLATE, base85 (a quarter smaller than base64;
    no '/' in its alphabet, so it cannot close its script element). handout.js decodes it and
    unpacks it with the browser's DecompressionStream, as it unpacks the chart library."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b85encode(zlib.compress(raw, 9)).decode("ascii")


def unpack(page_text: str) -> dict:
    """The index inside a built search page (for tests and the bench)."""
    found = re.search(r'<script[^>]*id="ih-search-packed"[^>]*>(.*?)</script>', page_text, re.S)
    if not found:
        raise ValueError("no search index in this page")
    return json.loads(zlib.decompress(base64.b85decode(found.group(1))).decode("utf-8"))


def write_search(out: Path, lessons: list[dict], which: str, read: dict | None = None) -> Path:
    """search.html or search.facilitator.html in ``out``, with its index."""
    import sys

    w = words()
    data = search_data(out, lessons, which, read)
    body = (f'<h1>{E(w["search_title"])}</h1><p class="ih-howto">{E(w["search_intro"])}</p>'
            f'<div id="ih-search-results" class="ih-search-results" aria-live="polite"></div>'
            f'<noscript><p>{E(w["no_script"])}</p></noscript>'
            f'<script type="application/octet-stream" id="ih-search-packed" data-format="deflate" '
            f'data-encoding="base85">'
            f"{pack(data)}</script>")
    path = out / SEARCH_PAGE[which]
    text = page_html(f'{w["search_title"]} · Intervention History', body, which=which,
                     current=SEARCH_PAGE[which], script=True)
    size = len(text.encode("utf-8")) / 1e6
    if size > SEARCH_TARGET_MB:
        print(f"  Warning: {path.name} is {size:.2f} MB, over the {SEARCH_TARGET_MB} MB target for a "
              "search page: the pages it indexes hold more words than it can carry.",
              file=sys.stderr, flush=True)
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old != text:
        write_atomic(path, text)
    return path


def finish(out: Path, lessons: list[dict]) -> None:
    """Navigation on every lesson page, then one search page per edition (after the pages are
    final, so the index holds what they show)."""
    read: dict = {}
    add_navigation(out, lessons, read)
    for which in ("learner", "facilitator"):
        write_search(out, lessons, which, read)
