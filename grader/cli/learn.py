"""The learner's commands: ``grade init``, ``next``, ``hint``, ``watch``, ``reset``, ``solution``.

Parse, call ``grader.learn``, print, exit, like ``grader/cli/grading.py``. Everything printed is
bilingual (``--lang``, ``GRADE_LANG``, the locale; English by default). Exit codes: 0
done, 1 refused (a solution asked for before passing, without ``--give-up``), 2 a usage
error with one line on stderr.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import click

from grader import materials
from grader.cli.help import LocalisedCommand, option
from grader.course import (
    Course,
    Exercise,
    Lesson,
    closest,
    did_you_mean,
    load_course,
    normalise_lesson_id,
    unknown_lesson,
)
from grader.errors import EXIT_FAILED, EXIT_OK, Refusal
from grader.i18n import Text, detect_language, tr
from grader.learn import hints as hint_data
from grader.learn import workspace as ws
from grader.learn.mistake_catalogue import first_rung
from grader.learn.workspace import display_path
from grader.pointers import definition_cell, grade_command, location
from grader.progress import Latest, ProgressError, ProgressStore, default_path
from grader.reporters import console
from grader.reporters.vocabulary import status_label

EXIT_REFUSED = EXIT_FAILED
DEFAULT_DIR = "dl-math-course"

HELP = {
    "init": tr("Create a fresh workspace in DIR. It holds the exercise stubs and the lesson texts "
               "in English and Chinese (DIR: dl-math-course unless given); existing work is never "
               "overwritten.",
               "在 DIR 中创建新的工作区。其中包括练习文件和中英文课文（DIR 默认为 dl-math-course）；"
               "不会覆盖已有的文件。"),
    "next": tr("Show the next exercise to do. That is the first one not passed yet: where it is "
               "(file and line) and what it asks.",
               "显示下一个要做的练习。即第一个尚未通过的练习：它在哪里（文件和行号）以及要求做什么。"),
    "hint": tr("Give a hint, one rung at a time. First a nudge, then the idea, then the formula; "
               "without arguments, for the exercise `grade next` shows.",
               "给出提示，每次前进一级。先点拨，再讲思路，最后给公式；不带参数时针对 `grade next` 显示的练习。"),
    "watch": tr("Grade on every save and show what changed. When a lesson is complete, move on to "
                "the next one. Ctrl-C stops.",
                "每次保存时评分，只显示变化之处。一个课时全部通过后进入下一课。按 Ctrl-C 停止。"),
    "reset": tr("Put a stub back. The whole lesson, or only one exercise; your version is kept as a "
                "backup file beside it.",
                "恢复初始代码。可以恢复整个课时，也可以只恢复一个练习；你的版本会作为备份文件保存在旁边。"),
    "solution": tr("Show the reference solution. Only after the exercise has passed, or with "
                   "--give-up (which is recorded).",
                   "显示参考答案。只在练习通过之后显示，或者加上 --give-up（会被记录）。"),
}
OPTIONS = {
    "workspace": tr("Folder holding the lesson files.", "存放课时文件的文件夹。"),
    "lang": tr("Language: en or zh (default: $GRADE_LANG, then the locale).",
               "语言：en 或 zh（默认：$GRADE_LANG，其次是系统区域设置）。"),
    "progress": tr("Progress database (default: reports/progress.sqlite beside the workspace).",
                   "进度数据库（默认：工作区旁边的 reports/progress.sqlite）。"),
    "all": tr("Show every hint rung reached so far, without taking a new one.",
              "显示目前已获得的所有提示，不再前进一级。"),
    "give_up": tr("Show the reference even though the exercise has not passed (this is recorded).",
                  "即使练习尚未通过也显示参考答案（会被记录下来）。"),
    "seed": tr("Seed of the hidden inputs, to replay a run a failure names (default: drawn from your "
               "files, new for every edit).",
               "隐藏输入的种子，用于重现某次失败所给出的运行（默认：由你的文件生成，每次修改都会变化）。"),
    "no_record": tr("Do not add the gradings to the progress history.", "不把评分记录到进度历史中。"),
}


# -- shared pieces ----------------------------------------------------------------------


def _say(lines: list[str], lang: str, text: Text, indent: str = "", subsequent: str | None = None) -> None:
    """``text`` in ``lang``, each paragraph a line at ``indent``: ``console.echo`` wraps it to
    a terminal's width (continuation lines further in), and leaves it whole in a pipe."""
    lines.extend(indent + paragraph if paragraph else "" for paragraph in text.get(lang).splitlines())


