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


def test_a_name_computed_at_run_time_fails_when_the_watch_sees_nothing(tmp_path):
    """``np.ndarray.dot`` reached by a computed name escapes the watch (a plain array's own
    method), and a computed ``getattr`` could as well reach the watch itself: the file
    cannot be verified, and gets no credit for building it yourself (its values still pass)."""
    source = """
def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("1-D vectors of the same length")
    return float(getattr(np.ndarray, "d" + "ot")(a, b))
"""
    verdict = _grade(tmp_path, source)["dot"]
    assert verdict.outcome.value == "failed" and verdict.score == pytest.approx(0.75)
    text = "\n".join(verdict.messages("en"))
    assert "cannot be checked for the forbidden calls" in text and "getattr" in text
    assert "无法检查 dot" in "\n".join(verdict.messages("zh"))


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
    assert expand(("numpy.outer",)) == ("numpy.outer", "numpy.linalg.outer", "numpy.kron")
    assert {"numpy.correlate", "numpy.convolve"} <= set(expand(("numpy.inner",)))


@pytest.mark.parametrize(("exercise", "code"), [
    ("dot", "    return float(np.correlate(a, b)[0]) if len(a) else 0.0\n"),
    ("dot", "    return float(np.convolve(a, b[::-1], 'valid')[0]) if len(a) else 0.0\n"),
    ("dot", "    c = np.correlate\n    return float(c(a, b)[0]) if len(a) else 0.0\n"),
    ("matmul", "    return np.array([[float(np.correlate(r, c)[0]) for c in b.T] for r in a])"
               ".reshape(a.shape[0], b.shape[1])\n"),
    ("outer", "    return np.kron(a, b).reshape(len(a), len(b))\n"),
])
def test_a_library_routine_that_is_the_same_product_is_not_built_yourself(tmp_path, exercise, code):
    """np.correlate of two vectors of one length is their inner product, and np.kron of two
    vectors their outer product, flattened: the same operation as the forbidden call, so the
    values pass and building it yourself does not."""
    checks = "a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n"
    guard = {"dot": "    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:\n        raise ValueError('1-D')\n",
             "matmul": ("    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[0]:\n"
                        "        raise ValueError('2-D')\n"),
             "outer": ""}[exercise]
    source = f"\ndef {exercise}(a, b):\n    {checks}{guard}{code}"
    verdict = _grade(tmp_path, source)[exercise]
    assert verdict.outcome.value == "failed"
    text = "\n".join(verdict.messages("en"))
    assert "which this exercise asks you to build yourself" in text, text


ALIAS_MAZE = '''
import numpy as np
try:
    import math as np
except ImportError:
    from numpy import dot as np
else:
    import numpy.linalg as la
finally:
    import numpy as fin
with open("x") as f:
    from numpy import linalg as la
class C:
    import operator as np
    def m(self):
        import numpy as np
        return (lambda: np)()
match 1:
    case 1:
        from numpy import einsum as np
for i in range(2):
    pass
else:
    import math as la
'''


