"""Hidden checks for lesson 10: backpropagation, checked against numerical gradients.

Every gradient is compared with central differences of a loss the grader evaluates
itself, in the parent, with the reference forward pass and losses (lessons 5, 6, 9):
``sum(G * (X W + b))`` for a dense layer with upstream gradient G, ``sum(dA * act(Z))``
for an activation, ``categorical_cross_entropy(softmax(Z), Y)``, and the loss that
matches each output for the whole network. ``grader.numeric.gradcheck`` judges and
diagnoses; ``ctx.data["gradcheck"]`` keeps the per-parameter table for the report.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from grader.checking import Failure, check
from grader.checks.common import agrees, agrees_confirmed, int_inputs, rejects
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
    unknown_name,
)
from grader.diagnose.recognise import Mistakes
from grader.engine.context import Context
from grader.i18n import Text, tr
from grader.numeric import gradcheck, labels
from grader.numeric.compare import close, kind_of
from grader.numeric.format import show
from grader.reference import load_reference


def _record(ctx: Context, result: gradcheck.GradientCheck, **case: Any) -> None:
    ctx.data.setdefault("gradcheck", []).extend(result.rows(**case))


def _fail(ctx: Context, result: gradcheck.GradientCheck, message: Text | None, call: str,
          value: Any = None, fingerprints: Mistakes | None = None) -> None:
    """Raise the failure for a gradient check that did not pass (fingerprints first)."""
    for ident, (text, wrong) in (fingerprints or {}).items():
        if wrong is not None and isinstance(value, np.ndarray) and close(value, wrong, 1e-6, 1e-9):
            raise Failure(text, labels.join(labels.row("call", call), result.details()), (ident,))
    raise Failure(message or tr("the gradient is wrong.", "梯度不正确。"),
                  labels.join(labels.row("call", call), result.details()),
                  tuple(p.mistake for p in result.failing if p.mistake))


def _triple(got: Any, call: str) -> tuple[Any, Any, Any]:
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise Failure(tr("dense_backward returns three arrays (dX, dW, db).",
                         "dense_backward 应返回三个数组 (dX, dW, db)。"),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    return got[0], got[1], got[2]


# -- chain_backprop_game ----------------------------------------------------------------------

_KEYS = ("x", "a", "b", "c")
_GAME = "chain_backprop_game"


def _play(x0: float, y: float, tol: float, max_steps: int, *, db_factor: str = "times",
          sign: float = -1.0) -> np.ndarray:
    """The game's passes as rows (x, a, b, c), and the variants a learner writes by mistake.

    Plain float64 NumPy arithmetic with warnings silenced, so that a variant that leaves
    the chain's domain gives NaN rows, as a NumPy learner's code would.
    """
    rows: list[tuple[float, float, float, float]] = []
    x = np.float64(x0)
    with np.errstate(all="ignore"):
        for _ in range(max_steps):
            a = x * x
            b = np.log(a)
            c = np.sqrt(b)
            rows.append((float(x), float(a), float(b), float(c)))
            if abs(c - y) < tol:
                break
            dc = c - y
            db = dc * 2 * np.sqrt(b) if db_factor == "times" else dc / (2 * np.sqrt(b))
            dx = db * a / (2 * x)
            x = x + sign * dx
    return np.array(rows, dtype=float).reshape(-1, 4)


def _breakdown(rows: np.ndarray) -> Text | None:
    """How a game played with a wrong rule breaks down, if it does: x falls to |x| <= 1
    (ln(x^2) <= 0, no square root) or runs away until it overflows."""
    for x, *_ in rows:
        if np.isfinite(x) and abs(x) <= 1.0:
            return tr(" (With that mistake x falls to {x:.6g}, where ln(x^2) <= 0 and the square "
                      "root fails.)",
                      "（有了这个错误，x 会落到 {x:.6g}，此时 ln(x^2) <= 0，无法开平方。）", x=float(x))
        if not np.isfinite(x):
            return tr(" (With that mistake x runs away from the target until the numbers overflow.)",
                      "（有了这个错误，x 离目标值越来越远，直到数值溢出。）")
    return None


# What Python's math functions raise where NumPy would give NaN or inf.
_MATH_ERRORS = ("ValueError", "OverflowError", "ZeroDivisionError")


def _game_mistakes(x0: float, y: float, tol: float, max_steps: int) -> Mistakes:
    """Whole games played with the usual wrong rules, as (n, 4) tables."""
    return {
        "game:db_times_derivative": (
            tr("db was computed as dc / (2 sqrt(b)), multiplying dc by the derivative dc/db: each "
               "person divides the error by their own derivative, so db = dc / (dc/db) = "
               "dc * 2 sqrt(b).",
               "db 被算成了 dc / (2 sqrt(b))，也就是把 dc 乘以导数 dc/db：每个人要把误差除以自己的"
               "导数，所以 db = dc / (dc/db) = dc * 2 sqrt(b)。"),
            _play(x0, y, tol, max_steps, db_factor="divided")),
        "game:sign": (
            tr("x moved the wrong way (x <- x + dx): dx is how much x is too large, so subtract it, "
               "x <- x - dx.",
               "x 往反方向走了（x <- x + dx）：dx 表示 x 多出来的量，应减去它：x <- x - dx。"),
            _play(x0, y, tol, max_steps, sign=1.0)),
    }


def _pass_rows(got: Any, call: str) -> np.ndarray:
    """The learner's passes as an (n, 4) table, after checking the list, the dicts and the keys."""
    if not isinstance(got, (list, tuple)):
        raise Failure(tr("{func} returns a list with one dict per forward pass, not {kind}.",
                         "{func} 应返回一个列表，每次前向计算对应一个字典，而不是 {kind}。",
                         func=_GAME, kind=kind_of(got)),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    rows = []
    for i, item in enumerate(got):
        if not isinstance(item, dict):
            raise Failure(tr("entry {i} of the list is {kind}: each pass is a dict "
                             "{{\"x\": x, \"a\": a, \"b\": b, \"c\": c}}.",
                             "列表的第 {i} 项是 {kind}：每一轮应是一个字典 "
                             "{{\"x\": x, \"a\": a, \"b\": b, \"c\": c}}。", i=i, kind=kind_of(item)),
                          f"call:     {call}\nobtained: {show(item)}", ("wrong_type",))
        if sorted(map(str, item)) != sorted(_KEYS) or len(item) != len(_KEYS):
            raise Failure(tr("pass {i} has the keys {keys}: each pass is a dict with exactly the keys "
                             "\"x\", \"a\", \"b\", \"c\".",
                             "第 {i} 轮的键是 {keys}：每一轮的字典恰好有 \"x\"、\"a\"、\"b\"、\"c\" "
                             "这四个键。", i=i, keys=", ".join(sorted(map(repr, item)))),
                          f"call:     {call}\nobtained: {show(item)}", ("wrong_keys",))
        row = []
        for key in _KEYS:
            value = item[key]
            if isinstance(value, (bool, np.bool_)) or not (
                    isinstance(value, (int, float, np.integer, np.floating))
                    or (isinstance(value, np.ndarray) and value.shape == ()
                        and value.dtype.kind in "fi")):
                raise Failure(tr("pass {i}'s {key} is {kind}: each value is a number (a float).",
                                 "第 {i} 轮的 {key} 是 {kind}：每个值都应是数（浮点数）。",
                                 i=i, key=key, kind=kind_of(value)),
                              f"call:     {call}\nobtained: {show(item)}", ("wrong_type",))
            row.append(float(value))
        rows.append(row)
    return np.array(rows, dtype=float).reshape(-1, 4)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and close(a, b)


def _table_text(rows: np.ndarray, mark: int | None = None, limit: int = 8, lang: str = "en") -> str:
    """The passes as a small aligned table, around pass ``mark``."""
    start = 0 if mark is None or len(rows) <= limit else max(0, min(mark - 2, len(rows) - limit))
    lines = ["  pass            x            a            b            c" if lang == "en" else
             "    轮            x            a            b            c"]
    if start:
        lines.append("  ...")
    for i in range(start, min(len(rows), start + limit)):
        cells = " ".join(f"{v:12.6f}" for v in rows[i])
        lines.append(f"{'>' if i == mark else ' '}{i:5d} {cells}")
    if start + limit < len(rows):
        lines.append(f"  ... ({len(rows)} passes)" if lang == "en" else f"  ……（共 {len(rows)} 轮）")
    return "\n".join(lines)


def _game_details(call: str, got: np.ndarray | None, right: np.ndarray, mark: int | None = None,
                  raised: str = "") -> Text:
    """The call block, in both languages: what the learner's game gave and the text's game."""
    def block(lang: str) -> str:
        passes = "passes" if lang == "en" else "轮"
        head = f"call:     {call}\n"
        if got is not None:
            head += f"obtained: {len(got)} {passes}\n{_table_text(got, mark, lang=lang)}\n"
        else:
            head += f"raised:   {raised}\n"
        return head + f"expected: {len(right)} {passes}\n{_table_text(right, mark, lang=lang)}"

    return Text(block("en"), labels.chinese(block("zh")))


def _first_difference(got: np.ndarray, right: np.ndarray) -> tuple[int, str] | None:
    for i in range(min(len(got), len(right))):
        for j, key in enumerate(_KEYS):
            if not close(got[i, j], right[i, j]):
                return i, key
    return None


def _judge_game(ctx: Context, got_value: Any, raised: Any, x0: float, y: float, tol: float,
                max_steps: int, call: str) -> None:
    """The learner's game must be the reference's, pass for pass; name the mistake if not."""
    right = _play(x0, y, tol, max_steps)
    if raised is not None:
        for ident, (text, rows) in _game_mistakes(x0, y, tol, max_steps).items():
            breakdown = _breakdown(rows)
            if breakdown is not None and raised.type in _MATH_ERRORS:
                raise Failure(text + breakdown,
                              _game_details(call, None, right, raised=raised.summary()), (ident,))
        return  # the raised exception is reported as it is by the caller
    got = _pass_rows(got_value, call)
    columns = [{"en": "pass", "zh": "轮"}, "x", "a", "b", "c"]
    ctx.data["figure"] = [{
        "kind": "table",
        "title": {"en": f"Your passes: {call}", "zh": f"你的每一轮：{call}"},
        "columns": columns,
        "rows": [[i, *map(float, row)] for i, row in enumerate(got[:12])],
    }]
    if _same(got, right):
        return
    ctx.data["figure"].append({  # beside the learner's: the passes to reach
        "kind": "table",
        "title": {"en": f"Target passes: {call}", "zh": f"目标的每一轮：{call}"},
        "columns": columns,
        "rows": [[i, *map(float, row)] for i, row in enumerate(right[:12])],
    })
    n = len(right)
    for ident, (text, rows) in _game_mistakes(x0, y, tol, max_steps).items():  # only for a game that differs
        if _same(got, rows):
            raise Failure(text, _game_details(call, got, right), (ident,))
    if n > 1 and len(got) == n and close(got, np.repeat(right[-1:], n, axis=0)):
        raise Failure(tr("every pass holds the last pass's values: the same dict was changed and "
                         "appended again on each pass. Make a new dict for every pass.",
                         "每一轮都是最后一轮的值：同一个字典在每一轮被修改后又被追加了一次。"
                         "每一轮都要新建一个字典。"),
                      _game_details(call, got, right), ("game:same_dict",))
    if len(got) == n and n > 1 and close(got[:, 1:], right[:, 1:]) and close(got[:-1, 0], right[1:, 0]):
        raise Failure(tr("each pass records the x after the update, beside the a, b and c of the x "
                         "before it: record the pass {x, a, b, c} first, then pass the error back "
                         "and update x.",
                         "每一轮记录的是更新之后的 x，而 a、b、c 却属于更新之前的 x：先记录这一轮的 "
                         "{x, a, b, c}，再把误差往回传并更新 x。"),
                      _game_details(call, got, right, 0), ("game:x_updated_before_recording",))
    stop = (tr("the game stops at the first pass with |c - y| < tol (that pass included)",
               "游戏在第一个满足 |c - y| < tol 的一轮停止（包括这一轮）")
            if n < max_steps or abs(right[-1, 3] - y) < tol else
            tr("no pass reaches |c - y| < tol, so the game stops after max_steps = {m} passes",
               "没有一轮满足 |c - y| < tol，所以游戏在 max_steps = {m} 轮后停止", m=max_steps))
    if len(got) == n - 1 and _same(got, right[:-1]):
        raise Failure(tr("one pass too few: ", "少了一轮：") + stop
                      + tr(". The last pass is missing.", "。缺少最后一轮。"),
                      _game_details(call, got, right, n - 1), ("game:stops_early",))
    if len(got) == n + 1 and _same(got[:-1], right):
        raise Failure(tr("one pass too many: ", "多了一轮：") + stop
                      + tr(". Your list goes on for one more pass.", "。你的列表多走了一轮。"),
                      _game_details(call, got, right, n), ("game:stops_late",))
    where = _first_difference(got, right)
    if where is None and 0 < len(got) < n and abs(got[-1, 3] - y) <= tol and not abs(got[-1, 3] - y) < tol:
        raise Failure(tr("the game stopped at pass {k}, where |c - y| = {gap:g} equals tol: the stop test is "
                         "strict, |c - y| < tol (not <=), so that pass does not end the game.",
                         "游戏在第 {k} 轮停止了，而这一轮的 |c - y| = {gap:g} 恰好等于 tol：停止条件是严格的 "
                         "|c - y| < tol（不是 <=），所以这一轮不会结束游戏。",
                         k=len(got), gap=abs(got[-1, 3] - y)),
                      _game_details(call, got, right, len(got)), ("game:tol_not_strict",))
    if where is None:
        raise Failure(tr("every pass you made is right, but you made {got} passes instead of {n}: ",
                         "你做的每一轮都正确，但做了 {got} 轮，而不是 {n} 轮：", got=len(got), n=n)
                      + stop + tr(".", "。"),
                      _game_details(call, got, right, min(len(got), n)), ("game:length",))
    i, key = where
    if i == 0:
        text = tr("the first pass is already wrong ({key}): it starts from x = x0 and computes "
                  "a = x^2, b = ln a (the natural logarithm), c = sqrt(b).",
                  "第一轮就不正确（{key}）：从 x = x0 开始，计算 a = x^2，b = ln a（自然对数），"
                  "c = sqrt(b)。", key=key)
    elif key == "x":
        text = tr("passes 0 to {k} are right, but the x of pass {i} is not: the backward step is wrong. "
                  "dc = c - y, db = dc * 2 sqrt(b), da = db * a, dx = da / (2x), then x <- x - dx.",
                  "第 0 到第 {k} 轮正确，但第 {i} 轮的 x 不正确：反向传播这一步错了。"
                  "dc = c - y，db = dc * 2 sqrt(b)，da = db * a，dx = da / (2x)，然后 x <- x - dx。",
                  k=i - 1, i=i)
    else:
        text = tr("the {key} of pass {i} does not follow from its x: a = x^2, b = ln a, c = sqrt(b).",
                  "第 {i} 轮的 {key} 与该轮的 x 不对应：a = x^2，b = ln a，c = sqrt(b)。", key=key, i=i)
    raise Failure(text, _game_details(call, got, right, i), ("game:pass",))


def _game_case(ctx: Context, x0: float, y: float, tol: float, max_steps: int, *,
               keywords: bool = False, defaults: bool = False) -> None:
    if defaults:
        obs, call = ctx.call(), f"{_GAME}()"
    elif keywords:
        obs = ctx.call(x0=x0, y=y, tol=tol, max_steps=max_steps)
        call = f"{_GAME}(x0={x0!r}, y={y!r}, tol={tol!r}, max_steps={max_steps})"
    else:
        obs = ctx.call(x0, y, tol, max_steps)
        call = f"{_GAME}({x0!r}, {y!r}, {tol!r}, {max_steps})"
    if obs.raised is not None and obs.raised.type != "NotImplementedError":
        _judge_game(ctx, None, obs.raised, x0, y, tol, max_steps, call)
    _judge_game(ctx, obs.result(), None, x0, y, tol, max_steps, call)


@check("chain_backprop_game")
def game_worked_example(ctx: Context) -> None:
    """the text's game from x0 = 2: x = 2, 4.243178, 7.343950, 9.295386, 9.655706, and a last c = 2.129577
    原文的游戏，从 x0 = 2 开始：x = 2、4.243178、7.343950、9.295386、9.655706，最后 c = 2.129577"""
    _game_case(ctx, 2.0, 2.13, 1e-3, 100, defaults=True)


@check("chain_backprop_game")
def game_hidden_cases(ctx: Context) -> None:
    """other starting points, targets and tolerances, pass for pass
    其他起点、目标值和容差，逐轮一致"""
    rng = ctx.rng("games")
    cases: list[tuple[float, float, float]] = []
    while len(cases) < 4:  # nearly every draw is accepted: the game converges fast
        x0 = round(float(rng.uniform(1.4, 6.0)), 4)
        y = round(float(rng.uniform(1.2, 2.6)), 4)
        tol = float(f"{10.0 ** rng.uniform(-9, -3):.1g}")
        rows = _play(x0, y, tol, 100)
        if 3 <= len(rows) < 100 and np.min(np.abs(rows[:, 0])) >= 1.2:
            cases.append((x0, y, tol))  # fair: stays well inside the domain and converges
    for x0, y, tol in cases:
        _game_case(ctx, x0, y, tol, 100)


@check("chain_backprop_game")
def game_stops_after_max_steps(ctx: Context) -> None:
    """with a small max_steps the game stops after exactly max_steps passes
    max_steps 较小时，游戏恰好在 max_steps 轮后停止"""
    _game_case(ctx, 2.0, 2.13, 1e-3, 3, keywords=True)
    _game_case(ctx, 5.5, 1.5, 1e-9, 2, keywords=True)


@check("chain_backprop_game")
def game_stop_test_is_strict(ctx: Context) -> None:
    """the stop test is strict (|c - y| < tol): with c exactly y and tol = 0 no pass stops the game
    停止条件是严格的 (|c - y| < tol)：c 恰好等于 y 且 tol = 0 时，没有哪一轮能让游戏停止"""
    y = float(np.sqrt(np.log(4.0)))  # c of the first pass from x0 = 2: dc = 0, x never moves
    call = f"{_GAME}(2.0, y=sqrt(ln 4), tol=0.0, max_steps=4)"
    obs = ctx.call(2.0, y=y, tol=0.0, max_steps=4)
    got = _pass_rows(obs.result(), call)
    right = _play(2.0, y, 0.0, 4)
    if len(got) < len(right) and _same(got, right[:len(got)]):
        raise Failure(tr("the game stopped after {n} of 4 passes, but here |c - y| = 0 is never "
                         "< tol = 0: the stop test is strict, |c - y| < tol (not <=), so the game "
                         "runs all max_steps = 4 passes.",
                         "游戏在 4 轮中的第 {n} 轮就停止了，但这里 |c - y| = 0 永远不会 < tol = 0："
                         "停止条件是严格的 |c - y| < tol（不是 <=），所以游戏要做满 max_steps = 4 轮。",
                         n=len(got)),
                      _game_details(call, got, right, len(got)), ("game:tol_not_strict",))
    _judge_game(ctx, obs.value, None, 2.0, y, 0.0, 4, call)


@check("chain_backprop_game", kind="supporting")
def game_rejects_x0_at_most_1(ctx: Context) -> None:
    """chain_backprop_game raises ValueError for x0 <= 1 (ln x0^2 must be positive)
    x0 <= 1 时 chain_backprop_game 抛出 ValueError（ln x0^2 必须为正）"""
    why = tr("x0 must be greater than 1, so that b = ln(x0^2) is positive and sqrt(b) exists.",
             "x0 必须大于 1，这样 b = ln(x0^2) 才为正，sqrt(b) 才有意义。")
    for x0 in (1.0, 0.5, -3.0):
        rejects(ctx, why, x0)


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
    # samples=m: a dW or db m times too small is the 1/m a second time (dZ carries the loss's own)
    result = gradcheck.check_gradients({"X": dX, "W": dW, "b": db}, numeric, samples=m)
    _record(ctx, result, case=f"m={m}, n_in={n_in}, n_out={n_out}")
    if not result.passed:
        db_only = [p.name for p in result.failing] == ["b"]
        _fail(ctx, result, gradcheck.explain(result), call, db if db_only else None,
              {"dense:db_mean": (_DB_MEAN, G.sum(axis=0) / m)} if db_only and m > 1 else None)
    ctx.expect_unchanged(obs, ("dZ", "X", "W"), call)


@check("dense_backward")
def dense_gradient_check(ctx: Context) -> None:
    """dX, dW and db match numerical gradients of sum(dZ * (X W + b)), square W included
    dX、dW、db 与 sum(dZ * (X W + b)) 的数值梯度一致（包括方阵 W）"""
    for m, n_in, n_out in ((4, 3, 2), (5, 3, 3), (1, 2, 4)):
        _dense_case(ctx, m, n_in, n_out)


_DW_TRANSPOSED = tr("dW is transposed: dW = X^T dZ has W's shape (n_in, n_out).",
                   "dW 被转置了：dW = X^T dZ 的形状与 W 相同 (n_in, n_out)。")
_DB_MEAN = tr("dX and dW are right; db is the mean of dZ over the samples: it is their sum, "
              "db = dZ.sum(axis=0) (dZ already carries the loss's 1/m).",
              "dX 和 dW 正确；db 是 dZ 按样本取的平均：应是求和 db = dZ.sum(axis=0)"
              "（dZ 已经包含了损失函数的 1/m）。")
_DB_NOT_SUMMED = tr("db keeps one row per sample: sum dZ over the samples (axis 0).",
                    "db 每个样本占一行：应把 dZ 按样本（axis 0）求和。")


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
            mistakes["dense:dW_transposed"] = (_DW_TRANSPOSED, right.T)
        if name == "db":
            mistakes["dense:db_not_summed"] = (_DB_NOT_SUMMED, np.asarray(dZ))
        expect_array(value, right, call=f"{call}  -> {name}", mistakes=mistakes)
    ctx.expect_unmodified(obs, dZ, X, W)


@check("dense_backward", kind="advice",
       advice=tr("raise ValueError when dZ, X and W do not fit together",
                 "dZ、X、W 的形状对不上时抛出 ValueError"))
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
    m = Z.shape[0] if Z.ndim else 1
    if m > 1:
        found[f"{name}_backward:over_m"] = (
            tr("this is dA * {name}'(Z) divided by m = {m}, the number of samples: the 1/m belongs to the "
               "loss's gradient, which dA already carries. An activation's backward only multiplies dA by "
               "{name}'(Z).",
               "这是 dA * {name}'(Z) 再除以样本数 m = {m}：1/m 属于损失函数的梯度，dA 里已经包含了它。"
               "激活函数的反向传播只需把 dA 乘以 {name}'(Z)。", name=name, m=m), dA * derivative / m)
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
    agrees(ctx, [1.0, 2.0], [0.0, 0.0], mistakes=partial(_activation_mistakes, "sigmoid", dA, Z))


@check("sigmoid_backward", requires="sigmoid_gradient_check")
def sigmoid_is_stable(ctx: Context) -> None:
    """sigmoid_backward is finite and warning-free for |Z| up to 1e4
    |Z| 达到 1e4 时 sigmoid_backward 仍然有限且没有警告"""
    _activation_is_stable(ctx, "sigmoid")


@check("sigmoid_backward", kind="advice",
       advice=tr("raise ValueError when dA and Z have different shapes",
                 "dA 与 Z 形状不同时抛出 ValueError"))
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
    agrees(ctx, [1.0, 2.0], [0.0, float(np.log(2.0))], mistakes=partial(_activation_mistakes, "tanh", dA, Z))


@check("tanh_backward", requires="tanh_gradient_check")
def tanh_is_stable(ctx: Context) -> None:
    """tanh_backward is finite and warning-free for |Z| up to 1e4
    |Z| 达到 1e4 时 tanh_backward 仍然有限且没有警告"""
    _activation_is_stable(ctx, "tanh")


@check("tanh_backward", kind="advice",
       advice=tr("raise ValueError when dA and Z have different shapes",
                 "dA 与 Z 形状不同时抛出 ValueError"))
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


@check("relu_backward", kind="advice",
       advice=tr("raise ValueError when dA and Z have different shapes",
                 "dA 与 Z 形状不同时抛出 ValueError"))
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
    # m = k = 2: dividing by m * m or by 2m looks like dividing by the m * k entries; a
    # mistake is named only if it also fits m = 3, k = 4.
    Z2 = np.array([[1.0, 0.0, -1.0, 0.5], [0.0, 2.0, 0.0, 0.0], [-0.5, 0.0, 0.5, 1.0]])
    Y2 = np.eye(4)[[0, 1, 3]]
    agrees_confirmed(ctx, (Z.tolist(), Y.tolist()), _softmax_mistakes(Z, Y),
                     (Z2.tolist(), Y2.tolist()), _softmax_mistakes(Z2, Y2))


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
                 mistakes=partial(_softmax_mistakes, Z, Y))


