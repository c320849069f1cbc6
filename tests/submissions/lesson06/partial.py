# expect: step=passed, sigmoid=passed, sigmoid_grad=passed, tanh=passed, tanh_grad=passed, relu=not_started, relu_grad=not_started, softmax=not_started
"""Lesson 06: activation functions (ReLU and softmax not done)."""

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
    raise NotImplementedError("relu: write your code here / 在这里写你的代码")


def relu_grad(z):
    raise NotImplementedError("relu_grad: write your code here / 在这里写你的代码")


def softmax(z):
    raise NotImplementedError("softmax: write your code here / 在这里写你的代码")