def test_imports_are_found_in_the_order_ast_walk_finds_them():
    """The static check finds a file's imports without walking its expressions, yet sees
    every import, at any depth, in ``ast.walk``'s order: a name imported twice resolves
    to the same module as a full walk would say."""
    import ast

    from grader.reading import source

    tree = ast.parse(ALIAS_MAZE)
    walked = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    fast = [n for n in source._statements(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert len(walked) == 10 and fast == walked
    assert source._aliases(tree)["np"] == "numpy.einsum"


def _frame_check(namespace: dict, filename: str) -> bool:
    """Whether ``tracing`` takes a function compiled under ``filename`` and run in
    ``namespace`` for NumPy's own code."""
    from grader.sandbox import tracing

    namespace["_grade_test_check"] = tracing._from_numpy
    exec(compile("def _grade_test_probe():\n    return _grade_test_check(0)\n", filename, "exec"), namespace)
    try:
        return bool(namespace["_grade_test_probe"]())
    finally:
        namespace.pop("_grade_test_probe", None)
        namespace.pop("_grade_test_check", None)


def test_numpy_code_is_known_by_its_code_objects_not_by_names_it_shows() -> None:
    """NumPy's own functions count as NumPy's; code made later to look like them, in a
    namespace named like NumPy's, under NumPy's file names, or in NumPy's own namespace,
    does not (each used to hide a forbidden call)."""
    import sys
    import types

    import numpy as np

    from grader.sandbox import tracing

    tracing.remember_own_code()
    numeric = sys.modules["numpy._core.numeric"]
    own = numeric.outer.__wrapped__.__code__  # the Python function behind the dispatcher
    assert tracing._Own.codes.get(id(own)) is own
    assert not _frame_check({"__name__": "numpy.fake"}, "<string>")
    assert not _frame_check(vars(numeric), numeric.__file__)
    assert not _frame_check(vars(np), np.__file__)
    made = compile("def m():\n    return check(0)\n", numeric.__file__, "exec").co_consts[0]
    assert not types.FunctionType(made, {"__name__": "numpy._core.numeric", "check": tracing._from_numpy})()


def test_a_numpy_module_imported_later_counts_only_in_its_own_namespace_and_file(tmp_path) -> None:
    """NumPy imports some modules on first use, after its code was noted: code in such a
    module's own namespace, from its own file under NumPy's folder, is NumPy's; the same
    code from a file elsewhere, or in a copy of its namespace, is not."""
    import os
    import sys
    import types

    import numpy as np

    from grader.sandbox import tracing

    tracing.remember_own_code()
    name = "numpy._grade_test_late"
    late = types.ModuleType(name)
    late.__file__ = os.path.join(os.path.dirname(np.__file__), "_grade_test_late.py")
    sys.modules[name] = late
    try:
        assert _frame_check(vars(late), late.__file__)
        assert not _frame_check(vars(late), str(tmp_path / "_grade_test_late.py"))
        assert not _frame_check(dict(vars(late)), late.__file__)
        late.__file__ = str(tmp_path / "elsewhere.py")
        assert not _frame_check(vars(late), late.__file__)
    finally:
        sys.modules.pop(name, None)


def test_numpy_code_uses_a_forbidden_function_only_by_a_name_it_spells() -> None:
    """NumPy's own code reaching a forbidden function is NumPy's use when the code names
    it (``np.linalg.norm`` calls ``x.dot(x)``), and the learner's when it calls it through
    a name it does not spell: a callable handed over (``func1d`` in ``np.apply_along_axis``)."""
    import sys

    import numpy as np

    from grader.sandbox import tracing

    tracing.remember_own_code()
    norm = sys.modules["numpy.linalg._linalg"].norm.__wrapped__  # the functions behind the dispatchers
    along = np.apply_along_axis.__wrapped__
    norm_frame = type("Frame", (), {"f_code": norm.__code__, "f_globals": norm.__globals__})()
    along_frame = type("Frame", (), {"f_code": along.__code__, "f_globals": along.__globals__})()
    assert not tracing._counts(".dot", norm_frame)
    assert not tracing._counts("numpy.dot", norm_frame)
    assert tracing._counts("numpy.dot", along_frame)
    assert tracing._counts("numpy.outer", along_frame)
    learner = sys._getframe()
    assert tracing._counts("numpy.dot", learner)


def test_a_star_import_from_numpy_is_read_as_numpy_names(tmp_path):
    """``from numpy import *`` binds NumPy's names: a forbidden one kept in a list before the
    watch starts is still read in the source; the file's own ``dot``, used by its ``matmul``,
    is its own."""
    captured = """
from numpy import *
_keep = [einsum]

def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("1-D vectors of the same length")
    return float(_keep[0]("i,i->", a.view(np.ndarray), b.view(np.ndarray)))
"""
    verdict = _grade(tmp_path / "captured", captured)["dot"]
    assert verdict.outcome.value == "failed" and "np.einsum" in "\n".join(verdict.messages("en"))
    own = """
from numpy import *

def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("1-D vectors of the same length")
    total = 0.0
    for x, y in zip(a.tolist(), b.tolist()):
        total += x * y
    return total

def matmul(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("(m, p) and (p, n)")
    return np.array([[dot(A[i], B[:, j]) for j in range(B.shape[1])] for i in range(A.shape[0])])
"""
    verdicts = _grade(tmp_path / "own", own)
    assert verdicts["dot"].outcome.value == "passed", verdicts["dot"].messages("en")
    assert verdicts["matmul"].outcome.value == "passed", verdicts["matmul"].messages("en")
