"""Hidden checks for lesson 04: self-information, entropy, KL divergence and cross-entropy.

Probes are chosen so that the usual mistakes give different numbers: an asymmetric pair
p, q (so KL(p || q) != KL(q || p)), distributions with entries at exactly 0 (0 log 0 = 0),
and the bases e, 2 and 10 (so a log2 or an ignored base shows). Each mistake's value is
computed on the same probe and named when the learner's answer matches it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from grader.checking import Failure, Raised, check
from grader.checks.common import agrees, agrees_confirmed, as_lists, int_inputs, rejects
from grader.checks.expect import expect_scalar
from grader.diagnose.recognise import Mistakes
from grader.engine.collect import RaisedHint
from grader.engine.context import Context
from grader.i18n import Text, tr
from grader.numeric.compare import close

E = float(np.e)

# -- what the usual mistakes compute ------------------------------------------------------


def _terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p_i ln q_i with 0 where p_i == 0 (0 log 0 = 0); -inf where q_i == 0 < p_i."""
    out = np.zeros_like(p)
    mask = p > 0
    with np.errstate(divide="ignore"):
        out[mask] = p[mask] * np.log(q[mask])
    return out


def _h(p: np.ndarray, q: np.ndarray) -> float:
    """The cross-entropy -sum p ln q in nats (H(p) when q is p)."""
    return float(-np.sum(_terms(p, q)))


def _kl(p: np.ndarray, q: np.ndarray) -> float:
    if np.any((p > 0) & (q == 0)):
        return float("inf")
    return float(np.sum(_terms(p, p)) - np.sum(_terms(p, q)))


def _naive(p: np.ndarray, q: np.ndarray) -> float:
    """-sum p ln q with no special case for p_i = 0: 0 * ln 0 = NaN."""
    with np.errstate(all="ignore"):
        return float(-np.sum(p * np.log(q)))


def _base_mistakes(kind: str, nats: float, base: float) -> Mistakes:
    """A logarithm in the wrong base: log2, log10, or the base argument ignored."""
    found: Mistakes = {}
    if not np.isclose(base, 2.0):
        found[f"{kind}:log2"] = (
            tr("this is the value with log base 2 (bits), but base={base} was asked for: use "
               "np.log(x) / np.log(base); logarithms are natural unless base says otherwise.",
               "这是以 2 为底（比特）的结果，但要求 base={base}：请用 np.log(x) / np.log(base)；"
               "除非 base 另有指定，对数都取自然对数。", base=_base_name(base)),
            nats / np.log(2.0))
    if not np.isclose(base, 10.0):
        found[f"{kind}:log10"] = (
            tr("this is the value with log base 10, but base={base} was asked for: use "
               "np.log(x) / np.log(base).",
               "这是以 10 为底的结果，但要求 base={base}：请用 np.log(x) / np.log(base)。",
               base=_base_name(base)),
            nats / np.log(10.0))
    if not np.isclose(base, E):
        found[f"{kind}:base_ignored"] = (
            tr("this is the value in nats: the base argument is ignored. Divide by np.log(base) "
               "(base={base} here).",
               "这是以 e 为底（奈特）的结果：参数 base 被忽略了。请除以 np.log(base)（这里 base={base}）。",
               base=_base_name(base)),
            nats)
    return found


def _base_name(base: float) -> str:
    """How a learner writes the base: e for the natural logarithm."""
    return "e" if np.isclose(base, E) else f"{base:g}"


def _scaled(nats: float, base: float) -> float:
    return nats / float(np.log(base))


_NAN_TERMS = tr("a term with p_i = 0 gave 0 * log 0 = NaN: such terms contribute 0 "
                "(0·log 0 = 0), so skip them, e.g. keep only p[p > 0].",
                "p_i = 0 的项算出了 0 * log 0 = NaN：这样的项贡献为 0（0·log 0 = 0），"
                "请跳过它们，例如只保留 p[p > 0]。")
_MINUS = tr("the minus sign is missing or extra: information, entropy and cross-entropy "
            "are >= 0 because log p <= 0 for p <= 1.",
            "少了或多了一个负号：因为 p <= 1 时 log p <= 0，信息量、熵和交叉熵都 >= 0。")


def _information_mistakes(p: np.ndarray, base: float) -> Mistakes:
    with np.errstate(divide="ignore"):
        nats = -np.log(p)
    found = _array_base_mistakes(nats, base)
    found["information:sign"] = (
        tr("the minus sign is missing: self-information is -log p, which is >= 0 because "
           "log p <= 0 for p in (0, 1].",
           "缺少负号：信息量是 -log p，因为 p 在 (0, 1] 内时 log p <= 0，所以它 >= 0。"),
        -nats / np.log(base))
    found["information:no_log"] = (
        tr("this is 1 / p, not -log p: take the logarithm of the probability.",
           "这是 1 / p，不是 -log p：请对概率取对数。"), 1.0 / p)
    return found


