"""The Python API the ``grade`` command wraps: grade one lesson, several, or all.

Usage errors (an unknown lesson, a workspace that does not exist, a lesson file that is
missing when one lesson was asked for) raise ``UsageError`` before anything runs;
nothing learner code does raises out of here.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.course import Course, Exercise, Lesson, load_course
from grader.errors import GradeError
from grader.events import Broadcast, Callbacks, Listener
from grader.i18n import Text, plain, tr
from grader.model import CheckResult, LessonResult, RunResult
from grader.sandbox.limits import Limits

if TYPE_CHECKING:
    from grader.sandbox.runner import EarlyZygote, Nursery, Sandbox
    from grader.two_processes import Split


class UsageError(GradeError, ValueError):
    """The request itself is wrong; the message is one line for the user."""


def resolve_lessons(course: Course, names: Iterable[str]) -> list[Lesson]:
    lessons = []
    for name in names:
        if name == "all":
            return list(course.lessons)
        try:
            lessons.append(course.lesson(name))
        except KeyError:
            from grader.course import unknown_lesson

            raise UsageError(unknown_lesson(course, name)) from None
    return lessons


def _limit_problem(exc: ValueError) -> Text:
    """A limit's error in both languages (a ``LimitError`` carries them)."""
    from grader.sandbox.limits import LimitError

    return Text(*exc.words) if isinstance(exc, LimitError) else plain(str(exc))


def check_workspace(workspace: Path) -> Path:
    if not workspace.exists():
        from grader.materials import missing_workspace

        raise UsageError(missing_workspace(workspace))
    if not workspace.is_dir():
        raise UsageError(tr("the workspace {path} is not a folder", "工作区 {path} 不是文件夹", path=str(workspace)))
    return workspace.resolve()


def lesson_limits(lesson: Lesson, base: Limits | None = None,
                  overrides: Mapping[str, Any] | None = None) -> Limits:
    """The limits for one lesson: defaults, then the registry, then explicit overrides."""
    return (base or Limits()).with_overrides(**dict(lesson.limits)).with_overrides(**(overrides or {}))


def _hidden(workspace: Path) -> tuple[Path, ...]:
    """Folders learner code should not see: every copy of the references the grader knows
    of (``reference_copies``: the one in use, the packaged one, the project's), except the
    one being graded itself.

    A workspace that is itself a symbolic link is never the references: a student
    repository whose ``exercises`` links to the instructor's reference folder is graded with
    the references hidden, like any other.
    """
    from grader.reference import reference_copies

    folder = Path(os.path.abspath(workspace))
    real = folder.resolve()
    graded_itself = not folder.is_symlink()
    return tuple(copy for copy in reference_copies()
                 if not (graded_itself and (real == copy or copy in real.parents)))


def _check_reference_outside(folder: Path, workspace: Path) -> None:
    """Refuse a ``GRADE_REFERENCE`` that names the graded workspace or a folder inside it.

    The submission would be its own answer key (``GRADE_REFERENCE=exercises`` set by a
    student's CI file makes a wrong ``dot`` agree with itself). The course's own
    solutions are graded with ``GRADE_REFERENCE`` unset; a workspace that is a link to the
    references is graded with them hidden (``_hidden``).
    """
    configured = os.environ.get("GRADE_REFERENCE")
    if not configured or Path(os.path.abspath(workspace)).is_symlink():
        return
    reference = Path(configured).resolve()
    if reference == folder or folder in reference.parents:
        raise UsageError(tr("GRADE_REFERENCE ({reference}) is inside the workspace being graded ({folder}): "
                            "the references must come from outside the submission (unset GRADE_REFERENCE to "
                            "grade the course's own solutions)",
                            "GRADE_REFERENCE（{reference}）在正在评分的工作区（{folder}）之内：参考答案必须来自"
                            "提交之外（取消设置 GRADE_REFERENCE 即可用课程自带的参考答案评分）",
                            reference=reference, folder=folder))


