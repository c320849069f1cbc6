"""The grade command as a user runs it (in-process, with click's CliRunner)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import EXERCISES, SOLUTIONS, copy_solutions

from grader.cli import main


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_help_lists_commands_and_lessons():
    result = run("--help")
    assert result.exit_code == 0
    for word in ("all", "list", "lesson01", "lesson03"):
        assert word in result.output


def test_json_for_one_lesson_is_one_document_with_the_schema(tmp_path):
    result = run("lesson01", "--workspace", str(SOLUTIONS), "--format", "json",
                 "--progress", str(tmp_path / "p.sqlite"))
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["lesson"] == "lesson01" and doc["score"] == doc["max_score"] == 4
    names = [e["name"] for e in doc["exercises"]]
    assert names == ["dot", "outer", "hadamard", "matmul"]
    for exercise in doc["exercises"]:
        assert set(exercise) >= {"name", "status", "score", "max_score", "messages", "checks"}
        assert exercise["status"] == "passed"
        for check in exercise["checks"]:
            assert set(check) >= {"name", "status", "message"}


def test_json_for_all_lessons(tmp_path):
    result = run("all", "--workspace", str(EXERCISES), "--format", "json", "--no-record")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert set(doc) >= {"lessons", "score", "max_score"}
    assert doc["score"] == 0
    statuses = {e["status"] for lesson in doc["lessons"] for e in lesson["exercises"]}
    assert statuses == {"not_started"}


def test_stubs_show_not_started_and_the_next_step():
    result = run("lesson01", "--workspace", str(EXERCISES), "--no-record")
    assert result.exit_code == 1
    assert "not started" in result.output
    assert "Next: write dot in lesson01_vectors.py:" in result.output


def test_chinese_output():
    result = run("lesson01", "--workspace", str(EXERCISES), "--no-record", "--lang", "zh")
    assert "未开始" in result.output and "下一步" in result.output


def test_unknown_lesson_is_a_usage_error_with_one_line():
    result = CliRunner().invoke(main, ["lesson99"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unknown lesson" in result.stderr


def test_missing_workspace_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["lesson01", "--workspace", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and result.stdout == ""


def test_missing_lesson_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["lesson02", "--workspace", str(tmp_path)])
    assert result.exit_code == 2
    assert "lesson02_norms.py does not exist" in result.stderr


def test_syntax_error_is_reported_with_line_and_other_lessons_still_grade(tmp_path):
    ws = copy_solutions(tmp_path / "ws")
    (ws / "lesson02_norms.py").write_text("import numpy as np\n\ndef l0_norm(x, tol=0.0)\n    return 0\n")
    result = run("all", "--workspace", str(ws), "--format", "json", "--no-record")
    assert result.exit_code == 1
    lessons = {lesson["lesson"]: lesson for lesson in json.loads(result.stdout)["lessons"]}
    assert "line 3" in lessons["lesson02"]["problem"]
    assert {e["status"] for e in lessons["lesson02"]["exercises"]} == {"error"}
    assert lessons["lesson01"]["passed"] and lessons["lesson03"]["passed"]


def test_import_error_names_the_file_and_line(tmp_path):
    ws = copy_solutions(tmp_path / "ws")
    (ws / "lesson01_vectors.py").write_text("import numpy as np\nimport not_a_real_package\n")
    result = run("lesson01", "--workspace", str(ws), "--no-record")
    assert result.exit_code == 1
    assert "not_a_real_package" in result.output and "line 2" in result.output


def test_list_shows_status_from_the_history(tmp_path):
    progress = str(tmp_path / "p.sqlite")
    ws = copy_solutions(tmp_path / "ws")
    assert run("lesson01", "--workspace", str(ws), "--progress", progress).exit_code == 0
    listing = run("list", "--workspace", str(ws), "--progress", progress)
    assert listing.exit_code == 0
    lines = {line.split()[0]: line for line in listing.output.splitlines() if line.startswith("    ")}
    assert "passed" in lines["dot"]
    assert "not graded yet" in lines["l0_norm"]


def test_corrupt_progress_file_is_reported_and_left_untouched(tmp_path):
    progress = tmp_path / "p.sqlite"
    progress.write_bytes(b"this is not a database" * 100)
    before = progress.read_bytes()
    result = CliRunner().invoke(main, ["lesson01", "--workspace", str(SOLUTIONS),
                                       "--progress", str(progress)])
    assert result.exit_code == 2
    assert "left untouched" in result.stderr
    assert progress.read_bytes() == before


def test_console_script_runs_and_help_does_not_import_numpy():
    code = ("import sys; from grader.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "assert 'numpy' not in sys.modules, 'numpy imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                   cwd=Path(__file__).parents[1])  # this checkout's grader, not an installed one
