"""Grading one lesson: read the file, import it in a worker, run every check, fold."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from grader.course import Exercise, Lesson
from grader.engine.collect import checks_for
from grader.engine.context import Context
from grader.engine.declare import (
    CheckSpec,
    Failure,
    LearnerError,
    LearnerTimeout,
    NotStarted,
)
from grader.engine.session import ImportFailed, LessonSession
from grader.i18n import Text, tr
from grader.model import (
    CheckResult,
    ExerciseResult,
    LessonResult,
    Outcome,
    exercise_outcome,
    exercise_score,
)
from grader.reference import load_reference
from grader.sandbox.limits import Limits
from grader.sandbox.runner import Sandbox
from grader.source import LearnerSource, SourceProblem


def _whole_lesson(lesson: Lesson, outcome: Outcome, message: Text, details: str = "",
                  source: LearnerSource | None = None) -> tuple[ExerciseResult, ...]:
    """Every exercise gets the same verdict (a file that is missing or does not import)."""
    results = []
    for exercise in lesson.exercises:
        check = CheckResult("file", tr("the lesson file can be imported", "课时文件可以被导入"),
                            outcome, message, details)
        results.append(ExerciseResult(exercise.name, outcome, 0.0, exercise.points, (check,),
                                      source.line_of(exercise.name) if source else None))
    return tuple(results)


def _run_check(spec: CheckSpec, ctx: Context) -> CheckResult:
    started = time.perf_counter()

    def result(outcome: Outcome, message: Text | None = None, details: str = "",
               diagnosis: tuple[str, ...] = ()) -> CheckResult:
        return CheckResult(spec.name, spec.title, outcome, message, details, diagnosis,
                           spec.weight, time.perf_counter() - started, dict(ctx.data), spec.static)

    try:
        spec.function(ctx)
    except Failure as failure:
        return CheckResult(spec.name, spec.title, Outcome.FAILED, failure.message,
                           failure.details, failure.diagnosis, spec.weight,
                           time.perf_counter() - started, {**ctx.data, **failure.data}, spec.static)
    except NotStarted as signal:
        return result(Outcome.NOT_STARTED, signal.message)
    except LearnerTimeout as signal:
        return result(Outcome.TIMEOUT, signal.message, signal.details)
    except LearnerError as signal:
        return result(Outcome.ERROR, signal.message, signal.details)
    except Exception as exc:  # a bug in a check must show, and must never pass
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)[-3:])
        return result(Outcome.ERROR,
                      tr("the grader itself failed in check {name} ({error}); this is not "
                         "your fault, please report it.",
                         "评分器在检查 {name} 中出错（{error}）；这不是你的错误，请报告。",
                         name=spec.name, error=f"{type(exc).__name__}: {exc}"), details,
                      ("grader_error",))
    return result(Outcome.PASSED)


def _grade_exercise(lesson: Lesson, exercise: Exercise, specs: tuple[CheckSpec, ...],
                    session: LessonSession, source: LearnerSource, seed: int) -> ExerciseResult:
    reference = load_reference(lesson.module)
    session.set_budget(exercise.name, exercise.timeout)
    results: list[CheckResult] = []
    by_name: dict[str, CheckResult] = {}
    memo: dict[str, object] = {}
    stop: Outcome | None = None
    for spec in specs:
        if stop is not None:
            reason = (tr("skipped: the exercise is not started", "已跳过：练习尚未开始")
                      if stop is Outcome.NOT_STARTED else
                      tr("skipped: the exercise ran out of time", "已跳过：练习已超时"))
            outcome = Outcome.NOT_STARTED if stop is Outcome.NOT_STARTED else Outcome.SKIPPED
            check = CheckResult(spec.name, spec.title, outcome, reason, weight=spec.weight,
                                static=spec.static)
        elif any(by_name[r].outcome is not Outcome.PASSED for r in spec.requires):
            failed = [r for r in spec.requires if by_name[r].outcome is not Outcome.PASSED]
            check = CheckResult(spec.name, spec.title, Outcome.SKIPPED,
                                tr("skipped until {names} passes", "在 {names} 通过之前跳过",
                                   names=", ".join(failed)), weight=spec.weight, static=spec.static)
        else:
            ctx = Context(lesson, exercise, session, reference, source, spec.name, seed, memo)
            check = _run_check(spec, ctx)
            if check.outcome in (Outcome.NOT_STARTED, Outcome.TIMEOUT):
                stop = check.outcome
        results.append(check)
        by_name[spec.name] = check
    checks = tuple(results)
    outcome = exercise_outcome(checks)
    return ExerciseResult(exercise.name, outcome,
                          exercise_score(checks, exercise.points, outcome), exercise.points,
                          checks, source.line_of(exercise.name))


def grade_lesson(lesson: Lesson, workspace: Path, sandbox: Sandbox, limits: Limits | None = None,
                 seed: int = 0, exercises: tuple[str, ...] = ()) -> LessonResult:
    """Grade one lesson file of ``workspace``; never raises for anything learner code does."""
    started = time.perf_counter()
    limits = limits or sandbox.limits
    path = workspace / lesson.file

    def finish(results: tuple[ExerciseResult, ...], problem: Text | None = None,
               output: str = "") -> LessonResult:
        return LessonResult(lesson.id, lesson.file, str(workspace), results, problem, output,
                            time.perf_counter() - started)

    source = LearnerSource.read(path)
    if isinstance(source, SourceProblem):
        return finish(*_source_problem(lesson, source))
    all_checks = checks_for(lesson)
    selected = [e for e in lesson.exercises if not exercises or e.name in exercises]
    session = LessonSession(sandbox, workspace, lesson.module, limits)
    try:
        try:
            session.start(selected[0].name if selected else lesson.exercises[0].name)
        except ImportFailed as failure:
            outcome = Outcome.TIMEOUT if failure.timeout else Outcome.ERROR
            return finish(_whole_lesson(lesson, outcome, failure.message, failure.details, source),
                          failure.message)
        results = tuple(
            _grade_exercise(lesson, exercise, all_checks[exercise.name], session, source, seed)
            for exercise in selected
        )
    finally:
        session.close()
    output = bytes(session.output).decode("utf-8", errors="replace")
    if session.output_total > len(session.output):
        output += (f"\n[... output truncated: printed {session.output_total} bytes, "
                   f"kept the first {len(session.output)}]")
    return finish(results, None, output)


def _source_problem(lesson: Lesson, problem: SourceProblem
                    ) -> tuple[tuple[ExerciseResult, ...], Text]:
    if problem.kind == "missing":
        message = tr("{file} is missing from the workspace: run `grade reset {lesson}` or copy "
                     "the stub back.",
                     "工作区中缺少 {file}：运行 `grade reset {lesson}` 或把练习文件复制回来。",
                     file=lesson.file, lesson=lesson.id)
        return _whole_lesson(lesson, Outcome.NOT_STARTED, message), message
    where = f"{lesson.file}, line {problem.line}" if problem.line else lesson.file
    if problem.kind == "encoding":
        message = tr("{where}: the file is not UTF-8 text; save it as UTF-8.",
                     "{where}：文件不是 UTF-8 文本，请以 UTF-8 编码保存。", where=where)
    else:
        message = tr("{where}: syntax error ({msg}); fix it and grade again.",
                     "{where}：语法错误（{msg}），请修正后重新评分。", where=where, msg=problem.message)
    return _whole_lesson(lesson, Outcome.ERROR, message), message
