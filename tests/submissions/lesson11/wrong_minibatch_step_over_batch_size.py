# expect: batch_gd=passed, sgd=passed, minibatch_gd=failed, momentum_step=passed, adam_step=passed, exponential_decay=passed
# feedback: minibatch_gd=the step was divided by the batch size
# A natural bug: the step divided by the batch size, as if grad_fn summed over the batch.
"""Lesson 11: optimisers.  第 11 课：优化方法

Gradient descent moves the parameters a small step against the gradient:
w <- w - lr * g. The variants differ in how many samples each gradient sees:
batch gradient descent uses all m samples for one step per epoch, stochastic
gradient descent (SGD) one sample per step, mini-batch gradient descent a slice of
batch_size samples per step; SGD and mini-batch shuffle the samples every epoch.
Momentum adds a velocity that accumulates past gradients, smoothing the path;
Adam keeps running averages of the gradient and of its square and scales every
coordinate's step by them; learning-rate decay shrinks the step as training goes on.

`grad_fn(w, X, y) -> ndarray` returns the gradient of the loss on the samples it is
given; `w` is a 1-D parameter vector. No function here modifies its inputs.

中文：梯度下降让参数沿梯度的反方向走一小步：w <- w - lr * g。几种变体的区别在于每次
梯度用多少样本：批量梯度下降每个轮次（epoch）用全部 m 个样本走一步，随机梯度下降（SGD）
每步用一个样本，小批量梯度下降每步用 batch_size 个样本；SGD 和小批量梯度下降每个轮次都
重新打乱样本顺序。动量引入一个累积历史梯度的“速度”，让路径更平滑；Adam 维护梯度及其平方的
滑动平均，并据此缩放每个坐标的步长；学习率衰减让步长随训练逐渐变小。

`grad_fn(w, X, y) -> ndarray` 返回损失在所给样本上的梯度；`w` 是一维参数向量。
本课的函数都不修改输入。
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

GradFn = Callable[[np.ndarray, np.ndarray, np.ndarray], ArrayLike]


def _check_count(name: str, n, minimum: int) -> int:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {n!r}")
    return int(n)


def _prepare(w0: ArrayLike, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = np.array(w0, dtype=float)  # a copy: w0 is never touched
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError("X and y must have a first axis of samples")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}")
    return w, X, y


def _step(grad_fn: GradFn, w: np.ndarray, X: np.ndarray, y: np.ndarray, lr: float) -> np.ndarray:
    g = np.asarray(grad_fn(w, X, y), dtype=float)
    if g.shape != w.shape:
        raise ValueError(f"grad_fn returned shape {g.shape}, expected w's shape {w.shape}")
    return w - lr * g


def batch_gd(
    grad_fn: GradFn, w0: ArrayLike, X: ArrayLike, y: ArrayLike, lr: float, epochs: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Batch gradient descent: per epoch one step w = w - lr * grad_fn(w, X, y).

    Returns (w, history), history = copies of w after each step (length epochs).
    Raises: ValueError when X and y have different numbers of samples or epochs < 0.
    """
    epochs = _check_count("epochs", epochs, 0)
    w, X, y = _prepare(w0, X, y)
    history = []
    for _ in range(epochs):
        w = _step(grad_fn, w, X, y, lr)
        history.append(w.copy())
    return w, history


def sgd(
    grad_fn: GradFn,
    w0: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    lr: float,
    epochs: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Stochastic gradient descent: each epoch order = rng.permutation(m), then one step
    per sample i in that order with grad_fn(w, X[i:i+1], y[i:i+1]).

    Returns (w, history), history = copies of w after every step (length epochs * m).
    Raises: ValueError when X and y have different numbers of samples or epochs < 0.
    """
    epochs = _check_count("epochs", epochs, 0)
    w, X, y = _prepare(w0, X, y)
    m = X.shape[0]
    history = []
    for _ in range(epochs):
        order = rng.permutation(m)
        for i in order:
            w = _step(grad_fn, w, X[i:i + 1], y[i:i + 1], lr)
            history.append(w.copy())
    return w, history


def minibatch_gd(
    grad_fn: GradFn,
    w0: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    lr: float,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Mini-batch gradient descent: each epoch order = rng.permutation(m), then one step
    per consecutive slice order[k:k + batch_size] (the last may be shorter), with
    grad_fn(w, X[idx], y[idx]).

    Returns (w, history), history = copies of w after every step.
    Raises: ValueError when X and y have different numbers of samples, epochs < 0 or
    batch_size < 1.
    """
    epochs = _check_count("epochs", epochs, 0)
    batch_size = _check_count("batch_size", batch_size, 1)
    w, X, y = _prepare(w0, X, y)
    m = X.shape[0]
    history = []
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            w = w - lr * np.asarray(grad_fn(w, X[idx], y[idx]), dtype=float) / len(idx)
            history.append(w.copy())
    return w, history


def momentum_step(
    w: ArrayLike, v: ArrayLike, g: ArrayLike, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    """One momentum step: v = beta v + g; w = w - lr v. Returns new (w, v).

    Raises: ValueError when w, v and g have different shapes.
    """
    w = np.asarray(w, dtype=float)
    v = np.asarray(v, dtype=float)
    g = np.asarray(g, dtype=float)
    if not (w.shape == v.shape == g.shape):
        raise ValueError(f"w, v and g must have the same shape, got {w.shape}, {v.shape}, {g.shape}")
    v_new = beta * v + g
    w_new = w - lr * v_new
    return w_new, v_new


def adam_step(
    w: ArrayLike,
    m: ArrayLike,
    v: ArrayLike,
    g: ArrayLike,
    t: int,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam step (Kingma & Ba) with bias correction; t counts from 1.

    m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
    m_hat = m / (1 - beta1^t); v_hat = v / (1 - beta2^t);
    w = w - lr m_hat / (sqrt(v_hat) + eps). Returns new (w, m, v) (m and v uncorrected).
    Raises: ValueError when t < 1 or the shapes of w, m, v, g differ.
    """
    if t < 1:
        raise ValueError(f"t counts from 1, got t = {t!r}")
    w = np.asarray(w, dtype=float)
    m = np.asarray(m, dtype=float)
    v = np.asarray(v, dtype=float)
    g = np.asarray(g, dtype=float)
    if not (w.shape == m.shape == v.shape == g.shape):
        raise ValueError(
            f"w, m, v and g must have the same shape, got {w.shape}, {m.shape}, {v.shape}, {g.shape}"
        )
    m_new = beta1 * m + (1.0 - beta1) * g
    v_new = beta2 * v + (1.0 - beta2) * g * g
    m_hat = m_new / (1.0 - beta1 ** t)
    v_hat = v_new / (1.0 - beta2 ** t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


def exponential_decay(lr0: float, decay_rate: float, step: int) -> float:
    """Learning rate after `step` steps: lr0 * decay_rate ** step.

    Raises: ValueError when decay_rate < 0 or step < 0.
    """
    if decay_rate < 0:
        raise ValueError(f"decay_rate must be >= 0, got {decay_rate!r}")
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step!r}")
    return float(lr0 * decay_rate ** step)
