"""Hidden checks for lesson 12: training, judged by its outcome.

``train_xor`` passes when lesson 9's *reference* forward pass, with the learner's
trained parameters and hidden activation, classifies the four XOR points, for seed 0
and for seed 1, and the training is real: during each call the learner's own lesson 9
``forward`` and lesson 10 ``backward`` ran and returned (however the learner imported
them), and the two seeds gave different parameters. A hand-set network fails with the
mistake ``xor:hand_set``.

``fit_curve`` passes when its ``predict`` has a mean squared error below 0.003 on fresh
points of the contract's curve *and* of a second curve of the same form whose
coefficients the grader draws: a ``predict`` that returns the lesson's formula, whatever
data it was given, fails with ``curve:formula``.

Every training always runs, each with its own time limit (the contract's 20 s or 60 s);
the time that decides a verdict is measured by the grader, never reported by the child.

While a training runs, the child watches the learner's functions from the earlier
lessons (calls, time, and the training loss ``backward`` saw), for the report's loss
curves and to say where the time went when a training is stopped. When a training
fails and an earlier lesson's function it imports fails its own checks, the feedback
names that function first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from grader.checking import Failure, LearnerError, LearnerTimeout, check
from grader.course import load_course
from grader.engine.context import Context
from grader.engine.observation import Observation
from grader.i18n import Text, tr
from grader.model import Outcome
from grader.numeric import labels
from grader.numeric.format import show
from grader.reference import load_reference
from grader.sandbox.codec import Handle
from grader.sandbox.probes import Probe, WatchReport

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])
HIDDEN = ("sigmoid", "tanh", "relu")
CONTRACT_SECONDS = {"train_xor": 20.0, "fit_curve": 60.0}
RUNS = 2  # trainings per exercise, each with its own time limit (two seeds; two curves)
TRAINED_BY = (("forward (lesson 9)", "lesson 9 forward", "第 9 课的 forward"),
              ("backward (lesson 10)", "lesson 10 backward", "第 10 课的 backward"))
MSE_THRESHOLD = 0.003
MIN_DESCENT = 0.02  # how far the XOR loss must fall from the first params forward is given
MIN_BETWEEN = 2  # sampled params whose loss lies in between (the middle 80 % of the fall)
RETURNED_BETTER = 0.1  # the returned params' loss below this share of the best sampled one: not trained
MIN_FIT_STEPS = 10  # backward calls a fit_curve training shows at least
FIT_LOSS_FALL = 0.5  # how far its loss falls at least, last against first (any units)
CURVE_POINTS, CURVE_NOISE, FRESH_POINTS = 200, 0.01, 400
SPACE = Text(" ", "")


CURVE = (0.4, 0.3, 15.0, 0.01, 50.0, -0.3)


def curve(x: np.ndarray, c: tuple[float, ...] = CURVE) -> np.ndarray:
    """The contract's curve, c1 x^2 + c2 x sin(c3 x) + c4 cos(c5 x) + c6: by default
    0.4 x^2 + 0.3 x sin(15 x) + 0.01 cos(50 x) - 0.3."""
    return np.asarray(c[0] * x ** 2 + c[1] * x * np.sin(c[2] * x) + c[3] * np.cos(c[4] * x) + c[5])


def second_curve(rng: np.random.Generator) -> tuple[float, ...]:
    """Coefficients of a second curve of the same form and similar size, far enough from
    the contract's curve that its formula cannot fit both (mean squared gap above 0.01)."""
    grid = np.linspace(0.0, 1.0, 401)
    while True:
        c = (float(rng.uniform(0.25, 0.55) * rng.choice([-1, 1])),
             float(rng.uniform(0.2, 0.35) * rng.choice([-1, 1])),
             float(rng.uniform(11.0, 17.0)), float(rng.uniform(0.005, 0.015)),
             float(rng.uniform(40.0, 60.0)), float(rng.uniform(-0.4, 0.2)))
        if np.mean((curve(grid, c) - curve(grid)) ** 2) > 0.01:
            return c


def _forward() -> Any:
    return load_reference("lesson09_forward").forward


# -- watching the training, and saying where the time went ----------------------------------


def _probes(ctx: Context) -> tuple[Probe, ...]:
    """Every exercise of the earlier lessons (watched wherever the learner's code uses it);
    lesson 9's forward and lesson 10's backward are loaded if the learner's file has not."""
    found = []
    for lesson in load_course().lessons:
        if lesson.number < ctx.lesson.number:
            for ex in lesson.exercises:
                key = (lesson.number, ex.name)
                found.append(Probe(lesson.module, ex.name, f"{ex.name} (lesson {lesson.number})",
                                   loss="backward" if key == (10, "backward") else None,
                                   load=key in ((9, "forward"), (10, "backward")),
                                   trajectory=key == (9, "forward") and ctx.exercise.name == "train_xor"))
    return tuple(found)


