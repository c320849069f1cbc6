"""Hidden checks for lesson 03: numerical derivatives and gradients, derived by hand."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from grader.checking import Failure, check
from grader.checks.common import agrees, built_yourself, compare
from grader.checks.expect import expect_array, expect_scalar
from grader.diagnose.recognise import Mistakes
from grader.engine.context import Context
from grader.i18n import tr
from grader.numeric.compare import close
from grader.numeric.format import show
from grader.sandbox import instruments
from grader.sandbox.probes import Probe

# Functions are named instruments so the child can build them and the parent can compute
# the same numbers: f(x) = x^3 - 2x + 1 and a quadratic form with a sine.
CUBIC = {"coeffs": [1.0, 0.0, -2.0, 1.0]}


def _forward(f: Any, x: float, h: float) -> float:
    return float((f(x + h) - f(x)) / h)


def _derivative_mistakes(f: Any, x: float, h: float) -> Mistakes:
    return {
        "derivative:forward": (tr("this is the forward difference (f(x+h) - f(x)) / h: use the "
                                  "central difference (f(x+h) - f(x-h)) / (2h).",
                                  "这是前向差分 (f(x+h) - f(x)) / h：请使用中心差分 "
                                  "(f(x+h) - f(x-h)) / (2h)。"), _forward(f, x, h)),
        "derivative:backward": (tr("this is the backward difference (f(x) - f(x-h)) / h: use the "
                                   "central difference.",
                                   "这是后向差分 (f(x) - f(x-h)) / h：请使用中心差分。"),
                                float((f(x) - f(x - h)) / h)),
        "derivative:no_2": (tr("the 2 in 2h is missing: divide by 2h.", "漏掉了 2h 中的 2：应除以 2h。"),
                            float((f(x + h) - f(x - h)) / h)),
        "derivative:ignores_h": (tr("the result does not depend on the h you were given: use the "
                                    "argument h instead of a fixed step.",
                                    "结果与传入的 h 无关：请使用参数 h，而不是固定的步长。"),
                                 float((f(x + 1e-5) - f(x - 1e-5)) / 2e-5)),
    }


@check("numerical_derivative")
def derivative_central_difference(ctx: Context) -> None:
    """numerical_derivative is the central difference (f(x+h) - f(x-h)) / (2h)
    numerical_derivative 是中心差分 (f(x+h) - f(x-h)) / (2h)"""
    f = instruments.FUNCTIONS["poly"](CUBIC)
    for x, h in ((1.3, 1e-2), (-0.7, 0.1), (2.0, 1e-3)):
        obs = ctx.call(ctx.instrument("poly", **CUBIC), x, h=h)
        got = obs.result()
        expected = ctx.reference.numerical_derivative(f, x, h=h)
        expect_scalar(got, expected, call=f"numerical_derivative(f, {x}, h={h})  "
                      "where f(x) = x**3 - 2x + 1", rtol=1e-9, atol=1e-12,
                      mistakes=partial(_derivative_mistakes, f, x, h))


@check("numerical_derivative")
def derivative_default_step(ctx: Context) -> None:
    """with the default h = 1e-5 the derivative of x^3 - 2x + 1 is accurate to 1e-8
    默认 h = 1e-5 时，x^3 - 2x + 1 的导数精确到 1e-8"""
    f = instruments.FUNCTIONS["poly"](CUBIC)
    for x in (0.5, -1.5):
        got = ctx.call(ctx.instrument("poly", **CUBIC), x).result()
        expect_scalar(got, 3 * x * x - 2, call=f"numerical_derivative(f, {x})  where "
                      "f(x) = x**3 - 2x + 1", rtol=1e-8, atol=1e-8,
                      mistakes=partial(_derivative_mistakes, f, x, 1e-5))


def _gradient_case(ctx: Context, shape: tuple[int, ...]) -> dict[str, Any]:
    rng = ctx.rng(str(shape))
    n = int(np.prod(shape))
    a = rng.normal(size=(n, n))
    return {"A": (a + a.T).tolist(), "b": rng.normal(size=n).tolist(), "shape": list(shape)}


def _gradient_mistakes(f: Any, x: np.ndarray, h: float) -> Mistakes:
    forward = np.zeros_like(x)
    stale = np.zeros_like(x)
    truncated = np.zeros_like(x)
    point = x.copy()
    ints = x.astype(int) if np.all(x == np.round(x)) else None
    for i in np.ndindex(x.shape):
        if ints is not None:  # what an integer working copy computes: x_i +- h truncated
            keep = ints[i]
            ints[i] = keep + h
            a_int = f(ints.astype(float))
            ints[i] = keep - h
            truncated[i] = (a_int - f(ints.astype(float))) / (2 * h)
            ints[i] = keep
        up = x.copy()
        up[i] += h
        forward[i] = (f(up) - f(x)) / h
        saved = point[i]
        point[i] = saved + h
        a = f(point)
        point[i] = saved - h
        b = f(point)
        stale[i] = (a - b) / (2 * h)  # entry left at x_i - h: never restored
    rows = None
    if x.ndim > 1:  # ``for i in range(len(x))``: x[i] += h moves all of row i at once
        rows = np.zeros_like(x)
        for r in range(x.shape[0]):
            up, down = x.copy(), x.copy()
            up[r] += h
            down[r] -= h
            rows[r] = (f(up) - f(down)) / (2 * h)
    return {
        "gradient:whole_rows": (tr("each step moved a whole row of x (x[i] += h for i in range(len(x))), so "
                                   "every entry of row i holds the row's total: step one entry at a time, "
                                   "over every index of x's shape (np.ndindex(x.shape), or x.flat).",
                                   "每一步都移动了 x 的一整行（对 i in range(len(x)) 做 x[i] += h），"
                                   "于是第 i 行的每个元素都得到整行的总和：请一次只移动一个元素，"
                                   "遍历 x 形状中的每个下标（np.ndindex(x.shape) 或 x.flat）。"), rows),
        "gradient:forward": (tr("this is the forward difference: use (f(x + h e_i) - f(x - h e_i)) / (2h).",
                                "这是前向差分：应使用 (f(x + h e_i) - f(x - h e_i)) / (2h)。"), forward),
        "gradient:not_restored": (tr("each entry is left perturbed after use, so later entries are "
                                     "measured at the wrong point: restore x_i before moving on.",
                                     "扰动后的元素没有恢复，后面的元素是在错误的点上计算的："
                                     "处理下一个元素前请恢复 x_i。"), stale),
        "gradient:int_copy": (tr("x was copied as integers, so x + h and x - h were truncated to "
                                 "whole numbers: copy it as floats (np.array(x, dtype=float)).",
                                 "x 被复制成了整数数组，x + h 和 x - h 被截断成整数：请用 "
                                 "np.array(x, dtype=float) 复制。"),
                              truncated if ints is not None else None),
    }


@check("numerical_gradient")
def gradient_vector(ctx: Context) -> None:
    """numerical_gradient matches central differences for a function of a vector
    对向量函数，numerical_gradient 与中心差分一致"""
    _check_gradient(ctx, (4,), 1e-5)


@check("numerical_gradient")
def gradient_any_shape(ctx: Context) -> None:
    """numerical_gradient works for a matrix x and returns x's shape
    对矩阵 x，numerical_gradient 也能计算并返回与 x 同形状的结果"""
    _check_gradient(ctx, (2, 3), 1e-4)


@check("numerical_gradient", kind="supporting")
def gradient_integer_input(ctx: Context) -> None:
    """numerical_gradient works when x is a list of integers
    x 是整数列表时，numerical_gradient 也能正确计算"""
    _check_gradient(ctx, (3,), 1e-5, integer_list=True)


GRADIENT_CHECK_THRESHOLD = 1e-7


def _relative_error(got: Any, exact: np.ndarray) -> float | None:
    """|g - g*| / (|g| + |g*|), the usual gradient-check measure (None if ``got`` is unusable)."""
    if not isinstance(got, np.ndarray) or got.shape != exact.shape or not np.issubdtype(got.dtype, np.number):
        return None
    values = got.astype(float)
    if not np.all(np.isfinite(values)):
        return None
    scale = float(np.linalg.norm(values) + np.linalg.norm(exact))
    return float(np.linalg.norm(values - exact) / scale) if scale > 0 else 0.0


def _gradient_check_figure(ctx: Context, params: dict[str, Any], x: np.ndarray, got: Any,
                           integer_list: bool) -> None:
    """Attach the learner's numerical gradient against the exact one, for the progress report."""
    flat = x.reshape(-1)
    exact = (np.asarray(params["A"]) @ flat + np.asarray(params["b"]) + np.cos(flat)).reshape(x.shape)
    shape = tuple(x.shape)
    parameter = ({"en": f"x, a list of integers, shape {shape}", "zh": f"x，整数列表，形状 {shape}"}
                 if integer_list else {"en": f"x, shape {shape}", "zh": f"x，形状 {shape}"})
    ctx.data["figure"] = {
        "kind": "gradient_check", "threshold": GRADIENT_CHECK_THRESHOLD,
        "title": {"en": "Gradient check: your numerical gradient against the exact gradient",
                  "zh": "梯度检验：你的数值梯度与精确梯度的对比"},
        "rows": [{"parameter": parameter, "relative_error": _relative_error(got, exact)}],
    }


