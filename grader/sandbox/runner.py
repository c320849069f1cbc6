"""The parent's side of the sandbox: start the zygote, fork workers, call with deadlines.

Everything that comes back from a worker is untrusted: frames are size-capped and
decoded by ``codec``; output is drained while waiting so a chatty worker cannot block;
a worker that overruns its deadline is killed with its whole process group.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.sandbox import framing
from grader.sandbox.limits import Limits

_BOOT = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from grader.sandbox.zygote import main; main(int(sys.argv[2]), sys.argv[1])"
)
_IMPORT_ROOT = str(Path(__file__).resolve().parents[2])


def child_environment() -> dict[str, str]:
    """The clean environment learner code sees: no secrets, one BLAS thread."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": tempfile.gettempdir(),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }
    return env


@dataclass(frozen=True)
class ExitStatus:
    """How a worker process ended: an exit code or a signal number."""

    code: int | None = None
    signal: int | None = None

    def describe(self) -> str:
        if self.signal is not None:
            try:
                name = signal.Signals(self.signal).name
            except ValueError:
                name = f"signal {self.signal}"
            return name
        return f"exit code {self.code}"


class WorkerTimeout(Exception):
    """The worker did not answer before its deadline; it has been killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no answer within {seconds:.1f} s")
        self.seconds = seconds


class WorkerDied(Exception):
    """The worker ended while a request was outstanding."""

    def __init__(self, status: ExitStatus) -> None:
        super().__init__(f"the process ended ({status.describe()})")
        self.status = status


class SandboxError(Exception):
    """The sandbox itself failed (not learner code): a grader problem."""


@dataclass
class Output:
    """Captured stdout/stderr of one worker, capped."""

    limit: int
    data: bytearray = field(default_factory=bytearray)
    total: int = 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self.limit - len(self.data)
        if room > 0:
            self.data += chunk[:room]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.data)


class Zygote:
    """The clean NumPy-loaded process that forks workers."""

    def __init__(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._sock = parent
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-B", "-c", _BOOT, _IMPORT_ROOT, str(child.fileno())],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=child_environment(),
            start_new_session=True,
        )
        child.close()

    def _ask(self, message: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        data = json.dumps(message).encode("utf-8")
        try:
            if fds:
                socket.send_fds(self._sock, [data], fds)
            else:
                self._sock.send(data)
            reply = self._sock.recv(1 << 16)
        except OSError as exc:
            raise SandboxError(f"the sandbox's helper process is gone: {exc}") from exc
        if not reply:
            raise SandboxError("the sandbox's helper process ended unexpectedly")
        result: dict[str, Any] = json.loads(reply)
        return result

    def fork(self, config: dict[str, Any], conn_fd: int, out_fd: int) -> int:
        reply = self._ask({"op": "fork", "config": config}, [conn_fd, out_fd])
        return int(reply["pid"])

    def wait(self, pid: int) -> ExitStatus:
        reply = self._ask({"op": "wait", "pid": pid})
        if "signal" in reply:
            return ExitStatus(signal=int(reply["signal"]))
        return ExitStatus(code=int(reply.get("exit", -1)))

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        try:
            self._sock.close()
        finally:
            try:
                self._process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


class Worker:
    """One forked child holding one imported learner module."""

    def __init__(self, sandbox: Sandbox, workspace: Path, module: str, limits: Limits,
                 scratch: Path) -> None:
        self._sandbox = sandbox
        self.output = Output(limits.output)
        parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        out_r, out_w = os.pipe()
        config = {
            "workspace": str(workspace),
            "module": module,
            "scratch": str(scratch),
            "limits": limits.to_dict(),
            "env": child_environment(),
        }
        try:
            self.pid = sandbox.zygote().fork(config, child_sock.fileno(), out_w)
        finally:
            child_sock.close()
            os.close(out_w)
        self._sock = parent_sock
        self._sock.setblocking(False)
        self._out = out_r
        os.set_blocking(out_r, False)
        self._reader = framing.FrameReader()
        self.status: ExitStatus | None = None
        self.progress: Any = None

    @property
    def alive(self) -> bool:
        return self.status is None

    def request(self, message: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        """Send one request and wait for its reply; returns the reply and the output printed.

        Raises ``WorkerTimeout`` (worker killed) or ``WorkerDied`` (with its exit status).
        Interim progress frames sent while the call runs are kept in ``self.progress``
        (the latest one), so that a call stopped at its deadline can still say how far
        it got.
        """
        if self.status is not None:
            raise WorkerDied(self.status)
        self.progress = None
        deadline = time.monotonic() + max(timeout, 0.0)
        mark = len(self.output.data)
        payload = framing.pack(message)
        selector = selectors.DefaultSelector()
        try:
            selector.register(self._sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
            selector.register(self._out, selectors.EVENT_READ)
            sent = 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.kill()
                    raise WorkerTimeout(timeout)
                for key, events in selector.select(remaining):
                    if key.fileobj == self._out:
                        self._drain_output()
                        continue
                    if events & selectors.EVENT_WRITE and sent < len(payload):
                        try:
                            sent += self._sock.send(payload[sent:sent + (1 << 20)])
                        except BlockingIOError:
                            pass
                        except OSError:
                            self._died()
                        if sent >= len(payload):
                            selector.modify(self._sock, selectors.EVENT_READ)
                    if events & selectors.EVENT_READ:
                        try:
                            chunk = self._sock.recv(1 << 20)
                        except BlockingIOError:
                            continue
                        except OSError:
                            chunk = b""
                        if not chunk:
                            self._died()
                        self._reader.feed(chunk)
                        while True:
                            try:
                                reply = self._reader.take()
                            except framing.FrameError:
                                self.kill()
                                raise WorkerDied(ExitStatus(code=-1)) from None
                            if reply is None:
                                break
                            if not isinstance(reply, dict):
                                self.kill()
                                raise WorkerDied(ExitStatus(code=-1))
                            if reply.get("interim") is True:
                                self.progress = reply.get("progress")
                                continue
                            self._drain_output()
                            return reply, bytes(self.output.data[mark:])
        finally:
            selector.close()

    def _drain_output(self) -> None:
        while True:
            try:
                chunk = os.read(self._out, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                return
            if not chunk:
                return
            self.output.add(chunk)

    def _died(self) -> None:
        self._drain_output()
        self.kill()
        assert self.status is not None
        raise WorkerDied(self.status)

    def kill(self) -> None:
        """Kill the worker and everything in its process group, and reap it."""
        if self.status is not None:
            return
        for kill in (os.killpg, os.kill):
            try:
                kill(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.status = self._sandbox.zygote().wait(self.pid)
        except SandboxError:
            self.status = ExitStatus(code=-1)
        self._drain_output()
        self._close_fds()

    def close(self) -> None:
        """Let the worker exit on its own (end of stream), then reap it."""
        if self.status is not None:
            return
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.kill()

    def _close_fds(self) -> None:
        try:
            self._sock.close()
        finally:
            try:
                os.close(self._out)
            except OSError:
                pass


class Sandbox:
    """One per grading run: owns the zygote (started lazily, restarted if it dies)."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._zygote: Zygote | None = None
        self._scratch = tempfile.TemporaryDirectory(prefix="grade-scratch-")

    def start(self) -> None:
        """Start the zygote now, so its interpreter boots while the caller does other work."""
        self.zygote()

    def zygote(self) -> Zygote:
        if self._zygote is None or not self._zygote.alive:
            if self._zygote is not None:
                self._zygote.close()
            self._zygote = Zygote()
        return self._zygote

    def worker(self, workspace: Path, module: str, limits: Limits | None = None) -> Worker:
        scratch = Path(tempfile.mkdtemp(prefix=f"{module}-", dir=self._scratch.name))
        return Worker(self, workspace, module, limits or self.limits, scratch)

    def close(self) -> None:
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None
        self._scratch.cleanup()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
