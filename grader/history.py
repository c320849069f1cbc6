"""The learner's standing, computed from the progress history: pure functions, no I/O.

``ProgressStore.history`` reads a ``History`` (every attempt at every exercise of one
workspace, and the latest full result of each); ``standing`` folds it with the course
registry into what the status table and the progress report show: per lesson and per
exercise the latest status, best score, attempts, time to the first pass, and the next
step; and the learner's score over time. Any registered lesson appears, graded or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from grader.course import Course, Lesson
from grader.i18n import Text, tr
from grader.model import ExerciseResult, ExerciseStanding, LessonStanding, Outcome, Point, RunSummary, Standing

_PASSED, _NOT_STARTED = Outcome.PASSED.value, Outcome.NOT_STARTED.value


@dataclass(frozen=True)
class Attempt:
    """One exercise graded once (a row of the history)."""

    run: int
    time: float
    lesson: str
    exercise: str
    status: str
    score: float
    max_score: float
    summary: str = ""


@dataclass(frozen=True)
class History:
    """Every attempt of one workspace, oldest first, and the latest result per exercise."""

    workspace: str
    attempts: tuple[Attempt, ...] = ()
    latest: Mapping[tuple[str, str], ExerciseResult] = field(default_factory=dict)


def _exercise_standing(lesson: str, name: str, summary: Text, max_score: float,
                       attempts: list[Attempt], latest: ExerciseResult | None) -> ExerciseStanding:
    """Attempts count from the first run where the exercise was written (not *not started*)."""
    if not attempts:
        return ExerciseStanding(lesson, name, summary, max_score)
    written = [a for a in attempts if a.status != _NOT_STARTED]
    first_passed: float | None = None
    attempts_to_pass: int | None = None
    for index, attempt in enumerate(written, 1):
        if attempt.status == _PASSED:
            first_passed, attempts_to_pass = attempt.time, index
            break
    last = attempts[-1]
    try:
        status = Outcome(last.status)
    except ValueError:
        status = Outcome.ERROR
    return ExerciseStanding(
        lesson, name, summary, max_score, status, last.score, max(a.score for a in attempts),
        len(written), written[0].time if written else None, last.time, first_passed,
        attempts_to_pass, latest)


def lesson_next_step(lesson: Lesson, exercises: tuple[ExerciseStanding, ...],
                     following: Lesson | None, workspace: str = "") -> Text:
    """One sentence: what to do next in this lesson (in ``workspace``: its notebook, and the
    ``-w`` option, when the lesson is kept as a notebook or the workspace is not the default)."""
    from grader.pointers import grade_command, location

    graded = any(e.status is not None for e in exercises)
    file = _lesson_file(lesson, workspace)
    command = grade_command(lesson.id, workspace)
    for ex in exercises:
        if ex.passed:
            continue
        line = ex.result.line if ex.result is not None and ex.result.line else None
        where = location(file, line)
        if not graded:
            return tr("Start with {name} in {where}, then run `{command}`.",
                      "从 {where} 中的 {name} 开始，然后运行 `{command}`。",
                      name=ex.name, where=where, command=command)
        if ex.status in (None, Outcome.NOT_STARTED):
            return tr("Write {name} in {where}, then run `{command}`.",
                      "在 {where} 中完成 {name}，然后运行 `{command}`。",
                      name=ex.name, where=where, command=command)
        return tr("Fix {name} ({where}) using its feedback, then run `{command}`.",
                  "根据反馈修改 {name}（{where}），然后运行 `{command}`。",
                  name=ex.name, where=where, command=command)
    if following is not None:
        return tr("Complete. Go on to {next}, {title} (`grade {next}`).",
                  "已完成。继续学习 {next}，{title}（`grade {next}`）。",
                  next=following.id, title=following.title)
    return tr("Complete: this is the last lesson.", "已完成：这是最后一个课时。")


def _lesson_file(lesson: Lesson, workspace: str) -> str:
    """The lesson's file in ``workspace``: its notebook when only that is there."""
    if workspace:
        folder = Path(workspace)
        notebook = lesson.module + ".ipynb"
        try:
            if not (folder / lesson.file).exists() and (folder / notebook).exists():
                return notebook
        except OSError:
            pass
    return lesson.file


