"""The portable runner: workers started as new interpreters, for where fork is not safe.

The fork runner needs Linux: ``os.fork`` after NumPy is imported, ``resource`` limits,
namespaces and Landlock. Windows has none of them, and on macOS forking a process that
has imported NumPy is unsafe (Accelerate and some OpenBLAS builds keep threads and locks
a forked child inherits broken). ``platform.runner_wanted`` picks this runner there, and
on Linux when ``GRADE_RUNNER=portable``.

``PortableSandbox`` is ``runner.Sandbox`` with a ``Spawner`` where the zygote stands (the
sandbox asks it to "fork" a worker and to "reap" it), so ``runner.Worker`` and
``worker.run`` serve both runners: the same requests, replies, deadlines and output caps
(``choice.new_sandbox`` picks the sandbox). What differs:

- **start**: a worker is a new interpreter (``spawned``). ``SPARES`` are kept *warm*:
  spawned in advance, NumPy imported, waiting for a lesson; handing a lesson over takes
  milliseconds, and the next spare starts booting at once.
- **time**: the parent's own clock, as in the fork runner; at the deadline the worker is
  killed (its process group on POSIX, its job object on Windows). The CPU-time limit is
  ``RLIMIT_CPU`` where ``resource`` exists, none on Windows (the wall clock still holds).
- **memory**: ``RLIMIT_AS`` on Linux; a job object's memory limit on Windows
  (``winjob``); none on macOS, whose kernel does not enforce an address-space limit, and
  the confinement report says so.
- **output**: capped by the parent while it reads, as in the fork runner.
- **not protected** (the report lists it; docs/security.md): files, network and other
  processes of the user, as in the fork runner's ``plain`` mode; also, with no zygote as
  a child subreaper, a process learner code detaches (``setsid``) outlives its worker on
  POSIX, and learner code can signal the grader itself.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from grader.sandbox import framing, winjob
from grader.sandbox.limits import Limits
from grader.sandbox.platform import kill_group, optional_module, signal_number
from grader.sandbox.runner import (
    _IMPORT_ROOT,
    ExitStatus,
    Sandbox,
    SandboxError,
    Worker,
    Zygote,
    _interpreter_path,
    child_environment,
)
from grader.sandbox.spawned import READY

_BOOT = (
    "import sys, json; sys.path[:] = json.loads(sys.argv[3]); sys.path.insert(0, sys.argv[1]); "
    "from grader.sandbox.spawned import main; main(sys.argv[1], sys.argv[2])"
)
# Workers kept booted ahead of need: two, so that lessons graded side by side (``--jobs``)
# rarely wait for an interpreter's start, at the cost of one idle interpreter's memory.
SPARES = 2
_READY_TIMEOUT = 60.0  # seconds a spare may take to boot (NumPy's import on a loaded machine)
_SEND_TIMEOUT = 10.0  # seconds a booted spare may take to read its lesson's configuration
WINDOWS = sys.platform == "win32"

# Windows exit codes (NTSTATUS) of a crash, reported as the signal a POSIX worker gets.
_CRASHES = {0xC0000005: "SIGSEGV", 0xC00000FD: "SIGSEGV", 0xC0000409: "SIGABRT"}


def protection() -> dict[str, Any]:
    """What the portable runner enforces here, and what it does not protect."""
    has_rlimits = optional_module("resource") is not None
    if WINDOWS:
        memory = "job object"
    elif sys.platform.startswith("linux") and has_rlimits:
        memory = "RLIMIT_AS"
    else:
        memory = "none"
    unprotected = ["files", "network", "processes", "grader"]
    if memory == "none":
        unprotected.append("memory")
    if not WINDOWS:
        unprotected.append("detached-processes")
    return {"memory_limit": memory, "cpu_limit": "RLIMIT_CPU" if has_rlimits else "none",
            "unprotected": unprotected}


def _platform_environment() -> dict[str, str]:
    """What Windows cannot start Python and NumPy without (nothing elsewhere)."""
    if not WINDOWS:
        return {}
    return {name: os.environ[name] for name in ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "PATH")
            if name in os.environ}


def _environment() -> dict[str, str]:
    """The spare's environment: the clean one, plus what the platform needs."""
    return {**child_environment(), **_platform_environment()}


@dataclass
class _Process:
    """A spawned interpreter: a spare until it is handed a lesson, then a worker."""

    popen: subprocess.Popen[bytes]
    control: socket.socket | None = None  # POSIX: the hand-over channel
    job: int | None = None  # Windows: its job object
    relay: threading.Thread | None = None  # Windows: output pipe -> socket
    started: float = field(default_factory=time.monotonic)
    booted: bool = False  # POSIX: it said READY

    @property
    def pid(self) -> int:
        return int(self.popen.pid)


