"""What this platform offers the sandbox, asked in one place; Linux calls degrade to no-ops.

Modules that exist only on some systems (``resource``, ``fcntl``), calls into the C
library, and signals such as SIGKILL or SIGHUP are reached only through these helpers,
so every grader module imports on Windows and macOS too.

Choosing the runner: the *fork* runner (a zygote that forks one worker per lesson,
confined with namespaces or Landlock) runs on Linux; everywhere else, and on Linux when
``GRADE_RUNNER=portable``, the *portable* runner (``portable``) starts each worker as a
new interpreter. macOS gets the portable runner: forking a process that has imported
NumPy is unsafe there (Apple's Accelerate and some OpenBLAS builds keep threads and
locks that a forked child inherits in a broken state), and forking before NumPy is
imported would cost each worker the NumPy import the zygote exists to save.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ctypes

_PR_SET_PDEATHSIG = 1

RUNNERS = ("fork", "portable")


@cache
def optional_module(name: str) -> ModuleType | None:
    """The module ``name`` where this platform has it (``resource``, ``fcntl``), else None."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def signal_number(name: str) -> int | None:
    """The number of signal ``name`` (``"SIGKILL"``) here, or None where it does not exist."""
    value = getattr(signal, name, None)
    return int(value) if value is not None else None


def fork_available() -> bool:
    """Whether the fork runner can work here: Linux, ``os.fork`` and ``resource``."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and optional_module("resource") is not None)


def runner_wanted() -> str:
    """``fork`` or ``portable``: ``GRADE_RUNNER`` where it names one that works here, else
    the platform's (fork on Linux, portable elsewhere)."""
    forced = os.environ.get("GRADE_RUNNER", "").strip().lower()
    if forced == "portable" or not fork_available():
        return "portable"
    return "fork"


@cache
def libc() -> ctypes.CDLL:
    """The C library, found once. glibc's ``libc.so.6`` is already loaded: opening it by
    that name costs nothing, where ``find_library`` runs ``ldconfig``, a process of its
    own, at every zygote's start; other C libraries (musl) are looked up.

    The zygote loads it before it forks, so every worker inherits it. Callers ask only on
    Linux.
    """
    import ctypes  # here: choosing a runner needs no ctypes
    import ctypes.util

    try:
        return ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def set_parent_death_signal(sig: int | None = None) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux only; SIGKILL).

    A worker stuck in a learner's infinite loop must not outlive a grader that was
    killed: the zygote dies with the grader, the worker with the zygote.
    """
    if not sys.platform.startswith("linux"):
        return
    number = sig if sig is not None else signal_number("SIGKILL")
    try:
        libc().prctl(_PR_SET_PDEATHSIG, int(number or 9), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def new_process_group() -> None:
    """Make this process the leader of its own process group, where there are groups.

    A process that already leads its session (started with ``start_new_session``) leads
    its group too: the refusal then changes nothing.
    """
    setpgid = getattr(os, "setpgid", None)
    if setpgid is None:
        return
    try:
        setpgid(0, 0)
    except OSError:
        pass


def kill_group(pid: int) -> None:
    """Kill process ``pid`` and its process group at once (SIGKILL where it exists)."""
    sig = signal_number("SIGKILL")
    if sig is None:  # Windows: os.kill terminates the process
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
        return
    for kill in (getattr(os, "killpg", None), os.kill):
        if kill is None:
            continue
        try:
            kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
