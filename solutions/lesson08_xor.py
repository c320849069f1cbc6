"""Lesson 08: XOR and the multi-layer perceptron.  第 8 课：异或门与多层感知机

XOR (exclusive or) gives 1 when exactly one input is 1.  Its four points are not linearly
separable: no single line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the
other, so no single perceptron computes it.  Two layers do: XOR(x1, x2) =
AND(NAND(x1, x2), OR(x1, x2)).  The first layer's NAND and OR perceptrons form a hidden
layer, and the AND perceptron is the output layer: a two-layer network with the step
activation.

Conventions: gates take and return ints 0 or 1.  A network's parameters are a dict with
"W1" (2, 2), "b1" (2,), "W2" (2, 1) and "b2" (1,); a batch X has one sample per row.

中文：异或门在恰好一个输入为 1 时输出 1。它的四个点不是线性可分的：没有一条直线能把 (0, 1)、
(1, 0) 分在一侧，而把 (0, 0)、(1, 1) 分在另一侧，所以单个感知机无法实现异或。两层就可以：
XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2))。第一层的与非门和或门两个感知机构成隐藏层，
与门感知机是输出层：这就是一个使用阶跃激活函数的两层网络（多层感知机）。

约定：各个门的输入和输出都是 int（0 或 1）。网络参数是一个字典，含 "W1" (2, 2)、"b1" (2,)、
"W2" (2, 1) 和 "b2" (1,)；一批输入 X 的每一行是一个样本。
"""

from __future__ import annotations

import numpy as np
from lesson07_perceptron import AND, NAND, OR
from numpy.typing import ArrayLike, NDArray


def XOR(x1: int, x2: int) -> int:
    """XOR gate built only from lesson 7's gates: AND(NAND(x1, x2), OR(x1, x2)).

    NAND is 0 only for (1, 1) and OR is 0 only for (0, 0); both are 1 exactly when the
    inputs differ, so AND-ing them gives XOR.  Use AND, OR and NAND from
    lesson07_perceptron; no ^, != or if/else on the inputs.

    Example (check it by hand): for (x1, x2) = (0, 0), (1, 0), (0, 1), (1, 1):
    NAND = 1, 1, 1, 0; OR = 0, 1, 1, 1; AND of the two = 0, 1, 1, 0.
    Inputs are 0 or 1 (ints or bools); the result is an int.

    中文：只用第 7 课的门搭出异或门：AND(NAND(x1, x2), OR(x1, x2))。与非门只在 (1, 1) 时为 0，
    或门只在 (0, 0) 时为 0；两者同时为 1 恰好是两个输入不同的时候，所以把它们送进与门就得到
    异或。使用 lesson07_perceptron 中的 AND、OR 和 NAND；不要对输入用 ^、!= 或 if/else。
    例子（可以手算验证）：(x1, x2) 依次为 (0, 0)、(1, 0)、(0, 1)、(1, 1) 时：NAND = 1, 1, 1, 0；
    OR = 0, 1, 1, 1；两者的 AND = 0, 1, 1, 0。
    输入为 0 或 1（int 或 bool），结果为 int。
    """
    return AND(NAND(x1, x2), OR(x1, x2))


