"""The worker: a forked child that runs one learner module and answers calls.

The module is the source the parent read, sent with the import request and compiled
here (``sources``): never whatever the import system would find under that name.

Everything here runs in the child, next to learner code; nothing here decides a verdict.
Each reply is an observation: the encoded return value and its type, or the exception
learner code raised (type, message, and a traceback trimmed to the learner's own
frames), plus warnings, recorded calls of grader-supplied callables, and which
arguments the call changed in place.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # CPython's C module behind signal
import copy
import importlib
import io
import linecache
import math
import os
import signal
import socket
import sys
import threading
import time
import warnings
from typing import Any

import numpy as np

from grader.sandbox import codec, confine, framing, instruments, landlock, probes, seccomp, sources, tracing
from grader.sandbox.platform import new_process_group, optional_module, set_parent_death_signal

resource = optional_module("resource")  # None on Windows: no rlimits there (platform.py)

MAX_MESSAGE = 2000
MAX_NAMES = 200

# Set by the zygote when confined: the Landlock rules every worker applies to itself, with
# its workspace (read) and scratch folder (write) added, the folders kept hidden, and
# whether to install the seccomp filter that refuses network sockets.
LANDLOCK: dict[str, Any] = {}

# How the worker itself ends when it cannot go on; the parent names these in verdicts.
EXIT_CONNECTION = 70  # the connection to the grader was closed or broken
EXIT_MEMORY = 71  # out of memory even after learner code returned

# Signals whose handling learner code may change; restored after every call, with the
# signal mask, and interval timers are cancelled, so one call cannot reach into the next.
_GUARDED_SIGNALS = tuple(
    sig for sig in (getattr(signal, name, None) for name in (
        "SIGINT", "SIGTERM", "SIGHUP", "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGXCPU", "SIGXFSZ",
        "SIGPIPE", "SIGCHLD", "SIGUSR1", "SIGUSR2", "SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL",
        "SIGABRT"))
    if sig is not None
)


def _setlimit(which: int, soft: int, hard: int | None = None) -> None:
    """Lower a resource limit (never above the hard limit the worker inherited)."""
    if resource is None:
        return
    try:
        _soft, inherited = resource.getrlimit(which)
        hard = soft if hard is None else hard
        if inherited != resource.RLIM_INFINITY:
            hard = min(hard, inherited)
        resource.setrlimit(which, (min(soft, hard), hard))
    except (ValueError, OSError):
        pass


def _apply_limits(limits: dict[str, Any], cpu_total: float | None, address_space: Any = None) -> None:
    """``address_space``: the bytes mapped when the worker started, as the zygote measured
    them just before it forked (a new child's first read of ``/proc`` costs it half a
    millisecond or more); measured here when not given."""
    if resource is None:
        return
    _setlimit(resource.RLIMIT_CORE, 0)
    if limits.get("file_size"):
        _setlimit(resource.RLIMIT_FSIZE, int(limits["file_size"]))
    if limits.get("memory"):
        start = address_space if type(address_space) is int and address_space > 0 else current_address_space()
        _setlimit(resource.RLIMIT_AS, start + int(limits["memory"]))
    if cpu_total:
        # The hard limit (SIGKILL) backs up the per-call soft limits (SIGXCPU) below.
        seconds = math.ceil(_cpu_used() + cpu_total) + 2
        _setlimit(resource.RLIMIT_CPU, seconds, seconds)


def _cpu_used() -> float:
    if resource is None:
        return time.process_time()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return float(usage.ru_utime + usage.ru_stime)


def _limit_cpu(seconds: Any, used: float) -> None:
    """Before a request: SIGXCPU once this process has used ``seconds`` more CPU time than
    the ``used`` it has now."""
    if seconds is None or resource is None:
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = max(1, math.ceil(used + max(float(seconds), 0.0)))
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError, TypeError):
        pass


def mapped_bytes() -> int | None:
    """The bytes this process has mapped (``/proc/self/statm``), or None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def current_address_space() -> int:
    """The bytes this process has mapped; 2 GiB where unknown."""
    return mapped_bytes() or 2 * 1024 * 1024 * 1024


_REAL_PATHS: dict[str, str] = {}
"""Where each module's file really is, by its absolute ``__file__`` (``Session.learner_modules``)."""


def remember_module_paths() -> None:
    """Resolve, once in the zygote, the files of the modules every worker starts with.

    A worker asks where every loaded module lives before each watched call; resolving
    some 250 paths of NumPy's in each new worker again cost milliseconds per lesson. Only
    absolute paths are kept: a relative one would resolve against the zygote's folder,
    not the worker's. Learner code never runs in the zygote, so nothing here is its.
    """
    folders: dict[str, str] = {}  # some 200 modules live in some 20 folders: each resolved once
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if type(path) is str and os.path.isabs(path) and path not in _REAL_PATHS:
            _REAL_PATHS[path] = _resolved(path, folders)