class Spawner(Zygote):
    """The portable runner's stand-in for the zygote: spawns workers, keeps ``SPARES`` warm.

    Spares are spawned by one long-lived thread, so that a worker's parent (for Linux's
    parent-death signal, which follows the thread that started the process) lives as
    long as the sandbox.
    """

    def __init__(self, options: dict[str, Any] | None = None, sockets: bool = WINDOWS) -> None:
        self._options = options or {}
        self._sockets = sockets  # hand lessons over as on Windows (``hand_over``)
        self._cond = threading.Condition()
        self._spares: list[_Process] = []  # oldest (most likely booted) first
        self._error: BaseException | None = None
        self._closed = False
        self._workers: dict[int, _Process] = {}
        self._info: dict[str, Any] | None = None
        self._thread = threading.Thread(target=self._keep_spare, name="grade-spawner", daemon=True)
        self._thread.start()

    # -- spares ---------------------------------------------------------------------------

    def _spawn(self) -> _Process:
        command = [sys.executable, "-I", "-S", "-B", "-c", _BOOT, _IMPORT_ROOT]
        paths = json.dumps(_interpreter_path())
        if self._sockets:
            flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | getattr(subprocess, "CREATE_NO_WINDOW", 0)
            popen = subprocess.Popen([*command, "stdin", paths], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=_environment(), creationflags=flags if WINDOWS else 0,
                                     start_new_session=not WINDOWS)
            return _Process(popen)
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            popen = subprocess.Popen([*command, str(child.fileno()), paths], pass_fds=(child.fileno(),),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, env=_environment(),
                                     start_new_session=True)
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        return _Process(popen, control=parent)

    @property
    def spare(self) -> _Process | None:
        """The spare the next lesson gets (None while none is started)."""
        with self._cond:
            return self._spares[0] if self._spares else None

    def _keep_spare(self) -> None:
        while True:
            with self._cond:
                while not self._closed and (len(self._spares) >= SPARES or self._error is not None):
                    self._cond.wait()
                if self._closed:
                    return
            try:
                spare: _Process | None = self._spawn()
                error: BaseException | None = None
            except BaseException as exc:  # e.g. too many processes: fork() reports it
                spare, error = None, exc
            with self._cond:
                if self._closed:
                    if spare is not None:
                        self._end(spare)
                    return
                if spare is not None:
                    self._spares.append(spare)
                self._error = error
                self._cond.notify_all()

    def _take_spare(self) -> _Process:
        deadline = time.monotonic() + _READY_TIMEOUT
        with self._cond:
            while not self._spares and self._error is None and not self._closed:
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    break
            spare, error = (self._spares.pop(0) if self._spares else None), self._error
            self._error = None
            self._cond.notify_all()
        if spare is None:
            raise SandboxError(f"a worker process could not be started: {error or 'timed out'}")
        return spare

    def _ready(self, spare: _Process) -> bool:
        """Wait until the spare has booted (POSIX); False if it died meanwhile."""
        if spare.control is None or spare.booted:
            return spare.popen.poll() is None
        spare.control.settimeout(max(0.1, _READY_TIMEOUT - (time.monotonic() - spare.started)))
        try:
            spare.booted = spare.control.recv(1) == READY
        except OSError:
            return False
        return spare.booted

    # -- the zygote's interface -------------------------------------------------------------

    def fork(self, config: dict[str, Any], conn_fd: int, out_fd: int) -> int:
        """Hand a lesson to a warm spare (the first that is alive); returns its pid."""
        config = self._adapt(config)
        for _attempt in range(3):  # learner code may have killed the spare
            spare = self._take_spare()
            if not self._ready(spare):
                self._end(spare)
                continue
            assert spare.control is not None
            try:
                # ``_ready`` may have left a short timeout: a loaded machine needs longer.
                spare.control.settimeout(_SEND_TIMEOUT)
                payload = framing.pack(config)
                sent = socket.send_fds(spare.control, [payload], [conn_fd, out_fd])
                # Only what is left: a spare that has read it all closes its end at once,
                # and even an empty send to a closed end fails (a working worker killed).
                if sent < len(payload):
                    spare.control.sendall(payload[sent:])
            except OSError:
                self._end(spare)
                continue
            spare.control.close()
            spare.control = None
            with self._cond:
                self._workers[spare.pid] = spare
            return spare.pid
        raise SandboxError("worker processes die as soon as they start")

    def hand_over(self, config: dict[str, Any], output: socket.socket) -> tuple[int, socket.socket]:
        """Windows (no Unix sockets, no descriptors to pass): hand a lesson to a spare.

        Its stdin gets the configuration and where to connect: a loopback port this
        process listens on for this one connection, and a random token the spare sends
        first (any other connection is refused). Its stdout, the output channel, is
        relayed into ``output``. Returns the worker's pid and its connection.
        """
        config = self._adapt(config)
        for _attempt in range(3):
            spare = self._take_spare()
            popen = spare.popen
            assert popen.stdin is not None and popen.stdout is not None
            token = os.urandom(16).hex()
            with socket.create_server(("127.0.0.1", 0)) as listener:
                try:
                    message = {"port": listener.getsockname()[1], "token": token, "config": config}
                    popen.stdin.write(json.dumps(message).encode() + b"\n")
                    popen.stdin.close()
                    conn = _accept(listener, token, spare)
                except OSError:
                    conn = None
            if conn is None:
                self._end(spare)
                self._close(spare)
                continue
            if WINDOWS:
                memory = config.get("limits", {}).get("memory")
                spare.job = winjob.confine(int(popen._handle), memory)  # type: ignore[attr-defined]
            spare.relay = threading.Thread(target=_relay, args=(popen.stdout, output), daemon=True)
            spare.relay.start()
            with self._cond:
                self._workers[spare.pid] = spare
            return spare.pid, conn
        raise SandboxError("worker processes die as soon as they start")

    def _adapt(self, config: dict[str, Any]) -> dict[str, Any]:
        config = dict(config)
        if protection()["memory_limit"] == "none":  # say none rather than pretend one
            config["limits"] = {**config.get("limits", {}), "memory": None}
        if WINDOWS:
            config["env"] = {**config.get("env", {}), **_platform_environment()}
        return config

    def reap(self, pid: int, kill: bool = True, grace: float = 0.0) -> ExitStatus:
        """End worker ``pid`` (now, or after ``grace`` s) and whatever it left in its group."""
        with self._cond:
            process = self._workers.pop(pid, None)
        if process is None:
            return ExitStatus(code=-1, unknown=True)
        status = self._wait(process, grace if not kill else 0.0)
        killed = status is None
        if status is None:
            self._end(process)
            status = self._wait(process, 5.0) or ExitStatus(code=-1, unknown=True)
        elif not WINDOWS:
            kill_group(pid)  # processes it started in its group (not detached ones)
        self._close(process)
        return ExitStatus(status.code, status.signal, status.cpu, killed=killed, unknown=status.unknown)

    def _wait(self, process: _Process, seconds: float) -> ExitStatus | None:
        """How the process ended, waiting up to ``seconds``; None if it is still running."""
        deadline = time.monotonic() + seconds
        while True:
            status = _poll(process)
            if status is not None or time.monotonic() >= deadline:
                return status
            time.sleep(0.01)

    def _end(self, process: _Process) -> None:
        if process.job is not None:
            winjob.terminate(process.job)
        if WINDOWS:
            try:
                process.popen.kill()
            except OSError:
                pass
        else:
            kill_group(process.pid)
        if process.control is not None:
            process.control.close()
            process.control = None
        if process.popen.returncode is None and _poll(process) is None:
            try:
                process.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def _close(self, process: _Process) -> None:
        if process.job is not None:
            winjob.close(process.job)
            process.job = None
        # A relayed stdout is the relay's to close, when the pipe ends: closing it under a
        # thread that reads it could hand its descriptor number to another file.
        streams = (process.popen.stdin,) if process.relay is not None else (process.popen.stdin, process.popen.stdout)
        for stream in streams:
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass

    def info(self) -> dict[str, Any]:
        """The portable runner's report: ``plain``, and what it enforces and what not."""
        if self._info is None:
            self._info = {"mode": "plain", "runner": "portable", "namespaces": False,
                          "user_namespace": False, "read_only": False, "hidden": [], "proc": False,
                          "capabilities_dropped": False, "subreaper": False, "landlock": 0,
                          "network_filter": False, "setup_seconds": 0.0, **protection(),
                          "pid": os.getpid()}
        return self._info

    @property
    def alive(self) -> bool:
        return not self._closed

    def close(self) -> None:
        with self._cond:
            self._closed = True
            spares, self._spares = self._spares, []
            workers, self._workers = list(self._workers.values()), {}
            self._cond.notify_all()
        for process in spares + workers:
            self._end(process)
            self._close(process)


