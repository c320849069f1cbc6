"""A long check shows progress: on a terminal, an exercise that has run past two seconds is
named on the status line with its elapsed time and its time limit; piped, nothing of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_solutions
from typical_mistakes import environment as shared_environment
from typical_mistakes import on_a_terminal as shared_on_a_terminal

from grader.reporters import console

GRADE = str(Path(sys.executable).with_name("grade"))

# ``dot`` as a learner might leave it while debugging: right, but its first call sleeps.
SLOW_DOT = '''
def dot(a, b):
    import time
    global _slept
    if not globals().get("_slept"):
        _slept = True
        time.sleep(3.5)
    x, y = _vector(a, "a"), _vector(b, "b")
    if x.shape != y.shape:
        raise ValueError("a and b must have the same length")
    return float(sum(float(p) * float(q) for p, q in zip(x, y)))
'''


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A learner's course folder whose ``exercises/lesson01_vectors.py`` has a slow ``dot``."""
    folder = tmp_path_factory.mktemp("course")
    exercises = copy_solutions(folder / "exercises")
    path = exercises / "lesson01_vectors.py"
    path.write_text(path.read_text(encoding="utf-8") + SLOW_DOT, encoding="utf-8")
    return folder


def environment(lang: str) -> dict[str, str]:
    return shared_environment(lang, NO_COLOR="1", TERM="xterm")


def on_a_terminal(args: list[str], cwd: Path, lang: str) -> tuple[int, str]:
    """``grade ARGS`` with stdout and stderr on a pseudo-terminal: every byte it shows."""
    return shared_on_a_terminal(args, cwd, columns=100, lang=lang, rows=40, timeout=120)


@pytest.mark.parametrize(("lang", "shown"), [("en", "dot … {n} s of 10 s"),
                                             ("zh", "dot … 已用 {n} 秒，上限 10 秒")])
def test_a_slow_exercise_is_named_with_its_time_and_limit_on_a_terminal(
        course: Path, lang: str, shown: str) -> None:
    code, screen = on_a_terminal(["lesson01", "--no-record"], course, lang)
    assert code == 0, screen  # dot is slow but right; the rest are the solutions
    assert shown.format(n=2) in screen or shown.format(n=3) in screen, screen
    # Rewritten in place, and cleared before the results are printed.
    line = screen.index(shown.split("{n}")[0])
    drawn = screen.rindex("\r\x1b[2K", 0, line)
    assert "\n" not in screen[drawn:line] and screen[drawn:line].endswith("0/4  ")
    results = screen.index("lesson01  ")
    assert screen[:results].endswith("\r\x1b[2K"), screen[:results][-200:]
    assert "of 10 s" not in screen[results:] and "上限" not in screen[results:]


def test_grade_watch_names_a_slow_exercise_too_and_nothing_else(course: Path) -> None:
    """``grade watch`` grades the lesson at once: the slow ``dot`` is named while it runs,
    no progress bar is drawn, and the line is gone before the results."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    proc = subprocess.Popen([GRADE, "watch", "--no-record"], cwd=course, env=environment("en"),
                            stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    screen = b""

    def read_until(text: bytes, seconds: float) -> None:
        nonlocal screen
        end = time.monotonic() + seconds
        while text not in screen and time.monotonic() < end:
            if select.select([leader], [], [], 0.2)[0]:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                screen += chunk

    try:
        read_until(b"Watching", 90)
        proc.send_signal(signal.SIGINT)
        read_until(b"Stopped watching", 30)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    shown = screen.decode("utf-8", errors="replace")
    assert "  dot … 2 s of 10 s" in shown or "  dot … 3 s of 10 s" in shown, shown
    before = shown.split("lesson01  ")[0]
    assert "[-" not in before and "[#" not in before and "0/4" not in before, shown  # no bar
    assert shown.split("lesson01  ")[0].endswith("\r\x1b[2K"), shown
    assert "Stopped watching" in shown


def test_ctrl_c_stops_a_slow_exercise_and_clears_the_line(tmp_path: Path) -> None:
    """While the line names a hung ``dot``, Ctrl-C ends the run at once (exit 130) and
    leaves no status line behind."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    exercises = copy_solutions(tmp_path / "exercises")
    path = exercises / "lesson01_vectors.py"
    path.write_text(path.read_text(encoding="utf-8") + SLOW_DOT.replace("time.sleep(3.5)", "time.sleep(1000)"),
                    encoding="utf-8")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    proc = subprocess.Popen([GRADE, "lesson01", "--no-record"], cwd=tmp_path, env=environment("en"),
                            stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    screen = b""
    stopped = 0.0
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            if stopped == 0.0 and "dot … 2 s of 10 s".encode() in screen:
                proc.send_signal(signal.SIGINT)
                stopped = time.monotonic()
            if select.select([leader], [], [], 0.2)[0]:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                screen += chunk
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    shown = screen.decode("utf-8", errors="replace")
    assert stopped, shown
    assert code == 130, shown
    assert time.monotonic() - stopped < 10  # not the 10 s limit, nor 1000 s
    last = shown.rindex("dot … ")
    assert "\r\x1b[2K" in shown[last:], shown  # the line was cleared


def test_nothing_of_it_when_the_output_is_not_a_terminal(course: Path) -> None:
    started = time.monotonic()
    piped = subprocess.run([GRADE, "lesson01", "--no-record"], cwd=course, env=environment("en"),
                           capture_output=True, text=True, timeout=120)
    assert time.monotonic() - started > 3  # the slow dot did run
    assert piped.returncode == 0, piped.stdout + piped.stderr
    assert piped.stderr == ""
    assert "\r" not in piped.stdout and "\x1b" not in piped.stdout and "…" not in piped.stdout
    assert "passed       dot" in piped.stdout


def test_nothing_of_it_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    assert console.animated(Terminal())  # type: ignore[arg-type]
    monkeypatch.setenv("CI", "true")
    assert not console.animated(Terminal())  # type: ignore[arg-type]


def test_the_line_names_the_longest_running_exercise_past_two_seconds() -> None:
    line = console.StatusLine(10, enabled=False, lang="en")
    line.exercise("lesson12", "fit_curve", 130.0)
    line.exercise("lesson03", "derivative", 10.0)
    assert "…" not in line.render(100)  # neither has run two seconds yet
    now = time.monotonic()
    line.running["lesson12"] = ("fit_curve", now - 12.2, 130.0)
    line.running["lesson03"] = ("derivative", now - 3.0, 10.0)
    assert line.render(100).endswith("  fit_curve … 12 s of 130 s")
    assert line.render(30) == "  fit_curve … 12 s of 130 s"  # narrow: the bar gives way
    line.exercise("lesson12", None)
    assert line.render(100).endswith("  derivative … 3 s of 10 s")
    line.exercise("lesson03", None)
    assert "…" not in line.render(100)
