"""The classroom commands of ``grade``: ``ci init``, ``export student`` and ``batch``.

A thin shell over ``grader.classroom``: parse, call, print one line per file written,
exit. Registered in ``grader/cli.py`` with ``main.add_command``.
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
def ci_init_github(folder: Path, force: bool) -> None:
    """A GitHub Actions workflow that grades every push and reports to GitHub Classroom.

    The workflow reads the hidden references from the GRADE_REFERENCES secret (see
    `grade export student --reference-secret`), or from solutions/ if the repository has one.
    """
    from grader.classroom import ci, export

    _write_text(folder / export.CI_FILES["github"], ci.github_workflow(), force)


@ci_init.command(name="gitlab")
@click.option("--dir", "folder", type=_PATH, default=Path("."), show_default=True,
              help="The repository to add .gitlab-ci.yml to.")
@click.option("--min-score", default="100%", show_default=True,
              help="The score (points or N%) that makes the pipeline pass.")
@click.option("--force", is_flag=True, help="Replace an existing .gitlab-ci.yml.")
def ci_init_gitlab(folder: Path, min_score: str, force: bool) -> None:
    """A GitLab CI job that grades every push and publishes the JUnit test report."""
    from grader.classroom import ci, export
    from grader.classroom.outputs import Gate, GateError

    try:
        Gate.parse(min_score)
    except GateError as exc:
        raise GradeError(str(exc)) from None
    _write_text(folder / export.CI_FILES["gitlab"], ci.gitlab_ci(min_score=min_score), force)


@ci_init.command(name="gradescope")
@click.option("--output", "-o", type=_PATH, default=Path("autograder.zip"), show_default=True,
              help="Where to write the autograder zip.")
@click.option("--visibility", type=click.Choice(["visible", "after_due_date", "after_published", "hidden"]),
              default="visible", show_default=True,
              help="When students see each exercise's result on Gradescope.")
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
def export_student(folder: Path, ci_kind: str, reference_secret: Path | None, source: Path | None,
                   notebooks: bool) -> None:
    """The student starter repository: stubs, lesson texts, the grader, the CI file, and
    no reference solutions."""
    from grader.classroom import ci, export

    try:
        project = ci.project_root(source)
        files = export.export_student(project, folder, ci_kind, reference_secret, notebooks)
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
def batch_command(submissions: Path, jobs: int, out: Path, lessons: tuple[str, ...], seed: int | None,
                  timeout_scale: float) -> None:
    """Grade every submission folder (one per student) of SUBMISSIONS, in parallel.

    Re-running skips submissions whose lesson files (and grader) have not changed.
    Exits 0 when every submission was graded, 1 when the grader could not finish some.
    """
    import os
    import sys

    from grader.classroom.batch import BatchError, BatchOptions, grade_batch
    from grader.listeners import shown
    from grader.sandbox.runner import confinement_here

    if confinement_here() == "plain":
        click.echo("grade: warning: learner code runs without confinement here (no namespaces, no Landlock): "
                   "submissions can read the references, reach the network and write outside their "
                   "scratch folders (see docs/security.md)", err=True)
    # Anchored here, once: the grading processes work in another folder.
    submissions, out = Path(os.path.abspath(submissions)), Path(os.path.abspath(out))
    options = BatchOptions(jobs=jobs, seed=seed, timeout_scale=timeout_scale, lessons=lessons or ("all",))
    progress = _progress_bar() if sys.stderr.isatty() else None
    try:
        batch = grade_batch(submissions, out, options, progress)
    except BatchError as exc:
        raise GradeError(str(exc)) from None
    unchanged = len(batch.students) - batch.graded
    problems = [s for s in batch.students if s.status in ("timeout", "crashed", "unreadable")]
    click.echo(f"{len(batch.students)} submissions: {batch.graded} graded, {unchanged} unchanged, "
               f"in {batch.elapsed:.1f} s ({batch.per_minute():.1f} graded/min, --jobs {jobs})")
    for student in problems:
        # a folder's name and a crash's note come from the student: shown, never obeyed
        click.echo(visible(f"  {student.student}: {student.status}: {student.note}"))
    for student in batch.students:
        if student.note and student not in problems:  # graded, but not as handed in (a link out)
            click.echo(visible(f"  {student.student}: {student.note}"))
    if batch.not_folders:
        click.echo(visible(f"not graded, not a folder: {', '.join(batch.not_folders)}"))
    click.echo(f"gradebook: {shown(out / 'gradebook.csv')}; per student: {shown(out)}/<student>.json; "
               f"summary: {shown(out / 'summary.json')}")
    click.echo(f"class report: {shown(out / 'class.html')}")
    click.get_current_context().exit(EXIT_FAILED if problems else EXIT_OK)
