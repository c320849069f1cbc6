"""A typo gets a "did you mean", a course is never made inside a course, and ``python -m
grader`` is the ``grade`` command: as the learner types them, in the course folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typical_mistakes import environment, grade


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("discovery")
    assert grade("init", "my-course", cwd=parent).returncode == 0
    return parent / "my-course"


@pytest.mark.parametrize(("args", "en", "zh"), [
    (["leson04"], "Did you mean lesson04?", "你是不是想输入 lesson04？"),
    (["lesson4x"], "Did you mean lesson04?", "你是不是想输入 lesson04？"),
    (["wacth"], "Did you mean watch?", "你是不是想输入 watch？"),
    (["hint", "entropi"], "Did you mean entropy?", "你是不是想输入 entropy？"),
    (["hint", "lesson04", "entropi"], "Did you mean entropy?", "你是不是想输入 entropy？"),
    (["reset", "lesson04", "entrpy"], "Did you mean entropy?", "你是不是想输入 entropy？"),
])
def test_a_typo_gets_did_you_mean(course: Path, args: list[str], en: str, zh: str) -> None:
    for lang, wanted in (("en", en), ("zh", zh)):
        proc = grade(*args, cwd=course, lang=lang)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and wanted in lines[0], proc.stderr
        assert len(lines[0]) < 200, lines[0]  # one short line, not the list of everything


def test_a_lesson_number_out_of_range_is_no_typo(course: Path) -> None:
    proc = grade("lesson13", cwd=course)
    assert proc.returncode == 2 and "Did you mean" not in proc.stderr
    assert "lesson01 ... lesson12" in proc.stderr


def test_a_misspelt_exercise_is_not_taken_for_a_lesson(course: Path) -> None:
    proc = grade("hint", "entropi", cwd=course)
    assert "unknown lesson" not in proc.stderr and "entropy" in proc.stderr, proc.stderr


@pytest.mark.parametrize("where", [".", "exercises", "lessons/en"])
def test_init_refuses_a_course_inside_a_course(course: Path, where: str) -> None:
    proc = grade("init", "inner", cwd=course / where)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "inside the course" in proc.stderr and str(course.resolve()) in proc.stderr
    assert not (course / where / "inner").exists()
    assert grade("init", "inner", cwd=course / where, lang="zh").stderr.count("课程") >= 2


def test_init_beside_a_course_still_works(course: Path) -> None:
    proc = grade("init", "second", cwd=course.parent)
    assert proc.returncode == 0, proc.stderr
    assert (course.parent / "second" / "exercises").is_dir()


def test_python_m_grader_is_the_grade_command(course: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "grader", "leson04"], cwd=course, env=environment("en"),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Did you mean lesson04?" in proc.stderr, proc.stderr
    assert proc.stderr.startswith("grade: ")
    listed = subprocess.run([sys.executable, "-m", "grader", "--help"], cwd=course, env=environment("en"),
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and listed.stdout.startswith("Usage: grade "), listed.stdout
