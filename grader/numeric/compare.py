"""Comparing a learner's value with the reference, and saying how they differ.

A comparison returns ``None`` when the values agree, else a ``Mismatch``: a message
naming the problem in words (from ``grader.diagnose``), details that read like pytest's
``approx`` (the call, then obtained vs expected; for arrays the mismatch count, the
largest absolute and relative differences, and an ``index | obtained | expected``
table), and the ids of the mistakes it suggests. Turning a mismatch into a verdict is
the checks' business (``grader.checks.expect``): this module knows nothing of the engine. Shapes and dtypes are checked
explicitly first: a broadcasting comparison would let shape (3,) equal (1, 3).

Default tolerances: ``rtol = 1e-7`` and ``atol = 1e-10`` (|obtained - expected| <=
atol + rtol * |expected|, element-wise), enough for any correct float64 formula,
vectorised or looped; checks that compare approximations pass their own.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.diagnose.recognise import Diagnoses, explain, fingerprints
from grader.i18n import Text, tr
from grader.numeric import labels
from grader.numeric.format import show
from grader.sandbox.codec import Handle, Opaque

RTOL = 1e-7
ATOL = 1e-10


Call = str | Callable[[], str]
"""How a check describes the call it compared: text, or a function that writes it.

Describing a call means printing its arguments, which costs more than comparing them;
a function is only called when the comparison fails.
"""


@dataclass(frozen=True)
class Mismatch:
    """How a learner's value differs from the reference: what to say, the numbers, the mistakes."""

    message: Text
    details: Text
    diagnosis: tuple[str, ...] = ()


def _mismatch(message: Text, call: Call, lines: list[str | Text], diagnosis: tuple[str, ...] = ()
              ) -> Mismatch:
    """The mismatch, its details the call and then ``lines`` (rows ``label: value`` in
    English, or text already in both languages: see ``grader.numeric.labels``)."""
    text = call() if callable(call) else call
    return Mismatch(message, labels.join(labels.row("call", text) if text else "", *lines), diagnosis)


def close(obtained: Any, expected: Any, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """Same shape and every entry within tolerance (NaN equals NaN, inf equals inf)."""
    if type(obtained) in _FLOATS and type(expected) in _FLOATS:
        return _close_floats(float(obtained), float(expected), rtol, atol)
    a = np.asarray(obtained, dtype=float)
    b = np.asarray(expected, dtype=float)
    if a.shape != b.shape:
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        # NumPy's own rule for finite entries, in five operations where ``np.isclose``
        # takes some twenty: "all close" is only ever said here when every expected entry
        # is finite (an infinite one makes the bound infinite); anything else (a NaN, an
        # infinity, a miss) is decided by ``np.isclose`` itself.
        if bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b))) and bool(np.all(np.isfinite(b))):
            return True
        return bool(np.all(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)))


_FLOATS = (float, np.float64)


def _close_floats(x: float, y: float, rtol: float, atol: float) -> bool:
    """``close`` for two floats, as ``np.isclose(x, y, equal_nan=True)`` decides it, in
    double precision as NumPy computes it, without building two arrays (a check compares
    hundreds of numbers a run)."""
    if x == y:
        return True
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return False
    return bool(abs(x - y) <= atol + rtol * abs(y))


def kind_of(value: Any) -> str:
    """The type a learner's value had in the child (an opaque stand-in says which)."""
    if isinstance(value, (Opaque, Handle)):
        return value.type_name
    return type(value).__name__


def _is_real_scalar(value: Any) -> bool:
    return isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(
        value, (bool, np.bool_)
    )


