"""The Spanish and Portuguese editions stay in step with the English source: every message
translated and current, code still code, no figure that the English does not have, the same
exercises, and a visible banner when a translation predates a change in the English."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers.publish.translate import (TARGETS, all_catalogues, code_strings, lessons, status,
                                     translated_notebook)

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"\d(?:(?:[\d.\u00a0\u202f]|,(?=\d)| (?=\d{3}\b))*\d)?")
CHECK = re.compile(r"""check\(\s*["']([\w-]+)["']""")
CATALOGUES = [(language, kind, name, path, build) for language in TARGETS
              for kind, name, path, build in all_catalogues(language)]


def _figures(text: str) -> set[str]:
    """Every number in a text, with separators removed: 1,200 = 1.200 = 1 200; 13.4 = 13,4."""
    return {re.sub(r"[^\d]", "", n) for n in NUMBER.findall(text)}


# A figure's value, with the words that scale it, so that a translation may write a number the
# way its readers do: "1.3 billion" = "1.300 millones" = "1,3 mil millones" = "1,3 bilhão".
# (A century in Roman numerals, "siglo XXI" for "21st century", carries no figure at all.)
SCALES = [("mil millones", 1e9), ("billion", 1e9), ("bn", 1e9), ("bilhões", 1e9), ("bilhão", 1e9),
          ("trillion", 1e12), ("billones", 1e12), ("billón", 1e12), ("trilhões", 1e12), ("trilhão", 1e12),
          ("million", 1e6), ("millones", 1e6), ("millón", 1e6), ("milhões", 1e6), ("milhão", 1e6),
          ("thousand", 1e3), ("mil", 1e3)]
SCALED = re.compile("(" + NUMBER.pattern + r")(?:\s*(" + "|".join(w for w, _ in SCALES) + r")\b)?")


def _readings(number: str) -> set[float]:
    """A written number's possible values: '1.300' is 1300 or 1.3, '1,3' is 1.3 or 13."""
    plain = number.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    out = {float(re.sub(r"[^\d]", "", plain))}  # every mark a thousands separator
    for mark in ".,":
        whole, _, part = plain.rpartition(mark)
        if mark in plain and not re.search(r"[.,]", part):  # the last mark is a decimal one, the other kind
            # separates thousands ('1,566.87': only '.' can be the decimal mark)
            out.add(float(re.sub(r"[^\d]", "", whole) + "." + part))
    return out


def _value(number: float) -> float:
    """A value to 9 significant figures, so that 16.9 x 1e9 and 16900 x 1e6 compare equal."""
    return float(f"{number:.9g}")


def _values(text: str) -> set[float]:
    scale = dict(SCALES)
    return {_value(v * scale.get(word, 1)) for number, word in SCALED.findall(text)
            for v in _readings(number)}


def _new_figures(translation: str, english: str) -> list[str]:
    """Figures of a translation that the English does not have, as digits or as a value."""
    digits, values = _figures(english), _values(english)
    scale = dict(SCALES)
    return sorted(number for number, word in SCALED.findall(translation)
                  if re.sub(r"[^\d]", "", number) not in digits
                  and not {_value(v * scale.get(word, 1)) for v in _readings(number)} & values)


def test_figures_are_compared_as_values():
    assert not _new_figures("unos US$1.300 millones", "about $1.3 billion")
    assert not _new_figures("US$ 1,3 bilhão", "$1.3 billion")
    assert not _new_figures("el umbral del siglo XXI", "the threshold of the 21st century")
    assert not _new_figures("3.000 muertos", "3,000 dead")
    assert not _new_figures("unos 16.900 millones de dólares", "about $16.9 billion")
    assert _new_figures("unos US$1.400 millones", "about $1.3 billion") == ["1.400"]
    assert _new_figures("21 muertos en 1990", "21 dead") == ["1990"]


@pytest.mark.parametrize("language,kind,name,path,build", CATALOGUES,
                         ids=[f"{c[0]}-{c[1]}-{c[2] or c[1]}" for c in CATALOGUES])
def test_every_message_is_translated_and_current(language, kind, name, path, build):
    report = status(build(), path)
    assert not report["missing"] and not report["stale"], (
        f"{path.relative_to(ROOT)}: {len(report['missing'])} untranslated and "
        f"{len(report['stale'])} stale of {report['total']} messages (first: "
        f"{(report['missing'] + report['stale'])[:5]}). Run "
        "'python -m helpers translate update', translate the empty and fuzzy entries, "
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
            extra = _new_figures(other.source, cell.source)
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
            extra = _new_figures(message.string, message.id)
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
    from helpers.publish.handouts import add_language_switch, build_language

    lesson = lessons()[0]
    from helpers.publish.handouts import build_handouts

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


@pytest.mark.parametrize("language", TARGETS)
def test_a_translations_dollars_open_no_math_span(language):
    """'US$1.300 ... US$860' made a TeX span of the words between (lesson 02's CRS link showed as
    raw markdown on the Spanish page): every dollar of a translated markdown cell is text."""
    for lesson in lessons():
        notebook, _stale = translated_notebook(lesson, language)
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                assert not re.search(r"(?<!\\)\$", cell.source), f"{lesson.name} {language}: {cell.source[:80]}"


def test_catalogues_carry_no_old_msgid_debris(tmp_path):
    """Babel writes a changed entry's old msgid as '#| msgid' lines and read them back as
    translator comments, which grew with every update (1,300 entries by December 2026). No
    catalogue carries translator comments now, and writing one drops them, keeping the old msgid
    only on an entry still marked fuzzy."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    from helpers.publish.translate import _write

    for path in sorted(ROOT.glob("*/locale/*/LC_MESSAGES/*.po")) + sorted(ROOT.glob("helpers/locale/*/LC_MESSAGES/*.po")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^# \|", text, re.M), f"{path.relative_to(ROOT)}: old msgid debris"
    catalog = Catalog(locale="es")
    catalog.add("New words", "Palabras nuevas", context="a", user_comments=["| msgid \"Old words\""],
                previous_id="Old words")
    catalog.add("Changed", "Cambiado", context="b", flags=["fuzzy"], previous_id="Before")
    _write(catalog, tmp_path / "x.po")
    written = (tmp_path / "x.po").read_text(encoding="utf-8")
    assert "Old words" not in written and "# |" not in written
    assert '#| msgid "Before"' in written


@pytest.mark.parametrize("language", TARGETS)
def test_the_packs_notes_in_a_sources_title_are_in_the_readers_language(language):
    """'(title from URL slug)' is the pack's note, not the source's words: a Spanish or Portuguese
    reader gets it in their language (marked so), the title itself stays as published."""
    from helpers.citations import _annotations, title_html
    from helpers.i18n import using_language

    for english in _annotations():
        title = f"Panama Nullifies Vote (AP; {english})"
        assert title_html(title) == title.replace("&", "&amp;")  # English: as stored
        with using_language(language):
            shown = title_html(title)
        assert english not in shown and f"<span lang='{language}'>" in shown, shown
        assert shown.startswith("Panama Nullifies Vote (AP; ")
