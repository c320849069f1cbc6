"""What confinement costs: `grade lesson01` in each mode, against the floor.

    python bench/confinement.py --runs 5

The floor is starting Python and importing NumPy. For each mode the machine allows
(forced with GRADE_CONFINEMENT) it times `grade lesson01` on the references, as a user
runs it, and the parts that confinement adds: the zygote's start to its first answer
(which includes entering the namespaces) and applying the Landlock rules in one
process. Prints the median of --runs runs, and the ratio to the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("namespaces", "user-namespaces", "landlock", "plain")


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def zygote_start(mode: str) -> tuple[float, str]:
    from grader.sandbox.limits import Limits
    from grader.sandbox.runner import Sandbox

    started = time.perf_counter()
    with Sandbox(Limits(confinement=mode)) as sandbox:
        got = str(sandbox.confinement()["mode"])
        return time.perf_counter() - started, got


def landlock_apply() -> float:
    """Applying a worker's rules, in a fresh process (a restriction cannot be undone)."""
    code = ("import time, sys; from grader.sandbox import landlock, zygote; "
            "rules = landlock.plan(zygote._read_roots(), landlock.SYSTEM_WRITE, []); "
            "t = time.perf_counter(); landlock.restrict([*rules, *landlock.plan(['exercises'], ['/tmp'], [])]); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    floor = statistics.median(timed([sys.executable, "-c", "import numpy"]) for _ in range(args.runs))
    print(f"floor (python -c 'import numpy'): {floor * 1000:.0f} ms")
    grade = [sys.executable, "-c", "from grader.cli import main; main()", "lesson01", "-w", "solutions",
             "--no-record", "--no-report"]
    for mode in MODES:
        start, got = zygote_start(mode)
        if got != mode:
            print(f"{mode:16} not available here (got {got})")
            continue
        starts = [start] + [zygote_start(mode)[0] for _ in range(args.runs - 1)]
        runs = [timed(grade, {"GRADE_CONFINEMENT": mode}) for _ in range(args.runs)]
        median = statistics.median(runs)
        print(f"{mode:16} grade lesson01 {median * 1000:5.0f} ms = {median / floor:.2f}x floor; "
              f"zygote start {statistics.median(starts) * 1000:.0f} ms")
    applied = [landlock_apply() for _ in range(args.runs)]
    print(f"applying the Landlock rules: {statistics.median(applied) * 1e6:.0f} us")


if __name__ == "__main__":
    main()
