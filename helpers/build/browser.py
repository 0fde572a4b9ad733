"""Finding a Chromium for PDFs and browser tests, with a clear message when there is none."""

from __future__ import annotations

import os
import shutil

INSTALL_HINT = ("No Chromium browser found. On Debian or Ubuntu: sudo apt-get install chromium "
                "(or set CHROMIUM=/path/to/chromium). The handouts themselves do not need it.")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]


def find_chromium() -> str | None:
    """Path to a Chromium executable, or None."""
    explicit = os.environ.get("CHROMIUM")
    if explicit and os.path.exists(explicit):
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright):
    """Launch headless Chromium through Playwright, with no background network traffic."""
    path = find_chromium()
    if path is None:
        raise RuntimeError(INSTALL_HINT)
    return playwright.chromium.launch(executable_path=path, headless=True, args=LAUNCH_ARGS)


def wait_for_charts(page, timeout_ms: int = 15000) -> int:
    """Wait until every chart on the page is drawn; return how many there are."""
    count = page.locator("figure.ih-chart .ih-vega").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.ih-vega[data-ih-drawn=\"true\"]').length >= n",
        arg=count, timeout=timeout_ms)
    return count
