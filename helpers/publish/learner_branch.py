"""``python -m helpers learner-branch``: the branch a class on JupyterHub or Binder pulls.

nbgitpuller copies a whole branch into each learner's home, so a class pulling ``main`` would
get ``lessons/`` with every solution cell, run sheet and exercises file. This job builds the
``learner-edition`` branch in this repository instead, from the last commit (HEAD):

    my-lessons/<en|es|pt>/*.ipynb     the learner notebooks (helpers/publish/notebooks.py)
    helpers/                          the package, with the keys inside it (lesson_keys.json.gz)
    data/                             the tables, their sources and their translations
    binder/, pyproject.toml, ...      what Binder and a hub's image install
    README.md                         how a learner starts, in three languages

and nothing else: no ``lessons/`` (source lessons, exercises files, lesson catalogues), no tests.
Each build is a new commit on top of the last one (nbgitpuller then merges it into learners'
copies, keeping their edits); nothing is committed when nothing changed. The working tree, the
index and the current branch are left alone. CI cannot push, so the job ends by saying how a
maintainer publishes the branch.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..glossary_terms import terms_linked_in
from ..i18n import catalog_path, messages
from ..jobs import LEARNER_BRANCH
from ..keys import CONTEXTS, FORMAT
from ..organiser import documents_in
from ..paths import ROOT
from .__main__ import find_lessons
from .lessonfiles import tracked
from .notebooks import LANGUAGES, write_learner_notebooks

KEPT_FOLDERS = ("data/", "helpers/", "binder/")
KEPT_FILES = ("pyproject.toml", "requirements.lock", "LICENSE", "CITATION.cff")
KEYS = "helpers/lesson_keys.json.gz"
GITIGNORE = ".venv/\n/build/\n__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\n"
README = """# Intervention History: the lessons, for learners

US intervention in Latin America (Panama 1989, Plan Colombia, Venezuela 2015-2026), in data.
Open a lesson in `my-lessons/en/` and run it from the top (*Run > Run All Cells*, or Shift+Enter
cell by cell). Each exercise ends with `answer = ...`: write your answer in place of `...` and
run the cell; `check(...)` tells you whether you are right, and why, without giving the answer
away. Start with `00_getting_started.ipynb`.

## Español
Abre una lección en `my-lessons/es/` y ejecútala desde el principio (*Run > Run All Cells*, o
Shift+Enter celda por celda). Cada ejercicio termina con `answer = ...`: escribe tu respuesta en
lugar de `...` y ejecuta la celda; `check(...)` te dice si acertaste, y por qué, sin darte la
respuesta. Empieza por `00_getting_started.ipynb`.

## Português
Abra uma lição em `my-lessons/pt/` e execute-a desde o início (*Run > Run All Cells*, ou
Shift+Enter célula por célula). Cada exercício termina com `answer = ...`: escreva sua resposta
no lugar de `...` e execute a célula; `check(...)` diz se você acertou, e por quê, sem entregar a
resposta. Comece por `00_getting_started.ipynb`.

