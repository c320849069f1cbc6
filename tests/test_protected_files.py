"""Learner code that writes or deletes files outside its scratch folder.

With namespaces the whole file system is read-only for learner code (the write fails and
the exercise says so); without, the grader detects what matters and repairs or voids it:
a progress history that lost runs is restored from the copy taken before grading, and a
lesson that changed the reference solutions on disk counts for nothing.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SOLUTIONS, copy_solutions
from test_hostile import ISOLATION

from grader.cli import main

VANDAL = '''

_dot = dot


def dot(a, b):
    import os
    from pathlib import Path

    Path("@@WORKSPACE@@", "notes.txt").write_text("written by dot")
    Path("@@WORKSPACE@@", "lesson02_norms.py").unlink()
    os.remove("@@DB@@")
    Path("@@REFERENCE@@", "lesson01_vectors.py").write_text("def dot(a, b):\\n    return 0.0\\n")
    return _dot(a, b)
'''


def runs(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    workspace = copy_solutions(tmp_path / "ws")
    reference = copy_solutions(tmp_path / "reference")
    monkeypatch.setenv("GRADE_REFERENCE", str(reference))
    db = tmp_path / "reports" / "progress.sqlite"
    assert CliRunner().invoke(main, ["all", "-w", str(workspace), "--progress", str(db)]).exit_code == 0
    source = VANDAL.replace("@@WORKSPACE@@", str(workspace)).replace("@@DB@@", str(db)) \
        .replace("@@REFERENCE@@", str(reference))
    lesson = workspace / "lesson01_vectors.py"
    lesson.write_text(lesson.read_text(encoding="utf-8") + source, encoding="utf-8")
    return workspace, reference, db


def _grade(workspace: Path, db: Path) -> tuple[int, dict[str, dict[str, object]], str]:
    # One lesson at a time: lesson01's code deletes lesson02's file, and this test states
    # what lesson02 then shows (with lessons graded side by side it may be read first).
    result = CliRunner().invoke(main, ["all", "-w", str(workspace), "--progress", str(db),
                                       "--format", "json", "--jobs", "1"], catch_exceptions=False)
    lessons = {lesson["lesson"]: lesson for lesson in json.loads(result.stdout)["lessons"]}
    return result.exit_code, lessons, result.stderr


@pytest.mark.skipif(not ISOLATION, reason="needs Linux namespaces (root or CAP_SYS_ADMIN)")
def test_with_namespaces_nothing_outside_scratch_can_be_written(
        setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    workspace, reference, db = setup
    monkeypatch.setenv("GRADE_ISOLATION", "1")
    code, lessons, stderr = _grade(workspace, db)
    assert code == 1
    dot = lessons["lesson01"]["exercises"][0]  # type: ignore[index]
    assert dot["status"] == "error" and dot["score"] == 0
    assert dot["messages"][0].startswith("dot tried to write outside its scratch folder")
    assert [e["status"] for e in lessons["lesson01"]["exercises"][1:]] == ["passed"] * 3  # type: ignore[index]
    assert lessons["lesson02"]["passed"] and lessons["lesson03"]["passed"]
    assert not (workspace / "notes.txt").exists()
    assert (workspace / "lesson02_norms.py").exists()
    assert (reference / "lesson01_vectors.py").read_bytes() == (SOLUTIONS / "lesson01_vectors.py").read_bytes()
    assert stderr == ""
    assert runs(db) == 2


def test_without_namespaces_damage_is_repaired_or_voids_the_lesson(
        setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    workspace, reference, db = setup
    monkeypatch.setenv("GRADE_ISOLATION", "0")
    code, lessons, stderr = _grade(workspace, db)
    assert code == 1
    # The reference changed on disk: the whole lesson is void, whatever dot returned.
    lesson01 = lessons["lesson01"]
    assert {e["status"] for e in lesson01["exercises"]} == {"error"}  # type: ignore[union-attr]
    assert lesson01["score"] == 0
    assert str(lesson01["problem"]).startswith(
        "lesson01_vectors.py changed the reference solutions on disk (lesson01_vectors.py)")
    # The history it deleted is back, with this run added; one warning line says so.
    assert stderr.startswith(f"grade: warning: {db} was changed or removed while grading")
    assert len(stderr.strip().splitlines()) == 1
    assert runs(db) == 2
    # Its own workspace is the learner's to change: lesson02 is now missing, and says so.
    assert (workspace / "notes.txt").exists()
    assert {e["status"] for e in lessons["lesson02"]["exercises"]} == {"not_started"}  # type: ignore[union-attr]
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", reference / "lesson01_vectors.py")


FORGER = '''

_dot = dot


def dot(a, b):
    import sqlite3
    conn = sqlite3.connect("@@DB@@")
    run = conn.execute("INSERT INTO runs (time, workspace, score, max_score) VALUES (1e10, '@@WS@@', 70, 70)")
    conn.execute("INSERT INTO attempts (run_id, time, workspace, lesson, exercise, status, score, max_score, "
                 "summary, result) SELECT ?, 1e10, workspace, lesson, exercise, 'passed', max_score, max_score, "
                 "'', result FROM attempts WHERE lesson = 'lesson12'", (run.lastrowid,))
    conn.commit()
    conn.close()
    return _dot(a, b)
'''


def test_without_namespaces_a_forged_history_row_does_not_survive(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain mode: learner code that adds a "passed" run to the history (it can write the
    file) finds it gone: the history is put back as it was before grading, this run added."""
    workspace = tmp_path / "ws"
    workspace.mkdir()
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", workspace)
    db = tmp_path / "reports" / "progress.sqlite"
    monkeypatch.setenv("GRADE_ISOLATION", "0")
    assert CliRunner().invoke(main, ["all", "-w", str(workspace), "--progress", str(db)]).exit_code == 1
    lesson = workspace / "lesson01_vectors.py"
    lesson.write_text(lesson.read_text(encoding="utf-8")
                      + FORGER.replace("@@DB@@", str(db)).replace("@@WS@@", str(workspace)), encoding="utf-8")
    result = CliRunner().invoke(main, ["lesson01", "-w", str(workspace), "--progress", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{db} was changed or removed while grading" in result.stderr
    assert runs(db) == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM runs WHERE time = 1e10").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM attempts WHERE lesson = 'lesson12' AND status = 'passed'"
                            ).fetchone()[0] == 0


POISONER = '''

_dot = dot


def dot(a, b):
    from pathlib import Path

    Path("@@REFERENCE@@", "lesson02_norms.py").write_text("# emptied by lesson01\\n")
    return _dot(a, b)
'''


def test_without_namespaces_a_rewritten_reference_judges_no_later_lesson(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain mode: lesson01's code empties lesson02's reference on disk. Every reference of the
    run was read before any learner code ran, so lesson02 is judged as before, and lesson01,
    which changed a reference, is void."""
    workspace = copy_solutions(tmp_path / "ws")
    reference = copy_solutions(tmp_path / "reference")
    monkeypatch.setenv("GRADE_REFERENCE", str(reference))
    monkeypatch.setenv("GRADE_ISOLATION", "0")
    lesson = workspace / "lesson01_vectors.py"
    lesson.write_text(lesson.read_text(encoding="utf-8") + POISONER.replace("@@REFERENCE@@", str(reference)),
                      encoding="utf-8")
    code, lessons, _stderr = _grade(workspace, tmp_path / "progress.sqlite")
    assert code == 1
    assert lessons["lesson01"]["score"] == 0
    assert str(lessons["lesson01"]["problem"]).startswith("lesson01_vectors.py changed the reference solutions")
    assert lessons["lesson02"]["passed"], lessons["lesson02"]
