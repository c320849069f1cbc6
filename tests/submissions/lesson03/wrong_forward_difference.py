# expect: numerical_derivative=failed, numerical_gradient=failed, quadratic=passed, quadratic_derivative=passed, quadratic_minimum=passed, f_xyz=passed, f_xyz_gradient=passed
# feedback: numerical_derivative=forward difference, numerical_gradient=forward difference
import numpy as np


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    fx = f(x)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - fx) / h
        x[i] = old
    return grad


def quadratic(x):
    return 2 * x ** 2 - 12 * x + 20


def quadratic_derivative(x):
    return 4 * x - 12


def quadratic_minimum():
    return 3.0, 2.0


def f_xyz(x, y, z):
    return x ** 2 + 3 * x * y + y ** 2 + z ** 3


def f_xyz_gradient(x, y, z):
    return np.array([2 * x + 3 * y, 3 * x + 2 * y, 3 * z ** 2], dtype=float)