def _resolved(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, resolving its folder once for all the files in it: a
    file that is not itself a link is its resolved folder joined with its name."""
    folder, name = os.path.split(path)
    if not name or name in (".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    return os.path.join(folders[folder], name)


class Session:
    """State of one worker: the learner module and the callables it handed back."""

    def __init__(self, workspace: str, module_name: str) -> None:
        self.workspace = os.path.realpath(workspace)
        self.module_name = module_name
        self.module: Any = None
        self.handles: dict[int, Any] = {}
        self._real_paths = _REAL_PATHS  # a module's __file__: where it really is
        self.signals = {sig: _signal.getsignal(sig) for sig in _GUARDED_SIGNALS}
        self.mask = signal.pthread_sigmask(signal.SIG_BLOCK, []) if hasattr(signal, "pthread_sigmask") else None
        self.conn: socket.socket | None = None
        self.frames: framing.BlockingFrames | None = None  # the requests, once serving
        self.call_id: Any = None  # the request being answered: every reply names it
        self.serving = False  # a request is being answered (a lesson file can be asked for)

    def function_names(self) -> list[str]:
        """Public callables of the learner module (for "did you mean ...?")."""
        try:
            names = [name for name, value in vars(self.module).items()
                     if isinstance(name, str) and not name.startswith("_") and callable(value)]
        except Exception:
            return []
        return [name[:100] for name in names[:MAX_NAMES]]

    def restore(self) -> None:
        """Undo what a call may have changed in the worker's signal handling."""
        for timer in (getattr(signal, n, None) for n in ("ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF")):
            try:
                signal.setitimer(timer, 0)  # type: ignore[arg-type]
            except (OSError, ValueError, AttributeError, TypeError):
                pass
        for sig, handler in self.signals.items():
            try:
                # _signal.getsignal skips signal.getsignal's enum conversion: this runs after
                # every call, for every guarded signal.
                current = _signal.getsignal(sig)
                if handler is not None and current is not handler and not (
                        type(current) is int and type(handler) is int and current == handler):
                    signal.signal(sig, handler)
            except (OSError, ValueError, TypeError):
                pass
        try:
            if self.mask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)
        except (OSError, ValueError):
            pass

    def ask_source(self, name: str) -> Any:
        """Lesson module ``name``'s file and bytes from the parent (``{"file", "data"}``, or
        None): an interim frame, answered by the next one, while a request is answered.

        Only the thread that answers requests asks: another thread of learner code reading
        the connection could take the next request for itself. Such a thread cannot import
        a lesson module the worker was not sent, and gets ``ModuleNotFoundError``."""
        if (self.conn is None or self.frames is None or not self.serving
                or threading.current_thread() is not threading.main_thread()):
            return None
        framing.send(self.conn, {"interim": True, "id": self.call_id, "need": name})
        answer = self.frames.recv()
        if not isinstance(answer, dict) or answer.get("id") != self.call_id or answer.get("need") != name:
            return None
        return answer.get("source")

    def send_progress(self, progress: dict[str, Any]) -> None:
        """An interim frame while a call runs (the parent keeps the latest)."""
        if self.conn is not None:
            framing.send(self.conn, {"interim": True, "id": self.call_id, "progress": progress})

    def learner_modules(self) -> list[Any]:
        """The learner's modules loaded so far (files of the workspace).

        Asked before every watched call: each module's file is resolved once (``realpath``
        walks every folder of the path, some 250 modules with NumPy's, milliseconds a call).
        """
        found = []
        inside = self.workspace + os.sep
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if not isinstance(path, str):
                continue
            if type(path) is str:
                real = self._real_paths.get(path)
                if real is None:
                    real = self._real_paths[path] = os.path.realpath(path)
            else:  # a str subclass (learner-made): resolved each time, never a cache key
                real = os.path.realpath(path)
            if real.startswith(inside):
                found.append(module)
        return found

    def store(self, value: Any) -> int:
        ident = len(self.handles) + 1
        self.handles[ident] = value
        return ident

    def learner_frames(self, tb: Any) -> list[list[Any]]:
        """The traceback's frames in the learner's files: [file, line number, function, line].

        Only those frames' lines are read (the lesson's from the bytes it ran, which
        ``sources`` put in ``linecache``): ``traceback.extract_tb`` read every frame's,
        and a new worker's first exception through NumPy spent a millisecond reading
        NumPy's source files for lines nobody is shown."""
        frames = []
        for filename, lineno, name in _frames(tb):
            real = os.path.realpath(filename)
            if real.startswith(self.workspace + os.sep):
                frames.append([os.path.basename(real), lineno, name,
                               linecache.getline(filename, lineno).strip()[:200]])
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
        described = {
            "type": type(exc).__name__,
            "module": type(exc).__module__,
            "mro": [c.__name__ for c in type(exc).__mro__][:12],
            "message": message[:MAX_MESSAGE],
            "traceback": text[-8000:],
            "frames": frames,
            "location": location,
            "explicit": self.raised_by_learner(exc.__traceback__),
        }
        if isinstance(exc, OSError) and isinstance(exc.errno, int):
            described["errno"] = exc.errno
        if isinstance(exc, ImportError) and isinstance(exc.name, str):
            described["name"] = exc.name[:200]
        return described

    def raised_by_learner(self, tb: Any) -> bool:
        """Whether the innermost frame is a ``raise`` statement in the learner's files.

        Tells ``raise MemoryError`` apart from an allocation the memory limit refused.
        """
        try:
            frames = _frames(tb)
        except Exception:
            return False
        if not frames:
            return False
        filename, lineno, _name = frames[-1]
        inside = os.path.realpath(filename).startswith(self.workspace + os.sep)
        return inside and linecache.getline(filename, lineno).lstrip().startswith("raise")


