# expect: chain_backprop_game=passed, dense_backward=passed, sigmoid_backward=passed, tanh_backward=passed, relu_backward=passed, softmax_cross_entropy_backward=passed, backward=passed
"""Lesson 10 with einsum, the activation computed from its output, and a loss-by-loss chain."""

from __future__ import annotations

import numpy as np


def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
    """The game with a for loop and break, NumPy float64 values in the dicts."""
    x = np.float64(x0)
    if not x > 1:
        raise ValueError("x0 must be > 1: ln(x0^2) has to be positive")
    history = []
    for _step in range(max_steps):
        a = np.square(x)
        b = np.log(a)
        c = np.sqrt(b)
        history.append(dict(x=x, a=a, b=b, c=c))
        if np.abs(c - y) < tol:
            break
        x = x - (c - y) * 2 * np.sqrt(b) * a / (2 * x)
    return history


def dense_backward(dZ, X, W):
    dZ, X, W = (np.asarray(a, dtype=float) for a in (dZ, X, W))
    if not (dZ.ndim == X.ndim == W.ndim == 2):
        raise ValueError("expected 2-D dZ, X and W")
    if len(dZ) != len(X) or X.shape[1] != W.shape[0] or dZ.shape[1] != W.shape[1]:
        raise ValueError(f"incompatible shapes dZ {dZ.shape}, X {X.shape}, W {W.shape}")
    dX = np.einsum("ij,kj->ik", dZ, W)
    dW = np.einsum("ik,ij->kj", X, dZ)
    db = np.einsum("ij->j", dZ)
    return dX, dW, db


def _shapes(dA, Z):
    dA, Z = np.asarray(dA, dtype=float), np.asarray(Z, dtype=float)
    if dA.shape != Z.shape:
        raise ValueError(f"shape of dA {dA.shape} differs from shape of Z {Z.shape}")
    return dA, Z


def sigmoid_backward(dA, Z):
    dA, Z = _shapes(dA, Z)
    a = np.exp(-np.logaddexp(0.0, -Z))   # sigmoid(Z), stable
    b = np.exp(-np.logaddexp(0.0, Z))    # 1 - sigmoid(Z) = sigmoid(-Z), also stable
    return dA * a * b


def tanh_backward(dA, Z):
    dA, Z = _shapes(dA, Z)
    return dA / np.cosh(np.clip(Z, -300, 300)) ** 2


def relu_backward(dA, Z):
    dA, Z = _shapes(dA, Z)
    return np.where(Z <= 0, 0.0, dA)


def softmax_cross_entropy_backward(Z, Y):
    Z, Y = np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)
    if Z.ndim != 2 or Y.shape != Z.shape:
        raise ValueError(f"Z and Y must be (m, k) arrays of one shape, got {Z.shape} and {Y.shape}")
    log_p = Z - np.logaddexp.reduce(Z, axis=1, keepdims=True)
    return (np.exp(log_p) - Y) / len(Z)


def backward(X, Y, params, cache, hidden="sigmoid", output="identity"):
    act_back = {"sigmoid": sigmoid_backward, "tanh": tanh_backward, "relu": relu_backward}.get(hidden)
    if act_back is None:
        raise ValueError(f"unknown hidden activation {hidden!r}")
    if output not in ("identity", "sigmoid", "softmax"):
        raise ValueError(f"unknown output activation {output!r}")
    A2 = np.asarray(cache["A2"], dtype=float)
    Y = np.asarray(Y, dtype=float)
    if Y.shape == (A2.shape[0],) and A2.shape[1:] == (1,):
        Y = Y[:, np.newaxis]
    if Y.shape != A2.shape:
        raise ValueError(f"Y has shape {Y.shape}, the output has {A2.shape}")
    dZ2 = (A2 - Y) / A2.shape[0]
    dX1, dW2, db2 = dense_backward(dZ2, cache["A1"], params["W2"])
    dW1_and_db1 = dense_backward(act_back(dX1, cache["Z1"]), X, params["W1"])
    return {"W1": dW1_and_db1[1], "b1": dW1_and_db1[2], "W2": dW2, "b2": db2}
