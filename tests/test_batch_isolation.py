"""A class batch: what can change a verdict is fingerprinted, and no submission reaches another.

Run with ``grade batch`` from the class folder, as an instructor does.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXERCISES, SOLUTIONS

GRADE = Path(sys.executable).with_name("grade")
LESSON = "lesson01_vectors.py"
USES_HELPER = (SOLUTIONS / LESSON).read_text(encoding="utf-8") + '''

def dot(a, b):
    from helper import dot as helper_dot
    return helper_dot(a, b)
'''
WRONG_HELPER = "def dot(a, b):\n    return 0.0\n"
RIGHT_HELPER = (SOLUTIONS / LESSON).read_text(encoding="utf-8")  # its dot is the reference's


def _batch(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(GRADE), "batch", "subs", "--lesson", "lesson01"], cwd=folder, capture_output=True,
                          text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "GRADE_LANG": "en", "HOME": str(folder), **env})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _rows(folder: Path) -> dict[str, dict[str, str]]:
    with open(folder / "grades" / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        return {row["student"]: row for row in csv.DictReader(stream)}


def _statuses(folder: Path) -> dict[str, str]:
    summary = json.loads((folder / "grades" / "summary.json").read_text(encoding="utf-8"))
    return {s["student"]: s["status"] for s in summary["students"]}


def test_a_fixed_helper_module_is_graded_again(tmp_path: Path) -> None:
    alice = tmp_path / "subs" / "alice"
    alice.mkdir(parents=True)
    (alice / LESSON).write_text(USES_HELPER, encoding="utf-8")
    (alice / "helper.py").write_text(WRONG_HELPER, encoding="utf-8")
    _batch(tmp_path)
    assert _rows(tmp_path)["alice"]["total"] == "3"
    (alice / "helper.py").write_text(RIGHT_HELPER, encoding="utf-8")
    _batch(tmp_path)
    assert _statuses(tmp_path)["alice"] == "graded"
    assert _rows(tmp_path)["alice"]["total"] == "4"
    _batch(tmp_path)
    assert _statuses(tmp_path)["alice"] == "unchanged"


def test_state_files_cannot_collide_with_student_names(tmp_path: Path) -> None:
    """``alice.result`` was alice's temporary result file's name."""
    for student, source in (("alice", SOLUTIONS), ("alice.result", EXERCISES), ("alice.json", EXERCISES)):
        (tmp_path / "subs" / student).mkdir(parents=True)
        shutil.copy(source / LESSON, tmp_path / "subs" / student)
    for _ in range(2):
        _batch(tmp_path)
        rows = _rows(tmp_path)
        assert {name: row["total"] for name, row in rows.items()} == {
            "alice": "4", "alice.result": "0", "alice.json": "0"}


@pytest.mark.parametrize("mode", ["auto", "plain"])
def test_a_helper_linked_to_a_classmate_is_not_graded(tmp_path: Path, mode: str) -> None:
    """In every mode, plain included: a link out of the submission folder is refused."""
    subs = tmp_path / "subs"
    (subs / "bob").mkdir(parents=True)
    shutil.copy(SOLUTIONS / LESSON, subs / "bob")
    (subs / "bob" / "helper.py").write_text(RIGHT_HELPER, encoding="utf-8")
    (subs / "mallory").mkdir()
    (subs / "mallory" / LESSON).write_text(USES_HELPER, encoding="utf-8")
    (subs / "mallory" / "helper.py").symlink_to(Path("..", "bob", "helper.py"))
    _batch(tmp_path, GRADE_CONFINEMENT=mode)
    rows = _rows(tmp_path)
    assert (rows["bob"]["total"], rows["mallory"]["total"]) == ("4", "0")
    assert "mallory/helper.py is a link to something outside the submission folder" in rows["mallory"]["note"]


def _confined() -> bool:
    from grader.sandbox.choice import confinement_here

    return confinement_here() in ("namespaces", "user-namespaces", "landlock")


READS_CLASSMATE = (SOLUTIONS / LESSON).read_text(encoding="utf-8") + '''

def dot(a, b):
    namespace = {}
    exec(open(@@BOB@@, encoding="utf-8").read(), namespace)
    return namespace["dot"](a, b)
'''


@pytest.mark.skipif(not _confined(), reason="plain mode hides no file (docs/security.md)")
def test_a_submission_cannot_read_a_classmate_by_path(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    (subs / "bob").mkdir(parents=True)
    shutil.copy(SOLUTIONS / LESSON, subs / "bob")
    (subs / "eve").mkdir()
    (subs / "eve" / LESSON).write_text(READS_CLASSMATE.replace("@@BOB@@", repr(os.fspath(subs / "bob" / LESSON))),
                                       encoding="utf-8")
    _batch(tmp_path)
    rows = _rows(tmp_path)
    # eve's dot errs; her file runs text with exec, so outer's and matmul's "built it
    # yourself" cannot be verified either: 4 - 1 - 1/3 - 1/5
    assert (rows["bob"]["total"], rows["eve"]["total"]) == ("4", "2.4667")
    result = json.loads((tmp_path / "grades" / "eve.json").read_text(encoding="utf-8"))
    dot = next(e for e in result["lessons"][0]["exercises"] if e["name"] == "dot")
    assert dot["status"] == "error"


def test_the_folders_a_batch_hides_are_covered_in_the_sandbox(tmp_path: Path) -> None:
    """With namespaces, everything beside a submission's folder (the other submissions, a
    bare file) and the results folder are covered by an empty file system or an empty file
    (Landlock, the second layer, never lets learner code read them either)."""
    from grader import api

    subs = tmp_path / "subs"
    for name in ("alice", "bob", "carol"):
        (subs / name).mkdir(parents=True)
    (subs / "dave.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "grades").mkdir()
    with api.open_sandbox(subs / "alice", hide=[tmp_path / "grades"], alone=subs / "alice") as sandbox:
        info = sandbox.confinement()
    if info.get("mode") not in ("namespaces", "user-namespaces"):
        pytest.skip("no mount namespace here")
    covered = {Path(p).name for p in info["hidden"]}
    assert {"bob", "carol", "dave.py", "grades"} <= covered and "alice" not in covered


def test_report_class_refuses_a_helper_linked_to_a_classmate(tmp_path: Path) -> None:
    """``grade report --class`` over student workspaces, plain mode included."""
    classroom = tmp_path / "class"
    (classroom / "bob").mkdir(parents=True)
    shutil.copy(SOLUTIONS / LESSON, classroom / "bob")
    (classroom / "bob" / "helper.py").write_text(RIGHT_HELPER, encoding="utf-8")
    (classroom / "mallory").mkdir()
    (classroom / "mallory" / LESSON).write_text(USES_HELPER, encoding="utf-8")
    (classroom / "mallory" / "helper.py").symlink_to(Path("..", "bob", "helper.py"))
    done = subprocess.run([str(GRADE), "report", "--class", "class"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, env={"PATH": "/usr/bin:/bin", "GRADE_LANG": "en", "HOME": str(tmp_path),
                                            "GRADE_CONFINEMENT": "plain"})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    with open(classroom / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["student"]: row for row in csv.DictReader(stream)}
    assert rows["bob"]["total"] == "4" and rows["mallory"]["total"] in ("0", "")
    assert "mallory/helper.py is a link to something outside the student's folder" in rows["mallory"]["note"]
