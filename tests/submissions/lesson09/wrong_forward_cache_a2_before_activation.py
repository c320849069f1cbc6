# expect: init_params=passed, dense_forward=passed, forward=failed
# feedback: forward=cache['A2'] holds Z2
# A natural bug: the cache keeps Z2 under A2, the output before its activation.
"""Lesson 09: the forward pass of a two-layer network.  第 9 课：两层网络的前向计算

A dense (fully connected) layer turns a batch X of m samples, one per row, into
Z = X W + b: every output neuron takes a weighted sum of all inputs plus its bias.
Stacking two dense layers with an activation function in between gives a
multi-layer perceptron: Z1 = X W1 + b1, A1 = act(Z1), Z2 = A1 W2 + b2, A2 = out(Z2).
Weights start as small random numbers scaled by sqrt(1 / fan-in) so that the
weighted sums neither explode nor vanish; biases start at zero. The forward pass
keeps its intermediate results in a cache, because backpropagation (lesson 10)
needs them.

Parameters are a dict {"W1": (n_in, n_hidden), "b1": (n_hidden,),
"W2": (n_hidden, n_out), "b2": (n_out,)}.

中文：全连接层把一批 m 个样本（每行一个）X 变成 Z = X W + b：每个输出神经元对所有输入
做加权求和再加上偏置。两个全连接层之间夹一个激活函数，就得到多层感知机：
Z1 = X W1 + b1，A1 = act(Z1)，Z2 = A1 W2 + b2，A2 = out(Z2)。权重初始化为按
sqrt(1 / 输入个数) 缩放的小随机数，使加权和既不爆炸也不消失；偏置初始化为 0。
前向计算把中间结果存进 cache，因为反向传播（第 10 课）要用到它们。

参数是字典 {"W1": (n_in, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, n_out), "b2": (n_out,)}。
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUTPUT_ACTIVATIONS = ("identity", "sigmoid", "softmax")


def _check_size(name: str, n) -> int:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")
    return int(n)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp of a non-positive number never overflows
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _activate(name: str, z: np.ndarray) -> np.ndarray:
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "identity":
        return z.copy()
    if name == "softmax":
        return _softmax(z)
    raise ValueError(f"unknown activation {name!r}")


def init_params(n_in: int, n_hidden: int, n_out: int, rng: np.random.Generator) -> dict:
    """Random weights scaled by sqrt(1 / fan-in), zero biases.

    W1 = rng.standard_normal((n_in, n_hidden)) * sqrt(1 / n_in), drawn first;
    W2 = rng.standard_normal((n_hidden, n_out)) * sqrt(1 / n_hidden), drawn second;
    b1 = zeros (n_hidden,), b2 = zeros (n_out,).
    Raises: ValueError when a size is not a positive integer.
    """
    n_in = _check_size("n_in", n_in)
    n_hidden = _check_size("n_hidden", n_hidden)
    n_out = _check_size("n_out", n_out)
    W1 = rng.standard_normal((n_in, n_hidden)) * np.sqrt(1.0 / n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden)
    return {
        "W1": np.asarray(W1, dtype=float),
        "b1": np.zeros(n_hidden),
        "W2": np.asarray(W2, dtype=float),
        "b2": np.zeros(n_out),
    }


def dense_forward(X: ArrayLike, W: ArrayLike, b: ArrayLike) -> np.ndarray:
    """Dense layer: Z = X W + b, X (m, n_in), W (n_in, n_out), b (n_out,) -> Z (m, n_out).

    Raises: ValueError when X or W is not 2-D, b is not 1-D, or the sizes do not match.
    """
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (m, n_in), got shape {X.shape}")
    if W.ndim != 2:
        raise ValueError(f"W must be 2-D (n_in, n_out), got shape {W.shape}")
    if b.ndim != 1:
        raise ValueError(f"b must be 1-D (n_out,), got shape {b.shape}")
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X has {X.shape[1]} columns but W has {W.shape[0]} rows")
    if b.shape[0] != W.shape[1]:
        raise ValueError(f"b has length {b.shape[0]} but W has {W.shape[1]} columns")
    return X @ W + b


def forward(
    X: ArrayLike, params: dict, hidden: str = "sigmoid", output: str = "identity"
) -> tuple[np.ndarray, dict]:
    """Two-layer forward pass; returns (A2, cache) with cache keys "Z1", "A1", "Z2", "A2".

    Z1 = X W1 + b1, A1 = hidden(Z1), Z2 = A1 W2 + b2, A2 = output(Z2).
    hidden in {"sigmoid", "tanh", "relu"}; output in {"identity", "sigmoid", "softmax"}
    (softmax row by row).
    Raises: ValueError for an unknown activation name, a missing parameter or
    mismatched shapes.
    """
    if hidden not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"unknown hidden activation {hidden!r}; use one of {HIDDEN_ACTIVATIONS}")
    if output not in OUTPUT_ACTIVATIONS:
        raise ValueError(f"unknown output activation {output!r}; use one of {OUTPUT_ACTIVATIONS}")
    for key in ("W1", "b1", "W2", "b2"):
        if key not in params:
            raise ValueError(f"params is missing {key!r}")
    Z1 = dense_forward(X, params["W1"], params["b1"])
    A1 = _activate(hidden, Z1)
    Z2 = dense_forward(A1, params["W2"], params["b2"])
    A2 = _activate(output, Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": Z2}
