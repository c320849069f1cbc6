"""Numerical gradient checking that diagnoses, not just judges.

The grader computes the numerical gradient itself, in the parent, from the reference
loss (never from learner code), and compares it with the learner's analytic gradient,
parameter by parameter.

* **float64** throughout; **central differences** (L(p + h e_i) - L(p - h e_i)) / (2h)
  with **h = 1e-5**, each coordinate set to p_i + h and p_i - h exactly (not stepped).
* **Coordinates**: every coordinate of a parameter with at most ``SAMPLE_ABOVE`` (64)
  entries; for a larger parameter, ``SAMPLE_COUNT`` (64) coordinates drawn without
  replacement by a generator seeded with the parameter's name (the same on every run).
* **Relative error** of a parameter over its checked coordinates:
  ``||a - n|| / max(||a||, ||n||)`` (both zero counts as equal: error 0).
* **Thresholds**: below ``SMOOTH`` (1e-7) passes for a smooth loss; below ``KINKED``
  (1e-5) where the loss has kinks (ReLU); above ``WRONG`` (1e-2) is wrong; in between is
  *suspicious* (explained, and not a pass: a correct float64 gradient is far closer).
* **Kinks**: given ``pattern`` (e.g. ``Z1 > 0`` for a ReLU layer), a coordinate whose
  +h and -h evaluations give different patterns crossed a kink: its central difference
  is meaningless there, so it is left out, counted and reported.
* **Diagnosis**: the best-fit scale ``c = <a, n> / <n, n>`` and the cosine of the angle
  between a and n tell apart a missing 1/m (c = m), a flipped sign (c = -1), a stray
  factor 2 or 1/2, a missing term (a = 0, or nothing in common: c close to 0), a
  transposed gradient, and a gradient that only points elsewhere; ``explain_network``
  turns the per-parameter findings of a two-layer network into one sentence that says
  where to look ("dW2 and db2 are right; dW1 and db1 are wrong: ...").
* **Vacuous check points are refused** (``VacuousPoint``, a bug in the check): all-zero
  inputs or input columns, zero biases, saturated or dead units, units sitting on a
  ReLU kink, and parameters the loss does not depend on at the point.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.i18n import Text, tr
from grader.numeric import labels

H = 1e-5
VERDICTS = {"pass": tr("pass", "通过"), "suspicious": tr("suspicious", "可疑"), "wrong": tr("wrong", "错误")}
SMOOTH = 1e-7
KINKED = 1e-5
WRONG = 1e-2
SAMPLE_ABOVE = 64
SAMPLE_COUNT = 64
KINK_MARGIN = 1e-3  # a ReLU pre-activation closer to 0 than this makes a vacuous point

Params = Mapping[str, np.ndarray]
Loss = Callable[[dict[str, np.ndarray]], float]
Pattern = Callable[[dict[str, np.ndarray]], np.ndarray]
AllAtOnce = Callable[[dict[str, np.ndarray]], tuple[np.ndarray, np.ndarray | None]]
"""The same loss at many points at once: parameters stacked along a new first axis give the
loss at each point, shape (P,), and the pattern at each (P, ...), or None for no pattern."""
AGREE = 1e-6  # how closely a stacked evaluation's central differences must match the loss's own


class VacuousPoint(ValueError):
    """A check point that could not tell a right gradient from a wrong one."""


@dataclass(frozen=True)
class Numerical:
    """The numerical gradient of one parameter at its checked coordinates."""

    shape: tuple[int, ...]
    indices: np.ndarray  # flat indices of the checked coordinates
    values: np.ndarray  # central differences there
    crossed: np.ndarray  # True where a kink lies between p - h and p + h

    def dense(self) -> np.ndarray:
        """The numerical gradient as an array of the parameter's shape (NaN where unchecked)."""
        out = np.full(int(np.prod(self.shape, dtype=np.int64)), np.nan)
        out[self.indices] = self.values
        return out.reshape(self.shape)


