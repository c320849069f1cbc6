# expect: mae=passed, mse=passed, mse_grad=passed, binary_cross_entropy=passed, binary_cross_entropy_grad=failed, categorical_cross_entropy=passed, hinge_loss=passed
# feedback: binary_cross_entropy_grad=clipped in the denominator only
"""Lesson 05: loss functions, as per-sample losses averaged over samples; the cross-entropy gradient clips a only where it divides."""

import numpy as np


def _check(a, y):
    a = np.array(a, dtype=float)
    y = np.array(y, dtype=float)
    if a.shape != y.shape:
        raise ValueError("a and y must have identical shapes")
    if a.ndim < 1 or a.shape[0] < 1:
        raise ValueError("a and y must contain at least one sample")
    return a, y


def _per_sample(values):
    # sum everything that belongs to one sample, then average over the samples
    return float(np.mean(values.reshape(values.shape[0], -1).sum(axis=1)))


def mae(a, y):
    a, y = _check(a, y)
    return _per_sample(np.abs(a - y))


def mse(a, y):
    a, y = _check(a, y)
    d = (a - y).ravel()
    return float(np.dot(d, d)) / (2 * a.shape[0])


def mse_grad(a, y):
    a, y = _check(a, y)
    return np.subtract(a, y) / a.shape[0]


def binary_cross_entropy(a, y, eps=1e-12):
    a, y = _check(a, y)
    if eps <= 0 or eps >= 0.5:
        raise ValueError("eps out of range (0, 0.5)")
    a = np.minimum(np.maximum(a, eps), 1 - eps)
    return _per_sample(-(y * np.log(a) + (1 - y) * np.log1p(-a)))


def binary_cross_entropy_grad(a, y, eps=1e-12):
    a, y = _check(a, y)
    if eps <= 0 or eps >= 0.5:
        raise ValueError("eps out of range (0, 0.5)")
    c = np.minimum(np.maximum(a, eps), 1 - eps)
    return (a - y) / (c * (1 - c)) / a.shape[0]


def categorical_cross_entropy(A, Y, eps=1e-12):
    A, Y = _check(A, Y)
    if A.ndim != 2:
        raise ValueError("categorical cross-entropy needs (m, k) arrays")
    if eps <= 0 or eps >= 1:
        raise ValueError("eps out of range (0, 1)")
    per_sample = -np.einsum("ij,ij->i", Y, np.log(np.clip(A, eps, 1.0)))
    return float(per_sample.mean())


def hinge_loss(a, y):
    a, y = _check(a, y)
    if np.any(np.abs(y) != 1):
        raise ValueError("labels for the hinge loss must be -1 or +1")
    return _per_sample(np.clip(1 - y * a, 0, None))
