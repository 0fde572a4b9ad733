"""Lesson 01 (Panama 1989): the few analysis steps the lesson needs, named for what they do.

    from helpers.panama import dead_totals, where_guess_falls, dead_ranges, latest_by_counter
    totals = dead_totals()                 # every estimate of all Panamanian dead
    latest_by_counter(totals)              # each counter's most recent figure only
    dead_ranges(totals)                    # the range chart, coloured by who counted

Nothing here adds a figure: each function selects or orders rows of
``panama/casualty_estimates``, and says in its docstring which rule it applies.
"""

from __future__ import annotations

import re

from .errors import PackError
from .i18n import _, get_language

#: Notes that mark a row as something other than an estimate of all the dead: the DNA
#: identifications since 2022, the dead of one neighbourhood, the bodies in one grave.
NOT_A_TOTAL = re.compile(r"not a (?:national )?total", re.IGNORECASE)


def dead_totals(deaths=None):
    """Every estimate of all Panamanian dead (soldiers and civilians together).

    Keeps the rows of ``panama/casualty_estimates`` with group ``panamanian_total`` and measure
    ``killed``, and leaves out rows whose note says they are not a total (identifications by
    DNA, one neighbourhood, one grave).

    >>> totals = dead_totals()
    >>> set(totals["group"].astype(str)), set(totals["measure"].astype(str))
    ({'panamanian_total'}, {'killed'})
    >>> bool(totals["note"].fillna("").str.contains("not a total").any())
    False
    """
    if deaths is None:
        from .data import load

        deaths = load("panama/casualty_estimates")
    missing = {"group", "measure", "note", "value"} - set(deaths.columns)
    if missing:
        raise PackError(_("dead_totals() needs the panama/casualty_estimates table; this one lacks "
                          "{missing}. Use load('panama/casualty_estimates').").format(
                            missing=sorted(missing)))
    rows = deaths[(deaths["group"].astype(str) == "panamanian_total")
                  & (deaths["measure"].astype(str) == "killed")]
    rows = rows[~rows["note"].fillna("").str.contains(NOT_A_TOTAL)]
    return rows[rows["value"].notna() | rows["low"].notna()].reset_index(drop=True)


def latest_by_counter(totals):
    """Each counter's most recent figure: a counter's own revision replaces its earlier one.

    Counters are told apart by ``estimated_by``. The rule matters for the low end: the
    Comisión 20 de Diciembre investigated about 250 cases in 2017, then published a list of
    331 named dead in 2020.

    >>> latest = latest_by_counter(dead_totals())
    >>> bool(latest["estimated_by"].is_unique)
    True
    """
    ordered = totals.sort_values(["estimated_by", "as_of"])
    return ordered.groupby("estimated_by", observed=True).tail(1).sort_values("value").reset_index(drop=True)


def where_guess_falls(guess, totals) -> str:
    """One sentence placing a guess among the estimates: how many lie below and above it.

    >>> where_guess_falls("a lot", dead_totals())
    'Type a number, like 500, to compare it with the estimates.'
    >>> where_guess_falls(1_000_000, dead_totals()).split(" of the ")[0].isdigit()
    True
    """
    try:
        number = float(str(guess).replace(",", "").replace(" ", ""))
    except ValueError:
        return _("Type a number, like 500, to compare it with the estimates.")
    values = totals["value"].fillna(totals["low"])
    low, high = totals.loc[values.idxmin()], totals.loc[values.idxmax()]
    return _("{below} of the {n} estimates of all Panamanian dead are below your guess and "
             "{above} above it. The lowest is {lowest} ({low_by}, {low_year}); the highest is "
             "{highest} ({high_by}, {high_year}).").format(
        below=int((values < number).sum()), n=len(totals), above=int((values > number).sum()),
        lowest=_whole(values.min()), low_by=low["estimated_by"], low_year=f"{low['as_of']:%Y}",
        highest=_whole(values.max()), high_by=high["estimated_by"], high_year=f"{high['as_of']:%Y}")


def _whole(x) -> str:
    """A whole number with the thousands separator of the language in use (1,000; 1.000)."""
    if get_language() == "en":
        return f"{x:,.0f}"
    from babel.numbers import format_decimal

    return format_decimal(round(x), format="#,##0", locale=get_language())


def dead_ranges(totals, title: str | None = None):
    """The range chart of the estimates of all Panamanian dead, coloured by kind of counter.
    The title defaults to "How many Panamanians died in the invasion? It depends who counted".

    >>> dead_ranges(dead_totals()).to_dict()["description"][:5]
    'Range'
    """
    from .charts import estimate_ranges

    if title is None:
        title = _("How many Panamanians died in the invasion? It depends who counted")
    by = _("estimator type").replace(" ", "_")  # the legend's title, in the language in use
    from .words import frame_words

    totals = frame_words(totals, ["estimator_type"], table="panama/casualty_estimates")  # its words too
    return estimate_ranges(totals.rename(columns={"estimator_type": by}), title=title,
                           subtitle=_("Every estimate of all Panamanian dead, by who made it and when "
                                      "(log scale)"),
                           by=by, x_title=_("Panamanians killed (log scale)"), log_scale=True)
