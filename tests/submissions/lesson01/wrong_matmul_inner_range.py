# expect: dot=passed, outer=passed, hadamard=passed, matmul=failed
# feedback: matmul=the sum over k ran over range(A.shape[0])
import numpy as np


def dot(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or len(a) != len(b):
        raise ValueError("dot needs two 1-D vectors of the same length")
    total = 0.0
    for x, y in zip(a, b):
        total += x * y
    return total


def outer(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError("outer needs 1-D vectors")
    out = np.zeros((len(a), len(b)))
    for i in range(len(a)):
        for j in range(len(b)):
            out[i, j] = a[i] * b[j]
    return out


def hadamard(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    return np.multiply(a, b)


def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    m, n = A.shape[0], B.shape[1]
    out = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            for k in range(m):
                out[i, j] += A[i, k] * B[k, j]
    return out
