"""Hidden checks for lesson 11: gradient descent loops and optimiser steps.

The descents get the grader's own ``grad_fn`` (the mean squared error gradient of a
linear model, ``instruments.linreg_grad``), which records every call: which rows of X it
received, in which order, and at which w. The parent replays the same seeded generator
(``rng.permutation(m)`` once per epoch) to know the calls the contract implies, and
says what the learner's loop did instead. The child reports when a returned history
holds the same array more than once. The optimiser steps are compared with the
contract's formulas over several steps, each from the reference's state.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial
from typing import Any

import numpy as np

from grader.checking import Failure, LearnerError, check
from grader.checks.common import INT_TEXT, agrees
from grader.checks.expect import expect_array
from grader.diagnose.arguments import int_cast_error
from grader.diagnose.recognise import Mistakes
from grader.engine.context import Context
from grader.engine.observation import Observation
from grader.i18n import Text, tr
from grader.numeric.compare import close
from grader.numeric.format import show
from grader.sandbox import instruments
from grader.sandbox.codec import Instrument

M, D = 8, 3  # samples and features of the regression data
LR = 0.05


def _short(a: np.ndarray) -> str:
    return "[" + ", ".join(f"{x:.6g}" for x in np.asarray(a, dtype=float).reshape(-1)) + "]"


def _data(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    rng = ctx.rng("data")
    X = np.round(rng.normal(size=(M, D)), 3) + np.arange(M)[:, None] * 1e-3  # distinct rows
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.1 * rng.normal(size=M)
    return X, y


def _grad_calls(obs: Observation, grad_fn: Instrument) -> list[tuple[Any, Any, Any]]:
    """(w, X, y) of every call the grader's grad_fn received, in order."""
    calls = []
    for call in obs.calls.get(grad_fn.id, ()):
        named = dict(zip(("w", "X", "y"), call.args))
        named.update(call.kwargs)
        calls.append((named.get("w"), named.get("X"), named.get("y")))
    return calls


def _rows(X_batch: Any, X: np.ndarray) -> list[int] | None:
    """Which rows of X a batch holds (None if it is not made of X's rows)."""
    lookup = {tuple(row): i for i, row in enumerate(X.tolist())}
    batch = np.asarray(X_batch, dtype=float) if isinstance(X_batch, np.ndarray) else None
    if batch is None or batch.ndim != 2 or batch.shape[1] != X.shape[1]:
        return None
    rows = [lookup.get(tuple(row)) for row in batch.tolist()]
    return None if any(r is None for r in rows) else [int(r) for r in rows if r is not None]


def _expected_batches(seed: int, epochs: int, batch_size: int) -> tuple[list[np.ndarray], list[list[int]]]:
    rng = np.random.default_rng(seed)
    perms = [rng.permutation(M) for _ in range(epochs)]
    batches = [perm[k:k + batch_size].tolist() for perm in perms for k in range(0, M, batch_size)]
    return perms, batches


def _batch_rows(calls: list[tuple[Any, Any, Any]], X: np.ndarray, call: str) -> list[list[int]]:
    """The rows of X each grad_fn call received (a batch that is not rows of X fails)."""
    observed: list[list[int]] = []
    for k, (_w, Xb, _y) in enumerate(calls):
        rows = _rows(Xb, X)
        if rows is None:
            shape = np.shape(Xb)
            if len(shape) == 1 and shape[0] == X.shape[1]:
                raise Failure(tr("grad_fn received X of shape {shape} at call {k}: pass X[i:i+1], a "
                                 "batch of one sample (2-D), not the row X[i].",
                                 "第 {k} 次调用时 grad_fn 收到的 X 形状为 {shape}：应传入 X[i:i+1]"
                                 "（一个样本的二维批），而不是一行 X[i]。", shape=shape, k=k + 1),
                              f"call:     {call}", ("descent:row_not_batch",))
            raise Failure(tr("grad_fn received X = {got} at call {k}, which is not made of rows of X: "
                             "pass X[idx] and y[idx] for the batch's indices.",
                             "第 {k} 次调用时 grad_fn 收到的 X = {got} 不是由 X 的行组成的："
                             "应传入该批下标对应的 X[idx] 和 y[idx]。", got=show(Xb, 120), k=k + 1),
                          f"call:     {call}", ("descent:unknown_rows",))
        observed.append(rows)
    return observed


