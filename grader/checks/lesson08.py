"""Hidden checks for lesson 08: XOR from gates, and a two-layer step network for XOR.

XOR and the network are checked on all four inputs, and a wrong truth table is shown
beside the right one. XOR must be built from lesson 7's gates: its source (and the
helpers it calls) is read, never run, for calls of AND, OR and NAND and for operators
that compute XOR directly (^, !=, if/else ...). The forward pass is checked with the
parameters it is given (random ones, with totals of exactly 0), so a network that uses
its own parameters, skips the hidden step, uses a sigmoid, transposes W1 or returns an
(m, 1) column is named.
"""

from __future__ import annotations

import ast
from functools import partial
from typing import Any

import numpy as np

from grader.checking import CheckSignal, Failure, LearnerError, LearnerTimeout, check
from grader.checks.common import agrees, as_lists, int_inputs, rejects, truth_table
from grader.checks.lesson07 import INPUTS, TABLES, check_gate_table
from grader.diagnose.recognise import Mistakes, telling_apart
from grader.engine.context import Context
from grader.i18n import Text, tr
from grader.numeric.format import show

XOR_TABLE = [0, 1, 1, 0]
GATES = {f"lesson07_perceptron.{g}" for g in ("AND", "OR", "NAND")}
_X4 = np.array(INPUTS, dtype=float)

# -- XOR -------------------------------------------------------------------------------

_COMPOSE = tr("XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)): NAND and OR both see the inputs, "
              "and AND combines their outputs; check which gate takes which inputs.",
              "XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2))：NAND 和 OR 都以两个输入为参数，"
              "再由 AND 组合它们的输出；请检查每个门的输入是什么。")


def _gates_note(ctx: Context) -> Text:
    """Whether the lesson 7 gates XOR uses are right: then only their composition is wrong."""
    wrong = []
    for gate, right in TABLES.items():
        try:
            outputs = [ctx.call_named(gate, x1, x2) for x1, x2 in INPUTS]
        except CheckSignal:  # not imported by that name, or it crashed: say nothing
            return Text("", "")
        if any(o.raised is not None for o in outputs):
            return Text("", "")
        if [o.value for o in outputs] != right:
            wrong.append(gate)
    if wrong:
        return tr(" Your lesson 7 gate {gates} is itself wrong: fix lesson07_perceptron.py first.",
                  "你第 7 课的 {gates} 门本身就不对：请先修正 lesson07_perceptron.py。",
                  gates=", ".join(wrong))
    return tr(" Your AND, OR and NAND are right, so the gates are composed in the wrong order.",
              "你的 AND、OR、NAND 都是对的，所以是门的组合顺序错了。")


@check("XOR")
def xor_truth_table(ctx: Context) -> None:
    """XOR gives 0, 1, 1, 0 on the four inputs, as ints
    XOR 在四个输入上给出 0、1、1、0，返回 int"""
    try:
        check_gate_table(ctx, "XOR", XOR_TABLE)
    except Failure as failure:
        if not any(d.endswith("truth_table") for d in failure.diagnosis):
            raise
        raise Failure(failure.message + _gates_note(ctx) + Text(" ", "") + _COMPOSE,
                      failure.details, failure.diagnosis) from None


@check("XOR", requires="xor_truth_table", kind="advice",
       advice=tr("accept bools as inputs: XOR(True, False) is 1",
                 "接受 bool 输入：XOR(True, False) 等于 1"))
def xor_accepts_bools(ctx: Context) -> None:
    """XOR accepts bools as inputs
    XOR 也接受 bool 输入"""
    check_gate_table(ctx, "XOR", XOR_TABLE, [(bool(a), bool(b)) for a, b in INPUTS], hint=_COMPOSE)


_OPERATORS: dict[type, str] = {
    ast.BitXor: "^", ast.BitOr: "|", ast.BitAnd: "&", ast.Add: "+", ast.Sub: "-",
    ast.Mult: "*", ast.Mod: "%", ast.Pow: "**", ast.Div: "/", ast.FloorDiv: "//",
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
    ast.Not: "not", ast.Invert: "~", ast.USub: "-", ast.And: "and", ast.Or: "or",
}
_BUILTIN_LOGIC = {"abs", "max", "min", "sum", "pow", "divmod", "any", "all", "round", "len",
                  "sorted", "set", "hash"}


