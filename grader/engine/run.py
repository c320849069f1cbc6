"""Grading one lesson: read the file, import it in a worker, run every check, fold."""

from __future__ import annotations

import hashlib
import os
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
from grader.course import Exercise, Lesson, load_course
from grader.engine.collect import checks_for
from grader.engine.context import Context
from grader.engine.held import HELD_REASON, visible
from grader.engine.session import ImportFailed, LessonSession
from grader.i18n import Text, plain, tr
from grader.model import (
    NO_DETAILS,
    WAITS_FOR_VALUES,
    Advice,
    CheckResult,
    ExerciseResult,
    LessonResult,
    Outcome,
    exercise_outcome,
    exercise_score,
    value_checks_pass,
)
from grader.numeric.labels import bilingual, join
from grader.reading.source import MAX_SOURCE, LearnerSource, SourceProblem, inside, read_source_bytes
from grader.reading.submission import missing_file
from grader.reference import load_reference, reference_dir
from grader.sandbox.codec import safe_block
from grader.sandbox.limits import Limits, left_open
from grader.sandbox.runner import Sandbox


def _whole_lesson(lesson: Lesson, outcome: Outcome, message: Text, details: str | Text = NO_DETAILS,
                  source: LearnerSource | None = None) -> tuple[ExerciseResult, ...]:
    """Every exercise gets the same verdict (a file that is missing or does not import)."""
    results = []
    for exercise in lesson.exercises:
        check = CheckResult("file", tr("the lesson file can be imported", "课时文件可以被导入"),
                            outcome, message, bilingual(details))
        results.append(ExerciseResult(exercise.name, outcome, 0.0, exercise.points, (check,),
                                      source.line_of(exercise.name) if source else None))
    return tuple(results)


def _run_check(spec: CheckSpec, ctx: Context) -> CheckResult:
    started = time.perf_counter()

    def result(outcome: Outcome, message: Text | None = None, details: str | Text = NO_DETAILS,
               diagnosis: tuple[str, ...] = ()) -> CheckResult:
        return CheckResult(spec.name, spec.title, outcome, message, bilingual(details), diagnosis,
                           spec.weight, time.perf_counter() - started, dict(ctx.data), spec.static,
                           spec.kind)

    try:
        spec.function(ctx)
    except Failure as failure:
        note = ctx.seed_note()
        details = bilingual(failure.details) if note is None else join(failure.details, note)
        return CheckResult(spec.name, spec.title, Outcome.FAILED, failure.message,
                           details, failure.diagnosis, spec.weight,
                           time.perf_counter() - started, {**ctx.data, **failure.data}, spec.static,
                           spec.kind)
    except NotStarted as signal:
        return result(Outcome.NOT_STARTED, signal.message)
    except LearnerTimeout as signal:
        return result(Outcome.TIMEOUT, signal.message, signal.details)
    except LearnerMissing as signal:
        return result(Outcome.ERROR, signal.message, signal.details, ("missing_function",))
    except LearnerLimit as signal:
        return result(Outcome.ERROR, signal.message, signal.details, ("limit",))
    except LearnerError as signal:
        return result(Outcome.ERROR, signal.message, signal.details, signal.diagnosis)
    except Exception as exc:  # a bug in a check must show, and must never pass
        details = plain("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)[-3:]))
        return result(Outcome.ERROR,
                      tr("the grader itself failed in check {name} ({error}); this is not "
                         "your fault, please report it.",
                         "评分器在检查 {name} 中出错（{error}）；这不是你的错误，请报告。",
                         name=spec.name, error=f"{type(exc).__name__}: {exc}"), details,
                      ("grader_error",))
    return result(Outcome.PASSED)


def _to_run(specs: tuple[CheckSpec, ...]) -> set[str]:
    """A held exercise's checks to run: the visible ones and the checks they require."""
    wanted = [spec.name for spec in visible(specs)]
    by_name = {spec.name: spec for spec in specs}
    found: set[str] = set()
    while wanted:
        name = wanted.pop()
        if name not in found:
            found.add(name)
            wanted += by_name[name].requires
    return found


def _grade_exercise(lesson: Lesson, exercise: Exercise, specs: tuple[CheckSpec, ...],
                    session: LessonSession, source: LearnerSource, seed: int | None,
                    held: bool = False) -> ExerciseResult:
    reference = load_reference(lesson.module)
    run = _to_run(specs) if held else {spec.name for spec in specs}
    session.set_budget(exercise.name, *budgets(session.limits, exercise))
    results: list[CheckResult] = []
    by_name: dict[str, CheckResult] = {}
    memo: dict[str, object] = {}
    stop: Outcome | None = None
    why = ""
    for spec in specs:
        if spec.name not in run:  # held: neither run nor shown until the instructor grades
            check = CheckResult(spec.name, spec.title, Outcome.SKIPPED, HELD_REASON, weight=spec.weight,
                                static=spec.static, kind=spec.kind)
        elif stop is not None:
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
                                static=spec.static, kind=spec.kind)
        elif any(by_name[r].outcome is not Outcome.PASSED for r in spec.requires):
            failed = [r for r in spec.requires if by_name[r].outcome is not Outcome.PASSED]
            check = CheckResult(spec.name, spec.title, Outcome.SKIPPED,
                                tr("skipped until {names} passes", "在 {names} 通过之前跳过",
                                   names=", ".join(failed)), weight=spec.weight, static=spec.static,
                                kind=spec.kind)
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
    kinds = {spec.name: spec for spec in specs}
    advice = tuple(a for c in results if kinds[c.name].kind == "advice"
                   for a in [_advice(kinds[c.name], c)] if a is not None)
    checks = _supporting_waits_for_values(
        tuple(c for c in results if kinds[c.name].kind != "advice"))
    outcome = exercise_outcome(checks)
    return ExerciseResult(exercise.name, outcome,
                          exercise_score(checks, exercise.points, outcome), exercise.points,
                          checks, source.line_of(exercise.name), advice)


