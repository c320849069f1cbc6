"""``grade --help`` in English or Chinese.

Click builds help from English strings. Every one of them (command help, option help)
is registered here as a ``Text``; the help of a command is shown in the language chosen
by ``--lang`` (found among the command line's arguments, since ``--help`` is handled
before options are), then ``GRADE_LANG``, then the locale. A help formatter that knows
Chinese characters take two columns keeps the Chinese help inside the terminal.

Click's own error messages ("No such option") stay in English.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from grader.i18n import Text, detect_language, tr
from grader.reporters import console

_CATALOGUE: dict[str, Text] = {}
_META_KEY = "grade.lang"


def _key(text: str) -> str:
    return " ".join(text.replace("\b", " ").split())


def localise(*texts: Text) -> None:
    """Register the Chinese of English help strings (keyed by the English, whitespace-blind)."""
    for text in texts:
        _CATALOGUE[_key(text.en)] = text


def lookup(english: str) -> Text | None:
    return _CATALOGUE.get(_key(english))


def translate(english: str | None, lang: str) -> str | None:
    if english is None or lang != "zh":
        return english
    found = lookup(english)
    return found.zh if found else english


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

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
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


class LocalisedCommand(click.Command):
    """A command whose help (its own and its options') is shown in the chosen language."""

    context_class = LocalisedContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault(_META_KEY, language_in(args))
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=word("Usage: ", help_language(ctx)))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = translate(self.help, help_language(ctx))
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
                shown = shown.replace(help_text, translate(help_text, lang) or help_text, 1)
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
            text = translate(command.help, lang) or command.short_help or ""
            rows.append((name, _short(text, lang)))
        if rows:
            with formatter.section(word("Commands", lang)):
                formatter.write_dl(rows)


# The help of grader/cli.py's own commands and options, and click's.
localise(
    tr("Show this message and exit.", "显示本帮助并退出。"),
    tr("Show the version and exit.", "显示版本号并退出。"),
    tr("""Grade the exercises of the deep-learning mathematics course.

    \b
    grade init DIR        start: a workspace with the exercises and lesson texts
    grade next            the next exercise: where it is and what it asks
    grade watch           grade on every save, show what changed; Ctrl-C stops
    grade hint            a hint for the next exercise, one rung at a time
    grade status          progress per lesson and what to do next
    grade report          write the HTML progress report
    grade lesson03        grade one lesson of ./exercises
    grade all             grade every lesson
    grade list            lessons, exercises and your current status
    """, """为深度学习数学课程的练习评分。

    \b
    grade init DIR        开始：创建包含练习和课文的工作区
    grade next            下一个练习：它在哪里、要求做什么
    grade watch           每次保存时评分，只显示变化；Ctrl-C 停止
    grade hint            下一个练习的提示，每次前进一级
    grade status          每个课时的进度以及下一步
    grade report          生成 HTML 进度报告
    grade lesson03        为 ./exercises 中的一个课时评分
    grade all             为所有课时评分
    grade list            课时、练习以及你目前的状态
    """),
    tr("Grade every lesson.", "为所有课时评分。"),
    tr("Show the lessons, their exercises and your latest status.", "显示所有课时、练习以及你最近的状态。"),
    tr("Folder holding the lesson files to grade.", "存放待评分课时文件的文件夹。"),
    tr("Output format; json prints exactly one document.", "输出格式；json 只输出一个 JSON 文档。"),
    tr("Language of feedback (default: $GRADE_LANG or the locale).",
       "反馈的语言（默认：$GRADE_LANG 或系统区域设置）。"),
    tr("Show passed checks and printed output.", "同时显示已通过的检查和你的代码的输出。"),
    tr("Progress database (default: reports/progress.sqlite beside the workspace).",
       "进度数据库（默认：工作区旁边的 reports/progress.sqlite）。"),
    tr("Do not add this run to the progress history.", "不把这次评分记录到进度历史中。"),
    tr("Seed of the randomised inputs.", "随机输入的种子。"),
    tr("Do not rewrite the HTML progress report (index.html beside the history).",
       "不重新生成 HTML 进度报告（进度历史旁边的 index.html）。"),
    tr("Multiply every exercise's time limits (e.g. 2 on a slow machine).",
       "把每个练习的时间限制乘以这个倍数（例如较慢的机器上用 2）。"),
    tr("Memory limit of learner code, e.g. 2GiB (default 1 GiB).",
       "学习者代码的内存上限，例如 2GiB（默认 1 GiB）。"),
    tr("Output one exercise may print, e.g. 4MiB (default 1 MiB).",
       "一个练习最多可以输出的内容，例如 4MiB（默认 1 MiB）。"),
    # grader/cli_report.py
    tr("Folder holding the lesson files.", "存放课时文件的文件夹。"),
    tr("Language (default: $GRADE_LANG or the locale).", "语言（默认：$GRADE_LANG 或系统区域设置）。"),
    tr("""Progress per lesson and what to do next.

    Every lesson: exercises passed, best score, last attempt, attempts so far, next step.
    """, """每个课时的进度以及下一步。

    每个课时：已通过的练习、最高得分、最近一次评分、评分次数、下一步。
    """),
    tr("Where to write the page (default: index.html beside the progress database; "
       "with --class: DIR/class.html, and gradebook.csv beside it).",
       "页面的写入位置（默认：进度数据库旁边的 index.html；使用 --class 时为 DIR/class.html，"
       "成绩表 gradebook.csv 在其旁边）。"),
    tr("A class folder: one workspace per student (DIR/<student>/), or batch results "
       "(DIR/<student>.json). Writes the instructor's page and a CSV gradebook.",
       "班级文件夹：每个学生一个工作区（DIR/<student>/），或批量评分结果（DIR/<student>.json）。"
       "生成教师页面和 CSV 成绩表。"),
    tr("Seed of the randomised inputs (when grading a class).", "随机输入的种子（为班级评分时）。"),
    tr("""Write the HTML progress report (--class: a class's).

    The learner's page goes to index.html beside the progress history; with --class DIR,
    the instructor's page goes to DIR/class.html and the gradebook to DIR/gradebook.csv.
    """, """生成 HTML 进度报告（--class：班级报告）。

    学习者页面写入进度历史旁边的 index.html；使用 --class DIR 时，教师页面写入
    DIR/class.html，成绩表写入 DIR/gradebook.csv。
    """),
)

