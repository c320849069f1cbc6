"""Machine-readable results (json, junit, gradescope, github) validated against their specs.

The schemas in tests/schemas/ are written from each format's specification (citations
inside them); docs/schemas/ holds the project's own. One mixed workspace exercises every
outcome: passed, partial credit, not started, a syntax error, an exception, a timeout and
output full of control characters.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXERCISES, SOLUTIONS, SUBMISSIONS, copy_solutions

from grader import api
from grader.classroom.outputs import Gate, GateError, write_outputs
from grader.cli import main
from grader.course import load_course
from grader.model import Outcome, RunResult
from grader.reporters import formats, github, gradescope, junit
from grader.sandbox.limits import Limits

jsonschema = pytest.importorskip("jsonschema")

SCHEMAS = Path(__file__).resolve().parent / "schemas"
DOC_SCHEMAS = Path(__file__).resolve().parents[1] / "docs" / "schemas"

LESSON03_TAIL = '''

print("noisy \\x1b[31mred\\x00 and \\x07 bell")


def quadratic(x):
    while True:
        pass


def f_xyz(x, y, z):
    raise RuntimeError("boom \\x01\\x02 <&> ]]>")
'''


def _schema(name: str, folder: Path = SCHEMAS) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    folder = copy_solutions(tmp_path_factory.mktemp("mixed"))
    (folder / "lesson01_vectors.py").write_text(
        (SUBMISSIONS / "lesson01" / "wrong_int_and_partial.py").read_text(encoding="utf-8"))
    (folder / "lesson02_norms.py").write_text("def l0_norm(:\n")
    lesson03 = folder / "lesson03_derivatives.py"
    lesson03.write_text(lesson03.read_text(encoding="utf-8") + LESSON03_TAIL, encoding="utf-8")
    run = api.grade(["lesson01", "lesson02", "lesson03"], folder,
                    limits=Limits(timeout_scale=0.05))
    outcomes = {e.outcome for lesson in run.lessons for e in lesson.exercises}
    assert outcomes >= {Outcome.PASSED, Outcome.FAILED, Outcome.NOT_STARTED, Outcome.ERROR,
                        Outcome.TIMEOUT}
    return run


@pytest.fixture(scope="module")
def solved() -> RunResult:
    return api.grade_all(SOLUTIONS)


@pytest.fixture(scope="module")
def stubs() -> RunResult:
    return api.grade_all(EXERCISES)


# --- junit -------------------------------------------------------------------------


def test_junit_validates_against_the_schema(mixed, solved, stubs):
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(SCHEMAS / "junit.xsd"))
    for run in (mixed, solved, stubs):
        schema.validate(junit.render_run(run))


def test_junit_has_one_testcase_per_check_and_consistent_counts(mixed):
    root = ET.fromstring(junit.render_run(mixed).encode("utf-8"))
    checks = [c for lesson in mixed.lessons for e in lesson.exercises for c in e.checks]
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(checks) == int(root.get("tests"))
    for suite in root.findall("testsuite"):
        suite_cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(suite_cases)
        for tag, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
            assert int(suite.get(attribute)) == len(suite.findall(f"testcase/{tag}"))
    assert int(root.get("failures")) == len(root.findall("./testsuite/testcase/failure"))
    assert int(root.get("errors")) == len(root.findall("./testsuite/testcase/error"))
    # GitLab keys cases by classname + name: they must be unique.
    keys = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(set(keys)) == len(keys)


def test_junit_failure_text_is_the_learners_feedback(mixed):
    root = ET.fromstring(junit.render_run(mixed).encode("utf-8"))
    lesson01 = mixed.lessons[0]
    failed = [(e, c) for e in lesson01.exercises for c in e.checks if c.outcome is Outcome.FAILED]
    assert failed
    exercise, check = failed[0]
    case = next(c for c in root.iter("testcase")
                if c.get("classname") == f"lesson01.{exercise.name}" and c.get("name") == check.title.en)
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "failed"
    assert failure.text == f"{check.message.en}\n{check.details.en}".strip()
    assert failure.get("message") == check.message.en.splitlines()[0][:300]


def test_junit_marks_not_started_timeout_error_and_escapes_control_characters(mixed):
    text = junit.render_run(mixed)
    root = ET.fromstring(text.encode("utf-8"))
    matmul = [c for c in root.iter("testcase") if c.get("classname") == "lesson01.matmul"]
    assert matmul[0].find("failure").get("type") == "not_started"
    assert all(c.find("skipped") is not None for c in matmul[1:])
    quadratic = [c for c in root.iter("testcase") if c.get("classname") == "lesson03.quadratic"]
    assert quadratic[0].find("error").get("type") == "timeout"
    f_xyz = [c for c in root.iter("testcase") if c.get("classname") == "lesson03.f_xyz"]
    error = f_xyz[0].find("error")
    assert error.get("type") == "error" and "boom \\x01\\x02 <&> ]]>" in error.text
    lesson02 = [c for c in root.iter("testcase") if c.get("classname", "").startswith("lesson02.")]
    assert lesson02 and all(c.find("error") is not None for c in lesson02)
    out = root.find("./testsuite[@name='lesson03']/system-out")
    assert out is not None and "\\x1b[31mred\\x00" in out.text
    assert "\x00" not in text and "\x1b" not in text


# --- gradescope ----------------------------------------------------------------------


def test_gradescope_validates_and_scores_add_up(mixed, solved, stubs):
    schema = _schema("gradescope-results.schema.json")
    for run in (mixed, solved, stubs):
        doc = gradescope.render_run(run)
        jsonschema.validate(doc, schema)
        exercises = [e for lesson in run.lessons for e in lesson.exercises]
        assert len(doc["tests"]) == len(exercises)
        assert sum(t["max_score"] for t in doc["tests"]) == run.max_score
        assert doc["score"] == pytest.approx(sum(t["score"] for t in doc["tests"]))
        assert doc["score"] == pytest.approx(run.score, abs=1e-3)
        for test, exercise in zip(doc["tests"], exercises):
            assert (test["status"] == "passed") == (exercise.outcome is Outcome.PASSED)
            assert test["score"] == pytest.approx(exercise.score, abs=1e-4)
    assert gradescope.render_run(solved)["score"] == solved.max_score
    assert gradescope.render_run(stubs)["score"] == 0


def test_gradescope_output_is_the_feedback_and_visibility_is_a_choice(mixed):
    doc = gradescope.render_run(mixed, visibility="after_due_date")
    jsonschema.validate(doc, _schema("gradescope-results.schema.json"))
    assert {t["visibility"] for t in doc["tests"]} == {"after_due_date"}
    outer = next(t for t in doc["tests"] if t["name"] == "lesson01 hadamard")
    assert "changed its input in place" in outer["output"]
    syntax = next(t for t in doc["tests"] if t["name"] == "lesson02 l0_norm")
    assert "syntax error" in syntax["output"]
    with pytest.raises(ValueError):
        gradescope.render_run(mixed, visibility="sometimes")


# --- github --------------------------------------------------------------------------


def _reporter_reads(environ: dict[str, str], runners: str) -> dict[str, dict]:
    """What autograding-grading-reporter's src/main.js does with its environment."""
    return {runner: github.decode(environ[f"{runner.strip().upper()}_RESULTS"]) for runner in runners.split(",")}


