"""Hidden checks for lesson 07: the perceptron, the AND/OR/NAND gates and Rosenblatt's rule.

Gates are checked on all four inputs, and a wrong one is shown as its truth table beside
the right one. The learning rule is deterministic, so its result (w, b, converged) is
compared exactly, on data sets where the order of the samples matters, with dyadic
learning rates and integer inputs so that every correct implementation computes the very
same numbers. The usual slips (a strict >, a bias that never learns, the error's sign
reversed, one batch update per epoch, the wrong epoch count, lr ignored, the samples
visited in another order) are simulated on the same data and named.
"""

from __future__ import annotations

import ast
from typing import Any

import numpy as np

from grader.checking import Failure, check
from grader.checks.common import agrees, rejects, truth_table
from grader.checks.expect import expect_int
from grader.diagnose.recognise import Mistakes
from grader.engine.context import Context
from grader.i18n import Text, tr
from grader.numeric import labels
from grader.numeric.compare import close
from grader.numeric.format import show

INPUTS = [(0, 0), (1, 0), (0, 1), (1, 1)]
TABLES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0]}
_NAMED = {**TABLES, "XOR": [0, 1, 1, 0], "NOR": [1, 0, 0, 0], "XNOR": [1, 0, 0, 1],
          "always 0": [0, 0, 0, 0], "always 1": [1, 1, 1, 1]}


ZH_NAMES = {"AND": "与门", "OR": "或门", "NAND": "与非门", "XOR": "异或门", "NOR": "或非门",
            "XNOR": "同或门"}


def _named(table: list[Any]) -> str | None:
    """The name of a well-known two-input table, if it is one."""
    for name, values in _NAMED.items():
        if table == values:
            return name
    return None


def _this_is(table: list[Any], gate: str) -> Text:
    name = _named(table)
    if name is None or name == gate:
        return Text("", "")
    if name.startswith("always"):
        return tr(" (it is {name})", "（它{name}）",
                  name=Text(name, "恒为 0" if name.endswith("0") else "恒为 1"))
    return tr(" (it is {name}'s)", "（这是{name}的真值表）", name=Text(name, ZH_NAMES[name]))


# -- perceptron ----------------------------------------------------------------------------

_GE = tr("a total of exactly 0 must give 1: the course's step fires when w·x + b >= 0, so use "
         ">=, not >.",
         "总和恰好为 0 时必须输出 1：课程的阶跃函数在 w·x + b >= 0 时激活，请用 >=，不要用 >。")


def _perceptron_case(ctx: Context, x: Any, w: Any, b: float) -> None:
    got = ctx.value(x, w, b)
    expected = int(ctx.reference.perceptron(x, w, b))
    total = float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float)) + b)
    call = ctx.show(x, w, b) + f"  (w·x + b = {total:g})"
    if (total == 0.0 and isinstance(got, (int, np.integer)) and not isinstance(got, bool)
            and int(got) == 0):
        raise Failure(_GE, f"call:     {call}\nobtained: 0\nexpected: 1", ("perceptron:strict",))
    expect_int(got, expected, call=call)


@check("perceptron")
def perceptron_worked_examples(ctx: Context) -> None:
    """perceptron fires (1) when w·x + b >= 0, including a total of exactly 0, as an int
    w·x + b >= 0 时 perceptron 输出 1（总和恰好为 0 也输出 1），返回 int"""
    for x, w, b in (([3, 1], [0.5, -1.0], 1.0), ([1, 2], [0.5, -1.0], 1.0),
                    ([2, 1], [0.5, -1.0], 0.0)):
        _perceptron_case(ctx, x, w, b)


@check("perceptron")
def perceptron_random_inputs(ctx: Context) -> None:
    """perceptron on random vectors of length 5, and on totals of exactly 0
    perceptron 在长度为 5 的随机向量上正确，总和恰好为 0 时也正确"""
    rng = ctx.rng()
    for _ in range(4):
        x, w = rng.normal(size=5), rng.normal(size=5)
        _perceptron_case(ctx, x, w, float(rng.normal()))
    for _ in range(3):
        x = rng.integers(-3, 4, size=4).astype(float)
        w = rng.integers(-3, 4, size=4).astype(float) / 2
        _perceptron_case(ctx, x, w, -float(np.dot(w, x)))
    _perceptron_case(ctx, np.array([1.0, 1.0]), np.array([0.5, 0.5]), -1.0)


