"""Which confinement grading gets, how it is reported, and Landlock's rules.

The hostile corpus (test_hostile.py, and test_unprivileged.py as an ordinary user) shows
what each mode stops; here: ``GRADE_CONFINEMENT`` forces a mode, ``grade`` names it in
its JSON and with ``--verbose``, ``grade batch`` warns when there is none, and a folder
holding the references is allowed without them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SOLUTIONS

from grader.sandbox import landlock
from grader.sandbox.limits import Limits
from grader.sandbox.runner import Sandbox

LANDLOCK = landlock.abi() >= 1


def _grade(args: list[str], cwd: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GRADE_CONFINEMENT": mode}
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A learner's folder: exercises/ solved, as `grade` finds it by default."""
    shutil.copytree(SOLUTIONS, tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


@pytest.mark.parametrize("mode", ["plain", pytest.param("landlock", marks=pytest.mark.skipif(
    not LANDLOCK, reason="needs Landlock"))])
def test_grade_names_its_confinement_in_json_and_verbose(course: Path, mode: str) -> None:
    done = _grade(["lesson01", "--format", "json", "--no-record", "--no-report"], course, mode)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["confinement"] == mode
    done = _grade(["all", "--format", "json", "--no-record", "--no-report"], course, mode)
    assert json.loads(done.stdout)["confinement"] == mode
    assert all(lesson["confinement"] == mode for lesson in json.loads(done.stdout)["lessons"])
    done = _grade(["lesson01", "--verbose", "--no-record", "--no-report"], course, mode)
    assert f"Learner code ran confined by: {mode}" in done.stdout
    quiet = _grade(["lesson01", "--no-record", "--no-report"], course, mode)
    assert "confined by" not in quiet.stdout


def test_the_strongest_mode_is_taken_unless_one_is_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADE_CONFINEMENT", raising=False)
    with Sandbox(Limits()) as sandbox:
        strongest = sandbox.confinement()["mode"]
    if os.geteuid() == 0 and sys.platform.startswith("linux"):
        assert strongest == "namespaces"
    monkeypatch.setenv("GRADE_CONFINEMENT", "plain")
    with Sandbox(Limits()) as sandbox:
        assert sandbox.confinement()["mode"] == "plain"
    monkeypatch.setenv("GRADE_CONFINEMENT", "nonsense")  # ignored: the limits' choice stands
    with Sandbox(Limits()) as sandbox:
        assert sandbox.confinement()["mode"] == strongest
    with pytest.raises(ValueError, match="unknown confinement"):
        Limits().with_overrides(confinement="bwrap")


def _batch(course: Path, mode: str) -> subprocess.CompletedProcess[str]:
    submissions = course / "submissions"
    (submissions / "alice").mkdir(parents=True, exist_ok=True)
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", submissions / "alice")
    return _grade(["batch", "submissions", "--lesson", "lesson01", "--out", f"grades-{mode}"], course, mode)


def test_grade_batch_warns_once_when_learner_code_runs_unconfined(course: Path) -> None:
    done = _batch(course, "plain")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "without confinement" in warnings[0]
    assert done.stderr.startswith("grade: warning:")  # before anything else: before grading


@pytest.mark.skipif(not LANDLOCK, reason="needs Landlock")
def test_grade_batch_says_nothing_when_confined(course: Path) -> None:
    done = _batch(course, "landlock")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr


def test_a_folder_holding_the_references_is_allowed_without_them(tmp_path: Path) -> None:
    package = tmp_path / "grader"
    (package / "_materials" / "solutions").mkdir(parents=True)
    (package / "_materials" / "exercises").mkdir()
    (package / "api.py").write_text("")
    hidden = str(package / "_materials" / "solutions")
    rules = dict(landlock.plan([str(package)], [], [hidden]))
    assert rules[str(package)] == landlock.LIST
    assert rules[str(package / "_materials")] == landlock.LIST
    assert rules[str(package / "api.py")] == landlock.READ
    assert rules[str(package / "_materials" / "exercises")] == landlock.READ
    assert hidden not in rules
    assert landlock.plan([hidden], [], [hidden]) == []
    assert dict(landlock.plan([str(tmp_path / "elsewhere")], [], [hidden])) == {}  # missing: no rule
    assert landlock.plan([str(ROOT / "grader")], [], [hidden]) == [(str(ROOT / "grader"), landlock.READ)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")
def test_the_network_filter_is_built_once_and_still_refuses_sockets_in_each_child() -> None:
    """The zygote builds the seccomp program before it forks; each worker only installs it.
    Installed from the prepared program, it still refuses an Internet socket and allows a
    Unix one, in every child that installs it."""
    import socket

    from grader.sandbox import seccomp

    if not seccomp.supported():
        pytest.skip("no system call table here")
    program = seccomp.prepare()
    assert program is not None and seccomp.prepare() is program
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # the child: install, then try
            code = 1
            try:
                if seccomp.refuse_network():
                    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close()
                    try:
                        socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    except PermissionError:
                        code = 0
            finally:
                os._exit(code)
        assert os.waitpid(pid, 0)[1] == 0
