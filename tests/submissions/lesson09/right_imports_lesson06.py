# expect: init_params=passed, dense_forward=passed, forward=passed
"""Lesson 09 reusing lesson 6's activations and one generic layer loop."""

from __future__ import annotations

import numpy as np
from lesson06_activations import relu, sigmoid, softmax, tanh

HIDDEN = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu}
OUTPUT = {"identity": lambda z: z, "sigmoid": sigmoid, "softmax": softmax}


def init_params(n_in, n_hidden, n_out, rng):
    sizes = [n_in, n_hidden, n_out]
    if any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in sizes):
        raise ValueError(f"layer sizes must be positive integers, got {sizes}")
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{layer}"] = rng.standard_normal((fan_in, fan_out)) * (1.0 / fan_in) ** 0.5
    for layer, size in enumerate(sizes[1:], start=1):
        params[f"b{layer}"] = np.zeros(size)
    return params


def dense_forward(X, W, b):
    X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    if X.ndim != 2 or W.ndim != 2 or b.ndim != 1:
        raise ValueError("X and W must be 2-D, b must be 1-D")
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X has {X.shape[1]} features but W expects {W.shape[0]}")
    if W.shape[1] != b.shape[0]:
        raise ValueError(f"W has {W.shape[1]} outputs but b has {b.shape[0]} entries")
    return np.matmul(X, W) + b


def forward(X, params, hidden="sigmoid", output="identity"):
    if hidden not in HIDDEN or output not in OUTPUT:
        raise ValueError(f"unknown activation: hidden={hidden!r}, output={output!r}")
    cache = {}
    A = X
    for layer, act in ((1, HIDDEN[hidden]), (2, OUTPUT[output])):
        Z = dense_forward(A, params[f"W{layer}"], params[f"b{layer}"])
        A = np.asarray(act(Z), dtype=float)
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
    return A, cache