@check("perceptron", kind="supporting")
def perceptron_leaves_inputs_alone(ctx: Context) -> None:
    """perceptron does not modify x or w
    perceptron 不修改 x 和 w"""
    x, w = np.array([1.0, -2.0, 0.5]), np.array([0.25, 0.5, -1.0])
    agrees(ctx, x, w, 0.1)


@check("perceptron", kind="advice",
       advice=tr("raise ValueError when x and w are not 1-D vectors of the same length",
                 "x 与 w 不是长度相同的一维向量时抛出 ValueError"))
def perceptron_rejects_bad_shapes(ctx: Context) -> None:
    """perceptron raises ValueError when x and w are not 1-D vectors of the same length
    x 与 w 不是长度相同的一维向量时，perceptron 抛出 ValueError"""
    rejects(ctx, tr("x has 3 entries and w has 2.", "x 有 3 个元素，w 有 2 个。"),
            [1.0, 2.0, 3.0], [0.5, 0.5], 0.0)
    rejects(ctx, tr("x must be a 1-D vector.", "x 必须是一维向量。"),
            np.ones((2, 2)), np.ones(2), 0.0)


# -- the gates' parameters -----------------------------------------------------------------


def _check_params(ctx: Context, gate: str) -> None:
    got = ctx.value()
    call = f"{ctx.exercise.name}()"
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Failure(tr("return the pair (w, b): the weights, an array of shape (2,), and the "
                         "bias, a float.",
                         "请返回 (w, b)：权重是形状为 (2,) 的数组，偏置是 float。"),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    w, b = got
    try:
        w_arr = np.asarray(w, dtype=float)
    except (TypeError, ValueError):
        w_arr = np.zeros(0)
    if w_arr.shape != (2,):
        raise Failure(tr("w must hold one weight per input: shape (2,), got {shape}.",
                         "w 必须为每个输入各有一个权重：形状应为 (2,)，实际为 {shape}。",
                         shape=getattr(w_arr, "shape", None)),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_shape",))
    if not isinstance(b, (int, float, np.integer, np.floating)) or isinstance(b, (bool, np.bool_)):
        raise Failure(tr("b must be a number (a float), got {kind}.",
                         "b 必须是一个数（float），实际为 {kind}。", kind=type(b).__name__),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    totals = [float(np.dot(w_arr, [x1, x2]) + float(b)) for x1, x2 in INPUTS]
    table = [int(ctx.reference.perceptron([x1, x2], w_arr, float(b))) for x1, x2 in INPUTS]
    if table != TABLES[gate]:
        raise Failure(
            tr("with your w and b, perceptron([x1, x2], w, b) does not give {gate}'s truth "
               "table{this_is}: compare the columns below and move the bias (or the weights) "
               "until only the right inputs reach a total >= 0.",
               "用你的 w 和 b，perceptron([x1, x2], w, b) 给出的不是{gate}的真值表{this_is}："
               "对照下表，调整偏置（或权重），直到只有该输出 1 的输入的总和 >= 0。",
               gate=Text(gate, ZH_NAMES[gate]), this_is=_this_is(table, gate)),
            labels.join(f"call:     {call}\nobtained: w = {show(w_arr)}, b = {float(b)!r}",
                        truth_table(INPUTS, {"w·x + b": [float(f"{t:.12g}") for t in totals], "yours": table,
                                               gate: TABLES[gate]})),
            (f"{gate.lower()}_params:truth_table",))


@check("and_gate_params")
def and_params_truth_table(ctx: Context) -> None:
    """perceptron([x1, x2], w, b) with these (w, b) is the AND truth table
    用这组 (w, b)，perceptron([x1, x2], w, b) 给出与门的真值表"""
    _check_params(ctx, "AND")


@check("or_gate_params")
def or_params_truth_table(ctx: Context) -> None:
    """perceptron([x1, x2], w, b) with these (w, b) is the OR truth table
    用这组 (w, b)，perceptron([x1, x2], w, b) 给出或门的真值表"""
    _check_params(ctx, "OR")


@check("nand_gate_params")
def nand_params_truth_table(ctx: Context) -> None:
    """perceptron([x1, x2], w, b) with these (w, b) is the NAND truth table
    用这组 (w, b)，perceptron([x1, x2], w, b) 给出与非门的真值表"""
    _check_params(ctx, "NAND")


# -- the gates -----------------------------------------------------------------------------


def check_gate_table(ctx: Context, gate: str, right: list[int],
                     inputs: list[tuple[Any, Any]] | None = None, hint: Text | None = None) -> None:
    """The gate's outputs on the four inputs: ints, and the right truth table beside them."""
    inputs = inputs or list(INPUTS)
    outputs: list[Any] = []
    for x1, x2 in inputs:
        got = ctx.value(x1, x2)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            raise Failure(tr("{func} returned {kind}: the contract asks for an int, 0 or 1.",
                             "{func} 返回了 {kind}：要求返回 int（0 或 1）。",
                             func=ctx.exercise.name, kind=type(got).__name__),
                          f"call:     {ctx.show(x1, x2)}\nobtained: {show(got)}", ("wrong_type",))
        outputs.append(int(got))
    if outputs != right:
        this_is = _this_is(outputs, gate)
        message = tr("{func}'s truth table is wrong{this_is}: your outputs are beside the right "
                     "ones below.", "{func} 的真值表不正确{this_is}：下表把你的输出和正确输出并排列出。",
                     func=ctx.exercise.name, this_is=this_is)
        raise Failure(
            message + Text(" ", "") + hint if hint is not None else message,
            truth_table([(int(a), int(b)) for a, b in inputs],
                        {"yours": outputs, gate: right}),
            (f"{gate}:truth_table",))


def _check_built_from(ctx: Context, needs: tuple[str, ...]) -> None:
    """``ctx.exercise.name`` (or a helper it calls) must refer to each of ``needs``."""
    used = {node.id for root in ctx.source.reachable(ctx.exercise.name)
            for node in ast.walk(root) if isinstance(node, ast.Name)}
    missing = [n for n in needs if n not in used]
    if missing:
        raise Failure(tr("{func} must be computed with {needs}, but it does not use {missing}: "
                         "the gate is one perceptron with its own parameters.",
                         "{func} 必须用 {needs} 计算，但没有使用 {missing}：每个门就是一个使用"
                         "自己参数的感知机。",
                         func=ctx.exercise.name, needs=" and ".join(needs),
                         missing=", ".join(missing)),
                      f"{ctx.lesson.file}, line {ctx.source.line_of(ctx.exercise.name)}",
                      ("gate:not_a_perceptron",))


def _gate_checks(gate: str) -> tuple[Any, Any, Any]:
    """The three checks of a gate: its truth table, bool inputs, and built from perceptron."""
    params = f"{gate.lower()}_gate_params"

    def truth_table_check(ctx: Context) -> None:
        check_gate_table(ctx, gate, TABLES[gate])

    def bools_check(ctx: Context) -> None:
        check_gate_table(ctx, gate, TABLES[gate], [(bool(a), bool(b)) for a, b in INPUTS])

    def built_check(ctx: Context) -> None:
        _check_built_from(ctx, ("perceptron", params))

    truth_table_check.__name__ = f"{gate.lower()}_truth_table"
    bools_check.__name__ = f"{gate.lower()}_accepts_bools"
    built_check.__name__ = f"{gate.lower()}_built_from_perceptron"
    return (
        check(gate, title=tr("{gate} gives the {gate_name} truth table on all four inputs, as ints",
                             "{gate} 在全部四个输入上给出{gate_name}的真值表，返回 int",
                             gate=gate, gate_name=Text(gate, ZH_NAMES[gate])))(truth_table_check),
        check(gate, requires=truth_table_check.__name__,
              title=tr("{gate} accepts bools as inputs", "{gate} 也接受 bool 输入",
                       gate=gate))(bools_check),
        check(gate, static=True,
              title=tr("{gate} is computed with perceptron and {params}",
                       "{gate} 用 perceptron 和 {params} 计算", gate=gate,
                       params=params))(built_check),
    )


and_truth_table, and_accepts_bools, and_built_from_perceptron = _gate_checks("AND")
or_truth_table, or_accepts_bools, or_built_from_perceptron = _gate_checks("OR")
nand_truth_table, nand_accepts_bools, nand_built_from_perceptron = _gate_checks("NAND")


# -- train_perceptron ----------------------------------------------------------------------


def _rosenblatt(X: Any, y: Any, lr: float, epochs: int, *, reverse: bool = False,
                strict: bool = False, bias: bool = True, sign: float = 1.0,
                batch: bool = False) -> tuple[np.ndarray, float, bool]:
    """The learning rule, and the variants a learner writes by mistake."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0

    def fire(x: np.ndarray) -> float:
        total = float(np.dot(w, x)) + b
        return 1.0 if (total > 0 if strict else total >= 0) else 0.0

    order = range(len(X) - 1, -1, -1) if reverse else range(len(X))
    for _ in range(epochs):
        if batch:
            err = y - np.array([fire(x) for x in X])
            if not err.any():
                return w, b, True
            w, b = w + lr * err @ X, b + lr * float(err.sum())
            continue
        mistakes = 0
        for i in order:
            error = sign * (y[i] - fire(X[i]))
            if error != 0:
                mistakes += 1
                w = w + lr * error * X[i]
                if bias:
                    b = b + lr * error
        if mistakes == 0:
            return w, b, True
    return w, b, False


def _training_mistakes(X: Any, y: Any, lr: float, epochs: int) -> Mistakes:
    found: Mistakes = {
        "train:strict": (tr(
            "a total of exactly 0 must predict 1 (>=): with w = 0 and b = 0 the very first "
            "prediction is 1. Use the course's perceptron, which fires when w·x + b >= 0.",
            "总和恰好为 0 时预测值必须为 1（>=）：w = 0、b = 0 时第一次预测就是 1。请使用课程的"
            "感知机，它在 w·x + b >= 0 时激活。"), _rosenblatt(X, y, lr, epochs, strict=True)),
        "train:bias_frozen": (tr("the bias never learns: after each mistake update b += lr (y - y_hat) "
                                 "as well as w.",
                                 "偏置从未更新：每次出错后除了 w，还要更新 b += lr (y - y_hat)。"),
                              _rosenblatt(X, y, lr, epochs, bias=False)),
        "train:sign": (tr("the update has the wrong sign: the error is y - y_hat (target minus "
                          "prediction), and w += lr * error * x.",
                          "更新的符号反了：误差是 y - y_hat（目标减预测），w += lr * error * x。"),
                       _rosenblatt(X, y, lr, epochs, sign=-1.0)),
        "train:batch": (tr("the weights are updated once per epoch from all the samples' errors (a "
                           "batch update): Rosenblatt's rule predicts and updates after each sample, "
                           "in order, so later samples see the new weights.",
                           "每轮只用全部样本的误差更新一次权重（批量更新）：Rosenblatt 规则对每个样本"
                           "依次先预测、再更新，后面的样本看到的是更新后的权重。"),
                        _rosenblatt(X, y, lr, epochs, batch=True)),
        "train:reversed": (tr("the samples are visited in reverse order: visit them in the order "
                              "given, first row first.",
                              "样本是倒序处理的：请按给定的顺序处理，从第一行开始。"),
                           _rosenblatt(X, y, lr, epochs, reverse=True)),
    }
    if lr != 0.1:
        found["train:lr_ignored"] = (tr("lr is ignored (this is the result for lr = 0.1): use the "
                                        "learning rate you are given.",
                                        "参数 lr 被忽略了（这是 lr = 0.1 的结果）：请使用传入的学习率。"),
                                     _rosenblatt(X, y, 0.1, epochs))
    for n, name in ((epochs + 1, "one epoch too many"), (epochs - 1, "one epoch too few"),
                    (100, "100 epochs")):
        if n != epochs and n >= 0:
            found[f"train:epochs_{n}"] = (
                tr("this is the result after {n} epochs ({name}): run at most epochs = {epochs} "
                   "passes over the data.",
                   "这是 {n} 轮之后的结果：最多只能对数据遍历 epochs = {epochs} 轮。",
                   n=n, name=name, epochs=epochs),
                _rosenblatt(X, y, lr, n))
    return found


def _order_blind(ctx: Context, got: Any, X: np.ndarray, y: np.ndarray,
                 kwargs: dict[str, Any]) -> bool:
    """Whether the learner's result stays the same with the samples in reverse order.

    A batch update sums over all samples, so it cannot see their order; a per-sample rule
    (even one visiting the samples in a shuffled order) generally can.
    """
    again = ctx.call(X[::-1].copy(), y[::-1].copy(), **kwargs)
    if again.raised is not None or not isinstance(again.value, (tuple, list)) or len(again.value) != 3:
        return False
    w, b, converged = again.value
    return bool(close(w, got[0]) and close(b, got[1]) and converged == got[2])


def _separates(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> bool:
    return all((float(np.dot(w, x)) + b >= 0) == (t == 1) for x, t in zip(X, y))


def _show_result(w: Any, b: Any, converged: Any) -> str:
    return f"(w = {show(w)}, b = {show(b)}, converged = {show(converged)})"


def _train_case(ctx: Context, X: Any, y: Any, **kwargs: Any) -> None:
    obs = ctx.call(X, y, **kwargs)
    got = obs.result()
    lr, epochs = float(kwargs.get("lr", 0.1)), int(kwargs.get("epochs", 100))
    call = ctx.show(X, y, **kwargs)
    Xa, ya = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    ew, eb, ec = ctx.reference.train_perceptron(X, y, **kwargs)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise Failure(tr("return the triple (w, b, converged).", "请返回三元组 (w, b, converged)。"),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    w, b, converged = got
    if isinstance(w, np.ndarray) and w.shape == ew.shape and w.dtype.kind in "iu":
        raise Failure(tr("w is an int array ({dtype}): every update lr (y - y_hat) x stored into it is cut to a "
                         "whole number (0.1 becomes 0). Start from a float array, w = np.zeros(n), and convert X "
                         "with np.asarray(X, dtype=float): np.zeros_like(X[0]) is int when X is.",
                         "w 是整数数组（{dtype}）：每次存入的更新 lr (y - y_hat) x 都被截断成整数（0.1 变成 0）。"
                         "请从浮点数组 w = np.zeros(n) 开始，并用 np.asarray(X, dtype=float) 转换 X："
                         "X 是整数时，np.zeros_like(X[0]) 也是整数。", dtype=str(w.dtype)),
                      f"call:     {call}\nobtained: w = {show(w)}", ("train:int_weights",))
    if not isinstance(w, np.ndarray) or w.shape != ew.shape or w.dtype != np.float64:
        raise Failure(tr("w must be a float64 array of shape {shape}, one weight per column of X.",
                         "w 必须是形状为 {shape} 的 float64 数组，X 的每一列对应一个权重。",
                         shape=ew.shape), f"call:     {call}\nobtained: w = {show(w)}", ("wrong_type",))
    if not isinstance(b, (int, float, np.integer, np.floating)) or isinstance(b, (bool, np.bool_)):
        raise Failure(tr("b must be a float, got {kind}.", "b 必须是 float，实际为 {kind}。",
                         kind=type(b).__name__), f"call:     {call}\nobtained: b = {show(b)}",
                      ("wrong_type",))
    if not isinstance(converged, (bool, np.bool_)):
        raise Failure(tr("converged must be a bool (True or False), got {kind}.",
                         "converged 必须是 bool（True 或 False），实际为 {kind}。",
                         kind=type(converged).__name__),
                      f"call:     {call}\nobtained: converged = {show(converged)}", ("wrong_type",))
    details = (f"call:     {call}\nobtained: {_show_result(w, b, bool(converged))}\n"
               f"expected: {_show_result(ew, eb, ec)}")
    same_wb = close(w, ew) and close(b, eb)
    if same_wb and bool(converged) == ec:
        ctx.expect_unmodified(obs, X, y, **kwargs)
        return
    # w and b right, converged wrong: that is what to say, even where a fingerprint (one epoch
    # too many, on data that converged) happens to give the same three values.
    for ident, (text, value) in ({} if same_wb else _training_mistakes(Xa, ya, lr, epochs)).items():
        fw, fb, fc = value
        if close(w, fw) and close(b, fb) and bool(converged) == fc:
            if ident == "train:batch" and not _order_blind(ctx, got, Xa, ya, kwargs):
                continue  # the same numbers, but the learner's result depends on the order
            raise Failure(text, details, (ident,))
    if same_wb:
        raise Failure(tr("w and b are right, but converged is {got}: it is True when an epoch makes "
                         "no mistake (and training stops there), False when all the epochs ran "
                         "without such an epoch.",
                         "w 和 b 正确，但 converged 为 {got}：某一轮没有任何错误时它为 True（训练就此"
                         "停止），跑完所有轮次都没有这样的一轮时为 False。", got=bool(converged)),
                      details, ("train:converged",))
    if bool(converged) and _separates(Xa, ya, w, float(b)):
        raise Failure(tr("your w and b separate the data, but they are not the ones Rosenblatt's "
                         "rule gives: start from w = 0 and b = 0, visit the samples in their given "
                         "order every epoch (no shuffling), and update right after each mistake. "
                         "The rule is deterministic, so the result must match exactly.",
                         "你的 w 和 b 能把数据分开，但不是 Rosenblatt 规则给出的结果：从 w = 0、b = 0 "
                         "开始，每一轮都按给定顺序处理样本（不要打乱），每次出错后立即更新。"
                         "这个规则是确定的，结果必须完全一致。"),
                      details, ("train:order",))
    raise Failure(tr("w, b and converged are not what Rosenblatt's rule gives: for each sample in "
                     "order, y_hat = perceptron(x, w, b), then w += lr (y - y_hat) x and "
                     "b += lr (y - y_hat).",
                     "w、b 和 converged 与 Rosenblatt 规则的结果不同：按顺序对每个样本计算 "
                     "y_hat = perceptron(x, w, b)，再更新 w += lr (y - y_hat) x 和 "
                     "b += lr (y - y_hat)。"), details)


AND_DATA = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1])
MIXED_DATA = ([[1, 2, -3], [2, 0, 0], [1, -1, 3], [-3, -2, -1], [0, -1, -3], [-3, -3, -3],
               [-2, 3, -2], [1, 2, -2]], [0, 1, 1, 1, 1, 1, 0, 0])
XOR_DATA = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0])
SIX_DATA = ([[0, 0, 1], [1, 1, 1], [0, 1, 0], [1, 0, 2], [1, 1, 0], [0, 0, 2]], [0, 0, 1, 1, 0, 1])


@check("train_perceptron")
def train_worked_example(ctx: Context) -> None:
    """train_perceptron on the worked example returns ([0.1, 0.1], -0.1, True)
    train_perceptron 在手算例子上返回 ([0.1, 0.1], -0.1, True)"""
    _train_case(ctx, [[0, 0], [1, 1]], [0, 1])


@check("train_perceptron")
def train_in_order(ctx: Context) -> None:
    """train_perceptron follows the rule exactly on data where the order of the samples matters
    在样本顺序会影响结果的数据上，train_perceptron 严格遵循学习规则"""
    _train_case(ctx, np.array(MIXED_DATA[0], dtype=float), np.array(MIXED_DATA[1], dtype=float),
                lr=0.5, epochs=50)
    _train_case(ctx, np.array(AND_DATA[0], dtype=float), np.array(AND_DATA[1], dtype=float),
                lr=0.5, epochs=20)


@check("train_perceptron")
def train_stops_after_epochs(ctx: Context) -> None:
    """on data that is not linearly separable (XOR), training stops after epochs with converged False
    对线性不可分的数据（异或），训练在 epochs 轮后停止，converged 为 False"""
    _train_case(ctx, SIX_DATA[0], SIX_DATA[1], lr=1.0, epochs=7)
    _train_case(ctx, np.array(XOR_DATA[0], dtype=float), np.array(XOR_DATA[1], dtype=float),
                lr=0.5, epochs=30)


def _epochs_to_converge(X: Any, y: Any, lr: float, limit: int = 200) -> int:
    """The epoch in which the rule first makes no mistake (0: not within ``limit``)."""
    for epochs in range(1, limit + 1):
        if _rosenblatt(X, y, lr, epochs)[2]:
            return epochs
    return 0


@check("train_perceptron")
def train_converges_in_the_last_epoch(ctx: Context) -> None:
    """convergence in exactly the last allowed epoch counts: converged is True, one epoch fewer is False
    恰好在最后一个允许的轮次收敛也算收敛：converged 为 True，少一轮则为 False"""
    rng = ctx.rng()
    cases = [(np.array(MIXED_DATA[0], dtype=float), np.array(MIXED_DATA[1], dtype=float), 0.5)]
    for _ in range(200):  # and random separable data, labelled by a random line
        if len(cases) == 3:
            break
        X = rng.integers(-3, 4, size=(int(rng.integers(5, 9)), 2)).astype(float)
        y = (X @ rng.normal(size=2) + 0.5 * rng.normal() >= 0).astype(float)
        if 0 < y.sum() < len(y) and _epochs_to_converge(X, y, 1.0, 100) > 2:
            cases.append((X, y, 1.0))
    for X, y, lr in cases:
        n = _epochs_to_converge(X, y, lr, 100)
        for epochs in (n, n - 1):
            obs = ctx.call(X, y, lr=lr, epochs=epochs)
            got = obs.result()
            ew, eb, ec = ctx.reference.train_perceptron(X, y, lr=lr, epochs=epochs)
            if (epochs == n and isinstance(got, (tuple, list)) and len(got) == 3
                    and close(got[0], ew) and close(got[1], eb) and got[2] is not True and not got[2]):
                raise Failure(tr("training made no mistake in its last allowed epoch ({n} of epochs = {n}), "
                                 "so it converged, but converged is False: check for a mistake-free "
                                 "epoch after every epoch, the last one included.",
                                 "训练在最后一个允许的轮次（epochs = {n} 中的第 {n} 轮）没有任何错误，"
                                 "因此已经收敛，但 converged 为 False：每一轮结束后（包括最后一轮）"
                                 "都要检查这一轮是否没有错误。", n=n),
                              f"call:     {ctx.show(X, y, lr=lr, epochs=epochs)}\n"
                              f"obtained: {_show_result(*got)}\nexpected: {_show_result(ew, eb, ec)}",
                              ("train:last_epoch",))
            _train_case(ctx, X, y, lr=lr, epochs=epochs)


@check("train_perceptron", kind="advice",
       advice=tr("raise ValueError when X is not 2-D or y does not match its rows",
                 "X 不是二维或 y 与 X 的行数不一致时抛出 ValueError"))
def train_rejects_bad_shapes(ctx: Context) -> None:
    """train_perceptron raises ValueError when X is not 2-D or y does not match its rows
    X 不是二维或 y 与 X 的行数不一致时，train_perceptron 抛出 ValueError"""
    rejects(ctx, tr("X must be a 2-D (m, n) array.", "X 必须是二维 (m, n) 数组。"),
            [0.0, 1.0, 1.0], [0, 1, 1])
    rejects(ctx, tr("X has 3 rows but y has 2 labels.", "X 有 3 行，y 却只有 2 个标签。"),
            [[0, 0], [0, 1], [1, 1]], [0, 1])


@check("train_perceptron")
def train_default_epochs(ctx: Context) -> None:
    """epochs defaults to 100: on data that never converges, all 100 epochs run (99 or 101 give other weights)
    epochs 默认为 100：数据永不收敛时跑满 100 轮（99 轮或 101 轮得到的权重不同）"""
    X = np.array([[3, -2], [0, -2], [-3, 2], [-3, -2], [0, 0], [-3, 3]], dtype=float)
    y = np.array([1, 1, 0, 1, 0, 1], dtype=float)
    _train_case(ctx, X, y, lr=1.0)  # lr = 1 keeps every total an exact integer
