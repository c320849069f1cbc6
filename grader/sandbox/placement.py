"""Which CPUs a grading process and the sandbox processes it starts run on.

Grading is a conversation: the grading process sends a worker one call, waits, reads the
reply, and sends the next, some 650 times for ``grade all``. Left to the scheduler, the
two ends of each exchange, and the grading process's lesson threads as they hand the GIL
to one another, wake each other up on different CPUs. On a virtual machine a wake-up on
another CPU is dear: a ping-pong of two processes over a socket measured 18 µs of CPU on
each side per message across two CPUs, 2.2 µs on one (``bench/placement.py``). So a
grading process that runs alone (``grade all``, one job of a batch on a machine of two
CPUs) keeps its own threads on one CPU, the *judge's*, and its zygote, and so every
worker forked from it, on the others; a batch job that has a single CPU to itself keeps
both there. Measured on two CPUs: ``grade all`` 0.54 s became 0.48 s, a batch of one
job 158 submissions a minute became 175, of two jobs 219 became 250.

Placing is a matter of speed only: nothing learner code meets, and no verdict, depends
on it. Learner code may move itself to any CPU this process may use; that is no escape
from anything. Where the platform cannot place (not Linux), where the process may use
one CPU only, or with ``GRADE_PLACEMENT=off``, nothing is placed.

A placement belongs to the process, as the affinity it sets does: ``take_up`` is called
once by a front door that grades in this process, before it starts any thread or helper,
and ``place_helper`` then puts each helper (a zygote, a nursery) on the sandbox's CPUs.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from dataclasses import dataclass

OFF_SWITCH = "GRADE_PLACEMENT"  # "off": leave every process where the scheduler puts it
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class Placement:
    """The CPUs of the judge (the grading process's threads) and of the sandbox (the
    zygote and the workers it forks)."""

    judge: frozenset[int]
    sandbox: frozenset[int]


_taken: list[Placement] = []  # this process's placement, once taken up


def one_blas_thread(environ: MutableMapping[str, str]) -> None:
    """Ask the BLAS under NumPy for one thread in a grading process, unless the user chose.

    OpenBLAS starts a thread per CPU when NumPy is imported, and they spin: the import
    took 85 ms of CPU instead of 43 here, the difference spent on the CPU the zygote boots
    on, and on the judge's once it is placed. The grader multiplies small matrices, for
    which one thread is the fastest anyway (learner code always gets one: ``runner``).
    """
    for name in BLAS_THREADS:
        environ.setdefault(name, "1")


def usable_cpus() -> frozenset[int] | None:
    """The CPUs this process may run on, or None where they cannot be set (or placing is off)."""
    if os.environ.get(OFF_SWITCH, "").strip().lower() in ("off", "0", "no", "false"):
        return None
    if not (hasattr(os, "sched_getaffinity") and hasattr(os, "sched_setaffinity")):
        return None
    try:
        return frozenset(os.sched_getaffinity(0))
    except OSError:
        return None


def current_cpu() -> int | None:
    """The CPU this process last ran on (``/proc/self/stat``, field 39), if known.

    A process that runs alone stays where the scheduler started it, so that several
    graders started at once on one machine do not all crowd onto the first CPU.
    """
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[36])
    except (OSError, IndexError, ValueError):
        return None


def plan(cpus: frozenset[int], jobs: int = 1, job: int = 0, here: int | None = None) -> Placement | None:
    """Where job ``job`` of ``jobs`` grading processes runs, given the usable ``cpus``.

    The CPUs are dealt out to the jobs in turn (job 0 gets the 1st, the ``jobs+1``-th, ...);
    with more jobs than CPUs, jobs share them, each one CPU. Within its share, a job's judge
    takes one CPU (``here``, where the process runs now, when it is in the share) and the
    sandbox the rest; a share of one CPU holds both. None when there is nothing to choose.
    """
    ordered = sorted(cpus)
    if len(ordered) < 2 or jobs < 1 or not 0 <= job < jobs:
        return None
    share = ordered[job::jobs] if jobs <= len(ordered) else [ordered[job % len(ordered)]]
    if len(share) == 1:
        return Placement(frozenset(share), frozenset(share))
    judge = here if here in share else share[0]
    return Placement(frozenset({judge}), frozenset(c for c in share if c != judge))


def take_up(jobs: int = 1, job: int = 0) -> Placement | None:
    """Place this process (the calling thread, and every thread and helper it starts later)
    as job ``job`` of ``jobs``; the placement taken, or None where nothing was placed."""
    if _taken:
        return _taken[0]
    cpus = usable_cpus()
    chosen = None if cpus is None else plan(cpus, jobs, job, current_cpu())
    if chosen is None:
        return None
    try:
        os.sched_setaffinity(0, chosen.judge)
    except OSError:
        return None
    _taken.append(chosen)
    return chosen


def taken() -> Placement | None:
    """This process's placement, if it took one up."""
    return _taken[0] if _taken else None


def place_helper(pid: int) -> None:
    """Put a helper this process just started on the sandbox's CPUs, as soon as it runs
    (it forks only once asked, so its children inherit them). Nothing happens when this process took no placement,
    or the helper is already gone."""
    chosen = taken()
    if chosen is None:
        return
    try:
        os.sched_setaffinity(pid, chosen.sandbox)
    except OSError:
        pass
