# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=np.dot
# feedback: outer=np.outer
# feedback: matmul=np.matmul
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# Forbidden calls made from code dressed as NumPy's own (whose use of them does not count):
# dot runs in a namespace named "numpy.fake"; outer is compiled under the file name of
# NumPy's numeric module and run in that module's own namespace; matmul is a function made
# with NumPy's top-level namespace as its globals. Only NumPy's own code objects count as NumPy.
import types

import numpy as np

_numeric = vars(np)["_core"].numeric


def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    space = {"__name__": "numpy.fake", "np": np}
    exec("def f(a, b):\n    return np.dot(a, b)\n", space)
    return float(space["f"](a, b))


exec(compile("def _outer_of(a, b):\n    return outer(a, b)\n", _numeric.__file__, "exec"), vars(_numeric))


def outer(a, b):
    return _numeric._outer_of(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


_made = compile("def m(A, B):\n    return A @ B\n", np.__file__, "exec").co_consts[0]
_matmul = types.FunctionType(_made, vars(np))


def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("matmul needs (m, p) and (p, n) arrays")
    return _matmul(A, B)