def _array_base_mistakes(nats: Any, base: float) -> Mistakes:
    """Base mistakes for array values (self-information is element-wise)."""
    found: Mistakes = {}
    if not np.isclose(base, 2.0):
        found["information:log2"] = (
            tr("this is -log2(p) (bits), but base={base} was asked for: use "
               "-np.log(p) / np.log(base); logarithms are natural unless base says otherwise.",
               "这是 -log2(p)（比特），但要求 base={base}：请用 -np.log(p) / np.log(base)；"
               "除非 base 另有指定，对数都取自然对数。", base=_base_name(base)),
            nats / np.log(2.0))
    if not np.isclose(base, E):
        found["information:base_ignored"] = (
            tr("this is -ln(p) in nats: the base argument is ignored. Divide by np.log(base) "
               "(base={base} here).",
               "这是以 e 为底的 -ln(p)：参数 base 被忽略了。请除以 np.log(base)（这里 base={base}）。",
               base=_base_name(base)),
            nats)
        found["information:times_log_base"] = (
            tr("this is -ln(p) * ln(base): the change of base divides, log_b(p) = ln(p) / ln(b), "
               "so the result is off by a factor ln(base)^2 (base={base} here).",
               "这是 -ln(p) * ln(base)：换底公式是除法，log_b(p) = ln(p) / ln(b)，所以结果差了 "
               "ln(base)^2 倍（这里 base={base}）。", base=_base_name(base)),
            nats * np.log(base))
    return found


def _entropy_mistakes(p: np.ndarray, base: float) -> Mistakes:
    nats = _h(p, p)
    found = _base_mistakes("entropy", nats, base)
    found["entropy:sign"] = (_MINUS, -_scaled(nats, base))
    found["entropy:unweighted"] = (
        tr("each log p_i must be weighted by its probability: H(p) = -sum p_i log p_i.",
           "每个 log p_i 都要乘以它的概率：H(p) = -sum p_i log p_i。"),
        _scaled(float(-np.sum(np.log(p[p > 0]))), base))
    if np.any(p == 0):
        found["entropy:zero_terms"] = (_NAN_TERMS, float("nan"))
    text = tr("an eps was added inside the logarithm (log(p_i + eps)): it shifts every term a little, "
              "and many small terms add up to more than the tolerance. Leave the terms with p_i = 0 out "
              "instead (0 log 0 = 0), and take log p_i of the others as they are.",
              "在对数里加了一个 eps（log(p_i + eps)）：它让每一项都偏移一点，许多小项加起来就超出了容差。"
              "请改为略去 p_i = 0 的项（0 log 0 = 0），其余各项直接取 log p_i。")
    with np.errstate(all="ignore"):
        for eps in _SMALL:
            shifted = _scaled(float(-np.sum(p * np.log(p + eps))), base)
            if not close(shifted, _scaled(nats, base)):  # an eps too small to tell from the answer
                found[f"entropy:eps_in_log:{eps:g}"] = (text, shifted)
    return found


def _kl_mistakes(p: np.ndarray, q: np.ndarray, base: float) -> Mistakes:
    nats = _kl(p, q)
    found = _base_mistakes("kl", nats, base) if np.isfinite(nats) else {}
    found["kl:swapped"] = (
        tr("p and q are swapped: this is D(q || p). KL is not symmetric: D(p || q) = "
           "sum p_i log(p_i / q_i) weighs each term by p, the first argument.",
           "p 和 q 颠倒了：这是 D(q || p)。KL 散度不对称：D(p || q) = sum p_i log(p_i / q_i)，"
           "每一项以第一个参数 p 加权。"),
        _scaled(_kl(q, p), base))
    if np.isfinite(nats):
        found["kl:sign"] = (
            tr("the sign is wrong: this is sum p_i log(q_i / p_i) = -D(p || q). KL divergence is "
               "never negative: use log(p_i / q_i).",
               "符号反了：这是 sum p_i log(q_i / p_i) = -D(p || q)。KL 散度不会为负：应使用 "
               "log(p_i / q_i)。"), -_scaled(nats, base))
    found["kl:cross_entropy"] = (
        tr("this is the cross-entropy H(p, q) = -sum p_i log q_i: KL subtracts the entropy, "
           "D(p || q) = H(p, q) - H(p) = sum p_i log(p_i / q_i).",
           "这是交叉熵 H(p, q) = -sum p_i log q_i：KL 散度还要减去熵，"
           "D(p || q) = H(p, q) - H(p) = sum p_i log(p_i / q_i)。"), _scaled(_h(p, q), base))
    if np.any(p == 0):
        found["kl:zero_terms"] = (_NAN_TERMS, float("nan"))
    found.update(_finite_at_zero_q("kl", "kl_divergence", p, q, base, _kl))
    return found


_SMALL = (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5)  # the eps a learner reaches for


