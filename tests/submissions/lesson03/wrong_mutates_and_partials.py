# expect: numerical_derivative=passed, numerical_gradient=failed, quadratic=passed, quadratic_derivative=failed, quadratic_minimum=failed, f_xyz=passed, f_xyz_gradient=failed
# feedback: numerical_gradient=in place, quadratic_derivative=4x, quadratic_minimum=4x - 12, f_xyz_gradient=df/dx
import numpy as np


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)   # no copy: perturbs the caller's array
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)
        grad[i] = (up - down) / (2 * h)
    return grad


def quadratic(x):
    return 2 * x * x - 12 * x + 20


def quadratic_derivative(x):
    return 2 * x - 12


def quadratic_minimum():
    return 6.0, quadratic(6.0)


def f_xyz(x, y, z):
    return x * x + 3 * x * y + y * y + z ** 3


def f_xyz_gradient(x, y, z):
    return np.array([2 * x, 3 * x + 2 * y, 3 * z * z], dtype=float)
