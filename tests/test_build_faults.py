"""The handout build under faults a facilitator meets: a data or exercises file that breaks
a lesson, a cell that never ends, Ctrl-C, a damaged cache, a full or read-only disk, scratch
notebooks next to the lessons. Each is one clear line naming what to fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lesson(folder: Path, name: str, *cells: str) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {name}")]
                                        + [nbformat.v4.new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(notebook, path)
    return path


# ------------------------------------------------------------------ which notebooks are lessons
def test_only_notebooks_named_like_lessons_are_built(tmp_path, monkeypatch):
    import helpers.publish.handouts as build

    names = ["00_getting_started.ipynb", "03a_venezuela_sanctions.ipynb", "12_new_case.ipynb",
             "Untitled.ipynb", "Untitled1.ipynb", "00_getting_started copy.ipynb",
             "00_getting_started-Copy1.ipynb", "empty.ipynb", "notes.ipynb"]
    for name in names:
        (tmp_path / "lessons").mkdir(exist_ok=True)
        (tmp_path / "lessons" / name).write_text("" if name == "empty.ipynb" else "{}")
    monkeypatch.setattr(build, "ROOT", tmp_path)
    assert [p.name for p in build.find_lessons()] == names[:3][::1] and len(build.find_lessons()) == 3
    assert {p.name for p in build.stray_notebooks()} == set(names[3:])


def test_every_real_lesson_is_named_like_one():
    from helpers.publish.handouts import LESSON_NAME

    lessons = sorted((ROOT / "lessons").glob("[0-9]*.ipynb"))
    assert lessons and all(LESSON_NAME.match(p.name) for p in lessons), lessons


# ------------------------------------------------------------------ the real error, its file named
@pytest.mark.slow
def test_a_data_error_names_the_data_file_and_line(tmp_path, data_copy):
    from helpers.publish.execute import execute_one

    import csv

    path = data_copy / "panama/casualty_estimates.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[3][rows[0].index("value")] = "lots"  # the row on line 4
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    lesson = _lesson(tmp_path, "98_data.ipynb", "from helpers import load",
                     "deaths = load('panama/casualty_estimates')")
    result = execute_one(lesson, timeout=120)
    assert result.error, "the lesson should fail"
    assert "data/panama/casualty_estimates.csv" in result.error, result.error
    assert "line 4" in result.error and "'lots' is not a valid number" in result.error, result.error
    assert "git checkout -- data/panama/casualty_estimates.csv" in result.error
    assert "To check every table" not in result.error.split(";")[0]


def test_a_broken_exercises_file_is_named_with_its_line(tmp_path):
    from helpers.publish.execute import exercise_file_problems

    (tmp_path / "01_x.exercises.yml").write_text("a: 1\nb: 'unclosed\nc: 2\n", encoding="utf-8")
    (tmp_path / "02_y.exercises.yml").write_text("a: 1\n", encoding="utf-8")
    found = exercise_file_problems(tmp_path)
    assert len(found) == 1 and found[0].startswith("lessons/01_x.exercises.yml line "), found
    assert "git checkout -- lessons/01_x.exercises.yml" in found[0]


@pytest.mark.slow
def test_a_yaml_error_in_a_lesson_names_the_exercises_file(tmp_path):
    from helpers.publish.execute import execute_one

    (tmp_path / "98_yaml.exercises.yml").write_text("q: 'unclosed\n", encoding="utf-8")
    lesson = _lesson(tmp_path, "98_yaml.ipynb", "import yaml",
                     "yaml.safe_load(open('98_yaml.exercises.yml').read())")
    result = execute_one(lesson, timeout=120)
    assert result.error.startswith("lessons/98_yaml.exercises.yml line "), result.error
    assert "cell 3" in result.error  # counted from 1, as JupyterLab shows


@pytest.mark.slow
def test_a_cell_that_never_ends_is_stopped_and_named(tmp_path, monkeypatch):
    from helpers.publish.execute import execute_one

    monkeypatch.setenv("HANDOUT_CELL_TIMEOUT", "4")
    lesson = _lesson(tmp_path, "98_loop.ipynb", "x = 1", "import time\nwhile True:\n    time.sleep(0.2)")
    started = time.monotonic()
    result = execute_one(lesson)
    assert time.monotonic() - started < 60
    assert "cell 3 (`import time`)" in result.error and "after 4 s" in result.error, result.error
    assert "--timeout" in result.error


# ------------------------------------------------------------------ the cache
def test_a_damaged_cache_entry_is_rebuilt_not_trusted(tmp_path):
    from helpers.publish.execute import read_cache, write_cache

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    cached = tmp_path / "cache" / "00_x.ipynb"
    write_cache(cached, notebook, "key-1")
    assert read_cache(cached, "key-1") is not None
    assert read_cache(cached, "key-2") is None  # the lesson changed
    assert [p.name for p in cached.parent.iterdir()] == ["00_x.ipynb"]  # no temporary left
    cached.write_bytes(cached.read_bytes()[:40])  # cut short, as by a full disk
    assert read_cache(cached, "key-1") is None
    assert not cached.exists()


@pytest.mark.slow
def test_a_build_with_a_damaged_cache_entry_executes_again(tmp_path):
    from helpers.publish.execute import _run_cached, content_key

    lesson = _lesson(tmp_path / "lessons", "98_small.ipynb", "print(6 * 7)")
    cache = tmp_path / "cache"
    first = _run_cached((lesson, cache, 120))
    assert first.error is None and not first.cached
    assert _run_cached((lesson, cache, 120)).cached
    entry = cache / "98_small.ipynb"
    entry.write_text(entry.read_text()[:50])
    again = _run_cached((lesson, cache, 120))
    assert again.error is None and not again.cached
    assert nbformat.read(entry, as_version=4).metadata["ih_content_key"] == content_key(lesson)


# ------------------------------------------------------------------ disks and Ctrl-C
@pytest.mark.parametrize("errno_, why", [(28, "No space left on device"), (30, "Read-only file system")])
def test_a_full_or_read_only_disk_is_one_line(monkeypatch, capsys, errno_, why):
    import helpers.publish.__main__ as build

    def fails(*args, **kwargs):
        raise OSError(errno_, why, "/x/build/handouts/00_getting_started.html")

    monkeypatch.setattr(build, "main", fails)
    assert build.run([]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and why in err and "00_getting_started.html" in err, err
    assert "Traceback" not in err


DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    import helpers.publish.__main__ as build
    import helpers.publish.handouts as handouts

    handouts.ROOT = Path(sys.argv[1])
    def main(argv=None):
        status, _ = build.build_handouts(handouts.find_lessons(), Path(sys.argv[2]), workers=2,
                                         cache_dir=Path(sys.argv[3]))
        return status
    build.main = main
    sys.exit(build.run())
""")


