"""Grading a whole class: one folder per student, graded in parallel processes.

``jobs`` grading processes each take one submission at a time; every submission gets its
own sandbox (a fresh helper process, a fresh worker per lesson) under the registry's
per-exercise time limits scaled by ``timeout_scale``. A grading process that is still on
a submission at its deadline (twice the sum of its time limits, plus a margin) is killed
with its process group and replaced, as is one that dies: either way only that student's
row says so, and the other submissions go on.

Outputs, in ``out``:

- ``<student>.json``: ``RunResult.to_dict()`` for that student (the class report's input);
- ``gradebook.csv`` and ``class.html``: the same files ``grade report --class`` writes;
- ``summary.json``: the run's options, each student's scores and status, class statistics
  (and, with ``--shard K/N``, which shard of which class: see ``grader.classroom.shards``);
- ``.state/fingerprints/<student>.json``: the fingerprint that lets a re-run skip a
  submission whose files, grader and references are unchanged; ``.state/results/``: a
  result on its way from a grading process; ``.state/worker-N.log``: what each grading
  process wrote on stderr. Each kind has a folder of its own, so no student's name can
  reach another student's file.

The fingerprint of a submission is the SHA-256 of every file of its folder (names and
bytes; ``.git`` aside), the grader (version, and the bytes of every file of the package),
the references, the lessons, and the seed and time scale: change any of them and the
submission is graded again.
"""

from __future__ import annotations

import hashlib
import json
import os
import selectors
import signal
import statistics
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from grader import __version__
from grader.classroom.outputs import write_atomic
from grader.classroom.shards import Shard, select, shard_record
from grader.course import Lesson, load_course
from grader.errors import GradeError
from grader.i18n import Text, tr
from grader.model import CheckResult, ExerciseResult, LessonResult, Outcome, RunResult
from grader.sandbox.placement import one_blas_thread
from grader.sandbox.platform import kill_group

if TYPE_CHECKING:
    from grader.sandbox.nursery import Nursery

SUMMARY_KIND = "dl-math-grader class summary"
SUMMARY_VERSION = 1
RESERVED_NAMES = {"summary", "gradebook", "class", "ledger", "similarity"}  # the batch's own outputs
_SKIP_FOLDERS = {"__MACOSX"}
_CLASS_PAGES = {"class.html", "gradebook.csv"}  # what `grade report --class SUBMISSIONS` writes there
_LESSON_GLOB = "lesson[0-9][0-9]_*.py"
_NOTEBOOK_GLOB = "lesson[0-9][0-9]_*.ipynb"
_IMPORT_ROOT = str(Path(__file__).resolve().parents[2])
DEADLINE_MARGIN = 60.0
NAME_MAX = 255  # bytes in a file name, on Linux and macOS file systems
_LONGEST_SUFFIX = ".result.json"  # the longest name the batch gives a student's files


class BatchError(GradeError, ValueError):
    """The batch cannot run as asked (a usage problem); one line for the user."""


@dataclass(frozen=True)
class Submission:
    """One student's folder and the workspace inside it that holds the lesson files."""

    student: str
    folder: Path
    workspace: Path


@dataclass(frozen=True)
class BatchOptions:
    jobs: int = 1
    seed: int | None = None  # None: each submission draws its own (see grader.engine.context)
    timeout_scale: float = 1.0
    lessons: tuple[str, ...] = ("all",)
    deadline: float | None = None  # seconds per submission; None: from the time limits
    regrade: bool = False  # grade every submission again, even one whose fingerprint is unchanged
    shard: Shard | None = None  # grade only this shard's submissions (grader.classroom.shards)


@dataclass
class StudentResult:
    """How one submission went: ``graded``, ``unchanged`` (reused), ``timeout``, ``crashed``, or
    ``unreadable`` (the grading user may not read its files)."""

    student: str
    status: str
    run: RunResult
    seconds: float = 0.0
    fingerprint: str = ""
    note: str = ""

    @property
    def reused(self) -> bool:
        return self.status == "unchanged"


@dataclass
class BatchResult:
    students: list[StudentResult]
    lessons: tuple[Lesson, ...]
    elapsed: float
    options: BatchOptions
    grader_fingerprint: str
    notes: list[str] = field(default_factory=list)
    not_folders: tuple[str, ...] = ()  # files beside the submission folders: nobody's submission
    shard: dict[str, Any] | None = None  # which shard of which class (``shard_record``), when sharded

    @property
    def graded(self) -> int:
        return sum(1 for s in self.students if not s.reused)

    def per_minute(self) -> float:
        """Submissions graded (not reused) per minute of wall-clock time."""
        return 60.0 * self.graded / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True)