@dataclasses.dataclass(frozen=True)
class RunOptions:
    """How a run grades, beyond which lessons of which workspace (see ``grade``)."""

    limits: Limits | None = None
    seed: int | None = None
    exercises: tuple[str, ...] = ()
    overrides: Mapping[str, Any] | None = None
    parallel: int | None = None
    require_file: bool = True
    replace: Mapping[str, str] = dataclasses.field(default_factory=dict)
    hide: Sequence[Path] = ()
    alone: Path | None = None
    held: bool = False


def grade(lesson_ids: Iterable[str], workspace: Path | str = "exercises",
          limits: Limits | None = None, seed: int | None = None,
          on_lesson: Callable[[LessonResult], None] | None = None,
          exercises: tuple[str, ...] = (),
          on_exercise: Callable[[Lesson, Exercise], None] | None = None,
          sandbox: Sandbox | None = None,
          overrides: Mapping[str, Any] | None = None,
          parallel: int | None = None,
          listeners: Sequence[Listener] = (), require_file: bool = True,
          replace: Mapping[str, str] | None = None, hide: Sequence[Path] = (),
          alone: Path | None = None, held: bool = False) -> RunResult:
    """Grade the named lessons (or ``"all"``) of ``workspace``, telling ``listeners`` as it goes.

    One lesson asked for by name whose file is missing is a usage error (a typo in
    ``--workspace``), unless ``require_file`` is false: a class batch grades whatever a
    student handed in, and a missing file is then that student's verdict, naming the file.

    ``limits`` replaces the defaults of ``grader.sandbox.limits``; ``overrides`` (e.g.
    ``{"memory": "2GiB", "timeout_scale": 2}``, as the command line gives them) win over the
    registry's per-lesson limits. ``on_exercise`` is told when each exercise starts;
    ``sandbox`` lets a caller that grades again and again (``grade watch``) keep one
    sandbox warm between runs. ``listeners`` hear every event of the run (see
    ``grader.events``); ``on_lesson`` and ``on_exercise`` are the same as two plain
    functions, heard first. A lesson kept as a notebook (``lesson01_vectors.ipynb``) is
    graded from its code cells; ``replace`` maps lesson file names to source graded in their
    place (a notebook's kernel, as it is now) without touching the workspace. ``hide`` names
    more folders learner code must not see, and ``alone`` a folder whose every sibling it
    must not see (a class batch: the results folder, and the other submissions). ``held``
    runs each exercise's visible checks only and skips the rest, held until grading
    (``grader.engine.held``).
    """
    options = RunOptions(limits, seed, exercises, overrides, parallel, require_file, replace or {}, hide,
                         alone, held)
    return grade_with(lesson_ids, workspace, options, sandbox=sandbox,
                      listeners=[Callbacks(on_lesson, on_exercise), *listeners])


def grade_with(lesson_ids: Iterable[str], workspace: Path | str, options: RunOptions, *,
               sandbox: Sandbox | None = None, listeners: Sequence[Listener] = ()) -> RunResult:
    """``grade``, its options in one record: what a front door that parsed them hands on."""
    lessons = resolve_lessons(load_course(), lesson_ids)
    broadcast = Broadcast(list(listeners))
    try:
        broadcast.run_started(lessons, Path(workspace))
        run = _grade(lessons, Path(workspace), options, sandbox, broadcast)
        broadcast.run_done(run)
    finally:
        broadcast.closed()
    return run


