"""Self-checks that teach, and predict-then-reveal.

Questions, hints, answers and explanations live next to each lesson in
``lessons/<lesson>.exercises.yml``. ``check()`` compares an answer with the key and answers
with feedback written for that question, in the language in use: never a traceback, and never
the answer itself while the learner is still trying. Once the answer is right it shows the
explanation, so a self-learner gets the reasoning a facilitator would give; an answer the key can
defend shows its own reasoning and the key's; a learner who stops trying can ask for the
reasoning with ``explain(id)`` (a handout behaves the same way, without the last).
``answer_key()`` renders the key for the facilitator edition only.

A short written answer (``answer_type: written``: two or three sentences that turn a judgement
into words) has no key to match: ``check()`` asks for two or three sentences until the answer
has ``min_words`` words (default 20), then shows a model answer and the rubric line, what a good
answer does, to compare with, and never a ✔.

>>> check("getting-started-1", None).status
'missing'
"""

from __future__ import annotations

import difflib
import functools
import html
from dataclasses import dataclass

from .answers import (
    AnswerFormError,
    normalise_text,
    read_items,
    read_number_explained,
    read_text,
    read_yes_no,
    verdict_labels,
    verdict_short_forms,
)
from .citations import _bibliography_rows, sources, title_html
from .errors import PackError, suggest
from .formats import localize
from .i18n import SOURCE, _, get_language, translate
from .keys import exercise_files, lessons_dir, stamp  # noqa: F401 (lessons_dir: used by others)
from .words import code_words, english_words

ICONS = {"correct": "✔ Correct", "defensible": "✔ Defensible", "partial": "◐ Partly right",
         "incorrect": "✘ Not yet", "missing": "… No answer yet", "invalid": "⚠ Check the form of your answer",
         "explained": "ℹ The key's reasoning", "short": "✎ Keep writing",
         "compare": "✎ Compare yours with a model answer"}
ACCEPTED = ("correct", "defensible")  # statuses that end the exercise
TRANSLATED = ("question", "explanation", "praise", "model_answer", "rubric_line")
WRITTEN = "written"      # answer_type of a short written answer
MIN_WORDS = 20           # its default min_words


def is_written(spec: dict) -> bool:
    """A short written answer (``answer_type: written``): judged by the learner against a
    model answer, not matched against a key."""
    return spec.get("answer_type") == WRITTEN or spec.get("type") == WRITTEN


def min_words(spec: dict) -> int:
    """How many words a written answer needs before its model answer shows."""
    try:
        return max(1, int(spec.get("min_words") or MIN_WORDS))
    except (TypeError, ValueError):
        return MIN_WORDS


def count_words(text) -> int:
    """Words of a written answer, as the handout counts them (runs of letters or digits)."""
    import re

    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", str(text)))


def _stamp() -> tuple:
    return stamp()


@functools.lru_cache(maxsize=4)
def _read_all(_stamp: tuple) -> tuple[dict[str, dict], dict[str, str]]:
    """(every exercise of the files that read, keyed by id; {lesson: what is wrong} for each
    exercises file that does not): a broken file fails only the lesson it belongs to."""
    import yaml

    found: dict[str, dict] = {}
    broken: dict[str, str] = {}
    for lesson, name, text in exercise_files():
        try:
            content = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            broken[lesson] = (f"lessons/{name}{where}: this exercises file is not valid YAML "
                              f"({getattr(error, 'problem', None) or error}). Fix that line, or "
                              f"restore the file: git checkout -- lessons/{name}")
            continue
        for key, spec in (content.get("exercises") or {}).items():
            if key in found:
                raise PackError(f"Exercise id {key!r} is defined twice ({name}).")
            found[key] = {**spec, "id": key, "lesson": lesson}
            if is_written(spec):  # one name for the kind everywhere: type 'written'
                found[key]["type"] = WRITTEN
    return found, broken


