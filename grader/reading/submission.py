"""A workspace folder as the submissions the engine grades, and what is wrong with them.

One place says which file stands for each lesson of a folder, and why a lesson cannot be
graded as it is:

- *missing*: no ``lesson01_vectors.py`` (nor ``lesson01_vectors.ipynb``); ``missing_file``
  names the files found instead, and ``absent`` is the one line ``grade lesson01`` stops
  with;
- *misnamed*: a file that looks like the lesson file under another name
  (``lesson01.py``, ``Lesson01_Vectors.py``: ``lookalikes``), named in both messages;
- *not a regular file*: a folder or a device where the lesson file should be;
- *unreadable*: a notebook that is not one (``PreparedWorkspace.problems``; the notebook
  is read by ``grader.reading.notebook``);
- *shadowed*: a lesson kept both as ``.py`` and as ``.ipynb`` is its ``.py`` file
  (``notebook_lessons``); in the child, a ``__pycache__/*.pyc`` or a package folder of
  the same name never stands in for the file (``grader/sandbox/sources.py``).

``prepared`` gives the engine a folder of ``.py`` files: the workspace itself when it has
no notebook to stand in for a lesson file (the common case costs one directory listing),
else a private temporary copy in which each such notebook became its lesson file. A
lesson file's own bytes are read by ``grader.reading.source``.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from grader.course import Lesson
from grader.i18n import Text, tr
from grader.pointers import NOTEBOOK_SUFFIX
from grader.reading.notebook import NotebookProblem, notebook_code, notebook_name
from grader.sandbox.codec import safe_line


def shown(path: Path) -> str:
    """``path`` as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def absent(lesson: Lesson, folder: Path, replace: Mapping[str, str]) -> Text | None:
    """Why ``lesson`` cannot be graded from ``folder`` at all (its file missing, misnamed or
    not a regular file), as the one line a command that grades only it stops with; None
    when its ``.py`` file, its notebook or a replacement for it is there."""
    if ((folder / lesson.file).is_file() or (folder / (lesson.module + ".ipynb")).is_file()
            or lesson.file in replace):
        return None
    alike = lookalikes(lesson, sorted(p.name for p in folder.iterdir() if p.is_file()))
    path = shown(folder / lesson.file)
    if (folder / lesson.file).exists():
        return tr("{path} is not a regular file", "{path} 不是普通文件", path=path)
    if alike:
        return tr("{path} does not exist (found {found}: rename it to {file})",
                  "{path} 不存在（找到了 {found}：请把它改名为 {file}）",
                  path=path, found=", ".join(alike), file=lesson.file)
    return tr("{path} does not exist (is {folder} the right workspace?)",
              "{path} 不存在（{folder} 是正确的工作区吗？）", path=path, folder=shown(folder))


MAX_FILES_NAMED = 8
_OTHER_LESSON = re.compile(r"lesson\d\d")  # another lesson's file is never "the misnamed one"


def files_in(folder: Path) -> list[str]:
    try:
        return sorted(safe_line(p.name) for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError:
        return []


def lookalikes(lesson: Lesson, files: list[str]) -> list[str]:
    """The files among ``files`` that look like ``lesson.file`` misnamed (``lesson01.py``)."""
    stem = lesson.file.split("_")[0].lower()
    alike = [name for name in files if name.lower().startswith(stem)]
    others = [n for n in files if (m := _OTHER_LESSON.match(n.lower())) is None or m.group(0) == stem]
    alike += [n for n in difflib.get_close_matches(lesson.file, others, n=3, cutoff=0.75) if n not in alike]
    return alike


def missing_file(lesson: Lesson, workspace: Path) -> Text:
    """Which file was expected and which were found, as check50 says of missing files.

    A submission uploaded as ``lesson01.py`` or ``Lesson01_Vectors.py`` otherwise scores 0
    as *not started*, and the student never learns that only the name was wrong.
    """
    files = files_in(workspace)
    alike = lookalikes(lesson, files)
    if alike:
        return tr("{file} is missing: expected a file named exactly {file}, found {found}. Rename it to "
                  "{file} and grade again.",
                  "缺少 {file}：需要一个名为 {file} 的文件，但找到的是 {found}。请将其重命名为 {file} 后重新评分。",
                  file=lesson.file, found=", ".join(alike))
    shown = ", ".join(files[:MAX_FILES_NAMED]) + (", ..." if len(files) > MAX_FILES_NAMED else "")
    return tr("{file} is missing: expected a file named {file} (found {found}). Run `grade reset "
              "{lesson}` or copy the stub back.",
              "缺少 {file}：需要一个名为 {file} 的文件（找到的是：{found}）。运行 `grade reset {lesson}` "
              "或把练习文件复制回来。",
              file=lesson.file, lesson=lesson.id, found=shown or "no files")



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