def coordinates(name: str, size: int) -> np.ndarray:
    """The flat indices checked for a parameter of ``size`` entries (see module doc)."""
    if size <= SAMPLE_ABOVE:
        return np.arange(size)
    rng = np.random.default_rng(zlib.crc32(name.encode("utf-8")))
    return np.sort(rng.choice(size, size=SAMPLE_COUNT, replace=False))


def numerical_gradients(loss: Loss, params: Params, *, names: Sequence[str] | None = None,
                        h: float = H, pattern: Pattern | None = None,
                        all_at_once: AllAtOnce | None = None) -> dict[str, Numerical]:
    """Central differences of ``loss`` with respect to each parameter (float64).

    ``all_at_once`` evaluates the same loss (and pattern) at every +h and -h point of a
    parameter in one go, as arrays stacked along a new axis, where calling ``loss`` point by
    point spent most of its time in Python: it is used only where its central differences
    at the parameter's first and last checked coordinates match those ``loss`` itself gives
    (to ``AGREE``, relative), with the same kinks; otherwise ``loss`` is asked point by point.
    """
    work = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    found: dict[str, Numerical] = {}
    for name in names or list(work):
        indices = coordinates(name, work[name].size)
        stacked = None if all_at_once is None else _all_at_once(all_at_once, loss, pattern, work, name, indices, h)
        if stacked is not None:
            values, crossed = stacked
        else:
            values, crossed = _one_by_one(loss, pattern, work, name, indices, h)
        found[name] = Numerical(tuple(work[name].shape), indices, values, crossed)
    return found


def _one_by_one(loss: Loss, pattern: Pattern | None, work: dict[str, np.ndarray], name: str,
                indices: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray]:
    """The central differences (and kinks crossed) at ``indices`` of parameter ``name``, each
    from two calls of ``loss``."""
    flat = work[name].reshape(-1)  # a view: changing it changes work[name]
    values = np.empty(indices.size)
    crossed = np.zeros(indices.size, dtype=bool)
    for k, i in enumerate(indices):
        keep = flat[i]
        flat[i] = keep + h
        up = float(loss(work))
        up_pattern = pattern(work) if pattern is not None else np.zeros(0)
        flat[i] = keep - h
        down = float(loss(work))
        if pattern is not None:
            crossed[k] = not np.array_equal(up_pattern, pattern(work))
        flat[i] = keep
        values[k] = (up - down) / (2 * h)
    return values, crossed


def _all_at_once(all_at_once: AllAtOnce, loss: Loss, pattern: Pattern | None, work: dict[str, np.ndarray],
                 name: str, indices: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray] | None:
    """``_one_by_one``'s answer from one stacked evaluation: point 2k is coordinate k moved by
    +h, point 2k + 1 by -h (the same values the loop sets). None where it disagrees with
    ``loss`` at the first or last coordinate."""
    n = indices.size
    if n == 0:
        return None
    shape = work[name].shape
    moved = np.repeat(work[name].reshape(1, -1), 2 * n, axis=0)
    rows = np.arange(n)
    keep = moved[0, indices]
    moved[2 * rows, indices] = keep + h
    moved[2 * rows + 1, indices] = keep - h
    stacked = {key: np.broadcast_to(value, (2 * n, *value.shape)) for key, value in work.items()}
    stacked[name] = moved.reshape(2 * n, *shape)
    try:
        losses, patterns = all_at_once(stacked)
        losses = np.asarray(losses, dtype=np.float64).reshape(2 * n)
    except (ValueError, TypeError, FloatingPointError):
        return None
    values = (losses[0::2] - losses[1::2]) / (2 * h)
    if patterns is None:
        crossed = np.zeros(n, dtype=bool)
    else:
        pairs = np.asarray(patterns).reshape(n, 2, -1)
        crossed = np.any(pairs[:, 0] != pairs[:, 1], axis=1)
    ends = np.array(sorted({0, n - 1}))
    own_values, own_crossed = _one_by_one(loss, pattern, work, name, indices[ends], h)
    scale = np.maximum(np.maximum(np.abs(own_values), np.abs(values[ends])), 1.0)
    if not np.all(np.abs(own_values - values[ends]) <= AGREE * scale) or \
            not np.array_equal(own_crossed, crossed[ends]):
        return None
    values[ends] = own_values  # where both were computed, the loss's own
    return values, crossed


