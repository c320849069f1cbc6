import numpy as np


def _distribution(p):
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
        raise ValueError("not a distribution")
    return p


def self_information(p, base=np.e):
    p = np.asarray(p, dtype=float)
    if np.any(p <= 0) or np.any(p > 1):
        raise ValueError("p must lie in (0, 1]")
    return -np.log(p) / np.log(base)


def entropy(p, base=np.e):
    p = _distribution(p)
    total = 0.0
    for pi in p:
        if pi > 0:
            total -= pi * np.log(pi)
    return total / np.log(base)


def kl_divergence(p, q, base=np.e):
    p, q = _distribution(p), _distribution(q)
    if len(p) != len(q):
        raise ValueError("lengths differ")
    total = 0.0
    for pi, qi in zip(p, q):
        if pi == 0:
            continue
        if qi == 0:
            return np.inf
        total += pi * np.log(pi / qi)
    return total / np.log(base)


def cross_entropy(p, q, base=np.e):
    p, q = _distribution(p), _distribution(q)
    mask = p > 0
    if np.any(q[mask] == 0):
        return float("inf")
    return float(-np.sum(p[mask] * np.log(q[mask])) / np.log(base))
