# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=np.vecdot
# feedback: outer=np.linalg.outer
# feedback: matmul=np.linalg.multi_dot
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# Newer NumPy names for the forbidden operations: np.vecdot, np.linalg.outer,
# np.linalg.multi_dot. The values are right; "built it yourself" fails, in the source
# and while it runs.
import numpy as np


def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(np.vecdot(a, b))


def outer(a, b):
    return np.linalg.outer(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("matmul needs (m, p) and (p, n) arrays")
    return np.linalg.multi_dot([A, B])
