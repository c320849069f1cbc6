# expect: mae=passed, mse=passed, mse_grad=passed, binary_cross_entropy=failed, binary_cross_entropy_grad=passed, categorical_cross_entropy=passed, hinge_loss=passed
# feedback: binary_cross_entropy=minus sign
"""Lesson 05: loss functions (binary cross-entropy without the minus)."""

import numpy as np


def _prepare(a, y):
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    if a.shape != y.shape:
        raise ValueError(f"shape mismatch: a is {a.shape}, y is {y.shape}")
    if a.ndim == 0 or len(a) == 0:
        raise ValueError("need at least one sample along the first axis")
    return a, y, len(a)


def mae(a, y):
    a, y, m = _prepare(a, y)
    return float(np.abs(a - y).sum() / m)


def mse(a, y):
    a, y, m = _prepare(a, y)
    return float(((a - y) ** 2).sum() / (2 * m))


def mse_grad(a, y):
    a, y, m = _prepare(a, y)
    return (a - y) / m


def binary_cross_entropy(a, y, eps=1e-12):
    a, y, m = _prepare(a, y)
    if not 0 < eps < 0.5:
        raise ValueError("eps must be in (0, 0.5)")
    a = np.clip(a, eps, 1 - eps)
    return float((y * np.log(a) + (1 - y) * np.log(1 - a)).sum() / m)


def binary_cross_entropy_grad(a, y, eps=1e-12):
    a, y, m = _prepare(a, y)
    if not 0 < eps < 0.5:
        raise ValueError("eps must be in (0, 0.5)")
    a = np.clip(a, eps, 1 - eps)
    return (a - y) / (a * (1 - a)) / m


def categorical_cross_entropy(A, Y, eps=1e-12):
    A, Y, m = _prepare(A, Y)
    if A.ndim != 2:
        raise ValueError("A and Y must be (m, k) arrays")
    if not 0 < eps < 1:
        raise ValueError("eps must be in (0, 1)")
    A = np.clip(A, eps, 1.0)
    return float(-(Y * np.log(A)).sum() / m)


def hinge_loss(a, y):
    a, y, m = _prepare(a, y)
    if not np.isin(y, [-1.0, 1.0]).all():
        raise ValueError("hinge loss labels must be -1 or +1")
    return float(np.maximum(0.0, 1.0 - y * a).sum() / m)