def _is_validation(node: ast.AST) -> bool:
    """``if <test>: raise ...`` (input checking), which is not computing XOR."""
    return (isinstance(node, ast.If) and not node.orelse
            and all(isinstance(s, ast.Raise) for s in node.body))


def _walk_logic(node: ast.AST) -> list[ast.AST]:
    """Every node under ``node``, skipping input checks and asserts."""
    out: list[ast.AST] = []
    todo = [node]
    while todo:
        current = todo.pop()
        if _is_validation(current) or isinstance(current, ast.Assert):
            continue
        out.append(current)
        todo.extend(ast.iter_child_nodes(current))
    return out


def _xor_construction(ctx: Context) -> tuple[set[str], list[tuple[int, str]]]:
    """The gates XOR reaches, and what else it computes with (line, what)."""
    gates: set[str] = set()
    other: list[tuple[int, str]] = []
    star = any(isinstance(node, ast.ImportFrom) and node.module == "lesson07_perceptron"
               and any(alias.name == "*" for alias in node.names)
               for node in ast.walk(ctx.source.tree))

    def resolve(node: ast.AST) -> str | None:
        name = ctx.source.resolve(node)
        if (name is None and star and isinstance(node, ast.Name)  # from lesson07_perceptron import *
                and node.id in ("AND", "OR", "NAND") and not ctx.source.defines(node.id)):
            name = f"lesson07_perceptron.{node.id}"
        return name

    roots = ctx.source.reachable("XOR")
    inputs = {a.arg for root in roots if isinstance(root, ast.FunctionDef)
              for a in [*root.args.posonlyargs, *root.args.args, *root.args.kwonlyargs]}
    for root in roots:
        for node in _walk_logic(root):
            line = getattr(node, "lineno", 0)
            if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load):
                resolved = resolve(node)
                if resolved in GATES:
                    gates.add(resolved.rsplit(".", 1)[1])
            if isinstance(node, ast.BinOp | ast.UnaryOp | ast.BoolOp):
                symbol = _OPERATORS.get(type(node.op))
                if symbol:
                    other.append((line, symbol))
            elif isinstance(node, ast.Compare):
                other.extend((line, _OPERATORS.get(type(op), "comparison")) for op in node.ops)
            elif isinstance(node, ast.If | ast.IfExp):
                other.append((line, "if/else"))
            elif (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load)
                  and any(isinstance(n, ast.Name) and n.id in inputs for n in ast.walk(node.slice))):
                other.append((line, "a lookup table [...] indexed by the inputs"))
            elif isinstance(node, ast.Call):
                name = resolve(node.func)
                if name is not None and name not in GATES:
                    other.append((line, name))
                elif isinstance(node.func, ast.Name) and node.func.id in _BUILTIN_LOGIC:
                    other.append((line, node.func.id))
    return gates, other


@check("XOR", static=True)
def xor_built_from_gates(ctx: Context) -> None:
    """XOR is built only from lesson 7's gates AND, OR and NAND
    XOR 只用第 7 课的与门、或门、与非门搭建"""
    gates, other = _xor_construction(ctx)
    where = f"{ctx.lesson.file}:{ctx.source.line_of('XOR')}"
    if other:
        listing = "\n".join(f"{ctx.lesson.file}:{line}: {what}" for line, what in sorted(set(other)))
        raise Failure(tr("XOR computes with {what} instead of only combining the gates: build it "
                         "from AND, OR and NAND of lesson 7, e.g. AND(NAND(x1, x2), OR(x1, x2)). "
                         "That is the point of the lesson: a network of perceptrons computes XOR.",
                         "XOR 使用了 {what}，而不是只组合各个门：请用第 7 课的 AND、OR、NAND 搭建，"
                         "例如 AND(NAND(x1, x2), OR(x1, x2))。这正是本课的要点：由感知机组成的网络"
                         "可以计算异或。", what=", ".join(sorted({w for _, w in other}))),
                      listing, ("xor:not_from_gates",))
    if not gates:
        raise Failure(tr("XOR does not use the gates AND, OR and NAND of lesson 7: import them "
                         "(from lesson07_perceptron import AND, NAND, OR) and combine them.",
                         "XOR 没有使用第 7 课的 AND、OR、NAND 门：请导入它们"
                         "（from lesson07_perceptron import AND, NAND, OR）并组合起来。"),
                      where, ("xor:no_gates",))


