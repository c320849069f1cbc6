"""Ctrl-C during ``grade all``: stop at once, leave no process behind, exit 130.

Run as a person runs it: ``grade all`` from a project folder, in its own session so that
the signal can go either to the grader alone (``kill -INT``) or to its whole process
group (what a terminal's Ctrl-C does), while a learner's infinite loop holds an
exercise until its time limit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_solutions

LOOP = "\n\ndef dot(a, b):\n    while True:\n        pass\n"


def _descendants(pid: int) -> set[int]:
    table = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True,
                           check=True).stdout
    pairs = [tuple(int(x) for x in line.split()) for line in table.strip().splitlines()]
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in pairs if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
@pytest.mark.parametrize("to_group", [False, True], ids=["kill-INT", "terminal-ctrl-c"])
def test_ctrl_c_stops_grade_all_at_once_and_leaves_nothing_running(tmp_path: Path, to_group: bool) -> None:
    folder = copy_solutions(tmp_path / "exercises")
    lesson = folder / "lesson01_vectors.py"
    lesson.write_text(lesson.read_text(encoding="utf-8") + LOOP, encoding="utf-8")
    env = {**os.environ, "GRADE_LANG": "en"}
    grade = subprocess.Popen([sys.executable, "-m", "grader.cli", "all", "--no-record"], cwd=tmp_path,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        # wait until the worker runs the learner's loop (lesson01 is graded first, one at a time)
        deadline = time.monotonic() + 60
        while len(_descendants(grade.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        children = _descendants(grade.pid)
        assert children, "the grader started no sandbox process"
        sent = time.monotonic()
        if to_group:
            os.killpg(grade.pid, signal.SIGINT)
        else:
            os.kill(grade.pid, signal.SIGINT)
        _, err = grade.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        if grade.poll() is None:
            grade.kill()
            grade.communicate()
    assert grade.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert took < 2.0, f"took {took:.2f} s to stop"  # the exercise's time limit is several seconds
    time.sleep(0.5)
    left = [pid for pid in children if _running(pid)]
    assert left == [], f"still running after Ctrl-C: {left}"
