"""The classroom commands of ``grade``: ``ci init``, ``export student`` and ``batch``.

A thin shell over ``grader.classroom``: parse, call, print one line per file written,
exit. Registered in ``grader/cli/grading.py`` with ``main.add_command``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from grader.atomic import write_atomic
from grader.cli.help import ClickPageInEnglish, ClickPageInEnglishGroup, option
from grader.errors import EXIT_FAILED, EXIT_OK, GradeError
from grader.i18n import Text, detect_language, plain, tr
from grader.reporters.visible import visible

_PATH = click.Path(path_type=Path)


def _cannot_write(path: object, exc: OSError) -> Text:
    return tr("cannot write {path}: {why}", "无法写入 {path}：{why}", path=path, why=exc.strerror)


def _write_text(path: Path, text: str, force: bool) -> None:
    if path.exists() and not force:
        raise GradeError(tr("{path} exists; pass --force to replace it", "{path} 已存在；传入 --force 以替换它",
                            path=path))
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise GradeError(_cannot_write(path, exc)) from None
    click.echo(_wrote(path))


def _wrote(path: object) -> str:
    """``wrote PATH``, in the instructor's language."""
    return tr("wrote {path}", "已写入 {path}", path=path).get(detect_language(None))


@click.group(name="ci", cls=ClickPageInEnglishGroup, zh="在 CI 中设置评分：GitHub Classroom、GitLab 或 Gradescope。")
def ci_group() -> None:
    """Set up grading in CI: GitHub Classroom, GitLab or Gradescope."""


@ci_group.group(name="init", cls=ClickPageInEnglishGroup, zh="为一个平台写入 CI 配置。")
def ci_init() -> None:
    """Write the CI configuration for one platform."""


@ci_init.command(name="github", cls=ClickPageInEnglish,
                  zh="""一个 GitHub Actions 工作流：每次推送都评分，并把结果报告给 GitHub Classroom。

    工作流从 GRADE_REFERENCES 密钥读取隐藏的参考答案（见
    `grade export student --reference-secret`），如果仓库中有 solutions/，也可以从那里读取。
    """)
@option("--dir", "folder", type=_PATH, default=Path("."), show_default=True,
        help="The repository to add .github/workflows/classroom.yml to.",
        zh="要加入 .github/workflows/classroom.yml 的仓库。")
@option("--force", is_flag=True, help="Replace an existing workflow.",
        zh="替换已有的工作流。")
@option("--grader", "grader_spec", default=None, metavar="SPEC",
        help="The pinned grader the CI installs: a version on the package index (default: "
             "this grader's), or a wheel URL with its hash (URL#sha256=HEX).",
        zh="CI 安装的固定版本的评分器：软件包索引上的一个版本（默认：本评分器的版本），"
           "或带哈希值的 wheel 地址（URL#sha256=HEX）。")
@option("--visibility", type=click.Choice(["visible", "held"]), default="visible", show_default=True,
        help="What the workflow shows (held: each exercise's visible check only, no points; the "
             "rest wait for the instructor's grading).",
        zh="工作流显示的内容（held：每个练习只显示可见的检查，不计分；其余检查等教师评分时公布）。")
def ci_init_github(folder: Path, force: bool, grader_spec: str | None, visibility: str) -> None:
    """A GitHub Actions workflow that grades every push and reports to GitHub Classroom.

    It installs the pinned grader (--grader) outside the checkout and reads the hidden
    references from the GRADE_REFERENCES secret (see `grade export student
    --reference-secret`); nothing in the repository takes part in grading.
    """
    from grader.classroom import ci, export

    workflow = ci.github_workflow(grader=grader_spec, visibility=visibility)  # or a SetupError, shown at the front door
    _write_text(folder / export.CI_FILES["github"], workflow, force)


@ci_init.command(name="gitlab", cls=ClickPageInEnglish,
                  zh="一个 GitLab CI 任务：每次推送都评分，并发布 JUnit 测试报告。")
@option("--dir", "folder", type=_PATH, default=Path("."), show_default=True,
        help="The repository to add .gitlab-ci.yml to.",
        zh="要加入 .gitlab-ci.yml 的仓库。")
@option("--min-score", default="100%", show_default=True,
        help="The score (points or N%) that makes the pipeline pass.",
        zh="使流水线通过所需的得分（分数或 N%）。")
@option("--force", is_flag=True, help="Replace an existing .gitlab-ci.yml.",
        zh="替换已有的 .gitlab-ci.yml。")
