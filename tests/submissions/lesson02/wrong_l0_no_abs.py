# expect: l0_norm=failed, l1_norm=passed, l2_norm=passed, lp_norm=passed, l1_penalty=passed, l1_penalty_grad=passed, l2_penalty=passed, l2_penalty_grad=passed
# feedback: l0_norm=negative entries were not counted
import math

import numpy as np


def _entries(x):
    return [float(v) for v in np.asarray(x, dtype=float).ravel()]


def l0_norm(x, tol=0.0):
    return sum(1 for v in _entries(x) if v > tol)


def l1_norm(x):
    return sum(abs(v) for v in _entries(x)) * 1.0


def l2_norm(x):
    return math.sqrt(sum(v * v for v in _entries(x)))


def lp_norm(x, p):
    if p < 1:
        raise ValueError("p must be >= 1")
    values = [abs(v) for v in _entries(x)]
    if not values:
        return 0.0
    if p == math.inf:
        return max(values)
    return sum(v ** p for v in values) ** (1.0 / p)


def l1_penalty(w, lam):
    return lam * l1_norm(w)


def l1_penalty_grad(w, lam):
    w = np.asarray(w, dtype=float)
    out = np.zeros_like(w)
    out[w > 0] = lam
    out[w < 0] = -lam
    return out


def l2_penalty(w, lam):
    return 0.5 * lam * l2_norm(w) ** 2


def l2_penalty_grad(w, lam):
    return np.array(w, dtype=float) * lam
