"""Grader-supplied callables that learner code receives, built in the child.

A check cannot send a Python function to the child, so it names one of the functions
below (with parameters) and the child builds it. Every call it receives is recorded as
encoded copies of its arguments, so the parent can see *how* learner code used it: which
points a numerical derivative evaluated, which rows an SGD step saw, whether an array it
passed was later changed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from grader.sandbox import codec

MAX_RECORDED_CALLS = 20_000

Builder = Callable[[dict[str, Any]], Callable[..., Any]]


def _poly(params: dict[str, Any]) -> Callable[..., Any]:
    coeffs = [float(c) for c in params["coeffs"]]  # highest power first, like np.polyval

    def poly(x: Any) -> Any:
        return np.polyval(coeffs, x)

    return poly


def _sin_mix(params: dict[str, Any]) -> Callable[..., Any]:
    a, b = float(params.get("a", 1.0)), float(params.get("b", 1.0))

    def sin_mix(x: Any) -> Any:
        return a * np.sin(b * x) + 0.5 * x * x

    return sin_mix


def _exp_scalar(params: dict[str, Any]) -> Callable[..., Any]:
    k = float(params.get("k", 1.0))

    def exp_scalar(x: Any) -> Any:
        return math.exp(k * float(x))

    return exp_scalar


def _quadratic_form(params: dict[str, Any]) -> Callable[..., Any]:
    """f(x) = 0.5 x.A x + b.x + sum(sin(x)) for x of any shape (flattened)."""
    a = np.asarray(params["A"], dtype=float)
    b = np.asarray(params["b"], dtype=float)
    shape = tuple(params["shape"])

    def quadratic_form(x: Any) -> float:
        arr = np.asarray(x, dtype=float)
        if arr.shape != shape:
            raise ValueError(f"f expects an array of shape {shape}, got {arr.shape}")
        flat = arr.reshape(-1)
        return float(0.5 * flat @ a @ flat + b @ flat + np.sum(np.sin(flat)))

    return quadratic_form


def _linreg_grad(params: dict[str, Any]) -> Callable[..., Any]:
    """Gradient of the mean squared error (with 1/2) of a linear model: X^T (X w - y) / m."""

    def linreg_grad(w: Any, x: Any, y: Any) -> np.ndarray:
        w_arr = np.asarray(w, dtype=float)
        x_arr = np.asarray(x, dtype=float)
        y_arr = np.asarray(y, dtype=float)
        m = max(x_arr.shape[0], 1)
        return np.asarray(x_arr.T @ (x_arr @ w_arr - y_arr) / m, dtype=float)

    return linreg_grad


def _bowl_grad(params: dict[str, Any]) -> Callable[..., Any]:
    """Gradient 2 w of sum(w^2), whatever the samples: the lesson 11 worked example."""

    def bowl_grad(w: Any, x: Any, y: Any) -> np.ndarray:
        return np.asarray(2.0 * np.asarray(w, dtype=float), dtype=float)

    return bowl_grad


FUNCTIONS: dict[str, Builder] = {
    "poly": _poly,
    "sin_mix": _sin_mix,
    "exp_scalar": _exp_scalar,
    "quadratic_form": _quadratic_form,
    "linreg_grad": _linreg_grad,
    "bowl_grad": _bowl_grad,
}


class Recorder:
    """Wraps a named function and records every call's arguments."""

    def __init__(self, ident: str, function: Callable[..., Any]) -> None:
        self.id = ident
        self._function = function
        self.calls: list[Any] = []
        self.dropped = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if len(self.calls) < MAX_RECORDED_CALLS:
            self.calls.append({"args": [codec.encode(a) for a in args],
                               "kwargs": {k: codec.encode(v) for k, v in kwargs.items()}})
        else:
            self.dropped += 1
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<function provided by the grader: {self._function.__name__}>"


def build(spec: dict[str, Any]) -> Any:
    """Build the callable (or random generator) a check asked for (in the child).

    ``kind == "generator"`` gives ``np.random.default_rng(seed)`` itself: learner code
    receives a real Generator, and the parent replays the same seed to know every draw.
    """
    params = codec.decode(spec.get("params", {})) or {}
    if spec.get("kind") == "generator":
        return np.random.default_rng(int(params["seed"]))
    name = str(spec["function"])
    return Recorder(str(spec["id"]), FUNCTIONS[name](params))