@check("softmax_cross_entropy_backward", kind="advice",
       advice=tr("raise ValueError for a 1-D Z or a Y of another shape",
                 "Z 是一维或 Y 的形状不同时抛出 ValueError"))
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
                      labels.join(labels.row("call", call), result.details()),
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


@check("backward", requires="backward_gradient_check", kind="advice",
       advice=tr("with one output unit, accept Y of shape (m,) as well as (m, 1)",
                 "只有一个输出单元时，除 (m, 1) 外也接受形状为 (m,) 的 Y"))
def backward_accepts_1d_targets(ctx: Context) -> None:
    """with one output unit, backward also accepts Y of shape (m,)
    只有一个输出单元时，backward 也接受形状为 (m,) 的 Y"""
    point = network_point(ctx.rng(), "tanh", "sigmoid")
    grads, call = _call_backward(ctx, point, Y=point.Y[:, 0])
    expected = ctx.reference.backward(point.X, point.Y, point.params, point.cache, "tanh", "sigmoid")
    for key in PARAMS:
        expect_array(grads[key], expected[key], call=f"{call}  -> {key}")


@check("backward", kind="advice",
       advice=tr("raise ValueError for an unknown activation name or a Y that does not fit A2",
                 "激活函数名未知或 Y 与 A2 的形状对不上时抛出 ValueError"))
