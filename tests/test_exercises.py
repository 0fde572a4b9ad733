"""Self-checks as a learner meets them: every form of answer gets feedback, never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import check
from helpers.exercises import JUDGES, answer_key, exercises
from helpers.errors import PackError, UnknownNameError

ALL = exercises()
ODD_ANSWERS = [None, ..., "", "   ", "abc", "1,200", 3, 3.5, -1, True, [1, 2], ["a"], {"x": 1},
               ("a", "b"), "Panamá  ", " extra  spaces ", object(), float("nan"), 10**30]


def test_every_exercise_is_well_formed():
    assert ALL, "no exercises found in lessons/*.exercises.yml"
    for key, spec in ALL.items():
        assert spec.get("type", "text") in JUDGES, key
        assert spec.get("question"), f"{key} has no question"
        assert spec.get("explanation"), f"{key} has no explanation for the facilitator"
        assert "answer" in spec, key
        if spec.get("type") == "choice":
            assert spec["answer"] in spec["options"], key


@pytest.mark.parametrize("key", sorted(ALL))
def test_the_key_itself_is_accepted(key):
    spec = ALL[key]
    answer = spec["answer"]
    if spec.get("type") == "set":
        answer = list(reversed(answer))  # any order
    assert check(key, answer).correct, key


@pytest.mark.parametrize("key", sorted(ALL))
@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=repr)
def test_odd_answers_get_feedback_not_exceptions(key, answer):
    feedback = check(key, answer)
    assert feedback.status in {"correct", "partial", "incorrect", "missing", "invalid"}
    assert feedback.message
    text = repr(feedback) + feedback._repr_html_()
    assert "Traceback" not in text


@settings(max_examples=60, deadline=None)
@given(answer=st.one_of(st.none(), st.text(), st.integers(), st.floats(allow_nan=True),
                        st.lists(st.text(), max_size=4), st.booleans()))
def test_any_answer_at_all_gets_feedback(answer):
    for key in list(ALL)[:6]:
        assert check(key, answer).message


def test_feedback_never_reveals_the_answer_when_wrong():
    for key, spec in ALL.items():
        if spec.get("type") in ("text",):
            feedback = check(key, "zzzz unrelated")
            assert str(spec["answer"]).lower() not in feedback.message.lower(), key


def test_text_answers_ignore_case_accents_and_spaces():
    key = next(k for k, s in ALL.items() if s.get("type") == "text")
    answer = str(ALL[key]["answer"])
    assert check(key, "  " + answer.upper() + "  ").correct


def test_sets_report_partial_answers_as_partial():
    key = next(k for k, s in ALL.items() if s.get("type") == "set" and len(s["answer"]) > 1)
    feedback = check(key, ALL[key]["answer"][:1])
    assert feedback.status == "partial" and "missing" in feedback.message
    assert not feedback.correct


def test_numbers_in_text_are_read():
    key = next(k for k, s in ALL.items() if s.get("type") == "number")
    target = ALL[key]["answer"]
    assert check(key, f"{target:,}" if isinstance(target, int) else str(target)).correct


def test_unknown_exercise_ids_suggest_close_ones():
    key = sorted(ALL)[0]
    with pytest.raises(UnknownNameError) as error:
        check(key + "x", 1)
    assert key in str(error.value)


def test_exercise_id_must_be_text():
    with pytest.raises(PackError):
        check(1, 1)


def test_answer_key_lists_every_exercise_of_a_lesson():
    lessons = {spec["lesson"] for spec in ALL.values()}
    for lesson in lessons:
        html = answer_key(lesson)._repr_html_()
        assert "data-answer-key" in html
        for key, spec in exercises(lesson).items():
            assert key in html


def test_a_broken_exercises_file_is_named_with_its_line(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    lessons = tmp_path / "lessons"
    shutil.copytree(Path(__file__).resolve().parents[1] / "lessons", lessons)
    target = lessons / "00_getting_started.exercises.yml"
    target.write_text(target.read_text(encoding="utf-8") + "\n  broken: [not closed\n", encoding="utf-8")
    monkeypatch.setenv("INTERVENTION_HISTORY_LESSONS", str(lessons))
    with pytest.raises(PackError) as error:
        check("getting-started-1", "b")
    assert "00_getting_started.exercises.yml line" in str(error.value)
    assert "git checkout" in str(error.value)