def _finite_at_zero_q(prefix: str, name: str, p: np.ndarray, q: np.ndarray, base: float,
                      value: Callable[[np.ndarray, np.ndarray], float]) -> Mistakes:
    """When some q_i = 0 where p_i > 0 the answer is inf; ``q`` clipped to an eps, or an
    eps added to it, gives a large finite number instead: each such number, named."""
    if not np.any((q == 0) & (p > 0)):
        return {}
    text = tr("a q_i = 0 where p_i > 0 makes {name} inf (log 0 = -inf), and here it is: clipping q, or "
              "adding a small eps to it, keeps the result finite. Compute the terms where p_i > 0 as "
              "they are, and let log(0) give the infinity.",
              "某个 q_i = 0 而 p_i > 0 时，{name} 为 inf（log 0 = -inf），这里正是这种情况：对 q 截断"
              "（clip）或加上一个小的 eps 会让结果变成有限值。请按原样计算 p_i > 0 的各项，让 log(0) "
              "给出无穷大。", name=name)
    found: Mistakes = {f"{prefix}:finite_at_zero_q:dropped": (
        tr("a q_i = 0 where p_i > 0 makes {name} inf (log 0 = -inf), and here it is: those terms were "
           "left out (a mask such as q > 0), which keeps the result finite. Leave out only the terms "
           "where p_i = 0 (0 log 0 = 0), and let log(0) give the infinity.",
           "某个 q_i = 0 而 p_i > 0 时，{name} 为 inf（log 0 = -inf），这里正是这种情况：这些项被略去了"
           "（例如用 q > 0 作掩码），结果因此是有限值。只能略去 p_i = 0 的项（0 log 0 = 0），让 log(0) "
           "给出无穷大。", name=name),
        _scaled(value(np.where(q > 0, p, 0.0), q), base))}
    with np.errstate(all="ignore"):
        for eps in _SMALL:
            found[f"{prefix}:finite_at_zero_q:clip{eps:g}"] = (text, _scaled(value(p, np.clip(q, eps, 1.0)), base))
            found[f"{prefix}:finite_at_zero_q:add{eps:g}"] = (text, _scaled(value(p, q + eps), base))
    return found


def _cross_entropy_mistakes(p: np.ndarray, q: np.ndarray, base: float) -> Mistakes:
    nats = _h(p, q)
    found = _base_mistakes("cross_entropy", nats, base) if np.isfinite(nats) else {}
    found["cross_entropy:swapped"] = (
        tr("p and q are swapped: this is H(q, p) = -sum q_i log p_i. In H(p, q) the true "
           "distribution p weighs the terms and the model q is inside the log.",
           "p 和 q 颠倒了：这是 H(q, p) = -sum q_i log p_i。在 H(p, q) 中，真实分布 p 作权重，"
           "模型分布 q 在对数里。"), _scaled(_h(q, p), base))
    if np.isfinite(nats):
        found["cross_entropy:sign"] = (_MINUS, -_scaled(nats, base))
    found["cross_entropy:entropy"] = (
        tr("this is the entropy H(p): the logarithm must be of q, H(p, q) = -sum p_i log q_i.",
           "这是熵 H(p)：对数里应是 q，H(p, q) = -sum p_i log q_i。"), _scaled(_h(p, p), base))
    found["cross_entropy:kl"] = (
        tr("this is the KL divergence D(p || q): the cross-entropy is H(p) + D(p || q) = "
           "-sum p_i log q_i.",
           "这是 KL 散度 D(p || q)：交叉熵是 H(p) + D(p || q) = -sum p_i log q_i。"),
        _scaled(_kl(p, q), base))
    if np.any((p == 0) & (q == 0)):
        found["cross_entropy:zero_terms"] = (_NAN_TERMS, _naive(p, q))
    found.update(_finite_at_zero_q("cross_entropy", "cross_entropy", p, q, base, _h))
    return found


def _base_kw(base: float) -> dict[str, Any]:
    """The base argument, left out when it is the default e (as a learner would call it)."""
    return {} if base == E else {"base": base}


def _distribution(rng: np.random.Generator, k: int, zeros: int = 0) -> np.ndarray:
    """A random distribution over k outcomes, far from uniform, with some exact zeros."""
    w = rng.uniform(0.05, 1.0, size=k) ** 2
    if zeros:
        w[rng.choice(k, size=zeros, replace=False)] = 0.0
    return np.asarray(w / w.sum(), dtype=float)


# -- self_information ----------------------------------------------------------------------


@check("self_information")
def information_worked_examples(ctx: Context) -> None:
    """self_information(0.5, base=2) is 1 bit, 0.25 gives 2 bits and a sure event gives 0
    self_information(0.5, base=2) 为 1 比特，0.25 为 2 比特，必然事件为 0"""
    for p, base in ((0.5, 2.0), (0.25, 2.0), (1.0, E), (0.1, E)):
        agrees(ctx, p, **_base_kw(base), mistakes=partial(_information_mistakes, np.asarray(p), base))


