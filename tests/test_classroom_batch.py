"""grade batch: a synthetic class graded in parallel, checked against what it must say.

bench/make_class.py writes the class and a manifest of the verdicts each submission must
get; the same checker is used by bench/batch.py on 200 submissions.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXERCISES, ROOT, SOLUTIONS

from grader.classroom import batch
from grader.classroom.batch import BatchError, BatchOptions, grade_batch
from grader.cli import main
from grader.course import load_course
from grader.model import Outcome, RunResult

sys.path.insert(0, str(ROOT / "bench"))
import make_class

COURSE = load_course()
SCALE = 0.1  # hanging exercises stop after 1 s instead of 10 s


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("class")
    manifest = make_class.generate(base / "submissions", students=16, seed=2)
    assert set(manifest["kinds"]) == {"solved", "partial", "broken", "hanging", "hostile"}
    events = []
    result = grade_batch(base / "submissions", base / "grades", BatchOptions(jobs=2, timeout_scale=SCALE),
                         events.append)
    return base, manifest, result, events


def test_the_gradebook_says_what_the_manifest_expects(graded_class):
    base, manifest, result, _ = graded_class
    assert make_class.verify(base / "grades", manifest) == []
    assert {s.status for s in result.students} == {"graded"}
    with open(base / "grades" / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["student", *COURSE.ids, "total", "max_score", "status", "note"]
    assert len(rows) == 1 + len(manifest["students"])


def test_one_results_file_per_student_holds_the_run(graded_class):
    base, manifest, result, _ = graded_class
    for student in result.students:
        data = json.loads((base / "grades" / f"{student.student}.json").read_text())
        assert data["schema_version"] == 1 and "lessons" in data
        run = RunResult.from_dict(data)
        assert run.score == pytest.approx(student.run.score)
        assert [lesson.lesson for lesson in run.lessons] == list(COURSE.ids)
    solved = [s for s, e in manifest["students"].items() if e["kind"] == "solved"]
    assert all(next(r for r in result.students if r.student == s).run.passed for s in solved)


def test_summary_and_progress(graded_class):
    base, manifest, _, events = graded_class
    summary = json.loads((base / "grades" / "summary.json").read_text())
    assert summary["kind"] == batch.SUMMARY_KIND and "lessons" not in summary["students"][0]["file"]
    assert summary["stats"]["students"] == len(manifest["students"]) == summary["stats"]["graded"]
    assert summary["max_score"] == sum(e.points for lesson in COURSE.lessons for e in lesson.exercises)
    assert [e.done for e in events] == list(range(1, len(manifest["students"]) + 1))
    assert any("class report" in note for note in summary["notes"])


def test_rerun_skips_unchanged_submissions(graded_class, tmp_path):
    base, manifest, _, _ = graded_class
    submissions, grades = tmp_path / "submissions", tmp_path / "grades"
    shutil.copytree(base / "submissions", submissions)
    shutil.copytree(base / "grades", grades)
    started = time.monotonic()
    again = grade_batch(submissions, grades, BatchOptions(jobs=2, timeout_scale=SCALE))
    assert {s.status for s in again.students} == {"unchanged"}
    assert time.monotonic() - started < 10
    assert make_class.verify(grades, manifest) == []
    changed = sorted(manifest["students"])[0]
    workspace = batch.workspace_of(submissions / changed)
    lesson = COURSE.lessons[0]
    shutil.copy(EXERCISES / lesson.file, workspace / lesson.file)
    third = grade_batch(submissions, grades, BatchOptions(jobs=2, timeout_scale=SCALE))
    statuses = {s.student: s.status for s in third.students}
    assert statuses.pop(changed) == "graded"
    assert set(statuses.values()) == {"unchanged"}
    row = next(s for s in third.students if s.student == changed)
    assert {e.outcome for e in row.run.lessons[0].exercises} == {Outcome.NOT_STARTED}


def test_fingerprint_covers_files_grader_and_options(tmp_path):
    folder = tmp_path / "alice"
    folder.mkdir()
    shutil.copy(SOLUTIONS / COURSE.lessons[0].file, folder)
    submission = batch.Submission("alice", folder, folder)
    grader_digest = batch.grader_fingerprint(SOLUTIONS)
    base = batch.submission_fingerprint(submission, COURSE.lessons, grader_digest, BatchOptions())
    assert base == batch.submission_fingerprint(submission, COURSE.lessons, grader_digest, BatchOptions(jobs=4))
    assert base != batch.submission_fingerprint(submission, COURSE.lessons, grader_digest, BatchOptions(seed=1))
    assert base != batch.submission_fingerprint(submission, COURSE.lessons, grader_digest,
                                                BatchOptions(timeout_scale=0.5))
    assert base != batch.submission_fingerprint(submission, COURSE.lessons, "0" * 64, BatchOptions())
    (folder / COURSE.lessons[0].file).write_text("# changed\n")
    assert base != batch.submission_fingerprint(submission, COURSE.lessons, grader_digest, BatchOptions())


KILLS_ITS_GRADER = '''

def {name}(*args, **kwargs):
    import os, signal
    # Up the process tree to the batch's grading process (whatever lies between: the
    # zygote, the nursery that forked it).
    process = os.getppid()
    while process > 1:
        with open(f"/proc/{{process}}/cmdline", "rb") as cmdline:
            if b"worker_main" in cmdline.read():
                break
        with open(f"/proc/{{process}}/stat") as stat:
            process = int(stat.read().rsplit(")", 1)[1].split()[1])
    os.kill(process, signal.SIGNAL)
    while True:
        pass
'''


def _class_with(tmp_path: Path, hostile: str) -> Path:
    root = tmp_path / "submissions"
    for student in ("alice", "bob", "mallory", "zoe"):
        (root / student).mkdir(parents=True)
        for lesson in COURSE.lessons:
            shutil.copy(SOLUTIONS / lesson.file, root / student)
    lesson = COURSE.lessons[0]
    path = root / "mallory" / lesson.file
    path.write_text(path.read_text() + hostile.format(name=lesson.exercises[0].name))
    return root


def test_a_submission_that_kills_its_grading_process_only_hurts_itself(tmp_path, monkeypatch):
    # Confined (root, namespaces) learner code cannot even see its grading process; plain
    # mode, as for an ordinary user, is where the batch itself must survive the attack.
    monkeypatch.setenv("GRADE_ISOLATION", "0")
    root = _class_with(tmp_path, KILLS_ITS_GRADER.replace("SIGNAL", "SIGKILL"))
    result = grade_batch(root, tmp_path / "grades", BatchOptions(jobs=2, timeout_scale=SCALE))
    statuses = {s.student: s.status for s in result.students}
    assert statuses == {"alice": "graded", "bob": "graded", "mallory": "crashed", "zoe": "graded"}
    mallory = next(s for s in result.students if s.student == "mallory")
    assert mallory.run.score == 0 and "could not grade" in mallory.note
    assert all(s.run.passed for s in result.students if s.student != "mallory")
    again = grade_batch(root, tmp_path / "grades", BatchOptions(jobs=2, timeout_scale=SCALE))
    assert {s.student: s.status for s in again.students}["mallory"] == "crashed"  # never cached


def test_a_submission_that_freezes_its_grading_process_is_stopped_at_its_deadline(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADE_ISOLATION", "0")
    root = _class_with(tmp_path, KILLS_ITS_GRADER.replace("SIGNAL", "SIGSTOP"))
    started = time.monotonic()
    # Three lessons, not twelve: the others' grading time (lesson 12 trains networks) would make
    # the 5 s deadline a measure of the machine's load rather than of the frozen process.
    options = BatchOptions(jobs=2, timeout_scale=SCALE, deadline=5, lessons=("lesson01", "lesson02", "lesson03"))
    result = grade_batch(root, tmp_path / "grades", options)
    statuses = {s.student: s.status for s in result.students}
    assert statuses == {"alice": "graded", "bob": "graded", "mallory": "timeout", "zoe": "graded"}
    assert time.monotonic() - started < 30
    mallory = next(s for s in result.students if s.student == "mallory")
    assert {e.outcome for lesson in mallory.run.lessons for e in lesson.exercises} == {Outcome.TIMEOUT}


def test_finding_submissions(tmp_path):
    root = tmp_path / "class"
    lesson = COURSE.lessons[0].file
    for folder in ("repo/exercises", "flat", "nested/deep/work", ".git", "__MACOSX", "empty"):
        (root / folder).mkdir(parents=True)
    for folder in ("repo/exercises", "flat", "nested/deep/work", ".git", "__MACOSX"):
        (root / folder / lesson).write_text("x = 1\n")
    (root / "notes.txt").write_text("not a submission")
    found = {s.student: s.workspace.relative_to(root).as_posix() for s in batch.find_submissions(root)}
    assert found == {"empty": "empty", "flat": "flat", "nested": "nested/deep/work", "repo": "repo/exercises"}
    (root / "summary").mkdir()
    with pytest.raises(BatchError, match="summary"):
        batch.find_submissions(root)


def test_gradebook_cells_are_not_formulas():
    from grader.reporters import gradebook

    assert gradebook._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert gradebook._cell("alice") == "alice"


def test_the_batch_writes_the_class_page(tmp_path):
    root = _class_with(tmp_path, "")
    result = grade_batch(root, tmp_path / "grades", BatchOptions(jobs=1, lessons=("lesson01",)))
    page = (tmp_path / "grades" / "class.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and result.notes == ["class report: class.html"]
    for student in ("alice", "bob", "mallory", "zoe"):
        assert student in page
    assert COURSE.lesson("lesson01").title.en in page and "gradebook.csv" in page


def test_batch_command(tmp_path):
    root = _class_with(tmp_path, "")
    out = tmp_path / "grades"
    result = CliRunner().invoke(main, ["batch", str(root), "--jobs", "2", "--out", str(out),
                                       "--lesson", "1", "--lesson", "lesson02"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "4 submissions: 4 graded" in result.output
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        header = next(csv.reader(stream))
    assert header == ["student", "lesson01", "lesson02", "total", "max_score", "status", "note"]
    bad = CliRunner().invoke(main, ["batch", str(root), "--lesson", "lesson99"])
    assert bad.exit_code == 2 and "unknown lesson" in bad.stderr
    assert CliRunner().invoke(main, ["batch", str(root), "--jobs", "0"]).exit_code == 2


@pytest.mark.parametrize("jobs, cores, expected", [(1, 1, 1), (1, 2, 3), (2, 2, 1), (3, 2, 1), (1, 8, 9),
                                                   (2, 8, 5), (4, 8, 3), (8, 8, 1)])
def test_fewer_jobs_than_cores_grade_a_submissions_lessons_side_by_side(jobs, cores, expected):
    assert batch.lessons_side_by_side(jobs, cores) == expected


@pytest.mark.parametrize("given, used", [(3, 3), (1, 1), (None, 1), (0, 1), (17, 1), ("3", 1), (2.0, 1), (True, 1)])
def test_a_grading_process_grades_as_many_lessons_at_once_as_its_task_says(given, used, monkeypatch, tmp_path):
    """``worker_main`` hands the task's ``side_by_side`` to the grading, when it is sane."""
    import io

    from grader import api

    seen = []
    monkeypatch.setattr(api, "grade", lambda *a, **k: seen.append(k["parallel"]))
    task = {"workspace": str(tmp_path), "result": str(tmp_path / "r.json"), "seed": 1, "timeout_scale": 1.0,
            "lessons": ["lesson01"], "side_by_side": given}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(task) + "\n"))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert batch.worker_main() == 0
    assert seen == [used] and json.loads(sys.stdout.getvalue()) == {"ok": True}


