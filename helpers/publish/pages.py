"""What a lesson's pages are built from, and how pages are written.

A lesson's pages in one language are built from its *inputs* (``page_inputs``), in two groups:

- what running the lesson reads: the notebook that runs and the English lesson (in Spanish
  or Portuguese the first is a translated copy of the second), its exercises file, the
  catalogues of that language it uses (the lesson's ``.po``, ``helpers.po``, ``data.po``),
  the data, the helpers' code, ``requirements.lock``;
- what only rendering its pages reads: the handout's assets and templates, and the Vega
  bundle (named by the vl-convert that makes it).

The first group keys the cache of executed lessons (``execution_key``), both together key the
pages (``page_key``). A warm build keeps a lesson's pages only when their stamp
(``<out>/.stamps/<lesson>.json``) records the same key and each page still has the bytes the
stamp records; anything else renders them again. Every page, cache entry and stamp is written
whole (``write_atomic``: a temporary file, then ``os.replace``), so a build stopped at any
moment leaves the old file or the new one, never part of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path

from ..i18n import SOURCE, catalog_path
from ..paths import HELPERS, ROOT, data_dir, lessons_dir


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file whole or not at all: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "xb") as stream:  # "x": made anew, with the usual permissions
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


# ------------------------------------------------------------------------------ inputs
def page_inputs(notebook: Path, language: str) -> dict[str, list[Path]]:
    """Every file the pages of one lesson in one language are built from (see the module's
    docstring): ``{"execution": [...], "rendering": [...]}``. Files that do not exist are
    listed too: a catalogue that appears or disappears changes the key."""

    stem = notebook.stem
    english = lessons_dir() / f"{stem}.ipynb"  # the source of a translated copy
    execution = [notebook] + ([english] if english.resolve() != notebook.resolve() else [])
    execution += [lessons_dir() / f"{stem}.exercises.yml"]
    if language != SOURCE:
        execution += [catalog_path("lesson", language, stem), catalog_path("helpers", language),
                      catalog_path("data", language)]
    data = data_dir()
    execution += sorted(p for p in data.rglob("*") if p.is_file() and _kept(p.relative_to(data)))
    execution += sorted(HELPERS.rglob("*.py")) + [ROOT / "requirements.lock"]
    execution += sorted((HELPERS / "locale").glob("*.json"))  # how numbers and dates are written
    rendering = sorted(p for folder in ("assets", "templates")
                       for p in (HELPERS / "publish" / folder).rglob("*") if p.is_file())
    return {"execution": execution, "rendering": rendering}


def _kept(relative: Path) -> bool:
    """A data file, not a translation (those count per language) and not a scratch file."""
    parts = relative.parts
    return parts[0] != "locale" and not any(p.startswith(".") or p == "__pycache__" for p in parts)


def _label(path: Path) -> str:
    """The path as the key sees it: relative to the data, lessons or pack folder, so that the
    same files give the same key wherever the pack lives."""

    for base, name in ((data_dir(), "data"), (lessons_dir(), "lessons"), (ROOT, "")):
        try:
            return f"{name}/{path.relative_to(base).as_posix()}".lstrip("/")
        except ValueError:
            continue
    return path.name


def _digest(paths: list[Path], *words: str) -> str:
    digest = hashlib.sha256()
    for word in words:
        digest.update(word.encode("utf-8") + b"\0")
    for path in paths:
        digest.update(_label(path).encode("utf-8") + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except FileNotFoundError:
            digest.update(b"missing")
    return digest.hexdigest()


def execution_key(notebook: Path, language: str) -> str:
    """The key of a lesson's run in one language: changes when anything the run reads does."""
    return _digest(page_inputs(notebook, language)["execution"], language)


def page_key(notebook: Path, language: str, execution: str | None = None) -> str:
    """The key of a lesson's pages in one language: its run's key and what rendering reads."""
    execution = execution or execution_key(notebook, language)
    return _digest(page_inputs(notebook, language)["rendering"], execution, _vega_bundle())


def _vega_bundle() -> str:
    """The Vega bundle a page carries, named by the vl-convert release that makes it."""
    from importlib import metadata

    try:
        return "vl-convert " + metadata.version("vl-convert-python")
    except metadata.PackageNotFoundError:
        return "vl-convert unknown"


# ------------------------------------------------------------------------------ stamps
def _stamp(out: Path, stem: str) -> Path:
    return out / ".stamps" / f"{stem}.json"


def _read_stamp(out: Path, stem: str) -> dict:
    try:
        stamp = json.loads(_stamp(out, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) and isinstance(stamp.get("pages"), dict) else {}


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(out: Path, stem: str, key: str, pages: list[Path]) -> bool:
    """Whether a lesson's pages were built from these inputs and are still whole: the stamp
    records ``key`` and each page has the bytes recorded (a cut or emptied page does not)."""
    stamp = _read_stamp(out, stem)
    return stamp.get("key") == key and all(
        stamp["pages"].get(page.name) is not None and stamp["pages"][page.name] == _sha256(page)
        for page in pages)


def remember(out: Path, stem: str, key: str, pages: list[Path]) -> None:
    """Record the key a lesson's pages were built from and each page's bytes (their hash)."""
    write_atomic(_stamp(out, stem), json.dumps(
        {"key": key, "pages": {page.name: _sha256(page) for page in pages}}, indent=1))


def rewrite_page(page: Path, text: str) -> bool:
    """Replace a built page with ``text`` (a change made after it was stamped, such as the
    language switch), keeping its stamp true. Returns whether the page changed."""
    data = text.encode("utf-8")
    before = _sha256(page)
    if before == hashlib.sha256(data).hexdigest():
        return False
    write_atomic(page, data)
    stem = page.name.split(".")[0]
    stamp = _read_stamp(page.parent, stem)
    if before is not None and stamp.get("pages", {}).get(page.name) == before:
        # only a page that was whole stays trusted: a damaged one is rendered again next time
        stamp["pages"][page.name] = hashlib.sha256(data).hexdigest()
        write_atomic(_stamp(page.parent, stem), json.dumps(stamp, indent=1))
    return True