def backward_rejects_bad_input(ctx: Context) -> None:
    """backward raises ValueError for an unknown activation name or a Y that does not fit A2
    激活函数名未知或 Y 与 A2 的形状对不上时，backward 抛出 ValueError"""
    point = network_point(ctx.rng(), "sigmoid", "identity")
    args = (point.X, point.Y, point.params, point.cache)
    for hidden, output in (("softmax", "identity"), ("sigmoid", "relu")):
        rejects(ctx, unknown_name(hidden, output), *args, hidden, output)
    rejects(ctx, tr("Y has 5 columns but A2 has {k}: Y must have A2's shape.",
                    "Y 有 5 列，而 A2 有 {k} 列：Y 的形状必须与 A2 相同。", k=point.cache["A2"].shape[1]),
            point.X, np.ones((point.m, 5)), point.params, point.cache, "sigmoid", "identity")


@check("chain_backprop_game")
def game_defaults_and_low_targets(ctx: Context) -> None:
    """max_steps defaults to 100 (tol = 0 never stops), and a low target near the domain's edge plays through
    max_steps 默认为 100（tol = 0 时永不停止），靠近定义域边界的低目标值也能正常进行"""
    y = float(np.sqrt(np.log(4.0)))
    obs = ctx.call(2.0, y, 0.0)
    _judge_game(ctx, obs.result(), None, 2.0, y, 0.0, 100, f"{_GAME}(2.0, sqrt(ln 4), 0.0)")
    _game_case(ctx, 1.3, 0.55, 1e-6, 100)


