import numpy as np


def batch_gd(grad_fn, w0, X, y, lr, epochs):
    w = np.array(w0, dtype=float)
    history = []
    for _ in range(epochs):
        w = w - lr * grad_fn(w, X, y)
        history.append(w.copy())
    return w, history


def sgd(grad_fn, w0, X, y, lr, epochs, rng):
    w = np.array(w0, dtype=float)
    history = []
    for _ in range(epochs):
        for i in rng.permutation(len(X)):
            w = w - lr * grad_fn(w, X[i:i + 1], y[i:i + 1])
            history.append(w.copy())
    return w, history


def minibatch_gd(grad_fn, w0, X, y, lr, epochs, batch_size, rng):
    w = np.array(w0, dtype=float)
    history = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            w = w - lr * grad_fn(w, X[rows], y[rows])
            history.append(w.copy())
    return w, history


def momentum_step(w, v, g, lr, beta=0.9):
    v = beta * np.asarray(v, dtype=float) + np.asarray(g, dtype=float)
    return np.asarray(w, dtype=float) - lr * v, v


def adam_step(w, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(g, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return np.asarray(w, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def exponential_decay(lr0, decay_rate, step):
    return lr0 * decay_rate ** step
