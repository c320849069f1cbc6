# expect: init_params=passed, dense_forward=passed, forward=failed
# feedback: forward=is not a hidden activation
"""Lesson 09 with one table of activations for both layers, so softmax is taken as a hidden activation."""

from __future__ import annotations

import math

import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    sizes = {"n_in": n_in, "n_hidden": n_hidden, "n_out": n_out}
    for name, n in sizes.items():
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n <= 0:
            raise ValueError(f"{name} must be a positive integer")
    # rng.normal(0, s, shape) draws the same numbers as rng.standard_normal(shape) * s
    W1 = rng.normal(0.0, math.sqrt(1.0 / n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, math.sqrt(1.0 / n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def dense_forward(X, W, b):
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be a 2-D array (samples, features)")
    if W.ndim != 2:
        raise ValueError("W must be a 2-D array")
    if b.ndim != 1:
        raise ValueError("b must be a 1-D array")
    m, n_in = X.shape
    if W.shape[0] != n_in:
        raise ValueError("X's number of columns must equal W's number of rows")
    n_out = W.shape[1]
    if b.shape[0] != n_out:
        raise ValueError("b's length must equal W's number of columns")
    Z = np.zeros((m, n_out))
    for i in range(m):
        for j in range(n_out):
            total = b[j]
            for k in range(n_in):
                total += X[i, k] * W[k, j]
            Z[i, j] = total
    return Z


def _sigmoid(z):
    # sigmoid(z) = (1 + tanh(z / 2)) / 2: no exp, so nothing can overflow
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _softmax_rows(z):
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        row = z[i]
        # log-sum-exp with the max taken out
        top = row.max()
        log_total = top + math.log(np.sum(np.exp(row - top)))
        out[i] = np.exp(row - log_total)
    return out


def forward(X, params, hidden="sigmoid", output="identity"):
    functions = {
        "sigmoid": _sigmoid,
        "tanh": np.tanh,
        "relu": lambda z: np.where(z > 0, z, 0.0),
        "identity": lambda z: np.array(z, dtype=float),
        "softmax": _softmax_rows,
    }
    hidden_functions = output_functions = functions
    if hidden not in functions or output not in functions:
        raise ValueError(f"unknown activation: {hidden!r} or {output!r}")
    Z1 = dense_forward(X, params["W1"], params["b1"])
    A1 = hidden_functions[hidden](Z1)
    Z2 = dense_forward(A1, params["W2"], params["b2"])
    A2 = output_functions[output](Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
