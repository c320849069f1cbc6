# expect: perceptron=passed, and_gate_params=passed, or_gate_params=passed, nand_gate_params=passed, AND=passed, OR=passed, NAND=passed, train_perceptron=failed
# feedback: train_perceptron=w is an int array
"""Lesson 07: the perceptron with explicit loops; train_perceptron keeps X as given, so its weights start as ints."""

import numpy as np


def perceptron(x, w, b):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if x.ndim != 1 or w.ndim != 1 or len(x) != len(w):
        raise ValueError("x and w must be vectors of equal length")
    total = 0.0
    for i in range(len(x)):
        total += w[i] * x[i]
    total += b
    if total >= 0:
        return 1
    return 0


def and_gate_params():
    return np.array([1.0, 1.0]), -1.5


def or_gate_params():
    return np.array([1.0, 1.0]), -0.5


def nand_gate_params():
    return np.array([-1.0, -1.0]), 1.5


def AND(x1, x2):
    weights, bias = and_gate_params()
    return perceptron([x1, x2], weights, bias)


def OR(x1, x2):
    weights, bias = or_gate_params()
    return perceptron([x1, x2], weights, bias)


def NAND(x1, x2):
    weights, bias = nand_gate_params()
    return perceptron([x1, x2], weights, bias)


def train_perceptron(X, y, lr=0.1, epochs=100):
    X = np.asarray(X)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be a 2-D array of samples")
    m, n = X.shape
    if y.ndim != 1 or len(y) != m:
        raise ValueError("y needs exactly one label per sample")
    w = np.zeros_like(X[0])
    b = 0.0
    epoch = 0
    while epoch < epochs:
        epoch += 1
        clean = True
        for i in range(m):
            y_hat = perceptron(X[i], w, b)
            if y_hat != y[i]:
                clean = False
                delta = lr * (y[i] - y_hat)
                for j in range(n):
                    w[j] += delta * X[i, j]
                b += delta
        if clean:
            return w, b, True
    return w, b, False
