# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=np.dot
# feedback: outer=np.outer
# feedback: matmul=np.matmul
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# NumPy's inner modules, reached by names the source never spells whole: the C function
# behind np.dot in np._core._multiarray_umath, np.outer in np._core.numeric, and the
# matmul ufunc through type(A).__matmul__.
import importlib

import numpy as np

_inner = importlib.import_module("numpy._core._multiarray_" + "umath")
_numeric = importlib.import_module("numpy._core." + "numeric")


def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(getattr(_inner, "d" + "ot")(a, b))


def outer(a, b):
    return getattr(_numeric, "out" + "er")(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("matmul needs (m, p) and (p, n) arrays")
    return getattr(type(A), "__mat" + "mul__")(A, B)
