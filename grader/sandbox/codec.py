"""Encode Python/NumPy values as JSON-safe data, and decode them without trusting them.

The child encodes whatever learner code returned; the parent decodes. Decoding builds
only plain values (numbers, strings, lists, tuples, dicts, float64-style ndarrays of
numeric dtypes) and inert stand-ins (``Opaque``, ``Handle``), so a hostile return value
can at most be a wrong answer, never code that runs in the grader.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_DEPTH = 12
MAX_ITEMS = 4_000_000  # array elements in one value (far above any result the course asks for)
MAX_NODES = 200_000  # values (list items, dict entries, ...) in one encoded value
MAX_LENGTH = 100_000  # items of one list or tuple, characters of one string
MAX_DICT = 10_000
MAX_INT_DIGITS = 4000
MAX_REPR = 300
_NUMERIC_KINDS = set("biufc")
_DTYPE_RE = re.compile(r"^[<>|=]?[biufc][1-9][0-9]?$")


@dataclass(frozen=True)
class Opaque:
    """A value that could not (or should not) be transported: its type and a short repr."""

    type_name: str
    text: str

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.text}>"


@dataclass(frozen=True)
class Handle:
    """A callable learner code returned; it stays in the child and can be called there."""

    id: int
    type_name: str
    text: str


@dataclass(frozen=True)
class Instrument:
    """A grader-supplied callable, built in the child from a named function and params."""

    id: str
    function: str
    params: dict[str, Any]
    kind: str = "function"


def type_name(value: object) -> str:
    cls = type(value)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def safe_repr(value: object, limit: int = MAX_REPR) -> str:
    try:
        text = repr(value)
    except Exception as exc:  # a hostile __repr__ is itself an observation
        text = f"<repr raised {type(exc).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _float(value: float) -> Any:
    if math.isfinite(value):
        return value
    return {"$t": "float", "v": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}


class _TooLarge(Exception):
    """The value has more parts than one encoded value may hold."""


class _Budget:
    """How many more values one ``encode`` may produce (a recursive list is not endless)."""

    def __init__(self, nodes: int = MAX_NODES) -> None:
        self.left = nodes

    def take(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooLarge


def _too_large(value: Any, why: str) -> dict[str, Any]:
    return {"$t": "obj", "type": type_name(value), "repr": why}


def encode(value: Any, store_callable: Callable[[Any], int] | None = None) -> Any:
    """Turn a value into JSON-safe data, preserving types the grader checks.

    Types are tested with ``type()``, not ``isinstance``, so an object that lies about its
    ``__class__`` is not taken for what it claims; anything too deep, too long or too large
    becomes an opaque stand-in (never a truncated value that could look right), and a value
    of more than ``MAX_NODES`` parts becomes one as a whole.
    """
    try:
        return _encode(value, store_callable, 0, _Budget())
    except _TooLarge:
        return _too_large(value, f"(more than {MAX_NODES} values: too large to check)")


def _encode(value: Any, store_callable: Callable[[Any], int] | None, depth: int,
            budget: _Budget) -> Any:
    budget.take()
    if depth > MAX_DEPTH:
        return _too_large(value, "(nested too deeply)")
    cls = type(value)
    if value is None or cls is bool:
        return value
    if cls is str:
        return value if len(value) <= MAX_LENGTH else _too_large(value, "(a string too long to check)")
    if cls is int:
        if abs(value) < 2**63:
            return value
        if value.bit_length() > MAX_INT_DIGITS * 3:
            return _too_large(value, "(an integer too large to check)")
        return {"$t": "bigint", "v": str(value)}
    if cls is float:
        return _float(value)
    if issubclass(cls, np.ndarray):
        return _encode_array(value)
    if issubclass(cls, np.generic) and cls.__module__ == "numpy":
        if value.dtype.kind in _NUMERIC_KINDS:
            item = value.item()
            if isinstance(item, complex):
                inner: Any = {"$t": "complex", "re": _float(item.real), "im": _float(item.imag)}
            elif isinstance(item, float):
                inner = _float(item)
            else:
                inner = item
            return {"$t": "np", "dtype": value.dtype.str, "v": inner}
        return {"$t": "obj", "type": type_name(value), "repr": safe_repr(value)}
    if cls is complex:
        return {"$t": "complex", "re": _float(value.real), "im": _float(value.imag)}
    if cls is list or cls is tuple:
        if len(value) > MAX_LENGTH:
            return _too_large(value, f"(a {cls.__name__} of {len(value)} items: too large to check)")
        items = [_encode(v, store_callable, depth + 1, budget) for v in value]
        return items if cls is list else {"$t": "tuple", "items": items}
    if cls is dict:
        if len(value) > MAX_DICT:
            return _too_large(value, f"(a dict of {len(value)} entries: too large to check)")
        pairs = [[_encode(k, store_callable, depth + 1, budget),
                  _encode(v, store_callable, depth + 1, budget)] for k, v in list(value.items())]
        return {"$t": "dict", "items": pairs}
    if issubclass(cls, (int, float)) and not issubclass(cls, bool):
        # A subclass of int or float: keep only its number, and say what it was.
        number = float(value) if issubclass(cls, float) else int(value)
        return {"$t": "sub", "type": type_name(value), "v": _encode(number, None, depth + 1, budget)}
    if callable(value) and store_callable is not None:
        return {
            "$t": "handle",
            "id": store_callable(value),
            "type": type_name(value),
            "repr": safe_repr(value),
        }
    return {"$t": "obj", "type": type_name(value), "repr": safe_repr(value)}


def _encode_array(array: np.ndarray) -> Any:
    cls = type_name(array)
    plain = np.asarray(array)  # the data itself: a subclass's methods are not consulted
    if type(plain) is not np.ndarray:
        return {"$t": "obj", "type": cls, "repr": "(an array-like object)"}
    if plain.dtype.kind not in _NUMERIC_KINDS:
        return {"$t": "obj", "type": f"{cls}[{plain.dtype}]", "repr": safe_repr(plain)}
    if plain.size > MAX_ITEMS:
        return {"$t": "obj", "type": cls,
                "repr": f"(an array of shape {plain.shape}: too large to check)"}
    plain = np.array(plain, order="C", subok=False)  # a real copy; keeps 0-d arrays 0-d
    data = base64.b64encode(plain.tobytes()).decode("ascii")
    return {"$t": "nd", "dtype": plain.dtype.str, "shape": list(plain.shape), "data": data, "cls": cls}


def encode_args(args: Any) -> Any:
    """Encode call arguments in the parent (instruments become their specs)."""
    if isinstance(args, Instrument):
        return {"$t": "instrument", "id": args.id, "function": args.function,
                "params": encode(args.params), "kind": args.kind}
    if type(args) is list:
        return [encode_args(a) for a in args]
    if type(args) is tuple:
        return {"$t": "tuple", "items": [encode_args(a) for a in args]}
    if type(args) is dict:
        return {"$t": "dict", "items": [[encode_args(k), encode_args(v)] for k, v in args.items()]}
    return encode(args)


MAX_SHARED_ENTRIES = 100_000
MAX_SHARED_CONTAINERS = 10_000


def _byte_bounds(array: np.ndarray) -> tuple[int, int]:
    """The first and one-past-last byte an array's elements occupy."""
    low = high = int(array.__array_interface__["data"][0])
    for size, stride in zip(array.shape, array.strides):
        reach = (size - 1) * stride
        if reach < 0:
            low += reach
        else:
            high += reach
    return low, high + array.itemsize


