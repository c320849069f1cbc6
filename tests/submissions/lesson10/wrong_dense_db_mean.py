# expect: chain_backprop_game=passed, dense_backward=failed, sigmoid_backward=passed, tanh_backward=passed, relu_backward=passed, softmax_cross_entropy_backward=passed, backward=failed
# feedback: dense_backward=db is the mean of dZ over the samples
"""Lesson 10 with per-sample loops; dense_backward averages db over the samples."""

from __future__ import annotations

import math

import numpy as np


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
    dZ = np.array(dZ, dtype=float)
    X = np.array(X, dtype=float)
    W = np.array(W, dtype=float)
    if dZ.ndim != 2 or X.ndim != 2 or W.ndim != 2:
        raise ValueError("dZ, X and W must all be matrices")
    m, n_out = dZ.shape
    if X.shape[0] != m:
        raise ValueError("dZ and X must have the same number of samples")
    if W.shape != (X.shape[1], n_out):
        raise ValueError(f"W must have shape {(X.shape[1], n_out)}, got {W.shape}")
    dX = np.zeros(X.shape)
    dW = np.zeros(W.shape)
    db = np.zeros(n_out)
    for i in range(m):
        # one sample at a time: the gradient of a sum is the sum of the gradients
        dX[i] = W @ dZ[i]
        dW += np.outer(X[i], dZ[i])
        db += dZ[i]
    return dX, dW, db / m


def _pair(dA, Z):
    dA = np.array(dA, dtype=float)
    Z = np.array(Z, dtype=float)
    if dA.shape != Z.shape:
        raise ValueError("dA and Z must have the same shape")
    return dA, Z


def sigmoid_backward(dA, Z):
    dA, Z = _pair(dA, Z)
    # s (1 - s) = 1 / (4 cosh^2(z / 2)) = (1 - tanh^2(z / 2)) / 4
    t = np.tanh(Z / 2.0)
    return dA * 0.25 * (1.0 - t * t)


def tanh_backward(dA, Z):
    dA, Z = _pair(dA, Z)
    t = np.tanh(Z)
    return dA * (1.0 - t) * (1.0 + t)   # 1 - t^2, factored


def relu_backward(dA, Z):
    dA, Z = _pair(dA, Z)
    dZ = np.zeros_like(dA)
    for idx in np.ndindex(Z.shape):
        if Z[idx] > 0:
            dZ[idx] = dA[idx]
    return dZ


def softmax_cross_entropy_backward(Z, Y):
    Z = np.array(Z, dtype=float)
    Y = np.array(Y, dtype=float)
    if Z.ndim != 2:
        raise ValueError("Z must be 2-D (samples, classes)")
    if Y.shape != Z.shape:
        raise ValueError("Y must have the same shape as Z")
    m = Z.shape[0]
    out = np.empty_like(Z)
    for i in range(m):
        e = np.exp(Z[i] - np.max(Z[i]))
        out[i] = (e / e.sum() - Y[i]) / m
    return out


def backward(X, Y, params, cache, hidden="sigmoid", output="identity"):
    backs = {"sigmoid": sigmoid_backward, "tanh": tanh_backward, "relu": relu_backward}
    if hidden not in backs:
        raise ValueError(f"hidden activation {hidden!r} is not sigmoid, tanh or relu")
    if output not in ("identity", "sigmoid", "softmax"):
        raise ValueError(f"output activation {output!r} is not identity, sigmoid or softmax")
    A2 = np.asarray(cache["A2"], dtype=float)
    Y = np.asarray(Y, dtype=float)
    if Y.shape != A2.shape:
        if Y.ndim == 1 and A2.shape[1] == 1 and len(Y) == len(A2):
            Y = Y.reshape(len(Y), 1)
        else:
            raise ValueError(f"Y's shape {Y.shape} does not match the output's {A2.shape}")
    m = A2.shape[0]
    if output == "softmax":
        dZ2 = softmax_cross_entropy_backward(cache["Z2"], Y)
    elif output == "identity":
        dA2 = (A2 - Y) / m          # derivative of (1/2m) sum (A2 - Y)^2
        dZ2 = dA2                    # identity: dZ = dA
    else:
        dZ2 = (A2 - Y) / m           # sigmoid + binary cross-entropy
    dA1, dW2, db2 = dense_backward(dZ2, cache["A1"], params["W2"])
    dZ1 = backs[hidden](dA1, cache["Z1"])
    _, dW1, db1 = dense_backward(dZ1, X, params["W1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