def _progress_problem(exc: ProgressError) -> Text:
    return Text(f"the progress history cannot be used: {exc.text.en}", f"进度历史无法使用：{exc.text.zh}")


def _workspace_options(function: Any) -> Any:
    options = [
        option("--workspace", "-w", type=click.Path(path_type=Path), default=Path("exercises"),
               show_default=True, help=OPTIONS["workspace"]),
        option("--lang", type=click.Choice(["en", "zh"]), default=None, help=OPTIONS["lang"]),
        option("--progress", "progress_path", type=click.Path(path_type=Path), default=None,
               help=OPTIONS["progress"]),
    ]
    for decorate in reversed(options):
        function = decorate(function)
    return function


def _check_workspace(workspace: Path) -> Path:
    if not workspace.is_dir():
        raise Refusal(materials.missing_workspace(workspace))
    return workspace.resolve()


def _store(workspace: Path, progress_path: Path | None) -> ProgressStore:
    return ProgressStore(progress_path or default_path(workspace))


def _latest(workspace: Path, progress_path: Path | None) -> dict[tuple[str, str], Latest]:
    try:
        return _store(workspace, progress_path).latest(str(workspace))
    except ProgressError as exc:
        raise Refusal(_progress_problem(exc)) from None


def _lesson(course: Course, name: str) -> Lesson:
    """The lesson ``name`` names: its id, or the name of one of its exercises."""
    return _lesson_and_exercise(course, name, None)[0]


def _lesson_and_exercise(course: Course, name: str, exercise: str | None) -> tuple[Lesson, str | None]:
    """What ``grade hint dot`` means: a learner who names only an exercise means that
    exercise of its lesson, as the notebooks' ``check("dot")`` does."""
    try:
        return course.lesson(name), exercise
    except KeyError:
        owner = course.owner(name)
        if owner is not None and exercise is None:
            return owner, name
        if exercise is None and not normalise_lesson_id(name).startswith("lesson"):
            names = [e.name for lesson in course.lessons for e in lesson.exercises]
            guess = closest(name, names)
            if guess is not None:  # a misspelt exercise: grade hint entropi
                raise Refusal(tr("there is no exercise or lesson {name!r}. Did you mean {guess}?",
                                 "没有练习或课时 {name!r}。你是不是想输入 {guess}？",
                                 name=name, guess=guess)) from None
        raise Refusal(unknown_lesson(course, name)) from None


def _exercise(lesson: Lesson, name: str) -> Exercise:
    try:
        return lesson.exercise(name)
    except KeyError:
        names = [e.name for e in lesson.exercises]
        raise Refusal(tr("{lesson} has no exercise {name!r}; its exercises are {known}.",
                         "{lesson} 中没有练习 {name!r}；它的练习有：{known}。",
                         lesson=lesson.id, name=name, known=", ".join(names))
                      + did_you_mean(name, names)) from None


def _where(workspace: Path, lesson: Lesson, exercise: Exercise) -> Text:
    """``exercises/lesson01_vectors.py:22``, or for a lesson kept as a notebook (and not as a
    file) ``notebooks/lesson01_vectors.ipynb, cell 5``: what the learner can open."""
    path = workspace / lesson.file
    notebook = workspace / (lesson.module + ".ipynb")
    if not path.exists() and notebook.is_file():
        from grader.reading.notebook import NotebookProblem, notebook_code

        try:
            code = notebook_code(notebook)
        except NotebookProblem:
            return location(display_path(notebook), None)
        return location(display_path(notebook), definition_cell(code, exercise.name))
    return location(display_path(path), ws.line_of(path, exercise.name))