def where_the_time_went(report: WatchReport | None) -> Text:
    """Two or three sentences from what the watched functions did before the deadline."""
    used = sorted((f for f in (report.functions if report else ()) if f.calls),
                  key=lambda f: f.seconds, reverse=True)
    if report is None or not used:
        return tr("None of the time was spent inside the functions of lessons 9-11 (forward, backward, "
                  "the optimiser steps): it went into lesson 12's own code. Is there a loop that does "
                  "not end, or far too many steps?",
                  "时间没有花在第 9-11 课的函数里（forward、backward、优化器的一步）：而是花在第 12 课自己的"
                  "代码里。是否有不会结束的循环，或者步数太多？")
    parts = ", ".join(f"{f.seconds:.2f} s in {f.label} ({f.calls} calls, {1000 * f.seconds / f.calls:.2f} ms each)"
                      for f in used[:3])
    outside = max(0.0, report.elapsed - report.inside)
    text = tr("Where the time went, by the last progress report ({total:.1f} s in): {inside:.2f} s inside the "
              "functions of lessons 9-11 ({parts}; nested calls included) and {outside:.2f} s in lesson 12's "
              "own code.",
              "时间花在哪里（按最后一次进度报告，即开始后 {total:.1f} 秒）：{inside:.2f} 秒在第 9-11 课的函数里"
              "（{parts}；包括嵌套调用），{outside:.2f} 秒在第 12 课自己的代码里。",
              total=report.elapsed, inside=report.inside, parts=parts, outside=outside)
    if report.loss_count:
        text = text + SPACE + tr("Training had taken {n} backward steps ({ms:.1f} ms per step) by then; "
                                 "the last training loss was {loss:.4g}.",
                                 "那时训练已经做了 {n} 次 backward（每步 {ms:.1f} 毫秒）；"
                                 "最后的训练损失是 {loss:.4g}。",
                                 n=report.loss_count, ms=1000 * report.elapsed / report.loss_count,
                                 loss=report.last_loss if report.last_loss is not None else float("nan"))
    slow = used[0]
    if slow.seconds / slow.calls > 0.005:
        text = text + SPACE + tr("{label} takes {ms:.1f} ms per call: vectorise it (no Python loops over "
                                 "samples or entries).",
                                 "{label} 每次调用要 {ms:.1f} 毫秒：请向量化（不要用 Python 循环逐个样本或元素计算）。",
                                 label=slow.label, ms=1000 * slow.seconds / slow.calls)
    elif outside > report.inside:
        text = text + SPACE + tr("Most of the time goes into lesson 12's own code between those calls: look at "
                                 "what runs there on every step (a sleep, printing, a loop over entries, "
                                 "something large recomputed).",
                                 "大部分时间花在这些调用之间第 12 课自己的代码里：检查每一步都在那里运行什么"
                                 "（sleep、打印、逐元素循环、反复重算的大量计算）。")
    return text


def _run(ctx: Context, seed: int, *args: Any) -> tuple[Observation, Any]:
    """Call the exercise with ``seed``, watched, with its own time limit.

    The grader times the call (``obs.elapsed`` is the parent's clock); past the limit the
    verdict is a timeout, whatever earlier calls took and whatever the child says.
    """
    func = ctx.exercise.name
    limit = ctx.timed_limit(CONTRACT_SECONDS[func], RUNS)
    try:
        obs = ctx.call_timed(limit, _probes(ctx), args, {"seed": seed})
    except LearnerTimeout as stopped:
        raise LearnerTimeout(stopped.message + SPACE + where_the_time_went(stopped.progress),
                             stopped.details, stopped.progress) from None
    value = obs.result()
    if obs.elapsed > limit:
        raise LearnerTimeout(tr("{func}(seed={seed}) took {s:.1f} s; the limit is {limit:.0f} s. ",
                                "{func}(seed={seed}) 用了 {s:.1f} 秒；上限是 {limit:.0f} 秒。",
                                func=func, seed=seed, s=obs.elapsed, limit=limit)
                             + where_the_time_went(obs.watch), "", obs.watch)
    return obs, value


def _loss_series(report: WatchReport | None, seed: int) -> dict[str, Any] | None:
    if report is None or not report.loss_x:
        return None
    return {"name": f"seed {seed}", "x": list(report.loss_x), "y": [float(f"{v:.6g}") for v in report.loss_y]}


def _loss_figure(ctx: Context, what: str) -> dict[str, Any]:
    series = [s for s in ctx.memo.get("curves", {}).values() if s is not None]
    return {
        "kind": "line_chart",
        "title": tr("{what}: training loss (as your backward saw it)", "{what}：训练损失（backward 看到的）",
                    what=what).to_dict(),
        "x_label": tr("backward call (training step)", "backward 调用次数（训练步数）").to_dict(),
        "y_label": tr("loss", "损失").to_dict(),
        "y_scale": "log",
        "series": series,
    }


# -- an earlier lesson that fails is named first -----------------------------------------------


def _earlier_failures(ctx: Context) -> Text | None:
    """The earlier lessons' functions this file uses that fail their own checks, in words."""
    if "earlier" in ctx.memo:
        cached: Text | None = ctx.memo["earlier"]
        return cached
    used = ctx.source.dotted_names()
    wanted: dict[str, list[str]] = {}
    for lesson in load_course().lessons:
        if lesson.number < ctx.lesson.number:
            names = [e.name for e in lesson.exercises if f"{lesson.module}.{e.name}" in used]
            if names:
                wanted[lesson.id] = names
    failing: list[tuple[int, str, Text | None]] = []
    for lesson_id, names in wanted.items():
        result = ctx.grade_other(lesson_id, tuple(names))
        if result is None:  # no time left to look
            break
        number = int(lesson_id.removeprefix("lesson"))
        for ex in result.exercises:
            if ex.outcome is not Outcome.PASSED:
                first = next((c.message for c in ex.checks
                              if c.outcome not in (Outcome.PASSED, Outcome.SKIPPED) and c.message), None)
                failing.append((number, ex.name, first))
    text: Text | None = None
    if failing:
        one = len(failing) == 1
        listed = Text(" and ".join(f"lesson {n} {name}" for n, name, _ in failing),
                      "、".join(f"第 {n} 课的 {name}" for n, name, _ in failing))
        text = Text(f"your {listed.en} {'fails its' if one else 'fail their'} own checks: "
                    f"fix {'it' if one else 'them'} first.",
                    f"你的{listed.zh} 没有通过{'它' if one else '它们'}自己的检查：请先修正{'它' if one else '它们'}。")
        number, name, first = failing[0]
        if first is not None:
            text = text + SPACE + tr("Lesson {n} {name}: ", "第 {n} 课的 {name}：", n=number, name=name) + first
        text = text + SPACE
    ctx.memo["earlier"] = text
    return text