class Progress:
    """One finished submission, for a progress display."""

    done: int
    total: int
    student: str
    status: str
    elapsed: float


# --- finding submissions -------------------------------------------------------------


def _has_lessons(folder: Path) -> bool:
    return folder.is_dir() and (any(folder.glob(_LESSON_GLOB)) or any(folder.glob(_NOTEBOOK_GLOB)))


def workspace_of(folder: Path) -> Path:
    """Where a student's lesson files are: ``exercises/``, the folder, or the first folder below.

    A folder the grader may not read is its own workspace: ``unreadable`` then says why.
    """
    try:
        if _has_lessons(folder / "exercises"):
            return folder / "exercises"
        if _has_lessons(folder):
            return folder
        found = sorted(p.parent for p in [*folder.rglob(_LESSON_GLOB), *folder.rglob(_NOTEBOOK_GLOB)]
                       if not any(part.startswith(".") for part in p.relative_to(folder).parts))
    except OSError:
        return folder
    return found[0] if found else folder


def unreadable(submission: Submission, lessons: Sequence[Lesson]) -> tuple[str, str] | None:
    """What of a submission the grading user cannot read, and why; None if it can read it all.

    Submissions copied in by another account keep that account's permissions; grading
    them would report every lesson missing, a verdict the student did not earn.
    """
    where = submission.workspace.relative_to(submission.folder.parent)
    try:
        names = {entry.name for entry in submission.workspace.iterdir()}
    except OSError as exc:
        return f"{where}/", str(exc.strerror)
    for name in sorted(name for lesson in lessons for name in (lesson.file, lesson.module + ".ipynb")):
        if name in names and os.path.isfile(submission.workspace / name):  # never open a pipe
            try:
                with open(submission.workspace / name, "rb"):
                    pass
            except OSError as exc:
                return str(where / name), str(exc.strerror)
    return None


def find_submissions(root: Path, exclude: Iterable[Path] = ()) -> list[Submission]:
    """One submission per sub-folder of ``root`` (hidden folders and ``exclude`` skipped)."""
    if not root.is_dir():
        raise BatchError(tr("{root} is not a folder of submissions", "{root} 不是存放提交的文件夹", root=root))
    skip = {p.resolve() for p in exclude}
    submissions = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith(".") or folder.name in _SKIP_FOLDERS:
            continue
        if folder.resolve() in skip:
            continue
        if folder.name.lower() in RESERVED_NAMES:
            raise BatchError(tr("a submission is named {name!r}, which would overwrite the {name}.* output: "
                                "rename the folder",
                                "有一份提交名为 {name!r}，它会覆盖输出文件 {name}.*：请重命名该文件夹",
                                name=folder.name))
        if len((folder.name + _LONGEST_SUFFIX).encode("utf-8", "surrogateescape")) > NAME_MAX:
            raise BatchError(tr("the submission folder name {name!r}... is too long for its results file "
                                "({most} bytes at most): rename the folder",
                                "提交文件夹名 {name!r}... 对其结果文件来说太长（最多 {most} 字节）：请重命名该文件夹",
                                name=folder.name[:40], most=NAME_MAX - len(_LONGEST_SUFFIX)))
        submissions.append(Submission(folder.name, folder, workspace_of(folder)))
    if not submissions:
        raise BatchError(tr("{root} holds no submission folders (one folder per student)",
                            "{root} 中没有提交文件夹（每个学生一个文件夹）", root=root))
    return submissions


def files_among(root: Path) -> tuple[str, ...]:
    """The files beside the submission folders (a student's bare upload, say): not graded,
    but named, so that a missing row in the gradebook does not go unnoticed."""
    return tuple(sorted(entry.name for entry in root.iterdir()
                        if not entry.name.startswith(".") and not entry.is_dir()
                        and entry.name not in _CLASS_PAGES))


def linked_outside(submission: Submission, lessons: Sequence[Lesson]) -> str | None:
    """The first link of a submission (its workspace, or any file or folder in it) that
    leads out of its own folder.

    Repositories are cloned side by side and git keeps symbolic links: ``exercises`` linked
    to a classmate's folder would be graded as the classmate's work, and a ``helper.py``
    linked to a classmate's file would hand learner code that file, in plain mode too.
    """
    from grader.reading.source import link_out_of

    home = submission.folder.resolve()
    real = submission.workspace.resolve()
    if real != home and home not in real.parents:
        return str(submission.workspace.relative_to(submission.folder.parent))
    link = link_out_of(submission.folder)
    return None if link is None else str(link.relative_to(submission.folder.parent))


