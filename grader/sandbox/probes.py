"""Watching learner functions while one call runs: how often, how long, which loss.

Lesson 12's training calls the learner's own lessons 9-11 (``forward``, ``backward``,
``adam_step`` ...). A check can ask the child to *watch* such functions during one call:
each call of a watched function is counted, timed (inclusive of nested watched calls),
and its normal returns counted apart from the calls that raised; for a function marked
``loss="backward"`` the training loss implied by the arguments is recorded (the loss
that matches ``output``, computed from ``cache["A2"]`` and ``Y`` with the course's
formulas).

A plain Python function is watched *in itself*: its code object is swapped for a short
trampoline into the watcher, so every way of reaching it counts, however the learner
imported or stored it (``from lesson09_forward import forward``, ``import ... as b``, a
default argument, a dict of functions, a closure). Other callables are replaced in their
module and wherever the learner's modules bound them by name. A probe marked
``load=True`` has its module imported first when the learner's code has not imported it
yet (a training that imports lesson 9 inside the function). Everything is put back when
the call returns.

While the call runs, the child sends a progress frame at most every
``PROGRESS_INTERVAL`` seconds, so that a call killed at its deadline still tells the
parent where the time went. Everything here that the parent reads is untrusted data:
``read`` validates it into plain records.
"""

from __future__ import annotations
import __future__

import functools
import importlib
import math
import os
import sys
import time
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

PROGRESS_INTERVAL = 0.5
MAX_LOSSES = 200_000
CURVE_POINTS = 200
MAX_PROBES = 64
TRAJECTORY_POINTS = 200  # params kept of the calls of a probe marked ``trajectory``
TRAJECTORY_VALUES = 20_000  # numbers in one set of params beyond which none is kept
TRAJECTORY_TOTAL = 200_000  # numbers sent back in all (a few megabytes of JSON at most)
PARAM_KEYS = ("W1", "b1", "W2", "b2")  # lesson 9's layout

# -- what the parent asks for and reads back ------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """A learner function to watch: ``module.function``, shown as ``label``."""

    module: str
    function: str
    label: str
    loss: str | None = None  # "backward": record the loss implied by backward's arguments
    load: bool = False  # import the module first when learner code has not yet
    trajectory: bool = False  # keep the ``params`` each call was given (``Trajectory``)

    def to_dict(self) -> dict[str, Any]:
        return {"module": self.module, "function": self.function, "label": self.label,
                "loss": self.loss, "load": self.load, "trajectory": self.trajectory}


@dataclass(frozen=True)
class FunctionTime:
    label: str
    calls: int
    seconds: float
    returned: int = 0  # calls that returned normally (not by raising)


@dataclass(frozen=True)
class WatchReport:
    """What the watched functions did during one call (or until it was stopped)."""

    elapsed: float
    functions: tuple[FunctionTime, ...]
    inside: float = 0.0  # seconds inside watched functions, nested calls counted once
    loss_count: int = 0
    loss_x: tuple[float, ...] = ()
    loss_y: tuple[float, ...] = ()
    last_loss: float | None = None
    replaced: tuple[str, ...] = ()  # load probes whose function no longer runs its file's code
    trajectory: tuple[dict[str, np.ndarray], ...] = ()  # params a ``trajectory`` probe was given
    trajectory_calls: int = 0  # its calls, of which ``trajectory`` holds a sample and the last
    trajectory_unreadable: int = 0  # its calls whose ``params`` was not lesson 9's plain dict

    def calls(self, label: str) -> int:
        return sum(f.calls for f in self.functions if f.label == label)

    def returned(self, label: str) -> int:
        """How many calls of ``label`` returned a value (a stub that raises never does)."""
        return sum(f.returned for f in self.functions if f.label == label)


def _number(value: Any, default: float = 0.0) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return default


