"""Hidden checks for lesson 06: step, sigmoid, tanh, ReLU, softmax and their derivatives.

The probes include the edges where mistakes hide: z exactly 0 (step is 1 there, the
ReLU derivative 0), inputs of +-1000 and +-1e4 (sigmoid and softmax must neither overflow
nor warn; underflow to 0.0 is fine), softmax rows far apart (a max over the whole matrix
instead of per row turns a row into 0/0), and float64 arrays (to catch in-place updates).
Derivatives are also checked against central differences of the function.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from grader.checking import Failure, Raised, check
from grader.checks.common import agrees, agrees_confirmed, agrees_stably, as_lists, int_inputs, rejects
from grader.checks.expect import expect_array
from grader.diagnose.recognise import Mistakes
from grader.engine.context import Context
from grader.i18n import Text, tr

LN2, LN3 = float(np.log(2.0)), float(np.log(3.0))


def _sigmoid(z: Any) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    with np.errstate(all="ignore"):
        t = np.exp(-np.abs(z))
        return np.asarray(np.where(z >= 0, 1 / (1 + t), t / (1 + t)), dtype=float)


def _like(reference: Any, value: Any) -> Any:
    """A mistake's value in the reference's form: a float for a scalar input."""
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def _arrays(ctx: Context, salt: str, scale: float = 3.0) -> list[np.ndarray]:
    """Float64 arrays of several shapes, with some entries at exactly 0."""
    rng = ctx.rng(salt)
    out = []
    for shape in ((6,), (3, 4), (2, 2, 3)):
        z = rng.normal(size=shape) * scale
        z.reshape(-1)[::5] = 0.0
        out.append(z)
    return out


def _central(f: Any, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    return np.asarray((f(z + h) - f(z - h)) / (2 * h), dtype=float)


# -- step ----------------------------------------------------------------------------------


def _step_mistakes(z: Any) -> Mistakes:
    z = np.asarray(z, dtype=float)
    return {
        "step:at_zero": (tr("at z = 0 the step must be 1: the course's step fires when z >= 0, so "
                            "use >=, not >.",
                            "z = 0 处阶跃函数必须为 1：课程的阶跃函数在 z >= 0 时输出 1，"
                            "请用 >=，不要用 >。"), _like(z, np.where(z > 0, 1.0, 0.0))),
        "step:sign": (tr("this is np.sign(z), which gives -1 for negative z and 0 at z = 0: the "
                         "step is 1.0 where z >= 0 and 0.0 elsewhere.",
                         "这是 np.sign(z)，负数给出 -1，z = 0 给出 0：阶跃函数在 z >= 0 处为 1.0，"
                         "其余为 0.0。"), _like(z, np.sign(z))),
    }


@check("step")
def step_worked_example(ctx: Context) -> None:
    """step([-2, -0.1, 0, 3]) is [0, 0, 1, 1]: z = 0 gives 1
    step([-2, -0.1, 0, 3]) 等于 [0, 0, 1, 1]：z = 0 时输出 1"""
    z = [-2.0, -0.1, 0.0, 3.0]
    agrees(ctx, z, mistakes=partial(_step_mistakes, z))
    for s in (0.0, -1.5, 2.0):
        agrees(ctx, s, mistakes=partial(_step_mistakes, s))


@check("step")
def step_any_shape(ctx: Context) -> None:
    """step works element-wise on arrays of any shape and returns float64 of the same shape
    step 对任意形状的数组逐元素计算，返回同形状的 float64 数组"""
    for z in _arrays(ctx, "step"):
        agrees(ctx, z, mistakes=partial(_step_mistakes, z))


# -- sigmoid -------------------------------------------------------------------------------

_SIGMOID_HINT = tr("e^-z overflows for large negative z (e^1000 is beyond the largest float): "
                   "compute with t = e^-|z|, which is always in (0, 1]: 1 / (1 + t) for z >= 0 "
                   "and t / (1 + t) for z < 0. np.where computes both branches for every z, so "
                   "each branch must be safe everywhere.",
                   "z 为很大的负数时 e^-z 会溢出（e^1000 超出浮点数上限）：请用总在 (0, 1] 内的 "
                   "t = e^-|z|：z >= 0 时为 1 / (1 + t)，z < 0 时为 t / (1 + t)。np.where 会对每个 z "
                   "计算两个分支，所以两个分支都必须处处安全。")


def _sigmoid_mistakes(z: Any) -> Mistakes:
    return {"sigmoid:sign": (tr("this is 1 / (1 + e^z) = sigmoid(-z): the exponent is -z.",
                                "这是 1 / (1 + e^z) = sigmoid(-z)：指数应是 -z。"),
                             _like(z, _sigmoid(-np.asarray(z, dtype=float))))}


@check("sigmoid")
def sigmoid_worked_examples(ctx: Context) -> None:
    """sigmoid(0) is 0.5 and sigmoid(ln 3) is 0.75
    sigmoid(0) 等于 0.5，sigmoid(ln 3) 等于 0.75"""
    for z in (0.0, LN3, -LN3):
        agrees(ctx, z, mistakes=partial(_sigmoid_mistakes, z))


@check("sigmoid")
def sigmoid_any_shape(ctx: Context) -> None:
    """sigmoid works element-wise on arrays and lists of any shape
    sigmoid 对任意形状的数组和列表逐元素计算"""
    for z in _arrays(ctx, "sigmoid"):
        agrees(ctx, z, mistakes=partial(_sigmoid_mistakes, z))
    agrees(ctx, *as_lists(np.array([[-1.0, 0.5], [2.0, 0.0]])))


@check("sigmoid")
def sigmoid_is_stable(ctx: Context) -> None:
    """sigmoid of +-1000 and +-1e4 is 0 or 1 with no overflow warning and no NaN
    sigmoid 在 +-1000 和 +-1e4 处为 0 或 1，没有溢出警告，也没有 NaN"""
    z = np.array([-1e4, -1000.0, -40.0, 0.0, 40.0, 1000.0, 1e4])
    agrees_stably(ctx, _SIGMOID_HINT, z, mistakes=partial(_sigmoid_mistakes, z))
    agrees_stably(ctx, _SIGMOID_HINT, -1e4)


@check("sigmoid")
def sigmoid_is_symmetric(ctx: Context) -> None:
    """sigmoid is symmetric: sigmoid(-z) = 1 - sigmoid(z)
    sigmoid 关于 (0, 0.5) 对称：sigmoid(-z) = 1 - sigmoid(z)"""
    z = ctx.rng().normal(size=8) * 4
    plus, minus = ctx.value(z), ctx.value(-z)
    expect_array(plus, _sigmoid(z), call=lambda: ctx.show(z), mistakes=partial(_sigmoid_mistakes, z))
    expect_array(minus, 1.0 - plus, call=lambda: ctx.show(-z) + "  vs 1 - sigmoid(z)", atol=1e-12)


# -- sigmoid_grad --------------------------------------------------------------------------


def _sigmoid_grad_mistakes(z: Any) -> Mistakes:
    z = np.asarray(z, dtype=float)
    s = _sigmoid(z)
    ss = _sigmoid(s)
    with np.errstate(all="ignore"):
        return {
            "sigmoid_grad:of_sigmoid": (
                tr("this is sigmoid'(sigmoid(z)): the derivative was applied to sigmoid(z) instead "
                   "of z. Compute s = sigmoid(z) once and return s * (1 - s).",
                   "这是 sigmoid'(sigmoid(z))：求导公式被用在了 sigmoid(z) 上，而不是 z 上。"
                   "请先算一次 s = sigmoid(z)，再返回 s * (1 - s)。"), _like(z, ss * (1 - ss))),
            "sigmoid_grad:on_z": (
                tr("this is z (1 - z): s (1 - s) needs s = sigmoid(z), not z itself.",
                   "这是 z (1 - z)：s (1 - s) 中的 s 是 sigmoid(z)，而不是 z 本身。"),
                _like(z, z * (1 - z))),
            "sigmoid_grad:sigmoid": (
                tr("this is sigmoid(z) itself: its derivative is sigmoid(z) (1 - sigmoid(z)).",
                   "这是 sigmoid(z) 本身：它的导数是 sigmoid(z) (1 - sigmoid(z))。"), _like(z, s)),
            "sigmoid_grad:extra_s": (
                tr("this is s * (1 - s) * s, an extra factor s = sigmoid(z): the derivative is s * (1 - s).",
                   "这是 s * (1 - s) * s，多乘了一个 s = sigmoid(z)：导数是 s * (1 - s)。"),
                _like(z, s * s * (1 - s))),
            "sigmoid_grad:extra_one_minus_s": (
                tr("this is s * (1 - s) * (1 - s), an extra factor 1 - s: the derivative is s * (1 - s).",
                   "这是 s * (1 - s) * (1 - s)，多乘了一个 1 - s：导数是 s * (1 - s)。"),
                _like(z, s * (1 - s) * (1 - s))),
            "sigmoid_grad:tanh_style": (
                tr("this is 1 - sigmoid(z)^2, the pattern of tanh's derivative: sigmoid's is "
                   "sigmoid(z) (1 - sigmoid(z)).",
                   "这是 1 - sigmoid(z)^2，那是 tanh 导数的形式：sigmoid 的导数是 "
                   "sigmoid(z) (1 - sigmoid(z))。"), _like(z, 1 - s * s)),
        }


@check("sigmoid_grad")
def sigmoid_grad_worked_examples(ctx: Context) -> None:
    """sigmoid_grad(0) is 0.25 and sigmoid_grad(ln 3) is 0.75 * 0.25 = 0.1875
    sigmoid_grad(0) 等于 0.25，sigmoid_grad(ln 3) 等于 0.75 * 0.25 = 0.1875"""
    # z = 0 is a special point (s = 1 - s = 0.5): what a wrong formula gives there fits many
    # mistakes (an extra s is "half the answer"), so a diagnosis is named only if the next
    # example confirms it.
    for z, other in ((0.0, LN3), (LN3, -2.0), (-2.0, 0.5)):
        agrees_confirmed(ctx, (z,), partial(_sigmoid_grad_mistakes, z), (other,),
                         partial(_sigmoid_grad_mistakes, other))


@check("sigmoid_grad")
def sigmoid_grad_any_shape(ctx: Context) -> None:
    """sigmoid_grad works element-wise on arrays, and is 0 far out at +-1e4
    sigmoid_grad 对数组逐元素计算，在 +-1e4 处为 0"""
    for z in [*_arrays(ctx, "grad"), np.array([-1e4, -1000.0, 1000.0, 1e4])]:
        agrees(ctx, z, mistakes=partial(_sigmoid_grad_mistakes, z))


@check("sigmoid_grad")
def sigmoid_grad_matches_central_differences(ctx: Context) -> None:
    """sigmoid_grad matches central differences of sigmoid
    sigmoid_grad 与 sigmoid 的中心差分一致"""
    z = ctx.rng().normal(size=7) * 3
    got = ctx.value(z)
    expect_array(got, _central(_sigmoid, z), call=lambda: ctx.show(z) + "  vs central differences of sigmoid",
                 rtol=1e-6, atol=1e-9, mistakes=partial(_sigmoid_grad_mistakes, z))


# -- tanh ----------------------------------------------------------------------------------


def _tanh_mistakes(z: Any) -> Mistakes:
    z = np.asarray(z, dtype=float)
    with np.errstate(all="ignore"):
        by_exp = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return {
        "tanh:sigmoid": (tr("this is sigmoid(z): tanh(z) = 2 sigmoid(2z) - 1, with outputs in (-1, 1).",
                            "这是 sigmoid(z)：tanh(z) = 2 sigmoid(2z) - 1，输出在 (-1, 1) 内。"),
                         _like(z, _sigmoid(z))),
        "tanh:half": (tr("this is 2 sigmoid(z) - 1 = tanh(z / 2): the sigmoid's argument is 2z.",
                         "这是 2 sigmoid(z) - 1 = tanh(z / 2)：sigmoid 的参数应是 2z。"),
                      _like(z, 2 * _sigmoid(z) - 1)),
        "tanh:overflow": (tr("e^z overflowed: inf / inf = NaN for large |z|. Use np.tanh, which is "
                             "stable.",
                             "e^z 溢出了：|z| 很大时 inf / inf = NaN。请使用稳定的 np.tanh。"),
                          _like(z, by_exp) if np.any(np.isnan(by_exp)) else None),
    }


@check("tanh")
def tanh_worked_examples(ctx: Context) -> None:
    """tanh(0) is 0, tanh(ln 2) is 0.6 and tanh(-1e4) is -1
    tanh(0) 等于 0，tanh(ln 2) 等于 0.6，tanh(-1e4) 等于 -1"""
    for z in (0.0, LN2, -1e4):
        agrees(ctx, z, mistakes=partial(_tanh_mistakes, z))


@check("tanh")
def tanh_any_shape(ctx: Context) -> None:
    """tanh works element-wise on arrays of any shape, including +-1000
    tanh 对任意形状的数组逐元素计算，包括 +-1000"""
    for z in [*_arrays(ctx, "tanh"), np.array([-1000.0, -20.0, 20.0, 1000.0])]:
        agrees(ctx, z, mistakes=partial(_tanh_mistakes, z))


@check("tanh")
def tanh_is_odd(ctx: Context) -> None:
    """tanh is odd, tanh(-z) = -tanh(z), and equals 2 sigmoid(2z) - 1
    tanh 是奇函数 tanh(-z) = -tanh(z)，且等于 2 sigmoid(2z) - 1"""
    z = ctx.rng().normal(size=8) * 2
    plus, minus = ctx.value(z), ctx.value(-z)
    expect_array(plus, 2 * _sigmoid(2 * z) - 1, call=lambda: ctx.show(z) + "  vs 2 sigmoid(2z) - 1",
                 mistakes=partial(_tanh_mistakes, z))
    expect_array(minus, -plus, call=lambda: ctx.show(-z) + "  vs -tanh(z)", atol=1e-12)


# -- tanh_grad -----------------------------------------------------------------------------


def _tanh_grad_mistakes(z: Any) -> Mistakes:
    z = np.asarray(z, dtype=float)
    t = np.tanh(z)
    return {
        "tanh_grad:z_squared": (tr("this is 1 - z^2: tanh'(z) = 1 - tanh(z)^2, so square tanh(z), "
                                   "not z.",
                                   "这是 1 - z^2：tanh'(z) = 1 - tanh(z)^2，要平方的是 tanh(z)，"
                                   "而不是 z。"), _like(z, 1 - z * z)),
        "tanh_grad:no_square": (tr("this is 1 - tanh(z): the derivative is 1 - tanh(z)^2 (squared).",
                                   "这是 1 - tanh(z)：导数是 1 - tanh(z)^2（要平方）。"),
                                _like(z, 1 - t)),
        "tanh_grad:of_tanh": (tr("this is tanh'(tanh(z)): the derivative was applied to tanh(z) "
                                 "instead of z. Compute t = tanh(z) once and return 1 - t^2.",
                                 "这是 tanh'(tanh(z))：求导公式被用在了 tanh(z) 上，而不是 z 上。"
                                 "请先算一次 t = tanh(z)，再返回 1 - t^2。"),
                              _like(z, 1 - np.tanh(t) ** 2)),
        "tanh_grad:sigmoid_style": (tr("this is tanh(z) (1 - tanh(z)), the pattern of sigmoid's "
                                       "derivative: tanh's is 1 - tanh(z)^2.",
                                       "这是 tanh(z) (1 - tanh(z))，那是 sigmoid 导数的形式："
                                       "tanh 的导数是 1 - tanh(z)^2。"), _like(z, t * (1 - t))),
    }


@check("tanh_grad")
def tanh_grad_worked_examples(ctx: Context) -> None:
    """tanh_grad(0) is 1, tanh_grad(ln 2) is 1 - 0.6^2 = 0.64 and tanh_grad(1e4) is 0
    tanh_grad(0) 等于 1，tanh_grad(ln 2) 等于 1 - 0.6^2 = 0.64，tanh_grad(1e4) 等于 0"""
    for z in (0.0, LN2, 1e4):
        agrees(ctx, z, mistakes=partial(_tanh_grad_mistakes, z))


@check("tanh_grad")
def tanh_grad_any_shape(ctx: Context) -> None:
    """tanh_grad works element-wise on arrays of any shape
    tanh_grad 对任意形状的数组逐元素计算"""
    for z in _arrays(ctx, "tanh_grad", 1.5):
        agrees(ctx, z, mistakes=partial(_tanh_grad_mistakes, z))


@check("tanh_grad")
def tanh_grad_matches_central_differences(ctx: Context) -> None:
    """tanh_grad matches central differences of tanh
    tanh_grad 与 tanh 的中心差分一致"""
    z = ctx.rng().normal(size=7) * 1.5
    got = ctx.value(z)
    expect_array(got, _central(np.tanh, z), call=lambda: ctx.show(z) + "  vs central differences of tanh",
                 rtol=1e-6, atol=1e-9, mistakes=partial(_tanh_grad_mistakes, z))


# -- relu ----------------------------------------------------------------------------------


def _relu_mistakes(z: Any) -> Mistakes:
    z = np.asarray(z, dtype=float)
    return {
        "relu:abs": (tr("this is |z|: ReLU cuts negative inputs to 0, max(0, z).",
                        "这是 |z|：ReLU 把负输入变为 0，即 max(0, z)。"), _like(z, np.abs(z))),
        "relu:min": (tr("this is min(0, z): ReLU keeps the positive part, max(0, z).",
                        "这是 min(0, z)：ReLU 保留正的部分，即 max(0, z)。"), _like(z, np.minimum(0, z))),
        "relu:grad": (tr("this is ReLU's derivative (0 or 1): ReLU itself passes positive z through "
                         "unchanged.",
                         "这是 ReLU 的导数（0 或 1）：ReLU 本身让正的 z 原样通过。"),
                      _like(z, np.where(z > 0, 1.0, 0.0))),
    }


@check("relu")
def relu_worked_example(ctx: Context) -> None:
    """relu([-2, 0, 3.5]) is [0, 0, 3.5], and a scalar gives a float
    relu([-2, 0, 3.5]) 等于 [0, 0, 3.5]，标量输入返回 float"""
    z = [-2.0, 0.0, 3.5]
    agrees(ctx, z, mistakes=partial(_relu_mistakes, z))
    for s in (-1.5, 2.0):
        agrees(ctx, s, mistakes=partial(_relu_mistakes, s))


@check("relu")
def relu_any_shape(ctx: Context) -> None:
    """relu works element-wise on float64 arrays of any shape and leaves them unchanged
    relu 对任意形状的 float64 数组逐元素计算，且不修改输入"""
    for z in _arrays(ctx, "relu"):
        agrees(ctx, z, mistakes=partial(_relu_mistakes, z))


# -- relu_grad -----------------------------------------------------------------------------


def _relu_grad_mistakes(z: Any) -> Mistakes:
    z = np.asarray(z, dtype=float)
    return {
        "relu_grad:at_zero": (tr("at z = 0 the course's ReLU derivative is 0: use z > 0, not z >= 0 "
                                 "(that is the step function, which is 1 at z = 0).",
                                 "z = 0 处课程约定 ReLU 的导数为 0：请用 z > 0，而不是 z >= 0"
                                 "（那是阶跃函数，它在 z = 0 处为 1）。"),
                              _like(z, np.where(z >= 0, 1.0, 0.0))),
        "relu_grad:relu": (tr("this is relu(z) itself: its derivative is 1.0 where z > 0, else 0.0.",
                              "这是 relu(z) 本身：它的导数在 z > 0 处为 1.0，否则为 0.0。"),
                           _like(z, np.maximum(z, 0.0))),
    }


@check("relu_grad")
def relu_grad_worked_example(ctx: Context) -> None:
    """relu_grad([-2, 0, 3.5]) is [0, 0, 1]: the derivative at z = 0 is 0
    relu_grad([-2, 0, 3.5]) 等于 [0, 0, 1]：z = 0 处导数为 0"""
    z = [-2.0, 0.0, 3.5]
    agrees(ctx, z, mistakes=partial(_relu_grad_mistakes, z))
    for s in (0.0, 2.5, -0.5):
        agrees(ctx, s, mistakes=partial(_relu_grad_mistakes, s))


@check("relu_grad")
def relu_grad_any_shape(ctx: Context) -> None:
    """relu_grad works element-wise on float64 arrays of any shape and leaves them unchanged
    relu_grad 对任意形状的 float64 数组逐元素计算，且不修改输入"""
    for z in _arrays(ctx, "relu_grad"):
        agrees(ctx, z, mistakes=partial(_relu_grad_mistakes, z))


# -- softmax -------------------------------------------------------------------------------

_SOFTMAX_HINT = tr("exp overflows for large scores (e^1000 = inf, and inf / inf = NaN): subtract "
                   "each row's own max first, z - z.max(axis=-1, keepdims=True); softmax does not "
                   "change when a constant is subtracted from a row.",
                   "得分很大时 exp 会溢出（e^1000 = inf，inf / inf = NaN）：请先减去每一行自己的最大值，"
                   "z - z.max(axis=-1, keepdims=True)；一行减去同一个常数不改变 softmax。")


def _softmax_mistakes(z: Any) -> Mistakes:
    z = np.asarray(z, dtype=float)
    found: Mistakes = {}
    with np.errstate(all="ignore"):
        e = np.exp(z)
        found["softmax:no_shift"] = (
            tr("exp overflowed: e^z is inf for large z and inf / inf = NaN. " + _SOFTMAX_HINT.en,
               "exp 溢出了：z 很大时 e^z 为 inf，inf / inf = NaN。" + _SOFTMAX_HINT.zh),
            e / e.sum(axis=-1, keepdims=True) if np.any(~np.isfinite(e)) else None)
        if z.ndim == 2:
            found["softmax:axis0"] = (
                tr("softmax was taken along the wrong axis: each column sums to 1 instead of each "
                   "row. Each row is one sample: use axis=-1 (or axis=1) with keepdims=True for the "
                   "max and the sum.",
                   "softmax 沿错了轴：现在每一列的和为 1，而不是每一行。每一行是一个样本："
                   "求最大值和求和都用 axis=-1（或 axis=1），并设 keepdims=True。"),
                _ref_softmax(z.T).T)
            g = np.exp(z - z.max())
            found["softmax:global_sum"] = (
                tr("the whole matrix sums to 1 instead of each row: normalise each row on its own, "
                   "sum along axis=-1 with keepdims=True.",
                   "现在整个矩阵的和为 1，而不是每一行：请对每一行分别归一化，沿 axis=-1 求和并设 "
                   "keepdims=True。"), g / g.sum())
            h = np.exp(z - z.max(axis=-1, keepdims=True))
            found["softmax:global_sum_of_shifted_rows"] = (found["softmax:global_sum"][0], h / h.sum())
            found["softmax:global_max"] = (
                tr("the max over the whole matrix was subtracted: a row far below that max underflows "
                   "to 0 / 0 = NaN. Subtract each row's own max: z.max(axis=-1, keepdims=True).",
                   "减去的是整个矩阵的最大值：远低于它的行会下溢为 0 / 0 = NaN。请减去每一行自己的"
                   "最大值：z.max(axis=-1, keepdims=True)。"), g / g.sum(axis=-1, keepdims=True))
            if z.shape[1] in (1, z.shape[0]):  # (m, m) and (m, 1) broadcast a reduction that lost
                # its axis; any other shape raises, named by RAISED_HINTS
                rows = z - z.max(axis=-1, keepdims=True)
                for key, shifted, summed in (("max", z - z.max(axis=1), None), ("sum", rows, "flat"),
                                             ("both", z - z.max(axis=1), "flat")):
                    e = np.exp(shifted)
                    total = e.sum(axis=1) if summed else e.sum(axis=-1, keepdims=True)
                    found[f"softmax:no_keepdims:{key}"] = (_NO_KEEPDIMS, e / total)
            c = np.exp(z - z.max(axis=0, keepdims=True))
            found["softmax:column_max"] = (
                tr("each column's max was subtracted (z.max(axis=0)), so the entries of one row were "
                   "shifted by different amounts and their ratios changed: the shift must be one number "
                   "per row, z.max(axis=-1, keepdims=True).",
                   "减去的是每一列的最大值（z.max(axis=0)），同一行的元素被平移了不同的量，比例因此改变："
                   "每一行只能减去同一个数，即 z.max(axis=-1, keepdims=True)。"),
                c / c.sum(axis=-1, keepdims=True))
    return found


_NO_KEEPDIMS = tr("z.max(axis=1) and e.sum(axis=1) have shape (m,): subtracted from (or dividing) z of "
                  "shape (m, k), they line up with z's columns, not its rows, so row i is shifted or "
                  "divided by another row's number. Keep the axis: z.max(axis=-1, keepdims=True) and "
                  "e.sum(axis=-1, keepdims=True) have shape (m, 1).",
                  "z.max(axis=1) 和 e.sum(axis=1) 的形状是 (m,)：用它们去减（或去除）形状为 (m, k) 的 z 时，"
                  "它们对齐的是 z 的列而不是行，于是第 i 行被平移或除以的是另一行的数。请保留这一轴："
                  "z.max(axis=-1, keepdims=True) 和 e.sum(axis=-1, keepdims=True) 的形状是 (m, 1)。")


def _ref_softmax(z: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return np.asarray(e / e.sum(axis=-1, keepdims=True), dtype=float)


@check("softmax")
def softmax_worked_examples(ctx: Context) -> None:
    """softmax([0, ln 3]) is [0.25, 0.75], and a 2-D input is taken row by row
    softmax([0, ln 3]) 等于 [0.25, 0.75]，二维输入按行计算"""
    # the second row's max is not its column's max: a column-wise shift and a reduction that
    # lost its axis give different numbers here, and each is named for what it is
    for z in ([0.0, LN3], [[0.0, 0.0], [LN3, 0.0]]):
        agrees(ctx, z, mistakes=partial(_softmax_mistakes, z))


@check("softmax")
def softmax_rows(ctx: Context) -> None:
    """softmax of random vectors and (m, k) matrices, row by row, leaving the input unchanged
    随机向量和 (m, k) 矩阵的 softmax 按行计算，且不修改输入"""
    rng = ctx.rng()
    for shape in ((5,), (4, 3), (2, 6)):
        z = rng.normal(size=shape) * 2
        agrees(ctx, z, mistakes=partial(_softmax_mistakes, z))


@check("softmax")
def softmax_rows_sum_to_one_and_ignore_shifts(ctx: Context) -> None:
    """each row sums to 1, and adding a constant to a row does not change it
    每一行的和为 1，且给一行加上同一个常数不改变结果"""
    rng = ctx.rng()
    z = rng.normal(size=(4, 5)) * 2
    shift = rng.normal(size=(4, 1)) * 10
    base, moved = ctx.value(z), ctx.value(z + shift)
    expect_array(base, _ref_softmax(z), call=lambda: ctx.show(z), mistakes=partial(_softmax_mistakes, z))
    if not np.allclose(base.sum(axis=1), 1.0, rtol=0, atol=1e-12):
        raise Failure(tr("the rows do not sum to 1: each row of softmax is a probability "
                         "distribution.", "各行的和不为 1：softmax 的每一行都是一个概率分布。"),
                      f"call:     {ctx.show(z)}\nrow sums: {base.sum(axis=1).tolist()}")
    expect_array(moved, base, call=lambda: ctx.show(z + shift) + "  vs softmax(z) (each row shifted by a "
                 "constant)", rtol=1e-9, atol=1e-12)


@check("softmax")
def softmax_is_stable(ctx: Context) -> None:
    """softmax of scores up to 1e4, with rows far apart, has no overflow and no NaN
    得分高达 1e4、各行相差很大时，softmax 没有溢出，也没有 NaN"""
    agrees_stably(ctx, _SOFTMAX_HINT, np.array([1e4, 1e4]), mistakes=partial(_softmax_mistakes, [1e4, 1e4]))
    z = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1e4],
                  [0.0, 1.0, 2.0], [1e4, -1e4, 0.0]])
    agrees_stably(ctx, _SOFTMAX_HINT, z, mistakes=partial(_softmax_mistakes, z))


@check("softmax", kind="advice",
       advice=tr("raise ValueError for a 3-D input, a scalar or an empty array",
                 "输入是三维数组、标量或空数组时抛出 ValueError"))
def softmax_rejects_bad_shapes(ctx: Context) -> None:
    """softmax raises ValueError for a 3-D input, a scalar or an empty array
    输入是三维数组、标量或空数组时，softmax 抛出 ValueError"""
    rejects(ctx, tr("softmax takes a vector or an (m, k) matrix.",
                    "softmax 只接受向量或 (m, k) 矩阵。"), np.zeros((2, 2, 2)))
    rejects(ctx, tr("a scalar has no row to normalise.", "标量没有可以归一化的行。"), 1.5)
    rejects(ctx, tr("an empty array has no entries.", "空数组没有元素。"), np.zeros(0))


# -- int inputs ------------------------------------------------------------------------------
# "Inputs may be Python lists or NumPy arrays: convert with np.asarray(x, dtype=float)": an
# element-wise function given ints computes in float (np.empty_like of an int array does not).

step_int_inputs = int_inputs("step")
sigmoid_int_inputs = int_inputs("sigmoid")
sigmoid_grad_int_inputs = int_inputs("sigmoid_grad")
tanh_int_inputs = int_inputs("tanh")
tanh_grad_int_inputs = int_inputs("tanh_grad")
relu_int_inputs = int_inputs("relu")
relu_grad_int_inputs = int_inputs("relu_grad")
softmax_int_inputs = int_inputs("softmax", ((np.array([1, 2, 3]),), ([[1, 0], [0, 3]],),
                                            (np.array([[2, 2, 2]], dtype=np.int32),)),
                                lambda z: _softmax_mistakes(np.asarray(z, dtype=float)))


@check("softmax")
def softmax_of_one_entry(ctx: Context) -> None:
    """softmax of a single score is 1, for a vector of one entry and a column of rows (m, 1)
    只有一个得分时 softmax 为 1：一个元素的向量和 (m, 1) 的列都是如此"""
    agrees(ctx, [2.5])
    column = np.array([[3.0], [-1e4], [0.0]])
    agrees(ctx, column, mistakes=partial(_softmax_mistakes, column))


def _misaligned_reduction(raised: Raised, args: tuple[Any, ...], kwargs: dict[str, Any]
                          ) -> tuple[str, Text] | None:
    """softmax of z (m, k) raising "could not be broadcast ... (m,k) (m,)": a max or sum
    over axis 1 without keepdims, lined up with the columns; of a vector, axis 1 named."""
    z = kwargs.get("z", args[0] if args else None)
    shape = np.shape(z) if isinstance(z, (np.ndarray, list)) else None
    if raised.is_a("AxisError") and shape is not None and len(shape) == 1 and "axis 1" in raised.message:
        return "softmax:axis_1_of_vector", tr(
            "A vector z has no axis 1: axis=-1 is the last axis of a vector and of a matrix alike, so "
            "one z.max(axis=-1, keepdims=True) serves both.",
            "向量 z 没有第 1 轴：axis=-1 对向量和矩阵都表示最后一个轴，所以同一句 "
            "z.max(axis=-1, keepdims=True) 两种情况都适用。")
    if not raised.is_a("ValueError") or shape is None or len(shape) != 2:
        return None
    m, k = shape
    if "broadcast" not in raised.message or f"({m},{k}) ({m},)" not in raised.message.replace(", ", ","):
        return None
    return "softmax:no_keepdims", _NO_KEEPDIMS


RAISED_HINTS = {"softmax": _misaligned_reduction}
