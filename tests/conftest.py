"""Shared fixtures: the data folder, a scratch copy of it, the built handouts, a browser."""

from __future__ import annotations

import contextlib
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


@pytest.fixture
def tiny_lessons(tmp_path, data_copy, monkeypatch):
    """Two small lessons with exercises and Spanish catalogues: what the build reads of a
    real lesson, in a few seconds of kernel time. The build reads them (and a scratch copy of
    data/) instead of the pack's; the translated copies and the index stay in tmp_path."""
    import nbformat

    import helpers.build.__main__ as build
    import helpers.build.translate as translate
    from helpers.build.translate import _write, lesson_template, update

    lessons = tmp_path / "lessons"
    lessons.mkdir(parents=True)
    monkeypatch.setenv("INTERVENTION_HISTORY_LESSONS", str(lessons))
    monkeypatch.setattr(build, "ROOT", tmp_path)  # the index lists these lessons only
    monkeypatch.setattr(translate, "ROOT", tmp_path)  # the translated copies go there
    made = []
    for stem, key, answer in (("00_alpha", "alpha-1", 1789), ("01_beta", "beta-1", 1848)):
        cells = [nbformat.v4.new_markdown_cell(f"# Lesson {stem}\n\n**Time:** 10 minutes"),
                 nbformat.v4.new_markdown_cell("The first part."),
                 nbformat.v4.new_code_cell("from helpers import check, load\nevents = load('panama/events')\n"
                                           "print(events.loc[events['event_id'] == 'pa_evt_004', 'title'].iloc[0])"),
                 nbformat.v4.new_code_cell(f"check('{key}', {answer})")]
        key_cell = nbformat.v4.new_code_cell(f"from helpers import answer_key\nanswer_key('{stem}')")
        key_cell.metadata["tags"] = ["facilitator", "remove-input"]
        notebook = nbformat.v4.new_notebook(cells=cells + [key_cell])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, lessons / f"{stem}.ipynb")
        (lessons / f"{stem}.exercises.yml").write_text(
            f"exercises:\n  {key}:\n    question: In which year?\n    type: number\n    answer: {answer}\n"
            f"    tolerance: 0\n    hints:\n      form: A year.\n    explanation: The year is {answer}.\n",
            encoding="utf-8")
        path = lessons / "locale" / "es" / "LC_MESSAGES" / f"{stem}.po"
        catalog = update(lesson_template(lessons / f"{stem}.ipynb"), path, "es")
        for message in catalog:
            if message.id:
                message.string = "ES " + message.id
        _write(catalog, path)
        made.append(lessons / f"{stem}.ipynb")
    return made


@contextlib.contextmanager
def network_blocked_in_kernels():
    """Kernels started inside block every network request (tests/netguard)."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), old]))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every lesson executed once with a real kernel, with network access blocked inside the
    kernels, and both editions of every handout built: what `make handouts` does."""
    from helpers.build.__main__ import build_handouts, find_lessons

    out = tmp_path_factory.mktemp("handouts")
    cache = tmp_path_factory.mktemp("cache")
    with network_blocked_in_kernels():
        lessons = find_lessons()
        status, results = build_handouts(lessons, out, workers=2, cache_dir=cache)
    return {"out": out, "results": results, "status": status, "lessons": lessons, "cache": cache}


@pytest.fixture(scope="session")
def built_languages(built):
    """Every lesson in every language, built once a session (issue 25: what a reader of each
    edition meets): the English pages of ``built`` in ``out/``, the Spanish and Portuguese
    ones in ``out/es/`` and ``out/pt/``; ``results[language]`` holds each lesson's executed
    notebook."""
    from helpers.build.translate import TARGETS, build_language

    results, status = {"en": built["results"]}, {"en": built["status"]}
    with network_blocked_in_kernels():
        for language in TARGETS:
            status[language], results[language] = build_language(language, built["lessons"], built["out"],
                                                                 built["cache"], 2)
    return {"out": built["out"], "results": results, "status": status, "lessons": built["lessons"]}


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
