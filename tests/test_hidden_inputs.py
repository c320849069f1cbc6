"""Hidden inputs a table cannot learn: drawn from the submission's bytes and a secret.

The attack: a script grades a lesson file whose functions only look answers up in a
table, reads each failure's ``call:`` and ``expected:`` rows, adds them to the table,
writes the file again and grades again. With inputs fixed for every run, the table soon
answers every check; with inputs drawn from the file's bytes, every rewrite moves them.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
from conftest import copy_solutions

from grader.engine.seeding import submission_seed

GRADE = Path(sys.executable).with_name("grade")
LESSON = "lesson01_vectors.py"

TABLE_DOT = '''

TABLE = {table!r}


def _key(v):
    return tuple(round(float(x), 6) for x in np.asarray(v, dtype=float).reshape(-1))


def dot(a, b):
    if np.ndim(a) != 1 or np.ndim(b) != 1 or len(a) != len(b):
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(TABLE.get(repr((_key(a), _key(b))), 0.0))
'''


def _array(data, shape=None, dtype=None):
    return np.array(data, dtype=float)


def _harvest(report: dict, table: dict[str, float]) -> int:
    """Add every (call -> expected) a failed dot check shows to ``table``; how many were new."""
    new = 0
    for exercise in report["exercises"]:
        if exercise["name"] != "dot":
            continue
        for check in exercise["checks"]:
            details = check.get("details") or ""
            call = re.search(r"^call:\s+dot\((.*)\)$", details, re.M)
            expected = re.search(r"^expected:\s+(\S+)$", details, re.M)
            if not (call and expected):
                continue
            if "..." in call.group(1):
                continue  # a long vector is shown elided: nothing to learn
            a, b = eval(f"({call.group(1)})", {"array": _array, "float64": float})
            key = repr((tuple(round(float(x), 6) for x in np.ravel(a)),
                        tuple(round(float(x), 6) for x in np.ravel(b))))
            if key not in table:
                table[key] = float(expected.group(1))
                new += 1
    return new


def _grade(folder: Path, *extra: str) -> dict:
    done = subprocess.run([str(GRADE), "lesson01", "--workspace", "ws", "--format", "json", "--no-record",
                           "--no-report", *extra], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.stdout, done.stderr
    return json.loads(done.stdout)


def _dot(report: dict) -> dict:
    return next(e for e in report["exercises"] if e["name"] == "dot")


def _random_failure(report: dict) -> int | None:
    """The length of the vectors on which dot_random_vectors failed (None: it passed)."""
    check = next(c for c in _dot(report)["checks"] if c["name"] == "dot_random_vectors")
    if check["status"] != "failed":
        return None
    details = check["details"]
    shown = re.search(r"shape=\((\d+),\)", details)  # a long vector is cut short, its shape shown
    if shown:
        return int(shown.group(1))
    first = re.search(r"array\(\[([^\]]*)\]", details)
    assert first is not None, details
    return len(first.group(1).split(","))


def _attack(folder: Path, runs: int, *extra: str) -> tuple[dict, dict[str, float], list[int | None]]:
    base = (folder / "ws" / LESSON).read_text(encoding="utf-8")
    table: dict[str, float] = {}
    reached: list[int | None] = []
    report: dict = {}
    for _ in range(runs):
        (folder / "ws" / LESSON).write_text(base + TABLE_DOT.format(table=table), encoding="utf-8")
        report = _grade(folder, *extra)
        reached.append(_random_failure(report))
        _harvest(report, table)
    return report, table, reached


def test_a_table_harvested_from_feedback_fails_the_next_run(tmp_path: Path) -> None:
    copy_solutions(tmp_path / "ws")
    # With the inputs pinned (as every run was before), the harvesting script makes
    # progress: each run answers the vectors the last one showed, and fails further on.
    # That shows it is a real attack.
    _, pinned_table, pinned = _attack(tmp_path, 4, "--seed", "7")
    assert pinned == [1, 2, 7, 50] and len(pinned_table) >= 4
    # Drawn from the file's bytes: each rewrite of the table moves the inputs, and the
    # table never gets past the first random vector, however much it has collected.
    report, table, reached = _attack(tmp_path, 4)
    assert len(table) >= 4  # it did learn from the feedback ...
    assert reached == [1, 1, 1, 1]  # ... and it never answers what it is asked next
    dot = _dot(report)
    assert dot["status"] == "failed"
    failed = [c for c in dot["checks"] if c["status"] == "failed"]
    assert any("hidden inputs drawn with seed" in c["details"] for c in failed)
    # The seed the feedback names replays those inputs, whatever the file is now.
    seed = re.search(r"seed (\d+)", "\n".join(c["details"] for c in failed)).group(1)
    lesson = tmp_path / "ws" / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n# edited since\n", encoding="utf-8")
    again = _dot(_grade(tmp_path, "--seed", seed))
    assert [c["details"] for c in again["checks"] if c["status"] == "failed"] == [c["details"] for c in failed]


TABLE_ENTROPY = '''

TABLE = {table!r}


def entropy(p, base=np.e):
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("not a distribution")
    key = repr((tuple(round(float(x), 6) for x in p), round(float(base), 6)))
    return float(TABLE.get(key, 0.0))
'''


def _entropy_round(folder: Path, table: dict[str, float], *extra: str) -> int | None:
    """One grading of the entropy table; learn what it showed. The first random
    distribution's length the check failed on (None: it passed)."""
    lesson = folder / "ws" / "lesson04_information.py"
    base = (folder / "lesson04.base").read_text(encoding="utf-8")
    lesson.write_text(base + TABLE_ENTROPY.format(table=table), encoding="utf-8")
    done = subprocess.run([str(GRADE), "lesson04", "--workspace", "ws", "--format", "json", "--no-record",
                           "--no-report", *extra], cwd=folder, capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    entropy = next(e for e in report["exercises"] if e["name"] == "entropy")
    check = next(c for c in entropy["checks"] if c["name"] == "entropy_random_distributions")
    if check["status"] != "failed":
        return None
    call = re.search(r"^call:\s+entropy\((.*)\)$", check["details"], re.M)
    expected = re.search(r"^expected:\s+(\S+)$", check["details"], re.M)
    args = eval(f"_f({call.group(1)})", {"array": _array, "float64": float,
                                         "_f": lambda p, base=math.e: (p, base)})
    p, base = args
    table[repr((tuple(round(float(x), 6) for x in np.ravel(p)), round(float(base), 6)))] = float(expected.group(1))
    return len(np.ravel(p))


def test_an_entropy_table_harvested_from_feedback_fails_too(tmp_path: Path) -> None:
    ws = copy_solutions(tmp_path / "ws")
    (tmp_path / "lesson04.base").write_text((ws / "lesson04_information.py").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    pinned: dict[str, float] = {}
    reached = [_entropy_round(tmp_path, pinned, "--seed", "11") for _ in range(4)]
    assert reached == [4, 6, 5, 3]  # inputs pinned: each run gets one distribution further
    drawn: dict[str, float] = {}
    reached = [_entropy_round(tmp_path, drawn) for _ in range(4)]
    assert len(drawn) == 4 and reached == [4, 4, 4, 4]  # drawn from the bytes: never past the first


def test_the_same_bytes_draw_the_same_inputs_and_any_edit_new_ones(tmp_path: Path) -> None:
    ws = copy_solutions(tmp_path / "ws")
    text = (ws / LESSON).read_text(encoding="utf-8")
    seed = submission_seed(text, ws, "lesson01")
    assert seed == submission_seed(text, ws, "lesson01")
    assert seed != submission_seed(text + "\n", ws, "lesson01")
    assert seed != submission_seed(text, ws, "lesson02")
    assert seed != submission_seed(text, ws, "lesson01", secret=b"course secret")
    (ws / "table.json").write_text("{}", encoding="utf-8")  # a table read at run time counts too
    assert seed != submission_seed(text, ws, "lesson01")
    (ws / "table.json").unlink()
    (ws / "__pycache__").mkdir()  # what Python writes on its own does not
    (ws / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert seed == submission_seed(text, ws, "lesson01")


def test_grade_secret_moves_the_inputs_of_the_same_file(tmp_path: Path) -> None:
    ws = copy_solutions(tmp_path / "ws")
    (ws / LESSON).write_text((ws / LESSON).read_text(encoding="utf-8") + TABLE_DOT.format(table={}),
                             encoding="utf-8")

    def drawn(secret: str | None) -> str:
        env = {k: v for k, v in __import__("os").environ.items() if k != "GRADE_SECRET"}
        if secret is not None:
            env["GRADE_SECRET"] = secret
        done = subprocess.run([str(GRADE), "lesson01", "--workspace", "ws", "--no-record", "--no-report"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
        return re.search(r"seed (\d+)", done.stdout).group(1)

    assert drawn(None) == drawn(None)
    assert drawn("one secret") != drawn(None)


def test_a_new_course_secret_regrades_every_batch_submission(tmp_path: Path, monkeypatch) -> None:
    """grade batch skips unchanged submissions: a new GRADE_SECRET draws new inputs, so it is a change."""
    import shutil

    from conftest import SOLUTIONS

    from grader.classroom import batch
    from grader.classroom.batch import BatchOptions
    from grader.course import load_course

    course = load_course()
    folder = tmp_path / "alice"
    folder.mkdir()
    shutil.copy(SOLUTIONS / course.lessons[0].file, folder)
    submission = batch.Submission("alice", folder, folder)
    grader_digest = batch.grader_fingerprint(SOLUTIONS)
    monkeypatch.delenv("GRADE_SECRET", raising=False)
    before = batch.submission_fingerprint(submission, course.lessons, grader_digest, BatchOptions())
    monkeypatch.setenv("GRADE_SECRET", "spring term")
    assert batch.submission_fingerprint(submission, course.lessons, grader_digest, BatchOptions()) != before


def test_a_run_reads_the_workspace_once_for_the_seeds_of_all_its_lessons(tmp_path: Path, monkeypatch) -> None:
    """Every lesson's seed digests the workspace's files; a run of several lessons reads them
    once while they are unchanged, and again once one changes (a new seed for every lesson)."""
    from grader import api
    from grader.engine import context, seeding

    ws = copy_solutions(tmp_path / "ws")
    reads: list[str] = []
    real_files = seeding._workspace_files
    monkeypatch.setattr(seeding, "_workspace_files", lambda w: (reads.append(str(w)), real_files(w))[1])
    drawn: dict[str, int] = {}
    asked: list[tuple[str, Path, str, bytes]] = []
    real_seed = context.submission_seed

    def spy(text: str, workspace: Path, lesson_id: str, secret: bytes = b"", files: bytes | None = None) -> int:
        drawn[lesson_id] = real_seed(text, workspace, lesson_id, secret, files)
        asked.append((text, workspace, lesson_id, secret))
        return drawn[lesson_id]

    monkeypatch.setattr(context, "submission_seed", spy)
    lessons = ["lesson01", "lesson02", "lesson03"]
    api.grade(lessons, ws, parallel=1)
    first = dict(drawn)
    assert sorted(first) == lessons and reads == [str(ws)]
    for text, workspace, lesson_id, secret in asked:  # the seeds a digest of each lesson would give
        assert first[lesson_id] == submission_seed(text, workspace, lesson_id, secret)
    reads.clear()
    (ws / "table.json").write_text("{}", encoding="utf-8")
    drawn.clear()
    api.grade(lessons, ws, parallel=1)
    assert reads == [str(ws)]  # read again once, for all three
    assert sorted(drawn) == lessons and all(drawn[lesson] != first[lesson] for lesson in lessons)
