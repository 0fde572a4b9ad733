"""Executing lessons with a real kernel (nbclient), in parallel, with a cache keyed on content."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..i18n import get_language
from .lessonfiles import restore_advice
from .pages import execution_key

# A cell still running after this many seconds is stopped (an endless loop, a stuck network
# call). Change it with ``python -m helpers handouts --timeout 600`` or HANDOUT_CELL_TIMEOUT=600.
CELL_TIMEOUT = 300


def cell_timeout() -> int:
    value = os.environ.get("HANDOUT_CELL_TIMEOUT", "")
    return int(value) if value.strip().isdigit() and int(value) > 0 else CELL_TIMEOUT


@dataclass
class Executed:
    """The result of running one lesson."""

    lesson: Path
    notebook: nbformat.NotebookNode | None = None
    seconds: float = 0.0
    cached: bool = False
    error: str | None = None
    failed_cell: int | None = None
    extra: dict = field(default_factory=dict)


def content_key(lesson: Path, language: str | None = None) -> str:
    """The key of a lesson's run in a language (default: the one in use): a hash of every
    file the run reads (see helpers/publish/pages.py, page_inputs)."""

    return execution_key(lesson, language or get_language())


def execute_one(lesson: Path, timeout: int | None = None) -> Executed:
    """Run every cell of a lesson in a fresh kernel, as a learner would after a restart."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    timeout = timeout or cell_timeout()
    try:
        notebook = nbformat.read(lesson, as_version=4)
    except Exception as error:  # not JSON, or not a valid notebook
        return Executed(lesson, None, error=f"cannot read the notebook: {type(error).__name__}: "
                                           f"{str(error).splitlines()[0][:200] if str(error) else ''}"
                                           f" ({restore_advice(lesson)})")
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(lesson.parent)}},
                            store_widget_state=True,
                            # The kernel listens on loopback only; its TCP warning (and its
                            # shutdown noise after a stopped cell) would alarm facilitators.
                            # Cell errors still reach the build: they come as cell outputs.
                            extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    started = time.perf_counter()
    try:
        try:
            client.execute()
        except BaseException:
            if _signalled(client):  # Ctrl-C: nbclient shut the kernel down mid-cell
                return _stopped(lesson, notebook, started)
            raise
    except CellTimeoutError:
        index = _running_cell(notebook)
        return Executed(lesson, notebook, time.perf_counter() - started, failed_cell=index,
                        error=f"{_cell_name(notebook, index)} was still running after {timeout} s "
                              "and was stopped (an endless loop?). If it needs longer: "
                              "python -m helpers handouts --timeout 600 (or HANDOUT_CELL_TIMEOUT=600)")
    except CellExecutionError as error:
        index = _failed_cell(notebook)
        return Executed(lesson, notebook, time.perf_counter() - started,
                        error=explain(notebook, index, lesson, str(error)), failed_cell=index)
    except DeadKernelError:
        index = _running_cell(notebook)
        return Executed(lesson, notebook, time.perf_counter() - started, failed_cell=index,
                        error=f"the kernel died while running {_cell_name(notebook, index)} "
                              "(out of memory, or the code ended Python)")
    except Exception as error:  # a kernel that would not start, or stopped answering
        return Executed(lesson, notebook, time.perf_counter() - started,
                        error=f"{type(error).__name__}: {str(error)[:300]}",
                        failed_cell=_failed_cell(notebook))
    if _signalled(client):
        return _stopped(lesson, notebook, started)
    return Executed(lesson, notebook, time.perf_counter() - started)


def _signalled(client) -> bool:
    """Whether nbclient saw Ctrl-C (SIGINT) or SIGTERM while the lesson ran: its own handler
    then shuts the kernel down, and the cell fails with whatever that left behind."""
    return getattr(client, "_async_cleanup_kernel_future", None) is not None