def _grade(lessons: list[Lesson], workspace: Path, options: RunOptions, sandbox: Sandbox | None,
           listener: Listener) -> RunResult:
    limits, overrides, replace = options.limits, options.overrides, options.replace
    try:
        for lesson in lessons:
            lesson_limits(lesson, limits, overrides)
    except ValueError as exc:
        raise UsageError(_limit_problem(exc)) from None
    folder = check_workspace(workspace)
    _check_reference_outside(folder, workspace)
    if options.require_file and len(lessons) == 1:
        from grader.reading.submission import absent

        problem = absent(lessons[0], folder, replace)
        if problem is not None:
            raise UsageError(problem)
    for name in options.exercises:
        if len(lessons) != 1 or all(e.name != name for e in lessons[0].exercises):
            raise UsageError(tr("unknown exercise {name!r} for {lesson}", "{lesson} 中没有练习 {name!r}",
                                name=name, lesson=lessons[0].id if lessons else "?"))

    # The sandbox's interpreter starts first (``open_sandbox``): it boots while this process
    # imports NumPy and the engine, and while each lesson reads its file and references.
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if sandbox is None:
            sandbox = stack.enter_context(open_sandbox(workspace, limits, overrides, options.hide, options.alone))
        sandbox.start()
        from grader.engine.run import grade_lesson
        from grader.reading.submission import prepared
        from grader.reference import load_reference

        # Every reference of the run is read before any learner code runs: where learner code
        # can write (plain mode), a lesson graded later, or beside it, cannot be judged
        # against a reference an earlier lesson's code rewrote (that lesson is void).
        for lesson in lessons:
            load_reference(lesson.module)

        # Lessons kept as notebooks are graded from their code cells, laid out as files.
        layout = stack.enter_context(prepared(folder, load_course().lessons, replace))

        listener_lock = threading.Lock()

        def one(lesson: Lesson, sink: Listener = listener) -> LessonResult:
            def starting(exercise: Exercise) -> None:
                with listener_lock:
                    sink.exercise_started(lesson, exercise)

            def budget(exercise: Exercise, seconds: float) -> None:
                with listener_lock:
                    sink.exercise_budget(lesson, exercise, seconds)

            def done(exercise: Exercise) -> None:
                with listener_lock:
                    sink.exercise_done(lesson, exercise)

            if lesson.id in layout.problems:
                from grader.engine.run import unreadable_lesson

                return unreadable_lesson(lesson, folder, layout.notebooks[lesson.id],
                                         layout.problems[lesson.id])
            result = grade_lesson(lesson, layout.folder, sandbox, lesson_limits(lesson, limits, overrides),
                                  seed=options.seed, exercises=options.exercises, on_exercise=starting,
                                  held=options.held,
                                  on_budget=budget, on_done=done)
            if layout.folder == folder:
                return result
            if lesson.id not in layout.notebooks:
                return dataclasses.replace(result, workspace=str(folder))
            return _as_notebook(result, folder, layout.notebooks[lesson.id], layout.folder / lesson.file)

        jobs = lesson_jobs(options.parallel, len(lessons))
        results: list[LessonResult] = []
        # Each lesson has its own worker process; while one lesson's thread waits for its
        # worker, another's checks run. Side by side, the later lessons, which check more,
        # start first so that no long lesson is left running alone at the end; one at a
        # time, lessons go in course order. Results are reported in lesson order.
        order = sorted(lessons, key=lambda x: -x.number) if jobs > 1 else lessons
        split = _second_process(order, one, sandbox, listener, listener_lock, options.parallel)
        if split is not None:
            try:
                for lesson in lessons:
                    result = split.result(lesson)
                    results.append(result)
                    listener.lesson_done(result)
            except BaseException:
                split.stop()  # Ctrl-C, as below
                sandbox.close()
                raise
            split.finish()
            sandbox.deaths += split.deaths
            return RunResult(tuple(results), time.perf_counter() - started)
        pool = concurrent.futures.ThreadPoolExecutor(jobs)
        try:
            futures = {lesson.id: pool.submit(one, lesson) for lesson in order}
            for lesson in lessons:
                result = futures[lesson.id].result()
                results.append(result)
                listener.lesson_done(result)
        except BaseException:
            # Ctrl-C: waiting for the running lessons would wait for their exercises' time
            # limits. Drop the queued lessons and end the sandbox now: its workers die, and the
            # threads that were waiting for them return at once.
            pool.shutdown(wait=False, cancel_futures=True)
            sandbox.close()
            raise
        pool.shutdown()
    return RunResult(tuple(results), time.perf_counter() - started)


