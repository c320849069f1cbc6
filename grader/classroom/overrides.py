"""Manual overrides: the instructor's word on one student's exercise, kept across regrades.

``overrides.csv`` has the columns ``student``, ``exercise`` (``lesson01.dot``, or ``dot``
when only one lesson has it), ``points`` (a number of points, or ``full``) and ``reason``,
and optionally ``by`` (who decided). An override never touches the stored results: it is
read again and applied every time the gradebook, the LMS exports and the class page are
written, so a regrade cannot lose it, and removing its row undoes it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from grader.classroom.csvin import CsvError, read_rows
from grader.course import Course
from grader.i18n import tr
from grader.model import RunResult

REQUIRED = ("student", "exercise", "points", "reason")
OPTIONAL = ("by",)


@dataclass(frozen=True)
class Override:
    student: str
    lesson: str
    exercise: str
    points: float
    full: bool
    reason: str
    by: str = ""
    was: float | None = None  # the graded score it replaced (set when applied)

    @property
    def what(self) -> str:
        return f"{self.lesson}.{self.exercise}"

    def line(self, lang: str = "en") -> str:
        """Who changed what, and why: one line for the gradebook's note and the batch's output
        (the gradebook keeps the English; the batch says it in the instructor's language)."""
        was = "" if self.was is None else f"{_num(self.was)} -> "
        if lang == "zh":
            who = f"，调整人：{self.by}" if self.by else ""
            return f"{self.what}：{was}{_num(self.points)}（{self.reason}{who}）"
        who = f" by {self.by}" if self.by else ""
        return f"{self.what}: {was}{_num(self.points)} ({self.reason}){who}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Override:
        return cls(str(data["student"]), str(data["lesson"]), str(data["exercise"]), float(data["points"]),
                   bool(data["full"]), str(data["reason"]), str(data.get("by", "")),
                   None if data.get("was") is None else float(data["was"]))


def _num(value: float) -> str:
    return f"{round(value, 4):g}"


def _exercise(course: Course, text: str) -> tuple[str, str, float] | None:
    """(lesson id, exercise, points) for ``lesson01.dot``, ``lesson01 dot`` or a unique ``dot``."""
    lesson_part, _, name = text.replace(" ", ".").replace(":", ".").rpartition(".")
    found = [(lesson.id, ex.name, ex.points) for lesson in course.lessons for ex in lesson.exercises
             if ex.name == name and (not lesson_part or lesson.id == lesson_part)]
    return found[0] if len(found) == 1 else None


def load_overrides(path: Path, course: Course, students: Iterable[str]) -> list[Override]:
    """Every row of ``path``, checked against the course and the class; ``CsvError`` for a bad one."""
    known = set(students)
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for number, row in read_rows(path, REQUIRED, OPTIONAL):
        student = row["student"]
        if student not in known:
            raise CsvError(tr("{path} row {row}: no submission is named {student!r}",
                              "{path} 第 {row} 行：没有名为 {student!r} 的提交", path=path, row=number,
                              student=student))
        target = _exercise(course, row["exercise"])
        if target is None:
            raise CsvError(tr("{path} row {row}: {exercise!r} is not an exercise of the course "
                              "(write it as lesson01.dot)",
                              "{path} 第 {row} 行：{exercise!r} 不是本课程的练习（请写成 lesson01.dot）",
                              path=path, row=number, exercise=row["exercise"]))
        lesson, exercise, most = target
        if (student, lesson, exercise) in seen:
            raise CsvError(tr("{path} row {row}: {student} {lesson}.{exercise} is already overridden "
                              "on row {first}",
                              "{path} 第 {row} 行：{student} {lesson}.{exercise} 已在第 {first} 行调整过",
                              path=path, row=number, student=student, lesson=lesson, exercise=exercise,
                              first=seen[(student, lesson, exercise)]))
        seen[(student, lesson, exercise)] = number
        raw = row["points"]
        full = raw.lower() == "full"
        try:
            points = most if full else float(raw)
        except ValueError:
            points = math.nan
        if not math.isfinite(points) or points < 0 or points > most:
            raise CsvError(tr("{path} row {row}: points {raw!r} is not 'full' or a number from 0 to {most}",
                              "{path} 第 {row} 行：points {raw!r} 既不是 'full'，也不是 0 到 {most} 之间的数",
                              path=path, row=number, raw=raw, most=_num(most)))
        out.append(Override(student, lesson, exercise, points, full, row["reason"], row.get("by", "")))
    return out


def apply_overrides(run: RunResult, overrides: Sequence[Override]) -> tuple[RunResult, list[Override]]:
    """``run`` with each override's exercise set to its points; the overrides applied, with the
    score each replaced. An override of a lesson the run did not grade is not applied."""
    wanted = {(o.lesson, o.exercise): o for o in overrides}
    applied: list[Override] = []
    lessons = []
    for lesson in run.lessons:
        exercises = []
        for exercise in lesson.exercises:
            override = wanted.get((lesson.lesson, exercise.name))
            if override is None:
                exercises.append(exercise)
                continue
            applied.append(replace(override, was=exercise.score))
            exercises.append(replace(exercise, score=override.points))
        lessons.append(replace(lesson, exercises=tuple(exercises)))
    return replace(run, lessons=tuple(lessons)), applied