def _bold(text: str, colour: bool) -> str:
    return click.style(text, bold=True) if colour else text


# -- grade init -------------------------------------------------------------------------


def _shell_word(text: str) -> str:
    """``text`` as one word of a command line to paste: ``cd "my course"`` (double quotes
    work in sh, cmd and PowerShell alike; POSIX single quotes where those would not do)."""
    import shlex

    if shlex.quote(text) == text:
        return text
    if not any(c in text for c in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)


@click.command(name="init", cls=LocalisedCommand, help=HELP["init"])
@click.argument("directory", type=click.Path(path_type=Path), default=Path(DEFAULT_DIR), required=False)
@option("--lang", type=click.Choice(["en", "zh"]), default=None, help=OPTIONS["lang"])
def init_command(directory: Path, lang: str | None) -> None:
    language = detect_language(lang)
    course = load_course()
    ws.init_workspace(directory, course)  # a WorkspaceError says why not, at the front door
    colour = console.use_colour()
    lines: list[str] = []
    _say(lines, language, tr("Created {dir} with {n} lessons:", "已创建 {dir}，共 {n} 个课时：",
                             dir=display_path(directory), n=len(course.lessons)))
    exercises, texts = "exercises" + os.sep, os.path.join("lessons", language, "")  # the system's separator
    _say(lines, language, tr("{folder}    the files you edit, one per lesson",
                             "{folder}    你要编辑的文件，每课一个", folder=exercises), "  ")
    _say(lines, language, tr("{folder}   a short text per lesson: read it first",
                             "{folder}   每课一篇短文：先读它", folder=texts), "  ")
    _say(lines, language, tr("Next:", "下一步："))
    lines.append(_bold(f"  cd {_shell_word(display_path(directory))}", colour))
    for command, text in (("grade next ", tr("where to start, and what the exercise asks",
                                             "从哪里开始、练习要求做什么")),
                          ("grade watch", tr("grades every time you save a lesson file",
                                             "每次保存课时文件时自动评分")),
                          ("grade hint ", tr("a hint, one rung at a time", "提示，每次前进一级"))):
        lines.append(f"  {_bold(command, colour)}     {text.get(language)}")
    console.echo("\n".join(lines))


# -- grade next -------------------------------------------------------------------------


@click.command(name="next", cls=LocalisedCommand, help=HELP["next"])
@_workspace_options
def next_command(workspace: Path, lang: str | None, progress_path: Path | None) -> None:
    language = detect_language(lang)
    folder = _check_workspace(workspace)
    course = load_course()
    latest = _latest(folder, progress_path)
    colour = console.use_colour()
    total = sum(len(lesson.exercises) for lesson in course.lessons)
    done = sum(1 for lesson in course.lessons for e in lesson.exercises
               if ws.is_passed(latest.get((lesson.id, e.name))))
    found = ws.next_exercise(course, latest)
    lines: list[str] = []
    if found is None:
        _say(lines, language, tr("Every exercise passes ({done}/{total}). Congratulations!",
                                 "所有练习都已通过（{done}/{total}）。恭喜！", done=done, total=total))
        console.echo("\n".join(lines))
        return
    lesson, exercise = found
    head = tr("Next: {lesson} {name} ({where})", "下一个：{lesson} {name}（{where}）",
              lesson=lesson.id, name=exercise.name, where=_where(folder, lesson, exercise))
    lines.append(_bold(head.get(language), colour))
    _say(lines, language, exercise.summary, "  ", "    ")
    for line in ws.brief(folder / lesson.file, exercise.name, language):
        lines.append("  " + line)
    record = latest.get((lesson.id, exercise.name))
    status = status_label(record.status if record else None)
    _say(lines, language, tr("Last grading: {status}", "上次评分：{status}", status=status.get(language)), "  ")
    text = materials.workspace_text_path(folder, lesson, language)
    if text.is_file():
        _say(lines, language, tr("Lesson text: {path}", "课文：{path}", path=display_path(text)), "  ")
    _say(lines, language, tr("Progress: {done}/{total} exercises passed.", "进度：已通过 {done}/{total} 个练习。",
                             done=done, total=total))
    if not (folder / lesson.file).exists() and (folder / (lesson.module + ".ipynb")).is_file():
        _say(lines, language, tr("Write it in the notebook and run its check cell, or save it and run "
                                 "`{command}`. Stuck? `{hint}`.",
                                 "在笔记本中写好后运行它的检查单元格，或保存后运行 `{command}`。卡住了？`{hint}`。",
                                 command=grade_command(lesson.id, folder), hint=grade_command("hint", folder)))
    else:
        _say(lines, language, tr("Write it, then run `{command}` (or keep `{watch}` running). "
                                 "Stuck? `{hint}`.",
                                 "写好后运行 `{command}`（或一直开着 `{watch}`）。卡住了？`{hint}`。",
                                 command=grade_command(lesson.id, folder), watch=grade_command("watch", folder),
                                 hint=grade_command("hint", folder)))
    console.echo("\n".join(lines))