# -- xor_network_params ----------------------------------------------------------------

SHAPES = {"W1": (2, 2), "b1": (2,), "W2": (2, 1), "b2": (1,)}


def _step(z: np.ndarray) -> np.ndarray:
    return np.where(z >= 0, 1.0, 0.0)


@check("xor_network_params")
def network_params_shapes(ctx: Context) -> None:
    """xor_network_params returns W1 (2, 2), b1 (2,), W2 (2, 1) and b2 (1,) as float arrays
    xor_network_params 返回 float 数组 W1 (2, 2)、b1 (2,)、W2 (2, 1) 和 b2 (1,)"""
    params = ctx.value()
    if not isinstance(params, dict) or set(params) != set(SHAPES):
        raise Failure(tr("return a dict with exactly the keys \"W1\", \"b1\", \"W2\" and \"b2\".",
                         "请返回一个字典，键恰好是 \"W1\"、\"b1\"、\"W2\" 和 \"b2\"。"),
                      f"obtained: {show(params)}", ("wrong_type",))
    for key, shape in SHAPES.items():
        value = params[key]
        if not isinstance(value, np.ndarray):
            raise Failure(tr("{key} is a {kind}, but the contract asks for an array of shape "
                             "{shape}: wrap it with np.array(..., dtype=float).",
                             "{key} 是 {kind}，但要求是形状为 {shape} 的数组：请用 "
                             "np.array(..., dtype=float) 转换。",
                             key=key, kind=type(value).__name__, shape=shape),
                          f"obtained: {key} = {show(value)}", ("wrong_shape",))
        if value.shape != shape:
            raise Failure(tr("{key} has shape {got}, but the contract asks for shape {shape} "
                             "(W1 is (inputs, hidden), W2 is (hidden, outputs)).",
                             "{key} 的形状是 {got}，应为 {shape}（W1 是 (输入, 隐藏单元)，"
                             "W2 是 (隐藏单元, 输出)）。", key=key, got=value.shape, shape=shape),
                          f"obtained: {key} = {show(value)}", ("wrong_shape",))
        if value.dtype != np.float64:
            raise Failure(tr("{key} has dtype {got}: the contract asks for float64, e.g. "
                             "np.array([[1.0, -1.0], ...]).",
                             "{key} 的数据类型是 {got}：要求 float64，例如 np.array([[1.0, -1.0], ...])。",
                             key=key, got=value.dtype), f"obtained: {key} = {show(value)}",
                          ("wrong_dtype",))


@check("xor_network_params", requires="network_params_shapes")
def network_params_compute_xor(ctx: Context) -> None:
    """the step network with these parameters gives XOR's truth table on the four inputs
    用这组参数的阶跃网络在四个输入上给出异或的真值表"""
    params = ctx.value()
    hidden = _step(_X4 @ params["W1"] + params["b1"])
    out = _step(hidden @ params["W2"] + params["b2"]).reshape(-1)
    table = [int(v) for v in out]
    if table != XOR_TABLE:
        raise Failure(tr("with your parameters the network's truth table is not XOR's: the hidden "
                         "units and the output are listed below. A classic choice: hidden unit 0 "
                         "is NAND, hidden unit 1 is OR, and the output unit is AND of the two.",
                         "用你的参数，网络的真值表不是异或的：下表列出了隐藏单元和输出。"
                         "一种经典的选择：隐藏单元 0 是与非门，隐藏单元 1 是或门，输出单元是两者的与门。"),
                      truth_table(INPUTS, {"hidden": [str(h.astype(int).tolist()) for h in hidden],
                                           "yours": table, "XOR": XOR_TABLE}),
                      ("network:truth_table",))


# -- step_network_forward --------------------------------------------------------------


