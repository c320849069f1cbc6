# expect: l0_norm=passed, l1_norm=passed, l2_norm=passed, lp_norm=failed, l1_penalty=passed, l1_penalty_grad=passed, l2_penalty=passed, l2_penalty_grad=passed
# feedback: lp_norm=becomes inf ** 0
# A natural bug: the general formula used for p = np.inf too, where it gives inf ** 0 = 1.0.
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _flat(x: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(x, dtype=float).reshape(-1)


def l0_norm(x: ArrayLike, tol: float = 0.0) -> int:
    """The number of entries with |x_i| > tol."""
    return int(np.count_nonzero(np.abs(_flat(x)) > tol))


def l1_norm(x: ArrayLike) -> float:
    """Sum of |x_i|."""
    return float(np.sum(np.abs(_flat(x))))


def l2_norm(x: ArrayLike) -> float:
    """Square root of the sum of squares."""
    v = _flat(x)
    return float(np.sqrt(np.sum(v * v)))


def lp_norm(x: ArrayLike, p: float) -> float:
    if p < 1:
        raise ValueError(f"p must be at least 1, got {p}")
    v = np.abs(_flat(x))
    return float(np.sum(v**p) ** (1.0 / p))


def l1_penalty(w: ArrayLike, lam: float) -> float:
    """lam * sum |w_i|."""
    return float(lam * np.sum(np.abs(np.asarray(w, dtype=float))))


def l1_penalty_grad(w: ArrayLike, lam: float) -> NDArray[np.float64]:
    """lam * sign(w), 0 where w_i == 0; w's shape."""
    return lam * np.sign(np.asarray(w, dtype=float))


def l2_penalty(w: ArrayLike, lam: float) -> float:
    """lam / 2 * sum w_i^2."""
    v = np.asarray(w, dtype=float)
    return float(lam / 2.0 * np.sum(v * v))


def l2_penalty_grad(w: ArrayLike, lam: float) -> NDArray[np.float64]:
    """lam * w; w's shape."""
    return lam * np.asarray(w, dtype=float)