@contextmanager
def _blaming_earlier_lessons(ctx: Context) -> Iterator[None]:
    """A failure, error or timeout first names the earlier function that is wrong, if any."""
    try:
        yield
    except Failure as exc:
        earlier = _earlier_failures(ctx)
        if earlier is None:
            raise
        raise Failure(earlier + _SAW + exc.message, exc.details, ("earlier_lesson", *exc.diagnosis),
                      exc.data) from None
    except LearnerError as exc:
        earlier = _earlier_failures(ctx)
        if earlier is None:
            raise
        raise LearnerError(earlier + _SAW + exc.message, exc.details) from None
    except LearnerTimeout as exc:
        earlier = _earlier_failures(ctx)
        if earlier is None:
            raise
        raise LearnerTimeout(earlier + _SAW + exc.message, exc.details, exc.progress) from None


_SAW = tr("What this check saw: ", "本检查看到的是：")


# -- train_xor ----------------------------------------------------------------------------------


def _xor_params(value: Any, call: str) -> tuple[dict[str, np.ndarray], str]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Failure(tr("train_xor returns the pair (params, hidden).", "train_xor 应返回 (params, hidden) 二元组。"),
                      f"call:     {call}\nobtained: {show(value)}", ("wrong_type",))
    params, hidden = value
    if hidden not in HIDDEN:
        raise Failure(tr("the hidden activation's name must be one of 'sigmoid', 'tanh', 'relu', not {got}.",
                         "隐藏层激活函数名必须是 'sigmoid'、'tanh'、'relu' 之一，而不是 {got}。",
                         got=show(hidden, 80)), f"call:     {call}", ("xor:hidden_name",))
    if not isinstance(params, dict) or any(k not in params for k in ("W1", "b1", "W2", "b2")):
        raise Failure(tr("params must be lesson 9's dict with W1, b1, W2 and b2.",
                         "params 必须是第 9 课的字典，含 W1、b1、W2、b2。"),
                      f"call:     {call}\nobtained: {show(params)}", ("xor:params",))
    arrays = {k: np.asarray(params[k]) for k in ("W1", "b1", "W2", "b2")}
    h = arrays["W1"].shape[1] if arrays["W1"].ndim == 2 else -1
    want = {"W1": (2, h), "b1": (h,), "W2": (h, 1), "b2": (1,)}
    for key, shape in want.items():
        if h < 1 or arrays[key].shape != shape or arrays[key].dtype.kind not in "fiu":
            raise Failure(tr("{key} has shape {got}; a 2-H-1 network has W1 (2, H), b1 (H,), W2 (H, 1), b2 (1,).",
                             "{key} 的形状是 {got}；2-H-1 网络的参数为 W1 (2, H)、b1 (H,)、W2 (H, 1)、b2 (1,)。",
                             key=key, got=arrays[key].shape), f"call:     {call}", ("xor:shapes",))
        if not np.all(np.isfinite(arrays[key])):
            raise Failure(tr("{key} contains NaN or inf: the training diverged (a learning rate that is "
                             "too large, or a gradient with the wrong sign?).",
                             "{key} 中有 NaN 或 inf：训练发散了（学习率太大，或梯度符号反了？）。", key=key),
                          f"call:     {call}", ("xor:diverged",))
    return {k: v.astype(float) for k, v in arrays.items()}, str(hidden)


IDENTITY_FIT = 0.2  # |Z2 - y| on every XOR point below this: Z2 itself was fitted to the targets


def _xor_outputs(params: dict[str, np.ndarray], hidden: str) -> np.ndarray:
    with np.errstate(all="ignore"):
        A2, _ = _forward()(XOR_X, params, hidden, "sigmoid")
    return np.asarray(A2, dtype=float)[:, 0]


def _classifies(outputs: np.ndarray) -> bool:
    return bool(np.all(np.where(XOR_Y == 1, outputs > 0.5, outputs < 0.5)))


def _regions(params: dict[str, np.ndarray], hidden: str, seed: int) -> dict[str, Any]:
    grid = np.linspace(-0.25, 1.25, 31)
    gx, gy = np.meshgrid(grid, grid)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    with np.errstate(all="ignore"):
        A2, _ = _forward()(points, params, hidden, "sigmoid")
    z = np.asarray(A2, dtype=float)[:, 0].reshape(gx.shape)
    outputs = _xor_outputs(params, hidden)
    return {
        "kind": "regions",
        "title": tr("XOR: your network's output, seed {seed} (class 1 where above 0.5)",
                    "异或：你的网络的输出，seed = {seed}（大于 0.5 处为第 1 类）", seed=seed).to_dict(),
        "x": [float(f"{v:.4g}") for v in grid], "y": [float(f"{v:.4g}") for v in grid],
        "z": [[float(f"{v:.4g}") for v in row] for row in z],
        "threshold": 0.5,
        "points": [{"x": float(x1), "y": float(x2), "label": int(label), "output": float(f"{out:.4g}"),
                    "correct": bool((out > 0.5) == (label == 1))}
                   for (x1, x2), label, out in zip(XOR_X, XOR_Y, outputs)],
    }


