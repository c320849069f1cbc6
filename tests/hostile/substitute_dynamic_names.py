# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=np.dot
# feedback: outer=np.einsum
# feedback: matmul=np.dot
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# Names the source never spells: np.__dict__["dot"], getattr(np, "d" + "ot"), an alias
# made at import from vars(np), the C function behind np.dot.
import numpy as np

_product = vars(np)["ein" + "sum"]


def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(np.__dict__["d" + "ot"](a, b))


def outer(a, b):
    return _product("i,j->ij", np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("matmul needs (m, p) and (p, n) arrays")
    return getattr(np, "d" + "ot")._implementation(A, B)