def test_github_results_validate_and_each_runner_is_one_exercise(mixed, solved, stubs):
    schema = _schema("github-classroom-result.schema.json")
    for run in (mixed, solved, stubs):
        text = github.render_run(run)
        runners = github.parse(text)
        assert len(text.splitlines()) == len(runners) == sum(len(lesson.exercises) for lesson in run.lessons)
        for result in runners.values():
            jsonschema.validate(result, schema)
        assert sum(r["max_score"] for r in runners.values()) == run.max_score
        total = sum(test["score"] for r in runners.values() for test in r["tests"])
        assert total == pytest.approx(run.score, abs=1e-9)
        assert {r["status"] for r in runners.values()} <= ({"pass"} if run.passed else {"pass", "fail"})
    runners = github.runner_results(mixed)
    assert runners["lesson01dot"]["status"] == "pass"
    assert {t["status"] for t in runners["lesson03quadratic"]["tests"]} == {"error"}
    assert runners["lesson01matmul"]["status"] == "fail"
    assert all(t["status"] == "fail" and "not started" in t["message"]
               for r in github.runner_results(stubs).values() for t in r["tests"])


def _log_score(result: dict) -> float:
    """autograding-grading-reporter src/helpers/test-helpers.js getTestScore: what its log
    shows for a runner (passed tests / all tests x max_score)."""
    passed = sum(1 for test in result["tests"] if test["status"] == "pass")
    return passed / len(result["tests"]) * (result["max_score"] or 0)


def test_github_runner_log_score_is_the_exercise_score(mixed, solved, stubs):
    """Each runner's tests are all-or-nothing and equal, so the log's share is the score."""
    for run in (mixed, solved, stubs):
        scores = {github.runner_id(lesson.lesson, e.name): e.score for lesson in run.lessons for e in lesson.exercises}
        for key, result in github.runner_results(run).items():
            recorded = sum(test["score"] for test in result["tests"])
            assert _log_score(result) == pytest.approx(recorded, abs=1e-12) == pytest.approx(scores[key], abs=1e-12)
            assert len({test["max_score"] for test in result["tests"]}) == 1