def _count(value: Any) -> int:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def read(data: Any) -> WatchReport | None:
    """Validate a summary or progress record from the child (``None`` if unusable)."""
    if not isinstance(data, dict):
        return None
    functions = []
    for item in list(data.get("functions", []))[:MAX_PROBES]:
        if isinstance(item, dict) and isinstance(item.get("label"), str):
            calls, returned = item.get("calls"), item.get("returned")
            functions.append(FunctionTime(item["label"][:100], _count(calls),
                                          max(0.0, _number(item.get("seconds"))), _count(returned)))
    raw_loss = data.get("loss")
    loss: dict[str, Any] = raw_loss if isinstance(raw_loss, dict) else {}
    xs = [_number(v, math.nan) for v in list(loss.get("x", []))[:CURVE_POINTS]]
    ys = [_number(v, math.nan) for v in list(loss.get("y", []))[:CURVE_POINTS]]
    pairs = [(x, y) for x, y in zip(xs, ys) if math.isfinite(x) and math.isfinite(y)]
    count = loss.get("count", 0)
    last = loss.get("last")
    return WatchReport(
        elapsed=max(0.0, _number(data.get("elapsed"))),
        functions=tuple(functions),
        inside=max(0.0, _number(data.get("inside"))),
        loss_count=int(count) if isinstance(count, int) and count >= 0 else 0,
        loss_x=tuple(p[0] for p in pairs),
        loss_y=tuple(p[1] for p in pairs),
        last_loss=_number(last) if isinstance(last, (int, float)) and math.isfinite(last) else None,
        replaced=tuple(str(r)[:100] for r in list(data.get("replaced") or [])[:MAX_PROBES]
                       if isinstance(r, str)),
        **_read_trajectory(data.get("trajectory")),
    )


def _read_trajectory(data: Any) -> dict[str, Any]:
    """The ``trajectory`` fields of a report, from the child's record: only points that are
    a 2-H-1 network of finite numbers in lesson 9's layout are kept."""
    if not isinstance(data, dict):
        return {}
    points = []
    for raw in list(data.get("points") or [])[:TRAJECTORY_POINTS + 1]:
        point = _read_params(raw)
        if point is not None:
            points.append(point)
    return {"trajectory": tuple(points), "trajectory_calls": _count(data.get("calls")),
            "trajectory_unreadable": _count(data.get("unreadable"))}


def _read_params(raw: Any) -> dict[str, np.ndarray] | None:
    if not isinstance(raw, list) or len(raw) != len(PARAM_KEYS):
        return None
    try:
        arrays = {key: np.array(value, dtype=float) for key, value in zip(PARAM_KEYS, raw)}
    except (TypeError, ValueError):
        return None
    w1 = arrays["W1"]
    h = w1.shape[1] if w1.ndim == 2 else 0
    shapes = {"W1": (2, h), "b1": (h,), "W2": (h, 1), "b2": (1,)}
    if not 0 < h * 4 <= TRAJECTORY_VALUES or any(arrays[k].shape != shapes[k] for k in PARAM_KEYS):
        return None
    if not all(np.all(np.isfinite(a)) for a in arrays.values()):
        return None
    return arrays


# -- the child's side --------------------------------------------------------------------------


def course_loss(A2: Any, Y: Any, output: str) -> float | None:
    """The loss backward differentiates, from its arguments (None if they do not fit)."""
    with np.errstate(all="ignore"):
        a = np.asarray(A2, dtype=float)
        y = np.asarray(Y, dtype=float)
        if y.shape != a.shape and y.ndim == 1 and a.shape == (y.shape[0], 1):
            y = y[:, None]
        if a.shape != y.shape or a.ndim != 2 or a.shape[0] == 0:
            return None
        m = a.shape[0]
        if output == "identity":
            value = float(np.sum((a - y) ** 2) / (2 * m))
        elif output == "sigmoid":
            p = np.clip(a, 1e-12, 1 - 1e-12)
            value = float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / m)
        elif output == "softmax":
            value = float(-np.sum(y * np.log(np.clip(a, 1e-12, 1.0))) / m)
        else:
            return None
    return value if math.isfinite(value) else None


