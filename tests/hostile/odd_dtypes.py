# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=failed, matmul=failed
# feedback: dot=returned complex128
# feedback: outer=dtype complex128
# feedback: hadamard=ndarray[object]
# feedback: matmul=dtype float16
# The right numbers in the wrong types: a complex scalar, a complex array, an object
# array (of the right floats), a float16 array. Each still raises ValueError where it
# must and builds the product itself, but those supporting checks earn nothing while
# no value is right: the score is 0.
import numpy as np

_dot, _outer, _hadamard, _matmul = dot, outer, hadamard, matmul


def dot(a, b):
    return np.complex128(_dot(a, b))


def outer(a, b):
    return _outer(a, b).astype(complex)


def hadamard(a, b):
    return _hadamard(a, b).astype(object)


def matmul(A, B):
    return _matmul(A, B).astype(np.float16)
