"""``grade status`` and ``grade report``, and what every grading run does afterwards.

After a run, the grading commands call ``record_and_report``: the run goes into the
progress history, then ``index.html`` beside the history file is rewritten (unless
``--no-report``). A history that cannot be written (a read-only folder, a busy file)
gives one warning line and the results still stand; a file that is not a history is
an error (exit 2) and is left untouched. Pages are written atomically (a new file,
then a rename): a reader, or a grader killed midway, never sees half a page.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grader.i18n import Text, detect_language, tr

if TYPE_CHECKING:
    from grader.model import RunResult
    from grader.progress import ProgressStore, Snapshot

EXIT_USAGE = 2
REPORT_NAME = "index.html"


def _fail(message: str) -> None:
    click.echo(f"grade: error: {message}", err=True)
    raise SystemExit(EXIT_USAGE)


def _warn(message: str) -> None:
    click.echo(f"grade: warning: {message}", err=True)


def report_path(progress: Path) -> Path:
    """The learner's page lives beside the progress history: ``reports/index.html``."""
    return progress.parent / REPORT_NAME


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _store(workspace: Path, progress_path: Path | None) -> ProgressStore:
    from grader.progress import ProgressStore, default_path

    return ProgressStore(progress_path or default_path(workspace))


def render_learner_page(store: ProgressStore, workspace: Path, lang: str) -> str:
    """The learner's page from the history (raises ProgressError if it cannot be read)."""
    from grader.course import load_course
    from grader.history import standing
    from grader.reporters.html_report import render_learner

    history = store.history(str(workspace.resolve()))
    return render_learner(standing(load_course(), history), lang)


def record_and_report(run: RunResult, workspace: Path, store: ProgressStore, lang: str,
                      fmt: str, no_report: bool, snapshot: Snapshot | None = None) -> None:
    """Add ``run`` to the history, then rewrite the learner's page; warn when that cannot be done.

    With a ``snapshot`` taken before grading, a history that learner code damaged is first
    restored from it (one warning line says so).
    """
    from grader.progress import ProgressError, ProgressUnavailable

    try:
        note = store.record(run, snapshot=snapshot)
        if note is not None:
            _warn(note.get(lang))
    except ProgressUnavailable as exc:
        _warn(exc.text.get(lang) + tr("; this run was not recorded.", "；本次评分未被记录。").get(lang))
        return
    except ProgressError as exc:
        _fail(exc.text.get(lang))
        return
    if no_report:
        return
    target = report_path(store.path)
    try:
        write_atomic(target, render_learner_page(store, workspace, lang))
    except Exception as exc:  # the run is graded and recorded: a page that fails is only a warning
        if isinstance(exc, ProgressError):
            reason = exc.text.get(lang)
        elif isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        else:
            reason = f"{type(exc).__name__}: {exc}"
        _warn(tr("cannot write the progress report {path} ({why}); the run was recorded.",
                 "无法写入进度报告 {path}（{why}）；本次评分已记录。", path=shown(target), why=reason).get(lang))
        return
    if fmt == "text":
        click.echo(tr("Progress report: {path}", "进度报告：{path}", path=shown(target)).get(lang))


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
        _fail(exc.text.get(language))
        return
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
        _fail(exc.text.get(language))
        return
    _write_or_fail(target, page, language)
    click.echo(tr("Progress report: {path} ({seconds:.2f} s)", "进度报告：{path}（{seconds:.2f} 秒）",
                  path=shown(target), seconds=time.perf_counter() - started).get(language))


def _need_workspace(workspace: Path, lang: str) -> None:
    if not workspace.is_dir():
        _fail(tr("workspace {path} does not exist", "工作区 {path} 不存在", path=workspace).get(lang))


def _write_or_fail(target: Path, text: str, lang: str) -> None:
    try:
        write_atomic(target, text)
    except OSError as exc:
        _fail(tr("cannot write {path} ({why}); choose another place with --output",
                 "无法写入 {path}（{why}）；请用 --output 选择其他位置",
                 path=target, why=exc.strerror or str(exc)).get(lang))


def _class_report(folder: Path, output: Path | None, lang: str, seed: int) -> None:
    from grader import api
    from grader.classroom.standing import batch_statuses, class_standing, find_students, load_class
    from grader.course import load_course
    from grader.reporters.gradebook import render_csv
    from grader.reporters.html_report import render_class

    if not folder.is_dir():
        _fail(tr("class folder {path} does not exist", "班级文件夹 {path} 不存在", path=folder).get(lang))
    if not find_students(folder):
        _fail(tr("{path} holds no student workspaces (DIR/<student>/ with lesson files) and no "
                 "result files (DIR/<student>.json)",
                 "{path} 中既没有学生的工作区（包含课时文件的 DIR/<student>/），也没有结果文件"
                 "（DIR/<student>.json）", path=folder).get(lang))

    def grade(workspace: Path) -> Any:
        try:
            return api.grade(["all"], workspace, seed=seed)
        except api.UsageError as exc:
            return Text(str(exc), str(exc))

    def progress(name: str, index: int, total: int) -> None:
        click.echo(tr("reading {name} ({i}/{n})", "正在读取 {name}（{i}/{n}）",
                      name=name, i=index, n=total).get(lang), err=True)

    runs = load_class(folder, grade, progress)
    standing = class_standing(load_course(), runs, str(folder.resolve()))
    page_path = output or folder / "class.html"
    csv_path = page_path.with_name("gradebook.csv")
    _write_or_fail(csv_path, render_csv(standing, batch_statuses(folder)), lang)
    _write_or_fail(page_path, render_class(standing, lang, gradebook=csv_path.name), lang)
    click.echo(tr("Class report: {page}\nGradebook: {csv}", "班级报告：{page}\n成绩册：{csv}",
                  page=shown(page_path), csv=shown(csv_path)).get(lang))
