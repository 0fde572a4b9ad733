"""Where figures were read: the bibliography's provenance columns, the warnings `helpers check`
gives about weak copies, and the credit a learner sees under a chart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import provenance, source_line, sources
from helpers.citations import _bibliography_rows

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("url, says", [
    ("https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.nytimes.com%2Fx", "redirect wrapper"),
    ("https://www.google.com/url?q=https://apnews.com/x", "redirect wrapper"),
    ("http://161.35.110.226/archives/la-xpm-1990-01-09-mn-208-story.html", "bare IP address"),
    ("http://[2001:db8::1]/page", "bare IP address"),
    ("https://8657085.xyz/index.php?rest_route=/wp/v2/posts/11504", "scraper or copy site"),
    ("https://645012.skal.fun/iachr/colombia2004-ch4.html", "scraper or copy site"),
    ("https://dnyuz.com/2026/01/02/story/", "scraper or copy site"),
])
def test_weak_copies_are_warned_about(url, says):
    warnings = provenance.url_warnings(url)
    assert len(warnings) == 1 and says in warnings[0], f"{url} should be flagged as a {says}: {warnings}"


@pytest.mark.parametrize("url", ["https://apnews.com/article/x", "https://www.latimes.com/archives/x.html",
                                 "https://www.gao.gov/products/nsiad-93-56", "https://google.com/search"])
def test_ordinary_publisher_pages_are_not_warned_about(url):
    assert provenance.url_warnings(url) == []


def test_every_source_records_its_kind_of_copy_and_publisher():
    rows = _bibliography_rows()
    missing = [s for s, r in rows.items() if not r.get("copy_kind") or not r.get("publisher_kind")]
    assert not missing, f"sources without copy_kind/publisher_kind: {missing[:20]}"
    assert {r["copy_kind"] for r in rows.values()} <= set(provenance.COPY_KINDS)
    assert {r["publisher_kind"] for r in rows.values()} <= set(provenance.PUBLISHER_KINDS)


# Searched again on 1 Dec 2026: the only stored copies of these pages are on a bare IP address
# (the LA Times story of 9 January 1990 on the OAS vote, on 161.35.110.226, the only copy that
# gives Canada's first OAS vote; the IACHR press release of 2018 on 207.237.157.11). Kept, marked
# as mirrors (copy_kind), until a better copy is found; the Pentagon's first civilian count now
# cites the LA Times' own archive (lat_1990_01_10_toll).
# TIME of 9 January 1933 on the Marines leaving Nicaragua (their dead of 1927-32) is stored only on
# 20.210.105.67 (searched 6 Dec 2026); marked aggregator_or_scraper until a better copy is found.
STILL_ON_A_BARE_IP = {"lat_1990_01_09_oas", "iachr_pr_2018", "time_1933_01_09_nicaragua"}


def _wrapped_or_bare_ip() -> dict:
    rows = _bibliography_rows()
    return {s: w for s, r in rows.items() for w in provenance.url_warnings(r["url"])
            if "redirect wrapper" in w or "bare IP" in w}


def test_no_new_source_is_read_through_a_redirect_wrapper_or_a_bare_ip():
    new = {s: w for s, w in _wrapped_or_bare_ip().items() if s not in STILL_ON_A_BARE_IP}
    assert not new, f"sources whose URL is a redirect wrapper or a bare IP: {new}"


@pytest.mark.xfail(strict=True, reason=f"still on a bare IP: {sorted(STILL_ON_A_BARE_IP)}")
def test_no_source_at_all_is_read_through_a_redirect_wrapper_or_a_bare_ip():
    assert not _wrapped_or_bare_ip()


def test_a_copy_is_credited_to_its_original_publisher_and_names_the_copy():
    row = {"author_or_publisher": "Hurriyet Daily News (AFP)", "published": "2026-02-20",
           "copy_kind": "syndicated", "url": "https://www.hurriyetdailynews.com/x"}
    assert provenance.credit(row) == "AFP, 20 Feb 2026 (read in a copy on hurriyetdailynews.com)"
    row = {"author_or_publisher": "Associated Press via Dayton Daily News", "published": "2025-11-02",
           "copy_kind": "syndicated", "url": "https://www.daytondailynews.com/x"}
    assert provenance.credit(row) == "Associated Press, 2 Nov 2025 (read in a copy on daytondailynews.com)"
    row = {"author_or_publisher": "USAID (copy on docslib.org)", "published": "1990",
           "copy_kind": "mirror_or_archive", "url": "https://docslib.org/doc/1"}
    assert provenance.credit(row) == "USAID, 1990 (read in a copy on docslib.org)"


def test_chart_source_lines_and_sources_name_the_copy_read():
    rows = _bibliography_rows()
    copy = next(s for s, r in sorted(rows.items()) if r["copy_kind"] == "syndicated")
    original = next(s for s, r in sorted(rows.items()) if r["copy_kind"] == "original")
    assert "(read in a copy on " in source_line([copy])
    assert "read in a copy" not in source_line([original])
    table = sources("venezuela/boat_strikes")
    assert {"credit", "copy_kind", "publisher_kind", "original_url"} <= set(table.columns)
    copies = table[table["copy_kind"] != "original"]
    assert len(copies) and copies["credit"].str.contains("read in a copy on").all()


def test_figures_are_counted_per_kind_of_copy():
    counts = provenance.figures_by_copy_kind(
        {"a": {"copy_kind": "original"}, "b": {"copy_kind": "aggregator_or_scraper"}}, {"a": 5, "b": 2})
    assert counts == {"original": 5, "aggregator_or_scraper": 2}


def test_helpers_check_reports_copy_kinds():
    out = subprocess.run([sys.executable, "-m", "helpers", "check"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300).stdout
    assert "Figures by the kind of copy they were read in: original" in out, out[-2000:]