# -- grade hint -------------------------------------------------------------------------


def _diagnosis(folder: Path, store: ProgressStore, lesson: Lesson, exercise: Exercise
               ) -> tuple[list[str], dict[str, Text], bool]:
    """The diagnosis ids of the latest attempt (the mistake most checks name first), what
    the grader said with each, if the attempt is newer than the file, and whether the file
    changed since (so the learner is told to grade again)."""
    try:
        found = store.latest_result(str(folder), lesson.id, exercise.name)
    except ProgressError:
        return [], {}, False
    if found is None:
        return [], {}, False
    when, result = found
    try:
        stale = (folder / lesson.file).stat().st_mtime > when
    except OSError:
        stale = False
    status = result.get("status")
    if stale or status == "passed":
        return [], {}, stale
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    said: dict[str, Text] = {}
    for check in result.get("checks", []):
        if isinstance(check, dict) and check.get("status") in ("failed", "error", "timeout"):
            named = [str(d) for d in dict.fromkeys(check.get("diagnosis", [])) if d != "grader_error"]
            for rank, ident in enumerate(named):
                counts[ident] = counts.get(ident, 0) + 1
                if rank == 0:  # the check's most specific finding
                    first[ident] = first.get(ident, 0) + 1
                message = check.get("i18n", {}).get("message")
                if isinstance(message, dict) and ident not in said:
                    said[ident] = Text.from_dict(message)
    # The mistake most checks name first, then most agree on: one small input can match
    # several by chance, and a check lists its most specific finding first.
    ids = sorted(counts, key=lambda ident: (-first.get(ident, 0), -counts[ident]))
    if status in ("timeout", "error"):
        ids.append(str(status))
    return ids, said, False


