"""One grading pipeline: a run's events reach the listeners a front end chose, files are
written whole with the user's modes, and every problem leaves by one door (its exit code)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_solutions

from grader import api
from grader.atomic import write_atomic
from grader.cli import main
from grader.errors import GradeError, Refusal
from grader.events import Listener
from grader.listeners import ProgressRecorder, progress_listeners, report_path
from grader.progress import ProgressStore


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set the umask for one test, and put the old one back."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


# -- the one atomic writer --------------------------------------------------------------


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_files_get_the_modes_the_umask_gives(tmp_path, umask, mask, expected):
    umask(mask)
    written = write_atomic(tmp_path / "deep" / "report.json", "{}\n")
    assert written.read_text(encoding="utf-8") == "{}\n" and _mode(written) == expected
    assert list(written.parent.iterdir()) == [written]  # no temporary file left behind


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o027])
def test_the_umask_is_read_without_changing_it(umask, mask):
    from grader.atomic import current_umask

    umask(mask)
    assert current_umask() == mask and current_umask() == mask


def test_a_kept_mode_survives_a_rewrite_and_bytes_go_as_given(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "lesson01_vectors.py"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o755)
    write_atomic(target, "new\r\n", keep_mode=True)
    assert _mode(target) == 0o755 and target.read_bytes() == b"new\r\n"
    write_atomic(target, b"\x00\x01")
    assert _mode(target) == 0o644 and target.read_bytes() == b"\x00\x01"


def test_a_failed_write_leaves_the_old_file_and_no_litter(tmp_path, monkeypatch):
    target = tmp_path / "index.html"
    target.write_text("old page", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "new page")
    assert target.read_text(encoding="utf-8") == "old page" and list(tmp_path.iterdir()) == [target]


def test_grading_writes_its_page_and_outputs_with_normal_modes(tmp_path, umask, monkeypatch):
    umask(0o022)
    workspace = copy_solutions(tmp_path / "exercises")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lesson01", "--output", "junit:out/report.xml",
                                       "--output", "gradescope:results.json"])
    assert result.exit_code == 0, result.output
    for path in (tmp_path / "out" / "report.xml", tmp_path / "results.json", tmp_path / "reports" / "index.html"):
        assert _mode(path) == 0o644, path
    assert workspace.is_dir()


# -- listeners --------------------------------------------------------------------------


class Log(Listener):
    def __init__(self) -> None:
        self.events: list[str] = []

    def run_started(self, lessons, workspace):
        self.events.append("started " + ",".join(lesson.id for lesson in lessons))

    def exercise_started(self, lesson, exercise):
        self.events.append(f"exercise {exercise.name}")

    def lesson_done(self, result):
        self.events.append(f"lesson {result.lesson}")

    def run_done(self, run):
        self.events.append(f"run {len(run.lessons)}")

    def closed(self):
        self.events.append("closed")


def test_a_run_tells_every_listener_every_event_in_order(tmp_path):
    workspace = copy_solutions(tmp_path / "exercises")
    first, second = Log(), Log()
    run = api.grade(["lesson01", "lesson02"], workspace, listeners=[first, second], parallel=2)
    assert first.events == second.events
    assert first.events[0] == "started lesson01,lesson02" and first.events[-2:] == ["run 2", "closed"]
    assert [e for e in first.events if e.startswith("lesson")] == ["lesson lesson01", "lesson lesson02"]
    exercises = sum(len(lesson.exercises) for lesson in run.lessons)
    assert sum(e.startswith("exercise") for e in first.events) == exercises


def test_a_run_that_cannot_start_is_still_closed(tmp_path):
    log = Log()
    with pytest.raises(api.UsageError):
        api.grade(["lesson01"], tmp_path / "nowhere", listeners=[log])
    assert log.events == ["started lesson01", "closed"]


def test_a_front_end_may_keep_only_the_history(tmp_path):
    """A notebook (or any caller) picks the progress store alone: no page, nothing printed."""
    workspace = copy_solutions(tmp_path / "exercises")
    store = ProgressStore(tmp_path / "history.sqlite")
    chosen = progress_listeners(store, "en", page=False)
    assert [type(listener) for listener in chosen] == [ProgressRecorder]
    api.grade(["lesson01"], workspace, listeners=chosen)
    attempts = store.history(str(workspace.resolve())).attempts
    assert len(attempts) == 4 and not report_path(store.path).exists()


def test_the_page_is_rewritten_after_every_recorded_run(tmp_path):
    workspace = copy_solutions(tmp_path / "exercises")
    store = ProgressStore(tmp_path / "reports" / "progress.sqlite")
    said: list[str] = []
    api.grade(["lesson01"], workspace, listeners=progress_listeners(store, "en", announce=said.append))
    page = report_path(store.path)
    assert page.is_file() and "lesson01" in page.read_text(encoding="utf-8")
    assert said and said[0].startswith("Progress report:")


def test_batch_keeps_each_run_as_its_record_file(tmp_path):
    import json

    from grader.listeners import RunRecordFile
    from grader.model import RunResult

    workspace = copy_solutions(tmp_path / "exercises")
    target = tmp_path / "grades" / "ana.json"
    run = api.grade(["lesson01"], workspace, listeners=[RunRecordFile(target)])
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record == run.to_dict() and RunResult.from_dict(record).score == run.score == 4


def test_a_history_that_is_not_one_stops_the_run_before_grading(tmp_path):
    workspace = copy_solutions(tmp_path / "exercises")
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("my own notes", encoding="utf-8")
    log = Log()
    with pytest.raises(GradeError) as caught:
        api.grade(["lesson01"], workspace, listeners=[*progress_listeners(ProgressStore(bogus), "en"), log])
    assert caught.value.exit_code == 2 and "notes.sqlite" in caught.value.line()
    assert not any(e.startswith("exercise") for e in log.events) and log.events[-1] == "closed"
    assert bogus.read_text(encoding="utf-8") == "my own notes"


# -- one error family, one exit ---------------------------------------------------------


def test_errors_know_their_line_and_exit_code():
    assert GradeError("no such lesson").line() == "grade: error: no such lesson"
    assert GradeError("x").exit_code == 2 and GradeError("x", exit_code=1).exit_code == 1
    assert Refusal("the workspace is missing.").line() == "grade: the workspace is missing."
    assert issubclass(api.UsageError, GradeError) and issubclass(api.UsageError, ValueError)


def test_the_entry_point_alone_turns_an_error_into_its_exit_code(tmp_path):
    result = CliRunner().invoke(main, ["lesson01", "--workspace", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"grade: error: the workspace {tmp_path / 'nowhere'} does not exist: "
                             "create one with `grade init`, or name yours with --workspace.\n")
    hint = CliRunner().invoke(main, ["hint", "--workspace", str(tmp_path / "nowhere")])
    assert hint.exit_code == 2 and hint.stderr.startswith("grade: the workspace ")


def test_only_the_entry_point_exits():
    """No command, listener or helper of the grading side raises SystemExit or calls sys.exit:
    they raise a GradeError, or return, and click's entry point exits. (The sandbox's child
    processes end themselves, and a ``__main__`` module is run as a program: they are entry
    points of their own, as are the console script's, ``grader/cli/launch.py``, and the second
    grading process a run forks, ``grader/two_processes.py``.)"""
    import ast

    from conftest import ROOT

    exits = []
    for path in sorted((ROOT / "grader").rglob("*.py")):
        if "sandbox" in path.parts or path.name == "__main__.py" or path in (
                ROOT / "grader" / "cli" / "launch.py", ROOT / "grader" / "two_processes.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            raised = isinstance(node, ast.Raise) and node.exc is not None and "SystemExit" in ast.unparse(node.exc)
            called = isinstance(node, ast.Call) and ast.unparse(node.func) in ("sys.exit", "os._exit", "exit")
            if raised or called:
                exits.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert exits == []


_ENDING = """
import atexit, sys, threading, time
from pathlib import Path
from grader.cli.launch import exit_now
out = Path(sys.argv[1])
atexit.register(lambda: (out / "atexit").write_text("ran"))
def late():
    time.sleep(0.2)
    (out / "thread").write_text("joined")
