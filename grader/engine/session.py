"""One lesson's connection to learner code: a worker, restarted after a crash or timeout.

It turns sandbox events into check signals with words a learner understands, and keeps
each exercise's time budget: every call made for an exercise draws on the same budget.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

from grader.engine.declare import LearnerError, LearnerTimeout
from grader.engine.observation import Observation, Raised, from_reply
from grader.i18n import Text, tr
from grader.sandbox import codec, probes
from grader.sandbox.limits import Limits
from grader.sandbox.runner import ExitStatus, Sandbox, Worker, WorkerDied, WorkerTimeout


class ImportFailed(Exception):
    """The learner module could not be imported; every exercise of the lesson is affected."""

    def __init__(self, message: Text, details: str = "", timeout: bool = False) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = details
        self.timeout = timeout


def died_message(func: str, status: ExitStatus, limits: Limits) -> Text:
    """Words for a worker that ended while running ``func``."""
    if status.signal == signal.SIGSEGV:
        return tr("{func} crashed the Python process with SIGSEGV (a segmentation fault).",
                  "{func} 使 Python 进程崩溃（SIGSEGV，段错误）。", func=func)
    if status.signal == signal.SIGXCPU:
        return tr("{func} used more than {cpu} s of CPU time.",
                  "{func} 占用的 CPU 时间超过 {cpu} 秒。", func=func, cpu=limits.cpu)
    if status.signal == signal.SIGXFSZ:
        return tr("{func} wrote a file larger than the grader allows.",
                  "{func} 写入的文件超过了评分器允许的大小。", func=func)
    if status.signal is not None:
        return tr("{func} killed the Python process ({name}).",
                  "{func} 使 Python 进程被终止（{name}）。", func=func, name=status.describe())
    return tr("{func} exited the process (exit code {code}, e.g. os._exit): return a value instead.",
              "{func} 退出了进程（退出码 {code}，例如 os._exit）：请返回结果，而不是退出。",
              func=func, code=status.code)


class LessonSession:
    """Calls into one learner module, with per-exercise time budgets."""

    def __init__(self, sandbox: Sandbox, workspace: Path, module: str, limits: Limits) -> None:
        self._sandbox = sandbox
        self._workspace = workspace
        self._module = module
        self.limits = limits
        self._worker: Worker | None = None
        self._budget: dict[str, float] = {}
        self.output = bytearray()
        self.output_total = 0

    @property
    def sandbox(self) -> Sandbox:
        return self._sandbox

    @property
    def workspace(self) -> Path:
        return self._workspace

    def set_budget(self, exercise: str, seconds: float) -> None:
        self._budget[exercise] = seconds * self.limits.timeout_scale

    def remaining(self, exercise: str) -> float:
        return self._budget.get(exercise, 10.0)

    def _retire(self) -> None:
        if self._worker is not None:
            self.output += self._worker.output.data[: max(0, self.limits.output - len(self.output))]
            self.output_total += self._worker.output.total
            self._worker.close()
            self._worker = None

    def close(self) -> None:
        self._retire()

    def start(self, exercise: str) -> Worker:
        """A live worker with the learner module imported (import failures raise)."""
        if self._worker is not None and self._worker.alive:
            return self._worker
        self._retire()
        worker = self._sandbox.worker(self._workspace, self._module, self.limits)
        self._worker = worker
        started = time.monotonic()
        try:
            reply, _out = worker.request({"op": "import"}, self.remaining(exercise))
        except WorkerTimeout as exc:
            raise ImportFailed(
                tr("importing {module}.py took longer than {s:.0f} s: does code at the top level "
                   "of the file loop or wait?",
                   "导入 {module}.py 超过 {s:.0f} 秒：文件顶层的代码是否在循环或等待？",
                   module=self._module, s=exc.seconds), timeout=True) from None
        except WorkerDied as exc:
            raise ImportFailed(died_message(f"importing {self._module}.py", exc.status,
                                            self.limits)) from None
        finally:
            self._budget[exercise] = self.remaining(exercise) - (time.monotonic() - started)
        if "raised" in reply:
            raised = reply["raised"]
            line = ""
            frames = raised.get("frames") or []
            location = raised.get("location") or {}
            if location.get("line"):
                line = f"{location.get('file') or self._module + '.py'}, line {location['line']}"
            elif frames:
                line = f"{frames[-1][0]}, line {frames[-1][1]}"
            where = f" ({line})" if line else ""
            error = f"{raised.get('type')}: {raised.get('message')}"
            raise ImportFailed(
                tr("{module}.py could not be imported{where}: {error}",
                   "无法导入 {module}.py{where}：{error}",
                   module=self._module, where=where, error=error),
                str(raised.get("traceback", "")))
        return worker

    def call(self, exercise: str, func: str, args: tuple[Any, ...], kwargs: dict[str, Any],
             handle: int | None = None, watch: tuple[probes.Probe, ...] = ()) -> Observation:
        worker = self.start(exercise)
        message: dict[str, Any] = {
            "op": "call",
            "args": codec.encode_args(list(args)),
            "kwargs": codec.encode_args(dict(kwargs)),
        }
        if watch:
            message["watch"] = [probe.to_dict() for probe in watch]
        if handle is None:
            message["func"] = func
        else:
            message["handle"] = handle
        budget = self.remaining(exercise)
        started = time.monotonic()
        try:
            if budget <= 0:
                raise WorkerTimeout(0.0)
            reply, out = worker.request(message, budget)
        except WorkerTimeout:
            progress = probes.read(worker.progress) if watch else None
            self._retire()
            total = self._budget.get(exercise, 0.0)
            raise LearnerTimeout(
                tr("timed out after {s:.1f} s in {func}: is there an endless loop, or a very slow one?",
                   "{func} 超时（{s:.1f} 秒）：是否有死循环，或者循环太慢？", s=total, func=func),
                progress=progress,
            ) from None
        except WorkerDied as exc:
            self._retire()
            raise LearnerError(died_message(func, exc.status, self.limits)) from None
        finally:
            self._budget[exercise] = budget - (time.monotonic() - started)
        if reply.get("missing"):
            raise LearnerError(tr("there is no function named {func} in {module}.py: "
                                  "keep the name and signature from the contract.",
                                  "{module}.py 中没有名为 {func} 的函数：请保持约定的函数名和签名。",
                                  func=func, module=self._module))
        if reply.get("handling"):
            raised = reply.get("raised", {})
            raise LearnerError(
                tr("{func} returned a value the grader could not read ({error}).",
                   "{func} 返回的值无法被评分器读取（{error}）。",
                   func=func, error=f"{raised.get('type')}: {raised.get('message')}"))
        try:
            return from_reply(func, reply, out)
        except (codec.DecodeError, KeyError, TypeError, ValueError) as exc:
            raise LearnerError(tr("{func} returned a value the grader could not read ({error}).",
                                  "{func} 返回的值无法被评分器读取（{error}）。",
                                  func=func, error=str(exc)[:200])) from None


__all__ = ["ImportFailed", "LessonSession", "Raised"]
