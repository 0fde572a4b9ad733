"""Answers in the reader's language, on the handout pages a reader opens (Chromium, offline):
lesson 05 (the verdict scale) and lesson 03b (a text answer, a set of letters) built in Spanish
and Portuguese. The same answers go through check() too, so the two routes agree.

What a reader types is the edition's own words: verdict names ("contradicha", "contradita"),
lists joined by "y" / "e" (Portuguese asks for commas where "e" is also an option's letter), a
surname with a slip in it; and what means something else is not right ("no Cabello", a list of
every candidate)."""

from __future__ import annotations

import pytest
from conftest import answer

from helpers.publish.handouts import build_language
from helpers.publish.translate import lessons

pytestmark = [pytest.mark.slow, pytest.mark.browser]

STEMS = ("03b_", "05_")
CASES = {  # (lesson stem start, exercise, typed, status, words the feedback must contain)
    "es": [("05_", "claims-2", "contradicha", "correct", "Correcto"),
           ("05_", "claims-2", "Contradicha", "correct", "Correcto"),
           ("05_", "claims-2", "mal atribuida", "incorrect", "Todavía no"),
           ("05_", "claims-2", "casi cierta", "invalid", "siete veredictos"),
           ("05_", "claims-2", "parcialmente respaldada", "defensible", "Defendible"),
           ("05_", "claims-6", "no verificable en principio", "incorrect", "Todavía no"),  # the lesson's point: it can be tested
           ("03b_", "venezuela-b-3", "b y c", "correct", "Correcto"),
           ("03b_", "venezuela-b-4", "Cabelo", "correct", "casi exacta"),
           ("03b_", "venezuela-b-4", "no Cabello", "incorrect", "Todavía no"),
           ("03b_", "venezuela-b-4", "Maduro Padrino Cabello Rodríguez", "incorrect", "Todavía no"),
           ("03b_", "venezuela-b-2", "10", "correct", "Correcto")],
    "pt": [("05_", "claims-2", "contradita", "correct", "Correto"),
           ("05_", "claims-2", "contradicted", "correct", "Correto"),
           ("05_", "claims-5", "parcialmente sustentada", "defensible", "Defensável"),
           ("05_", "claims-7", "não verificada aqui", "defensible", "Defensável"),
           ("05_", "claims-2", "quase certa", "invalid", "sete veredictos"),
           ("03b_", "venezuela-b-3", "b e c", "invalid", "vírgulas"),
           ("03b_", "venezuela-b-3", "b, c", "correct", "Correto"),
           ("03b_", "venezuela-b-4", "Cabello? não, Padrino", "incorrect", "Ainda não"),
           ("03b_", "venezuela-b-4", "Diosdado Cabello", "correct", "Correto")],
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("answers_in_language")
    cache = tmp_path_factory.mktemp("answers_in_language_cache")
    chosen = [lesson for lesson in lessons() if lesson.stem.startswith(STEMS)]
    for language in CASES:
        code, _results = build_language(language, chosen, out, cache, 1)
        assert code == 0, language
    return {(language, lesson.stem[:lesson.stem.index("_") + 1]): out / language / f"{lesson.stem}.html"
            for language in CASES for lesson in chosen}


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_reader_answers_in_their_language_on_the_handout(pages, offline, language):
    for stem in STEMS:
        page, seen = offline(pages[(language, stem)])
        for lesson, key, typed, status, words in CASES[language]:
            if lesson != stem:
                continue
            got, text = answer(page, key, typed)
            assert (got, words in text) == (status, True), f"{language} {key} {typed!r}: {got}: {text}"
        assert not seen.errors and not seen.left, (seen.errors, seen.left)


@pytest.mark.parametrize("language", sorted(CASES))
def test_check_agrees_with_the_handout(language):
    from helpers import check
    from helpers.i18n import using_language

    with using_language(language):
        for _lesson, key, typed, status, words in CASES[language]:
            feedback = check(key, typed)
            shown = repr(feedback)
            assert feedback.status == status, (key, typed, shown)
            assert words in shown, (key, typed, shown)
