"""Lesson 12: training a network.  第 12 课：训练神经网络

Training puts the previous lessons together: initialise the parameters (lesson 9),
then repeat forward pass (lesson 9), backward pass (lesson 10) and an optimiser
step (lesson 11) until the loss is small. Two problems: XOR, the classic task a
single perceptron cannot solve, and fitting a wiggly curve (regression), where
scaling the inputs and targets to a range of about -1..1 makes training much
easier.

中文：训练把前几课串起来：初始化参数（第 9 课），然后反复做前向计算（第 9 课）、
反向传播（第 10 课）和一次优化步骤（第 11 课），直到损失足够小。两个问题：异或——
单个感知机解决不了的经典问题；以及拟合一条弯曲的曲线（回归），其中把输入和目标缩放到
大约 -1..1 的范围会让训练容易得多。
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def train_xor(seed: int = 0) -> tuple[dict, str]:
    """Train a 2-H-1 network on the four XOR points; return (params, hidden).

    Build it from your own lessons 9-11: rng = np.random.default_rng(seed),
    params = init_params(2, H, 1, rng), then repeat
        A2, cache = forward(XOR_X, params, hidden, "sigmoid")
        grads = backward(XOR_X, XOR_Y, params, cache, hidden, "sigmoid")
        update every params[k] with grads[k] (plain gradient descent, momentum_step
        or adam_step, each parameter with its own m, v or velocity)
    The output is sigmoid and the loss binary cross-entropy (what backward assumes
    for output="sigmoid"). H and hidden ("sigmoid", "tanh" or "relu") are your
    choice; return the name you trained with, since the check runs
    forward(XOR_X, params, hidden, "sigmoid") and needs all four outputs on the
    right side of 0.5: [< 0.5, > 0.5, > 0.5, < 0.5]. Return params in lesson 9's
    layout. It is run for seed 0 and for seed 1, each within 20 s (timed by the
    grader). Trained means trained: during each call your own lesson 9 forward and
    lesson 10 backward must run (import them from your lesson files), and the two
    seeds must give different params; hand-set weights do not pass.
    Hints: H = 4-8 with tanh and Adam (lr about 0.05, a few hundred steps) is quick
    and reliable; with only 2 hidden units or plain gradient descent with a small
    lr, some seeds get stuck.
    Example: after training, forward(XOR_X, params, hidden, "sigmoid")[0] is
    close to [[0], [1], [1], [0]], e.g. [[0.01], [0.99], [0.99], [0.01]].

    中文：在异或的四个点上训练一个 2-H-1 网络；返回 (params, hidden)。
    用你自己第 9-11 课的代码搭建：rng = np.random.default_rng(seed)，
    params = init_params(2, H, 1, rng)，然后反复执行
        A2, cache = forward(XOR_X, params, hidden, "sigmoid")
        grads = backward(XOR_X, XOR_Y, params, cache, hidden, "sigmoid")
        用 grads[k] 更新每个 params[k]（普通梯度下降、momentum_step 或 adam_step，
        每个参数各自有自己的 m、v 或速度）
    输出层用 sigmoid，损失函数是二分类交叉熵（正是 output="sigmoid" 时 backward 假定的）。
    H 和隐藏层激活函数 hidden（"sigmoid"、"tanh" 或 "relu"）由你选；返回训练时用的名字，
    因为检查会运行 forward(XOR_X, params, hidden, "sigmoid")，要求四个输出都在 0.5 的正确
    一侧：[< 0.5, > 0.5, > 0.5, < 0.5]。params 按第 9 课的格式返回。检查会用 seed 0 和 seed 1
    各运行一次，每次都要在 20 秒内完成（由评分器计时）。训练就要真的训练：每次调用期间，
    你自己第 9 课的 forward 和第 10 课的 backward 必须运行（从你的课程文件中导入它们），
    而且两个 seed 必须得到不同的参数；手工设定的权重不能通过。
    提示：H = 4-8、tanh 加 Adam（学习率约 0.05，几百步）又快又稳；只有 2 个隐藏神经元，
    或用很小学习率的普通梯度下降时，有些 seed 会卡住。
    例子：训练后 forward(XOR_X, params, hidden, "sigmoid")[0] 接近 [[0], [1], [1], [0]]，
    例如 [[0.01], [0.99], [0.99], [0.01]]。
    """
    raise NotImplementedError("train_xor: write your code here / 在这里写你的代码")


def fit_curve(x: ArrayLike, y: ArrayLike, seed: int = 0) -> Callable[[ArrayLike], np.ndarray]:
    """Fit the points (x, y) with a network; return predict(x_new) -> (m',).

    The data: x (m,) in [0, 1], y = 0.4 x^2 + 0.3 x sin(15 x) + 0.01 cos(50 x) - 0.3
    plus a little noise. Train a 1-H-1 network (identity output, so backward uses
    mse) with your lessons 9-11 and return a function predict that takes a 1-D
    array of new x values and returns the network's predictions as a 1-D float64
    array of the same length. The check: mean squared error below 0.003 on fresh
    points of the same curve, within 60 s; then the same on a second curve of the
    same form, y = c1 x^2 + c2 x sin(c3 x) + c4 cos(c5 x) + c6, with coefficients of
    similar size that the grader chooses (another 60 s). predict must learn from
    (x, y): returning the formula above does not pass.
    Hints:
      - Scale: X = ((x - x.mean()) / x.std())[:, None], Y likewise from y; predict
        must apply the SAME scaling (the training mean and std) to x_new and undo it
        on the output: y_pred = A2[:, 0] * y_std + y_mean.
      - tanh hidden layer with H = 32, full-batch Adam (lr = 0.01, a few thousand
        steps, optionally decaying with exponential_decay) fits the curve well; use
        rng = np.random.default_rng(seed) for init_params.
      - y's variance is only about 0.04 (range about -0.36..0.34), so an MSE below
        0.003 means the network must follow the wiggles of sin(15 x), not just the trend.
    Raises: ValueError when x and y are not 1-D arrays of the same length.
    Example: p = fit_curve(x, y); p([0.0, 0.5, 1.0]) is close to
    [-0.29, -0.05, 0.30] (the curve's values 0.01 - 0.3, 0.1 + 0.15 sin 7.5 +
    0.01 cos 25 - 0.3, 0.4 + 0.3 sin 15 + 0.01 cos 50 - 0.3).

    中文：用神经网络拟合点 (x, y)；返回 predict(x_new) -> (m',)。
    数据：x (m,) 在 [0, 1] 中，y = 0.4 x^2 + 0.3 x sin(15 x) + 0.01 cos(50 x) - 0.3 再加一点
    噪声。用你第 9-11 课的代码训练一个 1-H-1 网络（输出层 identity，于是 backward 用均方差损失），
    返回函数 predict：输入一维的新 x 数组，输出同样长度的一维 float64 预测数组。
    检查：在同一曲线的新点（测试数据）上均方误差小于 0.003，60 秒内完成；然后在同一形式的
    第二条曲线 y = c1 x^2 + c2 x sin(c3 x) + c4 cos(c5 x) + c6（系数大小相近，由评分器选定）上
    做同样的检查（另有 60 秒）。predict 必须从 (x, y) 学习：直接返回上面的公式不能通过。
    提示：
      - 缩放：X = ((x - x.mean()) / x.std())[:, None]，Y 同样由 y 得到；predict 必须对 x_new
        做同样的缩放（用训练数据的均值和标准差），并在输出上还原：y_pred = A2[:, 0] * y_std + y_mean。
      - tanh 隐藏层、H = 32、全批量 Adam（学习率 0.01，几千步，可以用 exponential_decay 做
        学习率衰减）就能拟合得很好；init_params 用 rng = np.random.default_rng(seed)。
      - y 的方差只有约 0.04（范围约 -0.36..0.34），所以均方误差低于 0.003 意味着网络必须跟上
        sin(15 x) 的起伏，而不只是大致趋势。
    异常：x 和 y 不是等长的一维数组时抛出 ValueError。
    例子：p = fit_curve(x, y)；p([0.0, 0.5, 1.0]) 接近 [-0.29, -0.05, 0.30]（曲线在这三点的值
    0.01 - 0.3，0.1 + 0.15 sin 7.5 + 0.01 cos 25 - 0.3，0.4 + 0.3 sin 15 + 0.01 cos 50 - 0.3）。
    """
    raise NotImplementedError("fit_curve: write your code here / 在这里写你的代码")
