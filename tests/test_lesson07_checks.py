"""Lesson 07's checks against right alternatives and every fingerprinted mistake.

Each case redefines one function of the reference file (learntools style): a right
alternative must pass, a wrong one must fail with feedback that names the mistake. The
mistakes planted in tests/submissions/lesson07 are judged by test_submissions.py; the
ones whose header declares no feedback phrase are checked here for being named.
"""

from __future__ import annotations

import pytest
from conftest import SUBMISSIONS, assert_advised, assert_check_failed, assert_check_passed

from grader.model import Outcome

RIGHT = {
    "perceptron_numpy_int": ("perceptron", """
        def perceptron(x, w, b):
            x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
            if x.ndim != 1 or x.shape != w.shape:
                raise ValueError("x and w must be 1-D of the same length")
            return np.int64(np.heaviside(np.sum(w * x) + b, 1.0))
    """),
    "and_params_list": ("and_gate_params", """
        def and_gate_params():
            return [1.0, 1.0], -2.0
    """),
    "and_helper": ("AND", """
        def _gate(params, x1, x2):
            w, b = params()
            return perceptron([x1, x2], w, b)

        def AND(x1, x2):
            return _gate(and_gate_params, x1, x2)
    """),
    "train_while": ("train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
            if X.ndim != 2 or y.shape != (len(X),):
                raise ValueError("X must be (m, n) and y (m,)")
            w, b, epoch = np.zeros(X.shape[1]), 0.0, 0
            while epoch < epochs:
                epoch += 1
                clean = True
                for i in range(len(X)):
                    e = y[i] - perceptron(X[i], w, b)
                    if e:
                        clean = False
                        w, b = w + lr * e * X[i], b + lr * e
                if clean:
                    return w, b, True
            return w, b, False
    """),
}

_TRAIN_HEAD = """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
            if X.ndim != 2 or y.shape != (len(X),):
                raise ValueError("X must be (m, n) and y (m,)")
            w, b = np.zeros(X.shape[1]), 0.0
"""


def _train(body: str, result: str = "w, b") -> str:
    return _TRAIN_HEAD + body + f"""
                if mistakes == 0:
                    return {result}, True
            return {result}, False
"""


_LOOP = """
            for _ in range({epochs}):
                mistakes = 0
                for i in {order}:
                    e = y[i] - perceptron(X[i], w, b)
                    if e != 0:
                        mistakes += 1
                        w, b = w + {lr} * e * X[i], b + {lr} * e
"""

WRONG = {
    "perceptron_bool": ("perceptron", "asks for an int", """
        def perceptron(x, w, b):
            x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
            if x.ndim != 1 or x.shape != w.shape:
                raise ValueError("x and w must be 1-D of the same length")
            return np.dot(w, x) + b >= 0
    """),
    "and_params_three_weights": ("and_gate_params", "shape (2,)", """
        def and_gate_params():
            return np.array([1.0, 1.0, 1.0]), -1.5
    """),
    "and_params_weights_only": ("and_gate_params", "return the pair (w, b)", """
        def and_gate_params():
            return (np.array([1.0, 1.0]),)
    """),
    "and_params_give_nand": ("and_gate_params", "it is NAND's", """
        def and_gate_params():
            return np.array([-1.0, -1.0]), 1.5
    """),
    "and_params_zero_total": ("and_gate_params", "truth table", """
        def and_gate_params():
            return np.array([1.0, 1.0]), -1.0
    """),
    "and_without_perceptron": ("AND", "must be computed with perceptron", """
        def AND(x1, x2):
            return int(x1 and x2)
    """),
    "and_returns_bool": ("AND", "asks for an int", """
        def AND(x1, x2):
            w, b = and_gate_params()
            return bool(perceptron([x1, x2], w, b))
    """),
    "nand_with_and_params": ("NAND", "it is AND's", """
        def NAND(x1, x2):
            w, b = and_gate_params()
            return perceptron([x1, x2], w, b)
    """),
    "train_reversed": ("train_perceptron", "reverse order",
                       _train(_LOOP.format(epochs="epochs", order="range(len(X) - 1, -1, -1)", lr="lr"))),
    "train_lr_ignored": ("train_perceptron", "lr is ignored",
                         _train(_LOOP.format(epochs="epochs", order="range(len(X))", lr="0.1"))),
    "train_extra_epoch": ("train_perceptron", "after 8 epochs",
                          _train(_LOOP.format(epochs="epochs + 1", order="range(len(X))", lr="lr"))),
    "train_epochs_ignored": ("train_perceptron", "after 100 epochs",
                             _train(_LOOP.format(epochs="100", order="range(len(X))", lr="lr"))),
    "train_w_as_list": ("train_perceptron", "float64 array",
                        _train(_LOOP.format(epochs="epochs", order="range(len(X))", lr="lr"),
                               "list(w), b")),
    "train_converged_as_int": ("train_perceptron", "must be a bool", _TRAIN_HEAD
                               + _LOOP.format(epochs="epochs", order="range(len(X))", lr="lr") + """
                if mistakes == 0:
                    return w, b, 1
            return w, b, 0
"""),
    "train_missing_epoch": ("train_perceptron", "after 6 epochs",
                            _train(_LOOP.format(epochs="epochs - 1", order="range(len(X))", lr="lr"))),
}


# Input checks the contract does not ask for: the exercise passes and the advice is shown.
ADVISED = {
    "perceptron_unchecked": ("perceptron", "not 1-D vectors of the same length", """
        def perceptron(x, w, b):
            x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
            return int(np.sum(w * x[: len(w)]) + b >= 0)
    """),
}

@pytest.mark.parametrize("case", sorted(RIGHT))
def test_right_alternatives_pass(case, grade_variant):
    exercise, source = RIGHT[case]
    assert_check_passed(grade_variant("lesson07", exercise, source))


@pytest.mark.parametrize("case", sorted(WRONG))
def test_mistakes_are_named(case, grade_variant):
    exercise, phrase, source = WRONG[case]
    assert_check_failed(grade_variant("lesson07", exercise, source), phrase)


def test_training_without_an_epoch_limit_times_out(grade_variant):
    source = _TRAIN_HEAD + """
            while True:
                mistakes = 0
                for i in range(len(X)):
                    e = y[i] - perceptron(X[i], w, b)
                    if e != 0:
                        mistakes += 1
                        w, b = w + lr * e * X[i], b + lr * e
                if mistakes == 0:
                    return w, b, True
"""
    assert_check_failed(grade_variant("lesson07", "train_perceptron", source), "timed out",
                        Outcome.TIMEOUT)


# Corpus submissions whose header declares no feedback phrase: their mistake is named too.
UNDECLARED = {
    "wrong_batch_update": ("train_perceptron", "batch update"),
    "wrong_update_sign": ("train_perceptron", "wrong sign"),
}


@pytest.mark.parametrize("name", sorted(UNDECLARED))
def test_corpus_mistakes_without_a_declared_phrase_are_named(name, grade_variant):
    exercise, phrase = UNDECLARED[name]
    source = (SUBMISSIONS / "lesson07" / f"{name}.py").read_text(encoding="utf-8")
    assert_check_failed(grade_variant("lesson07", exercise, source), phrase)


@pytest.mark.parametrize("case", sorted(ADVISED))
def test_checks_the_contract_does_not_ask_for_are_advice(case, grade_variant):
    exercise, phrase, source = ADVISED[case]
    assert_advised(grade_variant("lesson07", exercise, source), phrase)