def _stopped(lesson: Path, notebook, started: float) -> Executed:
    import logging

    # The cell's task ends with the kernel gone; asyncio would report it when it is collected.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    return Executed(lesson, notebook, time.perf_counter() - started, error="stopped (Ctrl-C)",
                    extra={"stopped": True})


def _failed_cell(notebook) -> int | None:
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index
    return None


def _running_cell(notebook) -> int | None:
    """The cell that was running when the kernel stopped: the last code cell that started."""
    started = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"
               and c.get("metadata", {}).get("execution", {}).get("iopub.execute_input")]
    return started[-1] if started else _failed_cell(notebook)


def _cell_name(notebook, index: int | None) -> str:
    """'cell 7 (`deaths = load(...)`)': counted from 1 as JupyterLab shows them."""
    if index is None:
        return "a cell"
    first = next((line for line in notebook.cells[index].source.splitlines() if line.strip()), "")
    first = first if len(first) <= 50 else first[:49] + "…"
    return f"cell {index + 1} (`{first.strip()}`)"


YAML_ERRORS = {"ScannerError", "ParserError", "ComposerError", "ConstructorError",
               "ReaderError", "YAMLError"}


def explain(notebook, index: int | None, lesson: Path, fallback: str) -> str:
    """What went wrong, naming the file to fix: a data file or an exercises file when the
    cell failed because of one, else the cell and its error (every line of the message)."""
    error = next((o for o in (notebook.cells[index].get("outputs", []) if index is not None else [])
                  if o.get("output_type") == "error"), None)
    if error is None:
        return _short(fallback.strip().splitlines())
    name, value = error.get("ename", "Error"), ANSI.sub("", error.get("evalue", "")).strip()
    if name in YAML_ERRORS:
        broken = exercise_file_problems(lesson.parent)
        if broken:
            return "; ".join(broken) + f" ({_cell_name(notebook, index)} reads it)"
    if name == "KeyboardInterrupt":
        return f"stopped (Ctrl-C) in {_cell_name(notebook, index)}"
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if name == "DataFileError" and lines:  # "data/x.csv cannot be loaded: ..." + its problems
        detail = [line.lstrip("- ") for line in lines[1:4] if not line.startswith("To ")]
        restore = next((line for line in lines if line.startswith("To undo")), "")
        said = "; ".join(detail or lines[:1]).rstrip(".")  # each problem names its file
        return f"data: {said}. {restore + ' ' if restore else ''}({_cell_name(notebook, index)})"
    text = "; ".join(lines[:4]) if lines else ""
    return f"{_cell_name(notebook, index)}: {name}: {text}" if text else f"{_cell_name(notebook, index)}: {name}"


def exercise_file_problems(folder: Path) -> list[str]:
    """Exercises files that are not valid YAML, each with its line: what a check() cell reads."""
    import yaml

    found = []
    for path in sorted(folder.glob("*.exercises.yml")):
        try:
            yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            what = getattr(error, "problem", None) or str(error).splitlines()[0]
            found.append(f"lessons/{path.name}{where}: {what} (restore it: "
                         f"git checkout -- lessons/{path.name})")
        except (OSError, UnicodeDecodeError) as error:
            found.append(f"lessons/{path.name}: cannot be read ({error})")
    return found


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _short(lines: list[str]) -> str:
    """The last line of a traceback (the error itself), without terminal colour codes."""
    for line in reversed(lines):
        if line.strip():
            return ANSI.sub("", line).strip()
    return "unknown error"


def _run_cached(args) -> Executed:
    """Run one lesson, or take its run from the cache: args = (lesson, cache folder[, timeout
    [, language]]); the language defaults to the one in use."""
    lesson, cache_dir = args[:2]
    timeout = args[2] if len(args) > 2 else None
    key = content_key(lesson, args[3] if len(args) > 3 else None)
    cached = cache_dir / f"{lesson.stem}.ipynb"
    notebook = read_cache(cached, key)
    if notebook is not None:
        return Executed(lesson, notebook, cached=True, extra={"key": key})
    result = execute_one(lesson, timeout)
    result.extra["key"] = key
    if result.error is None:
        try:
            write_cache(cached, result.notebook, key)
        except OSError as error:  # a full or read-only disk: the handout can still be written
            result.extra["cache"] = f"not cached ({error.strerror})"
    return result


