"""Pointing an error NumPy raised inside learner code back at the argument behind it.

A learner's function given a (4,) target where its code needs (4, 1) fails deep inside,
in a matmul: the traceback names shapes or sizes, not the argument. This module matches
the message against the arguments the grader passed and names the one it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.checking import Raised
from grader.i18n import Text, tr

_SHAPE = re.compile(r"\((\d+(?:\s*,\s*\d+)*\s*,?)\)")
_NUMPY_ERRORS = ("ValueError", "TypeError", "IndexError")


def _shape_of(value: Any) -> tuple[int, ...] | None:
    if isinstance(value, np.ndarray):
        return tuple(value.shape)
    if isinstance(value, list):
        try:
            return tuple(np.shape(value))
        except ValueError:
            return None
    return None


def argument_hint(raised: Raised, names: Sequence[str], args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> Text | None:
    """Which argument a shape or dtype error inside learner code most likely comes from.

    NumPy's message names shapes ("shapes (4,) and (1,3) not aligned", "could not be
    broadcast together with shapes (4,) (4,1)") or a cast from int; the learner was
    given arrays, and the one whose shape (or int dtype) the message names is pointed
    at, with the line where the error surfaced, instead of a bare traceback.
    """
    if not any(raised.is_a(kind) for kind in _NUMPY_ERRORS):
        return None
    message = raised.message
    named = {tuple(int(n) for n in m.group(1).replace(" ", "").rstrip(",").split(","))
             for m in _SHAPE.finditer(message)}
    given = [*zip(names, args), *kwargs.items()]
    where = Text("", "")
    if raised.frames:
        file, line, function, text = raised.frames[-1]
        where = Text(f" ({file}:{line} in {function}: {text.strip()})",
                     f"（{file}:{line}，{function} 中：{text.strip()}）")
    shaped: list[tuple[str, tuple[int, ...]]] = [(name, shape) for name, value in given
              if (shape := _shape_of(value)) is not None and len(shape) >= 1 and shape in named]
    layout = any(word in message for word in ("matmul", "core dimension", "aligned", "broadcast"))
    if not shaped and layout:
        # NumPy's matmul names sizes, not shapes: point at the one 1-D array among 2-D ones
        shapes = [(name, shape) for name, value in given if (shape := _shape_of(value)) is not None]
        flat: list[tuple[str, tuple[int, ...]]] = [(name, shape) for name, shape in shapes if len(shape) == 1]
        if len(flat) == 1 and any(len(shape) == 2 for _name, shape in shapes):
            shaped = flat
    if shaped:
        name, shape = shaped[0]
        if raised.frames and re.search(rf"\b{re.escape(name)}\s*\.\s*reshape\b", raised.frames[-1][3]):
            # the learner reshaped it already, on the line that failed: advising a reshape is no help
            return tr("This comes from the argument {name}, given with shape {shape} and reshaped on that "
                      "line{where}: the new layout does not line up with the other operand. Use {name} as "
                      "given, or reshape it to the layout the computation needs.",
                      "问题来自参数 {name}：它传入时的形状是 {shape}，并在这一行被改变了形状{where}："
                      "新的布局与另一个操作数对不上。请按原样使用 {name}，或把它变成计算所需的布局。",
                      shape=str(shape).replace(" ", ""), name=name, where=where)
        column = f"{name}.reshape(-1, 1)" if len(shape) == 1 else f"{name}.reshape(...)"
        return tr("This comes from the argument {name}, given with shape {shape}{where}: a {shape} array "
                  "where the computation needs another layout (a 1-D vector where a column (m, 1) is "
                  "needed?). Check {name}.shape before using it, e.g. {column}.",
                  "问题来自参数 {name}，它传入时的形状是 {shape}{where}：计算需要的是另一种布局"
                  "（需要 (m, 1) 列向量的地方给了一维向量？）。使用前请先检查 {name}.shape，例如 {column}。",
                  shape=str(shape).replace(" ", ""), name=name, where=where, column=column)
    if _CAST.search(message) or "ufunc" in message.lower():
        ints = [name for name, value in given if _holds_ints(value)]
        target = _in_place_target(raised.frames[-1][3]) if raised.frames else None
        if ints and target is not None and target not in ints:
            # ``w += lr * x`` where w was made from an int input (np.zeros_like(X[0])): the
            # array that cannot take the float result is the learner's own, not an argument.
            inputs = Text(" and ".join(ints) + (" hold" if len(ints) > 1 else " holds"), "、".join(ints))
            return tr("{target} is an int array{where}: an int array cannot take float results in place. It "
                      "was made from int input ({inputs} ints): convert the inputs first with "
                      "np.asarray(..., dtype=float), and make {target} a float array.",
                      "{target} 是整数数组{where}：整数数组不能原地存放浮点结果。它是由整数输入得到的"
                      "（{inputs} 是整数）：请先用 np.asarray(..., dtype=float) 转换输入，并让 {target} "
                      "成为浮点数组。", target=target, where=where, inputs=inputs)
        if ints:
            name = target if target in ints else ints[0]
            return tr("The argument {name} holds ints{where}: an int array cannot take float results in "
                      "place; convert it first with np.asarray({name}, dtype=float).",
                      "参数 {name} 是整数{where}：整数数组不能原地存放浮点结果；请先用 "
                      "np.asarray({name}, dtype=float) 转换。", name=name, where=where)
    return None


_CAST = re.compile(r"\bcast", re.IGNORECASE)  # "Cannot cast ufunc ... output", never "broadcast"


def int_cast_error(raised: Raised) -> bool:
    """Whether an exception is what int inputs cause: a TypeError, or NumPy refusing to cast a
    float result into an int array ("Cannot cast ufunc 'add' output ..."), never a shape error
    whose "broadcast" holds the same letters. Whether ints are to blame is then for the caller
    to confirm: the same call with floats must be right."""
    return raised.type != "NotImplementedError" and (raised.is_a("TypeError") or bool(_CAST.search(raised.message)))
_IN_PLACE = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:\[[^=]*\])?\s*(?:\+|-|\*|/|//|\*\*|%|@)=(?!=)")


def _in_place_target(line: str) -> str | None:
    """The variable an augmented assignment updates (``w`` of ``w[i] += g``), if the line is one."""
    match = _IN_PLACE.match(line)
    return match.group(1) if match else None


def _holds_ints(value: Any) -> bool:
    """An int (or bool) array, or a list of ints at any depth (``[[0, 1], [1, 1]]``)."""
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "iub"
    if isinstance(value, list) and value:
        try:
            return np.asarray(value).dtype.kind in "iub"
        except (ValueError, TypeError):
            return False
    return False
