"""``grade --help`` in English or Chinese.

Click builds help from English strings. Each command and option declares its Chinese
where it is declared: an option with ``option(..., help="English", zh="中文")`` (or
``help=tr(en, zh)``), a command with ``zh="中文"`` on its decorator beside the English
docstring (or ``help=tr(en, zh)``). The help of a ``LocalisedCommand`` is shown in the
language chosen by ``--lang`` (found among the command line's arguments, since
``--help`` is handled before options are), then ``GRADE_LANG``, then the locale; a
group lists its commands in that language. A help formatter that knows Chinese
characters take two columns keeps the Chinese help inside the terminal.

Click's own error messages ("No such option") are translated by ``show_error``, from
the patterns of click's English messages (click has no Chinese catalogue), and so is
the help of click's own options (``--help``, ``--version``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click
from click.decorators import FC

from grader.i18n import Text, detect_language, tr
from grader.reporters import console

_META_KEY = "grade.lang"

# The help of click's own options, which no module of this package declares.
_CLICK_OPTIONS = {
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
}


def _split(text: Text | str | None, zh: str | None) -> tuple[str | None, str | None]:
    """The English and the Chinese of a declaration's ``help`` (a ``Text``, or English) and ``zh``."""
    if isinstance(text, Text):
        return text.en, text.zh
    return text, zh


class LocalisedOption(click.Option):
    """An option that declares its help in English and Chinese."""

    def __init__(self, *args: Any, zh: str | None = None, **kwargs: Any) -> None:
        kwargs["help"], self.help_zh = _split(kwargs.get("help"), zh)
        super().__init__(*args, **kwargs)


def option(*param_decls: str, **attrs: Any) -> Callable[[FC], FC]:
    """``click.option`` for an option whose help is bilingual: ``help="English", zh="中文"``."""
    return click.option(*param_decls, cls=LocalisedOption, **attrs)


def chinese_help(declared: click.Command | click.Parameter) -> str | None:
    """The Chinese help ``declared`` declares (click's own options: this module's), if any."""
    found: str | None = getattr(declared, "help_zh", None)
    english = getattr(declared, "help", None)
    if found is None and isinstance(declared, click.Parameter) and english:
        found = _CLICK_OPTIONS.get(english)
    return found


def help_in(declared: click.Command | click.Parameter, lang: str) -> str | None:
    """The help ``declared`` gives in ``lang`` (its English where it declares no Chinese)."""
    english: str | None = getattr(declared, "help", None)
    if english is None or lang != "zh":
        return english
    return chinese_help(declared) or english


def language_in(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among raw arguments, if any."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def help_language(ctx: click.Context) -> str:
    return detect_language(ctx.meta.get(_META_KEY))


_WORDS = {
    "Usage: ": tr("Usage: ", "用法："),
    "Options": tr("Options", "选项"),
    "Commands": tr("Commands", "命令"),
    "Arguments": tr("Arguments", "参数"),
}


def word(name: str, lang: str) -> str:
    return _WORDS[name].get(lang)


class WideFormatter(click.HelpFormatter):
    """Click's help formatter, wrapping by display width (a Chinese character is two columns)."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for number, paragraph in enumerate(text.split("\n\n")):
            if number:
                self.write("\n")
            lines = paragraph.rstrip().splitlines()
            if lines and lines[0].strip() == "\b":
                for line in lines[1:]:
                    self.write(f"{indent}{line}".rstrip() + "\n")
                continue
            joined = ""
            for line in (part.strip() for part in lines):
                if not line:
                    continue
                if joined and console.char_width(joined[-1]) == 1 and console.char_width(line[0]) == 1:
                    joined += " "
                joined += line
            for out in console.wrap(joined, self.width, indent):
                self.write(out + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if not rows:
            return
        first = min(max(console.display_width(r[0]) for r in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, definition in rows:
            self.write(f"{indent}{term}")
            if not definition:
                self.write("\n")
                continue
            used = console.display_width(term)
            if used <= first - col_spacing:
                self.write(" " * (first - used))
            else:
                self.write("\n" + indent + " " * first)
            start = self.current_indent + first
            lines = console.wrap(definition, max(self.width, start + 20), " " * start)
            self.write("\n".join(lines)[start:] + "\n")


class LocalisedContext(click.Context):
    formatter_class = WideFormatter


def _short(text: str, lang: str) -> str:
    first = text.strip().split("\n\n")[0].replace("\b", "").strip()
    if lang == "zh":
        return first.split("。")[0] + ("。" if "。" in first else "")
    return first.split(". ")[0].splitlines()[0].rstrip(".")


class BilingualCommand(click.Command):
    """A command that declares its help in Chinese too: ``zh="中文"`` on its decorator,
    beside the English docstring, or ``help=tr(en, zh)``. A ``LocalisedGroup`` lists it
    in the chosen language; its own ``--help`` page is click's, in English."""

    def __init__(self, *args: Any, zh: str | None = None, **kwargs: Any) -> None:
        kwargs["help"], self.help_zh = _split(kwargs.get("help"), zh)
        super().__init__(*args, **kwargs)


class BilingualGroup(BilingualCommand, click.Group):
    """A group that declares its help in Chinese too (see ``BilingualCommand``)."""


class LocalisedCommand(BilingualCommand):
    """A command whose help (its own and its options') is shown in the chosen language."""

    context_class = LocalisedContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault(_META_KEY, language_in(args))
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=word("Usage: ", help_language(ctx)))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = help_in(self, help_language(ctx))
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text.split("\f")[0])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_language(ctx)
        rows = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            help_text = getattr(param, "help", None)
            shown = record[1]
            if lang == "zh" and help_text:
                shown = shown.replace(help_text, help_in(param, lang) or help_text, 1)
                shown = shown.replace("[default: ", "[默认：").replace("default: ", "默认：")
            rows.append((record[0], shown))
        if rows:
            with formatter.section(word("Options", lang)):
                formatter.write_dl(rows)