# -- comparing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParameterCheck:
    """One parameter's verdict: the row of the report's gradient-check table."""

    name: str
    relative_error: float
    threshold: float
    verdict: str  # "pass", "suspicious" or "wrong"
    scale: float | None = None
    cosine: float | None = None
    checked: int = 0
    size: int = 0
    kinks: int = 0
    mistake: str | None = None
    explanation: Text | None = None
    worst: tuple[tuple[int, ...], float, float] | None = None  # index, analytic, numerical

    @property
    def gradient(self) -> str:
        return f"d{self.name}"

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    def row(self, **extra: Any) -> dict[str, Any]:
        """JSON-able, for the report's table."""
        def rounded(x: float | None) -> float | None:
            return None if x is None or not np.isfinite(x) else float(f"{x:.6g}")

        return {**extra, "parameter": self.name, "relative_error": rounded(self.relative_error),
                "threshold": self.threshold, "verdict": self.verdict,
                "scale": rounded(self.scale), "cosine": rounded(self.cosine),
                "checked": self.checked, "size": self.size, "kinks_skipped": self.kinks,
                "mistake": self.mistake}


@dataclass(frozen=True)
class GradientCheck:
    parameters: tuple[ParameterCheck, ...]

    @property
    def passed(self) -> bool:
        return all(p.passed for p in self.parameters)

    def __getitem__(self, name: str) -> ParameterCheck:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def failing(self) -> tuple[ParameterCheck, ...]:
        return tuple(p for p in self.parameters if not p.passed)

    def rows(self, **extra: Any) -> list[dict[str, Any]]:
        return [p.row(**extra) for p in self.parameters]

    def details(self) -> Text:
        """A fixed-width table of the comparison, for the failure's details."""
        return Text(self._table("en"), self._table("zh"))

    def _table(self, lang: str) -> str:
        head = [tr("gradient", "梯度"), tr("relative error", "相对误差"), tr("threshold", "阈值"),
                tr("verdict", "结论"), tr("scale", "倍数"), tr("cosine", "余弦")]
        widths = (9, 14, 10, 11, 9, 0)

        def cells(values: list[str]) -> str:
            return " ".join(v + " " * max(0, w - labels.width(v)) for v, w in zip(values, widths)).rstrip()

        lines = [cells([h.get(lang) for h in head])]
        for p in self.parameters:
            scale = "" if p.scale is None else f"{p.scale:.4g}"
            cosine = "" if p.cosine is None else f"{p.cosine:.4f}"
            row = cells([p.gradient, f"{p.relative_error:.2e}", f"{p.threshold:.0e}",
                         VERDICTS[p.verdict].get(lang), scale, cosine])
            if p.kinks:
                row += tr("  ({n} of {total} coordinates skipped: ReLU kink)",
                          "  （{total} 个坐标中跳过了 {n} 个：ReLU 的拐点）",
                          n=p.kinks, total=p.checked + p.kinks).get(lang)
            lines.append(row)
        for p in self.parameters:
            if not p.passed and p.worst is not None:
                idx, a, n = p.worst
                lines.append(tr("{name}{index}: yours {a:.8g}, numerical {n:.8g}",
                                "{name}{index}：你的 {a:.8g}，数值梯度 {n:.8g}",
                                name=p.gradient, index=list(idx), a=a, n=n).get(lang))
        return "\n".join(lines)


