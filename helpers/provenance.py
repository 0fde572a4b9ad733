"""Where each figure was read: the original publisher, the copy read, and how weak the copy is.

``data/sources.csv`` records for every source the URL of the page actually read (``url``), the
original publisher's URL where that page is a copy (``original_url``), what kind of copy was
read (``copy_kind``) and what kind of body first published it (``publisher_kind``):

- ``copy_kind``: ``original`` (the publisher's own site, including its own archive),
  ``syndicated`` (a wire or partner story carried under licence, e.g. AP in a local paper),
  ``mirror_or_archive`` (a library, archive or document-hosting copy), ``aggregator_or_scraper``
  (a site that republishes others' pages wholesale, often anonymously).
- ``publisher_kind``: ``government``, ``international_body``, ``rights_group``, ``academic``,
  ``news_agency``, ``newspaper`` (any news outlet that is not a wire agency: papers,
  broadcasters, magazines, news sites), ``partisan_outlet`` (outlets run to advance a party,
  state or movement line), ``other`` (law firms, think tanks, encyclopedias, data hosts).

This module turns that into what a reader sees (``credit``) and what a maintainer is warned
about (``url_warnings``, ``report``)::

    >>> credit({"author_or_publisher": "Associated Press via Dayton Daily News",
    ...         "published": "2025-11-02", "copy_kind": "syndicated",
    ...         "url": "https://www.daytondailynews.com/news/x"})
    'Associated Press, 2 Nov 2025 (read in a copy on daytondailynews.com)'
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from urllib.parse import urlparse

from .catalog import table_names, table_path
from .formats import date
from .i18n import SOURCE, _, get_language

COPY_KINDS = ("original", "syndicated", "mirror_or_archive", "aggregator_or_scraper")
PUBLISHER_KINDS = ("government", "international_body", "rights_group", "academic",
                   "news_agency", "newspaper", "partisan_outlet", "other")

# Links that wrap another link (mail scanners, social-media and search redirects).
REDIRECT_WRAPPERS = ("safelinks.protection.outlook.com", "urldefense.com", "urldefense.proofpoint.com",
                     "l.facebook.com", "lm.facebook.com", "google.com/url", "t.co", "lnkd.in",
                     "out.reddit.com", "href.li")
# Sites known to copy other publishers' pages wholesale (the audits met these).
SCRAPER_DOMAINS = frozenset("""
8657085.xyz skal.fun 6jhxt.group softbeam.net fold6.site shop.nohib.com offerly.site
survivalprepperstores.com cgixix.com squidsite02.com xyrm.com malecon.workers.dev particlenews.pages.dev
particle.news hanna-ai.com memeiros.com cambonews.news nie-podam.pl reportify.ai newssummedup.com
playcrazygame.com todayheadline.co exbulletin.com fylines.com microvibenews.com localnewswave.com
historynews.online briefly.co smi24.net edu24news.com headlinez.news newswize.com marketspoon.in
newshour.media ksaplayers.com masress.com sauress.com jankarinews.com hdhod.com pledgetimes.com
tuttiquotidiani.it lanetaneta.com ustimesmirror.com firstnorthwestern.com fintechadvance.com dnyuz.com
""".split())
# Top-level domains and host shapes typical of throwaway copy sites.
_SCRAPER_SHAPES = (re.compile(r"^\d{5,}\."), re.compile(r"\.(xyz|fun|site|top|icu|group)$"))

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_COPY_NOTE = re.compile(r"^(via|copy|text copy|reposted|reproduced|archive|hosted|capture|newspaper page|"
                        r"internet archive|unt web archive|map archive|docslib|kiwix|mirror|law-firm|news wire copy|"
                        r"aggregator|news aggregator|reposting|citing)\b|^[\w.-]+\.[a-z]{2,}$", re.I)
_WIRE = {"AP": "Associated Press", "AP-based": "Associated Press", "Reuters feed": "Reuters",
         "CNN wire copy": "CNN", "ABC wire": "ABC News", "AFP material": "AFP"}


def host(url: str) -> str:
    """The site a URL points to, without ``www.``.

    >>> host("https://www.latimes.com/archives/x.html")
    'latimes.com'
    """
    try:
        name = urlparse(url or "").hostname or ""
    except ValueError:
        return ""
    return name[4:] if name.startswith("www.") else name


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
        return True
    except ValueError:
        return False


def is_scraper(url: str) -> bool:
    """True for a site known to copy others' pages, or shaped like a throwaway copy site.

    >>> is_scraper("https://8657085.xyz/index.php?p=1"), is_scraper("https://apnews.com/x")
    (True, False)
    """
    name = host(url)
    if any(name == d or name.endswith("." + d) for d in SCRAPER_DOMAINS):
        return True
    return any(shape.search(name) for shape in _SCRAPER_SHAPES)


def url_warnings(url: str) -> list[str]:
    """What is wrong with a URL as a citation: a redirect wrapper, a bare IP, a scraper site.

    >>> url_warnings("http://161.35.110.226/archives/x.html")
    ["a bare IP address (161.35.110.226): cite the publisher's own address"]
    >>> url_warnings("https://apnews.com/article/x")
    []
    """
    parsed = urlparse(url or "")
    name = host(url)
    found = []
    if any(_matches(name, parsed.path, wrapper) for wrapper in REDIRECT_WRAPPERS):
        found.append(f"a redirect wrapper ({name}): cite the address it wraps")
    if _is_ip(name):
        found.append(f"a bare IP address ({name}): cite the publisher's own address")
    if is_scraper(url) and not found:
        found.append(f"a scraper or copy site ({name}): find the original or a licensed copy")
    return found


def _matches(name: str, path: str, wrapper: str) -> bool:
    site, _, prefix = wrapper.partition("/")
    on_site = name == site or name.endswith("." + site)
    return on_site and (not prefix or path.lstrip("/").startswith(prefix))


def original_publisher(row: dict) -> str:
    """Who first published the text read: 'AP via X' and 'X (AP)' both give the agency.

    >>> original_publisher({"author_or_publisher": "Hurriyet Daily News (AFP)", "copy_kind": "syndicated"})
    'AFP'
    >>> original_publisher({"author_or_publisher": "USAID (copy on docslib.org)", "copy_kind": "mirror_or_archive"})
    'USAID'
    """
    who = (row.get("author_or_publisher") or "").strip()
    copied = (row.get("copy_kind") or "original") != "original"
    if " via " in who:
        return _clean(who.split(" via ", 1)[0])
    match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", who)
    if match:
        before, inside = match.group(1).strip(), match.group(2).strip()
        if inside.lower().startswith("capture of "):
            return _clean(inside[len("capture of "):].split(",")[0])
        if _COPY_NOTE.match(inside) or not copied or row.get("copy_kind") == "mirror_or_archive":
            return _clean(before)
        first = re.split(r"[,;/]", inside)[0].strip()
        return _WIRE.get(first, first)
    return _clean(who)


def _clean(who: str) -> str:
    return re.split(r" \(|;", who)[0].strip().rstrip(",")


def nice_date(published: str) -> str:
    """'2025-11-02' -> '2 Nov 2025'; '2025-11' -> 'Nov 2025'; '2025' stays.

    >>> nice_date("2025-11-02"), nice_date("1990-01"), nice_date("2019")
    ('2 Nov 2025', 'Jan 1990', '2019')
    """
    parts = (published or "").split("-")
    try:
        if len(parts) == 3:
            day = f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        elif len(parts) == 2:
            day = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        else:
            return published or ""
    except (ValueError, IndexError):
        return published or ""

    if get_language() == SOURCE:
        return day

    return date(published, "day")


def is_copy(row: dict) -> bool:
    return (row.get("copy_kind") or "original") != "original"


def credit(row: dict) -> str:
    """The short credit under a chart: the original publisher, and the copy where one was read.

    >>> credit({"author_or_publisher": "Los Angeles Times", "published": "1990-01-10",
    ...         "copy_kind": "original", "url": "https://www.latimes.com/x"})
    'Los Angeles Times, 1990'
    """
    if not is_copy(row):
        who = _clean(row.get("author_or_publisher") or "")
        return f"{_shorten(who)}, {(row.get('published') or '')[:4]}"
    who = _shorten(original_publisher(row))

    return (f"{who}, {nice_date(row.get('published', ''))} "
            + _("(read in a copy on {site})").replace("{site}", host(row.get("url", ""))))


def _shorten(who: str) -> str:
    return who if len(who) <= 60 else who[:57].rstrip() + "..."


def source_warnings(bibliography: dict[str, dict]) -> list[str]:
    """One line per source whose URL is a redirect wrapper, a bare IP or a scraper site."""
    lines = []
    for source_id, row in sorted(bibliography.items()):
        for warning in url_warnings(row.get("url", "")):
            lines.append(f"{source_id}: the page read is {warning}")
    return lines


def figures_by_copy_kind(bibliography: dict[str, dict], cited: dict[str, int]) -> Counter:
    """How many table rows rest on each kind of copy (a row citing two sources counts for each).

    >>> figures_by_copy_kind({"a": {"copy_kind": "original"}, "b": {}}, {"a": 3, "b": 1})
    Counter({'original': 3, 'not recorded': 1})
    """
    counts = Counter()
    for source_id, rows in cited.items():
        kind = (bibliography.get(source_id) or {}).get("copy_kind") or "not recorded"
        counts[kind] += rows
    return counts


def _cited_row_counts() -> dict[str, int]:
    import csv

    counts: Counter = Counter()
    for name in table_names():
        with open(table_path(name), encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                ids = {s.strip() for key in ("source_id", "source_ids")
                       for s in (row.get(key) or "").split(";") if s.strip()}
                for source_id in ids:
                    counts[source_id] += 1
    return dict(counts)


def report(bibliography: dict[str, dict], limit: int | None = 12) -> str:
    """The provenance part of ``python -m helpers check``: warnings, then figures per copy kind,
    for the bibliography's rows by source id. ``limit`` caps the warnings listed (None lists
    them all)."""
    warnings = source_warnings(bibliography)
    lines = [f"warn  {w}" for w in warnings[:limit]]
    if limit is not None and len(warnings) > limit:
        lines.append(f"warn  ... and {len(warnings) - limit} more weak copies; all of them: "
                     "python -m helpers check --all-warnings")
    counts = figures_by_copy_kind(bibliography, _cited_row_counts())
    total = sum(counts.values()) or 1
    order = list(COPY_KINDS) + sorted(set(counts) - set(COPY_KINDS))
    shown = ", ".join(f"{kind} {counts[kind]} ({100 * counts[kind] / total:.0f}%)"
                      for kind in order if counts.get(kind))
    lines.append(f"Figures by the kind of copy they were read in: {shown}.")
    return "\n".join(lines)
