"""Credit is for working maths: courses that compute nothing score exactly 0.

Each hollow course is made from the stubs by replacing every ``raise NotImplementedError``
with a body that answers without computing (raise ``ValueError`` for everything, return a
constant, return the first argument), so it follows every new exercise automatically.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXERCISES

from grader import api
from grader.model import Outcome

STUB = re.compile(r"raise NotImplementedError\((?:[^()]|\([^()]*\))*\)")

BODIES = {
    "raise_value_error": lambda first: 'raise ValueError("bad input")',
    "return_zero": lambda first: "return 0.0",
    "return_none": lambda first: "return None",
    "return_the_input": lambda first: f"return {first}" if first else "return None",
}


def _first_parameters(source: str) -> dict[int, str]:
    """Line of each stub's ``raise`` -> the first parameter of the function it is in."""
    out: dict[int, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            args = node.args.posonlyargs + node.args.args
            for inner in ast.walk(node):
                if isinstance(inner, ast.Raise):
                    out[inner.lineno] = args[0].arg if args else ""
    return out


def hollow(source: str, kind: str) -> str:
    """The stub file with every ``raise NotImplementedError(...)`` answered by ``kind``."""
    firsts = _first_parameters(source)
    lines = source.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if STUB.search(line):
            lines[number - 1] = STUB.sub(BODIES[kind](firsts.get(number, "")), line)
    return "".join(lines)


def hollow_course(target: Path, kind: str) -> Path:
    target.mkdir()
    for path in sorted(EXERCISES.glob("lesson*.py")):
        text = path.read_text(encoding="utf-8")
        changed = hollow(text, kind)
        assert changed != text and "NotImplementedError(" not in STUB.sub("", changed)
        (target / path.name).write_text(changed, encoding="utf-8")
    for extra in EXERCISES.iterdir():
        if extra.is_file() and not extra.name.startswith("lesson"):
            shutil.copy(extra, target / extra.name)
    return target


def test_hollowing_replaces_every_stub_body():
    source = 'def f(a, b):\n    """doc"""\n    raise NotImplementedError("f: write (here)")\n'
    assert "return a" in hollow(source, "return_the_input")
    assert 'raise ValueError("bad input")' in hollow(source, "raise_value_error")


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_a_course_that_computes_nothing_scores_zero(kind: str, tmp_path: Path):
    run = api.grade_all(hollow_course(tmp_path / kind, kind))
    earning = {(lesson.lesson, ex.name): ex.score for lesson in run.lessons
               for ex in lesson.exercises if ex.score > 0}
    assert earning == {}
    assert run.score == 0 and run.max_score > 0
    exercises = [ex for lesson in run.lessons for ex in lesson.exercises]
    assert not any(ex.outcome is Outcome.PASSED for ex in exercises)
    assert not any(ex.outcome is Outcome.NOT_STARTED for ex in exercises)
