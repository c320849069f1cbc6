# expect: l0_norm=passed, l1_norm=passed, l2_norm=passed, lp_norm=failed, l1_penalty=passed, l1_penalty_grad=failed, l2_penalty=passed, l2_penalty_grad=failed
# feedback: l1_penalty_grad=w_i == 0, l2_penalty_grad=in place, lp_norm=ValueError
import numpy as np


def l0_norm(x, tol=0.0):
    return int(np.count_nonzero(np.abs(np.asarray(x, dtype=float)) > tol))


def l1_norm(x):
    return float(np.sum(np.abs(np.asarray(x, dtype=float))))


def l2_norm(x):
    return float(np.sqrt(np.sum(np.square(np.asarray(x, dtype=float)))))


def lp_norm(x, p):
    v = np.abs(np.asarray(x, dtype=float).ravel())
    if v.size == 0:
        return 0.0
    if np.isinf(p):
        return float(v.max())
    return float(np.sum(v ** p) ** (1 / p))


def l1_penalty(w, lam):
    return float(lam * np.sum(np.abs(np.asarray(w, dtype=float))))


def l1_penalty_grad(w, lam):
    w = np.asarray(w, dtype=float)
    return lam * np.where(w >= 0, 1.0, -1.0)


def l2_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return float(lam / 2 * np.sum(w * w))


def l2_penalty_grad(w, lam):
    if isinstance(w, np.ndarray) and w.dtype == float:
        w *= lam
        return w
    return lam * np.asarray(w, dtype=float)
