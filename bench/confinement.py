"""What confinement costs: `grade lesson01` in each mode, against the floor.

    python bench/confinement.py --runs 5

The floor is bench/perf.py's: two interpreter starts with NumPy (the grader, and the
process that runs learner code). For each mode the machine allows (forced with
GRADE_CONFINEMENT) it times `grade lesson01` and `grade all` (lessons 01-11, as
bench/perf.py does) on a solved workspace, as a user runs them,
and the parts that confinement adds: the zygote's start to its first answer (which
includes entering the namespaces) and, in a fresh process, building a worker's Landlock
rules and applying them. Prints medians of --runs runs (after one warm-up), and the
ratio to the floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("namespaces", "user-namespaces", "landlock", "plain")


def median(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    timed(command, env)
    return statistics.median(timed(command, env) for _ in range(runs))


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})},
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode not in (0, 1):  # 1: graded, some lesson missing or not passing
        raise SystemExit(f"{' '.join(command)} failed with exit code {done.returncode}")
    return time.perf_counter() - started


def zygote_start(mode: str) -> tuple[float, str, float]:
    """The zygote's start to its first answer, the mode it got, and how long it took to
    set that mode up (namespaces entered, file system made read-only, Landlock rules)."""
    from grader.sandbox.limits import Limits
    from grader.sandbox.runner import Sandbox

    started = time.perf_counter()
    with Sandbox(Limits(confinement=mode)) as sandbox:
        info = sandbox.confinement()
        return time.perf_counter() - started, str(info["mode"]), float(info["setup_seconds"])


def landlock_apply(workspace: Path) -> tuple[float, float]:
    """Planning the zygote's rules, and a worker's adding its own and applying them all,
    in a fresh process (a restriction cannot be undone)."""
    code = ("import time, sys; from grader.sandbox import landlock, platform, zygote; platform.libc(); "
            "t = time.perf_counter(); rules = landlock.plan(zygote._read_roots(), landlock.SYSTEM_WRITE, []); "
            "u = time.perf_counter(); "
            f"landlock.restrict([*rules, *landlock.plan([{str(workspace)!r}], ['/tmp'], [])]); "
            "print(u - t, time.perf_counter() - u)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    plan, apply = out.stdout.split()
    return float(plan), float(apply)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    floor = median([sys.executable, "-c", "import numpy, subprocess, sys; "
                    "subprocess.run([sys.executable, '-c', 'import numpy'])"], args.runs)
    print(f"floor (two starts with numpy): {floor * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        solved = Path(tmp)
        for path in (ROOT / "solutions").glob("lesson*.py"):
            shutil.copy(path, solved / path.name)
        grade = [sys.executable, "-m", "grader.cli", "lesson01", "-w", str(solved), "--no-record", "--no-report"]
        no_training = Path(tmp) / "no-training"
        no_training.mkdir()
        for path in (ROOT / "solutions").glob("lesson*.py"):
            if not path.name.startswith("lesson12"):
                shutil.copy(path, no_training / path.name)
        grade_all = [sys.executable, "-m", "grader.cli", "all", "-w", str(no_training), "--no-record", "--no-report"]
        for mode in MODES:
            _start, got, _setup = zygote_start(mode)
            if got != mode:
                print(f"{mode:16} not available here (got {got})")
                continue
            starts = [zygote_start(mode) for _ in range(args.runs)]
            took = median(grade, args.runs, {"GRADE_CONFINEMENT": mode})
            every = median(grade_all, args.runs, {"GRADE_CONFINEMENT": mode})
            print(f"{mode:16} grade lesson01 {took * 1000:5.0f} ms = {took / floor:.2f}x floor; "
                  f"grade all (01-11) {every * 1000:5.0f} ms = {every / floor:.2f}x; "
                  f"zygote start {statistics.median(s[0] for s in starts) * 1000:.0f} ms, of which "
                  f"confinement set-up {statistics.median(s[2] for s in starts) * 1000:.2f} ms")
        timings = [landlock_apply(solved) for _ in range(args.runs)]
    print(f"Landlock: planning the zygote's rules {statistics.median(t[0] for t in timings) * 1e3:.2f} ms "
          f"(once), a worker's rules applied {statistics.median(t[1] for t in timings) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
