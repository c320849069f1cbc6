"""The listeners a front end chooses from: what happens to a run once it is graded.

``grade lesson03`` chooses a status bar, the terminal (or one machine format) on stdout,
the progress store, the learner's HTML page and the ``--output`` files (that one is
``grader.classroom.outputs.OutputFiles``, beside the CI outputs); ``grade watch``
the progress store and the page; a notebook may choose the store alone. Each listener
has one job, and each is the only code in the package doing that job, so no front end
rebuilds or forgets a step. Listeners are told in the order they are given (stdout
first, then the history, then files), and a problem the user must fix is raised as a
``GradeError``, never printed and exited here.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.atomic import write_atomic
from grader.events import Listener
from grader.i18n import tr

if TYPE_CHECKING:
    from grader.course import Exercise, Lesson
    from grader.model import LessonResult, RunResult
    from grader.progress import ProgressError, ProgressStore, Snapshot
    from grader.reporters.console import StatusLine
    from grader.reporters.terminal import RunScreen

REPORT_NAME = "index.html"


def warn(message: str) -> None:
    """One warning line on stderr: the run goes on and its results stand."""
    click.echo(f"grade: warning: {message}", err=True)


def report_path(progress: Path, workspace: Path | None = None, store: ProgressStore | None = None) -> Path:
    """The learner's page lives beside the progress history: ``reports/index.html``, or for
    a second workspace of the same history ``reports/index-notebooks.html`` (see ``page_names``)."""
    if workspace is None or store is None:
        return progress.parent / REPORT_NAME
    return progress.parent / page_names(store, workspace)[str(workspace.resolve())]


def page_names(store: ProgressStore, workspace: Path) -> dict[str, str]:
    """The page of each workspace of ``store`` (``workspace`` included), in the order first graded.

    One workspace has ``index.html``. When a course is worked in two (``exercises/`` and
    ``notebooks/``), each has its own page, so that neither hides the other: ``exercises``
    (else the first graded) keeps ``index.html``, another is ``index-<folder>.html``.
    """
    import re

    workspaces = store.workspaces()
    current = str(workspace.resolve())
    if current not in workspaces:
        workspaces.append(current)
    main = next((w for w in workspaces if Path(w).name == "exercises"), workspaces[0])
    names: dict[str, str] = {}
    for folder in workspaces:
        if folder == main:
            names[folder] = REPORT_NAME
            continue
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(folder).name).strip("-") or "workspace"
        name, number = f"index-{stem}.html", 2
        while name in names.values():
            name, number = f"index-{stem}-{number}.html", number + 1
        names[folder] = name
    return names


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def render_learner_page(store: ProgressStore, workspace: Path, lang: str) -> str:
    """The learner's page from the history (raises ProgressError if it cannot be read),
    linking the page of every other workspace of the history."""
    from grader.course import load_course
    from grader.history import standing
    from grader.reporters.html_report import render_learner

    current = str(workspace.resolve())
    names = page_names(store, workspace)
    pages = [{"name": Path(folder).name, "href": name, "current": folder == current}
             for folder, name in names.items()]
    history = store.history(current)
    learner = standing(load_course(), history)
    started = [lesson.lesson for lesson in learner.lessons if lesson.state != "not_started"]
    return render_learner(learner, lang, pages=pages, lesson_figures=lesson_figures(started, lang))


def lesson_figures(lessons: Sequence[Lesson], lang: str) -> dict[str, list[tuple[str, bytes]]]:
    """Per lesson id, the figures its text in ``lang`` shows (alt text, SVG bytes), found as
    ``grade init`` finds them; a figure that cannot be read is left out, never a failed page."""
    from grader import materials

    found: dict[str, list[tuple[str, bytes]]] = {}
    for lesson in lessons:
        for figure in materials.lesson_figures(lesson, lang):
            try:
                found.setdefault(lesson.id, []).append((figure.alt, figure.path.read_bytes()))
            except OSError:
                continue
    return found


# -- stdout -----------------------------------------------------------------------------


class Stdout(Listener):
    """Standard output for a run's documents: every byte of each, or the first failure kept.

    With ``wrap`` (text for people, never a document), lines are wrapped to the width of a
    terminal. A full disk or a closed pipe must not stop the run halfway (the history is still
    recorded, the files still written); the front end asks ``failure`` at the end.
    Listed after the listeners that print: when the run is done, it flushes.
    """

    def __init__(self, colour: bool, wrap: bool = False) -> None:
        self.colour = colour
        self.wrap = wrap
        self.failure: OSError | None = None

    def write(self, text: str) -> None:
        from grader.reporters import console

        # Text for people wraps at a terminal's width; a pipe's lines, and documents, stay whole.
        if self.wrap and console.is_terminal(sys.stdout):
            text = console.wrap_screen(text, console.width(sys.stdout))
        if self.failure is None:
            try:
                _write_out(text, self.colour)
            except OSError as exc:
                self.failure = exc

    def run_done(self, run: RunResult) -> None:
        if self.failure is None:
            try:
                sys.stdout.flush()
            except OSError as exc:
                self.failure = exc

    @staticmethod
    def discard() -> None:
        """After a failed write, send what is still buffered nowhere (no second error at exit)."""
        try:
            fd = sys.stdout.fileno()
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, fd)
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass


def _write_out(text: str, colour: bool) -> None:
    """One line of output on stdout, every byte of it or an ``OSError``.

    Written as bytes in a loop: with an unbuffered stdout (``PYTHONUNBUFFERED``), a text
    stream silently drops the rest of a partial write, e.g. when the disk fills up.
    """
    out = getattr(sys.stdout, "buffer", None)
    if colour or out is None:
        click.echo(text)
        return
    sys.stdout.flush()
    data = memoryview((text + "\n").encode(sys.stdout.encoding or "utf-8", errors="replace"))
    while data:
        written = out.write(data)
        data = data[written if written else 0:]
        if not written:
            raise OSError(errno.EAGAIN, "the output accepts no more data")
    out.flush()


# -- the terminal -----------------------------------------------------------------------


class StatusBar(Listener):
    """The self-overwriting status line on stderr while a run lasts (see ``StatusLine``)."""

    def __init__(self, enabled: bool, colour: bool, lang: str = "en", quiet: bool = False) -> None:
        self.enabled = enabled
        self.colour = colour
        self.lang = lang
        self.quiet = quiet
        self.line: StatusLine | None = None
        self.finished = 0

    def run_started(self, lessons: Sequence[Lesson], workspace: Path) -> None:
        from grader.reporters.console import StatusLine

        total = sum(len(lesson.exercises) for lesson in lessons)
        self.line = StatusLine(total, self.enabled, colour=self.colour, lang=self.lang,
                               quiet=self.quiet).__enter__()

    def exercise_started(self, lesson: Lesson, exercise: Exercise) -> None:
        if self.line is not None:
            self.line.update(f"{lesson.id} {exercise.name}", done=self.finished)
            self.line.exercise(lesson.id, exercise.name)

    def exercise_budget(self, lesson: Lesson, exercise: Exercise, seconds: float) -> None:
        if self.line is not None:
            self.line.exercise(lesson.id, exercise.name, seconds)

    def exercise_done(self, lesson: Lesson, exercise: Exercise) -> None:
        self.finished += 1
        if self.line is not None:
            self.line.exercise(lesson.id, None)
            self.line.update(done=self.finished)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Clear the line while the caller prints, then draw it again."""
        with self.line.paused() if self.line is not None else nullcontext():
            yield

    def run_done(self, run: RunResult) -> None:
        self.closed()

    def closed(self) -> None:
        if self.line is not None:
            self.line.__exit__(None, None, None)
            self.line = None


