"""Unit tests of the pieces: codec, source analysis, diagnosis, comparison, records, progress."""

from __future__ import annotations

import ast
import json
import math
import sqlite3
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.checking import Failure
from grader.checks.expect import expect_array, expect_int, expect_scalar
from grader.diagnose.recognise import constant_factor, explain
from grader.i18n import Text, detect_language, tr
from grader.model import CheckResult, ExerciseResult, LessonResult, Outcome, RunResult
from grader.numeric.compare import close
from grader.progress import ProgressError, ProgressStore
from grader.reading.source import LearnerSource
from grader.sandbox import codec

# -- codec ---------------------------------------------------------------------------------


def assert_identical(back: object, value: object, where: str = "value") -> None:
    """``back`` is ``value`` bit for bit: the same types all the way down, the sign of every
    zero, NaN where there was NaN, and for arrays the same dtype, shape and bytes (so NaN
    payloads too). ``==`` is not enough: ``-0.0 == 0.0`` and ``nan != nan``."""
    assert type(back) is type(value), f"{where}: {type(back).__name__} != {type(value).__name__}"
    if isinstance(value, np.ndarray):
        assert isinstance(back, np.ndarray)
        assert back.dtype == value.dtype, f"{where}: dtype {back.dtype} != {value.dtype}"
        assert back.shape == value.shape, f"{where}: shape {back.shape} != {value.shape}"
        assert back.tobytes() == value.tobytes(), f"{where}: {back!r} != {value!r} in its bytes"
    elif isinstance(value, np.generic):
        assert isinstance(back, np.generic) and back.dtype == value.dtype, f"{where}: dtype"
        assert back.tobytes() == value.tobytes(), f"{where}: {back!r} != {value!r} in its bytes"
    elif isinstance(value, float):
        assert isinstance(back, float)
        if math.isnan(value):
            assert math.isnan(back), f"{where}: {back!r} is not NaN"
        else:
            assert struct.pack("<d", back) == struct.pack("<d", value), f"{where}: {back!r} != {value!r}"
    elif isinstance(value, complex):
        assert isinstance(back, complex)
        assert_identical(back.real, value.real, f"{where}.real")
        assert_identical(back.imag, value.imag, f"{where}.imag")
    elif isinstance(value, (list, tuple)):
        assert isinstance(back, (list, tuple)) and len(back) == len(value), f"{where}: length"
        for i, (b, v) in enumerate(zip(back, value)):
            assert_identical(b, v, f"{where}[{i}]")
    elif isinstance(value, dict):
        assert isinstance(back, dict)
        assert list(back) == list(value), f"{where}: keys {list(back)} != {list(value)}"
        for key in value:
            assert_identical(back[key], value[key], f"{where}[{key!r}]")
    else:
        assert back == value, f"{where}: {back!r} != {value!r}"


@pytest.mark.parametrize("value", [
    1, 2.5, -0.0, True, None, "text", [1, [2.0, "x"]], (1, 2), {"a": 1, 2: (3,)},
    np.float64(1.5), np.int32(7), np.arange(6.0).reshape(2, 3), np.array([1, 2], dtype=np.int8),
    np.array(3.0), complex(1, 2), 2**80,
    [0.0, -0.0], np.float64(-0.0), np.float32(-0.0), complex(-0.0, -0.0), np.array([0.0, -0.0]),
    np.array(-0.0, dtype=np.float32), {"z": (-0.0,)}, math.nan, np.float64(math.nan),
])
def test_codec_round_trips_plain_values(value):
    back = codec.decode(json.loads(json.dumps(codec.encode(value))))
    assert_identical(back, value)


def test_the_exact_comparison_tells_what_equality_misses():
    """The round-trip test would catch a codec that loses the sign of zero or NaN."""
    for back, value in [(0.0, -0.0), (np.float64(0.0), np.float64(-0.0)), ([0.0], [-0.0]),
                        (np.array([0.0]), np.array([-0.0])), (complex(0.0, 1), complex(-0.0, 1)),
                        (1.0, math.nan), (np.array([1.0]), np.array([1.0], dtype=np.float32)),
                        (np.zeros((2, 1)), np.zeros((1, 2))), ((1,), [1]), (1, True)]:
        with pytest.raises(AssertionError):
            assert_identical(back, value)


