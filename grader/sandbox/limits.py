"""The limits put on learner code, with their documented defaults.

Wall-clock time is enforced by the parent (it kills the worker); the rest are resource
limits the worker sets on itself before any learner code runs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits for one worker process.

    ``memory`` is the extra address space (bytes) learner code may map beyond what the
    worker had when it started; ``cpu`` the CPU seconds a worker may use in total (a
    backstop: the per-exercise wall-clock timeout from the registry is the main limit);
    ``output`` how many bytes of stdout/stderr are kept; ``file_size`` the largest file
    learner code may write.
    """

    memory: int = 1024 * MIB
    cpu: int = 300
    output: int = 1 * MIB
    file_size: int = 64 * MIB
    timeout_scale: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_overrides(self, **changes: Any) -> Limits:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
