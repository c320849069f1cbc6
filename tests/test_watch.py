"""``grade watch``: the loop's logic in process, and the real command in a subprocess
(a save is noticed and graded, only changes are shown, Ctrl-C ends it cleanly)."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

from grader.course import Lesson, load_course
from grader.i18n import tr
from grader.learn.watch import WatchSession
from grader.learn.workspace import function_span, init_workspace
from grader.model import CheckResult, ExerciseResult, LessonResult, Outcome

COURSE = load_course()
FIRST, SECOND = COURSE.lessons[0], COURSE.lessons[1]


def result(lesson: Lesson, outcomes: dict[str, Outcome], message: str = "wrong") -> LessonResult:
    exercises = []
    for exercise in lesson.exercises:
        outcome = outcomes.get(exercise.name, Outcome.NOT_STARTED)
        checks = (CheckResult("c", tr("a check", "一项检查"), outcome,
                              None if outcome is Outcome.PASSED else tr(message, "错误")),)
        exercises.append(ExerciseResult(exercise.name, outcome,
                                        1.0 if outcome is Outcome.PASSED else 0.0, 1.0, checks, 1))
    return LessonResult(lesson.id, lesson.file, "ws", tuple(exercises))


class Script:
    """A grade function that returns prepared results, lesson by lesson, in order."""

    def __init__(self, *results: LessonResult) -> None:
        self.results = list(results)
        self.graded: list[str] = []

    def __call__(self, lesson: Lesson) -> LessonResult:
        self.graded.append(lesson.id)
        assert self.results and self.results[0].lesson == lesson.id
        return self.results.pop(0)


def session(tmp_path: Path, script: Script, lang: str = "en") -> tuple[WatchSession, list[str]]:
    init_workspace(tmp_path, COURSE)
    printed: list[str] = []
    return WatchSession(COURSE, tmp_path / "exercises", lang, False, script, printed.append), printed


def test_only_what_changed_is_shown(tmp_path: Path) -> None:
    names = [e.name for e in FIRST.exercises]
    script = Script(
        result(FIRST, {}),
        result(FIRST, {names[0]: Outcome.FAILED}, "the last pair is missing"),
        result(FIRST, {names[0]: Outcome.PASSED}),
        result(FIRST, {names[0]: Outcome.PASSED}),
        result(FIRST, {names[0]: Outcome.PASSED, names[1]: Outcome.ERROR}, "boom"),
        result(FIRST, {names[0]: Outcome.FAILED, names[1]: Outcome.ERROR}, "boom"),
    )
    watch, printed = session(tmp_path, script)
    watch.begin(None)
    watch.watching()
    assert watch.current == FIRST
    assert "Read first: " in "\n".join(printed) and "Watching" in printed[-1]
    printed.clear()
    watch.saved({FIRST.file})
    out = "\n".join(printed)
    assert "newly failing" in out and "the last pair is missing" in out and "newly passed" not in out
    printed.clear()
    watch.saved({FIRST.file})
    out = "\n".join(printed)
    assert f"newly passed    {names[0]}" in out and "failing" not in out
    printed.clear()
    watch.saved({FIRST.file, "notes.txt"})
    assert "no change" in "\n".join(printed)
    printed.clear()
    watch.saved({FIRST.file})
    out = "\n".join(printed)
    assert f"newly failing   {names[1]}" in out and names[0] not in out.split("Next:")[0]
    printed.clear()
    watch.saved({FIRST.file})
    out = "\n".join(printed)
    assert f"newly failing   {names[0]}" in out and f"   {names[1]}" not in out
    assert script.results == []


def test_a_complete_lesson_moves_on_to_the_next(tmp_path: Path) -> None:
    everything = {e.name: Outcome.PASSED for e in FIRST.exercises}
    script = Script(result(FIRST, {}), result(FIRST, everything), result(SECOND, {}))
    watch, printed = session(tmp_path, script, lang="zh")
    watch.begin(None)
    printed.clear()
    watch.saved({FIRST.file})
    out = "\n".join(printed)
    assert f"{FIRST.id} 已全部通过" in out and f"进入下一课 {SECOND.id}" in out
    assert watch.current == SECOND
    assert script.graded == [FIRST.id, FIRST.id, SECOND.id]


def test_saving_another_lesson_grades_that_lesson(tmp_path: Path) -> None:
    script = Script(result(FIRST, {}), result(SECOND, {SECOND.exercises[0].name: Outcome.PASSED}))
    watch, printed = session(tmp_path, script)
    watch.begin(None)
    watch.saved({SECOND.file})
    assert watch.current == FIRST
    assert f"newly passed    {SECOND.exercises[0].name}" in "\n".join(printed)


def test_a_removed_file_is_reported_not_graded(tmp_path: Path) -> None:
    script = Script(result(FIRST, {}))
    watch, printed = session(tmp_path, script)
    watch.begin(None)
    (tmp_path / "exercises" / FIRST.file).unlink()
    watch.saved({FIRST.file})
    assert f"grade reset {FIRST.id}" in printed[-1]


# -- the real command -------------------------------------------------------------------


class Reader:
    """Lines of a subprocess's stdout, with a deadline."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        self.thread = threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True)
        self.thread.start()

    def until(self, text: str, timeout: float = 30.0) -> float:
        """Seconds until a line containing ``text`` arrives."""
        started = time.monotonic()
        while True:
            left = timeout - (time.monotonic() - started)
            if left <= 0:
                raise AssertionError(f"{text!r} did not appear; output so far:\n" + "".join(self.seen))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return time.monotonic() - started


