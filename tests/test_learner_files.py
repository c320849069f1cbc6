"""Lesson files and folders as learners' editors, systems and slips leave them: a
byte-order mark, Windows line endings, Unicode line separators in a comment, a pipe or a
device in place of the file, an empty file, a course folder with a space in its name,
``grade`` typed in the wrong folder. Each is run as a learner would: ``grade`` in a
subprocess, from the folder the learner stands in, with relative paths and default
options."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SOLUTIONS

LESSON = Path("exercises") / "lesson01_vectors.py"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    made = subprocess.run([sys.executable, "-m", "grader.cli", "init", "my-course"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    return tmp_path / "my-course"


def user(course: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``grade ARGS`` typed in the workspace folder."""
    env = {**os.environ, "GRADE_LANG": "en"}
    env.pop("GRADE_PROGRESS", None)
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=timeout)


def reference() -> bytes:
    return (SOLUTIONS / "lesson01_vectors.py").read_bytes()


def _gbk(text: bytes) -> bytes:
    return b"# -*- coding: gbk -*-\n" + text.decode("utf-8").encode("gbk")


@pytest.mark.parametrize("saved", [lambda text: b"\xef\xbb\xbf" + text, _gbk],
                         ids=["byte-order-mark", "gbk-declared"])
def test_a_right_file_in_an_encoding_python_reads_passes(course: Path,
                                                        saved: Callable[[bytes], bytes]) -> None:
    """Windows editors (Notepad among them) may save UTF-8 with a byte-order mark, and a
    Chinese editor may save GBK with a coding declaration; Python runs both files as
    usual, so the grader must read them as Python does."""
    (course / LESSON).write_bytes(saved(reference()))
    graded = user(course, "lesson01")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert "4/4 exercises passed" in graded.stdout
    assert "syntax error" not in graded.stdout
    shown = user(course, "next")
    assert shown.returncode == 0 and "lesson02 l0_norm" in shown.stdout, shown.stdout
    done = user(course, "reset", "lesson01", "dot")  # written back in the file's own encoding
    assert done.returncode == 0, done.stderr
    graded = user(course, "lesson01")
    assert "3/4 exercises passed" in graded.stdout and "not started  dot" in graded.stdout, graded.stdout
    assert (course / LESSON).read_bytes()[:5] == saved(reference())[:5]


def _functions(text: str) -> dict[str, str]:
    """Each module-level function's source, as Python sees it."""
    import ast

    tree = ast.parse(text)
    return {node.name: ast.get_source_segment(text, node) or "" for node in tree.body
            if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["unix", "windows"])
def test_reset_of_one_function_leaves_every_other_byte_alone(course: Path, newline: str) -> None:
    """A comment with a form feed or a Unicode line separator is one line to Python but
    two to ``str.splitlines``; Windows line endings are kept as they are. Resetting
    ``dot`` must replace ``dot`` and nothing else."""
    text = reference().decode("utf-8").replace(
        "def dot(", "# page break \x0c and a pasted separator \u2028 in a comment\ndef dot(", 1)
    saved = text.replace("\n", newline).encode("utf-8")
    (course / LESSON).write_bytes(saved)
    done = user(course, "reset", "lesson01", "dot")
    assert done.returncode == 0, done.stderr
    after = (course / LESSON).read_bytes()
    backups = sorted((course / "exercises").glob("lesson01_vectors.py.*.bak"))
    assert [b.read_bytes() for b in backups] == [saved]
    before_functions = _functions(saved.decode("utf-8"))
    after_functions = _functions(after.decode("utf-8"))  # it still parses
    assert "NotImplementedError" in after_functions["dot"]
    assert {k: v for k, v in after_functions.items() if k != "dot"} == {
        k: v for k, v in before_functions.items() if k != "dot"}
    head = saved.split(b"def dot(")[0]
    assert after.startswith(head)  # the comment and everything above it, byte for byte
    assert after.count(b"\r\n") == after.count(b"\n") if newline == "\r\n" else b"\r" not in after


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                    reason="needs named pipes and /dev/zero")
@pytest.mark.parametrize("kind", ["named-pipe", "link-to-dev-zero"])
def test_a_lesson_file_that_is_no_file_never_hangs_a_command(course: Path, kind: str) -> None:
    """Opening a named pipe waits for a writer forever, and /dev/zero never ends: whatever
    stands at the lesson file's place, every command answers, and none reads it."""
    path = course / LESSON
    path.unlink()
    if kind == "named-pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    for args in (("lesson01",), ("all",), ("next",), ("hint",), ("hint", "dot"), ("status",),
                 ("reset", "lesson01", "dot")):
        try:
            done = user(course, *args, timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"grade {' '.join(args)} hung")
        assert "Traceback" not in done.stdout + done.stderr, args
        assert done.returncode in (0, 1, 2), (args, done.stderr)
    graded = user(course, "lesson01")
    assert graded.returncode == 2
    assert graded.stderr.strip().endswith("is not a regular file"), graded.stderr
    refused = user(course, "reset", "lesson01", "dot")
    assert refused.returncode == 2 and "not a regular file" in refused.stderr, refused.stderr
    whole = user(course, "reset", "lesson01", timeout=60)  # puts a real file in its place
    assert whole.returncode == 0, whole.stderr
    assert path.is_file() and not path.is_symlink()
    assert not list((course / "exercises").glob("*.bak"))
    assert user(course, "lesson01").returncode == 1


