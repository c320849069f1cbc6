"""The ``grade`` command: parse, call the API, print, exit. No grading logic here.

Exit codes: 0 when everything graded passed, 1 when anything did not, 2 for a usage
error (unknown lesson, missing workspace, unusable progress file), with one line on
stderr. Imports of NumPy and the engine happen inside commands, so ``grade --help`` and
``grade list`` stay fast.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import click

from grader.cli.help import (
    LocalisedCommand,
    LocalisedError,
    LocalisedGroup,
    help_language,
    language_in,
    option,
)
from grader.course import closest, load_course, normalise_lesson_id, out_of_range
from grader.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, GradeError
from grader.i18n import Text, detect_language, tr
from grader.reporters import console
from grader.reporters.formats import MACHINE_FORMATS

if TYPE_CHECKING:
    from grader.api import RunOptions
    from grader.events import Listener
    from grader.sandbox.runner import Sandbox

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "main"]


class GradeGroup(LocalisedGroup):
    """A group whose unknown sub-commands that look like lesson ids grade that lesson.

    Ctrl-C ends any command with status 130 (``EXIT_INTERRUPTED``), not click's generic 1.
    """

    # Commands whose modules are imported only when used (or listed in --help), so that
    # grading, the command run most, loads nothing it does not need.
    lazy: ClassVar[dict[str, tuple[str, str]]] = {
        "status": ("grader.cli.report", "status"),
        "report": ("grader.cli.report", "report"),
        "init": ("grader.cli.learn", "init_command"),
        "next": ("grader.cli.learn", "next_command"),
        "hint": ("grader.cli.learn", "hint_command"),
        "watch": ("grader.cli.learn", "watch_command"),
        "reset": ("grader.cli.learn", "reset_command"),
        "solution": ("grader.cli.learn", "solution_command"),
        "ci": ("grader.cli.classroom", "ci_group"),
        "export": ("grader.cli.classroom", "export_group"),
        "batch": ("grader.cli.classroom", "batch_command"),
        "notebooks": ("grader.cli.notebooks", "notebooks_command"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        if cmd_name in self.lazy:
            module, attribute = self.lazy[cmd_name]
            found: click.Command = getattr(importlib.import_module(module), attribute)
            return found
        lesson_id = normalise_lesson_id(cmd_name)
        if lesson_id in load_course().ids:
            return _lesson_command(lesson_id)
        return None

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        command = self.get_command(ctx, name)
        if command is None and name and not name.startswith("-"):
            course = load_course()
            beyond = out_of_range(name)  # lesson13: no typo
            guess = None if beyond else closest(name, [*course.ids, *self.list_commands(ctx)])
            if guess is None and not beyond and normalise_lesson_id(name) != name.lower():
                guess = closest(normalise_lesson_id(name), course.ids)
            text = tr("unknown lesson or command {name!r}.", "没有课时或命令 {name!r}。", name=name)
            if guess is not None:
                text += tr(" Did you mean {guess}?", "你是不是想输入 {guess}？", guess=guess)
            else:
                text += tr(" The lessons are {first} ... {last}; `grade --help` lists the commands.",
                           "课时为 {first} …… {last}；`grade --help` 列出所有命令。",
                           first=course.ids[0], last=course.ids[-1])
            raise GradeError(text)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a ``GradeError`` from anywhere below becomes its line and exit code."""
        try:
            return super().invoke(ctx)
        except GradeError as exc:
            console.echo(exc.line(help_language(ctx)), err=True)
            ctx.exit(exc.exit_code)
        except click.ClickException as exc:  # click's own usage errors, in the user's language
            raise LocalisedError.of(exc, help_language(ctx)) from None
        except KeyboardInterrupt:
            console.echo(tr("grade: interrupted", "grade：已中断").get(help_language(ctx)), err=True)
            ctx.exit(EXIT_INTERRUPTED)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        lang = detect_language(language_in(args))  # before click consumes the arguments
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            raise LocalisedError.of(exc, lang) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_commands(ctx, formatter)
        lang = help_language(ctx)
        with formatter.section(tr("Lessons", "课时").get(lang)):
            formatter.write_dl([(lesson.id, lesson.title.get(lang)) for lesson in load_course().lessons])


