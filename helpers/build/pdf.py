"""``make pdf``: print every built handout to an A4 PDF through headless Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

from .browser import INSTALL_HINT, find_chromium, launch, wait_for_charts


def write_pdfs(handouts: Path) -> int:
    pages = sorted(p for p in handouts.glob("*.html") if p.name != "index.html")
    if not pages:
        print(f"No handouts in {handouts}: run `make handouts` first.", file=sys.stderr)
        return 2
    if find_chromium() is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("make pdf needs Playwright: .venv/bin/pip install -e '.[test]'", file=sys.stderr)
        return 2
    out = handouts.parent / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        for number, html_file in enumerate(pages, 1):
            page.goto(html_file.resolve().as_uri())
            wait_for_charts(page)
            target = out / (html_file.stem + ".pdf")
            page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True)
            print(f"[{number}/{len(pages)}] {target}", flush=True)
        browser.close()
    return 0
