"""Lesson 10's chain game against right alternatives and every fingerprinted mistake.

Each case redefines chain_backprop_game in the reference file (learntools style): a right
alternative must pass, a wrong one must fail with feedback that names the mistake.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_check_failed, assert_check_passed

from grader.checks.networks import COMBINATIONS
from grader.model import Outcome

GAME = "chain_backprop_game"

RIGHT = {
    "while_loop_math": """
        def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
            # The game with a while loop and the math module.
            if x0 <= 1:
                raise ValueError(f"x0 must be greater than 1, got {x0}")
            passes = []
            x = x0
            while len(passes) < max_steps:
                a = x ** 2
                b = math.log(a)
                c = math.sqrt(b)
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
                dc = c - y
                db = dc * 2 * math.sqrt(b)
                da = db * a
                x -= da / (2 * x)
            return passes
    """,
    "for_break_numpy_float64": """
        def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
            # The game with a for loop and break, NumPy float64 values in the dicts.
            x = np.float64(x0)
            if not x > 1:
                raise ValueError("x0 must be > 1: ln(x0^2) has to be positive")
            history = []
            for _step in range(max_steps):
                a = np.square(x)
                b = np.log(a)
                c = np.sqrt(b)
                history.append(dict(x=x, a=a, b=b, c=c))
                if np.abs(c - y) < tol:
                    break
                x = x - (c - y) * 2 * np.sqrt(b) * a / (2 * x)
            return history
    """,
    "folded_backward_step": """
        def _chain(x):
            a = x * x
            b = math.log(a)
            return {"x": x, "a": a, "b": b, "c": math.sqrt(b)}


        def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
            # The game with the three backward steps folded into one: dx = (c - y) c x.
            if not x0 > 1:
                raise ValueError("x0 must be greater than 1")
            passes = [_chain(float(x0))]
            while abs(passes[-1]["c"] - y) >= tol and len(passes) < max_steps:
                last = passes[-1]
                passes.append(_chain(last["x"] - (last["c"] - y) * last["c"] * last["x"]))
            return passes
    """,
    "zero_d_arrays_divided_by_derivatives": """
        def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
            # The game on 0-d arrays, step by step as the text's five people do it.
            x = np.asarray(x0, dtype=float)
            if x <= 1:
                raise ValueError("x0 <= 1: ln(x0^2) would not be positive")
            table = []
            for step in range(1, max_steps + 1):
                a = np.power(x, 2)
                b = np.log(a)
                c = np.sqrt(b)
                table.append({"c": c, "b": b, "a": a, "x": x})
                error = c - y
                if abs(error) < tol:
                    break
                delta_b = error / (1 / (2 * np.sqrt(b)))
                delta_a = delta_b / (1 / a)
                delta_x = delta_a / (2 * x)
                x = x - delta_x
            return table
    """,
}

_HEAD = """
        def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
            if x0 <= 1:
                raise ValueError("x0 must be greater than 1")
            x, passes = x0, []
"""


def _game(body: str) -> str:
    return _HEAD + body + """
            return passes
"""


_FORWARD = """
                a = x * x
                b = math.log(a)
                c = math.sqrt(b)
"""

WRONG = {
    "db_times_derivative": ("dc / (2 sqrt(b))", _game("""
            for _ in range(max_steps):""" + _FORWARD + """
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
                db = (c - y) / (2 * math.sqrt(b))
                x = x - db * a / (2 * x)
    """)),
    "sign_numpy": ("wrong way", _game("""
            x = np.float64(x)
            with np.errstate(all="ignore"):
                for _ in range(max_steps):
                    a = x * x
                    b = np.log(a)
                    c = np.sqrt(b)
                    passes.append({"x": x, "a": a, "b": b, "c": c})
                    if abs(c - y) < tol:
                        break
                    db = (c - y) * 2 * np.sqrt(b)
                    x = x + db * a / (2 * x)
    """)),
    "sign_math_raises": ("x <- x - dx", _game("""
            for _ in range(max_steps):""" + _FORWARD + """
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
                x += (c - y) * 2 * math.sqrt(b) * a / (2 * x)
    """)),
    "stops_early": ("one pass too few", _game("""
            for _ in range(max_steps):""" + _FORWARD + """
                if abs(c - y) < tol:
                    break
                passes.append({"x": x, "a": a, "b": b, "c": c})
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
    """)),
    "stops_late_previous_c": ("one pass too many", _game("""
            c_before = math.inf
            for _ in range(max_steps):""" + _FORWARD + """
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c_before - y) < tol:
                    break
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
                c_before = c
    """)),
    "stops_late_max_steps_plus_one": ("max_steps = 3", _game("""
            for _ in range(max_steps + 1):""" + _FORWARD + """
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
    """)),
    "x_updated_before_recording": ("after the update", _game("""
            for _ in range(max_steps):""" + _FORWARD + """
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
    """)),
    "same_dict_every_pass": ("same dict", _game("""
            state = {}
            for _ in range(max_steps):""" + _FORWARD + """
                state.update(x=x, a=a, b=b, c=c)
                passes.append(state)
                if abs(c - y) < tol:
                    break
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
    """)),
    "tol_not_strict": ("strict", _game("""
            for _ in range(max_steps):""" + _FORWARD + """
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) <= tol:
                    break
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
    """)),
    "da_divided_by_a": ("backward step is wrong", _game("""
            for _ in range(max_steps):""" + _FORWARD + """
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
                x -= (c - y) * 2 * math.sqrt(b) / a / (2 * x)
    """)),
    "log10": ("first pass is already wrong (b)", _game("""
            for _ in range(max_steps):
                a = x * x
                b = math.log10(a)
                c = math.sqrt(b)
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
    """)),
    "extra_key": ("exactly the keys", _game("""
            for _ in range(max_steps):""" + _FORWARD + """
                dx = (c - y) * 2 * math.sqrt(b) * a / (2 * x)
                passes.append({"x": x, "a": a, "b": b, "c": c, "dx": dx})
                if abs(c - y) < tol:
                    break
                x -= dx
    """)),
    "tuples_not_dicts": ("each pass is a dict", _game("""
            for _ in range(max_steps):""" + _FORWARD + """
                passes.append((x, a, b, c))
                if abs(c - y) < tol:
                    break
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
    """)),
}

_NO_CHECK = """
        def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
            x, passes = x0, []
            for _ in range(max_steps):
                a = x * x
                b = math.log(a)
                c = math.sqrt(max(b, 0.0))
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
                x -= (c - y) * 2 * math.sqrt(max(b, 0.0)) * a / (2 * x)
            return passes
