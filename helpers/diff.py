"""What changed in the data between two editions or git revisions, figure by figure.

``python -m helpers diff <old> <new>`` lists, for every table, the rows added, the rows removed
and, for rows kept, each value that changed, with the source ids behind it. ``<old>`` and
``<new>`` are git revisions (``HEAD~3``, a commit, a tag) or edition names (``2026.12``: the tag
``edition-2026.12`` if there is one, else the last commit whose ``CITATION.cff`` carried that
version); ``--working`` as ``<new>`` compares with the files on disk.

    python -m helpers diff 0.1.0 2026.12
    python -m helpers diff HEAD~5 HEAD --table venezuela/strike_tallies

For a facilitator: ``changes_since("0.1.0", ["panama/casualty_estimates"])`` returns the same,
as short Markdown, for the tables a lesson uses.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .edition import EDITION_FORM, ROOT, _field, current, previous

WORKING = "--working"
SOURCE_COLUMNS = ("source_id", "source_ids")
MAX_SHOWN = 40  # rows listed per table and kind of change before "... and N more"


class DiffError(ValueError):
    """A revision or edition that cannot be found, named with what to try instead."""


@dataclass
class TableChanges:
    """The rows added, removed and changed in one table."""

    name: str
    key: list[str]
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)  # {"id", "sources", "fields": [(col, old, new)]}

    def __bool__(self):
        return bool(self.added or self.removed or self.changed)


def _git(args: list[str], repo: Path) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if result.returncode:
        raise DiffError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout


def resolve(revision: str, repo: Path | str | None = None) -> str | None:
    """A revision or edition name as a commit id (None for ``--working``: the files on disk)."""
    repo = Path(repo or ROOT)
    if revision in (WORKING, "WORKING", "working"):
        return None
    for candidate in ([f"edition-{revision}", f"v{revision}", revision] if _looks_like_edition(revision)
                      else [revision]):
        try:
            return _git(["rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"], repo).strip()
        except DiffError:
            continue
    if _looks_like_edition(revision):
        found = _edition_commit(revision, repo)
        if found:
            return found
    raise DiffError(f"Unknown revision or edition {revision!r}. Use a git revision (HEAD~3, a "
                    f"commit id, a tag) or an edition listed in CHANGELOG.md.")


def _looks_like_edition(name: str) -> bool:
    return bool(EDITION_FORM.match(name)) or name.count(".") == 2 and name.replace(".", "").isdigit()


def _version_at(commit: str, repo: Path) -> str | None:
    try:
        return _field(_git(["show", f"{commit}:CITATION.cff"], repo), "version")
    except DiffError:
        return None


def _edition_commit(edition: str, repo: Path) -> str | None:
    """The last commit whose CITATION.cff said ``version: <edition>``."""
    head = _git(["rev-parse", "HEAD"], repo).strip()
    if _version_at(head, repo) == edition:
        return head
    for commit in _git(["log", "--format=%H", "--", "CITATION.cff"], repo).split():
        parents = _git(["log", "-1", "--format=%P", commit], repo).split()
        if parents and _version_at(commit, repo) != edition and _version_at(parents[0], repo) == edition:
            return parents[0]
    return None


def _read(path: str, commit: str | None, repo: Path) -> str | None:
    if commit is None:
        file = repo / path
        if not file.exists():
            return None
        data = file.read_bytes()
    else:
        shown = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=repo, capture_output=True)
        if shown.returncode:
            return None
        data = shown.stdout
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:  # a table saved as Latin-1 or Windows-1252
        where = path if commit is None else f"{path} at {commit}"
        raise DiffError(f"{where} is not UTF-8 (byte 0x{data[error.start]:02x} at position {error.start}): "
                        f"save it as UTF-8 (or restore it: git checkout -- {path}), then run diff again") from None


def _tables(commit: str | None, repo: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (path under the repo, primary key) from data/datapackage.json at that revision."""
    text = _read("data/datapackage.json", commit, repo)
    tables = {}
    if text:
        for item in json.loads(text).get("resources", []):
            schema = item.get("schema") or {}
            if isinstance(schema, str):  # a schema kept in its own file, e.g. schemas/documents.json
                schema = json.loads(_read(f"data/{schema}", commit, repo) or "{}")
            key = schema.get("primaryKey") or []
            tables[item["name"]] = (f"data/{item['path']}", [key] if isinstance(key, str) else list(key))
    return tables


def _rows(text: str | None) -> tuple[list[str], list[dict]]:
    if not text:
        return [], []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def _keyed(rows: list[dict], key: list[str], header: list[str]) -> dict[str, dict]:
    key = key or header[:1]
    return {" / ".join(row.get(k) or "" for k in key): row for row in rows}


def _sources(row: dict) -> str:
    return "; ".join(row[c] for c in SOURCE_COLUMNS if row.get(c))


