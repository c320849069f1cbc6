"""End to end, as the CI would: fresh virtualenvs, real installs from the package index.

Slow and needs the package index, so it runs only with GRADE_E2E=1:

    GRADE_E2E=1 python -m pytest tests/test_classroom_e2e.py

1. GitHub: build this project's wheel, export the student repository pinned to it
   (a file URL with its hash), create a fresh virtualenv (standing in for
   actions/setup-python), and run every step of the generated workflow, install
   included; the Classroom reporter's computation gets the points.
2. Gradescope: unzip the bundle into a scratch /autograder (AUTOGRADER_ROOT), run its
   setup.sh (which builds its own virtualenv and installs the bundled grader), copy
   run_autograder where Gradescope puts it, and grade a submission.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SOLUTIONS

from grader.cli import main
from grader.course import load_course

pytestmark = pytest.mark.skipif(os.environ.get("GRADE_E2E") != "1",
                                reason="end-to-end CI runs need GRADE_E2E=1 and the package index")
yaml = pytest.importorskip("yaml")
jsonschema = pytest.importorskip("jsonschema")
from ci_emulation import base_environment, run_github_job  # noqa: E402

SCHEMAS = Path(__file__).resolve().parent / "schemas"
COURSE = load_course()
LESSON01 = COURSE.lesson("lesson01")
LESSON01_POINTS = sum(e.points for e in LESSON01.exercises)
MAX_SCORE = sum(e.points for lesson in COURSE.lessons for e in lesson.exercises)
PYTHON = shutil.which("python3") or sys.executable


def _wheel(folder: Path) -> str:
    """This project built as a wheel, as the instructor publishes it: its URL and hash."""
    subprocess.run([PYTHON, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder), str(ROOT)],
                   check=True, timeout=900)
    (wheel,) = folder.glob("dl_math_grader-*.whl")
    return f"{wheel.as_uri()}#sha256={hashlib.sha256(wheel.read_bytes()).hexdigest()}"


def test_github_workflow_in_a_fresh_virtualenv(tmp_path):
    """The workflow installs the pinned grader (here a wheel by URL and hash, as
    ``--grader`` takes it) into its own virtualenv outside the checkout."""
    repo, secret = tmp_path / "student", tmp_path / "references.b64"
    result = CliRunner().invoke(main, ["export", "student", str(repo), "--reference-secret", str(secret),
                                       "--grader", _wheel(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    shutil.copy(SOLUTIONS / LESSON01.file, repo / "exercises")
    venv = tmp_path / "venv"
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
    job = run_github_job(repo / ".github/workflows/classroom.yml", repo, tmp_path / "runner",
                         base_environment(venv / "bin"), {"GRADE_REFERENCES": secret.read_text().strip()})
    install = job.step("Install the grader")
    assert install.returncode == 0, install.stderr
    assert job.step("Grade").returncode == 1  # lesson01 done, the rest not started
    assert job.reporter["points"] == LESSON01_POINTS
    assert job.reporter["max_points"] == MAX_SCORE
    schema = json.loads((SCHEMAS / "github-classroom-result.schema.json").read_text())
    for result in job.reporter["results"].values():
        jsonschema.validate(result, schema)
    assert job.reporter["log_points"] == pytest.approx(job.reporter["points"], abs=1e-9)
    print(job.step("Grade").stdout)


def test_gradescope_bundle_setup_and_run(tmp_path):
    bundle = tmp_path / "autograder.zip"
    assert CliRunner().invoke(main, ["ci", "init", "gradescope", "-o", str(bundle)]).exit_code == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    for script in ("setup.sh", "run_autograder"):  # zipfile does not restore modes
        (root / "source" / script).chmod(0o755)
    env = {**base_environment(), "AUTOGRADER_ROOT": str(root), "GRADE_PYTHON": PYTHON}
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root / "source", env=env,
                           capture_output=True, text=True, timeout=900)
    assert setup.returncode == 0, setup.stderr
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    for lesson in COURSE.lessons:
        shutil.copy(SOLUTIONS / lesson.file, root / "submission")
    (root / "submission" / LESSON01.file).write_text("def dot(:\n")
    run = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, json.loads((SCHEMAS / "gradescope-results.schema.json").read_text()))
    assert results["score"] == MAX_SCORE - LESSON01_POINTS
    print(json.dumps(results, indent=1)[:2000])
