"""Lesson 06's checks against right alternatives and every fingerprinted mistake.

Each case redefines one function of the reference file (learntools style): a right
alternative must pass, a wrong one must fail with feedback that names the mistake. The
mistakes planted in tests/submissions/lesson06 are judged by test_submissions.py; the
ones whose header declares no feedback phrase are checked here for being named.
"""

from __future__ import annotations

import pytest
from conftest import SUBMISSIONS, assert_advised, assert_check_failed, assert_check_passed

RIGHT = {
    "sigmoid_underflow_warns": ("sigmoid", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            t = np.exp(-np.abs(z))
            return _out(np.where(z >= 0, 1.0 / (1.0 + t), t / (1.0 + t)))
    """),
    "sigmoid_via_tanh": ("sigmoid", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            return _out(0.5 * (1.0 + np.tanh(0.5 * z)))
    """),
    "softmax_logsumexp": ("softmax", """
        def softmax(z):
            z = np.asarray(z, dtype=float)
            if z.ndim not in (1, 2) or z.size == 0:
                raise ValueError("1-D or 2-D, not empty")
            shifted = z - z.max(axis=-1, keepdims=True)
            return np.exp(shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True)))
    """),
    "step_heaviside": ("step", """
        def step(z):
            return _out(np.heaviside(np.asarray(z, dtype=float), 1.0))
    """),
}

