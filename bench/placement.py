"""What placing the grader and its sandbox on CPUs of their own saves (``grader.sandbox.placement``,
and with it the split of a run over two grading processes, ``grader.two_processes``).

    python bench/placement.py              # ping-pong and grade all, 7 runs each
    python bench/placement.py --batch      # and grade batch, 1 and 2 jobs (a minute more)

Three measurements, each with placing on (the default, which splits ``grade all`` over two
processes) and off (``GRADE_PLACEMENT=off``: one process, where the scheduler puts it):

- ping-pong: two processes answer each other's 100-byte message over a socket, as the
  grader and a worker do for every call; the time per round trip and the CPU each side
  spends per message, with the two on different CPUs and on one;
- ``grade all`` (lessons 01-11, solved, ``--no-record --no-report``), as ``bench/perf.py``
  times it, median of ``--runs``;
- with ``--batch``: ``grade batch`` on 24 solved submissions, per minute, 1 and 2 jobs.

This is a measurement, not a test: it asserts nothing and is not run by CI. It needs
Linux and two CPUs; elsewhere it says so and stops.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import perf  # bench/perf.py, beside this file

MESSAGES = 20000


def ping_pong(cpus: tuple[int, int]) -> tuple[float, float, float]:
    """Round trip in µs, and CPU µs per message of the asking and the answering side."""
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the answering side
        ours.close()
        os.sched_setaffinity(0, {cpus[1]})
        started = time.process_time()
        while data := theirs.recv(4096):
            theirs.sendall(data)
        theirs.sendall(str(time.process_time() - started).encode())
        os._exit(0)
    theirs.close()
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {cpus[0]})
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(MESSAGES):
            ours.sendall(b"x" * 100)
            ours.recv(4096)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        ours.shutdown(socket.SHUT_WR)
        answering = float(ours.recv(64))
    finally:
        os.sched_setaffinity(0, before)
        ours.close()
        os.waitpid(pid, 0)
    return wall / MESSAGES * 1e6, cpu / MESSAGES * 1e6, answering / MESSAGES * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per timing (median)")
    parser.add_argument("--batch", action="store_true", help="also time grade batch (1 and 2 jobs)")
    args = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cpus) < 2:
        raise SystemExit("placing needs Linux and two CPUs; this machine offers "
                         f"{len(cpus) or 'no choice of'} CPU(s)")
    rows = []
    for label, pair in (("ping-pong, two CPUs", (cpus[0], cpus[1])), ("ping-pong, one CPU", (cpus[0], cpus[0]))):
        trip, asking, answering = ping_pong(pair)
        rows.append((label, f"{trip:.1f} µs a round trip, CPU {asking:.1f} + {answering:.1f} µs a message"))
    with tempfile.TemporaryDirectory() as scratch:
        workspace = perf.solved_workspace(Path(scratch) / "solved", without=("lesson12",))
        for label, value in (("placed", ""), ("not placed", "off")):
            run = perf.command(sys.executable, "-m", "grader.cli", "all", "-w", str(workspace),
                               "--no-record", "--no-report", env={"GRADE_PLACEMENT": value})
            rows.append((f"grade all, {label}", f"{perf.median_time(run, args.runs):.3f} s"))
        if args.batch:
            for label, value in (("placed", ""), ("not placed", "off")):
                os.environ["GRADE_PLACEMENT"] = value  # the batch's grading processes inherit it
                for jobs in (1, 2):
                    rate = perf.batch_per_minute(jobs, 24, Path(tempfile.mkdtemp(dir=scratch)))
                    rows.append((f"grade batch, {jobs} job(s), {label}", f"{rate:.0f} per minute"))
            os.environ.pop("GRADE_PLACEMENT")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
