"""Lesson 01 (Panama 1989): the few analysis steps the lesson needs, named for what they do.

    from helpers.panama import dead_totals, where_guess_falls, dead_ranges, latest_by_counter
    totals = dead_totals()                 # every estimate of all Panamanian dead
    latest_by_counter(totals)              # each counter's most recent figure only
    dead_ranges(totals)                    # the range chart, coloured by who counted
    predict_dead(totals)                   # a guess first, then that chart
    estimates("pa_cas_056", "pa_cas_059")  # named rows of the estimates, to read their notes
    behind_each_figure(latest_by_counter(totals))   # each latest figure with what stands behind it
    events_between("1989-12-16", "1989-12-17")   # events of those days, dates in words
    speakers("pa_doc_006", "pa_doc_007")   # who spoke in each document, in what role

Nothing here adds a figure: each function selects or orders rows of
``panama/casualty_estimates``, and says in its docstring which rule it applies.
"""

from __future__ import annotations

import re

from . import theme
from .charts import estimate_ranges
from .data import load
from .errors import PackError, suggest
from .exercises import predict
from .i18n import _, get_language
from .primary_documents import _when, documents
from .words import frame_words

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

    Counters are told apart by ``estimated_by``, without who passed the figure on: "Panama
    Institute of Legal Medicine (as reported by CEE-Panamá)" is the Institute's count, so the
    Institute's own later figure replaces it. The rule matters for the low end: the Comisión 20
    de Diciembre investigated about 250 cases in 2017, then published a list of 331 named dead
    in 2020.

    >>> latest = latest_by_counter(dead_totals())
    >>> bool(latest["estimated_by"].map(counter).is_unique)
    True
    """
    ordered = totals.assign(_counter=totals["estimated_by"].astype(str).map(counter)).sort_values(
        ["_counter", "as_of"])
    latest = ordered.groupby("_counter", observed=True).tail(1).drop(columns="_counter")
    return latest.sort_values("value").reset_index(drop=True)


def counter(estimated_by: str) -> str:
    """Who made a count, without who reported or cited it.

    >>> counter("Panama Institute of Legal Medicine (as reported by CEE-Panamá)")
    'Panama Institute of Legal Medicine'
    """
    return re.sub(r"\s*\(as (?:reported|cited) by [^)]*\)", "", estimated_by).strip()


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

    if title is None:
        title = _("How many Panamanians died in the invasion? It depends who counted")
    by = _("estimator type").replace(" ", "_")  # the legend's title, in the language in use

    codes = [c for c in dict.fromkeys(totals["estimator_type"].astype(str))]
    colours = dict(zip(codes, theme.colours("actor_kind", codes)))  # who counted, in the pack's colours
    worded = frame_words(totals, ["estimator_type"], table="panama/casualty_estimates")  # its words too
    colours = {word: colours[code] for code, word in zip(totals["estimator_type"].astype(str),
                                                         worded["estimator_type"].astype(str))}
    return estimate_ranges(worded.rename(columns={"estimator_type": by}), title=title, colours=colours,
                           subtitle=_("Every estimate of all Panamanian dead, by who made it and when "
                                      "(log scale)"),
                           by=by, x_title=_("Panamanians killed (log scale)"), log_scale=True)


def predict_dead(totals):
    """Ask for a guess of how many Panamanians died, then reveal the range chart of ``totals``
    with a sentence placing the guess among the estimates (``where_guess_falls``). In a handout
    the chart shows directly.

    >>> type(predict_dead(latest_by_counter(dead_totals()))).__name__ != "NoneType"
    True
    """

    return predict("panama-dead", _("How many Panamanians, soldiers and civilians together, died in the "
                                    "invasion? Give one number."),
                   dead_ranges(totals), compare=lambda guess: where_guess_falls(guess, totals))


def _in_words(frame):
    """``frame`` with its ``date`` or ``as_of`` column as a reader says it, by the row's
    precision ("August 1983", "20 December 1989", "1990"), and without the precision column."""

    out = frame.copy()
    column = "date" if "date" in out.columns else "as_of"
    if "date_precision" in out.columns:
        out[column] = [_when({"date": d, "date_precision": str(p)}) if d == d else ""
                       for d, p in zip(out[column], out["date_precision"])]
        out = out.drop(columns="date_precision")
    return out.reset_index(drop=True)


def _pick(frame, column: str, ids: tuple, what: str):
    """The rows of ``frame`` whose ``column`` is one of ``ids``, in the order given."""
    if not ids:
        raise PackError(_("Name at least one row id, like {example}.").format(example=what))
    known = list(frame[column].astype(str))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise suggest(str(unknown[0]), known, column)
    return frame.set_index(frame[column].astype(str)).loc[list(ids)].reset_index(drop=True)


def figure_text(row) -> str:
    """A row's figure as a reader says it, in the language in use: "267-360", "about 3,000",
    "more than 3,000", "331" (an exact count needs no word).

    >>> figure_text({"value": 3000.0, "low": None, "high": None, "qualifier": "about"})
    'about 3,000'
    >>> figure_text({"value": 267.0, "low": 267.0, "high": 360.0, "qualifier": None})
    '267-360'
    """
    def given(x):
        return x is not None and x == x

    low, high, value = row.get("low"), row.get("high"), row.get("value")
    if given(high):
        start = low if given(low) else value
        return _("{low}-{high}").format(low=_whole(start), high=_whole(high))
    if not given(value):
        return ""
    words = {"about": _("about {n}"), "more than": _("more than {n}"), "at least": _("at least {n}"),
             "up to": _("up to {n}")}
    qualifier = str(row.get("qualifier") or "").strip()
    return words.get(qualifier, "{n}").format(n=_whole(value))


def _with_figures(rows):
    """``rows`` with the figure in words ("267-360", "about 3,000") in the ``value`` column, in
    place of value, low, high and qualifier (a table to read; compute on the original rows)."""
    out = rows.copy()
    words = [figure_text(r) for r in out.to_dict("records")]
    out = out.drop(columns=[c for c in ("low", "high", "qualifier") if c in out.columns])
    out["value"] = words
    return out


def estimates(*ids, deaths=None):
    """Rows of ``panama/casualty_estimates`` by id, in the order given, with the columns a reader
    needs to judge them (as ``behind_each_figure``): who counted, when, the figure in words and
    its note, which says what was counted.

    >>> list(estimates("pa_cas_056")["value"])
    ['275']

    A mistyped id is refused, naming the closest ids (``estimates("pa_cas_999")``: "Unknown
    estimate_id 'pa_cas_999'. Did you mean 'pa_cas_059' ...?").
    """
    if deaths is None:
        deaths = load("panama/casualty_estimates")
    rows = _pick(deaths, "estimate_id", ids, '"pa_cas_056"')
    return behind_each_figure(rows)


def behind_each_figure(totals):
    """The latest estimates (``latest_by_counter``) as a reader grades them: who counted, when,
    the figure in words (in the ``value`` column) and the note that says what stands behind it.

    >>> list(behind_each_figure(latest_by_counter(dead_totals())).columns)
    ['estimate_id', 'estimated_by', 'as_of', 'value', 'note']
    """
    keep = ["estimate_id", "estimated_by", "as_of", "date_precision", "qualifier", "value", "low",
            "high", "note"]
    return _with_figures(_in_words(totals[[c for c in keep if c in totals.columns]]))


def events_between(start: str, end: str, events=None):
    """The events of ``panama/events`` from ``start`` to ``end`` (both included, dates as
    'YYYY-MM-DD'), in date order, each date as a reader says it by its precision.

    >>> road = events_between("1977-01-01", "1989-12-17")
    >>> road["date"].iloc[0], road["event_id"].iloc[0]
    ('7 September 1977', 'pa_evt_049')
    """
    if events is None:
        events = load("panama/events")
    rows = events[events["date"].between(start, end)].sort_values(["date", "event_id"], kind="stable")
    return _in_words(rows[["event_id", "date", "date_precision", "title", "description", "source_id"]])


def speakers(*ids):
    """Who spoke in each Panama document named, in what role, and when: the table to attribute
    words to their speakers (the words themselves are on the cards or in the question).

    >>> list(speakers("pa_doc_007")["role"].str.contains("Endara"))
    [True]
    """

    rows = _pick(documents("panama"), "doc_id", ids, '"pa_doc_007"')
    return _in_words(rows[["doc_id", "date", "date_precision", "speaker", "role"]])