def exercises(lesson: str | None = None) -> dict[str, dict]:
    """Every exercise (or those of one lesson), keyed by id. A broken exercises file is an
    error for its own lesson (and for the whole list), not for the other lessons."""
    found, broken = _read_all(_stamp())
    if lesson is None:
        if broken:
            raise PackError(" ".join(broken.values()))
        return found
    if lesson in broken:
        raise PackError(broken[lesson])
    return {k: v for k, v in found.items() if v["lesson"] == lesson}


def _exercise(exercise_id) -> dict:
    if not isinstance(exercise_id, str):
        raise PackError(_("check() takes the exercise id first, in quotes, then your answer: "
                          "check('panama-1', answer)."))
    known, broken = _read_all(_stamp())
    if exercise_id not in known:
        if broken:  # the id may be in a file that does not read
            raise PackError(" ".join(broken.values()))
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
    if spec.get("options"):
        out["option_texts"] = option_texts(spec, language)
    return out


def option_texts(spec: dict, language: str | None = None) -> list[str]:
    """A choice item's options in the language in use: a verdict of the scale by its label in
    compare/verdict_scale, any other option by the lesson's catalogue (``options.N``)."""

    language = language or get_language()
    labels = verdict_labels()
    out = []
    for i, option in enumerate(spec.get("options") or []):
        label = labels.get(normalise_text(option), {}).get(language)
        out.append(label or translate(str(option), "lesson", spec["lesson"],
                                      f"exercise|{spec['id']}|options.{i}", language))
    return out


def option_words(spec: dict, language: str | None = None) -> list[list[str]]:
    """For each option, the normalised texts a reader may answer with besides its letter: the
    option's words in the key, its words in the language in use, and the words the question
    shows for its letter ('(b) It is proven false, because ...')."""

    texts = option_texts(spec, language) if (language or get_language()) != SOURCE else []
    shown = question_options(spec.get("question", ""))
    out = []
    for i, option in enumerate(spec.get("options") or []):
        words = [normalise_text(option)]
        for text in (texts[i] if texts else "", shown.get(chr(ord("a") + i), ""),
                     *verdict_short_forms(option, language or get_language())):
            if text and len(text) > 1 and normalise_text(text) not in words:
                words.append(normalise_text(text))
        out.append(words)
    return out


def question_options(question: str) -> dict[str, str]:
    """The options a question lists inline: '(a) one; (b) two' -> {'a': 'one', 'b': 'two'}."""
    import re

    parts = re.split(r"\(([a-h])\)\s*", str(question))
    found = {}
    for letter, text in zip(parts[1::2], parts[2::2]):
        text = re.sub(r"[.;,]?\s+(?:and|or|y|o|e|ou)\s*$", "", text.strip().rstrip(";,").strip())
        found.setdefault(letter, text.strip())
    return found


@dataclass
class Feedback:
    """What ``check()`` says: a status and a message, shown as text in a notebook."""

    exercise: str
    status: str
    message: str
    explanation: str = ""
    rubric: str = ""     # a written answer's rubric line, shown under its model answer

    @property
    def correct(self) -> bool:
        """Accepted: the key's answer, or one the key can defend."""
        return self.status in ACCEPTED

    def __bool__(self):
        return self.correct

    def _label(self) -> str:
        return _("Model answer:") if self.rubric else _("Why:")

    def __repr__(self):
        why = f"\n   {self._label()} {self.explanation}" if self.explanation else ""
        if self.rubric:
            why += f"\n   {_('What a good answer does:')} {self.rubric}"
        return f"{_(ICONS[self.status])} ({self.exercise}): {self.message}{why}"

    def _repr_html_(self):
        why = (f'<p class="ih-why"><strong>{html.escape(self._label())}</strong> '
               f'{html.escape(self.explanation)}</p>' if self.explanation else "")
        if self.rubric:
            why += (f'<p class="ih-rubric-line"><strong>{html.escape(_("What a good answer does:"))}'
                    f'</strong> {html.escape(self.rubric)}</p>')
        return (f'<div class="ih-feedback ih-{self.status}" role="status">'
                f"<strong>{html.escape(_(ICONS[self.status]))}</strong> "
                f"<span>({html.escape(self.exercise)})</span> {html.escape(self.message)}{why}</div>")


