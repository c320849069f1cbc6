"""The first screen of ``grade all``: short, and ending with where to begin.

Run as a learner runs it: the ``grade`` command, from the project folder (a copy holding
``exercises/``), with default options, its output counted in rows of an 80-column terminal
(a long line takes several).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXERCISES, SOLUTIONS

from grader.course import load_course
from grader.reporters.console import display_width

COURSE = load_course()
GRADE = str(Path(sys.executable).with_name("grade"))
MAX_ROWS = 40


def rows(text: str, columns: int = 80) -> int:
    """Rows ``text`` fills on a terminal of ``columns`` columns."""
    return sum(max(1, math.ceil(display_width(line) / columns)) for line in text.splitlines())


def grade(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GRADE_LANG", "COLUMNS")}
    return subprocess.run([GRADE, *args], cwd=folder, text=True, capture_output=True,
                          env={**env, "LANG": "C.UTF-8"}, timeout=300)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """The project folder as cloned: the stubs in ``exercises/``."""
    shutil.copytree(EXERCISES, tmp_path / "exercises")
    return tmp_path


def first_line_of(folder: Path, lesson: str, exercise: str) -> int:
    doc = json.loads(grade(folder, lesson, "--format", "json", "--no-record").stdout)
    return int({e["name"]: e["line"] for e in doc["exercises"]}[exercise])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fresh_stubs_fit_one_screen_and_end_with_where_to_begin(fresh: Path, lang: str) -> None:
    result = grade(fresh, "all", *(["--lang", "zh"] if lang == "zh" else []))
    assert result.returncode == 1
    out = result.stdout
    assert rows(out) < MAX_ROWS, out
    first, *later = COURSE.lessons
    assert all(e.name in out for e in first.exercises)  # the first lesson in full
    for lesson in later:  # every later lesson: one line, no exercise lines
        assert sum(line.startswith(lesson.id) for line in out.splitlines()) == 1, out
    assert "l0_norm" not in out and "train_xor" not in out
    line = first_line_of(fresh, "lesson01", "dot")
    last = out.rstrip().splitlines()[-2:]
    assert f"exercises/{first.file}:{line}" in last[0] and "dot" in last[0]
    assert "`grade watch`" in last[1]
    if lang == "zh":
        assert "从这里开始" in last[0]
    else:
        assert last[0].startswith("Start here: write dot in")


def _partly_done(folder: Path) -> None:
    """Lessons 01-03 done, lesson 04 half: one exercise right, one wrong, two not started."""
    for lesson in COURSE.lessons[:3]:
        shutil.copy(SOLUTIONS / lesson.file, folder / "exercises" / lesson.file)
    lesson04 = COURSE.lesson("lesson04")
    source = (SOLUTIONS / lesson04.file).read_text(encoding="utf-8")
    source += '''

def entropy(p, base=np.e):
    p = np.asarray(p, dtype=float)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def kl_divergence(p, q, base=np.e):
    raise NotImplementedError("write kl_divergence")


def cross_entropy(p, q, base=np.e):
    raise NotImplementedError("write cross_entropy")
'''
    (folder / "exercises" / lesson04.file).write_text(source, encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_course_partly_done_stays_short_and_points_at_the_first_failure(fresh: Path, lang: str) -> None:
    _partly_done(fresh)
    result = grade(fresh, "all", "--lang", lang)
    out = result.stdout
    assert rows(out) < MAX_ROWS, out
    for lesson in COURSE.lessons[:3]:  # passed lessons: one line each
        assert sum(line.startswith(lesson.id) for line in out.splitlines()) == 1, out
        assert lesson.exercises[-1].name not in out
    # the lesson in progress in full, with the feedback of the wrong exercise
    assert "self_information" in out and "kl_divergence" in out
    assert "log base 2" in out or "以 2 为底" in out
    assert "lesson05_losses" not in out and "mse_grad" not in out
    line = first_line_of(fresh, "lesson04", "entropy")
    last = out.rstrip().splitlines()[-2:]
    assert f"exercises/lesson04_information.py:{line}" in last[0] and "entropy" in last[0]
    assert "`grade watch`" in last[1]
    # one lesson's own screen still shows every failed check in full
    alone = grade(fresh, "lesson04", "--lang", lang, "--no-record").stdout
    assert alone.count("entropy(") > out.count("entropy(")


def test_verbose_and_machine_formats_keep_every_exercise(fresh: Path) -> None:
    names = [e.name for lesson in COURSE.lessons for e in lesson.exercises]
    verbose = grade(fresh, "all", "--verbose", "--no-record").stdout
    assert all(f" {name} " in verbose for name in names)
    doc = json.loads(grade(fresh, "all", "--format", "json", "--no-record").stdout)
    assert [e["name"] for lesson in doc["lessons"] for e in lesson["exercises"]] == names
    junit = grade(fresh, "all", "--format", "junit", "--no-record").stdout
    assert all(f'classname="{lesson.id}.{e.name}"' in junit
               for lesson in COURSE.lessons for e in lesson.exercises)


def test_a_finished_course_ends_with_its_total(tmp_path: Path) -> None:
    shutil.copytree(SOLUTIONS, tmp_path / "exercises")
    out = grade(tmp_path, "all", "--no-record").stdout
    assert rows(out) < MAX_ROWS
    points = f"{sum(e.points for lesson in COURSE.lessons for e in lesson.exercises):g}"
    assert out.rstrip().splitlines()[-1].startswith(f"Total: {points}/{points}")
