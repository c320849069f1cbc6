# expect: chain_backprop_game=failed, dense_backward=passed, sigmoid_backward=passed, tanh_backward=passed, relu_backward=passed, softmax_cross_entropy_backward=passed, backward=passed
# feedback: chain_backprop_game=|c - y| < tol (not <=)
# A natural bug: the stop test written |c - y| <= tol, which ends the game at a pass whose gap equals tol.
"""Lesson 10: backpropagation.  第 10 课：反向传播

The lesson opens with the course text's game: five people pass an error backwards
along a chain of scalars, x -> a = x^2 -> b = ln a -> c = sqrt(b), each turning the
error they receive into the error of the one before them, until x moves c onto its
target. Then the same idea on matrices.

Backpropagation is the chain rule applied layer by layer, from the loss back to
the inputs. Each layer receives the gradient of the loss with respect to its
output and returns the gradient with respect to its input (and its parameters):
for a dense layer Z = X W + b that is dX = dZ W^T, dW = X^T dZ, db = sum of dZ over
samples; for an element-wise activation A = f(Z) it is dZ = dA * f'(Z). When the
output activation is paired with its natural loss (identity with mean squared
error, sigmoid with binary cross-entropy, softmax with categorical
cross-entropy) the gradient with respect to Z2 simplifies to (A2 - Y) / m.

Notation: dX means "gradient of the loss with respect to X", an array of X's shape.
The cache is the one returned by lesson 9's `forward`.

中文：反向传播就是把链式法则从损失函数开始逐层往回用到输入。每一层拿到损失对其输出
的梯度，返回损失对其输入（以及参数）的梯度：全连接层 Z = X W + b 的
dX = dZ W^T，dW = X^T dZ，db = dZ 按样本求和；逐元素的激活函数 A = f(Z) 的
dZ = dA * f'(Z)。输出层激活函数与它“配套”的损失函数搭配时（identity 配均方差损失，
sigmoid 配二分类交叉熵，softmax 配多分类交叉熵），损失对 Z2 的梯度都化简为 (A2 - Y) / m。

本课先玩课程原文中的反向传播游戏：五个人沿着一条标量链 x -> a = x^2 -> b = ln a ->
c = sqrt(b) 把误差往回传，每个人把收到的误差换算成前一个人的误差，直到 x 把 c 调到目标值。
然后把同样的思路用到矩阵上。

记号：dX 表示“损失对 X 的梯度”，形状与 X 相同。cache 是第 9 课 `forward` 返回的那个字典。
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUTPUT_ACTIVATIONS = ("identity", "sigmoid", "softmax")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _same_shape(dA: ArrayLike, Z: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    dA = np.asarray(dA, dtype=float)
    Z = np.asarray(Z, dtype=float)
    if dA.shape != Z.shape:
        raise ValueError(f"dA has shape {dA.shape} but Z has shape {Z.shape}; they must match")
    return dA, Z


def chain_backprop_game(x0: float = 2.0, y: float = 2.13, tol: float = 1e-3,
                        max_steps: int = 100) -> list[dict]:
    """The chain x -> a = x^2 -> b = ln a -> c = sqrt(b), driven towards c = y by hand.

    Each pass records {"x", "a", "b", "c"} first, stops when |c - y| < tol, and otherwise
    passes the error back: dc = c - y, db = dc * 2 sqrt(b), da = db * a, dx = da / (2x),
    x <- x - dx. At most max_steps passes.
    Raises: ValueError for x0 <= 1 (ln a must be positive), or when a pass leaves |x| <= 1.
    """
    if x0 <= 1:
        raise ValueError(f"x0 must be greater than 1 so that ln(x0^2) is positive, got {x0}")
    x = float(x0)
    passes: list[dict] = []
    for _ in range(max_steps):
        a = x * x
        if a <= 1.0:
            raise ValueError(f"the game left the chain's domain: x = {x}, so ln(x^2) <= 0")
        b = math.log(a)
        c = math.sqrt(b)
        passes.append({"x": x, "a": a, "b": b, "c": c})
        if abs(c - y) <= tol:
            break
        dc = c - y
        db = dc * 2.0 * math.sqrt(b)
        da = db * a
        dx = da / (2.0 * x)
        x = x - dx
    return passes


def dense_backward(dZ: ArrayLike, X: ArrayLike, W: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of Z = X W + b: returns (dX, dW, db).

    dX = dZ W^T (m, n_in), dW = X^T dZ (n_in, n_out), db = sum of dZ over samples (n_out,).
    Raises: ValueError when dZ (m, n_out), X (m, n_in) and W (n_in, n_out) do not fit together.
    """
    dZ = np.asarray(dZ, dtype=float)
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    if dZ.ndim != 2 or X.ndim != 2 or W.ndim != 2:
        raise ValueError(
            f"dZ, X and W must be 2-D, got shapes {dZ.shape}, {X.shape}, {W.shape}"
        )
    if X.shape[0] != dZ.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but dZ has {dZ.shape[0]}")
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X has {X.shape[1]} columns but W has {W.shape[0]} rows")
    if dZ.shape[1] != W.shape[1]:
        raise ValueError(f"dZ has {dZ.shape[1]} columns but W has {W.shape[1]} columns")
    dX = dZ @ W.T
    dW = X.T @ dZ
    db = np.sum(dZ, axis=0)
    return dX, dW, db