# --- fingerprints ------------------------------------------------------------------------


def _hash_files(digest: Any, files: Iterable[tuple[str, Path]]) -> None:
    for name, path in sorted(files):
        digest.update(name.encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")


def grader_fingerprint(reference_dir: Path) -> str:
    """The grader's identity: its version, every file of the package, the references."""
    digest = hashlib.sha256(f"dl-math-grader {__version__}\0".encode())
    package = Path(__file__).resolve().parents[1]
    _hash_files(digest, ((p.relative_to(package).as_posix(), p) for p in package.rglob("*")
                         if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"))
    _hash_files(digest, ((f"references/{p.name}", p) for p in reference_dir.glob("*.py")))
    return digest.hexdigest()


MAX_FINGERPRINT_FILES = 5000
MAX_FINGERPRINT_BYTES = 256 * 1024 * 1024


def _submission_files(folder: Path) -> list[tuple[str, Path]] | None:
    """Every file of a submission folder but its ``.git``, by relative name; ``None`` when
    there are too many to fingerprint (the submission is then always graded again).

    Learner code can import or read any of them (a ``helper.py``, a data file), so any of
    them can change a verdict. Links are not followed: a link counts by its target's name.
    """
    found: list[tuple[str, Path]] = []
    total = 0
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != ".git")
        for name in sorted(files) + [f for f in folders if os.path.islink(os.path.join(top, f))]:
            path = Path(top, name)
            found.append((path.relative_to(folder).as_posix(), path))
            try:
                total += path.lstat().st_size
            except OSError:
                pass
            if len(found) > MAX_FINGERPRINT_FILES or total > MAX_FINGERPRINT_BYTES:
                return None
    return found


def _hash_entries(digest: Any, files: Iterable[tuple[str, Path]]) -> None:
    for name, path in sorted(files):
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            if path.is_symlink():
                digest.update(b"<link>" + os.fsencode(os.readlink(path)))
            elif path.is_file():
                digest.update(path.read_bytes())
            else:
                digest.update(b"<special>")
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")


def submission_fingerprint(submission: Submission, lessons: Sequence[Lesson], grader_digest: str,
                           options: BatchOptions) -> str:
    """What the verdicts of a submission can depend on: the grader and references (``grader_digest``,
    their ``grader_fingerprint``), the options, and every file of the submission folder (not only
    its lesson files)."""
    digest = hashlib.sha256(grader_digest.encode("ascii"))
    digest.update(f"\0seed={options.seed}\0scale={options.timeout_scale!r}\0".encode())
    from grader.engine.seeding import course_secret

    digest.update(hashlib.sha256(course_secret()).digest())  # a new secret draws new inputs
    digest.update(",".join(lesson.id for lesson in lessons).encode("ascii") + b"\0")
    digest.update(str(submission.workspace.relative_to(submission.folder)).encode("utf-8", "surrogateescape")
                  + b"\0")
    files = _submission_files(submission.folder)
    if files is None:
        return "regrade-" + os.urandom(16).hex()  # too large to fingerprint: never reused
    _hash_entries(digest, files)
    return digest.hexdigest()


# --- results that grading could not produce -------------------------------------------------


def unfinished_run(lessons: Sequence[Lesson], outcome: Outcome, message: Text) -> RunResult:
    """Every exercise of ``lessons`` with ``outcome`` and no points, saying why."""
    title = tr("the submission could be graded", "提交可以被评分")
    results = []
    for lesson in lessons:
        exercises = tuple(
            ExerciseResult(e.name, outcome, 0.0, e.points, (CheckResult("grading", title, outcome, message),))
            for e in lesson.exercises)
        results.append(LessonResult(lesson.id, lesson.file, "", exercises, message))
    return RunResult(tuple(results))


# --- grading processes ------------------------------------------------------------------------


def worker_main(job: str | None = None) -> int:
    """A grading process: read one task per line on stdin, grade it, answer on stdout.

    A task is ``{"workspace", "result", "seed", "timeout_scale", "lessons", "side_by_side"}``
    (how many of its lessons to grade at once: ``lessons_side_by_side``); the answer
    ``{"ok": true}`` once the ``RunResult`` is in ``result``. Learner code never runs
    here (each submission gets its own sandbox), so one process grades many.

    ``job`` (``"K/N"``: job K of the batch's N, counted from 0) places this process and
    its sandboxes on that job's share of the CPUs (``grader.sandbox.placement``).
    """
    from grader.sandbox import nursery, placement
    from grader.sandbox.platform import runner_wanted

    slot = job_slot(job)
    if slot is not None and runner_wanted() == "fork":
        placement.take_up(jobs=slot[1], job=slot[0])

    if os.environ.pop(DIE_WITH_PARENT, None) and sys.platform.startswith("linux"):
        # Started by a Dask worker, which may be killed outright: go with it, even when stopped.
        from grader.sandbox.confine import _prctl

        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # Each submission gets a sandbox of its own; their zygotes are forked from one warm
    # interpreter (``grader.sandbox.nursery``) instead of each importing NumPy anew.
    warm = nursery.Nursery() if nursery.available() and runner_wanted() == "fork" else None
    try:
        for line in sys.stdin:
            task = json.loads(line)
            try:
                side_by_side = _side_by_side(task.get("side_by_side"))
                if _grade_task(task, warm, side_by_side) and side_by_side > 1:
                    # A worker died while other lessons' workers ran beside it: its own code may
                    # have ended it, or a lesson beside it (killing the sandbox's helper, or
                    # every process it may signal). Grade again one lesson at a time, so that
                    # no lesson is charged for another's crash: the result a run of one lesson
                    # at a time gives, as on a cluster.
                    _grade_task(task, warm, 1)
                answer: dict[str, Any] = {"ok": True}
            except Exception as exc:  # a grader failure on one submission: say so, keep serving
                answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:500]}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    finally:
        if warm is not None:
            warm.close()
    return 0


