"""Where a grading run's time goes, lesson by lesson, on this machine.

    python bench/breakdown.py                     # lessons 01-11 of the solutions, 5 runs
    python bench/breakdown.py --lessons lesson01 --runs 9
    GRADE_RUNNER=portable python bench/breakdown.py

Grades in this process, as ``grade`` does (one sandbox, lessons side by side), with the
sandbox's calls timed from the outside (nothing in the grader is changed). For the run:

- **helper boot**: from starting the sandbox's helper (the zygote, or the portable
  runner's spawner) until it answers, NumPy imported and confinement set up; of which
  **confinement set-up** is what the helper measured itself (namespaces, mounts, rules);
- **parent imports**: what this process imports meanwhile (the engine, NumPy, checks).

And for each lesson, the medians over ``--runs`` runs of:

- **worker start**: handing the lesson to a worker (a fork, or a warm spare) until the
  lesson's module is imported in it;
- **learner calls**: every request the checks make of the worker, round trip (learner code,
  the forbidden-call watch, encoding the values, the socket), and how many;
- **worker cpu**: the CPU time the worker itself reports for those calls (steady on a busy
  machine, where round trips are not);
- **parent work**: the rest of the lesson's time (reading the file and the references,
  the checks' own computing, diagnosis, feedback);
- **total**: the lesson, start to verdict.

Lessons run side by side (``--jobs``, default as ``grade``: twice the cores, plus two), so
the lessons' totals add up to more than the run's wall time. This process places nothing
on CPUs and grades in one process (``grade`` splits a run over two: ``bench/perf.py``).
This is a measurement, not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_local = threading.local()
_lessons: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
_run: dict[str, float] = {}


def _lesson_bucket() -> dict[str, float] | None:
    lesson = getattr(_local, "lesson", None)
    return _lessons[lesson] if lesson is not None else None


def _timed(owner: Any, name: str, record: Callable[[float, tuple[Any, ...], Any], None]) -> None:
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = None
        try:
            result = original(*args, **kwargs)
            return result
        finally:
            record(time.perf_counter() - started, args, result)

    setattr(owner, name, wrapper)


def instrument() -> None:
    """Time the sandbox's calls and the lessons, from the outside."""
    from grader.engine import run as engine_run
    from grader.sandbox import portable, runner

    def on_fork(seconds: float, _args: tuple[Any, ...], _result: Any) -> None:
        bucket = _lesson_bucket()
        if bucket is not None:
            bucket["worker start"] += seconds

    def on_request(seconds: float, args: tuple[Any, ...], result: Any) -> None:
        bucket = _lesson_bucket()
        if bucket is None:
            return
        op = args[1].get("op") if len(args) > 1 and isinstance(args[1], dict) else None
        if op == "import":
            bucket["worker start"] += seconds
        else:
            bucket["learner calls"] += seconds
            bucket["calls"] += 1
            reply = result[0] if isinstance(result, tuple) and result and isinstance(result[0], dict) else {}
            used = reply.get("cpu_used")
            bucket["worker cpu"] += float(used) if isinstance(used, (int, float)) else 0.0

    def on_info(seconds: float, _args: tuple[Any, ...], _result: Any) -> None:
        if "helper boot" not in _run and "helper started" in _run:
            _run["helper boot"] = time.perf_counter() - _run["helper started"]

    for zygote in (runner.Zygote, portable.Spawner):
        _timed(zygote, "fork", on_fork)
        _timed(zygote, "info", on_info)
    _timed(portable.Spawner, "hand_over", on_fork)
    _timed(runner.Worker, "request", on_request)
    original_start = runner.Sandbox.start

    def start(self: Any) -> Any:
        _run.setdefault("helper started", time.perf_counter())
        return original_start(self)

    runner.Sandbox.start = start  # type: ignore[method-assign]
    original_lesson = engine_run.grade_lesson

    def grade_lesson(lesson: Any, *args: Any, **kwargs: Any) -> Any:
        _local.lesson = lesson.id
        started = time.perf_counter()
        try:
            return original_lesson(lesson, *args, **kwargs)
        finally:
            _lessons[lesson.id]["total"] += time.perf_counter() - started
            _local.lesson = None

    engine_run.grade_lesson = grade_lesson


def one_run(workspace: Path, lessons: list[str], jobs: int | None
            ) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Grade once in this process; the run's and the lessons' timings."""
    from grader import api

    _run.clear()
    _lessons.clear()
    started = time.perf_counter()
    with api.open_sandbox(workspace) as sandbox:
        info = sandbox.confinement()
        run = api.grade(lessons, workspace, sandbox=sandbox, parallel=jobs)
    _run["wall"] = time.perf_counter() - started
    _run["confinement set-up"] = float(info.get("setup_seconds") or 0.0)
    _run["score"] = run.score
    _run["mode"] = info.get("mode")  # type: ignore[assignment]
    return dict(_run), {k: dict(v) for k, v in _lessons.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs (medians are shown)")
    parser.add_argument("--lessons", nargs="*", default=[f"lesson{n:02d}" for n in range(1, 12)])
    parser.add_argument("--workspace", type=Path, default=ROOT / "solutions")
    parser.add_argument("--jobs", type=int, default=None,
                        help="lessons side by side (default: twice the cores, plus two)")
    args = parser.parse_args()
    started = time.perf_counter()
    import numpy  # noqa: F401  (the parent's own import, timed apart from the runs)

    from grader.engine import run  # noqa: F401
    parent_imports = time.perf_counter() - started
    instrument()
    with tempfile.TemporaryDirectory(prefix="grade-breakdown-") as tmp:
        workspace = Path(tmp) / "ws"
        workspace.mkdir()
        for lesson in args.lessons:
            for path in args.workspace.glob(f"{lesson}_*.py"):
                (workspace / path.name).write_bytes(path.read_bytes())
        one_run(workspace, args.lessons, args.jobs)  # warm-up: bytecode caches, file caches
        runs = [one_run(workspace, args.lessons, args.jobs) for _ in range(args.runs)]

    def median(values: list[float]) -> float:
        return statistics.median(values) if values else 0.0

    mode = runs[0][0].get("mode")
    print(f"mode: {mode}; runs: {args.runs}; medians")
    print(f"parent imports (engine, NumPy; once, before the runs): {1000 * parent_imports:6.1f} ms")
    for key in ("helper boot", "confinement set-up", "wall"):
        print(f"{key + ':':<22} {1000 * median([r[0].get(key, 0.0) for r in runs]):7.1f} ms")
    columns = ("worker start", "learner calls", "calls", "worker cpu", "parent work", "total")
    print()
    print(f"{'lesson':<10}" + "".join(f"{c:>15}" for c in columns))
    sums: dict[str, float] = defaultdict(float)
    for lesson in args.lessons:
        cells = []
        for column in columns:
            if column == "parent work":
                values = [r[1].get(lesson, {}).get("total", 0.0) - r[1].get(lesson, {}).get("worker start", 0.0)
                          - r[1].get(lesson, {}).get("learner calls", 0.0) for r in runs]
            else:
                values = [r[1].get(lesson, {}).get(column, 0.0) for r in runs]
            value = median(values)
            sums[column] += value
            cells.append(f"{value:>15.0f}" if column == "calls" else f"{1000 * value:>12.1f} ms")
        print(f"{lesson:<10}" + "".join(cells))
    print(f"{'sum':<10}" + "".join(f"{sums[c]:>15.0f}" if c == "calls" else f"{1000 * sums[c]:>12.1f} ms"
                                   for c in columns))


if __name__ == "__main__":
    main()
