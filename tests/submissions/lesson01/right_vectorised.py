# expect: dot=passed, outer=passed, hadamard=passed, matmul=passed
import numpy as np


def _vec(x):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"expected a 1-D vector, got shape {x.shape}")
    return x


def dot(a, b):
    a, b = _vec(a), _vec(b)
    if a.shape != b.shape:
        raise ValueError("lengths differ")
    return (a * b).sum()


def outer(a, b):
    a, b = _vec(a), _vec(b)
    return np.tile(a.reshape(-1, 1), (1, b.size)) * b


def hadamard(a, b):
    a = np.array(a, dtype=np.float64)
    b = np.array(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    return a * b


def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError("need 2-D")
    if A.shape[1] != B.shape[0]:
        raise ValueError("inner sizes differ")
    return (A[:, :, np.newaxis] * B[np.newaxis, :, :]).sum(axis=1)
