# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# An ndarray subclass that claims equality and lies through __getitem__, tolist and
# __array__: only its data is taken. hadamard returns a right answer as a subclass and
# passes (its data is right); outer's data is wrong and fails; dot returns NaN.
import numpy as np

_hadamard = hadamard


class Smug(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __getitem__(self, item):
        return 0.0

    def tolist(self):
        return [[0.0]]

    def __array__(self, dtype=None, copy=None):
        return np.zeros(self.shape)

    def all(self, *args, **kwargs):
        return True


def dot(a, b):
    return float("nan")


def outer(a, b):
    return np.full((len(a), len(b)), 7.0).view(Smug)


def hadamard(a, b):
    return np.asarray(_hadamard(a, b)).view(Smug)


def matmul(A, B):
    return np.matrix(np.ones((len(A), len(B[0]))))