def _grading_options(function: Any) -> Any:
    options = [
        option("--workspace", "-w", type=click.Path(path_type=Path), default=Path("exercises"),
               show_default=True, help="Folder holding the lesson files to grade.",
               zh="存放待评分课时文件的文件夹。"),
        option("--format", "fmt", type=click.Choice(["text", *MACHINE_FORMATS]), default="text",
               show_default=True, help="Output format on stdout; the machine formats print "
               "exactly one document.",
               zh="标准输出的格式；机器可读的格式只输出一个文档。"),
        option("--output", "outputs", multiple=True, metavar="[FORMAT:]FILE",
               help="Also write FORMAT (json, junit, gradescope, github) to FILE, once, at "
               "the end; repeatable. A bare FILE takes --format's format.",
               zh="另外把 FORMAT（json、junit、gradescope、github）格式的结果在最后一次性写入 FILE；可重复使用。"
                  "只给 FILE 时使用 --format 的格式。"),
        option("--min-score", default=None, metavar="POINTS|PERCENT%",
               help="Exit 0 when the score reaches this (7.5 or 80%), else 1: a CI gate.",
               zh="得分达到这个值（如 7.5 或 80%）时退出码为 0，否则为 1：用作 CI 的门槛。"),
        option("--lang", type=click.Choice(["en", "zh"]), default=None,
               help="Language of feedback (default: $GRADE_LANG or the locale).",
               zh="反馈的语言（默认：$GRADE_LANG 或系统区域设置）。"),
        option("--verbose", "-v", is_flag=True, help="Show passed checks and printed output.",
               zh="同时显示已通过的检查和你的代码的输出。"),
        option("--progress", "progress_path", type=click.Path(path_type=Path), default=None,
               help="Progress database (default: reports/progress.sqlite beside the workspace).",
               zh="进度数据库（默认：工作区旁边的 reports/progress.sqlite）。"),
        option("--no-record", is_flag=True, help="Do not add this run to the progress history.",
               zh="不把这次评分记录到进度历史中。"),
        option("--held", is_flag=True,
               help="Show each exercise's visible check only; the other checks and the points wait "
                    "for the instructor's grading.",
               zh="每个练习只显示可见的检查；其余检查和分数等教师评分时公布。"),
        option("--no-report", is_flag=True,
               help="Do not rewrite the HTML progress report (index.html beside the history).",
               zh="不重新生成 HTML 进度报告（进度历史旁边的 index.html）。"),
        option("--seed", type=int, default=None,
               help="Seed of the hidden inputs, to replay a run a failure names (default: "
                    "drawn from your files, new for every edit).",
               zh="隐藏输入的种子，用于重现某次失败所给出的运行（默认：由你的文件生成，每次修改都会变化）。"),
        option("--timeout-scale", type=float, default=None,
               help="Multiply every exercise's time limits (e.g. 2 on a slow machine).",
               zh="把每个练习的时间限制乘以这个倍数（例如较慢的机器上用 2）。"),
        option("--memory", default=None,
               help="Memory limit of learner code, e.g. 2GiB (default 1 GiB).",
               zh="学习者代码的内存上限，例如 2GiB（默认 1 GiB）。"),
        option("--max-output", default=None,
               help="Output one exercise may print, e.g. 4MiB (default 1 MiB).",
               zh="一个练习最多可以输出的内容，例如 4MiB（默认 1 MiB）。"),
        option("--jobs", "-j", type=click.IntRange(min=1), default=None,
               help="Lessons graded at once (default: twice the cores, plus two).",
               zh="同时评分的课时数（默认：比 CPU 核数多一个）。"),
    ]
    for decorate in reversed(options):
        function = decorate(function)
    return function


def _use_colour() -> bool:
    return console.use_colour(sys.stdout)