def budgets(limits: Limits, exercise: Exercise) -> tuple[float, float, float | None]:
    """An exercise's wall-clock and CPU budgets in seconds, for all of its checks together,
    and the part of the wall clock its calls the contract does not time may use (``None``:
    all of it). Every one is scaled by ``--timeout-scale``."""
    wall = limits.wall(exercise.timeout)
    untimed = None if exercise.untimed is None else min(wall, exercise.untimed * limits.timeout_scale)
    return wall, limits.cpu_time(exercise.timeout, exercise.cpu), untimed


def _supporting_waits_for_values(checks: tuple[CheckResult, ...]) -> tuple[CheckResult, ...]:
    """A supporting check that passed says so, and earns nothing, until the maths works.

    Without this, a function that raises ``ValueError`` for everything would score for
    rejecting bad input, and one that computes nothing for not calling ``np.dot``.
    """
    if value_checks_pass(checks) or all(c.kind != "value" for c in checks):
        return checks
    reason = tr("passed, but counts only once the value checks pass (the function returns "
                "right results)",
                "已通过，但要等数值检查通过（函数返回正确结果）后才计分")
    return tuple(
        CheckResult(c.name, c.title, Outcome.SKIPPED, reason, diagnosis=(WAITS_FOR_VALUES,),
                    weight=c.weight, duration=c.duration, static=c.static, kind=c.kind)
        if c.kind == "supporting" and c.outcome is Outcome.PASSED else c
        for c in checks
    )


def _advice(spec: CheckSpec, check: CheckResult) -> Advice | None:
    """What an advice check found, as advice to show (None when it was followed)."""
    if check.outcome in (Outcome.PASSED, Outcome.SKIPPED, Outcome.NOT_STARTED) or spec.advice is None:
        return None
    return Advice(spec.name, spec.advice, check.message, check.details)


def grade_lesson(lesson: Lesson, workspace: Path, sandbox: Sandbox, limits: Limits | None = None,
                 seed: int | None = None, exercises: tuple[str, ...] = (),
                 on_exercise: Callable[[Exercise], None] | None = None, held: bool = False,
                 on_budget: Callable[[Exercise, float], None] | None = None,
                 on_done: Callable[[Exercise], None] | None = None) -> LessonResult:
    """Grade one lesson file of ``workspace``; never raises for anything learner code does.

    ``on_exercise`` is told when each exercise starts, ``on_budget`` its wall-clock budget
    in seconds right after, and ``on_done`` when its checks are over (for a progress
    display, which only listens: nothing here writes to a terminal). ``held``
    runs each exercise's visible checks only (``grader.engine.held``); the others are skipped,
    held until grading."""
    started = time.perf_counter()
    limits = limits or sandbox.limits
    path = workspace / lesson.file
    confinement = [""]  # the sandbox's mode, once learner code is about to run
    unprotected: list[tuple[str, ...]] = [()]  # and what it leaves open

    def finish(results: tuple[ExerciseResult, ...], problem: Text | None = None,
               output: str = "") -> LessonResult:
        return LessonResult(lesson.id, lesson.file, str(workspace), results, problem, output,
                            time.perf_counter() - started, confinement[0], unprotected[0])

    source = LearnerSource.read(path)
    if isinstance(source, SourceProblem):
        return finish(*_source_problem(lesson, source, workspace))
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
    confinement[0] = str(sandbox.confinement().get("mode", ""))
    unprotected[0] = left_open(sandbox.confinement())
    files = LessonFiles(lesson, source, workspace, sandbox.hidden)
    session = LessonSession(sandbox, workspace, lesson.module, limits, cpu_total, files.own,
                            lessons=files.names, more=files.read, refused=files.refused)
    session.set_budget(first.name, *budgets(limits, first))
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
            if on_budget is not None:
                on_budget(exercise, budgets(limits, exercise)[0])
            graded.append(_grade_exercise(lesson, exercise, all_checks[exercise.name], session,
                                          source, seed, held))
            if on_done is not None:
                on_done(exercise)
        results = tuple(graded)
    finally:
        session.close()
    output = safe_block(bytes(session.output).decode("utf-8", errors="replace"))
    if session.output_total > len(session.output):
        output += (f"\n[... output truncated: printed {session.output_total} bytes, "
                   f"kept the first {len(session.output)}]")
    return _guarded(finish(results, None, output), lesson, protected, source)


