# expect: perceptron=passed, and_gate_params=passed, or_gate_params=passed, nand_gate_params=passed, AND=passed, OR=passed, NAND=passed, train_perceptron=passed
"""Lesson 07: the perceptron, with other gate weights."""

import numpy as np


def perceptron(x, w, b):
    x = np.array(x, dtype=float)
    w = np.array(w, dtype=float)
    if w.shape != x.shape or x.ndim != 1:
        raise ValueError(f"x {x.shape} and w {w.shape} must be matching 1-D vectors")
    return 1 if float(w @ x) + b >= 0 else 0


def and_gate_params():
    return np.array([2.0, 2.0]), -3.0


def or_gate_params():
    return np.array([2.0, 2.0]), -1.0


def nand_gate_params():
    return np.array([-2.0, -2.0]), 3.0


def AND(x1, x2):
    return perceptron(np.array([x1, x2]), *and_gate_params())


def OR(x1, x2):
    return perceptron(np.array([x1, x2]), *or_gate_params())


def NAND(x1, x2):
    return perceptron(np.array([x1, x2]), *nand_gate_params())


def train_perceptron(X, y, lr=0.1, epochs=100):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise ValueError("X must be (m, n) and y (m,)")
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        errors = 0
        for i in range(X.shape[0]):
            e = y[i] - perceptron(X[i], w, b)
            errors += e != 0
            w = w + lr * e * X[i]
            b = b + lr * e
        if errors == 0:
            return w, float(b), True
    return w, float(b), False
