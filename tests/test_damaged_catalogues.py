"""Damaged translations are named, never published (defect 6 of the reliability test): a
catalogue that is not UTF-8, a line without its closing quote, a {placeholder} unlike the
English's, a missing catalogue. Each is one line naming the file and line and what to do; the
messages concerned show in English (the page says whether there is no translation or an older
one); `translate update` and `status` refuse to write the damage back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSON_PO = ROOT / "lessons/locale/es/LC_MESSAGES/01_panama_1989.po"
HELPERS_PO = ROOT / "helpers/locale/es/LC_MESSAGES/helpers.po"
COCA = "How much land grew coca? {n} sources, {n} series"


def _cut_closing_quote(text: str) -> tuple[str, int, str]:
    """Remove the closing quote of the first msgstr line that ends in \\n": (text, line, msgid)."""
    from babel.messages.pofile import read_po

    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("msgctxt"))  # after the header
    number = next(i for i, line in enumerate(lines) if i > first and line.startswith('"')
                  and line.endswith('\\n"') and lines[i - 1].startswith("msgstr"))
    lines[number] = lines[number][:-1]
    catalog = read_po(iter(text.split("\n")))
    message = max((m for m in catalog if m.id and m.lineno and m.lineno <= number + 1), key=lambda m: m.lineno)
    return "\n".join(lines), number + 1, message.id


def test_a_catalogue_that_is_not_utf8_is_named_with_its_line(tmp_path):
    from helpers.i18n import read_catalogue

    path = tmp_path / "04.po"
    path.write_bytes(LESSON_PO.read_text(encoding="utf-8").encode("latin-1", "replace"))
    loaded = read_catalogue(path)
    assert loaded.usable == {} and len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert problem.startswith(f"{path} line ") and "not UTF-8" in problem and "iconv" in problem, problem


def test_a_line_without_its_closing_quote_is_named_and_its_message_shows_in_english(tmp_path):
    from helpers.i18n import messages, read_catalogue

    text, line, msgid = _cut_closing_quote(LESSON_PO.read_text(encoding="utf-8"))
    path = tmp_path / "01.po"
    path.write_text(text, encoding="utf-8")
    loaded = read_catalogue(path)
    assert loaded.problems == [loaded.problems[0]] and loaded.problems[0].startswith(f"{path} line {line}:")
    assert "closing quote" in loaded.problems[0]
    good = messages(LESSON_PO)
    assert not any(key[1] == msgid for key in loaded.usable)  # that message falls back to English
    assert len(loaded.usable) == len(good) - 1
    assert not any(value.endswith("\\") for value in loaded.usable.values())  # no stray backslash


def test_a_placeholder_unlike_the_englishs_falls_back_to_english_at_run_time(tmp_path, monkeypatch):
    """A typo such as {m} for {n} used to raise KeyError: 'm' in a lesson cell (and in
    JupyterLab after set_language): the English shows instead, and the file and line are named."""
    import helpers.i18n as i18n
    import helpers.paths as paths

    helpers = tmp_path / "helpers"
    target = helpers / "locale/es/LC_MESSAGES/helpers.po"
    target.parent.mkdir(parents=True)
    text = HELPERS_PO.read_text(encoding="utf-8")
    assert "{n} fuentes, {n} series" in text
    target.write_text(text.replace("{n} fuentes, {n} series", "{n} fuentes, {m} series"), encoding="utf-8")
    monkeypatch.setattr(paths, "HELPERS", helpers)
    with i18n.using_language("es"):
        assert i18n._(COCA).format(n=3) == "How much land grew coca? 3 sources, 3 series"
        assert i18n._("Learner edition") != "Learner edition"  # the rest is still Spanish
    problems = i18n.read_catalogue(target).problems
    assert len(problems) == 1 and "({m}, {n}) are not the English's ({n})" in problems[0], problems


def test_the_pack_catalogues_have_no_damage():
    from helpers.publish.translate import TARGETS, all_catalogues
    from helpers.i18n import read_catalogue

    problems = [p for language in TARGETS for *_, path, _build in all_catalogues(language)
                for p in read_catalogue(path).problems]
    assert not problems, problems


@pytest.mark.parametrize("command", ["update", "status"])
def test_translate_refuses_to_write_a_damaged_catalogue_back(tmp_path, monkeypatch, capsys, command):
    import helpers.publish.translate as translate

    text, line, _msgid = _cut_closing_quote(LESSON_PO.read_text(encoding="utf-8"))
    path = tmp_path / "01_panama_1989.po"
    path.write_text(text, encoding="utf-8")
    lesson = ROOT / "lessons/01_panama_1989.ipynb"
    monkeypatch.setattr(translate, "all_catalogues", lambda language: [
        ("lesson", lesson.stem, path, lambda: translate.lesson_template(lesson))])
    assert translate.main([command, "--language", "es"]) == 1
    assert path.read_text(encoding="utf-8") == text  # nothing written back
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith(f"{path} line {line}: ") and "closing quote" in err[0], err
    assert len(err) == 2 and "did not run" in err[1], err