def read_cache(cached: Path, key: str):
    """The cached run of a lesson, if its content key matches and it reads as a notebook.
    A damaged entry (a build cut short, a disk that filled up) is removed, not trusted."""
    try:
        notebook = nbformat.read(cached, as_version=4)
    except FileNotFoundError:
        return None
    except Exception:
        cached.unlink(missing_ok=True)
        return None
    if notebook.metadata.get("ih_content_key") != key:
        return None
    return notebook


def write_cache(cached: Path, notebook, key: str) -> None:
    """Write a cache entry atomically: a reader sees the old entry or the new, never half."""
    import tempfile

    cached.parent.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.from_dict(notebook)
    notebook.metadata["ih_content_key"] = key  # key and content in one file, one rename
    handle, temporary = tempfile.mkstemp(dir=cached.parent, prefix=f".{cached.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            nbformat.write(notebook, stream)
        os.replace(temporary, cached)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


_stopping = None  # in a worker: an Event set when the build is being stopped


def _ignore_interrupts(stopping=None):
    """Workers leave Ctrl-C to the main process, which stops the build as a whole. (While a
    lesson runs, nbclient's own handler shuts its kernel down on the same signal.)"""
    import signal

    global _stopping
    _stopping = stopping
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_unless_stopping(job) -> Executed:
    import signal

    if _stopping is not None and _stopping.is_set():
        return Executed(job[0], error="stopped (Ctrl-C) before it ran")
    try:
        return _run_cached(job)
    finally:  # nbclient's event loop, closing, gave Ctrl-C back to Python: leave it to the build
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def execute_all(lessons: list[Path], cache_dir: Path, workers: int = 2, on_done=None,
                timeout: int | None = None) -> list[Executed]:
    """Execute lessons on ``workers`` processes; ``on_done(result)`` is called as each ends.
    Ctrl-C raises KeyboardInterrupt here once the workers' kernels are shut down (also when
    only a worker saw it: a lesson stopped by it stops the build, it is not a failed lesson)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: dict[Path, Executed] = {}
    jobs = [(lesson, cache_dir, timeout, get_language()) for lesson in lessons]
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results[job[0]] = _run_cached(job)
            if results[job[0]].extra.get("stopped"):
                raise KeyboardInterrupt
            if on_done:
                on_done(results[job[0]])
    else:
        stopping = multiprocessing.Event()
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts,
                                   initargs=(stopping,))
        try:
            futures = {pool.submit(_run_unless_stopping, job): job[0] for job in jobs}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if results[futures[future]].extra.get("stopped"):
                    raise KeyboardInterrupt
                if on_done:
                    on_done(results[futures[future]])
        except BaseException:  # Ctrl-C, or a handout that could not be written
            stopping.set()
            _stop(pool)
            raise
        pool.shutdown()
    return [results[lesson] for lesson in lessons]


def _stop(pool, patience: float = 60.0) -> None:
    """Stop the running lessons: each worker's kernel is shut down cleanly (SIGINT reaches
    nbclient's handler) and queued lessons are dropped. Workers that do not stop in time,
    or a second Ctrl-C, are ended."""
    import signal
    import threading

    processes = list((getattr(pool, "_processes", None) or {}).values())
    waiter = threading.Thread(target=pool.shutdown, kwargs={"wait": True, "cancel_futures": True},
                              daemon=True)
    waiter.start()
    for process in processes:  # once: a second signal would interrupt nbclient's cleanup
        if process.is_alive():
            try:
                os.kill(process.pid, signal.SIGINT)
            except OSError:
                pass
    try:
        waiter.join(patience)
    finally:
        if waiter.is_alive():
            for process in processes:
                process.terminate()
