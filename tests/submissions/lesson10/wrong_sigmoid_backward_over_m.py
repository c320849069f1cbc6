# expect: chain_backprop_game=passed, dense_backward=passed, sigmoid_backward=error, tanh_backward=passed, relu_backward=passed, softmax_cross_entropy_backward=passed, backward=passed
# feedback: sigmoid_backward=divided by m
"""Lesson 10: backpropagation; sigmoid_backward also divides by m."""

from __future__ import annotations

import math

import numpy as np


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _check_same(dA, Z):
    dA = np.asarray(dA, dtype=float)
    Z = np.asarray(Z, dtype=float)
    if dA.shape != Z.shape:
        raise ValueError(f"dA {dA.shape} and Z {Z.shape} must have the same shape")
    return dA, Z


def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
    """The game with a while loop and the math module."""
    if x0 <= 1:
        raise ValueError(f"x0 must be greater than 1, got {x0}")
    passes = []
    x = x0
    while len(passes) < max_steps:
        a = x ** 2
        b = math.log(a)
        c = math.sqrt(b)
        passes.append({"x": x, "a": a, "b": b, "c": c})
        if abs(c - y) < tol:
            break
        dc = c - y
        db = dc * 2 * math.sqrt(b)
        da = db * a
        x -= da / (2 * x)
    return passes


def dense_backward(dZ, X, W):
    dZ = np.asarray(dZ, dtype=float)
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    if dZ.ndim != 2 or X.ndim != 2 or W.ndim != 2:
        raise ValueError("dZ, X and W must be 2-D")
    if dZ.shape[0] != X.shape[0] or X.shape[1] != W.shape[0] or dZ.shape[1] != W.shape[1]:
        raise ValueError("shape mismatch between dZ, X and W")
    dX = dZ @ W.T
    dW = X.T @ dZ
    db = dZ.sum(axis=0)
    return dX, dW, db


def sigmoid_backward(dA, Z):
    dA, Z = _check_same(dA, Z)
    s = 1.0 / (1.0 + np.exp(-np.clip(Z, -500, 500)))
    return dA * s * (1.0 - s) / Z.shape[0]


def tanh_backward(dA, Z):
    dA, Z = _check_same(dA, Z)
    return dA * (1.0 - np.tanh(Z) ** 2)


def relu_backward(dA, Z):
    dA, Z = _check_same(dA, Z)
    return dA * (Z > 0)


def softmax_cross_entropy_backward(Z, Y):
    Z = np.asarray(Z, dtype=float)
    Y = np.asarray(Y, dtype=float)
    if Z.ndim != 2 or Z.shape != Y.shape:
        raise ValueError("Z and Y must be 2-D arrays of the same shape")
    return (_softmax(Z) - Y) / Z.shape[0]


def backward(X, Y, params, cache, hidden="sigmoid", output="identity"):
    if hidden not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"unknown hidden activation: {hidden}")
    if output not in ("identity", "sigmoid", "softmax"):
        raise ValueError(f"unknown output activation: {output}")
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
    if Y.ndim == 1 and A2.shape == (Y.shape[0], 1):
        Y = Y[:, None]
    if Y.shape != A2.shape:
        raise ValueError("Y must have the shape of the network's output")
    m = X.shape[0]
    dZ2 = (A2 - Y) / m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ params["W2"].T
    if hidden == "sigmoid":
        s = _sigmoid(Z1)
        dZ1 = dA1 * s * (1.0 - s)
    elif hidden == "tanh":
        dZ1 = dA1 * (1.0 - A1 ** 2)
    else:
        dZ1 = dA1 * (Z1 > 0)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