def _poll(process: _Process) -> ExitStatus | None:
    """The exit status if the process has ended (with its CPU time where ``wait4`` exists)."""
    popen = process.popen
    # os.wait4 builds its usage record with the resource module: without it, poll instead.
    if popen.returncode is None and hasattr(os, "wait4") and optional_module("resource") is not None:
        try:
            pid, raw, usage = os.wait4(popen.pid, os.WNOHANG)
        except ChildProcessError:
            return ExitStatus(code=-1, unknown=True)
        if pid == 0:
            return None
        popen.returncode = os.waitstatus_to_exitcode(raw)
        cpu = round(usage.ru_utime + usage.ru_stime, 3)
        return _status(popen.returncode, cpu)
    code = popen.poll()
    return None if code is None else _status(code, None)


def _status(code: int, cpu: float | None) -> ExitStatus:
    if code < 0:
        return ExitStatus(signal=-code, cpu=cpu)
    crash = _CRASHES.get(code & 0xFFFFFFFF) if WINDOWS else None
    if crash is not None and signal_number(crash) is not None:
        return ExitStatus(signal=signal_number(crash), cpu=cpu)
    return ExitStatus(code=code, cpu=cpu)


def _accept(listener: socket.socket, token: str, spare: _Process) -> socket.socket | None:
    """The spare's connection to ``listener`` (it sends ``token`` first), or None if it died.

    The spare may still be importing NumPy: wait for it, as ``Spawner._ready`` does.
    """
    deadline = spare.started + _READY_TIMEOUT
    while time.monotonic() < deadline and spare.popen.poll() is None:
        listener.settimeout(min(0.5, max(0.01, deadline - time.monotonic())))
        try:
            conn, _address = listener.accept()
        except TimeoutError:
            continue
        except OSError:
            return None
        conn.settimeout(5.0)
        received = b""
        try:
            while len(received) < len(token):
                chunk = conn.recv(len(token) - len(received))
                if not chunk:
                    break
                received += chunk
        except OSError:
            pass
        if received == token.encode():
            conn.settimeout(None)
            return conn
        conn.close()  # not the spare: some other local process
    return None


