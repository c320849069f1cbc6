# expect: l0_norm=passed, l1_norm=passed, l2_norm=passed, lp_norm=failed, l1_penalty=passed, l1_penalty_grad=passed, l2_penalty=passed, l2_penalty_grad=passed
# feedback: lp_norm=without absolute values
"""Lesson 02: norms and penalties.  第 2 课：范数与正则化

A norm measures the size of a vector. L1 (Manhattan distance) and L2 (Euclidean
distance) are the two a deep-learning practitioner meets daily: as distances, as
losses, and as penalties that keep weights small (regularisation, weight decay).

中文：范数衡量向量的大小。L1 范数（曼哈顿距离）和 L2 范数（欧式距离）在深度学习中随处可见：
作为距离、作为损失，也作为让权重保持较小的惩罚项（正则化、权值衰减）。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _flat(x: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(x, dtype=float).reshape(-1)


def l0_norm(x: ArrayLike, tol: float = 0.0) -> int:
    """The number of entries with |x_i| > tol."""
    return int(np.count_nonzero(np.abs(_flat(x)) > tol))


def l1_norm(x: ArrayLike) -> float:
    """Sum of |x_i|."""
    return float(np.sum(np.abs(_flat(x))))


def l2_norm(x: ArrayLike) -> float:
    """Square root of the sum of squares."""
    v = _flat(x)
    return float(np.sqrt(np.sum(v * v)))


def lp_norm(x, p):
    if p < 1:
        raise ValueError("p must be at least 1")
    v = np.asarray(x, dtype=float).ravel()
    if np.isinf(p):
        return float(np.max(np.abs(v), initial=0.0))
    return float(np.sum(v ** p) ** (1 / p))

def l1_penalty(w: ArrayLike, lam: float) -> float:
    """lam * sum |w_i|."""
    return float(lam * np.sum(np.abs(np.asarray(w, dtype=float))))


def l1_penalty_grad(w: ArrayLike, lam: float) -> NDArray[np.float64]:
    """lam * sign(w), 0 where w_i == 0; w's shape."""
    return lam * np.sign(np.asarray(w, dtype=float))


def l2_penalty(w: ArrayLike, lam: float) -> float:
    """lam / 2 * sum w_i^2."""
    v = np.asarray(w, dtype=float)
    return float(lam / 2.0 * np.sum(v * v))


def l2_penalty_grad(w: ArrayLike, lam: float) -> NDArray[np.float64]:
    """lam * w; w's shape."""
    return lam * np.asarray(w, dtype=float)