def relative_error(a: np.ndarray, n: np.ndarray) -> float:
    """||a - n|| / max(||a||, ||n||); 0 when both are zero."""
    top = max(float(np.linalg.norm(a)), float(np.linalg.norm(n)))
    return 0.0 if top == 0.0 else float(np.linalg.norm(a - n)) / top


def check_gradients(analytic: Mapping[str, Any], numeric: Mapping[str, Numerical], *,
                    samples: int | None = None, kinked: bool = False) -> GradientCheck:
    """Compare the learner's gradients with numerical ones, parameter by parameter.

    ``analytic`` holds whatever learner code returned, per parameter name (validated
    here); ``samples`` is m, the number of samples the loss averages over (to recognise
    a missing 1/m); ``kinked`` says the loss has kinks (ReLU): the looser threshold.
    """
    threshold = KINKED if kinked else SMOOTH
    results = []
    for name, num in numeric.items():
        if not np.any(num.values[~num.crossed]):
            raise VacuousPoint(f"the loss does not depend on {name} at this check point")
        results.append(_compare(name, analytic.get(name), num, samples, threshold))
    return GradientCheck(tuple(results))


def _compare(name: str, value: Any, num: Numerical, samples: int | None,
             threshold: float) -> ParameterCheck:
    g = f"d{name}"
    size = int(np.prod(num.shape, dtype=np.int64))
    kinks = int(num.crossed.sum())
    base: dict[str, Any] = {"threshold": threshold, "size": size, "kinks": kinks}
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "fiu":
        kind = type(value).__name__ if not isinstance(value, np.ndarray) else f"array of {value.dtype}"
        return ParameterCheck(name, np.inf, verdict="wrong", mistake="not_an_array",
                              explanation=tr("{g} is {kind}, not a float array of shape {shape}.",
                                             "{g} 是 {kind}，而不是形状为 {shape} 的浮点数组。",
                                             g=g, kind=kind, shape=num.shape), **base)
    if value.shape != num.shape:
        mistake, text = _shape_mistake(g, value, num)
        return ParameterCheck(name, np.inf, verdict="wrong", mistake=mistake, explanation=text,
                              **base)
    a_all = np.asarray(value, dtype=np.float64).reshape(-1)
    keep = ~num.crossed
    a = a_all[num.indices][keep]
    n = num.values[keep]
    base["checked"] = int(keep.sum())
    if not np.all(np.isfinite(a)):
        return ParameterCheck(name, np.inf, verdict="wrong", mistake="not_finite",
                              explanation=tr("{g} contains NaN or inf.", "{g} 中有 NaN 或 inf。", g=g),
                              **base)
    error = relative_error(a, n)
    worst_k = int(np.argmax(np.abs(a - n))) if a.size else 0
    worst = None
    if a.size:
        flat_index = int(num.indices[keep][worst_k])
        worst = (tuple(int(i) for i in np.unravel_index(flat_index, num.shape)),
                 float(a[worst_k]), float(n[worst_k]))
    nn = float(n @ n)
    na = float(np.linalg.norm(a))
    scale = float(a @ n) / nn if nn else None
    cosine = float(a @ n) / (na * np.sqrt(nn)) if na and nn else None
    if value.dtype != np.float64:
        return ParameterCheck(name, error, verdict="wrong", scale=scale, cosine=cosine, worst=worst,
                              mistake="dtype", explanation=_dtype_text(g, value.dtype), **base)
    if error < threshold:
        return ParameterCheck(name, error, verdict="pass", scale=scale, cosine=cosine, worst=worst,
                              **base)
    verdict = "wrong" if error > WRONG else "suspicious"
    mistake, text = _diagnose(g, name, a_all.reshape(num.shape), num, a, n, scale, cosine,
                              samples, error, threshold, verdict)
    return ParameterCheck(name, error, verdict=verdict, scale=scale, cosine=cosine,
                          mistake=mistake, explanation=text, worst=worst, **base)


