"""Lesson 10: backpropagation.  第 10 课：反向传播

The lesson opens with the course text's game: five people pass an error backwards
along a chain of scalars, x -> a = x^2 -> b = ln a -> c = sqrt(b), each turning the
error they receive into the error of the one before them, until x moves c onto its
target. Then the same idea on matrices.

Backpropagation is the chain rule applied layer by layer, from the loss back to
the inputs. Each layer receives the gradient of the loss with respect to its
output and returns the gradient with respect to its input (and its parameters):
for a dense layer Z = X W + b that is dX = dZ W^T, dW = X^T dZ, db = sum of dZ over
samples; for an element-wise activation A = f(Z) it is dZ = dA * f'(Z). When the
output activation is paired with its natural loss (identity with mean squared
error, sigmoid with binary cross-entropy, softmax with categorical
cross-entropy) the gradient with respect to Z2 simplifies to (A2 - Y) / m.

Notation: dX means "gradient of the loss with respect to X", an array of X's shape.
The cache is the one returned by lesson 9's `forward`.

中文：反向传播就是把链式法则从损失函数开始逐层往回用到输入。每一层拿到损失对其输出
的梯度，返回损失对其输入（以及参数）的梯度：全连接层 Z = X W + b 的
dX = dZ W^T，dW = X^T dZ，db = dZ 按样本求和；逐元素的激活函数 A = f(Z) 的
dZ = dA * f'(Z)。输出层激活函数与它“配套”的损失函数搭配时（identity 配均方差损失，
sigmoid 配二分类交叉熵，softmax 配多分类交叉熵），损失对 Z2 的梯度都化简为 (A2 - Y) / m。

本课先玩课程原文中的反向传播游戏：五个人沿着一条标量链 x -> a = x^2 -> b = ln a ->
c = sqrt(b) 把误差往回传，每个人把收到的误差换算成前一个人的误差，直到 x 把 c 调到目标值。
然后把同样的思路用到矩阵上。

记号：dX 表示“损失对 X 的梯度”，形状与 X 相同。cache 是第 9 课 `forward` 返回的那个字典。
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUTPUT_ACTIVATIONS = ("identity", "sigmoid", "softmax")


def chain_backprop_game(x0: float = 2.0, y: float = 2.13, tol: float = 1e-3,
                        max_steps: int = 100) -> list[dict]:
    """The course text's back-propagation game on a chain of scalars.

    Five people stand in a row. The first holds x; each one computes from the one
    before: a = x^2, b = ln a, c = sqrt(b). The last compares c with the target y and
    the error travels back, each person turning the error they receive into the
    error of the one before them by dividing by their own derivative:
        forward:   a = x^2,        b = ln a,           c = sqrt(b)
        backward:  dc = c - y      (how far c is from the target)
                   db = dc * 2 sqrt(b)   (dc/db = 1 / (2 sqrt b): divide by it)
                   da = db * a           (db/da = 1 / a)
                   dx = da / (2x)        (da/dx = 2x)
        update:    x <- x - dx
    One pass is one forward computation: record {"x": x, "a": a, "b": b, "c": c}
    (the x that produced this a, b and c), stop if |c - y| < tol, otherwise pass the
    error back and update x. Return the list of the recorded passes, the last being
    the first with |c - y| < tol; if that never happens, stop after max_steps passes.
    Each value is a float (Python or NumPy); each dict has exactly these four keys.

    Example (the text's own table): chain_backprop_game() (x0 = 2, y = 2.13) makes five
    passes with x = 2, 4.243178, 7.343950, 9.295386, 9.655706; the first pass is
    a = 4, b = ln 4 = 1.386294, c = 1.177410, then dc = -0.952590, db = -2.243178,
    da = -8.972712, dx = -2.243178, so x becomes 2 + 2.243178 = 4.243178.
    The last pass has c = 2.129577, within tol = 0.001 of 2.13.
    Raises: ValueError for x0 <= 1 (ln a must be positive for sqrt).
    The checks only use starting points and targets for which x stays above 1.

    中文：课程原文中的反向传播游戏，作用在一条标量链上。
    五个人站成一排。第一个人拿着 x，后面每个人都用前一个人的结果计算：a = x^2，b = ln a，
    c = sqrt(b)。最后一个人把 c 与目标值 y 比较，误差再往回传：每个人把收到的误差除以自己的
    导数，换算成前一个人的误差：
        前向计算：a = x^2，       b = ln a，          c = sqrt(b)
        反向传播：dc = c - y      （c 离目标值有多远）
                  db = dc * 2 sqrt(b)   （dc/db = 1 / (2 sqrt b)：除以它）
                  da = db * a           （db/da = 1 / a）
                  dx = da / (2x)        （da/dx = 2x）
        更新：    x <- x - dx
    一次前向计算算作一轮：先记录 {"x": x, "a": a, "b": b, "c": c}（产生这组 a、b、c 的那个 x），
    若 |c - y| < tol 就停止，否则把误差往回传并更新 x。返回所有记录组成的列表，最后一项是第一个
    满足 |c - y| < tol 的记录；如果一直不满足，做满 max_steps 轮就停止。
    每个值都是浮点数（Python 或 NumPy 的均可）；每个字典恰好有这四个键。
    例子（原文的表格）：chain_backprop_game()（x0 = 2，y = 2.13）共做五轮，
    x = 2、4.243178、7.343950、9.295386、9.655706；第一轮 a = 4，b = ln 4 = 1.386294，
    c = 1.177410，然后 dc = -0.952590，db = -2.243178，da = -8.972712，dx = -2.243178，
    所以 x 变为 2 + 2.243178 = 4.243178。最后一轮 c = 2.129577，与 2.13 相差不到 tol = 0.001。
    异常：x0 <= 1 时抛出 ValueError（ln a 必须为正，才能开平方）。
    检查只使用让 x 始终大于 1 的起点和目标值。
    """
    raise NotImplementedError("chain_backprop_game: write your code here / 在这里写你的代码")


def dense_backward(dZ: ArrayLike, X: ArrayLike, W: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of Z = X W + b: returns (dX, dW, db).

    Z[i, j] = sum_k X[i, k] W[k, j] + b[j], so by the chain rule
        dX = dZ W^T   (m, n_in)      - how the loss changes with each input,
        dW = X^T dZ   (n_in, n_out)  - summed over the samples by the product,
        db = sum of dZ over the samples (axis 0)   (n_out,).
    Each gradient has the shape of the thing it is the gradient of.
    b is not needed: the gradients do not depend on it.

    Example (check it by hand): dZ = [[1, -1], [2, 0]], X = [[1, 2], [0, 1]],
    W = [[1, 0], [2, 1]]:  dX = [[1, 1], [2, 4]],  dW = [[1, -1], [4, -2]],
    db = [3, -1].
    Raises: ValueError when dZ (m, n_out), X (m, n_in) and W (n_in, n_out) are not
    2-D or their sizes do not fit together.

    中文：全连接层 Z = X W + b 的反向传播：返回 (dX, dW, db)。
    Z[i, j] = sum_k X[i, k] W[k, j] + b[j]，由链式法则
        dX = dZ W^T   (m, n_in)      —— 损失随每个输入的变化，
        dW = X^T dZ   (n_in, n_out)  —— 矩阵乘法已经对样本求了和，
        db = dZ 按样本（axis 0）求和   (n_out,)。
    每个梯度的形状与它所对应的量相同。不需要 b：梯度与 b 无关。
    例子（手算验证）：dZ = [[1, -1], [2, 0]]，X = [[1, 2], [0, 1]]，W = [[1, 0], [2, 1]]：
    dX = [[1, 1], [2, 4]]，dW = [[1, -1], [4, -2]]，db = [3, -1]。
    异常：dZ (m, n_out)、X (m, n_in)、W (n_in, n_out) 不是二维或大小对不上时抛出 ValueError。
    """
    raise NotImplementedError("dense_backward: write your code here / 在这里写你的代码")


def sigmoid_backward(dA: ArrayLike, Z: ArrayLike) -> np.ndarray:
    """dZ = dA * s (1 - s) with s = sigmoid(Z), element-wise.

    The layer computed A = sigmoid(Z); its derivative is s (1 - s). Note the
    argument is Z, the input of the activation, not its output A: compute
    s = sigmoid(Z) first (stably: no overflow for |Z| up to 1e4).

    Example (check it by hand): sigmoid_backward([1, 2], [0, 0]) = [0.25, 0.5]
    (s = 0.5, s (1 - s) = 0.25).
    Raises: ValueError when dA and Z have different shapes.

    中文：dZ = dA * s (1 - s)，其中 s = sigmoid(Z)，逐元素计算。
    这一层算的是 A = sigmoid(Z)，导数为 s (1 - s)。注意参数是激活函数的输入 Z，而不是输出 A：
    先算 s = sigmoid(Z)（要数值稳定：|Z| 到 1e4 也不溢出）。
    例子（手算验证）：sigmoid_backward([1, 2], [0, 0]) = [0.25, 0.5]（s = 0.5，s (1 - s) = 0.25）。
    异常：dA 与 Z 形状不同时抛出 ValueError。
    """
    raise NotImplementedError("sigmoid_backward: write your code here / 在这里写你的代码")


def tanh_backward(dA: ArrayLike, Z: ArrayLike) -> np.ndarray:
    """dZ = dA * (1 - tanh(Z)^2), element-wise.

    Example (check it by hand): tanh(ln 2) = (4 - 1) / (4 + 1) = 0.6, so
    tanh_backward([1, 2], [0, ln 2]) = [1 * 1, 2 * (1 - 0.36)] = [1.0, 1.28].
    Raises: ValueError when dA and Z have different shapes.

    中文：dZ = dA * (1 - tanh(Z)^2)，逐元素计算。
    例子（手算验证）：tanh(ln 2) = (4 - 1) / (4 + 1) = 0.6，所以
    tanh_backward([1, 2], [0, ln 2]) = [1 * 1, 2 * (1 - 0.36)] = [1.0, 1.28]。
    异常：dA 与 Z 形状不同时抛出 ValueError。
    """
    raise NotImplementedError("tanh_backward: write your code here / 在这里写你的代码")


def relu_backward(dA: ArrayLike, Z: ArrayLike) -> np.ndarray:
    """dZ = dA where Z > 0, else 0, element-wise.

    ReLU passes the gradient through where it was active and blocks it elsewhere.
    At Z = 0 exactly we use the derivative 0 (the course's relu_grad, lesson 6).

    Example (check it by hand): relu_backward([5, 5, 5], [-1, 0, 2]) = [0, 0, 5].
    Raises: ValueError when dA and Z have different shapes.

    中文：Z > 0 处 dZ = dA，其余为 0，逐元素计算。
    ReLU 在激活的地方让梯度原样通过，其余地方挡住。Z 恰好为 0 时导数取 0（与第 6 课的
    relu_grad 一致）。
    例子（手算验证）：relu_backward([5, 5, 5], [-1, 0, 2]) = [0, 0, 5]。
    异常：dA 与 Z 形状不同时抛出 ValueError。
    """
    raise NotImplementedError("relu_backward: write your code here / 在这里写你的代码")


def softmax_cross_entropy_backward(Z: ArrayLike, Y: ArrayLike) -> np.ndarray:
    """(softmax(Z) - Y) / m for Z, Y of shape (m, k), softmax row by row.

    This is the gradient of categorical_cross_entropy(softmax(Z), Y) (lesson 5,
    averaged over the m samples) with respect to Z. The softmax Jacobian and the
    derivative of -ln combine into this simple difference, which is why the two are
    always used together. Each row of Y is a one-hot label (or any distribution).
    Use a stable softmax (subtract each row's max).

    Example (check it by hand): Z = [[0, 0], [ln 3, 0]], Y = [[1, 0], [0, 1]]:
    softmax(Z) = [[0.5, 0.5], [0.75, 0.25]], so the result is
    [[-0.5, 0.5], [0.75, -0.75]] / 2 = [[-0.25, 0.25], [0.375, -0.375]].
    Raises: ValueError when Z is not 2-D or Y has a different shape.

    中文：(softmax(Z) - Y) / m，Z、Y 的形状为 (m, k)，softmax 按行计算。
    这是 categorical_cross_entropy(softmax(Z), Y)（第 5 课，对 m 个样本取平均）对 Z 的梯度。
    softmax 的雅可比矩阵与 -ln 的导数合起来化简成这个简单的差，这就是两者总是搭配使用的原因。
    Y 的每一行是一个 one-hot 标签（或任意分布）。softmax 要数值稳定（先减去每行最大值）。
    例子（手算验证）：Z = [[0, 0], [ln 3, 0]]，Y = [[1, 0], [0, 1]]：
    softmax(Z) = [[0.5, 0.5], [0.75, 0.25]]，结果为
    [[-0.5, 0.5], [0.75, -0.75]] / 2 = [[-0.25, 0.25], [0.375, -0.375]]。
    异常：Z 不是二维，或 Y 与 Z 形状不同时抛出 ValueError。
    """
    raise NotImplementedError("softmax_cross_entropy_backward: write your code here / 在这里写你的代码")


def backward(
    X: ArrayLike,
    Y: ArrayLike,
    params: dict,
    cache: dict,
    hidden: str = "sigmoid",
    output: str = "identity",
) -> dict:
    """Gradients {"W1", "b1", "W2", "b2"} of the loss that matches the output.

    The loss is chosen by the output activation:
        identity -> mse with the 1/2:  L = (1 / 2m) sum (A2 - Y)^2
        sigmoid  -> binary cross-entropy
        softmax  -> categorical cross-entropy
    and in all three cases the gradient with respect to Z2 is dZ2 = (A2 - Y) / m.
    Then walk back with the pieces above:
        dA1, dW2, db2 = dense_backward(dZ2, A1, W2)
        dZ1 = <hidden>_backward(dA1, Z1)
        _,   dW1, db1 = dense_backward(dZ1, X, W1)
    Z1, A1 and A2 come from the cache of lesson 9's forward(X, params, hidden, output).
    Y has A2's shape (m, n_out); when n_out == 1 a Y of shape (m,) is also accepted
    and reshaped to (m, 1). Each gradient has its parameter's shape.
    Check yourself: compare with a numerical gradient (lesson 3) of the loss.

    Example (check it by hand): one sample, X = [[2]], W1 = [[1]], b1 = [0],
    W2 = [[3]], b2 = [1], hidden="relu", output="identity", Y = [[5]].
    Forward: Z1 = A1 = 2, Z2 = A2 = 7. Backward: dZ2 = (7 - 5) / 1 = 2,
    dW2 = A1 dZ2 = 4, db2 = 2, dA1 = dZ2 W2 = 6, dZ1 = 6 (Z1 > 0),
    dW1 = X dZ1 = 12, db1 = 6.
    Raises: ValueError for an unknown activation name or a Y whose shape does not fit A2.

    中文：与输出层匹配的损失函数对各参数的梯度 {"W1", "b1", "W2", "b2"}。
    损失函数由输出层激活函数决定：
        identity -> 带 1/2 的均方差损失：L = (1 / 2m) sum (A2 - Y)^2
        sigmoid  -> 二分类交叉熵
        softmax  -> 多分类交叉熵
    三种情况下损失对 Z2 的梯度都是 dZ2 = (A2 - Y) / m。然后用上面的几个函数往回走：
        dA1, dW2, db2 = dense_backward(dZ2, A1, W2)
        dZ1 = <hidden>_backward(dA1, Z1)
        _,   dW1, db1 = dense_backward(dZ1, X, W1)
    Z1、A1、A2 取自第 9 课 forward(X, params, hidden, output) 返回的 cache。
    Y 的形状与 A2 相同 (m, n_out)；n_out == 1 时也接受形状为 (m,) 的 Y，并把它变形为 (m, 1)。
    每个梯度的形状与对应参数相同。自查方法：与损失函数的数值梯度（第 3 课）比较（梯度检验）。
    例子（手算验证）：一个样本，X = [[2]]，W1 = [[1]]，b1 = [0]，W2 = [[3]]，b2 = [1]，
    hidden="relu"，output="identity"，Y = [[5]]。前向：Z1 = A1 = 2，Z2 = A2 = 7。
    反向：dZ2 = (7 - 5) / 1 = 2，dW2 = A1 dZ2 = 4，db2 = 2，dA1 = dZ2 W2 = 6，
    dZ1 = 6（Z1 > 0），dW1 = X dZ1 = 12，db1 = 6。
    异常：激活函数名未知，或 Y 的形状与 A2 对不上时抛出 ValueError。
    """
    raise NotImplementedError("backward: write your code here / 在这里写你的代码")
