"""How long right but slow answers take, against the reference, exercise by exercise.

    python bench/time_limits.py              # every lesson with a slow style below
    python bench/time_limits.py lesson01 lesson12

The time limits (docs/time-limits.md) are a multiple of the time the reference itself
takes to be graded, with a floor, and never more than the registry's timeout. This is
what the multiple was chosen from. A copy of the reference solutions is graded twice by
the real grader: as it is (NumPy, vectorised), and with the functions below replaced by
what a learner may naturally write instead: pure-Python loops over the entries for the
vector and matrix functions of lessons 1, 2 and 9, loop-based backpropagation (lesson 10)
and optimiser steps (lesson 11), and so loop-based training in lesson 12 (it trains with
the learner's own lessons 9-11). Both are graded with the registry's full timeouts
(``--timeout`` is not used); every slow answer must pass, or the table says it did not.

Printed: per exercise, the grader's time for the reference and for the slow style (the
sum of its checks' durations, as measured by the grader) and their ratio; then the
largest ratio. This is a measurement, not a test: it asserts nothing and is not run by CI.
One run each on a shared machine: run it twice before trusting a ratio.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLOW: dict[str, str] = {
    "lesson01_vectors.py": '''

def dot(a, b):
    x, y = _vector(a, "a"), _vector(b, "b")
    if x.shape != y.shape:
        raise ValueError("a and b must have the same length")
    total = 0.0
    for i in range(x.shape[0]):
        total += x[i] * y[i]
    return float(total)


def outer(a, b):
    x, y = _vector(a, "a"), _vector(b, "b")
    out = np.zeros((x.shape[0], y.shape[0]))
    for i in range(x.shape[0]):
        for j in range(y.shape[0]):
            out[i, j] = x[i] * y[j]
    return out


def hadamard(a, b):
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError("a and b must have the same shape")
    out = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        out[index] = x[index] * y[index]
    return out


def matmul(A, B):
    x, y = _matrix(A, "A"), _matrix(B, "B")
    if x.shape[1] != y.shape[0]:
        raise ValueError("inner sizes differ")
    out = np.zeros((x.shape[0], y.shape[1]))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            total = 0.0
            for k in range(x.shape[1]):
                total += x[i, k] * y[k, j]
            out[i, j] = total
    return out
''',
    "lesson02_norms.py": '''

_fast_l2_norm, _fast_lp_norm = l2_norm, lp_norm


def l2_norm(x):
    _fast_l2_norm(x)  # the same checks of its input
    total = 0.0
    for value in np.asarray(x, dtype=float).ravel():
        total += value * value
    return float(total ** 0.5)


def lp_norm(x, p):
    _fast_lp_norm(x, p)  # the same checks of its input
    values = np.asarray(x, dtype=float).ravel()
    if p == float("inf"):
        best = 0.0
        for value in values:
            best = max(best, abs(value))
        return float(best)
    total = 0.0
    for value in values:
        total += abs(value) ** p
    return float(total ** (1.0 / p))
''',
    "lesson09_forward.py": '''
import math as _math

_fast_dense_forward = dense_forward


def dense_forward(X, W, b):
    _fast_dense_forward(X, W, b)  # the same checks of its input
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float)
    Z = np.zeros((X.shape[0], W.shape[1]))
    for i in range(X.shape[0]):
        for j in range(W.shape[1]):
            total = b[j]
            for k in range(X.shape[1]):
                total += X[i, k] * W[k, j]
            Z[i, j] = total
    return Z


_fast_activate = _activate


def _activate(name, z):
    if name not in ("sigmoid", "tanh", "identity"):
        return _fast_activate(name, z)
    out = np.zeros(z.shape)
    for index in np.ndindex(z.shape):
        value = z[index]
        if name == "tanh":
            out[index] = _math.tanh(value)
        elif name == "sigmoid":
            out[index] = 1.0 / (1.0 + _math.exp(-value)) if value >= 0 else _math.exp(value) / (1.0 + _math.exp(value))
        else:
            out[index] = value
    return out
''',
    "lesson10_backprop.py": '''
_fast_dense_backward = dense_backward


def dense_backward(dZ, X, W):
    _fast_dense_backward(dZ, X, W)  # the same checks of its input
    dZ = np.asarray(dZ, dtype=float)
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    m, n_in, n_out = X.shape[0], X.shape[1], W.shape[1]
    dX = np.zeros((m, n_in))
    dW = np.zeros((n_in, n_out))
    db = np.zeros(n_out)
    for i in range(m):
        for j in range(n_out):
            g = dZ[i, j]
            db[j] += g
            for k in range(n_in):
                dX[i, k] += g * W[k, j]
                dW[k, j] += X[i, k] * g
    return dX, dW, db


def tanh_backward(dA, Z):
    dA, Z = _same_shape(dA, Z)
    out = np.zeros(Z.shape)
    for index in np.ndindex(Z.shape):
        t = math.tanh(Z[index])
        out[index] = dA[index] * (1.0 - t * t)
    return out


def sigmoid_backward(dA, Z):
    dA, Z = _same_shape(dA, Z)
    out = np.zeros(Z.shape)
    for index in np.ndindex(Z.shape):
        z = Z[index]
        s = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        out[index] = dA[index] * s * (1.0 - s)
    return out


_ACTIVATION_BACKWARD = {"sigmoid": sigmoid_backward, "tanh": tanh_backward, "relu": relu_backward}
''',
    "lesson11_optimizers.py": '''
_fast_adam_step, _fast_momentum_step = adam_step, momentum_step


def momentum_step(w, v, g, lr, beta=0.9):
    _fast_momentum_step(w, v, g, lr, beta)  # the same checks of its input
    w, v, g = (np.asarray(a, dtype=float) for a in (w, v, g))
    w_new, v_new = np.zeros(w.shape), np.zeros(w.shape)
    for index in np.ndindex(w.shape):
        v_new[index] = beta * v[index] + g[index]
        w_new[index] = w[index] - lr * v_new[index]
    return w_new, v_new


def adam_step(w, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    _fast_adam_step(w, m, v, g, t, lr, beta1, beta2, eps)  # the same checks of its input
    w, m, v, g = (np.asarray(a, dtype=float) for a in (w, m, v, g))
    w_new, m_new, v_new = np.zeros(w.shape), np.zeros(w.shape), np.zeros(w.shape)
    for index in np.ndindex(w.shape):
        m_new[index] = beta1 * m[index] + (1.0 - beta1) * g[index]
        v_new[index] = beta2 * v[index] + (1.0 - beta2) * g[index] * g[index]
        m_hat = m_new[index] / (1.0 - beta1 ** t)
        v_hat = v_new[index] / (1.0 - beta2 ** t)
        w_new[index] = w[index] - lr * m_hat / (v_hat ** 0.5 + eps)
    return w_new, m_new, v_new
''',
}

# A second style, between the two: a loop over the samples (rows), NumPy within a row.
ROWS: dict[str, str] = {
    "lesson09_forward.py": '''

_fast_dense_forward = dense_forward


def dense_forward(X, W, b):
    _fast_dense_forward(X, W, b)  # the same checks of its input
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    Z = np.zeros((X.shape[0], W.shape[1]))
    for i in range(X.shape[0]):
        Z[i] = np.sum(X[i][:, None] * W, axis=0) + b
    return Z
''',
    "lesson10_backprop.py": '''

_fast_dense_backward = dense_backward


def dense_backward(dZ, X, W):
    _fast_dense_backward(dZ, X, W)  # the same checks of its input
    dZ = np.asarray(dZ, dtype=float)
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float)
    dX = np.zeros(X.shape)
    dW = np.zeros(W.shape)
    db = np.zeros(W.shape[1])
    for i in range(X.shape[0]):
        dX[i] = np.sum(W * dZ[i][None, :], axis=1)
        dW += X[i][:, None] * dZ[i][None, :]
        db += dZ[i]
    return dX, dW, db
''',
}
STYLES = {"entries": SLOW, "rows": ROWS}

# Lesson 12 trains with the learner's lessons 9-11: the slow styles above make it loop-based.
LESSONS = ("lesson01", "lesson02", "lesson09", "lesson10", "lesson11", "lesson12")


def workspace(folder: Path, style: dict[str, str]) -> Path:
    from grader.reference import reference_dir

    shutil.copytree(reference_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name, code in style.items():
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + code, encoding="utf-8")
    return folder


def times(folder: Path, lessons: list[str]) -> dict[tuple[str, str], tuple[float, str]]:
    """Seconds the grader spent on each exercise (its checks' durations), and its verdict."""
    from grader import api

    run = api.grade(lessons, folder, parallel=1)
    return {(lesson.lesson, e.name): (sum(c.duration for c in e.checks), e.outcome.value)
            for lesson in run.lessons for e in lesson.exercises}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", default=list(LESSONS))
    parser.add_argument("--style", choices=sorted(STYLES), default="entries",
                        help="entries: loops over every entry (default); rows: a loop over the samples")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        fast = times(workspace(Path(tmp) / "reference", {}), args.lessons)
        slow = times(workspace(Path(tmp) / "slow", STYLES[args.style]), args.lessons)
        print(f"{'exercise':<44} {'reference':>10} {'slow':>10} {'ratio':>7}  verdict")
        worst = 0.0
        for key, (seconds, _) in fast.items():
            loop, verdict = slow[key]
            ratio = loop / max(seconds, 1e-3)
            if verdict == "passed":
                worst = max(worst, ratio)
            print(f"{key[0] + ' ' + key[1]:<44} {seconds:>9.3f}s {loop:>9.3f}s {ratio:>7.1f}  {verdict}")
        print(f"largest ratio of a slow answer that passed: {worst:.1f} "
              f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
