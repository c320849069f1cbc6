"""Value, supporting and advice checks: how each kind is declared, scored and shown."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
from conftest import assert_advised, assert_check_failed, assert_check_passed

from grader.checking import Failure, check
from grader.checks.expect import expect_scalar
from grader.course import load_course
from grader.engine.collect import CheckModuleError, checks_for, specs_in
from grader.i18n import tr
from grader.model import CheckResult, Outcome, exercise_outcome, exercise_score

COURSE = load_course()
TITLE = tr("t", "t")


def result(name: str, outcome: Outcome, kind: str = "value", weight: float = 1.0) -> CheckResult:
    return CheckResult(name, TITLE, outcome, weight=weight, kind=kind)


# -- declaring --------------------------------------------------------------------------------


def test_a_static_check_is_supporting_and_cannot_be_a_value_check():
    @check("dot", static=True)
    def reads_source(ctx: object) -> None:
        """reads the source"""

    assert reads_source.__check__.kind == "supporting"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="cannot show the maths works"):
        check("dot", static=True, kind="value")


def test_advice_needs_its_text_carries_no_weight_and_only_advice_has_text():
    with pytest.raises(ValueError, match="needs the advice text"):
        check("dot", kind="advice")
    with pytest.raises(ValueError, match="only an advice check"):
        check("dot", advice=tr("a", "a"))
    with pytest.raises(ValueError, match="kind must be one of"):
        check("dot", kind="bonus")  # type: ignore[arg-type]

    @check("dot", kind="advice", weight=3.0, advice=tr("raise ValueError when ...", "…时抛出 ValueError"))
    def extra(ctx: object) -> None:
        """extra"""

    assert extra.__check__.weight == 0.0  # type: ignore[attr-defined]


def test_the_registry_refuses_an_exercise_without_a_value_check(monkeypatch: pytest.MonkeyPatch):
    lesson = COURSE.lesson("lesson01")
    fake = ModuleType("grader.checks.fake")
    for exercise in lesson.exercises:
        def supporting(ctx: object) -> None:
            """only a supporting check"""
        supporting.__name__ = f"supporting_{exercise.name}"
        setattr(fake, supporting.__name__, check(exercise.name, kind="supporting")(supporting))
    assert [s.kind for s in specs_in(fake)] == ["supporting"] * len(lesson.exercises)
    checks_for.cache_clear()
    monkeypatch.setattr("grader.engine.collect.importlib.import_module", lambda name: fake)
    try:
        with pytest.raises(CheckModuleError, match="has no value check"):
            checks_for(lesson)
    finally:
        monkeypatch.undo()
        checks_for.cache_clear()


def test_every_exercise_of_the_course_has_a_value_check_and_advice_words_in_both_languages():
    for lesson in COURSE.lessons:
        for name, specs in checks_for(lesson).items():
            assert any(s.kind == "value" for s in specs), (lesson.id, name)
            for spec in specs:
                if spec.kind == "advice":
                    assert spec.advice is not None and spec.weight == 0.0
                    assert spec.advice.en.startswith(("raise ValueError", "with one output unit", "accept bools",
                                                      "let the grader verify"))
                    assert "ValueError" in spec.advice.zh or "接受" in spec.advice.zh
                if "reject" in spec.name:
                    assert spec.kind in ("supporting", "advice"), spec.name


# -- scoring ----------------------------------------------------------------------------------


def test_supporting_checks_earn_nothing_until_every_value_check_passes():
    checks = (result("v1", Outcome.PASSED), result("v2", Outcome.FAILED),
              result("rejects", Outcome.PASSED, "supporting"), result("built", Outcome.PASSED, "supporting"))
    assert exercise_score(checks, 4.0, exercise_outcome(checks)) == pytest.approx(1.0)
    fixed = (result("v1", Outcome.PASSED), result("v2", Outcome.PASSED), *checks[2:])
    assert exercise_score(fixed, 4.0, exercise_outcome(fixed)) == pytest.approx(4.0)
    nothing = (result("v1", Outcome.ERROR), result("rejects", Outcome.PASSED, "supporting"))
    assert exercise_score(nothing, 1.0, exercise_outcome(nothing)) == 0.0


def test_a_failing_supporting_check_still_fails_the_exercise_and_costs_its_weight():
    checks = (result("v1", Outcome.PASSED), result("rejects", Outcome.FAILED, "supporting"))
    assert exercise_outcome(checks) is Outcome.FAILED
    assert exercise_score(checks, 1.0, Outcome.FAILED) == pytest.approx(0.5)


def test_hollow_code_sees_why_its_supporting_checks_earn_nothing(grade_variant):
    ex = grade_variant("lesson01", "dot", """
        def dot(a, b):
            raise ValueError("no")
    """)
    assert ex.score == 0.0 and ex.outcome is Outcome.ERROR
    waiting = [c for c in ex.checks if c.kind == "supporting"]
    assert waiting and all(c.outcome is Outcome.SKIPPED for c in waiting)
    assert all("counts only once the value checks pass" in c.message.en for c in waiting if c.message)
    assert all("数值检查通过" in c.message.zh for c in waiting if c.message)
    assert ex.messages("en")[-1].startswith(f"{len(waiting)} supporting check(s)")
    assert "辅助检查" in ex.messages("zh")[-1]


# -- 0-d arrays from element-wise functions -----------------------------------------------------


def test_expect_scalar_takes_a_0d_float_array_only_when_asked():
    expect_scalar(np.array(0.5), 0.5, call="f(0.0)", zero_d=True)
    with pytest.raises(Failure, match="contract asks for a float"):
        expect_scalar(np.array(0.5), 0.5, call="f(0.0)")
    with pytest.raises(Failure, match="0-d array of dtype int64"):
        expect_scalar(np.array(1), 1.0, call="step(0.0)", zero_d=True)
    with pytest.raises(Failure):
        expect_scalar(np.array(0.25), 0.5, call="f(0.0)", zero_d=True)


ZERO_D_RIGHT = {
    ("lesson06", "step"): "def step(z):\n    return np.where(np.asarray(z) >= 0, 1.0, 0.0)\n",
    ("lesson06", "relu"): "def relu(z):\n    return np.maximum(np.asarray(z, dtype=float), 0.0)\n",
    ("lesson06", "relu_grad"): "def relu_grad(z):\n    return np.where(np.asarray(z) > 0, 1.0, 0.0)\n",
    ("lesson06", "sigmoid"): ("def sigmoid(z):\n    z = np.asarray(z, dtype=float)\n"
                              "    t = np.exp(-np.abs(z))\n"
                              "    return np.where(z >= 0, 1 / (1 + t), t / (1 + t))\n"),
    ("lesson06", "tanh"): "def tanh(z):\n    return np.asarray(np.tanh(z), dtype=float)\n",
    ("lesson04", "self_information"): ("def self_information(p, base=np.e):\n"
                                       "    p = np.asarray(p, dtype=float)\n"
                                       "    if np.any((p <= 0) | (p > 1)):\n"
                                       "        raise ValueError('p outside (0, 1]')\n"
                                       "    return np.asarray(-np.log(p) / np.log(base))\n"),
}


@pytest.mark.parametrize("key", sorted(ZERO_D_RIGHT), ids="/".join)
def test_element_wise_functions_may_return_0d_arrays_for_scalars(key, grade_variant):
    lesson, exercise = key
    assert_check_passed(grade_variant(lesson, exercise, ZERO_D_RIGHT[key]))


def test_a_0d_array_of_the_wrong_value_or_dtype_still_fails(grade_variant):
    wrong = grade_variant("lesson06", "step", "def step(z):\n    return np.where(np.asarray(z) > 0, 1.0, 0.0)\n")
    assert_check_failed(wrong, "use >=, not >")
    ints = grade_variant("lesson06", "step", "def step(z):\n    return np.where(np.asarray(z) >= 0, 1, 0)\n")
    assert_check_failed(ints, "dtype")


def test_a_function_documented_as_returning_a_float_still_may_not_return_an_array(grade_variant):
    ex = grade_variant("lesson01", "dot", """
        def dot(a, b):
            a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
            if a.ndim != 1 or b.ndim != 1 or len(a) != len(b):
                raise ValueError("bad shapes")
            return np.asarray(np.sum(a * b))
    """)
    assert_check_failed(ex, "contract asks for a float")


# -- required checks kept after advice was split off -------------------------------------------

REQUIRED = {
    "self_information": ("lesson04", "ValueError", """
        def self_information(p, base=np.e):
            return -np.log(np.asarray(p, dtype=float)) / np.log(base)
    """),
    "entropy": ("lesson04", "ValueError", """
        def entropy(p, base=np.e):
            p = np.asarray(p, dtype=float)
            p = p[p > 0]
            return float(-np.sum(p * np.log(p)) / np.log(base))
    """),
    "cross_entropy": ("lesson04", "ValueError", """
        def cross_entropy(p, q, base=np.e):
            p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
            with np.errstate(divide="ignore"):
                return float(-np.sum(np.where(p > 0, p * np.log(q), 0.0)) / np.log(base))
    """),
    "binary_cross_entropy": ("lesson05", "ValueError", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a = np.clip(np.asarray(a, dtype=float), eps, 1 - eps)
            y = np.asarray(y, dtype=float)
            return float(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / len(a))
    """),
    "dense_forward": ("lesson09", "ValueError", """
        def dense_forward(X, W, b):
            X, W, b = (np.asarray(v, dtype=float) for v in (X, W, b))
            return X @ W[: X.shape[1]] + b[: W.shape[1]]
    """),
    "forward": ("lesson09", "ValueError", """
        _forward = forward
        def forward(X, params, hidden="sigmoid", output="identity"):
            if hidden not in ("sigmoid", "tanh", "relu"):
                hidden = "sigmoid"
            if output not in ("identity", "sigmoid", "softmax"):
                output = "identity"
            return _forward(X, params, hidden, output)
    """),
}


