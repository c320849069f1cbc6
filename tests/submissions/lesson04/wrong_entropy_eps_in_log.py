# expect: self_information=passed, entropy=failed, kl_divergence=passed, cross_entropy=passed
# feedback: entropy=an eps was added inside the logarithm
# A natural bug: log(p + 1e-9) to keep log 0 away, which shifts every term.
"""Lesson 04: information theory.  第 4 课：信息论

How much does an outcome tell us?  A rare outcome (small probability p) is more
surprising than a common one, so its self-information -log p is larger.  Entropy is the
average surprise of a distribution; cross-entropy is the average surprise when we code
outcomes of p with a model q; the KL divergence is the extra cost of using q instead of
p.  Cross-entropy is the loss most classifiers are trained with.

Conventions: logarithms are natural (nats) unless a `base` argument says otherwise
(base=2 gives bits).  A distribution is a 1-D array of non-negative numbers summing to 1
(tolerance 1e-6); anything else raises ValueError.  Terms with p_i = 0 contribute 0
(0·log 0 = 0).

中文：一个结果带来多少信息？概率 p 越小的结果越“出人意料”，它的信息量 -log p 越大。
熵（信息熵）是一个分布的平均信息量；交叉熵衡量两个概率分布之间的差异，是用模型分布 q
去描述真实分布 p 时付出的平均代价；KL 散度（相对熵）是用 q 代替 p 多付出的代价。交叉熵正是大多数分类模型
训练时使用的损失函数。

约定：除非用 `base` 参数另行指定，对数都取自然对数（单位为奈特 nats；base=2 时单位为
比特 bits）。分布是由非负数组成、总和为 1（容差 1e-6）的一维数组，否则抛出 ValueError。
p_i = 0 的项贡献为 0（0·log 0 = 0）。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

_TOL = 1e-6


def _log_base(base: float) -> float:
    """ln(base), after checking that base is a valid logarithm base."""
    base = float(base)
    if not np.isfinite(base) or base <= 0.0 or base == 1.0:
        raise ValueError(f"base must be a positive finite number other than 1, got {base}")
    return float(np.log(base))


def _distribution(p: ArrayLike, name: str) -> NDArray[np.float64]:
    """p as a float array, after checking that it is a probability distribution."""
    p = np.asarray(p, dtype=float)
    if p.ndim != 1:
        raise ValueError(f"{name} must be a 1-D distribution, got shape {p.shape}")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"{name} contains a non-finite value")
    if np.any(p < 0.0):
        raise ValueError(f"{name} has a negative probability")
    if abs(p.sum() - 1.0) > _TOL:
        raise ValueError(f"{name} must sum to 1 (tolerance 1e-6), sums to {p.sum()}")
    return p


def _xlogy(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """x * ln(y) element-wise, with 0 where x == 0 (0·log 0 = 0); y must be > 0 where x > 0."""
    out = np.zeros_like(x)
    mask = x > 0.0
    out[mask] = x[mask] * np.log(y[mask])
    return out


def self_information(p: ArrayLike, base: float = np.e) -> float | NDArray[np.float64]:
    """Self-information -log_base(p) of an outcome with probability p.

    The rarer the outcome, the more information it carries: a sure event (p = 1) carries
    0, and the information grows without bound as p goes to 0.

    Formula: I(p) = -log_base(p) = -ln(p) / ln(base), element-wise.
    Example (check it by hand): self_information(0.5, base=2) = -log2(0.5) = 1.0 bit;
    self_information(0.25, base=2) = 2.0; self_information(1.0) = 0.0.
    Returns: a float for a scalar p, a float64 array of p's shape for an array p.
    Raises: ValueError when some p is outside (0, 1] (p = 0 has infinite information and
    is rejected), or when base is not positive, is 1 or is not finite.

    中文：概率为 p 的结果的信息量 -log_base(p)。结果越罕见，信息量越大：必然事件（p = 1）
    的信息量为 0，p 趋于 0 时信息量趋于无穷。
    公式：I(p) = -log_base(p) = -ln(p) / ln(base)，逐元素计算。
    例子（可以手算验证）：self_information(0.5, base=2) = 1.0 比特；
    self_information(0.25, base=2) = 2.0；self_information(1.0) = 0.0。
    返回：p 为标量时返回 float，p 为数组时返回与 p 同形状的 float64 数组。
    异常：p 不在 (0, 1] 内（p = 0 的信息量为无穷，不接受），或 base 不是正的有限数、
    等于 1 时，抛出 ValueError。
    """
    log_b = _log_base(base)
    p = np.asarray(p, dtype=float)
    if not np.all((p > 0.0) & (p <= 1.0)):
        raise ValueError("probabilities must lie in (0, 1]")
    info = -np.log(p) / log_b
    return float(info) if info.ndim == 0 else info


def entropy(p: ArrayLike, base: float = np.e) -> float:
    """Entropy H(p) = -sum p_i log p_i: the average self-information of a distribution.

    Entropy is largest for the uniform distribution (most uncertainty) and 0 for a
    certain outcome.  Terms with p_i = 0 contribute 0.

    Formula: H(p) = -sum_i p_i log_base(p_i).
    Example (check it by hand): entropy([0.5, 0.5], base=2) = 1.0 bit;
    entropy([0.7, 0.2, 0.1]) = -(0.7 ln 0.7 + 0.2 ln 0.2 + 0.1 ln 0.1)
    = 0.2497 + 0.3219 + 0.2303 = 0.8018 nats; entropy([1, 0]) = 0.0.
    Raises: ValueError when p is not a distribution (not 1-D, a negative entry, or a sum
    further than 1e-6 from 1), or for an invalid base.

    中文：熵 H(p) = -sum p_i log p_i，即一个分布的平均信息量。均匀分布的熵最大（最不确定），
    确定事件的熵为 0。p_i = 0 的项贡献为 0。
    公式：H(p) = -sum_i p_i log_base(p_i)。
    例子（可以手算验证）：entropy([0.5, 0.5], base=2) = 1.0 比特；
    entropy([0.7, 0.2, 0.1]) = 0.2497 + 0.3219 + 0.2303 = 0.8018 奈特；entropy([1, 0]) = 0.0。
    异常：p 不是分布（不是一维、有负数、总和与 1 相差超过 1e-6）或 base 无效时，
    抛出 ValueError。
    """
    log_b = _log_base(base)
    p = _distribution(p, "p")
    return float(-np.sum(p * np.log(p + 1e-9)) / log_b)


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float = np.e) -> float:
    """KL divergence D(p || q) = sum p_i log(p_i / q_i).

    It measures how much worse the model q describes data from p than p itself does.  It
    is >= 0, equals 0 only when q = p, and is not symmetric: D(p || q) != D(q || p).

    Formula: D(p || q) = sum_i p_i (log_base p_i - log_base q_i), terms with p_i = 0
    contribute 0; the result is inf when some q_i = 0 where p_i > 0.
    Example (check it by hand): kl_divergence([0.5, 0.5], [0.25, 0.75], base=2)
    = 0.5 log2(2) + 0.5 log2(2/3) = 0.5 - 0.2925 = 0.2075 bits;
    kl_divergence([1, 0], [0.5, 0.5]) = ln 2 = 0.6931; kl_divergence([0.5, 0.5], [1, 0]) = inf.
    Raises: ValueError when p and q have different lengths, when either is not a
    distribution, or for an invalid base.

    中文：KL 散度（相对熵）D(p || q) = sum p_i log(p_i / q_i)，衡量用模型 q 描述来自 p 的
    数据比用 p 本身差多少。它 >= 0，只有 q = p 时为 0，并且不对称：D(p || q) != D(q || p)。
    公式：D(p || q) = sum_i p_i (log_base p_i - log_base q_i)，p_i = 0 的项贡献为 0；
    存在 q_i = 0 而 p_i > 0 时结果为 inf。
    例子（可以手算验证）：kl_divergence([0.5, 0.5], [0.25, 0.75], base=2) = 0.5 - 0.2925
    = 0.2075 比特；kl_divergence([1, 0], [0.5, 0.5]) = ln 2 = 0.6931；
    kl_divergence([0.5, 0.5], [1, 0]) = inf。
    异常：p 与 q 长度不同、任一不是分布、或 base 无效时，抛出 ValueError。
    """
    log_b = _log_base(base)
    p = _distribution(p, "p")
    q = _distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same length, got {p.size} and {q.size}")
    if np.any((p > 0.0) & (q == 0.0)):
        return float("inf")
    return float((np.sum(_xlogy(p, p)) - np.sum(_xlogy(p, q))) / log_b)


def cross_entropy(p: ArrayLike, q: ArrayLike, base: float = np.e) -> float:
    """Cross-entropy H(p, q) = -sum p_i log q_i.

    The average surprise when outcomes come from p but we expect them with probabilities
    q.  It equals H(p) + D(p || q), so it is smallest (= H(p)) when q = p.

    Formula: H(p, q) = -sum_i p_i log_base(q_i), terms with p_i = 0 contribute 0; the
    result is inf when some q_i = 0 where p_i > 0.
    Example (check it by hand): cross_entropy([1, 0, 0], [0.7, 0.2, 0.1]) = -ln 0.7
    = 0.3567; cross_entropy([0.5, 0.5], [0.25, 0.75], base=2) = 0.5 * 2 + 0.5 * 0.415
    = 1.2075 bits (= H(p) + D(p || q) = 1 + 0.2075).
    Raises: ValueError when p and q have different lengths, when either is not a
    distribution, or for an invalid base.

    中文：交叉熵 H(p, q) = -sum p_i log q_i，衡量两个分布之间的差异：结果按 p 出现、却按 q 去预期时付出的平均代价。
    它等于 H(p) + D(p || q)，因此 q = p 时最小（等于 H(p)）。
    公式：H(p, q) = -sum_i p_i log_base(q_i)，p_i = 0 的项贡献为 0；存在 q_i = 0 而
    p_i > 0 时结果为 inf。
    例子（可以手算验证）：cross_entropy([1, 0, 0], [0.7, 0.2, 0.1]) = -ln 0.7 = 0.3567；
    cross_entropy([0.5, 0.5], [0.25, 0.75], base=2) = 1.2075 比特（= 1 + 0.2075）。
    异常：p 与 q 长度不同、任一不是分布、或 base 无效时，抛出 ValueError。
    """
    log_b = _log_base(base)
    p = _distribution(p, "p")
    q = _distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same length, got {p.size} and {q.size}")
    if np.any((p > 0.0) & (q == 0.0)):
        return float("inf")
    return float(-np.sum(_xlogy(p, q)) / log_b)