def _check_gradient(ctx: Context, shape: tuple[int, ...], h: float,
                    integer_list: bool = False) -> None:
    params = _gradient_case(ctx, shape)
    f = instruments.FUNCTIONS["quadratic_form"](params)
    rng = ctx.rng("x")
    x: Any = np.round(rng.normal(size=shape) * 2) if integer_list else rng.normal(size=shape)
    arg = x.astype(int).tolist() if integer_list else x
    obs = ctx.call(ctx.instrument("quadratic_form", **params), arg, h=h)
    got = obs.result()
    _gradient_check_figure(ctx, params, np.asarray(x, dtype=float), got, integer_list)
    ctx.expect_unmodified(obs, "f", arg, h=h)
    expected = ctx.reference.numerical_gradient(f, np.asarray(x, dtype=float), h=h)
    expect_array(got, expected, call=f"numerical_gradient(f, x, h={h}) with x of shape {shape}",
                 rtol=1e-6, atol=1e-8, mistakes=partial(_gradient_mistakes, f, np.asarray(x, float), h))
    calls = next(iter(obs.calls.values()), ())
    bad = [c for c in calls if not c.args or np.shape(c.args[0]) != shape]
    if bad:
        raise Failure(tr("f was called with an argument of shape {got}; call it with an array of "
                         "x's shape {want}.",
                         "调用 f 时传入的参数形状为 {got}；应传入与 x 同形状 {want} 的数组。",
                         got=np.shape(bad[0].args[0]) if bad[0].args else "()", want=shape))