def xor_network_params() -> dict[str, NDArray[np.float64]]:
    """Parameters of a two-layer step network that computes XOR.

    Put the NAND perceptron and the OR perceptron side by side as the two hidden units
    (columns of W1, entries of b1), and the AND perceptron as the output unit.  Any
    correct values pass.

    Example (check a candidate by hand): W1 = [[1, 1], [1, 1]], b1 = [-0.5, -1.5]
    (column 0 is OR, column 1 is AND), W2 = [[1], [1]], b2 = [-0.5].
    For x = (1, 0): hidden totals x W1 + b1 = [0.5, -0.5] -> [1, 0]; output total
    1 + 0 - 0.5 = 0.5 -> 1 (right).  For x = (1, 1): hidden totals [1.5, 0.5] -> [1, 1];
    output total 1.5 -> 1, but XOR(1, 1) = 0: this output unit computes OR of the hidden
    units, so the candidate is wrong.  Check all four inputs for yours.
    Returns: a dict with float arrays "W1" (2, 2), "b1" (2,), "W2" (2, 1), "b2" (1,).

    中文：计算异或的两层阶跃网络的参数。把与非门和或门两个感知机并排放作两个隐藏单元（W1 的
    两列、b1 的两个元素），把与门感知机作为输出单元。任何正确的取值都算通过。
    例子（手算检验一组候选值）：W1 = [[1, 1], [1, 1]]，b1 = [-0.5, -1.5]（第 0 列是或门，第 1 列
    是与门），W2 = [[1], [1]]，b2 = [-0.5]。x = (1, 0) 时：隐藏层总和 x W1 + b1 = [0.5, -0.5]
    -> [1, 0]；输出总和 1 + 0 - 0.5 = 0.5 -> 1（正确）。x = (1, 1) 时：隐藏层总和 [1.5, 0.5]
    -> [1, 1]；输出总和 1.5 -> 1，但 XOR(1, 1) = 0：这个输出单元算的是隐藏单元的“或”，所以这组
    候选值是错的。请对你的参数检查全部四个输入。
    返回：字典，含浮点数组 "W1" (2, 2)、"b1" (2,)、"W2" (2, 1)、"b2" (1,)。
    """
    return {
        "W1": np.array([[-0.5, 0.5], [-0.5, 0.5]]),
        "b1": np.array([0.7, -0.2]),
        "W2": np.array([[0.5], [0.5]]),
        "b2": np.array([-0.7]),
    }


def step_network_forward(X: ArrayLike, params: dict) -> NDArray[np.float64]:
    """Forward pass of a two-layer step network: step(step(X W1 + b1) W2 + b2), flattened.

    Each row of X is one sample.  The hidden layer computes H = step(X W1 + b1), shape
    (m, 2); the output layer computes step(H W2 + b2), shape (m, 1), which is flattened to
    (m,).  step(z) is 1.0 where z >= 0 and 0.0 elsewhere (as in lesson 6; write it inline
    or import it).  Use whatever parameters are passed in, not your own.

    Example (check it by hand): with xor_network_params() and
    X = [[0, 0], [1, 0], [0, 1], [1, 1]] the result is [0.0, 1.0, 1.0, 0.0].
    With W1 = [[1, 0], [0, 1]], b1 = [0, 0], W2 = [[1], [1]], b2 = [-2] and X = [[0, -1]]:
    hidden step([0, -1]) = [1, 0]; output step(1 - 2) = 0, so the result is [0.0].
    Returns: a float64 array of shape (m,).
    Raises: ValueError when X is not 2-D or its number of columns does not match W1's rows.

    中文：两层阶跃网络的前向计算（前向传播）：step(step(X W1 + b1) W2 + b2)，再展平。X 的每一行
    是一个样本。隐藏层计算 H = step(X W1 + b1)，形状 (m, 2)；输出层计算 step(H W2 + b2)，形状
    (m, 1)，再展平成 (m,)。step(z) 在 z >= 0 处为 1.0，否则为 0.0（与第 6 课相同；可以直接写，
    也可以导入）。使用传入的参数，而不是你自己的参数。
    例子（可以手算验证）：用 xor_network_params() 和 X = [[0, 0], [1, 0], [0, 1], [1, 1]]，结果为
    [0.0, 1.0, 1.0, 0.0]。用 W1 = [[1, 0], [0, 1]]、b1 = [0, 0]、W2 = [[1], [1]]、b2 = [-2] 和
    X = [[0, -1]]：隐藏层 step([0, -1]) = [1, 0]；输出 step(1 - 2) = 0，结果为 [0.0]。
    返回：形状为 (m,) 的 float64 数组。
    异常：X 不是二维，或它的列数与 W1 的行数不一致时，抛出 ValueError。
    """
    X = np.asarray(X, dtype=float)
    W1 = np.asarray(params["W1"], dtype=float)
    b1 = np.asarray(params["b1"], dtype=float)
    W2 = np.asarray(params["W2"], dtype=float)
    b2 = np.asarray(params["b2"], dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D (m, n) batch, got shape {X.shape}")
    if X.shape[1] != W1.shape[0]:
        raise ValueError(f"X has {X.shape[1]} columns but W1 has {W1.shape[0]} rows")
    H = np.where(X @ W1 + b1 >= 0.0, 1.0, 0.0)
    out = np.where(H @ W2 + b2 >= 0.0, 1.0, 0.0)
    return out.reshape(-1)
