"""Showing values and calls to a learner: short, exact enough, never a wall of digits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from grader.sandbox.codec import Handle, Instrument, Opaque


def show(value: Any, limit: int = 400) -> str:
    """A compact, readable rendering of any value the grader handles."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=6, threshold=24, edgeitems=3,
                               separator=", ", suppress_small=False, max_line_width=100)
        # As NumPy's own repr: the shape only where the entries are cut short (or a 0-d
        # array, whose brackets are absent), the dtype only where it is not float64 (an int
        # array is what an int-input check is about). Anything more is noise on every call.
        text = " ".join(line.strip() for line in text.splitlines())  # a 2-D array on one line
        extras = [f"shape={value.shape}"] if "..." in text or value.ndim == 0 else []
        extras += [f"dtype={value.dtype}"] if value.dtype != np.float64 else []
        text = f"array({', '.join([text, *extras])})"
    elif isinstance(value, Instrument) and value.kind == "generator":
        text = f"np.random.default_rng({value.params.get('seed')})"
    elif isinstance(value, Instrument):
        text = f"<function {value.function}>"
    elif isinstance(value, (Opaque, Handle)):
        text = f"<{value.type_name}>"
    elif isinstance(value, np.generic):
        text = f"np.{value.dtype}({value.item()!r})"
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, (list, tuple)):
        inner = _joined((show(v, limit) for v in value), limit)
        text = f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    elif isinstance(value, dict):
        text = "{" + _joined((f"{k!r}: {show(v, limit)}" for k, v in value.items()), limit) + "}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _joined(parts: Iterator[str], limit: int) -> str:
    """Join shown items until ``limit`` characters: a huge or deep value stays cheap."""
    out: list[str] = []
    size = 0
    for part in parts:
        out.append(part)
        size += len(part) + 2
        if size > limit:
            out.append("...")
            break
    return ", ".join(out)


def show_call(func: str, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> str:
    parts = [show(a, 200) for a in args] + [f"{k}={show(v, 200)}" for k, v in (kwargs or {}).items()]
    return f"{func}({', '.join(parts)})"
