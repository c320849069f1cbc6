# expect: XOR=passed, xor_network_params=passed, step_network_forward=passed
"""Lesson 08: XOR and the multi-layer perceptron, with the step from lesson 6."""

import numpy as np

from lesson06_activations import step
from lesson07_perceptron import AND, NAND, OR


def XOR(x1, x2):
    not_both = NAND(x1, x2)
    at_least_one = OR(x1, x2)
    return AND(not_both, at_least_one)


def xor_network_params():
    # hidden units detect (1, 0) and (0, 1); the output unit ORs them
    return {
        "W1": np.array([[1.0, -1.0], [-1.0, 1.0]]),
        "b1": np.array([-0.5, -0.5]),
        "W2": np.array([[1.0], [1.0]]),
        "b2": np.array([-0.5]),
    }


def step_network_forward(X, params):
    X = np.array(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("expected X of shape (m, n)")
    W1 = np.array(params["W1"], dtype=float)
    if X.shape[1] != W1.shape[0]:
        raise ValueError("X and W1 do not fit together")
    H = np.asarray(step(np.dot(X, W1) + params["b1"]))
    y = np.asarray(step(np.dot(H, params["W2"]) + params["b2"]))
    return y.reshape(X.shape[0])
