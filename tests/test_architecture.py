"""The library's layers (issue 29): no import circle among the pack's modules, imports at the
top of each module (a deferred one says why), and ARCHITECTURE.md naming only modules that exist.

The graph is read from the source with ``ast`` (every import, at the top or inside a function),
so a circle made through a function-level import fails here, not in a learner's kernel.
"""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Modules that run before the pack's packages are installed (jobs, the command line) or that
# load the public API on first use (the package itself): their imports inside functions are
# how they stay fast and standard-library-only, by design.
LAZY_BY_DESIGN = {"helpers", "helpers.__main__", "helpers.jobs"}


def module_name(path: Path, package_root: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package_root: Path):
    """The pack's modules and who imports whom: ``(graph, imports)`` where ``imports`` lists each
    import of the pack as (importer, imported, line, at the top of the module?)."""
    modules = {module_name(p, package_root): p for p in package_root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    found = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        top = {id(node) for node in tree.body}
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                # `from . import keys` imports the submodule; `from .data import load` the module
                targets = [f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target
                           for a in node.names]
            else:
                continue
            for target in dict.fromkeys(targets):
                while target and target not in modules:  # helpers.publish.x.y -> helpers.publish.x
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
                    found.append((name, target, node.lineno, id(node) in top))
    return graph, found


def circle(package_root: Path) -> list[str]:
    """One import circle among the modules (each imports the next), or [] when there is none."""
    graph, _ = import_graph(package_root)
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return error.args[1]
    return []


def test_no_import_circle_among_the_packs_modules():
    found = circle(ROOT / "helpers")
    assert not found, ("An import circle (each module imports the next; move what both sides "
                       "need into a lower module, see ARCHITECTURE.md): " + " -> ".join(found))


def test_a_circle_through_a_function_level_import_is_found(tmp_path):
    """The check itself: a circle hidden inside a function is a circle."""
    package = tmp_path / "pack"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from .high import g\n    return g()\n")
    (package / "high.py").write_text("from .low import f\n\ndef g():\n    return 1\n")
    (package / "alone.py").write_text("from . import low\n")
    assert sorted(set(circle(package))) == ["pack.high", "pack.low"]
    (package / "low.py").write_text("def f():\n    return 1\n")
    assert circle(package) == []


def test_imports_of_the_pack_sit_at_the_top_or_say_why_they_wait():
    """No import of the pack inside a function, except where a heavy dependency is deferred for
    speed, said in a comment with the word 'deferred' on the line or just above it."""
    _, found = import_graph(ROOT / "helpers")
    unexplained = []
    for importer, imported, line, at_top in found:
        if at_top or importer in LAZY_BY_DESIGN:
            continue
        path = ROOT / (importer.replace(".", "/") + ".py")
        if not path.exists():
            path = ROOT / importer.replace(".", "/") / "__init__.py"
        lines = path.read_text(encoding="utf-8").splitlines()
        nearby = " ".join(lines[max(0, line - 3):line])
        if "deferred" not in nearby:
            unexplained.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not unexplained, ("Imports inside functions without a reason (move them to the top of "
                             "the module, or say '# deferred for speed: ...'):\n" + "\n".join(unexplained))


# ------------------------------------------------------------------ ARCHITECTURE.md stays true
ARCHITECTURE = ROOT / "ARCHITECTURE.md"
NAMED = re.compile(r"`(helpers/[\w/]+\.py|helpers/[\w/]+/|tests/[\w/]+\.py|data/[\w/.-]+|lessons/[\w/.-]+)`")


def test_architecture_names_only_files_that_exist():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = NAMED.findall(text)
    assert len(named) >= 20, "ARCHITECTURE.md should name the modules it describes, in `backticks`"
    missing = [n for n in named if not (ROOT / n).exists()]
    assert not missing, f"ARCHITECTURE.md names files that do not exist (renamed or removed?): {missing}"


def test_architecture_names_every_module_of_the_library():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "helpers").rglob("*.py")
                     if p.name != "__init__.py")
    unnamed = [m for m in modules if f"`{m}`" not in text]
    assert not unnamed, f"ARCHITECTURE.md does not say what these modules own: {unnamed}"


@pytest.mark.parametrize("module", ["helpers.paths", "helpers.exceptions"])
def test_the_bottom_modules_import_nothing_of_the_pack(module):
    graph, _ = import_graph(ROOT / "helpers")
    assert graph[module] == set()