@pytest.mark.parametrize("exercise", sorted(REQUIRED))
def test_the_contracts_own_value_errors_are_still_required(exercise, grade_variant):
    lesson, phrase, source = REQUIRED[exercise]
    ex = grade_variant(lesson, exercise, source)
    assert_check_failed(ex, phrase)
    assert 0 < ex.score < ex.max_score


ADVICE = {
    "self_information": ("lesson04", "no logarithm has such a base", """
        def self_information(p, base=np.e):
            p = np.asarray(p, dtype=float)
            if np.any((p <= 0) | (p > 1)):
                raise ValueError("p outside (0, 1]")
            return -np.log(p) / np.log(base)
    """),
    "categorical_cross_entropy": ("lesson05", "1-D A or Y", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y = np.asarray(A, dtype=float), np.asarray(Y, dtype=float)
            if A.shape != Y.shape:
                raise ValueError("shapes differ")
            return float(-np.sum(Y * np.log(np.clip(A, eps, 1.0))) / A.shape[0])
    """),
    "dense_forward": ("lesson09", "1-D X or a 2-D b", """
        def dense_forward(X, W, b):
            X, W, b = (np.asarray(v, dtype=float) for v in (X, W, b))
            if X.shape[-1] != W.shape[0] or b.shape[-1] != W.shape[1]:
                raise ValueError("sizes do not fit")
            return X @ W + b
    """),
    "exponential_decay": ("lesson11", "negative decay_rate", """
        def exponential_decay(lr0, decay_rate, step):
            return lr0 * decay_rate ** step
    """),
    "XOR": ("lesson08", "accept bools as inputs", """
        def XOR(x1, x2):
            if isinstance(x1, bool) or isinstance(x2, bool):
                raise TypeError("ints only")
            return AND(NAND(x1, x2), OR(x1, x2))
    """),
    "fit_curve": ("lesson12", "different lengths", """
        _fit_curve = fit_curve
        def fit_curve(x, y, seed=0):
            n = min(len(x), len(y))
            return _fit_curve(np.asarray(x)[:n], np.asarray(y)[:n], seed)
    """),
}


@pytest.mark.parametrize("exercise", sorted(ADVICE))
def test_checks_the_contract_does_not_state_are_advice(exercise, grade_variant):
    lesson, phrase, source = ADVICE[exercise]
    assert_advised(grade_variant(lesson, exercise, source), phrase)
