"""Every message a learner reads exists in English and in Chinese.

Walks every ``Text`` the course builds (the registry, the hints, the help of every
command and option) and every ``tr(...)``/``Text(...)`` written with literal strings in
``grader/``, and proves both languages are present, carry the same placeholders, and
differ (with Chinese in the Chinese) wherever the English has words. The Chinese may
leave out a placeholder that only English grammar needs, but never adds one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT

from grader.cli import help as cli_help
from grader.cli import main
from grader.course import load_course
from grader.i18n import Text
from grader.learn import hints

CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{[a-z_]*(?:[!:][^{}]*)?\}")
CODE = re.compile(r"`[^`]*`")
WORD = re.compile(r"[A-Za-z]{3,}")


def has_words(english: str) -> bool:
    """English prose, not just a formula, code or a placeholder."""
    return bool(WORD.search(CODE.sub("", PLACEHOLDER.sub("", english))))


def check(text: Text, where: str, literal: bool = False) -> None:
    if literal and not text.en.strip() and not text.zh.strip():
        return  # a separator on purpose: a space in English, nothing in Chinese
    assert text.en.strip() and text.zh.strip(), f"{where}: a language is empty"
    # Chinese may drop a grammatical placeholder ({verb}: "is"/"are") but never invents one.
    assert set(PLACEHOLDER.findall(text.zh)) <= set(PLACEHOLDER.findall(text.en)), \
        f"{where}: placeholders differ: {text}"
    if has_words(text.en):
        assert text.zh != text.en, f"{where}: not translated: {text.en!r}"
        assert CJK.search(text.zh), f"{where}: the Chinese has no Chinese: {text.zh!r}"


def literal_texts() -> list[tuple[str, Text]]:
    """Every tr("...", "...") and Text("...", "...") with literal strings in grader/."""
    found = []
    for path in sorted((ROOT / "grader").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("tr", "Text") and len(node.args) >= 2):
                continue
            en, zh = node.args[0], node.args[1]
            if isinstance(en, ast.Constant) and isinstance(zh, ast.Constant) \
                    and isinstance(en.value, str) and isinstance(zh.value, str):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", Text(en.value, zh.value)))
    return found


LITERALS = literal_texts()


def test_the_scan_finds_the_messages() -> None:
    files = {where.split(":")[0] for where, _ in LITERALS}
    assert len(LITERALS) > 150
    for module in ("grader/cli/learn.py", "grader/learn/watch.py", "grader/reporters/terminal.py",
                   "grader/engine/run.py", "grader/checks/lesson01.py"):
        assert module in files, module


@pytest.mark.parametrize(("where", "text"), LITERALS, ids=[w for w, _ in LITERALS])
def test_every_literal_message_is_bilingual(where: str, text: Text) -> None:
    check(text, where, literal=True)


def test_registry_texts_are_bilingual() -> None:
    for lesson in load_course().lessons:
        check(lesson.title, lesson.id)
        for exercise in lesson.exercises:
            check(exercise.summary, f"{lesson.id}.{exercise.name}")


def test_hint_texts_are_bilingual() -> None:
    for name in hints.available_files():
        for exercise, data in hints.lesson_hints(name).items():
            for number, rung in enumerate(data.rungs, 1):
                check(rung, f"hints/{name}.toml {exercise} rung {number}")
            for ident, text in data.diagnosis:
                check(text, f"hints/{name}.toml {exercise} {ident}")
    for ident, text in hints.common_hints():
        check(text, f"hints/common.toml {ident}")


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(main)
    commands = [(name, main.get_command(ctx, name)) for name in main.list_commands(ctx)]
    commands += [(lesson.id, main.get_command(ctx, lesson.id)) for lesson in load_course().lessons]
    return [("grade", main)] + [(name, c) for name, c in commands if c is not None]


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_and_option_help_has_chinese(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help"
    translated = cli_help.chinese_help(command)
    assert translated is not None, f"{name}: no Chinese declared for its help"
    check(Text(command.help, translated), name)
    ctx = click.Context(command)
    for param in command.get_params(ctx):
        text = getattr(param, "help", None)
        if isinstance(param, click.Option) and text:
            found = cli_help.chinese_help(param)
            assert found is not None, f"{name} {param.opts}: no Chinese declared for {text!r}"
            check(Text(text, found), f"{name} {param.opts}")


@pytest.mark.parametrize("args", [["--help"], ["hint", "--help"], ["watch", "--help"],
                                  ["all", "--help"], ["lesson01", "--help"]])
def test_help_follows_lang_and_grade_lang(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADE_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    runner = CliRunner()
    english = runner.invoke(main, args)
    assert english.exit_code == 0 and not CJK.search(english.output), english.output
    assert "Usage:" in english.output
    by_flag = runner.invoke(main, [*args, "--lang", "zh"]) if args != ["--help"] else None
    by_env = runner.invoke(main, args, env={"GRADE_LANG": "zh"})
    by_locale = runner.invoke(main, args, env={"LANG": "zh_CN.UTF-8"})
    for result in (by_flag, by_env, by_locale):
        if result is None:
            continue
        assert result.exit_code == 0
        assert "用法" in result.output and CJK.search(result.output)


def test_help_scans_lang_in_both_spellings() -> None:
    assert cli_help.language_in(["hint", "--lang", "zh"]) == "zh"
    assert cli_help.language_in(["hint", "--lang=zh", "--help"]) == "zh"
    assert cli_help.language_in(["hint"]) is None


def test_the_lesson_texts_are_paired(tmp_path: Path) -> None:
    english = {p.name for p in (ROOT / "lessons" / "en").glob("*.md")}
    chinese = {p.name for p in (ROOT / "lessons" / "zh").glob("*.md")}
    assert english == chinese and english