@option("--grader", "grader_spec", default=None, metavar="SPEC",
        help="The pinned grader the CI installs: a version on the package index (default: "
             "this grader's), or a wheel URL with its hash (URL#sha256=HEX).",
        zh="CI 安装的固定版本的评分器：软件包索引上的一个版本（默认：本评分器的版本），"
           "或带哈希值的 wheel 地址（URL#sha256=HEX）。")
def ci_init_gitlab(folder: Path, min_score: str, force: bool, grader_spec: str | None) -> None:
    """A GitLab CI job that grades every push and publishes the JUnit test report."""
    from grader.classroom import ci, export
    from grader.classroom.outputs import Gate

    Gate.parse(min_score)  # a GateError or a SetupError is shown at the front door
    config = ci.gitlab_ci(min_score=min_score, grader=grader_spec)
    _write_text(folder / export.CI_FILES["gitlab"], config, force)


@ci_init.command(name="gradescope", cls=ClickPageInEnglish,
                  zh="""一个 Gradescope 自动评分压缩包（setup.sh、run_autograder、评分器、参考答案）。

    参考答案只存在于这个压缩包中：把它上传到 Gradescope，绝不要发给学生。
    """)
@option("--output", "-o", type=_PATH, default=Path("autograder.zip"), show_default=True,
        help="Where to write the autograder zip.",
        zh="自动评分压缩包的写入位置。")
@option("--visibility", type=click.Choice(["visible", "after_due_date", "after_published", "hidden", "held"]),
        default="visible", show_default=True,
        help="When students see each exercise's result on Gradescope (held: one check per exercise at "
             "once, the rest and the score after the due date).",
        zh="学生何时能在 Gradescope 上看到每个练习的结果（held：每个练习的一项检查立即可见，其余检查和分数在"
           "截止日期之后显示）。")
@option("--seed", type=int, default=None,
        help="A private number mixed into every submission's hidden inputs (GRADE_SECRET); "
             "default: derived from the references, which only the bundle carries.",
        zh="混入每份提交的隐藏输入的不公开数字（GRADE_SECRET）；默认：由参考答案生成，只有该压缩包带有参考答案。")
@option("--source", type=_PATH, default=None,
        help="The course project folder (default: the one this grader runs from).",
        zh="课程项目文件夹（默认：运行本评分器的项目）。")
def ci_init_gradescope(output: Path, visibility: str, seed: int | None, source: Path | None) -> None:
    """A Gradescope autograder zip (setup.sh, run_autograder, the grader, the references).

    The references travel only inside this zip: upload it to Gradescope, never to students.
    """
    from grader.classroom import ci

    project = ci.project_root(source)  # a SetupError is shown at the front door
    entries = ci.gradescope_entries(project, visibility, seed)
    try:
        ci.write_zip(entries, output)
    except OSError as exc:
        raise GradeError(_cannot_write(output, exc)) from None
    references = sum(1 for e in entries if e.name.startswith("references/"))
    click.echo(tr("wrote {output} ({n} files, {references} references): upload it as the "
                  "assignment's autograder; keep it away from students",
                  "已写入 {output}（{n} 个文件，{references} 份参考答案）：把它上传为作业的自动评分程序；"
                  "不要让学生拿到它", output=output, n=len(entries),
                  references=references).get(detect_language(None)))


@click.group(name="export", cls=ClickPageInEnglishGroup, zh="生成要分发的材料。")
def export_group() -> None:
    """Write material to hand out."""


@export_group.command(name="student", cls=ClickPageInEnglish,
                      zh="学生的起始仓库：练习、课文和 CI 文件（它安装固定版本的评分器，见 --grader）；"
                         "不含评分器代码，也不含参考答案。")
@click.argument("folder", type=_PATH)
@option("--ci", "ci_kind", type=click.Choice(["github", "gitlab", "none"]), default="github",
        show_default=True, help="The CI file to include.",
        zh="要包含的 CI 文件。")
@option("--reference-secret", type=_PATH, default=None,
        help="Also write the GRADE_REFERENCES secret for the CI to this file (outside FOLDER).",
        zh="同时把供 CI 使用的 GRADE_REFERENCES 密钥写入这个文件（在 FOLDER 之外）。")
@option("--source", type=_PATH, default=None,
        help="The course project folder (default: the one this grader runs from).",
        zh="课程项目文件夹（默认：运行本评分器的项目）。")
