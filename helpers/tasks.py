"""The closing written task of a lesson: a claim-evidence-reasoning paragraph, its rubric and
two sample answers, read from the ``written_task`` block of ``lessons/<lesson>.exercises.yml``.

    written_task("01_panama_1989")            # the task and its rubric, for everyone
    written_task_samples("01_panama_1989")    # sample answers, for the facilitator edition
"""

from __future__ import annotations

import functools
import html

import yaml

from .errors import PackError, suggest
from .exercises import HTMLBlock
from .i18n import SOURCE, _, get_language, translate
from .keys import exercise_file, exercise_files, stamp

LEVELS = {4: "Strong", 3: "Secure", 2: "Developing", 1: "Beginning"}


@functools.lru_cache(maxsize=16)
def _read(lesson: str, _stamp: tuple) -> dict:
    return yaml.safe_load(exercise_file(lesson) or "") or {}


def task(lesson: str) -> dict:
    """The ``written_task`` block of a lesson's exercises file."""
    if not isinstance(lesson, str):
        raise PackError("written_task() takes a lesson name such as '01_panama_1989'.")
    lessons = sorted(stem for stem, _name, _text in exercise_files())
    if lesson not in lessons:
        raise suggest(lesson, lessons, "lesson")
    block = _read(lesson, stamp()).get("written_task")
    if not block:
        raise PackError(f"{lesson}.exercises.yml has no written_task block yet: add one (question, rubric "
                        "with levels 4 to 1, samples strong and middling).")
    return _localized(block, lesson)


def _localized(block: dict, lesson: str) -> dict:
    if get_language() == SOURCE:
        return block

    def tr(text, field):
        return translate(str(text), "lesson", lesson, f"task|{field}")

    samples = {name: {**sample, "text": tr(sample["text"], f"samples.{name}.text"),
                      "why": tr(sample["why"], f"samples.{name}.why")}
               for name, sample in (block.get("samples") or {}).items()}
    return {**block, "question": tr(block["question"], "question"),
            "rubric": {level: tr(text, f"rubric.{level}") for level, text in block["rubric"].items()},
            "samples": samples}


def _rubric_html(block: dict) -> str:
    e = html.escape
    rows = "".join(f"<tr><th scope='row'>{level} · {e(_(LEVELS.get(int(level), '')))}</th>"
                   f"<td>{e(str(text))}</td></tr>"
                   for level, text in sorted(block["rubric"].items(), key=lambda kv: -int(kv[0])))
    return (f"<table class='ih-rubric'><caption>{e(_('Rubric: what each level looks like'))}</caption>"
            f"<thead><tr><th scope='col'>{e(_('Level'))}</th><th scope='col'>"
            f"{e(_('What the paragraph does'))}</th></tr></thead><tbody>{rows}</tbody></table>")


def written_task(lesson: str) -> HTMLBlock:
    """The lesson's written task and its rubric.

    >>> from helpers.tasks import written_task
    >>> "Rubric" in written_task("00_getting_started")._repr_html_()
    True
    """
    block = task(lesson)
    e = html.escape
    body = (f"<section class='ih-written-task' data-lesson='{e(lesson)}'>"
            f"<h4>{e(_('Written task'))}</h4><p class='ih-task-question'>{e(block['question'])}</p>"
            f"<p class='ih-task-frame'><strong>{e(_('Claim:'))}</strong> {e(_('your answer in one sentence.'))} "
            f"<strong>{e(_('Evidence:'))}</strong> {e(_('two or more documents or figures, each with who said it and when.'))} "
            f"<strong>{e(_('Reasoning:'))}</strong> {e(_('why that evidence supports the claim, and what it cannot tell you.'))}</p>"
            f"{_rubric_html(block)}</section>")
    text = block["question"] + "\n" + "\n".join(
        f"  {lvl} {_(LEVELS.get(int(lvl), ''))}: {txt}" for lvl, txt in
        sorted(block["rubric"].items(), key=lambda kv: -int(kv[0])))
    return HTMLBlock(body, text)


def written_task_samples(lesson: str) -> HTMLBlock:
    """Two sample answers (strong and middling), each with its level and why: facilitators only."""
    block = task(lesson)
    e = html.escape
    parts, text = [], []
    for name in ("strong", "middling"):
        sample = (block.get("samples") or {}).get(name)
        if not sample:
            continue
        heading = _("Strong answer") if name == "strong" else _("Middling answer")
        parts.append(f"<div class='ih-sample'><h5>{e(heading)} ({e(_('level'))} {e(str(sample['level']))})"
                     f"</h5><blockquote>{e(sample['text'])}</blockquote>"
                     f"<p><strong>{e(_('Why this level:'))}</strong> {e(sample['why'])}</p></div>")
        text.append(f"{name} (level {sample['level']}): {sample['text']}\n  why: {sample['why']}")
    return HTMLBlock(f"<section class='ih-samples' data-answer-key='true'><h4>{e(_('Sample answers'))}</h4>"
                     + "".join(parts) + "</section>", "\n".join(text))