def _dtype_text(g: str, dtype: Any) -> Text:
    return tr("{g} has dtype {dtype}, but gradients are float64 arrays: compute in float64 "
              "(np.asarray(x, dtype=float)); {dtype} rounding is far coarser than a gradient check "
              "can accept.",
              "{g} 的数据类型是 {dtype}，但梯度应是 float64 数组：请用 float64 计算"
              "（np.asarray(x, dtype=float)）；{dtype} 的舍入误差远超梯度检验能接受的范围。",
              g=g, dtype=dtype)


def _shape_mistake(g: str, value: np.ndarray, num: Numerical) -> tuple[str, Text]:
    shape = num.shape
    base = tr("{g} has shape {got}, but it must have the shape of its parameter, {want}",
              "{g} 的形状是 {got}，但它必须与对应参数的形状 {want} 相同",
              g=g, got=value.shape, want=shape)
    if value.ndim == len(shape) and value.T.shape == shape and value.ndim == 2:
        dense = num.dense()
        known = ~np.isnan(dense)
        if np.allclose(np.asarray(value, dtype=float).T[known], dense[known], rtol=1e-4, atol=1e-9):
            return "transposed", base + tr(
                ": it is the transpose of the right gradient (for Z = X W, dW = X^T dZ).",
                "：它是正确梯度的转置（对 Z = X W，dW = X^T dZ）。")
        return "transposed_shape", base + tr(
            ": its shape is transposed (for Z = X W, dW = X^T dZ has W's shape).",
            "：形状被转置了（对 Z = X W，dW = X^T dZ 与 W 形状相同）。")
    if value.ndim == len(shape) + 1 and value.shape[1:] == shape:
        return "not_summed", base + tr(
            ": it has one row per sample; sum it over the samples (axis 0).",
            "：它每个样本占一行；应按样本（axis 0）求和。")
    if value.size == int(np.prod(shape, dtype=np.int64)):
        return "reshaped", base + tr(": the right number of entries in the wrong shape.",
                                     "：元素个数对，但形状不对。")
    return "shape", base + Text(".", "。")


