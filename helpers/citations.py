"""Citations: the bibliography in ``data/sources.csv`` and who said each figure."""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from .catalog import data_dir, package, resource, table_path
from .errors import DataFileError, PackError, suggest
from .i18n import SOURCE, _, get_language
from .provenance import credit

MAX_NAMED = 15  # a source line longer than this is summarised; sources() has the full list

KIND_LABELS = {
    "news": "News report", "ngo_report": "NGO report", "government": "Government document",
    "un": "UN document", "academic": "Academic work", "dataset": "Dataset", "book": "Book",
    "encyclopedia": "Encyclopedia",
}


BIBLIOGRAPHY = "data/sources.csv"


def _bibliography_rows() -> dict[str, dict]:
    """The bibliography by source id; a damaged ``sources.csv`` raises a DataFileError that
    names it (and only it) with the command that restores it."""
    path = data_dir() / "sources.csv"
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataFileError(bibliography_damage(path) or "", []) from None
    return _read_bibliography(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_bibliography(path: str, _mtime: int, _size: int) -> dict[str, dict]:
    damage = bibliography_damage(Path(path))
    if damage:
        raise DataFileError(damage, [])
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["source_id"]: row for row in csv.DictReader(handle)}


def bibliography_damage(path: Path | None = None) -> str | None:
    """What makes ``data/sources.csv`` unreadable (missing, not UTF-8, no ``source_id``
    column, a cut-off quoted field), as one message with its fix; None when it can be read."""
    path = path or data_dir() / "sources.csv"
    restore = f"To restore it: git checkout -- {BIBLIOGRAPHY}"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return f"{BIBLIOGRAPHY}, the bibliography every table cites, is missing. {restore}"
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return (f"{BIBLIOGRAPHY}, line {line}: the bibliography is not UTF-8 text (was it saved "
                f"from a spreadsheet in another encoding?). Save it as 'CSV UTF-8', or {restore[3:]}")
    except OSError as error:
        return f"{BIBLIOGRAPHY} cannot be read ({error.strerror}). {restore}"
    header = next(csv.reader(text.splitlines()[:1]), [])
    if "source_id" not in header:
        return (f"{BIBLIOGRAPHY}, line 1: the bibliography's header has no 'source_id' column "
                f"(it reads {header[:4]}...). {restore}")
    if text.count('"') % 2:
        return (f"{BIBLIOGRAPHY}: the last row ends inside a quoted field, so the file looks cut "
                f"off. {restore}")
    return None


def source_ids_in_file(path: Path) -> set[str]:
    """The source ids a table's rows cite (``source_id`` or semicolon-separated ``source_ids``)."""
    ids = set()
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for key in ("source_id", "source_ids"):
                    ids.update(s.strip() for s in (row.get(key) or "").split(";") if s.strip())
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        shown = _shown(path)
        why = "is missing" if isinstance(error, FileNotFoundError) else "cannot be read"
        raise DataFileError(f"{shown} {why}, so its sources cannot be listed. To restore it: "
                            f"git checkout -- {shown}\nTo check every table: python -m helpers check",
                            []) from None
    return ids


def _shown(path: Path) -> str:
    """data/panama/events.csv, as a person finds it from the repository's root."""
    try:
        return "data/" + Path(path).resolve().relative_to(data_dir().resolve()).as_posix()
    except ValueError:
        return str(path)


def cite(source_id: str) -> str:
    """One formatted citation: publisher or author, date, title, URL.

    >>> from helpers import cite
    >>> cite("lat_1990_01_10").startswith("Los Angeles Times")
    True
    """
    if not isinstance(source_id, str):
        raise PackError(_("cite() takes a source id (text) such as 'ap_1989_12_29_ga', not {kind}. "
                          "Find ids with sources('<table>').").format(kind=type(source_id).__name__))
    rows = _bibliography_rows()
    row = rows.get(source_id.strip())
    if row is None:
        raise suggest(source_id, rows, "source id", see="sources('<table name>')")
    return format_citation(row)


def format_citation(row: dict) -> str:
    title = row["title"].rstrip(".")
    return f"{row['author_or_publisher']} ({row['published']}). {title}. {row['url']}"


def _annotations() -> dict[str, str]:
    """The pack's own notes that a few titles carry in brackets ("title from URL slug"), in the
    reader's language: not the source's words, so not left in English on a Spanish page."""
    return {
        "title from URL slug, which is cut off": _("title from URL slug, which is cut off"),
        "undated page; year is when read": _("undated page; year is when read"),
        "undated in the copy read; year is when read": _("undated in the copy read; year is when read"),
        "title from URL slug": _("title from URL slug"),
        "title as in the page address": _("title as in the page address"),
        "title not shown in excerpt": _("title not shown in excerpt"),
        "title not shown in the copy read": _("title not shown in the copy read"),
        "headline only, mirror site": _("headline only, mirror site"),
    }


def title_html(title: str) -> str:
    """A source's title, escaped, with the pack's bracketed notes in it in the reader's language
    (each marked with that language inside the title's own).

    >>> title_html("Report (undated page; year is when read)")
    'Report (undated page; year is when read)'
    """
    import html

    text = html.escape(title)
    language = get_language()
    if language == SOURCE:
        return text
    for english, said in _annotations().items():
        if said != english:
            text = re.sub(rf"(?:(?<=\()|(?<=; )){re.escape(html.escape(english))}(?=\)|;)",
                          f"<span lang='{language}'>{html.escape(said)}</span>", text)
    return text


