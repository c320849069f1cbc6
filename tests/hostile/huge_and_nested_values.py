# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=failed, matmul=failed
# feedback: outer=returned numpy.ndarray, but the contract asks for an array of shape (2, 3)
# Values too big or too deep to be checked: a list nested 10 000 deep, a 100 million
# element array, a recursive list whose naive encoding would never end, an enormous int.
import numpy as np


def dot(a, b):
    value = []
    for _ in range(10_000):
        value = [value]
    return value


def outer(a, b):
    return np.zeros(100_000_000, dtype=np.int8)


def hadamard(a, b):
    wide = [0] * 1000
    for i in range(1000):
        wide[i] = wide
    return wide


def matmul(A, B):
    return 10 ** 100_000