def test_codec_keeps_nan_and_inf():
    back = codec.decode(json.loads(json.dumps(codec.encode([math.nan, math.inf, -math.inf]))))
    assert math.isnan(back[0]) and back[1] == math.inf and back[2] == -math.inf


def test_codec_turns_unknown_objects_into_inert_stand_ins():
    class Weird:
        def __repr__(self):
            return "weird"

    back = codec.decode(codec.encode(Weird()))
    assert isinstance(back, codec.Opaque) and back.text == "weird"
    assert isinstance(codec.decode(codec.encode(np.array(["a"]))), codec.Opaque)


@pytest.mark.parametrize("data", [
    {"$t": "nd", "dtype": "O", "shape": [1], "data": ""},
    {"$t": "nd", "dtype": "<f8", "shape": [3], "data": "AAAA"},
    {"$t": "np", "dtype": "V8", "v": 1},
    {"$t": "pickle", "v": "x"},
    {"$t": "nd", "dtype": "<f8", "shape": [-1], "data": ""},
])
def test_codec_rejects_malformed_or_dangerous_data(data):
    with pytest.raises(codec.DecodeError):
        codec.decode(data)


# -- source analysis -----------------------------------------------------------------------


def source(text: str, tmp_path) -> LearnerSource:
    path = tmp_path / "lesson01_vectors.py"
    path.write_text(text)
    parsed = LearnerSource.read(path)
    assert isinstance(parsed, LearnerSource)
    return parsed


FORBIDDEN = ("numpy.dot", "numpy.linalg.norm", "@", ".dot", "numerical_gradient")


@pytest.mark.parametrize("text", [
    "import numpy as np\ndef f(a, b):\n    return np.dot(a, b)\n",
    "import numpy as xp\ndef f(a, b):\n    return xp.dot(a, b)\n",
    "from numpy import dot as d\ndef f(a, b):\n    return d(a, b)\n",
    "import numpy\ndef f(a, b):\n    return numpy.dot(a, b)\n",
    "import numpy as np\ndef f(a, b):\n    return a @ b\n",
    "import numpy as np\ndef f(a, b):\n    return np.asarray(a).dot(b)\n",
    "import numpy as np\ndef helper(a, b):\n    return np.dot(a, b)\ndef f(a, b):\n    return helper(a, b)\n",
    "import numpy as np\nmine = np.dot\ndef f(a, b):\n    return mine(a, b)\n",
    "import numpy as np\ndef f(a, b):\n    return getattr(np, 'dot')(a, b)\n",
    "from numpy import linalg\ndef f(a, b):\n    return linalg.norm(a)\n",
    "def numerical_gradient(g, x):\n    return x\ndef f(a, b):\n    return numerical_gradient(a, b)\n",
])
def test_forbidden_calls_are_found_through_aliases_and_helpers(text, tmp_path):
    assert source(text, tmp_path).forbidden_uses("f", FORBIDDEN)


@pytest.mark.parametrize("text", [
    "import numpy as np\ndef f(a, b):\n    return np.sum(np.asarray(a) * b)\n",
    "import numpy as np\ndef dot(a, b):\n    return 0.0\ndef f(a, b):\n    return dot(a, b)\n",
    "import numpy as np\ndef g(a, b):\n    return np.dot(a, b)\ndef f(a, b):\n    return 1.0\n",
])
def test_allowed_code_is_not_flagged(text, tmp_path):
    assert source(text, tmp_path).forbidden_uses("f", FORBIDDEN) == []


def test_source_problems_have_kind_and_line(tmp_path):
    bad = tmp_path / "a.py"
    bad.write_text("def f(:\n")
    problem = LearnerSource.read(bad)
    assert not isinstance(problem, LearnerSource) and problem.kind == "syntax" and problem.line == 1
    latin = tmp_path / "b.py"
    latin.write_bytes(b"x = 1\n# caf\xe9\n")
    problem = LearnerSource.read(latin)
    assert not isinstance(problem, LearnerSource) and problem.kind == "encoding" and problem.line == 2
    problem = LearnerSource.read(tmp_path / "missing.py")
    assert not isinstance(problem, LearnerSource) and problem.kind == "missing"