def _xor_failure(ctx: Context, params: dict[str, np.ndarray], hidden: str, seed: int, call: str,
                 report: WatchReport | None, outputs: np.ndarray) -> Failure:
    details = (f"call:     {call}\nforward(XOR_X, params, {hidden!r}, 'sigmoid') = {np.round(outputs, 4).tolist()}"
               f"\nneeded:   [< 0.5, > 0.5, > 0.5, < 0.5]")
    for other in HIDDEN:
        if other != hidden and _classifies(_xor_outputs(params, other)):
            return Failure(tr("your params classify XOR with hidden={other!r}, but train_xor returned "
                              "{hidden!r}: return the name of the activation you trained with.",
                              "你的参数在 hidden={other!r} 时能正确分类异或，但 train_xor 返回的是 {hidden!r}："
                              "请返回训练时用的激活函数名。", other=other, hidden=hidden),
                           details, ("xor:hidden_name",))
    h = params["W1"].shape[1]
    initial = load_reference("lesson09_forward").init_params(2, h, 1, np.random.default_rng(seed))
    if all(np.allclose(params[k], initial[k]) for k in initial):
        return Failure(tr("the returned params are the initial ones, init_params(2, {h}, 1, "
                          "np.random.default_rng({seed})): training never changed them (did you update a "
                          "copy of the dict, or return the dict from before training?).",
                          "返回的参数就是初始参数 init_params(2, {h}, 1, np.random.default_rng({seed}))："
                          "训练从未改变它们（是否更新的是字典的副本，或者返回了训练前的字典？）。", h=h, seed=seed),
                       details, ("xor:untrained",))
    with np.errstate(all="ignore"):
        raw = np.asarray(_forward()(XOR_X, params, hidden, "identity")[0], dtype=float)[:, 0]
    if np.all(np.abs(raw - XOR_Y) < IDENTITY_FIT):
        # Z2 itself fits the targets 0 and 1: the network was trained with output="identity"
        # (lesson 9's default), so a target 0 sits at sigmoid(0) = 0.5, on either side by chance.
        return Failure(tr("the network's outputs before the sigmoid, Z2 = {raw}, are close to the targets 0 and "
                          "1: it was trained with output='identity' (forward's default). train_xor's network has "
                          "a sigmoid output: pass 'sigmoid' to forward and backward, so that a target 0 means an "
                          "output below 0.5 (Z2 below 0), not Z2 = 0, which is sigmoid(0) = 0.5.",
                          "网络在 sigmoid 之前的输出 Z2 = {raw} 接近目标值 0 和 1：它是用 output='identity'"
                          "（forward 的默认值）训练的。train_xor 的网络输出层是 sigmoid：请给 forward 和 backward "
                          "都传入 'sigmoid'，这样目标 0 对应低于 0.5 的输出（Z2 小于 0），而不是 Z2 = 0，"
                          "那是 sigmoid(0) = 0.5。", raw=(np.round(raw, 3) + 0.0).tolist()),
                       details, ("xor:identity_output",))
    loss = ""
    if report is not None and len(report.loss_y) > 1:
        loss = f"\ntraining loss (your backward): first {report.loss_y[0]:.4g}, last {report.loss_y[-1]:.4g}"
    if report is not None and len(report.loss_y) > 1 and report.loss_y[-1] > report.loss_y[0] * 1.05:
        return Failure(tr("the training loss went up, from {a:.4g} to {b:.4g}: the updates climb the loss "
                          "instead of descending it (w = w - lr * grad, and backward's sign).",
                          "训练损失上升了，从 {a:.4g} 到 {b:.4g}：更新在增大损失而不是减小损失"
                          "（应为 w = w - lr * grad，并检查 backward 的符号）。",
                          a=report.loss_y[0], b=report.loss_y[-1]), details + loss, ("xor:ascent",))
    barely = report is not None and len(report.loss_y) > 1 and report.loss_y[-1] > 0.9 * report.loss_y[0]
    if barely or np.all(np.abs(outputs - 0.5) < 0.1):
        return Failure(tr("the network still outputs about 0.5 for every point: training barely moved it (a "
                          "learning rate that is too small, too few steps, or updates that are not applied?).",
                          "网络对每个点的输出仍然都约为 0.5：训练几乎没有改变它"
                          "（学习率太小、步数太少，还是更新没有生效？）。"),
                       details + loss, ("xor:not_trained",))
    wrong = int(np.sum(np.where(XOR_Y == 1, outputs <= 0.5, outputs >= 0.5)))
    return Failure(tr("with seed {seed}, {wrong} of the 4 XOR points {are} on the wrong side of 0.5: the training "
                      "got stuck. More hidden units (4-8), tanh with Adam (lr about 0.05) or more steps make it "
                      "reliable for every seed.",
                      "seed = {seed} 时，4 个异或点中有 {wrong} 个在 0.5 的错误一侧：训练卡住了。"
                      "更多隐藏单元（4-8 个）、tanh 配 Adam（lr 约 0.05）或更多步数能让每个 seed 都可靠。",
                      seed=seed, wrong=wrong,
                      are="is" if wrong == 1 else "are"),
                   details + loss, ("xor:stuck",))


def _not_trained(report: WatchReport | None, call: str) -> Failure | None:
    """A hand-set network: the learner's own forward and backward did not run and return."""
    names = Text(*_missing_names(report))
    if not names.en:
        return None
    rows_en, rows_zh = [f"call:     {call}"], [f"调用： {call}"]
    for label, en, zh in TRAINED_BY:
        if report is not None and label in report.replaced:
            rows_en.append(f"{en}: replaced by other code at run time")
            rows_zh.append(f"{zh}：运行时被其他代码替换")
        else:
            calls, returned = (report.calls(label), report.returned(label)) if report else (0, 0)
            rows_en.append(f"{en}: {calls} call{'' if calls == 1 else 's'}, {returned} returned")
            rows_zh.append(f"{zh}：调用 {calls} 次，正常返回 {returned} 次")
    return Failure(Text(f"a hand-set network: during {call} your {names.en} never ran to the end, so these "
                        "params were not trained. Train them: init_params, then repeat forward (lesson 9), "
                        "backward (lesson 10) and an update step (lesson 11), importing those functions "
                        "from your lesson files.",
                        f"手工设定的网络：在 {call} 期间，你的{names.zh} 从未运行完成，所以这些参数不是训练出来的。"
                        "请训练它们：先 init_params，然后反复执行 forward（第 9 课）、backward（第 10 课）"
                        "和一次更新（第 11 课），这些函数从你自己的课程文件中导入。"),
                   Text("\n".join(rows_en), "\n".join(rows_zh)), ("xor:hand_set",))


