# expect: step=passed, sigmoid=passed, sigmoid_grad=passed, tanh=passed, tanh_grad=passed, relu=passed, relu_grad=passed, softmax=failed
# feedback: softmax=each column's max was subtracted
"""Lesson 06: activation functions (softmax shifted by each column's max)."""

import numpy as np


def _result(x):
    return float(x) if np.ndim(x) == 0 else x


def step(z):
    z = np.asarray(z, dtype=float)
    return _result((z >= 0).astype(float))


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
        s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return _result(s)


def sigmoid_grad(z):
    s = np.asarray(sigmoid(z))
    return _result(s * (1 - s))


def tanh(z):
    return _result(np.tanh(np.asarray(z, dtype=float)))


def tanh_grad(z):
    t = np.tanh(np.asarray(z, dtype=float))
    return _result(1 - t ** 2)


def relu(z):
    z = np.asarray(z, dtype=float)
    return _result(np.maximum(0.0, z))


def relu_grad(z):
    z = np.asarray(z, dtype=float)
    return _result((z > 0).astype(float))


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim not in (1, 2) or z.size == 0:
        raise ValueError("softmax expects a non-empty 1-D or 2-D array")
    with np.errstate(under="ignore"):
        e = np.exp(z - z.max(axis=0))
    return e / e.sum(axis=-1, keepdims=True)
