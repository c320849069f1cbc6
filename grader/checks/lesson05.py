"""Hidden checks for lesson 05: MAE, MSE, cross-entropies, the hinge loss and gradients.

Probes are batches of m = 4 samples (1-D, and 2-D with k = 3 columns), so that the
usual slips give different ratios to the right answer: a missing 1/2 gives 2x, a
missing 1/m gives 4x, a sum instead of a mean 8x, and a mean over all m * k entries
instead of over the m samples gives 1/3. Predictions of exactly 0 and 1 show whether a
cross-entropy clips; float64 array inputs show whether a function works in place.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from grader.checking import check
from grader.checks.common import agrees, agrees_confirmed, agrees_stably, as_lists, rejects
from grader.checks.expect import expect_array
from grader.diagnose.recognise import Mistakes
from grader.engine.context import Context
from grader.i18n import Text, tr

# -- shared mistakes ---------------------------------------------------------------------


def _m(a: np.ndarray) -> int:
    return int(a.shape[0])


def _floats(mistakes: Callable[[np.ndarray, np.ndarray], Mistakes], args: tuple[Any, Any]) -> Mistakes:
    """The fingerprints of a worked example given as lists: the mistakes on float arrays."""
    return mistakes(*(np.array(v, dtype=float) for v in args))


def _sum_instead_of_mean(total: float) -> tuple[Text, float]:
    return (tr("this is the sum over the samples: the loss is their mean, so divide by m "
               "(the number of samples, a.shape[0]).",
               "这是对样本求和的结果：损失应是样本的平均值，请除以 m（样本数 a.shape[0]）。"), total)


def _mean_over_entries(value: float) -> tuple[Text, float]:
    return (tr("this is the mean over every entry (m * k numbers, as np.mean does): average over "
               "the m samples only: sum over everything, then divide by m = a.shape[0].",
               "这是对所有 m * k 个元素取平均（np.mean 的做法）：应只对 m 个样本取平均："
               "先对全部元素求和，再除以 m = a.shape[0]。"), value)


_NO_CLIP = tr("a prediction of exactly 0 or 1 makes ln 0 = -inf here: clip the predictions "
              "first, a = np.clip(a, eps, 1 - eps), so the loss stays finite.",
              "预测值恰好为 0 或 1 时出现了 ln 0 = -inf：请先裁剪预测值，"
              "a = np.clip(a, eps, 1 - eps)，损失才保持有限。")
_CLIP_HINT = tr("Clip the predictions before taking logarithms or dividing: "
                "a = np.clip(a, eps, 1 - eps).",
                "取对数或做除法之前先裁剪预测值：a = np.clip(a, eps, 1 - eps)。")


def _no_clip(value: Any) -> Mistakes:
    """The unclipped formula's value on an edge probe: inf, or NaN from 0 * ln 0."""
    return {"loss:no_clip": (_NO_CLIP, value), "loss:no_clip_inf": (_NO_CLIP, float("inf")),
            "loss:no_clip_nan": (_NO_CLIP, float("nan"))}


