"""Handouts opened in a real headless Chromium with every network request blocked."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
PAGES = ["index.html"] + [f"{p.stem}{e}.html" for p in LESSONS for e in ("", ".facilitator")]


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    from helpers.build.browser import launch

    with sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()


def _open(browser, path: Path):
    """Open a page offline; return (page, requests that tried to leave, console errors)."""
    page = browser.new_page()
    leaving, errors = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"dialog opened: {d.message}"), d.dismiss()))

    def route(request_route):
        if request_route.request.url.startswith(("file:", "data:", "blob:")):
            request_route.continue_()
        else:
            leaving.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri())
    return page, leaving, errors


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_handout_renders_offline_and_passes_axe(built, browser, name):
    from axe_playwright_python.sync_playwright import Axe

    from helpers.build.browser import wait_for_charts

    page, leaving, errors = _open(browser, built["out"] / name)
    try:
        figures = page.locator("figure.ih-chart").count()
        drawn = wait_for_charts(page)
        assert drawn == figures
        assert page.locator("figure.ih-chart svg").count() == figures, "a chart did not draw"
        if name != "index.html":
            assert figures >= 1, f"{name} has no chart"
            captions = page.locator("figure.ih-chart figcaption").all_inner_texts()
            assert all(c.startswith("Source") for c in captions), captions
        assert leaving == [], f"{name} tried to reach the network: {leaving}"
        assert errors == [], f"{name} logged errors: {errors}"
        result = Axe().run(page)
        serious = [f"{v['id']} ({v['impact']}): {v['help']} e.g. {v['nodes'][0]['html'][:120]}"
                   for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, f"{name}: " + "; ".join(serious)
    finally:
        page.close()


@pytest.mark.browser
def test_print_to_pdf_keeps_every_chart(built, browser, tmp_path):
    from helpers.build.browser import wait_for_charts

    page, _, _ = _open(browser, built["out"] / f"{LESSONS[0].stem}.html")
    wait_for_charts(page)
    page.emulate_media(media="print")
    assert page.locator(".vega-bindings").first.is_hidden() if page.locator(".vega-bindings").count() else True
    pdf = tmp_path / "handout.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.close()
    assert pdf.stat().st_size > 20_000 and pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.browser
def test_markup_in_data_renders_as_text(browser, tmp_path, data_copy):
    """A table with <script> in a text field shows it as text in a chart tooltip and a table."""
    import pandas as pd

    from helpers.build.__main__ import build_handouts

    path = data_copy / "panama/casualty_estimates.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "estimated_by"] = "<script>alert('x')</script><b>bold</b>"
    frame.to_csv(path, index=False)
    lesson = tmp_path / "98_injection.ipynb"
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Injection test"),
        nbformat.v4.new_code_cell("from helpers import load, estimate_ranges\n"
                                  "d = load('panama/casualty_estimates').head(3)\n"
                                  "d[['estimated_by', 'value']]"),
        nbformat.v4.new_code_cell("estimate_ranges(d, title='t')"),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lesson)
    status, _ = build_handouts([lesson], tmp_path / "out", workers=1, cache_dir=tmp_path / "cache")
    assert status == 0
    from helpers.build.browser import wait_for_charts

    page, leaving, errors = _open(browser, tmp_path / "out" / "98_injection.html")
    wait_for_charts(page)
    assert errors == [], errors  # no alert dialog opened
    assert page.locator("td", has_text="<script>alert('x')</script>").count() == 1
    assert page.locator("b", has_text="bold").count() == 0
    page.locator("figure.ih-chart path[aria-roledescription='point'], figure.ih-chart path").last
    svg_text = page.locator("figure.ih-chart svg").inner_html()
    assert "<script>" not in svg_text
    page.close()
