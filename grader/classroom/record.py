"""The class's grades as the instructor decides them: graded, overridden, late, kept.

One pure step (``build``) turns each student's stored run into what every output shows
(the gradebook, the LMS exports, the class page): overrides applied to the exercises, the
late penalty to the total, and the latest or the best score kept. ``class.json`` (in the
results folder) keeps the batch's settings and findings, so that ``grade report --class``
writes the same files again, with the overrides and roster of the day, without grading.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.atomic import write_atomic
from grader.classroom.deadlines import LatePolicy, iso
from grader.classroom.overrides import Override, apply_overrides
from grader.classroom.regrade import GRADER, REGRADED, Change, Entry, kept_score
from grader.classroom.roster import Person, RosterCheck, check_roster
from grader.classroom.similarity import SimilarPair
from grader.i18n import Text
from grader.model import RunResult

SETTINGS = "class.json"
SIMILARITY = "similarity.json"
KIND = "dl-math-grader class settings"


@dataclass(frozen=True)
class Settings:
    """What the instructor chose for this class; kept in ``class.json``."""

    roster: str | None = None
    overrides: str | None = None
    due: float | None = None
    per_day: float = 0.0
    cap: float = 1.0
    keep: str = "latest"

    @property
    def policy(self) -> LatePolicy | None:
        return None if self.due is None else LatePolicy(self.due, self.per_day, self.cap)

    def deadline_key(self) -> str:
        return "" if self.due is None else f"{self.due}/{self.per_day}/{self.cap}"

    def to_dict(self) -> dict[str, Any]:
        return {"roster": self.roster, "overrides": self.overrides, "due": self.due, "per_day": self.per_day,
                "cap": self.cap, "keep": self.keep}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        due = data.get("due")
        return cls(data.get("roster"), data.get("overrides"), None if due is None else float(due),
                   float(data.get("per_day", 0.0)), float(data.get("cap", 1.0)), str(data.get("keep", "latest")))


@dataclass
class Stored:
    """``class.json``: the settings, each submission's time, and the last batch's changes."""

    settings: Settings = field(default_factory=Settings)
    times: dict[str, tuple[float | None, str]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    similarity: str = ""  # how the similarity check went ("" when it was not run)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": KIND, "schema_version": 1, "settings": self.settings.to_dict(),
                "times": {k: list(v) for k, v in sorted(self.times.items())},
                "changes": [c.to_dict() for c in self.changes], "similarity": self.similarity}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stored:
        times = {str(k): (None if v[0] is None else float(v[0]), str(v[1])) for k, v in data.get("times", {}).items()}
        return cls(Settings.from_dict(data.get("settings", {})), times,
                   [Change.from_dict(c) for c in data.get("changes", ())], str(data.get("similarity", "")))


def read_stored(folder: Path) -> Stored | None:
    try:
        data = json.loads((folder / SETTINGS).read_text(encoding="utf-8"))
        return Stored.from_dict(data) if data.get("kind") == KIND else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def write_stored(folder: Path, stored: Stored) -> None:
    write_atomic(folder / SETTINGS, json.dumps(stored.to_dict(), ensure_ascii=False, indent=1))


def read_pairs(folder: Path) -> list[SimilarPair]:
    try:
        data = json.loads((folder / SIMILARITY).read_text(encoding="utf-8"))
        return [SimilarPair.from_dict(p) for p in data["pairs"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []


def write_pairs(folder: Path, pairs: Sequence[SimilarPair], threshold: float) -> None:
    write_atomic(folder / SIMILARITY, json.dumps({"threshold": threshold, "pairs": [p.to_dict() for p in pairs]},
                                                 ensure_ascii=False, indent=1))


@dataclass(frozen=True)
class StudentRecord:
    student: str
    person: Person | None
    score: float  # graded, with overrides, before a late penalty
    max_score: float
    overrides: tuple[Override, ...] = ()
    submitted: float | None = None
    time_source: str = ""
    days_late: int = 0
    penalty: float = 0.0
    adjusted: float = 0.0
    final: float = 0.0  # what counts: ``adjusted`` now, or the best recorded
    kept_from: float | None = None  # when the kept score was graded (None: this batch)
    change: Change | None = None
    problem: str = ""  # why there is no verdict (crashed, unreadable...)


@dataclass(frozen=True)
class ClassRecord:
    runs: dict[str, RunResult | Text]  # overrides applied
    students: tuple[StudentRecord, ...]
    settings: Settings
    people: Mapping[str, Person]
    roster_check: RosterCheck | None
    applied: tuple[Override, ...]

    def by_student(self) -> dict[str, StudentRecord]:
        return {r.student: r for r in self.students}


def override_map(overrides: Sequence[Override], student: str) -> dict[str, float]:
    return {o.what: o.points for o in overrides if o.student == student}


def exercise_scores(run: RunResult) -> dict[str, float]:
    return {f"{lesson.lesson}.{e.name}": e.score for lesson in run.lessons for e in lesson.exercises}


NO_VERDICT = ("crashed", "timeout", "unreadable")  # batch statuses whose zero is not a grade


def build(runs: Mapping[str, RunResult | Text], settings: Settings, people: Mapping[str, Person],
          overrides: Sequence[Override], stored: Stored, ledger: Mapping[str, Sequence[Entry]],
          max_score: float, statuses: Mapping[str, tuple[str, str]] | None = None) -> ClassRecord:
    """Apply overrides, the late policy and the keep rule to every student's run.

    A submission the batch could not finish (``statuses``: crashed, timed out, unreadable)
    has no verdict: its record says why, and the LMS exports leave its cell empty rather than
    send a zero nobody decided."""
    known = statuses or {}
    policy = settings.policy
    changes = {c.student: c for c in stored.changes}
    out_runs: dict[str, RunResult | Text] = {}
    records = []
    applied_all: list[Override] = []
    for student, run in runs.items():
        person = people.get(student)
        if not isinstance(run, RunResult):
            out_runs[student] = run
            records.append(StudentRecord(student, person, 0.0, max_score, problem=run.en,
                                         change=changes.get(student)))
            continue
        mine = [o for o in overrides if o.student == student]
        changed, applied = apply_overrides(run, mine)
        applied_all.extend(applied)
        out_runs[student] = changed
        score = changed.score
        submitted, source = stored.times.get(student, (None, ""))
        days = penalty = 0.0
        if policy is not None and submitted is not None:
            extension = person.extension_days if person else 0.0
            days = policy.days_late(submitted, extension)
            penalty = policy.penalty(submitted, extension)
        adjusted = score * (1.0 - penalty)
        final, when = kept_score(adjusted, ledger.get(student, ()), settings.keep, override_map(overrides, student))
        status, note = known.get(student, ("graded", ""))
        problem = f"{status}: {note}" if status in NO_VERDICT else ""
        records.append(StudentRecord(student, person, score, max_score, tuple(applied), submitted, source,
                                     int(days), penalty, adjusted, final, when, changes.get(student), problem))
    check = check_roster(people, runs) if people else None
    return ClassRecord(out_runs, tuple(records), settings, people, check, tuple(applied_all))


def _num(value: float) -> str:
    """A score with its fractions (to 4 decimals), no float noise: 0.6667, 2.5, 3."""
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def moved(change: Change | None) -> bool:
    """A change worth a line: a different score, or a new submission, override or deadline
    (a regrade that changed nothing for this student is not)."""
    return change is not None and change.before is not None and (
        abs(change.before - change.after) > 1e-9 or any(r not in (GRADER, REGRADED) for r in change.reasons))


def gradebook_columns(record: ClassRecord) -> tuple[list[str], dict[str, list[str]]]:
    """The gradebook's extra columns (only those the class uses) and each student's cells."""
    header: list[str] = []
    if record.people:
        header += ["name", "section"]
    if record.settings.due is not None:
        header += ["submitted", "time_source", "days_late", "penalty", "adjusted"]
    if record.applied or record.settings.overrides:
        header += ["overrides"]
    if record.settings.keep == "best":
        header += ["final", "kept"]
    if any(moved(r.change) for r in record.students):
        header += ["change"]
    cells: dict[str, list[str]] = {}
    for r in record.students:
        row: list[str] = []
        if "name" in header:
            row += [r.person.name if r.person else "", r.person.section if r.person else ""]
        if "submitted" in header:
            row += [iso(r.submitted) if r.submitted is not None else "", r.time_source, str(r.days_late),
                    f"{_num(100 * r.penalty)}%", _num(r.adjusted)]
        if "overrides" in header:
            row += ["; ".join(o.line() for o in r.overrides)]
        if "final" in header:
            row += [_num(r.final), "latest" if r.kept_from is None else f"best, graded {iso(r.kept_from)}"]
        if "change" in header:
            change = r.change
            row += [f"{_num(change.before)} -> {_num(change.after)} ({', '.join(change.reasons) or 'same inputs'})"
                    if change is not None and change.before is not None and moved(change) else ""]
        cells[r.student] = row
    return header, cells
