# expect: dot=failed, outer=passed, hadamard=failed, matmul=failed
# feedback: dot=ValueError, hadamard=ValueError, matmul=B @ A
import numpy as np


def dot(a, b):
    # forgets to check the lengths: zip silently drops the extra entries
    return float(sum(x * y for x, y in zip(np.asarray(a, float), np.asarray(b, float))))


def outer(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError("1-D only")
    return a[:, None] * b[None, :]


def hadamard(a, b):
    return np.asarray(a, dtype=float) * np.asarray(b, dtype=float)


def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    # rows of B with columns of A: B @ A for square inputs
    return np.array([[float(np.sum(B[i, :] * A[:, j])) for j in range(A.shape[1])]
                     for i in range(B.shape[0])])
