"""``grade --help`` in English or Chinese.

Click builds help from English strings. Every one of them (command help, option help)
is registered here as a ``Text``; the help of a command is shown in the language chosen
by ``--lang`` (found among the command line's arguments, since ``--help`` is handled
before options are), then ``GRADE_LANG``, then the locale. A help formatter that knows
Chinese characters take two columns keeps the Chinese help inside the terminal.

Click's own error messages ("No such option") are translated by ``show_error``, from
the patterns of click's English messages (click has no Chinese catalogue).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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


# The help of grader/cli/grading.py's own commands and options, and click's.
localise(
    tr("Show this message and exit.", "显示本帮助并退出。"),
    tr("Show the version and exit.", "显示版本号并退出。"),
    tr("""Grade the exercises of the deep-learning mathematics course.

    \b
    grade init DIR        start: a workspace with the exercises and lesson texts
    grade notebooks DIR   the course as Jupyter notebooks, with checks in each
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
    grade notebooks DIR   把课程写成 Jupyter 笔记本，每个都带检查
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
    tr("Language of feedback (default: $GRADE_LANG or the locale).",
       "反馈的语言（默认：$GRADE_LANG 或系统区域设置）。"),
    tr("Show passed checks and printed output.", "同时显示已通过的检查和你的代码的输出。"),
    tr("Progress database (default: reports/progress.sqlite beside the workspace).",
       "进度数据库（默认：工作区旁边的 reports/progress.sqlite）。"),
    tr("Do not add this run to the progress history.", "不把这次评分记录到进度历史中。"),
    tr("Show each exercise's visible check only; the other checks and the points wait for the instructor's "
       "grading.",
       "每个练习只显示可见的检查；其余检查和分数等教师评分时公布。"),
    tr("Seed of the hidden inputs, to replay a run a failure names (default: drawn from your files, new "
       "for every edit).",
       "隐藏输入的种子，用于重现某次失败所给出的运行（默认：由你的文件生成，每次修改都会变化）。"),
    tr("Seed of the hidden inputs (default: drawn from each submission's files and GRADE_SECRET).",
       "隐藏输入的种子（默认：由每份提交的文件和 GRADE_SECRET 生成）。"),
    tr("Do not rewrite the HTML progress report (index.html beside the history).",
       "不重新生成 HTML 进度报告（进度历史旁边的 index.html）。"),
    tr("Multiply every exercise's time limits (e.g. 2 on a slow machine).",
       "把每个练习的时间限制乘以这个倍数（例如较慢的机器上用 2）。"),
    tr("Memory limit of learner code, e.g. 2GiB (default 1 GiB).",
       "学习者代码的内存上限，例如 2GiB（默认 1 GiB）。"),
    tr("Output one exercise may print, e.g. 4MiB (default 1 MiB).",
       "一个练习最多可以输出的内容，例如 4MiB（默认 1 MiB）。"),
    # grader/cli/grading.py's classroom options and grader/cli/classroom.py
    tr('Output format on stdout; the machine formats print exactly one document.',
       '标准输出的格式；机器可读的格式只输出一个文档。'),
    tr('Also write FORMAT (json, junit, gradescope, github) to FILE, once, at '
       "the end; repeatable. A bare FILE takes --format's format.",
       '另外把 FORMAT（json、junit、gradescope、github）格式的结果在'
       '最后一次性写入 FILE；可重复使用。只给 FILE 时使用 --format 的'
       '格式。'),
    tr('Exit 0 when the score reaches this (7.5 or 80%), else 1: a CI gate.',
       '得分达到这个值（如 7.5 或 80%）时退出码为 0，否则为 1：用作 CI 的门槛。'),
    tr('Set up grading in CI: GitHub Classroom, GitLab or Gradescope.',
       '在 CI 中设置评分：GitHub Classroom、GitLab 或 Gradescope。'),
    tr('Write the CI configuration for one platform.',
       '为一个平台写入 CI 配置。'),
    tr('A GitHub Actions workflow that grades every push and reports to GitHub '
       'Classroom.\n\n    The workflow reads the hidden references from the GRADE_REFERENCES '
       'secret (see\n    `grade export student --reference-secret`), or from solutions/ '
       'if the repository has one.\n    ',
       '一个 GitHub Actions 工作流：每次推送都评分，并把结果报告给 GitHub Classroom。\n\n    工作流从 GRADE_REFERENCES '
       '密钥读取隐藏的参考答案（见\n    `grade export student --reference-secret`），如果仓库中有 solutions/，'
       '也可以从那里读取。\n    '),
    tr('The repository to add .github/workflows/classroom.yml to.',
       '要加入 .github/workflows/classroom.yml 的仓库。'),
    tr('Replace an existing workflow.',
       '替换已有的工作流。'),
    tr('A GitLab CI job that grades every push and publishes the JUnit test report.',
       '一个 GitLab CI 任务：每次推送都评分，并发布 JUnit 测试报告。'),
    tr('The repository to add .gitlab-ci.yml to.',
       '要加入 .gitlab-ci.yml 的仓库。'),
    tr('The score (points or N%) that makes the pipeline pass.',
       '使流水线通过所需的得分（分数或 N%）。'),
    tr('Replace an existing .gitlab-ci.yml.',
       '替换已有的 .gitlab-ci.yml。'),
    tr('A Gradescope autograder zip (setup.sh, run_autograder, the grader, the '
       'references).\n\n    The references travel only inside this zip: upload it '
       'to Gradescope, never to students.\n    ',
       '一个 Gradescope 自动评分压缩包（setup.sh、run_autograder、评分器、参考答案）。\n\n    参考答案只存在于'
       '这个压缩包中：把它上传到 Gradescope，绝不要发给学生。\n    '),
    tr("What the workflow shows (held: each exercise's visible check only, no points; the rest wait for the "
       "instructor's grading).",
       "工作流显示的内容（held：每个练习只显示可见的检查，不计分；其余检查等教师评分时公布）。"),
    tr("With --class DIR of student workspaces: compare them exercise by exercise (default: when copydetect "
       "is installed).",
       "与 --class DIR（学生工作区）一起使用：逐个练习比较各份提交（默认：安装了 copydetect 时比较）。"),
    tr("With --similarity: list pairs at least this alike (0..1).",
       "与 --similarity 一起使用：列出相似度不低于此值的提交对（0..1）。"),
    tr('Where to write the autograder zip.',
       '自动评分压缩包的写入位置。'),
    tr("When students see each exercise's result on Gradescope (held: one check per exercise at once, the rest "
       "and the score after the due date).",
       '学生何时能在 Gradescope 上看到每个练习的结果（held：每个练习的一项检查立即可见，'
       '其余检查和分数在截止日期之后显示）。'),
    tr("A private number mixed into every submission's hidden inputs (GRADE_SECRET); default: derived "
       "from the references, which only the bundle carries.",
       "混入每份提交的隐藏输入的不公开数字（GRADE_SECRET）；默认：由参考答案生成，只有该压缩包带有参考答案。"),
    tr('The course project folder (default: the one this grader runs from).',
       '课程项目文件夹（默认：运行本评分器的项目）。'),
    tr('Write material to hand out.',
       '生成要分发的材料。'),
    tr('The student starter repository: stubs, lesson texts, the grader, the CI file, and\n    no reference solutions.',
       '学生的起始仓库：练习、课文、评分器、CI 文件，\n    不含参考答案。'),
    tr('The CI file to include.',
       '要包含的 CI 文件。'),
    tr("Ship the lessons as Jupyter notebooks (exercises/*.ipynb) instead of .py stubs.",
       "以 Jupyter 笔记本（exercises/*.ipynb）代替 .py 练习文件分发各课时。"),
    tr('Also write the GRADE_REFERENCES secret for the CI to this file (outside FOLDER).',
       '同时把供 CI 使用的 GRADE_REFERENCES 密钥写入这个文件（在 FOLDER 之外）。'),
    tr("""Grade every submission folder (one per student) of SUBMISSIONS, in parallel.

    Re-running skips submissions whose lesson files (and grader) have not changed, and
    says per student what changed since the last run and why.
    Exits 0 when every submission was graded, 1 when the grader could not finish some.
    """, """并行地为 SUBMISSIONS 中的每个提交文件夹（每个学生一个）评分。

    再次运行时，课时文件（和评分器）没有变化的提交会被跳过，并逐个学生说明
    自上次运行以来有什么变化以及原因。
    所有提交都评分完成时退出码为 0，评分器未能完成某些提交时为 1。
    """),
    tr("The class roster (default: roster.csv here, if there is one).",
       "班级名单（默认：当前文件夹中的 roster.csv，如果有的话）。"),
    tr("Manual overrides (default: overrides.csv here, if there is one).",
       "人工调整的分数（默认：当前文件夹中的 overrides.csv，如果有的话）。"),
    tr("The due date, e.g. 2026-12-01T23:59 ('none' to drop it).",
       "截止时间，例如 2026-12-01T23:59（用 'none' 取消）。"),
    tr("Share of the score lost per started day late, e.g. 10%.",
       "每迟交一天（不足一天按一天计）扣除的分数比例，例如 10%。"),
    tr("The most a late submission loses, e.g. 50% (default 100%).",
       "迟交最多扣除的比例，例如 50%（默认 100%）。"),
    tr("Which score counts when a student is graded again (default: latest).",
       "学生被再次评分时以哪个分数为准（默认：最新的 latest；最高的 best）。"),
    tr("Grade every submission again, changed or not.",
       "重新为每个提交评分，无论是否有变化。"),
    tr("Compare submissions exercise by exercise (default: when copydetect is installed).",
       "逐个练习比较提交之间的相似度（默认：安装了 copydetect 时进行）。"),
    tr("List pairs at least this alike (0..1).",
       "列出相似度不低于此值的提交对（0..1）。"),
    tr("With --class: also write the gradebook that Canvas or Moodle imports (DIR/canvas.csv, DIR/moodle.csv).",
       "与 --class 一起使用：同时写出 Canvas 或 Moodle 可导入的成绩册（DIR/canvas.csv、DIR/moodle.csv）。"),
    tr("With --lms: the assignment's name in the LMS.",
       "与 --lms 一起使用：作业在学习管理系统中的名称。"),
    tr("With --lms canvas: the Canvas assignment's id (to update it).",
       "与 --lms canvas 一起使用：Canvas 作业的 id（用于更新该作业）。"),
    tr("With --class: the roster (default: the batch's, or roster.csv here).",
       "与 --class 一起使用：班级名单（默认：批量评分所用的，或当前文件夹中的 roster.csv）。"),
    tr("With --class: manual overrides (default: the batch's, or overrides.csv here).",
       "与 --class 一起使用：人工调整的分数（默认：批量评分所用的，或当前文件夹中的 overrides.csv）。"),
    tr('Submissions graded at the same time, each in its own process.',
       '同时评分的提交数，每个提交在自己的进程中。'),
    tr('Folder for <student>.json, gradebook.csv and summary.json.',
       '存放 <student>.json、gradebook.csv 和 summary.json 的文件夹。'),
    tr('Grade only this lesson (repeatable; default all).',
       '只为这个课时评分（可重复；默认全部）。'),
    tr("Multiply every exercise's time limit (from the registry) by this.",
       '把每个练习的时间限制（来自课程注册表）乘以这个倍数。'),
    tr("Lessons graded at once (default: one more than the cores).",
       "同时评分的课时数（默认：比 CPU 核数多一个）。"),
    # grader/cli/report.py
    tr("Folder holding the lesson files.", "存放课时文件的文件夹。"),
    tr("Language (default: $GRADE_LANG or the locale).", "语言（默认：$GRADE_LANG 或系统区域设置）。"),
    tr("""Progress per lesson and what to do next.

    Every lesson: exercises passed, best score, last attempt, attempts so far, next step.
    """, """每个课时的进度以及下一步。

    每个课时：已通过的练习、最高得分、最近一次评分、评分次数、下一步。
    """),
    tr("Where to write the page (default: index.html beside the progress database; "
       "with --class: DIR/class.html, and gradebook.csv beside it; with several --class "
       "shard folders: grades/class.html).",
       "页面的写入位置（默认：进度数据库旁边的 index.html；使用 --class 时为 DIR/class.html，"
       "成绩表 gradebook.csv 在其旁边；给出多个 --class 分片文件夹时为 grades/class.html）。"),
    tr("A class folder: one workspace per student (DIR/<student>/), or batch results "
       "(DIR/<student>.json). Writes the instructor's page and a CSV gradebook. Repeat it "
       "with the folders of grade batch --shard 1/N ... N/N to merge them into one.",
       "班级文件夹：每个学生一个工作区（DIR/<student>/），或批量评分结果（DIR/<student>.json）。"
       "生成教师页面和 CSV 成绩表。对 grade batch --shard 1/N ... N/N 的各个文件夹重复此选项，"
       "可将它们合并为一份。"),
    tr("Grade only shard K of N (by a hash of each student's name), to grade a class on N "
       "machines; merge with grade report --class FOLDER-1 ... --class FOLDER-N.",
       "只为 N 个分片中的第 K 个评分（按每个学生姓名的哈希划分），用于在 N 台机器上为一个班级评分；"
       "之后用 grade report --class FOLDER-1 ... --class FOLDER-N 合并。"),
    tr("Where submissions are graded: --jobs processes here, or a Dask cluster (--scheduler; "
       "needs dl-math-grader[cluster]).",
       "在哪里为提交评分：本机的 --jobs 个进程，或 Dask 集群（--scheduler；需要 dl-math-grader[cluster]）。"),
    tr("The Dask scheduler for --executor dask: its address (tcp://10.0.0.5:8786), or the "
       "file dask scheduler --scheduler-file wrote (scheduler.json).",
       "--executor dask 使用的 Dask 调度器：它的地址（tcp://10.0.0.5:8786），或 "
       "dask scheduler --scheduler-file 写出的文件（scheduler.json）。"),
    tr("Seed of the hidden inputs when grading a class (default: drawn from each submission's files).",
       "为班级评分时隐藏输入的种子（默认：由每份提交的文件生成）。"),
    tr("""Write the HTML progress report (--class: a class's).

    The learner's page goes to index.html beside the progress history; with --class DIR,
    the instructor's page goes to DIR/class.html and the gradebook to DIR/gradebook.csv.
    With --class given once per shard (grade batch --shard K/N), the shards are checked
    and merged into one page and gradebook, grades/class.html and grades/gradebook.csv.
    """, """生成 HTML 进度报告（--class：班级报告）。

    学习者页面写入进度历史旁边的 index.html；使用 --class DIR 时，教师页面写入
    DIR/class.html，成绩表写入 DIR/gradebook.csv。
    每个分片给出一次 --class 时（grade batch --shard K/N），会先检查这些分片，再把它们
    合并为一个页面和一份成绩表：grades/class.html 和 grades/gradebook.csv。
    """),
)


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