def _backward_loss(args: tuple[Any, ...], kwargs: dict[str, Any]) -> float | None:
    bound = dict(zip(("X", "Y", "params", "cache", "hidden", "output"), args))
    bound.update(kwargs)
    cache = bound.get("cache")
    if not isinstance(cache, dict) or "A2" not in cache or "Y" not in bound:
        return None
    output = bound.get("output", "identity")
    return course_loss(cache["A2"], bound["Y"], output if isinstance(output, str) else "")


class Trajectory:
    """The ``params`` a watched function (lesson 9's ``forward``) was given, call by call.

    A training's params move in small steps from where it started to what it returns; a
    hand-set network only shows up at the end. Kept: the first call's params, an evenly
    spaced sample of the rest (every ``stride``-th call, the stride doubling whenever
    ``TRAJECTORY_POINTS`` are kept), and the last call's. A call whose ``params`` is not a
    plain dict of lesson 9's four arrays (or holds something else than numbers) is only
    counted: the parent decides what that means.
    """

    def __init__(self) -> None:
        self.calls = 0
        self.unreadable = 0
        self._stride = 1
        self._kept: list[list[Any]] = []
        self._last: list[Any] | None = None

    def see(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        index = self.calls
        self.calls += 1
        params = kwargs["params"] if "params" in kwargs else (args[1] if len(args) > 1 else None)
        copied = _copied_params(params)
        if copied is None:
            self.unreadable += 1
            return
        self._last = copied
        if index % self._stride == 0:
            self._kept.append(copied)
            if len(self._kept) > TRAJECTORY_POINTS:
                self._kept = self._kept[::2]
                self._stride *= 2

    def summary(self) -> dict[str, Any]:
        kept = list(self._kept)
        if kept:
            size = sum(a.size for a in kept[0])
            kept = kept[::-(-len(kept) * size // TRAJECTORY_TOTAL)]  # every k-th, the first kept
        if self._last is not None and not (kept and kept[-1] is self._last):
            kept.append(self._last)
        points = [[a.tolist() for a in p] for p in kept]
        return {"calls": self.calls, "unreadable": self.unreadable, "points": points}


def _copied_params(params: Any) -> list[Any] | None:
    """Copies of lesson 9's four arrays from a plain dict (never a subclass or a mapping,
    whose lookups learner code defines), or None. Only plain numbers count: an array of
    objects, or a value that is not finite (which JSON cannot carry), is not kept."""
    if type(params) is not dict:
        return None
    copied = []
    for key in PARAM_KEYS:
        value: Any = dict.get(params, key)
        kind = type(value)
        if kind not in (np.ndarray, list, tuple, float, int):
            return None
        if kind in (np.ndarray, list, tuple) and (value.size if kind is np.ndarray else len(value)) > TRAJECTORY_VALUES:
            return None  # before a copy of something huge is made
        try:
            array = np.array(value, dtype=float)
        except (TypeError, ValueError, OverflowError):
            return None
        if array.size > TRAJECTORY_VALUES or not np.all(np.isfinite(array)):
            return None
        copied.append(array)
    return copied


_TRAMPOLINES: dict[str, types.CodeType] = {}


def _trampoline(key: str) -> types.CodeType:
    """The code put into a watched function: look up ``key`` in its globals and call it."""
    if key not in _TRAMPOLINES:
        source = f"def trampoline(*args, **kwargs):\n    return {key}(*args, **kwargs)\n"
        namespace: dict[str, Any] = {}
        exec(compile(source, "<grader: watched function>", "exec"), namespace)
        _TRAMPOLINES[key] = namespace["trampoline"].__code__
    return _TRAMPOLINES[key]


def _swappable(function: Any) -> bool:
    """A plain Python function whose code can be swapped (no closure cells to match)."""
    return (type(function) is types.FunctionType and not function.__code__.co_freevars
            and isinstance(function.__globals__, dict))


def _defined(workspace: str | None, module: str, name: str) -> tuple[types.CodeType, ...] | None:
    """The code of ``def name`` as the lesson file itself defines it (its last top-level
    definition), compiled afresh from the bytes the grader read and sent (``sources``),
    never from what a module says about itself (its ``__file__`` or loader can be
    rewritten by learner code), nor from the file again, which may have changed since."""
    from grader.sandbox import sources

    source = sources.given(module)
    if source is None:
        if workspace is None:
            return None
        try:
            with open(os.path.join(workspace, f"{module}.py"), "rb") as handle:
                source = handle.read()
        except OSError:
            return None
    found: list[types.CodeType] = []
    # As the import system compiles (no inherited flags), and as a worker that compiles the
    # source itself may, from a module with ``from __future__ import annotations``.
    for flags in (0, __future__.annotations.compiler_flag):
        try:
            compiled = compile(source, f"{module}.py", "exec", flags=flags, dont_inherit=True)
        except (SyntaxError, ValueError):
            return None
        defined = [c for c in compiled.co_consts if isinstance(c, types.CodeType) and c.co_name == name]
        found.extend(defined[-1:])
    return tuple(found) or None


class Watch:
    """Installed in the child for one call; ``summary()`` is sent back with the reply.

    With ``workspace``, a watched function marked ``load`` must still run the code its
    lesson file defines: one that other code replaced (``lesson09_forward.forward =
    lambda ...``, or a new ``__code__``) is not watched, and ``summary()`` names it under
    ``replaced``, so a stub made to return by another file does not count as run.
    """

    def __init__(self, specs: Iterable[dict[str, Any]], send: Callable[[dict[str, Any]], None],
                 workspace: str | None = None) -> None:
        self._workspace = workspace
        self._replaced: list[str] = []
        self._specs = [s for s in list(specs)[:MAX_PROBES] if isinstance(s, dict)]
        self._send = send
        self._stats: dict[str, list[float]] = {}
        self._losses: list[float] = []
        self._patched: list[tuple[dict[str, Any], str, Any]] = []
        self._swapped: list[tuple[types.FunctionType, types.CodeType, str]] = []
        self._started = time.perf_counter()
        self._last_sent = self._started
        self._depth = 0
        self._inside = 0.0
        self._trajectory: Trajectory | None = None
        self._follows = ""  # the label whose calls' params the trajectory keeps

    def install(self, modules: Iterable[ModuleType]) -> None:
        """Watch each function asked for (see the module's docstring for how)."""
        namespaces = [vars(m) for m in modules]
        for spec in self._specs:
            module_name = str(spec.get("module"))
            module = sys.modules.get(module_name)
            if module is None and spec.get("load") is True:
                try:
                    module = importlib.import_module(module_name)
                except BaseException:  # a missing or broken lesson: its functions never run
                    module = None
            if module is None:
                continue
            name = str(spec.get("function"))
            original = vars(module).get(name)
            if not callable(original) or getattr(original, "__watched__", False):
                continue
            label = str(spec.get("label", name))[:100]
            self._stats.setdefault(label, [0, 0.0, 0])
            loss = spec.get("loss") == "backward"
            if spec.get("trajectory") is True and self._trajectory is None:
                self._trajectory = Trajectory()
                self._follows = label
            if spec.get("load") is True:
                genuine = _defined(self._workspace, module_name, name)
                if genuine is not None and not (type(original) is types.FunctionType
                                                and original.__code__ in genuine):
                    self._replaced.append(label)
                    continue
            if _swappable(original) and self._swap(original, label, loss):
                continue
            wrapper = self._wrap(original, label, loss)
            for namespace in [vars(module), *namespaces]:
                for key, value in list(namespace.items()):
                    if value is original:
                        namespace[key] = wrapper
                        self._patched.append((namespace, key, original))

    def _swap(self, function: types.FunctionType, label: str, loss: bool) -> bool:
        """Make ``function`` itself report its calls: every reference to it then counts."""
        code = function.__code__
        key = f"__grader_watched_{len(self._swapped)}__"
        clone = types.FunctionType(code, function.__globals__, function.__name__,
                                   function.__defaults__, None)
        clone.__kwdefaults__ = function.__kwdefaults__
        clone.__qualname__ = function.__qualname__
        try:
            function.__globals__[key] = self._wrap(clone, label, loss)
            function.__code__ = _trampoline(key)
        except (TypeError, ValueError, AttributeError):
            function.__globals__.pop(key, None)
            return False
        self._swapped.append((function, code, key))
        return True

    def uninstall(self) -> None:
        for function, code, key in reversed(self._swapped):
            try:
                function.__code__ = code
                function.__globals__.pop(key, None)
            except Exception:  # learner code replaced what it could; the call is over anyway
                pass
        self._swapped.clear()
        for namespace, key, original in reversed(self._patched):
            namespace[key] = original
        self._patched.clear()

    def _wrap(self, original: Callable[..., Any], label: str, loss: bool) -> Callable[..., Any]:
        stat = self._stats[label]
        trajectory = self._trajectory if label == self._follows else None

        @functools.wraps(original)
        def watched(*args: Any, **kwargs: Any) -> Any:
            if trajectory is not None:
                try:
                    trajectory.see(args, kwargs)
                except Exception:  # a hostile value: counted as a call it could not read
                    trajectory.unreadable += 1
            if loss and len(self._losses) < MAX_LOSSES:
                try:
                    value = _backward_loss(args, kwargs)
                except Exception:
                    value = None
                if value is not None:
                    self._losses.append(value)
            start = time.perf_counter()
            self._depth += 1
            try:
                result = original(*args, **kwargs)
                stat[2] += 1
                return result
            finally:
                self._depth -= 1
                now = time.perf_counter()
                stat[0] += 1
                stat[1] += now - start
                if self._depth == 0:
                    self._inside += now - start
                if now - self._last_sent >= PROGRESS_INTERVAL:
                    self._last_sent = now
                    self._report(progress=True)

        watched.__watched__ = True  # type: ignore[attr-defined]
        return watched

    def _functions(self) -> list[dict[str, Any]]:
        return [{"label": label, "calls": int(stat[0]), "seconds": float(stat[1]),
                 "returned": int(stat[2])} for label, stat in self._stats.items()]

    def _report(self, progress: bool) -> None:
        record = self.summary(curve=not progress)
        try:
            self._send(record)
        except Exception:  # the parent may be gone; the call itself goes on
            pass

    def summary(self, curve: bool = True) -> dict[str, Any]:
        losses = self._losses
        loss: dict[str, Any] = {"count": len(losses),
                                "last": losses[-1] if losses else None}
        if curve and losses:
            loss["x"], loss["y"] = _curve(losses)
        record = {"elapsed": time.perf_counter() - self._started, "functions": self._functions(),
                  "inside": self._inside, "loss": loss, "replaced": list(self._replaced)}
        if curve and self._trajectory is not None:
            record["trajectory"] = self._trajectory.summary()
        return record


def _curve(values: list[float], points: int = CURVE_POINTS) -> tuple[list[float], list[float]]:
    """At most ``points`` points: every value, or the means of equal runs of steps."""
    n = len(values)
    if n <= points:
        return [float(i + 1) for i in range(n)], [float(v) for v in values]
    edges = np.linspace(0, n, points + 1).astype(int)
    data = np.asarray(values, dtype=float)
    xs = [float(edges[i + 1]) for i in range(points)]
    ys = [float(data[edges[i]:edges[i + 1]].mean()) for i in range(points)]
    return xs, ys
