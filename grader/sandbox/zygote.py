"""The zygote: a clean process with NumPy imported that forks one worker per request.

It never imports learner code or the course's references. Its control channel is a
SEQPACKET socket: each request is one JSON message; "fork" carries the worker's socket
and output pipe as passed file descriptors, "reap" ends a worker and reports how it
ended (exit code or signal, CPU time), "info" reports how the sandbox is confined.

At start it confines itself where the system allows (``confine``): with new namespaces
it forks once more and the child, PID 1 of the new PID namespace, becomes the zygote,
while the first process only waits for it. Either way it is a child subreaper: a learner
process that escapes its worker (double fork, ``setsid``) comes back to the zygote, which
kills it when its worker is reaped. Only the zygote forks workers, so every other child
it has is such an escapee.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import time
from collections.abc import Callable
from typing import Any

# NumPy is imported once here so every worker starts with it; and numpy.typing, because
# every lesson file (stub and reference) starts ``from numpy.typing import ArrayLike``:
# a worker importing it itself spent some 1.5 ms of each lesson's start on it. And
# numpy.random, which NumPy loads only when first used: the lessons that take an ``rng``
# (09, 11, 12) spent 9 ms of their first call importing it. Its legacy global generator
# is seeded afresh in each worker (``worker.run``), as an import there would have.
import numpy
import numpy.random
import numpy.typing  # noqa: F401

from grader.sandbox import codec, confine, framing, instruments, landlock, seccomp, tracing, worker  # noqa: F401
from grader.sandbox.platform import set_parent_death_signal

_SWEEP_ROUNDS = 200


def _reply(sock: socket.socket, message: dict[str, Any]) -> None:
    sock.send(json.dumps(message).encode("utf-8"))


def _status(raw: int, usage: Any = None) -> dict[str, Any]:
    status: dict[str, Any] = {}
    if os.WIFSIGNALED(raw):
        status["signal"] = os.WTERMSIG(raw)
    else:
        status["exit"] = os.WEXITSTATUS(raw) if os.WIFEXITED(raw) else -1
    if usage is not None:
        status["cpu"] = round(usage.ru_utime + usage.ru_stime, 3)
        status["maxrss_kib"] = int(usage.ru_maxrss)
    return status


def _kill_group(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def sweep(live: set[int]) -> int:
    """Kill and reap every child that is not a live worker; returns how many.

    Killing a stray re-parents its own children to the zygote, so repeat until none is
    left (bounded, in case something keeps forking faster than it is killed).
    """
    killed = 0
    for _ in range(_SWEEP_ROUNDS):
        strays = confine.own_children() - live
        if not strays:
            break
        for pid in strays:
            _kill_group(pid)
        for pid in strays:
            try:
                os.waitpid(pid, 0)
                killed += 1
            except ChildProcessError:
                pass
    return killed


def reap(pid: int, kill: bool, grace: float, live: set[int]) -> dict[str, Any]:
    """End worker ``pid`` (at once, or after ``grace`` seconds) and report its status."""
    deadline = time.monotonic() + grace
    result: dict[str, Any] | None = None
    try:
        if not kill:
            while result is None:
                done, raw, usage = os.wait4(pid, os.WNOHANG)
                if done:
                    result = _status(raw, usage)
                elif time.monotonic() >= deadline:
                    break
                else:
                    time.sleep(0.01)
        if result is None:
            _kill_group(pid)
            _done, raw, usage = os.wait4(pid, 0)
            result = _status(raw, usage)
            result["killed"] = True
    except ChildProcessError:
        result = {"exit": -1, "unknown": True}
    live.discard(pid)
    result["strays"] = sweep(live)
    return result


def _become_zygote_in_namespaces(fd: int, unshare: Callable[[], bool]) -> bool:
    """Unshare namespaces and fork; the child returns True, the parent never returns."""
    if not unshare():
        return False
    pid = os.fork()
    if pid == 0:
        set_parent_death_signal()
        return True
    os.close(fd)
    while True:
        try:
            _pid, raw = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(raw):
        os._exit(128 + os.WTERMSIG(raw))
    os._exit(os.WEXITSTATUS(raw) if os.WIFEXITED(raw) else 1)


def _confine(fd: int, options: dict[str, Any]) -> dict[str, Any]:
    """Set up the strongest confinement allowed and wanted; returns the report.

    Namespaces as root, else inside a user namespace, then (also as a second layer)
    Landlock rules and a seccomp filter refusing network sockets, which every worker
    applies to itself; ``mode`` names the strongest.
    """
    wanted = str(options.get("confinement", "auto"))
    report: dict[str, Any] = {"mode": "plain", "namespaces": False, "user_namespace": False,
                              "read_only": False, "hidden": [], "proc": False,
                              "capabilities_dropped": False, "subreaper": False, "landlock": 0,
                              "network_filter": False}
    hidden = [str(p) for p in options.get("hidden", [])]
    beside = _siblings(options.get("alone"))
    if wanted in ("auto", "namespaces") and os.geteuid() == 0 and \
            _become_zygote_in_namespaces(fd, confine.unshare_namespaces):
        report["mode"] = "namespaces"
    elif wanted in ("auto", "user-namespaces") and \
            _become_zygote_in_namespaces(fd, confine.unshare_user_namespaces):
        report["mode"] = "user-namespaces"
        report["user_namespace"] = True
    if report["mode"] != "plain":
        report["namespaces"] = True
        report.update(confine.setup_filesystem([str(p) for p in options.get("writable", [])],
                                               hidden + beside[0], beside[1]))
    report["subreaper"] = confine.set_child_subreaper()
    report["not_dumpable"] = confine.set_not_dumpable()
    if wanted != "plain" and (report["namespaces"] or os.geteuid() == 0):
        report["capabilities_dropped"] = confine.drop_privileges()
    if wanted != "plain" and seccomp.supported():
        worker.LANDLOCK["refuse_network"] = True
        seccomp.prepare()  # built here once; each worker only installs it
        report["network_filter"] = True
    if wanted != "plain" and landlock.abi() >= 1:
        worker.LANDLOCK["rules"] = landlock.plan(_read_roots(), landlock.SYSTEM_WRITE, hidden + beside[0])
        worker.LANDLOCK["hidden"] = hidden + beside[0]
        report["landlock"] = landlock.abi()
        if report["mode"] == "plain":
            report["mode"] = "landlock"
    return report


def _siblings(alone: Any) -> tuple[list[str], list[str]]:
    """The folders and the files beside ``alone`` in its parent folder (real paths)."""
    if not isinstance(alone, str) or not alone:
        return [], []
    own = os.path.realpath(alone)
    parent = os.path.dirname(own)
    folders: list[str] = []
    files: list[str] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return [], []
    for entry in entries:
        path = os.path.realpath(entry.path)
        if path == own or os.path.dirname(path) != parent:
            continue  # itself, or a link elsewhere (not a classmate's folder)
        if os.path.isdir(path):
            folders.append(path)
        elif os.path.isfile(path):
            files.append(path)
    return sorted(folders), sorted(files)


def _read_roots() -> list[str]:
    """What learner code may read besides its workspace: Python, the grader, system files.

    Packages linked into site-packages from elsewhere are allowed where they really are.
    """
    roots = [p for p in sys.path if p]
    roots += [sys.prefix, sys.base_prefix, sys.exec_prefix,
              os.path.dirname(os.path.realpath(sys.executable)),
              os.path.dirname(os.path.dirname(os.path.realpath(confine.__file__)))]
    for folder in [p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)]:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        roots += [os.path.realpath(os.path.join(folder, e)) for e in entries
                  if os.path.islink(os.path.join(folder, e))]
    return roots + list(landlock.SYSTEM_READ)


def main(fd: int, import_root: str | None = None, options_json: str = "{}") -> None:
    options: dict[str, Any] = json.loads(options_json)
    set_parent_death_signal()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if import_root and import_root in sys.path:  # the project's folder: not for learner code
        sys.path.remove(import_root)
    started = time.perf_counter()
    report = _confine(fd, options)
    report["setup_seconds"] = round(time.perf_counter() - started, 6)  # for bench/confinement.py
    worker.remember_module_paths()  # once, as the file system looks from inside the confinement
    tracing.remember_own_code()  # before any learner code (already done in a nursery's zygote)
    control = socket.socket(fileno=fd)
    # The grader's control socket, and the channels it opened for a second grading process
    # of its own (``op: channel``, ``grader.two_processes``): each asks and is answered on
    # its own socket. The zygote ends when the control socket does.
    channels = [control]
    live: set[int] = set()
    while True:
        try:
            ready = select.select(channels, [], [])[0]
        except OSError:
            os._exit(0)
        for sock in ready:
            try:
                data, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 4)
            except OSError:
                data, fds = b"", []
            if not data:
                if sock is control:
                    os._exit(0)
                channels.remove(sock)
                sock.close()
                continue
            _serve(sock, json.loads(data), fds, channels, live, report)


def _serve(sock: socket.socket, request: dict[str, Any], fds: list[int], channels: list[socket.socket],
           live: set[int], report: dict[str, Any]) -> None:
    """Answer one request on ``sock`` (a worker forked by ``fork`` never returns here)."""
    op = request.get("op")
    if op == "fork":
        sys.stdout.flush()
        config = request["config"]
        mapped = worker.mapped_bytes()  # what the worker starts with, read here where it is cheap
        if isinstance(config, dict) and mapped:
            config["address_space"] = mapped
        pid = os.fork()
        if pid == 0:
            for channel in channels:  # learner code holds no way to ask the zygote anything
                channel.close()
            worker.run(fds[0], fds[1], config)
        for f in fds:
            os.close(f)
        live.add(pid)
        _reply(sock, {"pid": pid})
    elif op == "reap":
        _reply(sock, reap(int(request["pid"]), bool(request.get("kill", True)),
                          float(request.get("grace", 0.0)), live))
    elif op == "info":
        _reply(sock, {**report, "pid": os.getpid(), "euid": os.geteuid()})
    elif op == "channel" and len(fds) == 1:
        channels.append(socket.socket(fileno=fds[0]))
        _reply(sock, {"ok": True})
    elif op == "exit":
        os._exit(0)
    else:
        for f in fds:
            os.close(f)
        _reply(sock, {"error": f"unknown op {op!r}"})


def main_when_told(fd: int, import_root: str | None = None) -> None:
    """A zygote started before the grader knew its options (``runner.start_zygote_early``):
    its imports done while the grader still reads its command line, it waits for one
    message, ``{"options": ...}``, then is the zygote ``main`` makes, confined by them.

    Nothing runs here but the imports every zygote makes: no learner code, no reference.
    A grader that ends (or never grades) closes the socket, and this process exits."""
    set_parent_death_signal()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tracing.remember_own_code()  # while the grader still reads its command line
    channel = socket.socket(fileno=fd)  # detached again below: main owns the descriptor
    try:
        data = channel.recv(1 << 16)
        options = json.loads(data)["options"] if data else None
    except (OSError, ValueError, KeyError, TypeError):
        options = None
    finally:
        channel.detach()
    if not isinstance(options, dict):
        os._exit(0)
    main(fd, import_root, json.dumps(options))


if __name__ == "__main__":
    main(int(sys.argv[1]))
