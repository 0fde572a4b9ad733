"""Self-checks that teach, and predict-then-reveal.

Questions, hints, answers and explanations live next to each lesson in
``lessons/<lesson>.exercises.yml``. ``check()`` compares an answer with the key and answers
with feedback written for that question: never a traceback, and never the answer itself while
the learner is still trying. Once the answer is right, or after the second wrong try, it shows
the explanation, so a self-learner gets the reasoning a facilitator would give.
``answer_key()`` renders the key for the facilitator edition only.

>>> check("getting-started-1", None).status
'missing'
"""

from __future__ import annotations

import difflib
import functools
import html
import os
from dataclasses import dataclass
from pathlib import Path

from .answers import (AnswerFormError, normalise_text, read_items, read_number_explained, read_text,
                      read_yes_no)
from .errors import PackError, suggest
from .i18n import SOURCE, _, get_language, translate

ICONS = {"correct": "✔ Correct", "partial": "◐ Partly right", "incorrect": "✘ Not yet",
         "missing": "… No answer yet", "invalid": "⚠ Check the form of your answer"}
TRANSLATED = ("question", "explanation", "praise")


def lessons_dir() -> Path:
    override = os.environ.get("INTERVENTION_HISTORY_LESSONS")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "lessons"


def _stamp() -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in lessons_dir().glob("*.exercises.yml")))


@functools.lru_cache(maxsize=4)
def _read_all(_stamp: tuple) -> dict[str, dict]:
    import yaml

    found: dict[str, dict] = {}
    for path in sorted(lessons_dir().glob("*.exercises.yml")):
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise PackError(f"lessons/{path.name}{where}: this exercises file is not valid YAML "
                            f"({getattr(error, 'problem', None) or error}). Fix that line, or restore "
                            f"the file: git checkout -- lessons/{path.name}") from None
        for key, spec in (content.get("exercises") or {}).items():
            if key in found:
                raise PackError(f"Exercise id {key!r} is defined twice ({path.name}).")
            found[key] = {**spec, "id": key, "lesson": path.name.split(".")[0]}
    return found


def exercises(lesson: str | None = None) -> dict[str, dict]:
    """Every exercise (or those of one lesson), keyed by id."""
    found = _read_all(_stamp())
    if lesson is None:
        return found
    return {k: v for k, v in found.items() if v["lesson"] == lesson}


def _exercise(exercise_id) -> dict:
    if not isinstance(exercise_id, str):
        raise PackError("check() takes the exercise id first, in quotes, then your answer: "
                        "check('panama-1', answer).")
    known = exercises()
    if exercise_id not in known:
        raise suggest(exercise_id, sorted(known), "exercise id")
    return localized(known[exercise_id])


def localized(spec: dict, language: str | None = None) -> dict:
    """An exercise with its question, hints and explanations in the language in use
    (answers never change between editions)."""
    language = language or get_language()
    if language == SOURCE:
        return spec
    lesson, key = spec["lesson"], spec["id"]

    def tr(text, field):
        return translate(text, "lesson", lesson, f"exercise|{key}|{field}", language)

    out = {**spec}
    for field in TRANSLATED:
        if isinstance(spec.get(field), str):
            out[field] = tr(spec[field], field)
    out["hints"] = {name: tr(text, f"hints.{name}")
                    for name, text in (spec.get("hints") or {}).items()}
    out["also_accepted"] = [{**alt, "explanation": tr(alt.get("explanation", ""),
                                                        f"also_accepted.{i}.explanation")}
                            for i, alt in enumerate(spec.get("also_accepted") or [])]
    return out


@dataclass
class Feedback:
    """What ``check()`` says: a status and a message, shown as text in a notebook."""

    exercise: str
    status: str
    message: str
    explanation: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self):
        return self.correct

    def __repr__(self):
        why = f"\n   {_('Why:')} {self.explanation}" if self.explanation else ""
        return f"{_(ICONS[self.status])} ({self.exercise}): {self.message}{why}"

    def _repr_html_(self):
        why = (f'<p class="ih-why"><strong>{html.escape(_("Why:"))}</strong> '
               f'{html.escape(self.explanation)}</p>' if self.explanation else "")
        return (f'<div class="ih-feedback ih-{self.status}" role="status">'
                f"<strong>{html.escape(_(ICONS[self.status]))}</strong> "
                f"<span>({html.escape(self.exercise)})</span> {html.escape(self.message)}{why}</div>")


WRONG_TRIES_BEFORE_EXPLAINING = 2
_wrong_tries: dict[str, int] = {}


