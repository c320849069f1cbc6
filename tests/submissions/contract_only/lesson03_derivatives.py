import numpy as np


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        up = f(x)
        x[index] = old - h
        down = f(x)
        x[index] = old
        grad[index] = (up - down) / (2 * h)
    return grad


def quadratic(x):
    return 2 * x ** 2 - 12 * x + 20


def quadratic_derivative(x):
    return 4 * x - 12


def quadratic_minimum():
    return 3.0, quadratic(3.0)


def f_xyz(x, y, z):
    return x ** 2 + 3 * x * y + y ** 2 + z ** 3


def f_xyz_gradient(x, y, z):
    return np.array([2 * x + 3 * y, 3 * x + 2 * y, 3 * z ** 2], dtype=float)
