"""Grading one lesson: read the file, import it in a worker, run every check, fold."""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from grader.checking import (
    CheckSpec,
    Failure,
    LearnerError,
    LearnerLimit,
    LearnerMissing,
    LearnerTimeout,
    NotStarted,
)
from grader.course import Exercise, Lesson
from grader.engine.collect import checks_for
from grader.engine.context import Context
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
from grader.reference import load_reference, reference_dir
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
    except LearnerMissing as signal:
        return result(Outcome.ERROR, signal.message, signal.details, ("missing_function",))
    except LearnerLimit as signal:
        return result(Outcome.ERROR, signal.message, signal.details, ("limit",))
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
    limits = session.limits
    session.set_budget(exercise.name, limits.wall(exercise.timeout),
                       limits.cpu_time(exercise.timeout, exercise.cpu))
    results: list[CheckResult] = []
    by_name: dict[str, CheckResult] = {}
    memo: dict[str, object] = {}
    stop: Outcome | None = None
    why = ""
    for spec in specs:
        if stop is not None:
            if stop is Outcome.NOT_STARTED:
                reason = tr("skipped: the exercise is not started", "已跳过：练习尚未开始")
            elif why == "missing_function":
                reason = tr("skipped: the function is missing", "已跳过：缺少该函数")
            elif why == "limit":
                reason = tr("skipped: the exercise used up a limit", "已跳过：练习已用尽某项限制")
            else:
                reason = tr("skipped: the exercise ran out of time", "已跳过：练习已超时")
            outcome = Outcome.NOT_STARTED if stop is Outcome.NOT_STARTED else Outcome.SKIPPED
            check = CheckResult(spec.name, spec.title, outcome, reason, weight=spec.weight,
                                static=spec.static)
        elif any(by_name[r].outcome is not Outcome.PASSED for r in spec.requires):
            failed = [r for r in spec.requires if by_name[r].outcome is not Outcome.PASSED]
            check = CheckResult(spec.name, spec.title, Outcome.SKIPPED,
                                tr("skipped until {names} passes", "在 {names} 通过之前跳过",
                                   names=", ".join(failed)), weight=spec.weight, static=spec.static)
        else:
            ctx = Context(lesson, exercise, session, reference, source, spec.name, seed, memo,
                          grade_lesson=grade_lesson)
            check = _run_check(spec, ctx)
            if check.outcome in (Outcome.NOT_STARTED, Outcome.TIMEOUT):
                stop = check.outcome
            elif check.outcome is Outcome.ERROR and {"missing_function", "limit"} & set(check.diagnosis):
                stop, why = Outcome.ERROR, check.diagnosis[0]
        results.append(check)
        by_name[spec.name] = check
    checks = _static_needs_a_right_answer(specs, tuple(results))
    outcome = exercise_outcome(checks)
    return ExerciseResult(exercise.name, outcome,
                          exercise_score(checks, exercise.points, outcome), exercise.points,
                          checks, source.line_of(exercise.name))


def _static_needs_a_right_answer(specs: tuple[CheckSpec, ...], checks: tuple[CheckResult, ...]
                                 ) -> tuple[CheckResult, ...]:
    """A check that only reads the source earns nothing while the code never answers right.

    Without this, a function that crashes or times out on every call would still score
    for, say, not calling ``np.dot``.
    """
    static = {spec.name for spec in specs if spec.static}
    if not static or any(c.outcome is Outcome.PASSED and c.name not in static for c in checks):
        return checks
    if all(c.name in static for c in checks):
        return checks
    reason = tr("skipped: this counts once the function returns a right answer",
                "已跳过：函数返回正确结果后才计入")
    return tuple(
        CheckResult(c.name, c.title, Outcome.SKIPPED, reason, weight=c.weight, duration=c.duration)
        if c.name in static and c.outcome is Outcome.PASSED else c
        for c in checks
    )


def grade_lesson(lesson: Lesson, workspace: Path, sandbox: Sandbox, limits: Limits | None = None,
                 seed: int = 0, exercises: tuple[str, ...] = (),
                 on_exercise: Callable[[Exercise], None] | None = None) -> LessonResult:
    """Grade one lesson file of ``workspace``; never raises for anything learner code does.

    ``on_exercise`` is told when each exercise starts (for a progress display)."""
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
    # The reference is loaded before any learner code runs, and its files are fingerprinted:
    # learner code that rewrites them on disk changes nothing in this run, and is reported.
    load_reference(lesson.module)
    protected = _fingerprint(reference_dir())
    first = selected[0] if selected else lesson.exercises[0]
    cpu_total = sum(limits.cpu_time(e.timeout, e.cpu) for e in selected)
    # Wait until the sandbox's helper has booted (the work above overlapped with it): no
    # exercise's time budget is spent on the helper's start.
    sandbox.confinement()
    session = LessonSession(sandbox, workspace, lesson.module, limits, cpu_total)
    session.set_budget(first.name, limits.wall(first.timeout), limits.cpu_time(first.timeout, first.cpu))
    try:
        try:
            session.start(first.name)
        except ImportFailed as failure:
            outcome = Outcome.TIMEOUT if failure.timeout else Outcome.ERROR
            results = _whole_lesson(lesson, outcome, failure.message, failure.details, source)
            return _guarded(finish(results, failure.message), lesson, protected, source)
        graded = []
        for exercise in selected:
            if on_exercise is not None:
                on_exercise(exercise)
            graded.append(_grade_exercise(lesson, exercise, all_checks[exercise.name], session,
                                          source, seed))
        results = tuple(graded)
    finally:
        session.close()
    output = bytes(session.output).decode("utf-8", errors="replace")
    if session.output_total > len(session.output):
        output += (f"\n[... output truncated: printed {session.output_total} bytes, "
                   f"kept the first {len(session.output)}]")
    return _guarded(finish(results, None, output), lesson, protected, source)


def unreadable_lesson(lesson: Lesson, workspace: Path, file: str, message: Text) -> LessonResult:
    """A lesson whose file could not be read at all (a notebook that is not JSON): every
    exercise is an error with that one line, and nothing of it runs."""
    return LessonResult(lesson.id, file, str(workspace), _whole_lesson(lesson, Outcome.ERROR, message),
                        message)


def _fingerprint(folder: Path) -> dict[str, str]:
    """Content digests of the reference files (missing files included, as "")."""
    prints: dict[str, str] = {}
    try:
        paths = sorted(folder.glob("*.py"))
    except OSError:
        return prints
    for path in paths:
        try:
            prints[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            prints[path.name] = ""
    return prints


def _guarded(result: LessonResult, lesson: Lesson, before: dict[str, str],
             source: LearnerSource) -> LessonResult:
    """Void a lesson whose code changed the reference solutions on disk."""
    after = _fingerprint(reference_dir())
    if after == before:
        return result
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    message = tr("{file} changed the reference solutions on disk ({names}): nothing it did in this "
                 "run counts. Restore them (e.g. git checkout solutions/) and grade again.",
                 "{file} 修改了磁盘上的参考答案（{names}）：本次运行的结果全部作废。"
                 "请恢复它们（例如 git checkout solutions/）后重新评分。",
                 file=lesson.file, names=", ".join(changed))
    return LessonResult(result.lesson, result.file, result.workspace,
                        _whole_lesson(lesson, Outcome.ERROR, message, source=source), message,
                        result.output, result.duration)


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