def sigmoid_backward(dA: ArrayLike, Z: ArrayLike) -> np.ndarray:
    """dZ = dA * s (1 - s) with s = sigmoid(Z). Raises: ValueError when shapes differ."""
    dA, Z = _same_shape(dA, Z)
    s = _sigmoid(Z)
    return dA * s * (1.0 - s)


def tanh_backward(dA: ArrayLike, Z: ArrayLike) -> np.ndarray:
    """dZ = dA * (1 - tanh(Z)^2). Raises: ValueError when shapes differ."""
    dA, Z = _same_shape(dA, Z)
    t = np.tanh(Z)
    return dA * (1.0 - t * t)


def relu_backward(dA: ArrayLike, Z: ArrayLike) -> np.ndarray:
    """dZ = dA where Z > 0, else 0 (0 at Z = 0). Raises: ValueError when shapes differ."""
    dA, Z = _same_shape(dA, Z)
    return np.where(Z > 0, dA, 0.0)


def softmax_cross_entropy_backward(Z: ArrayLike, Y: ArrayLike) -> np.ndarray:
    """(softmax(Z) - Y) / m for Z, Y of shape (m, k), softmax row by row.

    The gradient of categorical_cross_entropy(softmax(Z), Y) with respect to Z.
    Raises: ValueError when Z is not 2-D or Y has a different shape.
    """
    Z = np.asarray(Z, dtype=float)
    Y = np.asarray(Y, dtype=float)
    if Z.ndim != 2:
        raise ValueError(f"Z must be 2-D (m, k), got shape {Z.shape}")
    if Y.shape != Z.shape:
        raise ValueError(f"Y has shape {Y.shape} but Z has shape {Z.shape}; they must match")
    return (_softmax(Z) - Y) / Z.shape[0]


_ACTIVATION_BACKWARD = {
    "sigmoid": sigmoid_backward,
    "tanh": tanh_backward,
    "relu": relu_backward,
}


def backward(
    X: ArrayLike,
    Y: ArrayLike,
    params: dict,
    cache: dict,
    hidden: str = "sigmoid",
    output: str = "identity",
) -> dict:
    """Gradients {"W1", "b1", "W2", "b2"} of the loss that matches the output.

    identity -> mse with the 1/2, sigmoid -> binary cross-entropy, softmax ->
    categorical cross-entropy; in all three cases dZ2 = (A2 - Y) / m.
    Y has A2's shape (m, n_out); when n_out == 1 a Y of shape (m,) is accepted and
    reshaped to (m, 1).
    Raises: ValueError for an unknown activation name or a Y that does not fit A2.
    """
    if hidden not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"unknown hidden activation {hidden!r}; use one of {HIDDEN_ACTIVATIONS}")
    if output not in OUTPUT_ACTIVATIONS:
        raise ValueError(f"unknown output activation {output!r}; use one of {OUTPUT_ACTIVATIONS}")
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    A2 = np.asarray(cache["A2"], dtype=float)
    if Y.shape != A2.shape:
        if Y.ndim == 1 and A2.ndim == 2 and A2.shape == (Y.shape[0], 1):
            Y = Y.reshape(-1, 1)
        else:
            raise ValueError(f"Y has shape {Y.shape} but the output A2 has shape {A2.shape}")
    m = A2.shape[0]
    dZ2 = (A2 - Y) / m
    dA1, dW2, db2 = dense_backward(dZ2, cache["A1"], params["W2"])
    dZ1 = _ACTIVATION_BACKWARD[hidden](dA1, cache["Z1"])
    _, dW1, db1 = dense_backward(dZ1, X, params["W1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
