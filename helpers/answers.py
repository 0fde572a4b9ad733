"""Reading what a learner typed: numbers, text, choices and lists, in the forms people use.

Each reader returns the cleaned value, or raises ``AnswerFormError`` with a message that says
what form the question wants, in the language in use. Nothing here knows the right answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .i18n import _, get_language
from .paths import data_dir

# A number as people type it: signs (incl. the Unicode minus and dashes), thousands separators
# ("1,200", "1.200", "1 200") and decimal marks (a point, or the comma many Latin American
# learners use: "-13,4"). Separators must sit between digit groups: "1987, 4.8" is two numbers.
NUMBER = re.compile(r"[-+]?\s?(?:\d{1,3}(?:[\u00a0 ]\d{3})+|\d+)(?:[.,]\d+)*")
DASHES = dict.fromkeys(map(ord, "\u2212\u2012\u2013\u2014\u2010\u2011\ufe63\uff0d"), "-")
# The editions whose readers write a decimal comma and a thousands point ("37,5", "1.300").
DECIMAL_COMMA = {"es", "pt"}
# Words that join the items of a list, by language ("b y c", "b e c", "b and c").
AND = {"en": ("and",), "es": ("y",), "pt": ("e",)}
SHOWN = 60  # characters of an answer quoted back in a message, at most


class AnswerFormError(ValueError):
    """The answer is not in a form the question can read."""


def normalise_text(value) -> str:
    """Lower case, accents removed, spaces collapsed: 'Panamá  City ' -> 'panama city'."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\"'`’‘“”.,;:!?()¿¡]", " ", text.casefold())
    return " ".join(text.split())


def shown(value) -> str:
    """An answer quoted back to its writer: in quotes, and cut when long (never a 5 MB echo)."""
    text = str(value)
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "...")


def show_number(number: float, language: str | None = None) -> str:
    """A number as the edition writes it: 37.5 in English, 37,5 in Spanish and Portuguese."""
    text = f"{number:g}" if abs(number) < 1e15 else str(number)
    return text.replace(".", ",") if (language or get_language()) in DECIMAL_COMMA else text


def read_number(value) -> float:
    """A number from what a learner typed or computed.

    >>> read_number("-13,4"), read_number("\u221213.4"), read_number("4.8 points"), read_number("1,200")
    (-13.4, -13.4, 4.8, 1200.0)
    """
    return read_number_explained(value)[0]


def read_number_explained(value, count: bool = False) -> tuple[float, str]:
    """The number, and a note saying how it was read when that needed interpreting ('' if not).

    ``count`` says the question wants a whole number (a count): then "1.300" and "1,300" are
    one thousand three hundred in every edition, as a reader of Spanish or Portuguese means.
    """
    import math

    if isinstance(value, bool) or value is None:
        raise AnswerFormError(_("This question wants a number, such as 42 or 3.5."))
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number):
            raise AnswerFormError(_("Your answer is NaN ('not a number'): the calculation found no "
                                    "value. Check that the rows you selected are not empty."))
        if math.isinf(number):
            raise AnswerFormError(_("Your answer is infinite: did you divide by zero? Check the "
                                    "value you divided by."))
        return number, ""
    if _is_missing(value):
        raise AnswerFormError(_("Your answer is a missing value (NA): the rows you selected hold no "
                                "number. Check your filter."))
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:  # numpy/pandas scalar or 1 row
        number, note = read_number_explained(value.item(), count)
        return number, note or (_("(I read the one value in your selection.)") if getattr(value, "ndim", 0) else "")
    if isinstance(value, (list, tuple)) and len(value) == 1:
        number, note = read_number_explained(value[0], count)
        return number, note or _("(I read the one value in your list.)")
    if isinstance(value, str):
        return _number_in_text(value, count)
    if hasattr(value, "columns"):
        raise AnswerFormError(_("You gave a table (a DataFrame); this question wants one number, "
                                "like 42. Pick the value out of the table first."))
    if isinstance(value, Iterable):
        raise AnswerFormError(_("You gave a list or table; this question wants one number, like 42."))
    raise AnswerFormError(_("This question wants a number; you gave a {kind}.").format(
        kind=type(value).__name__))


def _is_missing(value) -> bool:
    try:
        import pandas as pd
        return value is pd.NA or value is pd.NaT
    except ImportError:  # pragma: no cover
        return False


