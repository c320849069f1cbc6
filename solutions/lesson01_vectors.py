"""Lesson 01: vectors and matrices.  第 1 课：向量与矩阵

Deep learning is linear algebra on arrays: a layer multiplies a batch of inputs by a
weight matrix. This lesson builds the four products every later lesson uses: the dot
product, the outer product, the element-wise (Hadamard) product and the matrix product.

中文：深度学习的核心是数组上的线性代数：一层网络就是用权重矩阵去乘一批输入。
本课实现之后每一课都会用到的四种乘法：点乘（内积）、外积、对应项相乘（逐元素相乘）
和矩阵乘法。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _vector(x: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = np.asarray(x, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D vector, got shape {arr.shape}")
    return arr


def _matrix(x: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = np.asarray(x, dtype=float)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D matrix, got shape {arr.shape}")
    return arr


def dot(a: ArrayLike, b: ArrayLike) -> float:
    """The dot product: sum of a_i * b_i for 1-D vectors of the same length."""
    x, y = _vector(a, "a"), _vector(b, "b")
    if x.shape != y.shape:
        raise ValueError(f"a and b must have the same length, got {x.size} and {y.size}")
    return float(np.sum(x * y))


def outer(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """The outer product: entry [i, j] = a_i * b_j, shape (m, n)."""
    x, y = _vector(a, "a"), _vector(b, "b")
    return x[:, None] * y[None, :]


def hadamard(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """Element-wise product of two arrays of exactly the same shape (no broadcasting)."""
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"a and b must have the same shape, got {x.shape} and {y.shape}")
    return x * y


def matmul(A: ArrayLike, B: ArrayLike) -> NDArray[np.float64]:
    """Matrix product of A (m, p) and B (p, n), shape (m, n)."""
    x, y = _matrix(A, "A"), _matrix(B, "B")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"inner sizes differ: A is {x.shape}, B is {y.shape}")
    return np.sum(x[:, :, None] * y[None, :, :], axis=1)
