"""``grade status`` and ``grade report``: the learner's standing, and the pages that show it.

What every grading run does afterwards (the history, then ``index.html`` beside it) is
the business of the run's listeners (``grader.listeners``); these commands read the
same history and write the same page, on request. Pages are written atomically (a new
file, then a rename): a reader, or a grader killed midway, never sees half a page.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grader.atomic import write_atomic
from grader.errors import GradeError
from grader.i18n import Text, detect_language, tr
from grader.listeners import render_learner_page, report_path, shown
from grader.reporters.visible import visible

if TYPE_CHECKING:
    from grader.progress import ProgressStore

def _store(workspace: Path, progress_path: Path | None) -> ProgressStore:
    from grader.progress import ProgressStore, default_path

    return ProgressStore(progress_path or default_path(workspace))


_WORKSPACE = click.option("--workspace", "-w", type=click.Path(path_type=Path), default=Path("exercises"),
                          show_default=True, help="Folder holding the lesson files.")
_PROGRESS = click.option("--progress", "progress_path", type=click.Path(path_type=Path), default=None,
                         help="Progress database (default: reports/progress.sqlite beside the workspace).")
_LANG = click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
                     help="Language (default: $GRADE_LANG or the locale).")


@click.command(name="status")
@_WORKSPACE
@_PROGRESS
@_LANG
def status(workspace: Path, progress_path: Path | None, lang: str | None) -> None:
    """Progress per lesson and what to do next.

    Every lesson: exercises passed, best score, last attempt, attempts so far, next step.
    """
    from grader.course import load_course
    from grader.history import standing
    from grader.progress import ProgressError
    from grader.reporters.status import render_status

    language = detect_language(lang)
    _need_workspace(workspace, language)
    store = _store(workspace, progress_path)
    try:
        history = store.history(str(workspace.resolve()))
    except ProgressError as exc:
        raise GradeError(exc.text.get(language)) from None
    page = report_path(store.path)
    click.echo(render_status(standing(load_course(), history), language,
                             shown(page) if page.exists() else ""))


@click.command(name="report")
@_WORKSPACE
@_PROGRESS
@_LANG
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the page (default: index.html beside the progress database; "
                   "with --class: DIR/class.html, and gradebook.csv beside it).")
@click.option("--class", "class_dir", type=click.Path(path_type=Path), default=None,
              help="A class folder: one workspace per student (DIR/<student>/), or batch results "
                   "(DIR/<student>.json). Writes the instructor's page and a CSV gradebook.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the randomised inputs (when grading a class).")
def report(workspace: Path, progress_path: Path | None, lang: str | None, output: Path | None,
           class_dir: Path | None, seed: int) -> None:
    """Write the HTML progress report (--class: a class's).

    The learner's page goes to index.html beside the progress history; with --class DIR,
    the instructor's page goes to DIR/class.html and the gradebook to DIR/gradebook.csv.
    """
    from grader.progress import ProgressError

    language = detect_language(lang)
    if class_dir is not None:  # anchored once, here: grading a workspace runs in other folders
        _class_report(Path(os.path.abspath(class_dir)), output and Path(os.path.abspath(output)), language, seed)
        return
    _need_workspace(workspace, language)
    store = _store(workspace, progress_path)
    target = output or report_path(store.path)
    started = time.perf_counter()
    try:
        page = render_learner_page(store, workspace, language)
    except ProgressError as exc:
        raise GradeError(exc.text.get(language)) from None
    _write_or_fail(target, page, language)
    click.echo(tr("Progress report: {path} ({seconds:.2f} s)", "进度报告：{path}（{seconds:.2f} 秒）",
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


def _class_report(folder: Path, output: Path | None, lang: str, seed: int) -> None:
    from grader import api
    from grader.classroom.standing import batch_statuses, class_standing, find_students, load_class
    from grader.course import load_course
    from grader.reporters.gradebook import render_csv
    from grader.reporters.html_report import render_class

    if not folder.is_dir():
        raise GradeError(tr("class folder {path} does not exist", "班级文件夹 {path} 不存在", path=folder).get(lang))
    if not find_students(folder):
        raise GradeError(tr("{path} holds no student workspaces (DIR/<student>/ with lesson files) and no "
                            "result files (DIR/<student>.json)",
                            "{path} 中既没有学生的工作区（包含课时文件的 DIR/<student>/），也没有结果文件"
                            "（DIR/<student>.json）", path=folder).get(lang))

    def grade(workspace: Path) -> Any:
        # Everything beside the student's own folder (the classmates) is covered in its sandbox.
        parts = workspace.relative_to(folder).parts if workspace.is_relative_to(folder) else ()
        own = folder / parts[0] if parts else None
        try:
            return api.grade(["all"], workspace, seed=seed, alone=own)
        except api.UsageError as exc:
            return Text(str(exc), str(exc))

    def progress(name: str, index: int, total: int) -> None:
        click.echo(tr("reading {name} ({i}/{n})", "正在读取 {name}（{i}/{n}）",
                      name=visible(name), i=index, n=total).get(lang), err=True)  # shown, not obeyed

    runs = load_class(folder, grade, progress)
    standing = class_standing(load_course(), runs, str(folder.resolve()))
    page_path = output or folder / "class.html"
    csv_path = page_path.with_name("gradebook.csv")
    _write_or_fail(csv_path, render_csv(standing, batch_statuses(folder)), lang)
    _write_or_fail(page_path, render_class(standing, lang, gradebook=csv_path.name), lang)
    click.echo(tr("Class report: {page}\nGradebook: {csv}", "班级报告：{page}\n成绩册：{csv}",
                  page=shown(page_path), csv=shown(csv_path)).get(lang))
