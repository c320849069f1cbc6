"""A course written against the curriculum contract alone passes every exercise.

``tests/submissions/contract_only/`` holds lessons 01-11 written from
``../shared/curriculum.md`` only, in natural NumPy (loops, ``np.where`` returning 0-d
arrays for scalars, vectorised code), with no input check the contract does not state.
The stubs' extra recommendations are advice: shown under the exercise in every output
format, never a failure and never a lost point.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import SOLUTIONS, SUBMISSIONS

from grader import api
from grader.cli import main
from grader.model import Outcome, RunResult
from grader.reporters import github, gradescope, junit, terminal

CONTRACT_ONLY = SUBMISSIONS / "contract_only"
LESSONS = tuple(sorted(p.stem.split("_")[0] for p in CONTRACT_ONLY.glob("lesson*.py")))

# Each former strict check, now advice, that contract-only code does not follow.
EXPECTED_ADVICE = {
    ("lesson04", "self_information"): "base",
    ("lesson04", "entropy"): "base",
    ("lesson04", "cross_entropy"): "different lengths",
    ("lesson05", "binary_cross_entropy"): "eps outside (0, 0.5)",
    ("lesson05", "binary_cross_entropy_grad"): "eps outside (0, 0.5)",
    ("lesson05", "categorical_cross_entropy"): "1-D",
    ("lesson06", "softmax"): "3-D input",
    ("lesson07", "perceptron"): "same length",
    ("lesson07", "train_perceptron"): "X is not 2-D",
    ("lesson08", "step_network_forward"): "2-D batch",
    ("lesson09", "init_params"): "positive integer",
    ("lesson09", "dense_forward"): "1-D X",
    ("lesson10", "dense_backward"): "do not fit",
    ("lesson10", "backward"): "shape (m,)",
    ("lesson11", "batch_gd"): "epochs < 0",
    ("lesson11", "sgd"): "differ in length",
    ("lesson11", "minibatch_gd"): "batch_size < 1",
    ("lesson11", "adam_step"): "t < 1",
    ("lesson11", "exponential_decay"): "negative decay_rate",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    workspace = tmp_path_factory.mktemp("contract") / "exercises"
    shutil.copytree(CONTRACT_ONLY, workspace)
    assert not any(p.read_bytes() == (SOLUTIONS / p.name).read_bytes() for p in workspace.glob("*.py"))
    return api.grade(LESSONS, workspace)


def test_the_course_covers_lessons_01_to_11():
    assert tuple(f"lesson{i:02d}" for i in range(1, 12)) == LESSONS


def test_contract_only_code_passes_every_exercise_with_full_marks(run: RunResult):
    failing = {(lesson.lesson, ex.name): ex.messages() for lesson in run.lessons
               for ex in lesson.exercises if ex.outcome is not Outcome.PASSED}
    assert failing == {}
    assert run.score == run.max_score > 0


def test_every_former_strict_check_is_shown_as_advice(run: RunResult):
    advice = {(lesson.lesson, ex.name): ex for lesson in run.lessons for ex in lesson.exercises}
    for key, phrase in EXPECTED_ADVICE.items():
        lines = advice[key].advice_lines("en")
        assert any(line.startswith("also worth doing: ") and phrase in line for line in lines), (key, lines)
        assert all(line.startswith("也值得做：") for line in advice[key].advice_lines("zh"))
    shown = {key for key, ex in advice.items() if ex.advice}
    assert shown == set(EXPECTED_ADVICE)


def test_advice_reaches_every_output_format(run: RunResult):
    text = "\n".join(terminal.render_lesson(lesson, "en") for lesson in run.lessons)
    assert "+ also worth doing: raise ValueError for t < 1" in text
    zh = "\n".join(terminal.render_lesson(lesson, "zh") for lesson in run.lessons)
    assert "也值得做：t < 1 或数组形状不同时抛出 ValueError" in zh
    data = json.loads(json.dumps(run.to_dict("en")))
    lessons = {lesson["lesson"]: lesson for lesson in data["lessons"]}
    adam = next(e for e in lessons["lesson11"]["exercises"] if e["name"] == "adam_step")
    assert adam["status"] == "passed" and adam["advice"][0]["text"].startswith("also worth doing")
    assert adam["advice"][0]["i18n"]["line"]["zh"].startswith("也值得做：")
    schema = json.loads((Path(__file__).resolve().parents[1] / "docs" / "schemas"
                         / "results-v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    again = RunResult.from_dict(data)
    assert [e.advice for e in again.lessons[10].exercises] == [e.advice for e in run.lessons[10].exercises]
    root = ET.fromstring(junit.render_run(run, "en").encode("utf-8"))
    outs = [node.text or "" for node in root.iter("system-out")]
    assert any("also worth doing: raise ValueError for t < 1" in out for out in outs)
    assert root.get("failures") == "0" and root.get("errors") == "0"
    scope = gradescope.render_run(run, "en")
    adam_test = next(t for t in scope["tests"] if t["name"] == "lesson11 adam_step")
    assert adam_test["status"] == "passed" and "also worth doing" in adam_test["output"]
    adam_gh = github.runner_results(run, "en")["lesson11adamstep"]
    assert adam_gh["status"] == "pass" and any("also worth doing" in t["message"] for t in adam_gh["tests"])


def test_documents_with_advice_still_validate_against_each_consumers_schema(run: RunResult):
    schemas = Path(__file__).resolve().parent / "schemas"
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema(str(schemas / "junit.xsd")).validate(junit.render_run(run))
    for name, document in (("gradescope-results.schema.json", gradescope.render_run(run)),
                           *(("github-classroom-result.schema.json", runner)
                             for runner in github.runner_results(run).values())):
        jsonschema.validate(document, json.loads((schemas / name).read_text(encoding="utf-8")))


def test_a_learner_sees_the_advice_in_the_terminal_and_the_html_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """As a learner runs it: ``grade lesson11`` in the folder holding ``exercises/``."""
    shutil.copytree(CONTRACT_ONLY, tmp_path / "exercises")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lesson11"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "+ also worth doing: raise ValueError for t < 1 or arrays of different shapes" in result.output
    assert "6/6 exercises passed" in result.output
    zh = CliRunner().invoke(main, ["lesson11", "--lang", "zh"], catch_exceptions=False)
    assert "也值得做：t < 1 或数组形状不同时抛出 ValueError" in zh.output
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "也值得做：t &lt; 1 或数组形状不同时抛出 ValueError" in page
    english = CliRunner().invoke(main, ["report", "--lang", "en"], catch_exceptions=False)
    assert english.exit_code == 0, english.output
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'class="advice">also worth doing: raise ValueError for t &lt; 1' in page
