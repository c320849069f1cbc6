"""Bad input to the tool: each gets one clear line and the right exit code, and nothing
already recorded is lost."""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, SOLUTIONS, copy_solutions

from grader.cli import main


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()


def grade(*args: str) -> Result:
    return _runner().invoke(main, list(args), catch_exceptions=False)


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def runs(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_solutions(tmp_path / "ws")


def test_unknown_lesson(ws: Path) -> None:
    result = grade("lesson99", "-w", str(ws))
    assert result.exit_code == 2
    assert "unknown lesson or command 'lesson99'" in one_line(result.stderr)
    assert result.stdout == ""


def test_misspelled_function_is_named_with_a_suggestion(ws: Path) -> None:
    path = ws / "lesson01_vectors.py"
    path.write_text(path.read_text(encoding="utf-8").replace("def dot(", "def dott("),
                    encoding="utf-8")
    result = grade("1", "-w", str(ws), "--no-record", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    by_name = {e["name"]: e for e in report["exercises"]}
    assert by_name["dot"]["status"] == "error" and by_name["dot"]["score"] == 0
    assert by_name["dot"]["messages"] == [
        "there is no function named dot in lesson01_vectors.py: keep the name and signature "
        "from the contract. Did you mean dott? Rename it to dot."]
    assert {by_name[n]["status"] for n in ("outer", "hadamard", "matmul")} == {"passed"}


def test_workspace_missing_some_lesson_files(ws: Path) -> None:
    (ws / "lesson02_norms.py").unlink()
    result = grade("all", "-w", str(ws), "--no-record", "--format", "json")
    assert result.exit_code == 1
    lessons = {lesson["lesson"]: lesson for lesson in json.loads(result.stdout)["lessons"]}
    assert lessons["lesson01"]["passed"] and lessons["lesson03"]["passed"]
    assert {e["status"] for e in lessons["lesson02"]["exercises"]} == {"not_started"}
    problem = lessons["lesson02"]["problem"]
    assert problem.startswith("lesson02_norms.py is missing: expected a file named lesson02_norms.py (found ")
    assert "lesson01_vectors.py" in problem and "grade reset lesson02" in problem
    alone = grade("2", "-w", str(ws), "--no-record")
    assert alone.exit_code == 2
    assert "lesson02_norms.py does not exist" in one_line(alone.stderr)


def test_syntax_error_names_file_and_line(ws: Path) -> None:
    path = ws / "lesson01_vectors.py"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "def broken(:")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = grade("1", "-w", str(ws), "--no-record", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["problem"].startswith("lesson01_vectors.py, line 21: syntax error")
    assert {e["status"] for e in report["exercises"]} == {"error"}


def test_non_utf8_source(ws: Path) -> None:
    path = ws / "lesson01_vectors.py"
    path.write_bytes(path.read_bytes() + "\n# caf\u00e9\n".encode("latin-1"))
    result = grade("1", "-w", str(ws), "--no-record", "--format", "json")
    assert result.exit_code == 1
    problem = json.loads(result.stdout)["problem"]
    assert "the file is not UTF-8 text; save it as UTF-8" in problem
    assert problem.startswith("lesson01_vectors.py, line ")


def test_import_of_a_missing_package_is_named(ws: Path) -> None:
    path = ws / "lesson01_vectors.py"
    text = path.read_text(encoding="utf-8").replace(
        "import numpy as np\n", "import numpy as np\nimport torch_not_here.nn\n")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("import torch_not_here.nn") + 1
    result = grade("1", "-w", str(ws), "--no-record", "--format", "json")
    assert result.exit_code == 1
    problem = json.loads(result.stdout)["problem"]
    assert problem.startswith(f"lesson01_vectors.py, line {line} imports torch_not_here, which "
                              "is not installed here")


@pytest.mark.parametrize("content", [b"this is not a database at all\n" * 50,
                                     b"SQLite format 3\x00" + b"\x07" * 4000])
def test_corrupt_progress_database_is_left_untouched(ws: Path, tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "progress.sqlite"
    db.write_bytes(content)
    result = grade("1", "-w", str(ws), "--progress", str(db))
    assert result.exit_code == 2
    assert "is not a readable progress database" in one_line(result.stderr)
    assert result.stdout == ""  # stopped before grading
    assert db.read_bytes() == content


def test_foreign_and_unreadable_progress_files(ws: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    before = foreign.read_bytes()
    result = grade("1", "-w", str(ws), "--progress", str(foreign))
    assert result.exit_code == 2
    assert "an SQLite file of another program" in one_line(result.stderr)
    assert foreign.read_bytes() == before

    folder = tmp_path / "a-folder.sqlite"
    folder.mkdir()
    result = grade("1", "-w", str(ws), "--progress", str(folder))
    assert result.exit_code == 2
    assert "is a folder, not a progress" in one_line(result.stderr)


def _grade_with_file_size_limit(args: list[str], limit: int, stdout: Any = subprocess.PIPE
                                ) -> subprocess.CompletedProcess[str]:
    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=ROOT, text=True,
                          stdout=stdout, stderr=subprocess.PIPE, preexec_fn=limit_files,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_full_disk_while_recording_keeps_the_history(ws: Path, tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    assert grade("1", "-w", str(ws), "--progress", str(db)).exit_code == 0
    assert grade("2", "-w", str(ws), "--progress", str(db)).exit_code == 0
    before = runs(db)
    # The file may not grow: SQLite's next write fails as on a full disk (EFBIG).
    result = _grade_with_file_size_limit(["all", "-w", str(ws), "--progress", str(db)],
                                         db.stat().st_size)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith(f"grade: error: cannot write {db}:")
    assert "(is the disk full?)" in line and "earlier runs are intact" in line
    assert runs(db) == before
    assert grade("list", "-w", str(ws), "--progress", str(db)).exit_code == 0


def test_full_disk_creating_the_history_leaves_no_empty_file(ws: Path, tmp_path: Path) -> None:
    db = tmp_path / "reports" / "progress.sqlite"
    result = _grade_with_file_size_limit(["1", "-w", str(ws), "--progress", str(db)], 4096)
    assert result.returncode == 2
    assert "cannot write" in one_line(result.stderr)
    assert not db.exists()
    assert grade("1", "-w", str(ws), "--progress", str(db)).exit_code == 0
    assert runs(db) == 1


def test_full_disk_while_writing_the_report(ws: Path, tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    assert grade("1", "-w", str(ws), "--progress", str(db)).exit_code == 0
    lesson = ws / "lesson01_vectors.py"  # prints 300 kB: the JSON report carries it
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nprint('x' * 300_000)\n",
                      encoding="utf-8")
    size = db.stat().st_size + 128 * 1024  # room for the history, not for the report
    report = tmp_path / "report.json"
    with report.open("w") as out:
        result = _grade_with_file_size_limit(
            ["1", "-w", str(ws), "--format", "json", "--progress", str(db)], size, stdout=out)
    assert result.returncode == 2
    assert one_line(result.stderr) == ("grade: error: cannot write the results: File too large "
                                       "(the progress history was recorded)")
    assert runs(db) == 2


def test_bad_limit_options(ws: Path) -> None:
    result = grade("1", "-w", str(ws), "--no-record", "--memory", "lots")
    assert result.exit_code == 2
    assert "not a size: 'lots'" in one_line(result.stderr)
    result = grade("1", "-w", str(ws), "--no-record", "--timeout-scale", "-1")
    assert result.exit_code == 2
    assert "timeout_scale must be a positive number" in one_line(result.stderr)


def test_limit_options_reach_the_sandbox(ws: Path) -> None:
    path = ws / "lesson01_vectors.py"
    path.write_text((SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8") + """

_keep = []


def dot(a, b):
    while True:
        _keep.append(bytearray(1 << 20))


def outer(a, b):
    print("x" * 20000)


def hadamard(a, b):
    while True:
        pass
""", encoding="utf-8")
    result = grade("1", "-w", str(ws), "--no-record", "--format", "json", "--memory", "200MiB",
                   "--max-output", "10KiB", "--timeout-scale", "0.1")
    assert result.exit_code == 1
    messages = {e["name"]: e["messages"][0] for e in json.loads(result.stdout)["exercises"]
                if e["messages"]}
    assert messages["dot"].startswith("dot used more than 200 MiB of memory")
    assert messages["outer"].startswith("outer printed more than 10 KiB")
    assert messages["hadamard"].startswith("timed out after 1 s in hadamard")


_DEEP = "\nBIG = " + "+".join(["1"] * 100_000) + "\n"  # too deep for CPython's compiler


def test_an_expression_too_deep_for_python_is_reported_not_a_crash(tmp_path: Path) -> None:
    """A chain of 100,000 ``+`` makes ``ast.parse`` raise RecursionError (and, after that, on
    some versions, SystemError). Every command that reads the learner's file says so in
    one line; none prints a traceback."""
    made = subprocess.run([sys.executable, "-m", "grader.cli", "init", "ws"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    ws = tmp_path / "ws"
    lesson = ws / "exercises" / "lesson01_vectors.py"
    lesson.write_text((SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8") + _DEEP,
                      encoding="utf-8")

    def user(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=ws, capture_output=True,
                              text=True, timeout=120, env={**os.environ, "GRADE_LANG": "en"})

    graded = user("lesson01")
    assert graded.returncode == 1, graded.stderr
    assert "Traceback" not in graded.stdout + graded.stderr
    assert ("lesson01_vectors.py: an expression is nested or chained too deeply for Python to read"
            in graded.stdout)
    assert graded.stdout.count("error ") == 4
    for args in (("next",), ("status",), ("hint", "lesson01", "dot")):
        done = user(*args)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
    reset = user("reset", "lesson01", "dot")
    assert reset.returncode == 2 and "Traceback" not in reset.stderr
    assert "cannot be parsed" in one_line(reset.stderr)


def test_too_deep_source_is_a_source_problem_every_time(tmp_path: Path) -> None:
    from grader.reading.cells import definitions
    from grader.reading.source import LearnerSource, SourceProblem

    path = tmp_path / "lesson01_vectors.py"
    path.write_text((SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8") + _DEEP,
                    encoding="utf-8")
    for _ in range(3):  # a second parse after the first failure must not crash either
        problem = LearnerSource.read(path)
        assert isinstance(problem, SourceProblem) and problem.kind == "too_deep"
    kept = definitions(["def f():\n    return 1\n", _DEEP, "import numpy as np\n"])
    assert "def f():" in kept and "import numpy as np" in kept and "BIG" not in kept


def test_a_passing_systemerror_from_the_parser_is_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """CPython 3.11 can raise SystemError ("AST constructor recursion depth mismatch") on a
    good file when another thread parses at the same time: that is no verdict on the file."""
    import ast

    from grader.reading import source

    real = ast.parse
    failures = iter([True, True])

    def flaky(text: str, filename: str = "<unknown>") -> ast.Module:
        if next(failures, False):
            raise SystemError("AST constructor recursion depth mismatch (before=1, after=2)")
        return real(text, filename=filename)

    monkeypatch.setattr(source.ast, "parse", flaky)
    assert isinstance(source.parse_python("x = 1\n"), ast.Module)

    def broken(text: str, filename: str = "<unknown>") -> ast.Module:
        raise SystemError("AST constructor recursion depth mismatch (before=1, after=2)")

    monkeypatch.setattr(source.ast, "parse", broken)
    with pytest.raises(source.TooDeep):
        source.parse_python("x = 1\n")
