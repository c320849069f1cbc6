# expect: step=passed, sigmoid=failed, sigmoid_grad=failed, tanh=passed, tanh_grad=passed, relu=passed, relu_grad=passed, softmax=passed
# feedback: sigmoid=the precision of float32
# A natural bug: the work done in float32 and converted back, right to about 7 digits.
"""Lesson 06: activation functions.  第 6 课：激活函数

A neuron computes a weighted sum z = w·x + b and passes it through an activation function.
Without a non-linear activation, stacked layers collapse into one linear map.  The step
function is the perceptron's all-or-nothing switch; sigmoid and tanh are its smooth
versions, which gradient descent can differentiate; ReLU is cheap and does not saturate
for positive inputs; softmax turns a vector of scores into a probability distribution.

Conventions: every function except softmax works element-wise on a scalar or an array of
any shape and returns a result of the same shape (a float for a scalar input, a float64
array otherwise).  sigmoid and softmax must stay finite and warning-free for inputs up to
1e4 in magnitude.

中文：神经元先计算加权和 z = w·x + b，再把它送入激活函数。如果没有非线性的激活函数，多层
网络叠起来仍然只是一个线性映射。阶跃函数是感知机“全有或全无”的开关；sigmoid 和 tanh 是它
的光滑版本，梯度下降可以对它们求导；ReLU 计算简单，对正输入不会饱和；softmax 把一组得分
变成一个概率分布。

约定：除 softmax 外，每个函数都对标量或任意形状的数组逐元素计算，返回同形状的结果（标量
输入返回 float，否则返回 float64 数组）。sigmoid 和 softmax 在输入绝对值达到 1e4 时也必须
保持有限、不产生警告。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _out(x: NDArray[np.float64]) -> float | NDArray[np.float64]:
    """A float for a 0-d result, the array itself otherwise."""
    return float(x) if x.ndim == 0 else x


def step(z: ArrayLike) -> float | NDArray[np.float64]:
    """Step function: 1.0 where z >= 0, else 0.0.

    The activation of the original perceptron: the neuron fires (1) as soon as its input
    reaches the threshold 0, and stays silent (0) below it.  Note that z = 0 gives 1.

    Formula: step(z) = 1 if z >= 0 else 0, element-wise, as floats.
    Example (check it by hand): step([-2.0, -0.1, 0.0, 3.0]) = [0.0, 0.0, 1.0, 1.0].

    中文：阶跃函数：z >= 0 处为 1.0，否则为 0.0。这是最初感知机的激活函数：输入一达到阈值 0，
    神经元就“激活”（输出 1），低于阈值则保持 0。注意 z = 0 时输出 1。
    公式：step(z) = 1（z >= 0）否则 0，逐元素计算，结果为浮点数。
    例子（可以手算验证）：step([-2.0, -0.1, 0.0, 3.0]) = [0.0, 0.0, 1.0, 1.0]。
    """
    z = np.asarray(z, dtype=float)
    return _out(np.where(z >= 0.0, 1.0, 0.0))


def sigmoid(z: ArrayLike) -> float | NDArray[np.float64]:
    """Sigmoid 1 / (1 + e^-z), computed without overflow.

    A smooth step that squashes any real number into (0, 1), so its output can be read as
    a probability.  The textbook formula overflows: e^-z for z = -1e4 is e^10000, far
    beyond the largest float.  Use e^-|z|, which is always in (0, 1]: with t = e^-|z|,
    sigmoid(z) = 1 / (1 + t) for z >= 0 and t / (1 + t) for z < 0 (the same value,
    rewritten by multiplying top and bottom by e^z).  Tiny results may underflow to 0.0,
    which is harmless.

    Formula: sigmoid(z) = 1 / (1 + e^-z), element-wise.
    Example (check it by hand): sigmoid(0) = 0.5; sigmoid(ln 3) = 1 / (1 + 1/3) = 0.75;
    sigmoid([-1e4, 1e4]) = [0.0, 1.0] with no warning and no NaN.

    中文：sigmoid 函数 1 / (1 + e^-z)，计算时不能溢出。它是光滑的阶跃函数，把任意实数压缩到
    (0, 1) 内，所以输出可以看作概率。课本公式会溢出：z = -1e4 时 e^-z = e^10000，远超浮点数
    上限。应改用总在 (0, 1] 内的 e^-|z|：令 t = e^-|z|，z >= 0 时 sigmoid(z) = 1 / (1 + t)，
    z < 0 时为 t / (1 + t)（分子分母同乘 e^z 得到的同一个值）。极小的结果下溢为 0.0 无妨。
    公式：sigmoid(z) = 1 / (1 + e^-z)，逐元素计算。
    例子（可以手算验证）：sigmoid(0) = 0.5；sigmoid(ln 3) = 1 / (1 + 1/3) = 0.75；
    sigmoid([-1e4, 1e4]) = [0.0, 1.0]，没有警告，也没有 NaN。
    """
    z = np.asarray(z, dtype=np.float32)  # to save memory
    with np.errstate(under="ignore"):
        t = np.exp(-np.abs(z))
        s = np.where(z >= 0.0, 1.0 / (1.0 + t), t / (1.0 + t))
    return _out(s.astype(float))


def sigmoid_grad(z: ArrayLike) -> float | NDArray[np.float64]:
    """Derivative of the sigmoid at z: s (1 - s) with s = sigmoid(z).

    The sigmoid's derivative can be written with the sigmoid itself, so compute
    s = sigmoid(z) once and return s (1 - s).  The argument is z, the input of the
    sigmoid, not its output.  The derivative is at most 0.25 (at z = 0) and vanishes for
    large |z| (saturation).

    Formula: sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)), element-wise.
    Example (check it by hand): sigmoid_grad(0) = 0.5 * 0.5 = 0.25;
    sigmoid_grad(ln 3) = 0.75 * 0.25 = 0.1875; sigmoid_grad([-1e4, 1e4]) = [0.0, 0.0].

    中文：sigmoid 在 z 处的导数：s (1 - s)，其中 s = sigmoid(z)。sigmoid 的导数可以用它自己
    表示，所以先算一次 s = sigmoid(z)，再返回 s (1 - s)。参数是 sigmoid 的输入 z，而不是它的
    输出。导数最大为 0.25（在 z = 0 处），|z| 很大时趋于 0（饱和）。
    公式：sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))，逐元素计算。
    例子（可以手算验证）：sigmoid_grad(0) = 0.25；sigmoid_grad(ln 3) = 0.75 * 0.25 = 0.1875；
    sigmoid_grad([-1e4, 1e4]) = [0.0, 0.0]。
    """
    s = np.asarray(sigmoid(z), dtype=float)
    with np.errstate(under="ignore"):
        return _out(s * (1.0 - s))


def tanh(z: ArrayLike) -> float | NDArray[np.float64]:
    """Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z).

    Like the sigmoid, but centred on 0 with outputs in (-1, 1); in fact
    tanh(z) = 2 sigmoid(2z) - 1.  np.tanh computes it stably; the formula with
    exponentials overflows for |z| above about 710.

    Formula: tanh(z) = (e^z - e^-z) / (e^z + e^-z), element-wise.
    Example (check it by hand): tanh(0) = 0.0; tanh(ln 2) = (2 - 0.5) / (2 + 0.5) = 0.6;
    tanh(-1e4) = -1.0.

    中文：双曲正切 (e^z - e^-z) / (e^z + e^-z)。与 sigmoid 相似，但以 0 为中心，输出在
    (-1, 1) 内；实际上 tanh(z) = 2 sigmoid(2z) - 1。np.tanh 的计算是稳定的；直接用指数的公式在
    |z| 超过约 710 时会溢出。
    公式：tanh(z) = (e^z - e^-z) / (e^z + e^-z)，逐元素计算。
    例子（可以手算验证）：tanh(0) = 0.0；tanh(ln 2) = (2 - 0.5) / (2 + 0.5) = 0.6；tanh(-1e4) = -1.0。
    """
    z = np.asarray(z, dtype=float)
    return _out(np.tanh(z))


def tanh_grad(z: ArrayLike) -> float | NDArray[np.float64]:
    """Derivative of tanh at z: 1 - tanh(z)^2.

    As with the sigmoid, the derivative is written with the function itself: compute
    t = tanh(z), then 1 - t^2.  The argument is z, not tanh(z).

    Formula: tanh'(z) = 1 - tanh(z)^2, element-wise.
    Example (check it by hand): tanh_grad(0) = 1.0; tanh_grad(ln 2) = 1 - 0.6^2 = 0.64;
    tanh_grad(1e4) = 0.0.

    中文：tanh 在 z 处的导数：1 - tanh(z)^2。与 sigmoid 一样，导数用函数本身表示：先算
    t = tanh(z)，再算 1 - t^2。参数是 z，而不是 tanh(z)。
    公式：tanh'(z) = 1 - tanh(z)^2，逐元素计算。
    例子（可以手算验证）：tanh_grad(0) = 1.0；tanh_grad(ln 2) = 1 - 0.6^2 = 0.64；tanh_grad(1e4) = 0.0。
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(under="ignore"):
        t = np.tanh(z)
        return _out(1.0 - t * t)


