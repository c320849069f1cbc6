"""How fast grading is on this machine, against the floor any Python grader pays.

    python bench/perf.py                 # everything, 9 runs per timing
    python bench/perf.py --runs 5 --skip batch

Prints one table. Every timing is the median of ``--runs`` runs of the real command:

- floor: two interpreter starts with NumPy imported, one after the other (a grader
  process, then the process that runs learner code), the least any Python grader that
  keeps learner code out of its own process must pay;
- ``grade lesson01`` and ``grade all`` on a solved workspace (``--no-record
  --no-report``), with their ratio to the floor; ``grade all`` leaves lesson 12 out
  (its file is removed, so the lesson is reported missing at no cost) because training
  two networks twice is a fixed cost of its own, timed separately as ``grade lesson12``;
  and ``grade all`` once more as a learner runs it, by default: recording the run in
  the progress store and writing the HTML page;
- the same two with the portable runner (``GRADE_RUNNER=portable``: each worker a new
  interpreter, one kept warm; what Windows and macOS get), beside the fork runner;
- what a worker costs each way, for the choice on macOS: handing a lesson to a warm
  spawned worker, against forking a process that has not imported NumPy (the only safe
  fork there) and importing NumPy in the child;
- one numerical gradient check of lesson 10's ``backward`` (the reference's gradients
  against central differences of the reference loss) as the hidden layer grows;
- ``grade batch`` throughput, solved submissions per minute, for 1 and 2 jobs;
- what a learner waits for: ``grade watch`` from a save to its verdict on screen,
  ``grade all`` on a half-done course (lessons 01-06 solved, the rest untouched stubs),
  and a notebook's ``check(...)``, cold (the first in a new kernel) and warm
  (``bench/notebook_check.py``; left out without jupyter_client).

Where the time of one run goes, lesson by lesson, is ``bench/breakdown.py``.

Commands run as on a learner's machine: with Python's bytecode cache on (some
environments set ``PYTHONDONTWRITEBYTECODE``, which makes every run compile the grader,
its checks and the references from source again), after one warm-up run.

This is a measurement, not a test: it asserts nothing and is not run by CI.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SOLUTIONS = ROOT / "solutions"
TARGET_LESSON01 = 1.5
TARGET_ALL = 2.5
TARGET_BATCH_PER_CORE = 150.0  # solved submissions (lessons 01-11) a minute, per job


def median_time(run: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def command(*args: str, env: dict[str, str] | None = None) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run(args, cwd=ROOT, env={**ENV, **(env or {})}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)

    return run


def grade(*args: str, runner: str = "fork") -> Callable[[], object]:
    return command(sys.executable, "-m", "grader.cli", *args, "--no-record", "--no-report",
                   env={"GRADE_RUNNER": runner})


# A process without NumPy forks; the child imports NumPy and exits: a worker's cost if
# macOS forked only before NumPy is imported (``platform.py`` says why it cannot after).
_FORK_BEFORE_NUMPY = """
import os, statistics, sys, time
samples = []
for _ in range(int(sys.argv[1])):
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        import numpy
        os._exit(0)
    os.waitpid(pid, 0)
    samples.append(time.perf_counter() - started)
