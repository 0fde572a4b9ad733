"""The data box under every chart, in the spirit of Our World in Data's grapher: what is
shown, the unit, the sources with their dates, "as of", how the pack processed the figures,
whether sources disagree, the chart's data as CSV and how to cite it.

Everything is read from the chart's own Vega-Lite spec (its description, axis titles and the
rows it draws), so the box cannot drift from the chart.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .citations import _bibliography_rows
from .edition import current
from .i18n import _

E = html.escape
KEYS = ("year", "group", "measure", "item", "indicator", "document", "body", "case", "dimension")
DERIVED = re.compile(r"\b(sum of|derived|computed|calculated|difference|total of)\b", re.I)
MAX_LISTED = 8


def datasets(spec: dict) -> dict[str, list[dict]]:
    """The named row sets a spec draws (Altair puts them in ``datasets``)."""
    found = dict(spec.get("datasets") or {})
    data = spec.get("data")
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        found.setdefault("data", data["values"])
    return {name: rows for name, rows in found.items() if isinstance(rows, list)}


def _titles(node, found: list[str]) -> list[str]:
    if isinstance(node, dict):
        encoding = node.get("encoding")
        if isinstance(encoding, dict):
            for channel in ("x", "y"):
                title = (encoding.get(channel) or {}).get("title") if isinstance(encoding.get(channel), dict) else None
                if isinstance(title, list):  # a title on several lines (a narrow chart) is one title
                    title = " ".join(str(line) for line in title)
                if isinstance(title, str) and title and title not in found:
                    found.append(title)
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key) or []:
                _titles(child, found)
    return found


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return str(title or "")


def _source_ids(rows_by_set: dict) -> list[str]:
    ids: list[str] = []
    for rows in rows_by_set.values():
        for row in rows:
            for column in ("source_id", "source_ids"):
                value = row.get(column)
                if isinstance(value, str):
                    for part in value.split(";"):
                        part = part.strip()
                        if part and part not in ids:
                            ids.append(part)
    return ids


def _sources(ids: list[str]) -> tuple[list[str], str]:
    """'Publisher (published date)' per source, and the latest date among them."""
    try:
        rows = _bibliography_rows()
    except Exception:  # a damaged bibliography must not stop a chart from drawing
        rows = {}
    named, latest = [], ""
    for source_id in ids:
        row = rows.get(source_id)
        if not row:
            continue
        who = str(row.get("author_or_publisher", "")).split(" (")[0].split(";")[0].strip()
        when = str(row.get("published", ""))
        entry = f"{who} ({when})" if when else who
        if entry not in named:
            named.append(entry)
        latest = max(latest, when)
    return named, latest


def _coverage(rows: list[dict]) -> str:
    for column in ("date", "as_of", "year"):
        values = [str(r[column])[:10] for r in rows if r.get(column) not in (None, "")]
        if values:
            first, last = min(values), max(values)
            if column == "year":
                first, last = first.split(".")[0], last.split(".")[0]
            return first if first == last else _("{first} to {last}").replace(
                "{first}", first).replace("{last}", last)
    return ""


def disagreement(rows: list[dict]) -> str:
    """How many of the quantities drawn are given by more than one source, and on how many
    of those the sources give different figures."""
    if not rows or "value" not in rows[0]:
        return ""
    source_column = next((c for c in ("source_id", "_series", "series") if c in rows[0]), None)
    if source_column is None:
        return ""
    keys = [k for k in KEYS if k in rows[0]]
    groups: dict[tuple, dict] = {}
    for row in rows:
        if row.get("value") is None:
            continue
        key = tuple(str(row.get(k)) for k in keys)
        groups.setdefault(key, {}).setdefault(str(row.get(source_column)), set()).add(row["value"])
    shared = {k: v for k, v in groups.items() if len(v) > 1}
    if not shared:
        return _("Each figure here comes from one source: nothing to compare.")
    differ = [k for k, v in shared.items() if len({round(float(x), 6) for s in v.values() for x in s}) > 1]
    most = max((len(v) for v in shared.values()), default=0)
    if not differ:
        if len(shared) == 1:
            return _("No: the 1 quantity given by two or more sources have the same figures.")
        return _("No: the {n} quantities given by two or more sources have the same "
                 "figures.").replace("{n}", str(len(shared)))
    if len(shared) == 1:
        return _("Yes: {most} sources give a figure for the same quantity, and the figures differ. "
                 "The chart shows each side by side; none is averaged.").replace("{most}", str(most))
    return (_("Yes: on {differ} of the {shared} quantities given by two or more sources (up to "
              "{most} sources for one), the figures differ. The chart shows each side by side; "
              "none is averaged.").replace("{differ}", str(len(differ)))
            .replace("{shared}", str(len(shared))).replace("{most}", str(most)))


COMPUTED = re.compile(r"(so_far|running|cumulative|total|change|pct|percent|share|ratio|gap|diff|per_|rate)",
                      re.I)


def _processing(rows: list[dict], spec: dict) -> str:
    """How the pack processed the figures: what the chart says (``usermeta.processing``),
    else what its columns and notes show."""
    stated = (spec.get("usermeta") or {}).get("processing")
    if stated:
        return str(stated)
    computed = [c for c in (rows[0] if rows else {}) if not c.startswith("_") and c != "value"
                and COMPUTED.search(c)]
    if computed:
        return _("Computed by the pack from the sourced rows ({columns}): see the chart's title "
                 "and subtitle for how; every row it uses, with its source, is in the "
                 "CSV.").replace("{columns}", ", ".join(computed))
    notes = " ".join(str(r.get("note") or "") for r in rows)
    if DERIVED.search(notes):
        return _("Most figures as published by their source; rows whose note says 'sum', "
                 "'derived' or 'computed' were derived by the pack from the rows named in the note.")
    return _("As published by each source: the pack selected and sorted rows; it recalculated "
             "nothing.")


def _events(rows: list[dict]) -> str:
    """A timeline's events as a list: on paper the dots need their names."""
    if not rows or not {"date", "title"} <= set(rows[0]):
        return ""
    items = sorted((str(r.get("date"))[:10], str(r.get("title"))) for r in rows if r.get("date"))
    listed = "".join(f"<li><time>{E(d)}</time> {E(t)}</li>" for d, t in items)
    summary = _("The {n} events in this chart, as a list").replace("{n}", str(len(items)))
    return f"<details class='ih-events'><summary>{E(summary)}</summary><ol>{listed}</ol></details>"


