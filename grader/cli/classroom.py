"""The classroom commands of ``grade``: ``ci init``, ``export student`` and ``batch``.

A thin shell over ``grader.classroom``: parse, call, print one line per file written,
exit. Registered in ``grader/cli/grading.py`` with ``main.add_command``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from grader.atomic import write_atomic
from grader.errors import EXIT_FAILED, EXIT_OK, GradeError
from grader.reporters.visible import visible

_PATH = click.Path(path_type=Path)


def _write_text(path: Path, text: str, force: bool) -> None:
    if path.exists() and not force:
        raise GradeError(f"{path} exists; pass --force to replace it")
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise GradeError(f"cannot write {path}: {exc.strerror}") from None
    click.echo(f"wrote {path}")


@click.group(name="ci")
def ci_group() -> None:
    """Set up grading in CI: GitHub Classroom, GitLab or Gradescope."""


@ci_group.group(name="init")
def ci_init() -> None:
    """Write the CI configuration for one platform."""


@ci_init.command(name="github")
@click.option("--dir", "folder", type=_PATH, default=Path("."), show_default=True,
              help="The repository to add .github/workflows/classroom.yml to.")
@click.option("--force", is_flag=True, help="Replace an existing workflow.")
@click.option("--grader", "grader_spec", default=None, metavar="SPEC",
              help="The pinned grader the CI installs: a version on the package index (default: "
                   "this grader's), or a wheel URL with its hash (URL#sha256=HEX).")
@click.option("--visibility", type=click.Choice(["visible", "held"]), default="visible", show_default=True,
              help="What the workflow shows (held: each exercise's visible check only, no points; the "
                   "rest wait for the instructor's grading).")
def ci_init_github(folder: Path, force: bool, grader_spec: str | None, visibility: str) -> None:
    """A GitHub Actions workflow that grades every push and reports to GitHub Classroom.

    It installs the pinned grader (--grader) outside the checkout and reads the hidden
    references from the GRADE_REFERENCES secret (see `grade export student
    --reference-secret`); nothing in the repository takes part in grading.
    """
    from grader.classroom import ci, export

    try:
        workflow = ci.github_workflow(grader=grader_spec, visibility=visibility)
    except ci.SetupError as exc:
        raise GradeError(str(exc)) from None
    _write_text(folder / export.CI_FILES["github"], workflow, force)


@ci_init.command(name="gitlab")
@click.option("--dir", "folder", type=_PATH, default=Path("."), show_default=True,
              help="The repository to add .gitlab-ci.yml to.")
@click.option("--min-score", default="100%", show_default=True,
              help="The score (points or N%) that makes the pipeline pass.")
@click.option("--force", is_flag=True, help="Replace an existing .gitlab-ci.yml.")
@click.option("--grader", "grader_spec", default=None, metavar="SPEC",
              help="The pinned grader the CI installs: a version on the package index (default: "
                   "this grader's), or a wheel URL with its hash (URL#sha256=HEX).")
def ci_init_gitlab(folder: Path, min_score: str, force: bool, grader_spec: str | None) -> None:
    """A GitLab CI job that grades every push and publishes the JUnit test report."""
    from grader.classroom import ci, export
    from grader.classroom.outputs import Gate, GateError

    try:
        Gate.parse(min_score)
        config = ci.gitlab_ci(min_score=min_score, grader=grader_spec)
    except (GateError, ci.SetupError) as exc:
        raise GradeError(str(exc)) from None
    _write_text(folder / export.CI_FILES["gitlab"], config, force)


@ci_init.command(name="gradescope")
@click.option("--output", "-o", type=_PATH, default=Path("autograder.zip"), show_default=True,
              help="Where to write the autograder zip.")
@click.option("--visibility", type=click.Choice(["visible", "after_due_date", "after_published", "hidden", "held"]),
              default="visible", show_default=True,
              help="When students see each exercise's result on Gradescope (held: one check per exercise at "
                   "once, the rest and the score after the due date).")
@click.option("--seed", type=int, default=None,
              help="A private number mixed into every submission's hidden inputs (GRADE_SECRET); "
                   "default: derived from the references, which only the bundle carries.")
@click.option("--source", type=_PATH, default=None,
              help="The course project folder (default: the one this grader runs from).")
def ci_init_gradescope(output: Path, visibility: str, seed: int | None, source: Path | None) -> None:
    """A Gradescope autograder zip (setup.sh, run_autograder, the grader, the references).

    The references travel only inside this zip: upload it to Gradescope, never to students.
    """
    from grader.classroom import ci

    try:
        project = ci.project_root(source)
        entries = ci.gradescope_entries(project, visibility, seed)
    except ci.SetupError as exc:
        raise GradeError(str(exc)) from None
    try:
        ci.write_zip(entries, output)
    except OSError as exc:
        raise GradeError(f"cannot write {output}: {exc.strerror}") from None
    references = sum(1 for e in entries if e.name.startswith("references/"))
    click.echo(f"wrote {output} ({len(entries)} files, {references} references): upload it as the "
               "assignment's autograder; keep it away from students")


@click.group(name="export")
def export_group() -> None:
    """Write material to hand out."""


@export_group.command(name="student")
@click.argument("folder", type=_PATH)
@click.option("--ci", "ci_kind", type=click.Choice(["github", "gitlab", "none"]), default="github",
              show_default=True, help="The CI file to include.")
@click.option("--reference-secret", type=_PATH, default=None,
              help="Also write the GRADE_REFERENCES secret for the CI to this file (outside FOLDER).")
@click.option("--source", type=_PATH, default=None,
              help="The course project folder (default: the one this grader runs from).")
@click.option("--notebooks", is_flag=True,
              help="Ship the lessons as Jupyter notebooks (exercises/*.ipynb) instead of .py stubs.")
@click.option("--grader", "grader_spec", default=None, metavar="SPEC",
              help="The pinned grader the CI installs: a version on the package index (default: "
                   "this grader's), or a wheel URL with its hash (URL#sha256=HEX).")
@click.option("--visibility", type=click.Choice(["visible", "held"]), default="visible", show_default=True,
              help="What the workflow shows (held: each exercise's visible check only, no points; the "
                   "rest wait for the instructor's grading).")
def export_student(folder: Path, ci_kind: str, reference_secret: Path | None, source: Path | None,
                   notebooks: bool, grader_spec: str | None, visibility: str) -> None:
    """The student starter repository: stubs, lesson texts and the CI file, which installs
    the pinned grader (--grader); no grader code and no reference solutions."""
    from grader.classroom import ci, export

    try:
        project = ci.project_root(source)
        files = export.export_student(project, folder, ci_kind, reference_secret, notebooks, grader_spec,
                                      visibility)
    except ci.SetupError as exc:
        raise GradeError(str(exc)) from None
    except OSError as exc:
        raise GradeError(f"cannot write {exc.filename or folder}: {exc.strerror}") from None
    click.echo(f"wrote {len(files)} files to {folder} (no reference solutions)")
    if reference_secret is not None:
        size = reference_secret.stat().st_size
        click.echo(f"wrote {reference_secret} ({size} bytes): store it as the GRADE_REFERENCES secret, "
                   "e.g. gh secret set GRADE_REFERENCES < " + str(reference_secret))
        if size > ci.GITHUB_SECRET_LIMIT:
            click.echo(f"note: GitHub secrets hold at most {ci.GITHUB_SECRET_LIMIT} bytes", err=True)




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


@click.command(name="batch")
@click.argument("submissions", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--jobs", "-j", type=int, default=1, show_default=True,
              help="Submissions graded at the same time, each in its own process.")
@click.option("--out", "-o", type=_PATH, default=Path("grades"), show_default=True,
              help="Folder for <student>.json, gradebook.csv and summary.json.")
@click.option("--lesson", "lessons", multiple=True, help="Grade only this lesson (repeatable; default all).")
@click.option("--seed", type=int, default=None,
              help="Seed of the hidden inputs (default: drawn from each submission's files and "
                   "GRADE_SECRET).")
@click.option("--timeout-scale", type=float, default=1.0, show_default=True,
              help="Multiply every exercise's time limit (from the registry) by this.")
@click.option("--roster", type=_PATH, default=None,
              help="The class roster (default: roster.csv here, if there is one).")
@click.option("--overrides", type=_PATH, default=None,
              help="Manual overrides (default: overrides.csv here, if there is one).")
@click.option("--due", default=None, help="The due date, e.g. 2026-12-01T23:59 ('none' to drop it).")
@click.option("--late-penalty", default=None, help="Share of the score lost per started day late, e.g. 10%.")
@click.option("--late-cap", default=None, help="The most a late submission loses, e.g. 50% (default 100%).")
@click.option("--keep", type=click.Choice(["latest", "best"]), default=None,
              help="Which score counts when a student is graded again (default: latest).")
@click.option("--regrade", is_flag=True, help="Grade every submission again, changed or not.")
@click.option("--similarity/--no-similarity", default=None,
              help="Compare submissions exercise by exercise (default: when copydetect is installed).")
@click.option("--similarity-threshold", type=click.FloatRange(0.0, 1.0), default=0.8, show_default=True,
              help="List pairs at least this alike (0..1).")
@click.option("--shard", "shard_text", default=None, metavar="K/N",
              help="Grade only shard K of N (by a hash of each student's name), to grade a class on N "
                   "machines; merge with grade report --class FOLDER-1 ... --class FOLDER-N.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where submissions are graded: --jobs processes here, or a Dask cluster (--scheduler; "
                   "needs dl-math-grader[cluster]).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="The Dask scheduler for --executor dask: its address (tcp://10.0.0.5:8786), or the "
                   "file dask scheduler --scheduler-file wrote (scheduler.json).")
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
    from grader.classroom.batch import BatchError, BatchOptions, find_submissions, grade_batch
    from grader.classroom.csvin import CsvError
    from grader.classroom.instructor import OVERRIDES, ROSTER, after_batch, choose_file, load_inputs, stored_of
    from grader.classroom.shards import ShardError, parse_shard
    from grader.i18n import detect_language, tr
    from grader.listeners import shown
    from grader.sandbox.choice import confinement_here

    if sys.platform == "win32":  # its processes are driven through pipes, which Windows cannot select
        raise GradeError("grade batch runs on Linux or macOS; on Windows, run it in WSL 2 "
                         "(where submissions are also confined: see docs/security.md)")
    try:
        shard = None if shard_text is None else parse_shard(shard_text)
    except ShardError as exc:
        raise GradeError(exc.text.get(detect_language(None))) from None
    _check_executor(executor, scheduler)
    # Anchored here, once: the grading processes work in another folder.
    submissions, out = Path(os.path.abspath(submissions)), Path(os.path.abspath(out))
    stored = stored_of(out)
    settings = _settings(stored.settings, due, late_penalty, late_cap, keep)
    if similarity and not sim.available():
        raise GradeError(f"--similarity needs copydetect: {sim.INSTALL}")
    try:
        students = [s.student for s in find_submissions(submissions, exclude=[out])]
        inputs = load_inputs(students, choose_file(roster, stored.settings.roster, ROSTER),
                             choose_file(overrides, stored.settings.overrides, OVERRIDES), settings)
    except BatchError as exc:
        raise GradeError(str(exc)) from None
    except CsvError as exc:
        raise GradeError(visible(str(exc))) from None
    if confinement_here() == "plain":
        click.echo("grade: warning: learner code runs without confinement here (no namespaces, no Landlock): "
                   "submissions can read the references, reach the network and write outside their "
                   "scratch folders (see docs/security.md)", err=True)
    options = BatchOptions(jobs=jobs, seed=seed, timeout_scale=timeout_scale, lessons=lessons or ("all",),
                           regrade=regrade, shard=shard)
    progress = _progress_bar() if sys.stderr.isatty() else None
    # Before anything is fingerprinted or graded: a cluster that cannot grade stops the batch here.
    cluster = None if executor == "local" else _cluster(scheduler or "")
    try:
        batch = grade_batch(submissions, out, options, progress, executor=cluster)
    except BatchError as exc:
        raise GradeError(getattr(exc, "text", None) or str(exc)) from None
    finally:
        if cluster is not None:
            cluster.close()
    try:
        after = after_batch(batch, submissions, out, inputs, similarity, similarity_threshold)
    except OSError as exc:
        raise GradeError(f"cannot write {exc.filename or out}: {exc.strerror}") from None
    unchanged = len(batch.students) - batch.graded
    problems = [s for s in batch.students if s.status in ("timeout", "crashed", "unreadable")]
    if shard is not None:
        click.echo(tr("shard {shard}: {n} of the class's {total} submissions",
                      "分片 {shard}：全班 {total} 份提交中的 {n} 份", shard=shard, n=len(batch.students),
                      total=len(students)).get(detect_language(None)))
    where = (f"--jobs {jobs}" if cluster is None
             else f"--executor dask, {cluster.workers} worker{'' if cluster.workers == 1 else 's'}")
    click.echo(f"{len(batch.students)} submissions: {batch.graded} graded, {unchanged} unchanged, "
               f"in {batch.elapsed:.1f} s ({batch.per_minute():.1f} graded/min, {where})")
    for student in problems:
        # a folder's name and a crash's note come from the student: shown, never obeyed
        click.echo(visible(f"  {student.student}: {student.status}: {student.note}"))
    for student in batch.students:
        if student.note and student not in problems:  # graded, but not as handed in (a link out)
            click.echo(visible(f"  {student.student}: {student.note}"))
    if batch.not_folders:
        click.echo(visible(f"not graded, not a folder: {', '.join(batch.not_folders)}"))
    _report_decisions(after, inputs)
    click.echo(f"gradebook: {shown(out / 'gradebook.csv')}; per student: {shown(out)}/<student>.json; "
               f"summary: {shown(out / 'summary.json')}")
    click.echo(f"class report: {shown(out / 'class.html')}")
    click.get_current_context().exit(EXIT_FAILED if problems else EXIT_OK)


def _check_executor(executor: str, scheduler: str | None) -> None:
    from grader.i18n import tr

    if executor == "local" and scheduler is not None:
        raise GradeError(tr("--scheduler is for --executor dask", "--scheduler 仅用于 --executor dask"))
    if executor == "dask" and not scheduler:
        raise GradeError(tr("--executor dask needs --scheduler ADDRESS, the Dask scheduler's address "
                            "(e.g. tcp://10.0.0.5:8786)",
                            "--executor dask 需要 --scheduler ADDRESS，即 Dask 调度器的地址"
                            "（例如 tcp://10.0.0.5:8786）"))


def _cluster(scheduler: str) -> Any:
    """The Dask executor for ``--executor dask``, connected to its scheduler."""
    from grader.classroom.dask_executor import ClusterError, DaskExecutor

    try:
        return DaskExecutor(scheduler)
    except ClusterError as exc:
        raise GradeError(exc.text) from None


def _settings(stored: Any, due: str | None, late_penalty: str | None, late_cap: str | None,
              keep: str | None) -> Any:
    """The options given, else what the last batch into the same folder used."""
    from grader.classroom.deadlines import DeadlineError, parse_due, parse_share
    from grader.classroom.record import Settings

    try:
        when = stored.due if due is None else (None if due.strip().lower() == "none" else parse_due(due))
        per_day = stored.per_day if late_penalty is None else parse_share(late_penalty, "--late-penalty")
        cap = stored.cap if late_cap is None else parse_share(late_cap, "--late-cap")
    except DeadlineError as exc:
        raise GradeError(str(exc)) from None
    if when is None and (late_penalty is not None or late_cap is not None):
        raise GradeError("--late-penalty and --late-cap need --due")
    return Settings(stored.roster, stored.overrides, when, per_day, cap, keep or stored.keep)


_SHOWN_PAIRS = 30


def _report_decisions(after: Any, inputs: Any) -> None:
    """The roster's mismatches, the overrides applied, the changes since the last batch, and the
    similar pairs: what the instructor acts on, in the terminal as on the class page."""
    from grader.classroom.deadlines import iso

    record = after.record
    if inputs.settings.roster:
        click.echo(f"roster: {len(inputs.people)} students")
    if record.roster_check is not None:
        for line in record.roster_check.lines():
            click.echo(visible(line))
    for override in record.applied:
        click.echo(visible(f"override: {override.student} {override.line()}"))
    if inputs.settings.due is not None:
        late = [r for r in record.students if r.days_late]
        click.echo(f"due {iso(inputs.settings.due)}: {len(late)} late")
    from grader.classroom.record import moved as worth

    moved = [c for c in after.changes if worth(c)]
    if any(c.before is not None for c in after.changes):
        again = sum(1 for c in after.changes if c.reasons and not worth(c))
        click.echo(f"changes since the last batch: {len(moved)}"
                   + (f" ({again} regraded with the same score)" if again else ""))
        for change in moved:
            click.echo(visible(f"  {change.line()}"))
    if after.similarity:
        click.echo(after.similarity)
        for pair in after.pairs[:_SHOWN_PAIRS]:
            click.echo(visible(f"  {pair.line()}"))
        if len(after.pairs) > _SHOWN_PAIRS:
            click.echo(f"  ... {len(after.pairs) - _SHOWN_PAIRS} more on the class page")
