"""Where one batch submission's CPU goes, on the one CPU a job of a two-job batch gets.

    python bench/batch_cpu.py                 # 12 solved submissions, lessons 01-11
    python bench/batch_cpu.py --submissions 24

A batch is bound by CPU: with as many jobs as cores, every core is busy from the first
submission to the last, so what a submission costs in CPU is what a minute can grade.
This runs what a grading process runs (``grader.classroom.batch.worker_main``), in this
process, placed as job 0 of 2 (the grader and its sandbox share one CPU), and splits the
CPU of each submission:

- **grading process, checks**: the grader's own work in each lesson (reading the file,
  the references, comparing, diagnosing, feedback), outside its requests to the worker;
- **grading process, requests**: building, sending and reading the requests (``Worker.request``);
- **grading process, the rest**: opening and closing the sandbox, the result file;
- **workers, learner calls**: the CPU each worker reports for the requests it answered
  (the learner's code, the watch around it, encoding the values);
- **workers, outside their calls**: the rest of the workers' CPU, as the zygote measured
  it when it reaped them (forking, confining, reading requests, copying the pages a fork
  shares on first write, exiting);
- **zygotes and nursery**: the rest of the sandbox's CPU.

The grading process's figures are thread CPU times; the workers' come from their own
replies and from the zygote. A measurement, not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=12)
    options = parser.parse_args()

    import perf

    from grader.classroom import batch
    from grader.engine import run
    from grader.sandbox import placement, runner

    placement.take_up(jobs=2, job=0)
    scratch = Path(tempfile.mkdtemp())
    lessons = [f"lesson{n:02d}" for n in range(1, 12)]
    tasks = [{"workspace": str(perf.solved_workspace(scratch / f"s{i}", without=("lesson12",))),
              "result": str(scratch / f"r{i}.json"), "seed": None, "timeout_scale": 1.0, "lessons": lessons,
              "side_by_side": 1, "hide": [], "alone": str(scratch / f"s{i}")}
             for i in range(options.submissions)]

    def grade(some: list[dict[str, Any]]) -> None:
        sys.stdin = io.StringIO("".join(json.dumps(t) + "\n" for t in some))
        shown, sys.stdout = sys.stdout, io.StringIO()
        try:
            batch.worker_main()
        finally:
            sys.stdout = shown

    grade(tasks[:1])  # warm: imports, references, the first sandbox
    spent: collections.Counter[str] = collections.Counter()
    request, reap, lesson = runner.Worker.request, runner.Zygote.reap, run.grade_lesson

    def timed_request(self: runner.Worker, *args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            answer = request(self, *args, **kwargs)
            spent["worker calls"] += float(answer[0].get("cpu_used", 0) or 0)
            return answer
        finally:
            spent["requests"] += time.thread_time() - started
            spent["request count"] += 1

    def timed_reap(self: runner.Zygote, *args: Any, **kwargs: Any) -> Any:
        status = reap(self, *args, **kwargs)
        spent["workers"] += status.cpu or 0.0
        return status

    def timed_lesson(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return lesson(*args, **kwargs)
        finally:
            spent["lessons"] += time.thread_time() - started

    runner.Worker.request, runner.Zygote.reap = timed_request, timed_reap  # type: ignore[method-assign]
    for module in list(sys.modules.values()):
        if getattr(module, "grade_lesson", None) is lesson:
            module.grade_lesson = timed_lesson
    before, wall = os.times(), time.perf_counter()
    grade(tasks)
    after, wall = os.times(), time.perf_counter() - wall

    n = len(tasks)
    own = (after.user + after.system - before.user - before.system) / n
    children = (after.children_user + after.children_system - before.children_user - before.children_system) / n
    rows = [
        ("grading process, checks", (spent["lessons"] - spent["requests"]) / n),
        ("grading process, requests", spent["requests"] / n),
        ("grading process, the rest", own - spent["lessons"] / n),
        ("workers, learner calls", spent["worker calls"] / n),
        ("workers, outside their calls", (spent["workers"] - spent["worker calls"]) / n),
        ("zygotes and nursery", children - spent["workers"] / n),
    ]
    print(f"{n} solved submissions (lessons 01-11), one CPU: {wall / n * 1000:.0f} ms each, "
          f"{(own + children) * 1000:.0f} ms of CPU, {spent['request count'] / n:.0f} requests")
    for name, seconds in rows:
        print(f"  {name:32s} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