def check(exercise_id: str, answer) -> Feedback:
    """Check an answer to an exercise and say what to do next.

    Accepts the forms people type: numbers as text ("1,200", "-13,4", "4.8 points"), any case
    and accents ("panamá"), lists in any order, a one-row selection. A wrong form gets a hint
    about the form, not a traceback. A right answer, or a second wrong try, brings the
    explanation.

    >>> check("getting-started-1", "not a number").status
    'invalid'
    """
    spec = _exercise(exercise_id)
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        return Feedback(exercise_id, "missing",
                        _("Replace the placeholder with your answer, then run the cell again."))
    kind = spec.get("type", "text")
    judge = JUDGES.get(kind)
    if judge is None:
        raise PackError(f"Exercise {exercise_id!r} has an unknown type {kind!r} in its "
                        f"exercises file; use one of {sorted(JUDGES)}.")
    try:
        status, message = judge(spec, answer)
    except AnswerFormError as error:
        hint = (spec.get("hints") or {}).get("form")
        return Feedback(exercise_id, "invalid", f"{error} {hint or ''}".strip())
    if status != "correct":
        for alternative in spec.get("also_accepted") or []:
            try:
                alt_status, _unused = judge({**spec, "answer": alternative["answer"], "accept": []}, answer)
            except (AnswerFormError, KeyError):
                continue
            if alt_status == "correct":
                return Feedback(exercise_id, "correct", _("Accepted: this answer can be defended."),
                                alternative.get("explanation", ""))
        _wrong_tries[exercise_id] = _wrong_tries.get(exercise_id, 0) + 1
        if _wrong_tries[exercise_id] >= WRONG_TRIES_BEFORE_EXPLAINING and spec.get("explanation"):
            return Feedback(exercise_id, status, message + " " + _(
                "Here is the reasoning, so you can check yours:"), spec["explanation"])
        return Feedback(exercise_id, status, message)
    _wrong_tries.pop(exercise_id, None)
    return Feedback(exercise_id, "correct", message, spec.get("explanation", ""))


def _hint(spec: dict, key: str, default: str) -> str:
    return (spec.get("hints") or {}).get(key) or (spec.get("hints") or {}).get("wrong") or default


def _praise(spec: dict, note: str = "") -> str:
    return " ".join(part for part in (spec.get("praise") or _("Well done."), note) if part)


def _judge_number(spec: dict, answer):
    value, note = read_number_explained(answer)
    target = float(spec["answer"])
    tolerance = float(spec.get("tolerance", 0))
    if "tolerance_pct" in spec:
        tolerance = abs(target) * float(spec["tolerance_pct"]) / 100
    if abs(value - target) <= tolerance + 1e-9:
        return "correct", _praise(spec, note)
    if value < target:
        hint = _hint(spec, "low", _("That is too low. Look at the data again."))
    else:
        hint = _hint(spec, "high", _("That is too high. Look at the data again."))
    return "incorrect", f"{note} {hint}".strip()


def _accepted(spec: dict) -> list[str]:
    answers = spec["answer"] if isinstance(spec["answer"], list) else [spec["answer"]]
    return [normalise_text(a) for a in answers + list(spec.get("accept", []))]


def _judge_text(spec: dict, answer):
    given = read_text(answer)
    accepted = _accepted(spec)
    if given in accepted:
        return "correct", _praise(spec)
    words = set(given.split())
    # A fuller form of an accepted name ("Manuel Antonio Noriega Moreno", "Uribe Vélez").
    if any(set(a.split()) <= words and len(words) - len(a.split()) <= 3 for a in accepted):
        return "correct", _praise(spec)
    close = difflib.get_close_matches(given, accepted, n=1, cutoff=0.85)
    if close:
        return "correct", _praise(spec, _("(Check the spelling: it is nearly exact.)"))
    return "incorrect", _hint(spec, "wrong", _("Not this one. Re-read the question and the data."))


def _letters(spec: dict) -> list[str]:
    return [chr(ord("a") + i) for i in range(len(spec.get("options") or []))]


def _judge_choice(spec: dict, answer):
    options = [str(o) for o in spec["options"]]
    letters = _letters(spec)
    given = read_text(answer)
    if given in letters:
        given = normalise_text(options[letters.index(given)])
    if given not in [normalise_text(o) for o in options]:
        listed = ", ".join(f"'{letter}'" for letter in letters)
        raise AnswerFormError(f"Answer with one of the letters {listed} (or the option's text).")
    return _judge_text({**spec, "accept": []}, given)