print(statistics.median(samples))
"""


def warm_handover_seconds(runs: int) -> float:
    """A lesson handed to a warm spawned worker, until its module is imported (median)."""
    from grader.sandbox.limits import Limits
    from grader.sandbox.portable import PortableSandbox, Spawner

    samples = []
    with PortableSandbox(Limits()) as sandbox:
        spawner = sandbox.zygote()
        assert isinstance(spawner, Spawner)
        for _ in range(runs):
            deadline = time.monotonic() + 60
            while spawner.spare is None and time.monotonic() < deadline:
                time.sleep(0.01)
            if spawner.spare is not None:
                spawner._ready(spawner.spare)  # booted, as it is between lessons
            started = time.perf_counter()
            worker = sandbox.worker(SOLUTIONS, "lesson01_vectors")
            worker.request({"op": "import"}, 60.0)
            samples.append(time.perf_counter() - started)
            worker.close()
    return statistics.median(samples)


def solved_workspace(folder: Path, without: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in SOLUTIONS.glob("lesson*.py"):
        if not path.name.startswith(without):
            shutil.copy(path, folder / path.name)
    return folder


def gradient_check_seconds(n_hidden: int, runs: int) -> float:
    """One check of backward: numerical gradients of every parameter, then the comparison."""
    import numpy as np

    sys.path.insert(0, str(SOLUTIONS))
    from lesson09_forward import forward, init_params
    from lesson10_backprop import backward

    from grader.numeric import gradcheck

    rng = np.random.default_rng(0)
    m, n_in, n_out = 8, 4, 3
    X = rng.normal(size=(m, n_in))
    Y = np.eye(n_out)[rng.integers(0, n_out, size=m)]
    params = init_params(n_in, n_hidden, n_out, rng)
    params = {k: v + 0.1 * rng.normal(size=v.shape) for k, v in params.items()}  # biases not 0

    def loss(p: dict[str, np.ndarray]) -> float:
        a2, _ = forward(X, p, "tanh", "softmax")
        return float(-np.sum(Y * np.log(np.clip(a2, 1e-12, 1.0))) / m)

    def check() -> object:
        _, cache = forward(X, params, "tanh", "softmax")
        grads = backward(X, Y, params, cache, "tanh", "softmax")
        numeric = gradcheck.numerical_gradients(loss, params)
        return gradcheck.check_gradients(grads, numeric)

    return median_time(check, runs)


def batch_per_minute(jobs: int, students: int, scratch: Path) -> float:
    from grader.classroom.batch import BatchOptions, grade_batch

    root = scratch / f"class-{jobs}"
    for i in range(students):
        solved_workspace(root / f"student{i:03d}", without=("lesson12",))
    lessons = tuple(f"lesson{n:02d}" for n in range(1, 12))
    started = time.perf_counter()
    grade_batch(root, scratch / f"grades-{jobs}", BatchOptions(jobs=jobs, lessons=lessons))
    return 60.0 * students / (time.perf_counter() - started)


def half_done_workspace(folder: Path) -> Path:
    """Lessons 01-06 solved, 07-12 the untouched stubs: a learner halfway through."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SOLUTIONS.glob("lesson*.py"):
        source = SOLUTIONS if int(path.name[6:8]) <= 6 else ROOT / "exercises"
        shutil.copy(source / path.name, folder / path.name)
    return folder


