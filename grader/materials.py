"""Where the course's own files are: the stubs, the references and the lesson texts.

There is one canonical copy of each, at the top of the project: ``exercises/`` (the
stubs), ``solutions/`` (the references) and ``lessons/<lang>/`` (the lesson texts, one
Markdown file per lesson and language, named like the lesson file), with the figures the
texts link to in ``lessons/figures/`` (drawn by ``python -m grader.course_figures``). Building a wheel
copies them into ``grader/_materials/`` (see ``setup.py``), so an installed package
finds them there; a clone or an editable install reads the project's folders directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from grader.course import Lesson, load_course
from grader.i18n import LANGUAGES, Text, tr

_PACKAGED = Path(__file__).resolve().parent / "_materials"
_PROJECT = Path(__file__).resolve().parents[1]

FOLDERS = ("exercises", "solutions", "lessons")


def root() -> Path:
    """The folder holding ``exercises/``, ``solutions/`` and ``lessons/``."""
    if (_PACKAGED / "exercises").is_dir():
        return _PACKAGED
    return _PROJECT


def folder(name: str) -> Path:
    if name not in FOLDERS:
        raise ValueError(f"unknown materials folder {name!r}")
    return root() / name


def solution_copies() -> tuple[Path, ...]:
    """Both places the references can sit: the installed package's and the project's."""
    return tuple(p / "solutions" for p in (_PACKAGED, _PROJECT) if (p / "solutions").is_dir())


def stub_path(lesson: Lesson) -> Path:
    """The pristine stub of ``lesson``."""
    return folder("exercises") / lesson.file


def reference_path(lesson: Lesson) -> Path:
    return folder("solutions") / lesson.file


def text_name(lesson: Lesson) -> str:
    """The lesson text's file name: ``lesson01_vectors.md`` for ``lesson01_vectors.py``."""
    return lesson.module + ".md"


def text_path(lesson: Lesson, lang: str) -> Path:
    """The lesson text of ``lesson`` in ``lang`` (``en`` or ``zh``) among the materials."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    return folder("lessons") / lang / text_name(lesson)


# A lesson text shows a figure as ``![alt text](../figures/losses.en.svg)``: relative to the
# text, so the link works in the project, in a wheel and in a ``grade init`` workspace.
FIGURE_LINK = re.compile(r"\]\(\.\./figures/([A-Za-z0-9_][A-Za-z0-9_.-]*\.svg)\)")


def linked_figures(text: str) -> list[str]:
    """The figure files a lesson text links to, in order, each once."""
    return list(dict.fromkeys(FIGURE_LINK.findall(text)))


def figure_path(name: str) -> Path:
    """The figure ``name`` (``losses.en.svg``) among the materials."""
    return folder("lessons") / "figures" / name


# The alt text may hold brackets (``on [0, 1]``): it ends at the ``](`` of the link.
FIGURE_IMAGE = re.compile(r"!\[((?:[^\]\n]|\](?!\())*)\]\(\.\./figures/([A-Za-z0-9_][A-Za-z0-9_.-]*\.svg)\)")


@dataclass(frozen=True)
class LessonFigure:
    """A figure a lesson text shows: its file among the materials and the text's alt text."""

    name: str
    alt: str
    path: Path


def lesson_figures(lesson: Lesson, lang: str) -> list[LessonFigure]:
    """The figures the text of ``lesson`` in ``lang`` shows, in order, each once: found as
    ``grade init`` finds them (the links of the materials' text), those whose file is there.
    A missing or unreadable text has none; the report that shows them must still be written."""
    try:
        text = text_path(lesson, lang).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    shown: dict[str, LessonFigure] = {}
    for alt, name in FIGURE_IMAGE.findall(text):
        path = figure_path(name)
        if name not in shown and path.is_file():
            shown[name] = LessonFigure(name, alt.strip(), path)
    return list(shown.values())


def workspace_text_path(workspace: Path, lesson: Lesson, lang: str) -> Path:
    """Where a learner's copy of the lesson text lives: ``lessons/`` beside the workspace."""
    return workspace.resolve().parent / "lessons" / lang / text_name(lesson)


def missing_workspace(workspace: Path) -> Text:
    """Why ``workspace`` is not there, and where the learner's course probably is.

    Two slips are common: a terminal opened in the workspace itself (the editor's
    folder), and ``grade init my-course`` without the ``cd my-course`` after it.
    """
    said = tr("the workspace {path} does not exist", "工作区 {path} 不存在", path=str(workspace))
    files = {lesson.file for lesson in load_course().lessons}
    here = Path.cwd()
    try:
        if files & {entry.name for entry in here.iterdir()}:
            return said + tr(": this folder holds the lesson files; run grade from the folder above "
                             "(cd ..), or add --workspace .",
                             "：当前文件夹就是存放课时文件的工作区；请在上一级文件夹中运行 grade（cd ..），"
                             "或加上 --workspace .")
        if not workspace.is_absolute():
            below = sorted(entry.name for entry in here.iterdir()
                           if entry.is_dir() and (entry / workspace).is_dir())
            if below:
                return said + tr(" here; your course is in {folder}: cd {folder}",
                                 "（在当前文件夹中）；你的课程在 {folder} 中：cd {folder}", folder=below[0])
    except OSError:
        pass
    return said + tr(": create one with `grade init`, or name yours with --workspace.",
                     "：用 `grade init` 创建一个，或用 --workspace 指定你的工作区。")
