# lesson: lesson03
# expect: numerical_derivative=failed, numerical_gradient=error, quadratic=passed, quadratic_derivative=passed, quadratic_minimum=passed, f_xyz=passed, f_xyz_gradient=passed
# Abuses the grader-supplied functions: calls f 50 000 times with odd arguments and lies
# about the result; passes f a lying object.
import numpy as np


class Weird:
    def __float__(self):
        return 0.0

    def __array__(self, dtype=None, copy=None):
        return np.zeros(3)


def numerical_derivative(f, x, h=1e-5):
    for i in range(50_000):
        try:
            f(x + i * 1e-9)
        except Exception:
            pass
    return 123.0


def numerical_gradient(f, x, h=1e-5):
    f(Weird())
    return np.zeros_like(np.asarray(x, dtype=float))
