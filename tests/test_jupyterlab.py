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
from conftest import open_offline

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


def _start_lab(root: Path, tmp_path_factory):
    """A JupyterLab server on localhost serving ``root``, with its own settings and workspaces
    folders: nothing it saves changes what the next `make lab` opens (issue 24)."""
    port, token = _free_port(), secrets.token_hex(16)
    settings = tmp_path_factory.mktemp("settings")
    shutil.copy(ROOT / "helpers/publish/assets/jupyterlab-overrides.json", settings / "overrides.json")
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=localhost",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.expose_app_in_browser=True", f"--LabApp.app_settings_dir={settings}",
               f"--LabApp.workspaces_dir={tmp_path_factory.mktemp('workspaces')}",
               f"--LabApp.user_settings_dir={tmp_path_factory.mktemp('user-settings')}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = tmp_path_factory.mktemp("log") / "lab.log"
    log = open(log_path, "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    deadline = time.time() + 120  # a loaded machine starts it slowly
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5)
            break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                server.terminate()
                pytest.fail("JupyterLab did not start:\n" + log_path.read_text()[-2000:])
            time.sleep(0.5)
    return server, {"url": url, "token": token, "root": root}


def _stop(server) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on localhost, serving a scratch copy of the lessons."""
    root = tmp_path_factory.mktemp("lab")
    for path in (ROOT / "lessons").iterdir():
        if path.suffix in (".ipynb", ".yml"):
            shutil.copy(path, root / path.name)
    server, info = _start_lab(root, tmp_path_factory)
    yield info
    _stop(server)


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
def test_a_lesson_runs_in_jupyterlab_and_its_widget_responds(lab, browser):
    lesson = _lesson_with_widget()
    page, seen = open_offline(browser, width=1300, height=900, allow=(lab["url"], "data:", "blob:"))
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

        # The lesson's widget: a menu (pick_view), or the explorer's list of dimensions (its tick
        # box may narrow lesson 04's opening view to nothing comparable, which draws no chart).
        control = page.locator(".widget-dropdown select, .widget-select-multiple select, "
                               ".widget-checkbox input[type=checkbox]").first
        control.scroll_into_view_if_needed()
        assert control.is_visible(), "the widget did not render"
        output = page.locator(".widget-vbox", has=control).first
        before = output.inner_html()
        started = time.perf_counter()
        if control.evaluate("el => el.multiple"):  # every dimension at once
            control.select_option(control.locator("option").evaluate_all("els => els.map(e => e.value)"))
        elif control.evaluate("el => el.tagName") == "SELECT":
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
        assert seen.left == [], f"JupyterLab or the lesson tried to reach the network: {seen.left}"
    finally:
        page.close()


# --- issue 24: the learner's seat -----------------------------------------------------------
CASE_LESSON = "02_plan_colombia.ipynb"  # a case lesson with a chart that draws on Run All


def _git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True).stdout


def _default_workspaces() -> dict:
    """What `make lab` would restore: JupyterLab's workspaces in the user's own folder."""
    from jupyter_core.paths import jupyter_config_dir

    folder = Path(jupyter_config_dir()) / "lab" / "workspaces"
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*")} if folder.is_dir() else {}


NOTEBOOK_TEXT = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const parts = [];
  for (const cell of panel.content.widgets) {
    parts.push(cell.model.sharedModel.getSource());
    const outputs = cell.model.outputs;
    if (!outputs) continue;
    for (let i = 0; i < outputs.length; i++) parts.push(JSON.stringify(outputs.get(i).toJSON()));
  }
  return parts.join('\\n');
}"""

RESTART_AND_RUN_ALL = """async () => {
  const app = window.jupyterapp;
  app.commands.execute('notebook:restart-run-all');
  return true;
}"""


@pytest.fixture(scope="module")
def learner_pages(tmp_path_factory, browser):
    """The English and Spanish learner notebooks of a case lesson, as a learner's folder holds
    them, each opened in JupyterLab and run with Restart Kernel and Run All Cells; what each
    page then shows (the notebook's text and outputs, the widgets' labels, the first chart)."""
    from helpers.publish.notebooks import deliver, write_learner_notebooks

    before = (_git_status(), _default_workspaces())
    made, root = tmp_path_factory.mktemp("made"), tmp_path_factory.mktemp("my-lessons")
    write_learner_notebooks([ROOT / "lessons" / CASE_LESSON], ("en", "es"), made, every=False)
    for language in ("en", "es"):
        deliver(made / language, root / language)
    old = os.environ.pop("INTERVENTION_HISTORY_LANG", None)  # the notebook alone sets its language
    server, info = _start_lab(root, tmp_path_factory)
    if old is not None:
        os.environ["INTERVENTION_HISTORY_LANG"] = old
    pages = {}
    try:
        for language in ("en", "es"):
            pages[language] = _run_learner_page(browser, info, f"{language}/{CASE_LESSON}")
    finally:
        _stop(server)
    pages["before"], pages["after"] = before, (_git_status(), _default_workspaces())
    return pages