---
Built from {commit} of the pack's main branch by `python -m helpers learner-branch`; the source
lessons, with the facilitators' notes and answers, are on that branch.
"""


class BranchError(Exception):
    """The branch cannot be built; the message says why and what to do."""


def _git(*args: str, env=None, text_in: str | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, input=text_in,
                          env={**os.environ, **(env or {})})
    if done.returncode:
        raise BranchError(f"git {' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _blob(data: bytes) -> str:
    done = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=ROOT, input=data,
                          capture_output=True, check=True)
    return done.stdout.decode().strip()


def entries(commit: str, notebooks: Path, keys: bytes) -> list[tuple[str, str, str]]:
    """(mode, blob, path) of every file of the learner branch."""
    kept = []
    for line in _git("ls-tree", "-r", "-z", commit).split("\0"):
        if not line:
            continue
        meta, path = line.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind == "blob" and (path.startswith(KEPT_FOLDERS) or path in KEPT_FILES) and path != KEYS:
            kept.append((mode, blob, path))
    for notebook in sorted(notebooks.glob("*/*.ipynb")):
        kept.append(("100644", _blob(notebook.read_bytes()),
                     f"my-lessons/{notebook.parent.name}/{notebook.name}"))
    kept.append(("100644", _blob(keys), KEYS))
    kept.append(("100644", _blob(README.format(commit=commit[:12]).encode()), "README.md"))
    kept.append(("100644", _blob(GITIGNORE.encode()), ".gitignore"))
    return sorted(kept, key=lambda entry: entry[2])


def pack(lessons: list[Path], languages: tuple[str, ...]) -> bytes:
    """The packed keys of ``lessons`` (paths of lesson notebooks): each exercises file, the
    translations of its messages (never the catalogues' cells: no run sheet), and the glossary
    terms each lesson links. Same input, same bytes (no time stamp in the gzip header)."""
    out = {"format": FORMAT, "lessons": {}}
    for lesson in sorted(lessons):
        stem = lesson.stem
        keys = lesson.with_name(f"{stem}.exercises.yml")
        if not keys.is_file():
            continue
        translated = {}
        for language in languages:
            found = messages(catalog_path("lesson", language, stem))
            translated[language] = sorted([context, english, text] for (context, english), text in found.items()
                                          if context and context.startswith(CONTEXTS))
        out["lessons"][stem] = {"exercises": keys.read_text(encoding="utf-8-sig"),
                                "glossary": terms_linked_in(stem), "messages": translated,
                                "documents": documents_in(lesson),
                                "core_documents": documents_in(lesson, core=True)}
    text = json.dumps(out, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return gzip.compress(text, compresslevel=9, mtime=0)


def build(branch: str = LEARNER_BRANCH) -> tuple[str | None, str]:
    """Build ``branch`` from HEAD; return (the new commit or None if nothing changed, HEAD)."""

    try:
        head = _git("rev-parse", "--verify", "HEAD").strip()
    except BranchError:
        raise BranchError("this is not a git repository with a commit: the learner branch is "
                          "built from the last commit of a clone of the pack.") from None
    changed = _git("status", "--porcelain", "--", "lessons", "helpers", "data", "binder", "pyproject.toml")
    if changed.strip():
        raise BranchError("lessons/, helpers/, data/ or binder/ have changes not committed yet "
                          "(git status): the learner branch is built from the last commit. Commit "
                          "them, or stash them (git stash), then run learner-branch again.")
    known = tracked(ROOT / "lessons") or set()
    lessons = [lesson for lesson in find_lessons() if lesson.name in known]
    if not lessons:
        raise BranchError("no lesson in lessons/ is committed yet: nothing to build.")
    with tempfile.TemporaryDirectory(prefix="ih-learner-branch-") as scratch:
        notebooks = Path(scratch) / "notebooks"
        write_learner_notebooks(lessons, LANGUAGES, notebooks)
        listing = entries(head, notebooks, pack(lessons, tuple(code for code in LANGUAGES if code != "en")))
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git("update-index", "--add", "--index-info", env=index,
             text_in="".join(f"{mode} {blob}\t{path}\n" for mode, blob, path in listing))
        tree = _git("write-tree", env=index).strip()
    try:
        parent = _git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").strip()
    except BranchError:
        parent = ""
    if parent and _git("rev-parse", f"{parent}^{{tree}}").strip() == tree:
        return None, head
    who = {}
    if not _git_config("user.email"):  # a fresh machine or a CI runner: still a valid commit
        who = {"GIT_AUTHOR_NAME": "Intervention History pack", "GIT_AUTHOR_EMAIL": "learner-branch@localhost",
               "GIT_COMMITTER_NAME": "Intervention History pack", "GIT_COMMITTER_EMAIL": "learner-branch@localhost"}
    message = (f"Learner edition of {head[:12]}: learner notebooks in {', '.join(LANGUAGES)}, the "
               "package with its keys, the data; no source lessons or answer files")
    commit = _git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message, env=who).strip()
    _git("update-ref", f"refs/heads/{branch}", commit, *([parent] if parent else []))
    return commit, head


def _git_config(name: str) -> str:
    done = subprocess.run(["git", "config", name], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers learner-branch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--branch", default=LEARNER_BRANCH, help=f"the branch to build (default {LEARNER_BRANCH})")
    args = parser.parse_args(argv)
    try:
        commit, head = build(args.branch)
    except BranchError as error:
        print(f"learner-branch: {error}", file=sys.stderr)
        return 1
    if commit is None:
        print(f"{args.branch} is up to date with {head[:12]}: nothing to commit.")
    else:
        print(f"Built {args.branch} (commit {commit[:12]}) from {head[:12]}: the learner notebooks "
              "in my-lessons/en, es and pt, the package with the keys inside it, and the data; no "
              "lessons/, exercises files or lesson catalogues. Your working tree is unchanged.")
    print(f"To publish it (CI cannot push; a maintainer does, from this clone):\n"
          f"  git push origin {args.branch}\n"
          f"Then give learners the link: python -m helpers hub-link https://<your-hub> <repo-url> "
          f"[lesson] [--language es]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
