# expect: train_xor=passed, fit_curve=passed
"""Lesson 12 with the earlier lessons reached indirectly: a module alias, a default
argument, a table of functions filled by an import inside the function."""

from __future__ import annotations

import numpy as np

import lesson09_forward as L9

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
STEPS = {}


def _forward(X, params, hidden, output, run=L9.forward):
    return run(X, params, hidden, output)


def _train(X, Y, params, hidden, output, steps, lr):
    import importlib

    STEPS.setdefault("backward", importlib.import_module("lesson10_backprop").backward)
    from lesson11_optimizers import adam_step as step

    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    for t in range(1, steps + 1):
        _, cache = _forward(X, params, hidden, output)
        grads = STEPS["backward"](X, Y, params, cache, hidden, output)
        for k in params:
            params[k], m[k], v[k] = step(params[k], m[k], v[k], grads[k], t, lr=lr)
    return params


def train_xor(seed=0):
    params = L9.init_params(2, 6, 1, np.random.default_rng(seed))
    return _train(XOR_X, XOR_Y, params, "tanh", "sigmoid", 600, 0.05), "tanh"


def fit_curve(x, y, seed=0):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("x and y must have the same length")
    mx, sx, my, sy = x.mean(), x.std(), y.mean(), y.std()
    params = L9.init_params(1, 32, 1, np.random.default_rng(seed))
    params = _train(((x - mx) / sx)[:, None], ((y - my) / sy)[:, None], params, "tanh", "identity",
                    4000, 0.01)

    def predict(x_new):
        out, _ = _forward(((np.asarray(x_new, dtype=float) - mx) / sx)[:, None], params, "tanh", "identity")
        return out[:, 0] * sy + my

    return predict