def _grade_task(task: dict[str, Any], warm: Nursery | None, side_by_side: int) -> int:
    """Grade a task's submission into its result file, ``side_by_side`` lessons at a time,
    in a sandbox of its own (its zygote forked by ``warm``, the nursery, if any); returns
    how many of its workers died (``Sandbox.deaths``)."""
    from grader import api
    from grader.listeners import RunRecordFile
    from grader.sandbox.limits import Limits

    workspace = Path(task["workspace"])
    limits = Limits(timeout_scale=float(task["timeout_scale"]))
    with api.open_sandbox(workspace, limits, hide=[Path(p) for p in task.get("hide", [])],
                          alone=Path(task["alone"]) if task.get("alone") else None, nursery=warm) as sandbox:
        api.grade(task["lessons"], workspace, limits=limits,
                  seed=None if task["seed"] is None else int(task["seed"]),
                  parallel=side_by_side, require_file=False,
                  listeners=[RunRecordFile(Path(task["result"]))], sandbox=sandbox)
        return sandbox.deaths


def job_slot(text: str | None) -> tuple[int, int] | None:
    """``"K/N"`` as (K, N), job K of N counted from 0; None for anything else."""
    try:
        job, jobs = (int(part) for part in str(text).split("/"))
    except ValueError:
        return None
    return (job, jobs) if 0 <= job < jobs <= 1024 else None


def lessons_side_by_side(jobs: int, cores: int | None = None) -> int:
    """How many of a submission's lessons each of ``jobs`` grading processes grades at once.

    A grading process alternates between its checks and the learner code of its lesson's
    worker, so one lesson at a time keeps about one core busy: with fewer jobs than cores
    (``--jobs 1``, the default, on a machine of two or more), the rest would idle. Each job
    then takes its share of the cores plus one lesson, as ``grade all`` does on its own;
    with as many jobs as cores or more, lessons go one at a time.
    """
    cores = cores or os.cpu_count() or 1
    return 1 if jobs >= cores else cores // jobs + 1


def _side_by_side(value: Any) -> int:
    """A task's ``side_by_side``: 1 unless it is a small positive int (a task is our own
    message, but one process should never start dozens of lessons because of a typo)."""
    return value if type(value) is int and 1 <= value <= 16 else 1


DIE_WITH_PARENT = "GRADE_DIE_WITH_PARENT"  # set: the grading process is killed when its parent dies (Linux)
_PR_SET_PDEATHSIG = 1
_BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); "
         "from grader.classroom.batch import worker_main; raise SystemExit(worker_main(*sys.argv[2:3]))")


@dataclass
class _Task:
    submission: Submission
    fingerprint: str
    result_path: Path
    started: float
    deadline: float
    hide: list[str] = field(default_factory=list)  # folders its learner code must not see


