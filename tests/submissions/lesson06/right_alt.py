# expect: step=passed, sigmoid=passed, sigmoid_grad=passed, tanh=passed, tanh_grad=passed, relu=passed, relu_grad=passed, softmax=passed
"""Lesson 06: activation functions via other identities."""

import numpy as np


def _ret(x):
    return x if np.ndim(x) else float(x)


def step(z):
    return _ret(np.heaviside(np.asarray(z, dtype=float), 1.0))


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # e^min(z, 0) / (1 + e^-|z|) is 1 / (1 + e^-z) for z >= 0 and e^z / (1 + e^z) for z < 0
    with np.errstate(under="ignore"):
        return _ret(np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z))))


def sigmoid_grad(z):
    z = np.asarray(z, dtype=float)
    # s (1 - s) = e^-|z| / (1 + e^-|z|)^2, an even function of z
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
        return _ret(e / (1.0 + e) ** 2)


def tanh(z):
    return _ret(np.tanh(np.asarray(z, dtype=float)))


def tanh_grad(z):
    t = np.tanh(np.asarray(z, dtype=float))
    return _ret((1.0 - t) * (1.0 + t))


def relu(z):
    z = np.asarray(z, dtype=float)
    return _ret(np.where(z > 0, z, 0.0))


def relu_grad(z):
    z = np.asarray(z, dtype=float)
    return _ret(np.heaviside(z, 0.0))


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.ndim > 2 or z.size == 0:
        raise ValueError("softmax needs a non-empty vector or matrix")
    top = np.max(z, axis=-1, keepdims=True)
    with np.errstate(under="ignore"):
        log_norm = top + np.log(np.sum(np.exp(z - top), axis=-1, keepdims=True))
        return np.exp(z - log_norm)
