"""Grading the reference scores 100 %; grading the stubs reports every exercise not started."""

from __future__ import annotations

from conftest import EXERCISES, SOLUTIONS

from grader import api
from grader.model import Outcome


def test_solutions_score_full_marks():
    run = api.grade_all(SOLUTIONS)
    failures = {
        (lesson.lesson, ex.name): ex.messages()
        for lesson in run.lessons for ex in lesson.exercises if ex.outcome is not Outcome.PASSED
    }
    assert failures == {}
    assert run.score == run.max_score > 0


def test_stubs_are_all_not_started_and_score_zero():
    run = api.grade_all(EXERCISES)
    outcomes = {(lesson.lesson, ex.name): ex.outcome for lesson in run.lessons
                for ex in lesson.exercises}
    assert set(outcomes.values()) == {Outcome.NOT_STARTED}
    assert run.score == 0
    for lesson in run.lessons:
        for ex in lesson.exercises:
            assert ex.messages() == [] or all("not written yet" in m or "not started" in m
                                              for m in ex.messages())
