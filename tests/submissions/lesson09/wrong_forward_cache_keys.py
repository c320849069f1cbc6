# expect: init_params=passed, dense_forward=passed, forward=failed
# feedback: forward=cache lacks A2
"""Lesson 09: the cache keeps only what backward seems to need, not the output it returns."""

from __future__ import annotations

import numpy as np


def _sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def _softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def _hidden(name, z):
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(0.0, z)
    raise ValueError(f"unknown hidden activation: {name}")


def _output(name, z):
    if name == "identity":
        return z.copy()
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "softmax":
        return _softmax(z)
    raise ValueError(f"unknown output activation: {name}")


def init_params(n_in, n_hidden, n_out, rng):
    for n in (n_in, n_hidden, n_out):
        if int(n) != n or n < 1:
            raise ValueError("layer sizes must be positive integers")
    W1 = rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden)
    b1 = np.zeros(n_hidden)
    b2 = np.zeros(n_out)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def dense_forward(X, W, b):
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float)
    if X.ndim != 2 or W.ndim != 2 or b.ndim != 1:
        raise ValueError("X and W must be 2-D and b 1-D")
    if X.shape[1] != W.shape[0] or W.shape[1] != b.shape[0]:
        raise ValueError("shape mismatch between X, W and b")
    return X @ W + b


def forward(X, params, hidden="sigmoid", output="identity"):
    if hidden not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"unknown hidden activation: {hidden}")
    if output not in ("identity", "sigmoid", "softmax"):
        raise ValueError(f"unknown output activation: {output}")
    X = np.asarray(X, dtype=float)
    W1 = np.asarray(params["W1"], dtype=float)
    b1 = np.asarray(params["b1"], dtype=float)
    W2 = np.asarray(params["W2"], dtype=float)
    b2 = np.asarray(params["b2"], dtype=float)
    if X.ndim != 2 or X.shape[1] != W1.shape[0] or W1.shape[1] != W2.shape[0]:
        raise ValueError("shape mismatch between X and the parameters")
    Z1 = X @ W1 + b1
    A1 = _hidden(hidden, Z1)
    Z2 = A1 @ W2 + b2
    A2 = _output(output, Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2}
