# expect: self_information=passed, entropy=passed, kl_divergence=passed, cross_entropy=passed
"""Lesson 04: information theory, with plain loops and math.log."""

import math

import numpy as np


def _as_distribution(p):
    values = [float(v) for v in np.asarray(p, dtype=float).ravel()]
    if np.ndim(p) != 1:
        raise ValueError("a distribution must be a 1-D array")
    total = 0.0
    for v in values:
        if not math.isfinite(v) or v < 0:
            raise ValueError("a distribution cannot have negative or non-finite entries")
        total += v
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"a distribution must sum to 1, this one sums to {total}")
    return values


def _log(x, base):
    if base <= 0 or base == 1 or math.isinf(base):
        raise ValueError("the base of a logarithm must be positive and different from 1")
    return math.log(x) / math.log(base)


def self_information(p, base=np.e):
    arr = np.asarray(p, dtype=float)
    out = np.empty(arr.shape)
    flat_in = arr.ravel()
    flat_out = out.reshape(-1)
    for i in range(flat_in.size):
        v = float(flat_in[i])
        if not 0 < v <= 1:
            raise ValueError(f"a probability must lie in (0, 1], got {v}")
        flat_out[i] = -_log(v, base)
    _log(1.0, base)
    if arr.ndim == 0:
        return float(out)
    return out


def entropy(p, base=np.e):
    _log(1.0, base)
    h = 0.0
    for pi in _as_distribution(p):
        if pi > 0:
            h -= pi * _log(pi, base)
    return h


def kl_divergence(p, q, base=np.e):
    _log(1.0, base)
    p = _as_distribution(p)
    q = _as_distribution(q)
    if len(p) != len(q):
        raise ValueError("p and q must have the same length")
    d = 0.0
    for pi, qi in zip(p, q):
        if pi == 0:
            continue
        if qi == 0:
            return math.inf
        d += pi * _log(pi / qi, base)
    return d


def cross_entropy(p, q, base=np.e):
    _log(1.0, base)
    p = _as_distribution(p)
    q = _as_distribution(q)
    if len(p) != len(q):
        raise ValueError("p and q must have the same length")
    h = 0.0
    for pi, qi in zip(p, q):
        if pi == 0:
            continue
        if qi == 0:
            return math.inf
        h -= pi * _log(qi, base)
    return h
