"""grade status, grade report (learner and class), and what a grading run writes."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXERCISES, SUBMISSIONS, copy_solutions
from test_progress_store import synthetic_run

from grader import api
from grader.cli import main
from grader.course import load_course
from grader.progress import ProgressStore

COURSE = load_course()


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def mixed_workspace(folder: Path) -> Path:
    """lesson01 solved, lesson02 with some mistakes, lesson03 not started."""
    workspace = copy_solutions(folder)
    shutil.copy(SUBMISSIONS / "lesson02" / "wrong_grads.py", workspace / "lesson02_norms.py")
    shutil.copy(EXERCISES / "lesson03_derivatives.py", workspace / "lesson03_derivatives.py")
    return workspace


def expected_statuses() -> dict[str, dict[str, str]]:
    """What the mixed workspace must show, from the submissions' own headers (not the grader)."""
    header = (SUBMISSIONS / "lesson02" / "wrong_grads.py").read_text(encoding="utf-8").splitlines()[0]
    lesson02 = dict(item.strip().split("=") for item in header.removeprefix("# expect:").split(","))
    # Every other lesson is the reference's copy: all passed.
    out = {lesson.id: {e.name: "passed" for e in lesson.exercises} for lesson in COURSE.lessons}
    out["lesson02"] = lesson02
    out["lesson03"] = {e.name: "not_started" for e in COURSE.lesson("lesson03").exercises}
    return out


def test_grading_writes_the_report_beside_the_history(tmp_path):
    workspace = mixed_workspace(tmp_path / "exercises")
    result = run("all", "--workspace", str(workspace))
    assert result.exit_code == 1
    page = tmp_path / "reports" / "index.html"
    assert (tmp_path / "reports" / "progress.sqlite").is_file() and page.is_file()
    assert "Progress report: " in result.stdout
    html = page.read_text(encoding="utf-8")
    for lesson_id, exercises in expected_statuses().items():
        if set(exercises.values()) == {"not_started"}:  # a lesson not started is one line
            assert f'data-lesson="{lesson_id}" data-state="not_started"' in html, lesson_id
            continue
        for name, status in exercises.items():
            assert f'<tr data-exercise="{name}" data-status="{status}">' in html, (lesson_id, name)
    assert "http://" not in html and "https://" not in html and "<script" not in html


def test_no_report_and_no_record_write_no_page(tmp_path):
    workspace = copy_solutions(tmp_path / "exercises")
    assert run("lesson01", "--workspace", str(workspace), "--no-report").exit_code == 0
    assert (tmp_path / "reports" / "progress.sqlite").exists()
    assert not (tmp_path / "reports" / "index.html").exists()
    assert run("lesson01", "--workspace", str(workspace), "--no-record").exit_code == 0
    assert not (tmp_path / "reports" / "index.html").exists()


def test_json_output_stays_one_document(tmp_path):
    workspace = copy_solutions(tmp_path / "exercises")
    result = run("lesson01", "--workspace", str(workspace), "--format", "json")
    assert json.loads(result.stdout)["lesson"] == "lesson01"
    assert (tmp_path / "reports" / "index.html").exists()


def test_status_is_a_table_of_every_lesson(tmp_path):
    workspace = mixed_workspace(tmp_path / "exercises")
    before = run("status", "--workspace", str(workspace))
    assert before.exit_code == 0
    assert not (tmp_path / "reports").exists(), "status must not create anything"
    assert "never" in before.stdout and "Start with dot" in before.stdout
    run("all", "--workspace", str(workspace))
    result = run("status", "--workspace", str(workspace))
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("lesson")}
    assert set(rows) >= set(COURSE.ids)
    assert "4/4" in rows["lesson01"] and "Complete" in rows["lesson01"]
    passed02 = sum(1 for s in expected_statuses()["lesson02"].values() if s == "passed")
    assert f"{passed02}/8" in rows["lesson02"] and "Fix" in rows["lesson02"]
    assert "0/7" in rows["lesson03"] and "Write numerical_derivative" in rows["lesson03"]
    assert "Progress report: " in result.stdout
    zh = run("status", "--workspace", str(workspace), "--lang", "zh")
    assert "向量与矩阵" in zh.stdout and "下一步" in zh.stdout


def test_report_command_and_its_errors(tmp_path):
    workspace = copy_solutions(tmp_path / "exercises")
    target = tmp_path / "out" / "page.html"
    result = run("report", "--workspace", str(workspace), "--output", str(target), "--lang", "zh")
    assert result.exit_code == 0 and target.exists()
    html = target.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and "尚未评分" in html
    assert run("report", "--workspace", str(tmp_path / "missing")).exit_code == 2
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 50)
    broken = run("report", "--workspace", str(workspace), "--progress", str(bad))
    assert broken.exit_code == 2 and "left untouched" in broken.stderr
    assert bad.read_bytes() == b"not a database" * 50


