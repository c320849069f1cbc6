"""Shared fixtures: workspaces built from the reference with one file replaced."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from grader import api
from grader.course import load_course
from grader.engine.run import grade_lesson
from grader.model import ExerciseResult, LessonResult, Outcome
from grader.sandbox.choice import new_sandbox
from grader.sandbox.runner import Sandbox

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


GradeVariant = Callable[[str, str, str], ExerciseResult]


@pytest.fixture(scope="session")
def shared_sandbox() -> Iterator[Sandbox]:
    """One sandbox (one booted interpreter) for the many small gradings of check tests
    (of the platform's runner: the portable one off Linux)."""
    with new_sandbox() as sandbox:
        sandbox.start()
        yield sandbox


@pytest.fixture
def grade_variant(tmp_path: Path, shared_sandbox: Sandbox) -> GradeVariant:
    """Grade one exercise of the reference lesson file with some functions redefined.

    ``replacement`` is appended to the reference file, so its definitions win; the
    rest of the file stays right.
    """

    def run(lesson_id: str, exercise: str, replacement: str) -> ExerciseResult:
        lesson = load_course().lesson(lesson_id)
        folder = copy_solutions(tmp_path / f"ws-{len(list(tmp_path.iterdir()))}")
        source = (SOLUTIONS / lesson.file).read_text(encoding="utf-8")
        source += "\n\n" + textwrap.dedent(replacement)
        (folder / lesson.file).write_text(source, encoding="utf-8")
        result = grade_lesson(lesson, folder.resolve(), shared_sandbox, exercises=(exercise,))
        return {e.name: e for e in result.exercises}[exercise]

    return run


def assert_check_passed(result: ExerciseResult) -> None:
    assert result.outcome is Outcome.PASSED, result.messages()


def assert_advised(result: ExerciseResult, phrase: str) -> None:
    """Advice only: the exercise passes with full marks and ``phrase`` is shown as advice."""
    assert result.outcome is Outcome.PASSED, result.messages()
    assert result.score == result.max_score
    lines = result.advice_lines("en")
    assert any(phrase in line and line.startswith("also worth doing: ") for line in lines), lines
    assert len(result.advice_lines("zh")) == len(lines)


def assert_check_failed(result: ExerciseResult, phrase: str, outcome: Outcome = Outcome.FAILED) -> None:
    """The exercise gets ``outcome`` and its feedback names the mistake with ``phrase``."""
    text = "\n".join(result.messages("en"))
    assert result.outcome is outcome, text
    assert phrase.lower() in text.lower(), f"feedback lacks {phrase!r}:\n{text}"