# -- diagnosis and comparison -----------------------------------------------------------------


def test_constant_factor_and_generic_explanations():
    b = np.array([1.0, -2.0, 3.0])
    assert constant_factor(2 * b, b) == pytest.approx(2.0)
    assert constant_factor(b + 1, b) is None
    ids = [i for i, _ in explain(-b, b)]
    assert ids == ["factor:-1"]
    assert [i for i, _ in explain(np.arange(6.0).reshape(3, 2).T.T.T, np.arange(6.0).reshape(3, 2))] == ["transpose"]
    assert [i for i, _ in explain(np.array([np.nan, 1.0]), np.array([0.0, 1.0]))] == ["nan"]
    assert explain(7.0, 3.0) == []  # two numbers always differ by some factor: say nothing


def test_fingerprints_come_first():
    found = explain(4.0, 2.0, {"m:x": (tr("named", "命名"), 4.0)})
    assert found[0][0] == "m:x" and found[1][0] == "factor:2"


def test_expect_array_checks_shape_and_dtype_before_values():
    with pytest.raises(Failure, match="shape"):
        expect_array(np.ones((1, 3)), np.ones(3), call="f()")
    with pytest.raises(Failure, match="dtype"):
        expect_array(np.ones(3, dtype=int), np.ones(3), call="f()")
    with pytest.raises(Failure, match="NumPy array"):
        expect_array([1.0, 1.0, 1.0], np.ones(3), call="f()")
    expect_array(np.ones(3) + 1e-12, np.ones(3), call="f()")


def test_expect_array_failure_reads_like_approx():
    with pytest.raises(Failure) as info:
        expect_array(np.array([1.0, 2.0, 3.5]), np.array([1.0, 2.0, 3.0]), call="f(x)")
    details = info.value.details.en
    assert "mismatch: 1 of 3" in details and "max abs difference: 0.5 at index (2,)" in details
    assert "index | obtained | expected" in details.replace("  ", " ").replace("  ", " ")


def test_scalar_and_int_types():
    with pytest.raises(Failure, match="array of shape"):
        expect_scalar(np.array([1.0]), 1.0, call="f()")
    with pytest.raises(Failure, match="float"):
        expect_scalar("1.0", 1.0, call="f()")
    with pytest.raises(Failure, match="int"):
        expect_int(2.0, 2, call="f()")
    expect_scalar(np.float32(0.5), 0.5, call="f()")


# -- records, text ---------------------------------------------------------------------------


def sample_run() -> RunResult:
    check = CheckResult("c", tr("title", "标题"), Outcome.FAILED, tr("wrong", "错误"), tr("d", "细节"), ("x",))
    exercise = ExerciseResult("dot", Outcome.FAILED, 0.5, 1.0, (check,), 3)
    return RunResult((LessonResult("lesson01", "lesson01_vectors.py", "/w", (exercise,)),), 1.0)


def test_records_round_trip_through_json_in_both_languages():
    run = sample_run()
    for lang in ("en", "zh"):
        doc = json.loads(json.dumps(run.to_dict(lang)))
        assert RunResult.from_dict(doc) == run
    assert run.to_dict("zh")["lessons"][0]["exercises"][0]["messages"][0].startswith("错误")


