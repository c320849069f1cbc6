# expect: batch_gd=passed, sgd=passed, minibatch_gd=passed, momentum_step=passed, adam_step=failed, exponential_decay=passed
# feedback: adam_step=v_hat is corrected with beta1
"""Lesson 11 with explicit loops; Adam corrects v with beta1 (a slip of the index)."""

from __future__ import annotations

import math

import numpy as np


def _check(X, y, epochs):
    if epochs < 0:
        raise ValueError("epochs cannot be negative")
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples, y has {len(y)}")


def batch_gd(grad_fn, w0, X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    _check(X, y, epochs)
    w = np.copy(np.asarray(w0, dtype=float))
    history = []
    epoch = 0
    while epoch < epochs:
        g = np.asarray(grad_fn(w, X, y), dtype=float)
        w = np.subtract(w, lr * g)
        history.append(np.copy(w))
        epoch += 1
    return w, history


def sgd(grad_fn, w0, X, y, lr, epochs, rng):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    _check(X, y, epochs)
    w = np.copy(np.asarray(w0, dtype=float))
    history = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for k in range(len(order)):
            i = int(order[k])
            g = np.asarray(grad_fn(w, X[i:i + 1], y[i:i + 1]), dtype=float)
            w = w - lr * g
            history.append(np.copy(w))
    return w, history


def minibatch_gd(grad_fn, w0, X, y, lr, epochs, batch_size, rng):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    _check(X, y, epochs)
    if batch_size <= 0:
        raise ValueError("batch_size must be a positive integer")
    m = len(X)
    w = np.copy(np.asarray(w0, dtype=float))
    history = []
    for _ in range(epochs):
        order = rng.permutation(m)
        start = 0
        while start < m:
            stop = min(start + batch_size, m)
            batch = order[start:stop]
            g = np.asarray(grad_fn(w, X[batch], y[batch]), dtype=float)
            w = w - lr * g
            history.append(np.copy(w))
            start = stop
    return w, history


def momentum_step(w, v, g, lr, beta=0.9):
    w = np.asarray(w, dtype=float)
    v = np.asarray(v, dtype=float)
    g = np.asarray(g, dtype=float)
    if w.shape != v.shape or w.shape != g.shape:
        raise ValueError("w, v and g need the same shape")
    new_w = np.empty_like(w)
    new_v = np.empty_like(v)
    for idx in np.ndindex(w.shape):
        new_v[idx] = beta * v[idx] + g[idx]
        new_w[idx] = w[idx] - lr * new_v[idx]
    return new_w, new_v


def adam_step(w, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("the step counter t starts at 1")
    w = np.asarray(w, dtype=float)
    m = np.asarray(m, dtype=float)
    v = np.asarray(v, dtype=float)
    g = np.asarray(g, dtype=float)
    if not (w.shape == m.shape == v.shape == g.shape):
        raise ValueError("w, m, v and g need the same shape")
    new_w, new_m, new_v = np.empty_like(w), np.empty_like(m), np.empty_like(v)
    c1 = 1.0 - beta1 ** t
    c2 = 1.0 - beta1 ** t
    for idx in np.ndindex(w.shape):
        new_m[idx] = beta1 * m[idx] + (1.0 - beta1) * g[idx]
        new_v[idx] = beta2 * v[idx] + (1.0 - beta2) * g[idx] * g[idx]
        new_w[idx] = w[idx] - lr * (new_m[idx] / c1) / (math.sqrt(new_v[idx] / c2) + eps)
    return new_w, new_m, new_v


def exponential_decay(lr0, decay_rate, step):
    if decay_rate < 0:
        raise ValueError("decay_rate must not be negative")
    if step < 0:
        raise ValueError("step must not be negative")
    lr = float(lr0)
    whole = int(step)
    for _ in range(whole):
        lr *= decay_rate
    if step != whole:  # a fractional step
        lr *= decay_rate ** (step - whole)
    return lr