def _forward(X: Any, p: dict[str, Any], hidden: Any = _step, output: Any = _step,
             transpose: bool = False) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    W1 = np.asarray(p["W1"], dtype=float)
    with np.errstate(all="ignore"):
        H = hidden(X @ (W1.T if transpose else W1) + np.asarray(p["b1"], dtype=float))
        return np.asarray(output(H @ np.asarray(p["W2"], dtype=float)
                                 + np.asarray(p["b2"], dtype=float)), dtype=float).reshape(-1)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=float)


def _forward_mistakes(X: Any, p: dict[str, Any], own: dict[str, Any] | None) -> Mistakes:
    m = np.asarray(X).shape[0]
    found: Mistakes = {
        "forward:column": (tr("flatten the output layer's (m, 1) result to shape (m,), e.g. with "
                              ".reshape(-1).",
                              "请把输出层 (m, 1) 的结果展平成形状 (m,)，例如用 .reshape(-1)。"),
                           _forward(X, p).reshape(m, 1)),
        "forward:linear_hidden": (tr("the hidden layer has no step: apply step to X W1 + b1 before "
                                     "the output layer; without it the two layers collapse into one.",
                                     "隐藏层没有经过阶跃函数：在输出层之前要对 X W1 + b1 取 step；"
                                     "否则两层会退化成一层。"), _forward(X, p, hidden=lambda z: z)),
        "forward:sigmoid": (tr("this is a sigmoid network: the perceptrons use the step function, "
                               "1.0 where z >= 0 and 0.0 elsewhere.",
                               "这是 sigmoid 网络：感知机使用阶跃函数，z >= 0 处为 1.0，否则为 0.0。"),
                            _forward(X, p, hidden=_sigmoid, output=_sigmoid)),
        "forward:output_sigmoid": (tr("the output layer uses a sigmoid: both layers use the step "
                                      "function.",
                                      "输出层用了 sigmoid：两层都应使用阶跃函数。"),
                                   _forward(X, p, output=_sigmoid)),
        "forward:no_output_step": (tr("the output layer has no step: apply step to H W2 + b2 too.",
                                      "输出层没有经过阶跃函数：对 H W2 + b2 也要取 step。"),
                                   _forward(X, p, output=lambda z: z)),
        "forward:transposed": (tr("W1 is used transposed (X W1.T): W1 has shape (inputs, hidden), "
                                  "so the hidden totals are X W1 + b1.",
                                  "W1 被转置使用了（X W1.T）：W1 的形状是 (输入, 隐藏单元)，"
                                  "隐藏层总和是 X W1 + b1。"), _forward(X, p, transpose=True)),
        "forward:strict_step": (tr("a total of exactly 0 must give 1: the step is 1.0 where z >= 0, "
                                   "so use >=, not >.",
                                   "总和恰好为 0 时必须输出 1：阶跃函数在 z >= 0 处为 1.0，请用 >=，"
                                   "不要用 >。"),
                                _forward(X, p, hidden=lambda z: np.where(z > 0, 1.0, 0.0),
                                         output=lambda z: np.where(z > 0, 1.0, 0.0))),
    }
    if own is not None:
        try:
            found["forward:own_params"] = (
                tr("this is the network with your own xor_network_params(): use the params that "
                   "are passed in.",
                   "这是用你自己的 xor_network_params() 算出的结果：请使用传入的参数 params。"),
                _forward(X, own))
        except (KeyError, TypeError, ValueError):
            pass
    return found


def _telling(X: Any, params: dict[str, Any]) -> bool:
    """Whether every known mistake gives its own outputs on this input (so naming one is sound)."""
    values = [np.asarray(v, dtype=float) for _t, v in _forward_mistakes(X, params, None).values()]
    values.append(np.asarray(_forward(X, params), dtype=float))
    return all(not np.array_equal(a, b) for i, a in enumerate(values) for b in values[i + 1:])


def _own_params(ctx: Context) -> dict[str, Any] | None:
    """The learner's xor_network_params(), when it returns well-formed ones, else None."""
    try:
        obs = ctx.call_named("xor_network_params")
    except (LearnerError, LearnerTimeout):
        return None
    value = obs.value if obs.raised is None else None
    if isinstance(value, dict) and all(isinstance(value.get(k), np.ndarray) and value[k].shape == s
                                       for k, s in SHAPES.items()):
        return value
    return None


