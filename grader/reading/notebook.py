"""Lessons kept as notebooks: read a ``.ipynb`` as its code, and lay a workspace out as files.

A workspace may hold ``lesson01_vectors.ipynb`` instead of ``lesson01_vectors.py``. The
grader reads the notebook here, in the parent, before any learner code runs: only the
*source* of its code cells counts; outputs stored in the notebook (which anyone can edit)
are never read. Notebooks are JSON, so plain ``json`` reads them: grading needs neither
nbformat nor Jupyter, and ``grade lesson01`` on ``.py`` files imports nothing from here
but this module.

``prepared`` gives the engine a folder of ``.py`` files: the workspace itself when it has
no notebook to stand in for a lesson file (the common case costs one directory listing),
else a private temporary copy in which each such notebook became its lesson file.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
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


@dataclass
class PreparedWorkspace:
    """The folder the engine grades, and the lessons whose notebook could not be read."""

    folder: Path
    notebooks: dict[str, str] = field(default_factory=dict)  # lesson id -> notebook file name
    problems: dict[str, Text] = field(default_factory=dict)  # lesson id -> one line


def notebook_lessons(folder: Path, lessons: Iterable[Lesson]) -> dict[str, Lesson]:
    """The lessons of ``folder`` kept as a notebook and not also as a ``.py`` file."""
    try:
        names = set(os.listdir(folder))
    except OSError:
        return {}
    if not any(n.endswith(NOTEBOOK_SUFFIX) for n in names):
        return {}
    return {lesson.id: lesson for lesson in lessons
            if lesson.file not in names and notebook_name(lesson) in names}


@contextlib.contextmanager
def prepared(folder: Path, lessons: Iterable[Lesson],
             replace: Mapping[str, str] | None = None) -> Iterator[PreparedWorkspace]:
    """The workspace as ``.py`` files, for as long as the ``with`` block lasts.

    ``replace`` maps lesson file names to source that stands in for them (the code a
    notebook's kernel holds now). Without notebooks and replacements this is ``folder``.
    """
    lessons = list(lessons)
    books = notebook_lessons(folder, lessons)
    if not books and not replace:
        yield PreparedWorkspace(folder)
        return
    with tempfile.TemporaryDirectory(prefix="grade-notebooks-") as temporary:
        target = Path(temporary) / folder.name
        target.mkdir()
        result = PreparedWorkspace(target)
        home = os.path.realpath(folder)
        for entry in os.scandir(folder):
            # A link out of the workspace is not copied: the copy holds the learner's own files.
            if entry.name.endswith(".py") and entry.is_file() and (
                    not entry.is_symlink() or os.path.dirname(os.path.realpath(entry.path)) == home):
                shutil.copyfile(entry.path, target / entry.name)
        for lesson_id, lesson in books.items():
            result.notebooks[lesson_id] = notebook_name(lesson)
            try:
                code = notebook_code(folder / notebook_name(lesson))
            except NotebookProblem as problem:
                result.problems[lesson_id] = problem.message
                continue
            (target / lesson.file).write_text(code, encoding="utf-8")
        for name, code in (replace or {}).items():
            (target / name).write_text(code, encoding="utf-8")
        yield result
