"""The worker: a forked child that imports one learner module and answers calls.

Everything here runs in the child, next to learner code; nothing here decides a verdict.
Each reply is an observation: the encoded return value and its type, or the exception
learner code raised (type, message, and a traceback trimmed to the learner's own
frames), plus warnings, recorded calls of grader-supplied callables, and which
arguments the call changed in place.
"""

from __future__ import annotations

import copy
import importlib
import io
import os
import resource
import signal
import socket
import sys
import time
import traceback
import warnings
from typing import Any

import numpy as np

from grader.sandbox import codec, framing, instruments, probes
from grader.sandbox.platform import set_parent_death_signal

MAX_MESSAGE = 2000


def _apply_limits(limits: dict[str, Any]) -> None:
    def setlimit(which: int, value: int) -> None:
        try:
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass

    setlimit(resource.RLIMIT_CORE, 0)
    if limits.get("cpu"):
        setlimit(resource.RLIMIT_CPU, int(limits["cpu"]))
    if limits.get("file_size"):
        setlimit(resource.RLIMIT_FSIZE, int(limits["file_size"]))
    if limits.get("memory"):
        setlimit(resource.RLIMIT_AS, _current_address_space() + int(limits["memory"]))


def _current_address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 2 * 1024 * 1024 * 1024


class Session:
    """State of one worker: the learner module and the callables it handed back."""

    def __init__(self, workspace: str, module_name: str) -> None:
        self.workspace = os.path.realpath(workspace)
        self.module_name = module_name
        self.module: Any = None
        self.handles: dict[int, Any] = {}
        self.conn: socket.socket | None = None

    def send_progress(self, progress: dict[str, Any]) -> None:
        """An interim frame while a call runs (the parent keeps the latest)."""
        if self.conn is not None:
            framing.send(self.conn, {"interim": True, "progress": progress})

    def learner_modules(self) -> list[Any]:
        """The learner's modules loaded so far (files of the workspace)."""
        found = []
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if isinstance(path, str) and os.path.realpath(path).startswith(self.workspace + os.sep):
                found.append(module)
        return found

    def store(self, value: Any) -> int:
        ident = len(self.handles) + 1
        self.handles[ident] = value
        return ident

    def learner_frames(self, tb: Any) -> list[list[Any]]:
        frames = []
        for frame in traceback.extract_tb(tb):
            filename = os.path.realpath(frame.filename)
            if filename.startswith(self.workspace + os.sep):
                frames.append([os.path.basename(filename), frame.lineno, frame.name,
                               (frame.line or "")[:200]])
        return frames

    def describe(self, exc: BaseException) -> dict[str, Any]:
        frames = self.learner_frames(exc.__traceback__)
        if isinstance(exc, SystemExit):
            message = codec.safe_repr(exc.code)
        else:
            try:
                message = str(exc)
            except Exception:
                message = "(the exception's message could not be shown)"
        lines = [f'  File "{f}", line {n}, in {name}\n    {src}' for f, n, name, src in frames]
        text = "Traceback (most recent call last):\n" + "\n".join(lines) if lines else ""
        location: dict[str, Any] = {}
        if isinstance(exc, SyntaxError):
            location = {"file": os.path.basename(exc.filename or ""), "line": exc.lineno}
        return {
            "type": type(exc).__name__,
            "module": type(exc).__module__,
            "mro": [c.__name__ for c in type(exc).__mro__][:12],
            "message": message[:MAX_MESSAGE],
            "traceback": text[-8000:],
            "frames": frames,
            "location": location,
        }


def _snapshot(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, dict, tuple)):
        try:
            return copy.deepcopy(value)
        except Exception:
            return None
    return None


def _unchanged(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and before.shape == after.shape
                and bool(np.array_equal(before, after, equal_nan=True)))
    if isinstance(before, dict):
        return (isinstance(after, dict) and before.keys() == after.keys()
                and all(_unchanged(before[k], after[k]) for k in before))
    if isinstance(before, (list, tuple)):
        return (type(before) is type(after) and len(before) == len(after)
                and all(_unchanged(b, a) for b, a in zip(before, after)))
    try:
        return bool(before == after)
    except Exception:
        return False


