"""Recognising known mistakes from what a learner's code returned.

Two kinds of evidence, tried in order:

* *fingerprints*: a check computes what each plausible wrong version would have
  returned on the same input (log base 2, a missing 1/2, a forward difference ...); if
  the learner's value matches one, that mistake is named.
* *generic relations* between obtained and expected: a transpose, a flipped sign, a
  constant factor, NaN where a number was expected.

Each finding is an (id, Text) pair; the id is stable, for counting mistakes across a
class, and the text is what the learner reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from grader.i18n import Text, tr

Fingerprints = Mapping[str, tuple[Text, Any]]
Mistakes = dict[str, tuple[Text, Any]]
Diagnoses = Fingerprints | Callable[[], Fingerprints]
"""Fingerprints, or how to compute them: a check passes ``lambda: _dot_mistakes(a, b)``, and
the wrong versions are computed only for a value that differs (a right answer never looks
at them, and computing them was some 6 % of the checks' own work, a tenth in lesson 04)."""


def fingerprints(diagnoses: Diagnoses | None) -> Fingerprints:
    """The fingerprints themselves, computed now if they were given as a function."""
    found = diagnoses() if callable(diagnoses) else diagnoses
    return found or {}

_FACTOR_TOL = 1e-6
_TELLING = (2.0, 0.5, -1.0, -2.0, -0.5, 0.0)


def _same(a: Any, b: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    try:
        x = np.asarray(a, dtype=float)
        y = np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    if x.shape != y.shape:
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        return bool(np.all(np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=True)))


def telling_apart(found: Fingerprints) -> Mistakes:
    """The fingerprints no other one (with other words) gives the same value for: on an input
    where two mistakes coincide, naming either would be a guess from the example."""
    kept: Mistakes = {}
    for key, (text, value) in found.items():
        if value is None or not any(other_text != text and other is not None and _same(value, other)
                                    for other_key, (other_text, other) in found.items() if other_key != key):
            kept[key] = (text, value)
    return kept


def same_value(a: Any, b: Any) -> bool:
    """Whether two results are the same numbers (same shape, entries close, NaN equal to NaN)."""
    return _same(a, b)


def constant_factor(obtained: Any, expected: Any) -> float | None:
    """c such that obtained == c * expected everywhere (expected not all zero), else None."""
    try:
        a = np.asarray(obtained, dtype=float).reshape(-1)
        b = np.asarray(expected, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None
    if a.shape != b.shape or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return None
    denom = float(b @ b)
    if denom == 0.0:
        return None
    c = float(a @ b) / denom
    if np.allclose(a, c * b, rtol=_FACTOR_TOL, atol=1e-12):
        return c
    return None


def explain(obtained: Any, expected: Any, diagnoses: Diagnoses | None = None
            ) -> list[tuple[str, Text]]:
    """Every known mistake the obtained value matches, most specific first."""
    found: list[tuple[str, Text]] = []
    for ident, (text, value) in fingerprints(diagnoses).items():
        if value is not None and _same(obtained, value):
            found.append((ident, text))
    try:
        a = np.asarray(obtained, dtype=float)
        b = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return found
    if a.shape != b.shape:
        if found:  # a named mistake already says why the shape differs (dW transposed)
            return found
        if a.ndim == 2 and a.T.shape == b.shape and _same(a.T, b):
            found.append(("transpose", tr("the result is the transpose of the right answer.",
                                          "结果是正确答案的转置。")))
        elif a.size == b.size and _same(a.reshape(b.shape), b):
            found.append(("reshape", tr("the numbers are right but arranged in the wrong shape.",
                                        "数值正确，但形状不对。")))
        return found
    if np.any(np.isnan(a)) and not np.any(np.isnan(b)):
        found.append(("nan", tr("the result contains NaN where the right answer is a number "
                                "(a 0 * log 0, 0 / 0 or inf - inf somewhere?).",
                                "结果中出现了 NaN，而正确答案是数值（是否有 0·log 0、0/0 或 inf - inf？）。")))
        return found
    if np.any(np.isinf(a)) and np.all(np.isfinite(b)):
        found.append(("overflow", tr("the result contains inf where the right answer is finite: "
                                     "something overflowed.",
                                     "结果中出现了 inf，而正确答案是有限值：计算中发生了溢出。")))
        return found
    if a.ndim == 2 and a.shape[0] == a.shape[1] and not _same(a, b) and _same(a.T, b):
        found.append(("transpose", tr("the result is the transpose of the right answer.",
                                      "结果是正确答案的转置。")))
    if not found and _single_precision(a, b):
        found.append(("float32", tr("the result is right to about 7 digits only, the precision of float32: "
                                    "compute in float64, np.asarray(x, dtype=float), not float32 (or look "
                                    "for a small constant, such as an eps, that shifts the result).",
                                    "结果只精确到约 7 位有效数字，这是 float32 的精度：请用 float64 计算，"
                                    "即 np.asarray(x, dtype=float)，不要用 float32（或者检查是否有 eps 之类的"
                                    "小常数让结果偏移了）。")))
        return found
    c = constant_factor(a, b)
    if c is not None and a.size == 1 and not any(np.isclose(c, k) for k in _TELLING):
        c = None  # any two numbers differ by some factor: only a telling one means something
    if c is not None and not np.isclose(c, 1.0):
        found.append((f"factor:{c:.6g}", _factor_text(c)))
    return found


def _single_precision(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``a`` differs from ``b`` only as float32 arithmetic would: every entry within a
    few float32 roundings (relative 1e-6), and some beyond float64's (the caller found them
    unequal). A wrong formula is rarely that close to the right one."""
    if a.size == 0 or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    scale = np.maximum(np.abs(b), np.finfo(np.float32).tiny)
    with np.errstate(all="ignore"):
        return bool(np.all(np.abs(a - b) <= 1e-6 * scale + 1e-30) and np.any(a != b))


def _factor_text(c: float) -> Text:
    if np.isclose(c, -1.0):
        return tr("the result has the wrong sign: a minus sign is missing or extra.",
                  "结果的符号反了：少了或多了一个负号。")
    if np.isclose(c, 2.0):
        return tr("the result is exactly 2x the right answer: is a factor 1/2 missing?",
                  "结果恰好是正确答案的 2 倍：是否漏了 1/2？")
    if np.isclose(c, 0.5):
        return tr("the result is exactly half the right answer: is there an extra 1/2?",
                  "结果恰好是正确答案的一半：是否多乘了 1/2？")
    if np.isclose(c, -2.0) or np.isclose(c, -0.5):
        return tr("the result is {c:g} times the right answer: check the sign and a factor 2.",
                  "结果是正确答案的 {c:g} 倍：请检查符号和因子 2。", c=c)
    if np.isclose(c, 0.0):
        return tr("the result is zero where it should not be: is a term missing?",
                  "结果为 0，而正确答案不为 0：是否漏掉了某一项？")
    for name, log in _LOGS:
        for power in (1, 2, -1, -2):
            if np.isclose(c, log ** power, rtol=1e-6):
                return tr("the result is {name}^{power} = {c:.6g} times the right answer: a logarithm "
                          "in the wrong base, or a change of base that multiplies by ln(base) instead "
                          "of dividing (log_b x = ln x / ln b).",
                          "结果是正确答案的 {name}^{power} = {c:.6g} 倍：对数的底不对，或者换底时乘了 "
                          "ln(base) 而不是除以它（log_b x = ln x / ln b）。", name=name, power=power, c=c)
    return tr("the result is exactly {c:.6g} times the right answer: a constant factor is off.",
              "结果恰好是正确答案的 {c:.6g} 倍：某个常数因子不对。", c=c)


_LOGS = (("ln 2", float(np.log(2.0))), ("ln 10", float(np.log(10.0))))
