"""The pack's numbered editions: which one this is, how to cite it, and how to start the next.

An edition is named for the year and month it was released (``2026.12``). ``CITATION.cff`` is
the one place the edition and its date are kept (``version`` and ``date-released``);
``pyproject.toml`` carries the same version, and ``bump()`` changes both together and opens
the new edition's section in ``CHANGELOG.md``::

    >>> from helpers.edition import current
    >>> sorted(current())
    ['date', 'edition']

Handouts print ``footer()``; ``cite_this_edition()`` gives a ready citation.
"""

from __future__ import annotations

import re
from datetime import date as _date
from pathlib import Path

from .paths import ROOT

CITATION = "CITATION.cff"
CHANGELOG = "CHANGELOG.md"
PYPROJECT = "pyproject.toml"
EDITION_FORM = re.compile(r"^\d{4}\.\d{2}$")
_HEADING = re.compile(r"^## (?:Edition )?(\S+) \((\d{4}-\d{2}-\d{2})\)", re.M)


def _field(text: str, name: str) -> str | None:
    match = re.search(rf"^{re.escape(name)}:\s*[\"']?([^\"'\n]+?)[\"']?\s*$", text, re.M)
    return match.group(1).strip() if match else None


def current(root: Path | str | None = None) -> dict:
    """The edition in use and its release date, from CITATION.cff.

    >>> import re
    >>> bool(re.match(r"\\d{4}-\\d{2}-\\d{2}$", current()["date"]))
    True
    """
    text = (Path(root or ROOT) / CITATION).read_text(encoding="utf-8")
    return {"edition": _field(text, "version") or "unknown", "date": _field(text, "date-released") or ""}


def long_date(iso: str) -> str:
    """'2026-12-01' -> '1 December 2026'.

    >>> long_date("2026-12-01")
    '1 December 2026'
    """
    try:
        day = _date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def cite_this_edition(root: Path | str | None = None) -> str:
    """A ready citation of this edition, for a handout footer or a bibliography.

    >>> "Edition " + current()["edition"] in cite_this_edition()
    True
    """
    text = (Path(root or ROOT) / CITATION).read_text(encoding="utf-8")
    info = current(root)
    authors = re.findall(r"^\s*-\s*name:\s*[\"']?([^\"'\n]+)", text, re.M) or ["The authors"]
    title = _field(text, "title") or "Intervention History"
    year = info["date"][:4]
    return (f"{'; '.join(authors)} ({year}). {title}. Edition {info['edition']}, "
            f"released {long_date(info['date'])}. Data: data/sources.csv lists the original "
            f"source of every figure.")


def footer(root: Path | str | None = None) -> str:
    """One line for the foot of every handout.

    >>> footer().startswith("Edition ")
    True
    """
    info = current(root)
    return f"Edition {info['edition']} · {long_date(info['date'])} · Cite this edition: {cite_this_edition(root)}"


def editions(root: Path | str | None = None) -> list[dict]:
    """Every edition CHANGELOG.md lists, newest first: [{'edition': ..., 'date': ...}, ...]."""
    path = Path(root or ROOT) / CHANGELOG
    if not path.exists():
        return [current(root)]
    return [{"edition": e, "date": d} for e, d in _HEADING.findall(path.read_text(encoding="utf-8"))]


def previous(edition: str | None = None, root: Path | str | None = None) -> str | None:
    """The edition released before ``edition`` (default: the current one), or None.

    >>> previous("1900.01") is None
    True
    """
    edition = edition or current(root)["edition"]
    names = [e["edition"] for e in editions(root)]
    if edition not in names:
        return None
    later = names.index(edition) + 1
    return names[later] if later < len(names) else None


def bump(edition: str, released: str | None = None, root: Path | str | None = None) -> dict:
    """Start a new edition: CITATION.cff (version, date-released), pyproject.toml (version)
    and a new section at the top of CHANGELOG.md. Returns the new ``current()``."""
    if not EDITION_FORM.match(edition):
        raise ValueError(f"An edition is named YYYY.MM, e.g. '2027.03', not {edition!r}.")
    released = released or _date.today().isoformat()
    _date.fromisoformat(released)  # a clear error for a bad date
    base = Path(root or ROOT)
    citation = base / CITATION
    text = citation.read_text(encoding="utf-8")
    text = re.sub(r"^version:.*$", f"version: {edition}", text, count=1, flags=re.M)
    text = re.sub(r"^date-released:.*$", f"date-released: {released}", text, count=1, flags=re.M)
    citation.write_text(text, encoding="utf-8")
    pyproject = base / PYPROJECT
    if pyproject.exists():
        text = pyproject.read_text(encoding="utf-8")
        pyproject.write_text(re.sub(r'^version = ".*"$', f'version = "{edition}"', text, count=1,
                                    flags=re.M), encoding="utf-8")
    changelog = base / CHANGELOG
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else "# Changelog\n"
    section = f"## {edition} ({released})\n\n### Added\n\n### Corrected\n\n"
    match = _HEADING.search(text)
    text = text[:match.start()] + section + text[match.start():] if match else text.rstrip() + "\n\n" + section
    changelog.write_text(text, encoding="utf-8")
    return current(base)


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["bump"] and len(sys.argv) in (3, 4):
        print(bump(*sys.argv[2:]))
    else:
        print(footer())
