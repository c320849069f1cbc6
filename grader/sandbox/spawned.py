"""A spawned worker (the portable runner): a new interpreter that waits, warm, for a lesson.

It imports NumPy and the worker at once (the expensive part of its start), tells the
parent it is ready, and then waits to be handed a lesson: the worker's connection and
output channel, and its configuration. From there on it is exactly the forked worker of
the fork runner (``worker.run``): same requests, same replies, same limits where the
platform has them. It never imports learner code before that, nor the references.

How it is handed a lesson depends on the platform: on POSIX, a Unix socket carries the
two file descriptors and the configuration; on Windows, where descriptors cannot be sent,
the parent writes the configuration and a loopback port to connect to (with a token) to
its stdin, and its stdout, a pipe the parent reads, becomes the output channel.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
from typing import Any

from grader.sandbox import framing
from grader.sandbox.platform import set_parent_death_signal

READY = b"R"  # sent once NumPy and the worker are imported


def _from_socket(fd: int) -> tuple[int, int, dict[str, Any]]:
    """POSIX: the connection and output descriptors, and the configuration, from the parent."""
    control = socket.socket(fileno=fd)
    control.sendall(READY)
    data, fds, _flags, _address = socket.recv_fds(control, 1 << 16, 2)
    if len(fds) != 2 or len(data) < framing.HEADER.size:
        raise OSError("the grader handed over no lesson")
    (size,) = framing.HEADER.unpack_from(data)
    while len(data) < framing.HEADER.size + size:
        more = control.recv(1 << 16)
        if not more:
            raise OSError("the grader's hand-over was cut short")
        data += more
    control.close()
    config: dict[str, Any] = json.loads(data[framing.HEADER.size:framing.HEADER.size + size])
    return fds[0], fds[1], config


def _from_stdin() -> tuple[int, int, dict[str, Any]]:
    """Windows: where to connect and the configuration on stdin; stdout is the output.

    The connection goes to a loopback port the grader listens on for this worker alone,
    and starts with the token it was given, so that the grader knows it is this worker.
    """
    out = sys.stdout.buffer
    out.write(READY + b"\n")
    out.flush()
    line = sys.stdin.buffer.readline()
    if not line:
        raise OSError("the grader handed over no lesson")
    message = json.loads(line)
    conn = socket.create_connection(("127.0.0.1", int(message["port"])), timeout=60)
    conn.settimeout(None)
    conn.sendall(str(message["token"]).encode("ascii"))
    return conn.detach(), os.dup(1), dict(message["config"])


def main(import_root: str, channel: str) -> None:
    """Wait for a lesson, then serve it as ``worker.run`` does; never returns."""
    from grader.sandbox import tracing, worker  # NumPy with it: the warm part, before READY

    tracing.remember_own_code()  # NumPy's own code, before any learner code is handed over
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle
        set_parent_death_signal()
        if import_root in sys.path:  # the project's folder: not for learner code
            sys.path.remove(import_root)
        if channel == "stdin":
            conn_fd, out_fd, config = _from_stdin()
        else:
            conn_fd, out_fd, config = _from_socket(int(channel))
    except BaseException:
        os._exit(worker.EXIT_CONNECTION)
    worker.run(conn_fd, out_fd, config)