def test_github_results_reach_the_reporter_through_github_output(mixed, tmp_path):
    output = tmp_path / "github_output"
    output.write_text("earlier=1\n")
    specs = [formats.OutputSpec("github", tmp_path / "result.b64")]
    write_outputs(mixed, specs, "en", False, {"GITHUB_OUTPUT": str(output)})
    lines = output.read_text().splitlines()
    assert lines[0] == "earlier=1" and lines[1:] == (tmp_path / "result.b64").read_text().splitlines()
    # The workflow maps steps.grade.outputs.<id> to <ID>_RESULTS for the reporter.
    pairs = dict(line.split("=", 1) for line in lines[1:])
    environ = {f"{key.upper()}_RESULTS": value for key, value in pairs.items()}
    assert _reporter_reads(environ, ",".join(pairs)) == github.runner_results(mixed)


# --- json (the project's own) -----------------------------------------------------------


def test_json_documents_validate_against_the_projects_schema(mixed, stubs):
    schema = _schema("results-v1.schema.json", DOC_SCHEMAS)
    for run in (mixed, stubs):
        jsonschema.validate(json.loads(formats.render("json", run)), schema)
        lesson_doc = json.loads(formats.render("json", RunResult(run.lessons[:1]), single_lesson=True))
        assert lesson_doc["lesson"] == run.lessons[0].lesson
        jsonschema.validate(lesson_doc, schema)
    assert RunResult.from_dict(json.loads(formats.render("json", mixed))).score == pytest.approx(mixed.score)


# --- the command line ------------------------------------------------------------------


def _cli(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_several_outputs_at_once_from_the_same_run(tmp_path):
    result = _cli("all", "--workspace", str(SOLUTIONS), "--no-record",
                  "--output", f"junit:{tmp_path / 'r.xml'}", "--output", f"gradescope:{tmp_path / 'g.json'}",
                  "--output", f"github:{tmp_path / 'gh.txt'}", "--output", f"json:{tmp_path / 'run.json'}")
    assert result.exit_code == 0
    assert "Total:" in result.stdout  # the text report still goes to stdout
    doc = json.loads((tmp_path / "run.json").read_text())
    assert doc["score"] == doc["max_score"] == json.loads((tmp_path / "g.json").read_text())["score"]
    assert {r["status"] for r in github.parse((tmp_path / "gh.txt").read_text()).values()} == {"pass"}
    assert ET.parse(tmp_path / "r.xml").getroot().get("failures") == "0"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_machine_format_on_stdout_is_exactly_one_document(tmp_path):
    result = _cli("lesson02", "--workspace", str(EXERCISES), "--no-record", "--format", "gradescope")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, _schema("gradescope-results.schema.json"))
    result = _cli("lesson02", "--workspace", str(EXERCISES), "--no-record", "--format", "junit")
    assert ET.fromstring(result.stdout.encode()).tag == "testsuites"
    bare = _cli("lesson01", "-w", str(SOLUTIONS), "--no-record", "--format", "junit",
                "--output", str(tmp_path / "bare.xml"))
    assert bare.exit_code == 0 and (tmp_path / "bare.xml").read_text().startswith("<?xml")


def test_format_github_appends_the_runners_to_github_output(tmp_path):
    target = tmp_path / "out"
    result = _cli("lesson01", "-w", str(SOLUTIONS), "--no-record", "--format", "github",
                  env={"GITHUB_OUTPUT": str(target)})
    assert result.exit_code == 0
    assert target.read_text().strip() == result.stdout.strip()
    assert list(github.parse(result.stdout)) == ["lesson01dot", "lesson01outer", "lesson01hadamard", "lesson01matmul"]


def test_min_score_sets_the_exit_code(tmp_path):
    workspace = copy_solutions(tmp_path / "ws")
    (workspace / "lesson01_vectors.py").write_text(
        (EXERCISES / "lesson01_vectors.py").read_text(encoding="utf-8"))
    common = ("all", "-w", str(workspace), "--no-record")
    total = sum(e.points for lesson in load_course().lessons for e in lesson.exercises)
    earned = total - sum(e.points for e in load_course().lesson("lesson01").exercises)
    percent = 100 * earned / total
    assert _cli(*common).exit_code == 1  # not everything passed
    assert _cli(*common, "--min-score", f"{earned:g}").exit_code == 0
    assert _cli(*common, "--min-score", f"{earned + 1:g}").exit_code == 1
    assert _cli(*common, "--min-score", f"{int(percent)}%").exit_code == 0
    assert _cli(*common, "--min-score", f"{int(percent) + 1}%").exit_code == 1


