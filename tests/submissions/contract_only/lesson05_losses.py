import numpy as np


def _pair(a, y):
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    if a.shape != y.shape:
        raise ValueError("a and y differ in shape")
    return a, y


def mae(a, y):
    a, y = _pair(a, y)
    return np.sum(np.abs(a - y)) / a.shape[0]


def mse(a, y):
    a, y = _pair(a, y)
    return np.sum((a - y) ** 2) / (2 * a.shape[0])


def mse_grad(a, y):
    a, y = _pair(a, y)
    return (a - y) / a.shape[0]


def binary_cross_entropy(a, y, eps=1e-12):
    a, y = _pair(a, y)
    a = np.clip(a, eps, 1 - eps)
    return -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / a.shape[0]


def binary_cross_entropy_grad(a, y, eps=1e-12):
    a, y = _pair(a, y)
    a = np.clip(a, eps, 1 - eps)
    return (a - y) / (a * (1 - a)) / a.shape[0]


def categorical_cross_entropy(A, Y, eps=1e-12):
    A, Y = _pair(A, Y)
    A = np.clip(A, eps, 1.0)
    return -np.sum(Y * np.log(A)) / A.shape[0]


def hinge_loss(a, y):
    a, y = _pair(a, y)
    if not np.all((y == 1) | (y == -1)):
        raise ValueError("labels must be -1 or +1")
    return float(np.sum(np.maximum(0.0, 1 - y * a)) / a.shape[0])