@check("self_information")
def information_element_wise(ctx: Context) -> None:
    """self_information works element-wise on arrays, in nats by default and in any base
    self_information 对数组逐元素计算，默认单位为奈特，也支持任意底数"""
    rng = ctx.rng()
    cases: list[tuple[Any, float]] = [
        (rng.uniform(0.01, 1.0, size=5), E), (rng.uniform(0.01, 1.0, size=(2, 3)), 2.0),
        (rng.uniform(0.01, 1.0, size=4), 10.0)]
    for p, base in cases:
        agrees(ctx, p, **_base_kw(base), mistakes=partial(_information_mistakes, p, base))
    agrees(ctx, [0.5, 0.125, 1.0], base=2.0)


@check("self_information", kind="supporting")
def information_rejects_impossible_probabilities(ctx: Context) -> None:
    """self_information raises ValueError for p outside (0, 1]
    p 不在 (0, 1] 内时，self_information 抛出 ValueError"""
    rejects(ctx, tr("p = 0 has infinite information and is rejected.",
                    "p = 0 的信息量为无穷，应拒绝。"), 0.0)
    rejects(ctx, tr("a probability cannot exceed 1.", "概率不能大于 1。"), 1.5)
    rejects(ctx, tr("a probability cannot be negative.", "概率不能为负。"), [0.5, -0.25])
    rejects(ctx, tr("every entry must lie in (0, 1].", "每个元素都必须在 (0, 1] 内。"),
            np.array([0.5, 0.0]))


_BASE_ADVICE = tr("raise ValueError when base is 1 or <= 0: no logarithm has such a base "
                  "(log_base(x) = ln x / ln base needs base > 0 and base != 1)",
                  "base 为 1 或 <= 0 时抛出 ValueError：对数不能以它为底"
                  "（log_base(x) = ln x / ln base 要求 base > 0 且 base != 1）")
_BASE_ONE = tr("there is no logarithm to base 1 (ln 1 = 0).", "不存在以 1 为底的对数（ln 1 = 0）。")


@check("self_information", kind="advice", advice=_BASE_ADVICE)
def information_rejects_base_one(ctx: Context) -> None:
    """self_information raises ValueError for base 1
    底数为 1 时，self_information 抛出 ValueError"""
    rejects(ctx, _BASE_ONE, 0.5, base=1.0)


# -- entropy -------------------------------------------------------------------------------


@check("entropy")
def entropy_worked_examples(ctx: Context) -> None:
    """entropy([0.5, 0.5], base=2) is 1 bit and entropy([0.7, 0.2, 0.1]) is 0.8018 nats
    entropy([0.5, 0.5], base=2) 为 1 比特，entropy([0.7, 0.2, 0.1]) 为 0.8018 奈特"""
    # A uniform p over k = 2 makes k H(p) the unweighted sum, and any 2x a missing 1/2: a
    # mistake is named only if it fits a second input (k = 3, not uniform, the same base).
    p, second = [0.5, 0.5], [0.7, 0.2, 0.1]
    agrees_confirmed(ctx, (p,), _entropy_mistakes(np.asarray(p), 2.0), (second,),
                     _entropy_mistakes(np.asarray(second), 2.0), kwargs={"base": 2.0},
                     second_kwargs={"base": 2.0})
    agrees(ctx, second, mistakes=partial(_entropy_mistakes, np.asarray(second), E))


@check("entropy")
def entropy_random_distributions(ctx: Context) -> None:
    """entropy is -sum p_i log p_i on random distributions, in bases e, 2 and 10
    在随机分布上 entropy 等于 -sum p_i log p_i（底数 e、2、10）"""
    rng = ctx.rng()
    for k, base in ((4, E), (6, 2.0), (5, 10.0)):
        p = _distribution(rng, k)
        agrees(ctx, p, **_base_kw(base), mistakes=partial(_entropy_mistakes, p, base))
    agrees(ctx, *as_lists(_distribution(rng, 3)))


@check("entropy")
def entropy_zero_terms(ctx: Context) -> None:
    """terms with p_i = 0 contribute 0: entropy([1, 0]) is 0 and zeros do not give NaN
    p_i = 0 的项贡献为 0：entropy([1, 0]) 为 0，零元素不会产生 NaN"""
    rng = ctx.rng()
    for p in (np.array([1.0, 0.0]), np.array([0.5, 0.0, 0.25, 0.25]), _distribution(rng, 6, 2)):
        agrees(ctx, p, mistakes=partial(_entropy_mistakes, p, E))


