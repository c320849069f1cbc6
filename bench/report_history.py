"""How long the progress report takes for a long history (default: 10,000 attempts).

    python bench/report_history.py                 # 10,000 attempts
    python bench/report_history.py --attempts 50000

Builds a throw-away history of one learner who grades lessons again and again over
weeks (some exercises failing with feedback and a figure, then passing), then times each
step a grading run does after grading: recording one more run, reading the history,
folding it into the standing, rendering the page, and writing it; and ``grade status``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader.course import load_course
from grader.history import standing
from grader.i18n import tr
from grader.model import CheckResult, ExerciseResult, LessonResult, Outcome, RunResult
from grader.progress import ProgressStore
from grader.reporters.html_report import render_learner
from grader.reporters.status import render_status

WORKSPACE = "/home/learner/course/exercises"


def lesson_run(lesson_index: int, attempt: int, rng: random.Random) -> LessonResult:
    """One lesson graded: exercises pass one by one as the learner keeps at it."""
    lesson = load_course().lessons[lesson_index]
    results = []
    for i, ex in enumerate(lesson.exercises):
        ok = attempt > i * 2 + rng.randint(0, 3)
        curve = [0.7 * 0.93**e + rng.random() * 0.01 for e in range(60)]
        data = {"figure": {"kind": "line_chart", "title": "loss", "series": [{"name": "loss", "y": curve}]}}
        check = CheckResult("values", tr("the values are right", "数值正确"),
                            Outcome.PASSED if ok else Outcome.FAILED,
                            None if ok else tr("the 1/2 is missing.", "漏掉了 1/2。"),
                            "" if ok else "call:     f([1, 2])\nobtained: 2.0\nexpected: 1.0",
                            () if ok else ("x:no_half",), data=data)
        results.append(ExerciseResult(ex.name, check.outcome, ex.points if ok else 0.0, ex.points, (check,), 10))
    return LessonResult(lesson.id, lesson.file, WORKSPACE, tuple(results))


def build(path: Path, attempts: int) -> int:
    rng = random.Random(1)
    course = load_course()
    store = ProgressStore(path)
    count, runs, when = 0, 0, time.time() - 60 * 86400
    tries = [0] * len(course.lessons)
    while count < attempts:
        index = min(len(course.lessons) - 1, int(runs / 25) % len(course.lessons))
        tries[index] += 1
        lesson = lesson_run(index, tries[index], rng)
        store.record(RunResult((lesson,)), when=when)
        count += len(lesson.exercises)
        runs += 1
        when += rng.uniform(60, 4 * 3600)
    return runs


def timed(function, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    args = parser.parse_args()
    course = load_course()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.sqlite"
        started = time.perf_counter()
        runs = build(path, args.attempts)
        print(f"history: {args.attempts:,}+ attempts in {runs:,} runs over {len(course.lessons)} lessons, "
              f"{path.stat().st_size / 1e6:.1f} MB (built in {time.perf_counter() - started:.1f} s)")
        store = ProgressStore(path)
        history = store.history(WORKSPACE)
        result = standing(course, history)
        page = render_learner(result, "en")
        target = Path(folder) / "index.html"
        rows = [
            ("record one more run", timed(lambda: store.record(RunResult((lesson_run(0, 99, random.Random(2)),))))),
            ("read the history", timed(lambda: store.history(WORKSPACE))),
            ("fold into the standing", timed(lambda: standing(course, history))),
            ("render the page", timed(lambda: render_learner(result, "en"))),
            ("write index.html", timed(lambda: target.write_text(page, encoding="utf-8"))),
            ("all of the report (read + fold + render + write)",
             timed(lambda: target.write_text(render_learner(standing(course, store.history(WORKSPACE)), "en"),
                                             encoding="utf-8"))),
            ("grade status (read + fold + table)",
             timed(lambda: render_status(standing(course, store.history(WORKSPACE)), "en"))),
        ]
        for name, seconds in rows:
            print(f"  {name:<52} {seconds * 1000:8.1f} ms")
        print(f"page size: {len(page.encode('utf-8')) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
