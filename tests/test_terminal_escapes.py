"""Learner text is shown, never obeyed: no control character of the learner's reaches a
terminal raw, through any command that shows learner text.

The submission is ``tests/hostile/terminal_escape_sequences.py``: it prints, raises and
returns screen clears, an OSC window title, a cursor-up fake "passed" line, carriage
returns, a C1 CSI and a bidi override. With colour on, the grader's own SGR codes are the
only escape sequences allowed; the learner's blink code (``ESC [5;35m``, never used by the
grader) must not appear raw.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SOLUTIONS, copy_solutions

from grader import api
from grader.cli import main
from grader.course import load_course
from grader.learn.watch import WatchSession
from grader.reporters import console, github
from grader.reporters.visible import has_controls, visible

HOSTILE = Path(__file__).resolve().parent / "hostile" / "terminal_escape_sequences.py"
LESSON = load_course().lesson("lesson01")
GRADER_SGR = re.compile("\x1b\\[[0-9;]*m")
LEARNER_SGR = "\x1b[5;35m"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A project folder whose lesson01 is the hostile submission (the rest is right)."""
    workspace = copy_solutions(tmp_path / "exercises")
    source = (SOLUTIONS / LESSON.file).read_text(encoding="utf-8")
    (workspace / LESSON.file).write_text(source + "\n\n" + HOSTILE.read_text(encoding="utf-8"),
                                         encoding="utf-8")
    return workspace


def assert_nothing_raw(text: str, colour: bool) -> None:
    assert LEARNER_SGR not in text
    shown = GRADER_SGR.sub("", text) if colour else text
    found = sorted({repr(c) for c in RAW.findall(shown)})
    assert found == [], f"raw control characters {found} in:\n{visible(text)}"


def assert_learner_text_shown(text: str) -> None:
    """The sequences are there to read, escaped: hidden text would be no better."""
    assert "\\x1b]0;pwned\\x07" in text and "\\x1b[2J" in text


def test_the_sanitiser_escapes_controls_and_keeps_layout() -> None:
    assert visible("a\x1b[2Jb\tc\nd\r\ne\rf\x07\x9b\u202eg") == \
        "a\\x1b[2Jb\tc\nd\ne\\rf\\x07\\x9b\\u202eg"
    assert visible("点乘 ok\n") == "点乘 ok\n"
    assert has_controls("\x1b") and not has_controls("plain\ttext\n")


@pytest.mark.parametrize("colour", [True, False])
@pytest.mark.parametrize("command", [["lesson01", "--verbose"], ["lesson01"], ["all"],
                                     ["all", "--verbose"], ["all", "--lang", "zh"],
                                     ["lesson01", "--format", "gradescope"]])
def test_grading_output_has_no_raw_control_characters(hostile: Path, monkeypatch: pytest.MonkeyPatch,
                                                      command: list[str], colour: bool) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(console, "is_terminal", lambda stream: colour)
    monkeypatch.chdir(hostile.parent)
    result = CliRunner().invoke(main, [*command, "--no-record"], color=colour)
    assert result.exit_code == 1, result.output
    if colour and "--format" not in command:
        assert GRADER_SGR.search(result.stdout)  # the grader's own colours are still there
    assert_nothing_raw(result.stdout, colour)
    assert_nothing_raw(result.stderr.replace("\r\x1b[2K", ""), colour)  # the status line
    if "gradescope" in command:
        tests = json.loads(result.stdout)["tests"]
        assert_learner_text_shown("\n".join(t["output"] for t in tests))
    else:
        assert_learner_text_shown(result.stdout)
    if "--verbose" in command:
        assert "\\r\\r\\roverwritten\\x9b2J\\u202e" in result.stdout  # printed output


def test_github_classroom_messages_are_escaped(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(hostile.parent)
    result = CliRunner().invoke(main, ["lesson01", "--format", "github", "--no-record"])
    runners = github.parse(result.stdout).values()
    messages = "\n".join(test["message"] for runner in runners for test in runner["tests"])
    assert_nothing_raw(messages, colour=False)
    assert_learner_text_shown(messages)


def test_watch_shows_learner_text_escaped(hostile: Path) -> None:
    result = api.grade_lesson(LESSON.id, hostile)
    for colour in (True, False):
        shown: list[str] = []
        session = WatchSession(load_course(), hostile, "en", colour, grade=lambda lesson: result,
                               echo=shown.append)
        session.begin(LESSON)
        shown.append(session.render_changes(None, result, 0.1))
        text = "\n".join(shown)
        assert_nothing_raw(text, colour)
        assert_learner_text_shown(text)


def test_status_list_hint_and_the_html_report_stay_clean(hostile: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(hostile.parent)
    runner = CliRunner()
    assert runner.invoke(main, ["lesson01"]).exit_code == 1  # recorded, the report written
    for command in (["status"], ["list"], ["hint", "lesson01", "dot"], ["next"], ["report"]):
        result = runner.invoke(main, command)
        assert result.exit_code in (0, 1), (command, result.output)
        assert_nothing_raw(result.output, colour=False)
    page = (hostile.parent / "reports" / "index.html").read_text(encoding="utf-8")
    assert_nothing_raw(page.replace("\r\n", "\n"), colour=False)
    assert "\\x1b]0;pwned\\x07" in page
