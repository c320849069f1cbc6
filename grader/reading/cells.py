"""What of a kernel's history is the learner's lesson file: definitions, not actions.

A notebook is run out of order, cells are re-run, and some cells plot or print. The
grader wants what a ``.py`` lesson file would hold: the imports, the functions and
classes, and the constants they use, each at its latest definition. So every executed
cell is parsed and only those statements are kept, in the order they ran (a later
definition replaces an earlier one when the file runs, as in the kernel). Expression
statements and calls (``plot(...)``, ``check("dot")``, a training run) are dropped: they
would only slow the grader down or be graded as part of the import.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable

from grader.reading.source import parse_python

# Assignments whose right-hand side calls only these (or an imported module's attribute,
# ``np.array``) are constants; anything else may be a long computation and is dropped.
_HARMLESS_CALLS = frozenset({"list", "tuple", "dict", "set", "frozenset", "float", "int", "complex",
                             "str", "bool", "range", "len", "abs", "min", "max", "sum", "round"})


def _imported(tree: ast.Module, known: set[str]) -> None:
    for node in tree.body:
        if isinstance(node, ast.Import):
            known.update((a.asname or a.name.split(".")[0]) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            known.update((a.asname or a.name) for a in node.names)


def _root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _constant(value: ast.expr | None, modules: set[str]) -> bool:
    if value is None:
        return True
    for node in ast.walk(value):
        if isinstance(node, (ast.Lambda, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)):
            return False
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in _HARMLESS_CALLS and hasattr(builtins, func.id):
                continue
            if isinstance(func, ast.Attribute) and _root(func) in modules:
                continue
            return False
    return True


def _is_grader_import(node: ast.stmt) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "grader"
    if isinstance(node, ast.Import):
        return any(a.name.split(".")[0] == "grader" for a in node.names)
    return False


def definitions(cells: Iterable[str]) -> str:
    """The lesson file the executed ``cells`` amount to (see the module docstring)."""
    future: list[str] = []
    kept: list[str] = []
    modules: set[str] = set()
    for number, cell in enumerate(cells, start=1):
        try:
            tree = parse_python(cell)
        except (SyntaxError, ValueError):
            continue  # the kernel refused it too: it defined nothing
        _imported(tree, modules)
        chosen: list[ast.stmt] = []
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                future.append(ast.unparse(node))
            elif _is_grader_import(node):
                continue
            elif isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                                   ast.ClassDef)):
                chosen.append(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and _constant(node.value, modules):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if all(isinstance(t, (ast.Name, ast.Tuple)) for t in targets):
                    chosen.append(node)
        if chosen:
            body = "\n".join(ast.get_source_segment(cell, n, padded=False) or ast.unparse(n) for n in chosen)
            kept.append(f"# cell {number}\n" + _with_decorators(cell, chosen, body))
    head = "\n".join(dict.fromkeys(future))
    return (head + "\n" if head else "") + "\n\n".join(kept) + "\n"


def _with_decorators(cell: str, nodes: list[ast.stmt], fallback: str) -> str:
    """Source of ``nodes`` including decorators (which ``get_source_segment`` leaves out)."""
    lines = cell.splitlines()
    parts = []
    for node in nodes:
        start = node.lineno
        decorators = getattr(node, "decorator_list", [])
        if decorators:
            start = min(d.lineno for d in decorators)
        end = node.end_lineno or node.lineno
        if node.col_offset != 0:
            return fallback
        parts.append("\n".join(lines[start - 1:end]))
    return "\n".join(parts)