@option("--notebooks", is_flag=True,
        help="Ship the lessons as Jupyter notebooks (exercises/*.ipynb) instead of .py stubs.",
        zh="以 Jupyter 笔记本（exercises/*.ipynb）代替 .py 练习文件分发各课时。")
@option("--grader", "grader_spec", default=None, metavar="SPEC",
        help="The pinned grader the CI installs: a version on the package index (default: "
             "this grader's), or a wheel URL with its hash (URL#sha256=HEX).",
        zh="CI 安装的固定版本的评分器：软件包索引上的一个版本（默认：本评分器的版本），"
           "或带哈希值的 wheel 地址（URL#sha256=HEX）。")
@option("--visibility", type=click.Choice(["visible", "held"]), default="visible", show_default=True,
        help="What the workflow shows (held: each exercise's visible check only, no points; the "
             "rest wait for the instructor's grading).",
        zh="工作流显示的内容（held：每个练习只显示可见的检查，不计分；其余检查等教师评分时公布）。")
def export_student(folder: Path, ci_kind: str, reference_secret: Path | None, source: Path | None,
                   notebooks: bool, grader_spec: str | None, visibility: str) -> None:
    """The student starter repository: stubs, lesson texts and the CI file, which installs
    the pinned grader (--grader); no grader code and no reference solutions."""
    from grader.classroom import ci, export

    try:  # a SetupError is shown at the front door
        project = ci.project_root(source)
        files = export.export_student(project, folder, ci_kind, reference_secret, notebooks, grader_spec,
                                      visibility)
    except OSError as exc:
        raise GradeError(_cannot_write(exc.filename or folder, exc)) from None
    lang = detect_language(None)
    click.echo(tr("wrote {n} files to {folder} (no reference solutions)",
                  "已向 {folder} 写入 {n} 个文件（不含参考答案）", n=len(files), folder=folder).get(lang))
    if reference_secret is not None:
        size = reference_secret.stat().st_size
        click.echo(tr("wrote {path} ({size} bytes): store it as the GRADE_REFERENCES secret, "
                      "e.g. gh secret set GRADE_REFERENCES < {path}",
                      "已写入 {path}（{size} 字节）：把它保存为 GRADE_REFERENCES 密钥，"
                      "例如 gh secret set GRADE_REFERENCES < {path}", path=reference_secret, size=size).get(lang))
        if size > ci.GITHUB_SECRET_LIMIT:
            click.echo(tr("note: GitHub secrets hold at most {limit} bytes", "注意：GitHub 密钥最多容纳 {limit} 字节",
                          limit=ci.GITHUB_SECRET_LIMIT).get(lang), err=True)




def _progress_bar(width: int = 28) -> Any:
    import sys

    def show(event: Any) -> None:
        filled = int(width * event.done / max(event.total, 1))
        rate = 60.0 * event.done / event.elapsed if event.elapsed > 0 else 0.0
        line = (f"\r[{'#' * filled}{'.' * (width - filled)}] {event.done}/{event.total}  "
                f"{rate:5.1f}/min  {visible(event.student)[:24]:<24} {event.status:<9}")
        sys.stderr.write(line)
        if event.done == event.total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


@click.command(name="batch", cls=ClickPageInEnglish, zh="""并行地为 SUBMISSIONS 中的每个提交文件夹（每个学生一个）评分。

    再次运行时，课时文件（和评分器）没有变化的提交会被跳过，并逐个学生说明
    自上次运行以来有什么变化以及原因。
    所有提交都评分完成时退出码为 0，评分器未能完成某些提交时为 1。
    """)
@click.argument("submissions", type=click.Path(path_type=Path, exists=True, file_okay=False))
@option("--jobs", "-j", type=int, default=1, show_default=True,
        help="Submissions graded at the same time, each in its own process.",
        zh="同时评分的提交数，每个提交在自己的进程中。")
@option("--out", "-o", type=_PATH, default=Path("grades"), show_default=True,
        help="Folder for <student>.json, gradebook.csv and summary.json.",
        zh="存放 <student>.json、gradebook.csv 和 summary.json 的文件夹。")
@option("--lesson", "lessons", multiple=True, help="Grade only this lesson (repeatable; default all).",
        zh="只为这个课时评分（可重复；默认全部）。")
@option("--seed", type=int, default=None,
        help="Seed of the hidden inputs (default: drawn from each submission's files and "
             "GRADE_SECRET).",
        zh="隐藏输入的种子（默认：由每份提交的文件和 GRADE_SECRET 生成）。")
