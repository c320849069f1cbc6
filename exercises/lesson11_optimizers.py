"""Lesson 11: optimisers.  第 11 课：优化方法

Gradient descent moves the parameters a small step against the gradient:
w <- w - lr * g. The variants differ in how many samples each gradient sees:
batch gradient descent uses all m samples for one step per epoch, stochastic
gradient descent (SGD) one sample per step, mini-batch gradient descent a slice of
batch_size samples per step; SGD and mini-batch shuffle the samples every epoch.
Momentum adds a velocity that accumulates past gradients, smoothing the path;
Adam keeps running averages of the gradient and of its square and scales every
coordinate's step by them; learning-rate decay shrinks the step as training goes on.

`grad_fn(w, X, y) -> ndarray` returns the gradient of the loss on the samples it is
given; `w` is a 1-D parameter vector. No function here modifies its inputs.

中文：梯度下降让参数沿梯度的反方向走一小步：w <- w - lr * g。几种变体的区别在于每次
梯度用多少样本：批量梯度下降每个轮次（epoch）用全部 m 个样本走一步，随机梯度下降（SGD）
每步用一个样本，小批量梯度下降每步用 batch_size 个样本；SGD 和小批量梯度下降每个轮次都
重新打乱样本顺序。动量引入一个累积历史梯度的“速度”，让路径更平滑；Adam 维护梯度及其平方的
滑动平均，并据此缩放每个坐标的步长；学习率衰减让步长随训练逐渐变小。

`grad_fn(w, X, y) -> ndarray` 返回损失在所给样本上的梯度；`w` 是一维参数向量。
本课的函数都不修改输入。
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

GradFn = Callable[[np.ndarray, np.ndarray, np.ndarray], ArrayLike]


def batch_gd(
    grad_fn: GradFn, w0: ArrayLike, X: ArrayLike, y: ArrayLike, lr: float, epochs: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Batch gradient descent: per epoch one step w = w - lr * grad_fn(w, X, y).

    Every step sees all m samples, so the path is smooth but each step costs a full
    pass over the training data. Start from a float64 copy of w0 (w0 itself must
    not change: write w = w - lr * g, not w -= ... on w0). Call grad_fn exactly once
    per epoch, with all of X and y.
    Returns (w, history): the final w and the list of w after each step, each
    entry its own copy (len(history) == epochs; w0 itself is not in it).

    Example (check it by hand): grad_fn = lambda w, X, y: 2 * w (the gradient of
    sum w^2), w0 = [1.0], lr = 0.25, epochs = 2: w goes 1 -> 0.5 -> 0.25, so the
    result is (array([0.25]), [array([0.5]), array([0.25])]).
    Raises: ValueError when X and y have different numbers of samples or epochs < 0.

    中文：批量梯度下降：每个轮次走一步 w = w - lr * grad_fn(w, X, y)。
    每一步都用全部 m 个样本，路径平滑，但每步都要把训练数据完整过一遍。从 w0 的 float64
    副本出发（w0 本身不能被改变：写 w = w - lr * g，不要对 w0 做 w -= ...）。每个轮次
    恰好调用一次 grad_fn，传入全部 X 和 y。
    返回 (w, history)：最终的 w，以及每一步之后 w 的列表，每一项都是独立的副本
    （len(history) == epochs；w0 本身不在其中）。
    例子（手算验证）：grad_fn = lambda w, X, y: 2 * w（sum w^2 的梯度），w0 = [1.0]，
    lr = 0.25，epochs = 2：w 依次为 1 -> 0.5 -> 0.25，结果是
    (array([0.25]), [array([0.5]), array([0.25])])。
    异常：X 与 y 的样本数不同或 epochs < 0 时抛出 ValueError。
    """
    raise NotImplementedError("batch_gd: write your code here / 在这里写你的代码")


