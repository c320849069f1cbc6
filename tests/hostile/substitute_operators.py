# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=operator.matmul
# feedback: outer=np.multiply.outer
# feedback: matmul=__matmul__
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# The operator behind `@` and the ufunc method behind np.outer, reached without writing
# them: operator.matmul, getattr(np.multiply, "out" + "er"), A.__matmul__(B).
import operator

import numpy as np


def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(operator.matmul(a, b))


def outer(a, b):
    return getattr(np.multiply, "out" + "er")(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("matmul needs (m, p) and (p, n) arrays")
    return A.__matmul__(B)
