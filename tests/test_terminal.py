"""Terminal output: colour rules, width-aware wrapping, the progress line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import SOLUTIONS, copy_solutions

from grader.cli import main
from grader.reporters import console


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert console.use_colour(FakeTerminal())
    assert not console.use_colour(io.StringIO())  # piped
    monkeypatch.setenv("NO_COLOR", "1")
    assert not console.use_colour(FakeTerminal())
    monkeypatch.setenv("NO_COLOR", "")
    assert console.use_colour(FakeTerminal())  # no-color.org: only a non-empty value counts
    monkeypatch.setenv("TERM", "dumb")
    assert not console.use_colour(FakeTerminal())


@pytest.mark.parametrize(("environment", "coloured"), [
    ({}, False),                                          # a CI log: no terminal, no colour
    ({"FORCE_COLOR": "1"}, True),                         # force-color.org: any non-empty value
    ({"FORCE_COLOR": "0"}, True),
    ({"FORCE_COLOR": ""}, False),
    ({"CLICOLOR_FORCE": "1"}, True),                      # bixense.com/clicolors
    ({"CLICOLOR_FORCE": "0"}, False),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),       # no-color.org wins
    ({"CLICOLOR_FORCE": "1", "NO_COLOR": "yes"}, False),
    ({"FORCE_COLOR": "1", "TERM": "dumb"}, True),         # asked for explicitly
])
def test_ci_log_gets_colour_when_the_environment_asks(
        tmp_path: Path, environment: dict[str, str], coloured: bool) -> None:
    """``grade lesson01`` as a CI job runs it: stdout is a pipe, never a terminal."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "TERM")}
    env.update({"GRADE_LANG": "en", **environment})
    copy_solutions(tmp_path / "exercises")
    done = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "--no-record"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert "lesson01" in done.stdout, done.stderr
    assert ("\x1b[" in done.stdout) is coloured, done.stdout[:300]
    status = subprocess.run([sys.executable, "-m", "grader.cli", "status"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=120)
    assert status.returncode == 0 and "lesson01" in status.stdout, status.stderr


def test_wrapping_counts_chinese_characters_as_two_columns() -> None:
    text = "对应项相乘，再把乘积加起来。a * b 一次得到所有的 a_i * b_i，np.sum 再求和。" * 3
    for width in (20, 41, 80):
        lines = console.wrap(text, width, "  ")
        assert all(console.display_width(line) <= width for line in lines)
        assert all(not line.strip().startswith(("，", "。")) for line in lines)
        assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    english = console.wrap("the quick brown fox jumps over the lazy dog " * 4, 30, "", "    ")
    assert all(len(line) <= 30 for line in english) and english[1].startswith("    the")
    assert console.display_width("点乘ab") == 6
    assert console.fit("向量与矩阵", 7) == "向量与…" and console.fit("abc", 7) == "abc"


def test_status_line_draws_only_when_enabled_and_fits_the_width() -> None:
    quiet = io.StringIO()
    with console.StatusLine(10, enabled=False, stream=quiet, delay=0) as bar:
        bar.update("lesson01 dot", done=3)
    assert quiet.getvalue() == ""
    tty = FakeTerminal()
    with console.StatusLine(4, enabled=True, stream=tty, delay=0) as bar:
        bar.update("lesson01 dot", done=1)
        with bar.paused():
            tty.write("a result\n")
        assert bar.render(40).startswith("[") and console.display_width(bar.render(40)) <= 39
        assert "1/4 lesson01 dot" in bar.render(80)
    out = tty.getvalue()
    assert "lesson01 dot" in out and "a result\n" in out and out.endswith("\r\x1b[2K")


def test_grade_all_shows_progress_on_a_terminal_but_never_with_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "is_terminal", lambda stream: True)
    monkeypatch.setattr(console, "STATUS_DELAY", 0.0)
    monkeypatch.delenv("CI", raising=False)  # a CI log gets no self-overwriting line (test_exercise_progress)
    runner = CliRunner()
    as_json = runner.invoke(main, ["all", "-w", str(SOLUTIONS), "--format", "json", "--no-record"])
    assert as_json.exit_code == 0
    assert as_json.stderr == ""
    assert json.loads(as_json.stdout)["passed"] is True
    as_text = runner.invoke(main, ["all", "-w", str(SOLUTIONS), "--no-record"])
    assert as_text.exit_code == 0
    drawn = click.unstyle(as_text.stderr)
    assert "\r\x1b[2K" in as_text.stderr and "lesson01 dot" in drawn and "#" in drawn
    assert "\x1b[2K" not in as_text.stdout