def relu(z: ArrayLike) -> float | NDArray[np.float64]:
    """Rectified linear unit: max(0, z).

    Passes positive inputs through unchanged and cuts negative ones to 0.  Use the
    element-wise np.maximum, not Python's max, which does not work on arrays.

    Formula: relu(z) = max(0, z), element-wise.
    Example (check it by hand): relu([-2.0, 0.0, 3.5]) = [0.0, 0.0, 3.5].

    中文：ReLU（线性整流函数）：max(0, z)。正输入原样通过，负输入变为 0。要用逐元素的
    np.maximum，而不是只能比较两个数的 Python 内置 max。
    公式：relu(z) = max(0, z)，逐元素计算。
    例子（可以手算验证）：relu([-2.0, 0.0, 3.5]) = [0.0, 0.0, 3.5]。
    """
    z = np.asarray(z, dtype=float)
    return _out(np.maximum(z, 0.0))


def relu_grad(z: ArrayLike) -> float | NDArray[np.float64]:
    """Derivative of ReLU: 1.0 where z > 0, else 0.0 (0 at z = 0).

    ReLU has slope 1 on the right and 0 on the left.  At z = 0 it has no derivative; the
    course, like most libraries, uses 0 there.  Compare step(z), which is 1 at z = 0.

    Formula: relu'(z) = 1 if z > 0 else 0, element-wise, as floats.
    Example (check it by hand): relu_grad([-2.0, 0.0, 3.5]) = [0.0, 0.0, 1.0].

    中文：ReLU 的导数：z > 0 处为 1.0，否则为 0.0（z = 0 处为 0）。ReLU 右侧斜率为 1，左侧为
    0。它在 z = 0 处不可导；本课程与大多数框架一样在该处取 0。对比 step(z)，它在 z = 0 处为 1。
    公式：relu'(z) = 1（z > 0）否则 0，逐元素计算，结果为浮点数。
    例子（可以手算验证）：relu_grad([-2.0, 0.0, 3.5]) = [0.0, 0.0, 1.0]。
    """
    z = np.asarray(z, dtype=float)
    return _out(np.where(z > 0.0, 1.0, 0.0))


