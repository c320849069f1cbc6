"""Check building blocks shared by every lesson.

``built_yourself`` makes the "built it yourself" check from the registry's forbidden
list (the source, then a watched call); ``value_check``-style helpers keep individual checks short: call the
learner's function, compare with the reference, and check inputs were not modified.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checking import CheckFunction, Failure, check
from grader.checks.expect import expect_array, expect_int, expect_scalar
from grader.diagnose.arguments import int_cast_error
from grader.diagnose.recognise import Diagnoses, Fingerprints, explain, fingerprints, same_value
from grader.engine.context import Context
from grader.engine.observation import Observation
from grader.i18n import Text, tr
from grader.numeric import labels
from grader.numeric.compare import ATOL, RTOL, Call
from grader.numeric.format import show
from grader.reading.forbidden import expand, shown
from grader.reading.reach import forbidden_in_helpers, interpreter_reach
from grader.sandbox.probes import Probe


def built_yourself(exercise: str, *args: Any) -> tuple[CheckFunction, CheckFunction]:
    """"Built it yourself" for ``exercise``: what the source names, and what a call does.

    The check reads the source for the forbidden calls and every other name of the same
    operation (``grader.reading.forbidden``), then calls ``exercise`` with ``args`` while the
    worker watches for them under any name (``np.vecdot``, ``operator.matmul``,
    ``getattr(np, "d" + "ot")``, an alias made at import, the learner's own forbidden
    helper). The second check is advice, shown when the call could not be watched (it
    raised under the watch): a right answer the watch cannot follow is never failed.
    """

    @check(exercise, kind="supporting",
           title=tr("{name} is built yourself, without the forbidden calls",
                    "{name} 由你自己实现，没有使用被禁止的函数", name=exercise))
    def built_it_yourself(ctx: Context) -> None:
        uses = [*ctx.source.forbidden_uses(ctx.exercise.name, ctx.exercise.forbidden),
                *forbidden_in_helpers(ctx.source, expand(ctx.exercise.forbidden))]
        if uses:
            listing = "\n".join(f"{u.file or ctx.lesson.file}:{u.line}: {u.written}" for u in uses)
            names = ", ".join(sorted({_numpy_style(u.name) for u in uses}))
            raise Failure(
                tr("{func} uses {names}, which this exercise asks you to build yourself.",
                   "{func} 使用了 {names}，本练习要求你自己实现这一运算。",
                   func=ctx.exercise.name, names=names),
                listing, ("forbidden_call",))
        forbidden = expand(ctx.exercise.forbidden)
        own = tuple(Probe(ctx.lesson.module, f, f) for f in forbidden if f.isidentifier())
        obs = ctx.call_traced([f for f in forbidden if not f.isidentifier()], own, *args)
        if obs.raised is not None and obs.raised.type == "NotImplementedError":
            obs.result()  # not started
        seen = [*ctx.forbidden_seen(), *(obs.traced or ()),
                *(p.function for p in own if obs.watch and obs.watch.calls(p.label))]
        if not seen:
            reach = interpreter_reach(ctx.source)
            if reach:
                raise Failure(
                    tr("{func} cannot be checked for the forbidden calls: {file}:{line} uses {what}, which reaches "
                       "into the running interpreter (where the grader watches the call) or out of it. Nothing in "
                       "this exercise needs that: remove it, and build {func} from plain arithmetic.",
                       "无法检查 {func} 是否使用了被禁止的函数：{file}:{line} 使用了 {what}，它会深入正在运行的解释器"
                       "（评分器在其中观察调用）或越出它。本练习不需要它：请删除它，用普通的算术实现 {func}。",
                       func=ctx.exercise.name, file=reach[0].file or ctx.lesson.file, line=reach[0].line,
                       what=reach[0].name),
                    "\n".join(f"{u.file or ctx.lesson.file}:{u.line}: {u.written}" for u in reach[:5]),
                    ("forbidden_call",))
        if (obs.raised is not None or obs.traced is None) and not ctx.forbidden_seen():
            ctx.memo["unverified"] = obs.raised.summary() if obs.raised else "no report"
            return
        dynamic = ctx.source.dynamic_lookups(ctx.exercise.name)
        if dynamic and not seen:
            ctx.memo["unverified"] = (f"{ctx.lesson.file}:{dynamic[0].line}: {dynamic[0].written} looks a NumPy "
                                      "name up at run time")
        if seen:
            names = ", ".join(dict.fromkeys(shown(n) for n in seen))
            raise Failure(tr("{func} uses {names} while it runs, which this exercise asks you to build "
                             "yourself: the check looks at what a call does, not at how it is spelt.",
                             "{func} 运行时使用了 {names}，本练习要求你自己实现这一运算："
                             "检查看的是调用做了什么，而不是它怎么写。", func=ctx.exercise.name, names=names),
                          f"call:     {ctx.show(*args)}", ("forbidden_call",))

    @check(exercise, kind="advice",
           advice=tr("let the grader verify that {name} avoids the forbidden calls: accept any float array "
                     "(an ndarray subclass too) and call NumPy's functions by their own names",
                     "让评分器能确认 {name} 没有使用被禁止的函数：接受任何浮点数组（包括 ndarray 的子类），"
                     "并直接用名字调用 NumPy 的函数", name=exercise))
    def built_it_yourself_verified(ctx: Context) -> None:
        """whether the grader could watch the call for forbidden operations
        评分器能否观察调用中是否使用了被禁止的函数"""
        if "unverified" in ctx.memo:
            raise Failure(tr("could not verify at run time: {why}", "无法在运行时确认：{why}",
                             why=str(ctx.memo["unverified"])[:200]))

    return built_it_yourself, built_it_yourself_verified


def _numpy_style(name: str) -> str:
    """``numpy.linalg.norm`` as learners write it: ``np.linalg.norm``."""
    return "np." + name[len("numpy."):] if name.startswith("numpy.") else name


def compare(ctx: Context, obtained: Any, expected: Any, *, call: Call,
            mistakes: Diagnoses | None = None, rtol: float = RTOL, atol: float = ATOL) -> None:
    """Dispatch on the reference's type: int, float, or array.

    Where the reference gives a float, an element-wise exercise may also give a 0-d array.
    """
    if isinstance(expected, np.ndarray) and expected.ndim == 0 and ctx.exercise.element_wise:
        expected = float(expected)  # a scalar's result: a float, a NumPy scalar or a 0-d array
    if isinstance(expected, (int, np.integer)) and not isinstance(expected, bool):
        expect_int(obtained, int(expected), call=call, mistakes=mistakes)
    elif isinstance(expected, np.ndarray):
        expect_array(obtained, expected, call=call, mistakes=mistakes, rtol=rtol, atol=atol)
    else:
        expect_scalar(obtained, float(expected), call=call, mistakes=mistakes, rtol=rtol,
                      atol=atol, zero_d=ctx.exercise.element_wise)


def agrees(ctx: Context, *args: Any, mistakes: Diagnoses | None = None,
           rtol: float = RTOL, atol: float = ATOL, **kwargs: Any) -> Any:
    """Call the exercise and the reference on the same input; they must agree.

    Also checks that the call left its inputs unchanged. Returns the learner's value.
    """
    return _agree(ctx, args, kwargs, mistakes, rtol, atol, None)


def _agree(ctx: Context, args: tuple[Any, ...], kwargs: dict[str, Any], mistakes: Diagnoses | None,
           rtol: float, atol: float, stable: Text | None) -> Any:
    """``agrees``; with ``stable``, floating-point warnings are reported first, with that hint."""
    obs = ctx.call(*args, **kwargs)
    obtained = obs.result()
    if stable is not None:
        expect_no_float_warnings(ctx, obs, stable, *args, **kwargs)
    expected = getattr(ctx.reference, ctx.exercise.name)(*args, **kwargs)
    compare(ctx, obtained, expected, call=lambda: ctx.show(*args, **kwargs), mistakes=mistakes,
            rtol=rtol, atol=atol)
    ctx.expect_unmodified(obs, *args, **kwargs)
    return obtained


def as_lists(*arrays: np.ndarray) -> tuple[Any, ...]:
    """The same inputs as nested Python lists (the contract accepts both)."""
    return tuple(np.asarray(a).tolist() for a in arrays)


# Floating-point warnings that mean a wrong or fragile computation. Underflow is not one
# of them: e^-1000 rounding to 0.0 is the right answer to float precision.
_HARD_WARNINGS = ("overflow", "invalid value", "divide by zero")


def float_warnings(obs: Observation) -> list[str]:
    """The overflow, invalid-value and divide-by-zero warnings a call raised."""
    return [w for w in obs.warnings
            if w.startswith("RuntimeWarning") and any(k in w for k in _HARD_WARNINGS)]


def expect_no_float_warnings(ctx: Context, obs: Observation, hint: Text, *args: Any,
                             **kwargs: Any) -> None:
    """Fail when the call raised a floating-point warning other than underflow."""
    found = float_warnings(obs)
    if found:
        raise Failure(
            _warning_text(ctx.exercise.name, found[0], hint),
            "\n".join([f"call:     {ctx.show(*args, **kwargs)}",
                       *(f"warning:  {w}" for w in found[:3]),
                       f"returned: {show(obs.value)}"]),
            ("float_warning",))


def _warning_text(func: str, warning: str, hint: Text) -> Text:
    said = warning.removeprefix("RuntimeWarning: ")
    return Text(f"{func} is not numerically stable: NumPy warned \"{said}\". {hint.en}",
                f"{func} 的计算在数值上不稳定：NumPy 给出警告“{said}”。{hint.zh}")


def agrees_stably(ctx: Context, hint: Text, *args: Any, mistakes: Diagnoses | None = None,
                  rtol: float = RTOL, atol: float = ATOL, **kwargs: Any) -> Any:
    """``agrees``, and the call must raise no overflow, invalid-value or divide-by-zero warning.

    The warning is reported first (with ``hint``), since a value that is NaN or inf is
    usually its consequence.
    """
    return _agree(ctx, args, kwargs, mistakes, rtol, atol, hint)


def rejects(ctx: Context, why: Text, *args: Any, **kwargs: Any) -> None:
    """The call must raise ValueError; ``why`` says what is wrong with the input."""
    try:
        ctx.expect_raises("ValueError", *args, **kwargs)
    except Failure as failure:
        raise Failure(failure.message + Text(" ", "") + why, failure.details,
                      failure.diagnosis) from None


_COLUMNS = {"yours": "你的", "hidden": "隐藏层"}


def truth_table(inputs: list[tuple[int, int]], columns: dict[str, list[Any]]) -> Text:
    """Truth tables side by side: ``x1 x2 | yours | right``, one row per input."""
    return Text(_truth_table(inputs, columns, {}), _truth_table(inputs, columns, _COLUMNS))


def _truth_table(inputs: list[tuple[int, int]], columns: dict[str, list[Any]],
                 heads: dict[str, str]) -> str:
    names = list(columns)
    shown = [heads.get(n, n) for n in names]
    widths = [max([labels.width(h), 3, *(len(_cell(v)) for v in columns[n])]) for n, h in zip(names, shown)]
    lines = ["x1 x2 | " + " | ".join(h + " " * (w - labels.width(h)) for h, w in zip(shown, widths))]
    for i, (x1, x2) in enumerate(inputs):
        cells = [_cell(columns[n][i]).ljust(w) for n, w in zip(names, widths)]
        lines.append(f" {x1}  {x2} | " + " | ".join(cells))
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else show(value)


INT_TEXT = tr("with integer input the result is wrong. The contract converts lists and ints to float: "
               "an array made with np.empty_like(z) or np.zeros_like(z) from an int array holds ints "
               "(fractions are cut off), and an int array cannot take a float update in place. Start "
               "with z = np.asarray(z, dtype=float).",
               "输入为整数时结果不对。契约规定列表和整数都要转换为浮点数：用 np.empty_like(z) 或 "
               "np.zeros_like(z) 从整数数组创建的数组仍是整数（小数部分被截掉），整数数组也不能原地接受"
               "浮点数的更新。请先写 z = np.asarray(z, dtype=float)。")


def agrees_on_ints(ctx: Context, *args: Any, mistakes: Diagnoses | None = None, **kwargs: Any) -> Any:
    """``agrees`` for a call whose inputs are ints (an int array, a list of ints, a Python int).

    A result that differs, or a call that fails (a casting error of an in-place update),
    is named as the int-input mistake, with what the comparison found.
    """
    obs = ctx.call(*args, **kwargs)
    if obs.raised is not None and int_cast_error(obs.raised) and _right_for_floats(ctx, args, kwargs):
        raise Failure(Text(f"{ctx.exercise.name}: ", f"{ctx.exercise.name}：") + INT_TEXT,
                      f"call:     {ctx.show(*args, **kwargs)}\nraised:   {obs.raised.summary()}",
                      ("int_input",))
    try:
        obtained = obs.result()
        expected = getattr(ctx.reference, ctx.exercise.name)(*args, **kwargs)
        compare_nested(ctx, obtained, expected, lambda: ctx.show(*args, **kwargs), mistakes)
        ctx.expect_unmodified(obs, *args, **kwargs)
        return obtained
    except Failure as failure:
        if "mutates_input" in failure.diagnosis or not _right_for_floats(ctx, args, kwargs):
            raise  # wrong whatever the input type: not an int mistake
        # A wrong dtype is what INT_TEXT already explains: say it once, not twice.
        said = (Text("", "") if "wrong_dtype" in failure.diagnosis
                else Text(" ", "") + failure.message)
        raise Failure(Text(f"{ctx.exercise.name}: ", f"{ctx.exercise.name}：") + INT_TEXT + said,
                      failure.details, ("int_input", *failure.diagnosis)) from None


def _as_floats(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, np.integer)):
        return float(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        return value.astype(float)
    if isinstance(value, list):
        return [_as_floats(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_floats(v) for k, v in value.items()}
    return value


def _right_for_floats(ctx: Context, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether the same call with the ints written as floats gives the right answer: only
    then is a wrong answer for ints the int-input mistake."""
    floats = tuple(_as_floats(a) for a in args)
    named = {k: _as_floats(v) for k, v in kwargs.items()}
    obs = ctx.call(*floats, **named)
    if obs.raised is not None:
        return False
    try:
        compare_nested(ctx, obs.value, getattr(ctx.reference, ctx.exercise.name)(*floats, **named),
                       lambda: ctx.show(*floats, **named))
    except Failure:
        return False
    return True


