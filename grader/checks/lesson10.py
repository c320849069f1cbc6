"""Hidden checks for lesson 10: backpropagation, checked against numerical gradients.

Every gradient is compared with central differences of a loss the grader evaluates
itself, in the parent, with the reference forward pass and losses (lessons 5, 6, 9):
``sum(G * (X W + b))`` for a dense layer with upstream gradient G, ``sum(dA * act(Z))``
for an activation, ``categorical_cross_entropy(softmax(Z), Y)``, and the loss that
matches each output for the whole network. ``grader.numeric.gradcheck`` judges and
diagnoses; ``ctx.data["gradcheck"]`` keeps the per-parameter table for the report.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.common import agrees
from grader.checks.expect import expect_array
from grader.checks.networks import (
    COMBINATIONS,
    HIDDEN,
    OUTPUT,
    PARAMS,
    Point,
    activations_module,
    forward_module,
    losses_module,
    network_point,
    shapes_call,
)
from grader.diagnose.mistakes import Mistakes
from grader.engine.context import Context
from grader.engine.declare import Failure, check
from grader.i18n import Text, tr
from grader.numeric import gradcheck
from grader.numeric.compare import close
from grader.numeric.format import show
from grader.reference import load_reference


def _record(ctx: Context, result: gradcheck.GradientCheck, **case: Any) -> None:
    ctx.data.setdefault("gradcheck", []).extend(result.rows(**case))


def _fail(ctx: Context, result: gradcheck.GradientCheck, message: Text | None, call: str,
          value: Any = None, fingerprints: Mistakes | None = None) -> None:
    """Raise the failure for a gradient check that did not pass (fingerprints first)."""
    for ident, (text, wrong) in (fingerprints or {}).items():
        if wrong is not None and isinstance(value, np.ndarray) and close(value, wrong, 1e-6, 1e-9):
            raise Failure(text, f"call:     {call}\n{result.details()}", (ident,))
    raise Failure(message or tr("the gradient is wrong.", "梯度不正确。"),
                  f"call:     {call}\n{result.details()}",
                  tuple(p.mistake for p in result.failing if p.mistake))


def _triple(got: Any, call: str) -> tuple[Any, Any, Any]:
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise Failure(tr("dense_backward returns three arrays (dX, dW, db).",
                         "dense_backward 应返回三个数组 (dX, dW, db)。"),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    return got[0], got[1], got[2]


# -- dense_backward ------------------------------------------------------------------------


def _dense_case(ctx: Context, m: int, n_in: int, n_out: int) -> None:
    rng = ctx.rng(f"{m}x{n_in}x{n_out}")
    X = rng.normal(size=(m, n_in))
    X[np.abs(X) < 0.1] = 0.5
    params = {"X": X, "W": rng.normal(size=(n_in, n_out)), "b": rng.uniform(0.2, 1.0, n_out)}
    G = rng.normal(size=(m, n_out))
    dense = forward_module().dense_forward

    def loss(p: dict[str, np.ndarray]) -> float:
        return float(np.sum(G * dense(p["X"], p["W"], p["b"])))

    gradcheck.refuse_vacuous(inputs={"X": X, "G": G}, biases={"b": params["b"]})
    numeric = gradcheck.numerical_gradients(loss, params)
    obs = ctx.call(G, X, params["W"])
    call = shapes_call("dense_backward", ("dZ", "X", "W"), (G, X, params["W"]))
    dX, dW, db = _triple(obs.result(), call)
    result = gradcheck.check_gradients({"X": dX, "W": dW, "b": db}, numeric)
    _record(ctx, result, case=f"m={m}, n_in={n_in}, n_out={n_out}")
    if not result.passed:
        _fail(ctx, result, gradcheck.explain(result), call)
    ctx.expect_unchanged(obs, ("dZ", "X", "W"), call)


@check("dense_backward")
def dense_gradient_check(ctx: Context) -> None:
    """dX, dW and db match numerical gradients of sum(dZ * (X W + b)), square W included
    dX、dW、db 与 sum(dZ * (X W + b)) 的数值梯度一致（包括方阵 W）"""
    for m, n_in, n_out in ((4, 3, 2), (5, 3, 3), (1, 2, 4)):
        _dense_case(ctx, m, n_in, n_out)


@check("dense_backward", requires="dense_gradient_check")
def dense_worked_example(ctx: Context) -> None:
    """the worked example: dX = [[1, 1], [2, 4]], dW = [[1, -1], [4, -2]], db = [3, -1]
    例题：dX = [[1, 1], [2, 4]]，dW = [[1, -1], [4, -2]]，db = [3, -1]"""
    dZ, X, W = [[1.0, -1.0], [2.0, 0.0]], [[1.0, 2.0], [0.0, 1.0]], [[1.0, 0.0], [2.0, 1.0]]
    obs = ctx.call(dZ, X, W)
    call = ctx.show(dZ, X, W)
    got = _triple(obs.result(), call)
    expected = ctx.reference.dense_backward(dZ, X, W)
    for name, value, right in zip(("dX", "dW", "db"), got, expected):
        mistakes: Mistakes = {}
        if name == "dW":
            mistakes["dense:dW_transposed"] = (
                tr("dW is transposed: dW = X^T dZ has W's shape (n_in, n_out).",
                   "dW 被转置了：dW = X^T dZ 的形状与 W 相同 (n_in, n_out)。"), right.T)
        if name == "db":
            mistakes["dense:db_not_summed"] = (
                tr("db keeps one row per sample: sum dZ over the samples (axis 0).",
                   "db 每个样本占一行：应把 dZ 按样本（axis 0）求和。"), np.asarray(dZ))
        expect_array(value, right, call=f"{call}  -> {name}", mistakes=mistakes)
    ctx.expect_unmodified(obs, dZ, X, W)


@check("dense_backward")
def dense_rejects_bad_shapes(ctx: Context) -> None:
    """dense_backward raises ValueError when dZ, X and W do not fit together
    dZ、X、W 的形状对不上时，dense_backward 抛出 ValueError"""
    ctx.expect_raises("ValueError", np.ones((4, 2)), np.ones((3, 3)), np.ones((3, 2)))
    ctx.expect_raises("ValueError", np.ones((4, 2)), np.ones((4, 3)), np.ones((2, 2)))
    ctx.expect_raises("ValueError", np.ones(2), np.ones((1, 3)), np.ones((3, 2)))


# -- activations ---------------------------------------------------------------------------


def _activation(name: str, z: np.ndarray) -> np.ndarray:
    return np.asarray(getattr(activations_module(), name)(z), dtype=float)


def _activation_mistakes(name: str, dA: np.ndarray, Z: np.ndarray) -> Mistakes:
    found: Mistakes = {}
    act = _activation(name, Z)
    derivative = {"sigmoid": act * (1 - act), "tanh": 1 - act * act, "relu": (Z > 0).astype(float)}[name]
    found[f"{name}_backward:no_dA"] = (
        tr("this is the derivative {name}'(Z) alone: multiply it by dA (the chain rule).",
           "这只是导数 {name}'(Z)：还要乘以 dA（链式法则）。", name=name), derivative)
    if name == "sigmoid":
        found["sigmoid_backward:z_as_a"] = (
            tr("this is dA * Z (1 - Z): Z was used as if it were sigmoid(Z). The argument is the "
               "activation's input Z: compute s = sigmoid(Z) first, then dA * s (1 - s).",
               "这是 dA * Z (1 - Z)：把 Z 当成了 sigmoid(Z)。参数是激活函数的输入 Z："
               "先算 s = sigmoid(Z)，再算 dA * s (1 - s)。"), dA * Z * (1 - Z))
        found["sigmoid_backward:no_one_minus"] = (
            tr("this is dA * s: the factor (1 - s) of s (1 - s) is missing.",
               "这是 dA * s：s (1 - s) 中漏了因子 (1 - s)。"), dA * act)
    if name == "tanh":
        found["tanh_backward:z_as_a"] = (
            tr("this is dA * (1 - Z^2): Z was used as if it were tanh(Z). Compute t = tanh(Z) first, "
               "then dA * (1 - t^2).",
               "这是 dA * (1 - Z^2)：把 Z 当成了 tanh(Z)。先算 t = tanh(Z)，再算 dA * (1 - t^2)。"),
            dA * (1 - Z * Z))
        found["tanh_backward:no_square"] = (
            tr("this is dA * (1 - tanh(Z)): the derivative is 1 - tanh(Z)^2 (squared).",
               "这是 dA * (1 - tanh(Z))：导数是 1 - tanh(Z)^2（要平方）。"), dA * (1 - act))
    if name == "relu":
        found["relu_backward:relu_of_dA"] = (
            tr("this is relu(dA): ReLU blocks the gradient where Z <= 0, whatever the sign of dA; "
               "the mask comes from Z, not from dA.",
               "这是 relu(dA)：ReLU 在 Z <= 0 处挡住梯度，与 dA 的符号无关；掩码来自 Z，而不是 dA。"),
            np.maximum(dA, 0.0))
    return found


def _activation_case(ctx: Context, name: str, Z: np.ndarray, dA: np.ndarray, label: str) -> None:
    def loss(p: dict[str, np.ndarray]) -> float:
        return float(np.sum(dA * _activation(name, p["Z"])))

    pattern = (lambda p: p["Z"] > 0) if name == "relu" else None
    numeric = gradcheck.numerical_gradients(loss, {"Z": Z}, pattern=pattern)
    obs = ctx.call(dA, Z)
    got = obs.result()
    call = shapes_call(f"{name}_backward", ("dA", "Z"), (dA, Z))
    result = gradcheck.check_gradients({"Z": got}, numeric, kinked=name == "relu")
    _record(ctx, result, case=label)
    if not result.passed:
        _fail(ctx, result, gradcheck.explain(result), call, got, _activation_mistakes(name, dA, Z))
    ctx.expect_unchanged(obs, ("dA", "Z"), call)


def _activation_gradient_check(ctx: Context, name: str) -> None:
    rng = ctx.rng(name)
    for shape in ((4, 3), (2, 5)):
        Z = rng.normal(size=shape) * 2
        Z[np.abs(Z) < 0.05] = 0.3  # no entry near ReLU's kink
        dA = rng.normal(size=shape)
        _activation_case(ctx, name, Z, dA, f"shape {shape}")


def _activation_is_stable(ctx: Context, name: str) -> None:
    Z = np.array([[-1e4, -800.0, 0.5], [800.0, 1e4, -0.5]])
    dA = np.array([[1.0, -2.0, 3.0], [0.5, 1.5, -1.0]])
    obs = ctx.call(dA, Z)
    got = obs.result()
    trouble = [w for w in obs.warnings if "overflow" in w or "invalid" in w]
    if trouble:
        raise Failure(tr("{name}_backward gave a warning for |Z| up to 1e4 ({warning}): compute "
                         "{name}(Z) stably (lesson 6).",
                         "|Z| 达到 1e4 时 {name}_backward 出现警告（{warning}）：请数值稳定地计算 "
                         "{name}(Z)（第 6 课）。", name=name, warning=trouble[0]),
                      f"call:     {ctx.show(dA, Z)}", ("overflow",))
    expect_array(got, getattr(ctx.reference, f"{name}_backward")(dA, Z),
                 call=shapes_call(f"{name}_backward", ("dA", "Z"), (dA, Z)) + ", |Z| up to 1e4",
                 rtol=1e-7, atol=1e-12)


@check("sigmoid_backward")
def sigmoid_gradient_check(ctx: Context) -> None:
    """sigmoid_backward matches the numerical gradient of sum(dA * sigmoid(Z))
    sigmoid_backward 与 sum(dA * sigmoid(Z)) 的数值梯度一致"""
    _activation_gradient_check(ctx, "sigmoid")


@check("sigmoid_backward", requires="sigmoid_gradient_check")
def sigmoid_worked_example(ctx: Context) -> None:
    """sigmoid_backward([1, 2], [0, 0]) is [0.25, 0.5]
    sigmoid_backward([1, 2], [0, 0]) 等于 [0.25, 0.5]"""
    dA, Z = np.array([1.0, 2.0]), np.array([0.0, 0.0])
    agrees(ctx, [1.0, 2.0], [0.0, 0.0], mistakes=_activation_mistakes("sigmoid", dA, Z))


@check("sigmoid_backward", requires="sigmoid_gradient_check")
def sigmoid_is_stable(ctx: Context) -> None:
    """sigmoid_backward is finite and warning-free for |Z| up to 1e4
    |Z| 达到 1e4 时 sigmoid_backward 仍然有限且没有警告"""
    _activation_is_stable(ctx, "sigmoid")


@check("sigmoid_backward")
def sigmoid_rejects_shapes(ctx: Context) -> None:
    """sigmoid_backward raises ValueError when dA and Z have different shapes
    dA 与 Z 形状不同时，sigmoid_backward 抛出 ValueError"""
    ctx.expect_raises("ValueError", np.ones((2, 3)), np.ones((3, 2)))


@check("tanh_backward")
def tanh_gradient_check(ctx: Context) -> None:
    """tanh_backward matches the numerical gradient of sum(dA * tanh(Z))
    tanh_backward 与 sum(dA * tanh(Z)) 的数值梯度一致"""
    _activation_gradient_check(ctx, "tanh")


@check("tanh_backward", requires="tanh_gradient_check")
def tanh_worked_example(ctx: Context) -> None:
    """tanh_backward([1, 2], [0, ln 2]) is [1.0, 1.28]
    tanh_backward([1, 2], [0, ln 2]) 等于 [1.0, 1.28]"""
    dA, Z = np.array([1.0, 2.0]), np.array([0.0, np.log(2.0)])
    agrees(ctx, [1.0, 2.0], [0.0, float(np.log(2.0))], mistakes=_activation_mistakes("tanh", dA, Z))


@check("tanh_backward", requires="tanh_gradient_check")
def tanh_is_stable(ctx: Context) -> None:
    """tanh_backward is finite and warning-free for |Z| up to 1e4
    |Z| 达到 1e4 时 tanh_backward 仍然有限且没有警告"""
    _activation_is_stable(ctx, "tanh")


@check("tanh_backward")
def tanh_rejects_shapes(ctx: Context) -> None:
    """tanh_backward raises ValueError when dA and Z have different shapes
    dA 与 Z 形状不同时，tanh_backward 抛出 ValueError"""
    ctx.expect_raises("ValueError", [1.0, 2.0], [1.0, 2.0, 3.0])


_RELU_AT_ZERO = tr("at Z = 0 exactly, relu_backward must give 0 (the course's derivative of ReLU at 0 "
                   "is 0): use Z > 0, not Z >= 0.",
                   "在 Z = 0 处，relu_backward 必须为 0（本课约定 ReLU 在 0 处的导数为 0）："
                   "请用 Z > 0，而不是 Z >= 0。")


@check("relu_backward")
def relu_gradient_check(ctx: Context) -> None:
    """relu_backward matches the numerical gradient of sum(dA * relu(Z)) away from the kink
    远离拐点处，relu_backward 与 sum(dA * relu(Z)) 的数值梯度一致"""
    _activation_gradient_check(ctx, "relu")


@check("relu_backward")
def relu_zero_at_the_kink(ctx: Context) -> None:
    """relu_backward gives 0 where Z is exactly 0, whatever dA is
    Z 恰好为 0 处，无论 dA 是多少，relu_backward 都为 0"""
    Z = np.array([[0.0, 1.0, -1.0], [2.0, 0.0, 0.0]])
    dA = np.array([[3.0, -1.0, 2.0], [1.0, -4.0, 0.5]])
    obs = ctx.call(dA, Z)
    got = obs.result()
    right = ctx.reference.relu_backward(dA, Z)
    expect_array(got, right, call=f"relu_backward(dA, Z)  with Z = {Z.tolist()}",
                 mistakes={"relu_backward:at_zero": (_RELU_AT_ZERO, dA * (Z >= 0)),
                           **_activation_mistakes("relu", dA, Z)})
    ctx.expect_unmodified(obs, dA, Z)


@check("relu_backward", requires=("relu_gradient_check", "relu_zero_at_the_kink"))
def relu_worked_example(ctx: Context) -> None:
    """relu_backward([5, 5, 5], [-1, 0, 2]) is [0, 0, 5]
    relu_backward([5, 5, 5], [-1, 0, 2]) 等于 [0, 0, 5]"""
    dA, Z = np.array([5.0, 5.0, 5.0]), np.array([-1.0, 0.0, 2.0])
    mistakes = {"relu_backward:at_zero": (_RELU_AT_ZERO, dA * (Z >= 0)),
                **_activation_mistakes("relu", dA, Z)}
    agrees(ctx, dA.tolist(), Z.tolist(), mistakes=mistakes)


@check("relu_backward")
def relu_rejects_shapes(ctx: Context) -> None:
    """relu_backward raises ValueError when dA and Z have different shapes
    dA 与 Z 形状不同时，relu_backward 抛出 ValueError"""
    ctx.expect_raises("ValueError", np.ones((2, 2)), np.ones(4))


# -- softmax + cross-entropy ------------------------------------------------------------------


def _softmax_mistakes(Z: np.ndarray, Y: np.ndarray) -> Mistakes:
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    m = Z.shape[0]
    soft = np.asarray(activations_module().softmax(Z), dtype=float)
    return {
        "softmax_ce:axis0": (tr("softmax was taken over axis 0 (down each column, across samples): "
                                "take it row by row, over axis 1.",
                                "softmax 是沿 axis 0（按列、跨样本）计算的：应按行、沿 axis 1 计算。"),
                             (e / e.sum(axis=0, keepdims=True) - Y) / m),
        "softmax_ce:divided_by_entries": (tr("this divides by m * k, the number of entries: the loss "
                                             "averages over the m samples only, so divide by m.",
                                             "这里除以了元素个数 m * k：损失只对 m 个样本取平均，应除以 m。"),
                                          (soft - Y) / Z.size),
    }


def _one_hot(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    return np.asarray(np.eye(k)[rng.permutation(np.arange(m) % k)], dtype=float)


@check("softmax_cross_entropy_backward")
def softmax_ce_gradient_check(ctx: Context) -> None:
    """the result matches the numerical gradient of categorical_cross_entropy(softmax(Z), Y)
    结果与 categorical_cross_entropy(softmax(Z), Y) 的数值梯度一致"""
    rng = ctx.rng()
    softmax = activations_module().softmax
    cce = losses_module().categorical_cross_entropy
    for m, k in ((5, 3), (4, 4), (1, 2)):
        Z = rng.normal(size=(m, k)) * 1.5
        Y = _one_hot(rng, m, k)

        def loss(p: dict[str, np.ndarray], Y: np.ndarray = Y) -> float:
            return float(cce(softmax(p["Z"]), Y))

        numeric = gradcheck.numerical_gradients(loss, {"Z": Z})
        obs = ctx.call(Z, Y)
        got = obs.result()
        call = shapes_call("softmax_cross_entropy_backward", ("Z", "Y"), (Z, Y))
        result = gradcheck.check_gradients({"Z": got}, numeric, samples=m)
        _record(ctx, result, case=f"m={m}, k={k}")
        if not result.passed:
            _fail(ctx, result, gradcheck.explain(result), call, got, _softmax_mistakes(Z, Y))
        ctx.expect_unchanged(obs, ("Z", "Y"), call)


@check("softmax_cross_entropy_backward", requires="softmax_ce_gradient_check")
def softmax_ce_worked_example(ctx: Context) -> None:
    """the worked example: Z = [[0, 0], [ln 3, 0]], Y = [[1, 0], [0, 1]] gives [[-0.25, 0.25], [0.375, -0.375]]
    例题：Z = [[0, 0], [ln 3, 0]]，Y = [[1, 0], [0, 1]] 得到 [[-0.25, 0.25], [0.375, -0.375]]"""
    Z = np.array([[0.0, 0.0], [np.log(3.0), 0.0]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    agrees(ctx, Z.tolist(), Y.tolist(), mistakes=_softmax_mistakes(Z, Y))


@check("softmax_cross_entropy_backward", requires="softmax_ce_gradient_check")
def softmax_ce_is_stable(ctx: Context) -> None:
    """the result is finite and warning-free for Z entries up to 1000
    Z 的元素达到 1000 时，结果仍然有限且没有警告"""
    Z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 999.0, 1000.0]])
    Y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    obs = ctx.call(Z, Y)
    got = obs.result()
    trouble = [w for w in obs.warnings if "overflow" in w or "invalid" in w]
    if trouble:
        raise Failure(tr("softmax_cross_entropy_backward gave a warning for large Z ({warning}): "
                         "subtract each row's max before exp.",
                         "Z 很大时 softmax_cross_entropy_backward 出现警告（{warning}）：取 exp 前先减去每行的最大值。",
                         warning=trouble[0]), f"call:     {ctx.show(Z, Y)}", ("overflow",))
    expect_array(got, ctx.reference.softmax_cross_entropy_backward(Z, Y),
                 call=f"softmax_cross_entropy_backward(Z, Y)  with Z = {Z.tolist()}",
                 mistakes=_softmax_mistakes(Z, Y))


@check("softmax_cross_entropy_backward")
def softmax_ce_rejects_shapes(ctx: Context) -> None:
    """the function raises ValueError for a 1-D Z or a Y of another shape
    Z 是一维或 Y 的形状不同时，抛出 ValueError"""
    ctx.expect_raises("ValueError", np.zeros(3), np.array([1.0, 0.0, 0.0]))
    ctx.expect_raises("ValueError", np.zeros((2, 3)), np.eye(3))


# -- backward --------------------------------------------------------------------------------


def _where(failing: list[tuple[str, str]]) -> Text:
    """Which hidden/output combinations fail, in words."""
    bad = set(failing)
    if len(bad) == len(COMBINATIONS):
        return tr("for every hidden/output combination", "对每一种隐藏层/输出层组合都不正确")
    outputs = sorted({o for _, o in bad}, key=OUTPUT.index)
    hiddens = sorted({h for h, _ in bad}, key=HIDDEN.index)
    if bad == {(h, o) for h in HIDDEN for o in outputs}:
        names = ", ".join(repr(o) for o in outputs)
        return tr("for output={names} (with every hidden activation), and right for the other outputs",
                  "在 output={names} 时不正确（每种隐藏层激活函数都是），其他输出层正确", names=names)
    if bad == {(h, o) for h in hiddens for o in OUTPUT}:
        names = ", ".join(repr(h) for h in hiddens)
        return tr("for hidden={names} (with every output), and right for the other hidden activations",
                  "在 hidden={names} 时不正确（每种输出层都是），其他隐藏层激活函数正确", names=names)
    listing = "; ".join(f"{h}/{o}" for h, o in failing)
    return tr("for {n} of the 9 hidden/output combinations ({listing})",
              "在 9 种隐藏层/输出层组合中的 {n} 种不正确（{listing}）", n=len(failing), listing=listing)


def _call_backward(ctx: Context, point: Point, Y: Any = None) -> tuple[Any, str]:
    Y = point.Y if Y is None else Y
    obs = ctx.call(point.X, Y, point.params, point.cache, point.hidden, point.output)
    grads = obs.result()
    call = shapes_call("backward", ("X", "Y", "params", "cache"), (point.X, Y, point.params, point.cache),
                       point.hidden, point.output)
    ctx.expect_unchanged(obs, ("X", "Y", "params", "cache"), call)
    if not isinstance(grads, dict):
        raise Failure(tr("backward returns a dict {{\"W1\": dW1, \"b1\": db1, \"W2\": dW2, \"b2\": db2}}, "
                         "not {kind}.",
                         "backward 应返回字典 {{\"W1\": dW1, \"b1\": db1, \"W2\": dW2, \"b2\": db2}}，而不是 {kind}。",
                         kind=type(grads).__name__), f"call:     {call}\nobtained: {show(grads)}",
                      ("wrong_type",))
    missing = [k for k in PARAMS if k not in grads]
    if missing:
        raise Failure(tr("the gradients dict lacks {keys}: its keys are the parameter names W1, b1, W2, b2.",
                         "梯度字典缺少 {keys}：键是参数名 W1、b1、W2、b2。", keys=", ".join(missing)),
                      f"call:     {call}\nkeys:     {sorted(map(str, grads))}", ("wrong_keys",))
    return grads, call


def _backward_mistakes(point: Point) -> dict[str, tuple[Text, dict[str, np.ndarray]]]:
    """What backward returns with the usual wrong chain rules, at this point."""
    X, Y, p, c = point.X, point.Y, point.params, point.cache
    Y = Y.reshape(c["A2"].shape)
    dense = load_reference("lesson10_backprop").dense_backward

    def grads(dZ2: np.ndarray, derivative: np.ndarray) -> dict[str, np.ndarray]:
        dA1, dW2, db2 = dense(dZ2, c["A1"], p["W2"])
        _, dW1, db1 = dense(dA1 * derivative, X, p["W1"])
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

    right_dZ2 = (c["A2"] - Y) / point.m
    act = c["A1"]
    right_derivative = {"sigmoid": act * (1 - act), "tanh": 1 - act * act,
                        "relu": (c["Z1"] > 0).astype(float)}[point.hidden]
    found: dict[str, tuple[Text, dict[str, np.ndarray]]] = {}
    if point.output == "sigmoid":
        found["backward:sigmoid_derivative_twice"] = (
            tr("dZ2 was multiplied by the output sigmoid's derivative A2 (1 - A2): with binary "
               "cross-entropy that derivative already cancels, and dZ2 = (A2 - Y) / m.",
               "dZ2 又乘了输出层 sigmoid 的导数 A2 (1 - A2)：与二分类交叉熵搭配时，这个导数已经被约掉，"
               "dZ2 = (A2 - Y) / m。"),
            grads(right_dZ2 * c["A2"] * (1 - c["A2"]), right_derivative))
    if point.hidden in ("sigmoid", "tanh"):
        z = c["Z1"]
        wrong = z * (1 - z) if point.hidden == "sigmoid" else 1 - z * z
        found["backward:hidden_z_as_a"] = (
            tr("the hidden layer's derivative was computed from Z1 as if it were A1 = {act}(Z1): "
               "use A1 (or {act}(Z1)) in the derivative.",
               "隐藏层的导数是把 Z1 当成 A1 = {act}(Z1) 算的：导数里应使用 A1（或 {act}(Z1)）。",
               act=point.hidden), grads(right_dZ2, wrong))
    return found


@check("backward")
def backward_gradient_check(ctx: Context) -> None:
    """backward matches numerical gradients of the matching loss for all 9 hidden/output combinations
    对全部 9 种隐藏层/输出层组合，backward 与对应损失函数的数值梯度一致"""
    rng = ctx.rng()
    failing: list[tuple[str, str, gradcheck.GradientCheck, Point, str, dict[str, Any]]] = []
    # the nine combinations, then a wider network whose W1 and W2 are sampled (64 coordinates)
    cases: list[tuple[str, str, dict[str, int]]] = [(h, o, {}) for h, o in COMBINATIONS]
    cases.append(("tanh", "softmax", {"m": 16, "n_in": 10, "n_hidden": 12}))
    for hidden, output, sizes in cases:
        point = network_point(rng, hidden, output, **sizes)
        grads, call = _call_backward(ctx, point)
        result = point.check(grads)
        _record(ctx, result, case=f"hidden={hidden}, output={output}" + (", wider" if sizes else ""))
        if not result.passed:
            failing.append((hidden, output, result, point, call, grads))
    if failing:
        hidden, output, result, point, call, grads = failing[0]
        where = _where(sorted({(h, o) for h, o, *_ in failing}, key=COMBINATIONS.index))
        detail = gradcheck.explain_network(result, point.m) or Text("", "")
        named: tuple[str, ...] = ()
        for ident, (text, wrong) in _backward_mistakes(point).items():
            if all(isinstance(grads.get(k), np.ndarray) and close(grads[k], wrong[k], 1e-6, 1e-9)
                   for k in PARAMS):
                detail, named = text, (ident,)
                break
        raise Failure(tr("backward is wrong {where}. With hidden={hidden!r}, output={output!r}: ",
                         "backward {where}。当 hidden={hidden!r}，output={output!r} 时：",
                         where=where, hidden=hidden, output=output)
                      + detail,
                      f"call:     {call}\n{result.details()}",
                      named + tuple(sorted({p.mistake for p in result.failing if p.mistake})))


@check("backward", requires="backward_gradient_check")
def backward_worked_example(ctx: Context) -> None:
    """the worked example: one sample through a 1-1-1 ReLU network gives dW1 = 12, db1 = 6, dW2 = 4, db2 = 2
    例题：一个样本经过 1-1-1 的 ReLU 网络，得到 dW1 = 12，db1 = 6，dW2 = 4，db2 = 2"""
    X, Y = np.array([[2.0]]), np.array([[5.0]])
    params = {"W1": np.array([[1.0]]), "b1": np.array([0.0]), "W2": np.array([[3.0]]), "b2": np.array([1.0])}
    _, cache = forward_module().forward(X, params, "relu", "identity")
    point = Point(X, Y, params, cache, "relu", "identity")
    grads, call = _call_backward(ctx, point)
    expected = ctx.reference.backward(X, Y, params, cache, "relu", "identity")
    for key in PARAMS:
        expect_array(grads[key], expected[key], call=f"{call}  -> {key}")


@check("backward", requires="backward_gradient_check")
def backward_accepts_1d_targets(ctx: Context) -> None:
    """with one output unit, backward also accepts Y of shape (m,)
    只有一个输出单元时，backward 也接受形状为 (m,) 的 Y"""
    point = network_point(ctx.rng(), "tanh", "sigmoid")
    grads, call = _call_backward(ctx, point, Y=point.Y[:, 0])
    expected = ctx.reference.backward(point.X, point.Y, point.params, point.cache, "tanh", "sigmoid")
    for key in PARAMS:
        expect_array(grads[key], expected[key], call=f"{call}  -> {key}")


@check("backward")
def backward_rejects_bad_input(ctx: Context) -> None:
    """backward raises ValueError for an unknown activation name or a Y that does not fit A2
    激活函数名未知或 Y 与 A2 的形状对不上时，backward 抛出 ValueError"""
    point = network_point(ctx.rng(), "sigmoid", "identity")
    args = (point.X, point.Y, point.params, point.cache)
    ctx.expect_raises("ValueError", *args, "softmax", "identity")
    ctx.expect_raises("ValueError", *args, "sigmoid", "relu")
    ctx.expect_raises("ValueError", point.X, np.ones((point.m, 5)), point.params, point.cache,
                      "sigmoid", "identity")