@option("--timeout-scale", type=float, default=1.0, show_default=True,
        help="Multiply every exercise's time limit (from the registry) by this.",
        zh="把每个练习的时间限制（来自课程注册表）乘以这个倍数。")
@option("--roster", type=_PATH, default=None,
        help="The class roster (default: roster.csv here, if there is one).",
        zh="班级名单（默认：当前文件夹中的 roster.csv，如果有的话）。")
@option("--overrides", type=_PATH, default=None,
        help="Manual overrides (default: overrides.csv here, if there is one).",
        zh="人工调整的分数（默认：当前文件夹中的 overrides.csv，如果有的话）。")
@option("--due", default=None, help="The due date, e.g. 2026-12-01T23:59 ('none' to drop it).",
        zh="截止时间，例如 2026-12-01T23:59（用 'none' 取消）。")
@option("--late-penalty", default=None, help="Share of the score lost per started day late, e.g. 10%.",
        zh="每迟交一天（不足一天按一天计）扣除的分数比例，例如 10%。")
@option("--late-cap", default=None, help="The most a late submission loses, e.g. 50% (default 100%).",
        zh="迟交最多扣除的比例，例如 50%（默认 100%）。")
@option("--keep", type=click.Choice(["latest", "best"]), default=None,
        help="Which score counts when a student is graded again (default: latest).",
        zh="学生被再次评分时以哪个分数为准（默认：最新的 latest；最高的 best）。")
@option("--regrade", is_flag=True, help="Grade every submission again, changed or not.",
        zh="重新为每个提交评分，无论是否有变化。")
@option("--similarity/--no-similarity", default=None,
        help="Compare submissions exercise by exercise (default: when copydetect is installed).",
        zh="逐个练习比较提交之间的相似度（默认：安装了 copydetect 时进行）。")
@option("--similarity-threshold", type=click.FloatRange(0.0, 1.0), default=0.8, show_default=True,
        help="List pairs at least this alike (0..1).",
        zh="列出相似度不低于此值的提交对（0..1）。")
@option("--shard", "shard_text", default=None, metavar="K/N",
        help="Grade only shard K of N (by a hash of each student's name), to grade a class on N "
             "machines; merge with grade report --class FOLDER-1 ... --class FOLDER-N.",
        zh="只为 N 个分片中的第 K 个评分（按每个学生姓名的哈希划分），用于在 N 台机器上为一个班级评分；"
           "之后用 grade report --class FOLDER-1 ... --class FOLDER-N 合并。")
@option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
        help="Where submissions are graded: --jobs processes here, or a Dask cluster (--scheduler; "
             "needs dl-math-grader[cluster]).",
        zh="在哪里为提交评分：本机的 --jobs 个进程，或 Dask 集群（--scheduler；需要 dl-math-grader[cluster]）。")
@option("--scheduler", default=None, metavar="ADDRESS",
        help="The Dask scheduler for --executor dask: its address (tcp://10.0.0.5:8786), or the "
             "file dask scheduler --scheduler-file wrote (scheduler.json).",
        zh="--executor dask 使用的 Dask 调度器：它的地址（tcp://10.0.0.5:8786），"
           "或 dask scheduler --scheduler-file 写出的文件（scheduler.json）。")
