# expect: mae=passed, mse=passed, mse_grad=passed, binary_cross_entropy=passed, binary_cross_entropy_grad=passed, categorical_cross_entropy=passed, hinge_loss=passed
"""Lesson 05: loss functions, sample by sample with loops."""

import math

import numpy as np


def _rows(a, y):
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    if a.shape != y.shape:
        raise ValueError(f"a has shape {a.shape} but y has shape {y.shape}")
    if a.ndim == 0:
        raise ValueError("inputs need a first axis of samples")
    m = a.shape[0]
    if m == 0:
        raise ValueError("no samples")
    return a.reshape(m, -1), y.reshape(m, -1), m


def mae(a, y):
    A, Y, m = _rows(a, y)
    total = 0.0
    for i in range(m):
        for j in range(A.shape[1]):
            total += abs(A[i, j] - Y[i, j])
    return total / m


def mse(a, y):
    A, Y, m = _rows(a, y)
    total = 0.0
    for i in range(m):
        for j in range(A.shape[1]):
            d = A[i, j] - Y[i, j]
            total += d * d
    return 0.5 * total / m


def mse_grad(a, y):
    a_arr = np.asarray(a, dtype=float)
    A, Y, m = _rows(a, y)
    g = np.empty(A.shape)
    for i in range(m):
        for j in range(A.shape[1]):
            g[i, j] = (A[i, j] - Y[i, j]) / m
    return g.reshape(a_arr.shape)


def _clip(v, lo, hi):
    return min(max(v, lo), hi)


def binary_cross_entropy(a, y, eps=1e-12):
    A, Y, m = _rows(a, y)
    if not (eps > 0 and eps < 0.5):
        raise ValueError("eps must be between 0 and 0.5")
    total = 0.0
    for i in range(m):
        for j in range(A.shape[1]):
            p = _clip(A[i, j], eps, 1 - eps)
            t = Y[i, j]
            total += t * math.log(p) + (1 - t) * math.log(1 - p)
    return -total / m


def binary_cross_entropy_grad(a, y, eps=1e-12):
    a_arr = np.asarray(a, dtype=float)
    A, Y, m = _rows(a, y)
    if not (eps > 0 and eps < 0.5):
        raise ValueError("eps must be between 0 and 0.5")
    g = np.empty(A.shape)
    for i in range(m):
        for j in range(A.shape[1]):
            p = _clip(A[i, j], eps, 1 - eps)
            g[i, j] = (p - Y[i, j]) / (p * (1 - p)) / m
    return g.reshape(a_arr.shape)


def categorical_cross_entropy(A, Y, eps=1e-12):
    A = np.asarray(A, dtype=float)
    Y = np.asarray(Y, dtype=float)
    if A.ndim != 2 or Y.ndim != 2:
        raise ValueError("A and Y must both be 2-D (m, k)")
    if A.shape != Y.shape:
        raise ValueError(f"A has shape {A.shape} but Y has shape {Y.shape}")
    if A.shape[0] == 0:
        raise ValueError("no samples")
    if not (eps > 0 and eps < 1):
        raise ValueError("eps must be between 0 and 1")
    m, k = A.shape
    total = 0.0
    for i in range(m):
        for j in range(k):
            if Y[i, j] != 0:
                total += Y[i, j] * math.log(_clip(A[i, j], eps, 1.0))
    return -total / m


def hinge_loss(a, y):
    A, Y, m = _rows(a, y)
    total = 0.0
    for i in range(m):
        for j in range(A.shape[1]):
            if Y[i, j] not in (-1.0, 1.0):
                raise ValueError(f"hinge labels must be -1 or +1, found {Y[i, j]}")
            total += max(0.0, 1.0 - Y[i, j] * A[i, j])
    return total / m