# -- by hand -----------------------------------------------------------------------------


@check("quadratic")
def quadratic_values(ctx: Context) -> None:
    """quadratic(x) = 2x^2 - 12x + 20 at several points
    quadratic(x) = 2x^2 - 12x + 20 在多个点上正确"""
    curve = np.linspace(-3.0, 11.0, 57)
    yours: list[list[float]] = []
    ctx.data["figure"] = {  # for the progress report: the learner's values on the target curve
        "kind": "line_chart", "x_label": "x", "y_label": "f(x)",
        "title": {"en": "Your quadratic(x) at the checked points, against the target curve",
                  "zh": "你的 quadratic(x) 在检查点上的值与目标曲线的对比"},
        "series": [{"name": {"en": "target f(x) = 2x^2 - 12x + 20", "zh": "目标 f(x) = 2x^2 - 12x + 20"},
                    "x": curve.tolist(), "y": (2 * curve**2 - 12 * curve + 20).tolist(), "style": "line"},
                   {"name": {"en": "your quadratic(x)", "zh": "你的 quadratic(x)"}, "points": yours,
                    "style": "markers"}],
    }
    for x in (0.0, 1.0, 3.0, -2.5, 10.0, 0.3):
        got = ctx.value(x)
        if isinstance(got, (int, float, np.integer, np.floating)) and not isinstance(got, bool):
            yours.append([x, float(got)])
        compare(ctx, got, ctx.reference.quadratic(x), call=ctx.show(x), mistakes={"quadratic:sign": (
            tr("the sign of the -12x term is wrong.", "-12x 这一项的符号错了。"),
            2 * x * x + 12 * x + 20)})