def _read_letter_items(spec: dict, answer) -> list[str]:
    """Items of a list answer; 'abc' or 'a b c' for letter answers is a form to correct."""
    items = read_items(answer)
    wanted = [normalise_text(a) for a in spec["answer"]]
    if all(len(w) == 1 for w in wanted):
        if len(items) == 1 and " " in items[0] and all(len(p) == 1 for p in items[0].split()):
            items = items[0].split()
        if any(len(i) > 1 and i.isalpha() and i not in wanted for i in items) and all(
                len(i) <= 8 and i.isalpha() for i in items):
            raise AnswerFormError("Give each letter as its own item in a list, like ['a', 'c'].")
    return items


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _judge_set(spec: dict, answer):
    given = set(_read_letter_items(spec, answer))
    wanted = {normalise_text(a) for a in spec["answer"]}
    aliases = {normalise_text(k): normalise_text(v) for k, v in (spec.get("aliases") or {}).items()}
    given = {aliases.get(g, _closest(g, wanted)) for g in given}
    if given == wanted:
        return "correct", _praise(spec)
    right, missing, extra = len(given & wanted), len(wanted - given), len(given - wanted)
    parts = [f"{right} of your {_plural(len(given), 'choice is', 'choices are')} right"
             if len(given) > 1 else f"your choice is {'right' if right else 'not right'}"]
    if missing:
        parts.append(f"{_plural(missing, 'right choice is', 'right choices are')} missing")
    if extra:
        parts.append(f"{_plural(extra, 'choice does', 'choices do')} not belong")
    detail = "; ".join(parts) + "."
    detail = detail[0].upper() + detail[1:]
    key = "missing" if missing and not extra else "extra" if extra and not missing else "wrong"
    status = "partial" if right else "incorrect"
    return status, f"{detail} {_hint(spec, key, _('Look at the table again.'))}"


def _judge_order(spec: dict, answer):
    given = _read_letter_items(spec, answer)
    wanted = [normalise_text(a) for a in spec["answer"]]
    if sorted(given) != sorted(wanted):
        raise AnswerFormError(f"Put every one of the {len(wanted)} letters in order, once each, "
                              f"like {list(sorted(wanted))!r} rearranged.")
    if given == wanted:
        return "correct", _praise(spec)
    placed = sum(g == w for g, w in zip(given, wanted))
    return ("partial" if placed else "incorrect",
            f"{_plural(placed, 'event is', 'events are')} in the right place. "
            + _hint(spec, "wrong", _("Look at the dates in the table again.")))


def _closest(item: str, wanted: set[str]) -> str:
    close = difflib.get_close_matches(item, sorted(wanted), n=1, cutoff=0.85)
    return close[0] if close else item


def _judge_yes_no(spec: dict, answer):
    if read_yes_no(answer) == bool(spec["answer"]):
        return "correct", _praise(spec)
    return "incorrect", _hint(spec, "wrong", _("Not quite: look at the evidence again."))


JUDGES = {"number": _judge_number, "text": _judge_text, "choice": _judge_choice,
          "set": _judge_set, "yesno": _judge_yes_no, "order": _judge_order}


# ---------------------------------------------------------------- facilitator key
class HTMLBlock:
    """Rich HTML output for a notebook, with a plain-text fallback."""

    def __init__(self, body: str, text: str = ""):
        self.body, self.text = body, text

    def _repr_html_(self):
        return self.body

    def __repr__(self):
        return self.text or self.body


def _option_text(spec: dict, index: int) -> str:
    """Option ``index`` of a choice item in the language in use: the localized options where
    the exercise carries them, else the lesson's catalogue, else the words the (translated)
    question gives for its letter, else the key's own words."""
    import re

    options = spec.get("options") or []
    texts = spec.get("option_texts") or []
    if index < len(texts) and texts[index]:
        return str(texts[index])
    english = str(options[index]) if index < len(options) else ""
    language = get_language()
    if language == SOURCE or not english:
        return english
    found = translate(english, "lesson", spec.get("lesson", ""), f"exercise|{spec.get('id')}|options.{index}", language)
    if found != english:
        return found
    from .words import code_words, english_words

    code = english.strip().lower().replace(" ", "_")  # a verdict of the scale: its name
    if re.fullmatch(r"[a-z_]+", code) and code_words(code, "verdict", language) != english_words(code):
        verdict = code_words(code, "verdict", language)
        return verdict[:1].lower() + verdict[1:] if english[:1].islower() else verdict
    parts = re.split(r"\(([a-j])\)\s*", str(spec.get("question", "")))
    inline = dict(zip(parts[1::2], parts[2::2]))
    text = inline.get("abcdefghij"[index], "")
    text = re.sub(r"[.;,]?\s+(?:and|or|y|o|e|ou)\s*$", "", text.strip().rstrip(";,.?").strip())
    return text.strip() or english