def _batch(ctx: Context, salt: str, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    rng = ctx.rng(salt)
    return rng.normal(size=shape), rng.normal(size=shape)


def _shape_errors(ctx: Context, func_args: Callable[[Any, Any], tuple[Any, ...]]) -> None:
    rejects(ctx, tr("a of shape (3,) and y of shape (1, 3) must not broadcast.",
                    "形状为 (3,) 的 a 与形状为 (1, 3) 的 y 不能广播。"),
            *func_args(np.full(3, 0.5), np.full((1, 3), 0.5)))
    rejects(ctx, tr("a has 3 samples and y has 4.", "a 有 3 个样本，y 有 4 个。"),
            *func_args([0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]))


# -- mae -----------------------------------------------------------------------------------


def _mae_mistakes(a: np.ndarray, y: np.ndarray) -> Mistakes:
    d, m = a - y, _m(a)
    found: Mistakes = {
        "mae:sum": _sum_instead_of_mean(float(np.sum(np.abs(d)))),
        "mae:no_abs": (tr("errors of opposite signs cancel out: take absolute values first, "
                          "np.abs(a - y).",
                          "正负误差相互抵消了：请先取绝对值 np.abs(a - y)。"), float(np.sum(d) / m)),
        "mae:squared": (tr("this squares the errors (that is the squared error): the MAE "
                           "averages |a - y|.",
                           "这里把误差平方了（那是平方误差）：MAE 是对 |a - y| 取平均。"),
                        float(np.sum(d * d) / m)),
    }
    if a.ndim > 1:
        found["mae:mean_all"] = _mean_over_entries(float(np.mean(np.abs(d))))
    return found


@check("mae")
def mae_worked_example(ctx: Context) -> None:
    """mae([1, 2, 3], [1, 4, 0]) is (0 + 2 + 3) / 3 = 1.6667
    mae([1, 2, 3], [1, 4, 0]) 等于 (0 + 2 + 3) / 3 = 1.6667"""
    first, second = ([1, 2, 3], [1, 4, 0]), ([1, 2, 3, 4, 5], [2, 0, 3, 1, 5])
    agrees_confirmed(ctx, first, _floats(_mae_mistakes, first), second,
                     _floats(_mae_mistakes, second))


@check("mae")
def mae_averages_over_samples(ctx: Context) -> None:
    """mae averages over the m samples, for a batch of 4 and a (4, 3) batch
    mae 对 m 个样本取平均（4 个样本的一维和 (4, 3) 批次）"""
    for shape in ((4,), (4, 3)):
        a, y = _batch(ctx, str(shape), shape)
        agrees(ctx, a, y, mistakes=partial(_mae_mistakes, a, y))


@check("mae", kind="supporting")
def mae_rejects_mismatched_shapes(ctx: Context) -> None:
    """mae raises ValueError when a and y have different shapes, even broadcastable ones
    a 与 y 形状不同（即使可以广播）时，mae 抛出 ValueError"""
    _shape_errors(ctx, lambda a, y: (a, y))


# -- mse -----------------------------------------------------------------------------------


def _mse_mistakes(a: np.ndarray, y: np.ndarray) -> Mistakes:
    sq, m = float(np.sum((a - y) ** 2)), _m(a)
    found: Mistakes = {
        "mse:no_half": (tr("the 1/2 is missing: the course's mse is 1/(2m) sum (a - y)^2.",
                           "漏掉了 1/2：课程中的均方差损失是 1/(2m) sum (a - y)^2。"), sq / m),
        "mse:no_m": (tr("the 1/m is missing: this is 1/2 sum (a - y)^2, a sum over the samples: "
                        "the course's mse is their mean, 1/(2m) sum (a - y)^2.",
                        "漏掉了 1/m：这是 1/2 sum (a - y)^2，是对样本求和：课程中的均方差损失取平均，"
                        "即 1/(2m) sum (a - y)^2。"), sq / 2),
        "mse:sum": (tr("this is the plain sum of squares: the course's mse is 1/(2m) sum (a - y)^2, "
                       "with the 1/2 and the mean over the m samples.",
                       "这是平方和本身：课程中的均方差损失是 1/(2m) sum (a - y)^2，"
                       "既有 1/2，也要对 m 个样本取平均。"), sq),
        "mse:precedence": (tr("operator precedence: this is sum / 2 * m. Python reads a / 2 * m as "
                              "(a / 2) * m, so the sum is multiplied by m instead of divided: write "
                              "sum / (2 * m).",
                              "运算符优先级：这是 sum / 2 * m。Python 把 a / 2 * m 读作 (a / 2) * m，"
                              "于是和被乘以 m 而不是除以 m：请写成 sum / (2 * m)。"), sq / 2 * m),
        "mse:mae": (tr("this is the mean absolute error: square the errors.",
                       "这是平均绝对误差：请把误差平方。"), float(np.sum(np.abs(a - y)) / m)),
    }
    if a.ndim > 1:
        k = a.size // m
        found["mse:mean_all"] = _mean_over_entries(sq / (2 * m * k))
        found["mse:np_mean"] = (
            tr("this is np.mean((a - y) ** 2): it divides by every entry (m * k) and drops the "
               "1/2: the course's mse is 1/(2m) sum (a - y)^2.",
               "这是 np.mean((a - y) ** 2)：它除以全部 m * k 个元素，还漏掉了 1/2："
               "课程中的均方差损失是 1/(2m) sum (a - y)^2。"), sq / (m * k))
    return found


@check("mse")
def mse_worked_examples(ctx: Context) -> None:
    """mse([1, 2], [1, 4]) is (0 + 4) / (2 * 2) = 1.0, with the course's 1/2
    mse([1, 2], [1, 4]) 等于 (0 + 4) / (2 * 2) = 1.0（带课程约定的 1/2）"""
    # With m = 2 several mistakes give one value (sum / 2 * m is the plain sum): a mistake
    # is named only if it fits the second example (m = 3) too.
    first, second = ([1, 2], [1, 4]), ([1, 2, 3], [1, 4, 0])
    agrees_confirmed(ctx, first, _floats(_mse_mistakes, first), second, _floats(_mse_mistakes, second))
    agrees(ctx, *second, mistakes=partial(_floats, _mse_mistakes, second))


@check("mse")
def mse_has_the_half_and_the_mean(ctx: Context) -> None:
    """mse is 1/(2m) sum (a - y)^2 on a batch of 4 and a (4, 3) batch
    在 4 个样本和 (4, 3) 的批次上 mse 等于 1/(2m) sum (a - y)^2"""
    for shape in ((4,), (4, 3)):
        a, y = _batch(ctx, str(shape), shape)
        agrees(ctx, a, y, mistakes=partial(_mse_mistakes, a, y))
    agrees(ctx, *as_lists(*_batch(ctx, "lists", (4,))))


@check("mse", kind="supporting")
def mse_rejects_mismatched_shapes(ctx: Context) -> None:
    """mse raises ValueError when a and y have different shapes, even broadcastable ones
    a 与 y 形状不同（即使可以广播）时，mse 抛出 ValueError"""
    _shape_errors(ctx, lambda a, y: (a, y))


# -- mse_grad ------------------------------------------------------------------------------


def _mse_grad_mistakes(a: np.ndarray, y: np.ndarray) -> Mistakes:
    d, m = a - y, _m(a)
    found: Mistakes = {
        "grad:no_m": (tr("the 1/m is missing: the derivative of 1/(2m) sum (a - y)^2 with respect "
                         "to a_i is (a_i - y_i) / m.",
                         "漏掉了 1/m：1/(2m) sum (a - y)^2 对 a_i 的导数是 (a_i - y_i) / m。"), d),
        "grad:two": (tr("there is an extra factor 2: the course's mse has a 1/2, which cancels "
                        "the 2 from the square: (a - y) / m.",
                        "多了因子 2：课程中的均方差损失带 1/2，正好抵消平方求导得到的 2："
                        "(a - y) / m。"), 2 * d / m),
        "grad:sign": (tr("the sign is wrong: the gradient with respect to a is (a - y) / m, "
                         "not (y - a) / m.",
                         "符号反了：对 a 的梯度是 (a - y) / m，而不是 (y - a) / m。"), -d / m),
    }
    if a.ndim > 1:
        found["grad:mean_all"] = (
            tr("this divides by every entry (m * k): divide by the number of samples m = a.shape[0].",
               "这里除以了全部元素个数 m * k：应除以样本数 m = a.shape[0]。"), d / a.size)
    return found


@check("mse_grad")
def mse_grad_worked_example(ctx: Context) -> None:
    """mse_grad([1, 2, 3], [1, 4, 0]) is [0, -2, 3] / 3
    mse_grad([1, 2, 3], [1, 4, 0]) 等于 [0, -2, 3] / 3"""
    a, y = [1, 2, 3], [1, 4, 0]
    agrees(ctx, a, y, mistakes=partial(_mse_grad_mistakes, np.array(a, float), np.array(y, float)))


@check("mse_grad")
def mse_grad_batches(ctx: Context) -> None:
    """mse_grad is (a - y) / m with a's shape, and leaves float64 inputs unchanged
    mse_grad 等于 (a - y) / m，形状与 a 相同，且不修改 float64 输入"""
    for shape in ((4,), (4, 3)):
        a, y = _batch(ctx, str(shape), shape)
        agrees(ctx, a, y, mistakes=partial(_mse_grad_mistakes, a, y))


@check("mse_grad")
def mse_grad_matches_central_differences(ctx: Context) -> None:
    """mse_grad is the derivative of mse: it matches central differences of mse
    mse_grad 是 mse 的导数：与 mse 的中心差分一致"""
    a, y = _batch(ctx, "numeric", (4, 2))
    numeric = _central_differences(lambda v: float(ctx.reference.mse(v, y)), a)
    got = ctx.value(a, y)
    expect_array(got, numeric, call=lambda: ctx.show(a, y) + "  vs (mse(a + h e_i) - mse(a - h e_i)) / 2h",
                 rtol=1e-6, atol=1e-8, mistakes=partial(_mse_grad_mistakes, a, y))


def _central_differences(f: Callable[[np.ndarray], float], a: np.ndarray,
                         h: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


@check("mse_grad", kind="supporting")
def mse_grad_rejects_mismatched_shapes(ctx: Context) -> None:
    """mse_grad raises ValueError when a and y have different shapes
    a 与 y 形状不同时，mse_grad 抛出 ValueError"""
    _shape_errors(ctx, lambda a, y: (a, y))


# -- binary cross-entropy ------------------------------------------------------------------


def _probabilities(ctx: Context, salt: str, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    rng = ctx.rng(salt)
    return rng.uniform(0.05, 0.95, size=shape), rng.integers(0, 2, size=shape).astype(float)


def _bce_value(a: np.ndarray, y: np.ndarray, eps: float | None, m: int) -> float:
    if eps is not None:
        a = np.clip(a, eps, 1 - eps)
    with np.errstate(all="ignore"):
        return float(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / m)


def _bce_mistakes(a: np.ndarray, y: np.ndarray, eps: float = 1e-12) -> Mistakes:
    m, value = _m(a), _bce_value(a, y, eps, _m(a))
    found: Mistakes = {
        "bce:sign": (tr("the minus sign is missing: BCE = -(1/m) sum [y ln a + (1 - y) ln(1 - a)], "
                        "which is >= 0 because ln a <= 0.",
                        "缺少负号：BCE = -(1/m) sum [y ln a + (1 - y) ln(1 - a)]，因为 ln a <= 0，"
                        "它 >= 0。"), -value),
        "bce:sum": _sum_instead_of_mean(value * m),
        "bce:one_term": (tr("the (1 - y) ln(1 - a) term is missing: samples with y = 0 must cost "
                            "-ln(1 - a).",
                            "漏掉了 (1 - y) ln(1 - a) 这一项：y = 0 的样本的损失是 -ln(1 - a)。"),
                         float(-np.sum(y * np.log(np.clip(a, eps, 1 - eps))) / m)),
    }
    if a.ndim > 1:
        found["bce:mean_all"] = _mean_over_entries(value * m / a.size)
    if np.any((a == 0) | (a == 1)):
        found.update(_no_clip(_bce_value(a, y, None, m)))
        ignored = tr("the eps argument is ignored: clip to [eps, 1 - eps] with the eps you are given.",
                     "参数 eps 被忽略了：请用传入的 eps 裁剪到 [eps, 1 - eps]。")
        for own in (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-3):  # a fixed eps of one's own
            if own != eps:
                found[f"bce:eps_ignored:{own:g}"] = (ignored, _bce_value(a, y, own, m))
    return found


@check("binary_cross_entropy")
def bce_worked_examples(ctx: Context) -> None:
    """binary_cross_entropy([0.9, 0.2], [1, 0]) is 0.1643, and [0.0] for label 1 is -ln(1e-12)
    binary_cross_entropy([0.9, 0.2], [1, 0]) 为 0.1643，预测 [0.0]、标签 1 时为 -ln(1e-12)"""
    # m = 2: an extra factor 2 would pass for the missing 1/m; m = 3 tells them apart.
    first, second = ([0.9, 0.2], [1, 0]), ([0.6, 0.3, 0.8], [1, 0, 0])
    agrees_confirmed(ctx, first, _floats(_bce_mistakes, first), second,
                     _floats(_bce_mistakes, second), stable=_CLIP_HINT)
    agrees_stably(ctx, _CLIP_HINT, [0.0], [1], mistakes=partial(_bce_mistakes, np.array([0.0]), np.array([1.0])))


@check("binary_cross_entropy")
def bce_batches(ctx: Context) -> None:
    """binary_cross_entropy averages over the samples, with hard and soft labels
    binary_cross_entropy 对样本取平均（硬标签和软标签）"""
    a, y = _probabilities(ctx, "1d", (4,))
    agrees(ctx, a, y, mistakes=partial(_bce_mistakes, a, y))
    a, y = _probabilities(ctx, "2d", (4, 3))
    agrees(ctx, a, y, mistakes=partial(_bce_mistakes, a, y))
    soft = ctx.rng("soft").uniform(0, 1, size=4)
    agrees(ctx, a[:, 0].copy(), soft, mistakes=partial(_bce_mistakes, a[:, 0], soft))


@check("binary_cross_entropy")
def bce_clips_predictions_of_0_and_1(ctx: Context) -> None:
    """predictions of exactly 0 and 1 are clipped: the loss is finite and warning-free
    预测值恰好为 0 或 1 时先裁剪：损失有限，且没有浮点警告"""
    a, y = np.array([0.0, 1.0, 0.3, 1.0, 0.0]), np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    agrees_stably(ctx, _CLIP_HINT, a, y, mistakes=partial(_bce_mistakes, a, y))
    a, y = np.array([0.0, 1.0, 0.4]), np.array([1.0, 0.0, 1.0])  # m = 3: no factor 2 = m to confuse
    agrees_stably(ctx, _CLIP_HINT, a, y, eps=1e-3, mistakes=partial(_bce_mistakes, a, y, 1e-3))


@check("binary_cross_entropy", kind="supporting")
def bce_rejects_bad_input(ctx: Context) -> None:
    """binary_cross_entropy raises ValueError for mismatched shapes
    形状不一致时，binary_cross_entropy 抛出 ValueError"""
    _shape_errors(ctx, lambda a, y: (a, y))


_EPS_ADVICE = tr("raise ValueError for eps outside (0, 0.5), where clipping would do nothing or "
                 "erase the predictions",
                 "eps 不在 (0, 0.5) 内时抛出 ValueError（此时裁剪要么不起作用，要么抹掉预测值）")


@check("binary_cross_entropy", kind="advice", advice=_EPS_ADVICE)
def bce_rejects_bad_eps(ctx: Context) -> None:
    """binary_cross_entropy raises ValueError for eps outside (0, 0.5)
    eps 不在 (0, 0.5) 内时，binary_cross_entropy 抛出 ValueError"""
    rejects(ctx, tr("eps = 0 does not clip at all.", "eps = 0 等于没有裁剪。"),
            [0.5, 0.5], [1.0, 0.0], eps=0.0)


# -- its gradient --------------------------------------------------------------------------


def _bce_grad_value(a: np.ndarray, y: np.ndarray, eps: float | None, m: int) -> np.ndarray:
    if eps is not None:
        a = np.clip(a, eps, 1 - eps)
    with np.errstate(all="ignore"):
        return np.asarray((a - y) / (a * (1 - a)) / m, dtype=float)


def _bce_grad_mistakes(a: np.ndarray, y: np.ndarray, eps: float = 1e-12) -> Mistakes:
    m = _m(a)
    value = _bce_grad_value(a, y, eps, m)
    found: Mistakes = {
        "bce_grad:no_m": (tr("the 1/m is missing: the loss is a mean over the m samples, so each "
                             "entry of its gradient is divided by m.",
                             "漏掉了 1/m：损失是 m 个样本的平均值，所以梯度的每个元素都要除以 m。"),
                          value * m),
        "bce_grad:sign": (tr("the sign is wrong: the gradient is (a - y) / (a (1 - a)) / m, "
                             "positive when a is above the label.",
                             "符号反了：梯度是 (a - y) / (a (1 - a)) / m，a 大于标签时为正。"), -value),
        "bce_grad:mse_like": (tr("this is (a - y) / m, the gradient of the squared error: the "
                                 "cross-entropy's gradient also divides by a (1 - a).",
                                 "这是 (a - y) / m，平方误差的梯度：交叉熵的梯度还要除以 a (1 - a)。"),
                              (np.clip(a, eps, 1 - eps) - y) / m),
    }
    clipped = np.clip(a, eps, 1 - eps)
    if np.any(clipped != a):
        with np.errstate(all="ignore"):
            half = (a - y) / (clipped * (1 - clipped)) / m
        found["bce_grad:numerator_unclipped"] = (
            tr("a was clipped in the denominator only: clip it first and use the clipped a in the whole "
               "formula, (a - y) / (a (1 - a)) / m. At a = 0 with y = 0, the clipped gradient is about 1/m, "
               "not 0.",
               "只在分母中裁剪了 a：应先裁剪，再在整个公式 (a - y) / (a (1 - a)) / m 中使用裁剪后的 a。"
               "当 a = 0、y = 0 时，裁剪后的梯度约为 1/m，而不是 0。"), half)
    if a.ndim > 1:
        found["bce_grad:mean_all"] = (
            tr("this divides by every entry (m * k): divide by the number of samples m = a.shape[0].",
               "这里除以了全部元素个数 m * k：应除以样本数 m = a.shape[0]。"), value * m / a.size)
    if np.any((a == 0) | (a == 1)):
        found.update(_no_clip(_bce_grad_value(a, y, None, m)))
    return found


@check("binary_cross_entropy_grad")
def bce_grad_worked_example(ctx: Context) -> None:
    """binary_cross_entropy_grad([0.9, 0.2], [1, 0]) is [-1.1111, 1.25] / 2
    binary_cross_entropy_grad([0.9, 0.2], [1, 0]) 等于 [-1.1111, 1.25] / 2"""
    first, second = ([0.9, 0.2], [1, 0]), ([0.6, 0.3, 0.8], [1, 0, 0])
    agrees_confirmed(ctx, first, _floats(_bce_grad_mistakes, first), second,
                     _floats(_bce_grad_mistakes, second))


@check("binary_cross_entropy_grad")
def bce_grad_batches(ctx: Context) -> None:
    """binary_cross_entropy_grad is (a - y) / (a (1 - a)) / m on batches, with a's shape
    在批次上 binary_cross_entropy_grad 等于 (a - y) / (a (1 - a)) / m，形状与 a 相同"""
    for shape in ((4,), (4, 3)):
        a, y = _probabilities(ctx, str(shape), shape)
        agrees(ctx, a, y, mistakes=partial(_bce_grad_mistakes, a, y))


@check("binary_cross_entropy_grad")
def bce_grad_matches_central_differences(ctx: Context) -> None:
    """binary_cross_entropy_grad matches central differences of binary_cross_entropy
    binary_cross_entropy_grad 与 binary_cross_entropy 的中心差分一致"""
    a, _ = _probabilities(ctx, "numeric", (4,))
    y = ctx.rng("soft").uniform(0, 1, size=4)
    numeric = _central_differences(lambda v: float(ctx.reference.binary_cross_entropy(v, y)), a)
    got = ctx.value(a, y)
    expect_array(got, numeric, call=lambda: ctx.show(a, y) + "  vs central differences of the loss",
                 rtol=1e-5, atol=1e-8, mistakes=partial(_bce_grad_mistakes, a, y))


@check("binary_cross_entropy_grad")
def bce_grad_clips_predictions_of_0_and_1(ctx: Context) -> None:
    """predictions of exactly 0 and 1 are clipped: the gradient is finite and warning-free
    预测值恰好为 0 或 1 时先裁剪：梯度有限，且没有浮点警告"""
    a, y = np.array([0.0, 1.0, 0.3, 1.0]), np.array([1.0, 0.0, 1.0, 1.0])
    agrees_stably(ctx, _CLIP_HINT, a, y, mistakes=partial(_bce_grad_mistakes, a, y))


@check("binary_cross_entropy_grad", kind="supporting")
def bce_grad_rejects_bad_input(ctx: Context) -> None:
    """binary_cross_entropy_grad raises ValueError for mismatched shapes
    形状不一致时，binary_cross_entropy_grad 抛出 ValueError"""
    _shape_errors(ctx, lambda a, y: (a, y))


@check("binary_cross_entropy_grad", kind="advice", advice=_EPS_ADVICE)
def bce_grad_rejects_bad_eps(ctx: Context) -> None:
    """binary_cross_entropy_grad raises ValueError for eps outside (0, 0.5)
    eps 不在 (0, 0.5) 内时，binary_cross_entropy_grad 抛出 ValueError"""
    rejects(ctx, tr("eps = 0.5 would clip every prediction to 0.5.", "eps = 0.5 会把所有预测裁剪成 0.5。"),
            [0.5, 0.5], [1.0, 0.0], eps=0.5)


# -- categorical cross-entropy -------------------------------------------------------------


def _cce_value(A: np.ndarray, Y: np.ndarray, eps: float | None) -> float:
    if eps is not None:
        A = np.clip(A, eps, 1.0)
    with np.errstate(all="ignore"):
        return float(-np.sum(Y * np.log(A)) / A.shape[0])


def _cce_mistakes(A: np.ndarray, Y: np.ndarray) -> Mistakes:
    m, value = _m(A), _cce_value(A, Y, 1e-12)
    Ac = np.clip(A, 1e-12, 1 - 1e-12)
    found: Mistakes = {
        "cce:mean_all": _mean_over_entries(value * m / A.size),
        "cce:sum": _sum_instead_of_mean(value * m),
        "cce:over_k": (tr("this averages over the k classes (A.shape[1]) instead of the m samples "
                          "(A.shape[0]): divide the sum by m, the number of rows.",
                          "这是对 k 个类别（A.shape[1]）取平均，而不是对 m 个样本（A.shape[0]）："
                          "请把总和除以行数 m。"), value * m / A.shape[1] if A.ndim == 2 and A.shape[1] != m
                       else None),
        "cce:sign": (tr("the minus sign is missing: CCE = -(1/m) sum Y ln A, which is >= 0.",
                        "缺少负号：CCE = -(1/m) sum Y ln A，它 >= 0。"), -value),
        "cce:binary_terms": (tr("this adds the (1 - Y) ln(1 - A) terms of binary cross-entropy: "
                                "with k classes only -sum_j Y_ij ln A_ij counts.",
                                "这里加上了二分类交叉熵的 (1 - Y) ln(1 - A) 项：多分类时只计 "
                                "-sum_j Y_ij ln A_ij。"),
                             float(-np.sum(Y * np.log(Ac) + (1 - Y) * np.log(1 - Ac)) / m)),
    }
    if np.any(A == 0):
        found.update(_no_clip(_cce_value(A, Y, None)))
    return found


def _rows(rng: np.random.Generator, m: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    scores = rng.normal(size=(m, k)) * 2
    A = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    Y = np.eye(k)[rng.integers(0, k, size=m)]
    return A, Y


@check("categorical_cross_entropy")
def cce_worked_example(ctx: Context) -> None:
    """categorical_cross_entropy of two samples is -(ln 0.7 + ln 0.8) / 2 = 0.2899
    两个样本的 categorical_cross_entropy 等于 -(ln 0.7 + ln 0.8) / 2 = 0.2899"""
    # m = 2, k = 3: a factor 2 or 2/3 fits several mistakes; m = 3, k = 5 tells them apart.
    first = ([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]], [[1, 0, 0], [0, 1, 0]])
    second = ([[0.6, 0.2, 0.1, 0.05, 0.05], [0.3, 0.5, 0.1, 0.05, 0.05], [0.1, 0.1, 0.2, 0.1, 0.5]],
              [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 1]])
    agrees_confirmed(ctx, first, _floats(_cce_mistakes, first), second,
                     _floats(_cce_mistakes, second))


@check("categorical_cross_entropy")
def cce_averages_over_samples(ctx: Context) -> None:
    """categorical_cross_entropy divides by the m samples, not by the m * k entries
    categorical_cross_entropy 除以样本数 m，而不是元素个数 m * k"""
    rng = ctx.rng()
    for m, k in ((4, 3), (5, 4)):
        A, Y = _rows(rng, m, k)
        agrees(ctx, A, Y, mistakes=partial(_cce_mistakes, A, Y))
    A, _ = _rows(rng, 4, 3)
    soft = _rows(rng, 4, 3)[0]
    agrees(ctx, A, soft, mistakes=partial(_cce_mistakes, A, soft))


@check("categorical_cross_entropy")
def cce_clips_zero_probabilities(ctx: Context) -> None:
    """a probability of exactly 0 is clipped to eps: the loss is finite and warning-free
    概率恰好为 0 时裁剪到 eps：损失有限，且没有浮点警告"""
    A = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.5, 0.5], [0.2, 0.8, 0.0]])
    Y = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    hint = tr("Clip the probabilities before taking logarithms: A = np.clip(A, eps, 1).",
              "取对数之前先裁剪概率：A = np.clip(A, eps, 1)。")
    agrees_stably(ctx, hint, A, Y, mistakes=partial(_cce_mistakes, A, Y))