class _Worker:
    """One grading process, replaced when it dies, overruns a deadline, or has served enough.

    ``slot`` is its place among the batch's jobs, which decides its CPUs (``worker_main``);
    None leaves it where the scheduler puts it (a Dask worker's, which shares its machine).
    """

    MAX_TASKS = 100

    def __init__(self, number: int, state: Path, environ: dict[str, str], options: BatchOptions,
                 side_by_side: int = 1, slot: int | None = None) -> None:
        self.options = {"seed": options.seed, "timeout_scale": options.timeout_scale,
                        "lessons": list(options.lessons), "side_by_side": side_by_side}
        self.log_path = state / f"worker-{number}.log"
        environ = dict(environ)
        one_blas_thread(environ)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, _IMPORT_ROOT,
                 *([] if slot is None else [f"{slot}/{options.jobs}"])], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=log, env=environ, start_new_session=True, cwd=state)
        assert self.process.stdout is not None
        os.set_blocking(self.process.stdout.fileno(), False)
        self.buffer = b""
        self.task: _Task | None = None
        self.served = 0

    def give(self, task: _Task) -> None:
        assert self.process.stdin is not None
        # Absolute, not resolved: a workspace that is a link to the references is still not them.
        message = {"workspace": os.path.abspath(task.submission.workspace),
                   "result": os.path.abspath(task.result_path),
                   "hide": task.hide, "alone": os.path.abspath(task.submission.folder), **self.options}
        self.task = task
        self.served += 1
        try:
            self.process.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
            self.process.stdin.flush()
        except OSError:
            pass  # the process is gone: its end of file answers for it

    def read_answer(self) -> dict[str, Any] | None:
        """The answer to the current task if it has arrived; ``{}`` if the process ended."""
        assert self.process.stdout is not None
        while True:
            try:
                chunk = self.process.stdout.read(1 << 16)
            except BlockingIOError:
                chunk = None
            if chunk is None:
                break
            if not chunk:
                return {} if b"\n" not in self.buffer else self._line()
            self.buffer += chunk
        return self._line() if b"\n" in self.buffer else None

    def _line(self) -> dict[str, Any]:
        line, _, self.buffer = self.buffer.partition(b"\n")
        try:
            answer: dict[str, Any] = json.loads(line)
            return answer
        except ValueError:
            return {"ok": False, "error": "unreadable answer"}

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None and not kill and self.process.stdin is not None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.process.poll() is None:
            kill_group(self.process.pid)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


def deadline_for(lessons: Sequence[Lesson], timeout_scale: float) -> float:
    """The longest a submission's grading may take before its process is killed."""
    budget = sum(e.timeout for lesson in lessons for e in lesson.exercises) * timeout_scale
    return DEADLINE_MARGIN + 2.0 * budget


def _log_tail(path: Path, limit: int = 2000) -> str:
    try:
        text = path.read_bytes()[-limit:].decode("utf-8", errors="replace").strip()
    except OSError:
        return ""
    return text.splitlines()[-1] if text else ""


def _finish(task: _Task, lessons: Sequence[Lesson], answer: dict[str, Any] | None, log: Path) -> StudentResult:
    """The student's result from the worker's answer (None: the deadline passed)."""
    seconds = time.monotonic() - task.started
    student = task.submission.student
    try:
        if answer is None:
            message = tr("grading did not finish within {s:.0f} s and was stopped: does the code "
                         "loop or wait at the top level of a file?",
                         "评分未能在 {s:.0f} 秒内完成而被停止：文件顶层的代码是否在循环或等待？", s=seconds)
            return StudentResult(student, "timeout", unfinished_run(lessons, Outcome.TIMEOUT, message),
                                 seconds, task.fingerprint, message.en)
        if answer.get("ok"):
            try:
                run = RunResult.from_dict(json.loads(task.result_path.read_text(encoding="utf-8")))
                return StudentResult(student, "graded", run, seconds, task.fingerprint)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                answer = {"error": f"unreadable result: {exc}"}
        detail = answer.get("error") or _log_tail(log) or "the grading process ended"
        message = tr("the grader could not grade this submission ({detail}); this is not a "
                     "verdict on the code: tell the course staff.",
                     "评分器无法为该提交评分（{detail}）；这不是对代码的评判：请告知课程工作人员。",
                     detail=str(detail)[:300])
        return StudentResult(student, "crashed", unfinished_run(lessons, Outcome.ERROR, message),
                             seconds, task.fingerprint, message.en)
    finally:
        task.result_path.unlink(missing_ok=True)


# --- the batch --------------------------------------------------------------------------------


def _state_path(out: Path, student: str) -> Path:
    """A student's fingerprint file. Each kind of state file has a folder of its own, named
    by student alone: no student folder name (``alice.result``) can reach another's file."""
    return out / ".state" / "fingerprints" / f"{student}.json"


def _result_path(out: Path, student: str) -> Path:
    """Where a grading process leaves a student's result until it is recorded."""
    return out / ".state" / "results" / f"{student}.json"