_wrong_tries: dict[str, int] = {}


def check(exercise_id: str, answer) -> Feedback:
    """Check an answer to an exercise and say what to do next.

    Accepts the forms people type: numbers as text ("1,200", "-13,4", "4.8 points"), any case
    and accents ("panamá"), lists in any order ("b, c", "b y c"), an option's words in the
    language in use, a one-row selection. A wrong form gets a hint about the form, not a
    traceback. A right answer brings the explanation; an answer the key can defend brings its
    own reasoning and the key's. A wrong one never does (a handout behaves the same way): after
    the second wrong try, ``explain(id)`` shows the reasoning to a learner who stops trying.

    >>> check("getting-started-1", "not a number").status
    'invalid'
    """
    spec = _exercise(exercise_id)
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        return Feedback(exercise_id, "missing",
                        _("Replace the placeholder with your answer, then run the cell again."))
    kind = spec.get("type", "text")
    if kind == WRITTEN:
        return _check_written(spec, answer)
    judge = JUDGES.get(kind)
    if judge is None:
        raise PackError(_("Exercise {id} has an unknown type {kind} in its exercises file; use one "
                          "of {kinds}.").format(id=repr(exercise_id), kind=repr(kind), kinds=sorted(JUDGES)))
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
                return Feedback(exercise_id, "defensible", _(
                    "The key can defend this answer, though its own answer is another: here is "
                    "why yours holds, and the key's reading."), defensible_explanation(spec, alternative))
        _wrong_tries[exercise_id] = _wrong_tries.get(exercise_id, 0) + 1
        if _wrong_tries[exercise_id] >= WRONG_TRIES_BEFORE_NOTE and spec.get("explanation"):
            return Feedback(exercise_id, status, message + " " + _(
                "The reasoning opens once your answer is right; stuck? Talk it through with your "
                "group, or run explain({id}) to read it and stop trying.").format(id=repr(exercise_id)))
        return Feedback(exercise_id, status, message)
    _wrong_tries.pop(exercise_id, None)
    return Feedback(exercise_id, "correct", message, spec.get("explanation", ""))


WRONG_TRIES_BEFORE_NOTE = 2
PLACEHOLDERS = {"...", "…", "___"}


def _check_written(spec: dict, answer) -> Feedback:
    """A written answer: too short asks for two or three sentences; long enough shows the
    model answer and the rubric line to compare with (never a ✔: the learner judges)."""
    key = spec["id"]
    if not isinstance(answer, str):
        return Feedback(key, "invalid", _('Write your answer as text, between the triple quotes: '
                                          'answer = """Your two or three sentences."""'))
    if answer.strip() in PLACEHOLDERS:
        return Feedback(key, "missing", _("Replace the placeholder with your answer, then run the cell again."))
    words, needed = count_words(answer), min_words(spec)
    if words < needed:
        return Feedback(key, "short", _("Write two or three sentences (at least {n} words; you have "
                                        "{words} so far), then run the cell again.").replace(
            "{n}", str(needed)).replace("{words}", str(words)))
    return Feedback(key, "compare", _("Compare yours with this model answer: which of its points does "
                                    "yours make, and what would you add or change?"),
                    str(spec.get("model_answer", "")), str(spec.get("rubric_line", "")))


def defensible_explanation(spec: dict, alternative: dict) -> str:
    """Why an also-accepted answer holds, then the key's own reading (``spec`` localized)."""
    own = alternative.get("explanation", "")
    key = spec.get("explanation", "")
    if not key:
        return own
    return f"{own} {_('The key reads it this way:')} {key}".strip()