@check("quadratic_derivative")
def quadratic_derivative_values(ctx: Context) -> None:
    """quadratic_derivative(x) = 4x - 12 at several points
    quadratic_derivative(x) = 4x - 12 在多个点上正确"""
    for x in (0.0, 1.0, 3.0, -2.5, 10.0):
        try:
            agrees(ctx, x, mistakes={
                "qderiv:power_rule": (tr("the derivative of 2x^2 is 4x (bring the exponent down): "
                                         "this looks like 2x.",
                                         "2x^2 的导数是 4x（指数乘到前面）：这里看起来是 2x。"), 2 * x - 12),
                "qderiv:constant": (tr("the derivative of -12x is -12: it seems to be missing.",
                                       "-12x 的导数是 -12：这一项似乎漏掉了。"), 4 * x)})
        except Failure as failure:
            if failure.diagnosis or not _close(ctx.value(x), np.asarray(4 * x - 12), 1e-5, 1e-5):
                raise
            # Off in the last digits only, where a formula is exact: a finite difference.
            raise Failure(_NEAR_ONLY.format(formula="4x - 12"), failure.details, ("by_hand:numerical",)) from None


quadratic_derivative_by_hand, quadratic_derivative_verified = built_yourself(
    "quadratic_derivative", 1.5)

# A derivative derived by hand is exact: a finite difference, however it is written, loses
# digits when f is large (f(x + h) - f(x - h) cancels), and it must evaluate f to work at all.
EXACT_RTOL = 1e-12  # what rounding leaves of a formula; a step of any size leaves far more
_NUMERICAL = tr("right at small inputs, but not exact at large ones, as a finite difference is: f(x + h) - "
                "f(x - h) cancels most digits when f is large. The exercise asks for the derivative derived "
                "by hand, a formula: {formula}.",
                "输入较小时正确，输入很大时却不精确，有限差分就是这样：f 很大时 f(x + h) - f(x - h) "
                "会抵消掉大部分有效数字。本练习要求手工推导出的导数，即一个公式：{formula}。")


_NEAR_ONLY = tr("this is close to the derivative, but not exact, as a finite difference is (its step, or "
                "the rounding of f(x + h) - f(x - h), leaves an error in the last digits). The exercise asks "
                "for the derivative derived by hand, a formula: {formula}.",
                "这个值接近导数但不精确，有限差分就是这样（步长，或 f(x + h) - f(x - h) 的舍入，"
                "会在末几位留下误差）。本练习要求手工推导出的导数，即一个公式：{formula}。")


def _exact(ctx: Context, args: tuple[float, ...], expected: Any, formula: str,
           small: tuple[float, ...], small_expected: Any) -> None:
    """The value at ``args`` (large) to rounding only. Wrong there but right at ``small`` is
    what a finite difference does, whatever its step: named as such."""
    got = ctx.value(*args)
    call = ctx.show(*args)
    want = np.asarray(expected, dtype=float)
    if _close(got, want, EXACT_RTOL):
        return
    if _close(ctx.value(*small), np.asarray(small_expected, dtype=float), 1e-6, 1e-6):
        raise Failure(_NUMERICAL.format(formula=formula),
                      f"call:     {call}\nobtained: {show(got)}\nexpected: {want.tolist()}\n"
                      f"right for: {ctx.show(*small)}", ("by_hand:numerical",))
    if want.ndim:
        expect_array(got, want, call=call, rtol=EXACT_RTOL, atol=0.0)
    else:
        expect_scalar(got, float(want), call=call, rtol=EXACT_RTOL, atol=0.0)


