"""Short written answers (``answer_type: written``, issue 25, MECH_SPEC 2): two or three
sentences a learner writes, then compares with a model answer and a rubric line; never a ✔.

Checked from the learner's seat in the kernel (``check()``, ``explain()``, ``answer_key()``), in
the translation extraction, and in a handout opened in Chromium, in English and Spanish. One
small lesson is made here (no kernel), so these tests do not depend on the lessons.
"""

from __future__ import annotations

import base64
import html
import json
import re
import textwrap

import nbformat
import pytest

LESSON = "98_written"
MODEL = ("Southern Command counted 202 dead and the commission 331 named dead; the named list "
         "is the better evidence because each death can be checked against a person.")
RUBRIC = "names who counted, gives both figures, and says which is better evidenced and why"
MODEL_ES = ("El Comando Sur contó 202 muertos y la comisión 331 muertos con nombre; la lista con "
            "nombres es la mejor evidencia porque cada muerte puede cotejarse con una persona.")
RUBRIC_ES = "nombra quién contó, da ambas cifras y dice cuál está mejor respaldada y por qué"
YAML = textwrap.dedent(f"""\
    exercises:
      wr-1:
        objective: 1
        kind: judgement
        answer_type: written
        question: Which of the two counts is better evidenced, and why? Answer in two or three sentences.
        model_answer: "{MODEL}"
        rubric_line: "{RUBRIC}"
        min_words: 12
      wr-choice:
        objective: 1
        kind: lookup
        question: "Which? (a) one (b) two"
        type: choice
        options: [one, two]
        answer: two
        explanation: "Two is the key's answer here, for a reason."
    """)
LONG = ("The commission's list is better evidenced than the army's count, because every name on "
        "it can be checked, and the army counted its own dead.")


