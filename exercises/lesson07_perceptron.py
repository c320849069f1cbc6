"""Lesson 07: the perceptron.  第 7 课：感知机

A perceptron is the simplest neuron: it weighs its inputs, adds a bias and fires when the
total reaches 0.  With the right weights and bias one perceptron computes the logic gates
AND, OR and NAND, whose truth tables are linearly separable: a single straight line
separates the inputs that give 1 from those that give 0.  Rosenblatt's learning rule finds
such weights from examples by nudging them after every mistake.

Conventions: the perceptron's output is an int, 0 or 1, using the course's step: it fires
when w·x + b >= 0 (a total of exactly 0 gives 1).  Gate inputs are 0 or 1.

中文：感知机是最简单的神经元：把输入加权求和、加上偏置，总和达到 0 时输出 1（激活）。选好
权重和偏置，单个感知机就能实现与门、或门和与非门；它们的真值表是线性可分的：一条直线就能把
输出 1 的输入和输出 0 的输入分开。Rosenblatt 的感知机学习规则从样本中找到这样的权重：每犯
一次错，就把权重朝正确方向推一点。

约定：感知机的输出是 int（0 或 1），使用本课程的阶跃函数：w·x + b >= 0 时输出 1（总和恰好
为 0 时也输出 1）。各个门的输入是 0 或 1。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def perceptron(x: ArrayLike, w: ArrayLike, b: float) -> int:
    """Output of a perceptron: 1 if w·x + b >= 0 else 0.

    Multiply each input by its weight, add them up, add the bias b, and apply the step
    function: the neuron fires (1) when the total is >= 0 and stays silent (0) otherwise.

    Formula: y = 1 if sum_i w_i x_i + b >= 0 else 0, returned as a Python int.
    Example (check it by hand): perceptron([3, 1], [0.5, -1.0], 1.0) = 1 because
    1.5 - 1 + 1 = 1.5 >= 0; perceptron([1, 2], [0.5, -1.0], 1.0) = 0 because
    0.5 - 2 + 1 = -0.5 < 0; perceptron([2, 1], [0.5, -1.0], 0.0) = 1 because the total
    1 - 1 + 0 is exactly 0.
    Raises: ValueError when x and w are not 1-D vectors of the same length.

    中文：感知机的输出：w·x + b >= 0 时为 1，否则为 0。每个输入乘以它的权重后求和，加上偏置
    b，再经过阶跃函数：总和 >= 0 时神经元激活（输出 1），否则输出 0。
    公式：y = 1（sum_i w_i x_i + b >= 0）否则 0，以 Python int 返回。
    例子（可以手算验证）：perceptron([3, 1], [0.5, -1.0], 1.0) = 1，因为 1.5 - 1 + 1 = 1.5 >= 0；
    perceptron([1, 2], [0.5, -1.0], 1.0) = 0，因为 0.5 - 2 + 1 = -0.5 < 0；
    perceptron([2, 1], [0.5, -1.0], 0.0) = 1，因为总和 1 - 1 + 0 恰好为 0。
    异常：x 与 w 不是长度相同的一维向量时，抛出 ValueError。
    """
    raise NotImplementedError("perceptron: write your code here / 在这里写你的代码")


def and_gate_params() -> tuple[NDArray[np.float64], float]:
    """Weights and bias (w, b) that make perceptron([x1, x2], w, b) an AND gate.

    AND gives 1 only for (1, 1).  Choose w and b so that w1 + w2 + b >= 0 while
    w1 + b < 0, w2 + b < 0 and b < 0.  Any correct values pass.

    Example (check a candidate by hand): w = [1, 1], b = -0.5 gives the totals -0.5, 0.5,
    0.5, 1.5 for (0,0), (1,0), (0,1), (1,1), so the outputs 0, 1, 1, 1: that is OR, not
    AND.  Lower the bias until only (1, 1) reaches 0.
    Returns: (w, b) with w a float array of shape (2,) and b a float.

    中文：使 perceptron([x1, x2], w, b) 成为与门的权重和偏置 (w, b)。与门只有 (1, 1) 输出 1。
    选择 w 和 b，使 w1 + w2 + b >= 0，而 w1 + b < 0、w2 + b < 0、b < 0。任何正确的取值都算通过。
    例子（手算检验一组候选值）：w = [1, 1]，b = -0.5 时，(0,0)、(1,0)、(0,1)、(1,1) 的总和依次为
    -0.5、0.5、0.5、1.5，输出 0、1、1、1：这是或门，不是与门。把偏置调低，直到只有 (1, 1) 能达到 0。
    返回：(w, b)，w 是形状为 (2,) 的浮点数组，b 是 float。
    """
    raise NotImplementedError("and_gate_params: write your code here / 在这里写你的代码")


def or_gate_params() -> tuple[NDArray[np.float64], float]:
    """Weights and bias (w, b) that make perceptron([x1, x2], w, b) an OR gate.

    OR gives 0 only for (0, 0).  Choose w and b so that b < 0 while w1 + b >= 0 and
    w2 + b >= 0.  Any correct values pass.

    Example (check a candidate by hand): w = [1, 1], b = 0 gives the totals 0, 1, 1, 2 for
    (0,0), (1,0), (0,1), (1,1), so the outputs 1, 1, 1, 1 (a total of exactly 0 fires):
    (0, 0) is wrong, so b must be negative, but not below -1.
    Returns: (w, b) with w a float array of shape (2,) and b a float.

    中文：使 perceptron([x1, x2], w, b) 成为或门的权重和偏置 (w, b)。或门只有 (0, 0) 输出 0。
    选择 w 和 b，使 b < 0，而 w1 + b >= 0、w2 + b >= 0。任何正确的取值都算通过。
    例子（手算检验一组候选值）：w = [1, 1]，b = 0 时，四个输入的总和依次为 0、1、1、2，输出
    1、1、1、1（总和恰好为 0 也输出 1）：(0, 0) 错了，所以 b 必须为负，但不能低于 -1。
    返回：(w, b)，w 是形状为 (2,) 的浮点数组，b 是 float。
    """
    raise NotImplementedError("or_gate_params: write your code here / 在这里写你的代码")


def nand_gate_params() -> tuple[NDArray[np.float64], float]:
    """Weights and bias (w, b) that make perceptron([x1, x2], w, b) a NAND gate.

    NAND ("not AND") gives 0 only for (1, 1): flip the signs of an AND gate's weights and
    bias.  Any correct values pass.

    Example (check it by hand): if an AND gate's total for (x1, x2) is t, the flipped
    parameters give -t, so every output changes except where t is exactly 0: make sure
    your AND gate's totals are never exactly 0 before flipping.  The four outputs must be
    1, 1, 1, 0 for (0,0), (1,0), (0,1), (1,1).
    Returns: (w, b) with w a float array of shape (2,) and b a float.

    中文：使 perceptron([x1, x2], w, b) 成为与非门的权重和偏置 (w, b)。与非门（“与”再取反）只有
    (1, 1) 输出 0：把与门的权重和偏置全部取相反数即可。任何正确的取值都算通过。
    例子（可以手算验证）：若与门对 (x1, x2) 的总和为 t，取相反数后的参数给出 -t，所以除了 t 恰好
    为 0 的情形，每个输出都会翻转：取反之前先确认与门的总和从不恰好为 0。对 (0,0)、(1,0)、(0,1)、
    (1,1)，四个输出必须是 1、1、1、0。
    返回：(w, b)，w 是形状为 (2,) 的浮点数组，b 是 float。
    """
    raise NotImplementedError("nand_gate_params: write your code here / 在这里写你的代码")


def AND(x1: int, x2: int) -> int:
    """AND gate: 1 only when both inputs are 1, computed with perceptron and and_gate_params.

    Example (check it by hand): AND(0, 0) = 0, AND(1, 0) = 0, AND(0, 1) = 0, AND(1, 1) = 1.
    Inputs are 0 or 1 (ints or bools); the result is an int.

    中文：与门：两个输入都为 1 时才输出 1，用 perceptron 和 and_gate_params 计算。
    例子（可以手算验证）：AND(0, 0) = 0，AND(1, 0) = 0，AND(0, 1) = 0，AND(1, 1) = 1。
    输入为 0 或 1（int 或 bool），结果为 int。
    """
    raise NotImplementedError("AND: write your code here / 在这里写你的代码")


def OR(x1: int, x2: int) -> int:
    """OR gate: 1 when at least one input is 1, computed with perceptron and or_gate_params.

    Example (check it by hand): OR(0, 0) = 0, OR(1, 0) = 1, OR(0, 1) = 1, OR(1, 1) = 1.
    Inputs are 0 or 1 (ints or bools); the result is an int.

    中文：或门：至少一个输入为 1 时输出 1，用 perceptron 和 or_gate_params 计算。
    例子（可以手算验证）：OR(0, 0) = 0，OR(1, 0) = 1，OR(0, 1) = 1，OR(1, 1) = 1。
    输入为 0 或 1（int 或 bool），结果为 int。
    """
    raise NotImplementedError("OR: write your code here / 在这里写你的代码")


def NAND(x1: int, x2: int) -> int:
    """NAND gate: 0 only when both inputs are 1, computed with perceptron and nand_gate_params.

    Example (check it by hand): NAND(0, 0) = 1, NAND(1, 0) = 1, NAND(0, 1) = 1, NAND(1, 1) = 0.
    Inputs are 0 or 1 (ints or bools); the result is an int.

    中文：与非门：两个输入都为 1 时才输出 0，用 perceptron 和 nand_gate_params 计算。
    例子（可以手算验证）：NAND(0, 0) = 1，NAND(1, 0) = 1，NAND(0, 1) = 1，NAND(1, 1) = 0。
    输入为 0 或 1（int 或 bool），结果为 int。
    """
    raise NotImplementedError("NAND: write your code here / 在这里写你的代码")


def train_perceptron(
    X: ArrayLike, y: ArrayLike, lr: float = 0.1, epochs: int = 100
) -> tuple[NDArray[np.float64], float, bool]:
    """Rosenblatt's perceptron learning rule, from w = 0, b = 0.

    Start with w = zeros(n) and b = 0.  In each epoch visit the samples in their given
    order (no shuffling); for each sample compute y_hat = perceptron(x, w, b) and update
    w += lr (y - y_hat) x and b += lr (y - y_hat): nothing changes when the prediction is
    right, and the weights move towards (or away from) x after a mistake.  Stop after the
    first epoch with no mistake (converged = True), or after `epochs` epochs
    (converged = False).  Everything is deterministic.

    Example (check it by hand): X = [[0, 0], [1, 1]], y = [0, 1], lr = 0.1.
    Epoch 1: sample (0, 0): total 0 >= 0 so y_hat = 1, error -1: w = [0, 0], b = -0.1;
    sample (1, 1): total -0.1 so y_hat = 0, error +1: w = [0.1, 0.1], b = 0.0.
    Epoch 2: (0, 0) gives total 0 -> 1, error -1: b = -0.1; (1, 1) gives 0.1 -> 1, right.
    Epoch 3: totals -0.1 -> 0 and 0.1 -> 1, no mistake: return ([0.1, 0.1], -0.1, True).
    Returns: (w, b, converged): w a float array of shape (n,), b a float, converged a bool.
    Raises: ValueError when X is not 2-D (m, n), or y is not 1-D with m entries.

    中文：Rosenblatt 感知机学习规则，从 w = 0、b = 0 开始。每一轮（epoch）按给定顺序（不打乱）
    依次处理样本；对每个样本先算 y_hat = perceptron(x, w, b)，再更新 w += lr (y - y_hat) x，
    b += lr (y - y_hat)：预测正确时什么都不变，预测错误时权重朝 x 的方向（或反方向）移动。
    第一次出现没有任何错误的一轮后停止（converged = True），或者跑完 `epochs` 轮后停止
    （converged = False）。整个过程是确定的。
    例子（可以手算验证）：X = [[0, 0], [1, 1]]，y = [0, 1]，lr = 0.1。第 1 轮：样本 (0, 0) 总和为
    0 >= 0，y_hat = 1，误差 -1：w = [0, 0]，b = -0.1；样本 (1, 1) 总和 -0.1，y_hat = 0，误差 +1：
    w = [0.1, 0.1]，b = 0.0。第 2 轮：(0, 0) 总和 0 -> 1，误差 -1：b = -0.1；(1, 1) 总和 0.1 -> 1，
    正确。第 3 轮：总和 -0.1 -> 0、0.1 -> 1，没有错误：返回 ([0.1, 0.1], -0.1, True)。
    返回：(w, b, converged)：w 是形状为 (n,) 的浮点数组，b 是 float，converged 是 bool。
    异常：X 不是二维 (m, n)，或 y 不是长度为 m 的一维数组时，抛出 ValueError。
    """
    raise NotImplementedError("train_perceptron: write your code here / 在这里写你的代码")
