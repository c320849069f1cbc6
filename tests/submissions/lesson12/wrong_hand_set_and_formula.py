# expect: train_xor=failed, fit_curve=failed
# feedback: train_xor=a hand-set network, fit_curve=a formula that ignores the data
"""Lesson 12 without training: XOR weights set by hand, and the curve's own formula."""

from __future__ import annotations

import numpy as np


def train_xor(seed=0):
    rng = np.random.default_rng(seed)
    W1 = np.array([[6.0, -6.0], [6.0, -6.0]]) + rng.normal(0.0, 0.1, (2, 2))
    return {"W1": W1, "b1": np.array([-3.0, 9.0]), "W2": np.array([[6.0], [6.0]]), "b2": np.array([-9.0])}, "sigmoid"


def fit_curve(x, y, seed=0):
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")

    def predict(x_new):
        x_new = np.asarray(x_new, dtype=float)
        return 0.4 * x_new ** 2 + 0.3 * x_new * np.sin(15 * x_new) + 0.01 * np.cos(50 * x_new) - 0.3

    return predict