def test_a_missing_or_damaged_catalogue_is_one_build_warning_each(tmp_path, monkeypatch):
    import helpers.paths as paths
    from helpers.publish.handouts import catalogue_warnings

    helpers = tmp_path / "helpers"  # no helpers.po
    (helpers / "locale/es/LC_MESSAGES").mkdir(parents=True)
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons/locale/es", lessons / "locale/es")
    (lessons / "locale/es/LC_MESSAGES/00_getting_started.po").unlink()
    text, line, _ = _cut_closing_quote(LESSON_PO.read_text(encoding="utf-8"))
    (lessons / "locale/es/LC_MESSAGES/01_panama_1989.po").write_text(text, encoding="utf-8")
    monkeypatch.setattr(paths, "HELPERS", helpers)
    monkeypatch.setenv("INTERVENTION_HISTORY_LESSONS", str(lessons))
    monkeypatch.setenv("INTERVENTION_HISTORY_DATA", str(tmp_path / "data"))  # no data.po
    chosen = [ROOT / "lessons/00_getting_started.ipynb", ROOT / "lessons/01_panama_1989.ipynb",
              ROOT / "lessons/02_plan_colombia.ipynb"]
    lines = catalogue_warnings("es", chosen)
    assert len(lines) == 4 and all("\n" not in one for one in lines), lines
    missing, damaged, helpers_missing, data_missing = lines
    assert "00_getting_started.po is missing" in missing and "translate update --language es" in missing
    assert f"01_panama_1989.po line {line}: " in damaged and "that message shows in English" in damaged
    assert "helpers.po is missing, so the buttons, feedback and labels show in English" in helpers_missing
    assert "data.po is missing" in data_missing


def test_the_banner_says_whether_there_is_no_translation_or_an_older_one(tmp_path):
    import nbformat

    from helpers.publish.translate import translated_notebook

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(ROOT / "lessons/00_getting_started.ipynb", lessons)
    lesson = lessons / "00_getting_started.ipynb"
    notebook, _ = translated_notebook(lesson, "es")  # no catalogue at all
    banner = next(c.source for c in notebook.cells if c["id"] == "lang-banner")
    assert "todavía no tiene traducción" in banner and "anterior" not in banner, banner
    (lessons / "locale/es/LC_MESSAGES").mkdir(parents=True)
    (lessons / "locale/es/LC_MESSAGES/00_getting_started.po").write_bytes(b"")  # empty
    notebook, _ = translated_notebook(lesson, "es")
    assert "todavía no tiene traducción" in next(c.source for c in notebook.cells if c["id"] == "lang-banner")
    shutil.copy(ROOT / "lessons/locale/pt/LC_MESSAGES/00_getting_started.po", lessons / "locale/es/LC_MESSAGES")
    english = nbformat.read(lesson, as_version=4)
    english.cells[1].source += "\n\nA sentence added to the English."  # one part now older
    nbformat.write(english, lesson)
    notebook, _ = translated_notebook(lesson, "es")
    banner = next(c.source for c in notebook.cells if c["id"] == "lang-banner")
    assert "1 parte se muestra en inglés" in banner and "todavía no" not in banner, banner


@pytest.mark.slow
def test_a_damaged_edition_builds_names_each_fault_and_shows_english(tmp_path, data_copy, tiny_lessons, capsys):
    """In one Spanish build: a broken exercises file fails its own lesson only (case 7.6: it
    used to fail every lesson that calls check()); a Latin-1 catalogue (which used to stop the
    whole language with a traceback), a catalogue line without its closing quote and a missing
    data.po are one warning each, and the page shows those words in English."""
    from helpers.publish.handouts import build_language

    alpha, beta = tiny_lessons
    (alpha.parent / "00_alpha.exercises.yml").write_text("exercises:\n  alpha-1: {answer: 'unclosed\n",
                                                         encoding="utf-8")
    latin = alpha.parent / "locale/es/LC_MESSAGES/00_alpha.po"
    latin.write_bytes(latin.read_text(encoding="utf-8").replace("ES The first part.", "ES Sección uno.")
                      .encode("latin-1"))
    po = beta.parent / "locale/es/LC_MESSAGES/01_beta.po"
    text = po.read_text(encoding="utf-8")
    line = text.split("\n").index('msgstr "ES The first part."') + 1
    po.write_text(text.replace('msgstr "ES The first part."', 'msgstr "ES The first part.'), encoding="utf-8")
    (data_copy / "locale/es/LC_MESSAGES/data.po").unlink()
    status, _results = build_language("es", tiny_lessons, tmp_path / "out", tmp_path / "cache", 2)
    out, err = capsys.readouterr()
    assert status == 1
    failed = [row for row in out.splitlines() if "FAILED" in row]
    assert len(failed) == 1 and "00_alpha: FAILED" in failed[0], out
    assert "lessons/00_alpha.exercises.yml line " in failed[0] and "not valid YAML" in failed[0], failed
    assert "01_beta: executed" in out
    warnings = [row for row in out.splitlines() if row.startswith("Warning: ")]
    assert any(f"01_beta.po line {line}: the text has no closing quote" in w for w in warnings), warnings
    assert any("00_alpha.po line " in w and "not UTF-8" in w for w in warnings), warnings
    assert "Traceback" not in out + err
    assert any("data.po is missing, so the tables' words show in English" in w for w in warnings), warnings
    page = (tmp_path / "out/es/01_beta.html").read_text(encoding="utf-8")
    assert "The first part." in page and "ES The first part" not in page  # English, no stray "\"
    assert "ES The year is 1848." in (tmp_path / "out/es/01_beta.facilitator.html").read_text(encoding="utf-8")
    assert "US halts $26 million in aid to Panama" in page  # pa_evt_004's title: data.po is gone
