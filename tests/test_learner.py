"""The learner's seat (issue 24): learner notebooks without answers in every language, the
learner's folder that `lab` makes and never overwrites, keys read from the package, the
facilitator's save hook, and the learner-edition branch a class pulls."""

from __future__ import annotations

import ast
import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.publish.handouts import find_lessons
from helpers.publish.notebooks import (LANGUAGES, deliver, new_version_name,
                                     write_learner_notebooks)

ROOT = Path(__file__).resolve().parents[1]
HIDDEN_TAGS = {"solution", "facilitator"}


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _text(notebook) -> str:
    """Everything a learner can read in a notebook: every cell's text and outputs."""
    parts = []
    for cell in notebook.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(json.dumps(output, ensure_ascii=False))
    return _flat("\n".join(parts))


def _secrets(lesson: Path, language: str) -> list[str]:
    """What must never be in a learner notebook of ``lesson``: the explanations (and accepted
    alternatives) and written-task samples of its exercises file, in the language, and the
    text of its facilitator and solution cells, in English and in the language."""
    import yaml

    from helpers.exercises import exercises, localized
    from helpers.i18n import using_language
    from helpers.tasks import task

    found = []
    with using_language(language):
        for spec in exercises(lesson.stem).values():
            spec = localized(spec, language)
            found.append(spec.get("explanation", ""))
            found += [alt.get("explanation", "") for alt in spec.get("also_accepted") or []]
        content = yaml.safe_load(lesson.with_name(f"{lesson.stem}.exercises.yml").read_text(encoding="utf-8"))
        if content.get("written_task"):
            for sample in task(lesson.stem).get("samples", {}).values():
                found += [sample["text"], sample["why"]]
    sources = [nbformat.read(lesson, as_version=4)]
    if language != "en":
        from helpers.publish.translate import translated_notebook
        sources.append(translated_notebook(lesson, language)[0])
    for notebook in sources:
        found += [cell.source for cell in notebook.cells if _tags(cell) & HIDDEN_TAGS]
    # A long enough piece of each to be unmistakable, and short enough to survive a line break.
    return [_flat(text)[:90] for text in found if len(_flat(text)) >= 20]


def _placeholder(line: str) -> bool:
    """A learner's empty answer: `answer = ...`, or a written answer in triple quotes whose
    quotes hold a short instruction ("Write two or three sentences here."), not an answer."""
    text = line.strip()
    written = re.fullmatch(r'answer\s*=\s*"""(.*?)"""', text)
    return text == "answer = ..." or bool(written and len(written.group(1).split()) <= 8)


def _leaks(notebook, lesson: Path, language: str) -> list[str]:
    problems = [f"cell tagged {sorted(_tags(c) & HIDDEN_TAGS)}" for c in notebook.cells if _tags(c) & HIDDEN_TAGS]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            problems += [f"an answer in code: {line.strip()!r}" for line in cell.source.splitlines()
                         if re.match(r"\s*answer\s*=", line) and not _placeholder(line)]
    text = _text(notebook)
    problems += [f"answer text: {secret[:60]!r}..." for secret in _secrets(lesson, language) if secret in text]
    return problems


@pytest.fixture(scope="module")
def learner_notebooks(tmp_path_factory):
    out = tmp_path_factory.mktemp("notebooks")
    written = write_learner_notebooks(find_lessons(), LANGUAGES, out)
    return out, written


def test_no_learner_notebook_holds_an_answer_in_any_language(learner_notebooks):
    out, written = learner_notebooks
    lessons = find_lessons()
    assert written == {language: len(lessons) for language in LANGUAGES}
    problems = []
    for language in LANGUAGES:
        for lesson in lessons:
            notebook = nbformat.read(out / language / lesson.name, as_version=4)
            problems += [f"{language}/{lesson.name}: {p}" for p in _leaks(notebook, lesson, language)]
    assert problems == [], "\n".join(problems)


def test_a_written_answers_placeholder_is_no_leak_but_an_answer_is():
    assert _placeholder('answer = """..."""') and _placeholder('answer = """Escribe dos o tres oraciones aquí."""')
    assert not _placeholder('answer = """The election was annulled on 10 May 1989, more than seven months before"""')
    assert not _placeholder('answer = "c"')