@check("entropy")
def entropy_of_uniform_is_log_k(ctx: Context) -> None:
    """the uniform distribution over K outcomes has entropy log K, the largest possible
    K 个结果上的均匀分布的熵为 log K，是最大的"""
    # On a uniform p, k H(p) is the unweighted -sum log p_i: a mistake is named only if it
    # also fits a distribution that is not uniform.
    second = np.array([0.7, 0.2, 0.1])
    for k, base in ((1, E), (2, E), (4, 2.0), (10, E), (8, 2.0)):
        p = np.full(k, 1.0 / k)
        agrees_confirmed(ctx, (p,), _entropy_mistakes(p, base), (second,), _entropy_mistakes(second, base),
                         kwargs=_base_kw(base), second_kwargs=_base_kw(base))


@check("entropy", kind="supporting")
def entropy_rejects_non_distributions(ctx: Context) -> None:
    """entropy raises ValueError when p is not a distribution
    p 不是分布时，entropy 抛出 ValueError"""
    rejects(ctx, tr("[0.5, 0.6] sums to 1.1, so it is not a distribution.",
                    "[0.5, 0.6] 的和为 1.1，不是分布。"), [0.5, 0.6])
    rejects(ctx, tr("[1.5, -0.5] sums to 1 but has a negative entry.",
                    "[1.5, -0.5] 的和为 1，但有负数元素。"), [1.5, -0.5])
    rejects(ctx, tr("a distribution is a 1-D array.", "分布必须是一维数组。"),
            np.full((2, 2), 0.25))


@check("entropy", kind="advice", advice=_BASE_ADVICE)
def entropy_rejects_base_one(ctx: Context) -> None:
    """entropy raises ValueError for base 1
    底数为 1 时，entropy 抛出 ValueError"""
    rejects(ctx, _BASE_ONE, [0.5, 0.5], base=1.0)


# -- kl_divergence -------------------------------------------------------------------------


def _kl_case(ctx: Context, p: Any, q: Any, base: float = E) -> Any:
    pa, qa = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    return agrees(ctx, p, q, **_base_kw(base), mistakes=partial(_kl_mistakes, pa, qa, base))


@check("kl_divergence")
def kl_worked_examples(ctx: Context) -> None:
    """kl_divergence([0.5, 0.5], [0.25, 0.75], base=2) is 0.2075 bits; [1, 0] from [0.5, 0.5] is ln 2
    kl_divergence([0.5, 0.5], [0.25, 0.75], base=2) 为 0.2075 比特；[1, 0] 相对 [0.5, 0.5] 为 ln 2"""
    _kl_case(ctx, [0.5, 0.5], [0.25, 0.75], 2.0)
    _kl_case(ctx, [1.0, 0.0], [0.5, 0.5])


@check("kl_divergence")
def kl_is_asymmetric(ctx: Context) -> None:
    """kl_divergence(p, q) on asymmetric pairs, with zeros in p and bases e, 2 and 10
    在不对称的分布对上计算 kl_divergence(p, q)，包括 p 中的零元素和底数 e、2、10"""
    rng = ctx.rng()
    for k, zeros, base in ((4, 0, E), (5, 1, 2.0), (6, 2, E), (3, 0, 10.0)):
        p, q = _distribution(rng, k, zeros), _distribution(rng, k)
        _kl_case(ctx, p, q, base)
    _kl_case(ctx, *as_lists(_distribution(rng, 3), _distribution(rng, 3)))


@check("kl_divergence")
def kl_infinite_when_q_misses_p(ctx: Context) -> None:
    """kl_divergence is inf when some q_i = 0 where p_i > 0, and finite when q_i = 0 = p_i
    当某个 q_i = 0 而 p_i > 0 时 kl_divergence 为 inf；q_i = 0 = p_i 时仍为有限值"""
    _kl_case(ctx, [0.5, 0.5], [1.0, 0.0])
    _kl_case(ctx, np.array([0.6, 0.4, 0.0]), np.array([0.3, 0.7, 0.0]))


@check("kl_divergence", kind="supporting")
def kl_properties(ctx: Context) -> None:
    """KL(p || p) = 0 and KL(p || q) >= 0 (Gibbs' inequality)
    KL(p || p) = 0，且 KL(p || q) >= 0（吉布斯不等式）"""
    rng = ctx.rng()
    for k in (3, 7):
        p = _distribution(rng, k, 1)
        got = ctx.value(p, p)
        expect_scalar(got, 0.0, call=ctx.show(p, p) + "  (q is p: D(p || p) = 0)", atol=1e-12)
    for k in (2, 5):
        p, q = _distribution(rng, k), _distribution(rng, k)
        got = ctx.value(p, q)
        if isinstance(got, (float, np.floating)) and got < -1e-12:
            raise Failure(tr("KL divergence is never negative (Gibbs' inequality), but this "
                             "result is: is the ratio upside down (log(q / p)) or the minus sign "
                             "extra?",
                             "KL 散度不会为负（吉布斯不等式），但这个结果是负的：是否把比值写反了"
                             "（log(q / p)），或多了负号？"),
                          f"call:     {ctx.show(p, q)}\nobtained: {got!r}", ("kl:negative",))


