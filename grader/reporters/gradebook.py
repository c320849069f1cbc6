"""The class gradebook as CSV: the one layout ``grade batch`` and ``grade report --class`` write.

One row per student: ``student``, one column per lesson graded, ``total``, ``max_score``,
``status`` (``graded``, ``crashed``, ``timeout``, or ``unreadable`` for an entry with no
result) and ``note`` (why, when a row has no verdict). Per-exercise detail lives in the
class page and in ``<student>.json``; a gradebook is what a spreadsheet or an LMS import
reads, so both commands write exactly the same columns and a re-run of either never changes
the other's file behind an instructor's back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from grader.model import ClassStanding

HEADER_END = ("total", "max_score", "status", "note")
# Excel opens a CSV file as UTF-8 only when it starts with a byte order mark; without one it
# uses the system's code page and a Chinese name arrives garbled. Spreadsheets, pandas and
# LMS imports skip the mark (Python's csv module with encoding="utf-8-sig").
BOM = "\ufeff"


def _cell(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _num(value: float) -> str:
    return f"{round(value, 4):g}"


def _extra(cells: Mapping[str, Sequence[str]], name: str, width: int) -> list[str]:
    row = [_cell(c) for c in cells.get(name, ())]
    return (row + [""] * width)[:width]


def graded_lessons(standing: ClassStanding) -> list[str]:
    """The lessons some student has a result for (all of the course when nobody has one)."""
    ids = [lesson.id for lesson in standing.lessons
           if any(status != "not_graded" for student in standing.students
                  for (lesson_id, _), (status, _) in student.exercises.items() if lesson_id == lesson.id)]
    return ids or [lesson.id for lesson in standing.lessons]


def render_csv(standing: ClassStanding, statuses: Mapping[str, tuple[str, str]] | None = None,
               extra: tuple[Sequence[str], Mapping[str, Sequence[str]]] | None = None) -> str:
    """The gradebook; ``statuses`` maps a student to (status, note) when the batch knows better
    than the result itself (a submission that crashed or ran out of time). ``extra`` is more
    columns after ``note`` and each student's cells in them (the roster's name and section, the
    late penalty, overrides, the kept score, the change since the last batch)."""
    known = statuses or {}
    more, cells = extra if extra is not None else ((), {})
    ids = graded_lessons(standing)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *ids, *HEADER_END, *more])
    max_of = {lesson.id: sum(ex.points for ex in lesson.exercises) for lesson in standing.lessons}
    max_score = sum(max_of[i] for i in ids)
    for student in standing.students:
        if student.problem is not None:
            writer.writerow([_cell(student.name), *[""] * len(ids), "", _num(max_score), "unreadable",
                             _cell(student.problem.en), *_extra(cells, student.name, len(more))])
            continue
        scores = {lesson.lesson: lesson.score for lesson in student.lessons}
        status, note = known.get(student.name, ("graded", ""))
        writer.writerow([_cell(student.name), *[_num(scores.get(i, 0.0)) for i in ids],
                         _num(sum(scores.get(i, 0.0) for i in ids)), _num(max_score),
                         "graded" if status == "unchanged" else status, _cell(note),
                         *_extra(cells, student.name, len(more))])
    return out.getvalue()