@check("categorical_cross_entropy", kind="supporting")
def cce_rejects_bad_input(ctx: Context) -> None:
    """categorical_cross_entropy raises ValueError for mismatched shapes
    形状不一致时，categorical_cross_entropy 抛出 ValueError"""
    rejects(ctx, tr("A is (2, 3) but Y is (2, 2).", "A 的形状是 (2, 3)，Y 的是 (2, 2)。"),
            np.full((2, 3), 1 / 3), np.eye(2))


@check("categorical_cross_entropy", kind="advice",
       advice=tr("raise ValueError for 1-D A or Y (they are (m, k) arrays) and for eps outside (0, 1)",
                 "A 或 Y 是一维（它们应是 (m, k) 数组）或 eps 不在 (0, 1) 内时抛出 ValueError"))
def cce_rejects_1d_input_and_bad_eps(ctx: Context) -> None:
    """categorical_cross_entropy raises ValueError for 1-D input or eps outside (0, 1)
    输入是一维或 eps 不在 (0, 1) 内时，categorical_cross_entropy 抛出 ValueError"""
    rejects(ctx, tr("A and Y must be 2-D (m, k) arrays.", "A 与 Y 必须是二维 (m, k) 数组。"),
            [0.7, 0.2, 0.1], [1.0, 0.0, 0.0])
    rejects(ctx, tr("eps must lie in (0, 1).", "eps 必须在 (0, 1) 内。"),
            [[0.5, 0.5]], [[1.0, 0.0]], eps=0.0)