def test_the_leak_scan_finds_the_answers_in_a_source_lesson():
    """The scan above can fail: on a source lesson it finds the solution cells, the run sheet
    and the explanations (the facilitator's answer key prints them)."""
    lesson = ROOT / "lessons" / "01_panama_1989.ipynb"
    found = _leaks(nbformat.read(lesson, as_version=4), lesson, "en")
    assert any("cell tagged" in p for p in found) and any("answer in code" in p for p in found)
    assert any("answer text" in p for p in found)


def test_learner_notebooks_are_clean_runnable_copies_in_their_language(learner_notebooks):
    out, _written = learner_notebooks
    lesson = ROOT / "lessons" / "02_plan_colombia.ipynb"
    source = nbformat.read(lesson, as_version=4)
    placeholders = sum(c.source.count("answer = ...") for c in source.cells if not _tags(c) & HIDDEN_TAGS)
    for language in LANGUAGES:
        notebook = nbformat.read(out / language / lesson.name, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(c.outputs == [] and c.execution_count is None for c in code)
        assert "widgets" not in notebook.metadata
        assert sum(c.source.count("answer = ...") for c in code) == placeholders > 0
        setup = code[0].source
        if language == "en":
            assert "set_language" not in _text(notebook)
            assert notebook.cells[0].source == source.cells[0].source
        else:  # the lesson's language, from its first code cell on, and its prose translated
            assert setup.startswith(f'import helpers\nhelpers.set_language("{language}")\n')
            assert notebook.cells[0].source != source.cells[0].source
            assert sum("set_language" in c.source for c in code) == 1


def test_learner_notebooks_are_not_made_again_while_nothing_changed(learner_notebooks, tmp_path):
    out, _written = learner_notebooks
    again = write_learner_notebooks(find_lessons(), LANGUAGES, out)
    assert again == {language: 0 for language in LANGUAGES}
    # A lesson no longer in lessons/ (renamed, split) leaves no learner notebook behind.
    copy = tmp_path / "notebooks"
    shutil.copytree(out, copy)
    write_learner_notebooks(find_lessons()[1:], ("en",), copy)
    assert not (copy / "en" / find_lessons()[0].name).exists()


def _names(node, kind) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, kind)}