class Terminal(Listener):
    """Each lesson's feedback as it is graded, then a summary of a run of several lessons.

    A run of several lessons is one screen (``terminal.RunScreen``): short, every lesson
    but those to work on in one line; its last words, where to begin, are written by
    ``StartHere``, listed after the history so that they come after the report's path.
    """

    def __init__(self, out: Stdout, lang: str, colour: bool, verbose: bool,
                 titles: Mapping[str, str], bar: StatusBar | None = None) -> None:
        self.out = out
        self.lang = lang
        self.colour = colour
        self.verbose = verbose
        self.titles = titles
        self.bar = bar
        self.screen: RunScreen | None = None
        # A held run's summary line (grader.engine.held), shown instead of the total.
        self.summary: Callable[[str], str] | None = None

    def run_started(self, lessons: Sequence[Lesson], workspace: Path) -> None:
        from grader.reporters.terminal import RunScreen

        several = len(lessons) > 1
        self.screen = RunScreen(self.lang, self.colour, self.verbose, self.titles) if several else None

    def lesson_done(self, result: LessonResult) -> None:
        from grader.reporters import terminal

        with self.bar.paused() if self.bar is not None else nullcontext():
            if self.screen is not None:
                self.out.write(self.screen.lesson(result))
            else:
                self.out.write(terminal.render_lesson(result, self.lang, self.colour, self.verbose,
                                                      self.titles.get(result.lesson, ""),
                                                      next_line=False) + "\n")

    def run_done(self, run: RunResult) -> None:
        summary = self.summary(self.lang) if self.summary is not None else None
        if self.screen is not None:
            self.out.write(self.screen.close(run, summary))
        elif summary:
            self.out.write(summary + "\n")