def _marked_processes(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


# `python -m helpers handouts` (make handouts) runs the build as a child process
THROUGH_JOBS = textwrap.dedent("""
    import sys
    from pathlib import Path
    from helpers.jobs import _call

    sys.exit(_call(Path(sys.executable), ["-c", sys.argv[1], *sys.argv[2:]], Path.cwd()))
""")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["terminal", "started-with-ctrl-c-ignored", "through-make-handouts",
                                 "a-worker-idle"])
def test_ctrl_c_stops_the_build_cleanly(tmp_path, how):
    """Ctrl-C (SIGINT to the whole process group) stops the build at once with one message,
    also when the build was started with Ctrl-C ignored, as a script starts a background job
    (then only nbclient saw it, and lessons used to fail one by one with AssertionError while
    the build went on: defect 8 of the reliability test), and through `make handouts` (which
    used to kill the build 0.25 s later, leaving its workers running), and while a worker
    waits with no lesson left (it printed a traceback)."""
    import uuid

    started = tmp_path / "started"
    started.mkdir()
    idle = how == "a-worker-idle"  # 02_b ends, and its worker has nothing left to run
    for name in ("01_a.ipynb", "02_b.ipynb") + (() if idle else ("03_c.ipynb",)):
        _lesson(tmp_path / "lessons", name, f"open({str(started / name)!r}, 'w').close()",
                "x = 1" if idle and name == "02_b.ipynb" else "import time\nwhile True:\n    time.sleep(0.2)")
    mark = f"IH_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1], "HANDOUT_CELL_TIMEOUT": "600"}
    command = [sys.executable, "-c", DRIVER, str(tmp_path), str(tmp_path / "out"), str(tmp_path / "cache")]
    if how == "through-make-handouts":
        command[1:2] = ["-c", THROUGH_JOBS]
    process = subprocess.Popen(command, env=env, cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
                               if how == "started-with-ctrl-c-ignored" else None)
    deadline = time.monotonic() + 90
    ready = (lambda: (started / "01_a.ipynb").exists() and (tmp_path / "out/02_b.html").exists()) \
        if idle else (lambda: len(list(started.iterdir())) == 2)  # both kernels run endless cells
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ready(), "the lessons did not start"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    stopped = time.monotonic()
    out, err = process.communicate(timeout=60)
    assert time.monotonic() - stopped < 30
    assert process.returncode == 130, out + err
    assert "Build stopped (Ctrl-C)" in err and "Traceback" not in err + out, err
    assert "FAILED" not in out and "AssertionError" not in out + err, out + err
    assert err.strip().count("\n") == 0, err  # one message
    assert "03_c" not in out  # the lesson still queued never started
    deadline = time.monotonic() + 20
    while _marked_processes(mark) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _marked_processes(mark), "kernels were left running after Ctrl-C"
