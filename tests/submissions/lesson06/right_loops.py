# expect: step=passed, sigmoid=passed, sigmoid_grad=passed, tanh=passed, tanh_grad=passed, relu=passed, relu_grad=passed, softmax=passed
"""Lesson 06: activation functions, one number at a time."""

import math

import numpy as np


def _map(f, z):
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    flat_in = z.reshape(-1)
    flat_out = out.reshape(-1)
    for i in range(flat_in.size):
        flat_out[i] = f(float(flat_in[i]))
    return float(out) if z.ndim == 0 else out


def _step(v):
    return 1.0 if v >= 0 else 0.0


def _sigmoid(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def step(z):
    return _map(_step, z)


def sigmoid(z):
    return _map(_sigmoid, z)


def sigmoid_grad(z):
    def d(v):
        s = _sigmoid(v)
        return s * (1.0 - s)
    return _map(d, z)


def tanh(z):
    return _map(math.tanh, z)


def tanh_grad(z):
    def d(v):
        t = math.tanh(v)
        return 1.0 - t * t
    return _map(d, z)


def relu(z):
    return _map(lambda v: v if v > 0 else 0.0, z)


def relu_grad(z):
    return _map(lambda v: 1.0 if v > 0 else 0.0, z)


def _softmax_row(row):
    biggest = max(row)
    exps = [math.exp(v - biggest) for v in row]
    total = sum(exps)
    return [e / total for e in exps]


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.size == 0:
        raise ValueError("softmax of an empty array")
    if z.ndim == 1:
        return np.array(_softmax_row(list(z)))
    if z.ndim == 2:
        return np.array([_softmax_row(list(row)) for row in z])
    raise ValueError(f"softmax takes 1-D or 2-D input, not {z.ndim}-D")
