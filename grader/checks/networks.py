"""Two-layer networks for the checks of lessons 9-12: check points and the reference loss.

Everything here runs in the parent with the reference solutions: the forward pass of
lesson 9, the losses of lesson 5 and the activations of lesson 6. Check points are drawn
from a seeded generator and redrawn until they are not vacuous (no zero inputs or
biases, no saturated or dead units, no ReLU unit on its kink), so that a wrong gradient
cannot pass by luck.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from grader.i18n import Text, tr
from grader.numeric import gradcheck
from grader.reference import load_reference

HIDDEN = ("sigmoid", "tanh", "relu")
OUTPUT = ("identity", "sigmoid", "softmax")
COMBINATIONS = tuple((h, o) for h in HIDDEN for o in OUTPUT)
LOSS_OF = {"identity": "mse", "sigmoid": "binary_cross_entropy",
           "softmax": "categorical_cross_entropy"}
OUT_SIZE = {"identity": 2, "sigmoid": 1, "softmax": 3}
PARAMS = ("W1", "b1", "W2", "b2")


def shapes_call(func: str, names: tuple[str, ...], values: tuple[Any, ...], *extra: Any) -> str:
    """A short call for the details: the names, then the shapes of the arrays passed."""
    def shape(value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {shape(v)}" for k, v in value.items()) + "}"
        return str(np.shape(value))

    args = ", ".join([*names, *(repr(e) for e in extra)])
    shapes = ", ".join(f"{n} {shape(v)}" for n, v in zip(names, values))
    return f"{func}({args})  with shapes {shapes}"


def forward_module() -> ModuleType:
    return load_reference("lesson09_forward")


def losses_module() -> ModuleType:
    return load_reference("lesson05_losses")


def activations_module() -> ModuleType:
    return load_reference("lesson06_activations")


def reference_loss(X: np.ndarray, Y: np.ndarray, hidden: str, output: str
                   ) -> Callable[[dict[str, np.ndarray]], float]:
    """params -> the loss backward differentiates (reference forward, reference loss)."""
    forward = forward_module().forward
    loss = getattr(losses_module(), LOSS_OF[output])

    def value(params: dict[str, np.ndarray]) -> float:
        A2, _ = forward(X, params, hidden, output)
        return float(loss(A2, Y))

    return value


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.asarray(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return np.asarray(e / np.sum(e, axis=-1, keepdims=True))


_ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": _sigmoid, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0),
    "identity": lambda z: z, "softmax": _softmax}
_EPS = 1e-12  # the losses' default clip


def _mse(A: np.ndarray, Y: np.ndarray, m: int) -> np.ndarray:
    return np.asarray(np.sum((A - Y) ** 2, axis=(1, 2)) / (2 * m))


def _binary_cross_entropy(A: np.ndarray, Y: np.ndarray, m: int) -> np.ndarray:
    a = np.clip(A, _EPS, 1.0 - _EPS)
    return np.asarray(-np.sum(Y * np.log(a) + (1.0 - Y) * np.log(1.0 - a), axis=(1, 2)) / m)


def _categorical_cross_entropy(A: np.ndarray, Y: np.ndarray, m: int) -> np.ndarray:
    return np.asarray(-np.sum(Y * np.log(np.clip(A, _EPS, 1.0)), axis=(1, 2)) / m)


_LOSSES = {"identity": _mse, "sigmoid": _binary_cross_entropy, "softmax": _categorical_cross_entropy}


def stacked_loss(X: np.ndarray, Y: np.ndarray, hidden: str, output: str) -> gradcheck.AllAtOnce:
    """``reference_loss`` (and ``relu_pattern``) at many parameter points at once, for the
    numerical gradient: the course's forward pass and loss written over a stack of
    parameters. ``numerical_gradients`` uses it only where it matches the reference loss."""
    m = int(X.shape[0])

    def losses(params: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray | None]:
        Z1 = X @ params["W1"] + params["b1"][:, None, :]
        A1 = _ACTIVATIONS[hidden](Z1)
        A2 = _ACTIVATIONS[output](A1 @ params["W2"] + params["b2"][:, None, :])
        return _LOSSES[output](A2, Y, m), (Z1 > 0 if hidden == "relu" else None)

    return losses


def relu_pattern(X: np.ndarray) -> Callable[[dict[str, np.ndarray]], np.ndarray]:
    """Which hidden ReLU units are on: a change of pattern means a kink was crossed."""
    def pattern(params: dict[str, np.ndarray]) -> np.ndarray:
        return np.asarray(X @ params["W1"] + params["b1"] > 0)

    return pattern


@dataclass(frozen=True)
class Point:
    """A check point for a two-layer network: inputs, targets, parameters, cache."""

    X: np.ndarray
    Y: np.ndarray
    params: dict[str, np.ndarray]
    cache: dict[str, np.ndarray]
    hidden: str
    output: str

    @property
    def m(self) -> int:
        return int(self.X.shape[0])

    def numerical(self) -> dict[str, gradcheck.Numerical]:
        """The numerical gradients of the reference loss at this point."""
        pattern = relu_pattern(self.X) if self.hidden == "relu" else None
        return gradcheck.numerical_gradients(reference_loss(self.X, self.Y, self.hidden, self.output),
                                             self.params, names=PARAMS, pattern=pattern,
                                             all_at_once=stacked_loss(self.X, self.Y, self.hidden, self.output))

    def check(self, grads: Any) -> gradcheck.GradientCheck:
        analytic = grads if isinstance(grads, dict) else {}
        return gradcheck.check_gradients(analytic, self.numerical(), samples=self.m,
                                         kinked=self.hidden == "relu")


def targets(rng: np.random.Generator, output: str, m: int) -> np.ndarray:
    k = OUT_SIZE[output]
    if output == "identity":
        return rng.normal(size=(m, k))
    if output == "sigmoid":
        y = rng.integers(0, 2, size=(m, k)).astype(float)
        y[0], y[1] = 0.0, 1.0  # both classes present
        return y
    return np.eye(k)[np.arange(m) % k][rng.permutation(m)]


def network_point(rng: np.random.Generator, hidden: str, output: str, m: int = 6,
                  n_in: int = 3, n_hidden: int = 5) -> Point:
    """A non-vacuous check point (redrawn until ``refuse_vacuous`` accepts it)."""
    forward = forward_module().forward
    problem = ""
    for _ in range(200):
        X = rng.normal(size=(m, n_in))
        params = {
            "W1": rng.normal(size=(n_in, n_hidden)) * 0.8,
            "b1": rng.uniform(0.1, 0.6, size=n_hidden) * rng.choice([-1.0, 1.0], size=n_hidden),
            "W2": rng.normal(size=(n_hidden, OUT_SIZE[output])) * 0.8,
            "b2": rng.uniform(0.1, 0.6, size=OUT_SIZE[output]) * rng.choice([-1.0, 1.0],
                                                                           size=OUT_SIZE[output]),
        }
        Y = targets(rng, output, m)
        _, cache = forward(X, params, hidden, output)
        try:
            gradcheck.refuse_vacuous(inputs={"X": X}, biases={"b1": params["b1"], "b2": params["b2"]},
                                     units={"Z1": (hidden, cache["Z1"])})
        except gradcheck.VacuousPoint as exc:
            problem = str(exc)
            continue
        return Point(X, Y, params, {k: np.asarray(v) for k, v in cache.items()}, hidden, output)
    raise gradcheck.VacuousPoint(f"no usable check point for {hidden}/{output}: {problem}")


def unknown_name(hidden: str, output: str) -> Text:
    """Why (hidden, output) must be refused: which name is not allowed where it stands."""
    if hidden not in HIDDEN:
        return tr("hidden={hidden!r} is not a hidden activation: hidden is one of 'sigmoid', 'tanh' and "
                  "'relu' (softmax and identity are output activations only).",
                  "hidden={hidden!r} 不是隐藏层激活函数：hidden 只能是 'sigmoid'、'tanh' 或 'relu'"
                  "（softmax 和 identity 只用于输出层）。", hidden=hidden)
    return tr("output={output!r} is not an output activation: output is one of 'identity', 'sigmoid' and "
              "'softmax'.",
              "output={output!r} 不是输出层激活函数：output 只能是 'identity'、'sigmoid' 或 'softmax'。",
              output=output)
