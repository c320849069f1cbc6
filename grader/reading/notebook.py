"""Lessons kept as notebooks: read a ``.ipynb`` as its code.

A workspace may hold ``lesson01_vectors.ipynb`` instead of ``lesson01_vectors.py``. The
grader reads the notebook here, in the parent, before any learner code runs: only the
*source* of its code cells counts; outputs stored in the notebook (which anyone can edit)
are never read. Notebooks are JSON, so plain ``json`` reads them: grading needs neither
nbformat nor Jupyter, and ``grade lesson01`` on ``.py`` files imports nothing from here
but this module (by way of ``grader.reading.submission``, which lays a workspace out as
files).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from grader.course import Lesson
from grader.i18n import Text, tr
from grader.reading.source import read_source_bytes

NOTEBOOK_SUFFIX = ".ipynb"


class NotebookProblem(ValueError):
    """A notebook that cannot be read as a lesson; the message is one line for the learner."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


def notebook_name(lesson: Lesson) -> str:
    """``lesson01_vectors.ipynb`` for ``lesson01_vectors.py``."""
    return lesson.module + NOTEBOOK_SUFFIX


def _cell_source(cell: object) -> str | None:
    if not isinstance(cell, dict) or cell.get("cell_type") != "code":
        return None
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    if isinstance(source, str):
        return source
    raise ValueError("a code cell's source is neither text nor a list of lines")


def _python_line(line: str) -> str:
    """IPython's own syntax (``%magic``, ``!shell``, ``?help``) kept as a comment, so that
    line numbers still match the notebook's cells and the rest parses as Python."""
    stripped = line.lstrip()
    if stripped.startswith(("%", "!")) or (stripped.endswith("?") and not stripped.startswith("#")):
        return line[: len(line) - len(stripped)] + "# " + stripped
    return line


def code_from_cells(sources: Iterable[str]) -> str:
    """The lesson file that code cells amount to, exactly as a check in the kernel sees it.

    As in the kernel (``grader.reading.cells``), only imports, functions, classes and
    constants are kept, each cell introduced by a ``# cell N`` comment: a saved notebook's
    ``check("dot")`` calls, plots and training runs are not run again when it is graded.
    """
    from grader.reading.cells import definitions

    return definitions("\n".join(_python_line(line) for line in source.splitlines()) for source in sources)


def notebook_code(path: Path) -> str:
    """The code cells of the notebook at ``path`` as one Python file.

    Raises ``NotebookProblem`` (one line) for a file that is not a readable notebook.
    """
    name = path.name
    try:
        data = json.loads(read_source_bytes(path))
    except OSError as exc:
        raise NotebookProblem(tr("{name} could not be read: {error}", "无法读取 {name}：{error}",
                                 name=name, error=exc.strerror or str(exc))) from None
    except (RecursionError, MemoryError):
        # Brackets nested thousands deep: valid JSON, perhaps, but no notebook.
        raise NotebookProblem(tr("{name} is not a notebook: it is nested too deeply to read; open it in "
                                 "Jupyter and save it again, or restore it.",
                                 "{name} 不是笔记本：它嵌套太深，无法读取；请在 Jupyter 中打开并重新保存，或恢复它。",
                                 name=name)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise NotebookProblem(tr("{name} is not a notebook: it is not valid JSON{where}; open it in "
                                 "Jupyter and save it again, or restore it.",
                                 "{name} 不是笔记本：它不是有效的 JSON{where}；请在 Jupyter 中打开并重新保存，"
                                 "或恢复它。", name=name, where=where)) from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise NotebookProblem(tr("{name} is not a notebook: it has no list of cells.",
                                 "{name} 不是笔记本：其中没有单元格列表。", name=name))
    try:  # every cell keeps its place (a text cell as nothing): "# cell N" is the notebook's Nth cell
        sources = [_cell_source(cell) or "" for cell in cells]
    except ValueError:
        raise NotebookProblem(tr("{name} is not a notebook: a code cell's source is not text.",
                                 "{name} 不是笔记本：某个代码单元格的内容不是文本。", name=name)) from None
    return code_from_cells(sources)