def _diagnose(g: str, name: str, full: np.ndarray, num: Numerical, a: np.ndarray, n: np.ndarray,
              scale: float | None, cosine: float | None, samples: int | None, error: float,
              threshold: float, verdict: str) -> tuple[str, Text]:
    if verdict == "suspicious":
        return "suspicious", tr(
            "{g} is close to the numerical gradient but not close enough (relative error {e:.1e}; "
            "a correct float64 gradient gives below {t:.0e}): a small term is missing, or something "
            "is approximated (float32, a clipped value, a numerical derivative with a large step).",
            "{g} 接近数值梯度，但不够接近（相对误差 {e:.1e}；正确的 float64 梯度应低于 {t:.0e}）："
            "可能漏了一个很小的项，或者某处用了近似（float32、截断的值、步长太大的数值导数）。",
            g=g, e=error, t=threshold)
    if not np.any(a):
        return "zero", tr("{g} is zero, but the loss does depend on {name}: a term is missing.",
                          "{g} 全为 0，但损失函数确实依赖 {name}：漏掉了某一项。", g=g, name=name)
    if full.ndim == 2 and full.shape[0] == full.shape[1]:
        dense = num.dense()
        known = ~np.isnan(dense)
        if np.allclose(full.T[known], dense[known], rtol=1e-4, atol=1e-9):
            return "transposed", tr("{g} is the transpose of the right gradient (for Z = X W, dW = X^T dZ).",
                                    "{g} 是正确梯度的转置（对 Z = X W，dW = X^T dZ）。", g=g)
    if scale is not None and cosine is not None and abs(cosine) > 1 - 1e-6:
        def near(x: float) -> bool:
            return bool(np.isclose(scale, x, rtol=1e-4, atol=0.0))

        if samples and samples > 1 and near(samples):
            return "missing_1_over_m", tr(
                "{g} is exactly m = {m} times too large: the 1/m of the loss is missing "
                "(the loss is an average over the m samples).",
                "{g} 恰好大了 m = {m} 倍：漏掉了损失函数的 1/m（损失是 m 个样本的平均）。",
                g=g, m=samples)
        if samples and samples > 1 and near(1.0 / samples):
            return "twice_1_over_m", tr("{g} is exactly m = {m} times too small: 1/m is applied twice.",
                                        "{g} 恰好小了 m = {m} 倍：1/m 被用了两次。", g=g, m=samples)
        if near(-1.0):
            return "sign", tr("{g} has the wrong sign: it is exactly -1 times the numerical gradient "
                              "(a minus sign is missing or extra).",
                              "{g} 的符号反了：它恰好是数值梯度的 -1 倍（少了或多了一个负号）。", g=g)
        if samples and samples > 1 and near(-float(samples)):
            return "sign_and_1_over_m", tr(
                "{g} is exactly -m = -{m} times the numerical gradient: the sign is wrong and the "
                "1/m is missing.",
                "{g} 恰好是数值梯度的 -m = -{m} 倍：符号反了，并且漏掉了 1/m。", g=g, m=samples)
        if near(2.0):
            return "factor_2", tr("{g} is exactly 2 times the numerical gradient: a stray factor 2 "
                                  "(the 1/2 of the loss cancels the 2 of the square).",
                                  "{g} 恰好是数值梯度的 2 倍：多了因子 2（损失中的 1/2 与平方求导得到的 2 相消）。",
                                  g=g)
        if near(0.5):
            return "factor_half", tr("{g} is exactly half the numerical gradient: a stray factor 1/2.",
                                     "{g} 恰好是数值梯度的一半：多了因子 1/2。", g=g)
        return "scaled", tr("{g} is {c:.6g} times the numerical gradient: the direction is right, "
                            "a constant factor is off.",
                            "{g} 是数值梯度的 {c:.6g} 倍：方向正确，某个常数因子不对。", g=g, c=scale)
    if cosine is not None and abs(cosine) < 0.1:
        return "missing_term", tr(
            "{g} has almost nothing in common with the numerical gradient (best-fit scale {c:.2g}, "
            "cosine {cos:.2f}): a term is missing, or a different quantity was computed.",
            "{g} 与数值梯度几乎没有共同之处（最佳拟合比例 {c:.2g}，夹角余弦 {cos:.2f}）："
            "漏掉了某一项，或者算的是别的量。", g=g, c=scale or 0.0, cos=cosine)
    return "direction", tr(
        "{g} points in a different direction from the numerical gradient (cosine {cos:.3f}, "
        "best-fit scale {c:.3g}): part of the chain rule is off.",
        "{g} 的方向与数值梯度不同（夹角余弦 {cos:.3f}，最佳拟合比例 {c:.3g}）：链式法则的某一环不对。",
        g=g, cos=cosine if cosine is not None else 0.0, c=scale if scale is not None else 0.0)


# -- a two-layer network: one sentence that says where to look ----------------------------