INT_INPUTS: tuple[tuple[Any, ...], ...] = (
    (np.array([[-3, 0], [2, 5]]),), ([-2, 0, 1, 3],), (np.array([4, -1, 0], dtype=np.int32),), (2,), (0,))


def int_inputs(exercise: str, inputs: tuple[tuple[Any, ...], ...] = INT_INPUTS,
               mistakes: Callable[..., Fingerprints] | None = None) -> CheckFunction:
    """The value check that ``exercise`` computes in float for int inputs (the contract's
    "lists and ints are converted to float").

    ``mistakes``, called with an input's arguments written as floats, gives the lesson's
    named mistakes for that call, so a wrong answer here is named as in the lesson's other
    checks and not by a generic relation (one cause, said once).
    """

    @check(exercise, title=tr("{name} computes in float for int inputs (int arrays, lists of ints, ints)",
                              "{name} 对整数输入（整数数组、整数列表、整数）按浮点数计算", name=exercise))
    def computes_with_ints(ctx: Context) -> None:
        for args in inputs:
            named = None if mistakes is None else functools.partial(mistakes, *(_as_floats(a) for a in args))
            agrees_on_ints(ctx, *args, mistakes=named)

    return computes_with_ints


def agrees_confirmed(ctx: Context, args: tuple[Any, ...], mistakes: Diagnoses,
                     second: tuple[Any, ...], second_mistakes: Diagnoses,
                     stable: Text | None = None, kwargs: dict[str, Any] | None = None,
                     second_kwargs: dict[str, Any] | None = None) -> Any:
    """``agrees`` on ``args``, naming a mistake only if it also fits a second input.

    A worked example's numbers can make two mistakes give one value: with m = 2,
    ``sum / 2 * m`` is the plain sum of squares, an extra factor 2 is a missing 1/m, and
    with m = k averaging over the classes is averaging over the samples. When the first
    call is wrong and its value matches a fingerprint or a generic relation (a factor
    2x), the learner's function is called on ``second`` (another m) too, and only the
    diagnoses that fit both answers are named; if none does, the feedback is the plain
    "the value is wrong". With ``stable`` (a hint), floating-point warnings fail first;
    ``kwargs`` and ``second_kwargs`` are the keyword arguments of the two calls.
    """
    kw, kw2 = dict(kwargs or {}), dict(second_kwargs or {})
    obs = ctx.call(*args, **kw)
    obtained = obs.result()
    if stable is not None:
        expect_no_float_warnings(ctx, obs, stable, *args, **kw)
    expected = getattr(ctx.reference, ctx.exercise.name)(*args, **kw)
    try:
        compare(ctx, obtained, expected, call=lambda: ctx.show(*args, **kw), mistakes=mistakes)
    except Failure as failure:
        raise _confirmed(ctx, failure, obtained, expected, mistakes, (second, kw2), second_mistakes) from None
    ctx.expect_unmodified(obs, *args, **kw)
    return obtained