# -- int inputs and scalars (the contract converts lists and ints to float) ----------------

def _dense_mistakes(dZ: Any, X: Any, W: Any) -> Mistakes:
    """dW transposed, db not summed or averaged: as whole ``(dX, dW, db)`` results, part by part."""
    dZ, X, W = (np.asarray(v, dtype=float) for v in (dZ, X, W))
    dX, dW, db = dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
    return {"dense:dW_transposed": (_DW_TRANSPOSED, (dX, dW.T, db)),
            "dense:db_not_summed": (_DB_NOT_SUMMED, (dX, dW, dZ)),
            "dense:db_mean": (_DB_MEAN, (dX, dW, db / dZ.shape[0]))}


def _activation_int_mistakes(name: str) -> Callable[..., Mistakes]:
    """The activation's named mistakes for one (dA, Z) call (at Z = 0 too, for ReLU)."""
    def named(dA: Any, Z: Any) -> Mistakes:
        a, z = np.asarray(dA, dtype=float), np.asarray(Z, dtype=float)
        found: Mistakes = {"relu_backward:at_zero": (_RELU_AT_ZERO, a * (z >= 0))} if name == "relu" else {}
        return {**found, **_activation_mistakes(name, a, z)}
    return named


def _softmax_int_mistakes(Z: np.ndarray, Y: np.ndarray) -> Mistakes:
    """As the gradient check names them, the missing 1/m first (with m = 2 it is a factor 2)."""
    m = Z.shape[0]
    soft = np.asarray(activations_module().softmax(Z), dtype=float)
    return {"missing_1_over_m": (tr("{g} is exactly m = {m} times too large: the 1/m of the loss is missing "
                                    "(the loss is an average over the m samples).",
                                    "{g} 恰好大了 m = {m} 倍：漏掉了损失函数的 1/m（损失是 m 个样本的平均）。",
                                    g="dZ", m=m), soft - Y),
            **_softmax_mistakes(Z, Y)}


