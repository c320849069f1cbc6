"""The limits put on learner code, with their documented defaults.

| limit          | default        | enforced by                                            |
|----------------|----------------|--------------------------------------------------------|
| wall clock     | registry       | the parent: it kills the worker at the deadline         |
|                | ``timeout``    | (10 s per exercise unless ``course.toml`` says more)   |
| CPU time       | = wall clock   | the worker's soft ``RLIMIT_CPU``, reset before each    |
|                |                | call (SIGXCPU); a hard limit of the lesson's total     |
| memory         | 1 GiB          | ``RLIMIT_AS``: address space beyond what the worker    |
|                |                | had when it started (MemoryError, or the process ends) |
| output         | 1 MiB          | the parent: printed bytes per exercise; past the cap   |
|                |                | the worker is stopped and the rest dropped             |
| file size      | 64 MiB         | ``RLIMIT_FSIZE`` (a write past it fails with EFBIG)    |

Every exercise's wall-clock and CPU budgets cover all of its checks together; an exercise
whose long calls the contract times (a training, with its own limit) may give its other
calls a share of its own (``untimed`` in ``course.toml``; docs/time-limits.md).
Overrides, weakest first: these defaults, the registry (``course.toml``: ``timeout``,
``cpu`` and ``untimed`` per exercise; ``memory``, ``output`` and ``file_size`` in a ``limits`` table per
lesson), then the command line (``--timeout-scale``, ``--memory``, ``--max-output``).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

# The sandbox's confinement mechanisms, strongest first (docs/security.md says what each
# protects): namespaces as root, the same inside a user namespace, Landlock, nothing.
MODES = ("namespaces", "user-namespaces", "landlock", "plain")

_UNITS = {"": 1, "b": 1, "k": KIB, "kb": KIB, "kib": KIB, "m": MIB, "mb": MIB, "mib": MIB,
          "g": GIB, "gb": GIB, "gib": GIB}
_SIZE_RE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$")


class LimitError(ValueError):
    """A limit that cannot be used; ``words`` is its message in English and Chinese (this
    layer imports nothing of the grader, so the caller makes it a bilingual error)."""

    def __init__(self, words: tuple[str, str]) -> None:
        super().__init__(words[0])
        self.words = words


@dataclass(frozen=True)
class Limits:
    """Limits for the learner code of one lesson.

    ``memory`` is the extra address space (bytes) a worker may map beyond what it had when
    it started; ``output`` how many bytes of stdout/stderr one exercise may print;
    ``file_size`` the largest file learner code may write; ``timeout_scale`` multiplies
    every wall-clock and CPU budget; ``timeout`` and ``cpu`` (seconds, ``None`` = from the
    registry) replace the per-exercise budgets; ``isolation`` lets the sandbox use Linux
    namespaces where the system allows it (see docs/security.md); ``confinement`` names the
    mechanism to use (``auto``: the strongest the system allows; see ``MODES``).
    """

    memory: int = 1 * GIB
    output: int = 1 * MIB
    file_size: int = 64 * MIB
    timeout_scale: float = 1.0
    timeout: float | None = None
    cpu: float | None = None
    isolation: bool = True
    confinement: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_overrides(self, **changes: Any) -> Limits:
        """A copy with every change that is not ``None``, validated."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            names = ", ".join(sorted(unknown))
            raise LimitError((f"unknown limit(s): {names}", f"未知的限制：{names}"))
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if value is None:
                continue
            if key in ("memory", "output", "file_size"):
                value = parse_size(value)
            elif key in ("timeout_scale", "timeout", "cpu"):
                value = float(value)
                if not math.isfinite(value) or value <= 0:
                    raise LimitError((f"{key} must be a positive number of seconds", f"{key} 必须是正的秒数"))
            elif key == "isolation":
                value = bool(value)
            elif key == "confinement":
                value = str(value).strip().lower()
                if value not in ("auto", *MODES):
                    modes = ", ".join(MODES)
                    raise LimitError((f"unknown confinement {value!r}; choose auto, {modes}",
                                      f"未知的隔离方式 {value!r}；请选择 auto、{modes}"))
            values[key] = value
        return replace(self, **values)

    def wall(self, registry_timeout: float) -> float:
        """An exercise's wall-clock budget in seconds."""
        base = self.timeout if self.timeout is not None else registry_timeout
        return base * self.timeout_scale

    def cpu_time(self, registry_timeout: float, registry_cpu: float | None = None) -> float:
        """An exercise's CPU-time budget in seconds (the wall clock unless set)."""
        base = self.cpu if self.cpu is not None else registry_cpu
        if base is None:
            return self.wall(registry_timeout)
        return base * self.timeout_scale


def left_open(info: dict[str, Any]) -> tuple[str, ...]:
    """What a sandbox's confinement report (``Sandbox.confinement()``) leaves unprotected.

    The portable runner lists it itself; the fork runner's ``plain`` mode leaves the user's
    files, the network and processes open, and its other modes none of those.
    """
    listed = info.get("unprotected")
    if isinstance(listed, list):
        return tuple(str(item) for item in listed)
    return ("files", "network", "processes") if info.get("mode") == "plain" else ()


def parse_size(value: Any) -> int:
    """Bytes from an int or a text such as ``512 MiB``, ``1G``, ``4096``."""
    if isinstance(value, bool):
        raise LimitError((f"not a size: {value!r}", f"不是大小：{value!r}"))
    if isinstance(value, int):
        number = float(value)
    elif isinstance(value, float):
        number = value
    else:
        match = _SIZE_RE.match(str(value))
        unit = match.group(2).lower() if match else ""
        if not match or unit not in _UNITS:
            raise LimitError((f"not a size: {value!r} (write e.g. 512MiB, 1GiB or a number of bytes)",
                              f"不是大小：{value!r}（请写成 512MiB、1GiB 或字节数）"))
        number = float(match.group(1)) * _UNITS[unit]
    if not math.isfinite(number) or number <= 0:
        raise LimitError((f"a size must be positive: {value!r}", f"大小必须为正数：{value!r}"))
    return int(number)


def format_size(size: int) -> str:
    """``1 GiB``, ``1 MiB``, ``1.5 GiB``, ``300 bytes``: how verdicts name a size."""
    for unit, scale in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= scale:
            return f"{round(size / scale, 2):g} {unit}"
    return f"{size} bytes"


def format_seconds(seconds: float) -> str:
    """``10 s``, ``2.5 s``, ``0.25 s``: how verdicts name a duration."""
    return f"{round(seconds, 2):g} s"
