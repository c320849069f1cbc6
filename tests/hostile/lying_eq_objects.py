# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=failed, matmul=failed
# feedback: dot=returned lesson01_vectors.Liar, but the contract asks for a float
# feedback: outer=returned lesson01_vectors.LiarArray, but the contract asks for an array
# Objects that claim to equal anything, with a float that lies, an __array__ that changes
# on every call, and a __class__ that claims to be ndarray.
import itertools

import numpy as np


class Liar:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __float__(self):
        return 32.0

    def __bool__(self):
        return True


class LiarArray:
    _counter = itertools.count()

    def __array__(self, dtype=None, copy=None):
        return np.full((2, 3), float(next(self._counter)))

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__
    shape = (2, 3)
    dtype = np.dtype(float)


class Impostor(Liar):
    @property
    def __class__(self):
        return np.ndarray


def dot(a, b):
    return Liar()


def outer(a, b):
    return LiarArray()


def hadamard(a, b):
    return Impostor()


class SmugFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


def matmul(A, B):
    return SmugFloat(1.0)