def explain(exercise_id: str) -> Feedback:
    """The key's reasoning for an exercise, for a learner who stops trying (the answer is in
    it: once read, the exercise cannot be answered fresh)."""
    spec = _exercise(exercise_id)
    if is_written(spec):
        return Feedback(exercise_id, "explained", _("Compare it with your own reasoning, then go on "
                                                   "to the next exercise."),
                        str(spec.get("model_answer", "")), str(spec.get("rubric_line", "")))
    return Feedback(exercise_id, "explained", _("Compare it with your own reasoning, then go on to "
                                               "the next exercise."), spec.get("explanation", ""))


def _hint(spec: dict, key: str, default: str) -> str:
    return (spec.get("hints") or {}).get(key) or (spec.get("hints") or {}).get("wrong") or default


def _praise(spec: dict, note: str = "") -> str:
    return " ".join(part for part in (spec.get("praise") or _("Well done."), note) if part)


def tolerance(spec: dict) -> float:
    target = float(spec["answer"])
    found = float(spec.get("tolerance", 0) or 0)
    if "tolerance_pct" in spec:
        found = abs(target) * float(spec["tolerance_pct"]) / 100
    return found


def wants_count(spec: dict) -> bool:
    """A number exercise whose key and tolerance are whole numbers asks for a count: there
    "1.300" is one thousand three hundred in every edition."""
    values = [float(spec["answer"]), float(spec.get("tolerance", 0) or 0)]
    values += [float(a["answer"]) for a in spec.get("also_accepted") or [] if _is_number(a.get("answer"))]
    return "tolerance_pct" not in spec and all(v.is_integer() for v in values)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _judge_number(spec: dict, answer):
    value, note = read_number_explained(answer, wants_count(spec))
    target = float(spec["answer"])
    if abs(value - target) <= tolerance(spec) + 1e-9:
        return "correct", _praise(spec, note)
    if value < target:
        hint = _hint(spec, "low", _("That is too low. Look at the data again."))
    else:
        hint = _hint(spec, "high", _("That is too high. Look at the data again."))
    return "incorrect", f"{note} {hint}".strip()


def _accepted(spec: dict) -> list[str]:
    answers = spec["answer"] if isinstance(spec["answer"], list) else [spec["answer"]]
    return [normalise_text(a) for a in answers + list(spec.get("accept", []))]


# Words a name may carry around it that do not change who it is: titles, offices, particles
# ("General Noriega", "Interior Minister Cabello", "el ministro Cabello"). An answer is right
# when it is an accepted form once these are dropped, never because it contains one: "not
# Cabello" and "Maduro Padrino Cabello" are not answers. handout.js keeps the same list.
TITLES = frozenset("""
    the of mr mrs ms dr gen general president vice minister secretary defence defense interior
    foreign chief commander colonel admiral senator el la los las lo de del da do das dos e y
    sr sra senor senora don dona presidente presidenta vicepresidente vicepresidenta ministro
    ministra secretario secretaria comandante coronel almirante senador senadora jefe
""".split())
NEGATIONS = frozenset("not no never nor nunca ni nao nem jamais".split())
TYPO_MIN, TYPO_MAX = 5, 24  # typo tolerance applies to answers of this many characters (the
# handout hashes each variant: a long answer would take seconds)


def strip_titles(text: str) -> str:
    """'interior minister cabello' -> 'cabello' (a normalised text; itself if only titles)."""
    kept = [w for w in text.split() if w not in TITLES]
    return " ".join(kept) if kept else text


def typo_variants(text: str) -> list[str]:
    """One slip away from ``text``: a letter dropped, two swapped, one doubled, a vowel for
    another ('cabelo' -> 'cabello'). The handout tries the same variants."""
    if not TYPO_MIN <= len(text) <= TYPO_MAX or NEGATIONS & set(text.split()):
        return []
    out = []
    for i, letter in enumerate(text):
        out.append(text[:i] + text[i + 1:])
        out.append(text[:i] + letter + text[i:])
        if i + 1 < len(text):
            out.append(text[:i] + text[i + 1] + letter + text[i + 2:])
        if letter in "aeiou":
            out.extend(text[:i] + v + text[i + 1:] for v in "aeiou" if v != letter)
    return [v for v in dict.fromkeys(out) if v and v != text]


