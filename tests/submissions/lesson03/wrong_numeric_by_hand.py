# expect: numerical_derivative=failed, numerical_gradient=failed, quadratic=failed, quadratic_derivative=failed, quadratic_minimum=passed, f_xyz=error, f_xyz_gradient=failed
# feedback: numerical_derivative=h you were given, numerical_gradient=integers, quadratic=sign, quadratic_derivative=numerical_derivative, f_xyz_gradient=numerical_gradient
import numpy as np


def numerical_derivative(f, x, h=1e-5):
    step = 1e-5
    return (f(x + step) - f(x - step)) / (2 * step)


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x)                     # an integer copy for integer input
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def quadratic(x):
    return 2 * x * x + 12 * x + 20


def quadratic_derivative(x):
    return numerical_derivative(lambda t: 2 * t * t - 12 * t + 20, x)


def quadratic_minimum():
    return 3.0, 2.0


def f_xyz(x, y, z):
    raise ZeroDivisionError("oops")


def f_xyz_gradient(x, y, z):
    g = lambda v: v[0] ** 2 + 3 * v[0] * v[1] + v[1] ** 2 + v[2] ** 3
    return numerical_gradient(g, np.array([x, y, z], dtype=float))