def _check_batches(calls: list[tuple[Any, Any, Any]], X: np.ndarray, seed: int, epochs: int,
                   batch_size: int, func: str, call: str) -> None:
    """The rows each grad_fn call received are the contract's, or the loop is described."""
    perms, expected = _expected_batches(seed, epochs, batch_size)
    per_epoch = math.ceil(M / batch_size)
    observed = _batch_rows(calls, X, call)
    # the order of rows inside one batch does not change its gradient (a mean over the rows)
    same = len(observed) == len(expected) and all(sorted(o) == sorted(e) for o, e in zip(observed, expected))
    if same:
        return
    details = (f"call:     {call}\nexpected rows per call: {expected}\n"
               f"received rows per call: {observed}")

    def epochs_of(batches: list[list[int]]) -> list[list[int]]:
        return [[row for batch in batches[e * per_epoch:(e + 1) * per_epoch] for row in batch]
                for e in range(epochs)]

    stored = [list(range(M))[k:k + batch_size] for _ in range(epochs) for k in range(0, M, batch_size)]
    full = M // batch_size * batch_size
    dropped = [p[k:k + batch_size].tolist() for p in perms for k in range(0, full, batch_size)]
    if [sorted(b) for b in observed] == [sorted(b) for b in stored]:
        raise Failure(tr("the rows were visited in their stored order 0, 1, 2, ... every epoch: draw "
                         "order = rng.permutation(m) at the start of each epoch and go through the rows "
                         "in that order.",
                         "每个轮次都按存储顺序 0, 1, 2, ... 访问样本：应在每个轮次开始时抽取 "
                         "order = rng.permutation(m)，并按这个顺序访问。"), details, ("descent:no_shuffle",))
    if M % batch_size and observed == dropped:
        left = M - full
        raise Failure(tr("the last {n} {rows} of each epoch's order {were} never used: keep the shorter "
                         "last batch (for start in range(0, m, batch_size)), so that every sample is "
                         "used once per epoch.",
                         "每个轮次顺序中的最后 {n} 个样本从未被使用：保留较短的最后一批"
                         "（for start in range(0, m, batch_size)），让每个样本每轮都被用到一次。",
                         n=left, rows="row" if left == 1 else "rows", were="was" if left == 1 else "were"),
                      details, ("minibatch:drops_last",))
    if epochs > 1 and len(observed) == len(expected):
        by_epoch = epochs_of(observed)
        if all(e == by_epoch[0] for e in by_epoch) and sorted(by_epoch[0]) == list(range(M)):
            first = "the first epoch's permutation" if by_epoch[0] == perms[0].tolist() else "one order"
            raise Failure(tr("each epoch used the same order ({first}): draw a fresh "
                             "order = rng.permutation(m) at the start of every epoch, not once before "
                             "the loop.",
                             "每个轮次都用了同一个顺序：应在每个轮次开始时重新抽取 "
                             "order = rng.permutation(m)，而不是在循环前只抽一次。", first=first),
                          details, ("descent:same_order",))
    if len(observed) != len(expected):
        raise Failure(tr("grad_fn was called {n} times; with m = {m} samples, batch_size = {bs} and "
                         "{epochs} epochs, {func} calls it {want} times ({per} per epoch).",
                         "grad_fn 被调用了 {n} 次；m = {m} 个样本、batch_size = {bs}、{epochs} 个轮次时，"
                         "{func} 应调用 {want} 次（每轮 {per} 次）。", n=len(observed), m=M, bs=batch_size,
                         epochs=epochs, func=func, want=len(expected), per=per_epoch),
                      details, ("descent:call_count",))
    for e, rows in enumerate(epochs_of(observed)):
        if sorted(rows) != list(range(M)):
            missing = sorted(set(range(M)) - set(rows))
            raise Failure(tr("in epoch {e} some rows were used more than once and rows {missing} never: "
                             "visit each row once per epoch, in the order of rng.permutation(m).",
                             "第 {e} 个轮次中有的样本被用了多次，而样本 {missing} 从未被用到：每轮按 "
                             "rng.permutation(m) 的顺序把每个样本访问一次。", e=e + 1, missing=missing),
                          details, ("descent:with_replacement",))
    k = next(i for i, (o, x) in enumerate(zip(observed, expected)) if sorted(o) != sorted(x))
    raise Failure(tr("call {k} (epoch {e}) received rows {got}, but the order rng.permutation(m) draws "
                     "gives rows {want} there: draw order = rng.permutation(m) once per epoch, use rng "
                     "for nothing else, and take consecutive slices of the order.",
                     "第 {k} 次调用（第 {e} 轮）收到的是样本 {got}，但按 rng.permutation(m) 抽出的顺序，"
                     "这里应是样本 {want}：每轮抽一次 order = rng.permutation(m)，rng 不做别的用途，"
                     "并按顺序连续切片。", k=k + 1, e=k // per_epoch + 1, got=observed[k], want=expected[k]),
                  details, ("descent:order",))


def _check_chain(calls: list[tuple[Any, Any, Any]], w0: np.ndarray, history_ref: list[np.ndarray],
                 call: str) -> None:
    """Every call receives the w of the step before (w0 first)."""
    previous = [w0, *history_ref]
    for k, (w, _X, _y) in enumerate(calls[:len(previous)]):
        if not isinstance(w, np.ndarray) or not close(w, previous[k], 1e-9, 1e-12):
            if k and isinstance(w, np.ndarray) and w.shape == previous[k].shape and not close(w, previous[k - 1]):
                _wrong_step(w, previous[k - 1], previous[k], calls[k - 1][1], k, call)
            raise Failure(tr("at call {k}, grad_fn received w = {got}, but after {steps} {word} w is "
                             "{want}: pass the current w, and update it after every call.",
                             "第 {k} 次调用时 grad_fn 收到 w = {got}，但走了 {steps} 步之后 w 应为 {want}："
                             "请传入当前的 w，并在每次调用后更新它。", k=k + 1,
                             got=_short(w) if isinstance(w, np.ndarray) else show(w, 120), steps=k,
                             word="step" if k == 1 else "steps", want=_short(previous[k])),
                          f"call:     {call}", ("descent:stale_w",))


def _wrong_step(w: np.ndarray, before: np.ndarray, right: np.ndarray, batch: Any, k: int, call: str) -> None:
    """The w a call received moved from the one before, but not by lr * g: the update itself is
    wrong (a step divided by the batch size, a sign), not a w left stale."""
    taken, wanted = before - w, before - right
    with np.errstate(all="ignore"):
        ratio = float(np.dot(taken, wanted) / np.dot(wanted, wanted)) if np.any(wanted) else math.nan
    size = int(np.shape(batch)[0]) if np.ndim(batch) else 0
    if size > 1 and close(taken, wanted / size, 1e-6, 1e-12):
        reason = tr("the step was divided by the batch size ({n}): grad_fn already averages over the samples "
                    "it is given, so the update is w = w - lr * grad_fn(w, X_batch, y_batch).",
                    "这一步被除以了批大小（{n}）：grad_fn 已经对传给它的样本取了平均，所以更新应为 "
                    "w = w - lr * grad_fn(w, X_batch, y_batch)。", n=size)
        cause = "descent:step_over_batch"
    elif close(taken, -wanted, 1e-6, 1e-12):
        reason = tr("w moved uphill, w + lr * g: gradient descent steps against the gradient, w = w - lr * g.",
                    "w 沿梯度上升了（w + lr * g）：梯度下降应逆着梯度走，w = w - lr * g。")
        cause = "descent:ascent"
    else:
        reason = tr("the step taken is {ratio:.3g} times lr * g: the update is exactly w = w - lr * g, with g "
                    "what grad_fn returned for this step.",
                    "实际走的一步是 lr * g 的 {ratio:.3g} 倍：更新应恰好是 w = w - lr * g，其中 g 是 grad_fn "
                    "在这一步返回的梯度。", ratio=ratio)
        cause = "descent:wrong_step"
    raise Failure(tr("at call {k}, grad_fn received w = {got}, but step {step} from {before} gives {want}: ",
                     "第 {k} 次调用时 grad_fn 收到 w = {got}，但从 {before} 走第 {step} 步应得到 {want}：",
                     k=k + 1, got=_short(w), step=k, before=_short(before), want=_short(right)) + reason,
                  f"call:     {call}", (cause,))


def _check_result(obs: Observation, w_ref: np.ndarray, history_ref: list[np.ndarray], call: str,
                  w0: Any = None) -> None:
    got = obs.result()
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Failure(tr("return the pair (w, history).", "请返回 (w, history) 二元组。"),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    w, history = got
    if not isinstance(history, list):
        raise Failure(tr("history is a list of arrays (one copy of w per step), not {kind}.",
                         "history 应是数组列表（每步一个 w 的副本），而不是 {kind}。",
                         kind=type(history).__name__), f"call:     {call}", ("wrong_type",))
    for group in obs.shared_at(1):
        raise Failure(tr("history holds the same array {n} times (entries {first} to {last} are one "
                         "array, changed in place after it was appended), so every entry shows the "
                         "last w: append a copy (history.append(w.copy())), or write w = w - lr * g, "
                         "which makes a new array every step.",
                         "history 中同一个数组出现了 {n} 次（第 {first} 到第 {last} 项是同一个数组，"
                         "添加后又被原地修改），所以每一项都显示最后的 w：请添加副本（history.append(w.copy())），"
                         "或写成 w = w - lr * g，每步生成新数组。",
                         n=len(group), first=group[0], last=group[-1]),
                      f"call:     {call}", ("history:same_object",))
    if w0 is not None and history_ref:
        _history_from_w0(history, np.asarray(w0, dtype=float), history_ref, call)
    if len(history) != len(history_ref):
        raise Failure(tr("history has {n} entries; it holds w after every step: {want} entries.",
                         "history 有 {n} 项；它应保存每一步之后的 w：共 {want} 项。",
                         n=len(history), want=len(history_ref)),
                      f"call:     {call}", ("history:length",))
    for k, (entry, right) in enumerate(zip(history, history_ref)):
        expect_array(entry, right, call=f"{call}  -> history[{k}]")
    expect_array(w, w_ref, call=f"{call}  -> w")


def _history_from_w0(history: list[Any], w0: np.ndarray, history_ref: list[np.ndarray], call: str) -> None:
    """A history that starts with w0: appended before each step (the last w missing), or
    w0 put in front of the right entries (one too many)."""
    def matches(entries: list[Any], right: list[np.ndarray]) -> bool:
        return len(entries) == len(right) and all(
            isinstance(e, np.ndarray) and e.shape == r.shape and close(e, r) for e, r in zip(entries, right))

    if not history or close(w0, history_ref[0]):
        return  # a first step that leaves w0 where it was tells nothing apart
    if matches(history, [w0, *history_ref[:-1]]):
        raise Failure(tr("history holds w before each step: it starts with w0 and misses the w of the last "
                         "step. Append w after the update, so that history[k] is w after step k + 1.",
                         "history 保存的是每一步之前的 w：它以 w0 开头，缺少最后一步之后的 w。请在更新之后再添加 "
                         "w，使 history[k] 是第 k + 1 步之后的 w。"),
                      f"call:     {call}", ("history:before_step",))
    if matches(history, [w0, *history_ref]):
        raise Failure(tr("history starts with w0: it holds w after every step, so history[0] is w after the "
                         "first step, and w0 is not in it.",
                         "history 以 w0 开头：它保存每一步之后的 w，所以 history[0] 是第一步之后的 w，"
                         "w0 不在其中。"),
                      f"call:     {call}", ("history:starts_with_w0",))


ARGS = ("grad_fn", "w0", "X", "y", "lr", "epochs")

# -- batch_gd ------------------------------------------------------------------------------------


@check("batch_gd")
def batch_calls(ctx: Context) -> None:
    """batch_gd calls grad_fn once per epoch, with all the rows and the current w
    batch_gd 每个轮次调用一次 grad_fn，传入全部样本和当前的 w"""
    X, y = _data(ctx)
    w0 = np.zeros(D)
    grad_fn = ctx.instrument("linreg_grad")
    epochs = 4
    obs = ctx.call(grad_fn, w0, X, y, LR, epochs)
    call = f"batch_gd(grad_fn, w0, X, y, lr={LR}, epochs={epochs})  with X of shape {X.shape}"
    obs.result()
    calls = _grad_calls(obs, grad_fn)
    if len(calls) != epochs:
        raise Failure(tr("grad_fn was called {n} times in {epochs} epochs: batch gradient descent makes "
                         "exactly one call per epoch, with all the samples.",
                         "{epochs} 个轮次中 grad_fn 被调用了 {n} 次：批量梯度下降每个轮次只调用一次，"
                         "并传入全部样本。", n=len(calls), epochs=epochs),
                      f"call:     {call}", ("batch:call_count",))
    for k, (_w, Xb, yb) in enumerate(calls):
        if _rows(Xb, X) != list(range(M)) or not close(yb, y, 0, 0):
            raise Failure(tr("call {k} received rows {rows} of X: every call of batch gradient descent "
                             "sees all m = {m} rows, in order (grad_fn(w, X, y)).",
                             "第 {k} 次调用收到的是 X 的第 {rows} 行：批量梯度下降每次调用都使用全部 "
                             "m = {m} 个样本，按原顺序（grad_fn(w, X, y)）。", k=k + 1, rows=_rows(Xb, X), m=M),
                          f"call:     {call}", ("batch:rows",))
    _w, history_ref = ctx.reference.batch_gd(instruments.FUNCTIONS["linreg_grad"]({}), w0, X, y, LR,
                                             epochs)
    _check_chain(calls, w0, history_ref, call)


@check("batch_gd", requires="batch_calls")
def batch_worked_example(ctx: Context) -> None:
    """the worked example: grad_fn = 2 w, w0 = [1.0], lr = 0.25, two epochs give 0.5 then 0.25
    例题：grad_fn = 2 w，w0 = [1.0]，lr = 0.25，两个轮次后依次为 0.5 和 0.25"""
    grad_fn = ctx.instrument("bowl_grad")
    X, y, w0 = np.array([[1.0], [2.0]]), np.array([0.0, 1.0]), np.array([1.0])
    obs = ctx.call(grad_fn, w0, X, y, 0.25, 2)
    call = "batch_gd(grad_fn, [1.0], X, y, lr=0.25, epochs=2)  with grad_fn(w, X, y) = 2 w"
    ctx.expect_unchanged(obs, ARGS, call)
    _check_result(obs, np.array([0.25]), [np.array([0.5]), np.array([0.25])], call, w0)


@check("batch_gd", requires="batch_calls")
def batch_result(ctx: Context) -> None:
    """batch_gd returns the final w and a history of copies, and leaves w0 unchanged
    batch_gd 返回最终的 w 和由副本组成的 history，且不修改 w0"""
    X, y = _data(ctx)
    w0 = np.array([0.5, -0.5, 1.0])
    grad_fn = ctx.instrument("linreg_grad")
    for epochs in (5, 0):
        obs = ctx.call(grad_fn, w0, X, y, LR, epochs)
        call = f"batch_gd(grad_fn, w0, X, y, lr={LR}, epochs={epochs})"
        ctx.expect_unchanged(obs, ARGS, call)
        w_ref, history_ref = ctx.reference.batch_gd(instruments.FUNCTIONS["linreg_grad"]({}), w0, X, y,
                                                    LR, epochs)
        _check_result(obs, w_ref, history_ref, call, w0)


@check("batch_gd", kind="advice",
       advice=tr("raise ValueError when X and y differ in length, or epochs < 0",
                 "X 与 y 的样本数不同或轮次（epochs）< 0 时抛出 ValueError"))
def batch_rejects_bad_input(ctx: Context) -> None:
    """batch_gd raises ValueError when X and y differ in length, or epochs < 0
    X 与 y 的样本数不同或 epochs < 0 时，batch_gd 抛出 ValueError"""
    X, y = _data(ctx)
    ctx.expect_raises("ValueError", ctx.instrument("linreg_grad"), np.zeros(D), X, y[:-1], LR, 3)
    ctx.expect_raises("ValueError", ctx.instrument("linreg_grad"), np.zeros(D), X, y, LR, -1)


# -- sgd and minibatch_gd -------------------------------------------------------------------------


def _descent(ctx: Context, func: str, epochs: int, batch_size: int, seed: int,
             w0: np.ndarray) -> tuple[Observation, list[tuple[Any, Any, Any]], str, np.ndarray, np.ndarray]:
    X, y = _data(ctx)
    grad_fn = ctx.instrument("linreg_grad")
    if func == "sgd":
        obs = ctx.call(grad_fn, w0, X, y, LR, epochs, ctx.generator(seed))
        call = f"sgd(grad_fn, w0, X, y, lr={LR}, epochs={epochs}, rng=np.random.default_rng({seed}))"
    else:
        obs = ctx.call(grad_fn, w0, X, y, LR, epochs, batch_size, ctx.generator(seed))
        call = (f"minibatch_gd(grad_fn, w0, X, y, lr={LR}, epochs={epochs}, batch_size={batch_size}, "
                f"rng=np.random.default_rng({seed}))")
    call += f"  with m = {M} samples"
    calls = _grad_calls(obs, grad_fn)
    _batch_rows(calls, X, call)  # a malformed batch is named even when grad_fn then failed
    obs.result()
    return obs, calls, call, X, y


def _reference_descent(ctx: Context, func: str, w0: np.ndarray, X: np.ndarray, y: np.ndarray,
                       epochs: int, batch_size: int, seed: int) -> tuple[np.ndarray, list[np.ndarray]]:
    grad = instruments.FUNCTIONS["linreg_grad"]({})
    rng = np.random.default_rng(seed)
    if func == "sgd":
        result: tuple[np.ndarray, list[np.ndarray]] = ctx.reference.sgd(grad, w0, X, y, LR, epochs, rng)
    else:
        result = ctx.reference.minibatch_gd(grad, w0, X, y, LR, epochs, batch_size, rng)
    return result


def _order_check(ctx: Context, func: str, batch_size: int) -> None:
    seed, epochs, w0 = 21, 3, np.zeros(D)
    _obs, calls, call, X, y = _descent(ctx, func, epochs, batch_size, seed, w0)
    _check_batches(calls, X, seed, epochs, batch_size, func, call)
    _w, history_ref = _reference_descent(ctx, func, w0, X, y, epochs, batch_size, seed)
    _check_chain(calls, w0, history_ref, call)


def _result_check(ctx: Context, func: str, batch_size: int) -> None:
    for seed, epochs in ((5, 2), (6, 0)):
        w0 = np.array([0.2, -0.1, 0.3])
        obs, _calls, call, X, y = _descent(ctx, func, epochs, batch_size, seed, w0)
        names = (*ARGS, "rng") if func == "sgd" else (*ARGS, "batch_size", "rng")
        ctx.expect_unchanged(obs, names, call)
        w_ref, history_ref = _reference_descent(ctx, func, w0, X, y, epochs, batch_size, seed)
        _check_result(obs, w_ref, history_ref, call, w0)


@check("sgd")
def sgd_order(ctx: Context) -> None:
    """sgd steps once per sample, in the order of a fresh rng.permutation(m) each epoch
    sgd 每个样本走一步，每个轮次按新抽取的 rng.permutation(m) 的顺序"""
    _order_check(ctx, "sgd", 1)


@check("sgd", requires="sgd_order")
def sgd_result(ctx: Context) -> None:
    """sgd returns the final w and a copy of w after every step, and leaves w0 unchanged
    sgd 返回最终的 w 和每一步之后 w 的副本，且不修改 w0"""
    _result_check(ctx, "sgd", 1)


@check("sgd", kind="advice",
       advice=tr("raise ValueError when X and y differ in length",
                 "X 与 y 的样本数不同时抛出 ValueError"))
def sgd_rejects_bad_input(ctx: Context) -> None:
    """sgd raises ValueError when X and y differ in length
    X 与 y 的样本数不同时，sgd 抛出 ValueError"""
    X, y = _data(ctx)
    ctx.expect_raises("ValueError", ctx.instrument("linreg_grad"), np.zeros(D), X[:-2], y, LR, 2,
                      ctx.generator(1))


@check("minibatch_gd")
def minibatch_batches(ctx: Context) -> None:
    """minibatch_gd steps once per consecutive slice of a fresh permutation, the last one shorter
    minibatch_gd 每个轮次对新排列按顺序切片，每片走一步，最后一片可以更短"""
    _order_check(ctx, "minibatch_gd", 3)


@check("minibatch_gd", requires="minibatch_batches")
def minibatch_edge_sizes(ctx: Context) -> None:
    """batch_size = 1 behaves like SGD and batch_size >= m takes one shuffled batch per epoch
    batch_size = 1 时等同于 SGD，batch_size >= m 时每个轮次一批（顺序仍打乱）"""
    for batch_size in (1, M, M + 3):
        seed, epochs, w0 = 9, 2, np.zeros(D)
        _obs, calls, call, X, _y = _descent(ctx, "minibatch_gd", epochs, batch_size, seed, w0)
        _check_batches(calls, X, seed, epochs, batch_size, "minibatch_gd", call)


@check("minibatch_gd", requires="minibatch_batches")
def minibatch_result(ctx: Context) -> None:
    """minibatch_gd returns the final w and a copy of w after every step, and leaves w0 unchanged
    minibatch_gd 返回最终的 w 和每一步之后 w 的副本，且不修改 w0"""
    _result_check(ctx, "minibatch_gd", 3)


@check("minibatch_gd", kind="advice",
       advice=tr("raise ValueError for batch_size < 1 or X and y of different lengths",
                 "批大小（batch_size）< 1 或 X 与 y 的样本数不同时抛出 ValueError"))
def minibatch_rejects_bad_input(ctx: Context) -> None:
    """minibatch_gd raises ValueError for batch_size < 1 or X and y of different lengths
    batch_size < 1 或 X 与 y 的样本数不同时，minibatch_gd 抛出 ValueError"""
    X, y = _data(ctx)
    ctx.expect_raises("ValueError", ctx.instrument("linreg_grad"), np.zeros(D), X, y, LR, 2, 0,
                      ctx.generator(1))
    ctx.expect_raises("ValueError", ctx.instrument("linreg_grad"), np.zeros(D), X, y[:3], LR, 2, 2,
                      ctx.generator(1))


# -- momentum_step --------------------------------------------------------------------------------


def _momentum_mistakes(w: np.ndarray, v: np.ndarray, g: np.ndarray, lr: float, beta: float
                       ) -> dict[str, tuple[Text, tuple[np.ndarray, np.ndarray]]]:
    damp = beta * v + (1 - beta) * g
    right_v = beta * v + g
    lr_in_v = beta * v + lr * g
    return {
        "momentum:dampened": (tr("this is dampened momentum, v = beta v + (1 - beta) g: the course adds "
                                 "the gradient as it is, v = beta v + g.",
                                 "这是带阻尼的动量 v = beta v + (1 - beta) g：本课直接加上梯度，v = beta v + g。"),
                              (w - lr * damp, damp)),
        "momentum:old_v": (tr("w moved with the old velocity: update v first (v = beta v + g), then "
                              "w = w - lr v with the new v.",
                              "w 是用旧的速度更新的：先更新 v（v = beta v + g），再用新的 v 计算 w = w - lr v。"),
                           (w - lr * v, right_v)),
        "momentum:lr_in_v": (tr("this is the other convention, v = beta v + lr g and w = w - v: the "
                                "course's velocity is v = beta v + g, and w = w - lr v.",
                                "这是另一种写法 v = beta v + lr g，w = w - v：本课的速度是 v = beta v + g，"
                                "w = w - lr v。"), (w - lr_in_v, lr_in_v)),
        "momentum:minus_lr_in_v": (tr("this is the other convention, v = beta v - lr g and w = w + v: the "
                                      "course's velocity is v = beta v + g, without lr and with its own sign, "
                                      "and w = w - lr v.",
                                      "这是另一种写法 v = beta v - lr g，w = w + v：本课的速度是 v = beta v + g"
                                      "（不含 lr，符号也不同），w = w - lr v。"),
                                   (w + (beta * v - lr * g), beta * v - lr * g)),
        "momentum:returns_old_v": (tr("w is right, but the velocity returned is the old v: return the "
                                      "updated v = beta v + g, which the next step builds on.",
                                      "w 正确，但返回的是旧的速度 v：请返回更新后的 v = beta v + g，"
                                      "下一步要在它的基础上继续。"), (w - lr * right_v, v)),
        "momentum:sign": (tr("the velocity has the opposite sign (v = beta v - g, w = w + lr v): the "
                             "course's v = beta v + g is subtracted, w = w - lr v.",
                             "速度的符号相反（v = beta v - g，w = w + lr v）：本课的 v = beta v + g，"
                             "并用 w = w - lr v 减去它。"), (w - lr * right_v, -right_v)),
    }


def _check_step(ctx: Context, got: Any, expected: tuple[np.ndarray, ...], names: tuple[str, ...],
                call: str, mistakes: Mapping[str, tuple[Text, Any]]) -> None:
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        raise Failure(tr("return the tuple ({names}).", "请返回元组 ({names})。", names=", ".join(names)),
                      f"call:     {call}\nobtained: {show(got)}", ("wrong_type",))
    if not all(close(a, b) for a, b in zip(got, expected)):
        for ident, (text, wrong) in mistakes.items():
            if all(isinstance(a, np.ndarray) and close(a, b, 1e-9, 1e-12) for a, b in zip(got, wrong)):
                lines = "\n".join(f"obtained {n}: {show(a)}\nexpected {n}: {show(b)}"
                                  for n, a, b in zip(names, got, expected))
                raise Failure(text, f"call:     {call}\n{lines}", (ident,))
    for name, value, right in zip(names, got, expected):
        expect_array(value, right, call=f"{call}  -> {name}")


@check("momentum_step")
def momentum_worked_example(ctx: Context) -> None:
    """the worked example: w = [1, 2], v = [0.5, 0], g = [1, -1], lr = 0.1 gives w = [0.855, 2.1], v = [1.45, -1]
    例题：w = [1, 2]，v = [0.5, 0]，g = [1, -1]，lr = 0.1 得到 w = [0.855, 2.1]，v = [1.45, -1]"""
    w, v, g = np.array([1.0, 2.0]), np.array([0.5, 0.0]), np.array([1.0, -1.0])
    obs = ctx.call(w.tolist(), v.tolist(), g.tolist(), 0.1)
    call = ctx.show(w.tolist(), v.tolist(), g.tolist(), 0.1)
    _check_step(ctx, obs.result(), ctx.reference.momentum_step(w, v, g, 0.1), ("w", "v"), call,
                _momentum_mistakes(w, v, g, 0.1, 0.9))


@check("momentum_step", requires="momentum_worked_example")
def momentum_several_steps(ctx: Context) -> None:
    """momentum_step follows v = beta v + g, w = w - lr v over several steps, for two betas
    在多步中、对两个 beta，momentum_step 都满足 v = beta v + g，w = w - lr v"""
    rng = ctx.rng()
    for beta in (0.9, 0.5):
        w, v = rng.normal(size=4), np.zeros(4)
        for step in range(1, 6):
            g = rng.normal(size=4)
            kwargs = {} if beta == 0.9 else {"beta": beta}
            obs = ctx.call(w, v, g, 0.05, **kwargs)
            call = (f"momentum_step(w, v, g, 0.05{'' if beta == 0.9 else f', beta={beta}'})  at step {step}, "
                    f"with w = {_short(w)}, v = {_short(v)}, g = {_short(g)}")
            expected = ctx.reference.momentum_step(w, v, g, 0.05, beta)
            _check_step(ctx, obs.result(), expected, ("w", "v"), call,
                        _momentum_mistakes(w, v, g, 0.05, beta))
            ctx.expect_unchanged(obs, ("w", "v", "g"), call)
            w, v = expected


@check("momentum_step", kind="advice",
       advice=tr("raise ValueError when w, v and g differ in shape",
                 "w、v、g 形状不同时抛出 ValueError"))
def momentum_rejects_shapes(ctx: Context) -> None:
    """momentum_step raises ValueError when w, v and g differ in shape
    w、v、g 形状不同时，momentum_step 抛出 ValueError"""
    ctx.expect_raises("ValueError", np.zeros(3), np.zeros(2), np.zeros(3), 0.1)


# -- adam_step ------------------------------------------------------------------------------------


def _adam(w: np.ndarray, m: np.ndarray, v: np.ndarray, g: np.ndarray, t: float, lr: float, b1: float,
          b2: float, eps: float, *, correct_m: bool = True, correct_v: bool = True,
          eps_inside: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m2 = b1 * m + (1 - b1) * g
    v2 = b2 * v + (1 - b2) * g * g
    m_hat = m2 / (1 - b1 ** t) if correct_m else m2
    v_hat = v2 / (1 - b2 ** t) if correct_v else v2
    denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
    return w - lr * m_hat / denom, m2, v2


def _adam_mistakes(w: np.ndarray, m: np.ndarray, v: np.ndarray, g: np.ndarray, t: int, lr: float,
                   b1: float, b2: float, eps: float) -> dict[str, tuple[Text, Any]]:
    args = (w, m, v, g)
    right = _adam(*args, t, lr, b1, b2, eps)
    return {
        "adam:no_bias_correction": (tr("the bias correction is missing: divide m by (1 - beta1^t) and v by "
                                       "(1 - beta2^t) before the step (m_hat, v_hat).",
                                       "缺少偏差修正（bias correction）：更新前要把 m 除以 (1 - beta1^t)，"
                                       "v 除以 (1 - beta2^t)（得到 m_hat、v_hat）。"),
                                    _adam(*args, t, lr, b1, b2, eps, correct_m=False, correct_v=False)),
        "adam:t_plus_one": (tr("the bias correction uses t + 1: t already counts from 1 (1 for the first "
                               "step), so divide by 1 - beta1^t and 1 - beta2^t.",
                               "偏差修正用了 t + 1：t 本来就从 1 开始计数（第一步 t = 1），应除以 "
                               "1 - beta1^t 和 1 - beta2^t。"), _adam(*args, t + 1, lr, b1, b2, eps)),
        "adam:t_minus_one": (tr("the bias correction uses t - 1: the first step has t = 1, and its "
                                "correction is 1 - beta^1.",
                                "偏差修正用了 t - 1：第一步 t = 1，它的修正因子是 1 - beta^1。"),
                             _adam(*args, t - 1, lr, b1, b2, eps) if t > 1 else None),
        "adam:only_m_corrected": (tr("only m got its bias correction: v_hat = v / (1 - beta2^t) too.",
                                     "只对 m 做了偏差修正：v 也要修正，v_hat = v / (1 - beta2^t)。"),
                                  _adam(*args, t, lr, b1, b2, eps, correct_v=False)),
        "adam:only_v_corrected": (tr("only v got its bias correction: m_hat = m / (1 - beta1^t) too.",
                                     "只对 v 做了偏差修正：m 也要修正，m_hat = m / (1 - beta1^t)。"),
                                  _adam(*args, t, lr, b1, b2, eps, correct_m=False)),
        "adam:eps_inside": (tr("eps is inside the square root: w = w - lr m_hat / (sqrt(v_hat) + eps).",
                               "eps 放在了平方根里面：应为 w = w - lr m_hat / (sqrt(v_hat) + eps)。"),
                            _adam(*args, t, lr, b1, b2, eps, eps_inside=True)),
        "adam:folded_eps": (tr("this is the paper's 'efficient' form, both corrections folded into the step size, "
                               "with eps left as it is: folded, eps must shrink with them, eps * sqrt(1 - beta2^t), "
                               "or write the textbook form w - lr m_hat / (sqrt(v_hat) + eps).",
                               "这是论文中的“高效”形式：两个偏差修正都并入了步长，但 eps 没有随之调整："
                               "并入后 eps 也要相应缩小为 eps * sqrt(1 - beta2^t)，或者直接写教科书形式 "
                               "w - lr m_hat / (sqrt(v_hat) + eps)。"),
                            (w - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * right[1] / (np.sqrt(right[2]) + eps),
                             right[1], right[2])),
        "adam:v_hat_beta1": (tr("v_hat is corrected with beta1: each average has its own correction, "
                                "m_hat = m / (1 - beta1^t) and v_hat = v / (1 - beta2^t).",
                                "v_hat 的修正用了 beta1：两个平均各有自己的修正，m_hat = m / (1 - beta1^t)，"
                                "v_hat = v / (1 - beta2^t)。"),
                             (w - lr * (right[1] / (1 - b1 ** t)) / (np.sqrt(right[2] / (1 - b1 ** t)) + eps),
                              right[1], right[2])),
        "adam:returns_corrected": (tr("the returned m and v are the corrected m_hat and v_hat: return the "
                                      "running averages m and v themselves (the next step corrects again).",
                                      "返回的 m、v 是修正后的 m_hat、v_hat：应返回滑动平均 m、v 本身"
                                      "（下一步会重新修正）。"),
                                   (right[0], right[1] / (1 - b1 ** t), right[2] / (1 - b2 ** t))),
    }


@check("adam_step")
def adam_worked_example(ctx: Context) -> None:
    """the worked example: the first step from m = v = 0 moves each coordinate by about lr
    例题：从 m = v = 0 开始的第一步让每个坐标大约移动 lr"""
    w, m, v, g = np.array([1.0, 2.0]), np.zeros(2), np.zeros(2), np.array([0.5, -2.0])
    obs = ctx.call(w.tolist(), m.tolist(), v.tolist(), g.tolist(), 1, lr=0.1)
    call = ctx.show(w.tolist(), m.tolist(), v.tolist(), g.tolist(), 1, lr=0.1)
    _check_step(ctx, obs.result(), ctx.reference.adam_step(w, m, v, g, 1, lr=0.1), ("w", "m", "v"), call,
                {k: x for k, x in _adam_mistakes(w, m, v, g, 1, 0.1, 0.9, 0.999, 1e-8).items()
                 if x[1] is not None})


@check("adam_step", requires="adam_worked_example")
def adam_several_steps(ctx: Context) -> None:
    """adam_step matches Kingma & Ba with bias correction for t = 1 to 6, default and custom hyperparameters
    t = 1 到 6，默认与自定义超参数下，adam_step 都与带偏差修正的 Kingma & Ba 公式一致"""
    rng = ctx.rng()
    for custom in (False, True):
        lr, b1, b2, eps = (0.01, 0.8, 0.99, 1e-6) if custom else (0.001, 0.9, 0.999, 1e-8)
        kwargs: dict[str, Any] = {"lr": lr, "beta1": b1, "beta2": b2, "eps": eps} if custom else {}
        w, m, v = rng.normal(size=3), np.zeros(3), np.zeros(3)
        for t in range(1, 7):
            g = rng.normal(size=3)
            obs = ctx.call(w, m, v, g, t, **kwargs)
            extra = "".join(f", {k}={x}" for k, x in kwargs.items())
            call = (f"adam_step(w, m, v, g, {t}{extra})  with w = {_short(w)}, m = {_short(m)}, "
                    f"v = {_short(v)}, g = {_short(g)}")
            expected = ctx.reference.adam_step(w, m, v, g, t, lr, b1, b2, eps)
            mistakes = {k: x for k, x in _adam_mistakes(w, m, v, g, t, lr, b1, b2, eps).items()
                        if x[1] is not None}
            _check_step(ctx, obs.result(), expected, ("w", "m", "v"), call, mistakes)
            ctx.expect_unchanged(obs, ("w", "m", "v", "g"), call)
            w, m, v = expected


@check("adam_step", requires="adam_worked_example")
def adam_small_gradients(ctx: Context) -> None:
    """with gradients near 1e-6, where eps is not negligible, adam_step adds eps after the square root
    梯度约为 1e-6、eps 不可忽略时，adam_step 在开平方之后再加 eps"""
    rng = ctx.rng()
    w, m, v = rng.normal(size=3), np.zeros(3), np.zeros(3)
    for t in range(1, 4):
        g = rng.normal(size=3) * 1e-6
        obs = ctx.call(w, m, v, g, t)
        call = (f"adam_step(w, m, v, g, {t})  with w = {_short(w)}, m = {_short(m)}, "
                f"v = {_short(v)}, g = {_short(g)}")
        expected = ctx.reference.adam_step(w, m, v, g, t)
        mistakes = {k: x for k, x in _adam_mistakes(w, m, v, g, t, 0.001, 0.9, 0.999, 1e-8).items()
                    if x[1] is not None}
        _check_step(ctx, obs.result(), expected, ("w", "m", "v"), call, mistakes)
        w, m, v = expected


@check("adam_step", kind="advice",
       advice=tr("raise ValueError for t < 1 or arrays of different shapes",
                 "t < 1 或数组形状不同时抛出 ValueError"))
def adam_rejects_bad_input(ctx: Context) -> None:
    """adam_step raises ValueError for t < 1 or arrays of different shapes
    t < 1 或数组形状不同时，adam_step 抛出 ValueError"""
    z = np.zeros(2)
    ctx.expect_raises("ValueError", z, z, z, np.ones(2), 0)
    ctx.expect_raises("ValueError", z, z, np.zeros(3), np.ones(2), 1)


# -- exponential_decay ----------------------------------------------------------------------------


def _decay_mistakes(lr0: float, rate: float, step: int) -> Mistakes:
    return {
        "decay:product": (tr("this is lr0 * decay_rate * step: the rate is a power, lr0 * decay_rate ** step.",
                             "这是 lr0 * decay_rate * step：衰减率应作为幂，lr0 * decay_rate ** step。"),
                          lr0 * rate * step),
        "decay:off_by_one": (tr("this is lr0 * decay_rate ** (step + 1): step 0 gives lr0 itself.",
                                "这是 lr0 * decay_rate ** (step + 1)：step = 0 时应得到 lr0 本身。"),
                             lr0 * rate ** (step + 1)),
        "decay:inverse_time": (tr("this is inverse-time decay lr0 / (1 + decay_rate * step): the contract's "
                                  "decay is exponential, lr0 * decay_rate ** step.",
                                  "这是反比例衰减 lr0 / (1 + decay_rate * step)：约定的是指数衰减 "
                                  "lr0 * decay_rate ** step。"), lr0 / (1 + rate * step)),
        "decay:exp": (tr("this is lr0 * exp(-decay_rate * step): the contract's decay_rate is the factor "
                         "per step, lr0 * decay_rate ** step.",
                         "这是 lr0 * exp(-decay_rate * step)：约定中 decay_rate 是每步乘的因子，"
                         "lr0 * decay_rate ** step。"), lr0 * math.exp(-rate * step)),
    }


@check("exponential_decay")
def decay_worked_example(ctx: Context) -> None:
    """exponential_decay(0.1, 0.5, 3) is 0.0125, and step 0 gives lr0
    exponential_decay(0.1, 0.5, 3) 等于 0.0125，step = 0 时得到 lr0"""
    for lr0, rate, step in ((0.1, 0.5, 3), (0.1, 0.5, 0)):
        agrees(ctx, lr0, rate, step, mistakes=partial(_decay_mistakes, lr0, rate, step))


@check("exponential_decay", requires="decay_worked_example")
def decay_values(ctx: Context) -> None:
    """exponential_decay is lr0 * decay_rate ** step for several rates and many steps
    对多个衰减率和较多的步数，exponential_decay 都等于 lr0 * decay_rate ** step"""
    for lr0, rate, step in ((0.01, 0.99, 100), (1.0, 0.9, 7), (0.5, 1.0, 12), (0.2, 0.0, 4), (3.0, 0.95, 1)):
        agrees(ctx, lr0, rate, step, mistakes=partial(_decay_mistakes, lr0, rate, step))


@check("exponential_decay", kind="advice",
       advice=tr("raise ValueError for a negative decay_rate or step",
                 "decay_rate 或 step 为负时抛出 ValueError"))
def decay_rejects_bad_input(ctx: Context) -> None:
    """exponential_decay raises ValueError for a negative decay_rate or step
    decay_rate 或 step 为负时，exponential_decay 抛出 ValueError"""
    ctx.expect_raises("ValueError", 0.1, -0.5, 3)
    ctx.expect_raises("ValueError", 0.1, 0.5, -1)


# -- int w0 ----------------------------------------------------------------------------------------
# "Inputs may be Python lists or NumPy arrays: convert with np.asarray(x, dtype=float)": a w0 of
# ints (w0 = [1, 1]) must not fail with a casting error in ``w -= lr * g``, nor be rounded.

_INT_W0 = ([1, -1, 0], np.array([2, 0, -1]))


def _int_failure(ctx: Context, obs: Observation, call: str) -> None:
    """Name the int-input mistake when the call failed on ints (a casting error, a TypeError):
    for a step whose worked example, with floats, passed already."""
    raised = obs.raised
    if raised is not None and int_cast_error(raised):
        raise Failure(Text(f"{ctx.exercise.name}: ", f"{ctx.exercise.name}：") + INT_TEXT,
                      f"call:     {call}\nraised:   {raised.summary()}", ("int_input",))


def _int_w0_call(ctx: Context, func: str, w0: Any, X: np.ndarray, y: np.ndarray
                 ) -> tuple[Observation, str, tuple[np.ndarray, list[np.ndarray]]]:
    """The exercise run from ``w0``, the call as shown, and the reference's (w, history)."""
    grad_fn = ctx.instrument("linreg_grad")
    grad = instruments.FUNCTIONS["linreg_grad"]({})
    if func == "batch_gd":
        obs = ctx.call(grad_fn, w0, X, y, LR, 3)
        call = f"batch_gd(grad_fn, w0={w0!r}, X, y, lr={LR}, epochs=3)"
        expected = ctx.reference.batch_gd(grad, w0, X, y, LR, 3)
    elif func == "sgd":
        obs = ctx.call(grad_fn, w0, X, y, LR, 2, ctx.generator(3))
        call = f"sgd(grad_fn, w0={w0!r}, X, y, lr={LR}, epochs=2, rng=np.random.default_rng(3))"
        expected = ctx.reference.sgd(grad, w0, X, y, LR, 2, np.random.default_rng(3))
    else:
        obs = ctx.call(grad_fn, w0, X, y, LR, 2, 3, ctx.generator(3))
        call = (f"minibatch_gd(grad_fn, w0={w0!r}, X, y, lr={LR}, epochs=2, batch_size=3, "
                f"rng=np.random.default_rng(3))")
        expected = ctx.reference.minibatch_gd(grad, w0, X, y, LR, 2, 3, np.random.default_rng(3))
    return obs, call, expected


def _right_from_floats(ctx: Context, func: str, w0: Any, X: np.ndarray, y: np.ndarray) -> bool:
    """Whether the same run from w0 written as floats is right: only then is a wrong run from
    ints the int-input mistake."""
    obs, call, expected = _int_w0_call(ctx, func, np.asarray(w0, dtype=float), X, y)
    try:
        _check_result(obs, expected[0], expected[1], call)
    except (Failure, LearnerError):
        return False
    return True


def _int_w0(ctx: Context, func: str) -> None:
    X, y = _data(ctx)
    for w0 in _INT_W0:
        obs, call, expected = _int_w0_call(ctx, func, w0, X, y)
        raised = obs.raised
        if raised is not None and int_cast_error(raised) and _right_from_floats(ctx, func, w0, X, y):
            raise Failure(Text(f"{ctx.exercise.name}: ", f"{ctx.exercise.name}：") + INT_TEXT,
                          f"call:     {call}\nraised:   {raised.summary()}", ("int_input",))
        try:
            _check_result(obs, expected[0], expected[1], call, w0)
        except Failure as failure:
            if not _right_from_floats(ctx, func, w0, X, y):
                raise  # wrong whatever w0 holds: not an int mistake
            raise Failure(Text(f"{ctx.exercise.name}: ", f"{ctx.exercise.name}：") + INT_TEXT + Text(" ", "")
                          + failure.message, failure.details, ("int_input", *failure.diagnosis)) from None
        ctx.expect_unchanged(obs, ARGS, call)


@check("batch_gd", requires="batch_calls")
def batch_int_w0(ctx: Context) -> None:
    """batch_gd starts from a w0 of ints (a list or an int array) and computes in float
    batch_gd 可以从整数 w0（列表或整数数组）出发，并按浮点数计算"""
    _int_w0(ctx, "batch_gd")


@check("sgd", requires="sgd_order")
def sgd_int_w0(ctx: Context) -> None:
    """sgd starts from a w0 of ints (a list or an int array) and computes in float
    sgd 可以从整数 w0（列表或整数数组）出发，并按浮点数计算"""
    _int_w0(ctx, "sgd")


@check("minibatch_gd", requires="minibatch_batches")
def minibatch_int_w0(ctx: Context) -> None:
    """minibatch_gd starts from a w0 of ints (a list or an int array) and computes in float
    minibatch_gd 可以从整数 w0（列表或整数数组）出发，并按浮点数计算"""
    _int_w0(ctx, "minibatch_gd")


@check("momentum_step", requires="momentum_worked_example")
def momentum_int_inputs(ctx: Context) -> None:
    """momentum_step takes w, v and g of ints (lists, int arrays) and computes in float
    momentum_step 接受整数的 w、v、g（列表、整数数组），并按浮点数计算"""
    for w, v, g in (([1, 2], [0, 0], [1, -1]), (np.array([3, -1]), np.array([1, 0]), np.array([2, 2]))):
        obs = ctx.call(w, v, g, 0.1)
        call = ctx.show(w, v, g, 0.1)
        _int_failure(ctx, obs, call)
        expected = ctx.reference.momentum_step(w, v, g, 0.1)
        _check_step(ctx, obs.result(), expected, ("w", "v"), call,
                    _momentum_mistakes(np.asarray(w, float), np.asarray(v, float), np.asarray(g, float), 0.1, 0.9))
        ctx.expect_unchanged(obs, ("w", "v", "g"), call)


@check("adam_step", requires="adam_worked_example")
def adam_int_inputs(ctx: Context) -> None:
    """adam_step takes w, m, v and g of ints (lists, int arrays) and computes in float
    adam_step 接受整数的 w、m、v、g（列表、整数数组），并按浮点数计算"""
    for w, m, v, g in (([1, 2], [0, 0], [0, 0], [1, -1]),
                       (np.array([3, -1]), np.array([0, 0]), np.array([0, 0]), np.array([2, 2]))):
        obs = ctx.call(w, m, v, g, 1, lr=0.1)
        call = ctx.show(w, m, v, g, 1, lr=0.1)
        _int_failure(ctx, obs, call)
        expected = ctx.reference.adam_step(w, m, v, g, 1, lr=0.1)
        _check_step(ctx, obs.result(), expected, ("w", "m", "v"), call, {})
        ctx.expect_unchanged(obs, ("w", "m", "v", "g"), call)
