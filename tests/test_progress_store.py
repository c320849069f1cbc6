"""The progress history keeps its guarantees: atomic, concurrent, never replaces a stranger's file."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT, SUBMISSIONS, copy_solutions

from grader.course import load_course
from grader.i18n import tr
from grader.model import CheckResult, ExerciseResult, LessonResult, Outcome, RunResult
from grader.progress import SCHEMA, ProgressError, ProgressStore, ProgressUnavailable

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def synthetic_run(workspace: str = "/ws", lessons: int = 3, exercises: int = 6, passed: int = 3,
                  payload: int = 0) -> RunResult:
    """A run of ``lessons`` x ``exercises``; the first ``passed`` of each lesson pass."""
    out = []
    for n in range(1, lessons + 1):
        results = []
        for i in range(exercises):
            ok = i < passed
            check = CheckResult("c", tr("a check", "一个检查"), Outcome.PASSED if ok else Outcome.FAILED,
                                None if ok else tr("wrong sign", "符号错了"), tr("call: f(1)", "调用：f(1)"),
                                () if ok else ("x:sign",), data={"figure": {"kind": "table", "rows": [[1]] * payload}})
            results.append(ExerciseResult(f"ex{i}", check.outcome, 1.0 if ok else 0.0, 1.0, (check,)))
        out.append(LessonResult(f"lesson{n:02d}", f"lesson{n:02d}_x.py", workspace, tuple(results)))
    return RunResult(tuple(out))


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def run_sizes(path: Path) -> dict[int, int]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT run_id, COUNT(*) FROM attempts GROUP BY run_id").fetchall())
    finally:
        conn.close()


def test_record_and_read_back(tmp_path):
    store = ProgressStore(tmp_path / "reports" / "progress.sqlite")
    assert store.history("/ws").attempts == ()
    assert not store.path.exists(), "reading must never create the file"
    store.record(synthetic_run(), when=1000.0)
    store.record(synthetic_run(passed=6), when=2000.0)
    history = store.history("/ws")
    assert len(history.attempts) == 36
    assert {a.run for a in history.attempts} == {1, 2}
    latest = history.latest[("lesson01", "ex5")]
    assert latest.outcome is Outcome.PASSED
    first = next(a for a in history.attempts if a.exercise == "ex5" and a.lesson == "lesson01")
    assert first.status == "failed" and first.summary == "wrong sign" and first.time == 1000.0
    assert store.history("/elsewhere").attempts == ()


@pytest.mark.parametrize("content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_corrupt_file_is_left_untouched(tmp_path, content):
    path = tmp_path / "progress.sqlite"
    path.write_bytes(content)
    store = ProgressStore(path)
    for action in (lambda: store.record(synthetic_run()), lambda: store.history("/ws")):
        with pytest.raises(ProgressError) as caught:
            action()
        assert not isinstance(caught.value, ProgressUnavailable)
        assert "left untouched" in str(caught.value)
        assert "未被改动" in caught.value.text.zh
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite"]


def test_another_programs_database_is_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProgressError, match="another program"):
        ProgressStore(path).record(synthetic_run())
    assert path.read_bytes() == before


def test_a_history_from_a_newer_grader_is_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite"
    ProgressStore(path).record(synthetic_run())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA + 1),))
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProgressError, match="newer version"):
        ProgressStore(path).record(synthetic_run())
    assert path.read_bytes() == before


def test_an_empty_file_becomes_a_history(tmp_path):
    path = tmp_path / "progress.sqlite"
    path.touch()
    ProgressStore(path).record(synthetic_run())
    assert len(ProgressStore(path).history("/ws").attempts) == 18


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    from test_progress_store import synthetic_run
    from grader.progress import ProgressStore
    store = ProgressStore(Path(sys.argv[1]))
    run = synthetic_run(payload=200)
    print("ready", flush=True)
    for _ in range(int(sys.argv[2])):
        store.record(run)
""")


