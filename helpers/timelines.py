"""All the cases' timelines as one table, on an aligned time axis.

Each case has a starting event (its ``anchor``): the day the intervention turned into its
main instrument. The defaults below name those events by the start of their English title in
the case's ``events`` table (in a translated edition, the start of the translated title works
too); pass your own to compare other starting points.
"""

from __future__ import annotations

from .catalog import table_names
from .data import load
from .errors import PackError, suggest
from .i18n import SOURCE, _, catalog_path, data_context, get_language, messages

CASE_ORDER = ["panama", "colombia", "venezuela"]
ANCHORS = {
    "panama": "Invasion begins",
    "colombia": "Plan Colombia funded",
    "venezuela": "First US strike on a boat",
}


def all_events(cases=None):
    """Every case's events in one table, with a ``case`` column.

    >>> events = all_events()
    >>> sorted(events["case"].unique()) == sorted(c for c in CASE_ORDER if c in set(events["case"]))
    True
    """
    import pandas as pd

    cases = _cases(cases)
    frames = []
    for case in cases:
        name = f"{case}/events"
        if name in table_names():
            frame = load(name)
            frame.insert(0, "case", case)
            frames.append(frame)
    if not frames:
        raise PackError(_("No events tables for {cases}; see list_datasets().").format(cases=cases))
    events = pd.concat(frames, ignore_index=True)
    events["case"] = pd.Categorical(events["case"], categories=[c for c in CASE_ORDER if c in cases])
    events["kind"] = pd.Categorical(events["kind"].astype(str),
                                    categories=["diplomatic", "economic", "military", "legal", "political"])
    return events.sort_values(["case", "date"]).reset_index(drop=True)


def aligned_events(cases=None, anchors: dict | None = None):
    """All events with ``days_from_start`` and ``years_from_start``: time since each case's
    starting event (negative before it), so the cases line up on one axis.

    >>> events = aligned_events(["panama"])
    >>> float(events.loc[events["is_anchor"], "days_from_start"].iloc[0])
    0.0
    """
    events = all_events(cases)
    chosen = {**ANCHORS, **(anchors or {})}
    events["days_from_start"] = float("nan")
    events["anchor"] = ""
    events["is_anchor"] = False
    for case in events["case"].cat.categories:
        rows = events["case"] == case
        prefix = chosen.get(case)
        titles = events.loc[rows, "title"].astype(str)
        english = _english_titles(case, events.loc[rows])
        found = titles.str.startswith(prefix) | english.str.startswith(prefix) if prefix else None
        match = titles[found] if prefix else titles.iloc[0:0]
        if match.empty:
            raise suggest(prefix, titles.tolist(), _("starting event for {case}").format(case=case))
        anchor = match.index[0]
        start = events.loc[anchor, "date"]
        events.loc[rows, "days_from_start"] = (events.loc[rows, "date"] - start).dt.days
        events.loc[rows, "anchor"] = f"{events.loc[anchor, 'title']} ({_long_date(start)})"
        events.loc[anchor, "is_anchor"] = True
    events["years_from_start"] = (events["days_from_start"] / 365.25).round(2)
    return events


def _english_titles(case: str, rows):
    """The English titles of a case's events rows (load() shows them in the language in use)."""
    import pandas as pd

    shown = rows["title"].astype(str)
    if get_language() == SOURCE:
        return shown
    english = {context: text for (context, text) in messages(catalog_path("data", get_language()))}
    return pd.Series([english.get(data_context(f"{case}/events", str(event_id), "title"), title)
                      for event_id, title in zip(rows["event_id"], shown)], index=rows.index)


def _long_date(day) -> str:
    """20 December 1989, in the language in use."""

    if get_language() == SOURCE:
        return f"{day:%d %B %Y}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=get_language())


def local_dates(days, english: str = "%d %b %Y", pattern: str = "dd MMM y"):
    """A column of dates as text in the language in use: ``english`` is the strftime format of
    the English edition, ``pattern`` the CLDR pattern of the others (07 Dec 1989, 07 dic 1989)."""
    import pandas as pd

    days = pd.to_datetime(days)
    language = get_language()
    if language == SOURCE:
        return days.dt.strftime(english)
    from babel.dates import format_date

    return days.map(lambda day: format_date(day, pattern, locale=language) if pd.notna(day) else None)


def _cases(cases) -> list[str]:
    if cases is None:
        return list(CASE_ORDER)
    if isinstance(cases, str):
        cases = [cases]
    if not isinstance(cases, (list, tuple, set)):
        raise PackError(_("cases is a list of case names, e.g. ['panama', 'venezuela']."))
    for case in cases:
        if case not in CASE_ORDER:
            raise suggest(case, CASE_ORDER, "case")
    return [c for c in CASE_ORDER if c in cases]
