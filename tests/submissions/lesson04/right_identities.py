# expect: self_information=passed, entropy=passed, kl_divergence=passed, cross_entropy=passed
"""Lesson 04: information theory, using -log_b(p) = ln(p) / ln(1/b) and H(p, q) = H(p) + D(p || q)."""

import numpy as np


def _dist(x, label):
    x = np.array(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"{label}: expected a 1-D probability vector")
    if np.isnan(x).any() or np.isinf(x).any() or (x < 0).any():
        raise ValueError(f"{label}: probabilities must be finite and >= 0")
    if not np.isclose(x.sum(), 1.0, rtol=0.0, atol=1e-6):
        raise ValueError(f"{label}: probabilities must add up to 1")
    return x


def _log_b(x, base):
    if not (0 < base < np.inf) or base == 1:
        raise ValueError("invalid logarithm base")
    return np.log(x) / np.log(base)


def self_information(p, base=np.e):
    p = np.array(p, dtype=float)
    if (p <= 0).any() or (p > 1).any() or np.isnan(p).any():
        raise ValueError("self-information needs probabilities in (0, 1]")
    _log_b(1.0, base)
    # -log_b(p) = ln(p) / ln(1/b)
    info = np.log(p) / np.log(1.0 / base)
    return info if info.ndim else float(info)


def entropy(p, base=np.e):
    p = _dist(p, "p")
    _log_b(1.0, base)
    safe = np.where(p > 0, p, 1.0)
    return float(np.sum(p * np.log(safe)) / np.log(1.0 / base))


def kl_divergence(p, q, base=np.e):
    p = _dist(p, "p")
    q = _dist(q, "q")
    if p.size != q.size:
        raise ValueError("p and q differ in length")
    support = p > 0
    if (q[support] == 0).any():
        _log_b(1.0, base)
        return np.inf
    log_ratio = _log_b(p[support], base) - _log_b(q[support], base)
    return float(np.dot(p[support], log_ratio))


def cross_entropy(p, q, base=np.e):
    return entropy(p, base) + kl_divergence(p, q, base)