def test_a_corrupt_history_stops_the_run_before_grading(tmp_path):
    workspace = copy_solutions(tmp_path / "exercises")
    bad = tmp_path / "reports" / "progress.sqlite"
    bad.parent.mkdir()
    bad.write_bytes(b"not a database" * 50)
    result = CliRunner().invoke(main, ["lesson01", "--workspace", str(workspace)])
    assert result.exit_code == 2
    assert result.stdout == "" and "left untouched" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert bad.read_bytes() == b"not a database" * 50
    assert not (tmp_path / "reports" / "index.html").exists()


def _chattr(flag: str, *paths: Path) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    return subprocess.run([chattr, flag, *map(str, paths)], capture_output=True).returncode == 0


@pytest.mark.parametrize("history_exists", [False, True])
def test_a_read_only_folder_gives_one_warning_and_the_results(tmp_path, history_exists):
    workspace = copy_solutions(tmp_path / "exercises")
    reports = tmp_path / "reports"
    reports.mkdir()
    if history_exists:
        ProgressStore(reports / "progress.sqlite").record(synthetic_run(str(workspace.resolve())))
    before = {p.name: p.read_bytes() for p in reports.iterdir()}
    locked = [*reports.iterdir(), reports]
    if os.geteuid() != 0:
        for path in locked:
            path.chmod(0o555 if path.is_dir() else 0o444)
    elif not _chattr("+i", *locked):  # root ignores permissions, but not the immutable flag
        pytest.skip("running as root on a file system without the immutable flag (chattr +i): "
                    "a read-only folder cannot be made here")
    try:
        result = CliRunner().invoke(main, ["lesson01", "--workspace", str(workspace)])
    finally:
        if os.geteuid() == 0:
            _chattr("-i", *locked)
        for path in locked:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert result.exit_code == 0, result.stderr
    assert "4/4 exercises passed" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and warnings[0].startswith("grade: warning: cannot write"), warnings
    assert "not recorded" in warnings[0]
    assert {p.name: p.read_bytes() for p in reports.iterdir()} == before


# -- the class view ----------------------------------------------------------------------------


def class_folder(root: Path) -> Path:
    """Two student workspaces, two batch results, one unreadable result file."""
    folder = root / "class"
    copy_solutions(folder / "ada")
    stub = folder / "bo" / "exercises"
    shutil.copytree(EXERCISES, stub)
    shutil.copy(SUBMISSIONS / "lesson01" / "wrong_outer_transposed.py", stub / "lesson01_vectors.py")
    for name, lesson, variant in (("cy", "lesson03", "wrong_forward_difference"),
                                  ("=dee", "lesson01", "wrong_outer_transposed")):
        ws = copy_solutions(root / f"ws-{name}")
        module = COURSE.lesson(lesson).file
        shutil.copy(SUBMISSIONS / lesson / f"{variant}.py", ws / module)
        (folder / f"{name}.json").write_text(json.dumps(api.grade_all(ws).to_dict("en")), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "notes.txt").write_text("not a student", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory) -> Path:
    folder = class_folder(tmp_path_factory.mktemp("class"))
    result = run("report", "--class", str(folder))
    assert result.exit_code == 0, result.stderr
    return folder


def test_class_report_and_gradebook(graded_class):
    page = graded_class / "class.html"
    html = page.read_text(encoding="utf-8")
    for name in ("ada", "bo", "cy", "=dee", "broken"):
        assert f'data-student="{name}"' in html
    assert 'data-exercise="outer" data-pass-rate="0.4000"' in html  # ada, cy of five
    assert "outer:transposed" in html or "transpose" in html.lower()
    with open(graded_class / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    by_name = {row["student"]: row for row in rows}
    assert set(by_name) == {"ada", "bo", "cy", "'=dee", "broken"}
    total = sum(e.points for lesson in COURSE.lessons for e in lesson.exercises)
    assert float(by_name["ada"]["total"]) == total == float(by_name["ada"]["max_score"])
    assert 0 < float(by_name["bo"]["lesson01"]) < 4 and float(by_name["bo"]["lesson02"]) == 0.0
    assert by_name["broken"]["status"] == "unreadable" and by_name["broken"]["note"]
    assert by_name["broken"]["total"] == "" and by_name["ada"]["status"] == "graded"
    assert float(by_name["cy"]["lesson03"]) < float(by_name["ada"]["lesson03"])


def test_class_report_needs_students(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run("report", "--class", str(tmp_path / "empty")).exit_code == 2
    assert run("report", "--class", str(tmp_path / "nowhere")).exit_code == 2


def test_a_report_that_cannot_be_drawn_is_a_warning_not_a_failure(tmp_path, monkeypatch):
    from grader import listeners

    def broken(*args: object) -> str:
        raise RuntimeError("template bug")

    monkeypatch.setattr(listeners, "render_learner_page", broken)
    workspace = copy_solutions(tmp_path / "exercises")
    result = CliRunner().invoke(main, ["lesson01", "--workspace", str(workspace)])
    assert result.exit_code == 0 and "4/4 exercises passed" in result.stdout
    assert result.stderr.count("grade: warning:") == 1 and "template bug" in result.stderr
    assert len(ProgressStore(tmp_path / "reports" / "progress.sqlite").history(str(workspace.resolve())).attempts) == 4