def text_forms(accepted: list[str]) -> set[str]:
    """Every accepted text, as written and without its titles."""
    return {form for a in accepted for form in (a, strip_titles(a))}


def _judge_text(spec: dict, answer):
    given = read_text(answer)
    forms = text_forms(_accepted(spec))
    candidates = [given, strip_titles(given)]
    if len(given) <= 4 * max(map(len, forms)) + 20 and any(c in forms for c in candidates):
        return "correct", _praise(spec)
    if any(v in forms for c in candidates for v in typo_variants(c)):
        return "correct", _praise(spec, _("(Check the spelling: it is nearly exact.)"))
    return "incorrect", _hint(spec, "wrong", _("Not this one. Re-read the question and the data."))


def _letters(spec: dict) -> list[str]:
    return [chr(ord("a") + i) for i in range(len(spec.get("options") or []))]


def choice_index(spec: dict, answer) -> int:
    """The position of the option a choice answer names, by its letter or its words.

    >>> choice_index({"options": ["Endara", "Noriega"]}, "b")
    1
    """
    options = [normalise_text(o) for o in spec["options"]]
    given = normalise_text(answer)
    letters = _letters(spec)
    if given in letters:
        return letters.index(given)
    return options.index(given)


def item_letters(spec: dict) -> list[str]:
    """The option letters of a choice, set or order item: its options', else those its
    question lists as (a), (b)..., else its key's."""
    import re

    if spec.get("options"):
        return _letters(spec)
    found = sorted(set(re.findall(r"\(([a-z])\)", str(spec.get("question", "")))))
    return found or sorted({normalise_text(a) for a in spec.get("answer") or [] if len(str(a)) == 1})


def _judge_choice(spec: dict, answer):
    letters = _letters(spec)
    given = read_text(answer)
    words = option_words(spec)
    index = letters.index(given) if given in letters else next(
        (i for i, forms in enumerate(words) if given in forms), None)
    if index is None:
        listed = ", ".join(f"'{letter}'" for letter in letters)
        raise AnswerFormError(_("Answer with one of the letters {letters} (or the option's text).").format(
            letters=listed))
    return _judge_text({**spec, "accept": []}, normalise_text(spec["options"][index]))


def _read_letter_items(spec: dict, answer) -> list[str]:
    """Items of a list answer; 'abc' or 'a b c' for letter answers is a form to correct."""
    wanted = [normalise_text(a) for a in spec["answer"]]
    letters = all(len(w) == 1 for w in wanted)
    items = read_items(answer, item_letters(spec) if letters else None)
    if letters:
        if len(items) == 1 and " " in items[0] and all(len(p) == 1 for p in items[0].split()):
            items = items[0].split()
        if any(len(i) > 1 and i.isalpha() and i not in wanted for i in items) and all(
                len(i) <= 8 and i.isalpha() for i in items):
            raise AnswerFormError(_("Give each letter as its own item in a list, like ['a', 'c']."))
    return items


def _judge_set(spec: dict, answer):
    given = set(_read_letter_items(spec, answer))
    wanted = {normalise_text(a) for a in spec["answer"]}
    aliases = {normalise_text(k): normalise_text(v) for k, v in (spec.get("aliases") or {}).items()}
    given = {aliases.get(g, _closest(g, wanted)) for g in given}
    if given == wanted:
        return "correct", _praise(spec)
    right, missing, extra = len(given & wanted), len(wanted - given), len(given - wanted)
    if len(given) > 1:
        parts = [_("{right} of your {n} choices are right").format(right=right, n=len(given))]
    else:
        parts = [_("your choice is right") if right else _("your choice is not right")]
    if missing:
        parts.append(_("1 right choice is missing") if missing == 1
                     else _("{n} right choices are missing").format(n=missing))
    if extra:
        parts.append(_("1 choice does not belong") if extra == 1
                     else _("{n} choices do not belong").format(n=extra))
    detail = "; ".join(parts) + "."
    detail = detail[0].upper() + detail[1:]
    key = "missing" if missing and not extra else "extra" if extra and not missing else "wrong"
    status = "partial" if right else "incorrect"
    return status, f"{detail} {_hint(spec, key, _('Look at the table again.'))}"


