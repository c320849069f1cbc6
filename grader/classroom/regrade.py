"""What changed since the last batch, per student, and why; which score is kept.

``ledger.json`` in the results folder records, for every batch, each student's
submission (a hash of its lesson files), the grader's fingerprint, the overrides that
applied, the due-date rule, and the scores. A later batch compares against the last entry
and names the reasons a score moved: the submission changed, the grader or references
changed, an override was applied, changed or removed, the deadline rule changed. The
instructor chooses which score counts: the ``latest`` (the default) or the ``best`` of
every batch recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.atomic import write_atomic
from grader.course import Lesson
from grader.i18n import tr

LEDGER = "ledger.json"
KIND = "dl-math-grader class ledger"
KEEP = ("latest", "best")
HISTORY = 50  # batches remembered per student

SUBMISSION = "submission changed"
GRADER = "grader or references changed"
OVERRIDE = "override applied"
OVERRIDE_CHANGED = "override changed"
OVERRIDE_REMOVED = "override removed"
DEADLINE = "due date or extension changed"
REGRADED = "regraded on request"

# The reasons are stored in English (the ledger, the class page); the terminal says them in Chinese.
_REASONS_ZH = {
    SUBMISSION: "提交有变化",
    GRADER: "评分器或参考答案有变化",
    OVERRIDE: "已应用人工调整",
    OVERRIDE_CHANGED: "人工调整有变化",
    OVERRIDE_REMOVED: "人工调整已删除",
    DEADLINE: "截止时间或延期有变化",
    REGRADED: "应要求重新评分",
}


def submission_hash(workspace: Path, lessons: Sequence[Lesson]) -> str:
    """The lesson files a submission hands in (names and bytes): what a regrade compares."""
    digest = hashlib.sha256()
    for name in sorted(n for lesson in lessons for n in (lesson.file, lesson.module + ".ipynb")):
        path = workspace / name
        if os.path.isfile(path):
            digest.update(name.encode("utf-8") + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
            digest.update(b"\0")
    return digest.hexdigest()


def overrides_key(lines: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """One student in one batch."""

    at: float
    submission: str
    grader: str
    overrides: str  # overrides_key of the override lines applied
    deadline: str  # the rule that adjusted the score ("" without a due date)
    score: float  # after overrides, before a late penalty
    adjusted: float  # after the late penalty
    penalty: float = 0.0  # the share the late penalty took
    exercises: Mapping[str, float] | None = None  # "lesson01.dot" -> graded points, before overrides

    def rescored(self, overrides: Mapping[str, float]) -> float:
        """This entry's adjusted score under today's overrides (an override always wins)."""
        if self.exercises is None:
            return self.adjusted
        total = sum(overrides.get(key, points) for key, points in self.exercises.items())
        return total * (1.0 - self.penalty)

    def to_dict(self) -> dict[str, Any]:
        return {"at": round(self.at, 3), "submission": self.submission, "grader": self.grader,
                "overrides": self.overrides, "deadline": self.deadline,
                "score": round(self.score, 6), "adjusted": round(self.adjusted, 6),
                "penalty": self.penalty, "exercises": dict(self.exercises or {})}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        exercises = data.get("exercises")
        return cls(float(data["at"]), str(data["submission"]), str(data["grader"]), str(data["overrides"]),
                   str(data.get("deadline", "")), float(data["score"]), float(data["adjusted"]),
                   float(data.get("penalty", 0.0)),
                   None if exercises is None else {str(k): float(v) for k, v in exercises.items()})


@dataclass(frozen=True)
class Change:
    """How one student's score moved since the last batch, and why."""

    student: str
    before: float | None  # None: first graded now
    after: float
    reasons: tuple[str, ...]

    def line(self, lang: str = "en") -> str:
        """``bob: 0 -> 4 (submission changed)``, the reasons in ``lang`` (English by default: the
        class page and the gradebook keep it)."""
        if self.before is None:
            return tr("{student}: new, {after}", "{student}：新评分，{after}", student=self.student,
                      after=_num(self.after)).get(lang)
        if lang == "zh":
            why = "，".join(_REASONS_ZH.get(r, r) for r in self.reasons) or "输入相同"
            return f"{self.student}：{_num(self.before)} -> {_num(self.after)}（{why}）"
        return f"{self.student}: {_num(self.before)} -> {_num(self.after)} ({', '.join(self.reasons) or 'same inputs'})"

    def to_dict(self) -> dict[str, Any]:
        return {"student": self.student, "before": self.before, "after": self.after, "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        before = data.get("before")
        return cls(str(data["student"]), None if before is None else float(before), float(data["after"]),
                   tuple(str(r) for r in data.get("reasons", ())))


def _num(value: float) -> str:
    return f"{round(value, 4):g}"


def read_ledger(out: Path) -> dict[str, list[Entry]]:
    """Student -> entries, oldest first; empty when there is no (readable) ledger."""
    try:
        data = json.loads((out / LEDGER).read_text(encoding="utf-8"))
        if data.get("kind") != KIND:
            return {}
        return {str(name): [Entry.from_dict(e) for e in entries] for name, entries in data["students"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_ledger(out: Path, ledger: Mapping[str, Sequence[Entry]]) -> None:
    write_atomic(out / LEDGER, json.dumps({
        "kind": KIND, "schema_version": 1,
        "students": {name: [e.to_dict() for e in entries[-HISTORY:]] for name, entries in sorted(ledger.items())},
    }, indent=1))


def change_of(student: str, previous: Entry | None, now: Entry, regraded: bool) -> Change:
    """Why ``now`` differs from ``previous`` (the reasons, even when the score did not move)."""
    if previous is None:
        return Change(student, None, now.adjusted, ())
    reasons = []
    if previous.submission != now.submission:
        reasons.append(SUBMISSION)
    if previous.grader != now.grader:
        reasons.append(GRADER)
    elif regraded:
        reasons.append(REGRADED)
    if previous.overrides != now.overrides:
        empty = overrides_key(())
        reasons.append(OVERRIDE_REMOVED if now.overrides == empty
                       else OVERRIDE if previous.overrides == empty else OVERRIDE_CHANGED)
    if previous.deadline != now.deadline:
        reasons.append(DEADLINE)
    return Change(student, previous.adjusted, now.adjusted, tuple(reasons))


def record_batch(out: Path, entries: Mapping[str, Entry], regraded: bool = False) -> list[Change]:
    """Append this batch to the ledger; each student's change since their last entry."""
    ledger = read_ledger(out)
    changes = []
    for student, entry in entries.items():
        history = ledger.setdefault(student, [])
        changes.append(change_of(student, history[-1] if history else None, entry, regraded))
        history.append(entry)
    write_ledger(out, ledger)
    return changes


def kept_score(current: float, history: Sequence[Entry], keep: str,
               overrides: Mapping[str, float]) -> tuple[float, float | None]:
    """(the score that counts, when it was graded; None: now) under ``keep``.

    ``best`` compares today's score with every recorded batch, each rescored under today's
    overrides, so that an override (a zero for copied work, say) also holds for old batches.
    """
    if keep != "best":
        return current, None
    best, when = current, None
    for entry in history:
        score = entry.rescored(overrides)
        if score > best + 1e-9:
            best, when = score, entry.at
    return best, when