def _second_process(order: Sequence[Lesson], one: Callable[[Lesson, Listener], LessonResult], sandbox: Sandbox,
                    listener: Listener, lock: threading.Lock, parallel: int | None) -> Split | None:
    """The run split over two grading processes (``grader.two_processes``), started; None
    when it is not, and the lessons go to threads of this one."""
    if parallel is not None and parallel < 2:
        return None
    from grader import two_processes

    if not two_processes.wanted(order, sandbox):
        return None
    split = two_processes.Split(order, one, sandbox, listener, lock, (parallel or 2) // 2)
    return split if split.start() else None


def _as_notebook(result: LessonResult, folder: Path, notebook: str, code: Path) -> LessonResult:
    """A lesson graded from a notebook's cells, pointing at the notebook: its file, and for
    each exercise the cell that defines it in place of a line of the laid-out code."""
    from grader.pointers import cell_of_line

    try:
        text = code.read_text(encoding="utf-8")
    except OSError:
        text = ""
    exercises = tuple(dataclasses.replace(e, line=cell_of_line(text, e.line),
                                          checks=tuple(_cells_in_check(c, result.file, notebook, text)
                                                       for c in e.checks))
                      for e in result.exercises)
    return dataclasses.replace(result, workspace=str(folder), file=notebook, exercises=exercises)


def _cells_in_check(check: CheckResult, file: str, notebook: str, code: str) -> CheckResult:
    """A check's words with the laid-out file's lines as the notebook's cells: a traceback's
    ``File "lesson01_vectors.py", line 27`` becomes ``File "lesson01_vectors.ipynb", cell 5``."""
    import re

    from grader.i18n import Text
    from grader.pointers import cell_of_line

    pattern = re.compile(rf'File "{re.escape(file)}", line (\d+)')

    def swap(text: str) -> str:
        return pattern.sub(lambda m: f'File "{notebook}", cell {cell_of_line(code, int(m.group(1))) or "?"}', text)

    def both(value: Text) -> Text:
        return Text(swap(value.en), swap(value.zh))

    if file not in (check.message.en if check.message else "") + check.details.en:
        return check
    return dataclasses.replace(check, message=both(check.message) if check.message else None,
                               details=both(check.details))


def open_sandbox(workspace: Path | str, limits: Limits | None = None,
                 overrides: Mapping[str, Any] | None = None, hide: Sequence[Path] = (),
                 alone: Path | None = None, nursery: Nursery | None = None,
                 early: EarlyZygote | None = None) -> Sandbox:
    """The sandbox for grading ``workspace``, its helper process already booting.

    A caller that opens it early (the ``grade`` command does, before its own imports)
    lets the helper's interpreter start while this one is still loading; pass it to
    ``grade`` as ``sandbox`` and close it (it is a context manager). A caller that opens
    many (a batch) passes a ``nursery`` to fork their zygotes from. The ``grade`` command
    starts the zygote itself before anything else (``early``), and hands it over here.
    """
    from grader.sandbox.choice import new_sandbox

    try:
        sandbox_limits = (limits or Limits()).with_overrides(**(overrides or {}))
    except ValueError as exc:
        if early is not None:
            early.close()
        raise UsageError(_limit_problem(exc)) from None
    extra = tuple(Path(p).resolve() for p in hide if Path(p).is_dir())
    sandbox = new_sandbox(sandbox_limits, hidden=_hidden(Path(workspace)) + extra,
                          alone=Path(alone).resolve() if alone is not None else None, nursery=nursery,
                          early=early)
    sandbox.start()
    return sandbox


def lesson_jobs(parallel: int | None, lessons: int) -> int:
    """How many lessons to grade at once: ``parallel``, else twice the cores, plus two.

    A lesson alternates between the grader's checks (in this process) and learner code
    (in its worker), and each waits for the other. The checks share one interpreter, on
    one CPU once placed (``grader.sandbox.placement``), and it idles whenever every
    lesson in flight waits for its worker: on two cores ``grade all`` took 0.48 s with
    three lessons at a time, 0.47 s with four, 0.45 s with six. A lesson's time limits
    are seconds, its checks' learner calls milliseconds, so sharing a CPU with five others
    for half a second changes no verdict.
    """
    wanted = parallel if parallel is not None else 2 * (os.cpu_count() or 1) + 2
    return max(1, min(wanted, lessons))


def grade_lesson(lesson_id: str, workspace: Path | str = "exercises", **options: object
                 ) -> LessonResult:
    """Grade one lesson; a thin convenience over ``grade``."""
    run = grade([lesson_id], workspace, **options)  # type: ignore[arg-type]
    return run.lessons[0]


def grade_all(workspace: Path | str = "exercises", **options: object) -> RunResult:
    return grade(["all"], workspace, **options)  # type: ignore[arg-type]
