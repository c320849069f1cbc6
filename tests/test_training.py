"""Lesson 12 beyond the corpus: an earlier lesson named as the cause, and where the time went."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import SUBMISSIONS, copy_solutions

from grader import api
from grader.course import load_course
from grader.model import Outcome


@pytest.fixture
def short_training(monkeypatch):
    """Give lesson 12's exercises a 2 s budget so that the slow cases stay quick."""
    original = load_course()
    lessons = tuple(
        replace(lesson, exercises=tuple(replace(e, timeout=2.0) for e in lesson.exercises))
        if lesson.id == "lesson12" else lesson
        for lesson in original.lessons
    )
    monkeypatch.setattr("grader.api.load_course", lambda: replace(original, lessons=lessons))


def _train_xor(tmp_path, lesson12: str | None = None, lesson10: str | None = None):
    ws = copy_solutions(tmp_path / "ws")
    if lesson12 is not None:
        (ws / "lesson12_training.py").write_text(lesson12, encoding="utf-8")
    if lesson10 is not None:
        (ws / "lesson10_backprop.py").write_text(lesson10, encoding="utf-8")
    result = api.grade_lesson("lesson12", ws, exercises=("train_xor",))
    return next(e for e in result.exercises if e.name == "train_xor")


def test_a_wrong_earlier_lesson_is_named_first(tmp_path):
    wrong_backward = (SUBMISSIONS / "lesson10" / "wrong_backward_sign.py").read_text(encoding="utf-8")
    verdict = _train_xor(tmp_path, lesson10=wrong_backward)
    assert verdict.outcome is Outcome.FAILED
    text = "\n".join(verdict.messages())
    assert text.startswith("your lesson 10 backward fails its own checks: fix it first.")
    assert "wrong sign" in text


def test_an_unwritten_earlier_lesson_is_named(tmp_path):
    stub = (SUBMISSIONS.parents[1] / "exercises" / "lesson10_backprop.py").read_text(encoding="utf-8")
    verdict = _train_xor(tmp_path, lesson10=stub)
    assert verdict.outcome is Outcome.ERROR
    text = "\n".join(verdict.messages())
    assert "your lesson 10 backward fails its own checks" in text and "not written yet" in text


SLOW_TRAINING = '''
import time
import numpy as np
from lesson09_forward import forward, init_params
from lesson10_backprop import backward

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def train_xor(seed=0):
    params = init_params(2, 4, 1, np.random.default_rng(seed))
    while True:
        _, cache = forward(X, params, "tanh", "sigmoid")
        backward(X, Y, params, cache, "tanh", "sigmoid")
        time.sleep(0.01)


def fit_curve(x, y, seed=0):
    raise NotImplementedError
'''


def test_a_training_that_runs_out_of_time_says_where_the_time_went(tmp_path, short_training):
    verdict = _train_xor(tmp_path, lesson12=SLOW_TRAINING)
    assert verdict.outcome is Outcome.TIMEOUT
    text = "\n".join(verdict.messages())
    assert "Where the time went" in text and "backward (lesson 10)" in text
    assert "Training had taken" in text and "backward steps" in text


def test_time_spent_in_lesson_12_itself_is_said_too(tmp_path, short_training):
    source = SLOW_TRAINING.replace("        time.sleep(0.01)\n", "").replace(
        "    while True:\n", "    while True:\n        continue\n")
    verdict = _train_xor(tmp_path, lesson12=source)
    assert verdict.outcome is Outcome.TIMEOUT
    assert "None of the time was spent inside the functions of lessons 9-11" in "\n".join(verdict.messages())
