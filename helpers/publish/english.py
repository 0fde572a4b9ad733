"""English a reader sees on a Spanish or Portuguese page: the measure of a translation that
counts, since a catalogue can be complete while the pages are not.

What a reader sees is read from a built page as a person meets it: its visible text (not
scripts, styles or folded code), the words in its charts (each chart drawn offline with
vl-convert, as the page draws it: titles, axes, legends, marks) with their menus and tooltips.
Words a page marks as not its own are left out: anything inside an element with another
``lang`` (quotations kept in their original language, English terms in brackets, source
titles), ``<cite>`` (titles as published), ``<code>`` (identifiers a learner types) and
``translate="no"``.

Two checks use it (``tests/test_english_on_pages.py``, and ``python -m helpers translate
status``): the strings a language review found (``tests/fixtures/english_review.tsv``) must be
gone or stand in the allow-list with their reason (``tests/fixtures/english_allowed.tsv``), and a
word list of English function words catches English that is new.
"""

from __future__ import annotations

import base64
import csv
import functools
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
REVIEW = FIXTURES / "english_review.tsv"
ALLOWED = FIXTURES / "english_allowed.tsv"
PENDING = FIXTURES / "english_pending.tsv"

# English words that are not also Spanish or Portuguese words ("a", "no", "as", "has", "me"
# are left out), and the function words of the page's own language.
ENGLISH = frozenset(
    "the of and with which that this from was were are been their they it its is by for to not "
    "be or an at on have who what when how would could should will there after before between "
    "about than into over only also these those other such while where whose because".split())
LOCAL = {
    "es": frozenset("de la el los las que en y del por con para una un se su no es al lo como más "
                    "sus fue son entre sin sobre también hasta desde cuando donde quién qué".split()),
    "pt": frozenset("de da do das dos que em e o a os as um uma para com por se no na não é ao "
                    "como mais seu sua foi são entre sem sobre também até desde quando onde quem".split()),
}
SKIP_TAGS = frozenset({"script", "style", "pre", "code", "cite", "noscript", "template", "svg",
                       "kbd", "samp", "head"})
SKIP_CLASSES = frozenset({"ih-source-code", "ih-url", "ih-languages"})
BLOCKS = frozenset({"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
                    "caption", "figcaption", "summary", "label", "button", "option", "blockquote",
                    "div", "section", "article", "header", "footer", "nav", "main", "body",
                    "title", "legend", "ul", "ol", "table", "tr", "details", "form", "figure",
                    "dl", "br", "thead", "tbody"})
PLACES = (("ih-answer-key", "answer key"), ("ih-answer-sheet", "answer sheet"),
          ("ih-glossary", "glossary"), ("ih-document", "document card"),
          ("ih-databox", "chart data box"), ("ih-source", "source line"),
          ("ih-exercise", "exercise"))
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|‘[^’]*’|(?<![\w])'[^']{2,}?'(?![\w])")
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Segment:
    """A piece of text a reader sees on a page, and where."""
    page: str
    where: str
    text: str


# ---------------------------------------------------------------- reading a page
def _skipped(tag, language: str) -> bool:
    if tag.name in SKIP_TAGS or tag.has_attr("hidden"):
        return True
    lang = tag.get("lang")
    if lang and tag.name != "html" and not str(lang).lower().startswith(language):
        return True
    if str(tag.get("translate", "")).lower() == "no":
        return True
    return bool(SKIP_CLASSES & set(tag.get("class") or []))


def _where(tag) -> str:
    for parent in [tag, *tag.parents]:
        classes = " ".join(parent.get("class") or []) if hasattr(parent, "get") else ""
        for mark, place in PLACES:
            if mark in classes:
                return place
        if parent.name in ("th",):
            return "table heading"
        if parent.name in ("td",):
            return "table cell"
        if parent.name == "nav":
            return "navigation"
    return "page"


