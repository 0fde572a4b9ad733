"""Command line: ``python -m helpers check`` validates data/; ``sync-sources`` updates the
list of sources each table declares in datapackage.json."""

from __future__ import annotations

import argparse
import json
import sys

LISTED = 10


def check(all_warnings: bool = False) -> int:
    """Validate every table, then the bibliography; never a traceback, whatever is damaged."""
    from .errors import PackError

    try:
        return _check(all_warnings)
    except PackError as error:  # the data package itself cannot be read
        print(f"FAIL  {error}")
        return 1
    except Exception as error:  # the command every message points to must not crash
        print(f"helpers check could not finish: {type(error).__name__}: {error}\n"
              "See which files under data/ changed: git status data/   "
              "Restore one with: git checkout -- <file>")
        return 2


def _check(all_warnings: bool = False) -> int:
    from .catalog import table_names
    from .validate import Problem, damaged_first, markup_problems, rank, table_problems

    results = {}
    for name in [*table_names(), "sources"]:  # the bibliography's cross-checks come last
        try:
            results[name] = table_problems(name) + markup_problems(name)
        except Exception as error:  # one damaged file must not stop the others being checked
            results[name] = [Problem(f"data ({name})", None, None,
                                     f"cannot be checked: {type(error).__name__}: {error}", "cut")]
    total = 0
    damaged = any(p.kind in DAMAGE for ps in results.values() for p in ps)
    for name, problems in results.items():
        if problems:
            total += len(problems)
            files = damaged_first(problems)
            print(f"FAIL  {name}: {len(problems)} problem(s)")
            for problem in sorted(problems, key=lambda p: (files.index(p.file), rank(p)))[:LISTED]:
                print(f"      {_while_damaged(problem, damaged)}")
            if len(problems) > LISTED:
                print(f"      ... and {len(problems) - LISTED} more")
        elif name == "sources" and total:
            print(f"ok    {name}: {_rows(name)} rows (entries that no table cites are listed "
                  "once every table reads cleanly)")
        else:
            print(f"ok    {name}: {_rows(name)} rows")
    from .citations import _bibliography_rows
    from .provenance import report  # issue 15: weak copies, figures per kind of copy (warnings)
    try:
        print("\n" + report(_bibliography_rows(), None if all_warnings else 12))
    except Exception:  # it reads every table: a damaged one is already named above
        if not total:
            raise
        print("\n(The provenance report waits until every table reads cleanly.)")
    tables = len(table_names())
    if total:
        every = [p for ps in results.values() for p in ps]
        files = damaged_first(every)
        restorable = damaged_first([p for p in every if p.kind != "sources"])
        if any(p.message.startswith("unknown source") for p in every) \
                and "data/sources.csv" not in restorable:
            restorable.append("data/sources.csv")  # a row lost from the bibliography?
        print(f"\n{total} problem(s) in {len(files)} file(s).")
        if restorable:
            print("To undo accidental edits: git checkout -- " + " ".join(restorable))
        if damaged:
            print("Restore the damaged files first: until every table reads cleanly, do not "
                  "delete sources or run sync-sources (rows that look unused may only be lost).")
        elif not restorable:
            print("Run: python -m helpers sync-sources")
        return 1
    print(f"\nAll {tables} tables and the bibliography are valid.")
    return 0


DAMAGE = ("cut", "fewer", "structure")  # kinds of problem that mean a file may have lost rows


def _while_damaged(problem, damaged: bool) -> str:
    """A problem as printed; while a file is damaged, no advice to run a rewriting command."""
    text = str(problem)
    if damaged and problem.kind == "sources":
        text = text.replace(". Run: python -m helpers sync-sources",
                            " (run sync-sources only once the damaged files are restored)")
    return text


def _rows(name: str):
    from .catalog import _count_rows, data_dir, package

    item = next(r for r in package()["resources"] if r["name"] == name)
    return _count_rows(data_dir() / item["path"])