DOT = '''def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(np.sum(a * b))
'''


def _write_dot(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = function_span(text, "dot") or (0, 0)
    lines = text.splitlines(keepends=True)
    path.write_text("".join([*lines[:start - 1], body, *lines[end:]]), encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")
def test_watch_regrades_on_save_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    init_workspace(tmp_path, COURSE)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "GRADE_LANG": "en"}
    env.pop("GRADE_PROGRESS", None)
    with subprocess.Popen([sys.executable, "-m", "grader.cli", "watch"], cwd=tmp_path, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            out = Reader(process)
            out.until("Watching")
            path = tmp_path / "exercises" / FIRST.file
            _write_dot(path, DOT.replace("np.sum(a * b)", "np.sum(a[:-1] * b[:-1])"))
            out.until("newly failing")
            out.until("Next:")
            _write_dot(path, DOT)
            reaction = out.until("saved:")
            out.until("newly passed")
            assert reaction < 5.0, f"the save was graded {reaction:.2f} s later"
            process.send_signal(signal.SIGINT)
            out.until("Stopped watching")
            assert process.wait(timeout=10) == 0
            out.thread.join(timeout=10)
            assert process.stderr is not None
            errors = process.stderr.read()
            assert "Traceback" not in errors, errors
        finally:
            if process.poll() is None:
                process.kill()
    db = tmp_path / "reports" / "progress.sqlite"
    assert db.is_file()  # every grading was recorded for `grade next` and `grade hint`
    assert (tmp_path / "reports" / "index.html").is_file()  # and the page beside it, as `grade LESSON` keeps it
    text = "".join(out.seen)
    assert text.count("newly passed") == 1 and "outer" not in text.split("newly passed")[1].split("Next")[0]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")
def test_watch_follows_a_replaced_workspace_folder_and_stops_when_it_is_gone(tmp_path: Path) -> None:
    """``rm -rf exercises`` and a fresh copy in its place (a re-clone, a checkout that
    recreates the folder): the operating system's watch was on the old folder, so without
    care no save would ever be seen again and ``grade watch`` would sit silent."""
    init_workspace(tmp_path, COURSE)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "GRADE_LANG": "en"}
    env.pop("GRADE_PROGRESS", None)
    folder = tmp_path / "exercises"
    spare = tmp_path / "spare"
    shutil.copytree(folder, spare)
    with subprocess.Popen([sys.executable, "-m", "grader.cli", "watch"], cwd=tmp_path, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            out = Reader(process)
            out.until("Watching")
            replaced = tmp_path / "replaced"
            shutil.copytree(spare, replaced)
            shutil.rmtree(folder)
            replaced.rename(folder)  # in one step: the folder is never missing when looked for
            out.until("was replaced")
            out.until("Watching")
            _write_dot(folder / FIRST.file, DOT)
            out.until("newly passed")
            shutil.rmtree(folder)
            assert process.wait(timeout=30) == 2
            assert process.stderr is not None
            errors = process.stderr.read()
            assert errors.count("\n") == 1 and "exercises was removed" in errors, errors
        finally:
            if process.poll() is None:
                process.kill()


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX")
def test_closing_the_terminal_stops_watch_cleanly(tmp_path: Path) -> None:
    """Closing the terminal window is how most people end ``grade watch``: the hang-up
    stops it as Ctrl-C does, and its scratch folder does not stay behind."""
    init_workspace(tmp_path, COURSE)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "GRADE_LANG": "en",
           "TMPDIR": str(scratch)}
    env.pop("GRADE_PROGRESS", None)
    with subprocess.Popen([sys.executable, "-m", "grader.cli", "watch"], cwd=tmp_path, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            out = Reader(process)
            out.until("Watching")
            assert list(scratch.glob("grade-scratch-*"))  # where the sandbox keeps its files
            process.send_signal(signal.SIGHUP)
            assert process.wait(timeout=20) == 0
        finally:
            if process.poll() is None:
                process.kill()
    assert not list(scratch.glob("grade-scratch-*"))
