"""Reading what a learner typed: numbers, text, choices and lists, in the forms people use.

Each reader returns the cleaned value, or raises ``AnswerFormError`` with a message that says
what form the question wants. Nothing here knows the right answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# A number as people type it: signs (incl. the Unicode minus and dashes), thousands separators
# ("1,200", "1.200", "1 200") and decimal marks (a point, or the comma many Latin American
# learners use: "-13,4"). Separators must sit between digit groups: "1987, 4.8" is two numbers.
NUMBER = re.compile(r"[-+]?\s?(?:\d{1,3}(?:[\u00a0 ]\d{3})+|\d+)(?:[.,]\d+)*")
ONE_ROW_NOTE = "(I read the one value in your selection.)"
DASHES = dict.fromkeys(map(ord, "\u2212\u2012\u2013\u2014\u2010\u2011\ufe63\uff0d"), "-")


class AnswerFormError(ValueError):
    """The answer is not in a form the question can read."""


def normalise_text(value) -> str:
    """Lower case, accents removed, spaces collapsed: 'Panamá  City ' -> 'panama city'."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\"'`’‘“”.,;:!?()]", " ", text.casefold())
    return " ".join(text.split())


def read_number(value) -> float:
    """A number from what a learner typed or computed.

    >>> read_number("-13,4"), read_number("\u221213.4"), read_number("4.8 points"), read_number("1,200")
    (-13.4, -13.4, 4.8, 1200.0)
    """
    return read_number_explained(value)[0]


def read_number_explained(value) -> tuple[float, str]:
    """The number, and a note saying how it was read when that needed interpreting ('' if not)."""
    import math

    if isinstance(value, bool) or value is None:
        raise AnswerFormError("This question wants a number, such as 42 or 3.5.")
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number):
            raise AnswerFormError("Your answer is NaN ('not a number'): the calculation found no "
                                  "value. Check that the rows you selected are not empty.")
        if math.isinf(number):
            raise AnswerFormError("Your answer is infinite: did you divide by zero? Check the "
                                  "value you divided by.")
        return number, ""
    if _is_missing(value):
        raise AnswerFormError("Your answer is a missing value (NA): the rows you selected hold no "
                              "number. Check your filter.")
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:  # numpy/pandas scalar or 1 row
        number, note = read_number_explained(value.item())
        return number, note or (ONE_ROW_NOTE if getattr(value, "ndim", 0) else "")
    if isinstance(value, (list, tuple)) and len(value) == 1:
        number, note = read_number_explained(value[0])
        return number, note or "(I read the one value in your list.)"
    if isinstance(value, str):
        return _number_in_text(value)
    if isinstance(value, Iterable):
        raise AnswerFormError("You gave a list or table; this question wants one number, like 42.")
    raise AnswerFormError(f"This question wants a number; you gave a {type(value).__name__}.")


def _is_missing(value) -> bool:
    try:
        import pandas as pd
        return value is pd.NA or value is pd.NaT
    except ImportError:  # pragma: no cover
        return False


def _number_in_text(text: str) -> tuple[float, str]:
    cleaned = text.translate(DASHES).replace("%", " ")
    found = [m.strip() for m in NUMBER.findall(cleaned)]
    if len(found) > 1:
        raise AnswerFormError(f"You wrote {text!r}, which holds more than one number "
                              f"({', '.join(found)}). Give just one number, like 42.")
    if not found:
        raise AnswerFormError(f"You wrote text ({text!r}); this question wants a number, "
                              "like 42 or 3.5.")
    raw = found[0]
    sign = -1.0 if raw.startswith("-") else 1.0
    digits = raw.lstrip("+-").strip()
    number, interpreted = _digits(digits)
    if interpreted or raw.replace(" ", "") != text.strip().replace(" ", ""):
        return sign * number, f"(I read your answer as {_show(sign * number)}{interpreted}.)"
    return sign * number, ""


def _digits(digits: str) -> tuple[float, str]:
    """'1,200' -> 1200; '13,4' -> 13.4; '1.200,5' -> 1200.5; '1 200' -> 1200."""
    groups = re.split(r"[.,\u00a0 ]", digits)
    marks = re.findall(r"[.,\u00a0 ]", digits)
    if not marks:
        return float(digits), ""
    if len(set(marks)) == 1 and marks[0] in "\u00a0 ":
        return float("".join(groups)), ""
    last = marks[-1]
    if len(set(marks)) > 1:  # e.g. 1.200,5 or 1,200.5: the last mark is the decimal one
        whole = "".join(groups[:-1])
        return float(f"{whole}.{groups[-1]}"), ""
    # one kind of mark only
    if len(marks) > 1 or len(groups[-1]) != 3:
        if len(marks) > 1:  # 1,234,567 or 1.234.567: thousands
            return float("".join(groups)), ""
        return float(f"{groups[0]}.{groups[1]}"), ("" if last == "." else ", with the comma as the decimal mark")
    # exactly one mark followed by three digits: 1,200 or 1.200 (thousands) vs 1.234 (decimal)
    if last == ",":
        return float("".join(groups)), (f", with the comma separating thousands; for a decimal, "
                                        f"write {groups[0]}.{groups[1]}")
    return float(digits), ""


def _show(number: float) -> str:
    return f"{number:g}" if abs(number) < 1e15 else str(number)


def read_text(value) -> str:
    if value is None:
        raise AnswerFormError("This question wants a word or a short text in quotes, like 'Panama'.")
    if isinstance(value, (list, tuple, set)) or getattr(value, "ndim", 0) >= 1:
        items = list(value.ravel()) if hasattr(value, "ravel") else list(value)
        if hasattr(value, "to_numpy"):
            items = list(value.to_numpy().ravel())
        if len(items) == 1:
            return read_text(items[0])
        if not items:
            raise AnswerFormError("Your selection is empty: no row matched. Check your filter.")
        raise AnswerFormError(f"You gave {len(items)} items; this question wants one answer in quotes.")
    if _is_missing(value) or (isinstance(value, float) and value != value):
        raise AnswerFormError("Your answer is a missing value: the row you selected has no entry there.")
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
