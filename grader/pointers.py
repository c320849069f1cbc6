"""Where an exercise is, and the command that grades it, as the learner would type them.

A lesson file's exercise is at ``lesson01_vectors.py:22``; a lesson kept as a notebook
has no line a learner can find (its JSON has lines, its cells do not), so there the
pointer is the cell: ``lesson01_vectors.ipynb, cell 3``. A command suggested for a
workspace other than ``exercises`` repeats its ``-w`` option: ``grade lesson01`` alone
would grade another folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from grader.i18n import Text, tr

NOTEBOOK_SUFFIX = ".ipynb"
DEFAULT_WORKSPACE = "exercises"


def location(file: str, line: int | None) -> Text:
    """``file:line``, or ``file, cell N`` for a notebook (whose ``line`` is the cell's number)."""
    if not line:
        return Text(file, file)
    if file.endswith(NOTEBOOK_SUFFIX):
        return tr("{file}, cell {n}", "{file} 第 {n} 个单元格", file=file, n=line)
    return Text(f"{file}:{line}", f"{file}:{line}")


def workspace_option(workspace: str | Path | None) -> str:
    """`` -w notebooks`` for a workspace other than the default, as typed from here; else ""."""
    if not workspace:
        return ""
    path = Path(workspace)
    try:
        shown = os.path.relpath(path)
        if shown.startswith(os.pardir):
            shown = str(path)
    except ValueError:  # another drive (Windows)
        shown = str(path)
    if shown == DEFAULT_WORKSPACE:
        return ""
    return f" -w {shown}"


def grade_command(arguments: str, workspace: str | Path | None) -> str:
    """``grade ARGUMENTS`` with the workspace option the learner needs (``grade lesson01 -w notebooks``)."""
    return f"grade {arguments}{workspace_option(workspace)}"


def is_notebook(file: str) -> bool:
    return file.endswith(NOTEBOOK_SUFFIX)


def cell_of_line(code: str, line: int | None) -> int | None:
    """The notebook cell a line of ``code`` (a notebook laid out as a file, whose cells
    start with ``# cell N``) came from."""
    if not line:
        return None
    for text in reversed(code.splitlines()[:line]):
        if text.startswith("# cell ") and text[7:].strip().isdigit():
            return int(text[7:].strip())
    return None


def definition_cell(code: str, name: str) -> int | None:
    """The cell of a notebook laid out as ``code`` that defines function ``name``."""
    import ast

    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return cell_of_line(code, node.lineno)
    return None
