"""JupyterLab for real: start it on loopback with a token, open a lesson in headless Chromium,
run every cell through the UI, use a widget, and check that nothing errors or leaves the machine."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lesson_with_widget() -> Path:
    for lesson in sorted((ROOT / "lessons").glob("*.ipynb")):
        text = lesson.read_text(encoding="utf-8")
        if "pick_view(" in text or "comparison_explorer(" in text:
            return lesson
    pytest.fail("No lesson uses a widget (pick_view or comparison_explorer) to test in JupyterLab")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on localhost, serving a scratch copy of the lessons."""
    root = tmp_path_factory.mktemp("lab")
    for path in (ROOT / "lessons").iterdir():
        if path.suffix in (".ipynb", ".yml"):
            shutil.copy(path, root / path.name)
    port, token = _free_port(), secrets.token_hex(16)
    settings = tmp_path_factory.mktemp("settings")
    shutil.copy(ROOT / "helpers/build/assets/jupyterlab-overrides.json", settings / "overrides.json")
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=localhost",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.expose_app_in_browser=True", f"--LabApp.app_settings_dir={settings}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(root / "lab.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                server.terminate()
                pytest.fail("JupyterLab did not start:\n" + (root / "lab.log").read_text()[-2000:])
            time.sleep(0.5)
    yield {"url": url, "token": token, "root": root}
    server.terminate()
    server.wait(timeout=20)


COUNT_ERRORS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  let errors = [];
  for (const cell of panel.content.widgets) {
    const outputs = cell.model.outputs;
    if (!outputs) continue;
    for (let i = 0; i < outputs.length; i++) {
      const o = outputs.get(i);
      if (o.type === 'error') errors.push(o.toJSON().ename + ': ' + o.toJSON().evalue);
    }
  }
  return errors;
}"""

ANY_RUN = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .some(c => c.model.type === 'code' && c.model.executionCount !== null)"""

ALL_RUN = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code');
  return cells.length > 0 && cells.every(c => c.model.executionCount !== null) &&
         document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]') !== null;
}"""


@pytest.mark.browser
def test_a_lesson_runs_in_jupyterlab_and_its_widget_responds(lab, chromium):
    from playwright.sync_api import sync_playwright

    from helpers.build.browser import launch

    lesson = _lesson_with_widget()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        leaving = []

        def route(request_route):
            if request_route.request.url.startswith((lab["url"], "data:", "blob:")):
                request_route.continue_()
            else:
                leaving.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        try:
            page.goto(f"{lab['url']}/lab/tree/{lesson.name}?token={lab['token']}")
            page.wait_for_function(
                "window.jupyterapp && document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')",
                timeout=90_000)
            # Run all cells through the menu, as a learner does.
            page.locator(".jp-Notebook .jp-Cell").first.click()
            for attempt in range(3):
                page.get_by_role("menuitem", name="Run", exact=True).click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                try:
                    page.wait_for_function(ANY_RUN, timeout=20_000)
                    break
                except Exception:
                    if attempt == 2:
                        raise
            try:
                page.wait_for_function(ALL_RUN, timeout=180_000)
            except Exception:
                shot = lab["root"] / "not-all-run.png"
                page.screenshot(path=str(shot))
                counts = page.evaluate(
                    "() => window.jupyterapp.shell.currentWidget.content.widgets"
                    ".filter(c => c.model.type === 'code').map(c => c.model.executionCount)")
                pytest.fail(f"not every cell ran within 3 minutes; execution counts {counts}; "
                            f"screenshot: {shot}")
            errors = page.evaluate(COUNT_ERRORS)
            assert errors == [], f"cells failed in JupyterLab: {errors}"

            charts = page.locator(".ih-vega")
            page.wait_for_function(
                "document.querySelectorAll('.ih-vega').length === "
                "document.querySelectorAll('.ih-vega[data-ih-drawn=\"true\"]').length", timeout=30_000)
            assert charts.count() >= 1, "no chart drew in JupyterLab"

            # The lesson's widget: a menu (pick_view) or the explorer's tick box.
            control = page.locator(".widget-dropdown select, .widget-checkbox input[type=checkbox]").first
            control.scroll_into_view_if_needed()
            assert control.is_visible(), "the widget did not render"
            output = page.locator(".widget-vbox", has=control).first
            before = output.inner_html()
            started = time.perf_counter()
            if control.evaluate("el => el.tagName") == "SELECT":
                current = control.input_value()
                other = next(o for o in control.locator("option").evaluate_all("els => els.map(e => e.value)")
                             if o != current)
                control.select_option(other)
            else:
                control.click()
            page.wait_for_function(
                "([el, old]) => el.innerHTML !== old && el.querySelector('.ih-vega[data-ih-drawn=\"true\"]') !== null", arg=[output.element_handle(), before], timeout=20_000)
            page.wait_for_function(
                "document.querySelectorAll('.ih-vega').length === "
                "document.querySelectorAll('.ih-vega[data-ih-drawn=\"true\"]').length", timeout=20_000)
            print(f"widget update took {time.perf_counter() - started:.2f} s")
            assert page.evaluate(COUNT_ERRORS) == []
            assert leaving == [], f"JupyterLab or the lesson tried to reach the network: {leaving}"
        finally:
            page.close()
            browser.close()
