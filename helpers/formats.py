"""Numbers and dates as each edition writes them: "10,000" and "2 Sep 2025" in English,
"10.000" and "2 sep 2025" in Spanish, "10.000" and "2 set 2025" in Portuguese.

The definitions are data (``helpers/locale/formats.json``, the d3 locale format that Vega
reads), so the charts (through ``config.locale``, see ``helpers.theme``) and the text the
helpers write in Python use the same separators and month names, with no network.

>>> number(10000, language="es"), number(2.5, language="pt"), number(1234.5, language="en")
('10.000', '2,5', '1,234.5')
>>> date("2025-09-02", language="es"), date("2025-09-02", "day_long", language="pt")
('2 sep 2025', '2 de setembro de 2025')
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from pathlib import Path

from .i18n import SOURCE, get_language

PATH = Path(__file__).resolve().parent / "locale" / "formats.json"


@functools.lru_cache(maxsize=1)
def _definitions() -> dict:
    return json.loads(PATH.read_text(encoding="utf-8"))


def definition(language: str | None = None) -> dict:
    """The number, time and pattern definitions of a language (English when unknown)."""
    found = _definitions()
    return found.get(language or get_language()) or found[SOURCE]


def vega_locale(language: str | None = None) -> dict:
    """``{"number": ..., "time": ...}``: what Vega takes as ``config.locale``."""
    chosen = definition(language)
    return {"number": chosen["number"], "time": chosen["time"]}


def pattern(kind: str = "day", language: str | None = None) -> str:
    """A date pattern (d3/strftime): 'day' (2 Sep 2025), 'day_long' (2 September 2025),
    'month' (Sep 2025) or 'month_long' (September 2025), as the edition writes it."""
    return definition(language)["patterns"][kind]


def number(value, decimals: int | None = None, language: str | None = None) -> str:
    """A figure with the edition's separators: whole numbers without decimals, others with
    ``decimals`` (default one). Missing values give ''."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return ""
    if decimals is None:
        decimals = 0 if x.is_integer() else 1
    return localize(f"{x:,.{decimals}f}", language)


def localize(text: str, language: str | None = None) -> str:
    """A number written the English way ('1,234.5') in the edition's way ('1.234,5')."""
    chosen = definition(language)["number"]
    if chosen["decimal"] == "." and chosen["thousands"] == ",":
        return text
    return text.replace(",", "\0").replace(".", chosen["decimal"]).replace("\0", chosen["thousands"])


def strftime(value, fmt: str, language: str | None = None) -> str:
    """``value.strftime(fmt)`` with the edition's month and day names; ``%-d`` is the day
    without a leading zero on every platform."""
    chosen = definition(language)["time"]
    names = {"%B": chosen["months"][value.month - 1], "%b": chosen["shortMonths"][value.month - 1],
             "%-d": str(value.day), "%e": str(value.day)}
    if hasattr(value, "weekday"):
        weekday = (value.weekday() + 1) % 7  # d3 counts from Sunday
        names.update({"%A": chosen["days"][weekday], "%a": chosen["shortDays"][weekday]})
    parts = re.split(r"(%-d|%[A-Za-z%])", fmt)
    return "".join(names[p] if p in names else value.strftime(p) if p.startswith("%") else p
                   for p in parts)


def date(value, kind: str = "day", language: str | None = None) -> str:
    """A date in the edition's words. Text dates keep their precision: '1989' stays a year,
    '2025-09' becomes a month ('Sep 2025'), '2025-09-02' a day ('2 Sep 2025')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}", text):
            return text
        if re.fullmatch(r"\d{4}-\d{2}", text):
            value = dt.date(int(text[:4]), int(text[5:7]), 1)
            kind = "month_long" if kind == "day_long" else "month"
        else:
            try:
                value = dt.date.fromisoformat(text[:10])
            except ValueError:
                return value
    try:
        import pandas as pd

        if value is pd.NaT or (not isinstance(value, (dt.date, dt.datetime)) and pd.isna(value)):
            return ""
    except (ImportError, TypeError, ValueError):
        pass
    return strftime(value, pattern(kind, language), language)