def citation_html(row: dict) -> str:
    """A citation as HTML, its title as published (``<cite>``, marked with the source's
    language, so readers and screen readers know it is not the page's own words)."""
    import html

    e = html.escape
    title = row["title"].rstrip(".")
    language = (row.get("language") or "").strip()
    lang = f" lang='{e(language)}'" if language else ""
    return (f"<span class='ih-publisher' translate='no'>{e(row['author_or_publisher'])}</span> "
            f"({e(row['published'])}). <cite{lang}>{title_html(title)}</cite>. "
            f"<span class='ih-url' translate='no'>{e(row['url'])}</span>")


def short_name(row: dict) -> str:
    """'Associated Press, 1989' style, for source lines under charts; a copy also names the
    site it was read on: 'Associated Press, 2 Nov 2025 (read in a copy on kvia.com)'."""
    if (row.get("copy_kind") or "original") != "original":  # see helpers/provenance.py
        return credit(row)
    who = row["author_or_publisher"].split(" (")[0].split(";")[0].strip()
    if len(who) > 60:
        who = who[:57].rstrip() + "..."
    return f"{who}, {row['published'][:4]}"


def sources(name):
    """The citations behind a table, or behind some of its rows (a DataFrame with a source_id
    column): one row per source those rows actually use.

    >>> from helpers import sources, load
    >>> s = sources("panama/casualty_estimates")
    >>> {"source_id", "citation", "url"} <= set(s.columns)
    True
    >>> len(sources(load("panama/casualty_estimates").head(2))) <= 2
    True
    """
    import pandas as pd

    if isinstance(name, pd.DataFrame):
        used = {s.strip() for key in ("source_id", "source_ids") if key in name
                for cell in name[key].dropna().astype(str) for s in cell.split(";") if s.strip()}
        name = "these rows"
    else:
        resource(name)  # unknown names fail here, with suggestions
        used = source_ids_in_file(table_path(name))
    rows = _bibliography_rows()
    records = []
    for source_id in sorted(used):
        row = rows.get(source_id)
        if row is None:
            raise PackError(f"{name} cites {source_id!r}, which is not in data/sources.csv. "
                            "Run: python -m helpers check")
        records.append({**row, "citation": format_citation(row), "credit": short_name(row)})
    columns = ["source_id", "author_or_publisher", "published", "title", "kind", "url", "citation",
               "credit", "copy_kind", "publisher_kind", "original_url"]
    frame = pd.DataFrame(records)
    return frame[columns] if records else pd.DataFrame(columns=columns)


ROW_ID = re.compile(r"\b[a-z]{2,4}(?:_[a-z0-9]+)*_\d{2,4}\b")  # pa_evt_015, co_coca_056, ve_doc_016


@functools.lru_cache(maxsize=4)
def _row_sources(_folder: str, _stamp: int) -> dict[str, tuple[str, ...]]:
    """Every table row that has an id like 'pa_evt_015', with the source ids it cites."""
    found: dict[str, tuple[str, ...]] = {}
    for item in package()["resources"]:
        key = item.get("schema", {}).get("primaryKey") or []
        key = [key] if isinstance(key, str) else key
        if len(key) != 1 or item["name"] == "sources":
            continue
        try:
            with open(table_path(item["name"]), encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    ident = (row.get(key[0]) or "").strip()
                    cited = tuple(s.strip() for name in ("source_id", "source_ids")
                                  for s in (row.get(name) or "").split(";") if s.strip())
                    if cited and ROW_ID.fullmatch(ident):
                        found[ident] = cited
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # a damaged table is reported by `python -m helpers check`, not here
    return found


def rows_cited(text: str) -> dict[str, list[str]]:
    """The sources behind the rows a text names by their ids: source id -> the row ids, in the
    order the text first names them. What a printed handout lists at its end, so that a reader
    on paper can look up any "(pa_evt_015)" the page cites.

    >>> rows_cited("Endara won (pa_evt_015).")
    {'ct_1989_05_09': ['pa_evt_015']}
    """
    folder = data_dir()
    stamp = max((p.stat().st_mtime_ns for p in folder.rglob("*.csv")), default=0)
    known = _row_sources(str(folder), stamp)
    cited: dict[str, list[str]] = {}
    for ident in dict.fromkeys(ROW_ID.findall(text or "")):
        for source_id in known.get(ident, ()):
            cited.setdefault(source_id, []).append(ident)
    return cited


def source_line(ids) -> str:
    """The line printed under a chart: 'Source: A, 1990; B, 2016.' built from the bibliography.

    >>> source_line(["lat_1990_01_10"]).startswith("Source: Los Angeles Times")
    True
    """
    rows = _bibliography_rows()
    names = []
    for source_id in sorted(set(ids)):
        if source_id in rows:
            name = short_name(rows[source_id])
            if name not in names:
                names.append(name)

    label = _("Source:") if len(names) == 1 else _("Sources:")
    if len(names) > MAX_NAMED:
        shown = "; ".join(names[:MAX_NAMED])
        more = _("and {n} more (sources() of the tables drawn lists them all).")
        return f"{label} {shown}; " + more.replace("{n}", str(len(names) - MAX_NAMED))
    return f"{label} " + "; ".join(names) + "." if names else ""