_SAME = {
    "missing_1_over_m": tr(
        "all four gradients are exactly m = {m} times too large: the 1/m is missing "
        "(dZ2 = (A2 - Y) / m: the loss is an average over the m samples).",
        "四个梯度都恰好大了 m = {m} 倍：漏掉了 1/m（dZ2 = (A2 - Y) / m：损失是 m 个样本的平均）。"),
    "sign": tr(
        "all four gradients have the wrong sign: dZ2 = (A2 - Y) / m, not (Y - A2) / m "
        "(gradient descent subtracts the gradient, so its sign matters).",
        "四个梯度的符号都反了：dZ2 = (A2 - Y) / m，而不是 (Y - A2) / m（梯度下降减去梯度，符号很重要）。"),
    "sign_and_1_over_m": tr(
        "all four gradients are exactly -m = -{m} times the right ones: the sign is wrong and "
        "the 1/m is missing (dZ2 = (A2 - Y) / m).",
        "四个梯度都恰好是正确值的 -m = -{m} 倍：符号反了，并且漏掉了 1/m（dZ2 = (A2 - Y) / m）。"),
    "twice_1_over_m": tr("all four gradients are exactly m = {m} times too small: 1/m is applied twice.",
                         "四个梯度都恰好小了 m = {m} 倍：1/m 被用了两次。"),
    "factor_2": tr("all four gradients are exactly 2 times too large: a stray factor 2 in dZ2 "
                   "(the 1/2 of the mse cancels the 2 of the square).",
                   "四个梯度都恰好大了 2 倍：dZ2 中多了因子 2（均方差损失的 1/2 与平方求导得到的 2 相消）。"),
    "factor_half": tr("all four gradients are exactly half the right ones: a stray factor 1/2 in dZ2.",
                      "四个梯度都恰好是正确值的一半：dZ2 中多了因子 1/2。"),
    "dtype": tr("the gradients are not float64 arrays: compute in float64 (np.asarray(x, dtype=float)); "
                "lower precision is far coarser than a gradient check can accept.",
                "梯度不是 float64 数组：请用 float64 计算（np.asarray(x, dtype=float)）；"
                "更低的精度远超梯度检验能接受的误差。"),
}


def _names(checks: Sequence[ParameterCheck]) -> Text:
    """"dX and db" in English, "dX 和 db" in Chinese: a list of gradients in either language."""
    names = [c.gradient for c in checks]
    if len(names) == 1:
        return Text(names[0], names[0])
    return Text(", ".join(names[:-1]) + " and " + names[-1], "、".join(names[:-1]) + " 和 " + names[-1])


def explain_network(check: GradientCheck, samples: int | None = None) -> Text | None:
    """Where to look, for the gradients {W1, b1, W2, b2} of a two-layer network."""
    wrong = check.failing
    if not wrong:
        return None
    by = {p.name: p for p in check.parameters}
    if len(wrong) == len(check.parameters) == 4:
        kinds = {p.mistake for p in wrong}
        if len(kinds) == 1 and next(iter(kinds)) in _SAME:
            return _SAME[str(next(iter(kinds)))].format(m=samples)
    if {"W1", "b1", "W2", "b2"} <= set(by):
        second_ok = by["W2"].passed and by["b2"].passed
        first_ok = by["W1"].passed and by["b1"].passed
        detail = next(p.explanation for p in wrong if p.explanation is not None)
        if second_ok and not by["W1"].passed and not by["b1"].passed:
            return tr("dW2 and db2 are right; dW1 and db1 are wrong: look at how the error passes "
                      "back through the hidden activation (dA1 = dZ2 W2^T, then dZ1 = dA1 * act'(Z1), "
                      "with act' at Z1 from the cache). ",
                      "dW2 和 db2 正确；dW1 和 db1 不正确：检查误差如何反向经过隐藏层激活函数"
                      "（dA1 = dZ2 W2^T，然后 dZ1 = dA1 * act'(Z1)，act' 在 cache 中的 Z1 处求值）。") + detail
        if second_ok and not first_ok:
            return tr("dW2 and db2 are right; {names} {verb} wrong: ",
                      "dW2 和 db2 正确；{names} 不正确：",
                      names=_names([p for p in wrong]), verb="is" if len(wrong) == 1 else "are") + detail
        if first_ok and not second_ok:
            return tr("dW1 and db1 are right but {names} {verb} wrong: ",
                      "dW1 和 db1 正确，但 {names} 不正确：",
                      names=_names(wrong), verb="is" if len(wrong) == 1 else "are") + detail
        if by["W1"].passed and by["W2"].passed:
            return tr("dW1 and dW2 are right; db1 and db2 are wrong: db is the sum of dZ over the "
                      "samples (axis 0). ",
                      "dW1 和 dW2 正确；db1 和 db2 不正确：db 是 dZ 按样本（axis 0）求和。") + detail
        if by["b1"].passed and by["b2"].passed:
            return tr("db1 and db2 are right; dW1 and dW2 are wrong: dW = (the layer's input)^T dZ. ",
                      "db1 和 db2 正确；dW1 和 dW2 不正确：dW = (这一层的输入)^T dZ。") + detail
        if not second_ok:
            outer = by["b2"] if not by["b2"].passed else by["W2"]
            return tr("dW2 and db2 are already wrong, so the error entering the network is wrong: "
                      "start from dZ2 = (A2 - Y) / m. ",
                      "dW2 和 db2 就已经不正确，说明进入网络的误差就错了：从 dZ2 = (A2 - Y) / m 开始检查。"
                      ) + (outer.explanation or detail)
    return _first_explanation(check)