def _xor_loss(params: dict[str, np.ndarray], hidden: str) -> float:
    """The binary cross-entropy of a network on the four XOR points (reference forward)."""
    p = np.clip(_xor_outputs(params, hidden), 1e-12, 1 - 1e-12)
    return float(-np.mean(XOR_Y * np.log(p) + (1 - XOR_Y) * np.log(1 - p)))


def _not_descended(report: WatchReport | None, params: dict[str, np.ndarray], hidden: str,
                   call: str) -> Failure | None:
    """A hand-set network that the learner's forward and backward merely ran on.

    Training moves the params in small steps from where it starts to what it returns, so
    the loss of the params the learner's ``forward`` was given (a sample of its calls,
    ``probes.Trajectory``) falls from the first call's through values in between, and
    what is returned is what those steps reached (the last call's params, a step beyond
    them, or the best of them). Measured here, by the
    reference forward on the four XOR points, never taken from the child. Fails when the
    loss did not fall by ``MIN_DESCENT``, when fewer than ``MIN_BETWEEN`` sampled params
    lie in between (a jump from a start to a hand-set network), or when the returned
    params are far better than the best ones ``forward`` saw, a tenth of their loss (hand-
    set after a training that did not get there; a loop that keeps its best params and
    returns them after a worse last step is still its own training).
    """
    if report is None:
        return None  # _not_trained has failed it already
    losses = [_xor_loss(point, hidden) for point in report.trajectory]
    final = _xor_loss(params, hidden)
    calls, unreadable = report.trajectory_calls, report.trajectory_unreadable
    rows_en = [f"call:     {call}",
               f"forward (lesson 9): {calls} call{'' if calls == 1 else 's'}, the params of {len(losses)} of them kept"
               + (f", {unreadable} given params that were not lesson 9's dict of arrays" if unreadable else "")]
    rows_zh = [f"调用： {call}",
               f"第 9 课的 forward：调用 {report.trajectory_calls} 次，记录了其中 {len(losses)} 次的参数"
               + (f"，其中 {report.trajectory_unreadable} 次传入的参数不是第 9 课的数组字典"
                  if report.trajectory_unreadable else "")]
    if losses:
        shown = _shown_losses(losses)
        rows_en.append(f"loss on the four XOR points of the params forward was given: {shown}")
        rows_en.append(f"loss of the params returned: {final:.4g}")
        rows_zh.append(f"forward 收到的参数在 4 个异或点上的损失：{shown}")
        rows_zh.append(f"返回的参数的损失：{final:.4g}")
    details = Text("\n".join(rows_en), "\n".join(rows_zh))
    if not losses:
        return Failure(tr("a hand-set network: during {call} your forward (lesson 9) was never given the params "
                          "as lesson 9's dict of W1, b1, W2 and b2 arrays, so no training can be seen. Pass the "
                          "params dict you train to forward(X, params, hidden, \"sigmoid\") in every step.",
                          "手工设定的网络：在 {call} 期间，你的第 9 课 forward 从未收到第 9 课格式的参数字典"
                          "（W1、b1、W2、b2 数组），所以看不到任何训练。每一步都把正在训练的参数字典传给 "
                          "forward(X, params, hidden, \"sigmoid\")。", call=call),
                       details, ("xor:hand_set",))
    start, last = losses[0], losses[-1]
    drop = start - final
    between = sum(1 for v in losses[1:-1] if final + 0.1 * drop < v < start - 0.1 * drop)
    if drop < MIN_DESCENT or between < MIN_BETWEEN:
        return Failure(tr("a hand-set network: the params your forward was given during {call} did not descend "
                          "step by step to the ones returned (loss {start:.4g} at the first call, {final:.4g} "
                          "returned, {between} sampled steps in between). Train them: start from "
                          "init_params, and repeat forward, backward and an update step on the same params "
                          "until the four points are classified.",
                          "手工设定的网络：在 {call} 期间，forward 收到的参数并没有一步步下降到返回的参数"
                          "（第一次调用时损失 {start:.4g}，返回的 {final:.4g}，中间只有 {between} 个采样步骤）。"
                          "请训练它们：从 init_params 开始，对同一组参数反复执行 forward、backward 和一次更新，"
                          "直到 4 个点都分类正确。",
                          call=call, start=start, final=final, between=between),
                       details, ("xor:hand_set",))
    best = min(losses)
    if final < RETURNED_BETTER * best - 1e-3:
        return Failure(tr("a hand-set network: the params {call} returned are not the ones your training reached: "
                          "the best params your forward was given have loss {best:.4g} on the four XOR points "
                          "(the last ones {last:.4g}), the returned ones {final:.4g}. Return the params your "
                          "training loop updated.",
                          "手工设定的网络：{call} 返回的参数不是训练得到的参数：forward 收到过的最好的参数在 "
                          "4 个异或点上的损失是 {best:.4g}（最后一次的是 {last:.4g}），返回的却是 {final:.4g}。"
                          "请返回训练循环更新后的参数。",
                          call=call, best=best, last=last, final=final),
                       details, ("xor:hand_set",))
    return None


def _shown_losses(losses: list[float]) -> str:
    """All the losses, or the first three and the last three of many."""
    if len(losses) <= 7:
        return ", ".join(f"{v:.4g}" for v in losses)
    return ", ".join(f"{v:.4g}" for v in losses[:3]) + ", ..., " + ", ".join(f"{v:.4g}" for v in losses[-3:])


def _train_xor(ctx: Context, seed: int) -> dict[str, Any]:
    """Train with ``seed``; a wrong or untrained result raises its verdict."""
    call = f"train_xor(seed={seed})"
    with _blaming_earlier_lessons(ctx):
        obs, value = _run(ctx, seed)
        params, hidden = _xor_params(value, call)
        outputs = _xor_outputs(params, hidden)
        ctx.memo.setdefault("curves", {})[seed] = _loss_series(obs.watch, seed)
        ctx.data["seconds"] = round(obs.elapsed, 3)
        if not _classifies(outputs):
            ctx.data["figure"] = _regions(params, hidden, seed)
            raise _xor_failure(ctx, params, hidden, seed, call, obs.watch, outputs)
        untrained = _not_trained(obs.watch, call) or _not_descended(obs.watch, params, hidden, call)
        if untrained is not None:
            raise untrained
    ctx.memo.setdefault("params", {})[seed] = params
    return _regions(params, hidden, seed)