def visible_segments(page_html: str, page: str, language: str) -> list[Segment]:
    """The text blocks of a page a reader sees, in the page's language or not."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(page_html, "html.parser")
    found: list[Segment] = []
    buffer: list[str] = []
    owner = [soup]

    def flush():
        text = re.sub(r"\s+", " ", "".join(buffer)).strip()
        buffer.clear()
        if text and re.search(r"[A-Za-zÀ-ÿ]", text):
            found.append(Segment(page, _where(owner[0]), text))

    def walk(node):
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"):
                    continue
                buffer.append(str(child))
            elif isinstance(child, Tag):
                if _skipped(child, language):
                    buffer.append(" ")
                    continue
                for attribute in ("aria-label", "alt", "placeholder"):
                    if child.get(attribute):
                        found.append(Segment(page, "attribute", str(child[attribute])))
                if child.name in BLOCKS:
                    flush()
                    owner.insert(0, child)
                    walk(child)
                    flush()
                    owner.pop(0)
                else:
                    walk(child)

    walk(soup.body or soup)
    flush()
    return found


def chart_specs(page_html: str) -> list[dict]:
    """The charts of a page, as the page carries them (packed, or inline)."""
    specs: dict[str, dict] = {}
    packed = re.search(r'<script[^>]*id="ih-specs-packed"[^>]*>(.*?)</script>', page_html, re.S)
    if packed:
        specs.update(json.loads(zlib.decompress(base64.b64decode(packed.group(1)))))
    for key, text in re.findall(r'<script type="application/json" id="(ih-chart-[0-9a-f]+-spec)">(.*?)</script>',
                                page_html, re.S):
        specs[key] = json.loads(text)
    return list(specs.values())


@functools.lru_cache(maxsize=512)
def _drawn(spec_json: str) -> tuple[str, ...]:
    """The texts of a chart as drawn (vl-convert, offline), in its own locale."""
    import vl_convert

    spec = json.loads(spec_json)
    try:
        svg = (vl_convert.vega_to_svg(spec) if "vega-lite" not in str(spec.get("$schema", ""))
               else vl_convert.vegalite_to_svg(spec))
    except Exception as error:  # a chart that cannot be drawn is reported, not hidden
        return (f"[chart not drawn: {error}]",)
    import html

    return tuple(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.strip())


def _tooltip_fields(node, keys: set[str], fields: set[str]) -> None:
    if isinstance(node, dict):
        tooltip = (node.get("tooltip") or {}) if isinstance(node.get("tooltip"), dict) else {}
        signal = tooltip.get("signal") if isinstance(tooltip, dict) else None
        if isinstance(signal, str):
            keys.update(k for k in re.findall(r'"((?:[^"\\]|\\.)+)"\s*:', signal))
            fields.update(re.findall(r'datum\[\\?"((?:[^"\\]|\\.)+)\\?"\]', signal))
        for value in node.values():
            _tooltip_fields(value, keys, fields)
    elif isinstance(node, list):
        for value in node:
            _tooltip_fields(value, keys, fields)


def chart_segments(spec: dict, page: str) -> list[Segment]:
    """What a reader sees of one chart: its drawn texts, menus, tooltip keys and values."""
    found = [Segment(page, "chart", text) for text in _drawn(json.dumps(spec, sort_keys=True))]
    for signal in spec.get("signals") or []:
        bind = signal.get("bind") if isinstance(signal, dict) else None
        if isinstance(bind, dict):
            if bind.get("name"):
                found.append(Segment(page, "chart menu", str(bind["name"]).strip()))
            found += [Segment(page, "chart menu option", str(label)) for label in bind.get("labels") or []
                      if label is not None]
    keys: set[str] = set()
    fields: set[str] = set()
    _tooltip_fields(spec.get("marks") or [], keys, fields)
    found += [Segment(page, "chart tooltip key", key) for key in sorted(keys)]
    for data in spec.get("data") or []:
        for row in data.get("values") or [] if isinstance(data, dict) else []:
            if isinstance(row, dict):
                for field in fields:
                    value = row.get(field)
                    if isinstance(value, str) and re.search(r"[A-Za-z]{2}", value) \
                            and not re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z?", value):
                        found.append(Segment(page, "chart tooltip value", value))
    return list(dict.fromkeys(found))


def page_segments(path: Path, language: str) -> list[Segment]:
    """Every text a reader sees on a built page: its visible text and its charts' words."""
    text = path.read_text(encoding="utf-8")
    name = path.name[:-5] if path.name.endswith(".html") else path.name
    found = visible_segments(text, name, language)
    for spec in chart_specs(text):
        found += chart_segments(spec, name)
    return found


# ---------------------------------------------------------------- judging text
def strip_quotations(text: str) -> str:
    return QUOTED.sub(" ", text)


def looks_english(text: str, language: str) -> bool:
    """A text with English function words and more of them than of the page's own: two
    different ones in a short text with none of the page's language, three in a longer one."""
    words = [w.lower() for w in WORD.findall(strip_quotations(re.sub(r"\b(?:https?://|www\.)\S+", " ", text)))]
    if not words:
        return False
    english = [w for w in words if w in ENGLISH]
    local = [w for w in words if w in LOCAL.get(language, frozenset())]
    distinct = len(set(english))
    if len(words) <= 8:
        return distinct >= 2 and not local
    return distinct >= 3 and len(english) > len(local)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_tsv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


@functools.lru_cache(maxsize=4)
def _lists(_stamp) -> tuple[dict, dict]:
    """(allowed, pending): (language, string) -> reason or lesson."""
    allowed = {(r["lang"], _normal(r["string"])): r["reason"] for r in read_tsv(ALLOWED)}
    pending = {(r["lang"], _normal(r["string"])): r["lesson"] for r in read_tsv(PENDING)}
    return allowed, pending


