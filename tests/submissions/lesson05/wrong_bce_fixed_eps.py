# expect: mae=passed, mse=passed, mse_grad=passed, binary_cross_entropy=failed, binary_cross_entropy_grad=passed, categorical_cross_entropy=passed, hinge_loss=passed
# feedback: binary_cross_entropy=the eps argument is ignored
# A natural bug: clipped with a fixed eps of 1e-7, not the eps argument.
"""Lesson 05: loss functions.  第 5 课：损失函数

A loss function turns "how wrong is the prediction?" into one number that training can
make smaller.  Regression uses distances between prediction a and target y (mean absolute
error, mean squared error); classification uses cross-entropy on predicted probabilities,
or the hinge loss on raw scores.  Gradient descent also needs each loss's derivative with
respect to the prediction.

Conventions: `a` is the prediction and `y` the target, with the same shape; the first axis
holds the samples, and m is its length.  Every loss is averaged over the m samples (a sum
over all other axes, divided by m).  Shape mismatches, 0-d inputs and m = 0 raise
ValueError.  Logarithms are natural.

中文：损失函数把“预测错了多少”变成一个数，训练就是让这个数变小。回归问题用预测值 a 与
目标值 y 之间的距离（绝对值损失、均方差损失）；分类问题对预测概率使用交叉熵，或对原始
得分使用铰链损失。梯度下降还需要每个损失对预测值的导数。

约定：`a` 是预测值，`y` 是目标值，二者形状相同；第一个轴是样本，m 是它的长度。每个损失都
对 m 个样本取平均（对其余轴求和后除以 m）。形状不一致、0 维输入或 m = 0 时抛出 ValueError。
对数取自然对数。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _pair(a: ArrayLike, y: ArrayLike, a_name: str = "a", y_name: str = "y"):
    """a and y as float arrays of the same, at least 1-D, non-empty shape; and m."""
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    if a.shape != y.shape:
        raise ValueError(f"{a_name} and {y_name} must have the same shape, got {a.shape} and {y.shape}")
    if a.ndim == 0:
        raise ValueError(f"{a_name} and {y_name} need a first axis of samples, got 0-d inputs")
    if a.shape[0] == 0:
        raise ValueError("there are no samples (m = 0)")
    return a, y, a.shape[0]


def _check_eps(eps: float, upper: float) -> float:
    eps = float(eps)
    if not 0.0 < eps < upper:
        raise ValueError(f"eps must lie in (0, {upper}), got {eps}")
    return eps


def mae(a: ArrayLike, y: ArrayLike) -> float:
    """Mean absolute error: (1/m) * sum |a - y|.

    Every error counts in proportion to its size, so a few large errors (outliers) do not
    dominate the loss the way they do in the squared error.

    Formula: MAE = (1/m) sum_i |a_i - y_i| (for arrays with more axes, sum over every
    entry and still divide by m, the number of samples).
    Example (check it by hand): mae([1, 2, 3], [1, 4, 0]) = (0 + 2 + 3) / 3 = 1.6667.
    Raises: ValueError when a and y have different shapes (no broadcasting), are 0-d, or
    hold no samples.

    中文：绝对值损失（平均绝对误差）：(1/m) * sum |a - y|。每个误差按其大小计入，少数很大的
    误差（离群点）不会像平方误差那样主导损失。
    公式：MAE = (1/m) sum_i |a_i - y_i|（多维数组对所有元素求和，仍然除以样本数 m）。
    例子（可以手算验证）：mae([1, 2, 3], [1, 4, 0]) = (0 + 2 + 3) / 3 = 1.6667。
    异常：a 与 y 形状不同（不做广播）、是 0 维、或没有样本时，抛出 ValueError。
    """
    a, y, m = _pair(a, y)
    return float(np.sum(np.abs(a - y)) / m)


def mse(a: ArrayLike, y: ArrayLike) -> float:
    """Mean squared error with the course's 1/2: (1 / 2m) * sum (a - y)^2.

    Squaring punishes large errors much more than small ones and gives a smooth loss; the
    1/2 is there so that the derivative comes out without a factor 2.

    Formula: MSE = 1/(2m) sum_i (a_i - y_i)^2 (summed over every entry, divided by 2m).
    Example (check it by hand): mse([1, 2], [1, 4]) = (0 + 4) / (2 * 2) = 1.0;
    mse([1, 2, 3], [1, 4, 0]) = (0 + 4 + 9) / 6 = 2.1667.
    Raises: ValueError when a and y have different shapes, are 0-d, or hold no samples.

    中文：均方差损失（均方误差），带本课程约定的 1/2：(1 / 2m) * sum (a - y)^2。平方使大的
    误差受到比小误差重得多的惩罚，损失也更光滑；乘 1/2 是为了求导后不出现系数 2。
    公式：MSE = 1/(2m) sum_i (a_i - y_i)^2（对所有元素求和，再除以 2m）。
    例子（可以手算验证）：mse([1, 2], [1, 4]) = (0 + 4) / (2 * 2) = 1.0；
    mse([1, 2, 3], [1, 4, 0]) = (0 + 4 + 9) / 6 = 2.1667。
    异常：a 与 y 形状不同、是 0 维、或没有样本时，抛出 ValueError。
    """
    a, y, m = _pair(a, y)
    return float(np.sum((a - y) ** 2) / (2 * m))


def mse_grad(a: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """Gradient of mse with respect to the prediction a: (a - y) / m.

    Differentiating (1/2m)(a_i - y_i)^2 gives (a_i - y_i)/m: the 1/2 cancels the 2 from
    the square.  The gradient points from the target towards the prediction.

    Formula: d MSE / d a_i = (a_i - y_i) / m; the result has a's shape.
    Example (check it by hand): mse_grad([1, 2, 3], [1, 4, 0]) = [0, -2, 3] / 3
    = [0.0, -0.6667, 1.0].
    Raises: ValueError when a and y have different shapes, are 0-d, or hold no samples.

    中文：mse 对预测值 a 的梯度：(a - y) / m。对 (1/2m)(a_i - y_i)^2 求导得 (a_i - y_i)/m：
    1/2 正好抵消平方带来的 2。梯度从目标值指向预测值。
    公式：d MSE / d a_i = (a_i - y_i) / m；结果与 a 形状相同。
    例子（可以手算验证）：mse_grad([1, 2, 3], [1, 4, 0]) = [0, -2, 3] / 3 = [0.0, -0.6667, 1.0]。
    异常：a 与 y 形状不同、是 0 维、或没有样本时，抛出 ValueError。
    """
    a, y, m = _pair(a, y)
    return (a - y) / m


def binary_cross_entropy(a: ArrayLike, y: ArrayLike, eps: float = 1e-12) -> float:
    """Binary cross-entropy: -(1/m) sum [y ln a + (1 - y) ln(1 - a)], a clipped to [eps, 1 - eps].

    For a predicted probability a of class 1 and a label y in {0, 1}, the loss is -ln a
    when y = 1 and -ln(1 - a) when y = 0: small for a confident right answer, huge for a
    confident wrong one.  ln 0 = -inf, so a is clipped to [eps, 1 - eps] first; the loss
    then stays finite.

    Formula: BCE = -(1/m) sum_i [y_i ln a_i + (1 - y_i) ln(1 - a_i)], with
    a = clip(a, eps, 1 - eps).  y may also hold soft labels in [0, 1].
    Example (check it by hand): binary_cross_entropy([0.9, 0.2], [1, 0])
    = -(ln 0.9 + ln 0.8) / 2 = (0.1054 + 0.2231) / 2 = 0.1643;
    binary_cross_entropy([0.0], [1]) = -ln(1e-12) = 27.631 (finite thanks to the clip).
    Raises: ValueError when a and y have different shapes, are 0-d, or hold no samples,
    or when eps is not in (0, 0.5).

    中文：二分类交叉熵：-(1/m) sum [y ln a + (1 - y) ln(1 - a)]，先把 a 裁剪到 [eps, 1 - eps]。
    a 是预测为类别 1 的概率，标签 y 取 0 或 1：y = 1 时损失为 -ln a，y = 0 时为 -ln(1 - a)。
    自信且正确时损失很小，自信却错误时损失很大。ln 0 = -inf，所以要先裁剪 a，损失才保持有限。
    公式：BCE = -(1/m) sum_i [y_i ln a_i + (1 - y_i) ln(1 - a_i)]，其中
    a = clip(a, eps, 1 - eps)。y 也可以是 [0, 1] 内的软标签。
    例子（可以手算验证）：binary_cross_entropy([0.9, 0.2], [1, 0]) = (0.1054 + 0.2231) / 2
    = 0.1643；binary_cross_entropy([0.0], [1]) = -ln(1e-12) = 27.631（因为裁剪而有限）。
    异常：a 与 y 形状不同、是 0 维、没有样本，或 eps 不在 (0, 0.5) 内时，抛出 ValueError。
    """
    a, y, m = _pair(a, y)
    eps = _check_eps(eps, 0.5)
    a = np.clip(a, 1e-7, 1.0 - 1e-7)  # a safe eps of one's own
    return float(-np.sum(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)) / m)


def binary_cross_entropy_grad(a: ArrayLike, y: ArrayLike, eps: float = 1e-12) -> NDArray[np.float64]:
    """Gradient of binary_cross_entropy with respect to a: (a - y) / (a (1 - a)) / m.

    Differentiating -(1/m)[y ln a + (1 - y) ln(1 - a)] gives
    -(1/m)[y / a - (1 - y) / (1 - a)] = (a - y) / (a (1 - a) m).  a is clipped to
    [eps, 1 - eps] first, exactly as in the loss, so the gradient stays finite.

    Formula: d BCE / d a_i = (a_i - y_i) / (a_i (1 - a_i)) / m, with a = clip(a, eps, 1 - eps);
    the result has a's shape.
    Example (check it by hand): binary_cross_entropy_grad([0.9, 0.2], [1, 0])
    = [(0.9 - 1) / (0.9 * 0.1), (0.2 - 0) / (0.2 * 0.8)] / 2 = [-1.1111, 1.25] / 2
    = [-0.5556, 0.625].
    Raises: ValueError when a and y have different shapes, are 0-d, or hold no samples,
    or when eps is not in (0, 0.5).

    中文：binary_cross_entropy 对 a 的梯度：(a - y) / (a (1 - a)) / m。对
    -(1/m)[y ln a + (1 - y) ln(1 - a)] 求导得 -(1/m)[y / a - (1 - y) / (1 - a)]
    = (a - y) / (a (1 - a) m)。与损失一样，先把 a 裁剪到 [eps, 1 - eps]，梯度才保持有限。
    公式：d BCE / d a_i = (a_i - y_i) / (a_i (1 - a_i)) / m，其中 a = clip(a, eps, 1 - eps)；
    结果与 a 形状相同。
    例子（可以手算验证）：binary_cross_entropy_grad([0.9, 0.2], [1, 0]) = [-1.1111, 1.25] / 2
    = [-0.5556, 0.625]。
    异常：a 与 y 形状不同、是 0 维、没有样本，或 eps 不在 (0, 0.5) 内时，抛出 ValueError。
    """
    a, y, m = _pair(a, y)
    eps = _check_eps(eps, 0.5)
    a = np.clip(a, eps, 1.0 - eps)
    return (a - y) / (a * (1.0 - a)) / m


def categorical_cross_entropy(A: ArrayLike, Y: ArrayLike, eps: float = 1e-12) -> float:
    """Categorical cross-entropy: -(1/m) sum_i sum_j Y_ij ln A_ij for (m, k) arrays.

    Each row of A holds one sample's predicted probabilities over k classes (for example a
    softmax output); each row of Y is the one-hot (or soft) target.  For a one-hot row
    only the true class counts: the loss is -ln(probability given to the right class).
    A is clipped to [eps, 1] so that ln 0 never happens.

    Formula: CCE = -(1/m) sum_i sum_j Y_ij ln A_ij with A = clip(A, eps, 1); divide by the
    number of samples m, not by the number of entries m * k.
    Example (check it by hand): A = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]],
    Y = [[1, 0, 0], [0, 1, 0]] gives -(ln 0.7 + ln 0.8) / 2 = (0.3567 + 0.2231) / 2 = 0.2899.
    Raises: ValueError when A and Y have different shapes, are not 2-D, or hold no samples,
    or when eps is not in (0, 1).

    中文：多分类交叉熵：对 (m, k) 数组计算 -(1/m) sum_i sum_j Y_ij ln A_ij。A 的每一行是一个
    样本在 k 个类别上的预测概率（例如 softmax 的输出），Y 的每一行是 one-hot（或软）目标。
    对 one-hot 行只有正确类别起作用：损失就是 -ln(分给正确类别的概率)。先把 A 裁剪到
    [eps, 1]，避免出现 ln 0。
    公式：CCE = -(1/m) sum_i sum_j Y_ij ln A_ij，其中 A = clip(A, eps, 1)；除以样本数 m，
    而不是元素个数 m * k。
    例子（可以手算验证）：A = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]，Y = [[1, 0, 0], [0, 1, 0]]，
    结果为 (0.3567 + 0.2231) / 2 = 0.2899。
    异常：A 与 Y 形状不同、不是二维、没有样本，或 eps 不在 (0, 1) 内时，抛出 ValueError。
    """
    A, Y, m = _pair(A, Y, "A", "Y")
    if A.ndim != 2:
        raise ValueError(f"A and Y must be 2-D (m, k) arrays, got shape {A.shape}")
    eps = _check_eps(eps, 1.0)
    A = np.clip(A, eps, 1.0)
    return float(-np.sum(Y * np.log(A)) / m)


def hinge_loss(a: ArrayLike, y: ArrayLike) -> float:
    """Hinge loss: (1/m) sum max(0, 1 - y a), labels y in {-1, +1}.

    a is a raw score (any real number) and y the label -1 or +1.  A sample costs nothing
    once it is on the right side with a margin of at least 1 (y a >= 1); otherwise the
    loss grows linearly.  This is the loss of support vector machines.

    Formula: hinge = (1/m) sum_i max(0, 1 - y_i a_i).
    Example (check it by hand): hinge_loss([2.0, 0.5, -1.0], [1, 1, 1])
    = (max(0, -1) + max(0, 0.5) + max(0, 2)) / 3 = (0 + 0.5 + 2) / 3 = 0.8333;
    hinge_loss([-3.0], [-1]) = max(0, 1 - 3) = 0.0.
    Raises: ValueError when a label is not exactly -1 or +1 (0/1 labels are rejected),
    when a and y have different shapes, are 0-d, or hold no samples.

    中文：铰链损失（折页损失）：(1/m) sum max(0, 1 - y a)，标签 y 取 -1 或 +1。a 是原始得分
    （任意实数）。样本一旦分在正确的一侧且间隔至少为 1（y a >= 1），损失为 0；否则损失线性
    增长。这是支持向量机使用的损失函数。
    公式：hinge = (1/m) sum_i max(0, 1 - y_i a_i)。
    例子（可以手算验证）：hinge_loss([2.0, 0.5, -1.0], [1, 1, 1]) = (0 + 0.5 + 2) / 3 = 0.8333；
    hinge_loss([-3.0], [-1]) = max(0, 1 - 3) = 0.0。
    异常：标签不恰好是 -1 或 +1（0/1 标签会被拒绝），或 a 与 y 形状不同、是 0 维、没有样本时，
    抛出 ValueError。
    """
    a, y, m = _pair(a, y)
    if not np.all((y == 1.0) | (y == -1.0)):
        raise ValueError("hinge labels must be -1 or +1")
    return float(np.sum(np.maximum(0.0, 1.0 - y * a)) / m)
