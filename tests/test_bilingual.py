"""Every message a learner reads exists in English and in Chinese.

Walks every ``Text`` the course builds (the registry, the hints, the help of every
command and option, the checks' titles) and every message written with literal strings in
``grader/`` in any of its forms (``tr(...)``/``Text(...)``, ``{"en": ..., "zh": ...}``,
``(en, zh)`` tuples, ``{en: zh}`` tables), and proves both languages are present, carry
the same placeholders, and differ (with Chinese in the Chinese) wherever the English has
words. The Chinese may leave out a placeholder that only English grammar needs, but never
adds one.
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
from grader.engine.collect import checks_for
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


def _string(node: ast.expr | None) -> str | None:
    """A string written in the source: a constant, an f-string (each ``{...}`` part becomes
    ``{}``) or a sum of these; None for anything computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [_string(v) if isinstance(v, ast.Constant) else "{}" for v in node.values]
        return None if None in parts else "".join(p for p in parts if p is not None)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left), _string(node.right)
        return None if left is None or right is None else left + right
    return None


def _english(text: str | None) -> bool:
    return text is not None and not CJK.search(text)


def _pair(node: ast.AST) -> tuple[str, str] | None:
    """``(en, zh)`` written as a tuple of two strings, the English without Chinese."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        en, zh = _string(node.elts[0]), _string(node.elts[1])
        if en is not None and zh is not None and _english(en):
            return en, zh
    return None


def _expressions(statement: ast.stmt) -> list[ast.AST]:
    """The expressions of one statement, not of the statements nested in it."""
    found: list[ast.AST] = []
    todo: list[ast.AST] = [c for c in ast.iter_child_nodes(statement) if not isinstance(c, ast.stmt)]
    while todo:
        node = todo.pop()
        found.append(node)
        todo += [c for c in ast.iter_child_nodes(node) if not isinstance(c, ast.stmt)]
    return found


def _messages_in(tree: ast.AST) -> list[tuple[int, str, Text]]:
    """Every bilingual message written in one module, with its line and its form:

    - ``tr(en, zh)`` and ``Text(en, zh)`` (also as ``i18n.tr``, with ``en=``/``zh=``);
    - ``{"en": ..., "zh": ...}`` (a figure's title, a series name);
    - ``(en, zh)`` tuples: one with Chinese in its second string makes every tuple of two
      strings (the first without Chinese) in the same statement one too: the words of a
      status table and its fallback, the patterns of a table of translations;
    - ``{en: zh}`` tables, a dict from English words to Chinese ones (column labels).
    """
    found: list[tuple[int, str, Text]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name not in ("tr", "Text"):
                continue
            words = {k.arg: k.value for k in node.keywords if k.arg in ("en", "zh")}
            en_node = node.args[0] if node.args else words.get("en")
            zh_node = node.args[1] if len(node.args) > 1 else words.get("zh")
            en, zh = _string(en_node), _string(zh_node)
            if en is not None and zh is not None:
                found.append((node.lineno, "call", Text(en, zh)))
        elif isinstance(node, ast.Dict):
            keys = [_string(k) for k in node.keys]
            values = [_string(v) for v in node.values]
            if "en" in keys and "zh" in keys:
                en, zh = values[keys.index("en")], values[keys.index("zh")]
                if en is not None and zh is not None:
                    found.append((node.lineno, "dict", Text(en, zh)))
            elif (keys and all(_english(k) for k in keys) and None not in values
                  and any(CJK.search(v or "") for v in values)):
                found += [(node.lineno, "table", Text(k or "", v or "")) for k, v in zip(keys, values)]
    for statement in (node for node in ast.walk(tree) if isinstance(node, ast.stmt)):
        pairs = [(node, pair) for node in _expressions(statement) if (pair := _pair(node)) is not None]
        if any(CJK.search(zh) for _, (_, zh) in pairs):
            found += [(node.lineno, "tuple", Text(*pair)) for node, pair in pairs]
    return found


def literal_texts() -> list[tuple[str, Text]]:
    """Every bilingual message written with literal strings in grader/ (see ``_messages_in``)."""
    found = []
    for path in sorted((ROOT / "grader").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        found += [(f"{where}:{line}:{form}", text) for line, form, text in _messages_in(tree)]
    return sorted(set(found), key=lambda item: item[0])


LITERALS = literal_texts()


def test_the_scan_finds_the_messages() -> None:
    files = {where.split(":")[0] for where, _ in LITERALS}
    forms = {where.rsplit(":", 1)[1] for where, _ in LITERALS}
    assert len(LITERALS) > 150
    for module in ("grader/cli/learn.py", "grader/learn/watch.py", "grader/reporters/terminal.py",
                   "grader/engine/run.py", "grader/checks/lesson01.py"):
        assert module in files, module
    assert forms == {"call", "dict", "tuple", "table"}, forms


@pytest.mark.parametrize("source", [
    'words = {"passed": ("passed", "通过"), "failed": ("failed", "failed")}',
    'rows = [("yours", "你的"), ("hidden layer", "hidden layer")]',
    'title = {"en": "Your loss curve", "zh": "Your loss curve"}',
    'columns = {"yours": "你的", "right": "right"}',
    'message = i18n.tr(f"{n} checks passed", f"{n} checks passed")',
    'message = Text(en="the value is wrong.", zh="")',
    'status = ("not graded yet", "尚未评分") if done else ("passed", "passed")',
])
def test_the_scan_sees_an_untranslated_message_in_every_form(source: str) -> None:
    """A message written in any of these forms, its Chinese missing, fails the test."""
    texts = [text for _, _, text in _messages_in(ast.parse(source))]
    assert texts
    with pytest.raises(AssertionError):
        for text in texts:
            check(text, "example", literal=True)


@pytest.mark.parametrize(("where", "text"), LITERALS, ids=[w for w, _ in LITERALS])
def test_every_literal_message_is_bilingual(where: str, text: Text) -> None:
    check(text, where, literal=True)


def test_registry_texts_are_bilingual() -> None:
    for lesson in load_course().lessons:
        check(lesson.title, lesson.id)
        for exercise in lesson.exercises:
            check(exercise.summary, f"{lesson.id}.{exercise.name}")


def test_check_titles_and_advice_are_bilingual() -> None:
    """A check's title is its docstring's first line (English) and second (Chinese): a
    docstring of one line would show the English in Chinese mode."""
    for lesson in load_course().lessons:
        for exercise, specs in checks_for(lesson).items():
            for spec in specs:
                check(spec.title, f"{lesson.id}.{exercise}.{spec.name} title")
                if spec.advice is not None:
                    check(spec.advice, f"{lesson.id}.{exercise}.{spec.name} advice")


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


def _command_paths(group: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command's words after ``grade``, sub-commands of groups included."""
    if not isinstance(group, click.Group):
        return [path]
    ctx = click.Context(group)
    found = [path] if path else []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None:
            found += _command_paths(command, (*path, name))
    return found


@pytest.mark.parametrize("path", _command_paths(main), ids=lambda p: " ".join(p))
def test_every_help_page_is_chinese_in_chinese(path: tuple[str, ...]) -> None:
    """A learner or instructor who reads Chinese gets every ``--help`` page in Chinese:
    the usage line, the command's own text and its options, not only its line in the list."""
    runner = CliRunner()
    shown = runner.invoke(main, [*path, "--help"], env={"GRADE_LANG": "zh"})
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("用法："), shown.output
    command: click.Command = main
    for word in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), word)
        assert found is not None
        command = found
    translated = cli_help.chinese_help(command)
    assert translated is not None
    flat = "".join(shown.output.split())  # click wraps the text to the terminal's width
    assert "".join(translated.split("\n")[0].split())[:20] in flat, shown.output
    assert "Show this message and exit" not in shown.output