@pytest.fixture
def written_lesson(tmp_path, monkeypatch):
    """The small lesson's exercises file, with a Spanish catalogue, read instead of the pack's."""
    from helpers.publish.translate import _write, lesson_template, update

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / f"{LESSON}.exercises.yml").write_text(YAML, encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 98 · Written")])
    nbformat.write(notebook, lessons / f"{LESSON}.ipynb")
    monkeypatch.setenv("INTERVENTION_HISTORY_LESSONS", str(lessons))
    path = lessons / "locale" / "es" / "LC_MESSAGES" / f"{LESSON}.po"
    catalog = update(lesson_template(lessons / f"{LESSON}.ipynb"), path, "es")
    spanish = {MODEL: MODEL_ES, RUBRIC: RUBRIC_ES}
    for message in catalog:
        if message.id:
            message.string = spanish.get(message.id, "ES " + message.id)
    _write(catalog, path)
    return lessons


# ---------------------------------------------------------------- in the kernel
def test_translation_extraction_offers_the_model_answer_and_the_rubric_line(written_lesson):
    from helpers.publish.translate import exercise_messages

    found = dict(exercise_messages(LESSON, written_lesson.parent))
    assert found["exercise|wr-1|model_answer"] == MODEL
    assert found["exercise|wr-1|rubric_line"] == RUBRIC
    assert found["exercise|wr-1|question"].startswith("Which of the two counts")


def test_a_written_answer_asks_for_sentences_then_shows_the_model_answer(written_lesson):
    from helpers import check
    from helpers.exercises import exercises, explain

    assert exercises(LESSON)["wr-1"]["type"] == "written"
    assert check("wr-1", "...").status == "missing"
    assert check("wr-1", 42).status == "invalid" and '"""' in check("wr-1", 42).message
    short = check("wr-1", "The commission, because names.")
    assert short.status == "short" and "12" in short.message and MODEL not in repr(short)
    assert not short.explanation, "the model answer showed before the learner wrote enough"
    full = check("wr-1", LONG)
    assert full.status == "compare" and not full.correct
    assert full.explanation == MODEL and full.rubric == RUBRIC
    for shown in (repr(full), full._repr_html_()):
        assert "✔" not in shown, "a written answer is never ticked: the learner judges it"
        assert "Model answer:" in shown and "What a good answer does:" in shown
        assert html.escape(MODEL) in shown or MODEL in shown
    assert explain("wr-1").explanation == MODEL and explain("wr-1").rubric == RUBRIC


def test_the_facilitator_key_gives_the_model_answer_and_the_rubric_line(written_lesson):
    from helpers import answer_key

    key = answer_key(LESSON)._repr_html_()
    assert html.escape(MODEL) in key and html.escape(RUBRIC) in key
    assert "Two is the key" in key  # the other exercises are unchanged


def test_feedback_in_spanish_with_the_lessons_translation(written_lesson):
    from helpers import check
    from helpers.i18n import using_language

    with using_language("es"):
        short = check("wr-1", "La comisión, por los nombres.")
        full = check("wr-1", LONG)
        shown = repr(full)
    assert "Escribe dos o tres oraciones" in short.message, short.message
    assert full.explanation == MODEL_ES and full.rubric == RUBRIC_ES
    assert "Respuesta modelo:" in shown and "Qué hace una buena respuesta:" in shown and "✔" not in shown


# ---------------------------------------------------------------- in a handout
@pytest.fixture
def written_pages(written_lesson, tmp_path):
    from helpers.publish.export import export
    from helpers.publish.handouts import set_page_language
    from helpers.i18n import using_language

    cells = [nbformat.v4.new_markdown_cell("# 98 · Written\n**Time:** 10 min\n\n**Central question:** *Why?*"),
             nbformat.v4.new_code_cell("from helpers import check"),
             nbformat.v4.new_markdown_cell("### Exercise 1: which count? (about 4 min of this part)"),
             nbformat.v4.new_code_cell('answer = """..."""\ncheck("wr-1", answer)'),
             nbformat.v4.new_code_cell('answer = "b"\ncheck("wr-choice", answer)')]
    notebook = nbformat.v4.new_notebook(cells=cells)
    out = tmp_path / "out"
    pages = {which: export(notebook, LESSON, which, out) for which in ("learner", "facilitator")}
    with using_language("es"):
        pages["learner_es"] = export(notebook, LESSON, "learner", out / "es")
    set_page_language(pages["learner_es"], "es")
    return pages


def test_the_learner_page_keeps_the_model_answer_out_of_sight(written_pages):
    learner = written_pages["learner"].read_text(encoding="utf-8")
    facilitator = written_pages["facilitator"].read_text(encoding="utf-8")
    box = re.search(r"<section[^>]*data-ih-exercise=[\"']wr-1[\"'].*?</section>", learner, re.S).group(0)
    assert "<textarea" in box and re.search(r"data-ih-type=[\"']written", box)
    for secret in (MODEL, RUBRIC):
        for form in (secret[:40], html.escape(secret[:40], quote=False)):
            assert form not in learner, "the model answer or rubric line is readable in the learner page"
        assert html.escape(secret, quote=False) in facilitator
    payload = json.loads(re.search(r"<script[^>]*id=[\"']ih-check-wr-1[\"'][^>]*>(.*?)</script>", box, re.S).group(1))
    assert payload["min"] == 12 and json.loads(base64.b64decode(payload["x"]))["m"] == MODEL
    sheet = re.search(r"<section class=.ih-answer-sheet.*?</section>", learner, re.S).group(0)
    assert re.search(r"data-ih-exercise=[\"']wr-1", sheet) and MODEL[:40] not in sheet
    # The numbers a learner sees are the page's (its heading's, else its place), never the ids
    rows = re.findall(r"<tr data-ih-exercise=[\"']([\w-]+)[\"']><th scope=[\"']row[\"']>(\w+)<", sheet)
    assert rows == [("wr-1", "1"), ("wr-choice", "2")], rows
    assert re.search(r"Your answer to exercise <strong>1</strong>", box)
    sheet = re.search(r"<section class=.ih-answer-sheet.*?</section>", facilitator, re.S).group(0)
    assert html.escape(MODEL[:40], quote=False) in sheet and html.escape(RUBRIC[:40], quote=False) in sheet


@pytest.mark.browser
@pytest.mark.parametrize("language, short_words, model, rubric, label", [
    ("en", "Keep writing", MODEL, RUBRIC, "Model answer:"),
    ("es", "Sigue escribiendo", MODEL_ES, RUBRIC_ES, "Respuesta modelo:")])
def test_in_the_browser_the_model_answer_opens_after_enough_words(written_pages, offline, language,
                                                                   short_words, model, rubric, label):
    page, seen = offline(written_pages["learner" if language == "en" else f"learner_{language}"])
    box = page.locator("[data-ih-exercise='wr-1']")
    feedback = box.locator(".ih-feedback")
    box.locator("textarea").fill("Too short to judge.")
    box.locator("button[type=submit]").click()
    assert short_words in feedback.inner_text() and model not in feedback.inner_text()
    assert "12" in feedback.inner_text(), "the reader is told how many words are needed"
    box.locator("textarea").fill(LONG)
    box.locator("button[type=submit]").click()
    text = feedback.inner_text()
    assert model in text and rubric in text and label in text, text
    assert "✔" not in text and "ih-compare" in feedback.get_attribute("class")
    assert seen.errors == [] and seen.left == []
