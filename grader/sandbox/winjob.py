"""Windows job objects, through ``ctypes``: a memory limit, and one kill for a whole tree.

Windows has no ``RLIMIT_AS`` and no process groups to kill at once. A job object gives
both: every process learner code starts joins its worker's job; the job's committed
memory is capped (an allocation past the cap fails, which Python reports as a
MemoryError); terminating the job ends them all; and the job is killed when its last
handle closes, so the workers die with the grader however it ends.

Only the portable runner calls this, and only on Windows (``sys.platform == "win32"``):
nothing here is reached elsewhere. It cannot be exercised on the Linux machines the test
suite runs on; the CI matrix's Windows job grades the course through it.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

_JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
_JOB_OBJECT_LIMIT_JOB_MEMORY = 0x00000200
_JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
_JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000


class _IoCounters(ctypes.Structure):
    _fields_ = [(name, ctypes.c_ulonglong) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
        "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]


class _BasicLimits(ctypes.Structure):
    _fields_ = [("PerProcessUserTimeLimit", ctypes.c_longlong),
                ("PerJobUserTimeLimit", ctypes.c_longlong),
                ("LimitFlags", ctypes.c_uint32),
                ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t),
                ("ActiveProcessLimit", ctypes.c_uint32),
                ("Affinity", ctypes.c_size_t),
                ("PriorityClass", ctypes.c_uint32),
                ("SchedulingClass", ctypes.c_uint32)]


class _ExtendedLimits(ctypes.Structure):
    _fields_ = [("BasicLimitInformation", _BasicLimits),
                ("IoInfo", _IoCounters),
                ("ProcessMemoryLimit", ctypes.c_size_t),
                ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t),
                ("PeakJobMemoryUsed", ctypes.c_size_t)]


class _MemoryCounters(ctypes.Structure):
    _fields_ = [("cb", ctypes.c_uint32), ("PageFaultCount", ctypes.c_uint32),
                ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                ("QuotaPeakPagedPoolUsage", ctypes.c_size_t), ("QuotaPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                ("PagefileUsage", ctypes.c_size_t), ("PeakPagefileUsage", ctypes.c_size_t)]


def _kernel32() -> Any:
    return ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]


def supported() -> bool:
    return sys.platform == "win32"


def committed(process: int) -> int:
    """Bytes of memory ``process`` (a handle) has committed now; 0 if unknown."""
    counters = _MemoryCounters()
    counters.cb = ctypes.sizeof(counters)
    try:
        kernel32 = _kernel32()
        kernel32.K32GetProcessMemoryInfo.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint32]
        ok = kernel32.K32GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb)
    except (OSError, AttributeError):
        return 0
    return int(counters.PagefileUsage) if ok else 0


def confine(process: int, memory: int | None) -> int | None:
    """Put ``process`` (a handle) in a new job: its tree killed with the job, and memory
    committed beyond what it has now capped at ``memory`` bytes. Returns the job's handle,
    or None where no job could be made (the runner then says memory is not limited)."""
    if not supported():
        return None
    kernel32 = _kernel32()
    try:
        kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p]
        kernel32.CreateJobObjectW.restype = ctypes.c_void_p
        job = kernel32.CreateJobObjectW(None, None)
        if not job:
            return None
        limits = _ExtendedLimits()
        flags = _JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | _JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION
        if memory:
            flags |= _JOB_OBJECT_LIMIT_JOB_MEMORY
            limits.JobMemoryLimit = committed(process) + int(memory)
        limits.BasicLimitInformation.LimitFlags = flags
        kernel32.SetInformationJobObject.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                                                     ctypes.c_uint32]
        kernel32.AssignProcessToJobObject.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        if not kernel32.SetInformationJobObject(job, _JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                                ctypes.byref(limits), ctypes.sizeof(limits)) \
                or not kernel32.AssignProcessToJobObject(job, process):
            close(job)
            return None
        return int(job)
    except (OSError, AttributeError):
        return None


def terminate(job: int, code: int = 1) -> None:
    """End every process in the job."""
    try:
        kernel32 = _kernel32()
        kernel32.TerminateJobObject.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        kernel32.TerminateJobObject(job, code)
    except (OSError, AttributeError):
        pass


def close(job: int) -> None:
    """Close the job's handle (which kills what is left in it: KILL_ON_JOB_CLOSE)."""
    try:
        kernel32 = _kernel32()
        kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
        kernel32.CloseHandle(job)
    except (OSError, AttributeError):
        pass
