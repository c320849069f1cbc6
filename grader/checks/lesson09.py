"""Hidden checks for lesson 09: parameter initialisation, the dense layer, the forward pass."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from grader.checking import Failure, Raised, check
from grader.checks.common import agrees, as_lists, int_inputs, rejects
from grader.checks.expect import expect_array
from grader.checks.networks import COMBINATIONS, OUT_SIZE, activations_module, shapes_call, unknown_name
from grader.diagnose.recognise import Mistakes, constant_factor
from grader.engine.context import Context
from grader.i18n import Text, tr
from grader.numeric.compare import close
from grader.numeric.format import show

PARAMS = ("W1", "b1", "W2", "b2")
RTOL_EXACT, ATOL_EXACT = 1e-12, 1e-15  # the same draws, up to the rounding of the scale

# -- init_params -------------------------------------------------------------------------


def _draws(seed: int, n_in: int, n_hidden: int, n_out: int, *, first: str = "W1",
           scale: str = "fan_in", transposed: bool = False) -> dict[str, np.ndarray]:
    """What init_params returns when drawn in ``first`` order, with another scale or layout."""
    rng = np.random.default_rng(seed)
    shapes = {"W1": (n_in, n_hidden), "W2": (n_hidden, n_out)}
    fans = {"W1": (n_in, n_hidden), "W2": (n_hidden, n_out)}
    out: dict[str, np.ndarray] = {}
    for name in (("W1", "W2") if first == "W1" else ("W2", "W1")):
        rows, cols = shapes[name]
        raw = rng.standard_normal((cols, rows)).T if transposed else rng.standard_normal((rows, cols))
        fan_in, fan_out = fans[name]
        factor = {"fan_in": np.sqrt(1.0 / fan_in), "he": np.sqrt(2.0 / fan_in), "none": 1.0,
                  "fan_out": np.sqrt(1.0 / fan_out),
                  "glorot": np.sqrt(2.0 / (fan_in + fan_out))}[scale]
        out[name] = raw * factor
    return out


def _init_mistakes(seed: int, n_in: int, n_hidden: int, n_out: int) -> dict[str, tuple[Text, dict[str, np.ndarray]]]:
    sizes = (seed, n_in, n_hidden, n_out)
    found = {
        "init:order": (tr("W1 and W2 hold the right numbers drawn in the other order: draw W1 first, "
                          "then W2 (the grader replays the same rng, so the draw order matters).",
                          "W1 和 W2 的数值是按相反的顺序抽取的：应先抽 W1，再抽 W2（评分程序用同一个 rng "
                          "重放，抽取顺序很重要）。"), _draws(*sizes, first="W2")),
        "init:he": (tr("the weights use the He scale sqrt(2 / n), meant for ReLU networks; this "
                       "lesson's scale is sqrt(1 / n), n being the layer's fan-in.",
                       "权重用的是 He 缩放 sqrt(2 / n)（为 ReLU 网络设计）；本课的缩放是 sqrt(1 / n)，"
                       "n 是这一层的输入个数。"), _draws(*sizes, scale="he")),
        "init:no_scale": (tr("the weights are not scaled: multiply each layer's standard normal draws "
                             "by sqrt(1 / n_in of that layer).",
                             "权重没有缩放：每层的标准正态随机数要乘以 sqrt(1 / 该层输入个数)。"),
                          _draws(*sizes, scale="none")),
        "init:fan_out": (tr("the weights are scaled by the number of outputs of the layer; use its "
                            "number of inputs: sqrt(1 / n_in) for W1, sqrt(1 / n_hidden) for W2.",
                            "权重按这一层的输出个数缩放了；应按输入个数：W1 用 sqrt(1 / n_in)，"
                            "W2 用 sqrt(1 / n_hidden)。"), _draws(*sizes, scale="fan_out")),
        "init:glorot": (tr("this is Glorot scaling sqrt(2 / (fan_in + fan_out)); the lesson's scale is "
                           "sqrt(1 / fan_in).",
                           "这是 Glorot 缩放 sqrt(2 / (输入个数 + 输出个数))；本课的缩放是 sqrt(1 / 输入个数)。"),
                        _draws(*sizes, scale="glorot")),
        "init:transposed_draw": (tr("the weights were drawn with the shape (n_out, n_in) and "
                                    "transposed: draw rng.standard_normal((n_in, n_out)) directly, so "
                                    "the numbers land where the grader expects them.",
                                    "权重按形状 (n_out, n_in) 抽取后再转置了：请直接抽取 "
                                    "rng.standard_normal((n_in, n_out))，数值才会落在评分程序期望的位置。"),
                                 _draws(*sizes, transposed=True)),
    }
    return found


def _expect_params(got: Any, expected: dict[str, np.ndarray], call: str) -> dict[str, np.ndarray]:
    """``got`` is a dict with the four parameters, float64 arrays of the right shapes."""
    if not isinstance(got, dict):
        raise Failure(tr("return a dict {{\"W1\": ..., \"b1\": ..., \"W2\": ..., \"b2\": ...}}, "
                         "not {kind}.",
                         "请返回字典 {{\"W1\": ..., \"b1\": ..., \"W2\": ..., \"b2\": ...}}，而不是 {kind}。",
                         kind=type(got).__name__), f"call:     {call}\nobtained: {show(got)}")
    missing = [k for k in PARAMS if k not in got]
    if missing:
        raise Failure(tr("the dict lacks {keys}: lesson 9's layout is W1, b1, W2, b2.",
                         "字典缺少 {keys}：第 9 课的参数布局是 W1、b1、W2、b2。", keys=", ".join(missing)),
                      f"call:     {call}\nkeys:     {sorted(map(str, got))}")
    for key in PARAMS:
        value = got[key]
        if isinstance(value, np.ndarray) and value.shape != expected[key].shape:
            raise Failure(tr("{key} has shape {got}, but it should have shape {want}{hint}.",
                             "{key} 的形状是 {got}，应为 {want}{hint}。", key=key, got=value.shape,
                             want=expected[key].shape,
                             hint=Text(" (a bias is 1-D: np.zeros(n))", "（偏置是一维的：np.zeros(n)）")
                             if key.startswith("b") else Text("", "")),
                          f"call:     {call}", ("wrong_shape",))
        if not isinstance(value, np.ndarray) or value.dtype != np.float64:
            kind = f"an array of {value.dtype}" if isinstance(value, np.ndarray) else type(value).__name__
            raise Failure(tr("{key} is {kind}: every parameter is a float64 NumPy array.",
                             "{key} 是 {kind}：每个参数都应是 float64 的 NumPy 数组。", key=key, kind=kind),
                          f"call:     {call}\nobtained: {show(value)}", ("wrong_type",))
    return {k: got[k] for k in PARAMS}


def _check_init(ctx: Context, n_in: int, n_hidden: int, n_out: int, seed: int) -> None:
    obs = ctx.call(n_in, n_hidden, n_out, ctx.generator(seed))
    got = obs.result()
    call = f"init_params({n_in}, {n_hidden}, {n_out}, np.random.default_rng({seed}))"
    expected = ctx.reference.init_params(n_in, n_hidden, n_out, np.random.default_rng(seed))
    params = _expect_params(got, expected, call)
    for key in ("b1", "b2"):
        if np.any(params[key] != 0):
            raise Failure(tr("{key} should start at zero.", "{key} 应初始化为 0。", key=key),
                          f"call:     {call}\nobtained: {show(params[key])}", ("init:bias",))
    if all(close(params[k], expected[k], RTOL_EXACT, ATOL_EXACT) for k in ("W1", "W2")):
        return
    for ident, (text, draws) in _init_mistakes(seed, n_in, n_hidden, n_out).items():
        if all(close(params[k], draws[k], RTOL_EXACT, ATOL_EXACT) for k in ("W1", "W2")):
            raise Failure(text, f"call:     {call}\nobtained W1: {show(params['W1'])}\n"
                          f"expected W1: {show(expected['W1'])}", (ident,))
    for key, fan_in in (("W1", n_in), ("W2", n_hidden)):
        c = constant_factor(params[key], expected[key])
        if c is not None and not np.isclose(c, 1.0):
            raise Failure(tr("{key} is the right draws times {c:.6g}: the scale is off (the course "
                             "uses sqrt(1 / {fan}) = {s:.6g} for this layer).",
                             "{key} 是正确的随机数乘以 {c:.6g}：缩放不对（本课这一层用 "
                             "sqrt(1 / {fan}) = {s:.6g}）。", key=key, c=c, fan=fan_in,
                             s=np.sqrt(1.0 / fan_in)),
                          f"call:     {call}\nobtained: {show(params[key])}\n"
                          f"expected: {show(expected[key])}", ("init:scaled",))
    for key in ("W1", "W2"):
        expect_array(params[key], expected[key], call=f"{call}[{key!r}]", rtol=RTOL_EXACT,
                     atol=ATOL_EXACT)


@check("init_params")
def init_worked_example(ctx: Context) -> None:
    """init_params(2, 3, 1, np.random.default_rng(0)) gives W1[0, 0] = 0.08890469 and zero biases
    init_params(2, 3, 1, np.random.default_rng(0)) 得到 W1[0, 0] = 0.08890469，偏置为 0"""
    _check_init(ctx, 2, 3, 1, 0)


@check("init_params")
def init_replays_the_rng(ctx: Context) -> None:
    """init_params draws W1 then W2 from the rng it is given, scaled by sqrt(1 / fan-in)
    init_params 用传入的 rng 先抽 W1 再抽 W2，并按 sqrt(1 / 输入个数) 缩放"""
    first = ctx.value(3, 5, 2, ctx.generator(11))
    second = ctx.value(3, 5, 2, ctx.generator(12))
    if (isinstance(first, dict) and isinstance(second, dict) and "W1" in first and "W1" in second
            and isinstance(first["W1"], np.ndarray) and close(first["W1"], second["W1"], 0, 0)):
        raise Failure(tr("init_params gives the same weights for two different generators: draw from the rng "
                         "you are given (rng.standard_normal), not from a generator or seed of your own.",
                         "两个不同的生成器得到了相同的权重：请从传入的 rng 抽取（rng.standard_normal），"
                         "而不是用自己创建的生成器或种子。"),
                      "call:     init_params(3, 5, 2, np.random.default_rng(11)) and "
                      "init_params(3, 5, 2, np.random.default_rng(12))", ("init:ignores_rng",))
    for sizes, seed in (((3, 5, 2), 11), ((4, 7, 3), 12), ((1, 1, 1), 13), ((6, 2, 4), 14)):
        _check_init(ctx, *sizes, seed)


@check("init_params", kind="advice",
       advice=tr("raise ValueError when a layer size is not a positive integer",
                 "层的大小不是正整数时抛出 ValueError"))
def init_rejects_bad_sizes(ctx: Context) -> None:
    """init_params raises ValueError when a size is not a positive integer
    层的大小不是正整数时，init_params 抛出 ValueError"""
    ctx.expect_raises("ValueError", 2, 0, 1, ctx.generator(1))
    ctx.expect_raises("ValueError", -3, 4, 1, ctx.generator(1))


# -- dense_forward -----------------------------------------------------------------------


_BIAS_COLUMN = tr("b was made a column (b.reshape(-1, 1), shape (n_out, 1)), which NumPy adds down the rows: "
                  "b holds one number per output, a column of Z, so add it as it is given, X @ W + b with b "
                  "of shape (n_out,), and it goes to every row.",
                  "b 被变成了列向量（b.reshape(-1, 1)，形状 (n_out, 1)），NumPy 会把它沿行方向相加："
                  "b 对每个输出（Z 的每一列）给一个数，应按原样相加，即 X @ W + b，b 的形状为 (n_out,)，"
                  "这样它会加到每一行上。")


def _dense_mistakes(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> Mistakes:
    found: Mistakes = {"dense:no_bias": (tr("the bias b is not added: Z = X W + b (b is added to every row).",
                                            "没有加偏置 b：Z = X W + b（b 加到每一行上）。"), X @ W),
                       "dense:bias_sign": (tr("the bias has its sign flipped (X W - b): Z = X W + b.",
                                              "偏置的符号反了（X W - b）：应为 Z = X W + b。"),
                                           X @ W - b if np.any(b != 0) else None)}
    Z = X @ W
    if Z.shape[0] in (1, b.size) and b.size > 1:  # where a column b broadcasts instead of raising
        found["dense:bias_column"] = (_BIAS_COLUMN, Z + b.reshape(-1, 1))
    return found


def _bias_column(raised: Raised, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Text] | None:
    """dense_forward raising "could not be broadcast ... (m,n) (n,1)": b made a column."""
    b = kwargs.get("b", args[2] if len(args) > 2 else None)
    n = np.size(b) if isinstance(b, (np.ndarray, list)) else None
    if n is None or not raised.is_a("ValueError") or "broadcast" not in raised.message:
        return None
    if f"({n},1)" not in raised.message.replace(", ", ","):  # a column of b's n entries met the product
        return None
    return "dense:bias_column", _BIAS_COLUMN


RAISED_HINTS = {"dense_forward": _bias_column}


@check("dense_forward")
def dense_worked_example(ctx: Context) -> None:
    """dense_forward([[1, 2]], [[1, 0, -1], [0, 1, 2]], [0.5, 0, -1]) is [[1.5, 2.0, 2.0]]
    dense_forward([[1, 2]], [[1, 0, -1], [0, 1, 2]], [0.5, 0, -1]) 等于 [[1.5, 2.0, 2.0]]"""
    X, W, b = np.array([[1.0, 2.0]]), np.array([[1.0, 0, -1], [0, 1, 2]]), np.array([0.5, 0, -1])
    agrees(ctx, *as_lists(X, W, b), mistakes=partial(_dense_mistakes, X, W, b))


@check("dense_forward")
def dense_random_shapes(ctx: Context) -> None:
    """dense_forward computes X W + b for batches of several sizes, one sample included
    dense_forward 对多种批大小（包括单个样本）计算 X W + b"""
    rng = ctx.rng()
    for m, n_in, n_out in ((5, 3, 4), (1, 4, 2), (7, 1, 1), (3, 6, 6)):
        X, W, b = rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
        obs = ctx.call(X, W, b)
        expect_array(obs.result(), ctx.reference.dense_forward(X, W, b),
                     call=shapes_call("dense_forward", ("X", "W", "b"), (X, W, b)),
                     mistakes=partial(_dense_mistakes, X, W, b))
        ctx.expect_unmodified(obs, X, W, b)


@check("dense_forward", kind="supporting")
def dense_rejects_bad_shapes(ctx: Context) -> None:
    """dense_forward raises ValueError when the sizes of X, W and b do not fit, even where NumPy would broadcast
    X、W、b 的大小不匹配时（即使 NumPy 可以广播），dense_forward 抛出 ValueError"""
    W, b = np.ones((3, 2)), np.ones(2)
    ctx.expect_raises("ValueError", np.ones((4, 2)), W, b)
    ctx.expect_raises("ValueError", np.ones((4, 3)), W, np.ones(3))
    rejects(ctx, tr("b has shape (1,) but W has 3 columns (3 outputs): NumPy would broadcast the one "
                    "bias over all three outputs without a word, so compare b.shape with (W.shape[1],) "
                    "yourself.",
                    "b 的形状是 (1,)，但 W 有 3 列（3 个输出）：NumPy 会悄悄地把这一个偏置广播到三个输出上，"
                    "所以要自己比较 b.shape 与 (W.shape[1],)。"), np.ones((4, 3)), np.ones((3, 3)), np.ones(1))


@check("dense_forward", kind="advice",
       advice=tr("raise ValueError for a 1-D X or a 2-D b (X is (m, n_in), b is (n_out,))",
                 "X 是一维或 b 是二维时抛出 ValueError（X 应为 (m, n_in)，b 应为 (n_out,)）"))
def dense_rejects_wrong_dimensions(ctx: Context) -> None:
    """dense_forward raises ValueError for a 1-D X or a 2-D b
    X 是一维或 b 是二维时，dense_forward 抛出 ValueError"""
    W, b = np.ones((3, 2)), np.ones(2)
    ctx.expect_raises("ValueError", np.ones(3), W, b)
    ctx.expect_raises("ValueError", np.ones((4, 3)), W, np.ones((1, 2)))


# -- forward -----------------------------------------------------------------------------


def _softmax_axis0(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return np.asarray(e / e.sum(axis=0, keepdims=True))


def _act(name: str, z: np.ndarray) -> np.ndarray:
    if name == "identity":
        return z.copy()
    return np.asarray(getattr(activations_module(), name)(z), dtype=float)


def _forward_mistakes(X: np.ndarray, params: dict[str, np.ndarray], hidden: str, output: str,
                      right: np.ndarray) -> Mistakes:
    Z1 = X @ params["W1"] + params["b1"]
    Z2 = _act(hidden, Z1) @ params["W2"] + params["b2"]
    found: Mistakes = {
        "forward:hidden_on_output": (
            tr("the output layer used the hidden activation ({hidden}): A2 = output(Z2), with the "
               "output activation ({output}).",
               "输出层用了隐藏层的激活函数（{hidden}）：应为 A2 = output(Z2)，用输出层的激活函数（{output}）。",
               hidden=hidden, output=output), _act(hidden, Z2)),
        "forward:no_hidden_activation": (
            tr("the hidden activation is missing: A1 = {hidden}(Z1), then Z2 = A1 W2 + b2.",
               "缺少隐藏层激活函数：A1 = {hidden}(Z1)，然后 Z2 = A1 W2 + b2。", hidden=hidden),
            _act(output, Z1 @ params["W2"] + params["b2"])),
        "forward:output_identity": (
            tr("the output activation ({output}) is missing: A2 = {output}(Z2).",
               "缺少输出层激活函数（{output}）：A2 = {output}(Z2)。", output=output), Z2),
    }
    if output == "softmax":
        found["forward:softmax_axis0"] = (
            tr("softmax was taken over axis 0 (down each column, across samples): take it row by row, "
               "over axis 1, so that each sample's outputs sum to 1.",
               "softmax 是沿 axis 0（按列、跨样本）计算的：应按行、沿 axis 1 计算，使每个样本的输出之和为 1。"),
            _softmax_axis0(Z2))
    return {k: v for k, v in found.items() if not close(v[1], right, 1e-9, 1e-12)}


def _network(rng: np.random.Generator, output: str, m: int = 5, n_in: int = 3, n_hidden: int = 4
             ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    X = rng.normal(size=(m, n_in))
    k = OUT_SIZE[output] if output != "sigmoid" else 2
    params = {"W1": rng.normal(size=(n_in, n_hidden)), "b1": rng.normal(size=n_hidden) * 0.5,
              "W2": rng.normal(size=(n_hidden, k)), "b2": rng.normal(size=k) * 0.5}
    return X, params


def _check_forward(ctx: Context, X: Any, params: dict[str, Any], hidden: str, output: str) -> None:
    obs = ctx.call(X, params, hidden, output)
    got = obs.result()
    call = (ctx.show(X, params, hidden, output) if isinstance(X, list)
            else shapes_call("forward", ("X", "params"), (X, params), hidden, output))
    A2_ref, cache_ref = ctx.reference.forward(X, params, hidden, output)
    if isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[0], dict) and not isinstance(got[1], dict):
        raise Failure(tr("forward returns the pair in the order (A2, cache): A2 first, then the cache; this "
                         "returned the cache first.",
                         "forward 返回的二元组顺序是 (A2, cache)：先 A2，后 cache；这里先返回了 cache。"),
                      f"call:     {call}", ("forward:pair_swapped",))
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Failure(tr("forward returns a pair (A2, cache).", "forward 应返回 (A2, cache) 二元组。"),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    A2, cache = got
    expect_array(A2, A2_ref, call=call + "  -> A2",
                 mistakes=partial(_forward_mistakes, np.asarray(X, dtype=float), params, hidden, output, A2_ref))
    if not isinstance(cache, dict):
        raise Failure(tr("the cache is a dict with keys \"Z1\", \"A1\", \"Z2\", \"A2\", not {kind}.",
                         "cache 应是键为 \"Z1\"、\"A1\"、\"Z2\"、\"A2\" 的字典，而不是 {kind}。",
                         kind=type(cache).__name__), f"call:     {call}", ("wrong_type",))
    missing = [k for k in ("Z1", "A1", "Z2", "A2") if k not in cache]
    if missing:
        raise Failure(tr("the cache lacks {keys}: it holds Z1, A1, Z2 and A2 (backpropagation needs them).",
                         "cache 缺少 {keys}：它要存 Z1、A1、Z2 和 A2（反向传播要用）。", keys=", ".join(missing)),
                      f"call:     {call}\nkeys:     {sorted(map(str, cache))}", ("cache:keys",))
    for key in ("Z1", "A1", "Z2", "A2"):
        expect_array(cache[key], cache_ref[key], call=f"{call}  -> cache[{key!r}]",
                     mistakes=partial(_cache_mistakes, key, cache_ref))
    ctx.expect_unmodified(obs, X, params, hidden, output)


_STORED = {"Z1": ("A1", tr("the hidden layer's sums, before its activation", "隐藏层激活之前的加权和")),
           "A1": ("Z1", tr("the hidden layer's output, after its activation", "隐藏层激活之后的输出")),
           "Z2": ("A2", tr("the output layer's sums, before the output activation", "输出层激活之前的加权和")),
           "A2": ("Z2", tr("the network's output, after the output activation (the A2 returned)",
                           "网络经过输出激活之后的输出（即返回的 A2）"))}


def _cache_mistakes(key: str, cache_ref: dict[str, np.ndarray]) -> Mistakes:
    """cache[key] holding its neighbour (A1 stored as Z1, A2 as Z2, and back)."""
    other, meaning = _STORED[key]
    if np.shape(cache_ref[other]) != np.shape(cache_ref[key]) or close(cache_ref[other], cache_ref[key]):
        return {}  # an identity output: Z2 and A2 are the same numbers, and both are right
    text = Text(f"cache[{key!r}] holds {other}: {key} is ", f"cache[{key!r}] 存的是 {other}：{key} 是") + meaning + \
        Text(", which backward reads from the cache.", "，backward 要从 cache 中读取它。")
    return {f"cache:{key}_is_{other}": (text, cache_ref[other])}


@check("forward")
def forward_worked_example(ctx: Context) -> None:
    """the worked example: X = [[1, 2]] through a 2-2-1 network, relu and sigmoid hidden layers
    例题：X = [[1, 2]] 经过 2-2-1 网络，隐藏层分别用 relu 和 sigmoid"""
    params = {"W1": np.array([[1.0, -1.0], [0.0, -1.0]]), "b1": np.array([0.0, 0.0]),
              "W2": np.array([[1.0], [1.0]]), "b2": np.array([0.5])}
    for hidden, output in (("relu", "identity"), ("relu", "sigmoid"), ("sigmoid", "identity")):
        _check_forward(ctx, [[1.0, 2.0]], params, hidden, output)


@check("forward")
def forward_every_combination(ctx: Context) -> None:
    """forward is right for every hidden activation with every output, cache included
    每种隐藏层激活函数与每种输出层组合，forward 都正确（包括 cache）"""
    rng = ctx.rng()
    for hidden, output in COMBINATIONS:
        X, params = _network(rng, output)
        _check_forward(ctx, X, params, hidden, output)


@check("forward")
def forward_is_stable(ctx: Context) -> None:
    """forward stays finite, without overflow warnings, when the weighted sums reach thousands
    加权和达到几千时，forward 仍然有限，也没有溢出警告"""
    rng = ctx.rng()
    for hidden, output in (("sigmoid", "sigmoid"), ("tanh", "softmax"), ("relu", "softmax")):
        X, params = _network(rng, output)
        params = {k: v * (2000.0 if k.startswith("W") else 1.0) for k, v in params.items()}
        obs = ctx.call(X, params, hidden, output)
        got = obs.result()
        overflow = [w for w in obs.warnings if "overflow" in w or "invalid" in w]
        if overflow:
            raise Failure(tr("for large weighted sums forward gave a warning ({warning}): use the stable sigmoid "
                             "and softmax of lesson 6 (exp of a non-positive number; subtract each "
                             "row's max before exp).",
                             "加权和很大时 forward 出现警告（{warning}）：请使用第 6 课数值稳定的 sigmoid 和 "
                             "softmax（只对非正数取 exp；先减去每行的最大值再取 exp）。",
                             warning=overflow[0]), f"call:     hidden={hidden!r}, output={output!r}",
                          ("overflow",))
        A2_ref, _ = ctx.reference.forward(X, params, hidden, output)
        A2 = got[0] if isinstance(got, (tuple, list)) and got else got
        expect_array(A2, A2_ref, call=shapes_call("forward", ("X", "params"), (X, params), hidden, output)
                     + ", |Z| in the thousands",
                     mistakes=partial(_forward_mistakes, X, params, hidden, output, A2_ref))


@check("forward", kind="supporting")
def forward_rejects_unknown_names(ctx: Context) -> None:
    """forward raises ValueError for an unknown activation name
    激活函数名未知时，forward 抛出 ValueError"""
    X, params = _network(ctx.rng(), "identity")
    for hidden, output in (("softmax", "identity"), ("sigmoid", "relu"), ("linear", "identity")):
        rejects(ctx, unknown_name(hidden, output), X, params, hidden, output)


@check("forward", kind="advice",
       advice=tr("raise ValueError when X does not fit W1", "X 与 W1 的形状不匹配时抛出 ValueError"))
def forward_rejects_shapes_that_do_not_fit(ctx: Context) -> None:
    """forward raises ValueError when X does not fit W1
    X 与 W1 的形状不匹配时，forward 抛出 ValueError"""
    X, params = _network(ctx.rng(), "identity")
    ctx.expect_raises("ValueError", X[:, :2], params, "tanh", "identity")


# -- int inputs (the contract converts lists and ints to float) ----------------------------

dense_int_inputs = int_inputs("dense_forward", (
    (np.array([[1, 2], [0, -1]]), np.array([[1, 0, -1], [2, 1, 0]]), np.array([0, 1, -1])),
    ([[1, 2]], [[1], [2]], [3])))
_INT_NET = {"W1": np.array([[1, -1], [0, 2], [-1, 1]]), "b1": np.array([0, 1]), "W2": np.array([[1, 0], [-2, 1]]),
            "b2": np.array([1, -1])}
forward_int_inputs = int_inputs("forward", (
    (np.array([[1, 0, -1], [2, 1, 0]]), _INT_NET, "tanh", "softmax"),
    ([[0, 1, 2]], _INT_NET, "relu", "identity")))
