"""Frozen result records: what a grading run found, independent of how it is shown.

Records round-trip through plain dicts (``to_dict``/``from_dict``) so that they can cross
a process boundary, be stored in the progress history, and be rendered by any reporter.
Public JSON renders every ``Text`` in one language and keeps both under ``i18n``. The
standings at the end (a learner's, a class's) are folded from such records upstream and
handed to the reporters, which import their records from here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from grader.i18n import Text, tr

if TYPE_CHECKING:  # a standing names its lessons; the registry imports no record
    from grader.course import Lesson

SCHEMA_VERSION = 1
NO_DETAILS = Text("", "")


def _stored_text(data: dict[str, Any], key: str) -> Text | None:
    """``key`` of a stored record as ``Text``: both languages from ``i18n`` when present,
    else the one-language field (records written before it had both); None when empty."""
    i18n = data.get("i18n", {})
    if key in i18n:
        return Text.from_dict(i18n[key])
    value = data.get(key)
    return Text(str(value), str(value)) if value else None


class Outcome(str, Enum):
    """The verdict of one check or one exercise."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    NOT_STARTED = "not_started"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"


# Worst first: an exercise takes the first of these that any of its checks has.
_SEVERITY = (Outcome.TIMEOUT, Outcome.ERROR, Outcome.FAILED)


