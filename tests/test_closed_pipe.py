"""``grade lesson01 | head -3``: the reader stops early, as ``head`` and ``less`` do.

Like ``git log | head``, grading then says nothing about the pipe: the grading itself
went through, its run is recorded, and the exit code is still the verdict's. Only a
write that really failed (a full disk) is an error (``test_bad_input.py``)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SOLUTIONS


def _runs(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


def _grade_into_a_closed_pipe(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``grade ARGS`` with stdout a pipe whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=cwd, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120,
                              env={**os.environ, "GRADE_LANG": "en"})
    finally:
        os.close(write_end)


@pytest.mark.parametrize(("solved", "verdict"), [(False, 1), (True, 0)], ids=["stubs", "solved"])
def test_a_reader_that_stops_early_ends_grading_quietly(tmp_path: Path, solved: bool,
                                                        verdict: int) -> None:
    made = subprocess.run([sys.executable, "-m", "grader.cli", "init", "my-course"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    course = tmp_path / "my-course"
    if solved:
        (course / "exercises" / "lesson01_vectors.py").write_bytes(
            (SOLUTIONS / "lesson01_vectors.py").read_bytes())
    for args in (("lesson01", "--lang", "zh"), ("all",), ("lesson01", "--format", "json")):
        done = _grade_into_a_closed_pipe(course, *args)
        expected = verdict if args[0] == "lesson01" else 1
        assert (done.returncode, done.stderr) == (expected, ""), args
    assert _runs(course / "reports" / "progress.sqlite") == 3


def test_the_shell_pipe_to_head(tmp_path: Path) -> None:
    """The command as typed; ``head`` may or may not close before the last line is written."""
    made = subprocess.run([sys.executable, "-m", "grader.cli", "init", "my-course"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    course = tmp_path / "my-course"
    done = subprocess.run(f"set -o pipefail; {sys.executable} -m grader.cli lesson01 --lang zh | head -3",
                          shell=True, executable="/bin/bash", cwd=course, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and done.stderr == ""
    assert len(done.stdout.splitlines()) == 3 and "向量与矩阵" in done.stdout