def _confirmed(ctx: Context, failure: Failure, obtained: Any, expected: Any, mistakes: Diagnoses,
               second: tuple[tuple[Any, ...], dict[str, Any]], second_mistakes: Diagnoses) -> Failure:
    """``failure`` with only the diagnoses that the learner's answer on ``second`` confirms.

    A failure that is not about the value (a type, a shape, a dtype) is kept as it is.
    """
    if isinstance(expected, np.ndarray) and expected.ndim == 0 and ctx.exercise.element_wise:
        expected = float(expected)
    reasons = explain(obtained, expected, mistakes)
    if not reasons or failure.diagnosis != tuple(ident for ident, _ in reasons):
        return failure
    args, kwargs = second
    again = ctx.call(*args, **kwargs)
    fits: set[str] = set()
    if again.raised is None:
        want = getattr(ctx.reference, ctx.exercise.name)(*args, **kwargs)
        if not same_value(again.value, want):
            fits = {ident for ident, _ in explain(again.value, want, second_mistakes)}
    kept = [(ident, text) for ident, text in reasons if ident in fits]
    message = kept[0][1] if kept else (tr("the value is wrong.", "结果不正确。") if np.ndim(expected) == 0
                                       else tr("some entries are wrong.", "部分元素不正确。"))
    return Failure(message, failure.details, tuple(ident for ident, _ in kept), failure.data)