threading.Thread(target=late).start()
sys.stdout.write("buffered, no newline")
exit_now(eval(sys.argv[2]))
"""


@pytest.mark.parametrize("code, status, stderr", [("None", 0, ""), ("0", 0, ""), ("1", 1, ""), ("2", 2, ""),
                                                  ("256", 0, ""), ("-1", 255, ""), ("True", 1, ""),
                                                  ("'no such lesson'", 1, "no such lesson\n")])
def test_the_console_script_ends_as_python_would(tmp_path, code, status, stderr):
    """``grade`` skips the interpreter's teardown at its end (``launch.exit_now``), and
    nothing else: the exit code of ``sys.exit(code)``, threads joined, exit handlers run,
    buffered output flushed."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _ENDING, str(tmp_path), code], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (status, "buffered, no newline", stderr)
    assert (tmp_path / "atexit").read_text() == "ran" and (tmp_path / "thread").read_text() == "joined"


def test_output_that_cannot_be_flushed_at_the_end_exits_120_as_python_does():
    """The documented status of ``sys.exit`` when the standard output cannot be flushed
    at the end (here a stream whose flush fails, as a disk that filled up meanwhile)."""
    import subprocess
    import sys

    script = ("import io, sys\nfrom grader.cli.launch import exit_now\n"
              "class Full(io.StringIO):\n    def flush(self):\n        raise OSError(28, 'No space left on device')\n"
              "sys.stdout = Full()\nexit_now(int(sys.argv[1]))\n")
    statuses = [subprocess.run([sys.executable, "-c", script, code], capture_output=True, timeout=60).returncode
                for code in ("0", "1")]
    assert statuses == [120, 1]
