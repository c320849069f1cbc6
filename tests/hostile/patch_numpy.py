# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=passed
# At import, makes NumPy's comparisons agree with anything, then returns wrong values.
# The comparison runs in the grader's process, whose NumPy is untouched.
import numpy as np
import numpy.testing

np.isclose = lambda *args, **kwargs: np.True_
np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.all = lambda *args, **kwargs: True
numpy.testing.assert_allclose = lambda *args, **kwargs: None


def dot(a, b):
    return 1.0


def outer(a, b):
    return np.zeros((len(a), len(b)))
