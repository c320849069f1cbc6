"""What a grading run tells the world while it happens: the listener interface.

``api.grade`` sends every event of a run to each of its listeners, in the order given:
the run starts, each exercise starts (and is told its wall-clock budget, then that it is
done), each lesson is done, the run is done, and, last of all, even when grading stopped
on an error, the run is closed. A front end (the
``grade`` command, ``grade watch``, a notebook) does not rebuild what happens after
grading; it only chooses listeners (the terminal, a machine format, the progress store,
the HTML page, output files). Listeners only listen: they never change a result.

A listener that finds the request unusable (a history that is not one, an output file
that cannot be written) raises ``grader.errors.GradeError``; it stops the run's later
listeners and reaches the entry point, which shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.course import Exercise, Lesson
    from grader.model import LessonResult, RunResult


class Listener:
    """Every event of a grading run, each a no-op here: override the ones you need."""

    def run_started(self, lessons: Sequence[Lesson], workspace: Path) -> None:
        """The lessons to grade are known; nothing has been checked or run yet."""

    def exercise_started(self, lesson: Lesson, exercise: Exercise) -> None:
        """An exercise starts (from a grading thread; calls never overlap)."""

    def exercise_budget(self, lesson: Lesson, exercise: Exercise, seconds: float) -> None:
        """The exercise that just started may run for ``seconds`` of wall-clock time in all."""

    def exercise_done(self, lesson: Lesson, exercise: Exercise) -> None:
        """The exercise's checks are over (its result comes with its lesson's)."""

    def lesson_done(self, result: LessonResult) -> None:
        """A lesson is graded; lessons are told in course order."""

    def run_done(self, run: RunResult) -> None:
        """Every lesson is graded."""

    def closed(self) -> None:
        """The run is over, finished or not: release what ``run_started`` took."""


class Broadcast(Listener):
    """Several listeners heard as one, in order; ``closed`` reaches every one of them."""

    def __init__(self, listeners: Sequence[Listener]) -> None:
        self.listeners = tuple(listeners)

    def run_started(self, lessons: Sequence[Lesson], workspace: Path) -> None:
        for listener in self.listeners:
            listener.run_started(lessons, workspace)

    def exercise_started(self, lesson: Lesson, exercise: Exercise) -> None:
        for listener in self.listeners:
            listener.exercise_started(lesson, exercise)

    def exercise_budget(self, lesson: Lesson, exercise: Exercise, seconds: float) -> None:
        for listener in self.listeners:
            listener.exercise_budget(lesson, exercise, seconds)

    def exercise_done(self, lesson: Lesson, exercise: Exercise) -> None:
        for listener in self.listeners:
            listener.exercise_done(lesson, exercise)

    def lesson_done(self, result: LessonResult) -> None:
        for listener in self.listeners:
            listener.lesson_done(result)

    def run_done(self, run: RunResult) -> None:
        for listener in self.listeners:
            listener.run_done(run)

    def closed(self) -> None:
        problem: BaseException | None = None
        for listener in self.listeners:
            try:
                listener.closed()
            except BaseException as exc:  # every listener closes; the first problem is raised
                problem = problem or exc
        if problem is not None:
            raise problem


class Callbacks(Listener):
    """Plain functions as a listener: ``on_lesson(result)``, ``on_exercise(lesson, exercise)``."""

    def __init__(self, on_lesson: Callable[[LessonResult], None] | None = None,
                 on_exercise: Callable[[Lesson, Exercise], None] | None = None) -> None:
        self.on_lesson = on_lesson
        self.on_exercise = on_exercise

    def exercise_started(self, lesson: Lesson, exercise: Exercise) -> None:
        if self.on_exercise is not None:
            self.on_exercise(lesson, exercise)

    def lesson_done(self, result: LessonResult) -> None:
        if self.on_lesson is not None:
            self.on_lesson(result)
