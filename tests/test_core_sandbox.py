"""Learner code runs in a child: crashes, loops and lies stay there."""

from __future__ import annotations

import time

import numpy as np
import pytest

from grader import api
from grader.course import load_course
from grader.model import Outcome


def grade_with(tmp_path, source: str, **options):
    from conftest import copy_solutions

    ws = copy_solutions(tmp_path / "ws")
    (ws / "lesson01_vectors.py").write_text(source, encoding="utf-8")
    return {e.name: e for e in api.grade_lesson("lesson01", ws, **options).exercises}


REST = '''
import numpy as np
def outer(a, b):
    a = np.asarray(a, dtype=float); b = np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1: raise ValueError("1-D")
    return a[:, None] * b[None, :]
def hadamard(a, b):
    a = np.asarray(a, dtype=float); b = np.asarray(b, dtype=float)
    if a.shape != b.shape: raise ValueError("shape")
    return a * b
def matmul(A, B):
    A = np.asarray(A, dtype=float); B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]: raise ValueError("shape")
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)
'''


@pytest.fixture
def short_timeouts(monkeypatch):
    """Give lesson01's exercises a 1.5 s budget so looping cases stay quick."""
    from dataclasses import replace

    import grader.course as course

    original = course.load_course()
    lessons = tuple(
        replace(lesson, exercises=tuple(replace(e, timeout=1.5) for e in lesson.exercises))
        if lesson.id == "lesson01" else lesson
        for lesson in original.lessons
    )
    patched = replace(original, lessons=lessons)
    monkeypatch.setattr("grader.api.load_course", lambda: patched)


def test_endless_loop_times_out_and_the_rest_still_grade(tmp_path, short_timeouts):
    started = time.monotonic()
    results = grade_with(tmp_path, "def dot(a, b):\n    while True:\n        pass\n" + REST)
    assert results["dot"].outcome is Outcome.TIMEOUT
    assert "timed out" in results["dot"].messages()[0]
    assert all(results[n].outcome is Outcome.PASSED for n in ("outer", "hadamard", "matmul"))
    assert time.monotonic() - started < 1.5 + 5


@pytest.mark.parametrize(("body", "words"), [
    ("import os; os._exit(3)", "os._exit(3)"),
    ("import ctypes; ctypes.string_at(0)", "SIGSEGV"),
    ("import sys; sys.exit(4)", "sys.exit(4)"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "SIGKILL"),
    ("raise KeyboardInterrupt", "KeyboardInterrupt"),
])
def test_process_level_escapes_are_errors_with_their_name(tmp_path, body, words):
    results = grade_with(tmp_path, f"def dot(a, b):\n    {body}\n" + REST)
    assert results["dot"].outcome is Outcome.ERROR
    assert words in "\n".join(results["dot"].messages())
    assert results["matmul"].outcome is Outcome.PASSED
    assert results["dot"].score == 0


def test_learner_tracebacks_hide_grader_frames(tmp_path):
    results = grade_with(tmp_path, "def dot(a, b):\n    return 1 / 0\n" + REST)
    text = "\n".join(results["dot"].messages())
    assert "ZeroDivisionError" in text and "lesson01_vectors.py" in text
    assert "grader" not in text.replace("grader itself", "")


def test_printing_does_not_reach_the_grader_output(tmp_path, capfd):
    source = ("import numpy as np\nprint('noise at import')\n"
              "def dot(a, b):\n    print('x' * 100000)\n"
              "    a = np.asarray(a, float); b = np.asarray(b, float)\n"
              "    if a.ndim != 1 or a.shape != b.shape: raise ValueError('bad')\n"
              "    return float(np.sum(a * b))\n" + REST)
    results = grade_with(tmp_path, source)
    assert results["dot"].outcome is Outcome.PASSED
    out, err = capfd.readouterr()
    assert "noise" not in out and "xxxx" not in out and "xxxx" not in err


def test_a_lying_return_value_is_only_data(tmp_path):
    source = ("class Liar(float):\n    def __eq__(self, other): return True\n"
              "    def __ne__(self, other): return False\n"
              "def dot(a, b):\n    return Liar(0.0)\n" + REST)
    results = grade_with(tmp_path, source)
    assert results["dot"].outcome is Outcome.FAILED


def test_input_mutation_is_reported(tmp_path):
    source = ("import numpy as np\ndef dot(a, b):\n"
              "    if isinstance(a, np.ndarray):\n        a *= 1.0; a[...] = a * b; return float(a.sum())\n"
              "    a = np.asarray(a, float); b = np.asarray(b, float)\n"
              "    if a.ndim != 1 or a.shape != b.shape: raise ValueError('bad')\n"
              "    return float(np.sum(a * b))\n" + REST)
    results = grade_with(tmp_path, source)
    assert results["dot"].outcome is Outcome.FAILED
    assert "changed its input in place" in "\n".join(results["dot"].messages())


def test_calling_an_unwritten_helper_is_an_error_not_not_started(tmp_path):
    source = ("import numpy as np\n"
              "def dot(a, b):\n    raise NotImplementedError\n" + REST.replace(
                  "return (A[:, :, None] * B[None, :, :]).sum(axis=1)",
                  "return np.array([[dot(r, c) for c in B.T] for r in A])"))
    results = grade_with(tmp_path, source)
    assert results["dot"].outcome is Outcome.NOT_STARTED
    assert results["matmul"].outcome is Outcome.ERROR
    assert "write dot first" in "\n".join(results["matmul"].messages())


def test_missing_function_is_named(tmp_path):
    results = grade_with(tmp_path, "def dott(a, b):\n    return 0.0\n" + REST)
    assert results["dot"].outcome is Outcome.ERROR
    assert "no function named dot" in "\n".join(results["dot"].messages())


def test_seeded_inputs_are_reproducible(tmp_path):
    from grader.engine.context import Context

    lesson = load_course().lesson("lesson01")
    ctx = Context(lesson, lesson.exercises[0], None, None, None, "c")  # type: ignore[arg-type]
    again = Context(lesson, lesson.exercises[0], None, None, None, "c")  # type: ignore[arg-type]
    assert np.array_equal(ctx.rng("x").normal(size=5), again.rng("x").normal(size=5))
