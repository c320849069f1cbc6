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
    """The derivative of a scalar function f at x, by the central difference.

    Look a little to the right and a little to the left, and divide the rise by the run.
    The central difference is far more accurate than the forward one (f(x+h) - f(x)) / h:
    its error shrinks like h^2 instead of h.

    Formula: f'(x) ~ (f(x + h) - f(x - h)) / (2h)
    Example: f(x) = x^2 at x = 3: (9.00006... - 8.99994...) / 0.00002 = 6.0 (exactly 2x)
    Returns: a float.

    中文：用中心差分计算标量函数 f 在 x 处的导数：(f(x + h) - f(x - h)) / (2h)。
    它比前向差分 (f(x+h) - f(x)) / h 精确得多（误差随 h^2 而不是 h 缩小）。
    例子：f(x) = x^2，x = 3 时结果为 6.0。返回浮点数。
    """
    raise NotImplementedError("numerical_derivative: write your code here / 在这里写你的代码")


def numerical_gradient(f: Callable[[NDArray[np.float64]], float], x: ArrayLike,
                       h: float = 1e-5) -> NDArray[np.float64]:
    """The gradient of a scalar function f of an array x, by central differences.

    Nudge one entry at a time: for each index i, evaluate f with x_i + h and x_i - h
    (all other entries unchanged) and take (f(x + h e_i) - f(x - h e_i)) / (2h).
    x may have any shape; call f with an array of x's shape; the result has x's shape.
    x itself must be unchanged when you return: perturb a float copy
    (np.array(x, dtype=float)) and restore each entry after using it.

    Example: f(v) = sum(v**2) at x = [1, 2, 3] gives [2, 4, 6] (up to ~1e-10).
    Returns: a float64 ndarray of x's shape.

    中文：用中心差分计算数组函数 f 的数值梯度：每次只扰动一个元素 x_i，计算
    (f(x + h e_i) - f(x - h e_i)) / (2h)。x 可以是任意形状，调用 f 时传入与 x 同形状的数组，
    结果与 x 同形状。返回时 x 本身必须保持不变：在浮点副本上扰动，并在用完后恢复每个元素。
    例子：f(v) = sum(v**2)，x = [1, 2, 3] 时梯度为 [2, 4, 6]。
    """
    raise NotImplementedError("numerical_gradient: write your code here / 在这里写你的代码")


def quadratic(x: float) -> float:
    """f(x) = 2x^2 - 12x + 20.

    Example: quadratic(0) = 20.0, quadratic(1) = 10.0

    中文：f(x) = 2x^2 - 12x + 20。例子：quadratic(0) = 20.0，quadratic(1) = 10.0。
    """
    raise NotImplementedError("quadratic: write your code here / 在这里写你的代码")


def quadratic_derivative(x: float) -> float:
    """f'(x) for f(x) = 2x^2 - 12x + 20, derived by hand (power rule), not numerically.

    Example: quadratic_derivative(0) = -12.0 (the slope at x = 0 goes downhill)

    中文：f(x) = 2x^2 - 12x + 20 的导数 f'(x)，用求导法则手工推导（不要用数值方法）。
    例子：quadratic_derivative(0) = -12.0。
    """
    raise NotImplementedError("quadratic_derivative: write your code here / 在这里写你的代码")


def quadratic_minimum() -> tuple[float, float]:
    """(x*, f(x*)): where f(x) = 2x^2 - 12x + 20 is smallest, and its value there.

    At a minimum the derivative is zero: solve f'(x*) = 0 by reasoning, then evaluate f.
    Example (another quadratic): g(x) = x^2 - 4x + 7 has g'(x) = 2x - 4 = 0 at x = 2 and
    g(2) = 3, so for g the answer would be (2.0, 3.0).
    Returns: a tuple of two floats.

    中文：f(x) = 2x^2 - 12x + 20 取最小值的位置 x* 及最小值 f(x*)。
    在最小值处导数为 0：自己推理解出 f'(x*) = 0，再计算 f(x*)。
    例子（另一个二次函数）：g(x) = x^2 - 4x + 7，g'(x) = 2x - 4 = 0 得 x = 2，g(2) = 3，
    所以对 g 而言答案是 (2.0, 3.0)。返回两个浮点数组成的元组。
    """
    raise NotImplementedError("quadratic_minimum: write your code here / 在这里写你的代码")


def f_xyz(x: float, y: float, z: float) -> float:
    """f(x, y, z) = x^2 + 3xy + y^2 + z^3.

    Example: f_xyz(1, 2, 3) = 1 + 6 + 4 + 27 = 38.0

    中文：f(x, y, z) = x^2 + 3xy + y^2 + z^3。例子：f_xyz(1, 2, 3) = 38.0。
    """
    raise NotImplementedError("f_xyz: write your code here / 在这里写你的代码")


def f_xyz_gradient(x: float, y: float, z: float) -> NDArray[np.float64]:
    """The gradient [df/dx, df/dy, df/dz] of f_xyz, derived by hand (partial derivatives).

    For a partial derivative, treat the other variables as constants.
    Example: at (1, 2, 3): df/dz = 3 * 3^2 = 27.0 (work out the other two yourself)
    Returns: a float64 ndarray of shape (3,).

    中文：f_xyz 的梯度 [df/dx, df/dy, df/dz]，手工推导偏导数（求偏导时把其他变量当作常数）。
    例子：在 (1, 2, 3) 处 df/dz = 27.0。返回形状为 (3,) 的 float64 数组。
    """
    raise NotImplementedError("f_xyz_gradient: write your code here / 在这里写你的代码")