def slug(text: str) -> str:
    """A file-name stem that keeps a word's letters: accents and tildes are folded, not cut.

    >>> slug("¿Cuántos panameños murieron?")
    'cuantos-panamenos-murieron'
    """
    letters = "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                      if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-")


def _csv_name(title: str, name: str, many: bool) -> str:
    stem = slug(title)[:60].strip("-") or "chart-data"
    return f"{stem}{'-' + slug(name)[:12].strip('-') if many else ''}.csv"


def data_box(spec: dict, element_id: str) -> str:
    """The box of facts under a chart, with a CSV download of its rows and a citation."""
    rows_by_set = {n: r for n, r in datasets(spec).items() if r}
    main = max(rows_by_set.values(), key=len) if rows_by_set else []
    title = _title(spec)
    axes = _titles(spec, [])
    ids = _source_ids(rows_by_set)
    named, latest = _sources(ids)
    more = _("; and {n} more (in the CSV's source_id column)").replace("{n}", str(len(named) - MAX_LISTED))
    listed = "; ".join(named[:MAX_LISTED]) + (more if len(named) > MAX_LISTED else "")
    coverage = _coverage(main)
    facts = [(_("What is shown"), spec.get("description") or title),
             (_("Unit"), " · ".join(axes) if axes else _("as labelled on the chart")),
             (_("Sources"), listed or _("see the source line")),
             (_("As of"), "; ".join(part for part in (
                 _("data cover {range}").replace("{range}", coverage) if coverage else "",
                 _("latest source published {date}").replace("{date}", latest) if latest else "")
                 if part)
              or _("the rows carry no date; the source line names each source")),
             (_("How processed"), _processing(main, spec)),
             (_("Do sources disagree?"), disagreement(main) or _("Not applicable to this chart."))]
    items = "".join(f"<div><dt>{E(k)}</dt><dd>{E(v)}</dd></div>" for k, v in facts if v)
    many = len(rows_by_set) > 1
    def link_text(i: int, rows: list) -> str:
        if many:
            text = _("Download this chart's data ({n} rows, part {part}) as CSV")
        else:
            text = _("Download this chart's data ({n} rows) as CSV")
        return text.replace("{n}", str(len(rows))).replace("{part}", str(i + 1))

    links = " ".join(
        f"<a class='ih-csv' href='#' download='{E(_csv_name(title, name, many))}' "
        f"data-ih-spec='{element_id}-spec' data-ih-dataset='{E(name)}'>{E(link_text(i, rows), quote=False)}</a>"
        for i, (name, rows) in enumerate(rows_by_set.items()))
    citation = (_("Intervention History teaching pack ({edition}), chart \u201c{title}\u201d; data "
                  "from the sources listed above (each row's source in the CSV).")
                .replace("{edition}", _edition()).replace("{title}", title))
    return (f"<div class='ih-databox'><dl>{items}</dl>"
            f"<p class='ih-screen-only ih-howto'>"
            f"{E(_('On screen: point at a mark to read its details; the menu under the chart (where there is one) filters it.'), quote=False)}</p>"
            f"<p class='ih-print-only ih-howto'>"
            f"{E(_('On paper: the labels give each figure; the full rows are in the CSV download of the screen version.'), quote=False)}</p>"
            f"<p class='ih-download ih-screen-only'>{links}</p>"
            f"<p class='ih-cite'><strong>{E(_('Cite:'))}</strong> {E(citation)}</p>{_events(main)}</div>")


def _edition() -> str:
    try:
        return _("edition {edition}").replace("{edition}", current()["edition"])
    except Exception:
        return _("current edition")