def _relay(source: IO[bytes], target: socket.socket) -> None:
    """Windows: copy a worker's output pipe into the socket the parent selects on.

    The spare's first line (``READY``) is its own, not learner output: dropped.
    """
    first = True
    try:
        while True:
            chunk = os.read(source.fileno(), 1 << 16)
            if not chunk:
                break
            if first:
                first = False
                if chunk.startswith(READY + b"\r\n"):
                    chunk = chunk[len(READY) + 2:]
                elif chunk.startswith(READY + b"\n"):
                    chunk = chunk[len(READY) + 1:]
            if chunk:
                target.sendall(chunk)
    except OSError:
        pass
    finally:
        for end in (target, source):
            try:
                end.close()
            except OSError:
                pass


class PortableSandbox(Sandbox):
    """A sandbox whose workers are spawned (``Spawner``), not forked from a zygote.

    ``sockets`` hands lessons over as on Windows (loopback socket, relayed output): the
    default there, and how the tests run that path on Linux.
    """

    shares_with_fork = False  # its spawner keeps state a forked process cannot share

    def __init__(self, limits: Limits | None = None, hidden: tuple[Path, ...] = (),
                 sockets: bool = WINDOWS) -> None:
        super().__init__(limits, hidden)
        self.sockets = sockets

    def _helper(self, options: dict[str, Any]) -> Zygote:
        return Spawner(options, sockets=self.sockets)

    def worker(self, workspace: Path, module: str, limits: Limits | None = None,
               cpu_total: float | None = None) -> Worker:
        if not self.sockets:
            return super().worker(workspace, module, limits, cpu_total)
        scratch = Path(tempfile.mkdtemp(prefix=f"{module}-", dir=self._scratch.name))
        return SocketWorker(self, workspace, module, limits or self.limits, scratch, cpu_total)


class SocketWorker(Worker):
    """A worker reached through sockets only (Windows: no Unix sockets, no select on pipes).

    Its output arrives through a socket the spawner's relay thread feeds; everything else
    is ``runner.Worker``.
    """

    def _start(self, sandbox: Sandbox, config: dict[str, Any]) -> None:
        """Hand the lesson to a spare through the spawner (``Spawner.hand_over``); the
        rest (call ids, frame limits, deadlines, output caps) is ``runner.Worker``'s."""
        out_r, out_w = socket.socketpair()
        try:
            zygote = sandbox.zygote()
            if not isinstance(zygote, Spawner):
                raise SandboxError("only the portable runner works here")
            self._zygote = zygote
            self.pid, self._sock = zygote.hand_over(config, out_w)
        except BaseException:
            out_r.close()
            out_w.close()
            raise
        out_r.setblocking(False)
        self._out = out_r

    def _read_chunk(self) -> bytes:
        out: socket.socket = self._out
        return out.recv(1 << 16)

    def _close_fds(self) -> None:
        out: socket.socket = self._out
        try:
            self._sock.close()
        finally:
            out.close()