def _memory_owner(array: np.ndarray) -> int:
    base: Any = array
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    return id(base)


def shared_memory(value: Any, depth: int = 0, path: tuple[Any, ...] = (),
                  seen: set[int] | None = None) -> list[dict[str, Any]]:
    """Where a returned container holds the same array (or views of one memory) twice.

    Identity is lost when values are encoded, so the child reports it: for every list or
    tuple inside ``value`` (looking into dicts with string keys), the groups of positions whose
    arrays share memory, e.g. a history that appended the same ``w`` after every step.
    Each finding is ``{"path": [...], "groups": [[i, j, ...], ...]}``.
    """
    found: list[dict[str, Any]] = []
    if depth > 3:
        return found
    # Each container is looked into once, and only so many in all: a list that holds
    # itself (or a huge fan-out) must not turn the walk exponential.
    seen = set() if seen is None else seen
    if id(value) in seen or len(seen) > MAX_SHARED_CONTAINERS:
        return found
    seen.add(id(value))
    items: list[tuple[Any, Any]]
    if type(value) in (list, tuple):
        items = list(enumerate(value[:MAX_SHARED_ENTRIES]))
    elif type(value) is dict:
        items = [(k, v) for k, v in list(value.items())[:10_000] if type(k) is str]
    else:
        return found
    owners: dict[int, list[tuple[int, int, Any]]] = {}
    for key, item in items:
        if isinstance(item, np.ndarray) and item.size and type(value) is not dict:
            low, high = _byte_bounds(item)
            owners.setdefault(_memory_owner(item), []).append((low, high, key))
        elif type(item) in (list, tuple, dict):
            found += shared_memory(item, depth + 1, (*path, key), seen)
    groups: list[list[Any]] = []
    for spans in owners.values():
        spans.sort(key=lambda span: span[0])
        current: list[Any] = []
        end = -1
        for low, high, key in spans:
            if current and low < end:
                current.append(key)
                end = max(end, high)
            else:
                if len(current) > 1:
                    groups.append(current)
                current, end = [key], high
        if len(current) > 1:
            groups.append(current)
    if groups:
        found.append({"path": list(path), "groups": [sorted(g) for g in groups]})
    return found


