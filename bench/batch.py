"""How fast `grade batch` grades a class: submissions per minute for each --jobs.

    python bench/batch.py --students 200 --jobs 1 2 --timeout-scale 0.25

Generates the synthetic class of bench/make_class.py (same seed, same class), then for
each --jobs value runs `grade batch submissions --jobs N` from the class folder, as an
instructor would (the default `--out grades`, from scratch), times it, and checks the
gradebook against the class manifest. A last run over the same output shows what
re-running costs when nothing changed.

--timeout-scale multiplies every exercise's time limit from the registry (10 s by
default): hanging submissions then cost 2.5 s per endless exercise instead of 10 s,
which keeps the benchmark short; everything else is graded exactly as in a real run.
Printed: a table, and the same numbers as JSON (--json FILE).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_class  # noqa: E402


def run_batch(work: Path, jobs: int, timeout_scale: float) -> tuple[float, dict[str, Any]]:
    """``grade batch submissions --jobs N`` from the class folder, with the default ``--out grades``."""
    command = [sys.executable, "-m", "grader.cli", "batch", "submissions",
               "--jobs", str(jobs), "--timeout-scale", str(timeout_scale)]
    out = work / "grades"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's grader, wherever the class is
    started = time.monotonic()
    proc = subprocess.run(command, cwd=work, capture_output=True, text=True, env=env)
    elapsed = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"grade batch failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--timeout-scale", type=float, default=0.25)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the class and the grades here.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the numbers to this file.")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="grade-bench-"))
    submissions = work / "submissions"
    manifest = make_class.generate(submissions, args.students, args.seed)
    print(f"class: {args.students} submissions in {submissions} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(manifest['kinds'].items()))}); "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; "
          f"--timeout-scale {args.timeout_scale}")
    rows = []
    for jobs in args.jobs:
        out = work / "grades"
        if out.exists():  # each --jobs from scratch; the previous run's folder is kept aside
            out.rename(work / f"grades-before-jobs{jobs}")
        elapsed, summary = run_batch(work, jobs, args.timeout_scale)
        problems = make_class.verify(out, manifest)
        rows.append({"jobs": jobs, "seconds": round(elapsed, 1), "per_minute": round(60 * args.students / elapsed, 1),
                     "graded": summary["stats"]["graded"], "timeout": summary["stats"]["timeout"],
                     "crashed": summary["stats"]["crashed"], "gradebook_problems": len(problems),
                     "load_average": round(os.getloadavg()[0], 1)})
        for problem in problems[:10]:
            print("  gradebook problem:", problem)
    elapsed, summary = run_batch(work, args.jobs[-1], args.timeout_scale)
    rerun = {"seconds": round(elapsed, 2), "unchanged": summary["stats"]["unchanged"]}

    print(f"{'jobs':>4}  {'seconds':>8}  {'submissions/min':>15}  {'gradebook':>9}  {'load':>4}")
    for row in rows:
        verdict = "correct" if row["gradebook_problems"] == 0 else f"{row['gradebook_problems']} wrong"
        print(f"{row['jobs']:>4}  {row['seconds']:>8}  {row['per_minute']:>15}  {verdict:>9}  "
              f"{row['load_average']:>4}")
    print(f"re-run with nothing changed: {rerun['unchanged']} unchanged in {rerun['seconds']} s")
    if args.json:
        args.json.write_text(json.dumps({"students": args.students, "seed": args.seed,
                                         "timeout_scale": args.timeout_scale, "runs": rows, "rerun": rerun},
                                        indent=1) + "\n")


if __name__ == "__main__":
    main()