def _writer(db: Path, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(count), str(Path(__file__).parent)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_writers_at_once_lose_nothing(tmp_path):
    db = tmp_path / "fresh" / "progress.sqlite"  # both race to create it, too
    writers = [_writer(db, 25) for _ in range(2)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    sizes = run_sizes(db)
    assert len(sizes) == 50 and set(sizes.values()) == {18}
    assert integrity(db) == "ok"


def test_killing_a_writer_mid_transaction_never_corrupts_or_loses_a_run(tmp_path):
    db = tmp_path / "progress.sqlite"
    ProgressStore(db).record(synthetic_run())
    rng = random.Random(7)
    previous = 1
    for _ in range(6):
        writer = _writer(db, 10_000)
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.communicate()
        # The next opening rolls back whatever the killed transaction left half-done.
        history = ProgressStore(db).history("/ws")
        sizes = run_sizes(db)
        assert set(sizes.values()) == {18}, "a run was stored partially"
        assert len(sizes) >= previous, "an earlier run was lost"
        assert len(history.attempts) == 18 * len(sizes)
        previous = len(sizes)
        assert integrity(db) == "ok"
    assert previous > 1


def _scratch_folders_of(pid: int) -> set[Path]:
    """The sandbox scratch folders (``grade-scratch-*``) that process ``pid`` and its
    descendants (the zygote, in a session of its own, and its workers) work in."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
    tree, grown = {pid}, True
    while grown:
        children = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= children
        grown = bool(children)
    found: set[Path] = set()
    for member in tree:
        try:
            cwd = Path(os.readlink(f"/proc/{member}/cwd"))
        except OSError:
            continue
        found.update(folder for folder in (cwd, *cwd.parents) if folder.name.startswith("grade-scratch-"))
    return found


def test_killing_grade_during_a_run_loses_no_earlier_attempt(tmp_path):
    """Killed runs leave the history as it was; what they leave on disk (the sandbox's
    scratch folders: nothing cleans up after SIGKILL) stays in the run's own TMPDIR."""
    workspace = copy_solutions(tmp_path / "ws")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**ENV, "TMPDIR": str(scratch)}
    lesson03 = workspace / "lesson03_derivatives.py"
    solved = lesson03.read_text(encoding="utf-8")
    (workspace / "lesson02_norms.py").write_text(
        (SUBMISSIONS / "lesson02" / "wrong_grads.py").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "reports" / "progress.sqlite"
    command = [sys.executable, "-m", "grader.cli", "all", "--workspace", str(workspace),
               "--progress", str(db)]
    first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 1, first.stderr
    for when in range(40):  # a longer history, as a learner would have
        ProgressStore(db).record(synthetic_run(workspace=str(workspace.resolve())), when=when)
    before = ProgressStore(db).history(str(workspace.resolve())).attempts
    # An endless loop keeps grade busy in lesson03 (10 s budget) until it is killed.
    lesson03.write_text(solved + "\n\ndef numerical_derivative(f, x, h=1e-5):\n    while True:\n        pass\n",
                        encoding="utf-8")
    used: set[Path] = set()
    for delay in (0.3, 1.0, 2.0):
        grade = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        assert grade.poll() is None, "grade finished before it could be killed"
        if Path("/proc/self/stat").exists():
            used |= _scratch_folders_of(grade.pid)
        os.kill(grade.pid, signal.SIGKILL)
        grade.wait()
        try:
            os.killpg(grade.pid, signal.SIGKILL)  # the sandbox's children, left behind
        except ProcessLookupError:
            pass
        after = ProgressStore(db).history(str(workspace.resolve())).attempts
        assert after == before
        assert integrity(db) == "ok"
    left = set(scratch.glob("grade-scratch-*"))
    assert left, "the killed runs' scratch folders are not in their TMPDIR"
    if Path("/proc/self/stat").exists():
        assert used, "no process of the killed runs worked in a scratch folder"
        assert used <= left, f"scratch folders outside the run's TMPDIR: {sorted(used - left)}"
    lesson03.write_text(solved, encoding="utf-8")
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1, again.stderr
    final = ProgressStore(db).history(str(workspace.resolve())).attempts
    assert final[:len(before)] == before
    assert len(final) == len(before) + sum(len(lesson.exercises) for lesson in load_course().lessons)
    assert (tmp_path / "reports" / "index.html").exists()
    assert set(scratch.glob("grade-scratch-*")) == left, "a finished run leaves its scratch folder behind"
