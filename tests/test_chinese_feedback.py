"""Chinese all the way through: with ``--lang zh`` no English label is left in the feedback.

Every wrong submission of ``tests/submissions`` is graded and its feedback rendered in
Chinese (the terminal, the JSON ``i18n`` text). Two checks: no label of the English
details (``call:``, ``obtained:``, the gradient-check table's header...) and no English
phrase the grader writes between values (``with shapes``, ``at index``...) remains; and,
generically, every English word left in the details is code or a value: a name from the
learner's source, a word of NumPy's ``repr``, or a word the Chinese message itself uses.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

import pytest
from conftest import SOLUTIONS, SUBMISSIONS, copy_solutions

from grader.course import load_course
from grader.engine.run import grade_lesson
from grader.model import LessonResult, Outcome
from grader.reporters import json_report, terminal
from grader.sandbox.runner import Sandbox

COURSE = load_course()
LABELS = re.compile(
    r"^\s*(call|obtained|expected|returned|raised|keys|warning|needed|difference|mismatch|"
    r"max abs difference|max rel difference|row sums|training loss|index|gradient)\b[^:\n]{0,40}:",
    re.MULTILINE)
PHRASES = ("with shapes", "relative error", "threshold", "verdict", "cosine", " of shape ",
           "at index", " entries", "yours", "numerical ", "more", "fresh points", "coordinates",
           "index |", "| obtained", "| expected", "relative ", "training loss", "samples",
           "noisy points", " where ", "in the thousands", "must be below")
NUMPY_WORDS = {"array", "shape", "dtype", "float64", "float32", "float16", "int64", "int32", "bool",
               "True", "False", "None", "nan", "inf", "np", "random", "default_rng", "Generator",
               "list", "tuple", "dict", "float", "int", "str", "object", "function", "lambda",
               "complex128", "ReLU", "sigmoid", "tanh", "softmax", "identity", "relu", "step",
               "self", "XOR", "ln", "log", "exp", "sum", "sqrt", "max", "min", "mean",
               "converged", "e_i"}  # a name the contract gives a returned value; a formula's unit vector
CASES = sorted(path for lesson in COURSE.lessons for path in (SUBMISSIONS / lesson.id).glob("wrong*.py"))


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    with Sandbox() as box:
        box.start()
        yield box


def _grade(path: Path, folder: Path, sandbox: Sandbox) -> LessonResult:
    lesson = COURSE.lesson(path.parent.name)
    workspace = copy_solutions(folder)
    (workspace / lesson.file).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return grade_lesson(lesson, workspace.resolve(), sandbox)


def _names(source: str) -> set[str]:
    names = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            names.add(token.string)
    return names


def _words(text: str) -> set[str]:
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", "", text)  # strings are values
    return set(re.findall(r"(?<![\w.])[A-Za-z][A-Za-z_]{2,}(?![\w(]|\.\.\.)", text))


def _code_free(details: str) -> str:
    """Details without what Python and NumPy wrote themselves (a traceback, a raised message, a warning's text)."""
    details = details.split("Traceback (most recent call last):")[0]
    details = re.sub(r"(?m)^(\s*抛出：\s*)\w+: .*$", r"\1", details)  # the learner's own exception text
    details = re.sub(r"(抛出了异常 )\w+: [^。\n]*", r"\1", details)  # the same, in a message ("…。" ends it)
    return re.sub(r"(?m)^(\s*警告：\s*)\w*Warning: .*$", r"\1", details)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_wrong_submissions_read_in_chinese(path: Path, tmp_path: Path, sandbox: Sandbox) -> None:
    result = _grade(path, tmp_path / "ws", sandbox)
    screen = terminal.render_lesson(result, "zh", color=False, verbose=True)
    doc = json.loads(json_report.render_lesson(result, "zh"))
    shown = [screen, *(m for e in doc["exercises"] for m in e["messages"])]
    for check in (c for e in doc["exercises"] for c in e["checks"]):
        shown.append(check["i18n"].get("details", {}).get("zh", check["details"]))
        assert check["details"] == check["i18n"].get("details", {}).get("zh", check["details"])
    text = "\n".join(shown)
    found = LABELS.findall(text)
    assert found == [], f"English labels {found} in:\n{text}"
    left = [phrase for phrase in PHRASES if phrase in _code_free(text)]
    assert left == [], f"English phrases {left} in:\n{text}"

    contract = (SOLUTIONS / COURSE.lesson(path.parent.name).file).read_text(encoding="utf-8")
    allowed = _names(path.read_text(encoding="utf-8")) | _names(contract) | NUMPY_WORDS
    for exercise in result.exercises:
        for check in exercise.checks:
            if check.outcome in (Outcome.PASSED, Outcome.SKIPPED) or not check.details.zh:
                continue
            own = allowed | _words(check.message.zh if check.message else "") | _words(check.title.zh)
            stray = _words(_code_free(check.details.zh)) - own
            assert stray == set(), f"{exercise.name}: English words {stray} in:\n{check.details.zh}"


def test_the_corpus_has_gradient_tables_and_call_blocks() -> None:
    """The cases above include what the labels were for (a lesson 10 gradient check)."""
    assert any(p.parent.name == "lesson10" and "backward" in p.stem for p in CASES)
    assert len(CASES) >= 60


def test_the_grade_command_and_its_html_report_read_in_chinese(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """As a learner runs it, from the project folder: the screen and the progress page."""
    from click.testing import CliRunner

    from grader.cli import main

    wrong = SUBMISSIONS / "lesson10" / "wrong_backward_missing_1_over_m.py"
    workspace = copy_solutions(tmp_path / "exercises")
    (workspace / "lesson10_backprop.py").write_text(wrong.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lesson10", "--lang", "zh"])
    assert result.exit_code == 1
    assert "梯度      相对误差" in result.stdout and "调用：" in result.stdout
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    feedback = "\n".join(re.findall(r"<pre>(.*?)</pre>", page, re.DOTALL))
    assert "相对误差" in feedback
    for shown in (result.stdout, feedback):
        assert LABELS.findall(shown) == []
        assert [p for p in PHRASES if p in _code_free(shown)] == []