def _close(got: Any, want: np.ndarray, rtol: float, atol: float = 0.0) -> bool:
    """``close`` for a value learner code returned, which may not be numbers at all."""
    try:
        return close(got, want, rtol, atol)
    except (TypeError, ValueError):
        return False


def _evaluates_f(ctx: Context, function: str, args: tuple[float, ...]) -> None:
    """A derivative by hand never evaluates the function it differentiates; a numerical one must."""
    obs = ctx.call_watched((Probe(ctx.lesson.module, function, function),), *args)
    obs.result()
    calls = obs.watch.calls(function) if obs.watch is not None else 0
    if calls:
        raise Failure(tr("{name} calls {f} while it runs ({n} times): whatever the step, evaluating {f} "
                         "near the point is a numerical derivative. A derivative by hand never needs {f}.",
                         "{name} 运行时调用了 {f}（{n} 次）：无论步长多少，在该点附近计算 {f} 都是数值导数。"
                         "手工推导的导数根本不需要 {f}。",
                         name=ctx.exercise.name, f=function, n=calls),
                      f"call:     {ctx.show(*args)}", ("by_hand:evaluates_f",))


@check("quadratic_derivative")
def quadratic_derivative_exact(ctx: Context) -> None:
    """quadratic_derivative is exact at large x, as a formula derived by hand is
    x 很大时 quadratic_derivative 仍然精确，手工推导的公式正是如此"""
    for x in (1e7, -3.5e6):
        _exact(ctx, (x,), 4 * x - 12, "4x - 12", (1.5,), -6.0)


@check("quadratic_derivative", kind="supporting")
def quadratic_derivative_never_evaluates_f(ctx: Context) -> None:
    """quadratic_derivative is derived by hand: it never calls quadratic
    quadratic_derivative 是手工推导的：它从不调用 quadratic"""
    _evaluates_f(ctx, "quadratic", (1.5,))


@check("quadratic_minimum")
def quadratic_minimum_value(ctx: Context) -> None:
    """quadratic_minimum() returns (x*, f(x*)) where f'(x*) = 0
    quadratic_minimum() 返回 f'(x*) = 0 处的 (x*, f(x*))"""
    got = ctx.value()
    call = "quadratic_minimum()"
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Failure(tr("return a tuple of two numbers (x_star, f_of_x_star).",
                         "请返回两个数组成的元组 (x_star, f_of_x_star)。"), f"obtained: {got!r}")
    x_star, f_star = ctx.reference.quadratic_minimum()
    if np.isclose(float(got[0]), 6.0):
        raise Failure(tr("x* = 6 solves 2x - 12 = 0, but the derivative of 2x^2 - 12x + 20 is "
                         "4x - 12.", "x* = 6 是 2x - 12 = 0 的解，但 2x^2 - 12x + 20 的导数是 4x - 12。"),
                      f"obtained: {got!r}", ("qmin:power_rule",))
    expect_scalar(got[0], x_star, call=call + "[0]  (x*)")
    expect_scalar(got[1], f_star, call=call + "[1]  (f(x*))")


@check("f_xyz")
def f_xyz_values(ctx: Context) -> None:
    """f_xyz(x, y, z) = x^2 + 3xy + y^2 + z^3 at several points
    f_xyz(x, y, z) = x^2 + 3xy + y^2 + z^3 在多个点上正确"""
    agrees(ctx, 1.0, 2.0, 3.0)
    rng = ctx.rng()
    for _ in range(4):
        x, y, z = (float(v) for v in rng.normal(size=3) * 2)
        agrees(ctx, x, y, z)


_PARTIALS = ("df/dx", "df/dy", "df/dz")
_GRADIENT_FORMULA = "[2x + 3y, 3x + 2y, 3z^2]"


