"""The ``grade`` command starts its zygote before it reads its command line (``grader.cli.early``).

What learner code meets must not change (the hostile corpus runs through this path too:
``test_hostile.py::test_hostile_submission_through_a_zygote_started_early``); here: which
commands get one, that the sandbox uses it, and that one never used ends with the grader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SOLUTIONS

from grader.cli.early import grades
from grader.sandbox.limits import Limits
from grader.sandbox.runner import Sandbox, start_zygote_early


@pytest.mark.parametrize("args", [["lesson01"], ["all"], ["lesson12", "-w", "x"], ["--lang", "zh", "lesson03"],
                                  ["--lang=zh", "all"], ["LESSON04"], ["7"], ["lesson01", "--help"]])
def test_a_grading_command_gets_an_early_zygote(args: list[str]) -> None:
    assert grades(args)


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["--version"], ["list"], ["watch"], ["next"],
                                  ["batch", "subs"], ["init", "lesson01"], ["--lang", "zh", "status"],
                                  ["--help", "lesson01"], ["hint", "lesson06"], ["leson04"], ["lesson123"]])
def test_other_commands_start_none(args: list[str]) -> None:
    assert not grades(args)


def _early_processes() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"main_when_told" in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _gone(pid: int) -> bool:
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork runner's zygote")
def test_the_sandbox_takes_the_early_zygote_and_confines_it_the_same() -> None:
    with Sandbox(Limits()) as usual:
        expected = usual.confinement()
    early = start_zygote_early()
    assert early is not None
    with Sandbox(Limits(), hidden=(SOLUTIONS,), early=early) as sandbox:
        info = sandbox.confinement()
        assert info["mode"] == expected["mode"]
        assert sandbox.zygote()._process is early.process  # the one started early, not a new one
    assert early.process.poll() is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork runner's zygote")
def test_an_early_zygote_never_used_ends_with_its_sandbox() -> None:
    early = start_zygote_early()
    assert early is not None
    Sandbox(Limits(), early=early).close()
    assert early.process.poll() is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork runner's zygote")
def test_a_command_that_fails_leaves_no_early_zygote(tmp_path: Path) -> None:
    """`grade lesson99` looks like grading, starts a zygote, then fails: it must not linger."""
    before = set(_early_processes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "grader.cli", "lesson99"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "unknown lesson or command 'lesson99'" in done.stderr
    assert all(_gone(pid) for pid in set(_early_processes()) - before)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork runner's zygote")
def test_grade_runs_learner_code_in_the_early_zygote(tmp_path: Path) -> None:
    """The real command: its workers are the early zygote's children, confined as ever."""
    workspace = tmp_path / "exercises"
    workspace.mkdir()
    (workspace / "lesson01_vectors.py").write_text(
        (SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8")
        + "\nimport os as _os\n_PARENT = open(f'/proc/{_os.getppid()}/cmdline', 'rb').read()\n"
          "def hadamard(a, b):\n"
          "    raise ValueError('parent=' + ('early' if b'main_when_told' in _PARENT else 'usual'))\n",
          encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GRADE_CONFINEMENT": "plain"}
    done = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "--format", "json", "--no-record",
                           "--no-report"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    hadamard = next(e for e in report["exercises"] if e["name"] == "hadamard")
    assert hadamard["status"] != "passed"
    assert "parent=early" in json.dumps(hadamard), hadamard  # the worker's parent: the early zygote
