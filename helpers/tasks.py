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
from .exercises import HTMLBlock, lessons_dir

LEVELS = {4: "Strong", 3: "Secure", 2: "Developing", 1: "Beginning"}


@functools.lru_cache(maxsize=16)
def _read(lesson: str, _mtime: int) -> dict:
    path = lessons_dir() / f"{lesson}.exercises.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def task(lesson: str) -> dict:
    """The ``written_task`` block of a lesson's exercises file."""
    if not isinstance(lesson, str):
        raise PackError("written_task() takes a lesson name such as '01_panama_1989'.")
    lessons = sorted(p.name.split(".")[0] for p in lessons_dir().glob("*.exercises.yml"))
    if lesson not in lessons:
        raise suggest(lesson, lessons, "lesson")
    path = lessons_dir() / f"{lesson}.exercises.yml"
    block = _read(lesson, path.stat().st_mtime_ns).get("written_task")
    if not block:
        raise PackError(f"{path.name} has no written_task block yet: add one (question, rubric "
                        "with levels 4 to 1, samples strong and middling).")
    return block


def _rubric_html(block: dict) -> str:
    e = html.escape
    rows = "".join(f"<tr><th scope='row'>{level} · {LEVELS.get(int(level), '')}</th>"
                   f"<td>{e(str(text))}</td></tr>"
                   for level, text in sorted(block["rubric"].items(), key=lambda kv: -int(kv[0])))
    return ("<table class='ih-rubric'><caption>Rubric: what each level looks like</caption>"
            "<thead><tr><th scope='col'>Level</th><th scope='col'>What the paragraph does</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def written_task(lesson: str) -> HTMLBlock:
    """The lesson's written task and its rubric.

    >>> from helpers.tasks import written_task
    >>> "Rubric" in written_task("00_getting_started")._repr_html_()
    True
    """
    block = task(lesson)
    e = html.escape
    body = (f"<section class='ih-written-task' data-lesson='{e(lesson)}'>"
            f"<h4>Written task</h4><p class='ih-task-question'>{e(block['question'])}</p>"
            "<p class='ih-task-frame'><strong>Claim:</strong> your answer in one sentence. "
            "<strong>Evidence:</strong> two or more documents or figures, each with who said it "
            "and when. <strong>Reasoning:</strong> why that evidence supports the claim, and "
            "what it cannot tell you.</p>"
            f"{_rubric_html(block)}</section>")
    text = block["question"] + "\n" + "\n".join(
        f"  {lvl} {LEVELS.get(int(lvl), '')}: {txt}" for lvl, txt in
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
        parts.append(f"<div class='ih-sample'><h5>{e(name.title())} answer (level {e(str(sample['level']))})"
                     f"</h5><blockquote>{e(sample['text'])}</blockquote>"
                     f"<p><strong>Why this level:</strong> {e(sample['why'])}</p></div>")
        text.append(f"{name} (level {sample['level']}): {sample['text']}\n  why: {sample['why']}")
    return HTMLBlock("<section class='ih-samples' data-answer-key='true'><h4>Sample answers</h4>"
                     + "".join(parts) + "</section>", "\n".join(text))