@check("f_xyz_gradient")
def f_xyz_gradient_values(ctx: Context) -> None:
    """f_xyz_gradient returns [2x + 3y, 3x + 2y, 3z^2]
    f_xyz_gradient 返回 [2x + 3y, 3x + 2y, 3z^2]"""
    rng = ctx.rng()
    points = [(1.0, 2.0, 3.0)] + [tuple(float(v) for v in rng.normal(size=3) * 2) for _ in range(3)]
    for x, y, z in points:
        got = ctx.value(x, y, z)
        expected = ctx.reference.f_xyz_gradient(x, y, z)
        call = ctx.show(x, y, z)
        if isinstance(got, np.ndarray) and got.shape == (3,) and got.dtype == np.float64:
            wrong = [name for name, a, b in zip(_PARTIALS, got, expected)
                     if not np.isclose(a, b, rtol=1e-7, atol=1e-10)]
            if wrong and _close(got, np.asarray(expected, dtype=float), 1e-5, 1e-5):
                # Off in the last digits only, where a formula is exact: a finite difference.
                raise Failure(_NEAR_ONLY.format(formula=_GRADIENT_FORMULA),
                              f"call:     {call}\nobtained: {got.tolist()}\nexpected: {expected.tolist()}",
                              ("by_hand:numerical",))
            if wrong and len(wrong) < 3:
                hints = {"df/dx": "2x + 3y", "df/dy": "3x + 2y", "df/dz": "3z^2"}
                raise Failure(
                    tr("{names} {verb} wrong; the others are right (treat the other variables as "
                       "constants: {formula}).",
                       "{names} 不正确，其余的正确（求偏导时把其他变量当作常数：{formula}）。",
                       names=" and ".join(wrong), verb="is" if len(wrong) == 1 else "are",
                       formula=", ".join(f"{n} = {hints[n]}" for n in wrong)),
                    f"call:     {call}\nobtained: {got.tolist()}\nexpected: {expected.tolist()}",
                    tuple(f"fxyz:{n}" for n in wrong))
        expect_array(got, expected, call=call)


f_xyz_gradient_by_hand, f_xyz_gradient_verified = built_yourself("f_xyz_gradient", 1.0, 2.0, 3.0)



@check("f_xyz_gradient")
def f_xyz_gradient_exact(ctx: Context) -> None:
    """f_xyz_gradient is exact at large x, y, z, as partial derivatives derived by hand are
    x、y、z 很大时 f_xyz_gradient 仍然精确，手工推导的偏导数正是如此"""
    for x, y, z in ((3e5, -1.7e5, 1e6), (-4e6, 1.5e6, -2e5)):
        _exact(ctx, (x, y, z), [2 * x + 3 * y, 3 * x + 2 * y, 3 * z * z], _GRADIENT_FORMULA,
               (1.0, 2.0, 3.0), [8.0, 7.0, 27.0])


@check("f_xyz_gradient", kind="supporting")
def f_xyz_gradient_never_evaluates_f(ctx: Context) -> None:
    """f_xyz_gradient is derived by hand: it never calls f_xyz
    f_xyz_gradient 是手工推导的：它从不调用 f_xyz"""
    _evaluates_f(ctx, "f_xyz", (1.0, 2.0, 3.0))


@check("numerical_gradient")
def gradient_default_step(ctx: Context) -> None:
    """numerical_gradient's default step is h = 1e-5 (called without h)
    不传 h 时，numerical_gradient 的默认步长是 h = 1e-5"""
    params = _gradient_case(ctx, (3,))
    f = instruments.FUNCTIONS["quadratic_form"](params)
    x = ctx.rng("default h").normal(size=3) * 2
    obs = ctx.call(ctx.instrument("quadratic_form", **params), x)
    expected = ctx.reference.numerical_gradient(f, x.copy())
    expect_array(obs.result(), expected, call="numerical_gradient(f, x) with x of shape (3,)",
                 rtol=1e-6, atol=1e-8, mistakes=partial(_gradient_mistakes, f, x, 1e-5))
    ctx.expect_unmodified(obs, "f", x)