def shown_answer(spec: dict, answer=None) -> str:
    """The key's answer (or an also-accepted one) as a reader of the edition reads it: a choice
    as "(b) " and the option's words in the page's language, a number with the page's decimal
    mark, an order as "c → a → b"."""
    from .formats import localize

    answer = spec["answer"] if answer is None else answer
    kind = spec.get("type")
    if kind == "order" and isinstance(answer, list):
        shown = " → ".join(map(str, answer))
    elif isinstance(answer, list):
        shown = ", ".join(map(str, answer))
    elif kind == "choice":
        shown = str(answer)
        try:
            from .build.selfcheck import _choice_index

            index = _choice_index(spec, answer)
            shown = f"({'abcdefghij'[index]}) {_option_text(spec, index)}"
        except (ValueError, IndexError):
            pass
    elif kind == "number" and isinstance(answer, (int, float)) and not isinstance(answer, bool):
        shown = localize(str(answer))
    elif kind == "yesno":
        shown = _("yes") if str(answer).strip().lower() in ("yes", "true", "y", "1") else _("no")
    else:
        shown = str(answer)
    tolerance = spec.get("tolerance") or spec.get("tolerance_pct")
    if tolerance and answer is spec["answer"]:
        shown += f" (± {localize(str(tolerance))}{'' if spec.get('tolerance') else '%'})"
    return shown


def answer_key(lesson: str) -> HTMLBlock:
    """The answers and explanations of a lesson's exercises (facilitator edition only), in
    the language in use."""
    items = {key: localized(spec) for key, spec in exercises(lesson).items()}
    if not items:
        raise suggest(lesson, sorted({e["lesson"] for e in exercises().values()}), "lesson")
    e = html.escape
    rows = []
    for key, spec in items.items():
        why = e(spec.get("explanation", ""))
        for alternative in spec.get("also_accepted") or []:
            why += (f"<br><strong>{e(_('Also accepted:'))}</strong> {e(shown_answer(spec, alternative['answer']))}: "
                    f"{e(alternative.get('explanation', ''))}")
        rows.append(f"<tr><th scope='row'>{e(key)}</th><td>{e(spec['question'])}</td>"
                    f"<td>{e(shown_answer(spec))}</td><td>{why}</td></tr>")
    body = (f"<section class='ih-answer-key' data-answer-key='true'><h3>{e(_('Answer key'))}</h3><table>"
            f"<thead><tr><th scope='col'>{e(_('Exercise'))}</th><th scope='col'>{e(_('Question'))}</th>"
            f"<th scope='col'>{e(_('Answer'))}</th><th scope='col'>{e(_('Why'))}</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></section>")
    return HTMLBlock(body, _("Answer key for {lesson}: {n} exercises").replace("{lesson}", lesson)
                     .replace("{n}", str(len(items))))


def further_reading(*tables: str) -> HTMLBlock:
    """A reading list built from the sources of the given tables."""
    from .citations import _bibliography_rows, sources

    if not tables:
        raise PackError("further_reading() takes one or more table names, e.g. "
                        "further_reading('panama/casualty_estimates').")
    frames = [sources(t) for t in tables]
    import pandas as pd

    merged = pd.concat(frames).drop_duplicates("source_id").sort_values(["published", "source_id"])
    def lang(code) -> str:  # the title as published, in its own language
        return f" lang='{html.escape(code)}'" if isinstance(code, str) and code else ""

    languages = {key: row.get("language", "") for key, row in _bibliography_rows().items()}
    items = "".join(
        f"<li><span class='ih-publisher' translate='no'>{html.escape(r.author_or_publisher)}</span> "
        f"({html.escape(r.published)}). <cite{lang(languages.get(r.source_id))}>{html.escape(r.title)}</cite>. "
        f"<a href='{html.escape(r.url)}' translate='no'>{html.escape(r.url)}</a></li>"
        for r in merged.itertuples())
    return HTMLBlock(f"<ul class='ih-reading'>{items}</ul>", f"{len(merged)} sources")


# ---------------------------------------------------------------- predict, then reveal
def predict(key: str, question: str, reveal, compare=None, placeholder: str = "Your guess"):
    """Ask for a guess before showing the data: the reveal appears once a guess is recorded.

    ``reveal`` is a chart (or anything a notebook can display); ``compare(guess)`` returns a
    sentence comparing the guess with the data. In a handout the data shows directly.
    """
    from .widgets import prediction

    return prediction(key, question, reveal, compare, placeholder)
