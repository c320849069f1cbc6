"""The grader's checks, tested against the references over the contract's input space.

Hypothesis (``hypothesis.extra.numpy``) draws inputs of every shape and size the contract
allows. The properties are the premises the hidden checks rest on: the comparisons accept
a right answer written another way (loops, ``math``) wherever the checks draw inputs; the
references meet the contract's boundaries (the 1e-6 tolerance, int inputs computed in
float); fingerprints of mistakes never name a right answer; the helpers that read learner
output never fail on anything learner code could send. Each is fast: pure functions, no
sandbox.
"""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.checking import Failure, Raised
from grader.checks.expect import expect_array, expect_scalar
from grader.diagnose.arguments import argument_hint
from grader.diagnose.recognise import same_value
from grader.engine.recording import input_forms
from grader.engine.seeding import submission_seed

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference(module: str) -> Any:
    if str(SOLUTIONS) not in sys.path:
        sys.path.insert(0, str(SOLUTIONS))
    return importlib.import_module(module)


def floats(bound: float) -> st.SearchStrategy[float]:
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=64)


def arrays(bound: float, max_dims: int = 3, min_side: int = 1) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=max_dims, min_side=min_side, max_side=5),
                      elements=floats(bound))


def _loop(f: Callable[[float], float], z: np.ndarray) -> np.ndarray:
    out = np.empty(z.shape)
    for index, value in np.ndenumerate(z):
        out[index] = f(float(value))
    return out


def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


ACTIVATIONS: dict[str, Callable[[float], float]] = {
    "step": lambda v: 1.0 if v >= 0 else 0.0,
    "sigmoid": _sigmoid,
    "sigmoid_grad": lambda v: _sigmoid(v) * (1 - _sigmoid(v)),
    "tanh": math.tanh,
    "tanh_grad": lambda v: 1 - math.tanh(v) ** 2,
    "relu": lambda v: max(0.0, v),
    "relu_grad": lambda v: 1.0 if v > 0 else 0.0,
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@FAST
@given(z=arrays(1e4))
def test_the_comparison_accepts_a_loop_written_with_math(name: str, z: np.ndarray) -> None:
    """Over |z| <= 1e4 (the contract's range), a right answer written with math in a loop is
    within the checks' tolerance of the reference."""
    expected = getattr(reference("lesson06_activations"), name)(z)
    expect_array(_loop(ACTIVATIONS[name], z), expected, call="z")


@FAST
@given(z=arrays(1e4, max_dims=2))
def test_softmax_rows_sum_to_one_and_a_loop_agrees(z: np.ndarray) -> None:
    got = reference("lesson06_activations").softmax(z)
    rows = z.reshape(-1, z.shape[-1])
    loop = np.array([[math.exp(v - max(r)) / sum(math.exp(u - max(r)) for u in r) for v in r] for r in rows])
    expect_array(loop.reshape(z.shape), got, call="z")
    assert np.allclose(got.sum(axis=-1), 1.0)


def distributions(max_size: int = 8) -> st.SearchStrategy[np.ndarray]:
    raw = hnp.arrays(np.float64, st.integers(1, max_size), elements=st.floats(0, 10, allow_nan=False))
    return raw.filter(lambda p: p.sum() > 1e-3).map(lambda p: p / p.sum())


@FAST
@given(p=distributions(), base=st.sampled_from([math.e, 2.0, 10.0]))
def test_entropy_agrees_with_a_math_loop_over_every_distribution(p: np.ndarray, base: float) -> None:
    expected = reference("lesson04_information").entropy(p, base)
    loop = -sum(x * math.log(x) for x in p if x > 0) / math.log(base)
    expect_scalar(loop, float(expected), call="p")


@FAST
@given(p=distributions(), sign=st.sampled_from([1.0, -1.0]))
def test_the_tolerance_edge_the_checks_use_holds_for_the_reference(p: np.ndarray, sign: float) -> None:
    """A sum 5e-7 from 1 is a distribution, one 5e-6 from 1 is not: the premise of the
    tolerance checks, for any distribution (not only the one they use)."""
    info = reference("lesson04_information")
    near = p.copy()
    near[np.argmax(near)] += sign * 5e-7
    info.entropy(near)  # no ValueError
    far = p.copy()
    far[np.argmax(far)] += sign * 5e-6
    with pytest.raises(ValueError):
        info.entropy(far)


@FAST
@given(ints=hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), elements=st.integers(-50, 50)))
def test_int_inputs_give_the_float_answer_in_every_element_wise_reference(ints: np.ndarray) -> None:
    """The int-input checks compare with the reference on ints: it must compute in float."""
    acts = reference("lesson06_activations")
    for name in ACTIVATIONS:
        got = getattr(acts, name)(ints)
        assert isinstance(got, np.ndarray) and got.dtype == np.float64
        assert np.array_equal(got, getattr(acts, name)(ints.astype(float)))


