# expect: train_xor=failed, fit_curve=passed
# feedback: train_xor=trained with output='identity'
"""Lesson 12: XOR trained with forward's default output, identity (a squared error on Z2)."""

from __future__ import annotations

import numpy as np

from lesson09_forward import forward, init_params
from lesson10_backprop import backward
from lesson11_optimizers import adam_step

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def _adam_training(params, X, Y, hidden, output, steps, lr):
    m = {k: np.zeros_like(p) for k, p in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    for t in range(1, steps + 1):
        _, cache = forward(X, params, hidden, output)
        grads = backward(X, Y, params, cache, hidden, output)
        for k in params:
            params[k], m[k], v[k] = adam_step(params[k], m[k], v[k], grads[k], t, lr=lr)
    return params


def train_xor(seed=0):
    rng = np.random.default_rng(seed)
    params = init_params(2, 8, 1, rng)
    trained = _adam_training(dict(params), XOR_X, XOR_Y, "tanh", "identity", 500, 0.05)
    return trained, "tanh"


def fit_curve(x, y, seed=0):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError("x and y must be 1-D arrays of the same length")
    x_mean, x_std = x.mean(), x.std()
    y_mean, y_std = y.mean(), y.std()
    X = ((x - x_mean) / x_std).reshape(-1, 1)
    Y = ((y - y_mean) / y_std).reshape(-1, 1)
    params = init_params(1, 32, 1, np.random.default_rng(seed))
    params = _adam_training(params, X, Y, "tanh", "identity", 4000, 0.01)

    def predict(x_new):
        x_new = np.asarray(x_new, dtype=float).reshape(-1)
        A2, _ = forward(((x_new - x_mean) / x_std).reshape(-1, 1), params, "tanh", "identity")
        return A2[:, 0] * y_std + y_mean

    return predict
