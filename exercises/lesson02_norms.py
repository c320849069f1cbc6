"""Lesson 02: norms and penalties.  第 2 课：范数与正则化

A norm measures the size of a vector. L1 (Manhattan distance) and L2 (Euclidean
distance) are the two a deep-learning practitioner meets daily: as distances, as
losses, and as penalties that keep weights small (regularisation, weight decay).

Conventions: x may be a list or an array of any shape; every entry counts (flatten it).
Every norm of an empty vector is 0. Norms return a float (l0_norm an int).

中文：范数衡量向量的大小。L1 范数（曼哈顿距离）和 L2 范数（欧式距离）在深度学习中随处可见：
作为距离、作为损失，也作为让权重保持较小的惩罚项（正则化、权值衰减）。
约定：x 可以是列表或任意形状的数组，所有元素都参与计算；空向量的范数都是 0；
范数返回浮点数（l0_norm 返回整数）。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def l0_norm(x: ArrayLike, tol: float = 0.0) -> int:
    """The L0 "norm": how many entries are non-zero, i.e. have |x_i| > tol.

    It measures sparsity: how many weights are actually used.
    Example: l0_norm([0, 3, -0.5, 0]) = 2;  l0_norm([0.001, 2], tol=0.01) = 1
    Returns: an int.

    中文：L0 范数：非零元素（|x_i| > tol）的个数，用来衡量稀疏程度。
    例子：l0_norm([0, 3, -0.5, 0]) = 2；l0_norm([0.001, 2], tol=0.01) = 1。返回整数。
    """
    raise NotImplementedError("l0_norm: write your code here / 在这里写你的代码")


def l1_norm(x: ArrayLike) -> float:
    """The L1 norm: the sum of absolute values (the Manhattan distance from 0).

    Formula: ||x||_1 = |x_1| + |x_2| + ... + |x_n|
    Example: l1_norm([3, -4]) = 7.0

    中文：L1 范数：绝对值之和（到原点的曼哈顿距离）。例子：l1_norm([3, -4]) = 7.0。
    """
    raise NotImplementedError("l1_norm: write your code here / 在这里写你的代码")


def l2_norm(x: ArrayLike) -> float:
    """The L2 norm: the square root of the sum of squares (the Euclidean length).

    Formula: ||x||_2 = sqrt(x_1^2 + ... + x_n^2)
    Example: l2_norm([3, -4]) = 5.0
    Forbidden (build it yourself): np.linalg.norm.

    中文：L2 范数：平方和的平方根（欧式长度）。例子：l2_norm([3, -4]) = 5.0。
    禁止使用 np.linalg.norm。
    """
    raise NotImplementedError("l2_norm: write your code here / 在这里写你的代码")


def lp_norm(x: ArrayLike, p: float) -> float:
    """The Lp norm for p >= 1: (sum |x_i|^p)^(1/p); p = np.inf gives max |x_i|.

    p = 1 and p = 2 are the L1 and L2 norms; as p grows the largest entry dominates.
    Example: lp_norm([3, -4], 1) = 7.0; lp_norm([3, -4], 2) = 5.0;
             lp_norm([1, 1], 3) = 2 ** (1/3) = 1.2599...; lp_norm([3, -4], np.inf) = 4.0
    Raises: ValueError for p < 1 (not a norm).
    Forbidden: np.linalg.norm.

    中文：p >= 1 时的 Lp 范数：(sum |x_i|^p)^(1/p)；p = np.inf 时为 max |x_i|。
    例子：lp_norm([3, -4], 1) = 7.0；lp_norm([3, -4], 2) = 5.0；lp_norm([3, -4], np.inf) = 4.0。
    p < 1 时抛出 ValueError。禁止使用 np.linalg.norm。
    """
    raise NotImplementedError("lp_norm: write your code here / 在这里写你的代码")


def l1_penalty(w: ArrayLike, lam: float) -> float:
    """The L1 penalty (regularisation term): lam * sum |w_i|.

    Added to a loss, it pushes weights to exactly zero (sparsity).
    Example: l1_penalty([1, -2, 0], 0.5) = 0.5 * 3 = 1.5

    中文：L1 正则项：lam * sum |w_i|，加到损失上会把权重推向 0（稀疏）。
    例子：l1_penalty([1, -2, 0], 0.5) = 1.5。
    """
    raise NotImplementedError("l1_penalty: write your code here / 在这里写你的代码")


def l1_penalty_grad(w: ArrayLike, lam: float) -> NDArray[np.float64]:
    """The gradient of the L1 penalty: lam * sign(w_i), and 0 where w_i == 0.

    Example: l1_penalty_grad([1, -2, 0], 0.5) = [0.5, -0.5, 0.0]
    Returns: a float64 array of w's shape.

    中文：L1 正则项的梯度：lam * sign(w_i)，w_i == 0 处为 0。
    例子：l1_penalty_grad([1, -2, 0], 0.5) = [0.5, -0.5, 0.0]。返回与 w 同形状的 float64 数组。
    """
    raise NotImplementedError("l1_penalty_grad: write your code here / 在这里写你的代码")


def l2_penalty(w: ArrayLike, lam: float) -> float:
    """The L2 penalty: lam / 2 * sum w_i^2 (note the 1/2: its gradient is then lam * w).

    Example: l2_penalty([1, -2, 0], 0.5) = 0.25 * 5 = 1.25

    中文：L2 正则项：lam / 2 * sum w_i^2（注意 1/2，这样梯度正好是 lam * w）。
    例子：l2_penalty([1, -2, 0], 0.5) = 1.25。
    """
    raise NotImplementedError("l2_penalty: write your code here / 在这里写你的代码")


def l2_penalty_grad(w: ArrayLike, lam: float) -> NDArray[np.float64]:
    """The gradient of the L2 penalty: lam * w ("weight decay": each step shrinks w).

    Example: l2_penalty_grad([1, -2, 0], 0.5) = [0.5, -1.0, 0.0]
    Returns: a float64 array of w's shape.

    中文：L2 正则项的梯度：lam * w（权值衰减：每一步都让 w 变小）。
    例子：l2_penalty_grad([1, -2, 0], 0.5) = [0.5, -1.0, 0.0]。返回与 w 同形状的 float64 数组。
    """
    raise NotImplementedError("l2_penalty_grad: write your code here / 在这里写你的代码")
