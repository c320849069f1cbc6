# lesson: lesson02
# expect: l0_norm=passed, l1_norm=passed, l2_norm=failed, lp_norm=failed, l1_penalty=passed, l1_penalty_grad=passed, l2_penalty=passed, l2_penalty_grad=passed
# feedback: l2_norm=np.hypot
# feedback: lp_norm=np.hypot
# score: l2_norm=0.6666666667, lp_norm=0.8
# np.hypot(x, y) is the Euclidean length of (x, y), and np.hypot.reduce that of a whole
# vector: the norm np.linalg.norm computes, under another name. l2_norm reaches it through
# a ufunc method (a plain wrapper in its place would break the call, and fail a value check
# instead of "built it yourself"); lp_norm for p = 2 through a table. The values are right.
import numpy as np

_LENGTH = {"two": np.hypot}


def _flat(x):
    return np.asarray(x, dtype=float).reshape(-1)


def l0_norm(x, tol=0.0):
    return int(np.count_nonzero(np.abs(_flat(x)) > tol))


def l1_norm(x):
    return float(np.sum(np.abs(_flat(x))))


def l2_norm(x):
    v = _flat(x)
    return float(np.hypot.reduce(v)) if v.size else 0.0


def lp_norm(x, p):
    if not p >= 1:
        raise ValueError(f"p must be at least 1, got {p}")
    v = np.abs(_flat(x))
    if v.size == 0:
        return 0.0
    if np.isinf(p):
        return float(np.max(v))
    if p == 2:
        return float(_LENGTH["two"].reduce(v))
    return float(np.sum(v**p) ** (1.0 / p))


def l1_penalty(w, lam):
    return float(lam * np.sum(np.abs(np.asarray(w, dtype=float))))


def l1_penalty_grad(w, lam):
    return lam * np.sign(np.asarray(w, dtype=float))


def l2_penalty(w, lam):
    v = np.asarray(w, dtype=float)
    return float(lam / 2.0 * np.sum(v * v))


def l2_penalty_grad(w, lam):
    return lam * np.asarray(w, dtype=float)