def _same_params(one: dict[str, np.ndarray], other: dict[str, np.ndarray]) -> bool:
    return all(one[k].shape == other[k].shape and np.allclose(one[k], other[k], rtol=1e-9, atol=1e-12)
               for k in ("W1", "b1", "W2", "b2"))


@check("train_xor")
def train_xor_learns_xor(ctx: Context) -> None:
    """train_xor(seed=0), trained by your forward and backward, classifies all four XOR points
    train_xor(seed=0) 用你的 forward 和 backward 训练，能正确分类全部 4 个异或点"""
    ctx.data["figure"] = _train_xor(ctx, 0)


@check("train_xor", requires="train_xor_learns_xor")
def train_xor_any_seed(ctx: Context) -> None:
    """train_xor works for another seed too (seed=1), and the seed changes the trained params
    换一个 seed（seed=1）train_xor 也能成功，且不同的 seed 训练出不同的参数"""
    try:
        _train_xor(ctx, 1)
        first, second = ctx.memo["params"][0], ctx.memo["params"][1]
        if _same_params(first, second):
            raise Failure(tr("a hand-set network: train_xor(seed=0) and train_xor(seed=1) returned the same "
                             "params. Training starts from init_params(2, H, 1, np.random.default_rng(seed)), "
                             "so the seed changes where it starts and what it ends with.",
                             "手工设定的网络：train_xor(seed=0) 和 train_xor(seed=1) 返回了相同的参数。"
                             "训练从 init_params(2, H, 1, np.random.default_rng(seed)) 开始，"
                             "所以 seed 会改变起点，也会改变结果。"),
                          Text(f"W1 for seed 0: {np.round(first['W1'], 4).tolist()}\n"
                               f"W1 for seed 1: {np.round(second['W1'], 4).tolist()}",
                               f"seed 0 的 W1：{np.round(first['W1'], 4).tolist()}\n"
                               f"seed 1 的 W1：{np.round(second['W1'], 4).tolist()}"),
                          ("xor:hand_set",))
    finally:
        ctx.data["figure"] = _loss_figure(ctx, "XOR")


# -- fit_curve ----------------------------------------------------------------------------------