@FAST
@given(m=st.integers(3, 12), k=st.integers(1, 4), data=st.data())
def test_mse_precedence_and_plain_sum_differ_off_the_worked_example(m: int, k: int, data: Any) -> None:
    """sum / 2 * m equals the plain sum only for m = 2: on the confirming input (m = 3) the
    two fingerprints tell the mistakes apart, and the precedence one is never the right answer."""
    from grader.checks.lesson05 import _mse_mistakes

    shape = (m, k)
    a = data.draw(hnp.arrays(np.float64, shape, elements=floats(10)))
    y = data.draw(hnp.arrays(np.float64, shape, elements=floats(10)))
    if np.sum((a - y) ** 2) < 1e-6:
        return
    found = _mse_mistakes(a, y)
    right = reference("lesson05_losses").mse(a, y)
    assert not same_value(found["mse:precedence"][1], found["mse:sum"][1])
    assert not same_value(found["mse:precedence"][1], right)  # so the mistake can be named


@FAST
@given(a=arrays(10, max_dims=1), data=st.data())
def test_each_dot_mistake_is_named_wherever_it_differs_from_the_right_answer(a: np.ndarray, data: Any) -> None:
    """Over any vectors, a learner value equal to a fingerprint fails with that mistake's
    id, and a right value passes: the diagnosis rests on the mistake, not on the example."""
    from grader.checks.lesson01 import _dot_mistakes

    b = data.draw(hnp.arrays(np.float64, a.shape, elements=floats(10)))
    right = float(reference("lesson01_vectors").dot(a, b))
    mistakes = _dot_mistakes(a, b)
    expect_scalar(right, right, call="dot(a, b)", mistakes=mistakes)
    for ident, (_text, value) in mistakes.items():
        if same_value(value, right):
            continue
        with pytest.raises(Failure) as failure:
            expect_scalar(value, right, call="dot(a, b)", mistakes=mistakes)
        assert ident in failure.value.diagnosis


@settings(max_examples=200, deadline=None)
@given(message=st.text(max_size=200), kind=st.sampled_from(["ValueError", "TypeError", "IndexError", "KeyError"]),
       shapes=st.lists(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4), max_size=4))
def test_the_argument_hint_never_fails_on_any_message_or_arguments(message: str, kind: str, shapes: list) -> None:
    args = tuple(np.zeros(s, dtype=int if i % 2 else float) for i, s in enumerate(shapes))
    hint = argument_hint(Raised(kind, "builtins", message), [f"x{i}" for i in range(len(args))], args, {})
    assert hint is None or (hint.en and hint.zh)


@settings(max_examples=100, deadline=None)
@given(first=st.text(max_size=50), second=st.text(max_size=50), secret=st.binary(max_size=16))
def test_submission_seeds_follow_the_bytes(first: str, second: str, secret: bytes) -> None:
    assert submission_seed(first, None, "lesson01", secret) == submission_seed(first, None, "lesson01", secret)
    if first != second:
        assert submission_seed(first, None, "lesson01", secret) != submission_seed(second, None, "lesson01", secret)


@settings(max_examples=100, deadline=None)
@given(value=st.one_of(st.integers(-5, 5), floats(5), st.lists(st.integers(-3, 3), max_size=4),
                       hnp.arrays(st.sampled_from([np.int64, np.float64]), hnp.array_shapes(min_dims=0, max_dims=2,
                                                                                              min_side=0))))
def test_input_forms_name_what_the_contract_converts(value: Any) -> None:
    forms = input_forms((value,))
    arr = np.asarray(value)
    assert ("list" in forms) == isinstance(value, list)
    assert ("empty" in forms) == (isinstance(value, (list, np.ndarray)) and arr.size == 0)
    if arr.size and arr.dtype.kind in "iu":
        assert "int" in forms
