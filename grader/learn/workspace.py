"""A learner's workspace on disk: create one, find the next exercise, reset a stub, and
read a reference solution. No printing here; problems are ``WorkspaceError`` with a
bilingual message.

A workspace created by ``grade init DIR`` looks like the project itself::

    DIR/exercises/lesson01_vectors.py ...      the stubs, one file per registered lesson
    DIR/lessons/en/lesson01_vectors.md ...     the lesson texts, English
    DIR/lessons/zh/lesson01_vectors.md ...     the lesson texts, Chinese
    DIR/lessons/figures/losses.en.svg ...      the figures the lesson texts show
    DIR/reports/progress.sqlite                the history (created by the first grading)
"""

from __future__ import annotations

import ast
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from grader import materials
from grader.atomic import write_atomic
from grader.course import Course, Exercise, Lesson
from grader.errors import Refusal
from grader.i18n import LANGUAGES, Text, tr
from grader.learn.hints import reflow
from grader.progress import Latest
from grader.reading.source import (
    decode_python,
    parse_python,
    python_encoding,
    read_source_bytes,
    source_lines,
)


class WorkspaceError(Refusal):
    """The request cannot be done; ``text`` is for the learner, in both languages."""


def display_path(path: Path) -> str:
    """A path as the learner would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (OSError, ValueError):
        return str(path)


# -- init -------------------------------------------------------------------------------


def init_plan(target: Path, course: Course) -> list[tuple[Path, Path]]:
    """(source, destination) of every file ``grade init`` copies: the registered lessons'
    stubs, their texts in both languages, and the figures those texts link to (into
    ``lessons/figures/``, where the texts' relative links point)."""
    plan: list[tuple[Path, Path]] = []
    figures: dict[str, None] = {}
    for lesson in course.lessons:
        plan.append((materials.stub_path(lesson), target / "exercises" / lesson.file))
        for lang in LANGUAGES:
            text = materials.text_path(lesson, lang)
            plan.append((text, target / "lessons" / lang / materials.text_name(lesson)))
            if text.is_file():
                figures.update(dict.fromkeys(materials.linked_figures(text.read_text(encoding="utf-8"))))
    plan += [(materials.figure_path(name), target / "lessons" / "figures" / name) for name in figures]
    return plan


def enclosing_course(target: Path, course: Course) -> Path | None:
    """The course folder (one with ``exercises/`` holding lesson files) that ``target`` would
    be made inside, if any. The project's own checkout (it has the ``grader`` package) is
    not a learner's course: an instructor may make one there to try it."""
    files = {lesson.file for lesson in course.lessons}
    try:
        here = target.resolve().parent
    except OSError:
        return None
    for folder in (here, *here.parents):
        exercises = folder / "exercises"
        try:
            if (folder / "grader").is_dir() or (folder / "pyproject.toml").is_file():
                return None
            if exercises.is_dir() and any((exercises / name).is_file() for name in files):
                return folder
        except OSError:
            return None
    return None


def init_workspace(target: Path, course: Course) -> list[Path]:
    """Create a fresh workspace in ``target``; refuses if any file it would write exists."""
    if target.exists() and not target.is_dir():
        raise WorkspaceError(tr("{path} exists and is not a folder.", "{path} 已存在，且不是文件夹。",
                                path=str(target)))
    around = enclosing_course(target, course)
    if around is not None:
        raise WorkspaceError(tr("{path} is inside the course in {course}; a course inside a course "
                                "would be graded by mistake. Keep working in {course}, or create "
                                "the new one outside it.",
                                "{path} 位于 {course} 中的课程里面；课程中再建课程，评分时容易弄错。"
                                "请继续在 {course} 中学习，或在它之外创建新课程。",
                                path=str(target), course=str(around)))
    plan = init_plan(target, course)
    missing = [str(source) for source, _ in plan if not source.is_file()]
    if missing:
        raise WorkspaceError(tr("the course materials are incomplete (missing {files}); "
                                "reinstall the package.",
                                "课程材料不完整（缺少 {files}）；请重新安装本软件包。",
                                files=", ".join(missing)))
    existing = [destination for _, destination in plan if destination.exists()]
    if existing:
        shown = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise WorkspaceError(tr("{path} already holds course files ({files}); nothing was "
                                "changed. Choose another folder, or keep working in this one.",
                                "{path} 中已有课程文件（{files}）；没有做任何修改。"
                                "请换一个文件夹，或者继续在这个文件夹中学习。",
                                path=str(target), files=shown))
    created: list[Path] = []
    for source, destination in plan:
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        created.append(destination)
    return created


# -- next -------------------------------------------------------------------------------


def is_passed(record: Latest | None) -> bool:
    return record is not None and record.status == "passed"


def next_exercise(course: Course, latest: Mapping[tuple[str, str], Latest]
                  ) -> tuple[Lesson, Exercise] | None:
    """The first registered exercise whose latest attempt did not pass (None: all passed)."""
    for lesson in course.lessons:
        for exercise in lesson.exercises:
            if not is_passed(latest.get((lesson.id, exercise.name))):
                return lesson, exercise
    return None


def hint_target(course: Course, latest: Mapping[tuple[str, str], Latest], lesson: Lesson | None = None
                ) -> tuple[Lesson, Exercise] | None:
    """The exercise ``grade hint`` answers when none is named: the one whose latest attempt
    failed most recently (the mistake the grader just named), else the next unfinished one.
    Without this, a learner who just saw entropy fail was given a hint about another exercise."""
    lessons = [lesson] if lesson is not None else list(course.lessons)
    pairs = [(each, exercise) for each in lessons for exercise in each.exercises]
    failing = [(record.time, -order, pair) for order, pair in enumerate(pairs)
               if (record := latest.get((pair[0].id, pair[1].name))) is not None
               and record.status in ("failed", "error", "timeout")]
    if failing:
        return max(failing, key=lambda row: (row[0], row[1]))[2]
    if lesson is None:
        return next_exercise(course, latest)
    passed = {e.name for e in lesson.exercises if is_passed(latest.get((lesson.id, e.name)))}
    pending = next_in_lesson(lesson, passed)
    return None if pending is None else (lesson, pending)


def next_in_lesson(lesson: Lesson, passed: set[str]) -> Exercise | None:
    for exercise in lesson.exercises:
        if exercise.name not in passed:
            return exercise
    return None


def _function(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return node
    return None


def _parse(path: Path) -> ast.Module | None:
    try:
        return parse_python(decode_python(read_source_bytes(path)))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None


def line_of(path: Path, name: str) -> int | None:
    """The line of ``def name`` in a learner's file (None if it cannot be found)."""
    tree = _parse(path)
    node = _function(tree, name) if tree else None
    return node.lineno if node else None


def brief(path: Path, name: str, lang: str) -> list[str]:
    """What the exercise asks, from its docstring: the first sentence and the worked
    example, in ``lang`` (the Chinese part starts at ``中文：``)."""
    tree = _parse(path)
    node = _function(tree, name) if tree else None
    doc = ast.get_docstring(node) if node else None
    if not doc:
        return []
    english, _, chinese = doc.partition("中文：")
    if lang == "zh" and chinese.strip():
        text = reflow(chinese)
        first = text.split("。")[0] + "。"
        example = ""
        start = chinese.find("例子")
        if start >= 0:
            line = chinese[start:].splitlines()[0]
            example = line.split("。")[0].strip() + "。"
        return [first] + ([example] if example and example not in first else [])
    lines = [line.strip() for line in english.strip().splitlines()]
    first = lines[0] if lines else ""
    example = next((line for line in lines if line.startswith("Example")), "")
    return [first] + ([example] if example else [])


# -- reset ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResetResult:
    path: Path
    backup: Path | None
    changed: bool
    whole_file: bool


def backup(path: Path, when: float | None = None) -> Path:
    """Copy ``path`` to ``<name>.<date>-<time>.bak`` beside it (never over another backup)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if when is None else when))
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{stamp}-{number}.bak")
        number += 1
    shutil.copy2(path, candidate)
    return candidate


def _stub_text(lesson: Lesson) -> str:
    return materials.stub_path(lesson).read_text(encoding="utf-8")


def function_span(text: str, name: str) -> tuple[int, int] | None:
    """The 1-based, inclusive line range of ``def name`` at module level, decorators
    included; None when the file does not parse or has no such function."""
    try:
        tree = parse_python(text)
    except (SyntaxError, ValueError):
        return None
    node = _function(tree, name)
    if node is None or node.end_lineno is None:
        return None
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return start, node.end_lineno


def reset_lesson(workspace: Path, lesson: Lesson) -> ResetResult:
    """Put the whole stub back, keeping the learner's file as a backup."""
    path = workspace / lesson.file
    stub = _stub_text(lesson)
    saved = None
    if path.is_file():  # a pipe or a device in its place has nothing worth keeping
        if read_source_bytes(path) == stub.encode("utf-8"):
            return ResetResult(path, None, False, True)
        saved = backup(path)
    write_atomic(path, stub, keep_mode=True)
    return ResetResult(path, saved, True, True)


def _cannot_cut(lesson: Lesson, exercise: str, why: Text) -> WorkspaceError:
    return WorkspaceError(tr("{why}, so {name} cannot be cut out of it safely. Fix the file, or "
                             "reset the whole lesson with `grade reset {lesson}`.",
                             "{why}，因此不能安全地单独替换 {name}。请先修正文件，或用 "
                             "`grade reset {lesson}` 重置整个课时。",
                             why=why, name=exercise, lesson=lesson.id))


def reset_exercise(workspace: Path, lesson: Lesson, exercise: str) -> ResetResult:
    """Replace only ``def exercise`` with the stub's, keeping the whole file as a backup.

    The function is found by its line range in the syntax tree; every other line of the
    file stays exactly as it was. A file that does not parse cannot be cut safely: the
    learner is told to fix it or to reset the whole lesson.
    """
    lesson.exercise(exercise)  # KeyError for an unknown exercise
    path = workspace / lesson.file
    if not path.exists():
        return reset_lesson(workspace, lesson)
    stub = _stub_text(lesson)
    stub_span = function_span(stub, exercise)
    if stub_span is None:
        raise WorkspaceError(tr("the stub of {name} was not found in the course materials.",
                                "课程材料中找不到 {name} 的练习代码。", name=exercise))
    raw = read_source_bytes(path)
    encoding = python_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise _cannot_cut(lesson, exercise, tr("{file} is not UTF-8 text", "{file} 不是 UTF-8 文本",
                                               file=lesson.file)) from None
    if not text.strip():
        raise _cannot_cut(lesson, exercise, tr("{file} is empty", "{file} 是空的", file=lesson.file))
    lines = source_lines(text)
    newline = next((line[len(line.rstrip("\r\n")):] for line in lines if line.endswith(("\n", "\r"))),
                   "\n")  # the file's own line ending, which the stub's lines take on
    replacement = [line.rstrip("\r\n") + newline if line.endswith(("\n", "\r")) else line
                   for line in source_lines(stub)[stub_span[0] - 1:stub_span[1]]]
    span = function_span(text, exercise)
    if span is None:
        if _parse(path) is None:
            raise _cannot_cut(lesson, exercise, tr("{file} cannot be parsed (a syntax error?)",
                                                   "{file} 无法解析（有语法错误？）", file=lesson.file))
        # The function was deleted: add the stub's back at the end of the file.
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        new_lines = [*lines, newline * 2, *replacement]
    else:
        if replacement and not replacement[-1].endswith(("\n", "\r")) and span[1] < len(lines):
            replacement[-1] += newline
        new_lines = [*lines[:span[0] - 1], *replacement, *lines[span[1]:]]
    new_text = "".join(new_lines)
    if new_text == text:
        return ResetResult(path, None, False, False)
    try:
        data = new_text.encode(encoding)
    except UnicodeEncodeError:
        raise WorkspaceError(tr("the stub of {name} cannot be written in {file}'s encoding ({encoding}); "
                                "reset the whole lesson with `grade reset {lesson}`.",
                                "{name} 的练习代码无法以 {file} 的编码（{encoding}）写入；"
                                "请用 `grade reset {lesson}` 重置整个课时。",
                                name=exercise, file=lesson.file, encoding=encoding,
                                lesson=lesson.id)) from None
    saved = backup(path)
    write_atomic(path, data, keep_mode=True)
    return ResetResult(path, saved, True, False)


# -- solution ---------------------------------------------------------------------------


def reference_source(lesson: Lesson, exercise: str) -> tuple[str, list[str]]:
    """The reference's source of ``exercise`` with the module-level helpers it uses, and
    the names of other exercises it calls (whose references are not shown)."""
    path = materials.reference_path(lesson)
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = text.splitlines()
    defined: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined[node.name] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    defined[target.id] = node
    if exercise not in defined:
        raise WorkspaceError(tr("the reference of {name} was not found.", "找不到 {name} 的参考答案。",
                                name=exercise))
    exercises = {e.name for e in lesson.exercises}
    shown: list[str] = [exercise]
    calls: list[str] = []
    todo = [defined[exercise]]
    while todo:
        node = todo.pop()
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in defined and inner.id not in shown:
                if inner.id in exercises:
                    if inner.id not in calls:
                        calls.append(inner.id)
                    continue
                shown.append(inner.id)
                todo.append(defined[inner.id])
    nodes = sorted({id(defined[n]): defined[n] for n in shown}.values(), key=lambda n: n.lineno)
    blocks = []
    for node in nodes:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        blocks.append("\n".join(lines[start - 1:node.end_lineno]))
    return "\n\n\n".join(blocks) + "\n", calls