def standing(course: Course, history: History) -> Standing:
    """Fold the history into the standing of every registered lesson."""
    by_exercise: dict[tuple[str, str], list[Attempt]] = {}
    runs_of_lesson: dict[str, set[int]] = {}
    max_of = {(lesson.id, ex.name): ex.points for lesson in course.lessons for ex in lesson.exercises}
    known = set(max_of)
    for attempt in history.attempts:
        key = (attempt.lesson, attempt.exercise)
        if key not in known:
            continue  # an exercise no longer in the registry
        by_exercise.setdefault(key, []).append(attempt)
        runs_of_lesson.setdefault(attempt.lesson, set()).add(attempt.run)

    timeline, lesson_timelines, runs = _timelines(history.attempts, known)
    lessons = []
    for index, lesson in enumerate(course.lessons):
        exercises = tuple(
            _exercise_standing(lesson.id, ex.name, ex.summary, ex.points,
                               by_exercise.get((lesson.id, ex.name), []),
                               history.latest.get((lesson.id, ex.name)))
            for ex in lesson.exercises)
        following = course.lessons[index + 1] if index + 1 < len(course.lessons) else None
        times = [e.last_attempt for e in exercises if e.last_attempt is not None]
        lessons.append(LessonStanding(lesson, exercises, len(runs_of_lesson.get(lesson.id, ())),
                                      max(times) if times else None,
                                      lesson_next_step(lesson, exercises, following, history.workspace),
                                      lesson_timelines.get(lesson.id, ())))
    counted = sum(1 for a in history.attempts if (a.lesson, a.exercise) in known)
    return Standing(history.workspace, tuple(lessons), timeline, runs, counted)


def _timelines(attempts: tuple[Attempt, ...], known: set[tuple[str, str]]
               ) -> tuple[tuple[Point, ...], dict[str, tuple[Point, ...]], tuple[RunSummary, ...]]:
    """The learner's total (and each lesson's) latest score after every run."""
    score: dict[tuple[str, str], float] = {}
    passed: dict[tuple[str, str], bool] = {}
    lesson_score: dict[str, float] = {}
    lesson_passed: dict[str, int] = {}
    overall: list[Point] = []
    per_lesson: dict[str, list[Point]] = {}
    runs: list[RunSummary] = []

    def close(batch: list[Attempt]) -> None:
        run, when = batch[-1].run, batch[-1].time
        touched = sorted({a.lesson for a in batch})
        for lesson in touched:
            per_lesson.setdefault(lesson, []).append(Point(when, lesson_score[lesson], lesson_passed[lesson]))
        overall.append(Point(when, sum(lesson_score.values()), sum(lesson_passed.values())))
        runs.append(RunSummary(run, when, tuple(touched),
                               sum(1 for a in batch if a.status == _PASSED), len(batch),
                               sum(a.score for a in batch), sum(a.max_score for a in batch)))

    batch: list[Attempt] = []
    for attempt in attempts:
        key = (attempt.lesson, attempt.exercise)
        if key not in known:
            continue
        if batch and attempt.run != batch[-1].run:
            close(batch)
            batch = []
        batch.append(attempt)
        now_passed = attempt.status == _PASSED
        lesson_score[attempt.lesson] = (lesson_score.get(attempt.lesson, 0.0) - score.get(key, 0.0)
                                        + attempt.score)
        lesson_passed[attempt.lesson] = (lesson_passed.get(attempt.lesson, 0) - passed.get(key, False)
                                         + now_passed)
        score[key], passed[key] = attempt.score, now_passed
    if batch:
        close(batch)
    return tuple(overall), {k: tuple(v) for k, v in per_lesson.items()}, tuple(runs)
