"""The parent's side of the sandbox: start the zygote, fork workers, call with deadlines.

Everything that comes back from a worker is untrusted: frames are size-capped and
decoded by ``codec``; output is drained while waiting so a chatty worker cannot block;
a worker that overruns its deadline is killed with its whole process group.
"""

from __future__ import annotations

import json
import os
import secrets
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, Protocol

from grader.sandbox import framing, placement
from grader.sandbox.limits import MODES, Limits

_BOOT = (
    "import sys, json; sys.path[:] = json.loads(sys.argv[4]); sys.path.insert(0, sys.argv[1]); "
    "from grader.sandbox.zygote import main; main(int(sys.argv[2]), sys.argv[1], sys.argv[3])"
)
_BOOT_WHEN_TOLD = (
    "import sys, json; sys.path[:] = json.loads(sys.argv[3]); sys.path.insert(0, sys.argv[1]); "
    "from grader.sandbox.zygote import main_when_told; main_when_told(int(sys.argv[2]), sys.argv[1])"
)


def _interpreter_path() -> list[str]:
    """The zygote's import path: this interpreter's own folders (stdlib, site-packages).

    The zygote runs without ``site`` (``-S``): no ``.pth`` processing, which saves a good
    share of its start-up, and nothing else on the path: not the working directory, not
    the reference solutions, not the project; learner code sees the standard library,
    the installed packages, and its own workspace.
    """
    import site
    import sysconfig

    prefixes = tuple(os.path.realpath(p) for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
    folders = [p for p in sys.path if p and os.path.realpath(p).startswith(prefixes)]
    for extra in (*site.getsitepackages(), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")):
        if extra not in folders and os.path.isdir(extra):
            folders.append(extra)
    return folders
_IMPORT_ROOT = str(Path(__file__).resolve().parents[2])
_CONTROL_TIMEOUT = 60.0  # seconds the zygote may take to answer (it boots on the first one)
_EXIT_GRACE = 0.5  # seconds a worker that closed its connection gets to finish exiting
MAX_ASKED = 64  # lesson files a worker may ask for during one request (a course has a dozen)


def child_environment(home: str | None = None) -> dict[str, str]:
    """The clean environment learner code sees: no secrets, one BLAS thread."""
    home = home or tempfile.gettempdir()
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": home,
        "TMPDIR": home,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }
    return env


def isolation_wanted(limits: Limits) -> bool:
    """Confinement is used unless the limits or ``GRADE_ISOLATION=0`` turn it off."""
    return limits.isolation and os.environ.get("GRADE_ISOLATION", "1").strip() not in ("0", "no", "off")


def confinement_wanted(limits: Limits) -> str:
    """The mechanism asked for: ``GRADE_CONFINEMENT`` (to force one), else the limits'.

    ``auto`` lets the zygote take the strongest the system allows; a forced mechanism that
    is not available falls back to the next weaker one, and ``info()`` says which was used.
    """
    if not isolation_wanted(limits):
        return "plain"
    forced = os.environ.get("GRADE_CONFINEMENT", "").strip().lower()
    return forced if forced in ("auto", *MODES) else limits.confinement



def _cleaned(reply: dict[str, Any]) -> dict[str, Any]:
    """``codec.cleaned``, imported at the first reply: the codec imports NumPy, and the
    zygote must start booting before this process pays for that import (``api.open_sandbox``)."""
    from grader.sandbox import codec

    cleaned: Any = codec.cleaned(reply)
    return cleaned  # type: ignore[no-any-return]

@dataclass(frozen=True)
class ExitStatus:
    """How a worker process ended: an exit code or a signal number, and its CPU time.

    ``killed`` says the sandbox had to kill it (it did not end on its own); ``unknown``
    that its status could not be learnt (the zygote itself was gone).
    """

    code: int | None = None
    signal: int | None = None
    cpu: float | None = None
    killed: bool = False
    unknown: bool = False

    def describe(self) -> str:
        if self.signal is not None:
            try:
                name = signal.Signals(self.signal).name
            except ValueError:
                name = f"signal {self.signal}"
            return name
        return f"exit code {self.code}"

    @classmethod
    def from_reply(cls, reply: dict[str, Any]) -> ExitStatus:
        cpu = reply.get("cpu")
        return cls(code=int(reply["exit"]) if "exit" in reply else None,
                   signal=int(reply["signal"]) if "signal" in reply else None,
                   cpu=float(cpu) if isinstance(cpu, (int, float)) else None,
                   killed=bool(reply.get("killed")), unknown=bool(reply.get("unknown")))


class WorkerTimeout(Exception):
    """The worker did not answer before its deadline; it has been killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no answer within {seconds:.1f} s")
        self.seconds = seconds


class WorkerDied(Exception):
    """The worker ended (or broke its connection) while a request was outstanding.

    ``garbled`` says it sent something that is not a frame of the protocol.
    """

    def __init__(self, status: ExitStatus, garbled: bool = False) -> None:
        super().__init__(f"the process ended ({status.describe()})")
        self.status = status
        self.garbled = garbled


class WorkerOutputLimit(Exception):
    """The worker printed more than it was allowed; it has been killed."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"printed more than {limit} bytes")
        self.limit = limit


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


class Nursery(Protocol):
    """Where zygotes can be forked from instead of started (``grader.sandbox.nursery``)."""

    @property
    def alive(self) -> bool: ...

    def spawn(self, options: dict[str, Any], fd: int) -> Any:
        """A zygote serving ``fd``, as a process handle (poll, wait, kill); ``OSError`` if not."""
        ...


class Zygote:
    """The clean NumPy-loaded process that forks workers.

    A new interpreter, or, given a ``nursery`` (a batch opens one sandbox per submission),
    forked from that warm interpreter: the same zygote without its own start-up.
    """

    def __init__(self, options: dict[str, Any] | None = None, nursery: Nursery | None = None,
                 early: EarlyZygote | None = None) -> None:
        self._process: Any = None
        if early is not None:
            self._from_early(early, options or {})
        if self._process is None and nursery is not None and nursery.alive:
            self._from_nursery(nursery, options or {})
        if self._process is None:
            self._sock, self._process = start_helper(
                _BOOT, lambda fd: [fd, json.dumps(options or {}), json.dumps(_interpreter_path())],
                _CONTROL_TIMEOUT)
        self._info: dict[str, Any] | None = None
        self._lock = threading.Lock()  # one request and its reply at a time (lessons may run in threads)

    def _from_nursery(self, nursery: Nursery, options: dict[str, Any]) -> None:
        """Fork the zygote from ``nursery``; leaves ``_process`` None if it could not.

        A socket pair of its own: after a failure a zygote may still hold its end, and the
        zygote started instead must not share it."""
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            process = nursery.spawn(options, child.fileno())
        except OSError:
            parent.close()
            return
        finally:
            child.close()
        self._sock = parent
        self._sock.settimeout(_CONTROL_TIMEOUT)
        self._process = process

    def _from_early(self, early: EarlyZygote, options: dict[str, Any]) -> None:
        """Tell the zygote started early its options; leaves ``_process`` None (and ends
        that process) if it is gone. The message waits in the socket until it has booted."""
        try:
            early.sock.send(json.dumps({"options": options}).encode("utf-8"))
        except OSError:
            early.close()
            return
        self._sock, self._process = early.sock, early.process

    def channel(self) -> socket.socket:
        """A second control socket to this zygote, for a grading process this one forks
        (``grader.two_processes``): each process asks on its own, and the zygote answers
        each on its own, so neither waits on the other's lock. Give it to the forked
        process (``after_fork``) and close this process's copy."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            reply = self._ask({"op": "channel"}, [theirs.fileno()])
        finally:
            theirs.close()
        if reply.get("ok") is not True:
            mine.close()
            raise SandboxError("the sandbox's helper process opened no second channel")
        mine.settimeout(_CONTROL_TIMEOUT)
        return mine

    def after_fork(self, channel: socket.socket) -> None:
        """In the forked grading process: ask on ``channel`` from now on (the control socket
        stays the parent's), under a lock of its own."""
        self._lock = threading.Lock()
        self._inherited = True  # not this process's child: ``Popen.poll`` would call it gone
        self._sock.close()  # this process's copy of the parent's control socket: the parent keeps it
        self._sock = channel

    def _ask(self, message: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        data = json.dumps(message).encode("utf-8")
        try:
            with self._lock:
                if fds:
                    socket.send_fds(self._sock, [data], fds)
                else:
                    self._sock.send(data)
                reply = self._sock.recv(1 << 16)
        except OSError as exc:  # includes the control timeout
            raise SandboxError(f"the sandbox's helper process is gone: {exc}") from exc
        if not reply:
            raise SandboxError("the sandbox's helper process ended unexpectedly")
        result: dict[str, Any] = json.loads(reply)
        return result

    def fork(self, config: dict[str, Any], conn_fd: int, out_fd: int) -> int:
        reply = self._ask({"op": "fork", "config": config}, [conn_fd, out_fd])
        return int(reply["pid"])

    def reap(self, pid: int, kill: bool = True, grace: float = 0.0) -> ExitStatus:
        """End worker ``pid`` (now, or after ``grace`` s) and everything it left behind."""
        return ExitStatus.from_reply(self._ask({"op": "reap", "pid": pid, "kill": kill,
                                                "grace": grace}))

    def info(self) -> dict[str, Any]:
        """How the zygote is confined (see ``confine``); asked once."""
        if self._info is None:
            self._info = self._ask({"op": "info"})
        return self._info

    @property
    def alive(self) -> bool:
        if getattr(self, "_inherited", False) and isinstance(self._process, subprocess.Popen):
            return _running(self._process.pid)  # another process's child: poll cannot wait for it
        return self._process.poll() is None

    def close(self) -> None:
        end_helper(self._sock, self._process)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not ended (Linux: not a zombie either)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return False


class EarlyZygote:
    """A zygote's interpreter started before its options are known (``start_zygote_early``)."""

    def __init__(self) -> None:
        self.sock, self.process = start_helper(
            _BOOT_WHEN_TOLD, lambda fd: [fd, json.dumps(_interpreter_path())], _CONTROL_TIMEOUT)

    def close(self) -> None:
        """End it unused: it reads the socket's end, and exits."""
        end_helper(self.sock, self.process)


def start_zygote_early() -> EarlyZygote | None:
    """Start the next sandbox's zygote now, before the grader has read its command line.

    A zygote's start is an interpreter importing NumPy, a tenth of a second; the grader
    meanwhile imports the same and more. Started only once the sandbox asks, the zygote
    is the last to be ready, and the first lesson waits for it. Started here, it boots
    beside the grader's own imports and then waits for its options (which folders to
    cover, which confinement) from ``Sandbox``: what learner code meets is unchanged.
    ``None`` where it cannot start (the sandbox then starts one the usual way)."""
    try:
        return EarlyZygote()
    except OSError:
        return None


def start_helper(boot: str, arguments: Callable[[str], list[str]], timeout: float
                 ) -> tuple[socket.socket, subprocess.Popen[bytes]]:
    """Start a helper interpreter (a zygote, a nursery) running ``boot``, with the project's
    folder and ``arguments(fd)`` after it, ``fd`` being its end of a new control socket;
    returns this side's end (``timeout`` on every call) and the process."""
    parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    parent.settimeout(timeout)
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-B", "-c", boot, _IMPORT_ROOT, *arguments(str(child.fileno()))],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=child_environment(), start_new_session=True)
    except BaseException:
        parent.close()
        raise
    finally:
        child.close()
    placement.place_helper(process.pid)
    return parent, process


def end_helper(sock: socket.socket, process: Any) -> None:
    """Close a helper's control socket (it exits when it reads the end), then wait two
    seconds for it, and kill it if it is still there (a zygote, a nursery)."""
    try:
        sock.close()
    finally:
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_config(workspace: Path, module: str, limits: Limits, scratch: Path,
                  cpu_total: float | None, cpus: frozenset[int] | None = None) -> dict[str, Any]:
    """What a worker is told when it starts (both runners send the same); ``cpus``: where
    it runs, if not where the zygote does (``grader.two_processes``)."""
    config: dict[str, Any] = {
        "workspace": str(workspace),
        "module": module,
        "scratch": str(scratch),
        "limits": limits.to_dict(),
        "cpu_total": cpu_total,
        "env": child_environment(str(scratch)),
    }
    if cpus:
        config["cpus"] = sorted(cpus)
    return config


class Worker:
    """One forked child holding one imported learner module."""

    def __init__(self, sandbox: Sandbox, workspace: Path, module: str, limits: Limits,
                 scratch: Path, cpu_total: float | None = None) -> None:
        self._sandbox = sandbox
        self.output = Output(limits.output)
        self._start(sandbox, worker_config(workspace, module, limits, scratch, cpu_total, sandbox.worker_cpus))
        self._sock.setblocking(False)
        self._out_open = True
        # The protocol's state, the same whichever way the worker was started
        # (``portable.SocketWorker`` overrides ``_start`` only).
        self._reader = framing.FrameReader()
        self._calls = 0
        self._nonce = secrets.token_hex(8)
        self._selector: selectors.BaseSelector | None = None
        self._inbox = memoryview(bytearray(1 << 18))  # what one read of a reply may take
        self.status: ExitStatus | None = None
        self.progress: Any = None

    def _start(self, sandbox: Sandbox, config: dict[str, Any]) -> None:
        """Start the worker process: sets ``_zygote``, ``pid``, ``_sock`` (its connection)
        and ``_out`` (its output, non-blocking)."""
        parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        out_r, out_w = os.pipe()
        try:
            self._zygote = sandbox.zygote()
            self.pid = self._zygote.fork(config, child_sock.fileno(), out_w)
        except BaseException:
            parent_sock.close()
            os.close(out_r)
            raise
        finally:
            child_sock.close()
            os.close(out_w)
        self._sock = parent_sock
        self._out: Any = out_r
        os.set_blocking(out_r, False)

    @property
    def alive(self) -> bool:
        return self.status is None

    def request(self, message: dict[str, Any], timeout: float, output_room: int | None = None,
                lesson_file: Callable[[str], Any] | None = None) -> tuple[dict[str, Any], bytes]:
        """Send one request and wait for its reply; returns the reply and the output printed.

        Raises ``WorkerTimeout`` (worker killed), ``WorkerOutputLimit`` (it printed more
        than ``output_room`` bytes meanwhile; killed) or ``WorkerDied`` (with its status).
        Interim progress frames sent while the call runs are kept in ``self.progress``
        (the latest one), so that a call stopped at its deadline can still say how far
        it got. An interim frame that asks for a lesson file (``{"need": name}``, the worker
        importing a lesson module it was not sent) is answered with ``lesson_file(name)``
        (None: that name cannot be imported), at most ``MAX_ASKED`` times a request.
        """
        if self.status is not None:
            raise WorkerDied(self.status)
        self.progress = None
        deadline = time.monotonic() + max(timeout, 0.0)
        mark = len(self.output.data)
        printed_before = self.output.total
        # Every reply names the request it answers: a frame learner code forged into the
        # connection cannot stand for a later call's reply (the real one would then be a
        # frame too many, which ends the worker as garbled).
        self._calls += 1
        call_id = f"{self._nonce}-{self._calls}"
        payload = framing.pack({**message, "id": call_id})
        selector = self._watching()
        # Most requests fit the socket's buffer: sent at once, the wait is for the reply alone.
        sent = self._send_some(payload, 0)
        asked = 0  # lesson files the worker asked for meanwhile
        # Watch for room to write only while some of the request is unsent (a worker that
        # answered before reading all of the last one left that on: it would spin here).
        wanted = selectors.EVENT_READ | (selectors.EVENT_WRITE if sent < len(payload) else 0)
        if selector.get_key(self._sock).events != wanted:
            selector.modify(self._sock, wanted)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise WorkerTimeout(timeout)
            for key, events in selector.select(remaining):
                if key.fileobj == self._out:
                    if not self._drain_output():
                        selector.unregister(self._out)
                    if output_room is not None and self.output.total - printed_before > output_room:
                        self.kill()
                        raise WorkerOutputLimit(output_room)
                    continue
                if events & selectors.EVENT_WRITE and sent < len(payload):
                    sent = self._send_some(payload, sent)
                    if sent >= len(payload):
                        selector.modify(self._sock, selectors.EVENT_READ)
                if events & selectors.EVENT_READ:
                    try:
                        # Into a buffer kept for the worker's life: ``recv(1 << 20)`` would
                        # allocate (and map) a megabyte for every reply of a few hundred bytes.
                        size = self._sock.recv_into(self._inbox)
                    except BlockingIOError:
                        continue
                    except OSError:
                        size = 0
                    if not size:
                        self._died()
                    self._reader.feed(self._inbox[:size])
                    while True:
                        try:
                            reply = self._reader.take()
                        except framing.FrameError:
                            self._garbled()
                        if reply is None:
                            break
                        if isinstance(reply, dict) and self._answered(reply.get("id")):
                            continue  # a second reply to a call already answered: one was forged
                        if not isinstance(reply, dict) or reply.get("id") != call_id:
                            self._garbled()
                        if not self._reader.plain:
                            reply = _cleaned(reply)
                        if reply.get("interim") is True:
                            if "need" not in reply:
                                self.progress = reply.get("progress")
                                continue
                            asked += 1
                            if asked > MAX_ASKED:
                                self._garbled()
                            name = reply["need"] if type(reply["need"]) is str and len(reply["need"]) <= 200 else ""
                            found = lesson_file(name) if lesson_file is not None and name else None
                            payload = payload + framing.pack({"id": call_id, "need": name, "source": found})
                            sent = self._send_some(payload, sent)
                            if sent < len(payload):
                                selector.modify(self._sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
                            continue
                        self._drain_output()
                        # The reply can arrive before all the output was read: the limit
                        # is checked on everything printed, whichever came first.
                        if output_room is not None and self.output.total - printed_before > output_room:
                            self.kill()
                            raise WorkerOutputLimit(output_room)
                        return reply, bytes(self.output.data[mark:])

    def _watching(self) -> selectors.BaseSelector:
        """The worker's selector, made at its first request and kept until it ends: the
        connection registered for reading, and its output while that is open. One per
        request cost four system calls each time, a fifth of a call's round trip."""
        if self._selector is None:
            self._selector = selectors.DefaultSelector()
            self._selector.register(self._sock, selectors.EVENT_READ)
            if self._out_open:
                self._selector.register(self._out, selectors.EVENT_READ)
        return self._selector

    def _send_some(self, payload: bytes, sent: int) -> int:
        """Send what the socket takes now of ``payload`` from ``sent`` on; the new count.
        A connection the worker closed raises ``WorkerDied`` (``_died``)."""
        try:
            return sent + self._sock.send(payload[sent:sent + (1 << 20)])
        except BlockingIOError:
            return sent
        except OSError:
            self._died()

    def _answered(self, ident: Any) -> bool:
        """Whether ``ident`` names a request of this worker that already had its reply."""
        if not isinstance(ident, str) or not ident.startswith(self._nonce + "-"):
            return False
        number = ident[len(self._nonce) + 1:]
        return number.isdigit() and len(number) < 12 and int(number) < self._calls

    def _drain_output(self) -> bool:
        """Read what the worker printed; False once its output is closed."""
        if not self._out_open:
            return False
        while True:
            try:
                chunk = self._read_chunk()
            except BlockingIOError:
                return True
            except OSError:
                chunk = b""
            if not chunk:
                self._out_open = False
                return False
            self.output.add(chunk)

    def _read_chunk(self) -> bytes:
        """One read of the worker's output (non-blocking): a pipe here, a socket on Windows."""
        return os.read(self._out, 1 << 16)

    def _status(self) -> ExitStatus:
        assert self.status is not None
        return self.status

    def _died(self) -> NoReturn:
        """The connection ended: let the worker finish exiting, learn how, and raise."""
        self._sandbox.deaths += 1
        self._drain_output()
        self._end(kill=False)
        raise WorkerDied(self._status())

    def _garbled(self) -> NoReturn:
        """The worker sent what no reply is: kill it, and raise."""
        self.kill()
        self._sandbox.deaths += 1
        raise WorkerDied(self._status(), garbled=True) from None

    def _end(self, kill: bool) -> None:
        if self.status is not None:
            return
        try:
            self.status = self._zygote.reap(self.pid, kill=kill, grace=0.0 if kill else _EXIT_GRACE)
        except SandboxError:
            self.status = ExitStatus(code=-1, unknown=True)
        self._drain_output()
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        self._close_fds()

    def kill(self) -> None:
        """Kill the worker and everything it started, and reap it."""
        self._end(kill=True)

    def close(self) -> None:
        """End the worker (it holds nothing worth waiting for), and reap it."""
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
    """One per grading run: owns the zygote (started lazily, restarted if it dies).

    ``hidden`` folders (the reference solutions) are covered in the sandbox's mount
    namespace, and left out of what Landlock lets workers read (``confine``, ``landlock``).
    """

    def __init__(self, limits: Limits | None = None, hidden: tuple[Path, ...] = (),
                 alone: Path | None = None, nursery: Nursery | None = None,
                 early: EarlyZygote | None = None) -> None:
        self.limits = limits or Limits()
        self._zygote: Zygote | None = None
        self._nursery = nursery  # where its zygote is forked from, if not a new interpreter
        self._early = early  # its first zygote, started before it (``start_zygote_early``)
        self._scratch = tempfile.TemporaryDirectory(prefix="grade-scratch-", ignore_cleanup_errors=True)
        self._hidden = tuple(str(p) for p in hidden)
        # A folder whose every sibling is covered too (a class batch: the other submissions),
        # named by the folder, not listed: a class of thousands would not fit on a command line.
        self._alone = str(alone) if alone is not None else None
        self._lock = threading.Lock()
        self.deaths = 0
        """Workers that ended on their own (or were garbled) and zygotes found dead: with
        lessons side by side, one lesson's code may have ended another's worker."""
        self.worker_cpus: frozenset[int] | None = None
        """Where this process's workers run, when not where the zygote does."""

    shares_with_fork = True  # a forked grading process may use it too (``share_with_fork``)

    def share_with_fork(self) -> socket.socket:
        """Ready the sandbox for a second grading process forked from this one: its zygote
        started, its confinement learnt, and a control channel of the forked process's
        own to it, returned (``after_fork``)."""
        zygote = self.zygote()
        zygote.info()
        return zygote.channel()

    def after_fork(self, channel: socket.socket, cpus: frozenset[int]) -> None:
        """In the forked grading process: the zygote asked on ``channel``, its own lock, and
        its workers on ``cpus``."""
        self._lock = threading.Lock()
        assert self._zygote is not None
        self._zygote.after_fork(channel)
        self.worker_cpus = cpus

    @property
    def hidden(self) -> tuple[str, ...]:
        """The folders learner code must not see (the references): the grader sends no
        source from them either."""
        return self._hidden

    def start(self) -> None:
        """Start the zygote now, so its interpreter boots while the caller does other work."""
        self.zygote()

    def zygote(self) -> Zygote:
        with self._lock:
            if self._zygote is None or not self._zygote.alive:
                if self._zygote is not None:
                    self.deaths += 1
                    self._zygote.close()
                self._zygote = self._helper({"confinement": confinement_wanted(self.limits),
                                             "writable": [self._scratch.name], "hidden": list(self._hidden),
                                             "alone": self._alone})
            return self._zygote

    def _helper(self, options: dict[str, Any]) -> Zygote:
        """The process that starts workers: the zygote (``portable.PortableSandbox``: a spawner)."""
        early, self._early = self._early, None
        return Zygote(options, nursery=self._nursery, early=early)

    def confinement(self) -> dict[str, Any]:
        """What the sandbox could set up here (namespaces, read-only files, ...)."""
        return self.zygote().info()

    def worker(self, workspace: Path, module: str, limits: Limits | None = None,
               cpu_total: float | None = None) -> Worker:
        scratch = Path(tempfile.mkdtemp(prefix=f"{module}-", dir=self._scratch.name))
        return Worker(self, workspace, module, limits or self.limits, scratch, cpu_total)

    def close(self) -> None:
        if self._early is not None:  # never asked for
            self._early.close()
            self._early = None
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None
        self._scratch.cleanup()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
