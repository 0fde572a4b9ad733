"""All the cases' timelines as one table, on an aligned time axis.

Each case has a starting event (its ``anchor``): the day the intervention turned into its
main instrument. The defaults below name those events by the start of their title in the
case's ``events`` table; pass your own to compare other starting points.
"""

from __future__ import annotations

from .errors import PackError, suggest

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

    from .catalog import table_names
    from .data import load

    cases = _cases(cases)
    frames = []
    for case in cases:
        name = f"{case}/events"
        if name in table_names():
            frame = load(name)
            frame.insert(0, "case", case)
            frames.append(frame)
    if not frames:
        raise PackError(f"No events tables for {cases}; see list_datasets().")
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
        match = titles[titles.str.startswith(prefix)] if prefix else titles.iloc[0:0]
        if match.empty:
            raise suggest(prefix, titles.tolist(), f"starting event for {case}")
        anchor = match.index[0]
        start = events.loc[anchor, "date"]
        events.loc[rows, "days_from_start"] = (events.loc[rows, "date"] - start).dt.days
        events.loc[rows, "anchor"] = f"{events.loc[anchor, 'title']} ({start:%d %B %Y})"
        events.loc[anchor, "is_anchor"] = True
    events["years_from_start"] = (events["days_from_start"] / 365.25).round(2)
    return events


def _cases(cases) -> list[str]:
    if cases is None:
        return list(CASE_ORDER)
    if isinstance(cases, str):
        cases = [cases]
    if not isinstance(cases, (list, tuple, set)):
        raise PackError("cases is a list of case names, e.g. ['panama', 'venezuela'].")
    for case in cases:
        if case not in CASE_ORDER:
            raise suggest(case, CASE_ORDER, "case")
    return [c for c in CASE_ORDER if c in cases]