def lists() -> tuple[dict, dict]:
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in (ALLOWED, PENDING) if p.exists())
    return _lists(stamp)


# Where on a page each location of the review's list is (see the review's section 3.4).
KINDS = {
    "chart": ("chart", "chart menu", "chart menu option", "chart tooltip key", "chart tooltip value"),
    "chart data box": ("chart data box", "source line"),
    "chart caption": ("source line", "chart data box"),
    "output table heading": ("table heading",),
    "output table cell": ("table cell", "table heading"),
    "answer-key": ("answer key",),
    "answer sheet": ("answer sheet", "exercise"),
    "exercise form": ("exercise", "answer sheet"),
    "document card": ("document card",),
    "in-lesson glossary": ("glossary",),
    "code": ("code",),
}


def _kinds(location: str) -> tuple[str, ...] | None:
    """The segment places a review location stands for; None: anywhere on the page."""
    if location.startswith("chart: chart aria"):
        return KINDS["chart data box"]
    for prefix, kinds in KINDS.items():
        if location.startswith(prefix):
            return kinds
    return None


def _found(text: str, segments: list[str]) -> bool:
    """A review string on a page: a short one (three words or fewer) as a whole text, a longer
    one (or one the review cut with '...') inside a text."""
    core = _normal(text)
    cut = core.endswith(("...", "…")) and len(core) > 15
    core = core.rstrip(".…") if cut else core
    if len(core.split()) <= 3 and not cut:
        return core in segments
    pattern = re.compile(r"(?<![\w])" + re.escape(core) + ("" if cut else r"(?![\w])"))
    return any(pattern.search(segment) for segment in segments)


@dataclass
class Report:
    """English a reader sees on one language's pages."""
    language: str
    review_left: list[tuple[dict, list[str]]]   # review strings still on a page (not allowed)
    new: list[Segment]                          # English the word list finds (not allowed)
    pending: dict[tuple[str, str], str]         # still shown, listed with who removes it
    pending_gone: list[tuple[str, str]]         # pending strings that no longer appear

    @property
    def count(self) -> int:
        """English strings a reader sees, beyond the allowed kinds (pending ones included)."""
        return len({_normal(row["string"]) for row, _pages in self.review_left}
                   | {_normal(s.text) for s in self.new} | {key[1] for key in self.pending})


def scan(folder: Path, language: str, pages: list[Path] | None = None) -> Report:
    """Every page of one language: review strings left, and new English."""
    pages = pages if pages is not None else sorted(folder.glob("*.html"))
    segments = {p.name[:-5]: page_segments(p, language) for p in pages}
    allowed, pending = lists()
    by_kind: dict[tuple[str, str | None], list[str]] = {}
    for page, found in segments.items():
        for segment in found:
            by_kind.setdefault((page, segment.where), []).append(_normal(segment.text))
            by_kind.setdefault((page, None), []).append(_normal(segment.text))
    left = []
    seen_pending = set()
    for row in read_tsv(REVIEW):
        if row["lang"] != language:
            continue
        key = (language, _normal(row["string"]))
        if key in allowed:
            continue
        wanted = [p for p in row["page_list"].split(",") if p in segments] or list(segments)
        kinds = _kinds(row["location"])
        where = [p for p in wanted if _found(row["string"], [text for kind in (kinds or (None,))
                                                              for text in by_kind.get((p, kind), [])])]
        if where:
            if key in pending:
                seen_pending.add(key)
                continue
            left.append((row, where))
    new = []
    for found in segments.values():
        for segment in found:
            key = (language, _normal(segment.text))
            if key in allowed:
                continue
            if looks_english(segment.text, language):
                if key in pending:
                    seen_pending.add(key)
                    continue
                new.append(segment)
    gone = [key for key in pending if key[0] == language and key not in seen_pending]
    return Report(language, left, list(dict.fromkeys(new)), {k: pending[k] for k in seen_pending}, gone)


def summary(report: Report, shown: int = 8) -> str:
    lines = [f"{report.language}: {report.count} English strings a reader sees "
             f"({len(report.review_left)} from the language review, {len(report.new)} new, "
             f"{len(report.pending)} pending, each listed with who removes it in "
             f"tests/fixtures/english_pending.tsv)"]
    for row, pages in report.review_left[:shown]:
        lines.append(f"  review [{row['location']}] {pages[0]}: {row['string'][:90]}")
    for segment in report.new[:shown]:
        lines.append(f"  new [{segment.where}] {segment.page}: {segment.text[:90]}")
    return "\n".join(lines)

