"""Lesson 08's checks against right alternatives and every fingerprinted mistake.

Each case redefines one function of the reference file (learntools style): a right
alternative must pass, a wrong one must fail with feedback that names the mistake. The
mistakes planted in tests/submissions/lesson08 are judged by test_submissions.py; the
ones whose header declares no feedback phrase are checked here for being named.
"""

from __future__ import annotations

import pytest
from conftest import SOLUTIONS, SUBMISSIONS, assert_advised, assert_check_failed, assert_check_passed, copy_solutions

from grader import api

RIGHT = {
    "xor_module_alias_and_checks": ("XOR", """
        import lesson07_perceptron as l7

        def XOR(x1, x2):
            if x1 not in (0, 1) or x2 not in (0, 1):
                raise ValueError("gate inputs are 0 or 1")
            return l7.AND(l7.OR(x1, x2), l7.NAND(x1, x2))
    """),
    "xor_helper_layer": ("XOR", """
        def _hidden(x1, x2):
            return NAND(x1, x2), OR(x1, x2)

        def XOR(x1, x2):
            h1, h2 = _hidden(x1, x2)
            return AND(h1, h2)
    """),
    "xor_star_import_and_tuple": ("XOR", """
        from lesson07_perceptron import *

        def XOR(x1: int, x2: int) -> int:
            hidden = (NAND(x1, x2), OR(x1, x2))
            return int(AND(hidden[0], hidden[1]))
    """),
    "forward_heaviside": ("step_network_forward", """
        def step_network_forward(X, params):
            X = np.asarray(X, dtype=float)
            if X.ndim != 2 or X.shape[1] != np.shape(params["W1"])[0]:
                raise ValueError("X must be (m, n) with n = W1's rows")
            H = np.heaviside(X @ params["W1"] + params["b1"], 1.0)
            return np.heaviside(H @ params["W2"] + params["b2"], 1.0)[:, 0]
    """),
    "params_other_network": ("xor_network_params", """
        def xor_network_params():
            return {"W1": np.array([[1.0, -1.0], [-1.0, 1.0]]), "b1": np.array([-1.0, -1.0]),
                    "W2": np.array([[1.0], [1.0]]), "b2": np.array([-1.0])}
    """),
}

WRONG = {
    "xor_bitwise": ("XOR", "^", """
        def XOR(x1, x2):
            return x1 ^ x2
    """),
    "xor_if_else": ("XOR", "if/else", """
        def XOR(x1, x2):
            if x1 == x2:
                return 0
            return 1
    """),
    "xor_numpy": ("XOR", "numpy.logical_xor", """
        def XOR(x1, x2):
            return int(np.logical_xor(x1, x2))
    """),
    "xor_lookup": ("XOR", "lookup table", """
        def XOR(x1, x2):
            return [[0, 1], [1, 0]][x1][x2]
    """),
    "xor_modulo": ("XOR", "%", """
        def XOR(x1, x2):
            return (x1 + x2) % 2
    """),
    "xor_table_dict": ("XOR", "does not use the gates", """
        TABLE = {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}

        def XOR(x1, x2):
            return TABLE.get((int(x1), int(x2)))
    """),
    "xor_returns_bool": ("XOR", "asks for an int", """
        def XOR(x1, x2):
            return bool(AND(NAND(x1, x2), OR(x1, x2)))
    """),
    "xor_is_xnor": ("XOR", "it is XNOR's", """
        def XOR(x1, x2):
            return NAND(NAND(x1, x2), OR(x1, x2))
    """),
    "params_int_dtype": ("xor_network_params", "dtype int64", """
        def xor_network_params():
            return {"W1": np.array([[1, -1], [-1, 1]]), "b1": np.array([-1, -1]),
                    "W2": np.array([[1], [1]]), "b2": np.array([-1])}
    """),
    "params_lists": ("xor_network_params", "is a list", """
        def xor_network_params():
            return {"W1": [[1.0, -1.0], [-1.0, 1.0]], "b1": [-1.0, -1.0],
                    "W2": [[1.0], [1.0]], "b2": [-1.0]}
    """),
    "params_missing_key": ("xor_network_params", "exactly the keys", """
        def xor_network_params():
            return {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.ones((2, 1))}
    """),
    "forward_own_params": ("step_network_forward", "your own xor_network_params()", """
        def step_network_forward(X, params):
            X = np.asarray(X, dtype=float)
            if X.ndim != 2 or X.shape[1] != 2:
                raise ValueError("X must be (m, 2)")
            p = xor_network_params()
            H = np.where(X @ p["W1"] + p["b1"] >= 0, 1.0, 0.0)
            return np.where(H @ p["W2"] + p["b2"] >= 0, 1.0, 0.0).reshape(-1)
    """),
    "forward_strict_step": ("step_network_forward", "use >=, not >", """
        def step_network_forward(X, params):
            X = np.asarray(X, dtype=float)
            if X.ndim != 2 or X.shape[1] != np.shape(params["W1"])[0]:
                raise ValueError("X must be (m, n) with n = W1's rows")
            H = np.where(X @ params["W1"] + params["b1"] > 0, 1.0, 0.0)
            return np.where(H @ params["W2"] + params["b2"] > 0, 1.0, 0.0).reshape(-1)
    """),
    "forward_no_output_step": ("step_network_forward", "output layer has no step", """
        def step_network_forward(X, params):
            X = np.asarray(X, dtype=float)
            if X.ndim != 2 or X.shape[1] != np.shape(params["W1"])[0]:
                raise ValueError("X must be (m, n) with n = W1's rows")
            H = np.where(X @ params["W1"] + params["b1"] >= 0, 1.0, 0.0)
            return (H @ params["W2"] + params["b2"]).reshape(-1)
    """),
    "forward_output_sigmoid": ("step_network_forward", "output layer uses a sigmoid", """
        def step_network_forward(X, params):
            X = np.asarray(X, dtype=float)
            if X.ndim != 2 or X.shape[1] != np.shape(params["W1"])[0]:
                raise ValueError("X must be (m, n) with n = W1's rows")
            H = np.where(X @ params["W1"] + params["b1"] >= 0, 1.0, 0.0)
            return (1.0 / (1.0 + np.exp(-(H @ params["W2"] + params["b2"])))).reshape(-1)
    """),
    "xor_wrong_composition": ("XOR", "composed in the wrong order", """
        def XOR(x1, x2):
            return AND(OR(x1, x2), OR(x1, x2))
    """),
}


