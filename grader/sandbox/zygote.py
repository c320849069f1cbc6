"""The zygote: a clean process with NumPy imported that forks one worker per request.

It never imports learner code or the course's references. Its control channel is a
SEQPACKET socket: each request is one JSON message, "fork" carries the worker's socket
and output pipe as passed file descriptors.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
from typing import Any

import numpy  # noqa: F401  (imported once here so every worker starts with it)

from grader.sandbox import codec, framing, instruments, worker  # noqa: F401
from grader.sandbox.platform import set_parent_death_signal


def _reply(sock: socket.socket, message: dict[str, Any]) -> None:
    sock.send(json.dumps(message).encode("utf-8"))


def _status(raw: int) -> dict[str, Any]:
    if os.WIFSIGNALED(raw):
        return {"signal": os.WTERMSIG(raw)}
    return {"exit": os.WEXITSTATUS(raw) if os.WIFEXITED(raw) else -1}


def main(fd: int, import_root: str | None = None) -> None:
    set_parent_death_signal()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if import_root and import_root in sys.path:
        sys.path.remove(import_root)
    sock = socket.socket(fileno=fd)
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 4)
        except OSError:
            os._exit(0)
        if not data:
            os._exit(0)
        request = json.loads(data)
        op = request.get("op")
        if op == "fork":
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                sock.close()
                worker.run(fds[0], fds[1], request["config"])
            for f in fds:
                os.close(f)
            _reply(sock, {"pid": pid})
        elif op == "wait":
            try:
                _pid, raw = os.waitpid(int(request["pid"]), 0)
                _reply(sock, _status(raw))
            except ChildProcessError:
                _reply(sock, {"exit": -1})
        elif op == "exit":
            os._exit(0)
        else:
            _reply(sock, {"error": f"unknown op {op!r}"})


if __name__ == "__main__":
    main(int(sys.argv[1]))