# -- hinge ---------------------------------------------------------------------------------


def _hinge_mistakes(a: np.ndarray, y: np.ndarray) -> Mistakes:
    m = _m(a)
    value = float(np.sum(np.maximum(0.0, 1.0 - y * a)) / m)
    return {
        "hinge:sum": _sum_instead_of_mean(value * m),
        "hinge:no_margin": (tr("the margin 1 is missing: a sample costs max(0, 1 - y a), so even a "
                               "right answer with y a < 1 still costs something.",
                               "漏掉了间隔 1：每个样本的损失是 max(0, 1 - y a)，即使分类正确，"
                               "y a < 1 时仍有损失。"),
                            float(np.sum(np.maximum(0.0, -y * a)) / m)),
        "hinge:no_max": (tr("the max(0, .) is missing: samples beyond the margin (y a > 1) must cost "
                            "0, not a negative amount.",
                            "漏掉了 max(0, .)：超过间隔（y a > 1）的样本损失为 0，而不是负数。"),
                         float(np.sum(1.0 - y * a) / m)),
        "hinge:01_labels": (tr("the labels were converted as if they were 0/1 (2y - 1): hinge labels "
                               "are already -1 and +1: use y as it is.",
                               "标签被当作 0/1 转换了（2y - 1）：铰链损失的标签本来就是 -1 和 +1，"
                               "请直接使用 y。"),
                            float(np.sum(np.maximum(0.0, 1.0 - (2 * y - 1) * a)) / m)),
        "hinge:squared": (tr("this is the squared hinge max(0, 1 - y a)^2: the course's hinge loss "
                             "is not squared.",
                             "这是平方铰链损失 max(0, 1 - y a)^2：课程中的铰链损失不取平方。"),
                          float(np.sum(np.maximum(0.0, 1.0 - y * a) ** 2) / m)),
        **({"hinge:mean_all": _mean_over_entries(value * m / a.size)} if a.size != m else {}),
    }