def scalar_mismatch(obtained: Any, expected: float, *, call: Call, rtol: float = RTOL,
                    atol: float = ATOL, mistakes: Diagnoses | None = None,
                    zero_d: bool = False) -> Mismatch | None:
    """Unless ``obtained`` is a Python float/int or NumPy scalar close to ``expected``: how not.

    With ``zero_d`` (an element-wise function given a scalar), a 0-d float64 array is a
    number too: ``np.where(z >= 0, 1.0, 0.0)`` on a scalar returns one.
    """
    if zero_d and isinstance(obtained, np.ndarray) and obtained.ndim == 0:
        if obtained.dtype != np.float64:
            return _mismatch(
                tr("returned a 0-d array of dtype {got}, but the contract asks for float64 "
                   "values: convert the input with np.asarray(z, dtype=float).",
                   "返回了数据类型为 {got} 的 0 维数组，但要求 float64："
                   "请用 np.asarray(z, dtype=float) 转换输入。", got=obtained.dtype),
                call, [f"obtained: {show(obtained)}", f"expected: {expected!r}"], ("wrong_dtype",))
        obtained = obtained[()]
    if isinstance(obtained, np.ndarray):
        return _mismatch(
            tr("returned an array of shape {shape}, but the contract asks for a float: "
               "return a number, e.g. float(total).",
               "返回了形状为 {shape} 的数组，但要求返回一个浮点数：请返回数值，例如 float(total)。",
               shape=obtained.shape),
            call, [f"obtained: {show(obtained)}", f"expected: {expected!r}"], ("returns_array",))
    if not _is_real_scalar(obtained):
        return _mismatch(
            tr("returned {kind}, but the contract asks for a float.",
               "返回了 {kind}，但要求返回一个浮点数。", kind=kind_of(obtained)),
            call, [f"obtained: {show(obtained)}", f"expected: {expected!r}"], ("wrong_type",))
    if close(obtained, expected, rtol, atol):
        return None
    got = float(obtained)
    reasons = explain(got, expected, mistakes)
    message = reasons[0][1] if reasons else tr("the value is wrong.", "结果不正确。")
    lines: list[str | Text] = [f"obtained: {got!r}", f"expected: {float(expected)!r}"]
    if np.isfinite(got) and np.isfinite(expected):
        lines.append(f"difference: {abs(got - float(expected)):.3g}"
                     + (f" (relative {abs(got - expected) / abs(expected):.3g})" if expected else ""))
    return _mismatch(message, call, lines, tuple(r[0] for r in reasons))


def int_mismatch(obtained: Any, expected: int, *, call: Call,
                 mistakes: Diagnoses | None = None) -> Mismatch | None:
    """Unless ``obtained`` is an integer (Python or NumPy) equal to ``expected``: how not
    (a known mistake that gives the same count is named)."""
    if isinstance(obtained, (bool, np.bool_)) or not isinstance(obtained, (int, np.integer)):
        return _mismatch(tr("returned {kind}, but the contract asks for an int.",
                            "返回了 {kind}，但要求返回整数（int）。", kind=kind_of(obtained)),
                         call, [f"obtained: {show(obtained)}", f"expected: {expected!r}"], ("wrong_type",))
    if int(obtained) != expected:
        # Only the named mistakes: a count that is twice the right one is rarely "a factor of 2".
        named = fingerprints(mistakes)
        reasons = [r for r in explain(float(obtained), float(expected), named) if r[0] in named]
        message = reasons[0][1] if reasons else tr("the count is wrong.", "计数不正确。")
        return _mismatch(message, call, [f"obtained: {int(obtained)}", f"expected: {expected}"],
                         tuple(r[0] for r in reasons))
    return None


