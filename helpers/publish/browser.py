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


def chromium_problem() -> str | None:
    """None if a Chromium is found and answers ``--version``; else one line saying what to do
    (no Chromium at all, or a CHROMIUM that points at something else)."""
    import subprocess

    path = find_chromium()
    if path is None:
        explicit = os.environ.get("CHROMIUM")
        return (f"CHROMIUM={explicit} does not exist. " + INSTALL_HINT) if explicit else INSTALL_HINT
    try:
        said = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as error:
        said = f"({error})"
    if not any(name in said for name in ("Chromium", "Chrome")):
        return (f"{path} is not a Chromium browser (`{path} --version` said {said.strip()[:80]!r}). "
                "Set CHROMIUM=/path/to/chromium, or unset it to use the one on PATH.")
    return None


def launch(playwright):
    """Launch headless Chromium through Playwright, with no background network traffic; a
    browser that does not start is one RuntimeError naming it."""
    path = find_chromium()
    if path is None:
        raise RuntimeError(INSTALL_HINT)
    try:
        return playwright.chromium.launch(executable_path=path, headless=True, args=LAUNCH_ARGS)
    except Exception as error:  # Playwright's TargetClosedError, a missing library...
        first = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
        raise RuntimeError(f"Chromium at {path} did not start ({first}). Set CHROMIUM=/path/to/chromium, "
                           "or unset it to use the one on PATH.") from None


def main() -> int:
    """``python -m helpers.publish.browser``: exit 0 if a working Chromium is found, else say why."""
    import sys

    problem = chromium_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def wait_for_charts(page, timeout_ms: int = 15000) -> int:
    """Wait until every chart on the page is drawn; return how many there are."""
    count = page.locator("figure.ih-chart .ih-vega").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.ih-vega[data-ih-drawn=\"true\"]').length >= n",
        arg=count, timeout=timeout_ms)
    return count
