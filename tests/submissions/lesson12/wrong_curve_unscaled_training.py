# expect: train_xor=passed, fit_curve=failed
# feedback: fit_curve=wiggles
"""Lesson 12: the curve fitted on raw x and y with plain gradient descent."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from lesson09_forward import forward, init_params
from lesson10_backprop import backward
from lesson11_optimizers import adam_step, exponential_decay
from numpy.typing import ArrayLike

PARAM_NAMES = ("W1", "b1", "W2", "b2")

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def _train_adam(params, X, Y, hidden, output, steps, lr, final_lr_fraction=1.0):
    """Full-batch Adam on every parameter; returns the trained params (new arrays)."""
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    decay_rate = final_lr_fraction ** (1.0 / steps)
    for t in range(1, steps + 1):
        _, cache = forward(X, params, hidden, output)
        grads = backward(X, Y, params, cache, hidden, output)
        lr_t = exponential_decay(lr, decay_rate, t - 1)
        for k in PARAM_NAMES:
            params[k], m[k], v[k] = adam_step(params[k], m[k], v[k], grads[k], t, lr=lr_t)
    return params


def train_xor(seed: int = 0) -> tuple[dict, str]:
    """Train a 2-8-1 network (tanh hidden layer, sigmoid output, binary cross-entropy)
    on the four XOR points with full-batch Adam; returns (params, "tanh").
    """
    hidden = "tanh"
    rng = np.random.default_rng(seed)
    params = init_params(2, 8, 1, rng)
    params = _train_adam(params, XOR_X, XOR_Y, hidden, "sigmoid", steps=500, lr=0.05)
    return params, hidden


def fit_curve(x: ArrayLike, y: ArrayLike, seed: int = 0) -> Callable[[ArrayLike], np.ndarray]:
    """Fit y = f(x) with a 1-32-1 network (tanh hidden layer, identity output, mse),
    trained by full-batch Adam with learning-rate decay on standardised x and y.
    Returns predict(x_new) -> (m',).
    Raises: ValueError when x and y are not 1-D of the same length (at least 2 points).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or y.shape != x.shape:
        raise ValueError(f"x and y must be 1-D of the same length, got shapes {x.shape}, {y.shape}")
    if x.shape[0] < 2:
        raise ValueError("fit_curve needs at least 2 points")
    x_mean, x_std = 0.0, 1.0  # x is already in [0, 1]
    y_mean, y_std = 0.0, 1.0
    X = ((x - x_mean) / x_std)[:, None]
    Y = ((y - y_mean) / y_std)[:, None]
    rng = np.random.default_rng(seed)
    params = init_params(1, 32, 1, rng)
    for _ in range(3000):
        _, cache = forward(X, params, "tanh", "identity")
        grads = backward(X, Y, params, cache, "tanh", "identity")
        for k in PARAM_NAMES:
            params[k] = params[k] - 0.1 * grads[k]

    def predict(x_new: ArrayLike) -> np.ndarray:
        x_new = np.asarray(x_new, dtype=float).reshape(-1)
        A2, _ = forward(((x_new - x_mean) / x_std)[:, None], params, "tanh", "identity")
        return A2[:, 0] * y_std + y_mean

    return predict