def _number_in_text(text: str, count: bool = False) -> tuple[float, str]:
    cleaned = text.translate(DASHES).replace("%", " ")
    found = [m.strip() for m in NUMBER.findall(cleaned)]
    if len(found) > 1:
        listed = ", ".join(found[:4]) + (", ..." if len(found) > 4 else "")
        raise AnswerFormError(_("You wrote {text}, which holds more than one number ({numbers}). "
                                "Give just one number, like 42.").format(text=shown(text), numbers=listed))
    if not found:
        raise AnswerFormError(_("You wrote text ({text}); this question wants a number, "
                                "like 42 or 3.5.").format(text=shown(text)))
    raw = found[0]
    sign = -1.0 if raw.startswith("-") else 1.0
    digits = raw.lstrip("+-").strip()
    number, how = _digits(digits, count)
    value = sign * number
    if how or raw.replace(" ", "") != text.strip().replace(" ", ""):
        return value, READ_AS[how]().format(number=show_number(value), decimal=how and _decimal(digits))
    return value, ""


# How a number was read, as the note check() adds ("" key: read as written, but other text was
# around it). Functions, so that each note is in the language in use when it is shown.
READ_AS = {
    "": lambda: _("(I read your answer as {number}.)"),
    "decimal comma": lambda: _("(I read your answer as {number}, with the comma as the decimal mark.)"),
    "decimal point": lambda: _("(I read your answer as {number}, with the point as the decimal mark; "
                               "for a number of thousands, write it without the point.)"),
    "thousands comma": lambda: _("(I read your answer as {number}, with the comma separating thousands; "
                                 "for a decimal, write {decimal}.)"),
    "thousands point": lambda: _("(I read your answer as {number}, with the point separating "
                                 "thousands, since the question asks for a whole number.)"),
    "thousands comma count": lambda: _("(I read your answer as {number}, with the comma separating "
                                       "thousands, since the question asks for a whole number.)"),
}


def _decimal(digits: str) -> str:
    """'1,200' -> the decimal it could have meant, as the edition writes it: '1.2' / '1,2'."""
    whole, _sep, part = digits.partition("," if "," in digits else ".")
    return show_number(float(f"{whole}.{part}"))


def _digits(digits: str, count: bool = False) -> tuple[float, str]:
    """'1,200' -> 1200; '13,4' -> 13.4; '1.200,5' -> 1200.5; '1 200' -> 1200.

    One mark followed by exactly three digits ('1.300', '1,300') is the ambiguous case: a count
    reads it as thousands; otherwise English reads '1,300' as thousands and '1.300' as a
    decimal, and Spanish and Portuguese read either as a decimal (the comma is their decimal
    mark; the point is Python's)."""
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
    if len(marks) > 1:  # 1,234,567 or 1.234.567: thousands
        return float("".join(groups)), ""
    decimal = float(f"{groups[0]}.{groups[1]}")
    if len(groups[-1]) != 3:
        return decimal, ("decimal comma" if last == "," else "")
    # exactly one mark followed by three digits: 1,300 or 1.300
    thousands = float("".join(groups))
    if count:
        return thousands, ("thousands point" if last == "." else "thousands comma count")
    if get_language() in DECIMAL_COMMA:
        return decimal, ("decimal comma" if last == "," else "decimal point")
    return (thousands, "thousands comma") if last == "," else (decimal, "")


def read_text(value) -> str:
    if value is None:
        raise AnswerFormError(_("This question wants a word or a short text in quotes, like 'Panama'."))
    if hasattr(value, "columns"):
        raise AnswerFormError(_("You gave a table (a DataFrame); this question wants one answer in "
                                "quotes. Pick the value out of the table first."))
    if isinstance(value, (list, tuple, set)) or getattr(value, "ndim", 0) >= 1:
        items = list(value.ravel()) if hasattr(value, "ravel") else list(value)
        if hasattr(value, "to_numpy"):
            items = list(value.to_numpy().ravel())
        if len(items) == 1:
            return read_text(items[0])
        if not items:
            raise AnswerFormError(_("Your selection is empty: no row matched. Check your filter."))
        raise AnswerFormError(_("You gave {n} items; this question wants one answer in quotes.").format(
            n=len(items)))
    if _is_missing(value) or (isinstance(value, float) and value != value):
        raise AnswerFormError(_("Your answer is a missing value: the row you selected has no entry there."))
    return normalise_text(value)