def _first_explanation(check: GradientCheck) -> Text | None:
    for p in check.failing:
        if p.explanation is not None:
            return p.explanation
    return None


def explain(check: GradientCheck) -> Text | None:
    """Which gradients are right and which are wrong, with the first one explained."""
    wrong = check.failing
    if not wrong:
        return None
    detail = _first_explanation(check) or Text("", "")
    right = [p for p in check.parameters if p.passed]
    if not right:
        return detail
    return tr("{right} {rverb} right; {wrong} {wverb} wrong: ",
              "{right} 正确；{wrong} 不正确：",
              right=_names(right), rverb="is" if len(right) == 1 else "are",
              wrong=_names(list(wrong)), wverb="is" if len(wrong) == 1 else "are") + detail


# -- refusing vacuous check points ----------------------------------------------------------

_SATURATED = {"sigmoid": 6.0, "tanh": 3.0}


def refuse_vacuous(inputs: Mapping[str, np.ndarray] | None = None,
                   biases: Mapping[str, np.ndarray] | None = None,
                   units: Mapping[str, tuple[str, np.ndarray]] | None = None) -> None:
    """Raise ``VacuousPoint`` for a check point that would let wrong gradients pass.

    ``inputs``: arrays with an all-zero column (every dW row from it would be 0);
    ``biases``: zero entries (a missing bias term would go unseen); ``units``: name ->
    (activation, pre-activation Z of shape (m, units)): sigmoid/tanh units saturated on
    every sample, ReLU units dead on every sample, or a ReLU Z within ``KINK_MARGIN`` of 0.
    """
    problems = []
    for name, x in (inputs or {}).items():
        x = np.asarray(x, dtype=float)
        if x.size == 0 or not np.all(np.any(x.reshape(x.shape[0], -1) != 0, axis=0)):
            problems.append(f"input {name} has an all-zero column")
    for name, b in (biases or {}).items():
        if np.any(np.asarray(b) == 0):
            problems.append(f"bias {name} has a zero entry")
    for name, (activation, z) in (units or {}).items():
        z = np.asarray(z, dtype=float)
        if activation in _SATURATED:
            saturated = np.all(np.abs(z) > _SATURATED[activation], axis=0)
            if np.any(saturated):
                problems.append(f"{name}: {activation} units {np.flatnonzero(saturated).tolist()} "
                                "are saturated on every sample")
        elif activation == "relu":
            dead = np.all(z <= 0, axis=0)
            if np.any(dead):
                problems.append(f"{name}: ReLU units {np.flatnonzero(dead).tolist()} are dead on every sample")
            if np.any(np.abs(z) < KINK_MARGIN):
                problems.append(f"{name}: a ReLU pre-activation lies within {KINK_MARGIN} of its kink")
    if problems:
        raise VacuousPoint("; ".join(problems))
