# expect: dot=passed, outer=failed, hadamard=failed, matmul=not_started
# feedback: outer=dtype, hadamard=in place
import numpy as np


def dot(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("bad vectors")
    return float(np.sum(a * b))


def outer(a, b):
    a = np.asarray(a)          # no dtype=float: integer inputs give an integer result
    b = np.asarray(b)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError("1-D only")
    return a[:, None] * b[None, :]


def hadamard(a, b):
    if np.shape(a) != np.shape(b):
        raise ValueError("shapes differ")
    if isinstance(a, np.ndarray):
        a *= b                 # changes the caller's array
        return a.astype(float)
    return np.asarray(a, dtype=float) * np.asarray(b, dtype=float)


def matmul(A, B):
    raise NotImplementedError("matmul: write your code here")