def _forward_agrees(ctx: Context, X: Any, params: dict[str, Any]) -> None:
    """``agrees`` for step_network_forward; a wrong answer is also compared with the network
    of the learner's own xor_network_params(), asked for only then: a forward pass that is
    right never depends on (nor waits for) another exercise.
    """
    try:
        agrees(ctx, X, params, mistakes=partial(_forward_mistakes, X, params, None))
    except Failure:
        if ctx.remaining() > 0.5:
            own = _own_params(ctx)
            if own is not None and ctx.remaining() > 0.5:
                agrees(ctx, X, params, mistakes=partial(_forward_mistakes, X, params, own))
        raise


def _reference_params(ctx: Context) -> dict[str, np.ndarray]:
    return dict(ctx.reference.xor_network_params())


@check("step_network_forward")
def forward_worked_examples(ctx: Context) -> None:
    """with XOR's parameters the forward pass gives [0, 1, 1, 0]; the second example gives [0]
    用异或的参数前向计算给出 [0, 1, 1, 0]；第二个例子给出 [0]"""
    params = _reference_params(ctx)
    _forward_agrees(ctx, _X4.copy(), params)
    small = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.array([[1.0], [1.0]]),
             "b2": np.array([-2.0])}
    _forward_agrees(ctx, [[0.0, -1.0]], small)


@check("step_network_forward")
def forward_uses_given_parameters(ctx: Context) -> None:
    """the forward pass uses the parameters it is given, with totals of exactly 0 giving 1
    前向计算使用传入的参数，总和恰好为 0 时输出 1"""
    rng = ctx.rng()
    for _ in range(3):
        for _draw in range(50):  # draws on which no two known mistakes give the same outputs
            params = {"W1": rng.integers(-4, 5, size=(2, 2)) / 2.0,
                      "b1": rng.integers(-2, 3, size=2) / 2.0,
                      "W2": rng.integers(-4, 5, size=(2, 1)) / 2.0,
                      "b2": rng.integers(-2, 3, size=1) / 2.0}
            X = np.vstack([_X4, rng.integers(-2, 3, size=(4, 2)).astype(float)])
            if _telling(X, params):
                break
        _forward_agrees(ctx, X, params)
    params = {"W1": np.array([[1.0, -2.0], [3.0, 0.5]]), "b1": np.array([0.0, -1.0]),
              "W2": np.array([[1.0], [-1.0]]), "b2": np.array([-1.0])}
    X = np.array([[0.0, 0.0], [2.0, 1.0], [-1.0, 2.0], [1.0, -1.0], [3.0, 1.0]])
    _forward_agrees(ctx, X, params)
    _forward_agrees(ctx, as_lists(X)[0], params)


@check("step_network_forward", kind="advice",
       advice=tr("raise ValueError when X is not a 2-D batch (m, 2) that fits W1",
                 "X 不是与 W1 匹配的二维批次 (m, 2) 时抛出 ValueError"))
def forward_rejects_bad_shapes(ctx: Context) -> None:
    """step_network_forward raises ValueError when X is not 2-D or does not fit W1
    X 不是二维或与 W1 的形状不匹配时，step_network_forward 抛出 ValueError"""
    params = _reference_params(ctx)
    rejects(ctx, tr("X must be a 2-D batch (m, 2).", "X 必须是二维批次 (m, 2)。"),
            np.array([1.0, 0.0]), params)
    rejects(ctx, tr("X has 3 columns but W1 has 2 rows.", "X 有 3 列，而 W1 只有 2 行。"),
            np.ones((4, 3)), params)


# -- int inputs (the contract converts lists and ints to float) ----------------------------

_INT_PARAMS = {"W1": np.array([[1, -1], [1, -1]]), "b1": np.array([-1, 1]), "W2": np.array([[1], [1]]),
               "b2": np.array([-1])}
step_network_forward_int_inputs = int_inputs("step_network_forward", (
    (np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), _INT_PARAMS), ([[1, 1], [2, -3]], _INT_PARAMS)),
    # the int inputs make some mistakes coincide (a hidden layer without its step, a strict step):
    # only those this input tells apart are named
    lambda X, p: telling_apart(_forward_mistakes(X, {k: np.asarray(v, dtype=float) for k, v in p.items()}, None)))
