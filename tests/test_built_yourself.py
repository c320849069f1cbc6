""""Built it yourself" judges what a call does: right answers in every style pass, with
nothing to verify left over, and every substitute for a forbidden call is seen running."""

from __future__ import annotations

import pytest
from conftest import SOLUTIONS, copy_solutions

from grader import api
from grader.reading.forbidden import expand
from grader.reading.source import LearnerSource

HEADER = "import math\nimport functools\nimport operator\nimport numpy as np\n"

RIGHT_DOT = {
    "loop": """
def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or len(a) != len(b):
        raise ValueError("1-D vectors of the same length")
    total = 0.0
    for i in range(len(a)):
        total += a[i] * b[i]
    return total
""",
    "comprehension over lists": """
def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or len(a) != len(b):
        raise ValueError("1-D vectors of the same length")
    return sum([x * y for x, y in zip(a.tolist(), b.tolist())])
""",
    "np.sum": """
def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("1-D vectors of the same length")
    return np.sum(a * b)
""",
    "math.fsum and reduce": """
def dot(a, b):
    a, b = np.array(a, dtype=float, copy=True), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("1-D vectors of the same length")
    return math.fsum(functools.reduce(operator.add, [np.multiply(a, b)], 0.0))
""",
    "0-d array": """
def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("1-D vectors of the same length")
    return np.add.reduce(a * b, keepdims=False)[()] * np.array(1.0)
""",
}

RIGHT_MATMUL = {
    "own dot": """
def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("(m, p) and (p, n)")
    return np.array([[dot(A[i], B[:, j]) for j in range(B.shape[1])] for i in range(A.shape[0])])
""",
    "broadcasting": """
def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("(m, p) and (p, n)")
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)
""",
}

RIGHT_OUTER = {
    "broadcasting": """
def outer(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a[:, None] * b[None, :]
""",
    "lists": """
def outer(a, b):
    return np.array([[float(x) * float(y) for y in b] for x in a])
""",
}


def _grade(tmp_path, source: str):
    ws = copy_solutions(tmp_path / "ws")
    reference = (SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8")
    (ws / "lesson01_vectors.py").write_text(f"{reference}\n{HEADER}{source}", encoding="utf-8")
    return {e.name: e for e in api.grade_lesson("lesson01", ws).exercises}


@pytest.mark.parametrize(("exercise", "source"), [
    *(pytest.param("dot", s, id=f"dot-{k}") for k, s in RIGHT_DOT.items()),
    *(pytest.param("matmul", s, id=f"matmul-{k}") for k, s in RIGHT_MATMUL.items()),
    *(pytest.param("outer", s, id=f"outer-{k}") for k, s in RIGHT_OUTER.items()),
])
def test_right_answers_in_every_style_pass_and_are_verified(tmp_path, exercise, source):
    verdict = _grade(tmp_path, source)[exercise]
    assert verdict.outcome.value == "passed", verdict.messages("en")
    assert verdict.score == verdict.max_score
    assert not [a for a in verdict.advice if a.found is not None and "could not verify" in a.found.en]


def test_a_call_the_watch_cannot_follow_is_advice_not_a_failure(tmp_path):
    source = """
def dot(a, b):
    if type(a) is not np.ndarray and not isinstance(a, list):
        raise TypeError("plain arrays only")
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("1-D vectors of the same length")
    return float(np.sum(a * b))
"""
    verdict = _grade(tmp_path, source)["dot"]
    assert verdict.outcome.value == "passed" and verdict.score == verdict.max_score
    advice = [a for a in verdict.advice if a.found is not None and "could not verify" in a.found.en]
    assert advice and "无法" in advice[0].found.zh and "接受" in advice[0].text.zh


def test_a_numpy_name_computed_at_run_time_is_advice_when_the_watch_sees_nothing(tmp_path):
    """``np.ndarray.dot`` reached by a computed name escapes the watch (a plain array's own
    method): the grader says it could not verify, and never fails a right value for it."""
    source = """
def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("1-D vectors of the same length")
    return float(getattr(np.ndarray, "d" + "ot")(a, b))
"""
    verdict = _grade(tmp_path, source)["dot"]
    assert verdict.outcome.value == "passed"
    found = [a.found.en for a in verdict.advice if a.found is not None]
    assert any("could not verify" in f and "getattr(np.ndarray" in f for f in found)


@pytest.mark.parametrize("spelling", [
    "np.vecdot(a, b)", "operator.matmul(a, b)", "np.linalg.multi_dot([a, b])", "a.__matmul__(b)",
    "np.ndarray.dot(a, b)", "np.dot._implementation(a, b)", "getattr(a, '__rmatmul__')(b)",
])
def test_the_source_check_knows_the_other_names(tmp_path, spelling):
    path = tmp_path / "lesson01_vectors.py"
    path.write_text(f"{HEADER}\ndef dot(a, b):\n    return {spelling}\n", encoding="utf-8")
    source = LearnerSource.read(path)
    assert not isinstance(source, Exception) and hasattr(source, "forbidden_uses")
    forbidden = ("numpy.dot", "numpy.inner", "numpy.vdot", "numpy.matmul", "@", ".dot")
    assert source.forbidden_uses("dot", forbidden), spelling


def test_expanding_keeps_the_registry_names_first():
    assert expand(("numpy.dot",))[0] == "numpy.dot"
    assert {"numpy.vecdot", "numpy.linalg.multi_dot"} <= set(expand(("numpy.dot",)))
    assert {"operator.matmul", ".__matmul__", "numpy.matmul"} <= set(expand(("@",)))
    assert expand(("numpy.outer",)) == ("numpy.outer", "numpy.linalg.outer")