def batch_command(submissions: Path, jobs: int, out: Path, lessons: tuple[str, ...], seed: int | None,
                  timeout_scale: float, roster: Path | None, overrides: Path | None, due: str | None,
                  late_penalty: str | None, late_cap: str | None, keep: str | None, regrade: bool,
                  similarity: bool | None, similarity_threshold: float, shard_text: str | None,
                  executor: str, scheduler: str | None) -> None:
    """Grade every submission folder (one per student) of SUBMISSIONS, in parallel.

    Re-running skips submissions whose lesson files (and grader) have not changed, and
    says per student what changed since the last run and why.
    Exits 0 when every submission was graded, 1 when the grader could not finish some.
    """
    import os
    import sys

    from grader.classroom import similarity as sim
    from grader.classroom.batch import BatchOptions, find_submissions, grade_batch
    from grader.classroom.instructor import OVERRIDES, ROSTER, after_batch, choose_file, load_inputs, stored_of
    from grader.classroom.shards import parse_shard
    from grader.listeners import shown
    from grader.sandbox.choice import confinement_here

    if sys.platform == "win32":  # its processes are driven through pipes, which Windows cannot select
        raise GradeError(tr("grade batch runs on Linux or macOS; on Windows, run it in WSL 2 "
                            "(where submissions are also confined: see docs/security.md)",
                            "grade batch 在 Linux 或 macOS 上运行；在 Windows 上请在 WSL 2 中运行"
                            "（在那里提交同样受到隔离：见 docs/security.md）"))
    shard = None if shard_text is None else parse_shard(shard_text)  # or a ShardError, shown at the front door
    _check_executor(executor, scheduler)
    # Anchored here, once: the grading processes work in another folder.
    submissions, out = Path(os.path.abspath(submissions)), Path(os.path.abspath(out))
    stored = stored_of(out)
    settings = _settings(stored.settings, due, late_penalty, late_cap, keep)
    if similarity and not sim.available():
        raise GradeError(sim.needs_copydetect())
    # a BatchError, or a CsvError naming the row, is shown at the front door
    students = [s.student for s in find_submissions(submissions, exclude=[out])]
    inputs = load_inputs(students, choose_file(roster, stored.settings.roster, ROSTER),
                         choose_file(overrides, stored.settings.overrides, OVERRIDES), settings)
    if confinement_here() == "plain":
        click.echo(tr("grade: warning: learner code runs without confinement here (no namespaces, no Landlock): "
                      "submissions can read the references, reach the network and write outside their "
                      "scratch folders (see docs/security.md)",
                      "grade: 警告：学生的代码在这里运行时没有隔离（没有命名空间，也没有 Landlock）："
                      "提交可以读取参考答案、访问网络，并在其临时文件夹之外写入（见 docs/security.md）"
                      ).get(detect_language(None)), err=True)
    options = BatchOptions(jobs=jobs, seed=seed, timeout_scale=timeout_scale, lessons=lessons or ("all",),
                           regrade=regrade, shard=shard)
    progress = _progress_bar() if sys.stderr.isatty() else None
    # Before anything is fingerprinted or graded: a cluster that cannot grade stops the batch here.
    cluster = None if executor == "local" else _cluster(scheduler or "")
    try:  # a BatchError (a ClusterError too) is shown at the front door
        batch = grade_batch(submissions, out, options, progress, executor=cluster)
    finally:
        if cluster is not None:
            cluster.close()
    try:
        after = after_batch(batch, submissions, out, inputs, similarity, similarity_threshold)
    except OSError as exc:
        raise GradeError(_cannot_write(exc.filename or out, exc)) from None
    unchanged = len(batch.students) - batch.graded
    problems = [s for s in batch.students if s.status in ("timeout", "crashed", "unreadable")]
    if shard is not None:
        click.echo(tr("shard {shard}: {n} of the class's {total} submissions",
                      "分片 {shard}：全班 {total} 份提交中的 {n} 份", shard=shard, n=len(batch.students),
                      total=len(students)).get(detect_language(None)))
    lang = detect_language(None)
    where = (plain(f"--jobs {jobs}") if cluster is None
             else tr("--executor dask, {n} worker" + ("" if cluster.workers == 1 else "s"),
                     "--executor dask，{n} 个工作进程", n=cluster.workers))
    click.echo(tr("{n} submissions: {graded} graded, {unchanged} unchanged, in {seconds:.1f} s "
                  "({rate:.1f} graded/min, {where})",
                  "{n} 份提交：{graded} 份已评分，{unchanged} 份未变，用时 {seconds:.1f} 秒"
                  "（每分钟评分 {rate:.1f} 份，{where}）",
                  n=len(batch.students), graded=batch.graded, unchanged=unchanged, seconds=batch.elapsed,
                  rate=batch.per_minute(), where=where).get(lang))
    for student in problems:
        # a folder's name and a crash's note come from the student: shown, never obeyed
        status = _STATUS_ZH.get(student.status, student.status) if lang == "zh" else student.status
        click.echo(visible(tr("  {student}: {status}: {note}", "  {student}：{status}：{note}",
                              student=student.student, status=status, note=student.note).get(lang)))
    for student in batch.students:
        if student.note and student not in problems:  # graded, but not as handed in (a link out)
            click.echo(visible(f"  {student.student}: {student.note}"))
    if batch.not_folders:
        click.echo(visible(tr("not graded, not a folder: {names}", "未评分，不是文件夹：{names}",
                              names=", ".join(batch.not_folders)).get(lang)))
    _report_decisions(after, inputs, lang)
    click.echo(tr("gradebook: {csv}; per student: {out}/<student>.json; summary: {summary}",
                  "成绩册：{csv}；每个学生：{out}/<student>.json；汇总：{summary}",
                  csv=shown(out / "gradebook.csv"), out=shown(out), summary=shown(out / "summary.json")).get(lang))
    click.echo(tr("class report: {page}", "班级报告：{page}", page=shown(out / "class.html")).get(lang))
    click.get_current_context().exit(EXIT_FAILED if problems else EXIT_OK)


