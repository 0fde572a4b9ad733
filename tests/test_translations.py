"""The Spanish and Portuguese editions stay in step with the English source: every message
translated and current, code still code, no figure that the English does not have, the same
exercises, and a visible banner when a translation predates a change in the English."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers.build.translate import (TARGETS, all_catalogues, code_strings, lessons, status,
                                     translated_notebook)

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"\d(?:(?:[\d.\u00a0\u202f]|,(?=\d)| (?=\d{3}\b))*\d)?")
CHECK = re.compile(r"""check\(\s*["']([\w-]+)["']""")
CATALOGUES = [(language, kind, name, path, build) for language in TARGETS
              for kind, name, path, build in all_catalogues(language)]


def _figures(text: str) -> set[str]:
    """Every number in a text, with separators removed: 1,200 = 1.200 = 1 200; 13.4 = 13,4."""
    return {re.sub(r"[^\d]", "", n) for n in NUMBER.findall(text)}


@pytest.mark.parametrize("language,kind,name,path,build", CATALOGUES,
                         ids=[f"{c[0]}-{c[1]}-{c[2] or c[1]}" for c in CATALOGUES])
def test_every_message_is_translated_and_current(language, kind, name, path, build):
    report = status(build(), path)
    assert not report["missing"] and not report["stale"], (
        f"{path.relative_to(ROOT)}: {len(report['missing'])} untranslated and "
        f"{len(report['stale'])} stale of {report['total']} messages (first: "
        f"{(report['missing'] + report['stale'])[:5]}). Run "
        "'python -m helpers.build.translate update', translate the empty and fuzzy entries, "
        "and remove the fuzzy flag of each one you have checked.")


@pytest.mark.parametrize("language", TARGETS)
@pytest.mark.parametrize("lesson", lessons(), ids=lambda p: p.stem)
def test_translated_lesson_is_the_same_lesson(language, lesson):
    english = nbformat.read(lesson, as_version=4)
    translated, _stale = translated_notebook(lesson, language)
    by_id = {c["id"]: c for c in translated.cells}
    for cell in english.cells:
        other = by_id[cell["id"]]
        assert other.cell_type == cell.cell_type
        assert other.get("metadata", {}).get("tags", []) == cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code":
            compile(other.source, f"{lesson.stem}:{cell['id']}", "exec")
            assert CHECK.findall(other.source) == CHECK.findall(cell.source), (
                f"{lesson.stem} {cell['id']}: the {language} edition checks other exercises")
            assert len(code_strings(other.source)) == len(code_strings(cell.source))
        else:
            extra = _figures(other.source) - _figures(cell.source)
            assert not extra, (f"{lesson.stem} {cell['id']} ({language}) carries figures the "
                               f"English does not have: {sorted(extra)}")


@pytest.mark.parametrize("language", TARGETS)
def test_translated_tables_words_carry_no_new_figures(language):
    from babel.messages.pofile import read_po

    path = ROOT / "data" / "locale" / language / "LC_MESSAGES" / "data.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            extra = _figures(message.string) - _figures(message.id)
            assert not extra, f"{message.context} ({language}): new figures {sorted(extra)}"


def test_a_changed_english_cell_shows_in_english_with_a_banner(tmp_path):
    """Copy a translated lesson, change one English cell: the edition keeps building, shows
    that cell in English, and says the translation predates the change."""
    lesson = lessons()[0]
    root = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", root)
    copy = root / lesson.name
    notebook = nbformat.read(copy, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "markdown" and c["id"] != notebook.cells[0]["id"])
    cell.source += "\n\nA sentence added to the English after the translation."
    nbformat.write(notebook, copy)
    for language in TARGETS:
        translated, stale = translated_notebook(copy, language)
        assert stale >= 1
        texts = [c.source for c in translated.cells]
        assert any("A sentence added to the English" in t for t in texts)
        assert translated.cells[2]["id"] == "lang-banner" and str(stale) in translated.cells[2].source
        assert translated.metadata["intervention_history"]["language"] == language


def test_helpers_speak_the_chosen_language():
    from helpers import check
    from helpers.exercises import exercises
    from helpers.i18n import using_language

    key = next(k for k, s in exercises().items() if s.get("type") == "number")
    for language, word in (("es", "Todavía no"), ("pt", "Ainda não")):
        with using_language(language):
            assert word in repr(check(key, -10**9))
    with using_language("en"):
        assert "Not yet" in repr(check(key, -10**9))


@pytest.mark.slow
def test_spanish_and_portuguese_handouts_build_with_a_language_switch(tmp_path):
    from helpers.build.translate import add_language_switch, build_language

    lesson = lessons()[0]
    from helpers.build.__main__ import build_handouts

    status, _ = build_handouts([lesson], tmp_path, 1, cache_dir=tmp_path / "cache")
    assert status == 0
    for language in TARGETS:
        code, _ = build_language(language, [lesson], tmp_path, tmp_path / "cache", 1)
        assert code == 0
    add_language_switch(tmp_path)
    for language, path in (("en", tmp_path / f"{lesson.stem}.html"),
                           *[(code, tmp_path / code / f"{lesson.stem}.html") for code in TARGETS]):
        page = path.read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{language}"', page), path
        assert 'class="ih-languages"' in page and 'aria-current="page"' in page
        for other in TARGETS:
            if other != language:
                assert f'hreflang="{other}"' in page


@pytest.mark.parametrize("language", TARGETS)
def test_describe_gives_every_fields_meaning_in_the_language(language):
    """describe()'s meanings come from data.po (context 'field'): none stays in English."""
    from helpers import describe
    from helpers.catalog import table_names
    from helpers.i18n import using_language

    for name in table_names():
        english = describe(name)["meaning"]
        with using_language(language):
            shown = describe(name)["meaning"]
        same = [text for text, other in zip(english, shown) if text and text == other]
        assert not same, f"{name} ({language}): meanings still in English: {same[:3]}"