# Input checks the contract does not ask for: the exercise passes and the advice is shown.
ADVISED = {
    "forward_accepts_a_vector": ("step_network_forward", "not a 2-D batch (m, 2)", """
        def step_network_forward(X, params):
            X = np.atleast_2d(np.asarray(X, dtype=float))
            H = np.where(X @ params["W1"][: X.shape[1]] + params["b1"] >= 0, 1.0, 0.0)
            return np.where(H @ params["W2"] + params["b2"] >= 0, 1.0, 0.0).reshape(-1)
    """),
}

@pytest.mark.parametrize("case", sorted(RIGHT))
def test_right_alternatives_pass(case, grade_variant):
    exercise, source = RIGHT[case]
    assert_check_passed(grade_variant("lesson08", exercise, source))


@pytest.mark.parametrize("case", sorted(WRONG))
def test_mistakes_are_named(case, grade_variant):
    exercise, phrase, source = WRONG[case]
    assert_check_failed(grade_variant("lesson08", exercise, source), phrase)


def test_a_wrong_lesson07_gate_is_blamed_not_the_composition(tmp_path):
    folder = copy_solutions(tmp_path / "ws")
    lesson07 = (SOLUTIONS / "lesson07_perceptron.py").read_text(encoding="utf-8")
    (folder / "lesson07_perceptron.py").write_text(
        lesson07 + "\n\ndef OR(x1, x2):\n    return AND(x1, x2)\n", encoding="utf-8")
    result = api.grade_lesson("lesson08", folder, exercises=("XOR",))
    assert_check_failed(result.exercises[0], "gate OR is itself wrong")


# Corpus submissions whose header declares no feedback phrase: their mistake is named too.
UNDECLARED = {
    "wrong_forward_linear_hidden": ("step_network_forward", "hidden layer has no step"),
    "wrong_forward_transposed": ("step_network_forward", "W1 is used transposed"),
}


@pytest.mark.parametrize("name", sorted(UNDECLARED))
def test_corpus_mistakes_without_a_declared_phrase_are_named(name, grade_variant):
    exercise, phrase = UNDECLARED[name]
    source = (SUBMISSIONS / "lesson08" / f"{name}.py").read_text(encoding="utf-8")
    assert_check_failed(grade_variant("lesson08", exercise, source), phrase)


def test_a_hanging_xor_network_params_does_not_time_out_the_forward_pass(grade_source):
    """step_network_forward is judged on its own: it never waits for another exercise."""
    source = (SOLUTIONS / "lesson08_xor.py").read_text(encoding="utf-8")
    source += "\n\ndef xor_network_params():\n    while True:\n        pass\n"
    result = grade_source("lesson08", source, overrides={"timeout_scale": 0.25})
    outcomes = {e.name: e.outcome.value for e in result.exercises}
    assert outcomes == {"XOR": "passed", "xor_network_params": "timeout",
                        "step_network_forward": "passed"}


@pytest.mark.parametrize("case", sorted(ADVISED))
def test_checks_the_contract_does_not_ask_for_are_advice(case, grade_variant):
    exercise, phrase, source = ADVISED[case]
    assert_advised(grade_variant("lesson08", exercise, source), phrase)