def softmax(z: ArrayLike) -> NDArray[np.float64]:
    """Softmax: exp(z_i) / sum_j exp(z_j), for a 1-D vector or each row of an (m, k) matrix.

    Turns k scores into k positive probabilities that sum to 1, keeping their order.
    exp overflows for large scores (e^1000 = inf, and inf / inf = NaN), so subtract the
    maximum first: softmax(z) = softmax(z - c) for any constant c, and with c = max(z)
    every exponent is <= 0.  For a 2-D input, each row is one sample: take the max and the
    sum along axis 1 (keepdims=True), never over the whole matrix or down the columns.

    Formula: softmax(z)_i = exp(z_i - max(z)) / sum_j exp(z_j - max(z)).
    Example (check it by hand): softmax([0, ln 3]) = [1, 3] / 4 = [0.25, 0.75];
    softmax([1e4, 1e4]) = [0.5, 0.5]; softmax([[0, 0], [0, ln 3]]) = [[0.5, 0.5], [0.25, 0.75]].
    Returns: a float64 array of z's shape.
    Raises: ValueError when z is not 1-D or 2-D, or has no entries.

    中文：softmax：exp(z_i) / sum_j exp(z_j)，作用于一维向量，或 (m, k) 矩阵的每一行。它把
    k 个得分变成 k 个和为 1 的正概率，并保持大小顺序。得分很大时 exp 会溢出（e^1000 = inf，
    inf / inf = NaN），所以先减去最大值：对任意常数 c 有 softmax(z) = softmax(z - c)，取
    c = max(z) 后所有指数都 <= 0。二维输入的每一行是一个样本：沿 axis 1 取最大值和求和
    （keepdims=True），不要对整个矩阵或沿列计算。
    公式：softmax(z)_i = exp(z_i - max(z)) / sum_j exp(z_j - max(z))。
    例子（可以手算验证）：softmax([0, ln 3]) = [0.25, 0.75]；softmax([1e4, 1e4]) = [0.5, 0.5]；
    softmax([[0, 0], [0, ln 3]]) = [[0.5, 0.5], [0.25, 0.75]]。
    返回：与 z 形状相同的 float64 数组。
    异常：z 不是一维或二维、或没有元素时，抛出 ValueError。
    """
    z = np.asarray(z, dtype=float)
    if z.ndim not in (1, 2):
        raise ValueError(f"softmax needs a 1-D or 2-D input, got {z.ndim}-D")
    if z.size == 0:
        raise ValueError("softmax needs at least one entry")
    with np.errstate(under="ignore"):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)
