# expect: numerical_derivative=passed, numerical_gradient=passed, quadratic=passed, quadratic_derivative=failed, quadratic_minimum=passed, f_xyz=passed, f_xyz_gradient=failed
# feedback: quadratic_derivative=not exact, f_xyz_gradient=not exact at large ones
import numpy as np


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-5):
    x0 = np.asarray(x, dtype=float)
    flat = x0.reshape(-1)
    grad = np.empty(flat.size)
    for i in range(flat.size):
        step = np.zeros(flat.size)
        step[i] = h
        grad[i] = (f((flat + step).reshape(x0.shape)) - f((flat - step).reshape(x0.shape))) / (2 * h)
    return grad.reshape(x0.shape)


def quadratic(x):
    return 2 * (x - 3) ** 2 + 2.0


def quadratic_derivative(x):
    # the slope from two nearby points, so no formula is needed
    h = 1e-6
    return (quadratic(x + h) - quadratic(x - h)) / (2 * h)


def quadratic_minimum():
    x = 12 / 4
    return (x, quadratic(x))


def f_xyz(x, y, z):
    return float(x ** 2 + 3 * x * y + y ** 2 + z ** 3)


def f_xyz_gradient(x, y, z):
    h = 1e-4
    p = np.array([x, y, z], dtype=np.float64)
    grad = np.zeros(3)
    for i in range(3):
        step = np.zeros(3)
        step[i] = h
        grad[i] = (f_xyz(*(p + step)) - f_xyz(*(p - step))) / (2 * h)
    return grad