class StartHere(Listener):
    """The last words of the screen: the next step of a lesson, or where to begin and
    `grade watch` after several lessons. Listed last, so that nothing comes after it."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal

    def run_done(self, run: RunResult) -> None:
        from grader.reporters import terminal

        screen = self.terminal.screen
        if screen is not None and (begin := screen.ending(run)):
            self.terminal.out.write(begin)
        elif screen is None and len(run.lessons) == 1:
            step = terminal.next_step(run.lessons[0], self.terminal.lang)
            if step:
                self.terminal.out.write(step)


class MachineFormat(Listener):
    """Exactly one machine-readable document (json, junit, gradescope, github) on stdout."""

    def __init__(self, out: Stdout, fmt: str, lang: str, single_lesson: bool,
                 visibility: str = "visible") -> None:
        self.out = out
        self.fmt = fmt
        self.lang = lang
        self.single_lesson = single_lesson
        self.visibility = visibility

    def run_done(self, run: RunResult) -> None:
        from grader.reporters import formats

        self.out.write(formats.render(self.fmt, run, self.lang, self.single_lesson, self.visibility))


# -- the learner's history and page -----------------------------------------------------


class ProgressRecorder(Listener):
    """Adds each run to the progress history, guarding it against the learner's code.

    With ``snapshot``, the history is copied before grading (an unusable file stops the
    run before anything is graded) and restored if learner code damaged it. A history
    that cannot be written now (read-only, busy) is a warning and the results stand;
    a file that is not a history is a ``GradeError``. A front end that must go on
    whatever happens (``grade watch``) passes ``on_problem`` and hears every problem.
    """

    def __init__(self, store: ProgressStore, lang: str, *, snapshot: bool = True,
                 on_problem: Callable[[ProgressError], None] | None = None) -> None:
        self.store = store
        self.lang = lang
        self.take_snapshot = snapshot
        self.on_problem = on_problem
        self.snapshot: Snapshot | None = None
        self.recorded = False

    def run_started(self, lessons: Sequence[Lesson], workspace: Path) -> None:
        self.recorded = False
        if self.take_snapshot and workspace.is_dir():
            self.snapshot = self.store.snapshot()  # or a ProgressError, which the front door shows

    def run_done(self, run: RunResult) -> None:
        from grader.progress import ProgressError, ProgressUnavailable

        try:
            note = self.store.record(run, snapshot=self.snapshot)
        except ProgressError as exc:
            if self.on_problem is not None:
                self.on_problem(exc)
            elif isinstance(exc, ProgressUnavailable):
                warn(exc.text.get(self.lang)
                     + tr("; this run was not recorded.", "；本次评分未被记录。").get(self.lang))
            else:
                raise
            return
        self.recorded = True
        if note is not None:
            warn(note.get(self.lang))

    def closed(self) -> None:
        if self.snapshot is not None:
            self.snapshot.discard()
            self.snapshot = None


class LearnerPage(Listener):
    """Rewrites the learner's HTML page (``index.html`` beside the history) after a recorded run.

    The run is graded and recorded by then: a page that cannot be drawn or written is
    one warning line. ``announce`` hears the line that says where the page is.
    """

    def __init__(self, recorder: ProgressRecorder, lang: str,
                 announce: Callable[[str], None] | None = None) -> None:
        self.recorder = recorder
        self.lang = lang
        self.announce = announce
        self.workspace = Path()
        self._preparing: threading.Thread | None = None

    def run_started(self, lessons: Sequence[Lesson], workspace: Path) -> None:
        self.workspace = workspace
        # Importing Jinja and compiling the page's template is work the page needs whatever
        # the verdicts are: done on the side while the lessons are graded (their threads
        # mostly wait for workers), it is off the path from the last verdict to the page.
        self._preparing = threading.Thread(target=_prepare_page, name="prepare-page", daemon=True)
        self._preparing.start()

    def run_done(self, run: RunResult) -> None:
        from grader.progress import ProgressError

        self._finish_preparing()
        if not self.recorder.recorded:
            return
        store = self.recorder.store
        target = report_path(store.path)
        try:
            names = page_names(store, self.workspace)
            target = store.path.parent / names[str(self.workspace.resolve())]
            write_atomic(target, render_learner_page(store, self.workspace, self.lang))
            for folder in (f for f in names if len(names) > 1 and f != str(self.workspace.resolve())):
                # the other workspaces' pages gain the link to this one
                write_atomic(store.path.parent / names[folder], render_learner_page(store, Path(folder), self.lang))
        except Exception as exc:  # the run is graded and recorded: a page that fails is only a warning
            if isinstance(exc, ProgressError):
                reason = exc.text.get(self.lang)
            elif isinstance(exc, OSError):
                reason = exc.strerror or str(exc)
            else:
                reason = f"{type(exc).__name__}: {exc}"
            warn(tr("cannot write the progress report {path} ({why}); the run was recorded.",
                    "无法写入进度报告 {path}（{why}）；本次评分已记录。", path=shown(target),
                    why=reason).get(self.lang))
            return
        if self.announce is not None:
            self.announce(tr("Progress report: {path}", "进度报告：{path}", path=shown(target)).get(self.lang))

    def closed(self) -> None:
        self._finish_preparing()

    def _finish_preparing(self) -> None:
        if self._preparing is not None:
            self._preparing.join()
            self._preparing = None


def _prepare_page() -> None:
    """The page's template, compiled ahead; a failure here is met again, and reported, when
    the page is drawn."""
    try:
        from grader.reporters.html_report import prepare_learner_template

        prepare_learner_template()
    except Exception:
        pass


def progress_listeners(store: ProgressStore, lang: str, *, page: bool = True, snapshot: bool = True,
                       announce: Callable[[str], None] | None = None,
                       on_problem: Callable[[ProgressError], None] | None = None) -> list[Listener]:
    """The history, and the page beside it unless ``page`` is false: what every run keeps."""
    recorder = ProgressRecorder(store, lang, snapshot=snapshot, on_problem=on_problem)
    return [recorder, LearnerPage(recorder, lang, announce)] if page else [recorder]


# -- files for other tools --------------------------------------------------------------


class RunRecordFile(Listener):
    """The whole run as its JSON record (``RunResult.to_dict``), written whole to ``path``.

    ``grade batch`` hands each submission's result from process to process this way;
    ``grade report --class`` reads such files back (``RunResult.from_dict``). The
    ``--output`` files of the grading commands are ``grader.classroom.outputs.OutputFiles``.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def run_done(self, run: RunResult) -> None:
        import json

        write_atomic(self.path, json.dumps(run.to_dict(), ensure_ascii=False))
