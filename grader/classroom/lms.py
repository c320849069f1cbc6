"""Gradebooks an LMS imports as they are: Canvas and Moodle.

**Canvas** (Grades > Import; Instructure's guide "How do I import grades in the
Gradebook?"): the columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``,
``Section``, then one column per assignment, named ``Assignment name (assignment id)`` to
update an existing assignment, or just its name to create one. Canvas matches a row by
``ID`` (its user id), else the SIS ids, else the name. The row after the header is the
``Points Possible`` row Canvas's own export writes (its first cell is
``    Points Possible``); the importer reads it as the assignment's points, not as a student.
A blank score is left alone by the import; a roster student with no submission gets one.

**Moodle** (Grades > Import > CSV file; MoodleDocs "Grade import"): any columns; the
import asks which column identifies the user ("Map from") and which user field it is
("Map to": email address, username or ID number), and which column goes to which grade
item and to its feedback. So one row per student: ``Full name``, ``ID number``,
``Username``, ``Email address``, the grade, and ``Feedback`` (what the grade is made of).

Scores keep their fractions (to 4 decimals). Names that start like a spreadsheet formula
are written after a ``'``. The files are UTF-8 without a byte order mark: both imports
read UTF-8, and Canvas would take a mark for part of the first column's name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from grader.classroom.record import ClassRecord, StudentRecord, _num
from grader.classroom.roster import Person

LMS = ("canvas", "moodle")
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "    Points Possible"
MOODLE_IDENTITY = ("Full name", "ID number", "Username", "Email address")


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _rows(record: ClassRecord) -> list[tuple[Person, StudentRecord | None]]:
    """Every student with a submission, then every roster student without one."""
    out: list[tuple[Person, StudentRecord | None]] = [
        (r.person or Person(r.student), r) for r in record.students]
    seen = {r.student for r in record.students}
    out += [(p, None) for name, p in record.people.items() if name not in seen]
    return out


def canvas_column(assignment: str, assignment_id: str = "") -> str:
    return f"{assignment} ({assignment_id})" if assignment_id else assignment


def canvas_csv(record: ClassRecord, assignment: str, assignment_id: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CANVAS_IDENTITY, canvas_column(assignment, assignment_id)])
    max_score = max((r.max_score for r in record.students), default=0.0)
    writer.writerow([POINTS_POSSIBLE, "", "", "", "", _num(max_score)])
    for person, student in _rows(record):
        score = "" if student is None or student.problem else _num(student.final)
        writer.writerow([_cell(person.display), person.lms_id, person.sis_user_id, person.sis_login_id,
                         _cell(person.section), score])
    return out.getvalue()


def feedback(student: StudentRecord | None) -> str:
    """What a student's grade is made of, in one line."""
    if student is None:
        return "no submission"
    if student.problem:
        return f"not graded: {student.problem}"
    parts = [f"graded {_num(student.score)}/{_num(student.max_score)}"]
    if student.penalty:
        parts.append(f"{student.days_late} day(s) late: -{_num(100 * student.penalty)}%")
    parts += [f"override {o.line()}" for o in student.overrides]
    if student.kept_from is not None:
        parts.append(f"best score kept: {_num(student.final)}")
    return "; ".join(parts)


def moodle_csv(record: ClassRecord, assignment: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*MOODLE_IDENTITY, assignment, "Feedback"])
    for person, student in _rows(record):
        score = "" if student is None or student.problem else _num(student.final)
        writer.writerow([_cell(person.display), person.sis_user_id, person.username, person.email, score,
                         _cell(feedback(student))])
    return out.getvalue()


def render(kind: str, record: ClassRecord, assignment: str, assignment_id: str = "") -> str:
    if kind == "canvas":
        return canvas_csv(record, assignment, assignment_id)
    return moodle_csv(record, assignment)


def unmatched(kind: str, record: ClassRecord) -> Sequence[str]:
    """Students the LMS cannot match (no identity column filled but the name)."""
    if kind == "canvas":
        return [r.student for r in record.students
                if r.person is None or not (r.person.lms_id or r.person.sis_user_id or r.person.sis_login_id)]
    return [r.student for r in record.students
            if r.person is None or not (r.person.email or r.person.username or r.person.sis_user_id)]