WRONG = {
    "step_sign": ("step", "np.sign", """
        def step(z):
            return _out(np.sign(np.asarray(z, dtype=float)))
    """),
    "step_bool": ("step", "dtype bool", """
        def step(z):
            z = np.asarray(z, dtype=float)
            return z >= 0
    """),
    "step_in_place": ("step", "in place", """
        def step(z):
            z = np.asarray(z, dtype=float)
            z[...] = np.where(z >= 0, 1.0, 0.0)
            return _out(z)
    """),
    "sigmoid_sign": ("sigmoid", "sigmoid(-z)", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            with np.errstate(under="ignore"):
                t = np.exp(-np.abs(z))
                return _out(np.where(z >= 0, t / (1.0 + t), 1.0 / (1.0 + t)))
    """),
    "sigmoid_silenced_overflow": ("sigmoid", "warned", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            out = 1.0 / (1.0 + np.exp(-z))
            return _out(out)
    """),
    "sigmoid_where_both_branches": ("sigmoid", "both branches", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            return _out(np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))))
    """),
    "sigmoid_grad_of_sigmoid": ("sigmoid_grad", "applied to sigmoid(z)", """
        def sigmoid_grad(z):
            s = np.asarray(sigmoid(sigmoid(z)))
            return _out(s * (1 - s))
    """),
    "sigmoid_grad_on_z": ("sigmoid_grad", "z (1 - z)", """
        def sigmoid_grad(z):
            z = np.asarray(z, dtype=float)
            return _out(z * (1 - z))
    """),
    "sigmoid_grad_tanh_style": ("sigmoid_grad", "pattern of tanh", """
        def sigmoid_grad(z):
            s = np.asarray(sigmoid(z))
            return _out(1 - s * s)
    """),
    "tanh_sigmoid": ("tanh", "this is sigmoid(z)", """
        def tanh(z):
            return sigmoid(z)
    """),
    "tanh_half": ("tanh", "tanh(z / 2)", """
        def tanh(z):
            return _out(2 * np.asarray(sigmoid(z)) - 1)
    """),
    "tanh_by_exp": ("tanh", "overflow", """
        def tanh(z):
            z = np.asarray(z, dtype=float)
            with np.errstate(all="ignore"):
                return _out((np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)))
    """),
    "tanh_grad_no_square": ("tanh_grad", "1 - tanh(z)^2 (squared)", """
        def tanh_grad(z):
            return _out(1 - np.tanh(np.asarray(z, dtype=float)))
    """),
    "tanh_grad_of_tanh": ("tanh_grad", "applied to tanh(z)", """
        def tanh_grad(z):
            t = np.tanh(np.tanh(np.asarray(z, dtype=float)))
            return _out(1 - t * t)
    """),
    "tanh_grad_sigmoid_style": ("tanh_grad", "pattern of sigmoid", """
        def tanh_grad(z):
            t = np.tanh(np.asarray(z, dtype=float))
            return _out(t * (1 - t))
    """),
    "relu_abs": ("relu", "this is |z|", """
        def relu(z):
            return _out(np.abs(np.asarray(z, dtype=float)))
    """),
    "relu_in_place": ("relu", "in place", """
        def relu(z):
            z = np.asarray(z, dtype=float)
            z[z < 0] = 0.0
            return _out(z)
    """),
    "relu_min": ("relu", "min(0, z)", """
        def relu(z):
            return _out(np.minimum(np.asarray(z, dtype=float), 0.0))
    """),
    "relu_grad_is_relu": ("relu_grad", "relu(z) itself", """
        def relu_grad(z):
            return relu(z)
    """),
    "softmax_global_sum": ("softmax", "whole matrix sums to 1", """
        def softmax(z):
            z = np.asarray(z, dtype=float)
            if z.ndim not in (1, 2) or z.size == 0:
                raise ValueError("1-D or 2-D, not empty")
            e = np.exp(z - z.max())
            return e / e.sum()
    """),
    "softmax_global_max": ("softmax", "each row's own max", """
        def softmax(z):
            z = np.asarray(z, dtype=float)
            if z.ndim not in (1, 2) or z.size == 0:
                raise ValueError("1-D or 2-D, not empty")
            with np.errstate(all="ignore"):
                e = np.exp(z - z.max())
                return e / e.sum(axis=-1, keepdims=True)
    """),
    "softmax_silenced_no_shift": ("softmax", "overflow", """
        def softmax(z):
            z = np.asarray(z, dtype=float)
            if z.ndim not in (1, 2) or z.size == 0:
                raise ValueError("1-D or 2-D, not empty")
            with np.errstate(all="ignore"):
                e = np.exp(z)
                return e / e.sum(axis=-1, keepdims=True)
    """),
    "sigmoid_grad_is_sigmoid": ("sigmoid_grad", "this is sigmoid(z) itself", """
        def sigmoid_grad(z):
            return sigmoid(z)
    """),
    "relu_is_its_gradient": ("relu", "this is ReLU's derivative", """
        def relu(z):
            return relu_grad(z)
    """),
}


# Input checks the contract does not ask for: the exercise passes and the advice is shown.
ADVISED = {
    "softmax_accepts_3d": ("softmax", "raise ValueError for a 3-D input", """
        def softmax(z):
            z = np.asarray(z, dtype=float)
            with np.errstate(under="ignore"):
                e = np.exp(z - z.max(axis=-1, keepdims=True))
                return e / e.sum(axis=-1, keepdims=True)
    """),
}

@pytest.mark.parametrize("case", sorted(RIGHT))
def test_right_alternatives_pass(case, grade_variant):
    exercise, source = RIGHT[case]
    assert_check_passed(grade_variant("lesson06", exercise, source))


@pytest.mark.parametrize("case", sorted(WRONG))
def test_mistakes_are_named(case, grade_variant):
    exercise, phrase, source = WRONG[case]
    assert_check_failed(grade_variant("lesson06", exercise, source), phrase)


# Corpus submissions whose header declares no feedback phrase: their mistake is named too.
UNDECLARED = {
    "wrong_tanh_grad": ("tanh_grad", "this is 1 - z^2"),
    "wrong_sigmoid_grad_twice": ("sigmoid_grad", "applied to sigmoid(z)"),
}


@pytest.mark.parametrize("name", sorted(UNDECLARED))
def test_corpus_mistakes_without_a_declared_phrase_are_named(name, grade_variant):
    exercise, phrase = UNDECLARED[name]
    source = (SUBMISSIONS / "lesson06" / f"{name}.py").read_text(encoding="utf-8")
    assert_check_failed(grade_variant("lesson06", exercise, source), phrase)


@pytest.mark.parametrize("case", sorted(ADVISED))
def test_checks_the_contract_does_not_ask_for_are_advice(case, grade_variant):
    exercise, phrase, source = ADVISED[case]
    assert_advised(grade_variant("lesson06", exercise, source), phrase)