@dataclass(frozen=True)
class CheckResult:
    """One hidden check of one exercise."""

    name: str
    title: Text
    outcome: Outcome
    message: Text | None = None
    details: Text = NO_DETAILS
    diagnosis: tuple[str, ...] = ()
    weight: float = 1.0
    duration: float = 0.0
    data: dict[str, Any] = field(default_factory=dict)
    static: bool = False
    kind: str = "value"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        i18n: dict[str, Any] = {"title": self.title.to_dict()}
        if self.message is not None:
            i18n["message"] = self.message.to_dict()
        if self.details.en or self.details.zh:
            i18n["details"] = self.details.to_dict()
        return {
            "name": self.name,
            "title": self.title.get(lang),
            "status": self.outcome.value,
            "message": self.message.get(lang) if self.message else "",
            "details": self.details.get(lang),
            "diagnosis": list(self.diagnosis),
            "weight": self.weight,
            "duration": round(self.duration, 6),
            "data": self.data,
            "static": self.static,
            "kind": self.kind,
            "i18n": i18n,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        return cls(
            name=data["name"],
            title=_stored_text(data, "title") or Text("", ""),
            outcome=Outcome(data["status"]),
            message=_stored_text(data, "message"),
            details=_stored_text(data, "details") or NO_DETAILS,
            diagnosis=tuple(data.get("diagnosis", ())),
            weight=float(data.get("weight", 1.0)),
            duration=float(data.get("duration", 0.0)),
            data=dict(data.get("data", {})),
            static=bool(data.get("static", False)),
            kind=str(data.get("kind", "value")),
        )


ADVICE_LEAD = Text("also worth doing: ", "也值得做：")
WAITS_FOR_VALUES = "waits_for_values"
"""Diagnosis of a supporting check that passed while a value check did not: it earns nothing yet."""
_WAITING = Text("{n} supporting check(s) (input rejection, built it yourself, no mutation) "
                "passed, but count only once the value checks pass: first make the function "
                "return right results.",
                "{n} 项辅助检查（拒绝错误输入、自己实现、不修改输入）已通过，但要等数值检查通过后才计分："
                "请先让函数返回正确结果。")


@dataclass(frozen=True)
class Advice:
    """Something the stub recommends and the contract does not require, not yet done.

    It is shown under the exercise, never fails it and costs no points. ``found`` says
    what the learner's code did instead (``details`` the numbers), when a check saw it.
    """

    name: str
    text: Text
    found: Text | None = None
    details: Text = NO_DETAILS

    def line(self, lang: str = "en") -> str:
        """"also worth doing: raise ValueError when ..." in ``lang``."""
        return ADVICE_LEAD.get(lang) + self.text.get(lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        i18n: dict[str, Any] = {"text": self.text.to_dict(), "line": (ADVICE_LEAD + self.text).to_dict()}
        if self.found is not None:
            i18n["found"] = self.found.to_dict()
        if self.details.en or self.details.zh:
            i18n["details"] = self.details.to_dict()
        return {
            "name": self.name,
            "text": self.line(lang),
            "found": self.found.get(lang) if self.found else "",
            "details": self.details.get(lang),
            "i18n": i18n,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Advice:
        text = _stored_text(data, "text") or Text("", "")
        return cls(str(data["name"]), text, _stored_text(data, "found"), _stored_text(data, "details") or NO_DETAILS)


@dataclass(frozen=True)
class ExerciseResult:
    """All checks of one exercise (one function of the contract) and its verdict."""

    name: str
    outcome: Outcome
    score: float
    max_score: float
    checks: tuple[CheckResult, ...] = ()
    line: int | None = None
    advice: tuple[Advice, ...] = ()

    def advice_lines(self, lang: str = "en") -> list[str]:
        """What the learner may also do (never a failure): one line per piece of advice."""
        return [a.line(lang) for a in self.advice]

    def waiting(self, lang: str = "en") -> str:
        """Why passed supporting checks earn nothing yet ("" when none is waiting)."""
        n = sum(1 for c in self.checks if WAITS_FOR_VALUES in c.diagnosis)
        return _WAITING.format(n=n).get(lang) if n else ""

    def messages(self, lang: str = "en") -> list[str]:
        """What the learner reads: one entry per check that did not pass, and why passed
        supporting checks earn nothing yet."""
        out: list[str] = []
        for check in self.checks:
            if check.outcome in (Outcome.PASSED, Outcome.SKIPPED) or check.message is None:
                continue
            text = check.message.get(lang)
            if check.details.get(lang):
                text = f"{text}\n{check.details.get(lang)}"
            out.append(text)
        if self.waiting(lang):
            out.append(self.waiting(lang))
        return out

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.outcome.value,
            "score": round(self.score, 6),
            "max_score": self.max_score,
            "line": self.line,
            "messages": self.messages(lang),
            "checks": [c.to_dict(lang) for c in self.checks],
            "advice": [a.to_dict(lang) for a in self.advice],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExerciseResult:
        return cls(
            name=data["name"],
            outcome=Outcome(data["status"]),
            score=float(data["score"]),
            max_score=float(data["max_score"]),
            checks=tuple(CheckResult.from_dict(c) for c in data.get("checks", ())),
            line=data.get("line"),
            advice=tuple(Advice.from_dict(a) for a in data.get("advice", ())),
        )


@dataclass(frozen=True)
class LessonResult:
    """One lesson file graded: its exercises, and any problem with the file itself."""

    lesson: str
    file: str
    workspace: str
    exercises: tuple[ExerciseResult, ...]
    problem: Text | None = None
    output: str = ""
    duration: float = 0.0
    confinement: str = ""  # how learner code was confined (docs/security.md); "" if none ran
    unprotected: tuple[str, ...] = ()  # what that confinement left open (UNPROTECTED's keys)

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    @property
    def passed(self) -> bool:
        return all(e.outcome is Outcome.PASSED for e in self.exercises)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "lesson": self.lesson,
            "file": self.file,
            "workspace": self.workspace,
            "score": round(self.score, 6),
            "max_score": self.max_score,
            "passed": self.passed,
            "problem": self.problem.get(lang) if self.problem else None,
            "output": self.output,
            "duration": round(self.duration, 6),
            "confinement": self.confinement,
            "unprotected": list(self.unprotected),
            "exercises": [e.to_dict(lang) for e in self.exercises],
            "i18n": {"problem": self.problem.to_dict()} if self.problem else {},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LessonResult:
        problem: Text | None = None
        if data.get("i18n", {}).get("problem"):
            problem = Text.from_dict(data["i18n"]["problem"])
        elif data.get("problem"):
            problem = Text(data["problem"], data["problem"])
        return cls(
            lesson=data["lesson"],
            file=data["file"],
            workspace=data["workspace"],
            exercises=tuple(ExerciseResult.from_dict(e) for e in data["exercises"]),
            problem=problem,
            output=data.get("output", ""),
            duration=float(data.get("duration", 0.0)),
            confinement=str(data.get("confinement", "")),
            unprotected=tuple(str(u) for u in data.get("unprotected", ()) if str(u) in UNPROTECTED),
        )


# The sandbox's confinement mechanisms, strongest first (grader/sandbox/limits.py).
CONFINEMENTS = ("namespaces", "user-namespaces", "landlock", "plain")

# What a confinement may leave open to learner code (docs/security.md): the user's files,
# the network, the user's other processes, the grader's own process, processes that
# detach from their worker and outlive it, and memory (no limit where the platform has none).
UNPROTECTED = {
    "files": Text("your files", "你的文件"),
    "network": Text("the network", "网络"),
    "processes": Text("your other processes", "你的其他进程"),
    "grader": Text("the grader's own process", "评分器自身的进程"),
    "detached-processes": Text("processes it detaches, which outlive it",
                               "它脱离出去的进程（会在它结束后继续运行）"),
    "memory": Text("memory (no limit on this system)", "内存（此系统上没有上限）"),
}


@dataclass(frozen=True)
class RunResult:
    """A grading run over one or more lessons."""

    lessons: tuple[LessonResult, ...]
    duration: float = 0.0

    @property
    def score(self) -> float:
        return sum(lesson.score for lesson in self.lessons)

    @property
    def max_score(self) -> float:
        return sum(lesson.max_score for lesson in self.lessons)

    @property
    def passed(self) -> bool:
        return all(lesson.passed for lesson in self.lessons)

    @property
    def confinement(self) -> str:
        """The weakest confinement any lesson ran under (they share one sandbox)."""
        found = [lesson.confinement for lesson in self.lessons if lesson.confinement in CONFINEMENTS]
        return max(found, key=CONFINEMENTS.index) if found else ""

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "score": round(self.score, 6),
            "max_score": self.max_score,
            "passed": self.passed,
            "duration": round(self.duration, 6),
            "confinement": self.confinement,
            "unprotected": sorted({u for lesson in self.lessons for u in lesson.unprotected}),
            "lessons": [lesson.to_dict(lang) for lesson in self.lessons],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunResult:
        return cls(
            lessons=tuple(LessonResult.from_dict(x) for x in data["lessons"]),
            duration=float(data.get("duration", 0.0)),
        )


def exercise_outcome(checks: tuple[CheckResult, ...]) -> Outcome:
    """Fold check verdicts into one: not started wins, then the most severe problem."""
    outcomes = {c.outcome for c in checks}
    if Outcome.NOT_STARTED in outcomes:
        return Outcome.NOT_STARTED
    for outcome in _SEVERITY:
        if outcome in outcomes:
            return outcome
    if Outcome.PASSED in outcomes:
        return Outcome.PASSED
    return Outcome.NOT_STARTED


def value_checks_pass(checks: tuple[CheckResult, ...]) -> bool:
    """Every value check passed: the function returns right numbers wherever it was asked."""
    values = [c for c in checks if c.kind == "value"]
    return bool(values) and all(c.outcome is Outcome.PASSED for c in values)


def exercise_score(checks: tuple[CheckResult, ...], points: float, outcome: Outcome) -> float:
    """Partial credit: the share of check weight that passed, for working maths only.

    Nothing if not started. Value checks earn their weight as they pass; supporting checks
    (input rejection, "built it yourself", no mutation) earn theirs only once every value
    check passes: a function that never returns a right value earns nothing, whatever it
    rejects or avoids calling.
    """
    if outcome is Outcome.NOT_STARTED:
        return 0.0
    counted = [c for c in checks if c.kind in ("value", "supporting")]
    total = sum(c.weight for c in counted)
    if total <= 0:
        return 0.0
    working = value_checks_pass(checks)
    earned = sum(c.weight for c in counted if c.outcome is Outcome.PASSED
                 and (c.kind == "value" or working))
    return points * earned / total


# -- what the reporters are handed beyond a run: the learner's standing (folded from the
# progress history by grader.history) and the class's (folded by grader.classroom.standing)


@dataclass(frozen=True)
class ExerciseStanding:
    lesson: str
    name: str
    summary: Text
    max_score: float
    status: Outcome | None = None  # None: never graded
    score: float = 0.0
    best: float = 0.0
    attempts: int = 0  # runs in which it was written (not "not started")
    first_attempt: float | None = None
    last_attempt: float | None = None
    first_passed: float | None = None
    attempts_to_pass: int | None = None
    result: ExerciseResult | None = None

    @property
    def passed(self) -> bool:
        return self.status is Outcome.PASSED

    @property
    def time_to_pass(self) -> float | None:
        """Seconds from the first attempt to the first pass (None until it passes)."""
        if self.first_passed is None or self.first_attempt is None:
            return None
        return self.first_passed - self.first_attempt


@dataclass(frozen=True)
class Point:
    """The learner's standing after one grading run."""

    time: float
    score: float
    passed: int


@dataclass(frozen=True)
class RunSummary:
    """One grading run as the timeline lists it."""

    run: int
    time: float
    lessons: tuple[str, ...]
    passed: int
    exercises: int
    score: float
    max_score: float


@dataclass(frozen=True)
class LessonStanding:
    lesson: Lesson
    exercises: tuple[ExerciseStanding, ...]
    runs: int
    last_attempt: float | None
    next_step: Text
    timeline: tuple[Point, ...] = ()

    @property
    def passed(self) -> int:
        return sum(1 for e in self.exercises if e.passed)

    @property
    def total(self) -> int:
        return len(self.exercises)

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def best(self) -> float:
        return sum(e.best for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    @property
    def state(self) -> str:
        """``complete``, ``in_progress`` or ``not_started`` (nothing graded or written yet)."""
        if self.passed == self.total:
            return "complete"
        written = any(e.status not in (None, Outcome.NOT_STARTED) for e in self.exercises)
        return "in_progress" if written else "not_started"


@dataclass(frozen=True)
class Standing:
    workspace: str
    lessons: tuple[LessonStanding, ...]
    timeline: tuple[Point, ...]
    runs: tuple[RunSummary, ...]
    attempts: int

    @property
    def passed(self) -> int:
        return sum(lesson.passed for lesson in self.lessons)

    @property
    def total(self) -> int:
        return sum(lesson.total for lesson in self.lessons)

    @property
    def score(self) -> float:
        return sum(lesson.score for lesson in self.lessons)

    @property
    def max_score(self) -> float:
        return sum(lesson.max_score for lesson in self.lessons)

    @property
    def complete(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.state == "complete")

    @property
    def next_step(self) -> Text:
        for lesson in self.lessons:
            if lesson.state != "complete":
                return lesson.next_step
        return tr("Every lesson is complete. Well done!", "所有课时都已完成，做得好！")


@dataclass(frozen=True)
class FrequentMistake:
    key: str
    label: Text
    count: int


@dataclass(frozen=True)
class ExerciseStats:
    lesson: str
    exercise: str
    summary: Text
    passed: int
    attempted: int  # written: anything but not started / not graded
    students: int
    mistakes: tuple[FrequentMistake, ...]

    @property
    def pass_rate(self) -> float:
        return self.passed / self.students if self.students else 0.0


@dataclass(frozen=True)
class LessonScore:
    lesson: str
    score: float
    max_score: float
    passed: int
    total: int


@dataclass(frozen=True)
class StudentRow:
    name: str
    score: float
    max_score: float
    passed: int
    total: int
    lessons: tuple[LessonScore, ...]
    exercises: Mapping[tuple[str, str], tuple[str, float]]  # status, score
    problem: Text | None = None

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True)
class ClassStanding:
    source: str
    lessons: tuple[Lesson, ...]
    exercises: tuple[ExerciseStats, ...]
    students: tuple[StudentRow, ...]

    @property
    def max_score(self) -> float:
        return sum(ex.points for lesson in self.lessons for ex in lesson.exercises)

    @property
    def mean_percent(self) -> float:
        graded = [s.percent for s in self.students if s.problem is None]
        return sum(graded) / len(graded) if graded else 0.0
