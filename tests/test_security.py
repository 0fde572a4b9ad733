"""No markup from data runs in a handout. Every text field of every table (and of the
bibliography) gets a script payload; every lesson is built from that data; every handout,
both editions, is opened in Chromium; no payload may run."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Breaks out of text, of attributes in either quote, and of a <script> element.
PAYLOAD = ("\"'></script><img src=x onerror=\"window.__xss=(window.__xss||[]).concat('img')\">"
           "<script>window.__xss=(window.__xss||[]).concat('script')</script>"
           "<svg onload=\"window.__xss=(window.__xss||[]).concat('svg')\"></svg>")
# Ids and codes lessons select rows by (a payload there would only stop the lesson running).
KEYS = ("_id", "_ids", "id", "slug", "case", "unit", "indicator", "series", "dimension",
        "measure", "iso3", "country", "url", "original_url", "published", "language", "kind",
        "year", "date", "code", "lang")


def _poisonable(field: dict, keys: set[str]) -> bool:
    constraints = field.get("constraints", {})
    name = field["name"]
    return (field.get("type", "string") == "string" and "enum" not in constraints
            and "pattern" not in constraints and name not in keys
            and not any(name == k or name.endswith(k) for k in KEYS))


def poison(data: Path) -> dict[str, list[str]]:
    """Append the payload to every free-text cell of every table; return the fields poisoned."""
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    poisoned = {}
    for item in package["resources"]:
        schema = item["schema"]
        if isinstance(schema, str):
            schema = json.loads((data / schema).read_text(encoding="utf-8"))
        keys = set(schema.get("primaryKey", []))
        for foreign in schema.get("foreignKeys", []):
            fields = foreign["fields"]
            keys |= {fields} if isinstance(fields, str) else set(fields)
        fields = [f["name"] for f in schema["fields"] if _poisonable(f, keys)]
        path = data / item["path"]
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = list(rows[0]) if rows else []
        if not rows or not fields:
            continue
        for row in rows:
            for name in fields:
                if row.get(name) and not row[name].lstrip().startswith(("{", "[")):  # not JSON
                    row[name] = row[name] + PAYLOAD
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        poisoned[item["name"]] = fields
    return poisoned


@pytest.fixture(scope="session")
def poisoned_handouts(tmp_path_factory):
    """Every lesson built once from data with a payload in every text field."""
    from helpers.publish.handouts import build_handouts, find_lessons

    base = tmp_path_factory.mktemp("poisoned")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    fields = poison(data)
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
def test_no_payload_runs_in_any_handout(poisoned_handouts, chromium):
    from playwright.sync_api import sync_playwright

    from helpers.publish.browser import launch, wait_for_charts

    pages = sorted(poisoned_handouts["out"].glob("*.html"))
    built = {r.lesson.stem for r in poisoned_handouts["results"] if not r.error}
    assert {p.name.split(".")[0] for p in pages} >= built and len(pages) >= 2 * len(built)
    ran = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for path in pages:
                page = browser.new_page()
                dialogs = []
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                    ("file:", "data:", "blob:")) else r.abort())
                page.goto(path.resolve().as_uri())
                wait_for_charts(page)
                for mark in page.locator("figure.ih-chart svg .mark-symbol path").all()[:40]:
                    mark.hover(timeout=2000, force=True)  # opens Vega tooltips
                page.wait_for_timeout(200)
                fired = page.evaluate("window.__xss || []")
                live = page.evaluate("document.querySelectorAll('[onerror],[onload]').length")
                if fired or dialogs or live:
                    ran[path.name] = {"ran": fired, "dialogs": dialogs, "event attributes": live}
                page.close()
        finally:
            browser.close()
    assert not ran, f"markup from data ran in handouts: {ran}"


def test_styled_tables_escape_data():
    """A pandas Styler writes raw HTML by default; the pack sets it to escape on load()."""
    import pandas as pd

    from helpers import load

    load("panama/events")
    html = pd.DataFrame({"title": ["<img src=x onerror=alert(1)>"]}).style.to_html()
    assert "<img" not in html and "&lt;img" in html