@check("kl_divergence", kind="supporting")
def kl_rejects_bad_input(ctx: Context) -> None:
    """kl_divergence raises ValueError for different lengths or a non-distribution
    长度不同或输入不是分布时，kl_divergence 抛出 ValueError"""
    rejects(ctx, tr("p and q have different lengths.", "p 与 q 的长度不同。"),
            [0.5, 0.5], [0.2, 0.3, 0.5])
    rejects(ctx, tr("q sums to 0.9, so it is not a distribution.", "q 的和为 0.9，不是分布。"),
            [0.5, 0.5], [0.4, 0.5])
    rejects(ctx, tr("p has a negative entry.", "p 中有负数元素。"), [1.2, -0.2], [0.5, 0.5])


# -- cross_entropy -------------------------------------------------------------------------


def _ce_case(ctx: Context, p: Any, q: Any, base: float = E) -> Any:
    pa, qa = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    return agrees(ctx, p, q, **_base_kw(base), mistakes=partial(_cross_entropy_mistakes, pa, qa, base))


@check("cross_entropy")
def cross_entropy_worked_examples(ctx: Context) -> None:
    """cross_entropy([1, 0, 0], [0.7, 0.2, 0.1]) is -ln 0.7 = 0.3567; base 2 gives bits
    cross_entropy([1, 0, 0], [0.7, 0.2, 0.1]) 等于 -ln 0.7 = 0.3567；base=2 时单位为比特"""
    _ce_case(ctx, [1.0, 0.0, 0.0], [0.7, 0.2, 0.1])
    _ce_case(ctx, [0.5, 0.5], [0.25, 0.75], 2.0)


@check("cross_entropy")
def cross_entropy_random_pairs(ctx: Context) -> None:
    """cross_entropy(p, q) = -sum p_i log q_i on asymmetric pairs, in bases e, 2 and 10
    在不对称的分布对上 cross_entropy(p, q) = -sum p_i log q_i（底数 e、2、10）"""
    rng = ctx.rng()
    for k, zeros, base in ((4, 0, E), (5, 1, 2.0), (6, 2, 10.0)):
        p, q = _distribution(rng, k, zeros), _distribution(rng, k)
        _ce_case(ctx, p, q, base)
    _ce_case(ctx, np.array([0.6, 0.4, 0.0]), np.array([0.3, 0.7, 0.0]))
    _ce_case(ctx, [0.5, 0.5], [1.0, 0.0])


@check("cross_entropy")
def cross_entropy_is_entropy_plus_kl(ctx: Context) -> None:
    """H(p, q) = H(p) + KL(p || q), so H(p, q) >= H(p), with equality for q = p
    H(p, q) = H(p) + KL(p || q)，所以 H(p, q) >= H(p)，q = p 时取等号"""
    rng = ctx.rng()
    for k, same in ((4, False), (5, True), (3, False)):
        p = _distribution(rng, k, 1 if k > 3 else 0)
        q = p if same else _distribution(rng, k)
        h, kl = _h(p, p), _kl(p, q)
        got = ctx.value(p, q)
        expect_scalar(got, h + kl,
                      call=ctx.show(p, q) + f"  (H(p) = {h:.6g}, KL(p || q) = {kl:.6g})",
                      mistakes=partial(_cross_entropy_mistakes, p, q, E))


@check("cross_entropy", kind="supporting")
def cross_entropy_rejects_bad_input(ctx: Context) -> None:
    """cross_entropy raises ValueError when p or q is not a distribution
    p 或 q 不是分布时，cross_entropy 抛出 ValueError"""
    rejects(ctx, tr("p sums to 1.2, so it is not a distribution.", "p 的和为 1.2，不是分布。"),
            [0.6, 0.6], [0.5, 0.5])


@check("cross_entropy", kind="advice",
       advice=tr("raise ValueError when p and q have different lengths",
                 "p 与 q 的长度不同时抛出 ValueError"))
def cross_entropy_rejects_different_lengths(ctx: Context) -> None:
    """cross_entropy raises ValueError for p and q of different lengths
    p 与 q 长度不同时，cross_entropy 抛出 ValueError"""
    rejects(ctx, tr("p and q have different lengths.", "p 与 q 的长度不同。"),
            [0.5, 0.5], [0.2, 0.3, 0.5])


# -- the tolerance of "sums to 1", at its edge ---------------------------------------------------
# "A distribution is a 1-D array of non-negative numbers summing to 1 (tolerance 1e-6)": a sum
# 5e-6 away from 1 is rejected (np.isclose's default rtol of 1e-5 would accept it), one 5e-7
# away is a distribution.

