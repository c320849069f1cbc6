# expect: batch_gd=passed, sgd=passed, minibatch_gd=passed, momentum_step=passed, adam_step=passed, exponential_decay=passed
"""Lesson 11: one generic loop for the three descents; Adam in its 'efficient' form."""

from __future__ import annotations

import math

import numpy as np


def _descend(grad_fn, w0, X, y, lr, epochs, make_batches):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.shape[:1] != y.shape[:1]:
        raise ValueError("X and y disagree on the number of samples")
    if epochs < 0:
        raise ValueError("epochs must be >= 0")
    w = np.array(w0, dtype=float, copy=True)
    history = []
    for _ in range(epochs):
        for batch in make_batches(len(X)):
            w = w - lr * np.asarray(grad_fn(w, X[batch], y[batch]), dtype=float)
            history.append(w.copy())
    return w, history


def batch_gd(grad_fn, w0, X, y, lr, epochs):
    return _descend(grad_fn, w0, X, y, lr, epochs, lambda m: [slice(None)])


def sgd(grad_fn, w0, X, y, lr, epochs, rng):
    return _descend(grad_fn, w0, X, y, lr, epochs,
                    lambda m: [slice(i, i + 1) for i in rng.permutation(m)])


def minibatch_gd(grad_fn, w0, X, y, lr, epochs, batch_size, rng):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")

    def batches(m):
        order = rng.permutation(m)
        return [order[k:k + batch_size] for k in range(0, m, batch_size)]

    return _descend(grad_fn, w0, X, y, lr, epochs, batches)


def momentum_step(w, v, g, lr, beta=0.9):
    w, v, g = np.asarray(w, dtype=float), np.asarray(v, dtype=float), np.asarray(g, dtype=float)
    if not (w.shape == v.shape == g.shape):
        raise ValueError(f"shapes differ: w {w.shape}, v {v.shape}, g {g.shape}")
    v_next = np.add(np.multiply(beta, v), g)
    return w - lr * v_next, v_next


def adam_step(w, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError(f"t must be >= 1, got {t}")
    w, m, v, g = (np.asarray(a, dtype=float) for a in (w, m, v, g))
    if not (w.shape == m.shape == v.shape == g.shape):
        raise ValueError("w, m, v, g must share one shape")
    m_next = beta1 * m + (1 - beta1) * g
    v_next = beta2 * v + (1 - beta2) * np.square(g)
    # Kingma & Ba, section 2: fold both corrections into the step size
    # (with eps scaled so that the result is the same as the textbook form)
    root = math.sqrt(1 - beta2 ** t)
    step_size = lr * root / (1 - beta1 ** t)
    w_next = w - step_size * m_next / (np.sqrt(v_next) + eps * root)
    return w_next, m_next, v_next


def exponential_decay(lr0, decay_rate, step):
    if decay_rate < 0 or step < 0:
        raise ValueError("need decay_rate >= 0 and step >= 0")
    if decay_rate == 0:
        return float(lr0) if step == 0 else 0.0
    return float(lr0 * math.exp(step * math.log(decay_rate)))
