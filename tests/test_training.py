"""Lesson 12 beyond the corpus: an earlier lesson named as the cause, and where the time went."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import EXERCISES, SOLUTIONS, SUBMISSIONS, copy_solutions

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


HAND_SET = (Path(__file__).resolve().parent / "hostile" / "hand_set_network.py").read_text(encoding="utf-8")


def test_a_hand_set_network_and_a_formula_fail_with_lessons_9_to_11_unwritten(tmp_path):
    ws = copy_solutions(tmp_path / "ws")
    for name in ("lesson09_forward.py", "lesson10_backprop.py", "lesson11_optimizers.py"):
        shutil.copy(EXERCISES / name, ws / name)
    (ws / "lesson12_training.py").write_text(HAND_SET, encoding="utf-8")
    result = api.grade_lesson("lesson12", ws)
    verdicts = {e.name: e for e in result.exercises}
    assert {n: e.outcome for n, e in verdicts.items()} == {"train_xor": Outcome.FAILED,
                                                          "fit_curve": Outcome.FAILED}
    assert result.score == 0
    xor = verdicts["train_xor"].checks[0]
    assert "xor:hand_set" in xor.diagnosis and "a hand-set network" in xor.message.en
    assert "手工设定的网络" in xor.message.zh
    curve = verdicts["fit_curve"].checks[0]
    assert "curve:formula" in curve.diagnosis and "a formula that ignores the data" in curve.message.en
    assert "忽略数据的公式" in curve.message.zh


def test_forward_and_backward_copied_into_lesson_12_are_not_the_learners_lessons(tmp_path):
    """A training that runs but with its own copies of forward and backward: the contract
    asks for lesson 9's and lesson 10's."""
    source = (SOLUTIONS / "lesson12_training.py").read_text(encoding="utf-8")
    source = source.replace("from lesson09_forward import forward, init_params",
                            "from lesson09_forward import init_params")
    source = source.replace("from lesson10_backprop import backward\n", "")
    for name in ("lesson09_forward.py", "lesson10_backprop.py"):
        text = (SOLUTIONS / name).read_text(encoding="utf-8")
        source += "\n" + text.split("from __future__ import annotations", 1)[1]
    verdict = _train_xor(tmp_path, lesson12=source)
    assert verdict.outcome is Outcome.FAILED
    text = "\n".join(verdict.messages())
    assert "a hand-set network" in text and "lesson 9 forward and lesson 10 backward" in text


def test_the_second_curve_is_of_the_same_form_and_far_from_the_first():
    from grader.checks.lesson12 import CURVE, curve, second_curve

    grid = np.linspace(0.0, 1.0, 201)
    for seed in range(50):
        c = second_curve(np.random.default_rng(seed))
        assert c != CURVE and np.mean((curve(grid, c) - curve(grid)) ** 2) > 0.01
        assert 0.25 <= abs(c[0]) <= 0.55 and 11 <= c[2] <= 17 and 40 <= c[4] <= 60


def test_a_watched_function_counts_however_it_is_reached_and_is_put_back(tmp_path, monkeypatch):
    from grader.sandbox import probes

    (tmp_path / "watched_lesson.py").write_text(
        "def forward(x):\n    return x + 1\n\ndef broken(x):\n    raise NotImplementedError\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(__import__("sys").modules, "watched_lesson", raising=False)
    specs = [probes.Probe("watched_lesson", "forward", "forward", load=True).to_dict(),
             probes.Probe("watched_lesson", "broken", "broken", load=True).to_dict()]
    watch = probes.Watch(specs, lambda record: None)
    watch.install([])
    import watched_lesson

    table = {"f": watched_lesson.forward}

    def default(x, f=watched_lesson.forward):
        return f(x)

    try:
        assert table["f"](1) == 2 and default(2) == 3 and watched_lesson.forward(x=3) == 4
        with pytest.raises(NotImplementedError):
            watched_lesson.broken(1)
    finally:
        watch.uninstall()
    report = probes.read(watch.summary())
    assert report is not None
    assert (report.calls("forward"), report.returned("forward")) == (3, 3)
    assert (report.calls("broken"), report.returned("broken")) == (1, 0)
    assert watched_lesson.forward.__code__.co_name == "forward"
    assert not any(k.startswith("__grader_watched") for k in vars(watched_lesson))


# -- trained means trained: the params forward is given fall in loss to those returned -------------

_HEAD = '''
import numpy as np
from lesson09_forward import forward, init_params
from lesson10_backprop import backward
from lesson11_optimizers import adam_step

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def hand_set(seed):
    nudge = np.random.default_rng(seed).normal(0.0, 0.01, 2)
    return {"W1": np.array([[20.0, -20.0], [20.0, -20.0]]) + nudge, "b1": np.array([-10.0, 30.0]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([-30.0])}


def fit_curve(x, y, seed=0):
    raise NotImplementedError
'''

NATURAL_TRAININGS = {
    "a new dict each step": '''
def train_xor(seed=0):
    p = init_params(2, 4, 1, np.random.default_rng(seed))
    for _ in range(3000):
        A2, cache = forward(X, p, "tanh", "sigmoid")
        g = backward(X, Y, p, cache, "tanh", "sigmoid")
        p = {k: p[k] - 0.5 * g[k] for k in p}
    return p, "tanh"
''',
    "updated in place, keyword arguments": '''
def train_xor(seed=0):
    p = init_params(2, 3, 1, np.random.default_rng(seed))
    for _ in range(4000):
        A2, cache = forward(X, params=p, hidden="sigmoid", output="sigmoid")
        g = backward(X, Y, p, cache, hidden="sigmoid", output="sigmoid")
        for k in p:
            p[k] -= 2.0 * g[k]
    return p, "sigmoid"
''',
    "stops as soon as the points are classified": '''
def train_xor(seed=0):
    p = init_params(2, 4, 1, np.random.default_rng(seed))
    for _ in range(20000):
        A2, cache = forward(X, p, "tanh", "sigmoid")
        if np.all((A2 > 0.5) == (Y > 0.5)):
            break
        g = backward(X, Y, p, cache, "tanh", "sigmoid")
        p = {k: p[k] - 0.1 * g[k] for k in p}
    return p, "tanh"
''',
    "one sample per step": '''
def train_xor(seed=0):
    rng = np.random.default_rng(seed)
    p = init_params(2, 4, 1, rng)
    for _ in range(2000):
        for i in rng.permutation(4):
            A2, cache = forward(X[i:i+1], p, "tanh", "sigmoid")
            g = backward(X[i:i+1], Y[i:i+1], p, cache, "tanh", "sigmoid")
            p = {k: p[k] - 0.3 * g[k] for k in p}
    return p, "tanh"
''',
    "adam, and a last forward to check": '''
def train_xor(seed=0):
    p = init_params(2, 8, 1, np.random.default_rng(seed))
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(x) for k, x in p.items()}
    for t in range(1, 800):
        A2, cache = forward(X, p, "relu", "sigmoid")
        g = backward(X, Y, p, cache, "relu", "sigmoid")
        for k in p:
            p[k], m[k], v[k] = adam_step(p[k], m[k], v[k], g[k], t, lr=0.05)
    A2, _ = forward(X, p, "relu", "sigmoid")
    return p, "relu"
''',
    "restarts until one run classifies": '''
def train_xor(seed=0):
    rng = np.random.default_rng(seed)
    for attempt in range(5):
        p = init_params(2, 2, 1, rng)
        for _ in range(3000):
            A2, cache = forward(X, p, "sigmoid", "sigmoid")
            g = backward(X, Y, p, cache, "sigmoid", "sigmoid")
            p = {k: p[k] - 3.0 * g[k] for k in p}
        if np.all((A2 > 0.5) == (Y > 0.5)):
            break
    return p, "sigmoid"
''',
    "returns the best params it met, after a last step that made things worse": '''
def train_xor(seed=0):
    p = init_params(2, 4, 1, np.random.default_rng(seed))
    best, best_loss = None, np.inf
    for step in range(2001):
        A2, cache = forward(X, p, "tanh", "sigmoid")
        loss = float(-np.mean(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12)))
        if loss < best_loss:
            best, best_loss = {k: v.copy() for k, v in p.items()}, loss
        g = backward(X, Y, p, cache, "tanh", "sigmoid")
        lr = 0.5 if step < 2000 else -20000.0  # a last probe the wrong way: forward sees it, best is kept
        p = {k: p[k] - lr * g[k] for k in p}
    forward(X, p, "tanh", "sigmoid")
    return best, "tanh"
''',
    "a wide hidden layer": '''
def train_xor(seed=0):
    p = init_params(2, 64, 1, np.random.default_rng(seed))
    for _ in range(500):
        A2, cache = forward(X, p, "relu", "sigmoid")
        g = backward(X, Y, p, cache, "relu", "sigmoid")
        p = {k: p[k] - 0.5 * g[k] for k in p}
    return p, "relu"
''',
}


@pytest.mark.parametrize("style", sorted(NATURAL_TRAININGS))
def test_a_real_training_passes_in_any_style(tmp_path, style):
    verdict = _train_xor(tmp_path, lesson12=_HEAD + NATURAL_TRAININGS[style])
    assert verdict.outcome is Outcome.PASSED, "\n".join(verdict.messages())


HAND_SET_AFTER_ALL = {
    "forward and backward run once on the hand-set network": ('''
def train_xor(seed=0):
    p = hand_set(seed)
    A2, cache = forward(X, p, "sigmoid", "sigmoid")
    backward(X, Y, p, cache, "sigmoid", "sigmoid")
    return p, "sigmoid"
''', "did not descend step by step"),
    "a few steps from init_params, then a jump": ('''
def train_xor(seed=0):
    p = init_params(2, 2, 1, np.random.default_rng(seed))
    for _ in range(5):
        A2, cache = forward(X, p, "sigmoid", "sigmoid")
        backward(X, Y, p, cache, "sigmoid", "sigmoid")
    p = hand_set(seed)
    for _ in range(5):
        A2, cache = forward(X, p, "sigmoid", "sigmoid")
        backward(X, Y, p, cache, "sigmoid", "sigmoid")
    return p, "sigmoid"
''', "did not descend step by step"),
    "a training that gets part of the way, then hand-set weights returned": ('''
def train_xor(seed=0):
    p = init_params(2, 4, 1, np.random.default_rng(seed))
    for _ in range(300):
        A2, cache = forward(X, p, "tanh", "sigmoid")
        g = backward(X, Y, p, cache, "tanh", "sigmoid")
        p = {k: p[k] - 0.5 * g[k] for k in p}
    return hand_set(seed), "sigmoid"
''', "are not the ones your training reached"),
    "params forward sees only as a dict subclass": ('''
class Params(dict):
    pass


def train_xor(seed=0):
    p = Params(hand_set(seed))
    A2, cache = forward(X, p, "sigmoid", "sigmoid")
    backward(X, Y, p, cache, "sigmoid", "sigmoid")
    return dict(p), "sigmoid"
''', "was never given the params"),
}


@pytest.mark.parametrize("attack", sorted(HAND_SET_AFTER_ALL))
def test_hand_set_weights_fail_however_forward_and_backward_are_run(tmp_path, attack):
    source, said = HAND_SET_AFTER_ALL[attack]
    verdict = _train_xor(tmp_path, lesson12=_HEAD + source)
    assert verdict.outcome is Outcome.FAILED
    check = verdict.checks[0]
    assert "xor:hand_set" in check.diagnosis
    assert said in check.message.en and "手工设定的网络" in check.message.zh
    assert verdict.score == 0


NO_NETWORK_FITS = {
    "interpolating the points": '''
def fit_curve(x, y, seed=0):
    order = np.argsort(x)
    xs, ys = np.asarray(x, dtype=float)[order], np.asarray(y, dtype=float)[order]
    return lambda x_new: np.interp(np.asarray(x_new, dtype=float), xs, ys)
''',
    "forward and backward run once beside a predict that interpolates": '''
from lesson09_forward import forward, init_params
from lesson10_backprop import backward


def fit_curve(x, y, seed=0):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    p = init_params(1, 4, 1, np.random.default_rng(seed))
    A2, cache = forward(x[:, None], p, "tanh", "identity")
    backward(x[:, None], y[:, None], p, cache, "tanh", "identity")
    order = np.argsort(x)
    return lambda x_new: np.interp(np.asarray(x_new, dtype=float), x[order], y[order])
''',
    "a polynomial of high degree": '''
def fit_curve(x, y, seed=0):
    coefficients = np.polynomial.Chebyshev.fit(np.asarray(x, dtype=float), np.asarray(y, dtype=float), 20)
    return lambda x_new: coefficients(np.asarray(x_new, dtype=float))
''',
}


@pytest.mark.parametrize("fit", sorted(NO_NETWORK_FITS))
def test_a_close_fit_without_a_network_fails_fit_curve(tmp_path, fit):
    ws = copy_solutions(tmp_path / "ws")
    source = (SOLUTIONS / "lesson12_training.py").read_text(encoding="utf-8")
    (ws / "lesson12_training.py").write_text(source + "\n" + NO_NETWORK_FITS[fit], encoding="utf-8")
    result = api.grade_lesson("lesson12", ws, exercises=("fit_curve",))
    verdict = next(e for e in result.exercises if e.name == "fit_curve")
    assert verdict.outcome is Outcome.FAILED and verdict.score == 0
    check = verdict.checks[0]
    assert "curve:not_trained" in check.diagnosis
    assert "not a trained network" in check.message.en and "不是训练出来的网络" in check.message.zh
    said = "did not fall (from" if "backward run once" in fit else "lesson 9 forward: 0 calls"
    assert said in check.message.en + check.details.en


def test_a_real_training_beside_a_predict_that_looks_the_points_up_fails(tmp_path):
    """Training runs (forward and backward, the loss falls), but predict interpolates the
    training points: it gives every noisy y back exactly, which no network does."""
    ws = copy_solutions(tmp_path / "ws")
    source = (SOLUTIONS / "lesson12_training.py").read_text(encoding="utf-8") + '''

def fit_curve(x, y, seed=0):
    x_arr, y_arr = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    X = ((x_arr - x_arr.mean()) / x_arr.std())[:, None]
    Y = ((y_arr - y_arr.mean()) / y_arr.std())[:, None]
    _train_adam(init_params(1, 8, 1, np.random.default_rng(seed)), X, Y, "tanh", "identity", steps=300, lr=0.01)
    order = np.argsort(x_arr)
    return lambda x_new: np.interp(np.asarray(x_new, dtype=float), x_arr[order], y_arr[order])
'''
    (ws / "lesson12_training.py").write_text(source, encoding="utf-8")
    result = api.grade_lesson("lesson12", ws, exercises=("fit_curve",))
    verdict = next(e for e in result.exercises if e.name == "fit_curve")
    assert verdict.outcome is Outcome.FAILED and verdict.score == 0
    check = verdict.checks[0]
    assert "curve:not_trained" in check.diagnosis and "looks the points up" in check.message.en
    assert "查找这些点" in check.message.zh