def _run_learner_page(browser, info, path) -> dict:
    page, seen = open_offline(browser, width=1300, height=900, allow=(info["url"], "data:", "blob:"))
    try:
        page.goto(f"{info['url']}/lab/tree/{path}?token={info['token']}", timeout=120_000)
        page.wait_for_function(
            "window.jupyterapp && window.jupyterapp.shell.currentWidget && "
            "window.jupyterapp.shell.currentWidget.content && "
            "document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')",
            timeout=180_000)
        # Kernel > Restart Kernel and Run All Cells, and the dialog's Restart, as a learner does.
        for attempt in range(4):
            page.evaluate(RESTART_AND_RUN_ALL)
            try:
                page.locator(".jp-Dialog .jp-mod-accept").click(timeout=30_000)
                page.wait_for_function(ANY_RUN, timeout=60_000)
                break
            except Exception:
                page.keyboard.press("Escape")
                if attempt == 3:
                    raise
        try:
            page.wait_for_function(ALL_RUN, timeout=300_000, polling=1000)
        except Exception:
            counts = page.evaluate(
                "() => window.jupyterapp.shell.currentWidget.content.widgets"
                ".filter(c => c.model.type === 'code').map(c => c.model.executionCount)")
            pytest.fail(f"{path}: not every cell ran within 5 minutes; execution counts {counts}")
        first_chart = "window.jupyterapp.shell.currentWidget.node.querySelector('.ih-vega')"
        page.wait_for_function(f"{first_chart} !== null", timeout=60_000)
        page.evaluate(f"{first_chart}.scrollIntoView()")
        page.wait_for_function(
            f"() => {{ const c = {first_chart}; return c.dataset.ihDrawn === 'true' &&"
            " c.querySelector('svg, canvas') !== null; }", timeout=60_000)
        # This notebook's own page (the workspace may keep the other one open in a hidden tab).
        title = page.evaluate("() => window.jupyterapp.shell.currentWidget.node"
                              ".querySelector('.jp-MarkdownCell h1').textContent")
        widgets = page.evaluate("() => Array.from(window.jupyterapp.shell.currentWidget.node"
                                ".querySelectorAll('.jupyter-widgets')).map(w => w.textContent).join('\\n')")
        return {"errors": page.evaluate(COUNT_ERRORS), "text": page.evaluate(NOTEBOOK_TEXT),
                "title": title, "widgets": widgets, "leaving": seen.left}
    finally:
        page.close()


def _solutions(language: str) -> list[str]:
    """The solution cells' code and the exercises' explanations of the case lesson."""
    import nbformat

    from helpers.exercises import exercises, localized

    lesson = ROOT / "lessons" / CASE_LESSON
    found = [c.source for c in nbformat.read(lesson, as_version=4).cells
             if "solution" in c.metadata.get("tags", []) and "answer =" in c.source]
    found += [localized(spec, language)["explanation"][:80]
              for spec in exercises(lesson.stem).values() if spec.get("explanation")]
    return [" ".join(text.split())[:80] for text in found]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_learner_notebook_run_all_shows_no_answer_and_draws_its_first_chart(learner_pages, language):
    page = learner_pages[language]
    assert page["errors"] == [], f"cells failed in JupyterLab: {page['errors']}"
    text = " ".join(page["text"].split())
    assert "✔" not in text, "Run All marked an exercise correct by itself"
    assert "answer = ..." in text and ("Sin respuesta todavía" if language == "es" else "No answer yet") in text
    leaked = [s for s in _solutions(language) if s in text]
    assert leaked == [], f"solution text on the {language} page: {leaked}"
    assert page["leaving"] == [], f"the lesson tried to reach the network: {page['leaving']}"


@pytest.mark.browser
def test_the_spanish_learner_notebook_is_in_spanish(learner_pages):
    english, spanish = learner_pages["en"], learner_pages["es"]
    assert english["title"].startswith("02 · Plan Colombia") and "did it work" in english["title"]
    assert "¿funcionó" in spanish["title"], spanish["title"]
    text = spanish["text"]
    # The prose: the lesson's headings and instructions, from its Spanish catalogue.
    assert "Preparación" in text and "Setting up (" not in text
    # The helpers' own words: check() speaks Spanish with no set-up but the notebook's own.
    assert "Reemplaza el marcador" in text and "Replace the placeholder" not in text


@pytest.mark.browser
def test_the_spanish_learner_notebooks_widgets_speak_spanish(learner_pages):
    widgets = learner_pages["es"]["widgets"]
    assert widgets, "no widget drew on the Spanish page"
    assert "Predict first" not in widgets and "Record my guess" not in widgets, widgets


@pytest.mark.browser
def test_running_learner_notebooks_leaves_the_repository_and_the_next_lab_alone(learner_pages):
    """git status is the same after opening and running lessons in JupyterLab, and the user's
    JupyterLab workspaces (what `make lab` restores) are untouched."""
    assert learner_pages["after"][0] == learner_pages["before"][0], "running a lesson changed files git sees"
    assert learner_pages["after"][1] == learner_pages["before"][1], "the tests left a JupyterLab workspace behind"