def compare(old: str, new: str = "HEAD", tables=None, repo: Path | str | None = None) -> list[TableChanges]:
    """Per table, the rows added, removed and changed between two revisions or editions.

    ``tables``: names such as ``"panama/events"`` (default: every table, and the bibliography).
    """
    repo = Path(repo or ROOT)
    before, after = resolve(old, repo), resolve(new, repo)
    old_tables, new_tables = _tables(before, repo), _tables(after, repo)
    names = [n for n in dict.fromkeys([*new_tables, *old_tables]) if tables is None or n in tables]
    if tables is not None:
        unknown = sorted(set(tables) - set(names))
        if unknown:
            raise DiffError(f"No table {unknown} at either revision. Tables: {', '.join(sorted(set(new_tables) | set(old_tables)))}")
    results = []
    for name in names:
        path, key = new_tables.get(name) or old_tables[name]
        old_path = (old_tables.get(name) or (path, key))[0]
        old_header, old_rows = _rows(_read(old_path, before, repo))
        new_header, new_rows = _rows(_read(path, after, repo))
        key = key or (new_tables.get(name) or old_tables[name])[1]
        was, now = _keyed(old_rows, key, old_header or new_header), _keyed(new_rows, key, new_header or old_header)
        changes = TableChanges(name, key or (new_header or old_header)[:1])
        changes.added = [now[k] for k in now if k not in was]
        changes.removed = [was[k] for k in was if k not in now]
        for k in now:
            if k in was and now[k] != was[k]:
                columns = list(dict.fromkeys([*old_header, *new_header]))
                fields = [(c, was[k].get(c), now[k].get(c)) for c in columns
                          if (was[k].get(c) or "") != (now[k].get(c) or "")]
                if fields:
                    changes.changed.append({"id": k, "sources": _sources(now[k]) or _sources(was[k]),
                                            "fields": fields})
        results.append(changes)
    return results


def _figure(row: dict, key: list[str]) -> str:
    """'pa_cas_052: value 350 (low 300, high 400) [lat_1990_01_10]' for one row."""
    ident = " / ".join(row.get(k) or "" for k in key) or "(no id)"
    shown = [f"{c} {row[c]}" for c in ("date", "year", "indicator", "killed", "value", "low", "high", "unit")
             if row.get(c)]
    if not shown:
        shown = [f"{c} {v}" for c, v in row.items() if c not in key and c not in SOURCE_COLUMNS and v][:2]
    text = ", ".join(v if len(v) <= 60 else v[:57] + "..." for v in shown)
    sources = _sources(row)
    return f"{ident}: {text}" + (f" [{sources}]" if sources else "")


def _cell(value) -> str:
    text = "(empty)" if value in (None, "") else str(value)
    return repr(text if len(text) <= 70 else text[:67] + "...")


def format_changes(results: list[TableChanges], old: str = "", new: str = "", markdown: bool = False) -> str:
    """The report ``python -m helpers diff`` prints (``markdown=True`` for a facilitator cell)."""
    bullet = "- " if markdown else "    "
    lines = [f"Changes in the data from {old} to {new}:" if old else "Changes in the data:"]
    quiet = [r.name for r in results if not r]
    for result in results:
        if not result:
            continue
        title = f"**{result.name}**" if markdown else result.name
        lines.append(f"\n{title}: {len(result.added)} added, {len(result.removed)} removed, "
                     f"{len(result.changed)} changed")
        for label, rows in (("added", result.added), ("removed", result.removed)):
            for row in rows[:MAX_SHOWN]:
                lines.append(f"{bullet}{label} {_figure(row, result.key)}")
            if len(rows) > MAX_SHOWN:
                lines.append(f"{bullet}... and {len(rows) - MAX_SHOWN} more {label}")
        for change in result.changed[:MAX_SHOWN]:
            fields = "; ".join(f"{c}: {_cell(a)} -> {_cell(b)}" for c, a, b in change["fields"])
            sources = f" [{change['sources']}]" if change["sources"] else ""
            lines.append(f"{bullet}changed {change['id']}{sources}: {fields}")
        if len(result.changed) > MAX_SHOWN:
            lines.append(f"{bullet}... and {len(result.changed) - MAX_SHOWN} more changed")
    if len(quiet) == len(results):
        lines.append("\nNo table changed.")
    elif quiet:
        lines.append(f"\nUnchanged: {', '.join(quiet)}.")
    return "\n".join(lines)


def changes_since(previous_edition: str | None = None, tables=None, new: str = WORKING,
                  repo: Path | str | None = None) -> str:
    """For a lesson's facilitator edition: what changed in its tables since the previous edition.

    ``previous_edition`` defaults to the edition before the current one (CHANGELOG.md);
    ``new`` defaults to the files on disk, so a handout built today shows today's data.
    """

    previous_edition = previous_edition or previous(root=repo)
    if previous_edition is None:
        return "This is the first numbered edition: there is no earlier edition to compare with."
    try:
        results = compare(previous_edition, new, tables, repo)
    except DiffError as error:
        return f"Changes since edition {previous_edition} could not be listed: {error}"
    label = f"edition {current(repo)['edition']}" if new == WORKING else new
    text = format_changes(results, f"edition {previous_edition}", label, markdown=True)
    return text.replace("Changes in the data from", "What changed in this lesson's tables from", 1)


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers diff", description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="git revision or edition, e.g. HEAD~3 or 2026.12")
    parser.add_argument("new", nargs="?", default="HEAD", help="git revision or edition (default HEAD; "
                        "--working for the files on disk)")
    parser.add_argument("--table", action="append", help="only this table (repeatable)")
    parser.add_argument("--working", action="store_true", help="compare <old> with the files on disk")
    args = parser.parse_args(argv)
    new = WORKING if args.working else args.new
    try:
        print(format_changes(compare(args.old, new, args.table), args.old,
                             "the files on disk" if args.working else new))
    except DiffError as error:
        print(f"helpers diff: {error}")
        return 2
    return 0
