# expect: l0_norm=passed, l1_norm=passed, l2_norm=failed, lp_norm=passed, l1_penalty=passed, l1_penalty_grad=passed, l2_penalty=failed, l2_penalty_grad=passed
# feedback: l2_penalty=1/2, l2_norm=np.linalg.norm
import numpy as np


def l0_norm(x, tol=0.0):
    return int((np.abs(np.asarray(x, dtype=float)) > tol).sum())


def l1_norm(x):
    return float(np.abs(np.asarray(x, dtype=float)).sum())


def l2_norm(x):
    return float(np.linalg.norm(np.asarray(x, dtype=float).ravel()))


def lp_norm(x, p):
    if p < 1:
        raise ValueError("p must be at least 1")
    v = np.abs(np.asarray(x, dtype=float).ravel())
    if v.size == 0:
        return 0.0
    if p == np.inf:
        return float(v.max())
    return float((v ** p).sum() ** (1 / p))


def l1_penalty(w, lam):
    return lam * l1_norm(w)


def l1_penalty_grad(w, lam):
    return lam * np.sign(np.asarray(w, dtype=float))


def l2_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return float(lam * (w * w).sum())


def l2_penalty_grad(w, lam):
    return lam * np.asarray(w, dtype=float)
