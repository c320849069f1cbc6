"""Lesson files as learners' editors and systems leave them: a byte-order mark, Windows
line endings, Unicode line separators in a comment, a pipe or a device in place of the
file. Each is run as a learner would: ``grade`` in a subprocess, from the workspace
folder ``grade init`` made, with relative paths and default options."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SOLUTIONS

LESSON = Path("exercises") / "lesson01_vectors.py"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    made = subprocess.run([sys.executable, "-m", "grader.cli", "init", "my-course"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    return tmp_path / "my-course"


def user(course: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``grade ARGS`` typed in the workspace folder."""
    env = {**os.environ, "GRADE_LANG": "en"}
    env.pop("GRADE_PROGRESS", None)
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=timeout)


def reference() -> bytes:
    return (SOLUTIONS / "lesson01_vectors.py").read_bytes()


def _gbk(text: bytes) -> bytes:
    return b"# -*- coding: gbk -*-\n" + text.decode("utf-8").encode("gbk")


@pytest.mark.parametrize("saved", [lambda text: b"\xef\xbb\xbf" + text, _gbk],
                         ids=["byte-order-mark", "gbk-declared"])
def test_a_right_file_in_an_encoding_python_reads_passes(course: Path,
                                                        saved: Callable[[bytes], bytes]) -> None:
    """Windows editors (Notepad among them) may save UTF-8 with a byte-order mark, and a
    Chinese editor may save GBK with a coding declaration; Python runs both files as
    usual, so the grader must read them as Python does."""
    (course / LESSON).write_bytes(saved(reference()))
    graded = user(course, "lesson01")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert "4/4 exercises passed" in graded.stdout
    assert "syntax error" not in graded.stdout
    shown = user(course, "next")
    assert shown.returncode == 0 and "lesson02 l0_norm" in shown.stdout, shown.stdout