def _reusable(out: Path, student: str, fingerprint: str) -> RunResult | None:
    try:
        state = json.loads(_state_path(out, student).read_text(encoding="utf-8"))
        if state.get("fingerprint") != fingerprint or state.get("status") != "graded":
            return None
        return RunResult.from_dict(json.loads((out / f"{student}.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _record(out: Path, result: StudentResult) -> None:
    # One line: ``indent`` makes ``json`` fall back from its C encoder to Python, 7 ms a
    # student (a sixtieth of grading one) against 1 ms; the class page is what people read.
    write_atomic(out / f"{result.student}.json", json.dumps(result.run.to_dict(), ensure_ascii=False))
    write_atomic(_state_path(out, result.student), json.dumps({
        "fingerprint": result.fingerprint, "status": result.status,
        "seconds": round(result.seconds, 3), "note": result.note}))


def selected_lessons(names: Sequence[str]) -> tuple[Lesson, ...]:
    from grader.api import UsageError, resolve_lessons

    try:
        return tuple(resolve_lessons(load_course(), names))
    except UsageError as exc:
        raise BatchError(exc.text) from None


def hidden_from(submission: Submission, out: Path) -> list[str]:
    """What a submission's learner code must not see: the results folder. The other
    submissions (everything beside its folder) and the results are covered in its sandbox
    (namespace modes; Landlock never lets learner code read them anyway)."""
    return [] if submission.folder.resolve() in (out, *out.parents) else [str(out)]


class Executor(Protocol):
    """Grades the submissions a batch hands it somewhere other than this machine's
    ``--jobs`` processes (``grader.classroom.dask_executor``), returning each student's
    result as the local grading processes would; the batch records them."""

    def start(self, grader_digest: str, references: Path, paths: Sequence[Path]) -> None: ...

    def grade(self, queue: Sequence[tuple[Submission, str]], lessons: Sequence[Lesson], out: Path,
              environ: dict[str, str], options: BatchOptions, deadline: float) -> Iterator[StudentResult]: ...


def _wait_readable(workers: list[_Worker], timeout: float) -> list[_Worker]:
    """The workers whose output is readable (an answer, or end of file) within ``timeout``."""
    if not workers:
        return []
    with selectors.DefaultSelector() as selector:
        for worker in workers:
            assert worker.process.stdout is not None
            selector.register(worker.process.stdout, selectors.EVENT_READ, worker)
        events = selector.select(max(0.0, min(timeout, 1.0)))
    return [key.data for key, _ in events]


@dataclass(frozen=True)
class _Plan:
    """A batch checked before anything is written: its folders (absolute), its lessons and
    submissions, the references and the environment its grading processes get."""

    root: Path
    out: Path
    lessons: tuple[Lesson, ...]
    submissions: list[Submission]  # this shard's
    everyone: list[str]  # every student of the class, in every shard
    references: Path
    environ: dict[str, str]
    deadline: float


def _plan(root: Path, out: Path, options: BatchOptions, environ: dict[str, str] | None) -> _Plan:
    """Check the request (``BatchError`` for a usage problem) and find the submissions; writes nothing.

    The grading processes run in ``out/.state``, not in the caller's folder, so every path
    handed to them must be absolute: relative ones are anchored to the current folder here.
    """
    from grader.reference import reference_dir

    root, out = Path(os.path.abspath(root)), Path(os.path.abspath(out))
    if options.jobs < 1:
        raise BatchError(tr("--jobs must be at least 1", "--jobs 至少为 1"))
    if options.timeout_scale <= 0:
        raise BatchError(tr("--timeout-scale must be positive", "--timeout-scale 必须为正数"))
    lessons = selected_lessons(options.lessons)
    submissions = find_submissions(root, exclude=[out])
    everyone = [s.student for s in submissions]
    submissions = select(submissions, options.shard)
    references = reference_dir()
    missing = [lesson.file for lesson in lessons if not (references / lesson.file).is_file()]
    if missing:
        raise BatchError(tr("the references {missing} are not in {folder} (set GRADE_REFERENCE to their folder)",
                            "参考答案 {missing} 不在 {folder} 中（请把 GRADE_REFERENCE 设为它们所在的文件夹）",
                            missing=", ".join(missing), folder=references))
    env = dict(os.environ if environ is None else environ)
    env["GRADE_REFERENCE"] = str(references)
    return _Plan(root, out, lessons, submissions, everyone, references, env,
                 options.deadline or deadline_for(lessons, options.timeout_scale))


def _state_folder(out: Path) -> Path:
    """``out/.state`` (and ``out``), made once, before anything is graded."""
    state = out / ".state"
    try:
        state.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(tr("--out {out}: cannot make the results folder ({why})",
                            "--out {out}：无法创建结果文件夹（{why}）", out=out, why=exc.strerror)) from None
    return state


Finished = Callable[[StudentResult, bool], None]
"""Called with each submission's result as it is known, and whether to record it in ``out``."""


def _triage(plan: _Plan, grader_digest: str, options: BatchOptions,
            finished: Finished) -> deque[tuple[Submission, str]]:
    """The submissions to grade, with their fingerprints; the others are finished here: the
    unreadable, those linking outside their folder (graded as nothing), and the unchanged."""
    queue: deque[tuple[Submission, str]] = deque()
    for submission in plan.submissions:
        fingerprint = submission_fingerprint(submission, plan.lessons, grader_digest, options)
        problem = unreadable(submission, plan.lessons)
        if problem is not None:
            message = tr("the grader cannot read {what} ({error}): make the submission readable by the "
                         "user who grades and run the batch again. This is not a verdict on the code.",
                         "评分器无法读取 {what}（{error}）：请让评分用户可以读取该提交，然后重新运行批量评分。"
                         "这不是对代码的评判。", what=problem[0], error=problem[1])
            finished(StudentResult(submission.student, "unreadable",
                                   unfinished_run(plan.lessons, Outcome.ERROR, message), 0.0, fingerprint,
                                   message.en), True)
            continue
        link = linked_outside(submission, plan.lessons)
        if link is not None:
            message = tr("{path} is a link to something outside the submission folder: only what the "
                         "student handed in is graded, so nothing was.",
                         "{path} 是指向提交文件夹之外的链接：只评阅学生提交的内容，因此没有评分。", path=link)
            previous = _reusable(plan.out, submission.student, fingerprint)
            if previous is None:
                finished(StudentResult(submission.student, "graded",
                                       unfinished_run(plan.lessons, Outcome.ERROR, message), 0.0, fingerprint,
                                       message.en), True)
            else:
                finished(StudentResult(submission.student, "unchanged", previous, 0.0, fingerprint, message.en),
                         False)
            continue
        previous = None if options.regrade else _reusable(plan.out, submission.student, fingerprint)
        if previous is not None:
            finished(StudentResult(submission.student, "unchanged", previous, 0.0, fingerprint), False)
        else:
            queue.append((submission, fingerprint))
    return queue


def _grade_here(queue: deque[tuple[Submission, str]], plan: _Plan, state: Path, options: BatchOptions,
                finished: Finished) -> None:
    """Grade the queue in ``options.jobs`` grading processes run in ``state``, replacing any
    that dies, overruns its deadline or has served enough; each result is finished and recorded."""
    workers: list[_Worker] = []
    spawned = 0

    def spawn(slot: int) -> _Worker:
        nonlocal spawned
        spawned += 1
        return _Worker(spawned, state, plan.environ, options, lessons_side_by_side(options.jobs), slot)

    try:
        while queue or any(w.task for w in workers):
            for index, worker in enumerate(workers):  # replace the spent and the dead
                if worker.task is None and (worker.served >= _Worker.MAX_TASKS or worker.process.poll() is not None):
                    worker.stop()
                    workers[index] = spawn(index)
            while len(workers) < min(options.jobs, len(queue) + sum(1 for w in workers if w.task)):
                workers.append(spawn(len(workers)))
            for worker in workers:
                if worker.task is None and queue:
                    submission, fingerprint = queue.popleft()
                    now = time.monotonic()
                    result_path = _result_path(plan.out, submission.student)
                    result_path.parent.mkdir(parents=True, exist_ok=True)
                    result_path.unlink(missing_ok=True)
                    worker.give(_Task(submission, fingerprint, result_path, now, now + plan.deadline,
                                      hidden_from(submission, plan.out)))
            busy = [w for w in workers if w.task is not None]
            ready = _wait_readable(busy, min(t.deadline for w in busy if (t := w.task)) - time.monotonic())
            now = time.monotonic()
            for worker in busy:
                task = worker.task
                assert task is not None
                answer = worker.read_answer() if worker in ready else None
                if answer is None and now <= task.deadline:
                    continue
                if not answer:  # past its deadline (None), or the process ended ({})
                    worker.stop(kill=True)
                result = _finish(task, plan.lessons, answer, worker.log_path)
                worker.task = None
                finished(result, True)
    finally:
        for worker in workers:
            worker.stop(kill=worker.task is not None)


def _write_class_files(out: Path, batch: BatchResult) -> None:
    """The class page, the gradebook and ``summary.json`` of a finished batch."""
    page = render_class_report(out, batch)
    batch.notes.append(f"class report: {page.name}")  # relative to the summary's own folder
    write_atomic(out / "summary.json", json.dumps(summary(batch), ensure_ascii=False, indent=1))


def grade_batch(root: Path, out: Path, options: BatchOptions,
                on_progress: Callable[[Progress], None] | None = None,
                environ: dict[str, str] | None = None, executor: Executor | None = None) -> BatchResult:
    """Grade every submission under ``root`` into ``out``; never raises for a submission.

    Check the request (``_plan``), then grade what changed (``_triage``; ``executor``, or
    ``options.jobs`` grading processes here: ``_grade_here``), recording each result as it
    comes, whoever graded it; then write the class files (``_write_class_files``).
    """
    plan = _plan(root, out, options, environ)
    state = _state_folder(plan.out)
    grader_digest = grader_fingerprint(plan.references)
    if executor is not None:  # before anything is graded: a cluster that cannot grade stops the batch here
        executor.start(grader_digest, plan.references, [plan.root, plan.out])
    started = time.monotonic()
    results: dict[str, StudentResult] = {}

    def finished(result: StudentResult, record: bool) -> None:
        if record:
            _record(plan.out, result)
        results[result.student] = result
        if on_progress is not None:
            on_progress(Progress(len(results), len(plan.submissions), result.student, result.status,
                                 time.monotonic() - started))

    queue = _triage(plan, grader_digest, options, finished)
    if executor is not None:
        for result in executor.grade(list(queue), plan.lessons, plan.out, plan.environ, options, plan.deadline):
            finished(result, True)
    else:
        _grade_here(queue, plan, state, options, finished)

    ordered = [results[s.student] for s in plan.submissions]
    batch = BatchResult(ordered, plan.lessons, time.monotonic() - started, options, grader_digest,
                        not_folders=files_among(plan.root),
                        shard=None if options.shard is None else shard_record(options.shard, plan.everyone))
    _write_class_files(plan.out, batch)
    return batch


# --- gradebook, summary, class report -------------------------------------------------------


def lesson_scores(run: RunResult) -> dict[str, float]:
    return {lesson.lesson: lesson.score for lesson in run.lessons}


def summary(batch: BatchResult) -> dict[str, Any]:
    totals = [s.run.score for s in batch.students]
    statuses = [s.status for s in batch.students]
    return {
        "kind": SUMMARY_KIND,
        "schema_version": SUMMARY_VERSION,
        "grader": {"version": __version__, "fingerprint": batch.grader_fingerprint},
        "options": {"jobs": batch.options.jobs, "seed": batch.options.seed,
                    "timeout_scale": batch.options.timeout_scale},
        "lessons": [{"id": lesson.id, "max_score": sum(e.points for e in lesson.exercises)}
                    for lesson in batch.lessons],
        "max_score": sum(e.points for lesson in batch.lessons for e in lesson.exercises),
        "students": [{
            "student": s.student, "file": f"{s.student}.json", "status": s.status,
            "score": round(s.run.score, 6), "lessons": {k: round(v, 6) for k, v in lesson_scores(s.run).items()},
            "seconds": round(s.seconds, 3), "note": s.note,
        } for s in batch.students],
        "stats": {
            "students": len(totals),
            "mean": round(statistics.fmean(totals), 4) if totals else 0.0,
            "median": round(statistics.median(totals), 4) if totals else 0.0,
            "min": min(totals, default=0.0), "max": max(totals, default=0.0),
            **{status: statuses.count(status)
               for status in ("graded", "unchanged", "timeout", "crashed", "unreadable")},
        },
        "elapsed": round(batch.elapsed, 3),
        "graded_per_minute": round(batch.per_minute(), 2),
        "notes": batch.notes,
        "not_folders": list(batch.not_folders),
        **({"shard": batch.shard} if batch.shard is not None else {}),
    }


def render_class_report(out: Path, batch: BatchResult, lang: str = "en") -> Path:
    """Write the gradebook and the instructor's page, ``class.html``, beside the results.

    The same files, in the same layout, as ``grade report --class`` writes: one writer each
    (``grader.reporters.gradebook``, ``render_class``). Returns the page's path.
    """
    from grader.classroom.standing import class_standing
    from grader.course import load_course
    from grader.reporters.gradebook import render_csv
    from grader.reporters.html_report import render_class

    standing = class_standing(load_course(), {s.student: s.run for s in batch.students}, str(out))
    write_atomic(out / "gradebook.csv", render_csv(standing, {s.student: (s.status, s.note) for s in batch.students}))
    page = out / "class.html"
    write_atomic(page, render_class(standing, lang, gradebook="gradebook.csv"))
    return page
