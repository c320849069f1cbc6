# expect: self_information=passed, entropy=failed, kl_divergence=failed, cross_entropy=passed
# feedback: entropy=nan, kl_divergence=nan
"""Lesson 04: information theory (0 log 0 not handled)."""

import numpy as np


def _check(p, name="p"):
    p = np.asarray(p, dtype=float)
    if p.ndim != 1:
        raise ValueError(f"{name} must be a 1-D distribution")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"{name} has a negative or non-finite probability")
    if abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"{name} does not sum to 1")
    return p


def _ln_base(base):
    if not np.isfinite(base) or base <= 0 or base == 1:
        raise ValueError("base must be positive and not 1")
    return np.log(base)


def self_information(p, base=np.e):
    lb = _ln_base(base)
    p = np.asarray(p, dtype=float)
    if not np.all((p > 0) & (p <= 1)):
        raise ValueError("probabilities must be in (0, 1]")
    out = -np.log(p) / lb
    if out.ndim == 0:
        return float(out)
    return out


def entropy(p, base=np.e):
    lb = _ln_base(base)
    p = _check(p)
    return float(-np.sum(p * np.log(p)) / lb)


def kl_divergence(p, q, base=np.e):
    lb = _ln_base(base)
    p = _check(p, "p")
    q = _check(q, "q")
    if p.shape != q.shape:
        raise ValueError("p and q have different lengths")
    if np.any((p > 0) & (q == 0)):
        return float("inf")
    return float(np.sum(p * np.log(p / q)) / lb)


def cross_entropy(p, q, base=np.e):
    lb = _ln_base(base)
    p = _check(p, "p")
    q = _check(q, "q")
    if p.shape != q.shape:
        raise ValueError("p and q have different lengths")
    keep = p > 0
    if np.any(q[keep] == 0):
        return float("inf")
    return float(-np.sum(p[keep] * np.log(q[keep])) / lb)
