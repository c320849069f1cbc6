"""Hidden checks for lesson 02: norms and the L1/L2 penalties with their gradients."""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.checking import check
from grader.checks.common import agrees, as_lists, built_yourself, int_inputs
from grader.diagnose.recognise import Mistakes
from grader.engine.context import Context
from grader.i18n import tr

_NO_ABS = ("no_abs", tr("negative entries reduce the total: take absolute values first (np.abs).",
                        "负数元素让结果变小了：请先取绝对值（np.abs）。"))


def _vectors(ctx: Context) -> list[np.ndarray]:
    rng = ctx.rng()
    return [rng.normal(size=5), rng.normal(size=(3, 4)) * 10, np.array([0.0, -3.0, 4.0, 0.0])]


# -- l0 ---------------------------------------------------------------------------------


@check("l0_norm")
def l0_counts_nonzero(ctx: Context) -> None:
    """l0_norm counts the non-zero entries, as an int
    l0_norm 统计非零元素个数，返回整数"""
    agrees(ctx, [0, 3, -0.5, 0], mistakes=partial(_l0_mistakes, [0, 3, -0.5, 0], 0.0))
    agrees(ctx, np.array([[0.0, 1e-300], [2.0, 0.0]]))


@check("l0_norm")
def l0_tolerance_is_strict(ctx: Context) -> None:
    """with tol, l0_norm counts only |x_i| > tol (an entry equal to tol is not counted)
    给定 tol 时只统计 |x_i| > tol 的元素（等于 tol 的不计）"""
    agrees(ctx, [0.001, 2.0], tol=0.01)
    agrees(ctx, [0.5, -0.5, 1.0, -2.0], tol=0.5, mistakes=partial(_l0_mistakes, [0.5, -0.5, 1.0, -2.0], 0.5))


def _l0_mistakes(x: list[float], tol: float) -> Mistakes:
    signed = np.asarray(x, dtype=float)
    v = np.abs(signed)
    return {"l0:counts_equal_to_tol": (tr("entries equal to tol were counted: count only |x_i| > tol (strictly "
                                          "greater), not |x_i| >= tol.",
                                          "等于 tol 的元素也被计数了：只统计 |x_i| > tol（严格大于）的元素，"
                                          "而不是 |x_i| >= tol。"), int(np.sum(v >= tol))),
            "l0:no_abs": (tr("negative entries were not counted: the L0 norm counts every entry with |x_i| > tol, "
                             "whatever its sign (compare np.abs(x), not x).",
                             "负的元素没有被计数：L0 范数统计所有 |x_i| > tol 的元素，与符号无关"
                             "（比较 np.abs(x)，而不是 x）。"), int(np.sum(signed > tol)))}


@check("l0_norm", kind="supporting")
def l0_empty(ctx: Context) -> None:
    """the L0 norm of an empty vector is 0
    空向量的 L0 范数为 0"""
    agrees(ctx, [])


# -- l1 ---------------------------------------------------------------------------------


@check("l1_norm")
def l1_values(ctx: Context) -> None:
    """l1_norm is the sum of absolute values, for lists and arrays of any shape
    l1_norm 是绝对值之和（列表或任意形状的数组）"""
    for x in [np.array([3.0, -4.0]), *_vectors(ctx)]:
        agrees(ctx, x, mistakes={_NO_ABS[0]: (_NO_ABS[1], float(np.sum(x)))})


@check("l1_norm", kind="supporting")
def l1_empty(ctx: Context) -> None:
    """the L1 norm of an empty vector is 0.0
    空向量的 L1 范数为 0.0"""
    agrees(ctx, [])


# -- l2 ---------------------------------------------------------------------------------


def _l2_mistakes(x: np.ndarray) -> Mistakes:
    v = np.asarray(x, dtype=float).reshape(-1)
    return {
        "l2:no_sqrt": (tr("this is the sum of squares: take the square root at the end.",
                          "这是平方和：最后还要开平方根。"), float(np.sum(v * v))),
        "l2:l1": (tr("this is the L1 norm (sum of |x_i|): square, sum, then take the root.",
                     "这是 L1 范数（绝对值之和）：应先平方、求和，再开方。"), float(np.sum(np.abs(v)))),
        "l2:sum_of_roots": (tr("this takes roots before adding: sqrt of the sum, not the sum of sqrt.",
                               "先开方再求和是不对的：应是和的平方根。"),
                            float(np.sum(np.sqrt(np.abs(v))))),
    }