def sync_sources(rows_deleted_on_purpose: bool = False) -> int:
    """Write each resource's ``sources`` list from the ids its rows use, and its row count
    (``x-rows``, which ``check`` compares against to notice a file cut short). Refuses while a
    table cannot be read: a cut-off file would otherwise be recorded as the truth."""
    from .catalog import _count_rows, data_dir, table_names
    from .citations import _bibliography_rows, format_citation, source_ids_in_file
    from .errors import PackError
    from .validate import damaged_first, table_problems

    try:
        problems = {name: table_problems(name) for name in [*table_names(), "sources"]}
    except PackError as error:
        print(f"sync-sources did not run: {error}")
        return 1
    # A table that cannot be parsed, or has lost rows, would be recorded as the truth.
    stops = {"cut", "structure"} | (set() if rows_deleted_on_purpose else {"fewer"})
    blocking = [p for ps in problems.values() for p in ps if p.kind in stops]
    # A row missing from the bibliography would be written into datapackage.json as a
    # citation titled with its bare id and no address (issue 22): restore the row first.
    unknown = [p for ps in problems.values() for p in ps if p.message.startswith("unknown source")]
    if unknown and not blocking:
        print("sync-sources did not run: tables cite sources that data/sources.csv does not list, "
              "and their citations would be written as bare ids.\n"
              + "\n".join(f"  - {p}" for p in unknown[:LISTED])
              + (f"\n  ... and {len(unknown) - LISTED} more" if len(unknown) > LISTED else "")
              + "\nIf a row was deleted from the bibliography by mistake: git checkout -- data/sources.csv\n"
              "Otherwise add each source to data/sources.csv (or fix the id), then: python -m helpers check")
        return 1
    if blocking:
        files = damaged_first(blocking)
        print("sync-sources did not run: it would record damaged tables as the truth.\n"
              + "\n".join(f"  - {p}" for p in blocking[:LISTED])
              + f"\nRestore the damaged files first: git checkout -- {' '.join(files)}\n"
              "Then: python -m helpers check")
        return 1
    path = data_dir() / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    bibliography = _bibliography_rows()
    for item in descriptor["resources"]:
        item["x-rows"] = _count_rows(data_dir() / item["path"])
        if item["name"] == "sources":
            continue
        ids = sorted(source_ids_in_file(data_dir() / item["path"]))
        item["sources"] = [
            {"title": format_citation(bibliography[i]) if i in bibliography else i,
             "path": bibliography.get(i, {}).get("url", ""), "x-source-id": i}
            for i in ids
        ]
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    temporary.replace(path)  # atomic: an interrupted run leaves the old file whole
    print(f"Updated the sources and row counts of {len(descriptor['resources'])} tables in {path}")
    return 0


DATA_COMMANDS = ("check", "sync-sources", "diff")


def unknown_job(name: str) -> str:
    """One line for a mistyped job: the real jobs and commands, and the closest one."""
    import difflib

    from .jobs import JOBS

    known = [*JOBS, *(c for c in DATA_COMMANDS if c not in JOBS), "help"]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" Did you mean: python -m helpers {close[0]}?" if close else ""
    return (f"python -m helpers: there is no job {name!r}.{hint} Jobs: {', '.join(JOBS)}; "
            f"data commands: {', '.join(DATA_COMMANDS)} (python -m helpers help).")


def main(argv=None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    from . import jobs  # issue 18: handouts, test, lab, pdf, bench, bundle (stdlib only)
    if jobs.handles(given):  # a job, or a command asked before .venv is set up
        return jobs.main(given)
    if given[:1] == ["diff"]:  # python -m helpers diff <old> <new>: see helpers/diff.py
        from .diff import main as diff_main
        return diff_main(given[1:])
    if given and not given[0].startswith("-") and given[0] not in DATA_COMMANDS:
        print(unknown_job(given[0]), file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    parser.add_argument("command", nargs="?", default="check", choices=["check", "sync-sources"])
    parser.add_argument("--all-warnings", action="store_true",
                        help="check: list every weak copy of a source, not only the first 12")
    parser.add_argument("--rows-deleted-on-purpose", action="store_true",
                        help="sync-sources: record tables with fewer rows than before")
    args = parser.parse_args(argv)
    return check(args.all_warnings) if args.command == "check" else sync_sources(args.rows_deleted_on_purpose)


if __name__ == "__main__":
    sys.exit(main())
