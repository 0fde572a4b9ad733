"""Every lesson, executed with a real kernel (network blocked), has the shape the style asks for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from helpers.exercises import exercises

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
CHECK_CALL = re.compile(r"""check\(\s*["']([\w-]+)["']""")
EXPLAIN_CALL = re.compile(r"""explain\(\s*["']([\w-]+)["']""")


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def _text(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_notebooks_are_saved_without_outputs(lesson):
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, \
                f"{lesson.name} cell {index} has saved output: clear outputs before committing"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_has_the_standard_shape(lesson):
    notebook = nbformat.read(lesson, as_version=4)
    meta = notebook.metadata.get("intervention_history", {})
    assert meta.get("title") and meta.get("duration") and len(meta.get("objectives", [])) >= 3
    markdown = "\n".join(_text(c) for c in notebook.cells if c.cell_type == "markdown")
    for heading in ("Learning objectives", "Discussion", "Key points", "Further reading"):
        assert heading.lower() in markdown.lower(), f"{lesson.name} lacks a '{heading}' section"
    assert any("facilitator" in _tags(c) for c in notebook.cells), "no facilitator notes"
    assert any("answer_key(" in _text(c) and "facilitator" in _tags(c) for c in notebook.cells)
    assert "$$" not in markdown, "LaTeX maths needs MathJax from a CDN: write it in words"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_exercise_has_a_learner_cell_and_a_solution(lesson):
    notebook = nbformat.read(lesson, as_version=4)
    keyed = exercises(lesson.stem)
    minimum = 4
    assert len(keyed) >= minimum, f"{lesson.name} has {len(keyed)} exercises, needs {minimum}"
    learner, solution = set(), set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for key in CHECK_CALL.findall(_text(cell)):
            assert key in keyed, f"{lesson.name} checks unknown exercise {key!r}"
            (solution if "solution" in _tags(cell) else learner).add(key)
        if "solution" in _tags(cell):  # a written answer's solution shows its model answer (no tick)
            solution |= {key for key in EXPLAIN_CALL.findall(_text(cell)) if key in keyed and "written"
                         in (keyed[key].get("answer_type"), keyed[key].get("type"))}
    assert learner == set(keyed), f"exercises without a learner cell: {set(keyed) - learner}"
    assert solution == set(keyed), f"exercises without a solution cell: {set(keyed) - solution}"


def test_every_lesson_executes_with_network_blocked(built):
    failures = [f"{r.lesson.name}: cell {r.failed_cell}: {r.error}" for r in built["results"] if r.error]
    assert not failures, "\n".join(failures)
    assert built["status"] == 0


def test_every_solution_is_marked_correct_when_executed(built):
    for result in built["results"]:
        for index, cell in enumerate(result.notebook.cells):
            if cell.cell_type == "code" and "solution" in _tags(cell) and CHECK_CALL.search(_text(cell)):
                shown = json.dumps(cell.outputs, ensure_ascii=False)
                # A written answer (answer_type: written) is compared with its model answer.
                assert "✔ Correct" in shown or "✔ Defensible" in shown or "✎ Compare yours" in shown, (
                    f"{result.lesson.name} cell {index}: the solution does not pass its own check "
                    f"(the answer key and the data disagree): {shown[:300]}")


def test_the_network_guard_really_blocks(tmp_path):
    """The guard the lesson kernels run under must fail on any outside connection."""
    import os
    import subprocess
    import sys

    guard = Path(__file__).resolve().parent / "netguard"
    code = "import socket; s = socket.socket(); s.settimeout(2); s.connect(('93.184.216.34', 80))"
    env = {**os.environ, "PYTHONPATH": str(guard)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode != 0 and "Network access blocked" in run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_exercise_cells_can_run_twice(lesson):
    """Restart and run all, then run every exercise cell again, as learners do."""
    from nbclient import NotebookClient

    notebook = nbformat.read(lesson, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(lesson.parent)}})
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code" and CHECK_CALL.search(_text(cell)):
                client.execute_cell(cell, index)
                assert not any(o.get("output_type") == "error" for o in cell.outputs), \
                    f"{lesson.name} cell {index} fails when run a second time"
