"""An independent corpus of right and wrong submissions, judged exercise by exercise.

Each file in ``tests/submissions/<lesson>/`` replaces that lesson's file in a copy of the
reference workspace; its header says the verdict expected for every exercise and a phrase
the feedback must contain (see docs/authoring.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SUBMISSIONS, statuses

from grader.course import load_course

COURSE = load_course()


def _header(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    expect: dict[str, str] = {}
    feedback: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[:5]:
        for key, target in (("# expect:", expect), ("# feedback:", feedback)):
            if line.startswith(key):
                for item in line[len(key):].split(","):
                    name, _, value = item.strip().partition("=")
                    target[name.strip()] = value.strip()
    return expect, feedback


CASES = sorted(
    path for lesson in COURSE.lessons
    for path in (SUBMISSIONS / lesson.id).glob("*.py")
) if SUBMISSIONS.exists() else []


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_submission_is_judged_as_declared(path: Path, grade_source):
    lesson = COURSE.lesson(path.parent.name)
    expect, feedback = _header(path)
    assert set(expect) == {e.name for e in lesson.exercises}, "header must list every exercise"
    result = grade_source(lesson.id, path.read_text(encoding="utf-8"))
    assert statuses(result) == expect
    by_name = {e.name: e for e in result.exercises}
    for name, phrase in feedback.items():
        text = "\n".join(by_name[name].messages("en")).lower()
        assert phrase.lower() in text, f"{name}: feedback lacks {phrase!r}:\n{text}"


def test_corpus_has_right_and_wrong_variants_for_each_lesson():
    for lesson in COURSE.lessons:
        files = list((SUBMISSIONS / lesson.id).glob("*.py"))
        rights = [f for f in files if f.stem.startswith("right")]
        wrongs = [f for f in files if f.stem.startswith("wrong")]
        assert rights and len(wrongs) >= 3, lesson.id
