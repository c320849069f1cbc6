"""Zygotes forked from one warm interpreter, for a process that opens sandbox after sandbox.

A class batch grades each submission in a sandbox of its own (its own mount namespace,
its classmates' folders covered), so each needs a zygote of its own. Started the usual
way, every zygote is a new interpreter importing NumPy: a tenth of a second or more of
CPU per submission. The nursery is that interpreter started once: NumPy and the
sandbox's modules imported, nothing else done. For each sandbox it forks; the child is
a zygote exactly as ``zygote.main`` makes one (its own session, parent-death signal,
confinement from the sandbox's options), so what learner code meets is unchanged.

The nursery never reads a reference or a submission, and runs no learner code: it is as
clean as a zygote before its confinement. It is not dumpable (no same-user ptrace), and
dies with the grader (parent-death signal), taking the zygotes with it.

Each zygote is known to the grader by a pidfd the nursery opens before anything can reap
the child, so that an ended zygote is seen as ended, and a kill never reaches a reused
pid. Where pidfds are missing (Linux before 5.3, other systems), there is no nursery:
``available`` is false and sandboxes start zygotes the usual way.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from typing import Any

_BOOT = (
    "import sys, json; sys.path[:] = json.loads(sys.argv[3]); sys.path.insert(0, sys.argv[1]); "
    "from grader.sandbox.nursery import serve; serve(int(sys.argv[2]), sys.argv[1])"
)
# Seconds the nursery may take to answer (it may still be booting at the first request).
# A nursery that does not answer in time (stopped by learner code, where nothing confines
# it) is given up: later sandboxes start their zygotes the usual way, not after a wait each.
_CONTROL_TIMEOUT = 15.0


def available() -> bool:
    """Whether zygotes can be forked from a nursery here (Linux with pidfds)."""
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open") and hasattr(os, "fork") \
        and hasattr(signal, "pidfd_send_signal")


class Nursery:
    """The grader's handle on its nursery process (see the module)."""

    def __init__(self) -> None:
        from grader.sandbox.runner import _interpreter_path, start_helper

        self._sock, self._process = start_helper(_BOOT, lambda fd: [fd, json.dumps(_interpreter_path())],
                                                 _CONTROL_TIMEOUT)
        self._lock = threading.Lock()
        self._given_up = False

    @property
    def alive(self) -> bool:
        return not self._given_up and self._process.poll() is None

    def spawn(self, options: dict[str, Any], fd: int) -> NurseryChild:
        """A new zygote serving ``fd`` (its end of the control socket), known by its pidfd.

        Raises ``OSError`` if the nursery is gone or did not answer; it is then given up
        for good (the caller starts a zygote itself, and so do later sandboxes)."""
        data = json.dumps({"options": options}).encode("utf-8")
        with self._lock:
            if self._given_up:
                raise OSError("the nursery was given up")
            try:
                socket.send_fds(self._sock, [data], [fd])
                reply, fds, _flags, _address = socket.recv_fds(self._sock, 1 << 12, 1)
            except OSError:
                self._give_up()
                raise
            if not reply or len(fds) != 1:
                for extra in fds:
                    os.close(extra)
                self._give_up()
                raise OSError("the nursery did not start a zygote")
        return NurseryChild(fds[0])

    def _give_up(self) -> None:
        """Stop using the nursery, and end it (a stopped process is killed, not waited for)."""
        self._given_up = True
        self._process.kill()

    def close(self) -> None:
        from grader.sandbox.runner import end_helper

        end_helper(self._sock, self._process)


class NurseryChild:
    """A zygote the nursery forked, as ``Zygote`` needs its process: poll, wait, kill."""

    def __init__(self, pidfd: int) -> None:
        self._pidfd: int | None = pidfd

    def poll(self) -> int | None:
        """None while it runs; 0 once it has ended (its exit status is the nursery's)."""
        if self._pidfd is None:
            return 0
        readable, _, _ = select.select([self._pidfd], [], [], 0)
        return 0 if readable else None

    def wait(self, timeout: float | None = None) -> int:
        if self._pidfd is not None:
            readable, _, _ = select.select([self._pidfd], [], [], timeout)
            if not readable:
                raise subprocess.TimeoutExpired("zygote", timeout or 0.0)
            os.close(self._pidfd)
            self._pidfd = None
        return 0

    def kill(self) -> None:
        if self._pidfd is not None:
            try:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            except ProcessLookupError:
                pass


def serve(fd: int, import_root: str) -> None:
    """The nursery: import what a zygote needs, then fork one per request; never returns."""
    from grader.sandbox import confine, tracing, zygote
    from grader.sandbox.platform import set_parent_death_signal

    tracing.remember_own_code()  # once for all its zygotes: NumPy's code, before any learner's

    set_parent_death_signal()
    confine.set_not_dumpable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle
    sock = socket.socket(fileno=fd)
    while True:
        try:
            data, fds, _flags, _address = socket.recv_fds(sock, 1 << 16, 1)
        except OSError:
            os._exit(0)
        _reap()
        if not data or len(fds) != 1:
            os._exit(0)
        options = json.loads(data)["options"]
        pid = os.fork()
        if pid == 0:
            try:
                sock.close()
                os.setsid()  # its own session and group, as a zygote started by Popen
                confine.set_dumpable()  # as a started zygote, until it confines itself (user namespaces)
                zygote.main(fds[0], import_root, json.dumps(options))
            finally:
                os._exit(1)
        os.close(fds[0])
        try:
            pidfd = os.pidfd_open(pid)  # before any wait: the pid cannot be reused meanwhile
        except OSError:
            socket.send_fds(sock, [b"{}"], [])
            continue
        socket.send_fds(sock, [json.dumps({"pid": pid}).encode()], [pidfd])
        os.close(pidfd)


def _reap() -> None:
    """Collect zygotes that have ended (their pidfds already say so to the grader)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
