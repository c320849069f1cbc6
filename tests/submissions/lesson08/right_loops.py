# expect: XOR=passed, xor_network_params=passed, step_network_forward=passed
"""Lesson 08: XOR and the multi-layer perceptron, one sample at a time."""

import numpy as np

from lesson07_perceptron import AND, NAND, OR


def XOR(x1, x2):
    return AND(OR(x1, x2), NAND(x1, x2))


def xor_network_params():
    # hidden unit 0 is OR, hidden unit 1 is NAND; the output ANDs them
    W1 = np.array([[1.0, -1.0],
                   [1.0, -1.0]])
    b1 = np.array([-0.5, 1.5])
    W2 = np.array([[1.0],
                   [1.0]])
    b2 = np.array([-1.5])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _fire(total):
    return 1.0 if total >= 0 else 0.0


def step_network_forward(X, params):
    X = np.asarray(X, dtype=float)
    W1 = np.asarray(params["W1"], dtype=float)
    b1 = np.asarray(params["b1"], dtype=float)
    W2 = np.asarray(params["W2"], dtype=float)
    b2 = np.asarray(params["b2"], dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be a 2-D batch of samples")
    m, n_in = X.shape
    if n_in != W1.shape[0]:
        raise ValueError(f"X has {n_in} features, W1 expects {W1.shape[0]}")
    n_hidden = W1.shape[1]
    out = np.zeros(m)
    for i in range(m):
        hidden = []
        for j in range(n_hidden):
            total = b1[j]
            for k in range(n_in):
                total += X[i, k] * W1[k, j]
            hidden.append(_fire(total))
        total = b2[0]
        for j in range(n_hidden):
            total += hidden[j] * W2[j, 0]
        out[i] = _fire(total)
    return out
