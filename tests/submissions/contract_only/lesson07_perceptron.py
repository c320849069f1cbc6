import numpy as np


def perceptron(x, w, b):
    total = np.sum(np.asarray(x, dtype=float) * np.asarray(w, dtype=float)) + b
    return 1 if total >= 0 else 0


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
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        mistakes = 0
        for xi, yi in zip(X, y):
            error = yi - perceptron(xi, w, b)
            if error != 0:
                mistakes += 1
                w = w + lr * error * xi
                b = b + lr * error
        if mistakes == 0:
            return w, b, True
    return w, b, False
