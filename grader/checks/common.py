"""Check building blocks shared by every lesson.

``built_yourself`` makes the static "built it yourself" check from the registry's
forbidden list; ``value_check``-style helpers keep individual checks short: call the
learner's function, compare with the reference, and check inputs were not modified.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.expect import expect_array, expect_int, expect_scalar
from grader.diagnose.mistakes import Fingerprints
from grader.engine.context import Context
from grader.engine.declare import CheckFunction, Failure, check
from grader.engine.observation import Observation
from grader.i18n import Text, tr
from grader.numeric.compare import ATOL, RTOL, Call
from grader.numeric.format import show


def built_yourself(exercise: str) -> CheckFunction:
    """The static check that ``exercise`` uses none of its forbidden calls."""

    @check(exercise, static=True,
           title=tr("{name} is built yourself, without the forbidden calls",
                    "{name} 由你自己实现，没有使用被禁止的函数", name=exercise))
    def built_it_yourself(ctx: Context) -> None:
        uses = ctx.source.forbidden_uses(ctx.exercise.name, ctx.exercise.forbidden)
        if uses:
            listing = "\n".join(f"  line {u.line}: {u.written}" for u in uses)
            names = ", ".join(sorted({_numpy_style(u.name) for u in uses}))
            raise Failure(
                tr("{func} uses {names}, which this exercise asks you to build yourself.",
                   "{func} 使用了 {names}，本练习要求你自己实现这一运算。",
                   func=ctx.exercise.name, names=names),
                f"{ctx.lesson.file}:\n{listing}", ("forbidden_call",))

    return built_it_yourself


def _numpy_style(name: str) -> str:
    """``numpy.linalg.norm`` as learners write it: ``np.linalg.norm``."""
    return "np." + name[len("numpy."):] if name.startswith("numpy.") else name


def compare(ctx: Context, obtained: Any, expected: Any, *, call: Call,
            mistakes: Fingerprints | None = None, rtol: float = RTOL, atol: float = ATOL) -> None:
    """Dispatch on the reference's type: int, float, or array."""
    if isinstance(expected, (int, np.integer)) and not isinstance(expected, bool):
        expect_int(obtained, int(expected), call=call)
    elif isinstance(expected, np.ndarray):
        expect_array(obtained, expected, call=call, mistakes=mistakes, rtol=rtol, atol=atol)
    else:
        expect_scalar(obtained, float(expected), call=call, mistakes=mistakes, rtol=rtol,
                      atol=atol)


def agrees(ctx: Context, *args: Any, mistakes: Fingerprints | None = None,
           rtol: float = RTOL, atol: float = ATOL, **kwargs: Any) -> Any:
    """Call the exercise and the reference on the same input; they must agree.

    Also checks that the call left its inputs unchanged. Returns the learner's value.
    """
    return _agree(ctx, args, kwargs, mistakes, rtol, atol, None)


def _agree(ctx: Context, args: tuple[Any, ...], kwargs: dict[str, Any], mistakes: Fingerprints | None,
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


def agrees_stably(ctx: Context, hint: Text, *args: Any, mistakes: Fingerprints | None = None,
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


def truth_table(inputs: list[tuple[int, int]], columns: dict[str, list[Any]]) -> str:
    """Truth tables side by side: ``x1 x2 | yours | right``, one row per input."""
    names = list(columns)
    widths = [max([len(n), 3, *(len(_cell(v)) for v in columns[n])]) for n in names]
    lines = ["x1 x2 | " + " | ".join(n.ljust(w) for n, w in zip(names, widths))]
    for i, (x1, x2) in enumerate(inputs):
        cells = [_cell(columns[n][i]).ljust(w) for n, w in zip(names, widths)]
        lines.append(f" {x1}  {x2} | " + " | ".join(cells))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else show(value)