class LessonFiles:
    """What the worker runs for each lesson module name: bytes read here, once.

    The graded lesson's are those its static checks read, sent with the import; another
    lesson's file (``from lesson09_forward import forward``) is read when the worker first
    imports that name and asks for it (``LessonSession``), and kept for the lesson's other
    workers. A file that is missing, unreadable, larger than ``MAX_SOURCE``, or a reference
    in disguise (a link into a hidden folder, or a hard link to one of its files) is
    ``None``: the worker then cannot import that name at all, whatever else answers to it
    there. Sending every lesson file with every import cost a lesson 1.5 ms, and most
    lessons import none.
    """

    def __init__(self, lesson: Lesson, source: LearnerSource, workspace: Path, hidden: tuple[str, ...]) -> None:
        self._workspace = workspace
        self._hidden = hidden
        self._covered: set[tuple[int, int] | None] | None = None
        self._files = {other.module: other.file for other in load_course().lessons}
        self.names = tuple(self._files)
        self._refused: dict[str, str] = {}
        self.own = {lesson.module: self._checked(lesson.module, source.raw)}
        self._read: dict[str, tuple[str, bytes] | None] = dict(self.own)

    def read(self, name: str) -> tuple[str, bytes] | None:
        """Lesson module ``name``'s file and bytes, read now the first time (None: refused)."""
        if name not in self._files:
            return None
        if name not in self._read:
            self._read[name] = self._checked(name, None)
        return self._read[name]

    def refused(self, name: str) -> Text | None:
        """Why lesson module ``name``'s file was not given to the worker (None: it was, or
        was never asked for): the end of a sentence about the file."""
        return _REFUSED.get(self._refused.get(name, ""))

    def _checked(self, name: str, data: bytes | None) -> tuple[str, bytes] | None:
        path = self._workspace / self._files[name]
        if self._covered is None:
            self._covered = _hidden_files(self._hidden)
        if inside(path, self._hidden) or _identity(path) in self._covered:
            self._refused[name] = "reference"
            return None
        if data is None:
            try:
                data = read_source_bytes(path)
            except FileNotFoundError:
                self._refused[name] = "missing"
                return None
            except OSError:
                self._refused[name] = "unreadable"
                return None
        if len(data) > MAX_SOURCE:
            self._refused[name] = "large"
            return None
        return str(path), data


_REFUSED = {
    "missing": tr("is not in the workspace", "不在工作区中"),
    "reference": tr("is a link to a file outside the workspace (the course's solutions are not yours to run)",
                    "是指向工作区之外文件的链接（课程的参考答案不能当作你的代码运行）"),
    "unreadable": tr("could not be read (is it readable by all? chmod a+r)", "无法读取（是否所有人都可读？chmod a+r）"),
    "large": tr("is larger than {size} MiB", "超过 {size} MiB", size=MAX_SOURCE // (1024 * 1024)),
}


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _hidden_files(hidden: tuple[str, ...]) -> set[tuple[int, int] | None]:
    """The files of the hidden folders, by device and inode (a hard link shares them)."""
    found: set[tuple[int, int] | None] = set()
    for folder in hidden:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                found.add(_identity(Path(entry.path)))
    found.discard(None)
    return found


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
                        result.output, result.duration, result.confinement, result.unprotected)


def _source_problem(lesson: Lesson, problem: SourceProblem, workspace: Path
                    ) -> tuple[tuple[ExerciseResult, ...], Text]:
    if problem.kind == "missing":
        message = missing_file(lesson, workspace)
        return _whole_lesson(lesson, Outcome.NOT_STARTED, message), message
    where = f"{lesson.file}, line {problem.line}" if problem.line else lesson.file
    if problem.kind == "encoding":
        message = tr("{where}: the file is not UTF-8 text; save it as UTF-8.",
                     "{where}：文件不是 UTF-8 文本，请以 UTF-8 编码保存。", where=where)
    elif problem.kind == "too_large":
        message = tr("{where}: the file is larger than {size} MiB, far more than a lesson needs; keep "
                     "data out of the lesson file.",
                     "{where}：文件超过 {size} MiB，远超一个课时所需；请不要把数据放进课时文件。",
                     where=where, size=MAX_SOURCE // (1024 * 1024))
    elif problem.kind == "too_deep":
        message = tr("{where}: an expression is nested or chained too deeply for Python to read "
                     "(such as 1+1+...+1 thousands of times); split it into smaller steps.",
                     "{where}：表达式嵌套或连接得太深，Python 无法读取（例如上千次的 1+1+...+1）；"
                     "请把它拆成较小的步骤。", where=where)
    else:
        message = tr("{where}: syntax error ({msg}); fix it and grade again.",
                     "{where}：语法错误（{msg}），请修正后重新评分。", where=where, msg=problem.message)
    return _whole_lesson(lesson, Outcome.ERROR, message), message
