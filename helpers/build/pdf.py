"""``make pdf``: print every built handout to an A4 PDF through headless Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

from .browser import chromium_problem, launch, wait_for_charts


LANGUAGE_FOLDERS = ("es", "pt")  # the Spanish and Portuguese editions, printed beside the English


def write_pdfs(handouts: Path) -> int:
    skip = {"index.html", "facilitator.html"}
    pages = sorted(p for p in handouts.glob("*.html") if p.name not in skip)
    pages += sorted(p for folder in LANGUAGE_FOLDERS for p in (handouts / folder).glob("*.html")
                    if p.name not in skip)
    if not pages:
        print(f"No handouts in {handouts}: run `make handouts` first.", file=sys.stderr)
        return 2
    problem = chromium_problem()  # no Chromium, or CHROMIUM pointing at something else
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("make pdf needs Playwright: .venv/bin/pip install -e '.[test]'", file=sys.stderr)
        return 2
    out = handouts.parent / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 2
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        for number, html_file in enumerate(pages, 1):
            page.goto(html_file.resolve().as_uri())
            wait_for_charts(page)
            folder = html_file.parent.name if html_file.parent != handouts else ""
            target = out / folder / (html_file.stem + ".pdf")
            target.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True)
            print(f"[{number}/{len(pages)}] {target}", flush=True)
        browser.close()
    return 0