def read_items(value, letters: list[str] | None = None) -> list[str]:
    """A list, tuple, set, pandas Series or a text of items separated by commas, semicolons,
    new lines or the edition's word for "and" ("b and c", "b y c", "b e c").

    ``letters`` are the item's option letters, if its items are letters: in Portuguese "e" is
    both "and" and option (e), so "b e c" is read as "b and c" only when there is no option (e)
    or the answer separates its items with commas; otherwise the reader is asked for commas.
    """
    if value is None or isinstance(value, bool):
        raise AnswerFormError(_("This question wants a list, like ['a', 'b']."))
    if isinstance(value, (int, float)):
        raise AnswerFormError(_("You gave one number ({value}); this question wants a list of "
                                "items in square brackets, like ['a', 'b'].").format(value=value))
    if hasattr(value, "columns"):
        raise AnswerFormError(_("You gave a table (a DataFrame); this question wants a list of "
                                "letters or names, like ['a', 'c']. For one column of the table, "
                                "select it: table['column'].tolist()."))
    if isinstance(value, str):
        parts = _split_items(value, letters)
    elif isinstance(value, dict):
        parts = list(value)
    elif isinstance(value, Iterable):
        parts = list(value)
    else:
        raise AnswerFormError(_("This question wants a list; you gave a {kind}.").format(
            kind=type(value).__name__))
    items = [normalise_text(p) for p in parts if str(p).strip()]
    if not items:
        raise AnswerFormError(_("Your list is empty; this question wants a list like ['a', 'b']."))
    return items


def _split_items(text: str, letters: list[str] | None = None) -> list[str]:
    words = {"and", *AND.get(get_language(), ())}
    commas = bool(re.search(r"[;,\n]", text))
    out = []
    for part in re.split(r"[;,\n]", text):
        tokens = part.split()
        inner = [i for i, t in enumerate(tokens) if 0 < i < len(tokens) - 1 and t.casefold() in words]
        if not inner:
            out.append(part)
            continue
        if (not commas and letters is not None and "e" in letters
                and any(tokens[i].casefold() == "e" for i in inner)):
            raise AnswerFormError(_("Separate the letters with commas, like b, c, e: here 'e' is also "
                                    "an option's letter."))
        start = 0
        for i in inner:  # a word for "and" between two items
            out.append(" ".join(tokens[start:i]))
            start = i + 1
        out.append(" ".join(tokens[start:]))
    return out


def read_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = read_text(value)
    if text in {"yes", "y", "true", "si", "sim", "1"}:
        return True
    if text in {"no", "n", "false", "nao", "0"}:
        return False
    raise AnswerFormError(_("You wrote {text}; this question wants True or False (yes or no).").format(
        text=shown(value)))


# ------------------------------------------------------------------ the verdicts' words
def verdict_labels() -> dict[str, dict[str, str]]:
    """Each verdict's English label (normalised, as an option reads) -> its label by language,
    with the code: {'partly supported': {'en': 'Partly supported', 'es': ..., 'pt': ...}}."""
    import csv

    path = data_dir() / "compare" / "verdict_scale.csv"
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    if _LABELS.get("stamp") != stamp:
        labels = {}
        if path.exists():
            with open(path, encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    entry = {"en": row.get("label", ""), "code": row.get("verdict", "")}
                    entry.update({key[6:]: value for key, value in row.items()
                                  if key and key.startswith("label_") and value})
                    labels[normalise_text(row.get("label", ""))] = entry
        _LABELS.update(stamp=stamp, labels=labels)
    return _LABELS["labels"]


_LABELS: dict = {}


# Short names of the two verdicts whose labels carry a qualifier: a learner who writes "not
# testable" or "no comprobada" means that verdict (the scale's other labels have no short form).
SHORT_FORMS = {"not_testable": {"en": "not testable", "es": "no verificable", "pt": "não verificável"},
               "not_checked_here": {"en": "not checked", "es": "no comprobada", "pt": "não verificada"}}


def verdict_short_forms(option: str, language: str = "en") -> list[str]:
    """The short names a self-check accepts for a verdict option, in English and in the language
    in use: 'not testable in principle' -> ['not testable', 'no verificable'] in Spanish.

    >>> verdict_short_forms("not checked here", "pt")
    ['not checked', 'não verificada']
    """
    entry = verdict_labels().get(normalise_text(option))
    forms = SHORT_FORMS.get(entry["code"], {}) if entry else {}
    return list(dict.fromkeys(f for f in (forms.get("en"), forms.get(language)) if f))