def _judge_order(spec: dict, answer):
    given = _read_letter_items(spec, answer)
    wanted = [normalise_text(a) for a in spec["answer"]]
    if sorted(given) != sorted(wanted):
        raise AnswerFormError(_("Put every one of the {n} letters in order, once each, like {example} "
                                "rearranged.").format(n=len(wanted), example=list(sorted(wanted))))
    if given == wanted:
        return "correct", _praise(spec)
    placed = sum(g == w for g, w in zip(given, wanted))
    return ("partial" if placed else "incorrect",
            (_("1 event is in the right place.") if placed == 1
             else _("{n} events are in the right place.").format(n=placed))
            + " " + _hint(spec, "wrong", _("Look at the dates in the table again.")))


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

    answer = spec["answer"] if answer is None else answer
    kind = spec.get("type")
    if kind == "order" and isinstance(answer, list):
        shown = " → ".join(map(str, answer))
    elif isinstance(answer, list):
        shown = ", ".join(map(str, answer))
    elif kind == "choice":
        shown = str(answer)
        try:
            index = choice_index(spec, answer)
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
        if is_written(spec):
            rows.append(f"<tr><th scope='row'>{e(key)}</th><td>{e(spec['question'])}</td>"
                        f"<td><strong>{e(_('Model answer:'))}</strong> {e(str(spec.get('model_answer', '')))}</td>"
                        f"<td><strong>{e(_('What a good answer does:'))}</strong> "
                        f"{e(str(spec.get('rubric_line', '')))}</td></tr>")
            continue
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


def _site(url: str) -> str:
    """A link's words in a reading list: the site ("reuters.com"); the address itself is the
    link, and paper prints it after the words (handout.css). Writing every address twice made
    a third of a lesson page's own text."""
    from urllib.parse import urlsplit

    host = urlsplit(str(url)).netloc
    return host[4:] if host.startswith("www.") else (host or str(url))


def further_reading(*tables) -> HTMLBlock:
    """A reading list built from the sources of the given tables, or of the rows a lesson
    showed (a DataFrame with a source_id column).

    >>> from helpers import further_reading, load
    >>> repr(further_reading("panama/casualty_estimates")).endswith("sources")
    True
    """

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
        f"({html.escape(r.published)}). <cite{lang(languages.get(r.source_id))}>{title_html(r.title)}</cite>. "
        f"<a href='{html.escape(r.url)}' translate='no'>{html.escape(_site(r.url))}</a></li>"
        for r in merged.itertuples())
    return HTMLBlock(f"<ul class='ih-reading'>{items}</ul>", f"{len(merged)} sources")


# ---------------------------------------------------------------- predict, then reveal
def predict(key: str, question: str, reveal, compare=None, placeholder: str | None = None):
    """Ask for a guess before showing the data: the reveal appears once a guess is recorded.

    ``reveal`` is a chart (or anything a notebook can display); ``compare(guess)`` returns a
    sentence comparing the guess with the data. In a handout the data shows directly.
    """
    # deferred for speed: widgets load ipywidgets and Altair; check() and explain() need neither
    from .widgets import prediction

    if not isinstance(key, str) or not key.strip():
        raise PackError(_("predict() takes a name for the guess first, in quotes, then the "
                          "question and what to reveal, like predict(\"deaths\", \"How many "
                          "died?\", chart); the name given was {given}.").replace("{given}", repr(key)))
    if not isinstance(question, str) or not question.strip():
        raise PackError(_("predict() takes the question as text, in quotes, after the name, like "
                          "predict(\"deaths\", \"How many died?\", chart); the question given was "
                          "{given}.").replace("{given}", repr(question)))
    if reveal is None:
        raise PackError(_("predict() needs something to reveal once a guess is made (a chart or a "
                          "table) after the question; it was None."))
    return prediction(key, question, reveal, compare, placeholder)
