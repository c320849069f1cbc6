"""One lesson's connection to learner code: a worker, restarted after a crash or timeout.

It turns sandbox events into check signals with words a learner understands, and keeps
each exercise's budgets: every call made for an exercise draws on the same wall-clock
time, CPU time and output allowance. Each limit a call hits has its own verdict.
"""

from __future__ import annotations

import difflib
import errno
import signal
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from grader.checking import LearnerError, LearnerLimit, LearnerMissing, LearnerTimeout
from grader.engine.observation import Observation, Raised, from_reply
from grader.i18n import Text, tr
from grader.numeric.labels import bilingual
from grader.reading.source import read_source_bytes
from grader.sandbox import codec, probes
from grader.sandbox import sources as sandbox_sources
from grader.sandbox.limits import Limits, format_seconds, format_size
from grader.sandbox.platform import signal_number
from grader.sandbox.runner import (
    ExitStatus,
    Sandbox,
    Worker,
    WorkerDied,
    WorkerOutputLimit,
    WorkerTimeout,
)
from grader.sandbox.worker import EXIT_CONNECTION, EXIT_MEMORY


class ImportFailed(Exception):
    """The learner module could not be imported; every exercise of the lesson is affected."""

    def __init__(self, message: Text, details: str | Text = "", timeout: bool = False) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = bilingual(details)
        self.timeout = timeout


def memory_message(func: str, limits: Limits) -> Text:
    return tr("{func} used more than {size} of memory (the grader's limit): is an array or list "
              "growing without end, or far larger than the inputs?",
              "{func} 使用的内存超过 {size}（评分器的上限）：是否有数组或列表无限增长，或远大于输入？",
              func=func, size=format_size(limits.memory))


def died_message(func: str, status: ExitStatus, limits: Limits, cpu: float | None = None,
                 garbled: bool = False, cpu_total: float | None = None) -> Text:
    """Words for a worker that ended while running ``func``.

    ``cpu`` is the exercise's CPU-time limit, ``cpu_total`` the worker's (its hard limit).
    """
    if garbled:
        return tr("{func} sent the grader data it could not read (it wrote into the grader's "
                  "connection): nothing it returned can be checked.",
                  "{func} 向评分器发送了无法读取的数据（写入了评分器的连接）：其结果无法检查。",
                  func=func)
    if status.killed:
        return tr("{func} broke the worker's connection to the grader (e.g. closed a file "
                  "descriptor it did not open), so the grader stopped it.",
                  "{func} 破坏了与评分器的连接（例如关闭了不属于它的文件描述符），评分器已将其终止。",
                  func=func)
    if status.signal == signal.SIGSEGV:
        return tr("{func} crashed with SIGSEGV (a segmentation fault: memory was accessed wrongly, "
                  "e.g. through ctypes or infinite recursion).",
                  "{func} 崩溃（SIGSEGV，段错误：错误地访问了内存，例如通过 ctypes 或无限递归）。",
                  func=func)
    if cpu_limit_hit(status, cpu_total):
        limit = format_seconds(cpu) if cpu is not None else "its"
        return tr("{func} used more than {cpu} of CPU time (the grader's limit): is there an "
                  "endless loop, or work running in several threads?",
                  "{func} 占用的 CPU 时间超过 {cpu}（评分器的上限）：是否有死循环，或在多个线程中运行？",
                  func=func, cpu=limit)
    if status.signal is not None and status.signal == signal_number("SIGXFSZ"):
        return tr("{func} wrote a file larger than {size} (the grader's limit).",
                  "{func} 写入的文件超过 {size}（评分器的上限）。",
                  func=func, size=format_size(limits.file_size))
    if status.signal is not None:
        return tr("{func} crashed with {name}: the process running it was killed.",
                  "{func} 崩溃（{name}）：运行它的进程被终止。", func=func, name=status.describe())
    if status.unknown:
        return tr("{func} ended the process running it (it was killed from outside, or killed "
                  "the grader's helper process).",
                  "{func} 结束了运行它的进程（被外部终止，或终止了评分器的辅助进程）。", func=func)
    if status.code == EXIT_CONNECTION:
        return tr("{func} broke the worker process that runs it (it closed the worker's "
                  "connection to the grader, or replaced something the worker needs), so the "
                  "worker stopped.",
                  "{func} 破坏了运行它的工作进程（关闭了与评分器的连接，或替换了工作进程需要的对象），"
                  "工作进程已停止。",
                  func=func)
    if status.code == EXIT_MEMORY:
        return memory_message(func, limits)
    return tr("{func} exited the process (os._exit({code}), or a library ended it): return a "
              "value instead.",
              "{func} 退出了进程（os._exit({code})，或某个库结束了进程）：请返回结果，而不是退出。",
              func=func, code=status.code)