def sgd(
    grad_fn: GradFn,
    w0: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    lr: float,
    epochs: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Stochastic gradient descent: one step per sample, samples shuffled every epoch.

    For each epoch: order = rng.permutation(m) (a new permutation each epoch), then
    for each i in order: w = w - lr * grad_fn(w, X[i:i+1], y[i:i+1]). The slices
    i:i+1 keep the sample axis, so grad_fn always gets a batch (here of one sample).
    Use rng for nothing else, so that the grader can replay the same order.
    Returns (w, history): history holds a copy of w after every step
    (len(history) == epochs * m).

    Example: m = 3 and rng.permutation(3) = [2, 0, 1] in the first epoch: the first
    three calls receive sample 2, then 0, then 1; the second epoch draws a fresh
    permutation. With grad_fn = lambda w, X, y: np.ones_like(w), w0 = [0.0],
    lr = 0.1, epochs = 2, history is [-0.1], [-0.2], ..., [-0.6] whatever the order.
    Raises: ValueError when X and y have different numbers of samples or epochs < 0.

    中文：随机梯度下降：每个样本走一步，每个轮次重新打乱样本顺序。
    每个轮次：order = rng.permutation(m)（每个轮次重新抽一个排列），然后对 order 中的每个 i：
    w = w - lr * grad_fn(w, X[i:i+1], y[i:i+1])。切片 i:i+1 保留了样本这一维，grad_fn 拿到的
    总是一批样本（这里只有一个）。rng 不要用于别的地方，这样评分程序才能重放出同样的顺序。
    返回 (w, history)：history 保存每一步之后 w 的副本（len(history) == epochs * m）。
    例子：m = 3，第一个轮次 rng.permutation(3) = [2, 0, 1]：前三次调用依次拿到样本 2、0、1；
    第二个轮次重新抽一个排列。若 grad_fn = lambda w, X, y: np.ones_like(w)，w0 = [0.0]，
    lr = 0.1，epochs = 2，则无论顺序如何，history 都是 [-0.1]、[-0.2]、……、[-0.6]。
    异常：X 与 y 的样本数不同或 epochs < 0 时抛出 ValueError。
    """
    raise NotImplementedError("sgd: write your code here / 在这里写你的代码")


def minibatch_gd(
    grad_fn: GradFn,
    w0: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    lr: float,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Mini-batch gradient descent: one step per slice of batch_size shuffled samples.

    For each epoch: order = rng.permutation(m), then for start = 0, batch_size,
    2 batch_size, ...: idx = order[start:start + batch_size] and
    w = w - lr * grad_fn(w, X[idx], y[idx]). The last batch is shorter when m is not
    a multiple of batch_size: keep it, do not drop it (every sample is used once per
    epoch). That is ceil(m / batch_size) steps per epoch.
    Returns (w, history): history holds a copy of w after every step.

    Example: m = 5, batch_size = 2, order = [3, 0, 4, 1, 2]: the epoch's three calls
    receive samples [3, 0], then [4, 1], then [2].
    batch_size = 1 is SGD; batch_size >= m is one full batch per epoch (but still in
    shuffled order).
    Raises: ValueError when X and y have different numbers of samples, epochs < 0 or
    batch_size < 1.

    中文：小批量梯度下降：打乱后的样本每 batch_size 个为一批，每批走一步。
    每个轮次：order = rng.permutation(m)，然后对 start = 0, batch_size, 2 batch_size, ……：
    idx = order[start:start + batch_size]，w = w - lr * grad_fn(w, X[idx], y[idx])。
    m 不是 batch_size 的整数倍时，最后一批较短：保留它，不要丢掉（每个轮次每个样本都用一次）。
    所以每个轮次走 ceil(m / batch_size) 步。
    返回 (w, history)：history 保存每一步之后 w 的副本。
    例子：m = 5，batch_size = 2，order = [3, 0, 4, 1, 2]：这个轮次的三次调用依次拿到样本
    [3, 0]、[4, 1]、[2]。batch_size = 1 就是 SGD；batch_size >= m 就是每个轮次一整批
    （但仍按打乱后的顺序）。
    异常：X 与 y 的样本数不同、epochs < 0 或 batch_size < 1 时抛出 ValueError。
    """
    raise NotImplementedError("minibatch_gd: write your code here / 在这里写你的代码")


def momentum_step(
    w: ArrayLike, v: ArrayLike, g: ArrayLike, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    """One momentum step: v = beta v + g; w = w - lr v. Returns the new (w, v).

    The velocity v is a running sum of past gradients, each older one weighted by
    another factor beta; steps grow along directions where the gradient keeps its
    sign and cancel where it flips. This is the undampened form: g is added as is
    (not (1 - beta) g). Return new arrays; do not change w or v in place.

    Example (check it by hand): w = [1, 2], v = [0.5, 0], g = [1, -1], lr = 0.1:
    v = [0.45 + 1, 0 - 1] = [1.45, -1], w = [1 - 0.145, 2 + 0.1] = [0.855, 2.1].
    Raises: ValueError when w, v and g have different shapes.

    中文：动量的一步：v = beta v + g；w = w - lr v。返回新的 (w, v)。
    速度 v 是历史梯度的累加，越早的梯度多乘一次 beta；梯度方向保持不变的方向上步子越走越大，
    来回变号的方向上互相抵消。这里是不带阻尼的形式：直接加 g（不是 (1 - beta) g）。
    返回新数组；不要原地修改 w 或 v。
    例子（手算验证）：w = [1, 2]，v = [0.5, 0]，g = [1, -1]，lr = 0.1：
    v = [0.45 + 1, 0 - 1] = [1.45, -1]，w = [1 - 0.145, 2 + 0.1] = [0.855, 2.1]。
    异常：w、v、g 形状不同时抛出 ValueError。
    """
    raise NotImplementedError("momentum_step: write your code here / 在这里写你的代码")


def adam_step(
    w: ArrayLike,
    m: ArrayLike,
    v: ArrayLike,
    g: ArrayLike,
    t: int,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam step (Kingma & Ba) with bias correction; t counts from 1.

    m and v are running averages of g and g^2. They start at 0, so early on they are
    too small; dividing by (1 - beta^t) corrects that bias:
        m = beta1 m + (1 - beta1) g
        v = beta2 v + (1 - beta2) g^2
        m_hat = m / (1 - beta1^t),   v_hat = v / (1 - beta2^t)
        w = w - lr m_hat / (sqrt(v_hat) + eps)
    Return the new (w, m, v), with m and v WITHOUT the correction (they are the
    running averages carried to the next step). t is the number of this step: 1 for
    the first call, 2 for the second, ...; do not change w, m or v in place.

    Example (check it by hand): w = [1, 2], m = v = [0, 0], g = [0.5, -2], t = 1,
    lr = 0.1: m = [0.05, -0.2], v = [0.00025, 0.004], m_hat = [0.5, -2],
    v_hat = [0.25, 4], so w = [1 - 0.1, 2 + 0.1] = [0.9, 2.1] (up to eps): the first
    step moves each coordinate by about lr, whatever the gradient's size.
    Raises: ValueError when t < 1 or w, m, v, g have different shapes.

    中文：Adam（Kingma 与 Ba）的一步，带偏差修正；t 从 1 开始计数。
    m 和 v 是 g 与 g^2 的滑动平均。它们从 0 开始，所以刚开始时偏小；除以 (1 - beta^t)
    修正这个偏差：
        m = beta1 m + (1 - beta1) g
        v = beta2 v + (1 - beta2) g^2
        m_hat = m / (1 - beta1^t)，v_hat = v / (1 - beta2^t)
        w = w - lr m_hat / (sqrt(v_hat) + eps)
    返回新的 (w, m, v)，其中 m 和 v 是未经修正的（它们是带到下一步的滑动平均）。t 是本步的
    编号：第一次调用为 1，第二次为 2，……；不要原地修改 w、m 或 v。
    例子（手算验证）：w = [1, 2]，m = v = [0, 0]，g = [0.5, -2]，t = 1，lr = 0.1：
    m = [0.05, -0.2]，v = [0.00025, 0.004]，m_hat = [0.5, -2]，v_hat = [0.25, 4]，
    所以 w = [1 - 0.1, 2 + 0.1] = [0.9, 2.1]（忽略 eps）：无论梯度多大，第一步每个坐标
    大约移动 lr。
    异常：t < 1，或 w、m、v、g 形状不同时抛出 ValueError。
    """
    raise NotImplementedError("adam_step: write your code here / 在这里写你的代码")


def exponential_decay(lr0: float, decay_rate: float, step: int) -> float:
    """Learning rate after `step` steps: lr0 * decay_rate ** step.

    The step size shrinks by the same factor every step: big steps early to get
    close, small steps late to settle. Return a Python float.

    Example (check it by hand): exponential_decay(0.1, 0.5, 3) = 0.1 * 0.125 = 0.0125;
    step = 0 gives lr0.
    Raises: ValueError when decay_rate < 0 or step < 0.

    中文：学习率衰减：第 step 步的学习率为 lr0 * decay_rate ** step。
    每一步步长都乘以同一个因子：前期大步靠近，后期小步稳定下来。返回 Python float。
    例子（手算验证）：exponential_decay(0.1, 0.5, 3) = 0.1 * 0.125 = 0.0125；step = 0 时为 lr0。
    异常：decay_rate < 0 或 step < 0 时抛出 ValueError。
    """
    raise NotImplementedError("exponential_decay: write your code here / 在这里写你的代码")