def test_language_detection(monkeypatch):
    monkeypatch.delenv("GRADE_LANG", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert detect_language() == "zh"
    assert detect_language("en") == "en"
    monkeypatch.setenv("GRADE_LANG", "en")
    assert detect_language() == "en"
    assert Text("a {x}", "甲 {x}").format(x=1) == Text("a 1", "甲 1")


# -- progress ---------------------------------------------------------------------------------


def test_progress_records_and_reports_the_latest(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record(sample_run(), when=1.0)
    store.record(sample_run(), when=2.0)
    latest = store.latest("/w")[("lesson01", "dot")]
    assert (latest.status, latest.attempts, latest.time) == ("failed", 2, 2.0)


def test_progress_refuses_foreign_sqlite_files(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
    before = path.read_bytes()
    with pytest.raises(ProgressError, match="another program"):
        ProgressStore(path).record(sample_run())
    assert path.read_bytes() == before


def test_docstring_titles_are_bilingual():
    from grader.checks import lesson01

    tree = ast.parse(Path(lesson01.__file__).read_text(encoding="utf-8"))
    decorated = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.decorator_list]
    assert decorated
    for node in decorated:
        lines = [line for line in (ast.get_docstring(node) or "").splitlines() if line.strip()]
        assert len(lines) >= 2 and any("\u4e00" <= ch <= "\u9fff" for ch in lines[1]), node.name


def test_numeric_comparisons_return_the_difference_as_data():
    """grader.numeric says how values differ; only a check turns that into a verdict."""
    from grader.numeric.compare import Mismatch, array_mismatch, int_mismatch, scalar_mismatch

    assert scalar_mismatch(1.0, 1.0, call="f()") is None and int_mismatch(3, 3, call="") is None
    assert array_mismatch(np.ones(3), np.ones(3), call="f()") is None
    found = array_mismatch(np.array([1.0, 2.0, 9.0]), np.array([1.0, 2.0, 3.0]), call="f(x)")
    assert isinstance(found, Mismatch) and "mismatch: 1 of 3 entries" in found.details.en
    assert found.details.en.startswith("call:     f(x)") and found.details.zh.startswith("调用：") and found.message.en
    doubled = scalar_mismatch(4.0, 2.0, call="mse(a, y)", mistakes={"mse:no_half": (tr("half", "半"), 4.0)})
    assert doubled is not None and doubled.diagnosis[0] == "mse:no_half" and doubled.message.en == "half"
    with pytest.raises(Failure) as caught:
        expect_scalar(4.0, 2.0, call="mse(a, y)")
    assert caught.value.details == scalar_mismatch(4.0, 2.0, call="mse(a, y)").details


_EDGES = st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan, 1.0, 1.0 + 1e-5])


@given(st.lists(st.tuples(st.floats() | _EDGES, st.floats() | _EDGES), min_size=0, max_size=6),
       st.sampled_from([(1e-5, 1e-8), (1e-6, 1e-9), (0.0, 0.0), (1e-3, 0.0), (0.0, 1e-6)]))
@settings(max_examples=2000, deadline=None)
def test_two_arrays_are_close_exactly_when_numpy_says_so(pairs: list[tuple[float, float]],
                                                         tolerance: tuple[float, float]) -> None:
    """``close`` on arrays takes a shortcut for finite entries: the same answer as
    ``np.all(np.isclose(..., equal_nan=True))`` for every array, NaN and infinities included."""
    rtol, atol = tolerance
    a = np.array([x for x, _ in pairs], dtype=float)
    b = np.array([y for _, y in pairs], dtype=float)
    with np.errstate(all="ignore"):
        numpy_says = bool(np.all(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)))
        nudged = b * (1 + rtol) + atol  # at the edge of the tolerance
        numpy_near = bool(np.all(np.isclose(nudged, b, rtol=rtol, atol=atol, equal_nan=True)))
    assert close(a, b, rtol=rtol, atol=atol) is numpy_says
    assert close(a.reshape(-1, 1), b.reshape(-1, 1), rtol=rtol, atol=atol) is numpy_says
    assert close(nudged, b, rtol=rtol, atol=atol) is numpy_near


@given(st.floats() | st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan]),
       st.floats() | st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan]),
       st.sampled_from([(1e-5, 1e-8), (1e-6, 1e-9), (0.0, 0.0), (1e-3, 0.0), (0.0, 1e-6)]))
@settings(max_examples=2000, deadline=None)
def test_two_floats_are_close_exactly_when_numpy_says_so(x: float, y: float, tolerance: tuple[float, float]) -> None:
    """``close`` decides two floats without NumPy's arrays: the same answer as
    ``np.isclose(..., equal_nan=True)`` for every pair, NaN, infinities and overflow included."""
    rtol, atol = tolerance
    with np.errstate(all="ignore"):
        numpy_says = bool(np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=True))
    assert close(x, y, rtol=rtol, atol=atol) is numpy_says
    assert close(np.float64(x), y, rtol=rtol, atol=atol) is numpy_says
    if abs(x) > 1e-300 and math.isfinite(x):  # near x, where the tolerance decides
        near = x * (1 + rtol) + atol
        with np.errstate(all="ignore"):
            assert close(near, x, rtol=rtol, atol=atol) is bool(np.isclose(near, x, rtol=rtol, atol=atol))


