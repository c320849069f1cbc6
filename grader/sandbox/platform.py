"""Small Linux-specific helpers, degrading to no-ops elsewhere."""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import sys
from functools import cache

_PR_SET_PDEATHSIG = 1


@cache
def libc() -> ctypes.CDLL:
    """The C library, found once: ``find_library`` runs ``ldconfig``, a process of its own.

    The zygote loads it before it forks, so every worker inherits it.
    """
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def set_parent_death_signal(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux only).

    A worker stuck in a learner's infinite loop must not outlive a grader that was
    killed: the zygote dies with the grader, the worker with the zygote.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc().prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):
        pass
