"""Landlock: an unprivileged process restricts itself (and its children) to a list of paths.

Three documented system calls (``landlock(7)``), made through ``ctypes``: create a
ruleset naming the kinds of access it handles, add one rule per allowed folder or file,
and apply it to the calling thread. Nothing needs privileges beyond ``no_new_privs``, and
nothing can undo it. Each worker applies its own ruleset after it is forked, so that:

- files can be read only beneath the folders the lesson needs (the Python installation,
  the grader's package, the workspace, a few system files), never the references;
- files can be written, created or removed only in the worker's scratch folder;
- from ABI 4, TCP ``connect`` and ``bind`` are refused; from ABI 6, signals to processes
  outside the worker's domain (the zygote, the grader) and abstract Unix sockets too.

A folder that holds a hidden one (``site-packages/grader`` holding the packaged
references) cannot be allowed as a whole, as a rule covers everything beneath it: it is
allowed for listing only, and each of its entries except the hidden one on its own.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from grader.sandbox import platform

_SYS_CREATE_RULESET = 444  # the generic system call table: the same on every architecture
_SYS_ADD_RULE = 445
_SYS_RESTRICT_SELF = 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

EXECUTE = 1 << 0
WRITE_FILE = 1 << 1
READ_FILE = 1 << 2
READ_DIR = 1 << 3
_ABI1_FS = (1 << 13) - 1  # execute ... make_sym
REFER = 1 << 13  # ABI 2
TRUNCATE = 1 << 14  # ABI 3
IOCTL_DEV = 1 << 15  # ABI 5
_FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV

NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1

READ = READ_FILE | READ_DIR | EXECUTE
LIST = READ_DIR
WRITE = -1  # every access the ruleset handles

_O_PATH = getattr(os, "O_PATH", 0o10000000)
_PR_SET_NO_NEW_PRIVS = 38

# System files a Python process may need: the dynamic loader's cache (``import ctypes``
# loads libffi), the time zone, user names; devices that are harmless to open.
SYSTEM_READ = ("/usr", "/bin", "/lib", "/lib64", "/lib32", "/sbin", "/etc/ld.so.cache",
               "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf",
               "/proc", "/sys/devices/system/cpu", "/dev/urandom", "/dev/random", "/dev/zero")
SYSTEM_WRITE = ("/dev/null",)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _syscall(*args: Any) -> int:
    try:
        libc = platform.libc()
        libc.syscall.restype = ctypes.c_long
        return int(libc.syscall(*args))
    except (OSError, AttributeError):
        return -1


def abi() -> int:
    """The Landlock ABI version the kernel offers; 0 when it has none (or is not Linux)."""
    if not sys.platform.startswith("linux"):
        return 0
    return max(_syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION), 0)


def handled_fs(version: int) -> int:
    handled = _ABI1_FS
    if version >= 2:
        handled |= REFER
    if version >= 3:
        handled |= TRUNCATE
    if version >= 5:
        handled |= IOCTL_DEV
    return handled


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def allowances(root: str, access: int, hidden: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Rules allowing ``access`` beneath ``root`` but nothing beneath any ``hidden`` folder."""
    covered = [h for h in hidden if _inside(h, root)]
    if not covered:
        yield root, access
        return
    if root in covered or not os.path.isdir(root):
        return
    yield root, access & LIST
    try:
        entries = os.listdir(root)
    except OSError:
        return
    for entry in entries:
        yield from allowances(os.path.join(root, entry), access, covered)


def plan(read: Iterable[str], write: Iterable[str], hidden: Iterable[str]) -> list[tuple[str, int]]:
    """The rules for reading ``read`` and writing ``write``, real paths, ``hidden`` excluded."""
    hidden_real = [os.path.realpath(h) for h in hidden]
    rules: list[tuple[str, int]] = []
    seen: set[tuple[str, int]] = set()
    for paths, access in ((read, READ), (write, WRITE)):
        for path in paths:
            if not os.path.exists(path):
                continue
            for rule in allowances(os.path.realpath(path), access, hidden_real):
                if rule not in seen:
                    seen.add(rule)
                    rules.append(rule)
    return rules


def restrict(rules: Iterable[tuple[str, int]]) -> int:
    """Apply the rules to this thread and its future children; returns the ABI used (0: none).

    Everything the kernel's ABI handles and no rule allows is refused from then on, with
    ``EACCES`` (``PermissionError``) for files and network, ``EPERM`` for signals.
    """
    version = abi()
    if version < 1:
        return 0
    fs = handled_fs(version)
    attr = _RulesetAttr(fs, NET_BIND_TCP | NET_CONNECT_TCP if version >= 4 else 0,
                        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if version >= 6 else 0)
    size = 24 if version >= 6 else 16 if version >= 4 else 8
    ruleset = _syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if ruleset < 0:
        return 0
    try:
        for path, access in rules:
            allowed = fs if access == WRITE else access & fs
            try:
                fd = os.open(path, _O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    allowed &= _FILE_ONLY
                beneath = _PathBeneathAttr(allowed, fd)
                if allowed and _syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH,
                                        ctypes.byref(beneath), 0) != 0:
                    return 0
            finally:
                os.close(fd)
        platform.libc().prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if _syscall(_SYS_RESTRICT_SELF, ruleset, 0) != 0:
            return 0
    finally:
        os.close(ruleset)
    return version