# Each is named by the lesson's own mistakes, as in the other checks.
dense_backward_int_inputs = int_inputs("dense_backward", (
    (np.array([[1, -1], [0, 2]]), np.array([[1, 2, 3], [0, 1, 0]]), np.array([[1, 0], [0, 1], [1, 1]])),),
    _dense_mistakes)
_ACTIVATION_INTS = ((np.array([[1, -2]]), np.array([[0, 3]])), ([[2, 1]], [[-1, 0]]), (2, 0), (1.5, -0.5))
sigmoid_backward_int_inputs = int_inputs("sigmoid_backward", _ACTIVATION_INTS, _activation_int_mistakes("sigmoid"))
tanh_backward_int_inputs = int_inputs("tanh_backward", _ACTIVATION_INTS, _activation_int_mistakes("tanh"))
relu_backward_int_inputs = int_inputs("relu_backward", _ACTIVATION_INTS, _activation_int_mistakes("relu"))
softmax_ce_int_inputs = int_inputs("softmax_cross_entropy_backward", (
    (np.array([[1, 2, 0], [0, 0, 3]]), np.array([[1, 0, 0], [0, 0, 1]])),),
    lambda Z, Y: _softmax_int_mistakes(np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)))


@check("backward", requires="backward_gradient_check")
def backward_lists_and_int_targets(ctx: Context) -> None:
    """backward takes X and Y as lists, and 0/1 targets as ints
    backward 接受列表形式的 X、Y，以及整数形式的 0/1 目标值"""
    point = network_point(ctx.rng(), "tanh", "sigmoid")
    expected = ctx.reference.backward(point.X, point.Y, point.params, point.cache, "tanh", "sigmoid")
    for X, Y in ((point.X.tolist(), point.Y.tolist()), (point.X, point.Y.astype(int))):
        grads, call = _call_backward(ctx, point, Y=Y) if X is point.X else _call_backward_with(ctx, point, X, Y)
        for key in PARAMS:
            expect_array(grads[key], expected[key], call=f"{call}  -> {key}")


def _call_backward_with(ctx: Context, point: Point, X: Any, Y: Any) -> tuple[Any, str]:
    obs = ctx.call(X, Y, point.params, point.cache, point.hidden, point.output)
    grads = obs.result()
    call = f"backward(X, Y, params, cache, {point.hidden!r}, {point.output!r})  with X and Y as lists"
    ctx.expect_unchanged(obs, ("X", "Y", "params", "cache"), call)
    if not isinstance(grads, dict) or any(k not in grads for k in PARAMS):
        raise Failure(tr("backward returns a dict with the keys W1, b1, W2, b2.",
                         "backward 应返回键为 W1、b1、W2、b2 的字典。"),
                      f"call:     {call}\nobtained: {show(grads)}", ("wrong_type",))
    return grads, call
