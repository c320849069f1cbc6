"""``grade watch``: one small event loop, edit -> check -> understand -> next.

The loop waits for the operating system to report a saved lesson file (``watchfiles``:
inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows; no polling),
groups the events of one save (editors often write a file in several steps), grades
the lessons whose files changed, and prints only what changed since the last grading
of that lesson: exercises newly passed, newly failing, or failing differently. When the
lesson being worked on is complete, it moves on to the next one.

``WatchSession`` holds the state and does the printing through an ``echo`` callback; it
is given a ``grade`` function, so it can be driven without files or a sandbox in tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import click

from grader import materials
from grader.course import Course, Lesson
from grader.i18n import Text, tr
from grader.learn.workspace import display_path, is_passed
from grader.model import ExerciseResult, LessonResult, Outcome
from grader.progress import Latest
from grader.reporters import console, terminal
from grader.reporters.visible import visible
from grader.reporters.vocabulary import status_label

STEP_MS = 100  # a save is complete when no event came for this long
DEBOUNCE_MS = 1000  # ... or after this long, whichever comes first
READY_MS = 200  # how soon the watcher reports that it is in place


def lesson_files(course: Course) -> dict[str, Lesson]:
    return {lesson.file: lesson for lesson in course.lessons}


def file_events(workspace: Path, names: set[str], ready: Callable[[], None] | None = None,
                stop: threading.Event | None = None, step_ms: int = STEP_MS,
                debounce_ms: int = DEBOUNCE_MS) -> Iterator[set[str]]:
    """The names of the lesson files changed by each save, as the OS reports them.

    ``ready`` is called once the operating system's watch is in place, so a save made
    after it is never missed. Between saves the loop sleeps in ``watchfiles`` (which
    wakes briefly every ``step_ms`` to notice Ctrl-C); no file is read or polled. Ctrl-C
    raises ``KeyboardInterrupt``. When ``workspace`` itself is deleted, its watch goes
    with it, and the events end.
    """
    import watchfiles

    root = Path(workspace).absolute()

    def is_root(path: str) -> bool:
        return Path(path).absolute() == root

    def is_lesson_file(_change: watchfiles.Change, path: str) -> bool:
        return Path(path).name in names or is_root(path)

    waiting = ready
    for changes in watchfiles.watch(workspace, watch_filter=is_lesson_file, step=step_ms,
                                    debounce=debounce_ms, stop_event=stop, recursive=False,
                                    raise_interrupt=True, rust_timeout=READY_MS if ready else 0,
                                    yield_on_timeout=ready is not None):
        if waiting is not None:  # the first answer (changes or a timeout): the watch is set up
            waiting()
            waiting = None
        if any(change is watchfiles.Change.deleted and is_root(path) for change, path in changes):
            return
        changed = {Path(path).name for _, path in changes}
        if changed:
            yield changed


def _status_label(outcome: Outcome, lang: str, colour: bool) -> str:
    word = status_label(outcome).get(lang)
    return click.style(word, fg="green" if outcome is Outcome.PASSED else "red") if colour else word


class WatchSession:
    """What the watcher knows: the latest result of each lesson, and the current lesson."""

    def __init__(self, course: Course, workspace: Path, lang: str, colour: bool,
                 grade: Callable[[Lesson], LessonResult], echo: Callable[[str], None],
                 latest: Mapping[tuple[str, str], Latest] | None = None,
                 record: Callable[[LessonResult], None] | None = None) -> None:
        self.course = course
        self.workspace = workspace
        self.lang = lang
        self.colour = colour
        self.grade = grade
        self.echo = echo
        self.record = record
        self.results: dict[str, LessonResult] = {}
        self.passed: set[tuple[str, str]] = {key for key, r in (latest or {}).items() if is_passed(r)}
        self.current: Lesson | None = None

    # -- helpers ------------------------------------------------------------------------

    def t(self, text: Text) -> str:
        return text.get(self.lang)

    def _bold(self, text: str) -> str:
        return click.style(text, bold=True) if self.colour else text

    def _grade(self, lesson: Lesson) -> tuple[LessonResult, float]:
        started = time.perf_counter()
        result = self.grade(lesson)
        elapsed = time.perf_counter() - started
        if self.record is not None:
            self.record(result)
        for exercise in result.exercises:
            key = (lesson.id, exercise.name)
            if exercise.outcome is Outcome.PASSED:
                self.passed.add(key)
            else:
                self.passed.discard(key)
        return result, elapsed

    def complete(self, lesson: Lesson) -> bool:
        return all((lesson.id, e.name) in self.passed for e in lesson.exercises)

    def first_incomplete(self, after: Lesson | None = None) -> Lesson | None:
        lessons = list(self.course.lessons)
        if after is not None:
            index = lessons.index(after)
            lessons = lessons[index + 1:] + lessons[:index + 1]
        for lesson in lessons:
            if not self.complete(lesson) and (self.workspace / lesson.file).exists():
                return lesson
        return None

    def _text_hint(self, lesson: Lesson) -> str | None:
        path = materials.workspace_text_path(self.workspace, lesson, self.lang)
        if not path.is_file():
            return None
        return self.t(tr("Read first: {path}", "先读课文：{path}", path=display_path(path)))

    # -- the loop's steps ---------------------------------------------------------------

    def begin(self, lesson: Lesson | None) -> None:
        """Grade the lesson to work on (the first incomplete one by default) and show it all."""
        self.current = lesson or self.first_incomplete()
        if self.current is None:
            self.echo(self.t(tr("Every lesson passes. Well done! Still watching, in case you "
                                "change something.",
                                "所有课时都已通过，做得好！仍在监视文件，以防你再做修改。")))
        else:
            self._show_whole(self.current)

    def watching(self) -> None:
        """Say that saves are now being watched (once the watch is in place)."""
        self.echo(self.t(tr("Watching {folder} for saved lesson files; press Ctrl-C to stop.",
                            "正在监视 {folder} 中课时文件的保存；按 Ctrl-C 停止。",
                            folder=display_path(self.workspace))))

    def _show_whole(self, lesson: Lesson) -> None:
        result, _ = self._grade(lesson)
        self.results[lesson.id] = result
        self.echo(terminal.render_lesson(result, self.lang, self.colour, False, lesson.title.get(self.lang),
                                         next_line=False))
        hint = self._text_hint(lesson)
        if hint and not result.passed:
            self.echo("  " + hint)
        step = self.next_step(result)
        if step:
            self.echo("  " + step)  # in watch's terms (save, not run grade), last

    def saved(self, names: set[str]) -> None:
        """Grade every lesson whose file was saved, show what changed, maybe move on."""
        for lesson in self.course.lessons:
            if lesson.file not in names:
                continue
            if not (self.workspace / lesson.file).is_file():
                self.echo(self.t(tr("{file} was removed; `grade reset {lesson}` puts the stub back.",
                                    "{file} 已被删除；`grade reset {lesson}` 可以恢复初始代码。",
                                    file=lesson.file, lesson=lesson.id)))
                self.results.pop(lesson.id, None)
                continue
            self._regrade(lesson)

    def _regrade(self, lesson: Lesson) -> None:
        before = self.results.get(lesson.id)
        after, elapsed = self._grade(lesson)
        self.results[lesson.id] = after
        self.echo("")
        self.echo(self.render_changes(before, after, elapsed))
        if after.passed and (self.current is None or self.current.id == lesson.id):
            self._move_on(lesson)

    def _move_on(self, done: Lesson) -> None:
        nxt = self.first_incomplete(after=done)
        self.echo(self._bold(self.t(tr("{lesson} is complete!", "{lesson} 已全部通过！", lesson=done.id))))
        if nxt is None:
            self.current = None
            self.echo(self.t(tr("Every lesson passes. Well done!", "所有课时都已通过，做得好！")))
            return
        self.current = nxt
        self.echo(self.t(tr("Moving on to {lesson}: {title} ({file}).", "进入下一课 {lesson}：{title}（{file}）。",
                            lesson=nxt.id, title=nxt.title.get(self.lang),
                            file=display_path(self.workspace / nxt.file))))
        self.echo("")
        self._show_whole(nxt)

    # -- rendering ----------------------------------------------------------------------

    def render_changes(self, before: LessonResult | None, after: LessonResult, elapsed: float) -> str:
        """Only what changed: newly passed, newly failing, failing differently."""
        passed = sum(1 for e in after.exercises if e.outcome is Outcome.PASSED)
        stamp = time.strftime("%H:%M:%S")
        head = self.t(tr("{time}  {file} saved: {passed}/{total} exercises pass ({seconds:.2f} s)",
                         "{time}  {file} 已保存：{passed}/{total} 个练习通过（{seconds:.2f} 秒）",
                         time=stamp, file=after.file, passed=passed, total=len(after.exercises),
                         seconds=elapsed))
        lines = [self._bold(head)]
        old = {e.name: e for e in before.exercises} if before else {}
        if after.problem is not None and (before is None or before.problem != after.problem):
            lines.append("  " + visible(after.problem.get(self.lang)))
        changed = False
        shared = terminal.Shared()  # the first change shows its example; a shared sentence comes once
        for exercise in after.exercises:
            previous = old.get(exercise.name)
            line = self._change(previous, exercise, after.problem is not None, shared)
            if line:
                changed = True
                lines.extend(line)
        if not changed and (before is None or before.problem == after.problem):
            lines.append("  " + self.t(tr("no change", "没有变化")))
        lines += ["  " + sentence for sentence in shared.said]
        step = self.next_step(after)
        if step:
            lines.append("  " + step)
        return "\n".join(lines)

    def next_step(self, result: LessonResult) -> str | None:
        """What to do next in this lesson, in watch's terms: write or fix, then save."""
        for exercise in result.exercises:
            if exercise.outcome is Outcome.PASSED:
                continue
            where = f"{result.file}:{exercise.line}" if exercise.line else result.file
            if exercise.outcome is Outcome.NOT_STARTED:
                return self.t(tr("Next: write {name} ({where}) and save.",
                                 "下一步：完成 {name}（{where}）并保存。", name=exercise.name, where=where))
            return self.t(tr("Next: fix {name} ({where}) using the feedback above, and save.",
                             "下一步：根据上面的反馈修改 {name}（{where}），然后保存。",
                             name=exercise.name, where=where))
        return None

    def _tag(self, label: Text, colour: str) -> str:
        word = self.t(label)
        padded = word + " " * max(1, 16 - console.display_width(word))
        return click.style(padded, fg=colour, bold=True) if self.colour else padded

    def _change(self, previous: ExerciseResult | None, now: ExerciseResult, problem: bool,
                shared: terminal.Shared | None = None) -> list[str]:
        was = previous.outcome if previous else None
        if now.outcome is Outcome.PASSED:
            if was is Outcome.PASSED:
                return []
            return [f"  {self._tag(tr('newly passed', '新通过'), 'green')}{now.name}"]
        if previous is not None and was is now.outcome and _causes(previous) == _causes(now):
            return []
        if now.outcome is Outcome.NOT_STARTED:
            return [f"  {self._tag(status_label(Outcome.NOT_STARTED), 'yellow')}{now.name}"]
        if was in (None, Outcome.NOT_STARTED, Outcome.PASSED):
            label = tr("newly failing", "新失败")
        else:
            label = tr("still failing", "仍未通过")  # but the feedback changed
        lines = [f"  {self._tag(label, 'red')}{now.name}  ({_status_label(now.outcome, self.lang, self.colour)})"]
        if not problem:
            lesson = self.current.id if self.current else ""
            lines.extend(terminal.render_exercise(now, self.lang, self.colour, lesson=lesson, shared=shared)[1:])
        return lines



def _causes(exercise: ExerciseResult) -> list[tuple[str, str, tuple[str, ...] | str]]:
    """What an exercise's feedback says is wrong: each check that did not pass, with the
    mistakes it named (else its message), not its details. Hidden inputs are drawn anew on
    every edit, so the calls and numbers in a message or its details change with any save;
    the named mistake changes only with the code."""
    return [(check.name, check.outcome.value,
             tuple(check.diagnosis) if check.diagnosis else check.message.en if check.message is not None else "")
            for check in exercise.checks if check.outcome not in (Outcome.PASSED, Outcome.SKIPPED)]