@pytest.mark.parametrize(("content", "said"), [
    (b"", "lesson01_vectors.py is empty"),
    (b"\n\n  \n", "lesson01_vectors.py is empty"),
    (b"x = '\xff'\n", "lesson01_vectors.py is not UTF-8 text"),
    (b"def dot(:\n", "lesson01_vectors.py cannot be parsed"),
], ids=["empty", "blank", "latin-1", "syntax-error"])
def test_reset_of_one_function_says_why_it_cannot(course: Path, content: bytes, said: str) -> None:
    (course / LESSON).write_bytes(content)
    refused = user(course, "reset", "lesson01", "dot")
    assert refused.returncode == 2
    assert said in refused.stderr and "`grade reset lesson01`" in refused.stderr, refused.stderr
    assert (course / LESSON).read_bytes() == content


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_place_of_a_notebook_never_hangs_grading(tmp_path: Path) -> None:
    made = subprocess.run([sys.executable, "-m", "grader.cli", "notebooks"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    book = tmp_path / "notebooks" / "lesson01_vectors.ipynb"
    book.unlink()
    os.mkfifo(book)
    try:
        done = user(tmp_path, "all", "-w", "notebooks", timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("grade all -w notebooks hung")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "lesson01_vectors.ipynb could not be read: not a regular file" in done.stdout, done.stdout


@pytest.mark.parametrize("where", ["inside-exercises", "above-the-course"])
def test_grade_from_the_wrong_folder_says_where_to_go(course: Path, where: str) -> None:
    """Two slips of a newcomer: a terminal opened in ``exercises/`` (the editor's folder),
    and ``grade init my-course`` without the ``cd my-course`` after it. ``grade init``,
    which the message used to suggest, would make a second course inside the first."""
    cwd, advice = ((course / "exercises", "cd ..") if where == "inside-exercises"
                   else (course.parent, "cd my-course"))
    for args in (("lesson01",), ("next",), ("hint",), ("status",), ("list",), ("watch",), ("all",)):
        done = user(cwd, *args, timeout=60)
        assert done.returncode == 2, (args, done.stdout)
        assert done.stderr.count("\n") == 1 and advice in done.stderr, (args, done.stderr)
        assert "grade init" not in done.stderr, (args, done.stderr)


@pytest.mark.parametrize("name", ["my course", "我的 课程", "it's mine"])
def test_the_cd_line_grade_init_prints_works_when_pasted(tmp_path: Path, name: str) -> None:
    made = subprocess.run([sys.executable, "-m", "grader.cli", "init", name], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "GRADE_LANG": "en"})
    assert made.returncode == 0, made.stderr
    line = next(line.strip() for line in made.stdout.splitlines() if line.strip().startswith("cd "))
    pasted = subprocess.run(["bash", "-c", f"{line} && pwd"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=10)
    assert pasted.returncode == 0, (line, pasted.stderr)
    assert Path(pasted.stdout.strip()) == (tmp_path / name).resolve()
