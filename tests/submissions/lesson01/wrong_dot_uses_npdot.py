# expect: dot=failed, outer=passed, hadamard=passed, matmul=failed
# feedback: dot=np.dot, matmul=.dot()
import numpy as xp


def dot(a, b):
    a = xp.asarray(a, dtype=float)
    b = xp.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("bad vectors")
    return float(xp.dot(a, b))


def outer(a, b):
    a = xp.asarray(a, dtype=float)
    b = xp.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError("1-D only")
    return a[:, None] * b[None, :]


def hadamard(a, b):
    a = xp.asarray(a, dtype=float)
    b = xp.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    return a * b


def matmul(A, B):
    A = xp.asarray(A, dtype=float)
    B = xp.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    return A.dot(B)