_TOO_FAR = tr("this sum is 1 + 5e-6, beyond the contract's tolerance of 1e-6. np.isclose(s, 1) and "
              "np.allclose accept it (their default rtol is 1e-5): test abs(p.sum() - 1) > 1e-6 "
              "yourself.",
              "这个和是 1 + 5e-6，超出了契约规定的 1e-6 容差。np.isclose(s, 1) 和 np.allclose 会接受它"
              "（默认 rtol 为 1e-5）：请自己判断 abs(p.sum() - 1) > 1e-6。")
_CLOSE_ENOUGH = tr("this p sums to 1 + 5e-7, within the contract's tolerance of 1e-6, so it is a "
                   "distribution: sums of floats are rarely exactly 1, so compare abs(p.sum() - 1) "
                   "with 1e-6 instead of testing p.sum() == 1.",
                   "这个 p 的和是 1 + 5e-7，在契约规定的 1e-6 容差之内，所以它是分布：浮点数之和很少恰好为 1，"
                   "请把 abs(p.sum() - 1) 与 1e-6 比较，而不是判断 p.sum() == 1。")
_FAR_P = [0.25, 0.25, 0.5 + 5e-6]
_NEAR_P = [0.25, 0.25, 0.5 + 5e-7]
_Q = [0.2, 0.3, 0.5]


def _accepts_near(ctx: Context, mistakes: Mistakes, *args: Any) -> None:
    obs = ctx.call(*args)
    if obs.raised is not None and obs.raised.is_a("ValueError"):
        raise Failure(_CLOSE_ENOUGH, f"call:     {ctx.show(*args)}\nraised:   {obs.raised.summary()}",
                      ("distribution:too_strict",))
    expected = getattr(ctx.reference, ctx.exercise.name)(*args)
    expect_scalar(obs.result(), float(expected), call=lambda: ctx.show(*args), mistakes=mistakes)
    ctx.expect_unmodified(obs, *args)


@check("entropy", kind="supporting")
def entropy_tolerance_edge(ctx: Context) -> None:
    """entropy rejects a p whose sum is 5e-6 away from 1 (the tolerance is 1e-6)
    p 的和与 1 相差 5e-6 时 entropy 抛出 ValueError（容差为 1e-6）"""
    rejects(ctx, _TOO_FAR, _FAR_P)


@check("entropy")
def entropy_within_tolerance(ctx: Context) -> None:
    """entropy accepts a p whose sum is 5e-7 away from 1 (within the tolerance 1e-6)
    p 的和与 1 相差 5e-7（在 1e-6 容差之内）时，entropy 正常计算"""
    _accepts_near(ctx, _entropy_mistakes(np.asarray(_NEAR_P), E), _NEAR_P)


@check("kl_divergence", kind="supporting")
def kl_tolerance_edge(ctx: Context) -> None:
    """kl_divergence rejects a p or q whose sum is 5e-6 away from 1 (the tolerance is 1e-6)
    p 或 q 的和与 1 相差 5e-6 时 kl_divergence 抛出 ValueError（容差为 1e-6）"""
    rejects(ctx, _TOO_FAR, _FAR_P, _Q)
    rejects(ctx, _TOO_FAR, _Q, _FAR_P)


@check("kl_divergence")
def kl_within_tolerance(ctx: Context) -> None:
    """kl_divergence accepts p and q whose sums are 5e-7 away from 1
    p、q 的和与 1 相差 5e-7 时，kl_divergence 正常计算"""
    for p, q in ((_NEAR_P, _Q), (_Q, _NEAR_P)):
        _accepts_near(ctx, _kl_mistakes(np.asarray(p), np.asarray(q), E), p, q)


@check("cross_entropy", kind="supporting")
def cross_entropy_tolerance_edge(ctx: Context) -> None:
    """cross_entropy rejects a p or q whose sum is 5e-6 away from 1 (the tolerance is 1e-6)
    p 或 q 的和与 1 相差 5e-6 时 cross_entropy 抛出 ValueError（容差为 1e-6）"""
    rejects(ctx, _TOO_FAR, _FAR_P, _Q)
    rejects(ctx, _TOO_FAR, _Q, _FAR_P)


@check("cross_entropy")
def cross_entropy_within_tolerance(ctx: Context) -> None:
    """cross_entropy accepts p and q whose sums are 5e-7 away from 1
    p、q 的和与 1 相差 5e-7 时，cross_entropy 正常计算"""
    for p, q in ((_NEAR_P, _Q), (_Q, _NEAR_P)):
        _accepts_near(ctx, _cross_entropy_mistakes(np.asarray(p), np.asarray(q), E), p, q)


# -- int inputs (the contract converts lists and ints to float) ----------------------------

def _floats(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=float)


def _base(args: tuple[Any, ...], at: int) -> float:
    return float(args[at]) if len(args) > at else E


# An int distribution is one-hot (its entropy is 0), so an int base joins in: a function that
# returns 0 for everything must not pass.
# Each is named by the lesson's own mistakes, as in the other checks.
information_int_inputs = int_inputs("self_information", ((1,), ([1, 1],), (np.array([1]),), ([0.5, 0.25], 2)),
                                    lambda *a: _information_mistakes(_floats(a[0]), _base(a, 1)))
