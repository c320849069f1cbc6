"""The class gradebook as CSV: one row per student, every lesson's and exercise's score."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # reporters read the records they are given; they never import the classroom
    from grader.classroom.standing import ClassStanding


def _cell(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _num(value: float) -> str:
    return f"{round(value, 4):g}"


def render_csv(standing: ClassStanding) -> str:
    """Columns: student, score, max_score, percent, passed, exercises, one per lesson, one per
    exercise (``lesson01/dot``, its score), and ``problem`` (why a student has no result)."""
    lessons = standing.lessons
    exercises = [(lesson.id, ex.name) for lesson in lessons for ex in lesson.exercises]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "score", "max_score", "percent", "passed", "exercises",
                     *[lesson.id for lesson in lessons], *[f"{a}/{b}" for a, b in exercises], "problem"])
    for student in standing.students:
        if student.problem is not None:
            writer.writerow([_cell(student.name), *[""] * (5 + len(lessons) + len(exercises)),
                             _cell(student.problem.en)])
            continue
        writer.writerow([
            _cell(student.name), _num(student.score), _num(student.max_score), _num(student.percent),
            student.passed, student.total, *[_num(s.score) for s in student.lessons],
            *[_num(student.exercises[key][1]) for key in exercises], ""])
    return out.getvalue()
