"""Confinement of the sandbox with Linux namespaces, where the system allows it.

The zygote calls these once, before it forks any worker, so every worker inherits them.
Each step is best-effort and reported (``grade`` works the same without them; see
docs/security.md for what each one protects):

- new PID, network and mount namespaces: directly as root (``CAP_SYS_ADMIN``), or inside
  a new user namespace for an ordinary user where the kernel allows it. Learner code
  sees no other process, has no network (not even loopback), and cannot signal the
  grader;
- in the mount namespace, every mount read-only except the scratch folder, the reference
  folder covered by an empty read-only tmpfs, and a fresh ``/proc``;
- then every capability dropped (bounding set included) and ``no_new_privs`` set, so
  learner code cannot undo any of it, even running as root.

Landlock (``landlock``) and a seccomp filter (``seccomp``) are applied by each worker on
top, or alone where namespaces are not allowed. In every mode the zygote is a child
subreaper, so a learner's process that double-forks or calls ``setsid`` comes back to it
and is killed.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

from grader.sandbox import platform

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18

MOUNT_ATTR_RDONLY = 0x1
AT_FDCWD = -100
AT_RECURSIVE = 0x8000
SYS_MOUNT_SETATTR = 442  # the same number on every architecture (generic syscall table)

PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
PR_CAPBSET_DROP = 24
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


_LIBC: Any = None


def _libc() -> Any:
    global _LIBC
    if _LIBC is None and sys.platform.startswith("linux"):
        try:
            _LIBC = platform.libc()
            _LIBC.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                    ctypes.c_ulong, ctypes.c_void_p]
            _LIBC.syscall.restype = ctypes.c_long
        except OSError:
            _LIBC = False
    return _LIBC or None


def _prctl(option: int, arg: int = 0, arg3: int = 0) -> bool:
    libc = _libc()
    if libc is None:
        return False
    try:
        return int(libc.prctl(option, arg, arg3, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def set_child_subreaper() -> bool:
    """Orphaned descendants are re-parented to this process instead of init (Linux >= 3.4)."""
    return _prctl(PR_SET_CHILD_SUBREAPER, 1)


def set_not_dumpable() -> bool:
    """No core dumps, and no ptrace or /proc/<pid>/mem access by same-user processes."""
    return _prctl(PR_SET_DUMPABLE, 0)


def set_dumpable() -> bool:
    """Undo ``set_not_dumpable`` (a nursery's child, before it confines itself as a zygote):
    a process that is not dumpable cannot write its own ``/proc/self/uid_map``."""
    return _prctl(PR_SET_DUMPABLE, 1)


def _dumpable() -> bool:
    libc = _libc()
    if libc is None:
        return False
    try:
        return int(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)) == 1
    except (OSError, AttributeError):
        return False


def unshare_namespaces() -> bool:
    """New PID, network and mount namespaces for this process's future children."""
    libc = _libc()
    if libc is None:
        return False
    return int(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET)) == 0


def unshare_user_namespaces() -> bool:
    """The same namespaces, inside a new user namespace: what an ordinary user may create.

    This process keeps its own user and group ids (mapped to themselves) and gains, in the
    new user namespace only, the capabilities to set up the mount namespace; the zygote
    drops them all (``drop_privileges``) before any worker starts. Fails where the system
    forbids unprivileged user namespaces (a sysctl, or an AppArmor policy).
    """
    libc = _libc()
    if libc is None:
        return False
    uid, gid = os.geteuid(), os.getegid()
    # A process that is not dumpable could unshare but not write its maps: it would go on
    # unconfined with a PID namespace waiting for its first child, which would be a worker
    # (PID 1 of the workers: ending, it takes every other worker with it).
    if not _dumpable():
        return False
    if int(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET)) != 0:
        return False
    try:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    except OSError:
        return False
    return True


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as handle:
        handle.write(text)


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> bool:
    libc = _libc()
    if libc is None:
        return False
    return int(libc.mount(_bytes(source), _bytes(target), _bytes(fstype), flags,
                          _bytes(data))) == 0


def _bytes(text: str | None) -> bytes | None:
    # A path as the file system has it: a folder name that is not UTF-8 comes back whole.
    return os.fsencode(text) if text is not None else None


def _set_read_only(path: str, read_only: bool, recursive: bool) -> bool:
    libc = _libc()
    if libc is None:
        return False
    attr = _MountAttr(MOUNT_ATTR_RDONLY if read_only else 0, 0 if read_only else MOUNT_ATTR_RDONLY,
                      0, 0)
    flags = AT_RECURSIVE if recursive else 0
    result = libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, os.fsencode(path), flags, ctypes.byref(attr),
                          ctypes.sizeof(attr))
    return int(result) == 0


def setup_filesystem(writable: list[str], hidden: list[str],
                     hidden_files: list[str] | None = None) -> dict[str, Any]:
    """In a fresh mount namespace: all read-only but ``writable``; ``hidden`` folders
    covered by an empty file system, ``hidden_files`` by ``/dev/null`` (read: empty)."""
    report: dict[str, Any] = {"read_only": False, "hidden": [], "proc": False}
    if not _mount(None, "/", None, MS_REC | MS_PRIVATE):
        return report  # not our own mount namespace: change nothing
    binds = [path for path in writable if os.path.isdir(path) and _mount(path, path, None, MS_BIND)]
    if _set_read_only("/", True, recursive=True):
        if all(_set_read_only(path, False, recursive=False) for path in binds) and \
                len(binds) == len(writable):
            report["read_only"] = True
        else:  # a writable folder would be read-only: undo, rather than break every worker
            _set_read_only("/", False, recursive=True)
    for path in hidden:
        if os.path.isdir(path) and _mount("tmpfs", path, "tmpfs",
                                          MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                                          "size=4k,mode=0555"):
            report["hidden"].append(path)
    for path in hidden_files or []:
        if os.path.isfile(path) and _mount("/dev/null", path, None, MS_BIND):
            _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
            report["hidden"].append(path)
    report["proc"] = _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    return report


def drop_privileges() -> bool:
    """Drop every capability for good (bounding and ambient sets too); no new privileges.

    Returns whether the process ends with no capabilities at all.
    """
    libc = _libc()
    if libc is None:
        return False
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    cap = 0
    while cap < 64 and _prctl(PR_CAPBSET_DROP, cap):
        cap += 1
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    try:
        if int(libc.capset(ctypes.byref(header), data)) != 0:
            return False
    except AttributeError:
        return False
    return _no_capabilities()


def _no_capabilities() -> bool:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(("CapEff:", "CapPrm:", "CapBnd:")) and int(line.split()[1], 16):
                    return False
        return True
    except (OSError, ValueError, IndexError):
        return False


def own_children() -> set[int]:
    """PIDs of this process's children (from /proc), to find re-parented orphans."""
    found: set[int] = set()
    me = os.getpid()
    try:
        tasks = os.listdir(f"/proc/{me}/task")
        for tid in tasks:
            with open(f"/proc/{me}/task/{tid}/children", encoding="ascii") as handle:
                found.update(int(p) for p in handle.read().split())
        return found
    except (OSError, ValueError):
        pass
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                found.add(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found