def cpu_limit_hit(status: ExitStatus, cpu_total: float | None) -> bool:
    """SIGXCPU (the per-exercise soft limit), or SIGKILL at the worker's hard limit."""
    if status.signal is None:  # an exit code; and Windows has neither signal
        return False
    return status.signal == signal_number("SIGXCPU") or (
        status.signal == signal_number("SIGKILL") and not status.killed and cpu_total is not None
        and status.cpu is not None and status.cpu >= cpu_total)


def suggestion(name: str, names: list[str]) -> Text:
    """``; did you mean dott?`` when a defined name is close to the one asked for."""
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:
        return Text("", "")
    return tr(" Did you mean {other}? Rename it to {name}.", "是否想写 {other}？请改名为 {name}。",
              other=close[0], name=name)


class LessonSession:
    """Calls into one learner module, with per-exercise budgets of time, CPU and output."""

    def __init__(self, sandbox: Sandbox, workspace: Path, module: str, limits: Limits,
                 cpu_total: float | None = None,
                 sources: Mapping[str, tuple[str, bytes] | None] | None = None,
                 lessons: Sequence[str] = (),
                 more: Callable[[str], tuple[str, bytes] | None] | None = None,
                 refused: Callable[[str], Text | None] | None = None) -> None:
        """``sources``: the bytes the worker runs for these lesson module names, sent with the
        import (``None``: that lesson cannot be imported); without it, ``module``'s file is
        read here, once. ``lessons`` names every lesson module: the worker imports none of
        them but from bytes this process read, and asks for those not sent when it first
        imports them, which ``more`` reads (``grader.engine.run.LessonFiles``), and ``refused``
        says why a file was not given."""
        self._sandbox = sandbox
        self._workspace = workspace
        self._module = module
        if sources is None:
            path = workspace / f"{module}.py"
            try:
                sources = {module: (str(path), read_source_bytes(path))}
            except OSError:
                sources = {module: None}
        self._sources = sandbox_sources.encode(sources)
        self._lessons = [name for name in lessons if name not in self._sources]
        self._more = more
        self._refused = refused
        self.limits = limits
        self._cpu_total = cpu_total
        self._worker: Worker | None = None
        self._budget: dict[str, float] = {}
        self._wall: dict[str, float] = {}
        # What is left of, and what was given for, the calls without a limit of their own.
        self._untimed: dict[str, float] = {}
        self._untimed_wall: dict[str, float] = {}
        self._cpu: dict[str, float] = {}
        self._cpu_limit: dict[str, float] = {}
        self._printed: dict[str, int] = {}
        self._dirty = False
        self.output = bytearray()
        self.output_total = 0
        # The seed drawn from the submission (``Context.seed``), once for the session: a
        # lesson's checks all see the same files, and drawing it reads the folder and hashes
        # the source, which every check repeated.
        self.drawn_seed: int | None = None

    @property
    def sandbox(self) -> Sandbox:
        return self._sandbox

    @property
    def workspace(self) -> Path:
        return self._workspace

    def set_budget(self, exercise: str, seconds: float, cpu: float | None = None,
                   untimed: float | None = None) -> None:
        """Start an exercise: its wall-clock and CPU budgets, in seconds, and the part of the
        wall clock its calls without a ``limit`` of their own may use together (``None``: all)."""
        if self._dirty:  # the last exercise left threads or processes running
            self._retire()
        self._budget[exercise] = seconds
        self._wall[exercise] = seconds
        if untimed is None:
            self._untimed.pop(exercise, None)
            self._untimed_wall.pop(exercise, None)
        else:
            self._untimed[exercise] = self._untimed_wall[exercise] = untimed
        self._cpu[exercise] = seconds if cpu is None else cpu
        self._cpu_limit[exercise] = self._cpu[exercise]

    def remaining(self, exercise: str) -> float:
        return self._budget.get(exercise, 10.0)

    def charge(self, exercise: str, seconds: float) -> None:
        """Count time spent on an exercise's behalf outside its own calls."""
        self._budget[exercise] = self.remaining(exercise) - seconds

    def _output_room(self, exercise: str) -> int:
        return max(0, self.limits.output - self._printed.get(exercise, 0))

    def _lesson_file(self, name: str) -> dict[str, Any] | None:
        """The encoded bytes of lesson module ``name`` for a worker that imports it (None: it
        cannot be imported); ``more`` reads each file once per lesson, whichever worker asks."""
        if name in self._sources:
            found: dict[str, Any] | None = self._sources[name]
            return found
        if name not in self._lessons or self._more is None:
            return None
        given: dict[str, Any] | None = sandbox_sources.encode({name: self._more(name)})[name]
        return given

    def _retire(self) -> None:
        self._dirty = False
        if self._worker is not None:
            self.output += self._worker.output.data[: max(0, self.limits.output - len(self.output))]
            self.output_total += self._worker.output.total
            self._worker.close()
            self._worker = None

    def close(self) -> None:
        self._retire()

    def _request(self, worker: Worker, exercise: str, message: dict[str, Any], budget: float
                 ) -> tuple[dict[str, Any], bytes]:
        """One request, drawing on the exercise's budgets."""
        message["cpu"] = max(self._cpu.get(exercise, budget), 0.0)
        started = time.monotonic()
        printed = worker.output.total
        try:
            return worker.request(message, budget, self._output_room(exercise), self._lesson_file)
        finally:
            self._budget[exercise] = budget - (time.monotonic() - started)
            self._printed[exercise] = self._printed.get(exercise, 0) + worker.output.total - printed

    def _request_limited(self, worker: Worker, exercise: str, message: dict[str, Any], limit: float
                         ) -> tuple[dict[str, Any], bytes]:
        """A request with its own wall-clock and CPU limit, charged to the exercise afterwards."""
        left, cpu_left = self.remaining(exercise), self._cpu.get(exercise, limit)
        self._cpu[exercise] = limit
        try:
            return self._request(worker, exercise, message, limit)
        finally:
            used = limit - self._budget[exercise]
            self._budget[exercise] = left - used
            self._cpu[exercise] = cpu_left

    def _request_untimed(self, worker: Worker, exercise: str, message: dict[str, Any], budget: float
                         ) -> tuple[dict[str, Any], bytes]:
        """A request drawing on both the exercise's budget and its untimed calls' share of it
        (``budget``, the smaller of what is left of the two)."""
        left = self.remaining(exercise)
        try:
            return self._request(worker, exercise, message, budget)
        finally:
            used = budget - self._budget[exercise]
            self._budget[exercise] = left - used
            self._untimed[exercise] = self._untimed[exercise] - used

    def _cpu_used(self, exercise: str, reply: dict[str, Any]) -> None:
        used = reply.get("cpu_used")
        if isinstance(used, (int, float)) and used > 0:
            self._cpu[exercise] = self._cpu.get(exercise, 0.0) - float(used)

    def start(self, exercise: str) -> Worker:
        """A live worker with the learner module imported (import failures raise)."""
        if self._worker is not None and self._worker.alive:
            return self._worker
        self._retire()
        forking = time.monotonic()
        worker = self._sandbox.worker(self._workspace, self._module, self.limits, self._cpu_total)
        self._budget[exercise] = self.remaining(exercise) - (time.monotonic() - forking)
        self._worker = worker
        what = f"importing {self._module}.py"
        try:
            reply, _out = self._request(worker, exercise, {"op": "import", "sources": self._sources,
                                                           "lessons": self._lessons},
                                        self.remaining(exercise))
        except WorkerTimeout as exc:
            raise ImportFailed(
                tr("importing {module}.py took longer than {s}: does code at the top level "
                   "of the file loop or wait?",
                   "导入 {module}.py 超过 {s}：文件顶层的代码是否在循环或等待？",
                   module=self._module, s=format_seconds(self._wall.get(exercise, exc.seconds))),
                timeout=True) from None
        except WorkerOutputLimit:
            raise ImportFailed(self._output_message(what)) from None
        except WorkerDied as exc:
            raise ImportFailed(self._died(what, exercise, exc)) from None
        self._cpu_used(exercise, reply)
        if "raised" in reply:
            raised = reply["raised"] if isinstance(reply["raised"], dict) else {}
            raise ImportFailed(self._import_error(raised), str(raised.get("traceback", "")))
        return worker

    def _import_error(self, raised: dict[str, Any]) -> Text:
        line = ""
        frames = raised.get("frames") or []
        location = raised.get("location") or {}
        if location.get("line"):
            line = codec.safe_line(f"{location.get('file') or self._module + '.py'}, line {location['line']}")
        elif frames and isinstance(frames[-1], list) and len(frames[-1]) >= 2:
            line = codec.safe_line(f"{frames[-1][0]}, line {frames[-1][1]}")
        where = f" ({line})" if line else ""
        kind = codec.safe_line(str(raised.get("type"))[:100])
        package = codec.safe_line(str(raised.get("name") or "")[:200])
        if kind == "ModuleNotFoundError" and package == self._module:
            # The grader read the file, but learner code cannot: a link out of the workspace
            # (to the covered references, say) or a file only its owner may read.
            return tr("{module}.py could not be read in the sandbox, where the code runs: is it a "
                      "link to a file outside the workspace, or a file other users may not read? "
                      "Put the file itself in the workspace, readable by all (chmod a+r).",
                      "在运行代码的沙箱中无法读取 {module}.py：它是否是指向工作区之外文件的链接，"
                      "或是其他用户无权读取的文件？请把文件本身放进工作区，并让所有人可读（chmod a+r）。",
                      module=self._module)
        why = self._refused(package) if self._refused is not None and package in self._lessons else None
        if kind == "ModuleNotFoundError" and why is not None:
            return tr("{where} imports {package}, but {file} {why}: learner code runs only the lesson "
                      "files the grader read in the workspace.",
                      "{where} 导入了 {package}，但 {file} {why}：学习者代码只运行评分器在工作区中读取的课时文件。",
                      where=line or f"{self._module}.py", package=package, file=f"{package}.py", why=why)
        if kind == "ModuleNotFoundError" and package:
            return tr("{where} imports {package}, which is not installed here: the course needs "
                      "only NumPy and the standard library (remove the import, or install "
                      "{package} if it is yours).",
                      "{where} 导入了 {package}，但这里没有安装：本课程只需要 NumPy 和标准库"
                      "（请删除该导入；若是你自己的模块，请安装 {package}）。",
                      where=line or f"{self._module}.py", package=package.split(".")[0])
        if kind == "MemoryError" and not raised.get("explicit"):
            return memory_message(f"importing {self._module}.py", self.limits)
        if kind == "SystemExit":
            return tr("importing {module}.py exited the process (sys.exit({code})): code at the top "
                      "level of the file must not exit.",
                      "导入 {module}.py 时退出了进程（sys.exit({code})）：文件顶层的代码不能退出。",
                      module=self._module, code=codec.safe_line(str(raised.get("message"))[:300]))
        error = f"{kind}: {codec.safe_line(str(raised.get('message'))[:2000])}"
        return tr("{module}.py could not be imported{where}: {error}",
                  "无法导入 {module}.py{where}：{error}",
                  module=self._module, where=where, error=error)

    def _died(self, func: str, exercise: str, exc: WorkerDied) -> Text:
        return died_message(func, exc.status, self.limits, self._cpu_limit.get(exercise),
                            exc.garbled, self._cpu_total)

    def _output_message(self, func: str) -> Text:
        return tr("{func} printed more than {size} (the grader's limit per exercise); it was "
                  "stopped and the rest of its output dropped. Remove the prints in loops.",
                  "{func} 打印的输出超过 {size}（评分器对每个练习的上限）；已被终止，其余输出被丢弃。"
                  "请删除循环中的 print。",
                  func=func, size=format_size(self.limits.output))

    def call(self, exercise: str, func: str, args: tuple[Any, ...], kwargs: dict[str, Any],
             handle: int | None = None, watch: tuple[probes.Probe, ...] = (),
             limit: float | None = None, trace: tuple[str, ...] | None = None,
             trace_only: bool = False) -> Observation:
        """One call into learner code; the observation's ``elapsed`` is timed here, by the parent.

        ``limit`` gives the call its own wall-clock and CPU limit in seconds (a training the
        contract times), whatever earlier calls of the exercise used; the time is still
        charged to the exercise's budget. Without it the call draws on what is left.
        ``trace`` names forbidden operations the child watches for during the call
        (``grader.sandbox.tracing``); the observation's ``traced`` lists those reached.
        ``trace_only`` marks a call made only to watch: its arrays are traced, its value
        not sent back.
        """
        worker = self.start(exercise)
        message: dict[str, Any] = {
            "op": "call",
            "args": codec.encode_args(list(args)),
            "kwargs": codec.encode_args(dict(kwargs)),
        }
        if watch:
            message["watch"] = [probe.to_dict() for probe in watch]
        if trace is not None:
            message["trace"] = list(trace)
            message["trace_only"] = trace_only
        if handle is None:
            message["func"] = func
        else:
            message["handle"] = handle
        budget = self.remaining(exercise) if limit is None else limit
        untimed = self._untimed.get(exercise) if limit is None else None
        shown = self._wall.get(exercise, budget) if limit is None else limit
        if untimed is not None and untimed < budget:  # the untimed calls' share binds first
            budget, shown = untimed, self._untimed_wall[exercise]
        started = time.monotonic()
        try:
            if budget <= 0:
                raise WorkerTimeout(0.0)
            if limit is not None:
                reply, out = self._request_limited(worker, exercise, message, limit)
            elif untimed is not None:
                reply, out = self._request_untimed(worker, exercise, message, budget)
            else:
                reply, out = self._request(worker, exercise, message, budget)
        except WorkerTimeout:
            progress = probes.read(worker.progress) if watch else None
            self._retire()
            raise LearnerTimeout(
                tr("timed out after {s} in {func}: is there an endless loop, or a very slow one?",
                   "{func} 超时（{s}）：是否有死循环，或者循环太慢？",
                   s=format_seconds(shown), func=func),
                progress=progress,
            ) from None
        except WorkerOutputLimit:
            self._retire()
            raise LearnerLimit(self._output_message(func)) from None
        except WorkerDied as exc:
            self._retire()
            if cpu_limit_hit(exc.status, self._cpu_total):
                raise LearnerLimit(self._died(func, exercise, exc)) from None
            raise LearnerError(self._died(func, exercise, exc)) from None
        self._cpu_used(exercise, reply)
        if reply.get("left_running"):
            self._dirty = True
        if reply.get("missing"):
            names = [codec.safe_line(n[:100]) for n in reply.get("names", [])[:200] if isinstance(n, str)]
            raise LearnerMissing(tr("there is no function named {func} in {module}.py: "
                                    "keep the name and signature from the contract.",
                                    "{module}.py 中没有名为 {func} 的函数：请保持约定的函数名和签名。",
                                    func=func, module=self._module) + suggestion(func, names))
        raised = reply.get("raised") if isinstance(reply.get("raised"), dict) else None
        if raised is not None and "MemoryError" in (raised.get("mro") or []) and not raised.get("explicit"):
            self._retire()  # memory may still be held: the next call starts afresh
            raise LearnerError(memory_message(func, self.limits))
        if raised is not None and raised.get("errno") == errno.EROFS:
            raise LearnerError(tr("{func} tried to write outside its scratch folder: learner code "
                                  "may only write in the folder it starts in.",
                                  "{func} 试图在临时工作目录之外写文件：学习者代码只能在其起始目录中写入。",
                                  func=func), codec.safe_line(str(raised.get("message", ""))[:300]))
        if raised is not None and raised.get("errno") == errno.EFBIG:
            raise LearnerError(tr("{func} wrote a file larger than {size} (the grader's limit).",
                                  "{func} 写入的文件超过 {size}（评分器的上限）。",
                                  func=func, size=format_size(self.limits.file_size)))
        if reply.get("handling"):
            raise LearnerError(
                tr("{func} returned a value the grader could not read ({error}).",
                   "{func} 返回的值无法被评分器读取（{error}）。",
                   func=func, error=codec.safe_line(f"{raised.get('type') if raised else '?'}: "
                                                    f"{raised.get('message') if raised else ''}"[:500])))
        elapsed = time.monotonic() - started
        try:
            return from_reply(func, reply, out, elapsed)
        except (codec.DecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LearnerError(tr("{func} returned a value the grader could not read ({error}).",
                                  "{func} 返回的值无法被评分器读取（{error}）。",
                                  func=func, error=str(exc)[:200])) from None


__all__ = ["ImportFailed", "LessonSession", "Raised"]
