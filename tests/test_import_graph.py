"""The grader's modules import one another without a cycle: data flows one way.

The graph is read from the source with ``ast``: every ``import`` and ``from ... import``
of a ``grader`` module, at the top of a file or inside a function (a lazy import is
still a dependency; it only moves the moment it is paid). Importing ``a.b.c`` also runs
``a.b``'s ``__init__``, so a package counts as imported by its submodules' importers.

Two graphs must be acyclic:

- modules, counting every import, even those under ``if TYPE_CHECKING:``;
- subpackages (``engine``, ``numeric``, ``reporters``, ``classroom`` ...), counting the
  imports that run. An import under ``if TYPE_CHECKING:`` never runs: it only names a
  type for the type checker, so it may point back up; anything that executes may not.
  A reporter names no upstream module even so: its records are ``grader.model``'s.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "grader"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _known(name: str) -> str | None:
    """The grader module ``name`` refers to (a name inside a module counts as the module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(inner) for body in node.body for inner in ast.walk(body))
    return hidden


def imports_of(module: str, *, type_checking: bool) -> set[str]:
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    hidden = set() if type_checking else _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            target = _known(name)
            if target is None:
                continue
            # importing a.b.c runs a and a.b first
            parts = target.split(".")
            found.update(".".join(parts[:i]) for i in range(2, len(parts) + 1))
    found.discard(module)
    return {name for name in found if not module.startswith(name + ".")}  # a module's own parents


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (as a path that comes back to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def _subpackage(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_the_graph_is_read_from_every_module():
    assert {"grader.api", "grader.engine.run", "grader.checking", "grader.checks.lesson01"} <= set(MODULES)
    run = imports_of("grader.engine.run", type_checking=False)
    assert {"grader.checking", "grader.engine.session", "grader.sandbox", "grader.sandbox.runner"} <= run
    # a lazy import inside a function counts
    assert "grader.engine.run" in imports_of("grader.api", type_checking=False)


def test_the_checker_finds_a_cycle_when_there_is_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_module_imports_itself_back():
    graph = {module: imports_of(module, type_checking=True) for module in MODULES}
    assert _cycle(graph) is None


@pytest.mark.parametrize("low", ["grader.checking", "grader.errors", "grader.events", "grader.atomic"])
def test_the_leaf_modules_stay_leaves(low):
    """What checks use, the error family, the listener interface and the file writer
    import nothing of the grader beyond its bilingual text."""
    assert imports_of(low, type_checking=False) <= {"grader.i18n"}


def test_no_subpackage_imports_another_that_imports_it_back():
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        source = _subpackage(module)
        for target in imports_of(module, type_checking=False):
            if _subpackage(target) != source and target != "grader":
                graph.setdefault(source, set()).add(_subpackage(target))
    assert _cycle(graph) is None
    assert "grader.engine" not in graph.get("grader.numeric", set())
    assert "grader.classroom" not in graph.get("grader.reporters", set())


def test_comparing_numbers_loads_no_engine():
    """A notebook or a tool may compare values without loading the grading engine."""
    import subprocess
    import sys

    code = ("import sys, grader.numeric.compare, grader.checking\n"
            "print(sorted(m for m in sys.modules if m.startswith('grader.engine')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_reporters_take_their_records_from_the_model():
    """A reporter is handed records: it names their types from ``grader.model``, not from the
    modules upstream that fold them (the class standing, the learner's history), not even
    for the type checker."""
    upstream = ("grader.classroom", "grader.history")
    for module in MODULES:
        if module.startswith("grader.reporters"):
            named = imports_of(module, type_checking=True)
            assert not {name for name in named if name.startswith(upstream)}, module