@check("l2_norm")
def l2_values(ctx: Context) -> None:
    """l2_norm is the Euclidean length, for lists and arrays of any shape
    l2_norm 是欧式长度（列表或任意形状的数组）"""
    agrees(ctx, [3, -4], mistakes=partial(_l2_mistakes, np.array([3.0, -4.0])))
    for x in _vectors(ctx):
        agrees(ctx, x, mistakes=partial(_l2_mistakes, x))


@check("l2_norm", kind="supporting")
def l2_empty(ctx: Context) -> None:
    """the L2 norm of an empty vector is 0.0
    空向量的 L2 范数为 0.0"""
    agrees(ctx, [])


l2_built_yourself, l2_verified = built_yourself("l2_norm", np.array([3.0, -4.0, 12.0]))

# -- lp ---------------------------------------------------------------------------------


def _lp_mistakes(x: np.ndarray, p: float) -> Mistakes:
    v = np.asarray(x, dtype=float).reshape(-1)
    if np.isinf(p):
        found: Mistakes = {"lp:inf_general_formula": (
            tr("with p = np.inf the formula (sum |x_i|^p)^(1/p) becomes inf ** 0, which is 1.0: handle "
               "p = np.inf on its own, before the formula, and return the largest |x_i| (0.0 for an empty "
               "vector).",
               "p = np.inf 时公式 (sum |x_i|^p)^(1/p) 变成 inf ** 0，结果是 1.0：请在套用公式之前单独处理 "
               "p = np.inf，返回最大的 |x_i|（空向量返回 0.0）。"), 1.0)}
        if v.size:
            found["lp:inf_no_abs"] = (tr("for p = inf take the largest |x_i|, not the largest x_i.",
                                         "p = inf 时应取最大的 |x_i|，而不是最大的 x_i。"), float(np.max(v)))
        return found
    with np.errstate(all="ignore"):
        return {
            "lp:no_root": (tr("the 1/p-th root is missing: (sum |x_i|^p) ** (1 / p).",
                              "缺少开 p 次方根：(sum |x_i|^p) ** (1 / p)。"), float(np.sum(np.abs(v) ** p))),
            "lp:no_abs": (tr("without absolute values, negative entries break odd p: use |x_i|^p.",
                             "没有取绝对值，p 为奇数时负数会出错：应使用 |x_i|^p。"),
                          float(np.sum(v**p) ** (1 / p)) if np.sum(v**p) >= 0 or p == 1 else None),
        }


@check("lp_norm")
def lp_values(ctx: Context) -> None:
    """lp_norm gives (sum |x_i|^p)^(1/p) for p = 1, 2, 3 and 1.5
    p = 1、2、3、1.5 时 lp_norm 等于 (sum |x_i|^p)^(1/p)"""
    agrees(ctx, [3, -4], 1, mistakes=partial(_lp_mistakes, np.array([3.0, -4.0]), 1))
    agrees(ctx, [3, -4], 2, mistakes=partial(_lp_mistakes, np.array([3.0, -4.0]), 2))
    for x in _vectors(ctx):
        for p in (3, 1.5):
            agrees(ctx, x, p, mistakes=partial(_lp_mistakes, x, p))


@check("lp_norm")
def lp_infinity(ctx: Context) -> None:
    """lp_norm with p = np.inf is the largest absolute value
    p = np.inf 时 lp_norm 是最大的绝对值"""
    agrees(ctx, [3, -4], np.inf, mistakes=partial(_lp_mistakes, np.array([3.0, -4.0]), np.inf))
    x = ctx.rng().normal(size=(4, 3)) - 3
    agrees(ctx, x, np.inf, mistakes=partial(_lp_mistakes, x, np.inf))


@check("lp_norm", kind="supporting")
def lp_rejects_small_p(ctx: Context) -> None:
    """lp_norm raises ValueError for p < 1, where it is not a norm
    p < 1 时 lp_norm 抛出 ValueError（此时不是范数）"""
    ctx.expect_raises("ValueError", [1.0, 2.0], 0.5)
    ctx.expect_raises("ValueError", [1.0, 2.0], 0)