"""
WRONG["x0_not_checked"] = ("x0 must be greater than 1", _NO_CHECK)
WRONG["negative_x0_accepted"] = ("x0 must be greater than 1",
                                 _NO_CHECK.replace("x, passes = x0, []",
                                                   "if x0 * x0 <= 1:\n"
                                                   "                raise ValueError('|x0| <= 1')\n"
                                                   "            x, passes = x0, []"))


@pytest.mark.parametrize("case", sorted(RIGHT))
def test_right_alternatives_pass(case, grade_variant):
    assert_check_passed(grade_variant("lesson10", GAME, RIGHT[case]))


@pytest.mark.parametrize("case", sorted(WRONG))
def test_mistakes_are_named(case, grade_variant):
    phrase, source = WRONG[case]
    assert_check_failed(grade_variant("lesson10", GAME, source), phrase)


def test_ignoring_max_steps_is_named_and_the_endless_game_stopped(grade_variant):
    """Without max_steps the cut-off check names the mistake; the game that never reaches
    tol (c = y exactly, tol = 0) grows its list until a limit of the grader stops it."""
    source = _game("""
            while True:""" + _FORWARD + """
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) < tol:
                    break
                x -= (c - y) * 2 * math.sqrt(b) * a / (2 * x)
    """)
    result = grade_variant("lesson10", GAME, source)
    text = "\n".join(result.messages("en"))
    assert "5 passes instead of 3" in text
    # whichever limit the endless list reaches first, memory or time, is the one reported
    assert (result.outcome is Outcome.ERROR and "1 GiB of memory" in text) or (
        result.outcome is Outcome.TIMEOUT and "timed out" in text), text


@pytest.mark.parametrize("hidden,output", COMBINATIONS)
def test_backward_numerical_gradients_at_once_are_those_of_the_reference_loss(hidden, output):
    """The check points' numerical gradients, evaluated all at once (``stacked_loss``), are
    the reference loss's central differences, kinks included, for every combination and
    the wider network, and they are used (the loss is asked only at the checked ends)."""
    from grader.checks import networks
    from grader.numeric import gradcheck

    rng = np.random.default_rng(11)
    for sizes in ({}, {"m": 16, "n_in": 10, "n_hidden": 12}):
        point = networks.network_point(rng, hidden, output, **sizes)
        pattern = networks.relu_pattern(point.X) if hidden == "relu" else None
        loss = networks.reference_loss(point.X, point.Y, hidden, output)
        calls: list[int] = []

        def counted(params, loss=loss, calls=calls):
            calls.append(1)
            return loss(params)

        expected = gradcheck.numerical_gradients(loss, point.params, names=networks.PARAMS, pattern=pattern)
        got = gradcheck.numerical_gradients(counted, point.params, names=networks.PARAMS, pattern=pattern,
                                            all_at_once=networks.stacked_loss(point.X, point.Y, hidden, output))
        for name in networks.PARAMS:
            np.testing.assert_allclose(got[name].values, expected[name].values, rtol=1e-9, atol=1e-12)
            assert got[name].crossed.tolist() == expected[name].crossed.tolist()
        assert len(calls) == sum(2 * min(2, got[name].indices.size) for name in networks.PARAMS)
