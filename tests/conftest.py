"""Shared fixtures: the data folder, a scratch copy of it, the built handouts, a browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NETGUARD = Path(__file__).resolve().parent / "netguard"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A scratch copy of data/ that a test may break; the helpers read it instead."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("INTERVENTION_HISTORY_DATA", str(target))
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every lesson executed once with a real kernel, with network access blocked inside the
    kernels, and both editions of every handout built: what `make handouts` does."""
    from helpers.build.__main__ import build_handouts, find_lessons

    out = tmp_path_factory.mktemp("handouts")
    cache = tmp_path_factory.mktemp("cache")
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), old]))
    try:
        lessons = find_lessons()
        status, results = build_handouts(lessons, out, workers=2, cache_dir=cache)
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
    return {"out": out, "results": results, "status": status, "lessons": lessons}


@pytest.fixture(scope="session")
def chromium():
    """Path to Chromium: skipped locally with a reason when absent, a failure in CI."""
    from helpers.build.browser import INSTALL_HINT, find_chromium

    path = find_chromium()
    if path is None:
        if IN_CI:
            pytest.fail("CI must run the browser tests, but " + INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    return path
