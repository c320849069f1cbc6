"""Hidden checks for lesson 01: dot, outer, Hadamard and matrix products."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from grader.checking import check
from grader.checks.common import agrees, as_lists, built_yourself, int_inputs
from grader.diagnose.recognise import Mistakes
from grader.engine.context import Context
from grader.i18n import tr

# -- dot ---------------------------------------------------------------------------------


def _dot_mistakes(a: np.ndarray, b: np.ndarray) -> Mistakes:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return {
        "dot:off_by_one": (tr("the last pair a[n-1] * b[n-1] is missing: check the loop's range.",
                              "缺少最后一对 a[n-1] * b[n-1]：请检查循环范围。"),
                           float(np.sum(a[:-1] * b[:-1]))),
        "dot:sum_of_sums": (tr("this is sum(a) * sum(b): multiply matching entries first, then add.",
                               "这是 sum(a) * sum(b)：应先对应项相乘，再求和。"),
                            float(np.sum(a) * np.sum(b))),
        "dot:squares": (tr("this is the sum of a_i^2: the second vector is not used.",
                           "这是 a_i 的平方和：没有用到第二个向量。"), float(np.sum(a * a))),
    }


@check("dot")
def dot_worked_example(ctx: Context) -> None:
    """dot([1, 2, 3], [4, 5, 6]) is 32.0, with lists as input
    dot([1, 2, 3], [4, 5, 6]) 等于 32.0（输入为列表）"""
    a, b = [1, 2, 3], [4, 5, 6]
    agrees(ctx, a, b, mistakes=partial(_dot_mistakes, np.array(a), np.array(b)))


@check("dot")
def dot_random_vectors(ctx: Context) -> None:
    """dot agrees with the sum of products on random vectors of several lengths
    dot 在多个长度的随机向量上与逐项乘积之和一致"""
    rng = ctx.rng()
    for n in (1, 2, 7, 50):
        a, b = rng.normal(size=n), rng.normal(size=n) * 3
        agrees(ctx, a, b, mistakes=partial(_dot_mistakes, a, b))


@check("dot", kind="supporting")
def dot_rejects_bad_shapes(ctx: Context) -> None:
    """dot raises ValueError for vectors of different lengths or arrays that are not 1-D
    向量长度不同或不是一维时，dot 抛出 ValueError"""
    ctx.expect_raises("ValueError", [1.0, 2.0, 3.0], [1.0, 2.0])
    ctx.expect_raises("ValueError", np.ones((2, 2)), np.ones((2, 2)))


dot_built_yourself, dot_verified = built_yourself(
    "dot", np.array([1.0, 2.0, 3.0]), np.array([4.0, -5.0, 6.0]))

# -- outer -------------------------------------------------------------------------------


@check("outer")
def outer_worked_example(ctx: Context) -> None:
    """outer([1, 2], [3, 4, 5]) is the 2x3 matrix [[3, 4, 5], [6, 8, 10]]
    outer([1, 2], [3, 4, 5]) 是 2x3 矩阵 [[3, 4, 5], [6, 8, 10]]"""
    agrees(ctx, [1, 2], [3, 4, 5])


@check("outer")
def outer_random_vectors(ctx: Context) -> None:
    """outer gives entry [i, j] = a_i * b_j for vectors of different lengths
    outer 对不同长度的向量给出第 [i, j] 项 = a_i * b_j"""
    rng = ctx.rng()
    for m, n in ((3, 4), (1, 5), (4, 1), (6, 6)):
        a, b = rng.normal(size=m), rng.normal(size=n)
        mistakes = {"outer:elementwise": (
            tr("this is the element-wise product a * b: the outer product pairs every a_i with "
               "every b_j (a[:, None] * b[None, :]).",
               "这是逐元素乘积 a * b：外积要让每个 a_i 与每个 b_j 相乘（a[:, None] * b[None, :]）。"),
            a * b if m == n else None)}
        agrees(ctx, a, b, mistakes=mistakes)
    agrees(ctx, *as_lists(rng.normal(size=3), rng.normal(size=2)))


@check("outer", kind="advice",
       advice=tr("raise ValueError when a or b is not 1-D",
                 "当 a 或 b 不是一维时抛出 ValueError"))
def outer_rejects_matrices(ctx: Context) -> None:
    """outer raises ValueError when an input is not 1-D
    输入不是一维时，outer 抛出 ValueError"""
    ctx.expect_raises("ValueError", np.ones((2, 2)), np.ones(3))


outer_built_yourself, outer_verified = built_yourself(
    "outer", np.array([1.0, 2.0, 3.0]), np.array([4.0, -5.0]))

# -- hadamard ----------------------------------------------------------------------------


@check("hadamard")
def hadamard_worked_example(ctx: Context) -> None:
    """hadamard([[1, 2], [3, 4]], [[5, 6], [7, 8]]) is [[5, 12], [21, 32]]
    hadamard([[1, 2], [3, 4]], [[5, 6], [7, 8]]) 等于 [[5, 12], [21, 32]]"""
    a, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[5.0, 6.0], [7.0, 8.0]])
    mistakes = {"hadamard:matmul": (
        tr("this is the matrix product A @ B: the Hadamard product multiplies entry by entry.",
           "这是矩阵乘法 A @ B：对应项相乘应逐元素进行。"), a @ b)}
    agrees(ctx, *as_lists(a, b), mistakes=mistakes)


@check("hadamard")
def hadamard_any_shape(ctx: Context) -> None:
    """hadamard multiplies entry by entry for 1-D, 2-D and 3-D arrays
    hadamard 对一维、二维、三维数组逐元素相乘"""
    rng = ctx.rng()
    for shape in ((5,), (3, 4), (2, 3, 4), (1, 1)):
        agrees(ctx, rng.normal(size=shape), rng.normal(size=shape))


@check("hadamard", kind="supporting")
def hadamard_no_broadcasting(ctx: Context) -> None:
    """hadamard raises ValueError for different shapes, even ones NumPy would broadcast
    形状不同时（即使 NumPy 可以广播）hadamard 也抛出 ValueError"""
    ctx.expect_raises("ValueError", np.ones(3), np.ones((1, 3)))
    ctx.expect_raises("ValueError", np.ones((2, 3)), np.ones(3))
    ctx.expect_raises("ValueError", [1.0, 2.0], [1.0, 2.0, 3.0])


# -- matmul ------------------------------------------------------------------------------


def _matmul_mistakes(a: Any, b: Any) -> Mistakes:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)  # the int check gives lists
    found: Mistakes = {}
    if a.shape == b.shape and a.shape[0] == a.shape[1]:
        found["matmul:elementwise"] = (
            tr("this is the element-wise product: entry [i, j] must be the dot product of row i "
               "of A and column j of B.",
               "这是逐元素乘积：第 [i, j] 项应是 A 的第 i 行与 B 的第 j 列的点乘。"), a * b)
        found["matmul:order"] = (tr("this is B @ A: the order of a matrix product matters.",
                                    "这是 B @ A：矩阵乘法的顺序不能交换。"), b @ a)
        found["matmul:row_row"] = (
            tr("this pairs row i of A with row j of B (A @ B.T): use column j of B.",
               "这是 A 的第 i 行与 B 的第 j 行相乘（A @ B.T）：应使用 B 的第 j 列。"), a @ b.T)
    m, p = a.shape
    n = b.shape[1]
    # A loop over k that stops at another size (range(A.shape[0]), range(B.shape[1])): the
    # product of the first q columns of A with the first q rows of B. Only where q < p: a
    # longer range indexes past the end and raises, which the feedback names as it is.
    for ident, size, written in (("matmul:k_range_m", m, "A.shape[0]"), ("matmul:k_range_n", n, "B.shape[1]")):
        if size < p:
            found[ident] = (
                tr("the sum over k ran over range({written}), {q} of the {p} terms: k runs over the "
                   "inner size p = A.shape[1] = B.shape[0].",
                   "对 k 的求和只遍历了 range({written})，即 {p} 项中的 {q} 项：k 应遍历内部维度 "
                   "p = A.shape[1] = B.shape[0]。", q=size, written=written, p=p),
                a[:, :size] @ b[:size, :])
    return found


@check("matmul")
def matmul_worked_example(ctx: Context) -> None:
    """matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]) is [[19, 22], [43, 50]]
    matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]) 等于 [[19, 22], [43, 50]]"""
    a, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[5.0, 6.0], [7.0, 8.0]])
    agrees(ctx, *as_lists(a, b), mistakes=partial(_matmul_mistakes, a, b))


@check("matmul")
def matmul_random_shapes(ctx: Context) -> None:
    """matmul agrees with the matrix product for square, tall, wide and single-row matrices
    matmul 在方阵、高矩阵、宽矩阵和单行矩阵上都与矩阵乘法一致"""
    rng = ctx.rng()
    for m, p, n in ((3, 3, 3), (3, 4, 2), (1, 5, 1), (4, 1, 3), (2, 6, 5)):
        a, b = rng.normal(size=(m, p)), rng.normal(size=(p, n))
        agrees(ctx, a, b, mistakes=partial(_matmul_mistakes, a, b))


@check("matmul", kind="supporting")
def matmul_rejects_bad_shapes(ctx: Context) -> None:
    """matmul raises ValueError when inner sizes differ or an input is not 2-D
    内部维度不一致或输入不是二维时，matmul 抛出 ValueError"""
    ctx.expect_raises("ValueError", np.ones((2, 3)), np.ones((2, 3)))
    ctx.expect_raises("ValueError", np.ones(3), np.ones((3, 2)))


matmul_built_yourself, matmul_verified = built_yourself(
    "matmul", np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4) - 5.0)


# -- int inputs (the contract converts lists and ints to float) ----------------------------

hadamard_int_inputs = int_inputs("hadamard", ((np.array([[1, 2], [3, 4]]), np.array([[5, -6], [7, 8]])),
                                              ([1, 2, 3], [4, 5, 6]), (2, 3), (2.5, -2.0)))
matmul_int_inputs = int_inputs("matmul", ((np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]])),
                                          ([[1, 0, 2]], [[1], [2], [3]])), mistakes=_matmul_mistakes)