@given(st.lists(st.tuples(st.floats() | _EDGES, st.floats() | _EDGES), min_size=0, max_size=6),
       st.sampled_from(["<f8", "<f4", "<i8"]), st.sampled_from(["<f8", "<f4", "<i8"]))
@settings(max_examples=2000, deadline=None)
def test_an_argument_is_unchanged_exactly_when_numpy_says_its_values_are_equal(
        pairs: list[tuple[float, float]], before_dtype: str, after_dtype: str) -> None:
    """The worker's mutation check compares bits first: the same answer as the same shape and
    ``np.array_equal(..., equal_nan=True)``, NaN, -0.0 and other dtypes included."""
    from grader.sandbox.worker import _unchanged

    with np.errstate(all="ignore"):
        before = np.array([x for x, _ in pairs]).astype(before_dtype)
        after = np.array([y for _, y in pairs]).astype(after_dtype)
    for a, b in ((before, after), (before, before.copy()), (before, -before), (before.reshape(-1, 1), before)):
        assert _unchanged(a, b) is (a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True)))


@pytest.mark.parametrize("cores, parallel, lessons, expected", [
    (2, None, 11, 6), (1, None, 11, 4), (8, None, 12, 12), (2, None, 1, 1), (2, 1, 11, 1), (2, 3, 11, 3),
    (None, None, 11, 4)])
def test_lessons_go_twice_the_cores_plus_two_at_a_time_unless_told(cores, parallel, lessons, expected,
                                                                    monkeypatch) -> None:
    import os

    from grader.api import lesson_jobs

    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert lesson_jobs(parallel, lessons) == expected


def test_mistakes_are_worked_out_only_for_a_value_that_differs() -> None:
    """A check hands its wrong versions over as a function: a right value never computes them,
    a wrong one does, and is named by them as before."""
    from grader.i18n import tr
    from grader.numeric.compare import array_mismatch, scalar_mismatch

    asked: list[str] = []

    def diagnoses() -> dict[str, tuple[object, object]]:
        asked.append("asked")
        return {"dot:off_by_one": (tr("off by one", "差一"), 31.0),
                "matmul:order": (tr("the order", "顺序"), np.array([[2.0, 1.0]]))}

    assert scalar_mismatch(32.0, 32.0, call="dot(a, b)", mistakes=diagnoses) is None
    assert array_mismatch(np.array([[1.0, 2.0]]), np.array([[1.0, 2.0]]), call="m", mistakes=diagnoses) is None
    assert asked == []
    found = scalar_mismatch(31.0, 32.0, call="dot(a, b)", mistakes=diagnoses)
    assert found is not None and found.diagnosis == ("dot:off_by_one",) and found.message.en == "off by one"
    swapped = array_mismatch(np.array([[2.0, 1.0]]), np.array([[1.0, 2.0]]), call="m", mistakes=diagnoses)
    assert swapped is not None and swapped.diagnosis[0] == "matmul:order"
    assert asked == ["asked", "asked"]


def test_a_right_lesson_never_works_out_its_mistakes_and_a_wrong_one_names_them(grade_source, monkeypatch) -> None:
    """End to end, through the lesson's checks: solved, ``dot``'s wrong versions are never
    computed; with the last pair missing, they are, and the mistake is named."""
    from conftest import SOLUTIONS

    from grader.checks import lesson01

    computed: list[int] = []
    real = lesson01._dot_mistakes
    monkeypatch.setattr(lesson01, "_dot_mistakes", lambda a, b: (computed.append(1), real(a, b))[1])
    text = (SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8")
    solved = grade_source("lesson01", text, exercises=("dot",))
    assert solved.passed and computed == []
    wrong = text.replace("def dot(", "def _right_dot(") + (
        "\n\ndef dot(a, b):\n    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n"
        "    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:\n"
        "        raise ValueError('dot needs two 1-D vectors of the same length')\n"
        "    return float(np.sum(a[:-1] * b[:-1]))\n")
    graded = grade_source("lesson01", wrong, exercises=("dot",))
    assert not graded.passed and computed
    named = {d for e in graded.exercises for c in e.checks for d in c.diagnosis}
    assert "dot:off_by_one" in named
