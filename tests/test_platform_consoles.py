"""Consoles and editors of every platform: a GBK console, Windows' VT mode, save patterns.

Chinese Windows consoles often use GBK (code page 936): feedback in Chinese prints there
as Chinese, not as question marks, and nothing crashes in a console that cannot show a
character (cp1252). Colour in a Windows console needs its virtual-terminal mode, asked
for with ``ctypes`` (``console.escapes_understood``); elsewhere terminals understand
escapes. ``grade watch`` sees a save however the editor writes the file: in place, by
renaming a temporary file over it (JetBrains, VS Code's atomic save), or by renaming the
old file to a backup and writing a new one (Vim, Emacs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXERCISES, SOLUTIONS

from grader.learn.watch import file_events
from grader.reporters import console

# The venv's grade beside its python; with a system Python on Windows, Scripts\grade.exe.
GRADE = (shutil.which("grade", path=str(Path(sys.executable).parent)) or shutil.which("grade")
         or str(Path(sys.executable).with_name("grade")))
LESSON = "lesson01_vectors.py"


def _grade(cwd: Path, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "GRADE_LANG": "zh"}
    return subprocess.run([GRADE, *args, "--no-record", "--no-report"], cwd=cwd, env=env,
                          capture_output=True, timeout=120)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    shutil.copytree(EXERCISES, tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    source = (SOLUTIONS / LESSON).read_text(encoding="utf-8")
    (wrong / LESSON).write_text(source + "\n\ndef dot(a, b):\n    return float(sum(x * y for x, y in "
                                "zip(a[:-1], b[:-1])))\n", encoding="utf-8")
    return tmp_path


def test_chinese_feedback_prints_in_a_gbk_console(course: Path) -> None:
    stubs = _grade(course, "gbk", "lesson01")
    assert stubs.returncode == 1
    text = stubs.stdout.decode("gbk")
    assert "向量与矩阵" in text and "未开始" in text and "下一步" in text
    assert "?" not in text
    failing = _grade(course, "gbk", "lesson01", "--workspace", "wrong")
    text = failing.stdout.decode("gbk")
    assert failing.returncode == 1 and "未通过" in text and "dot([1, 2, 3], [4, 5, 6])" in text
    assert "?" not in text and b"Traceback" not in failing.stderr
    everything = _grade(course, "gbk", "all")
    assert everything.returncode == 1 and b"Traceback" not in everything.stderr
    assert "从这里开始" in everything.stdout.decode("gbk")


def test_a_console_without_chinese_degrades_without_a_crash(course: Path) -> None:
    done = _grade(course, "cp1252", "lesson01", "--workspace", "wrong")
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert "dot([1, 2, 3], [4, 5, 6])" in done.stdout.decode("cp1252")


def test_escapes_are_understood_off_windows_and_asked_for_on_windows() -> None:
    if sys.platform == "win32":
        assert isinstance(console.escapes_understood(), bool)
    else:
        assert console.escapes_understood() is True


def _in_place(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _temporary_renamed_over(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + "___jb_tmp___")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _backup_then_new(path: Path, text: str) -> None:
    backup = path.with_name(path.name + "~")
    os.replace(path, backup)
    path.write_text(text, encoding="utf-8")
    backup.unlink()


@pytest.mark.parametrize("save", [_in_place, _temporary_renamed_over, _backup_then_new],
                         ids=["in-place", "temporary-renamed-over", "backup-then-new"])
def test_watch_sees_every_editors_save(tmp_path: Path, save: Callable[[Path, str], None]) -> None:
    folder = tmp_path / "exercises"
    folder.mkdir()
    path = folder / LESSON
    path.write_text("x = 1\n", encoding="utf-8")
    ready, stop = threading.Event(), threading.Event()
    seen: list[set[str]] = []

    def watch() -> None:
        for names in file_events(folder, {LESSON}, ready=ready.set, stop=stop):
            seen.append(names)
            stop.set()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    assert ready.wait(10)
    save(path, "x = 2\n")
    thread.join(15)
    stop.set()
    assert seen and LESSON in seen[0], seen
    assert all(name == LESSON for names in seen for name in names)  # temporaries filtered out
    assert path.read_text(encoding="utf-8") == "x = 2\n"
