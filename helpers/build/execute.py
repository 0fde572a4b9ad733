"""Executing lessons with a real kernel (nbclient), in parallel, with a cache keyed on content."""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..catalog import data_dir

ROOT = Path(__file__).resolve().parents[2]


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


def content_key(lesson: Path) -> str:
    """A hash of everything a lesson's output depends on: itself, its exercises, data, helpers."""
    digest = hashlib.sha256()
    parts = [lesson, *sorted(lesson.parent.glob(f"{lesson.stem}.*.yml"))]
    data = data_dir()
    parts += sorted(data.rglob("*.csv")) + sorted(data.rglob("*.json"))
    parts += sorted((ROOT / "helpers").rglob("*.py")) + sorted((ROOT / "helpers").rglob("*.j2"))
    for path in parts:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def execute_one(lesson: Path, timeout: int = 300) -> Executed:
    """Run every cell of a lesson in a fresh kernel, as a learner would after a restart."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    try:
        notebook = nbformat.read(lesson, as_version=4)
    except Exception as error:  # not JSON, or not a valid notebook
        return Executed(lesson, None, error=f"cannot read the notebook: {type(error).__name__}: "
                                           f"{str(error).splitlines()[0][:200]}")
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(lesson.parent)}},
                            store_widget_state=True,
                            # The kernel listens on loopback only; its TCP warning would alarm
                            # facilitators on every lesson. Cell errors still reach the build.
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        index = _failed_cell(notebook)
        summary = str(error).strip().splitlines()
        return Executed(lesson, notebook, time.perf_counter() - started, error=_short(summary),
                        failed_cell=index)
    except Exception as error:  # a kernel that died or timed out
        return Executed(lesson, notebook, time.perf_counter() - started,
                        error=f"{type(error).__name__}: {error}", failed_cell=_failed_cell(notebook))
    return Executed(lesson, notebook, time.perf_counter() - started)


def _failed_cell(notebook) -> int | None:
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index
    return None


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _short(lines: list[str]) -> str:
    """The last line of a traceback (the error itself), without terminal colour codes."""
    for line in reversed(lines):
        if line.strip():
            return ANSI.sub("", line).strip()
    return "unknown error"


def _run_cached(args) -> Executed:
    lesson, cache_dir = args
    key = content_key(lesson)
    cached = cache_dir / f"{lesson.stem}.ipynb"
    stamp = cache_dir / f"{lesson.stem}.key"
    if cached.exists() and stamp.exists() and stamp.read_text() == key:
        return Executed(lesson, nbformat.read(cached, as_version=4), cached=True)
    result = execute_one(lesson)
    if result.error is None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(result.notebook, cached)
        stamp.write_text(key)
    return result


def execute_all(lessons: list[Path], cache_dir: Path, workers: int = 2, on_done=None) -> list[Executed]:
    """Execute lessons on ``workers`` processes; ``on_done(result)`` is called as each ends."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: dict[Path, Executed] = {}
    jobs = [(lesson, cache_dir) for lesson in lessons]
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results[job[0]] = _run_cached(job)
            if on_done:
                on_done(results[job[0]])
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_run_cached, job): job[0] for job in jobs}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if on_done:
                    on_done(results[futures[future]])
    return [results[lesson] for lesson in lessons]
