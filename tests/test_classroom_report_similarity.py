"""`grade report --class DIR` over student workspaces lists similar pairs, as `grade batch` does.

Run as an instructor would: from the folder above the class, with a relative path and the
default options, then with `--similarity-threshold` and `--no-similarity`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_classroom_instructor import LOOPS, SOLUTION, STUB, VECTORISED, grade, renamed

from grader.classroom import similarity

LESSON01 = "lesson01_vectors.py"
STUBS = ("stub1", "stub2")


def _class(where: Path) -> Path:
    """A class folder: a loop solution, its renamed copy, a vectorised one, the reference, and
    two untouched stubs (byte for byte the same file), one in exercises/."""
    sources = {"loops": LOOPS.read_text(), "copy": renamed(LOOPS.read_text()),
               "vectorised": VECTORISED.read_text(), "reference": SOLUTION.read_text(),
               "stub1": STUB.read_text(), "stub2": STUB.read_text()}
    for student, text in sources.items():
        target = where / "class" / student / ("exercises/" if student == "stub2" else "") / LESSON01
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
    return where


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not similarity.available():
        pytest.skip("copydetect is not installed here")
    return _class(tmp_path_factory.mktemp("report"))


def _pairs(stdout: str) -> set[tuple[str, str, str]]:
    return set(re.findall(r"^  lesson01\.(\w+): (\S+) ~ (\S+) \d+ %", stdout, re.M))


def test_the_class_report_flags_the_renamed_copy_only(room):
    result = grade("report", "--class", "class", cwd=room)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^similarity: 4 pair\(s\) at 80 % or more among 6 submissions$", result.stdout, re.M), \
        result.stdout
    pairs = _pairs(result.stdout)
    assert {(first, second) for _, first, second in pairs} == {("copy", "loops")}
    assert {exercise for exercise, _, _ in pairs} == {"dot", "outer", "hadamard", "matmul"}
    page = (room / "class" / "class.html").read_text(encoding="utf-8")
    assert 'data-pair="copy|loops"' in page and "<mark>" in page  # side by side, the shared code marked
    assert "similarity: 4 pair(s)" in page
    assert (room / "class" / "gradebook.csv").is_file()


def test_a_lower_threshold_lists_other_styles_but_never_the_stubs(room):
    result = grade("report", "--class", "class", "--similarity-threshold", "0", cwd=room)
    assert result.returncode == 0, result.stderr
    pairs = _pairs(result.stdout)
    students = {name for _, first, second in pairs for name in (first, second)}
    assert {"copy", "reference", "vectorised"} <= students  # independent styles, compared and listed
    assert not students & set(STUBS)  # byte-identical stubs are left out, not flagged
    assert "at 0 % or more" in result.stdout


def test_no_similarity_leaves_the_pairs_out(room):
    result = grade("report", "--class", "class", "--no-similarity", cwd=room)
    assert result.returncode == 0, result.stderr
    assert "similarity" not in result.stdout and not _pairs(result.stdout)
    assert 'data-pair="' not in (room / "class" / "class.html").read_text(encoding="utf-8")
