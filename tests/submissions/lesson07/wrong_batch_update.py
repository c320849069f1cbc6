# expect: perceptron=passed, and_gate_params=passed, or_gate_params=passed, nand_gate_params=passed, AND=passed, OR=passed, NAND=passed, train_perceptron=failed
"""Lesson 07: the perceptron (predictions made once per epoch)."""

import numpy as np


def perceptron(x, w, b):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if x.ndim != 1 or x.shape != w.shape:
        raise ValueError("x and w must be 1-D vectors of the same length")
    return int(np.dot(w, x) + b >= 0)


def and_gate_params():
    return np.array([0.5, 0.5]), -0.7


def or_gate_params():
    return np.array([0.5, 0.5]), -0.2


def nand_gate_params():
    return np.array([-0.5, -0.5]), 0.7


def AND(x1, x2):
    w, b = and_gate_params()
    return perceptron([x1, x2], w, b)


def OR(x1, x2):
    w, b = or_gate_params()
    return perceptron([x1, x2], w, b)


def NAND(x1, x2):
    w, b = nand_gate_params()
    return perceptron([x1, x2], w, b)


def train_perceptron(X, y, lr=0.1, epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError("X must be (m, n) and y must have m labels")
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch in range(epochs):
        y_hat = np.array([perceptron(x, w, b) for x in X])
        err = y - y_hat
        if not err.any():
            return w, b, True
        w = w + lr * err @ X
        b = b + lr * err.sum()
    return w, b, False