@click.command(name="hint", cls=LocalisedCommand, help=HELP["hint"])
@click.argument("lesson_name", metavar="[LESSON]", required=False)
@click.argument("exercise_name", metavar="[EXERCISE]", required=False)
@option("--all", "show_all", is_flag=True, help=OPTIONS["all"])
@_workspace_options
def hint_command(lesson_name: str | None, exercise_name: str | None, show_all: bool, workspace: Path,
                 lang: str | None, progress_path: Path | None) -> None:
    language = detect_language(lang)
    folder = _check_workspace(workspace)
    course = load_course()
    latest = _latest(folder, progress_path)
    if lesson_name is None:
        found = ws.hint_target(course, latest)
        if found is None:
            raise Refusal(tr("every exercise passes; name one to see its hints: grade hint LESSON EXERCISE.",
                             "所有练习都已通过；要查看提示，请指明练习：grade hint LESSON EXERCISE。"))
        lesson, exercise = found
    else:
        lesson, exercise_name = _lesson_and_exercise(course, lesson_name, exercise_name)
        if exercise_name is None:
            target = ws.hint_target(course, latest, lesson)
            if target is None:
                raise Refusal(tr("every exercise of {lesson} passes; name one: grade hint {lesson} EXERCISE.",
                                 "{lesson} 的所有练习都已通过；请指明练习：grade hint {lesson} EXERCISE。",
                                 lesson=lesson.id))
            exercise = target[1]
        else:
            exercise = _exercise(lesson, exercise_name)
    hints = hint_data.exercise_hints(lesson.id, exercise.name)
    if hints is None:
        raise Refusal(tr("there are no hints for {lesson} {name} yet.", "{lesson} {name} 还没有提示。",
                         lesson=lesson.id, name=exercise.name))
    store = _store(folder, progress_path)
    colour = console.use_colour()
    try:
        reached = store.hint_rung(str(folder), lesson.id, exercise.name)
    except ProgressError as exc:
        raise Refusal(_progress_problem(exc)) from None
    ids, said, stale = _diagnosis(folder, store, lesson, exercise)
    answer = first_rung(lesson.id, exercise.name, ids, said)
    targeted = [(ids[0], answer)] if answer is not None else []
    rung = max(reached, 1) if show_all else min(reached + 1, len(hint_data.RUNGS))
    if not show_all:
        try:
            store.record_hint(str(folder), lesson.id, exercise.name, rung, ",".join(i for i, _ in targeted))
        except ProgressError as exc:
            raise Refusal(_progress_problem(exc)) from None

    lines = [_bold(f"{lesson.id} {exercise.name} ({_where(folder, lesson, exercise).get(language)})", colour)]
    _say(lines, language, exercise.summary, "  ", "  ")
    for _ident, text in targeted:
        lines.append("")
        label = tr("About your last attempt:", "关于你上一次的提交：").get(language)
        lines.append(click.style(label, fg="yellow", bold=True) if colour else label)
        _say(lines, language, text, "  ")
    if stale:
        lines.append("")
        _say(lines, language, tr("(Your file changed since it was last graded: grade it again, and "
                                 "the hint will also say what went wrong, when the grader can tell.)",
                                 "（上次评分后你的文件已修改：重新评分后，如果评分器能判断出错误原因，"
                                 "提示也会针对它。）"))
    first = 1 if show_all else rung
    for number in range(first, rung + 1):
        lines.append("")
        label = tr("Hint {n}/3, {name}:", "提示 {n}/3，{name}：", n=number,
                   name=hint_data.RUNG_NAMES[number - 1].get(language)).get(language)
        lines.append(click.style(label, fg="cyan", bold=True) if colour else label)
        _say(lines, language, hints.rungs[number - 1], "  ")
    lines.append("")
    if rung < len(hint_data.RUNGS):
        _say(lines, language, tr("Still stuck? Run `{command}` again for the next rung.",
                                 "还是卡住了？再次运行 `{command}` 获得下一级提示。",
                                 command=grade_command(f"hint {lesson.id} {exercise.name}", folder)))
    else:
        _say(lines, language, tr("That was the last rung. If you are still stuck, "
                                 "`grade solution {lesson} {name} --give-up` shows the reference "
                                 "(and records that you gave up).",
                                 "这是最后一级提示。如果仍然卡住，`grade solution {lesson} {name} --give-up` "
                                 "会显示参考答案（并记录你放弃了）。",
                                 lesson=lesson.id, name=exercise.name))
    console.echo("\n".join(lines))


# -- grade reset ------------------------------------------------------------------------


@click.command(name="reset", cls=LocalisedCommand, help=HELP["reset"])
@click.argument("lesson_name", metavar="LESSON")
@click.argument("exercise_name", metavar="[EXERCISE]", required=False)
@option("--workspace", "-w", type=click.Path(path_type=Path), default=Path("exercises"),
        show_default=True, help=OPTIONS["workspace"])