def _call(session: Session, request: dict[str, Any]) -> dict[str, Any]:
    recorders: dict[str, instruments.Recorder] = {}

    def build(spec: dict[str, Any]) -> Any:
        built = instruments.build(spec)
        if isinstance(built, instruments.Recorder):
            recorders[built.id] = built
        return built

    if "handle" in request:
        target = session.handles.get(int(request["handle"]))
        if target is None:
            return {"missing": True}
    else:
        target = getattr(session.module, str(request["func"]), None)
        if target is None or not callable(target):
            return {"missing": True}
    args = codec.decode(request.get("args", []), build)
    kwargs = codec.decode(request.get("kwargs", {"$t": "dict", "items": []}), build)
    before = [_snapshot(a) for a in args]
    before_kw = {k: _snapshot(v) for k, v in kwargs.items()}
    reply: dict[str, Any] = {}
    watch = None
    if request.get("watch"):
        watch = probes.Watch(request["watch"], session.send_progress)
        watch.install(session.learner_modules())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            start = time.perf_counter()
            try:
                value = target(*args, **kwargs)
            except BaseException as exc:  # learner code may raise anything, even SystemExit
                reply["raised"] = session.describe(exc)
            else:
                reply["value"] = codec.encode(value, session.store)
                reply["type"] = codec.type_name(value)
                try:
                    reply["aliases"] = codec.shared_memory(value)
                except Exception:  # a hostile array subclass: no aliasing report
                    reply["aliases"] = []
            finally:
                if watch is not None:
                    watch.uninstall()
            reply["elapsed"] = time.perf_counter() - start
    if watch is not None:
        reply["watch"] = watch.summary()
    mutated = [i for i, b in enumerate(before) if b is not None and not _unchanged(b, args[i])]
    mutated_kw = [k for k, b in before_kw.items() if b is not None and not _unchanged(b, kwargs[k])]
    reply["mutated"] = mutated + mutated_kw
    reply["warnings"] = [
        f"{w.category.__name__}: {str(w.message)[:300]}" for w in caught[:20]
    ]
    reply["calls"] = {key: {"calls": r.calls, "dropped": r.dropped} for key, r in recorders.items()}
    return reply


def _import(session: Session) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        session.module = importlib.import_module(session.module_name)
    except BaseException as exc:
        return {"raised": session.describe(exc), "elapsed": time.perf_counter() - start}
    return {"ok": True, "elapsed": time.perf_counter() - start}


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def serve(conn: socket.socket, session: Session) -> None:
    while True:
        request = framing.recv(conn)
        if request is None:
            return
        op = request.get("op")
        try:
            if op == "import":
                reply = _import(session)
            elif op == "call":
                reply = _call(session, request)
            else:
                reply = {"error": f"unknown op {op!r}"}
        except BaseException as exc:  # a failure while handling, e.g. encoding a hostile value
            reply = {"raised": session.describe(exc), "handling": True}
        _flush()
        try:
            framing.send(conn, reply)
        except framing.FrameError as exc:
            framing.send(conn, {"raised": {"type": "ValueError", "module": "builtins",
                                           "message": f"the result is too large to check: {exc}",
                                           "traceback": "", "frames": [], "location": {}}})


def run(conn_fd: int, out_fd: int, config: dict[str, Any]) -> None:
    """Entry point in the forked child; never returns."""
    code = 0
    try:
        os.setpgid(0, 0)
        set_parent_death_signal()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        os.close(out_fd)
        os.close(devnull)
        sys.stdin = io.TextIOWrapper(io.BytesIO(b""))
        sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0), encoding="utf-8",
                                      errors="backslashreplace", write_through=True)
        sys.stderr = sys.stdout
        os.chdir(config["scratch"])
        os.environ.clear()
        os.environ.update(config.get("env", {}))
        _apply_limits(config.get("limits", {}))
        sys.path.insert(0, config["workspace"])
        sys.argv = [config["module"]]
        conn = socket.socket(fileno=conn_fd)
        session = Session(config["workspace"], config["module"])
        session.conn = conn
        serve(conn, session)
    except BaseException:
        code = 70
    finally:
        os._exit(code)
