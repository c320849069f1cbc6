"""Shared fixtures: workspaces built from the reference with one file replaced."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from grader import api
from grader.course import load_course
from grader.model import LessonResult

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"


def copy_solutions(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in SOLUTIONS.glob("lesson*.py"):
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the reference workspace, to be changed by the test."""
    return copy_solutions(tmp_path / "ws")


GradeOne = Callable[..., LessonResult]


@pytest.fixture
def grade_source(tmp_path: Path) -> GradeOne:
    """Grade ``lesson_id`` in a reference workspace whose lesson file is ``source``."""

    def run(lesson_id: str, source: str, **options: object) -> LessonResult:
        folder = copy_solutions(tmp_path / f"ws-{lesson_id}-{len(list(tmp_path.iterdir()))}")
        lesson = load_course().lesson(lesson_id)
        (folder / lesson.file).write_text(source, encoding="utf-8")
        return api.grade_lesson(lesson_id, folder, **options)

    return run


def statuses(result: LessonResult) -> dict[str, str]:
    return {e.name: e.outcome.value for e in result.exercises}
