# expect: numerical_derivative=passed, numerical_gradient=failed, quadratic=passed, quadratic_derivative=passed, quadratic_minimum=passed, f_xyz=passed, f_xyz_gradient=passed
# feedback: numerical_gradient=each step moved a whole row of x
import numpy as np


def numerical_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-5):
    point = np.array(x, dtype=float)
    grad = np.zeros_like(point)
    for i in range(len(point)):
        saved = point[i].copy()
        point[i] = saved + h
        up = f(point)
        point[i] = saved - h
        down = f(point)
        point[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad


def quadratic(x):
    return 2 * (x - 3) ** 2 + 2.0


def quadratic_derivative(x):
    return 4.0 * (x - 3)


def quadratic_minimum():
    x = 12 / 4
    return (x, quadratic(x))


def f_xyz(x, y, z):
    return float(x ** 2 + 3 * x * y + y ** 2 + z ** 3)


def f_xyz_gradient(x, y, z):
    return np.array([2 * x + 3 * y, 3 * x + 2 * y, 3 * z ** 2], dtype=np.float64)
