"""Spanish and Portuguese handouts speak their language all the way through: the banner, the
folded code, the answer fields, the answer sheet, the written-task box, the data box under each
chart, the index, glossary and about pages, and the kernel-free self-check's feedback.

Lesson 00 (exercises, no chart) and lesson 01 (charts, a written task) are built in both
languages once for the module.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import answer

from helpers.publish.handouts import build_language
from helpers.publish.translate import lessons

pytestmark = [pytest.mark.slow]

# English chrome that must not show on a translated page (lesson text is the lessons' catalogues'
# business, so only the handout's own words are listed).
ENGLISH = ["Show code", "Learner edition", "Facilitator edition", "Answer sheet", "All lessons",
           "What is shown", "As of", "How processed", "Do sources disagree?", "Download this chart",
           "Your answer to exercise", ">Check<", "Code is folded away", "On paper: write your answers",
           "Written task", "Rubric: what each level looks like", "I have written it",
           "Intervention History teaching pack,", "About the data and how to cite"]
EXPECTED = {
    "es": {"lesson": ["Mostrar código", "Edición para participantes", "Hoja de respuestas",
                      "Todas las lecciones", "Comprobar", "Tu respuesta al ejercicio"],
           "chart": ["Qué se muestra", "Fecha de los datos", "¿Discrepan las fuentes?",
                     "Descarga los datos de este gráfico", "Tarea escrita"],
           "index": ["Lecciones", "Edición para participantes"],
           "facilitator": ["Edición para quien facilita (con respuestas)"],
           "about": ["Sobre los datos", "Cómo citar"], "glossary": ["Glosario"]},
    "pt": {"lesson": ["Mostrar código", "Folha de respostas", "Verificar"],
           "chart": ["Fontes"],
           "index": ["Lições"], "facilitator": ["Lições"], "about": ["Como citar"], "glossary": ["Glossário"]},
}


def chosen() -> list[Path]:
    return [lesson for lesson in lessons() if lesson.stem.startswith(("00_", "01_"))]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts_languages")
    cache = tmp_path_factory.mktemp("cache_languages")
    for language in EXPECTED:
        code, _results = build_language(language, chosen(), out, cache, 1)
        assert code == 0, language
    return out


def visible(path: Path) -> str:
    """A page's words as a reader sees them: no scripts, styles or folded code."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", text, flags=re.S)
    text = re.sub(r'<pre class="ih-source-code">.*?</pre>', " ", text, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", text))


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_translated_pages_carry_no_english_chrome(pages, language):
    folder = pages / language
    stems = [lesson.stem for lesson in chosen()]
    lesson_pages = [folder / f"{stem}{suffix}.html" for stem in stems for suffix in ("", ".facilitator")]
    for path in lesson_pages + [folder / "index.html", folder / "facilitator.html", folder / "about.html",
                         folder / "glossary.html"]:
        assert path.exists(), path
        raw = path.read_text(encoding="utf-8")
        text = visible(path)
        for words in ENGLISH:
            if words == ">Check<":
                assert ">Check</button>" not in raw, path
            else:
                assert words not in text, (path.name, words)
        if path.name.startswith(tuple(stems)):
            for words in EXPECTED[language]["lesson"]:
                assert words in text, (path.name, words)
            # handout.js's words travel with the page, in a data block the CSP does not run
            block = re.search(r'<script(?=[^>]*type="application/json")[^>]*id="ih-strings"[^>]*>', raw)
            assert block, path
    chart_page = visible(folder / f"{stems[1]}.html")
    for words in EXPECTED[language]["chart"]:
        assert words in chart_page, words
    for page in ("index", "facilitator", "about", "glossary"):
        text = visible(folder / f"{page}.html")
        for words in EXPECTED[language][page]:
            assert words in text, (page, words)


@pytest.mark.browser
def test_spanish_self_check_answers_in_spanish(pages, offline):
    """A wrong and then a right answer in one exercise of the Spanish page: the feedback, the
    hint and the explanation are Spanish, and the page runs under its CSP without errors."""
    from helpers.exercises import exercises, localized

    stem = chosen()[0].stem
    page_path = pages / "es" / f"{stem}.html"
    raw = page_path.read_text(encoding="utf-8")
    # one exercise with a number or text answer, from the lesson's file
    specs = exercises(stem)
    key = next(k for k, s in specs.items() if s.get("type") in ("number", "text", "choice")
               and re.search(r"""data-ih-exercise=["']""" + re.escape(k) + r"""["']""", raw))
    spec = specs[key]
    spanish = localized(spec, "es")
    assert spanish.get("explanation") and spanish["explanation"] != spec.get("explanation")
    right = spec["answer"][0] if isinstance(spec["answer"], list) else spec["answer"]
    wrong = {"number": "-999999", "text": "zzzz", "choice": "a"}[spec["type"]]
    if spec["type"] == "choice" and str(spec["answer"]).strip().lower() in ("a", str(spec["options"][0]).lower()):
        wrong = "b"

    page, seen = offline(page_path)
    status, text = answer(page, key, wrong)
    assert status in ("incorrect", "partial"), text
    assert "Todavía no" in text or "En parte correcto" in text, text
    assert "Not yet" not in text and "Look at" not in text, text
    status, text = answer(page, key, "")
    assert status == "missing" and "Escribe tu respuesta" in text, text
    status, text = answer(page, key, str(right))
    assert status == "correct", text
    assert "Correcto" in text and spanish["explanation"][:40] in text, text
    assert not seen.errors and not seen.left, (seen.errors, seen.left)
