import numpy as np


def l0_norm(x, tol=0.0):
    return int(np.sum(np.abs(np.asarray(x, dtype=float)) > tol))


def l1_norm(x):
    return float(np.sum(np.abs(np.asarray(x, dtype=float))))


def l2_norm(x):
    x = np.asarray(x, dtype=float)
    return float(np.sqrt(np.sum(x * x)))


def lp_norm(x, p):
    if p < 1:
        raise ValueError("p must be at least 1")
    x = np.abs(np.asarray(x, dtype=float))
    if x.size == 0:
        return 0.0
    if p == np.inf:
        return float(np.max(x))
    return float(np.sum(x ** p) ** (1.0 / p))


def l1_penalty(w, lam):
    return lam * l1_norm(w)


def l1_penalty_grad(w, lam):
    return lam * np.sign(np.asarray(w, dtype=float))


def l2_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return lam / 2 * float(np.sum(w ** 2))


def l2_penalty_grad(w, lam):
    return lam * np.asarray(w, dtype=float)
