"""Reading what a learner typed: numbers, text, choices and lists, in the forms people use.

Each reader returns the cleaned value, or raises ``AnswerFormError`` with a message that says
what form the question wants. Nothing here knows the right answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

NUMBER = re.compile(r"[-+]?\d[\d,\s]*(?:\.\d+)?|[-+]?\.\d+")


class AnswerFormError(ValueError):
    """The answer is not in a form the question can read."""


def normalise_text(value) -> str:
    """Lower case, accents removed, spaces collapsed: 'Panamá  City ' -> 'panama city'."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\"'`’‘“”.,;:!?()]", " ", text.casefold())
    return " ".join(text.split())


def read_number(value) -> float:
    if isinstance(value, bool) or value is None:
        raise AnswerFormError("This question wants a number, such as 42 or 3.5.")
    if isinstance(value, (int, float)):
        return float(value)
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:  # numpy or pandas scalar
        return read_number(value.item())
    if isinstance(value, str):
        found = NUMBER.findall(value.replace("%", " "))
        if len(found) == 1:
            digits = re.sub(r"[,\s]", "", found[0])
            try:
                return float(digits)
            except ValueError:
                pass
        if len(found) > 1:
            raise AnswerFormError(f"You wrote {value!r}, which holds more than one number. "
                                  "Give just one number, like 42 (no quotes needed).")
        raise AnswerFormError(f"You wrote text ({value!r}); this question wants a number, "
                              "like 42 or 3.5, without quotes.")
    if isinstance(value, Iterable):
        raise AnswerFormError("You gave a list or table; this question wants one number, like 42.")
    raise AnswerFormError(f"This question wants a number; you gave a {type(value).__name__}.")


def read_text(value) -> str:
    if value is None:
        raise AnswerFormError("This question wants a word or a short text in quotes, like 'Panama'.")
    if isinstance(value, (list, tuple, set)):
        if len(value) == 1:
            return normalise_text(next(iter(value)))
        raise AnswerFormError("You gave several items; this question wants one answer in quotes.")
    return normalise_text(value)


def read_items(value) -> list[str]:
    """A list, tuple, set, pandas Series or a comma-separated string of items."""
    if value is None or isinstance(value, bool):
        raise AnswerFormError("This question wants a list, like ['a', 'b'].")
    if isinstance(value, (int, float)):
        raise AnswerFormError(f"You gave one number ({value}); this question wants a list of "
                              "items in square brackets, like ['a', 'b'].")
    if isinstance(value, str):
        parts = re.split(r"[;,\n]|\band\b", value)
    elif isinstance(value, dict):
        parts = list(value)
    elif isinstance(value, Iterable):
        parts = list(value)
    else:
        raise AnswerFormError(f"This question wants a list; you gave a {type(value).__name__}.")
    items = [normalise_text(p) for p in parts if str(p).strip()]
    if not items:
        raise AnswerFormError("Your list is empty; this question wants a list like ['a', 'b'].")
    return items


def read_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = read_text(value)
    if text in {"yes", "y", "true", "si", "sim", "1"}:
        return True
    if text in {"no", "n", "false", "nao", "0"}:
        return False
    raise AnswerFormError(f"You wrote {value!r}; this question wants True or False (yes or no).")