def watch_save_to_verdict(runs: int, scratch: Path) -> float:
    """``grade watch``: from a lesson file saved to its verdict printed (median, seconds)."""
    import queue
    import threading

    folder = scratch / "watched"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "lesson01_vectors.py"
    shutil.copy(SOLUTIONS / target.name, target)
    process = subprocess.Popen([sys.executable, "-m", "grader.cli", "watch", "lesson01", "-w", str(folder),
                                "--no-record"], cwd=scratch, env={**ENV, "PYTHONUNBUFFERED": "1"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()

    def wait_for(marker: str) -> None:
        while marker not in lines.get(timeout=60):
            pass

    samples = []
    try:
        wait_for("Watching")
        text = target.read_text(encoding="utf-8")
        for number in range(runs + 1):
            started = time.perf_counter()
            target.write_text(text + f"\n# edit {number}\n", encoding="utf-8")
            wait_for(" saved: ")
            if number:  # the first save warms the file system's caches
                samples.append(time.perf_counter() - started)
    finally:
        process.terminate()
        process.wait(timeout=10)
    return statistics.median(samples)


def notebook_checks(runs: int) -> dict[str, float] | None:
    """Medians of ``check(...)`` in a real kernel (bench/notebook_check.py), or None."""
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        import notebook_check
    except ImportError:
        return None
    times = notebook_check.measure(max(3, runs), cold_runs=3)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per timing (median)")
    parser.add_argument("--students", type=int, default=24, help="submissions in the batch timing")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["cli", "portable", "gradcheck", "batch", "learner"], help="leave a part out")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        scratch = Path(tmp)
        if "cli" not in args.skip:
            one = sys.executable, "-c", "import numpy"
            start = median_time(command(*one), args.runs)
            floor = median_time(command(sys.executable, "-c",
                                        "import numpy, subprocess, sys; "
                                        "subprocess.run([sys.executable, '-c', 'import numpy'])"),
                                args.runs)
            solved = solved_workspace(scratch / "solved")
            no_training = solved_workspace(scratch / "no-training", without=("lesson12",))
            lesson01 = median_time(grade("lesson01", "-w", str(solved)), args.runs)
            every = median_time(grade("all", "-w", str(no_training)), args.runs)
            by_default = median_time(command(sys.executable, "-m", "grader.cli", "all", "-w", str(no_training),
                                             "--progress", str(scratch / "default.sqlite")), args.runs)
            lesson12 = median_time(grade("lesson12", "-w", str(solved)), max(3, args.runs // 3))
            help_ = median_time(command(sys.executable, "-m", "grader.cli", "--help"), args.runs)
            listing = median_time(command(sys.executable, "-m", "grader.cli", "list", "-w",
                                          str(solved), "--progress", str(scratch / "p.sqlite")),
                                  args.runs)
            rows += [
                ("one interpreter start with numpy", f"{start:.3f} s", ""),
                ("floor: two starts with numpy", f"{floor:.3f} s", "1.00x"),
                ("grade lesson01 (solved)", f"{lesson01:.3f} s",
                 f"{lesson01 / floor:.2f}x (target {TARGET_LESSON01}x)"),
                ("grade all, lessons 01-11 (solved)", f"{every:.3f} s",
                 f"{every / floor:.2f}x (target {TARGET_ALL}x)"),
                ("grade all, 01-11, by default (records progress, writes the page)", f"{by_default:.3f} s",
                 f"{by_default / floor:.2f}x"),
                ("grade lesson12 (training, separately)", f"{lesson12:.3f} s", f"{lesson12 / floor:.2f}x"),
                ("grade --help", f"{help_:.3f} s", ""),
                ("grade list", f"{listing:.3f} s", ""),
            ]
        if "portable" not in args.skip:
            solved = solved_workspace(scratch / "solved")
            no_training = solved_workspace(scratch / "no-training", without=("lesson12",))
            for runner in ("fork", "portable"):
                rows += [
                    (f"grade lesson01 (solved), {runner} runner",
                     f"{median_time(grade('lesson01', '-w', str(solved), runner=runner), args.runs):.3f} s", ""),
                    (f"grade all, lessons 01-11 (solved), {runner} runner",
                     f"{median_time(grade('all', '-w', str(no_training), runner=runner), args.runs):.3f} s", ""),
                ]
            handover = warm_handover_seconds(args.runs)
            if hasattr(os, "fork"):
                forked = subprocess.run([sys.executable, "-c", _FORK_BEFORE_NUMPY, str(args.runs)],
                                        env=ENV, capture_output=True, text=True, check=True)
                rows.append(("a worker: fork before NumPy, import it in the child",
                             f"{1000 * float(forked.stdout):.1f} ms", ""))
            rows.append(("a worker: a warm spawned one takes a lesson, imports it",
                         f"{1000 * handover:.1f} ms", ""))
        if "gradcheck" not in args.skip:
            for n_hidden in (4, 16, 64, 256):
                seconds = gradient_check_seconds(n_hidden, args.runs)
                rows.append((f"gradient check of backward, n_hidden={n_hidden}",
                             f"{1000 * seconds:.1f} ms", ""))
        if "batch" not in args.skip:
            one_job = batch_per_minute(1, args.students, scratch)
            two_jobs = batch_per_minute(2, args.students, scratch)
            rows += [
                (f"grade batch, {args.students} solved submissions, 1 job",
                 f"{one_job:.0f} /min", ""),
                (f"grade batch, {args.students} solved submissions, 2 jobs",
                 f"{two_jobs:.0f} /min", f"{two_jobs / one_job:.2f}x of 1 job"),
            ]
            rows[-2] = (*rows[-2][:2], f"target {TARGET_BATCH_PER_CORE:.0f} /min per job")
        if "learner" not in args.skip:
            half = half_done_workspace(scratch / "half-done")
            halfway = median_time(grade("all", "-w", str(half)), args.runs)
            rows.append(("grade all, half-done course (01-06 solved, 07-12 stubs)", f"{halfway:.3f} s", ""))
            rows.append(("grade watch: a save to its verdict (lesson01)",
                         f"{watch_save_to_verdict(args.runs, scratch):.3f} s", ""))
            checks = notebook_checks(args.runs)
            if checks is not None:
                rows += [
                    ("notebook check('lesson01'), cold (new kernel)", f"{checks['cold lesson01']:.3f} s", ""),
                    ("notebook check('lesson01'), warm", f"{checks['lesson01']:.3f} s", ""),
                    ("notebook check('dot'), warm", f"{checks['dot']:.3f} s", ""),
                ]
    widths = [max(len(r[i]) for r in [*rows, ("what", "median", "ratio")]) for i in range(3)]
    print(" | ".join(h.ljust(w) for h, w in zip(("what", "median", "ratio"), widths)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths)))


if __name__ == "__main__":
    main()