def _curve_data(ctx: Context, c: tuple[float, ...], salt: str = ""
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = ctx.rng("data" + salt)
    x = rng.uniform(0.0, 1.0, CURVE_POINTS)
    y = curve(x, c) + rng.normal(0.0, CURVE_NOISE, CURVE_POINTS)
    fresh = ctx.rng("fresh" + salt).uniform(0.0, 1.0, FRESH_POINTS)
    return x, y, fresh


def _formula(c: tuple[float, ...]) -> str:
    return (f"{c[0]:.3g} x^2 {'+' if c[1] >= 0 else '-'} {abs(c[1]):.3g} x sin({c[2]:.3g} x) + "
            f"{c[3]:.3g} cos({c[4]:.3g} x) {'+' if c[5] >= 0 else '-'} {abs(c[5]):.3g}")


def _predict(ctx: Context, handle: Handle, x_new: np.ndarray, call: str) -> np.ndarray:
    got = ctx.call_handle(handle, x_new).result()
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "fiu":
        raise Failure(tr("predict(x_new) returns a 1-D float array, not {kind}.",
                         "predict(x_new) 应返回一维浮点数组，而不是 {kind}。", kind=type(got).__name__),
                      f"call:     {call}\nobtained: {show(got)}", ("curve:predict_type",))
    if got.shape != x_new.shape:
        hint = (tr(" (take the column: A2[:, 0])", "（取出那一列：A2[:, 0]）")
                if got.shape == (x_new.shape[0], 1) else Text("", ""))
        raise Failure(tr("predict(x_new) returned shape {got} for {n} points; it returns one prediction per "
                         "point, shape ({n},)",
                         "对 {n} 个点，predict(x_new) 返回了形状 {got}；应每个点一个预测值，形状 ({n},)",
                         got=got.shape, n=x_new.shape[0]) + hint + Text(".", "。"),
                      f"call:     {call}", ("curve:predict_shape",))
    return got.astype(float)


def _curve_failure(ctx: Context, handle: Handle, x: np.ndarray, y: np.ndarray, fresh: np.ndarray,
                   pred: np.ndarray, mse: float, call: str, report: WatchReport | None,
                   c: tuple[float, ...]) -> Failure:
    target = curve(fresh, c)
    details = labels.join(labels.row("call", call), labels.row("curve", f"y = {_formula(c)}"), tr(
        "mean squared error on {n} fresh points: {mse:.5f} (must be below {limit}; y's variance is "
        "{var:.4f})", "在 {n} 个新的点上的均方误差：{mse:.5f}（必须低于 {limit}；y 的方差为 {var:.4f}）",
        n=fresh.size, mse=mse, limit=MSE_THRESHOLD, var=np.var(y)))
    if report is not None and report.loss_y:
        details += tr("\ntraining loss (your backward, in its own units): first {a:.4g}, last {b:.4g}, "
                      "{n} steps", "\n训练损失（用你的 backward，按它自己的单位）：第一步 {a:.4g}，"
                      "最后一步 {b:.4g}，共 {n} 步", a=report.loss_y[0], b=report.loss_y[-1],
                      n=report.loss_count)
    if c != CURVE and np.all(np.isfinite(pred)) and np.mean((pred - curve(fresh)) ** 2) < MSE_THRESHOLD:
        return Failure(tr("a formula that ignores the data: given points of another curve, y = {other}, "
                          "predict still returns the lesson's curve 0.4 x^2 + 0.3 x sin(15 x) + "
                          "0.01 cos(50 x) - 0.3. fit_curve must learn the curve from (x, y): train a "
                          "network on them.",
                          "一个忽略数据的公式：给出另一条曲线 y = {other} 上的点时，predict 仍然返回课程里的曲线 "
                          "0.4 x^2 + 0.3 x sin(15 x) + 0.01 cos(50 x) - 0.3。fit_curve 必须从 (x, y) "
                          "学出曲线：用这些点训练一个网络。", other=_formula(c)),
                       details, ("curve:formula",))
    if np.all(np.isfinite(pred)):
        design = np.column_stack([pred, np.ones_like(pred)])
        (a, b), *_ = np.linalg.lstsq(design, target, rcond=None)
        if np.mean((a * pred + b - target) ** 2) < MSE_THRESHOLD / 2:
            if np.isclose(a, np.std(y), rtol=0.2) and np.isclose(b, np.mean(y), atol=0.05):
                return Failure(tr("the predictions follow the curve, but in the scaled units the network was "
                                  "trained in: undo the scaling on the output, y_pred = A2[:, 0] * y_std + y_mean "
                                  "(the training y's std and mean).",
                                  "预测值的形状与曲线一致，但仍是训练时缩放后的单位：请在输出上撤销缩放，"
                                  "y_pred = A2[:, 0] * y_std + y_mean（训练数据 y 的标准差和均值）。"),
                               details, ("curve:scaled_output",))
            return Failure(tr("the predictions follow the curve's shape but with the wrong scale or offset "
                              "(the curve is about {a:.3g} * yours + {b:.3g}): predict must undo exactly the "
                              "scaling used in training.",
                              "预测值的形状与曲线一致，但比例或偏移不对（曲线约为 {a:.3g} * 你的预测 + {b:.3g}）："
                              "predict 必须准确撤销训练时用的缩放。", a=a, b=b), details, ("curve:affine",))
    scaled = (fresh - x.mean()) / x.std()
    try:
        again = _predict(ctx, handle, scaled, call)
    except (Failure, LearnerError):
        again = None
    if again is not None and np.mean((again - target) ** 2) < MSE_THRESHOLD:
        return Failure(tr("predict does not scale x_new the way the training inputs were scaled: apply the "
                          "same (x - mean) / std (with the training x's mean and std) inside predict.",
                          "predict 没有像训练输入那样缩放 x_new：请在 predict 内部用同样的 (x - mean) / std"
                          "（训练数据 x 的均值和标准差）。"), details, ("curve:unscaled_input",))
    if np.std(pred) < 0.1 * np.std(target):
        return Failure(tr("the predictions barely depend on x: the network learned little more than the "
                          "mean (scale x and y, use more steps or Adam).",
                          "预测值几乎不随 x 变化：网络只学到了均值左右（请缩放 x 和 y，增加步数或使用 Adam）。"),
                       details, ("curve:flat",))
    return Failure(tr("the fit is not close enough: mean squared error {mse:.4f} on fresh points, the "
                      "threshold is {t}. The network must follow the wiggles of sin(15 x): scale x and y, "
                      "use about 32 tanh units, full-batch Adam and a few thousand steps.",
                      "拟合不够好：在新的点上均方差为 {mse:.4f}，阈值为 {t}。网络必须跟上 sin(15 x) 的起伏："
                      "缩放 x 和 y，用约 32 个 tanh 单元、全批量 Adam 和几千步训练。", mse=mse, t=MSE_THRESHOLD),
                   details, ("curve:loose",))


def _fit(ctx: Context, c: tuple[float, ...], salt: str, seed: int = 0) -> Failure | None:
    """Fit the curve with coefficients ``c``; a fit that is not close enough raises its verdict.

    A close fit that no network of the learner's made is returned, not raised: the second
    curve may still say more (a formula that ignores the data fits only the first)."""
    x, y, fresh = _curve_data(ctx, c, salt)
    call = f"fit_curve(x, y, seed={seed})  with {x.size} noisy points of the curve, then predict({fresh.size} fresh x)"
    name = "curve" if c == CURVE else "second curve"
    with _blaming_earlier_lessons(ctx):
        obs, handle = _run(ctx, seed, x, y)
        if not isinstance(handle, Handle):
            raise Failure(tr("fit_curve returns a function predict(x_new), not {kind}.",
                             "fit_curve 应返回函数 predict(x_new)，而不是 {kind}。", kind=type(handle).__name__),
                          f"call:     {call}\nobtained: {show(handle)}", ("curve:not_callable",))
        pred = _predict(ctx, handle, fresh, call)
        with np.errstate(all="ignore"):
            mse = float(np.mean((pred - curve(fresh, c)) ** 2))
        grid = np.linspace(0.0, 1.0, 101)
        try:
            on_grid = _predict(ctx, handle, grid, call)
        except (Failure, LearnerError):
            on_grid = None
        ctx.data["figure"] = {
            "kind": "line_chart",
            "title": (tr("fit_curve: your predict and the curve", "fit_curve：你的 predict 与曲线")
                      if c == CURVE else
                      tr("fit_curve on a second curve: your predict and the curve",
                         "fit_curve 拟合第二条曲线：你的 predict 与曲线")).to_dict(),
            "x_label": tr("x", "x").to_dict(), "y_label": tr("y", "y").to_dict(), "y_scale": "linear",
            "series": [
                {"name": "curve", "x": grid.round(4).tolist(), "y": curve(grid, c).round(5).tolist()},
                *([{"name": "predict", "x": grid.round(4).tolist(),
                    "y": [float(f"{v:.5g}") for v in on_grid]}] if on_grid is not None else []),
                {"name": "training data", "style": "points", "x": x.round(4).tolist(), "y": y.round(5).tolist()},
            ],
        }
        ctx.data.setdefault("mse", {})[name] = float(f"{mse:.6g}")
        ctx.data.setdefault("seconds", {})[name] = round(obs.elapsed, 3)
        if not np.isfinite(mse) or mse >= MSE_THRESHOLD:
            raise _curve_failure(ctx, handle, x, y, fresh, pred, mse, call, obs.watch, c)
    ctx.expect_unchanged(obs, ("x", "y"), call)  # "Functions never modify their inputs."
    return (_no_network_trained(obs.watch, f"fit_curve(x, y, seed={seed})")
            or _looks_up_the_points(ctx, handle, x, y, call))


def _looks_up_the_points(ctx: Context, handle: Handle, x: np.ndarray, y: np.ndarray, call: str) -> Failure | None:
    """A ``predict`` that gives the training points back exactly: ``np.interp`` of them, or
    a table, beside a training it does not use. A network fitted to noisy points smooths
    the noise: it never returns every noisy y to within 1e-9."""
    try:
        on_points = _predict(ctx, handle, x, call)
    except (Failure, LearnerError):
        return None  # predict on the training x failing is not this check's to judge
    if on_points.shape != y.shape or not np.allclose(on_points, y, rtol=0.0, atol=1e-9):
        return None
    return Failure(tr("not a trained network: at the {n} training points predict returns their noisy y exactly, "
                      "so it looks the points up (np.interp, a table) instead of running a network, which "
                      "smooths the noise. Make predict run forward with the trained params.",
                      "不是训练出来的网络：在 {n} 个训练点上，predict 原样返回了带噪声的 y，说明它是在查找这些点"
                      "（np.interp 或查表），而不是运行网络（网络会把噪声平滑掉）。请让 predict 用训练后的参数"
                      "运行 forward。", n=x.size),
                   labels.join(labels.row("call", call)), ("curve:not_trained",))


def _no_network_trained(report: WatchReport | None, call: str) -> Failure | None:
    """A fit that no network of the learner's made: the exercise says to train a 1-H-1
    network with lessons 9-11, and ``np.interp`` of the points, or a polynomial, follows
    the curve too. So, as for ``train_xor``, the learner's own lesson 9 ``forward`` and
    lesson 10 ``backward`` must have run and returned during the call."""
    missing = _not_trained(report, call)
    if missing is None:
        return _loss_did_not_fall(report, call)
    return Failure(tr("not a trained network: during {call} your {names} never ran to the end, so predict does "
                      "not come from a network you trained. Train a 1-H-1 network on (x, y) with your lessons "
                      "9-11: init_params, then repeat forward, backward and an update step, and make predict "
                      "use the trained params.",
                      "不是训练出来的网络：在 {call} 期间，你的{names} 从未运行完成，所以 predict 不是来自你训练的"
                      "网络。请用第 9-11 课的代码在 (x, y) 上训练一个 1-H-1 网络：先 init_params，然后反复执行 "
                      "forward、backward 和一次更新，并让 predict 使用训练后的参数。",
                      call=call, names=Text(*_missing_names(report))),
                   missing.details, ("curve:not_trained",))


def _loss_did_not_fall(report: WatchReport | None, call: str) -> Failure | None:
    """A fit whose training loss, as the learner's own backward saw it, did not fall.

    Fitting the curve takes the loss from a network that knows nothing (an error about
    y's variance) to one that follows the wiggles (a tenth of it or less, in any units the
    learner scaled y to), over many steps. A forward and backward run a few times beside a
    ``predict`` that does not use them shows no such fall."""
    if report is None:
        return None
    steps, curve = report.loss_count, report.loss_y
    if steps >= MIN_FIT_STEPS and curve and curve[-1] <= FIT_LOSS_FALL * curve[0]:
        return None
    fell = (tr("from {a:.4g} to {b:.4g} in {n} {steps}", "在 {n} 步中从 {a:.4g} 到 {b:.4g}",
               a=curve[0], b=curve[-1], n=steps, steps="step" if steps == 1 else "steps") if curve else
            tr("no step of it was seen", "一步也没有看到"))
    return Failure(tr("not a trained network: during {call} the training loss your backward (lesson 10) saw did "
                      "not fall ({fell}), so predict does not come from a network you trained. Train the network "
                      "on (x, y) until its loss is small (thousands of steps), and make predict use its params.",
                      "不是训练出来的网络：在 {call} 期间，你的第 10 课 backward 看到的训练损失没有下降（{fell}），"
                      "所以 predict 不是来自你训练的网络。请在 (x, y) 上训练网络直到损失很小（几千步），"
                      "并让 predict 使用训练后的参数。", call=call, fell=fell),
                   labels.join(labels.row("call", call)), ("curve:not_trained",))


def _missing_names(report: WatchReport | None) -> tuple[str, str]:
    """Which of lesson 9's forward and lesson 10's backward did not run and return."""
    missing = [(en, zh) for label, en, zh in TRAINED_BY
               if report is None or report.returned(label) == 0 or label in report.replaced]
    return " and ".join(en for en, _ in missing), " 和".join(zh for _, zh in missing)


@check("fit_curve")
def fit_curve_fits(ctx: Context) -> None:
    """fit_curve's predict has MSE below 0.003 on fresh points, on the lesson's curve and a second one
    fit_curve 的 predict 在新的点上均方差低于 0.003：课程里的曲线和第二条曲线都如此"""
    first = _fit(ctx, CURVE, "")
    second = _fit(ctx, second_curve(ctx.rng("second curve")), ":second")
    untrained = first or second
    if untrained is not None:
        raise untrained


@check("fit_curve", kind="advice",
       advice=tr("raise ValueError when x and y have different lengths",
                 "x 与 y 的长度不同时抛出 ValueError"))
def fit_curve_rejects_mismatched_lengths(ctx: Context) -> None:
    """fit_curve raises ValueError when x and y have different lengths
    x 与 y 长度不同时，fit_curve 抛出 ValueError"""
    x = np.linspace(0.0, 1.0, 10)
    ctx.expect_raises("ValueError", x, curve(x)[:-1])