@option("--lang", type=click.Choice(["en", "zh"]), default=None, help=OPTIONS["lang"])
def reset_command(lesson_name: str, exercise_name: str | None, workspace: Path, lang: str | None) -> None:
    language = detect_language(lang)
    folder = _check_workspace(workspace)
    lesson, exercise_name = _lesson_and_exercise(load_course(), lesson_name, exercise_name)
    try:
        if exercise_name is None:
            result = ws.reset_lesson(folder, lesson)
        else:
            _exercise(lesson, exercise_name)
            result = ws.reset_exercise(folder, lesson, exercise_name)
    except OSError as exc:
        raise Refusal(tr("cannot write {path}: {error}", "无法写入 {path}：{error}",
                         path=str(folder / lesson.file), error=exc.strerror or str(exc))) from None
    what = exercise_name or lesson.id
    lines: list[str] = []
    if not result.changed:
        _say(lines, language, tr("{what} is already the stub; nothing changed.", "{what} 已经是初始代码，没有改动。",
                                 what=what))
    else:
        if result.whole_file:
            _say(lines, language, tr("Restored the stub of {file}.", "已恢复 {file} 的初始代码。",
                                     file=display_path(result.path)))
        else:
            _say(lines, language, tr("Restored the stub of {name} in {file}; the rest of the file is "
                                     "unchanged.", "已恢复 {file} 中 {name} 的初始代码；文件的其余部分保持不变。",
                                     name=what, file=display_path(result.path)))
        if result.backup is not None:
            _say(lines, language, tr("Your version is kept in {backup}.", "你的版本保存在 {backup}。",
                                     backup=display_path(result.backup)))
    console.echo("\n".join(lines))


# -- grade solution ---------------------------------------------------------------------


@click.command(name="solution", cls=LocalisedCommand, help=HELP["solution"])
@click.argument("lesson_name", metavar="LESSON")
@click.argument("exercise_name", metavar="EXERCISE", required=False)
@option("--give-up", is_flag=True, help=OPTIONS["give_up"])
@_workspace_options
def solution_command(lesson_name: str, exercise_name: str | None, give_up: bool, workspace: Path,
                     lang: str | None, progress_path: Path | None) -> None:
    language = detect_language(lang)
    folder = _check_workspace(workspace)
    lesson, exercise_name = _lesson_and_exercise(load_course(), lesson_name, exercise_name)
    if exercise_name is None:
        raise Refusal(tr("name the exercise: grade solution {lesson} EXERCISE (its exercises are {known}).",
                         "请指明练习：grade solution {lesson} EXERCISE（它的练习有：{known}）。",
                         lesson=lesson.id, known=", ".join(e.name for e in lesson.exercises)))
    exercise = _exercise(lesson, exercise_name)
    record = _latest(folder, progress_path).get((lesson.id, exercise.name))
    passed = record is not None and (record.status == "passed" or record.best >= record.max_score > 0)
    if not passed and not give_up:
        lines: list[str] = []
        _say(lines, language, tr("{name} has not passed yet, so its reference stays hidden: seeing it "
                                 "too early spoils the exercise. Try `grade hint {lesson} {name}`; to "
                                 "see it anyway: `grade solution {lesson} {name} --give-up` (recorded).",
                                 "{name} 尚未通过，所以参考答案暂不显示：过早看答案会失去练习的意义。"
                                 "试试 `grade hint {lesson} {name}`；如果仍要查看："
                                 "`grade solution {lesson} {name} --give-up`（会被记录）。",
                                 lesson=lesson.id, name=exercise.name))
        console.echo("\n".join(lines), err=True)
        click.get_current_context().exit(EXIT_REFUSED)
    try:
        source, calls = ws.reference_source(lesson, exercise.name)
    except OSError as exc:
        raise Refusal(tr("the reference is not available: {error}", "参考答案不可用：{error}",
                         error=str(exc))) from None
    try:
        _store(folder, progress_path).record_reveal(str(folder), lesson.id, exercise.name,
                                                    "passed" if passed else "gave_up")
    except ProgressError as exc:
        raise Refusal(_progress_problem(exc)) from None
    colour = console.use_colour()
    lines = []
    head = (tr("Reference for {lesson} {name} (you passed it: compare the two).",
               "{lesson} {name} 的参考答案（你已通过：对比一下两种写法）。", lesson=lesson.id, name=exercise.name)
            if passed else
            tr("Reference for {lesson} {name} (recorded: you gave up on it). Read it, close it, "
               "then write your own version.",
               "{lesson} {name} 的参考答案（已记录：你放弃了这道题）。读懂后关掉它，再自己写一遍。",
               lesson=lesson.id, name=exercise.name))
    lines.append(_bold(head.get(language), colour))
    lines.append("")
    lines.append(source.rstrip())
    if calls:
        lines.append("")
        _say(lines, language, tr("It calls {names} from the same lesson.", "它调用了同一课时中的 {names}。",
                                 names=", ".join(calls)))
    console.echo("\n".join(lines))


