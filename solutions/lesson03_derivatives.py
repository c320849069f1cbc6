"""Lesson 03: derivatives and gradients.  第 3 课：导数与梯度

Training a network means walking downhill on its loss, and the gradient says which way
is down. This lesson computes derivatives numerically with central differences, derives
a few by hand, and uses them to find a minimum: the tools behind every gradient check.

中文：训练网络就是沿着损失函数“下坡”，而梯度指出下坡的方向。本课用中心差分数值地计算导数，
手工推导几个导数和偏导数，并用它们找到最小值：这些正是梯度检验背后的工具。
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray


def numerical_derivative(f: Callable[[float], float], x: float, h: float = 1e-5) -> float:
    """Central difference (f(x + h) - f(x - h)) / (2h)."""
    return float((f(x + h) - f(x - h)) / (2.0 * h))


def numerical_gradient(f: Callable[[NDArray[np.float64]], float], x: ArrayLike,
                       h: float = 1e-5) -> NDArray[np.float64]:
    """Central-difference gradient of a scalar function of an array of any shape."""
    point = np.array(x, dtype=float)
    grad = np.zeros_like(point)
    for index in np.ndindex(point.shape):
        saved = point[index]
        point[index] = saved + h
        up = f(point)
        point[index] = saved - h
        down = f(point)
        point[index] = saved
        grad[index] = (up - down) / (2.0 * h)
    return grad


def quadratic(x: float) -> float:
    """f(x) = 2x^2 - 12x + 20."""
    return 2.0 * x * x - 12.0 * x + 20.0


def quadratic_derivative(x: float) -> float:
    """f'(x) = 4x - 12."""
    return 4.0 * x - 12.0


def quadratic_minimum() -> tuple[float, float]:
    """(x*, f(x*)): f'(x*) = 0 at x* = 3, f(3) = 2."""
    x_star = 3.0
    return x_star, quadratic(x_star)


def f_xyz(x: float, y: float, z: float) -> float:
    """f(x, y, z) = x^2 + 3xy + y^2 + z^3."""
    return x * x + 3.0 * x * y + y * y + z**3


def f_xyz_gradient(x: float, y: float, z: float) -> NDArray[np.float64]:
    """[df/dx, df/dy, df/dz] = [2x + 3y, 3x + 2y, 3z^2]."""
    return np.array([2.0 * x + 3.0 * y, 3.0 * x + 2.0 * y, 3.0 * z * z], dtype=float)