def test_no_learner_cell_needs_a_solution_cell():
    """Run All in a learner notebook runs without the solution cells: no later cell reads a
    name that only a solution cell defines (it would raise NameError)."""
    problems = []
    for lesson in find_lessons():
        defined, only_in_solutions = set(), set()
        for cell in nbformat.read(lesson, as_version=4).cells:
            if cell.cell_type != "code" or "facilitator" in _tags(cell):
                continue
            tree = ast.parse(cell.source)
            made = _names(tree, ast.Store) | {a.asname or a.name.split(".")[0] for n in ast.walk(tree)
                                              if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
            if "solution" in _tags(cell):
                only_in_solutions |= made - defined
                continue
            needed = (_names(tree, ast.Load) & only_in_solutions) - made
            problems += [f"{lesson.stem}: {sorted(needed)} come only from a solution cell" for _ in [1] if needed]
            defined |= made
            only_in_solutions -= made
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unanswered_check_says_the_exercise_is_still_open(language):
    from helpers import check
    from helpers.exercises import exercises
    from helpers.i18n import using_language

    with using_language(language):
        for key in exercises():
            feedback = check(key, ...)
            shown = repr(feedback)
            assert feedback.status == "missing" and not feedback.correct, key
            assert "✔" not in shown and not feedback.explanation, key
    english = "Replace the placeholder with your answer"
    assert (english in shown) == (language == "en"), shown


# ------------------------------------------------------------------ the learner's folder
def _edit(path: Path, old: str, new: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if old in c.source)
    cell.source = cell.source.replace(old, new, 1)
    nbformat.write(notebook, path)


def _run(path: Path) -> None:
    """What running a notebook changes: outputs, counts and kernel metadata, not its text."""
    notebook = nbformat.read(path, as_version=4)
    for n, cell in enumerate(c for c in notebook.cells if c.cell_type == "code"):
        cell.execution_count = n + 1
        cell.outputs = [nbformat.v4.new_output("stream", text="ran\n")]
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.9"}
    nbformat.write(notebook, path)


def test_lab_keeps_a_learners_edits_and_brings_the_new_version_beside_them(tiny_lessons, tmp_path, monkeypatch):
    """Re-running lab after the learner edited a lesson, and after the lesson changed: the
    edits survive, the new version is beside them; an unedited (only run) lesson is brought
    up to date; a deleted one comes back."""
    from helpers import lab

    monkeypatch.setenv("INTERVENTION_HISTORY_MY_LESSONS", str(tmp_path / "my-lessons"))
    built = tmp_path / "made"
    folder, done = lab.learner_folder("es", tiny_lessons, built)
    assert folder == tmp_path / "my-lessons" / "es"
    assert sorted(done.created) == ["00_alpha.ipynb", "01_beta.ipynb"]
    assert sorted(p.name for p in folder.iterdir()) == [".delivered.json", "00_alpha.ipynb", "01_beta.ipynb"]
    said = "\n".join(lab.say_delivery(folder, done, "es"))
    assert "Tus lecciones están en" in said and "2 lecciones listas" in said

    _edit(folder / "00_alpha.ipynb", "check(", "mine = 1789\ncheck(")  # the learner's work
    _run(folder / "01_beta.ipynb")  # run, not changed
    mine = (folder / "00_alpha.ipynb").read_bytes()
    _edit(tiny_lessons[0], "The first part.", "The first part, rewritten.")  # the pack changes
    _edit(tiny_lessons[1], "The first part.", "The first part, rewritten.")
    today = dt.date.today()
    folder, done = lab.learner_folder("es", tiny_lessons, built)
    beside = folder / new_version_name("00_alpha.ipynb", today)
    assert (folder / "00_alpha.ipynb").read_bytes() == mine, "the learner's edits were overwritten"
    assert done.beside == [("00_alpha.ipynb", beside.name)] and beside.is_file()
    assert "rewritten" in beside.read_text(encoding="utf-8")
    assert done.updated == ["01_beta.ipynb"]
    assert "rewritten" in (folder / "01_beta.ipynb").read_text(encoding="utf-8")
    said = "\n".join(lab.say_delivery(folder, done, "es"))
    assert f"la nueva está al lado: {beside.name}" in said, said

    # Again, with nothing new: no second copy. The learner deletes a lesson: it comes back.
    (folder / "01_beta.ipynb").unlink()
    folder, done = lab.learner_folder("es", tiny_lessons, built)
    assert done.beside == [] and done.created == ["01_beta.ipynb"]
    assert len(list(folder.glob("00_alpha*.ipynb"))) == 2

    # The lesson changes again, later: the untouched older new version gives way to the newest.
    _edit(tiny_lessons[0], "rewritten", "rewritten twice")
    assert write_learner_notebooks(tiny_lessons, ("es",), built, every=False) == {"es": 1}
    later = today + dt.timedelta(days=40)
    done = deliver(built / "es", folder, later)
    newest = folder / new_version_name("00_alpha.ipynb", later)
    assert done.beside == [("00_alpha.ipynb", newest.name)] and not beside.exists()
    assert "rewritten twice" in newest.read_text(encoding="utf-8")
    assert (folder / "00_alpha.ipynb").read_bytes() == mine


def test_the_learners_folder_holds_no_key_and_check_ignores_one_put_there(tiny_lessons, tmp_path, monkeypatch):
    from helpers import lab

    monkeypatch.setenv("INTERVENTION_HISTORY_MY_LESSONS", str(tmp_path / "my-lessons"))
    folder, _done = lab.learner_folder("en", tiny_lessons, tmp_path / "made")
    assert {p.suffix for p in folder.iterdir()} == {".ipynb", ".json"}
    assert not list(folder.glob("*.yml")) and not list(folder.rglob("*.po"))
    # A key file beside the notebook (or in the kernel's folder) is not what check() reads.
    (folder / "00_alpha.exercises.yml").write_text(
        "exercises:\n  alpha-1:\n    question: Q\n    type: number\n    answer: 1\n", encoding="utf-8")
    script = "from helpers import check; print(check('alpha-1', 1789).status, check('alpha-1', 1).status)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["correct", "incorrect"], done.stderr


@pytest.mark.parametrize("environ, fallback, expected", [
    ({"LANG": "es_AR.UTF-8"}, None, "es"),
    ({"LANG": "pt_BR.UTF-8"}, None, "pt"),
    ({"LANGUAGE": "pt_BR:en", "LANG": "en_US.UTF-8"}, None, "pt"),
    ({"LC_ALL": "C.UTF-8", "LANG": "es_MX.UTF-8"}, None, "en"),
    ({"LANG": "fr_FR.UTF-8"}, None, "en"),
    ({}, "Spanish_Mexico", "es"),   # Windows names its locales
    ({}, "Portuguese_Brazil", "pt"),
    ({}, "", "en"),
])
def test_lab_speaks_the_systems_language_if_spanish_or_portuguese(environ, fallback, expected):
    from helpers.lab import system_language

    assert system_language(environ, fallback) == expected


def test_lab_opens_the_learners_folder_or_the_facilitators_lessons(monkeypatch, tmp_path, capsys):
    from jupyterlab.labapp import LabApp

    from helpers import lab

    asked = []
    monkeypatch.setattr(LabApp, "launch_instance", classmethod(lambda cls, argv=None: asked.append(argv)))
    monkeypatch.setenv("INTERVENTION_HISTORY_MY_LESSONS", str(tmp_path / "my-lessons"))
    monkeypatch.setenv("INTERVENTION_HISTORY_LANG", "en")  # restored after the test
    assert lab.main(["--language", "pt", "--no-browser"]) == 0
    assert asked[-1] == ["--no-browser", str(tmp_path / "my-lessons" / "pt")]
    assert os.environ["INTERVENTION_HISTORY_LANG"] == "pt"
    assert "Suas lições estão em" in capsys.readouterr().out
    assert len(list((tmp_path / "my-lessons" / "pt").glob("*.ipynb"))) == len(find_lessons())
    assert lab.main(["--facilitator", "--language", "en"]) == 0
    assert asked[-1] == [f"--ContentsManager.pre_save_hook={lab.HOOK}", str(ROOT / "lessons")]
    assert "Facilitator" in capsys.readouterr().out


# ------------------------------------------------------------------ the facilitator's save hook
def test_saving_a_run_lesson_in_facilitator_mode_leaves_git_nothing_to_commit(tmp_path):
    """JupyterLab's contents manager, with the hook the lab job sets: a lesson opened, run and
    saved is byte for byte the committed file; an edit to its text is saved."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    from helpers.lab import HOOK

    lesson = ROOT / "lessons" / "00_getting_started.ipynb"
    shutil.copy(lesson, tmp_path / lesson.name)
    manager = FileContentsManager(root_dir=str(tmp_path), pre_save_hook=HOOK)
    model = manager.get(lesson.name)
    content = model["content"]
    for n, cell in enumerate(c for c in content.cells if c.cell_type == "code"):
        cell.execution_count = n + 1
        cell.outputs = [nbformat.v4.new_output("stream", text="ran\n")]
        cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    content.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    content.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    content.metadata["language_info"] = {"name": "python", "version": "3.11.9", "mimetype": "text/x-python"}
    manager.save({"type": "notebook", "format": "json", "content": content}, lesson.name)
    assert (tmp_path / lesson.name).read_bytes() == lesson.read_bytes()

    content.cells[0].source += "\n\nA facilitator's note."
    manager.save({"type": "notebook", "format": "json", "content": content}, lesson.name)
    saved = nbformat.read(tmp_path / lesson.name, as_version=4)
    assert saved.cells[0].source.endswith("A facilitator's note.")
    assert all(not c.get("outputs") for c in saved.cells)


# ------------------------------------------------------------------ the learner-edition branch
@pytest.mark.slow
def test_learner_branch_holds_learner_notebooks_and_the_keys_inside_the_package(tmp_path):
    """Built in a clone of the last commit (the job builds from HEAD): the branch has the
    learner notebooks, the package and the data, and no lessons/, exercises file, lesson
    catalogue or run sheet; check() works there in Spanish; a second run commits nothing."""
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "--quiet", "--shared", str(ROOT), str(clone)], check=True)
    command = [sys.executable, "-m", "helpers.publish.learner_branch"]
    answers = clone / "lessons" / "01_panama_1989.exercises.yml"
    answers.write_text(answers.read_text(encoding="utf-8") + "\n# not committed\n", encoding="utf-8")
    refused = subprocess.run(command, cwd=clone, capture_output=True, text=True)
    assert refused.returncode == 1 and "not committed yet" in refused.stderr, refused.stderr
    subprocess.run(["git", "checkout", "--", "lessons"], cwd=clone, check=True)
    made = subprocess.run(command, cwd=clone, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert "git push origin learner-edition" in made.stdout
    files = subprocess.run(["git", "ls-tree", "-r", "--name-only", "learner-edition"], cwd=clone,
                           capture_output=True, text=True, check=True).stdout.split("\n")
    assert not [f for f in files if f.startswith(("lessons/", "tests/")) or f.endswith((".exercises.yml",))]
    assert not [f for f in files if f.endswith(".po") and not f.startswith(("helpers/locale/", "data/locale/"))]
    for language in LANGUAGES:
        assert sorted(f for f in files if f.startswith(f"my-lessons/{language}/")) == \
            [f"my-lessons/{language}/{p.name}" for p in find_lessons()]
    assert {"helpers/lesson_keys.json.gz", "data/datapackage.json", "binder/postBuild", "pyproject.toml"} <= set(files)
    assert subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True,
                          text=True).stdout == "", "the job changed the clone's working tree"

    copy = tmp_path / "learner-copy"
    subprocess.run(["git", "worktree", "add", "--quiet", str(copy), "learner-edition"], cwd=clone, check=True)
    with gzip.open(copy / "helpers/lesson_keys.json.gz", "rt", encoding="utf-8") as file:
        packed = file.read()
    assert "Facilitator run sheet" not in packed and "Guion para quien facilita" not in packed
    script = ("from helpers import check, set_language, written_task, glossary_for; set_language('es'); "
              "f = check('panama-2', 'a'); print(f.status); print(f.explanation[:40]); "
              "print(check('panama-2', ...).status); written_task('01_panama_1989'); glossary_for('01_panama_1989')")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    ran = subprocess.run([sys.executable, "-c", script], cwd=copy / "my-lessons" / "es",
                         capture_output=True, text=True, env=env)
    assert ran.returncode == 0, ran.stderr
    status, why, unanswered = ran.stdout.splitlines()
    assert status == "correct" and why.startswith("El desmentido") and unanswered == "missing"

    again = subprocess.run(command, cwd=clone, capture_output=True, text=True)
    assert again.returncode == 0 and "up to date" in again.stdout


def test_a_damaged_lesson_does_not_stop_the_other_learner_notebooks(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    good, bad = ROOT / "lessons" / "00_getting_started.ipynb", lessons / "01_broken.ipynb"
    shutil.copy(good, lessons / good.name)
    bad.write_text("{", encoding="utf-8")
    skipped = []
    written = write_learner_notebooks([lessons / good.name, bad], ("en", "es"), tmp_path / "out", skipped=skipped)
    assert written == {"en": 1, "es": 1} and skipped == ["01_broken.ipynb"]
    assert (tmp_path / "out" / "es" / good.name).is_file()


def test_binders_postbuild_command_makes_the_learners_folders(tmp_path):
    """`python -m helpers.publish.notebooks --into my-lessons`, as binder/postBuild runs it."""
    from helpers.publish.notebooks import main

    assert main(["--into", str(tmp_path / "my-lessons")]) == 0
    for language in LANGUAGES:
        assert sorted(p.name for p in (tmp_path / "my-lessons" / language).glob("*.ipynb")) == \
            [p.name for p in find_lessons()]
