# expect: init_params=passed, dense_forward=passed, forward=passed
"""Lesson 09 with einsum and log-space activations."""

from __future__ import annotations

import numpy as np


def init_params(n_in, n_hidden, n_out, rng):
    for n in (n_in, n_hidden, n_out):
        if n != int(n) or n < 1:
            raise ValueError(f"layer sizes must be whole numbers >= 1, got {n}")
    params = {}
    for name, fan_in, fan_out in (("1", n_in, n_hidden), ("2", n_hidden, n_out)):
        params["W" + name] = rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
        params["b" + name] = np.zeros(fan_out)
    return params


def dense_forward(X, W, b):
    X, W, b = (np.asarray(a, dtype=float) for a in (X, W, b))
    if X.ndim != 2 or W.ndim != 2 or b.ndim != 1:
        raise ValueError(f"bad dimensions: X {X.shape}, W {W.shape}, b {b.shape}")
    if X.shape[1] != W.shape[0] or b.shape[0] != W.shape[1]:
        raise ValueError(f"shapes do not fit: X {X.shape}, W {W.shape}, b {b.shape}")
    return np.einsum("ik,kj->ij", X, W) + b[np.newaxis, :]


def _activation(name, z):
    if name == "sigmoid":
        # 1 / (1 + e^-z) = exp(-log(1 + e^-z)), computed stably by logaddexp
        return np.exp(-np.logaddexp(0.0, -z))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return z * (z > 0)
    if name == "identity":
        return z + 0.0
    if name == "softmax":
        log_norm = np.logaddexp.reduce(z, axis=1, keepdims=True)
        return np.exp(z - log_norm)
    raise ValueError(f"unknown activation {name!r}")


def forward(X, params, hidden="sigmoid", output="identity"):
    if hidden not in {"sigmoid", "tanh", "relu"}:
        raise ValueError(f"unknown hidden activation {hidden!r}")
    if output not in {"identity", "sigmoid", "softmax"}:
        raise ValueError(f"unknown output activation {output!r}")
    cache = {}
    cache["Z1"] = dense_forward(X, params["W1"], params["b1"])
    cache["A1"] = _activation(hidden, cache["Z1"])
    cache["Z2"] = dense_forward(cache["A1"], params["W2"], params["b2"])
    cache["A2"] = _activation(output, cache["Z2"])
    return cache["A2"], cache