@dataclass(frozen=True)
class _Request:
    """What ``grade lesson03`` or ``grade all`` was asked, as parsed: the lessons, how to grade
    them (``run``), and what to show and keep of the run."""

    lesson_ids: tuple[str, ...]
    workspace: Path
    run: RunOptions
    fmt: str = "text"
    lang: str | None = None
    verbose: bool = False
    progress_path: Path | None = None
    no_record: bool = False
    no_report: bool = False
    outputs: tuple[str, ...] = ()
    min_score: str | None = None


def _run(lesson_ids: list[str], workspace: Path, fmt: str, lang: str | None, verbose: bool,
         progress_path: Path | None, no_record: bool, no_report: bool, seed: int | None,
         timeout_scale: float | None = None, memory: str | None = None,
         max_output: str | None = None, outputs: tuple[str, ...] = (),
         min_score: str | None = None, jobs: int | None = None, held: bool = False) -> None:
    from grader import api
    from grader.cli import early

    overrides = {"timeout_scale": timeout_scale, "memory": memory, "output": max_output}
    request = _Request(tuple(lesson_ids), workspace,
                       api.RunOptions(seed=seed, overrides=overrides, parallel=jobs, held=held),
                       fmt=fmt, lang=lang, verbose=verbose, progress_path=progress_path, no_record=no_record,
                       no_report=no_report, outputs=outputs, min_score=min_score)
    # First of all: the sandbox's interpreter boots while this one loads the rest.
    with api.open_sandbox(workspace, overrides=overrides, early=early.take()) as sandbox:
        code = _grade_and_report(sandbox, request)
    click.get_current_context().exit(code)


def _grade_and_report(sandbox: Sandbox, request: _Request) -> int:
    """Choose the run's listeners from the request, grade, and say which exit code it earns.

    ``held``: every listener but the machine formats hears the held view (``grader.engine.held``);
    the machine formats render it themselves (visibility ``held``), with the held counts.
    """
    from grader import api, listeners
    from grader.classroom import outputs as written
    from grader.engine import held as holding
    from grader.progress import ProgressStore, default_path
    from grader.reporters import formats

    lesson_ids, workspace, fmt, held = request.lesson_ids, request.workspace, request.fmt, request.run.held
    language = detect_language(request.lang)
    colour = _use_colour()
    course = load_course()
    lessons = api.resolve_lessons(course, lesson_ids)
    specs = [formats.parse_output(spec, fmt) for spec in request.outputs]
    gate = written.Gate.parse(request.min_score) if request.min_score is not None else None
    if held and "gradescope" in (fmt, *(spec.format for spec in specs)):
        raise GradeError(tr("--held cannot write gradescope results: Gradescope's held bundle runs every "
                            "check and shows the held ones after the due date (grade ci init gradescope "
                            "--visibility held)",
                            "--held 不能输出 gradescope 结果：Gradescope 的 held 评分包运行所有检查，"
                            "被保留的检查在截止日期之后显示（grade ci init gradescope --visibility held）"
                            ).get(language))
    if held and gate is not None:
        raise GradeError(tr("--min-score cannot be used with --held: a held run earns no points until grading",
                            "--min-score 不能与 --held 一起使用：检查被保留时，评分之前不计分").get(language))
    visibility = "held" if held else written.gradescope_visibility(os.environ)
    single = len(lessons) == 1 and lesson_ids != ("all",)

    out = listeners.Stdout(colour, wrap=fmt == "text")
    chosen: list[Listener] = []
    if fmt == "text":
        bar = listeners.StatusBar(console.animated(sys.stderr), console.use_colour(sys.stderr), language)
        titles = {lesson.id: lesson.title.get(language) for lesson in course.lessons}
        screen = listeners.Terminal(out, language, colour, request.verbose, titles, bar)
        if held:
            view = holding.Held([bar, screen])
            screen.summary = view.summary
            chosen.append(view)
        else:
            chosen += [bar, screen]
    else:
        chosen.append(listeners.MachineFormat(out, fmt, language, single, visibility))
    chosen.append(out)
    after: list[Listener] = []
    if not request.no_record:
        store = ProgressStore(request.progress_path or default_path(workspace))
        after += listeners.progress_listeners(store, language, page=not request.no_report,
                                              announce=out.write if fmt == "text" else None)
    if fmt == "text":
        after.append(listeners.StartHere(screen))  # last on the screen: where to begin
    chosen += [holding.Held(after)] if held and after else after
    chosen.append(written.OutputFiles(specs, language, single, os.environ, visibility,
                                      github_output=fmt == "github"))

    run = api.grade_with(lesson_ids, workspace, request.run, sandbox=sandbox, listeners=chosen)
    if out.failure is not None:
        out.discard()
        # A reader that stopped early (``| head``) is no failure: like git, say nothing.
        if out.failure.errno != errno.EPIPE:
            why = out.failure.strerror or out.failure
            raise GradeError(tr("cannot write the results: {why}", "无法写出结果：{why}", why=why)
                             + (Text("", "") if request.no_record
                                else tr(" (the progress history was recorded)", "（进度记录已保存）")))
    if held:  # the exit code says no more than the learner sees
        from grader.engine.held import held_run

        run = held_run(run)
    passed = gate.passes(run) if gate is not None else run.passed
    return EXIT_OK if passed else EXIT_FAILED