entropy_int_inputs = int_inputs("entropy", ((np.array([1, 0, 0]),), ([0, 1],), ([0.5, 0.25, 0.25], 2)),
                                lambda *a: _entropy_mistakes(_floats(a[0]), _base(a, 1)))
kl_int_inputs = int_inputs("kl_divergence", ((np.array([1, 0]), np.array([1, 0])), ([1, 0], [0, 1]),
                                             ([0.5, 0.5], [0.25, 0.75], 2)),
                           lambda *a: _kl_mistakes(_floats(a[0]), _floats(a[1]), _base(a, 2)))
cross_entropy_int_inputs = int_inputs("cross_entropy", ((np.array([1, 0]), np.array([1, 0])), ([1, 0], [0, 1]),
                                                        ([0.5, 0.5], [0.25, 0.75], 2)),
                                      lambda *a: _cross_entropy_mistakes(_floats(a[0]), _floats(a[1]), _base(a, 2)))


# -- a ValueError for an input the contract accepts ------------------------------------------
# A learner's own test of "is a distribution" that is stricter than the contract's (p.sum() == 1,
# p > 0) raises on a right input; the value checks then show only the learner's own message.
# These name what was valid about the input, wherever such a call surfaces.


def _is_distribution(value: Any) -> bool:
    try:
        p = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return bool(p.ndim == 1 and np.all(np.isfinite(p)) and np.all(p >= 0) and abs(p.sum() - 1.0) <= 1e-6)


def _valid_base(args: tuple[Any, ...], kwargs: dict[str, Any], at: int) -> bool:
    base = kwargs.get("base", args[at] if len(args) > at else E)
    try:
        b = float(base)
    except (TypeError, ValueError):
        return False
    return bool(np.isfinite(b) and b > 0 and b != 1.0)


def _too_strict(names: tuple[str, ...]) -> RaisedHint:
    def hint(raised: Raised, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Text] | None:
        given = [kwargs.get(name, args[i] if len(args) > i else None) for i, name in enumerate(names)]
        if not raised.is_a("ValueError") or not all(_is_distribution(v) for v in given):
            return None
        arrays = [np.asarray(v, dtype=float) for v in given]
        if len({a.shape for a in arrays}) != 1 or not _valid_base(args, kwargs, len(names)):
            return None
        for name, p in zip(names, arrays):
            total = float(np.sum(p))
            if total != 1.0:
                return "distribution:too_strict", tr(
                    "{name} is a distribution: its sum in floating point is {total!r}, within the "
                    "contract's 1e-6 of 1. Sums of floats are rarely exactly 1: compare "
                    "abs({name}.sum() - 1) with 1e-6 instead of testing {name}.sum() == 1.",
                    "{name} 是一个分布：它的浮点数之和为 {total!r}，与 1 的差在契约规定的 1e-6 之内。"
                    "浮点数之和很少恰好为 1：请把 abs({name}.sum() - 1) 与 1e-6 比较，而不是判断 "
                    "{name}.sum() == 1。", name=name, total=total)
        if any(np.any(p == 0) for p in arrays):
            return "distribution:rejects_zero", tr(
                "Every argument here is a distribution: a probability of 0 is allowed (its terms "
                "contribute 0, as 0 log 0 = 0), so raise only for negative entries.",
                "这里的每个参数都是分布：概率可以为 0（这些项贡献 0，因为 0 log 0 = 0），只有出现负数时"
                "才应抛出异常。")
        return "distribution:rejects_valid", tr(
            "Every argument here is a distribution (1-D, non-negative, summing to 1) and the base is "
            "valid: this input must not raise.",
            "这里的每个参数都是分布（一维、非负、和为 1），底数也有效：这个输入不应抛出异常。")

    return hint


def _sure_event(raised: Raised, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Text] | None:
    """self_information rejecting p = 1, which lies in (0, 1]."""
    given = kwargs.get("p", args[0] if args else None)
    try:
        p = np.asarray(given, dtype=float)
    except (TypeError, ValueError):
        return None
    if (not raised.is_a("ValueError") or not np.all((p > 0) & (p <= 1)) or not np.any(p == 1)
            or not _valid_base(args, kwargs, 1)):
        return None
    return "information:rejects_one", tr(
        "p = 1 lies in (0, 1]: a sure event carries 0 information, so reject only p <= 0 and p > 1.",
        "p = 1 在 (0, 1] 之内：必然事件的信息量为 0，只应拒绝 p <= 0 和 p > 1。")


RAISED_HINTS = {"entropy": _too_strict(("p",)), "kl_divergence": _too_strict(("p", "q")),
                "cross_entropy": _too_strict(("p", "q")), "self_information": _sure_event}
