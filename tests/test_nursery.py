"""Zygotes forked from a nursery (a class batch's sandboxes) are the zygotes a new
interpreter would be: same confinement, references covered, and a nursery that is gone
only means zygotes start the usual way again."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import SOLUTIONS, copy_solutions

from grader import api
from grader.model import Outcome
from grader.sandbox import nursery
from grader.sandbox.limits import Limits
from grader.sandbox.nursery import Nursery, NurseryChild
from grader.sandbox.runner import Sandbox

pytestmark = pytest.mark.skipif(not nursery.available(), reason="nurseries need Linux pidfds")


def _grade(workspace: Path, warm: Nursery | None) -> dict[str, str]:
    with api.open_sandbox(workspace, nursery=warm) as sandbox:
        run = api.grade(["lesson01"], workspace, sandbox=sandbox)
        return {e.name: e.outcome.value for e in run.lessons[0].exercises}


def test_a_zygote_from_the_nursery_is_confined_as_a_new_one() -> None:
    warm = Nursery()
    try:
        with Sandbox(Limits()) as plain, Sandbox(Limits(), nursery=warm) as forked:
            usual, from_nursery = plain.confinement(), forked.confinement()
            assert isinstance(forked.zygote()._process, NurseryChild)
            assert not isinstance(plain.zygote()._process, NurseryChild)
            for key in ("mode", "namespaces", "user_namespace", "read_only", "landlock", "network_filter",
                        "capabilities_dropped", "not_dumpable"):
                assert from_nursery.get(key) == usual.get(key), key
            assert from_nursery["pid"] != warm._process.pid
    finally:
        warm.close()


def test_sandboxes_from_one_nursery_grade_right_and_wrong_code(tmp_path: Path) -> None:
    solved = copy_solutions(tmp_path / "solved")
    wrong = copy_solutions(tmp_path / "wrong")
    source = (SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8")
    (wrong / "lesson01_vectors.py").write_text(source + "\n\ndef dot(a, b):\n    return 0.0\n", encoding="utf-8")
    warm = Nursery()
    try:
        for _ in range(2):
            assert set(_grade(solved, warm).values()) == {Outcome.PASSED.value}
            graded = _grade(wrong, warm)
            assert graded["dot"] == Outcome.FAILED.value and graded["outer"] == Outcome.PASSED.value
    finally:
        warm.close()


def test_the_references_stay_covered_in_a_zygote_from_the_nursery(tmp_path: Path) -> None:
    from grader.reference import reference_dir

    workspace = copy_solutions(tmp_path / "ws")
    target = reference_dir() / "lesson01_vectors.py"
    source = (SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8")
    # Right only where the reference can be read: a pass would be a leak.
    (workspace / "lesson01_vectors.py").write_text(source + f"""

_solved = dot


def dot(a, b):
    try:
        open({str(target)!r}).read()
    except OSError:
        return 0.0
    return _solved(a, b)
""", encoding="utf-8")
    warm = Nursery()
    try:
        with Sandbox(Limits(), nursery=warm) as sandbox:
            if sandbox.confinement()["mode"] == "plain":
                pytest.skip("plain mode covers nothing (docs/security.md)")
        graded = _grade(workspace, warm)
    finally:
        warm.close()
    assert graded["dot"] == Outcome.FAILED.value


def test_a_dead_nursery_means_zygotes_start_the_usual_way(tmp_path: Path) -> None:
    workspace = copy_solutions(tmp_path / "ws")
    warm = Nursery()
    try:
        os.kill(warm._process.pid, signal.SIGKILL)
        warm._process.wait(timeout=10)
        with Sandbox(Limits(), nursery=warm) as sandbox:
            assert not isinstance(sandbox.zygote()._process, NurseryChild)
        assert set(_grade(workspace, warm).values()) == {Outcome.PASSED.value}
    finally:
        warm.close()


def test_an_ended_zygote_is_seen_as_ended_and_replaced(tmp_path: Path) -> None:
    workspace = copy_solutions(tmp_path / "ws")
    warm = Nursery()
    try:
        with api.open_sandbox(workspace, nursery=warm) as sandbox:
            first = sandbox.zygote()
            first.info()
            assert first.alive and isinstance(first._process, NurseryChild)
            first._process.kill()  # through its pidfd: the zygote is not this process's child
            deadline = time.monotonic() + 10
            while first.alive and time.monotonic() < deadline:
                time.sleep(0.02)
            assert not first.alive
            run = api.grade(["lesson01"], workspace, sandbox=sandbox)
            assert sandbox.zygote() is not first
            assert {e.outcome for e in run.lessons[0].exercises} == {Outcome.PASSED}
    finally:
        warm.close()


def test_a_stopped_nursery_is_given_up_after_one_wait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Learner code in plain mode can stop the nursery (SIGSTOP): one sandbox then waits
    for it once, and from there on zygotes start the usual way, with no wait."""
    monkeypatch.setattr(nursery, "_CONTROL_TIMEOUT", 1.0)
    workspace = copy_solutions(tmp_path / "ws")
    warm = Nursery()
    try:
        with Sandbox(Limits(), nursery=warm) as sandbox:
            assert isinstance(sandbox.zygote()._process, NurseryChild)  # booted and serving
        os.kill(warm._process.pid, signal.SIGSTOP)
        started = time.monotonic()
        with Sandbox(Limits(), nursery=warm) as sandbox:
            assert not isinstance(sandbox.zygote()._process, NurseryChild)
        assert not warm.alive
        waited = time.monotonic() - started
        started = time.monotonic()
        with Sandbox(Limits(), nursery=warm) as sandbox:
            assert not isinstance(sandbox.zygote()._process, NurseryChild)
        assert time.monotonic() - started < waited
        assert set(_grade(workspace, warm).values()) == {Outcome.PASSED.value}
    finally:
        warm.close()