class LocalisedGroup(LocalisedCommand, click.Group):
    """A group whose help and command list follow the chosen language."""

    command_class = LocalisedCommand

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault(_META_KEY, language_in(args))
        return click.Group.parse_args(self, ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        LocalisedCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_language(ctx)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = help_in(command, lang) or command.short_help or ""
            rows.append((name, _short(text, lang)))
        if rows:
            with formatter.section(word("Commands", lang)):
                formatter.write_dl(rows)


class ClickPageInEnglish(LocalisedCommand):
    """A command whose ``--help`` page is click's own in English, as it has always read,
    and the declared Chinese, in the display-width layout, in Chinese (the instructor's
    commands: their English pages are quoted in the docs and kept byte for byte)."""

    def get_help(self, ctx: click.Context) -> str:
        if help_language(ctx) == "zh":
            return super().get_help(ctx)
        formatter = click.HelpFormatter(width=ctx.terminal_width, max_width=ctx.max_content_width)
        click.Command.format_usage(self, ctx, formatter)
        click.Command.format_help_text(self, ctx, formatter)
        click.Command.format_options(self, ctx, formatter)
        if isinstance(self, click.Group):
            click.Group.format_commands(self, ctx, formatter)
        self.format_epilog(ctx, formatter)
        return formatter.getvalue().rstrip("\n")


class ClickPageInEnglishGroup(ClickPageInEnglish, LocalisedGroup):
    """A group whose ``--help`` page is click's own in English (see ``ClickPageInEnglish``)."""

    command_class = ClickPageInEnglish


# Click's own messages (click 8), most specific first; what no pattern matches stays English.
_CLICK_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), zh) for p, zh in (
    (r"No such option:? '?([^'.]+)'?\.?", r"没有选项 '\1'。"),
    (r"No such command '([^']+)'\.", r"没有命令 '\1'。"),
    (r"Missing command\.", r"缺少命令。"),
    (r"\s*\(Did you mean one of: (.+)\?\)", r"（你是不是想输入 \1 之一？）"),
    (r"\s*\(Did you mean (.+)\?\)", r"（你是不是想输入 \1？）"),
    (r"Missing argument '([^']+)'\.", r"缺少参数 '\1'。"),
    (r"Missing option '([^']+)'\.", r"缺少选项 '\1'。"),
    (r"Missing parameter: (\S+)", r"缺少参数：\1"),
    (r"Option '([^']+)' requires an argument\.", r"选项 '\1' 需要一个值。"),
    (r"Option '([^']+)' requires (\d+) arguments\.", r"选项 '\1' 需要 \2 个值。"),
    (r"Option '([^']+)' does not take a value\.", r"选项 '\1' 不接受值。"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数（\1）。"),
    (r"Invalid value for (.+?): ", r"\1 的值无效："),
    (r"Invalid value: ", r"值无效："),
    (r"'([^']*)' is not one of (.+)\.$", r"'\1' 不是以下之一：\2。"),
    (r"'([^']*)' is not a valid integer( range)?\.", r"'\1' 不是有效的整数。"),
    (r"'([^']*)' is not a valid float( range)?\.", r"'\1' 不是有效的数。"),
    (r"'([^']*)' is not a valid boolean\.", r"'\1' 不是有效的布尔值。"),
    (r"(\S+) is not in the range (.+)\.", r"\1 不在范围 \2 内。"),
    (r"(\S+) is not (.+)\.$", r"\1 不是 \2。"),
    (r"(File|Directory|Path) '([^']*)' does not exist\.", r"路径 '\2' 不存在。"),
    (r"(File|Directory|Path) '([^']*)' is a (file|directory)\.", r"路径 '\2' 类型不对。"),
    (r" or ", r" 或 "),
))


def translate_click(message: str, lang: str) -> str:
    """One of click's own error messages in ``lang``."""
    if lang != "zh":
        return message
    for pattern, zh in _CLICK_MESSAGES:
        message = pattern.sub(zh, message)
    return message


class LocalisedError(click.ClickException):
    """One of click's own errors, shown in the user's language when click's entry point
    shows it (click knows only English), with the original's exit code."""

    def __init__(self, original: click.ClickException, lang: str) -> None:
        super().__init__(original.message)
        self.original = original
        self.lang = lang
        # click 8.5 declares exit_code a class variable: this error's own, set on the instance.
        vars(self)["exit_code"] = original.exit_code

    @classmethod
    def of(cls, exc: click.ClickException, lang: str) -> click.ClickException:
        return exc if isinstance(exc, LocalisedError) or lang != "zh" else cls(exc, lang)

    def format_message(self) -> str:
        return translate_click(self.original.format_message(), self.lang)

    def show(self, file: object = None) -> None:
        show_error(self.original, self.lang)


def show_error(exc: click.ClickException, lang: str) -> None:
    """What ``exc.show()`` prints, in ``lang``: the usage, how to get help, the error."""
    if lang != "zh":
        exc.show()
        return
    lines: list[str] = []
    context = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and context is not None:
        lines.append(context.get_usage())
        if context.command.get_help_option(context) is not None:
            lines.append(f"运行 '{context.command_path} {context.help_option_names[0]}' 查看帮助。")
        lines.append("")
    lines.append("错误：" + translate_click(exc.format_message(), lang))
    console.echo("\n".join(lines), err=True)