@check("hinge_loss")
def hinge_worked_examples(ctx: Context) -> None:
    """hinge_loss([2, 0.5, -1], [1, 1, 1]) is (0 + 0.5 + 2) / 3 and a wide right margin costs 0
    hinge_loss([2, 0.5, -1], [1, 1, 1]) 等于 (0 + 0.5 + 2) / 3，正确且间隔足够时损失为 0"""
    for a, y in (([2.0, 0.5, -1.0], [1, 1, 1]), ([-3.0], [-1])):
        agrees(ctx, a, y, mistakes=partial(_hinge_mistakes, np.array(a), np.array(y, float)))


@check("hinge_loss")
def hinge_batches(ctx: Context) -> None:
    """hinge_loss averages max(0, 1 - y a) over a batch with labels -1 and +1
    hinge_loss 对标签为 -1 和 +1 的批次取 max(0, 1 - y a) 的平均"""
    a = np.array([2.5, -0.4, 0.3, -1.7])
    y = np.array([1.0, 1.0, -1.0, -1.0])
    agrees(ctx, a, y, mistakes=partial(_hinge_mistakes, a, y))
    rng = ctx.rng()
    a = rng.normal(size=(4, 3)) * 1.5
    y = np.where(rng.uniform(size=(4, 3)) < 0.5, -1.0, 1.0)
    agrees(ctx, a, y, mistakes=partial(_hinge_mistakes, a, y))


@check("hinge_loss", kind="supporting")
def hinge_rejects_other_labels(ctx: Context) -> None:
    """hinge_loss raises ValueError for 0/1 labels or any label other than -1 and +1
    标签为 0/1 或不是 -1、+1 时，hinge_loss 抛出 ValueError"""
    rejects(ctx, tr("0/1 labels must be rejected: with y = 0 every sample costs max(0, 1) = 1 "
                    "whatever a is; the hinge loss needs labels -1 and +1.",
                    "必须拒绝 0/1 标签：y = 0 时无论 a 是多少，每个样本的损失都是 max(0, 1) = 1；"
                    "铰链损失需要 -1 和 +1 标签。"), [0.5, -2.0, 1.5, 0.1], [0, 1, 1, 0])
    rejects(ctx, tr("2 is not a label.", "2 不是合法标签。"), [0.5, 1.0], [2.0, -1.0])
    _shape_errors(ctx, lambda a, y: (a, np.ones(np.shape(y))))
