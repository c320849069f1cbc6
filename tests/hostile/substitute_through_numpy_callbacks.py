# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=np.dot
# feedback: outer=np.outer
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# Forbidden functions handed to NumPy's own code, which calls them: np.apply_along_axis
# with np.dot by a computed name, with a functools.partial of np.outer, and with an
# operator.methodcaller of the arrays' own dot. NumPy's code calls them through a name it
# does not spell (its func1d), so the calls are the learner's.
import functools
import operator

import numpy as np


def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(np.apply_along_axis(getattr(np, "d" + "ot"), 0, a, b))


def outer(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError("outer needs two 1-D vectors")
    return np.apply_along_axis(functools.partial(getattr(np, "out" + "er"), a), 0, b)


def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("matmul needs (m, p) and (p, n) arrays")
    return np.apply_along_axis(operator.methodcaller("d" + "ot", B), 1, A)
