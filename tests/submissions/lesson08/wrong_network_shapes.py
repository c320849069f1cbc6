# expect: XOR=passed, xor_network_params=failed, step_network_forward=passed
# feedback: xor_network_params=shape
"""Lesson 08: XOR and the multi-layer perceptron (W2 and b2 without their own axes)."""

import numpy as np

from lesson07_perceptron import AND, NAND, OR


def XOR(x1, x2):
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    return AND(s1, s2)


def xor_network_params():
    return {
        "W1": np.array([[-1.0, 1.0], [-1.0, 1.0]]),
        "b1": np.array([1.5, -0.5]),
        "W2": np.array([1.0, 1.0]),
        "b2": -1.5,
    }


def _step(z):
    return np.where(z >= 0, 1.0, 0.0)


def step_network_forward(X, params):
    X = np.asarray(X, dtype=float)
    W1, b1 = np.asarray(params["W1"], dtype=float), np.asarray(params["b1"], dtype=float)
    W2, b2 = np.asarray(params["W2"], dtype=float), np.asarray(params["b2"], dtype=float)
    if X.ndim != 2 or X.shape[1] != W1.shape[0]:
        raise ValueError(f"X must be (m, {W1.shape[0]}), got {X.shape}")
    hidden = _step(X @ W1 + b1)
    return _step(hidden @ W2 + b2).ravel()
