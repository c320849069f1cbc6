"""Held checks: what a learner sees while the rest of the checks wait for grading.

An assignment may hold its hidden checks back until after the due date (Gradescope's
``after_due_date``, or a GitHub Classroom workflow made with ``grade ci init github
--visibility held``). One rule says which checks are shown at once, ``visible_checks``,
and every platform uses it. The *held view* of a result keeps only those checks and
earns no points: the score is the instructor's grading, and points for the visible
checks alone would read as "all passed" to a learner whose held checks fail.

``grade --held`` runs the visible checks only (the engine skips the others, "held until
grading", with ``HELD_REASON``); Gradescope's held bundle runs every check and holds back
what it shows. Pure functions of results, and ``Held``, a listener that hands the held
view (never the full result) to the listeners it wraps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from grader.events import Broadcast, Listener
from grader.i18n import Text, tr
from grader.model import CheckResult, ExerciseResult, LessonResult, Outcome, RunResult, exercise_outcome

if TYPE_CHECKING:
    from grader.course import Exercise, Lesson

SUMMARY = tr("{passed} of {visible} visible checks passed, {held} held until grading",
             "{visible} 项可见检查中通过 {passed} 项，另有 {held} 项检查在评分时才公布")
"""The learner's summary of a held run, instead of "all passed" (a platform adds when)."""


HELD_REASON = tr("held until grading", "评分时才公布")
"""Why a held check was not run (``grade --held`` runs the visible checks only)."""


class _Kinded(Protocol):
    @property
    def kind(self) -> str: ...


Item = TypeVar("Item", bound=_Kinded)


def visible(items: Sequence[Item]) -> tuple[Item, ...]:
    """The rule, for declared checks (what to run) and for results (what to show) alike: the
    exercise's first value check, the example that tells a learner whether they are on the
    right track."""
    first = next((c for c in items if c.kind == "value"), None)
    return () if first is None else (first,)


def visible_checks(exercise: ExerciseResult) -> tuple[CheckResult, ...]:
    """The checks a held assignment shows at once (``visible`` of the exercise's results)."""
    return visible(exercise.checks)


@dataclass(frozen=True)
class Counts:
    """Visible checks, how many of them passed, and how many are held."""

    passed: int = 0
    visible: int = 0
    held: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.passed + other.passed, self.visible + other.visible, self.held + other.held)

    def text(self) -> Text:
        return SUMMARY.format(passed=self.passed, visible=self.visible, held=self.held)


def exercise_counts(exercise: ExerciseResult) -> Counts:
    shown = visible_checks(exercise)
    return Counts(sum(1 for c in shown if c.outcome is Outcome.PASSED), len(shown),
                  len(exercise.checks) - len(shown))


def run_counts(run: RunResult) -> Counts:
    total = Counts()
    for lesson in run.lessons:
        for exercise in lesson.exercises:
            total = total + exercise_counts(exercise)
    return total


def held_exercise(exercise: ExerciseResult) -> ExerciseResult:
    """The exercise as a held assignment shows it: its visible checks, no advice, no points."""
    shown = visible_checks(exercise)
    outcome = exercise_outcome(shown) if shown else exercise.outcome
    return replace(exercise, checks=shown, advice=(), outcome=outcome, score=0.0, max_score=0.0)


def held_lesson(lesson: LessonResult) -> LessonResult:
    return replace(lesson, exercises=tuple(held_exercise(e) for e in lesson.exercises))


def held_run(run: RunResult) -> RunResult:
    return replace(run, lessons=tuple(held_lesson(lesson) for lesson in run.lessons))


class Held(Listener):
    """The listeners it wraps hear the held view of every lesson and of the run.

    ``summary(lang)`` is the held run's summary line, known once the run is done; the
    terminal shows it instead of the total.
    """

    def __init__(self, listeners: Sequence[Listener]) -> None:
        self.inner = Broadcast(listeners)
        self.counts: Counts | None = None

    def summary(self, lang: str) -> str:
        return self.counts.text().get(lang) if self.counts is not None else ""

    def run_started(self, lessons: Sequence[Lesson], workspace: Path) -> None:
        self.inner.run_started(lessons, workspace)

    def exercise_started(self, lesson: Lesson, exercise: Exercise) -> None:
        self.inner.exercise_started(lesson, exercise)

    def exercise_budget(self, lesson: Lesson, exercise: Exercise, seconds: float) -> None:
        self.inner.exercise_budget(lesson, exercise, seconds)

    def exercise_done(self, lesson: Lesson, exercise: Exercise) -> None:
        self.inner.exercise_done(lesson, exercise)

    def lesson_done(self, result: LessonResult) -> None:
        self.inner.lesson_done(held_lesson(result))

    def run_done(self, run: RunResult) -> None:
        self.counts = run_counts(run)
        self.inner.run_done(held_run(run))

    def closed(self) -> None:
        self.inner.closed()