# The statuses of a submission the grader could not finish, as the Chinese terminal says them.
_STATUS_ZH = {"timeout": "超时", "crashed": "崩溃", "unreadable": "无法读取"}


def _check_executor(executor: str, scheduler: str | None) -> None:
    if executor == "local" and scheduler is not None:
        raise GradeError(tr("--scheduler is for --executor dask", "--scheduler 仅用于 --executor dask"))
    if executor == "dask" and not scheduler:
        raise GradeError(tr("--executor dask needs --scheduler ADDRESS, the Dask scheduler's address "
                            "(e.g. tcp://10.0.0.5:8786)",
                            "--executor dask 需要 --scheduler ADDRESS，即 Dask 调度器的地址"
                            "（例如 tcp://10.0.0.5:8786）"))


def _cluster(scheduler: str) -> Any:
    """The Dask executor for ``--executor dask``, connected to its scheduler (or a ClusterError)."""
    from grader.classroom.dask_executor import DaskExecutor

    return DaskExecutor(scheduler)


def _settings(stored: Any, due: str | None, late_penalty: str | None, late_cap: str | None,
              keep: str | None) -> Any:
    """The options given, else what the last batch into the same folder used."""
    from grader.classroom.deadlines import parse_due, parse_share
    from grader.classroom.record import Settings

    # a DeadlineError is shown at the front door
    when = stored.due if due is None else (None if due.strip().lower() == "none" else parse_due(due))
    per_day = stored.per_day if late_penalty is None else parse_share(late_penalty, "--late-penalty")
    cap = stored.cap if late_cap is None else parse_share(late_cap, "--late-cap")
    if when is None and (late_penalty is not None or late_cap is not None):
        raise GradeError(tr("--late-penalty and --late-cap need --due", "--late-penalty 和 --late-cap 需要 --due"))
    return Settings(stored.roster, stored.overrides, when, per_day, cap, keep or stored.keep)


_SHOWN_PAIRS = 30


def _report_decisions(after: Any, inputs: Any, lang: str = "en") -> None:
    """The roster's mismatches, the overrides applied, the changes since the last batch, and the
    similar pairs: what the instructor acts on, in the terminal as on the class page."""
    from grader.classroom.deadlines import iso

    record = after.record
    if inputs.settings.roster:
        click.echo(tr("roster: {n} students", "名单：{n} 名学生", n=len(inputs.people)).get(lang))
    if record.roster_check is not None:
        for line in record.roster_check.lines(lang):
            click.echo(visible(line))
    for override in record.applied:
        click.echo(visible(tr("override: {student} {line}", "人工调整：{student} {line}",
                              student=override.student, line=override.line(lang)).get(lang)))
    if inputs.settings.due is not None:
        late = [r for r in record.students if r.days_late]
        click.echo(tr("due {due}: {n} late", "截止时间 {due}：{n} 份迟交", due=iso(inputs.settings.due),
                      n=len(late)).get(lang))
    from grader.classroom.record import moved as worth

    moved = [c for c in after.changes if worth(c)]
    if any(c.before is not None for c in after.changes):
        again = sum(1 for c in after.changes if c.reasons and not worth(c))
        click.echo((tr("changes since the last batch: {n}", "自上次批量评分以来的变化：{n}", n=len(moved))
                    + (tr(" ({again} regraded with the same score)", "（{again} 份重新评分，分数不变）", again=again)
                       if again else tr("", ""))).get(lang))
        for change in moved:
            click.echo(visible(f"  {change.line(lang)}"))
    if after.similarity.en:
        click.echo(after.similarity.get(lang))
        for pair in after.pairs[:_SHOWN_PAIRS]:
            click.echo(visible(f"  {pair.line(lang)}"))
        if len(after.pairs) > _SHOWN_PAIRS:
            click.echo(tr("  ... {n} more on the class page", "  …… 另有 {n} 对见班级页面",
                          n=len(after.pairs) - _SHOWN_PAIRS).get(lang))