def array_mismatch(obtained: Any, expected: np.ndarray, *, call: Call, rtol: float = RTOL,
                   atol: float = ATOL, mistakes: Diagnoses | None = None,
                   dtype: Any = np.float64) -> Mismatch | None:
    """Unless ``obtained`` is an ndarray of ``expected``'s shape and ``dtype``, entries close: how not."""
    expected = np.asarray(expected)
    if not isinstance(obtained, np.ndarray):
        if isinstance(obtained, (list, tuple)):
            hint = tr("returned a {kind}, but the contract asks for a NumPy array: "
                      "wrap it with np.asarray(..., dtype=float).",
                      "返回了 {kind}，但要求返回 NumPy 数组：请用 np.asarray(..., dtype=float) 转换。",
                      kind=kind_of(obtained))
        else:
            hint = tr("returned {kind}, but the contract asks for an array of shape {shape}.",
                      "返回了 {kind}，但要求返回形状为 {shape} 的数组。",
                      kind=kind_of(obtained), shape=expected.shape)
        return _mismatch(hint, call, [f"obtained: {show(obtained)}", f"expected: {show(expected)}"],
                         ("wrong_type",))
    if obtained.shape != expected.shape:
        reasons = explain(obtained, expected, mistakes)
        base = tr("the result has shape {got}, but it should have shape {want}",
                  "结果的形状是 {got}，应为 {want}", got=obtained.shape, want=expected.shape)
        # the cause follows a colon: it may open with a variable ("b was made a column"), which
        # a capital after a full stop would misspell
        message = base + (Text(": ", "：") + reasons[0][1] if reasons else Text(".", "。"))
        return _mismatch(message, call, [f"obtained: {show(obtained)}", f"expected: {show(expected)}"],
                         ("wrong_shape", *(r[0] for r in reasons)))
    if dtype is not None and obtained.dtype != np.dtype(dtype) and obtained.dtype == np.bool_:
        return _mismatch(
            tr("the result has dtype bool, what a comparison gives (z >= 0 is True or False), but the "
               "contract asks for {want}: convert it, e.g. (z >= 0).astype(float).",
               "结果的数据类型是 bool，这是比较运算的结果（z >= 0 为 True 或 False），应为 {want}："
               "请转换它，例如 (z >= 0).astype(float)。", want=np.dtype(dtype)),
            call, [f"obtained: {show(obtained)}"], ("wrong_dtype", "wrong_dtype:bool"))
    if dtype is not None and obtained.dtype != np.dtype(dtype):
        return _mismatch(
            tr("the result has dtype {got}, but the contract asks for {want}: "
               "convert inputs with np.asarray(x, dtype=float).",
               "结果的数据类型是 {got}，应为 {want}：请用 np.asarray(x, dtype=float) 转换输入。",
               got=obtained.dtype, want=np.dtype(dtype)),
            call, [f"obtained: {show(obtained)}"], ("wrong_dtype",))
    if close(obtained, expected, rtol, atol):
        return None
    reasons = explain(obtained, expected, mistakes)
    message = reasons[0][1] if reasons else tr("some entries are wrong.", "部分元素不正确。")
    return _mismatch(message, call, array_diff(obtained, expected, rtol, atol),
                     tuple(r[0] for r in reasons))


def array_diff(obtained: np.ndarray, expected: np.ndarray, rtol: float = RTOL,
               atol: float = ATOL, rows: int = 6) -> list[str | Text]:
    """approx-style lines: mismatch count, largest differences, and a table."""
    a = np.asarray(obtained, dtype=float)
    b = np.asarray(expected, dtype=float)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        bad = ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
        diff = np.abs(a - b)
        rel = diff / np.abs(b)
    count = int(bad.sum())
    lines: list[str | Text] = [
        f"mismatch: {count} of {a.size} entries ({100.0 * count / max(a.size, 1):.0f}%)"]
    finite = np.where(bad & np.isfinite(diff), diff, -1.0)
    if finite.size and finite.max() >= 0:
        idx = np.unravel_index(int(np.argmax(finite)), a.shape)
        lines.append(f"max abs difference: {finite[idx]:.3g} at index {_index(idx)}")
        rel_finite = np.where(bad & np.isfinite(rel), rel, -1.0)
        if rel_finite.max() >= 0:
            ridx = np.unravel_index(int(np.argmax(rel_finite)), a.shape)
            lines.append(f"max rel difference: {rel_finite[ridx]:.3g} at index {_index(ridx)}")
    body = []
    for flat in np.flatnonzero(bad.reshape(-1))[:rows]:
        idx = np.unravel_index(int(flat), a.shape)
        body.append((_index(idx), f"{a[idx]:.8g}", f"{b[idx]:.8g}"))
    lines.append(Text(_table(("index", "obtained", "expected"), body),
                      _table(("索引", "实际值", "期望值"), body)))
    if count > rows:
        lines.append(tr("  ... and {n} more", "  ……另有 {n} 个", n=count - rows))
    return lines


def _table(head: tuple[str, str, str], body: list[tuple[str, str, str]]) -> str:
    """``index | obtained | expected`` columns, padded by terminal width (Chinese is wide)."""
    table = [head, *body]
    widths = [max(labels.width(r[i]) for r in table) for i in range(3)]
    return "\n".join(("  " + " | ".join(c + " " * (w - labels.width(c)) for c, w in zip(r, widths)))
                     .rstrip() for r in table)


def _index(idx: tuple[Any, ...]) -> str:
    return "(" + ", ".join(str(int(i)) for i in idx) + ("," if len(idx) == 1 else "") + ")"