@pytest.mark.parametrize("args", [
    ("--output", "report.xml"),
    ("--output", "junit:"),
    ("--min-score", "lots"),
    ("--min-score", "120%"),
])
def test_unusable_output_or_gate_is_a_usage_error(args, tmp_path):
    result = _cli("lesson01", "-w", str(SOLUTIONS), "--no-record", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("grade: error:")


def test_bad_gradescope_visibility_is_a_usage_error():
    result = _cli("lesson01", "-w", str(SOLUTIONS), "--no-record", "--format", "gradescope",
                  env={"GRADE_GRADESCOPE_VISIBILITY": "sometimes"})
    assert result.exit_code == 2


def test_missing_references_are_a_usage_error_not_a_traceback(tmp_path):
    env = {**os.environ, "GRADE_REFERENCE": str(tmp_path / "nowhere")}
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "-w", str(SOLUTIONS),
                           "--no-record"], env=env, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "reference" in proc.stderr and "Traceback" not in proc.stderr


def test_gate_parsing():
    assert Gate.parse("7.5").threshold(10) == 7.5
    assert Gate.parse("80%").threshold(20) == 16
    with pytest.raises(GateError):
        Gate.parse("-1")
    with pytest.raises(GateError):
        Gate.parse("nan")


def test_junit_follows_the_jenkins_xunit_schema(mixed, solved, stubs):
    """junit-10.xsd, the schema Jenkins' xunit plugin validates with (rules in junit_jenkins)."""
    from junit_jenkins import violations

    for run in (mixed, solved, stubs):
        assert violations(junit.render_run(run)) == []
    # the rules are not a formality: a testcase ``file`` attribute, as GitLab reads it, breaks them
    broken = junit.render_run(mixed).replace("<testcase ", '<testcase file="x.py" ', 1)
    assert violations(broken) == ["testsuites/testsuite[0]/testcase[1]: attribute 'file' is not "
                                  "allowed on <testcase>"]
    assert violations('<testsuites><testsuite name="a"/></testsuites>')  # counts are required


def test_junit_reads_back_with_junitparser_as_the_run_it_reports(mixed):
    """junitparser, a JUnit consumer library, reads the same counts, outcomes and output."""
    junitparser = pytest.importorskip("junitparser")
    text = junit.render_run(mixed, relative_to=Path("/"))
    parsed = junitparser.JUnitXml.fromstring(text)
    files = [suite.get("file") for suite in ET.fromstring(text.encode("utf-8")).iter("testsuite")]
    assert files == [str(Path(lesson.workspace, lesson.file)).lstrip("/") for lesson in mixed.lessons]
    suites = {suite.name: suite for suite in parsed}
    assert list(suites) == [lesson.lesson for lesson in mixed.lessons]
    for lesson in mixed.lessons:
        suite = suites[lesson.lesson]
        cases = list(suite)
        checks = [c for e in lesson.exercises for c in e.checks]
        assert suite.tests == len(cases) == len(checks)
        for case, check in zip(cases, checks):
            kinds = {type(r).__name__ for r in case.result}
            if check.outcome is Outcome.PASSED:
                assert kinds == set() and case.is_passed
            elif check.outcome is Outcome.FAILED:
                assert kinds == {"Failure"}
            elif check.outcome in (Outcome.ERROR, Outcome.TIMEOUT):
                assert kinds == {"Error"}
            # GitLab reads system-out only inside a testcase: each case carries what was printed
            if lesson.output.strip():
                assert case.system_out is not None and lesson.file in case.system_out
            else:
                assert case.system_out is None
    printed = [case.system_out for case in suites["lesson03"]]
    assert printed and all("\\x1b[31mred\\x00" in text for text in printed)


def test_junit_file_is_the_path_in_the_repository(tmp_path):
    """From a repository's root, as GitLab CI runs it: ``file`` is ``exercises/<lesson file>``."""
    project = tmp_path / "repo"
    copy_solutions(project / "exercises")
    env = {**os.environ, "GRADE_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "--no-record",
                           "--format", "junit", "--output", "junit:grade-junit.xml"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for text in (done.stdout, (project / "grade-junit.xml").read_text(encoding="utf-8")):
        root = ET.fromstring(text.encode("utf-8"))
        assert [s.get("file") for s in root.iter("testsuite")] == ["exercises/lesson01_vectors.py"]
        assert all("file" not in case.attrib for case in root.iter("testcase"))
    outside = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "--no-record",
                              "--format", "junit", "-w", str(project / "exercises")],
                             cwd=tmp_path / "repo" / "exercises", env=env, capture_output=True,
                             text=True, timeout=120)
    assert outside.returncode == 0, outside.stderr
    root = ET.fromstring(outside.stdout.encode("utf-8"))
    assert [s.get("file") for s in root.iter("testsuite")] == ["lesson01_vectors.py"]
