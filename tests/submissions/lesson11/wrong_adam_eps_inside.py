# expect: batch_gd=passed, sgd=passed, minibatch_gd=passed, momentum_step=passed, adam_step=failed, exponential_decay=passed
# feedback: adam_step=eps is inside the square root
"""Lesson 11: optimisers. Adam with eps inside the square root: invisible for gradients near 1, a different step for small ones."""

from __future__ import annotations

import numpy as np


def _setup(w0, X, y, epochs):
    if epochs < 0:
        raise ValueError("epochs must be >= 0")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if len(X) != len(y):
        raise ValueError("X and y must have the same number of samples")
    return np.array(w0, dtype=float), X, y


def batch_gd(grad_fn, w0, X, y, lr, epochs):
    w, X, y = _setup(w0, X, y, epochs)
    history = []
    for _ in range(epochs):
        w = w - lr * np.asarray(grad_fn(w, X, y), dtype=float)
        history.append(w.copy())
    return w, history


def sgd(grad_fn, w0, X, y, lr, epochs, rng):
    w, X, y = _setup(w0, X, y, epochs)
    m = len(X)
    history = []
    for _ in range(epochs):
        order = rng.permutation(m)
        for i in order:
            w = w - lr * np.asarray(grad_fn(w, X[i:i + 1], y[i:i + 1]), dtype=float)
            history.append(w.copy())
    return w, history


def minibatch_gd(grad_fn, w0, X, y, lr, epochs, batch_size, rng):
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    w, X, y = _setup(w0, X, y, epochs)
    m = len(X)
    history = []
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            w = w - lr * np.asarray(grad_fn(w, X[idx], y[idx]), dtype=float)
            history.append(w.copy())
    return w, history


def momentum_step(w, v, g, lr, beta=0.9):
    w, v, g = (np.asarray(a, dtype=float) for a in (w, v, g))
    if not (w.shape == v.shape == g.shape):
        raise ValueError("w, v and g must have the same shape")
    v = beta * v + g
    w = w - lr * v
    return w, v


def adam_step(w, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t counts from 1")
    w, m, v, g = (np.asarray(a, dtype=float) for a in (w, m, v, g))
    if not (w.shape == m.shape == v.shape == g.shape):
        raise ValueError("w, m, v and g must have the same shape")
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / np.sqrt(v_hat + eps)
    return w, m, v

def exponential_decay(lr0, decay_rate, step):
    if decay_rate < 0 or step < 0:
        raise ValueError("decay_rate and step must be >= 0")
    return float(lr0 * decay_rate ** step)