def _frames(tb: Any) -> list[tuple[str, int, str]]:
    """Every frame of a traceback, outermost first: file name, line number and function,
    without reading any source (``traceback.extract_tb`` also reads every line)."""
    found = []
    while tb is not None:
        code = tb.tb_frame.f_code
        lineno = tb.tb_lineno if tb.tb_lineno is not None else tb.tb_frame.f_lineno
        found.append((str(code.co_filename), int(lineno or 0), str(code.co_name)))
        tb = tb.tb_next
    return found


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
        if not isinstance(after, np.ndarray) or before.shape != after.shape:
            return False
        if before.dtype == after.dtype and before.tobytes() == after.tobytes():
            return True  # the same bits are the same values: array_equal's answer, 30 times sooner
        return bool(np.array_equal(before, after, equal_nan=True))
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
            return {"missing": True, "names": session.function_names()}
    args = codec.decode(request.get("args", []), build)
    kwargs = codec.decode(request.get("kwargs", {"$t": "dict", "items": []}), build)
    before = [_snapshot(a) for a in args]
    before_kw = {k: _snapshot(v) for k, v in kwargs.items()}
    reply: dict[str, Any] = {}
    watch = None
    if request.get("watch"):
        watch = probes.Watch(request["watch"], session.send_progress, session.workspace)
        watch.install(session.learner_modules())
    trace = None
    probe_only = request.get("trace_only") is True  # the call made only to watch: traced arrays
    if isinstance(request.get("trace"), list):  # which forbidden operations the call performs
        trace = tracing.Tracing(request["trace"], arrays=probe_only)
        if probe_only:
            args, kwargs = trace.arguments(args, kwargs)
        trace.install(session.learner_modules())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            start = time.perf_counter()
            try:
                value = target(*args, **kwargs)
            except BaseException as exc:  # learner code may raise anything, even SystemExit
                reply["raised"] = session.describe(exc)
            else:
                if probe_only:  # this call only watches; the value checks judge values
                    value = None
                reply["value"] = codec.encode(value, session.store)
                reply["type"] = codec.type_name(value)
                try:
                    reply["aliases"] = codec.shared_memory(value)
                except Exception:  # a hostile array subclass: no aliasing report
                    reply["aliases"] = []
            finally:
                if watch is not None:
                    watch.uninstall()
                if trace is not None:
                    trace.uninstall()
                    reply["traced"] = trace.seen()
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
    reply["left_running"] = _left_running()
    return reply


def _left_running() -> list[str]:
    """Threads or child processes learner code started and left running."""
    found = []
    if any(t is not threading.current_thread() and t.is_alive() for t in threading.enumerate()):
        found.append("threads")
    if _has_children() and confine.own_children():
        found.append("processes")
    return found


def _has_children() -> bool:
    """Whether this process has any child at all: one cheap system call, no /proc scan.

    ``waitpid`` answers ECHILD when there is none; a child that already ended is reaped
    here (learner code cannot wait for it any more after its call returned anyway).
    """
    if not hasattr(os, "WNOHANG"):  # Windows: a job object ends what a worker started
        return False
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return True


def _import(session: Session, request: dict[str, Any]) -> dict[str, Any]:
    """Run the lesson module from the bytes the parent read (``sources``), never a search."""
    start = time.perf_counter()
    try:
        given = request.get("sources")
        if not isinstance(given, dict) or not isinstance(given.get(session.module_name), dict):
            # The parent could not read the file, or would not (a link into the references).
            raise ModuleNotFoundError(f"No module named {session.module_name!r}",
                                      name=session.module_name)
        lessons = request.get("lessons")
        sources.install(given, session.workspace, lessons if isinstance(lessons, list) else [],
                        session.ask_source)
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


