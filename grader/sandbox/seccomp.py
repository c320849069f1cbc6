"""A seccomp filter that refuses network sockets: the part of "no network" Landlock lacks.

Landlock refuses TCP ``connect`` and ``bind``, but has no rule for UDP or raw sockets. This
filter, which any process with ``no_new_privs`` may install (``seccomp(2)``), makes
``socket()`` fail with ``EACCES`` for every address family but Unix sockets (which
``multiprocessing`` uses), and ``io_uring_setup`` too (io_uring can open sockets without
the ``socket`` system call). System calls of another architecture's table (a 32-bit
``int 0x80`` from a 64-bit process) are refused. Inherited by children; irrevocable.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import platform as _platform
import socket

from grader.sandbox import platform

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000

_LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET = 0x06  # BPF_RET | BPF_K

# (audit architecture, socket, io_uring_setup) per machine.
_TABLES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def supported() -> bool:
    return _platform.machine() in _TABLES


def prepare() -> _Program | None:
    """The filter, built once per process: the zygote builds it before it forks, so that a
    worker only installs it (building the ctypes program was half a millisecond of every
    worker's start); None on a machine without a table here."""
    built = _built()
    return None if built is None else built[1]


@functools.cache
def _built() -> tuple[ctypes.Array[_Instruction], _Program] | None:
    """The filter's instructions and the program pointing into them (kept together)."""
    table = _TABLES.get(_platform.machine())
    if table is None:
        return None
    arch, nr_socket, nr_io_uring = table
    deny = _RET_ERRNO | errno.EACCES
    program = [
        (_LD_ABS, 0, 0, 4),  # 0: the architecture
        (_JEQ, 0, 7, arch),  # 1: another one's table: deny
        (_LD_ABS, 0, 0, 0),  # 2: the system call's number
        (_JGE, 5, 0, 0x40000000),  # 3: x32: deny
        (_JEQ, 4, 0, nr_io_uring),  # 4: io_uring_setup: deny
        (_JEQ, 0, 2, nr_socket),  # 5: socket: look at the family; anything else: allow
        (_LD_ABS, 0, 0, 16),  # 6: its first argument (the low half, little-endian)
        (_JEQ, 0, 1, socket.AF_UNIX),  # 7: Unix sockets only
        (_RET, 0, 0, _RET_ALLOW),  # 8
        (_RET, 0, 0, deny),  # 9
    ]
    filters = (_Instruction * len(program))(*[_Instruction(*i) for i in program])
    return filters, _Program(len(program), filters)


def refuse_network() -> bool:
    """Install the filter in this thread (and its future children); whether it took."""
    fprog = prepare()
    if fprog is None:
        return False
    try:
        libc = platform.libc()
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        return int(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0)) == 0
    except (OSError, AttributeError):
        return False
