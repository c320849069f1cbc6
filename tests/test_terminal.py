"""Terminal output: colour rules, width-aware wrapping, the progress line."""

from __future__ import annotations

import io
import json

import click
import pytest
from click.testing import CliRunner
from conftest import SOLUTIONS

from grader.cli import main
from grader.reporters import console


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert console.use_colour(FakeTerminal())
    assert not console.use_colour(io.StringIO())  # piped
    monkeypatch.setenv("NO_COLOR", "1")
    assert not console.use_colour(FakeTerminal())
    monkeypatch.setenv("NO_COLOR", "")
    assert console.use_colour(FakeTerminal())  # no-color.org: only a non-empty value counts
    monkeypatch.setenv("TERM", "dumb")
    assert not console.use_colour(FakeTerminal())


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