@check("lp_norm", kind="supporting")
def lp_empty(ctx: Context) -> None:
    """every Lp norm of an empty vector is 0.0, including p = inf
    空向量的任何 Lp 范数（包括 p = inf）都是 0.0"""
    agrees(ctx, [], 2)
    agrees(ctx, [], np.inf, mistakes=partial(_lp_mistakes, np.array([]), np.inf))


lp_built_yourself, lp_verified = built_yourself("lp_norm", np.array([1.0, -2.0, 3.0]), 3)

# -- penalties --------------------------------------------------------------------------


@check("l1_penalty")
def l1_penalty_values(ctx: Context) -> None:
    """l1_penalty is lam times the sum of |w_i|
    l1_penalty 等于 lam 乘以 |w_i| 之和"""
    agrees(ctx, [1, -2, 0], 0.5)
    for w in _vectors(ctx):
        agrees(ctx, w, 0.3, mistakes={
            "penalty:no_lam": (tr("lam is missing: multiply by lam.", "缺少 lam：请乘以 lam。"),
                               float(np.sum(np.abs(w)))),
            _NO_ABS[0]: (_NO_ABS[1], float(0.3 * np.sum(w)))})


@check("l1_penalty_grad")
def l1_penalty_grad_values(ctx: Context) -> None:
    """l1_penalty_grad is lam * sign(w), with 0 exactly where w_i == 0
    l1_penalty_grad 等于 lam * sign(w)，w_i == 0 处恰好为 0"""
    for w in [np.array([1.0, -2.0, 0.0]), *_vectors(ctx)]:
        with np.errstate(all="ignore"):
            mistakes = {
                "l1grad:zero_is_one": (
                    tr("at w_i == 0 the gradient must be 0 (np.sign gives 0 there), not lam.",
                       "w_i == 0 处梯度应为 0（np.sign 在 0 处为 0），而不是 lam。"),
                    0.5 * np.where(w >= 0, 1.0, -1.0)),
                "l1grad:penalty_value": (tr("this is lam * |w|, the penalty itself: its gradient "
                                            "is lam * sign(w).",
                                            "这是 lam * |w|（惩罚项本身）：梯度应为 lam * sign(w)。"),
                                         0.5 * np.abs(w)),
            }
        agrees(ctx, w, 0.5, mistakes=mistakes)


@check("l1_penalty_grad", kind="supporting")
def l1_penalty_grad_lists(ctx: Context) -> None:
    """l1_penalty_grad accepts a list and returns a float64 array of its shape
    l1_penalty_grad 接受列表并返回同形状的 float64 数组"""
    agrees(ctx, *as_lists(np.array([[1.0, 0.0], [-3.0, 2.0]])), 2.0)


@check("l2_penalty")
def l2_penalty_values(ctx: Context) -> None:
    """l2_penalty is lam / 2 times the sum of squares (with the 1/2)
    l2_penalty 等于 lam / 2 乘以平方和（带 1/2）"""
    agrees(ctx, [1, -2, 0], 0.5)
    for w in _vectors(ctx):
        agrees(ctx, w, 0.3, mistakes={
            "l2penalty:sqrt": (tr("this uses the L2 norm instead of the sum of squares.",
                                  "这里用了 L2 范数，而不是平方和。"),
                               float(0.15 * np.sqrt(np.sum(w * w))))})


@check("l2_penalty_grad")
def l2_penalty_grad_values(ctx: Context) -> None:
    """l2_penalty_grad is lam * w, and w is not changed
    l2_penalty_grad 等于 lam * w，且不修改 w"""
    agrees(ctx, [1, -2, 0], 0.5)
    for w in _vectors(ctx):
        agrees(ctx, w, 0.3)


# -- int inputs (the contract converts lists and ints to float) ----------------------------

l0_int_inputs = int_inputs("l0_norm", ((np.array([0, 3, -1, 0]),), ([0, 0, 5],)))
l1_int_inputs = int_inputs("l1_norm", ((np.array([3001, -4000]),), ([1, -2, 2049],)))  # not exact in float16
l1_penalty_grad_int_inputs = int_inputs("l1_penalty_grad", ((np.array([3, 0, -2]), 2), ([1, -1, 0], 1), (-2, 1),
                                                            (0.0, 0.5)))
l2_penalty_grad_int_inputs = int_inputs("l2_penalty_grad", ((np.array([1, -2]), 3), ([0, 4], 1), (-2, 3),
                                                            (1.5, 0.5)))
