"""How fast `grade batch --executor dask` grades a class, and what one submission costs.

    python bench/dask_batch.py --students 8 --workers 1 2 4 --timeout-scale 0.25

Needs dask[distributed] (pip install '.[cluster]'). Generates the synthetic class of
bench/make_class.py, then:

1. cost: `grade batch submissions --jobs 1` over a class of solved submissions only, and
   over the mixed class: the CPU seconds (user + system) of the command and every process
   below it (grading processes, sandboxes, learner code), per submission; the largest
   resident memory of any one of them; the bytes the batch wrote per student;
2. throughput: for each --workers N, a `distributed.LocalCluster(n_workers=N,
   processes=True, threads_per_worker=1)` in a process of its own, and
   `grade batch submissions --executor dask --scheduler ADDRESS` from the class folder, as
   an instructor would; its time, and its gradebook checked against the class manifest.

Printed: a table, and the same numbers as JSON (--json FILE).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_class  # noqa: E402

CLUSTER = """
import sys
from distributed import LocalCluster

if __name__ == "__main__":
    with LocalCluster(n_workers=int(sys.argv[1]), processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()
"""


def timed(command: list[str], cwd: Path) -> tuple[float, float, int, int]:
    """Run ``command`` in ``cwd``: wall seconds, CPU seconds of it and everything below it,
    the largest resident memory (KiB) of any one of those processes, and the exit code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    code = process.returncode
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{error.decode(errors='replace')}")
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code


def written(out: Path, students: int) -> float:
    """Bytes the batch wrote per student: its results file and its fingerprint."""
    per_student = [p for p in out.glob("*.json") if p.name != "summary.json" and p.name != "ledger.json"]
    per_student += list((out / ".state" / "fingerprints").glob("*.json"))
    return sum(p.stat().st_size for p in per_student) / students


def cost(work: Path, submissions: str, students: int, timeout_scale: float) -> dict[str, Any]:
    out = f"cost-{submissions}"
    wall, cpu, rss, _ = timed([sys.executable, "-m", "grader.cli", "batch", submissions, "--jobs", "1",
                               "--timeout-scale", str(timeout_scale), "--no-similarity", "--out", out], work)
    return {"students": students, "seconds": round(wall, 1), "cpu_per_submission": round(cpu / students, 2),
            "max_rss_mib": round(rss / 1024, 1), "bytes_per_student": round(written(work / out, students))}


def on_dask(work: Path, workers: int, timeout_scale: float, manifest: dict[str, Any]) -> dict[str, Any]:
    (work / "cluster.py").write_text(CLUSTER)
    cluster = subprocess.Popen([sys.executable, "cluster.py", str(workers)], cwd=work, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert cluster.stdout is not None and cluster.stdin is not None
    try:
        address = cluster.stdout.readline().strip()
        out = work / "grades"
        shutil.rmtree(out, ignore_errors=True)
        wall, _, _, _ = timed([sys.executable, "-m", "grader.cli", "batch", "submissions", "--executor", "dask",
                               "--scheduler", address, "--timeout-scale", str(timeout_scale), "--no-similarity"],
                              work)
    finally:
        cluster.stdin.close()
        _, _, usage = os.wait4(cluster.pid, 0)
        cluster.returncode = 0
        cluster.stdout.close()
    students = len(manifest["students"])
    problems = make_class.verify(work / "grades", manifest)
    return {"workers": workers, "seconds": round(wall, 1), "per_minute": round(60 * students / wall, 1),
            "cluster_cpu_per_submission": round((usage.ru_utime + usage.ru_stime) / students, 2),
            "cluster_max_rss_mib": round(usage.ru_maxrss / 1024, 1), "gradebook_problems": len(problems),
            "load_average": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--solved", type=int, default=2, help="Students of the solved-only class (cost).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--timeout-scale", type=float, default=0.25)
    parser.add_argument("--json", type=Path, default=None, help="Also write the numbers to this file.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="grade-dask-bench-"))
    manifest = make_class.generate(work / "submissions", args.students, args.seed)
    for number in range(args.solved):  # the references, as a student who solved everything hands them in
        shutil.copytree(ROOT / "solutions", work / "solved" / f"solved-{number}",
                        ignore=shutil.ignore_patterns("__pycache__"))
    print(f"class: {args.students} submissions ({', '.join(f'{k} {v}' for k, v in sorted(manifest['kinds'].items()))})"
          f"; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; --timeout-scale {args.timeout_scale}")
    costs = {"solved": cost(work, "solved", args.solved, args.timeout_scale),
             "mixed": cost(work, "submissions", args.students, args.timeout_scale)}
    for kind, row in costs.items():
        print(f"{kind:>6}: {row['cpu_per_submission']} CPU s per submission, largest process "
              f"{row['max_rss_mib']} MiB, {row['bytes_per_student']} bytes written per student "
              f"(--jobs 1: {row['seconds']} s for {row['students']})")
    runs = [on_dask(work, workers, args.timeout_scale, manifest) for workers in args.workers]
    print(f"{'workers':>7}  {'seconds':>8}  {'submissions/min':>15}  {'CPU s/sub':>9}  {'gradebook':>9}  {'load':>4}")
    for row in runs:
        verdict = "correct" if row["gradebook_problems"] == 0 else f"{row['gradebook_problems']} wrong"
        print(f"{row['workers']:>7}  {row['seconds']:>8}  {row['per_minute']:>15}  "
              f"{row['cluster_cpu_per_submission']:>9}  {verdict:>9}  {row['load_average']:>4}")
    if args.json:
        args.json.write_text(json.dumps({"students": args.students, "seed": args.seed, "cpus": os.cpu_count(),
                                         "timeout_scale": args.timeout_scale, "cost": costs, "runs": runs},
                                        indent=1) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