# Learner text that no output may take as its own: lone surrogates (no UTF-8 writer accepts
# them), control characters, the Unicode bidirectional marks, overrides and isolates, and
# the zero-width characters. ``\n`` and ``\t`` stay layout in a block of text (a traceback);
# in one line of text (a message, a name) a line break is shown as ``\n``, so no message
# can start a line of its own, such as a fake "passed ... 4/4".
_UNSAFE_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f"
                              "\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f"
                             "\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe_line(text: str) -> str:
    """One line of learner text, safe for every output: see ``_UNSAFE_IN_LINE``."""
    return _UNSAFE_IN_LINE.sub(_escaped, text)


def safe_block(text: str) -> str:
    """Learner text of several lines, safe for every output; ``\n`` and ``\t`` kept."""
    return _UNSAFE_IN_BLOCK.sub(_escaped, text.replace("\r\n", "\n"))


def cleaned(data: Any, depth: int = 0) -> Any:
    """A parsed reply with every string in it made ``safe_block``: nothing a worker sent
    can hold a lone surrogate or a control character once it is in the parent."""
    if isinstance(data, str):
        return safe_block(data) if _UNSAFE_IN_BLOCK.search(data) else data
    if depth > 200:
        return None
    if isinstance(data, list):
        return [cleaned(item, depth + 1) for item in data]
    if isinstance(data, dict):
        return {cleaned(key, depth + 1): cleaned(value, depth + 1) for key, value in data.items()}
    return data


class DecodeError(ValueError):
    """Data from the child did not follow the codec."""


def _decode_float(data: Any) -> float:
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return float(data)
    if isinstance(data, dict) and data.get("$t") == "float":
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[str(data.get("v"))]
    raise DecodeError("bad float")


def decode(data: Any, instruments: Callable[[dict[str, Any]], Any] | None = None,
           depth: int = 0) -> Any:
    """Rebuild plain values from encoded data; unknown shapes become ``Opaque``."""
    if depth > MAX_DEPTH + 2:
        raise DecodeError("nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v, instruments, depth + 1) for v in data]
    if not isinstance(data, dict):
        raise DecodeError(f"unexpected {type(data).__name__}")
    tag = data.get("$t")
    try:
        if tag == "float":
            return _decode_float(data)
        if tag == "bigint":
            digits = str(data["v"])
            if len(digits) > MAX_INT_DIGITS + 1:
                raise DecodeError("integer too large")
            return int(digits)
        if tag == "complex":
            return complex(_decode_float(data["re"]), _decode_float(data["im"]))
        if tag == "tuple":
            return tuple(decode(v, instruments, depth + 1) for v in data["items"])
        if tag == "dict":
            out = {}
            for key, value in data["items"]:
                k = decode(key, instruments, depth + 1)
                try:
                    hash(k)
                except TypeError:
                    k = Opaque(type(k).__name__, "unhashable key")
                out[k] = decode(value, instruments, depth + 1)
            return out
        if tag == "nd":
            return _decode_array(data)
        if tag == "np":
            dtype = _checked_dtype(str(data["dtype"]))
            inner = decode(data["v"], None, depth + 1)
            if type(inner) not in (bool, int, float, complex):
                raise DecodeError("a NumPy scalar must hold one number")
            return dtype.type(inner)
        if tag == "sub":
            number = decode(data["v"], None, depth + 1)
            if type(number) not in (int, float):
                raise DecodeError("a number subclass must hold one number")
            return number
        if tag == "handle":
            return Handle(int(data["id"]), safe_line(str(data["type"])[:200]),
                          safe_line(str(data["repr"])[:MAX_REPR]))
        if tag == "obj":
            return Opaque(safe_line(str(data["type"])[:200]), safe_line(str(data["repr"])[:MAX_REPR]))
        if tag == "instrument" and instruments is not None:
            return instruments(data)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise DecodeError(f"bad {tag!r} value: {exc}") from exc
    raise DecodeError(f"unknown tag {tag!r}")


def _checked_dtype(text: str) -> np.dtype[Any]:
    if not _DTYPE_RE.match(text):
        raise DecodeError(f"dtype {text!r} is not a plain numeric dtype")
    dtype = np.dtype(text)
    if dtype.kind not in _NUMERIC_KINDS:
        raise DecodeError(f"dtype {text!r} is not numeric")
    return dtype


def _decode_array(data: dict[str, Any]) -> np.ndarray:
    dtype = _checked_dtype(str(data["dtype"]))
    shape = tuple(int(n) for n in data["shape"])
    if any(n < 0 for n in shape) or len(shape) > 32:
        raise DecodeError("bad shape")
    raw = base64.b64decode(str(data["data"]), validate=True)
    count = math.prod(shape)  # exact (no int64 to wrap), and a fiftieth of np.prod's time
    if len(raw) != count * dtype.itemsize:
        raise DecodeError("array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
