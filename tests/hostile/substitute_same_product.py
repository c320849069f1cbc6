# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=np.correlate
# feedback: outer=np.kron
# feedback: matmul=np.convolve
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# Library routines that are the forbidden product under another name: a correlation of
# two vectors of one length is their inner product, a convolution with one reversed too,
# and the Kronecker product of two vectors is their outer product, flattened. The values
# are right; "built it yourself" fails, in the source and while it runs (the names are
# reached through a table, so the source check alone would not see which one is called).
import numpy as np

_SAME = {"inner": np.correlate, "flip": np.convolve, "grid": np.kron}


def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(_SAME["inner"](a, b)[0]) if a.size else 0.0


def outer(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return _SAME["grid"](a, b).reshape(a.size, b.size)


def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("matmul needs (m, p) and (p, n) arrays")
    flip = _SAME["flip"]
    return np.array([[float(flip(row, col[::-1], "valid")[0]) for col in B.T] for row in A]).reshape(
        A.shape[0], B.shape[1])
