"""Lesson 01: vectors and matrices.  第 1 课：向量与矩阵

Deep learning is linear algebra on arrays: a layer multiplies a batch of inputs by a
weight matrix. This lesson builds the four products every later lesson uses: the dot
product, the outer product, the element-wise (Hadamard) product and the matrix product.

Every function accepts Python lists or NumPy arrays: start with
``np.asarray(x, dtype=float)``. Never change the inputs. Run ``grade lesson01`` to check.

中文：深度学习的核心是数组上的线性代数：一层网络就是用权重矩阵去乘一批输入。
本课实现之后每一课都会用到的四种乘法：点乘（内积）、外积、对应项相乘（逐元素相乘）
和矩阵乘法。每个函数都接受 Python 列表或 NumPy 数组：先用 ``np.asarray(x, dtype=float)``
转换，不要修改输入。写完后运行 ``grade lesson01`` 检查。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def dot(a: ArrayLike, b: ArrayLike) -> float:
    """The dot product (inner product) of two 1-D vectors of the same length.

    Multiply matching entries and add them up: it measures how much two vectors point
    the same way, and every neuron computes one (w . x).

    Formula: dot(a, b) = a_1*b_1 + a_2*b_2 + ... + a_n*b_n
    Example (check it by hand): dot([1, 2, 3], [4, 5, 6]) = 4 + 10 + 18 = 32.0
    Returns: a float.
    Raises: ValueError if a or b is not 1-D, or their lengths differ.
    Forbidden (build it yourself): np.dot, np.inner, np.vdot, np.matmul, np.einsum,
    np.tensordot, the @ operator and the .dot() method. Element-wise * and np.sum are fine.

    中文：两个等长一维向量的点乘（内积、数量积）：对应项相乘再求和。它衡量两个向量方向的
    一致程度，每个神经元都在计算一次点乘（w·x）。
    公式：dot(a, b) = a_1*b_1 + a_2*b_2 + ... + a_n*b_n
    例子：dot([1, 2, 3], [4, 5, 6]) = 4 + 10 + 18 = 32.0
    返回浮点数。a 或 b 不是一维向量、或长度不同时抛出 ValueError。
    禁止使用：np.dot、np.inner、np.vdot、np.matmul、np.einsum、np.tensordot、@ 运算符和
    .dot() 方法；逐元素乘法 * 和 np.sum 可以用。
    """
    raise NotImplementedError("dot: write your code here / 在这里写你的代码")


def outer(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """The outer product of a (m,) and b (n,): an (m, n) matrix with entry [i, j] = a_i * b_j.

    Every entry of a times every entry of b. A weight gradient dW = x^T . delta of one
    sample is an outer product.

    Formula: outer(a, b)[i, j] = a_i * b_j
    Example: outer([1, 2], [3, 4, 5]) = [[3, 4, 5],
                                         [6, 8, 10]]     (shape (2, 3))
    Returns: a float64 ndarray of shape (m, n).
    Raises: ValueError if a or b is not 1-D.
    Forbidden: np.outer, np.einsum, np.multiply.outer, np.tensordot, the .outer() method.
    Hint: broadcasting a[:, None] * b[None, :] or two loops both work.

    中文：a (m,) 与 b (n,) 的外积（不是叉乘：叉乘是三维向量的向量积）：(m, n) 矩阵，第 [i, j] 项为 a_i * b_j。
    例子：outer([1, 2], [3, 4, 5]) = [[3, 4, 5], [6, 8, 10]]。返回形状为 (m, n) 的 float64 数组；
    a 或 b 不是一维向量时抛出 ValueError。禁止使用 np.outer、np.einsum、np.multiply.outer、
    np.tensordot 和 .outer() 方法。提示：广播 a[:, None] * b[None, :] 或两重循环都可以。
    """
    raise NotImplementedError("outer: write your code here / 在这里写你的代码")


def hadamard(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """The element-wise (Hadamard) product of two arrays of exactly the same shape.

    Backpropagation multiplies a gradient by an activation's derivative entry by entry:
    that is a Hadamard product.

    Formula: hadamard(a, b)[i] = a[i] * b[i] for every index i (any number of axes)
    Example: hadamard([[1, 2], [3, 4]], [[5, 6], [7, 8]]) = [[5, 12], [21, 32]]
    Returns: a float64 ndarray of the inputs' shape.
    Raises: ValueError when the shapes differ: no broadcasting, (3,) and (1, 3) differ.

    中文：两个形状完全相同的数组的对应项相乘（逐元素相乘）。反向传播中梯度与激活函数导数
    就是逐元素相乘。例子：hadamard([[1, 2], [3, 4]], [[5, 6], [7, 8]]) = [[5, 12], [21, 32]]。
    返回与输入同形状的 float64 数组；形状不同时抛出 ValueError（不允许广播，(3,) 与 (1, 3) 不同）。
    """
    raise NotImplementedError("hadamard: write your code here / 在这里写你的代码")


def matmul(A: ArrayLike, B: ArrayLike) -> NDArray[np.float64]:
    """The matrix product of A (m, p) and B (p, n): an (m, n) matrix.

    Entry [i, j] is the dot product of row i of A with column j of B. A dense layer
    computes X W for a whole batch at once this way.

    Formula: matmul(A, B)[i, j] = sum over k of A[i, k] * B[k, j]
    Example: matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]) = [[19, 22], [43, 50]]
    Returns: a float64 ndarray of shape (m, n).
    Raises: ValueError if A or B is not 2-D, or A's columns differ from B's rows.
    Forbidden: np.dot, np.matmul, np.einsum, np.tensordot, np.inner, @, .dot().
    Calling your own dot from this file is fine.

    中文：A (m, p) 与 B (p, n) 的矩阵乘法，结果为 (m, n) 矩阵，第 [i, j] 项是 A 的第 i 行与
    B 的第 j 列的点乘。例子：matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]) = [[19, 22], [43, 50]]。
    A 或 B 不是二维、或 A 的列数与 B 的行数不同时抛出 ValueError。禁止使用 np.dot、np.matmul、
    np.einsum、np.tensordot、np.inner、@ 和 .dot()；可以调用你自己写的 dot。
    """
    raise NotImplementedError("matmul: write your code here / 在这里写你的代码")
