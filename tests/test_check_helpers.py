"""Building blocks the lesson checks share: source reach, float warnings, truth tables."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from grader.checks.common import float_warnings, truth_table
from grader.engine.observation import Observation
from grader.reading.source import LearnerSource


def _source(text: str, tmp_path) -> LearnerSource:
    path = tmp_path / "lesson08_xor.py"
    path.write_text(text, encoding="utf-8")
    parsed = LearnerSource.read(path)
    assert isinstance(parsed, LearnerSource)
    return parsed


def test_reachable_follows_helpers_and_resolve_follows_imports(tmp_path):
    src = _source(
        "import lesson07_perceptron as l7\n"
        "from lesson07_perceptron import NAND as nand\n"
        "def _first(a, b):\n    return nand(a, b)\n"
        "def XOR(x1, x2):\n    return l7.AND(_first(x1, x2), l7.OR(x1, x2))\n"
        "def unrelated():\n    return 1\n", tmp_path)
    roots = src.reachable("XOR")
    assert [getattr(r, "name", None) for r in roots] == ["XOR", "_first"]
    names = {src.resolve(n) for r in roots for n in ast.walk(r)
             if isinstance(n, (ast.Name, ast.Attribute))}
    assert {"lesson07_perceptron.AND", "lesson07_perceptron.OR",
            "lesson07_perceptron.NAND"} <= names
    assert src.reachable("missing") == []


def test_only_harmful_float_warnings_count():
    obs = Observation("sigmoid", warnings=(
        "RuntimeWarning: underflow encountered in exp",
        "RuntimeWarning: overflow encountered in exp",
        "RuntimeWarning: invalid value encountered in divide",
        "RuntimeWarning: divide by zero encountered in log",
        "UserWarning: overflow is a word",
    ))
    assert float_warnings(obs) == [
        "RuntimeWarning: overflow encountered in exp",
        "RuntimeWarning: invalid value encountered in divide",
        "RuntimeWarning: divide by zero encountered in log",
    ]
    assert float_warnings(Observation("s", warnings=("RuntimeWarning: underflow encountered",))) == []


def test_truth_tables_sit_side_by_side():
    text = truth_table([(0, 0), (1, 1)], {"yours": [1, 0], "AND": [0, 1]})
    assert text.en.splitlines() == ["x1 x2 | yours | AND", " 0  0 | 1     | 0", " 1  1 | 0     | 1"]
    assert text.zh.splitlines() == ["x1 x2 | 你的 | AND", " 0  0 | 1    | 0", " 1  1 | 0    | 1"]


def test_an_error_learner_code_raises_names_the_call_that_raised_it(tmp_path):
    """'entropy raised ValueError' alone leaves the learner guessing which input: the details
    show the call first, then the traceback, in both languages."""
    from conftest import copy_solutions

    from grader import api

    ws = copy_solutions(tmp_path / "ws")
    strict = ("\n\ndef entropy(p, base=np.e):\n    p = np.asarray(p, dtype=float)\n"
              "    if p.ndim != 1 or np.any(p < 0) or p.sum() != 1:\n"
              "        raise ValueError('p is not a distribution')\n"
              "    nz = p[p > 0]\n    return float(-np.sum(nz * np.log(nz)) / np.log(base))\n")
    path = ws / "lesson04_information.py"
    path.write_text(path.read_text(encoding="utf-8") + strict, encoding="utf-8")
    result = api.grade_lesson("lesson04", ws, exercises=("entropy",))
    raised = next(c for c in result.exercises[0].checks if "raised ValueError" in c.message.en)
    first, second = raised.details.en.split("\n")[:2]
    assert first == "call:     entropy([0.7, 0.2, 0.1])" and second.startswith("Traceback")
    assert raised.details.zh.split("\n")[0] == "调用： entropy([0.7, 0.2, 0.1])"


def test_a_call_that_raised_is_formatted_only_when_its_feedback_shows_it(tmp_path, monkeypatch):
    """A check that expects a call to raise gets the raise it wanted and shows nothing:
    formatting each such call's arrays for its feedback would cost every right answer time
    for text nobody reads. A failure that shows the call formats it."""
    from conftest import copy_solutions

    from grader import api
    from grader.engine import context

    formatted: list[str] = []
    original = context.show_call

    def counted(func, args, kwargs):
        formatted.append(func)
        return original(func, args, kwargs)

    monkeypatch.setattr(context, "show_call", counted)
    ws = copy_solutions(tmp_path / "ws")
    result = api.grade_lesson("lesson04", ws, exercises=("entropy",))
    assert result.exercises[0].score == result.exercises[0].max_score
    assert formatted == []
    path = ws / "lesson04_information.py"
    path.write_text(path.read_text(encoding="utf-8") + "\n\ndef entropy(p, base=np.e):\n"
                    "    raise ValueError('no')\n", encoding="utf-8")
    result = api.grade_lesson("lesson04", ws, exercises=("entropy",))
    assert "entropy" in formatted
    assert any(c.details.en.startswith("call:     entropy(") for c in result.exercises[0].checks if c.details)


_CAST = ("Cannot cast ufunc 'add' output from dtype('float64') to dtype('int64') with casting rule "
         "'same_kind'")


@pytest.mark.parametrize(("line", "args", "named"), [
    # w made from the int input X (np.zeros_like(X[0])): w is the array to fix, not y
    ("        w += lr * (yi - yh) * xi", ([[0, 0], [1, 1]], [0, 1]), "w is an int array"),
    ("    w[i] -= lr * g[i]", (np.array([1, 2]), np.array([0.5, 0.5])), "w is an int array"),
    # the argument itself updated in place
    ("    x += 0.5", (np.array([1, 2]), np.array([0.5, 0.5])), "The argument x holds ints"),
    # no augmented assignment on the line: the int argument is named, as before
    ("    np.add(x, 0.5, out=x)", (np.array([1, 2]), np.array([0.5, 0.5])), "The argument x holds ints"),
])
def test_an_in_place_cast_error_names_the_int_array_it_updates(line, args, named):
    """A float result put into an int array in place: the hint names the array the line updates,
    which is the learner's own when it was made from an int input, in both languages."""
    from grader.checking import Raised
    from grader.diagnose.arguments import argument_hint

    raised = Raised("UFuncTypeError", "numpy", _CAST, frames=(("lesson.py", 9, "f", line),),
                    mro=("UFuncTypeError", "TypeError", "Exception"))
    hint = argument_hint(raised, ["x", "y"], args, {})
    assert hint is not None and named in hint.en, hint
    assert " in f:" not in hint.zh and "f 中" in hint.zh