def _lesson_command(lesson_id: str) -> click.Command:
    lesson = load_course().lesson(lesson_id)

    @click.command(name=lesson_id, cls=LocalisedCommand,
                   help=tr(f"Grade {lesson_id}: {lesson.title.en}.", f"为 {lesson_id} 评分：{lesson.title.zh}。"))
    @_grading_options
    def grade_one(**options: Any) -> None:
        _run([lesson_id], **options)

    return grade_one


@click.group(cls=GradeGroup, context_settings={"help_option_names": ["-h", "--help"]},
             zh="""为深度学习数学课程的练习评分。

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
    """)
@click.version_option(package_name="dl-math-grader")
@option("--lang", type=click.Choice(["en", "zh"]), default=None, expose_value=False,
        help="Language of feedback (default: $GRADE_LANG or the locale).",
        zh="反馈的语言（默认：$GRADE_LANG 或系统区域设置）。")
def main() -> None:
    """Grade the exercises of the deep-learning mathematics course.

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
    """
    console.apply_colour_policy(click.get_current_context())


@main.command(name="all", zh="为所有课时评分。")
@_grading_options
def grade_all(**options: Any) -> None:
    """Grade every lesson."""
    _run(["all"], **options)


@main.command(name="list", zh="显示所有课时、练习以及你最近的状态。")
@click.option("--workspace", "-w", type=click.Path(path_type=Path), default=Path("exercises"),
              show_default=True)
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None)
@click.option("--progress", "progress_path", type=click.Path(path_type=Path), default=None)
def list_lessons(workspace: Path, lang: str | None, progress_path: Path | None) -> None:
    """Show the lessons, their exercises and your latest status."""
    from grader.progress import ProgressStore, default_path
    from grader.reporters.vocabulary import status_label

    language = detect_language(lang)
    if not workspace.is_dir():
        from grader.materials import missing_workspace

        raise GradeError(missing_workspace(workspace).get(language))
    # a ProgressError says why not at the front door, in the learner's language
    latest = ProgressStore(progress_path or default_path(workspace)).latest(str(workspace.resolve()))
    for lesson in load_course().lessons:
        done = sum(1 for e in lesson.exercises
                   if (r := latest.get((lesson.id, e.name))) and r.status == "passed")
        console.echo(f"{lesson.id}  {lesson.title.get(language)}  ({lesson.file})  "
                   f"{done}/{len(lesson.exercises)}")
        for exercise in lesson.exercises:
            record = latest.get((lesson.id, exercise.name))
            label = status_label(record.status if record else None).get(language)
            console.echo(f"    {exercise.name:<32} {label:<16} {exercise.summary.get(language)}")


if __name__ == "__main__":  # pragma: no cover
    main()
