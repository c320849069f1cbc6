"""A lesson that imports another: the worker gets that file's bytes from the grader, when it
first imports it, and never from anywhere else.

The import request carries the graded lesson's own bytes; another lesson module
(``from lesson07_perceptron import AND``) is asked for by the worker and answered with the
bytes the grader reads then, under the same rules as before: a file that is a link into
the references, missing or too large cannot be imported at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SOLUTIONS, copy_solutions

from grader import api
from grader.engine import run
from grader.model import Outcome
from grader.sandbox.runner import MAX_ASKED


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The other lessons' files the grader reads for its workers, by module name."""
    asked: list[str] = []
    real = run.LessonFiles.read

    def read(self: run.LessonFiles, name: str) -> tuple[str, bytes] | None:
        asked.append(name)
        return real(self, name)

    monkeypatch.setattr(run.LessonFiles, "read", read)
    return asked


def test_a_lesson_reads_only_the_lesson_files_its_code_imports(tmp_path: Path, reads: list[str]) -> None:
    ws = copy_solutions(tmp_path / "ws")
    first = api.grade(["lesson01"], ws, parallel=1).lessons[0]
    assert first.passed and reads == []  # it imports no other lesson: none is read
    xor = api.grade(["lesson08"], ws, parallel=1).lessons[0]
    assert xor.passed and reads and set(reads) == {"lesson07_perceptron"}


def test_the_imported_lesson_runs_the_bytes_read_and_a_late_edit_is_not_seen(tmp_path: Path, monkeypatch) -> None:
    """The bytes are read once per lesson graded: every worker of lesson 08 runs the same
    lesson07_perceptron, even if the file changes while the lesson is graded."""
    ws = copy_solutions(tmp_path / "ws")
    real = run.LessonFiles.read

    def read_then_edit(self: run.LessonFiles, name: str) -> tuple[str, bytes] | None:
        found = real(self, name)
        (ws / "lesson07_perceptron.py").write_text("raise SystemExit('edited after it was read')\n",
                                                   encoding="utf-8")
        return found

    monkeypatch.setattr(run.LessonFiles, "read", read_then_edit)
    assert api.grade(["lesson08"], ws, parallel=1).lessons[0].passed


@pytest.mark.parametrize("how", ["linked", "missing", "large"])
def test_another_lesson_the_grader_refuses_cannot_be_imported_and_the_feedback_says_why(
        tmp_path: Path, reads: list[str], how: str) -> None:
    ws = copy_solutions(tmp_path / "ws")
    other = ws / "lesson07_perceptron.py"
    other.unlink()
    if how == "linked":
        other.symlink_to(SOLUTIONS / "lesson07_perceptron.py")
    elif how == "large":
        other.write_text((SOLUTIONS / "lesson07_perceptron.py").read_text(encoding="utf-8")
                         + "#" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    xor = api.grade(["lesson08"], ws, parallel=1).lessons[0]
    assert reads == ["lesson07_perceptron"] and not xor.passed
    assert all(e.outcome is Outcome.ERROR for e in xor.exercises)
    message = xor.exercises[0].checks[0].message
    assert "imports lesson07_perceptron, but lesson07_perceptron.py" in message.en
    assert {"linked": "is a link to a file outside the workspace", "missing": "is not in the workspace",
            "large": "is larger than 4 MiB"}[how] in message.en
    assert "lesson07_perceptron.py" in message.zh and "课时文件" in message.zh


FLOOD = '''

def _flood():
    import gc, json, struct
    session = next(o for o in gc.get_objects() if type(o).__name__ == "Session" and hasattr(o, "call_id"))
    conn = session.conn
    for _ in range(COUNT):
        body = json.dumps({"interim": True, "id": session.call_id, "need": "lesson02_norms"}).encode()
        conn.sendall(struct.pack(">I", len(body)) + body)


_solved_dot = dot


def dot(a, b):
    _flood()
    return _solved_dot(a, b)
'''


@pytest.mark.parametrize("count", [3, 100])
def test_a_worker_asking_for_lesson_files_without_end_is_stopped(tmp_path: Path, count: int) -> None:
    """Learner code that forges requests for lesson files on the worker's connection gets
    a few answered (its own workspace's files, which it could read anyway), and changes no
    verdict; past ``MAX_ASKED`` in one call the worker is ended as garbled, and dot earns
    nothing. The other exercises are graded as usual either way."""
    ws = copy_solutions(tmp_path / "ws")
    path = ws / "lesson01_vectors.py"
    path.write_text(path.read_text(encoding="utf-8") + FLOOD.replace("COUNT", str(count)), encoding="utf-8")
    lesson = api.grade(["lesson01"], ws, parallel=1).lessons[0]
    by_name = {e.name: e for e in lesson.exercises}
    # The file reaches into the worker (gc.get_objects): "built it yourself" cannot be
    # verified and earns nothing; every other check passes.
    built = {"dot": 0.75, "outer": 2 / 3, "matmul": 0.8}
    for name, e in by_name.items():
        if name != "dot":
            assert e.score == pytest.approx(built.get(name, e.max_score)), (name, e.messages("en"))
    if count < MAX_ASKED:
        assert by_name["dot"].score == pytest.approx(0.75)
        assert "reaches into the running interpreter" in "\n".join(by_name["dot"].messages("en"))
        return
    assert by_name["dot"].score == 0 and by_name["dot"].outcome is Outcome.ERROR
    assert "wrote into the grader's connection" in by_name["dot"].checks[0].message.en
