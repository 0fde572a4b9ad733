"""Notebooks in lessons/ that git does not know (issue 22): a lesson-named scratch notebook is
built with a warning naming it; an untracked damaged notebook gets advice that can work."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "01_panama_1989.ipynb").write_text("{}")
    (lessons / "06_the_long_view.ipynb").write_text("{}")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "lessons")
    (lessons / "07_my_notes.ipynb").write_text("{}")  # never committed
    return tmp_path


def test_an_untracked_lesson_named_notebook_is_built_with_a_warning(repo, monkeypatch, capsys):
    import helpers.publish.__main__ as build
    import helpers.publish.handouts as handouts

    monkeypatch.setattr(build, "ROOT", repo)
    monkeypatch.setattr(handouts, "ROOT", repo)  # where find_lessons() looks
    built = []
    monkeypatch.setattr(build, "build_handouts", lambda lessons, *a, **k: built.extend(lessons) or (0, []))
    assert build.main(["--language", "en", "--out", str(repo / "out")]) == 0
    said = capsys.readouterr().out
    assert "07_my_notes.ipynb is named like a lesson but not tracked by git" in said, said
    assert "01_panama_1989" not in said.split("Warning:")[1].split("\n")[0]
    assert [p.name for p in built] == ["01_panama_1989.ipynb", "06_the_long_view.ipynb", "07_my_notes.ipynb"]


def test_outside_git_nothing_is_said(tmp_path):
    from helpers.publish.lessonfiles import untracked_warning

    (tmp_path / "07_my_notes.ipynb").write_text("{}")
    assert untracked_warning([tmp_path / "07_my_notes.ipynb"]) is None


@pytest.mark.parametrize("which", ["untracked", "tracked"])
def test_a_damaged_notebook_gets_advice_that_works(repo, which):
    from helpers.publish.execute import execute_one

    name = "07_empty.ipynb" if which == "untracked" else "06_the_long_view.ipynb"
    path = repo / "lessons" / name
    path.write_text("")  # 0 bytes
    error = execute_one(path).error
    assert error and "cannot read the notebook" in error
    if which == "untracked":
        assert "git checkout" not in error and "never committed" in error, error
    else:
        assert f"git checkout -- lessons/{name}" in error, error


def test_a_handout_over_the_size_target_names_the_cell_that_made_it_large(tmp_path, capsys):
    """Issue 22: a 200,000-line print gave an 11.56 MB handout without a word."""
    import nbformat

    from helpers.publish.export import export

    big = nbformat.v4.new_code_cell("for i in range(200_000): print(i)")
    big.outputs = [nbformat.v4.new_output("stream", name="stdout", text="".join(f"{i}\n" for i in range(200_000)))]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 98 · Big"),
                                               nbformat.v4.new_code_cell("x = 1"), big])
    export(notebook, "98_big", "learner", tmp_path)
    said = capsys.readouterr().err
    assert "98_big.html is" in said and "over the 0.6 MB target: cell 3 ('for i in range(200_000): print(i)')" in said, said
    small = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 97 · Small")])
    export(small, "97_small", "learner", tmp_path)
    assert "Warning" not in capsys.readouterr().err
