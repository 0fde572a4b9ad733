"""Command line: ``python -m helpers check`` validates data/; ``sync-sources`` updates the
list of sources each table declares in datapackage.json."""

from __future__ import annotations

import argparse
import json
import sys

LISTED = 10


def check() -> int:
    from .catalog import table_names
    from .validate import all_problems

    results = all_problems()
    total = 0
    for name, problems in results.items():
        if problems:
            total += len(problems)
            print(f"FAIL  {name}: {len(problems)} problem(s)")
            for problem in problems[:LISTED]:
                print(f"      {problem}")
            if len(problems) > LISTED:
                print(f"      ... and {len(problems) - LISTED} more")
        else:
            print(f"ok    {name}: {_rows(name)} rows")
    from .provenance import report  # issue 15: weak copies, figures per kind of copy (warnings)
    print("\n" + report())
    tables = len(table_names())
    if total:
        files = sorted({p.file for ps in results.values() for p in ps})
        print(f"\n{total} problem(s) in {len(files)} file(s). To undo accidental edits: "
              f"git checkout -- {' '.join(files)}")
        return 1
    print(f"\nAll {tables} tables and the bibliography are valid.")
    return 0


def _rows(name: str) -> int:
    from .catalog import _count_rows, data_dir, package

    item = next(r for r in package()["resources"] if r["name"] == name)
    return _count_rows(data_dir() / item["path"])


def sync_sources() -> int:
    """Write each resource's ``sources`` list from the ids its rows use."""
    from .catalog import data_dir
    from .citations import _bibliography_rows, format_citation, source_ids_in_file

    path = data_dir() / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    bibliography = _bibliography_rows()
    for item in descriptor["resources"]:
        if item["name"] == "sources":
            continue
        ids = sorted(source_ids_in_file(data_dir() / item["path"]))
        item["sources"] = [
            {"title": format_citation(bibliography[i]) if i in bibliography else i,
             "path": bibliography.get(i, {}).get("url", ""), "x-source-id": i}
            for i in ids
        ]
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Updated the sources of {len(descriptor['resources']) - 1} tables in {path}")
    return 0


def main(argv=None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    from . import jobs  # issue 18: handouts, test, lab, pdf, bench, bundle (stdlib only)
    if jobs.handles(given):  # a job, or a command asked before .venv is set up
        return jobs.main(given)
    if given[:1] == ["diff"]:  # python -m helpers diff <old> <new>: see helpers/diff.py
        from .diff import main as diff_main
        return diff_main(given[1:])
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    parser.add_argument("command", nargs="?", default="check", choices=["check", "sync-sources"])
    args = parser.parse_args(argv)
    return check() if args.command == "check" else sync_sources()


if __name__ == "__main__":
    sys.exit(main())