# -- grade watch ------------------------------------------------------------------------


@click.command(name="watch", cls=LocalisedCommand, help=HELP["watch"])
@click.argument("lesson_name", metavar="[LESSON]", required=False)
@_workspace_options
@option("--seed", type=int, default=None, help=OPTIONS["seed"])
@option("--no-record", is_flag=True, help=OPTIONS["no_record"])
def watch_command(lesson_name: str | None, workspace: Path, lang: str | None, progress_path: Path | None,
                  seed: int | None, no_record: bool) -> None:
    from grader import api
    from grader.learn.watch import WatchSession, file_events, lesson_files
    from grader.listeners import StatusBar, progress_listeners
    from grader.model import LessonResult

    language = detect_language(lang)
    folder = _check_workspace(workspace)
    course = load_course()
    start = _lesson(course, lesson_name) if lesson_name else None
    if start is not None and not (folder / start.file).is_file():
        raise Refusal(tr("{path} does not exist: `grade reset {lesson}` puts the stub there.",
                         "{path} 不存在：`grade reset {lesson}` 可以恢复初始代码。",
                         path=display_path(folder / start.file), lesson=start.id))
    latest = _latest(folder, progress_path)

    def problem(exc: ProgressError) -> None:  # the watcher goes on: one line, and the next save
        console.echo("grade: " + exc.text.get(language), err=True)

    # Each grading is kept as a run of ``grade LESSON`` is: the history, then the page.
    keep = [] if no_record else progress_listeners(_store(folder, progress_path), language, snapshot=False,
                                                   on_problem=problem)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # a terminated watcher stops as cleanly as on Ctrl-C

    # SIGTERM (kill, a process manager) and SIGHUP (the terminal window was closed).
    ends = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {number: signal.signal(number, stop) for number in ends}
    # On a terminal, an exercise that runs past two seconds is named with its time limit.
    bar = StatusBar(console.animated(sys.stderr), console.use_colour(sys.stderr), language, quiet=True)
    try:
        with api.open_sandbox(folder) as sandbox:  # the references covered, as for `grade`

            def grade(lesson: Lesson) -> LessonResult:
                return api.grade([lesson.id], folder, seed=seed, sandbox=sandbox,
                                 listeners=[bar, *keep]).lessons[0]

            session = WatchSession(course, folder, language, console.use_colour(), grade,
                                   console.echo, latest)
            session.begin(start)
            while True:
                for names in file_events(folder, set(lesson_files(course)), ready=session.watching):
                    session.saved(names)
                # The events end when the watched folder itself was deleted: watch the one
                # put in its place (a fresh copy, a checkout), or say that there is none.
                if not folder.is_dir():
                    raise Refusal(tr("{folder} was removed; `grade watch` stopped.",
                                     "{folder} 已被删除；`grade watch` 已停止。",
                                     folder=display_path(folder)))
                console.echo(tr("{folder} was replaced; watching the new one.",
                              "{folder} 已被替换；改为监视新的文件夹。",
                              folder=display_path(folder)).get(language))
                if session.current is not None:
                    session.saved({session.current.file})
    except KeyboardInterrupt:
        console.echo()
        console.echo(tr("Stopped watching.", "已停止监视。").get(language))
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    sys.stdout.flush()
    click.get_current_context().exit(EXIT_OK)