def _shown(call: Call) -> str:
    return call if isinstance(call, str) else call()


def _part_of(call: Call, part: str) -> Call:
    """The call, drawn when needed, followed by the part of its result being compared."""
    return lambda: f"{_shown(call)}  -> {part}"


def _part(mistakes: Diagnoses | None, k: int, n: int) -> Diagnoses | None:
    """The mistakes for part ``k`` of an ``n``-tuple result: those whose value is such a
    tuple (``(dX, dW.T, db)``: dW transposed), each with its ``k``-th part (computed, like
    the whole, only when that part differs)."""
    if mistakes is None:
        return None

    def parts() -> Fingerprints:
        return {ident: (text, value[k]) for ident, (text, value) in fingerprints(mistakes).items()
                if isinstance(value, (tuple, list)) and len(value) == n}

    return parts


def _at(where: str) -> Text:
    """Where in a returned value a part is: `` (in result[1])``, or nothing for the whole."""
    return Text(f" (in result{where})", f"（在 result{where} 处）") if where else Text("", "")


def compare_nested(ctx: Context, obtained: Any, expected: Any, call: Call,
                   mistakes: Diagnoses | None = None, where: str = "") -> None:
    """``compare``, through the tuples and dicts a function returns (``(dX, dW, db)``,
    ``(A2, cache)``, a gradient dict), naming the part that differs.

    The call is shown only when something differs: drawing its arguments is most of the
    cost of a comparison that passes."""
    if isinstance(expected, (tuple, list)) and not isinstance(expected, np.ndarray):
        if not isinstance(obtained, (tuple, list)) or len(obtained) != len(expected):
            raise Failure(tr("return {n} values{where}, as the reference does.",
                             "请返回 {n} 个值{where}，与参考答案一致。", n=len(expected), where=_at(where)),
                          f"call:     {_shown(call)}\nobtained: {obtained!r:.300}", ("wrong_type",))
        for k, (got, want) in enumerate(zip(obtained, expected)):
            compare_nested(ctx, got, want, _part_of(call, f"[{k}]"), _part(mistakes, k, len(expected)),
                           f"{where}[{k}]")
        return
    if isinstance(expected, dict):
        # the keys the contract names must be there; more (a cache that also keeps X) are the
        # learner's own, as the value checks of a forward pass's cache allow
        if not isinstance(obtained, dict) or not set(expected) <= set(obtained):
            raise Failure(tr("return a dict with the keys {keys}{where}.", "请返回键为 {keys} 的字典{where}。",
                             keys=", ".join(map(str, expected)), where=_at(where)),
                          f"call:     {_shown(call)}\nobtained: {obtained!r:.300}", ("wrong_type",))
        for key in expected:
            compare_nested(ctx, obtained[key], expected[key], _part_of(call, f"[{key!r}]"), None,
                           f"{where}[{key!r}]")
        return
    compare(ctx, obtained, expected, call=call, mistakes=mistakes)
