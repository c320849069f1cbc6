# expect: l0_norm=failed, l1_norm=failed, l2_norm=passed, lp_norm=failed, l1_penalty=failed, l1_penalty_grad=passed, l2_penalty=passed, l2_penalty_grad=passed
# feedback: l1_norm=absolute, lp_norm=largest |x_i|, l0_norm=strictly greater
import numpy as np


def l0_norm(x, tol=0.0):
    return int(np.sum(np.abs(np.asarray(x, dtype=float)) >= tol)) if tol else int(np.count_nonzero(x))


def l1_norm(x):
    return float(np.sum(np.asarray(x, dtype=float)))


def l2_norm(x):
    v = np.asarray(x, dtype=float).ravel()
    return float(np.sqrt(np.sum(v ** 2)))


def lp_norm(x, p):
    if p < 1:
        raise ValueError("p must be at least 1")
    v = np.asarray(x, dtype=float).ravel()
    if v.size == 0:
        return 0.0
    if np.isinf(p):
        return float(np.max(v))
    return float(np.sum(np.abs(v) ** p) ** (1 / p))


def l1_penalty(w, lam):
    return lam * l1_norm(w)


def l1_penalty_grad(w, lam):
    return lam * np.sign(np.asarray(w, dtype=float))


def l2_penalty(w, lam):
    v = np.asarray(w, dtype=float)
    return float(lam / 2 * np.sum(v * v))


def l2_penalty_grad(w, lam):
    return lam * np.asarray(w, dtype=float)
