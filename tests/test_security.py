"""No markup from data runs in a handout. Every text field of every table (and of the
bibliography) gets a script payload; every lesson is built from that data; every handout,
both editions, is opened in Chromium; no payload may run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import open_offline, poison_tables

ROOT = Path(__file__).resolve().parents[1]
# Breaks out of text, of attributes in either quote, and of a <script> element.
PAYLOAD = ("\"'></script><img src=x onerror=\"window.__xss=(window.__xss||[]).concat('img')\">"
           "<script>window.__xss=(window.__xss||[]).concat('script')</script>"
           "<svg onload=\"window.__xss=(window.__xss||[]).concat('svg')\"></svg>")


@pytest.fixture(scope="session")
def poisoned_handouts(tmp_path_factory):
    """Every lesson built once from data with a payload in every text field."""
    from helpers.publish.handouts import build_handouts, find_lessons

    base = tmp_path_factory.mktemp("poisoned")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    fields = {name: poisoned for name, (_path, poisoned) in poison_tables(data, lambda _name: PAYLOAD).items()}
    old = os.environ.get("INTERVENTION_HISTORY_DATA")
    os.environ["INTERVENTION_HISTORY_DATA"] = str(data)
    try:
        from helpers.__main__ import main

        main(["sync-sources", "--rows-deleted-on-purpose"])  # other work may have data/ mid-edit
        status, results = build_handouts(find_lessons(), base / "out", workers=2,
                                         cache_dir=base / "cache")
    finally:
        if old is None:
            os.environ.pop("INTERVENTION_HISTORY_DATA", None)
        else:
            os.environ["INTERVENTION_HISTORY_DATA"] = old
    return {"out": base / "out", "results": results, "fields": fields}


@pytest.mark.slow
def test_payloads_reach_every_table(poisoned_handouts):
    fields = poisoned_handouts["fields"]
    assert "sources" in fields and "title" in fields["sources"]
    assert any("title" in f for name, f in fields.items() if name.endswith("/events"))
    assert len(fields) >= 15, fields


@pytest.mark.slow
def test_every_lesson_builds_from_poisoned_data(poisoned_handouts):
    failed = [f"{r.lesson.stem}: {r.error}" for r in poisoned_handouts["results"] if r.error]
    assert not failed, failed


@pytest.mark.slow
@pytest.mark.browser
def test_no_payload_runs_in_any_handout(poisoned_handouts, browser):
    pages = sorted(poisoned_handouts["out"].glob("*.html"))
    built = {r.lesson.stem for r in poisoned_handouts["results"] if not r.error}
    assert {p.name.split(".")[0] for p in pages} >= built and len(pages) >= 2 * len(built)
    ran = {}
    for path in pages:
        page, seen = open_offline(browser, path, charts=True, watch=True)
        try:
            for mark in page.locator("figure.ih-chart svg .mark-symbol path").all()[:40]:
                mark.hover(timeout=2000, force=True)  # opens Vega tooltips
            page.wait_for_timeout(200)
            fired = page.evaluate("window.__xss || []") or seen.ran
            live = page.evaluate("document.querySelectorAll('[onerror],[onload]').length")
        finally:
            page.close()
        if fired or seen.dialogs or live or seen.left:
            ran[path.name] = {"ran": fired, "dialogs": seen.dialogs, "event attributes": live, "left for": seen.left}
    assert not ran, f"markup from data ran in handouts: {ran}"


def test_styled_tables_escape_data():
    """A pandas Styler writes raw HTML by default; the pack sets it to escape on load()."""
    import pandas as pd

    from helpers import load

    load("panama/events")
    html = pd.DataFrame({"title": ["<img src=x onerror=alert(1)>"]}).style.to_html()
    assert "<img" not in html and "&lt;img" in html
