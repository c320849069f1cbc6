"""``grade status`` and ``grade report``: the learner's standing, and the pages that show it.

What every grading run does afterwards (the history, then ``index.html`` beside it) is
the business of the run's listeners (``grader.listeners``); these commands read the
same history and write the same page, on request. Pages are written atomically (a new
file, then a rename): a reader, or a grader killed midway, never sees half a page.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grader.atomic import write_atomic
from grader.cli.help import ClickPageInEnglish, option
from grader.errors import GradeError
from grader.i18n import Text, detect_language, tr
from grader.listeners import render_learner_page, report_path, shown
from grader.reporters import console
from grader.reporters.visible import visible

if TYPE_CHECKING:
    from grader.progress import ProgressStore

def _store(workspace: Path, progress_path: Path | None) -> ProgressStore:
    from grader.progress import ProgressStore, default_path

    return ProgressStore(progress_path or default_path(workspace))


_WORKSPACE = option("--workspace", "-w", type=click.Path(path_type=Path), default=Path("exercises"),
                    show_default=True, help="Folder holding the lesson files.",
                    zh="存放课时文件的文件夹。")
_PROGRESS = option("--progress", "progress_path", type=click.Path(path_type=Path), default=None,
                   help="Progress database (default: reports/progress.sqlite beside the workspace).",
                   zh="进度数据库（默认：工作区旁边的 reports/progress.sqlite）。")
_LANG = option("--lang", type=click.Choice(["en", "zh"]), default=None,
               help="Language (default: $GRADE_LANG or the locale).",
               zh="语言（默认：$GRADE_LANG 或系统区域设置）。")


@click.command(name="status", cls=ClickPageInEnglish, zh="""每个课时的进度以及下一步。

    每个课时：已通过的练习、最高得分、最近一次评分、评分次数、下一步。
    """)
@_WORKSPACE
@_PROGRESS
@_LANG
def status(workspace: Path, progress_path: Path | None, lang: str | None) -> None:
    """Progress per lesson and what to do next.

    Every lesson: exercises passed, best score, last attempt, attempts so far, next step.
    """
    from grader.course import load_course
    from grader.history import standing
    from grader.reporters.status import render_status

    language = detect_language(lang)
    _need_workspace(workspace, language)
    store = _store(workspace, progress_path)
    history = store.history(str(workspace.resolve()))  # a ProgressError says why not, at the front door
    page = report_path(store.path)
    console.echo(render_status(standing(load_course(), history), language,
                             shown(page) if page.exists() else ""))


@click.command(name="report", cls=ClickPageInEnglish, zh="""生成 HTML 进度报告（--class：班级报告）。

    学习者页面写入进度历史旁边的 index.html；使用 --class DIR 时，教师页面写入
    DIR/class.html，成绩表写入 DIR/gradebook.csv。
    每个分片给出一次 --class 时（grade batch --shard K/N），会先检查这些分片，再把它们
    合并为一个页面和一份成绩表：grades/class.html 和 grades/gradebook.csv。
    """)
@_WORKSPACE
@_PROGRESS
@_LANG
@option("--output", "-o", type=click.Path(path_type=Path), default=None,
        help="Where to write the page (default: index.html beside the progress database; "
             "with --class: DIR/class.html, and gradebook.csv beside it; with several --class "
             "shard folders: grades/class.html).",
        zh="页面的写入位置（默认：进度数据库旁边的 index.html；使用 --class 时为 DIR/class.html，"
           "成绩表 gradebook.csv 在其旁边；给出多个 --class 分片文件夹时为 grades/class.html）。")
@option("--class", "class_dirs", type=click.Path(path_type=Path), multiple=True,
        help="A class folder: one workspace per student (DIR/<student>/), or batch results "
             "(DIR/<student>.json). Writes the instructor's page and a CSV gradebook. Repeat it "
             "with the folders of grade batch --shard 1/N ... N/N to merge them into one.",
        zh="班级文件夹：每个学生一个工作区（DIR/<student>/），或批量评分结果（DIR/<student>.json）。"
           "生成教师页面和 CSV 成绩表。对 grade batch --shard 1/N ... N/N 的各个文件夹重复此选项，可将它们合并为一份。")
@option("--seed", type=int, default=None,
        help="Seed of the hidden inputs when grading a class (default: drawn from each "
             "submission's files).",
        zh="为班级评分时隐藏输入的种子（默认：由每份提交的文件生成）。")
@option("--lms", type=click.Choice(["canvas", "moodle"]), default=None,
        help="With --class: also write the gradebook that Canvas or Moodle imports (DIR/canvas.csv, "
             "DIR/moodle.csv).",
        zh="与 --class 一起使用：同时写出 Canvas 或 Moodle 可导入的成绩册（DIR/canvas.csv、DIR/moodle.csv）。")
@option("--assignment", default="Deep-learning maths", show_default=True,
        help="With --lms: the assignment's name in the LMS.",
        zh="与 --lms 一起使用：作业在学习管理系统中的名称。")
@option("--assignment-id", default="", help="With --lms canvas: the Canvas assignment's id (to update it).",
        zh="与 --lms canvas 一起使用：Canvas 作业的 id（用于更新该作业）。")
@option("--roster", type=click.Path(path_type=Path), default=None,
        help="With --class: the roster (default: the batch's, or roster.csv here).",
        zh="与 --class 一起使用：班级名单（默认：批量评分所用的，或当前文件夹中的 roster.csv）。")
@option("--overrides", type=click.Path(path_type=Path), default=None,
        help="With --class: manual overrides (default: the batch's, or overrides.csv here).",
        zh="与 --class 一起使用：人工调整的分数（默认：批量评分所用的，或当前文件夹中的 overrides.csv）。")
@option("--similarity/--no-similarity", default=None,
        help="With --class DIR of student workspaces: compare them exercise by exercise (default: "
             "when copydetect is installed).",
        zh="与 --class DIR（学生工作区）一起使用：逐个练习比较各份提交（默认：安装了 copydetect 时比较）。")
@option("--similarity-threshold", type=click.FloatRange(0.0, 1.0), default=0.8, show_default=True,
        help="With --similarity: list pairs at least this alike (0..1).",
        zh="与 --similarity 一起使用：列出相似度不低于此值的提交对（0..1）。")
def report(workspace: Path, progress_path: Path | None, lang: str | None, output: Path | None,
           class_dirs: tuple[Path, ...], seed: int | None, lms: str | None, assignment: str, assignment_id: str,
           roster: Path | None, overrides: Path | None, similarity: bool | None,
           similarity_threshold: float) -> None:
    """Write the HTML progress report (--class: a class's).

    The learner's page goes to index.html beside the progress history; with --class DIR,
    the instructor's page goes to DIR/class.html and the gradebook to DIR/gradebook.csv.
    With --class given once per shard (grade batch --shard K/N), the shards are checked
    and merged into one page and gradebook, grades/class.html and grades/gradebook.csv.
    """

    language = detect_language(lang)
    request = _LmsRequest(lms, assignment, assignment_id, roster, overrides, similarity, similarity_threshold)
    if len(class_dirs) > 1:
        _merged_report([Path(os.path.abspath(d)) for d in class_dirs], output and Path(os.path.abspath(output)),
                       language, seed, request)
        return
    if class_dirs:  # anchored once, here: grading a workspace runs in other folders
        _class_report(Path(os.path.abspath(class_dirs[0])), output and Path(os.path.abspath(output)), language,
                      seed, request)
        return
    if lms is not None:
        raise GradeError(tr("--lms needs --class DIR", "--lms 需要 --class DIR"))
    _need_workspace(workspace, language)
    store = _store(workspace, progress_path)
    target = output or report_path(store.path, workspace, store)  # or a ProgressError, as below
    started = time.perf_counter()
    page = render_learner_page(store, workspace, language)
    _write_or_fail(target, page, language)
    console.echo(tr("Progress report: {path} ({seconds:.2f} s)", "进度报告：{path}（{seconds:.2f} 秒）",
                  path=shown(target), seconds=time.perf_counter() - started).get(language))


def _need_workspace(workspace: Path, lang: str) -> None:
    if not workspace.is_dir():
        from grader.materials import missing_workspace

        raise GradeError(missing_workspace(workspace).get(lang))


def _write_or_fail(target: Path, text: str, lang: str) -> None:
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise GradeError(tr("cannot write {path} ({why}); choose another place with --output",
                            "无法写入 {path}（{why}）；请用 --output 选择其他位置",
                            path=target, why=exc.strerror or str(exc)).get(lang)) from None


_SHOWN_PAIRS = 30


@dataclass(frozen=True)
class _LmsRequest:
    lms: str | None = None
    assignment: str = ""
    assignment_id: str = ""
    roster: Path | None = None
    overrides: Path | None = None
    similarity: bool | None = None  # None: when copydetect is installed
    threshold: float = 0.8


def _class_report(folder: Path, output: Path | None, lang: str, seed: int | None,
                  request: _LmsRequest | None = None) -> None:
    from grader import api
    from grader.classroom.instructor import OVERRIDES, ROSTER, choose_file, load_inputs, publish, stored_of
    from grader.classroom.standing import batch_statuses, find_students, load_class

    request = request or _LmsRequest()
    if not folder.is_dir():
        raise GradeError(tr("class folder {path} does not exist", "班级文件夹 {path} 不存在", path=folder).get(lang))
    students = find_students(folder)
    if not students:
        raise GradeError(tr("{path} holds no student workspaces (DIR/<student>/ with lesson files) and no "
                            "result files (DIR/<student>.json)",
                            "{path} 中既没有学生的工作区（包含课时文件的 DIR/<student>/），也没有结果文件"
                            "（DIR/<student>.json）", path=folder).get(lang))
    stored = stored_of(folder)
    # the roster and overrides are checked before anything is graded or written (a CsvError naming the row)
    inputs = load_inputs(list(students), choose_file(request.roster, stored.settings.roster, ROSTER),
                         choose_file(request.overrides, stored.settings.overrides, OVERRIDES), stored.settings)

    def grade(workspace: Path) -> Any:
        # Everything beside the student's own folder (the classmates) is covered in its sandbox.
        parts = workspace.relative_to(folder).parts if workspace.is_relative_to(folder) else ()
        own = folder / parts[0] if parts else None
        try:
            return api.grade(["all"], workspace, seed=seed, alone=own)
        except api.UsageError as exc:
            return Text(str(exc), str(exc))

    def progress(name: str, index: int, total: int) -> None:
        console.echo(tr("reading {name} ({i}/{n})", "正在读取 {name}（{i}/{n}）",
                      name=visible(name), i=index, n=total).get(lang), err=True)  # shown, not obeyed

    workspaces = {name: path for name, path in students.items() if path.is_dir()}
    if request.similarity and workspaces:
        from grader.classroom import similarity as sim

        if not sim.available():
            raise GradeError(sim.needs_copydetect())
    runs = load_class(folder, grade, progress)
    similar = None
    if workspaces and request.similarity is not False:  # a batch's results: the pairs it recorded
        from grader.classroom.instructor import similarity_check
        from grader.course import load_course

        pairs, checked = similarity_check(workspaces, load_course().lessons, request.threshold)
        stored.similarity = checked.en  # the page and the record keep the English
        similar = (pairs, request.threshold)
    page_path = output or folder / "class.html"
    csv_path = page_path.with_name("gradebook.csv")
    record, lms_path = _written(lambda: publish(folder, runs, batch_statuses(folder), inputs, stored,
                                                page_path, lang, similar), page_path, request, lang)
    if similar is not None:
        click.echo(checked.get(lang))
        for pair in similar[0][:_SHOWN_PAIRS]:
            click.echo(visible(f"  {pair.line(lang)}"))  # folder names come from students: shown, not obeyed
        if len(similar[0]) > _SHOWN_PAIRS:
            click.echo(tr("  ... {n} more on the class page", "  …… 另有 {n} 对见班级页面",
                          n=len(similar[0]) - _SHOWN_PAIRS).get(lang))
    _say_written(record, page_path, csv_path, lms_path, request, lang)


def _written(write_page: Callable[[], Any], page_path: Path, request: Any, lang: str) -> tuple[Any, Path | None]:
    """Write the class page and gradebook (``write_page``), then the LMS file if asked for;
    one line if the place cannot be written to."""
    from grader.classroom.instructor import export_lms

    try:
        record = write_page()
        lms_path = None
        if request.lms is not None:
            lms_path = export_lms(record, request.lms, page_path.with_name(f"{request.lms}.csv"),
                                  request.assignment, request.assignment_id)
    except OSError as exc:
        raise GradeError(tr("cannot write {path} ({why}); choose another place with --output",
                            "无法写入 {path}（{why}）；请用 --output 选择其他位置",
                            path=exc.filename or page_path, why=exc.strerror or str(exc)).get(lang)) from None
    return record, lms_path


def _say_written(record: Any, page_path: Path, csv_path: Path, lms_path: Path | None, request: _LmsRequest,
                 lang: str) -> None:
    console.echo(tr("Class report: {page}\nGradebook: {csv}", "班级报告：{page}\n成绩册：{csv}",
                  page=shown(page_path), csv=shown(csv_path)).get(lang))
    kind = request.lms
    if lms_path is not None and kind is not None:
        from grader.classroom.lms import unmatched

        click.echo(tr("{lms} gradebook: {path} ({n} students)", "{lms} 成绩册：{path}（{n} 名学生）",
                      lms=kind.capitalize(), path=shown(lms_path), n=len(record.students)).get(lang))
        loose = unmatched(kind, record)
        if loose:
            click.echo(visible(tr("matched by name only (no id on the roster): {names}",
                                  "只能按姓名匹配（名单上没有 id）：{names}", names=", ".join(loose)).get(lang)))
        unfinished = [r.student for r in record.students if r.problem]
        if unfinished:
            click.echo(visible(tr("no grade (left blank: not graded to the end): {names}",
                                  "没有成绩（留空：未能完成评分）：{names}", names=", ".join(unfinished)).get(lang)))
        if record.roster_check is not None and record.roster_check.absent:
            click.echo(visible(tr("on the roster, no submission (left blank): {names}",
                                  "在名单上但没有提交（留空）：{names}",
                                  names=", ".join(record.roster_check.absent)).get(lang)))


MERGED = Path("grades")  # where an unsharded `grade batch` writes by default


def _merged_report(folders: list[Path], output: Path | None, lang: str, seed: int | None,
                   request: _LmsRequest) -> None:
    """The shards of one class (``grade batch --shard K/N``), checked and merged into one
    gradebook and one class page, as one unsharded batch would have written them."""
    from grader.classroom.instructor import OVERRIDES, ROSTER, choose_file, load_inputs, publish
    from grader.classroom.shard_merge import merge_shards
    from grader.classroom.shards import ShardError

    if seed is not None:
        raise GradeError(tr("--seed grades workspaces; shard folders hold results, graded with the seed "
                            "each shard recorded", "--seed 用于为工作区评分；分片文件夹中是结果，"
                            "已按各分片记录的种子评分").get(lang))
    if request.similarity:
        raise GradeError(tr("--similarity compares workspaces; shard folders hold results (each shard "
                            "compared its own submissions)", "--similarity 比较的是工作区；分片文件夹中是结果"
                            "（每个分片已比较了自己的提交）").get(lang))
    try:
        merged = merge_shards(folders, lang)
    except ShardError as exc:
        raise GradeError(visible(exc.text.get(lang))) from None
    page_path = output or Path(os.path.abspath(MERGED)) / "class.html"
    if page_path.parent in folders or (page_path.parent / "summary.json").exists():
        # the shards' own pages, or the results of an earlier batch, stay as they are
        raise GradeError(tr("{path} holds the results of a batch: choose where the merged page goes with --output",
                            "{path} 中有一次批量评分的结果：请用 --output 选择合并后页面的位置",
                            path=shown(page_path.parent)).get(lang))
    csv_path = page_path.with_name("gradebook.csv")
    settings = merged.stored.settings
    inputs = load_inputs(list(merged.runs), choose_file(request.roster, settings.roster, ROSTER),
                         choose_file(request.overrides, settings.overrides, OVERRIDES), settings)  # or a CsvError
    def merged_page() -> Any:
        page_path.parent.mkdir(parents=True, exist_ok=True)
        return publish(page_path.parent, merged.runs, merged.statuses, inputs, merged.stored, page_path, lang,
                       (merged.pairs, merged.threshold), merged.ledger)

    record, lms_path = _written(merged_page, page_path, request, lang)
    console.echo(tr("merged {k} shards: {n} students", "已合并 {k} 个分片：{n} 名学生",
                    k=len(folders), n=len(merged.runs)).get(lang))
    _say_written(record, page_path, csv_path, lms_path, request, lang)
