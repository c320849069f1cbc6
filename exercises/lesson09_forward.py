"""Lesson 09: the forward pass of a two-layer network.  第 9 课：两层网络的前向计算

A dense (fully connected) layer turns a batch X of m samples, one per row, into
Z = X W + b: every output neuron takes a weighted sum of all inputs plus its bias.
Stacking two dense layers with an activation function in between gives a
multi-layer perceptron: Z1 = X W1 + b1, A1 = act(Z1), Z2 = A1 W2 + b2, A2 = out(Z2).
Weights start as small random numbers scaled by sqrt(1 / fan-in) so that the
weighted sums neither explode nor vanish; biases start at zero. The forward pass
keeps its intermediate results in a cache, because backpropagation (lesson 10)
needs them.

Parameters are a dict {"W1": (n_in, n_hidden), "b1": (n_hidden,),
"W2": (n_hidden, n_out), "b2": (n_out,)}.

中文：全连接层把一批 m 个样本（每行一个）X 变成 Z = X W + b：每个输出神经元对所有输入
做加权求和再加上偏置。两个全连接层之间夹一个激活函数，就得到多层感知机：
Z1 = X W1 + b1，A1 = act(Z1)，Z2 = A1 W2 + b2，A2 = out(Z2)。权重初始化为按
sqrt(1 / 输入个数) 缩放的小随机数，使加权和既不爆炸也不消失；偏置初始化为 0。
前向计算把中间结果存进 cache，因为反向传播（第 10 课）要用到它们。

参数是字典 {"W1": (n_in, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, n_out), "b2": (n_out,)}。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUTPUT_ACTIVATIONS = ("identity", "sigmoid", "softmax")


def init_params(n_in: int, n_hidden: int, n_out: int, rng: np.random.Generator) -> dict:
    """Random weights scaled by sqrt(1 / fan-in), zero biases.

    Each weight of a layer is a standard normal number times sqrt(1 / n), n being
    the number of inputs of that layer (its "fan-in"). A weighted sum of n inputs of
    size about 1 then has a size of about 1 too, so sigmoid and tanh start in their
    steep middle part instead of their flat ends.

    Formula, in exactly this order (the grader replays the same rng):
        W1 = rng.standard_normal((n_in, n_hidden)) * sqrt(1 / n_in)      # first
        W2 = rng.standard_normal((n_hidden, n_out)) * sqrt(1 / n_hidden) # second
        b1 = zeros (n_hidden,),  b2 = zeros (n_out,)
    Return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, all float64 arrays.

    Example (check it yourself): with rng = np.random.default_rng(0),
    init_params(2, 3, 1, rng) gives W1[0, 0] = 0.12573022 * sqrt(1/2) = 0.08890469,
    W2 of shape (3, 1) with W2[0, 0] = 1.30400005 * sqrt(1/3) = 0.75286478,
    b1 = [0, 0, 0], b2 = [0]. Drawing W2 first, or using sqrt(2 / n) (the "He" scale
    meant for ReLU networks), gives other numbers and fails the check.
    Raises: ValueError when n_in, n_hidden or n_out is not a positive integer.

    中文：随机初始化权重，按 sqrt(1 / 输入个数) 缩放，偏置为 0。
    每层的每个权重是一个标准正态随机数乘以 sqrt(1 / n)，n 是这一层的输入个数。这样 n 个
    大小约为 1 的输入的加权和，大小也约为 1，sigmoid 和 tanh 一开始就处在陡峭的中段，
    而不是平坦的两端。
    公式，严格按此顺序（评分程序会用同一个 rng 重放）：
        W1 = rng.standard_normal((n_in, n_hidden)) * sqrt(1 / n_in)      # 先
        W2 = rng.standard_normal((n_hidden, n_out)) * sqrt(1 / n_hidden) # 后
        b1 = 全 0 (n_hidden,)，b2 = 全 0 (n_out,)
    返回 {"W1": W1, "b1": b1, "W2": W2, "b2": b2}，都是 float64 数组。
    例子（自己验证）：rng = np.random.default_rng(0) 时，init_params(2, 3, 1, rng) 得到
    W1[0, 0] = 0.12573022 * sqrt(1/2) = 0.08890469，W2 形状为 (3, 1)，
    W2[0, 0] = 1.30400005 * sqrt(1/3) = 0.75286478，b1 = [0, 0, 0]，b2 = [0]。
    先抽 W2，或者用 sqrt(2 / n)（为 ReLU 网络设计的 “He” 缩放），得到的数不同，检查不通过。
    异常：n_in、n_hidden 或 n_out 不是正整数时抛出 ValueError。
    """
    raise NotImplementedError("init_params: write your code here / 在这里写你的代码")


def dense_forward(X: ArrayLike, W: ArrayLike, b: ArrayLike) -> np.ndarray:
    """Dense layer: Z = X W + b, X (m, n_in), W (n_in, n_out), b (n_out,) -> Z (m, n_out).

    Row i of Z is sample i's weighted sums: Z[i, j] = sum_k X[i, k] W[k, j] + b[j].
    The bias b is added to every row (NumPy broadcasting does that for you).
    X must be 2-D even for a single sample: one sample is X of shape (1, n_in).

    Example (check it by hand): X = [[1, 2]], W = [[1, 0, -1], [0, 1, 2]],
    b = [0.5, 0, -1]:  X W = [[1, 2, 3]],  Z = [[1.5, 2.0, 2.0]].
    Raises: ValueError when X or W is not 2-D, b is not 1-D, X's columns differ from
    W's rows, or b's length differs from W's columns.

    中文：全连接层：Z = X W + b，X (m, n_in)，W (n_in, n_out)，b (n_out,) -> Z (m, n_out)。
    Z 的第 i 行是第 i 个样本的加权和：Z[i, j] = sum_k X[i, k] W[k, j] + b[j]。偏置 b 加到
    每一行上（NumPy 的广播会替你做）。单个样本也要写成二维的 X，形状 (1, n_in)。
    例子（手算验证）：X = [[1, 2]]，W = [[1, 0, -1], [0, 1, 2]]，b = [0.5, 0, -1]：
    X W = [[1, 2, 3]]，Z = [[1.5, 2.0, 2.0]]。
    异常：X 或 W 不是二维、b 不是一维、X 的列数不等于 W 的行数、b 的长度不等于 W 的列数时，
    抛出 ValueError。
    """
    raise NotImplementedError("dense_forward: write your code here / 在这里写你的代码")


def forward(
    X: ArrayLike, params: dict, hidden: str = "sigmoid", output: str = "identity"
) -> tuple[np.ndarray, dict]:
    """Two-layer forward pass; returns (A2, cache) with cache keys "Z1", "A1", "Z2", "A2".

    Formula:  Z1 = X W1 + b1,  A1 = hidden(Z1),  Z2 = A1 W2 + b2,  A2 = output(Z2).
    hidden is one of "sigmoid", "tanh", "relu" (used on the hidden layer only);
    output is one of "identity" (A2 = Z2, for regression), "sigmoid" (one probability
    per output) or "softmax" (row by row: each sample's outputs sum to 1).
    Use numerically stable sigmoid and softmax (lesson 6: no overflow for |z| up
    to 1e4; subtract each row's max before exp). You may import your own lesson 6
    functions, e.g. `from lesson06_activations import sigmoid, softmax`.
    The cache holds exactly the four arrays Z1, A1, Z2, A2 (A2 as returned).

    Example (check it by hand): X = [[1, 2]], W1 = [[1, -1], [0, -1]], b1 = [0, 0],
    W2 = [[1], [1]], b2 = [0.5]. Then Z1 = [[1, -3]];
    with hidden="relu", A1 = [[1, 0]], Z2 = [[1.5]]; output="identity" gives
    A2 = [[1.5]], output="sigmoid" gives A2 = [[sigmoid(1.5)]] = [[0.8176]].
    With hidden="sigmoid": A1 = [[0.7311, 0.0474]], Z2 = A2 = [[1.2785]] (identity).
    Raises: ValueError for an unknown activation name (e.g. hidden="softmax" or
    output="relu"), a missing parameter, or shapes that do not fit.

    中文：两层网络的前向计算；返回 (A2, cache)，cache 的键为 "Z1"、"A1"、"Z2"、"A2"。
    公式：Z1 = X W1 + b1，A1 = hidden(Z1)，Z2 = A1 W2 + b2，A2 = output(Z2)。
    hidden 取 "sigmoid"、"tanh"、"relu" 之一（只用于隐藏层）；output 取 "identity"
    （A2 = Z2，用于回归）、"sigmoid"（每个输出一个概率）或 "softmax"（按行计算：每个样本的
    输出之和为 1）之一。sigmoid 和 softmax 要数值稳定（第 6 课：|z| 到 1e4 也不溢出；
    softmax 先减去每行的最大值再取 exp）。可以导入自己第 6 课的函数，例如
    `from lesson06_activations import sigmoid, softmax`。cache 只存 Z1、A1、Z2、A2 四个数组
    （A2 就是返回的那个）。
    例子（手算验证）：X = [[1, 2]]，W1 = [[1, -1], [0, -1]]，b1 = [0, 0]，W2 = [[1], [1]]，
    b2 = [0.5]。则 Z1 = [[1, -3]]；hidden="relu" 时 A1 = [[1, 0]]，Z2 = [[1.5]]；
    output="identity" 得 A2 = [[1.5]]，output="sigmoid" 得 A2 = [[sigmoid(1.5)]] = [[0.8176]]。
    hidden="sigmoid" 时：A1 = [[0.7311, 0.0474]]，Z2 = A2 = [[1.2785]]（identity）。
    异常：激活函数名未知（例如 hidden="softmax" 或 output="relu"）、缺少参数或形状不匹配时，
    抛出 ValueError。
    """
    raise NotImplementedError("forward: write your code here / 在这里写你的代码")