_OUT_OF_MEMORY = {"raised": {"type": "MemoryError", "module": "builtins", "mro": ["MemoryError"],
                              "message": "", "traceback": "", "frames": [], "location": {},
                              "explicit": False}, "handling": True}


def serve(conn: socket.socket, session: Session) -> None:
    frames = framing.BlockingFrames(conn)
    session.frames = frames
    while True:
        request = frames.recv()
        if request is None:
            return
        op = request.get("op")
        session.call_id = request.get("id")
        session.serving = True
        cpu_before = _cpu_used()
        _limit_cpu(request.get("cpu"), cpu_before)
        try:
            if op == "import":
                reply = _import(session, request)
            elif op == "call":
                reply = _call(session, request)
            else:
                reply = {"error": f"unknown op {op!r}"}
        except MemoryError:  # e.g. encoding a value that fills the memory left
            reply = _OUT_OF_MEMORY
        except BaseException as exc:  # a failure while handling, e.g. encoding a hostile value
            reply = {"raised": session.describe(exc), "handling": True}
        session.serving = False
        session.restore()
        if reply is _OUT_OF_MEMORY:
            reply = dict(_OUT_OF_MEMORY)
        else:
            reply["cpu_used"] = round(_cpu_used() - cpu_before, 4)
        reply["id"] = session.call_id
        _flush()
        try:
            framing.send(conn, reply)
        except framing.FrameError as exc:
            framing.send(conn, {"raised": {"type": "ValueError", "module": "builtins",
                                           "message": f"the result is too large to check: {exc}",
                                           "traceback": "", "frames": [], "location": {}},
                                "handling": True, "id": session.call_id})


def _set_environment(wanted: dict[str, str]) -> None:
    """Make ``os.environ`` exactly ``wanted``, changing only what differs: the zygote already
    runs in the clean environment, and clearing and refilling it cost every worker 0.2 ms."""
    for key in [key for key in os.environ if key not in wanted]:
        del os.environ[key]
    for key, value in wanted.items():
        if os.environ.get(key) != value:
            os.environ[key] = value


SWITCH_INTERVAL = 0.0005
"""Seconds a thread holds the GIL while another waits (Python's default is 0.005): short,
so that the thread serving the grader gets it back soon from threads learner code started."""


def run(conn_fd: int, out_fd: int, config: dict[str, Any]) -> None:
    """Entry point in the forked child; never returns."""
    code = 0
    try:
        cpus = config.get("cpus")
        if isinstance(cpus, list) and cpus and hasattr(os, "sched_setaffinity"):
            try:  # beside the grading process that asks it (``grader.two_processes``)
                os.sched_setaffinity(0, {int(c) for c in cpus})
            except (OSError, ValueError, TypeError):
                pass
        new_process_group()
        set_parent_death_signal()
        if "numpy.random" in sys.modules:  # the zygote's global generator, forked: each worker
            # draws its own state (a spawned worker imports it fresh, if at all), from 32 bits of
            # the system's entropy: ``seed()``, or an array of more bits, cost a fresh fork 0.4 ms
            # of first-touched NumPy state, an int a quarter of that.
            np.random.seed(int.from_bytes(os.urandom(4), "little"))
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
        _set_environment(config.get("env", {}))
        _apply_limits(config.get("limits", {}), config.get("cpu_total"), config.get("address_space"))
        if "rules" in LANDLOCK and not landlock.restrict(
                [*LANDLOCK["rules"], *landlock.plan([config["workspace"]], [config["scratch"]],
                                                    LANDLOCK["hidden"])]):
            raise OSError("the Landlock rules could not be applied")
        if LANDLOCK.get("refuse_network") and not seccomp.refuse_network():
            raise OSError("the network filter could not be applied")
        # Threads learner code leaves running (a thread spinning after each call) take the
        # GIL from the thread that answers the grader: at the default 5 ms switch interval
        # every reply waits that long per such thread each time it gives the GIL up (a
        # socket read, a write), so an exercise slows with every call until its deadline.
        sys.setswitchinterval(SWITCH_INTERVAL)
        sys.path.insert(0, config["workspace"])
        sys.argv = [config["module"]]
        conn = socket.socket(fileno=conn_fd)
        session = Session(config["workspace"], config["module"])
        session.conn = conn
        serve(conn, session)
    except MemoryError:
        code = EXIT_MEMORY
    except BaseException:
        code = EXIT_CONNECTION
    finally:
        os._exit(code)