def test_lessons_side_by_side_give_the_class_the_same_results(graded_class, tmp_path, monkeypatch):
    """The class graded with three lessons at a time per submission says what the class graded
    one lesson at a time says, student by student and exercise by exercise."""
    base, manifest, result, _ = graded_class
    asked = []

    def three(jobs: int, cores: int | None = None) -> int:
        asked.append(jobs)
        return 3

    monkeypatch.setattr(batch, "lessons_side_by_side", three)
    again = grade_batch(base / "submissions", tmp_path / "grades", BatchOptions(jobs=1, timeout_scale=SCALE))
    assert asked and make_class.verify(tmp_path / "grades", manifest) == []

    def outcomes(run: RunResult) -> list[tuple[str, str, str, float]]:
        return [(lesson.lesson, e.name, e.outcome.value, e.score) for lesson in run.lessons for e in lesson.exercises]

    before = {s.student: outcomes(s.run) for s in result.students}
    after = {s.student: outcomes(s.run) for s in again.students}
    assert after == before


def test_a_worker_that_dies_beside_other_lessons_has_the_submission_graded_again_one_at_a_time(
        monkeypatch, tmp_path):
    """One lesson's code may end the workers beside it (killing the sandbox's helper, or
    every process it may signal): once a worker died with lessons side by side, the
    submission is graded again one lesson at a time, and that result is the one kept."""
    import io

    from grader import api

    workspace = tmp_path / "alice"
    workspace.mkdir()
    for lesson in ("lesson01_vectors.py", "lesson02_norms.py", "lesson03_derivatives.py"):
        shutil.copy(SOLUTIONS / lesson, workspace / lesson)
    with open(workspace / "lesson01_vectors.py", "a", encoding="utf-8") as f:
        f.write("\n\ndef outer(*args, **kwargs):\n    import os\n    os._exit(3)\n")
    real, seen = api.grade, []

    def grade(*args, **kwargs):
        seen.append(kwargs["parallel"])
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "grade", grade)
    task = {"workspace": str(workspace), "result": str(tmp_path / "alice.json"), "seed": 1, "timeout_scale": 1.0,
            "lessons": ["lesson01", "lesson02", "lesson03"], "side_by_side": 3}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(task) + "\n"))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert batch.worker_main() == 0 and json.loads(sys.stdout.getvalue()) == {"ok": True}
    assert seen == [3, 1]
    run = RunResult.from_dict(json.loads((tmp_path / "alice.json").read_text(encoding="utf-8")))
    outcomes = {(lesson.lesson, e.name): e.outcome for lesson in run.lessons for e in lesson.exercises}
    assert outcomes.pop(("lesson01", "outer")) is Outcome.ERROR
    assert set(outcomes.values()) == {Outcome.PASSED}


def test_a_submission_whose_workers_all_live_is_graded_once(monkeypatch, tmp_path):
    import io

    from grader import api

    workspace = tmp_path / "bob"
    workspace.mkdir()
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", workspace / "lesson01_vectors.py")
    shutil.copy(EXERCISES / "lesson02_norms.py", workspace / "lesson02_norms.py")
    real, seen = api.grade, []
    monkeypatch.setattr(api, "grade", lambda *a, **k: (seen.append(k["parallel"]), real(*a, **k))[1])
    task = {"workspace": str(workspace), "result": str(tmp_path / "bob.json"), "seed": 1, "timeout_scale": 1.0,
            "lessons": ["lesson01", "lesson02"], "side_by_side": 3}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(task) + "\n"))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert batch.worker_main() == 0
    assert seen == [3]
