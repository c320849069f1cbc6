"""Human-readable terminal output: a verdict per exercise, feedback, and the next step.

Pure functions returning strings; colour is applied with ``click.style`` by the caller's
choice (``color=False`` gives plain text for pipes and ``NO_COLOR``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import click

from grader.i18n import Text, tr
from grader.model import UNPROTECTED, WAITS_FOR_VALUES, CheckResult, ExerciseResult, LessonResult, Outcome, RunResult
from grader.pointers import grade_command, is_notebook, location
from grader.reporters.console import display_width
from grader.reporters.visible import visible
from grader.reporters.vocabulary import status_label

_COLOURS = {
    Outcome.PASSED: "green",
    Outcome.FAILED: "red",
    Outcome.ERROR: "red",
    Outcome.TIMEOUT: "magenta",
    Outcome.NOT_STARTED: "yellow",
    Outcome.SKIPPED: "bright_black",
}


def _style(text: str, outcome: Outcome, color: bool, bold: bool = False) -> str:
    return click.style(text, fg=_COLOURS[outcome], bold=bold) if color else text


def _pad(word: str, columns: int) -> str:
    """``word`` padded to ``columns`` terminal columns (a Chinese character takes two)."""
    return word + " " * max(0, columns - display_width(word))


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


BROAD_CAUSES = frozenset({"error", "grader_error", "limit", "timeout"})
"""Diagnoses too broad to be a cause on their own: checks carrying them are told apart by message."""
DETAIL_LINES = 8  # detail lines shown for one example, unless --verbose


@dataclass(frozen=True)
class Cause:
    """Failed checks of one exercise that fail for one reason: one example stands for all."""

    example: CheckResult
    checks: tuple[CheckResult, ...]

    @property
    def more(self) -> int:
        return len(self.checks) - 1


_RAISED = re.compile(r"(?:\braised:?\s+)([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit)\b[^\n]*)")


def _raised(check: CheckResult) -> str | None:
    """The exception the learner's function raised where it should not have, if that is why
    the check did not pass ("NameError: name 'y_pred' is not defined")."""
    if check.outcome is Outcome.ERROR and "grader_error" not in check.diagnosis:
        found = _RAISED.search(check.message.en if check.message else "")
        return found.group(1).strip() if found else None
    if "wrong_exception" in check.diagnosis:
        found = _RAISED.search(check.details.en)
        return found.group(1).strip() if found else None
    return None


def _cause_key(check: CheckResult) -> tuple[str, ...]:
    """What makes two failed checks "the same way": the same exception raised (a NameError
    breaks every check, the one that wanted a ValueError too), else their named mistakes,
    else their message."""
    raised = _raised(check)
    named = [d for d in check.diagnosis if d not in BROAD_CAUSES and d != WAITS_FOR_VALUES]
    if raised is not None:  # a cause the lesson named for the exception outweighs its wording
        return ("raised", named[0] if named and check.outcome is Outcome.ERROR else raised)
    if named:  # the most specific comes first; the rest (a factor, NaN) only restate it
        return (check.outcome.value, named[0])
    message = check.message.en.strip() if check.message is not None else ""
    return (check.outcome.value, "", message)


def _clarity(check: CheckResult) -> tuple[bool, int, int]:
    """A check with an example (call, obtained, expected) first; of those, shorter is
    clearer: fewest lines of details, then fewest characters (a small input)."""
    details = check.details.en
    return (not details.strip(), details.count("\n"), len(details))


def causes(ex: ExerciseResult) -> list[Cause]:
    """The failed checks of ``ex`` grouped by cause, in the order causes first appear; each
    group's example is its clearest check (the shortest call, obtained and expected)."""
    groups: dict[tuple[str, ...], list[CheckResult]] = {}
    for check in ex.checks:
        if check.outcome in (Outcome.PASSED, Outcome.SKIPPED, Outcome.NOT_STARTED):
            continue
        groups.setdefault(_cause_key(check), []).append(check)
    return [Cause(min(found, key=_clarity), tuple(found)) for found in groups.values()]


class Shared:
    """What one screen has said already: sentences that apply to several exercises (each
    said once), and whether an exercise has shown its example (only the first does)."""

    def __init__(self, brief_others: bool = True) -> None:
        self.said: dict[str, None] = {}  # in the order said
        self.example_shown = False
        self.brief_others = brief_others  # False: every exercise shows its example

    def first_time(self, sentence: str) -> bool:
        if sentence in self.said:
            return False
        self.said[sentence] = None
        return True


def _check_lines(check: CheckResult, lang: str, color: bool, short: bool,
                 exercise: Outcome | None = None) -> list[str]:
    """A check's title, what went wrong and its details; the check's verdict is left out
    when it is the exercise's (``exercise``), said just above."""
    mark = _style(status_label(check.outcome).get(lang), check.outcome, color)
    colon = "：" if lang == "zh" else ": "
    verdict = "" if check.outcome is exercise else colon + mark
    lines = [f"    - {visible(check.title.get(lang))}{verdict}"]
    if check.message is not None and check.outcome is not Outcome.PASSED:
        lines.append(_indent(visible(check.message.get(lang))))
    details = check.details.get(lang)
    if details and check.outcome is not Outcome.PASSED:
        rows = visible(details).splitlines()
        if short and len(rows) > DETAIL_LINES + 3:
            cut = len(rows) - DETAIL_LINES
            rows = [*rows[:DETAIL_LINES], tr("... ({n} more lines: --verbose shows them)",
                                             "……（另有 {n} 行：--verbose 会全部显示）", n=cut).get(lang)]
        lines.append(_indent("\n".join(rows), "        "))
    return lines


def render_exercise(ex: ExerciseResult, lang: str, color: bool, verbose: bool = False,
                    most: int | None = None, lesson: str = "", every: bool = False,
                    shared: Shared | None = None) -> list[str]:
    """One exercise: its verdict and what is wrong, each cause once.

    Failed checks are grouped by cause (``causes``): each cause is shown once, with its
    clearest example, then how many more checks fail the same way (an exercise told in
    brief, after the first, says only the cause, so that a lesson fits a screen). ``verbose`` (and
    ``every``, for documents that list each check) shows every check instead. ``most``
    limits the causes shown in full (the rest are counted, and ``grade {lesson}`` named as
    the place to read them): a screen over many lessons stays short, and the first failure
    is usually the one to fix first. ``shared`` collects sentences that apply to several
    exercises (why passed supporting checks earn nothing yet), for the caller to say once.
    """
    word = status_label(ex.outcome).get(lang)
    tag = _style(_pad(word, 12), ex.outcome, color, bold=True)
    lines = [f"  {tag} {ex.name:<28} {_points(ex.score, ex.max_score)}".rstrip()]
    if ex.outcome is Outcome.NOT_STARTED:
        return lines
    if verbose or every:
        for check in ex.checks:
            if check.outcome in (Outcome.PASSED, Outcome.SKIPPED) and not verbose:
                continue
            lines.extend(_check_lines(check, lang, color, short=False))
        if ex.waiting(lang):
            lines.append(_indent(ex.waiting(lang), "    "))
    else:
        found = causes(ex)
        shown = found if most is None else found[:most]
        example = shared is None or not shared.example_shown or not shared.brief_others
        if shared is not None and found and shared.brief_others:
            shared.example_shown = True
            if not example:
                shared.first_time(OTHERS_IN_BRIEF.get(lang))
        for cause in shown:
            if example:
                lines.extend(_check_lines(cause.example, lang, color, short=True, exercise=ex.outcome))
            elif cause.example.message is not None:
                first, *rest = visible(cause.example.message.get(lang)).splitlines() or [""]
                lines += ["    - " + first, *("      " + line for line in rest)]
            if cause.more and example:  # a brief exercise says only what is wrong: one line a cause
                lines.append("      " + tr("and {n} more check(s) fail the same way.",
                                           "另有 {n} 项检查以同样的方式未通过。", n=cause.more).get(lang))
        hidden = sum(len(c.checks) for c in found[len(shown):])
        if hidden:
            lines.append("    " + tr("... and {n} more failed checks: `grade {lesson}` shows them all.",
                                   "……另有 {n} 项检查未通过：`grade {lesson}` 会全部显示。",
                                   n=hidden, lesson=lesson or "LESSON").get(lang))
        if ex.waiting(lang):
            sentence = WAITING_ONCE.get(lang)
            if shared is None:
                lines.append(_indent(sentence, "    "))
            else:
                shared.first_time(sentence)
    lines += [f"    + {line}" for line in ex.advice_lines(lang)]
    return lines


OTHERS_IN_BRIEF = tr("Fix the first exercise with an example first: the others say only what is "
                     "wrong; add --verbose to see every check with its input.",
                     "先修改第一个带例子的练习：其余练习只说明哪里不对；加上 --verbose "
                     "可查看每项检查及其输入。")
WAITING_ONCE = tr("Supporting checks (input rejection, built it yourself, no mutation) that passed "
                  "count only once the value checks pass: first make each function return right results.",
                  "已通过的辅助检查（拒绝错误输入、自己实现、不修改输入）要等数值检查通过后才计分："
                  "请先让每个函数返回正确结果。")


def next_step(result: LessonResult, lang: str) -> str | None:
    """One sentence telling the learner what to do next in this lesson."""
    for ex in result.exercises:
        if ex.outcome is Outcome.PASSED:
            continue
        where = location(result.file, ex.line)
        command = grade_command(result.lesson, result.workspace)
        if ex.outcome is Outcome.NOT_STARTED:
            return tr("Next: write {name} in {where}, then run `{command}` again.",
                      "下一步：在 {where} 中完成 {name}，然后再次运行 `{command}`。",
                      name=ex.name, where=where, command=command).get(lang)
        return tr("Next: fix {name} ({where}) using the feedback above, then run `{command}`.",
                  "下一步：根据上面的反馈修改 {name}（{where}），然后运行 `{command}`。",
                  name=ex.name, where=where, command=command).get(lang)
    return None


def _points(score: float, max_score: float) -> str:
    """``2.5/4``; nothing when there are no points to show (a held result's points wait for
    grading: ``grader.engine.held``)."""
    return f"{score:g}/{max_score:g}" if max_score else ""


def render_lesson(result: LessonResult, lang: str = "en", color: bool = False,
                  verbose: bool = False, title: str = "", next_line: bool = True,
                  most: int | None = None, shared: Shared | None = None) -> str:
    """One lesson in full; ``next_line=False`` leaves out its "Next:" sentence (a screen over
    several lessons ends with one for the whole course instead); ``most`` limits the causes
    shown per exercise (see ``render_exercise``). A sentence shared by several exercises
    comes once, after them, unless ``shared`` (the screen's) has said it already."""
    shared = shared if shared is not None else Shared()
    said_before = set(shared.said)
    passed = sum(1 for e in result.exercises if e.outcome is Outcome.PASSED)
    head = f"{result.lesson}  {title}  ({result.file})" if title else f"{result.lesson} ({result.file})"
    lines = [click.style(head, bold=True) if color else head]
    if result.problem is not None:
        lines.append("  " + visible(result.problem.get(lang)))
    for ex in result.exercises:
        if result.problem is not None and ex.outcome is not Outcome.PASSED:
            word = status_label(ex.outcome).get(lang)
            lines.append(f"  {_style(_pad(word, 12), ex.outcome, color, True)} {ex.name:<28} "
                         f"{_points(ex.score, ex.max_score)}".rstrip())
            continue
        lines.extend(render_exercise(ex, lang, color, verbose, most, result.lesson, shared=shared))
    for sentence in [s for s in shared.said if s not in said_before]:
        lines.append(_indent(sentence, "  "))
    summary = (tr("{passed}/{total} exercises passed, score {score:g}/{max:g}",
                  "{passed}/{total} 个练习通过，得分 {score:g}/{max:g}",
                  passed=passed, total=len(result.exercises), score=round(result.score, 2),
                  max=result.max_score) if result.max_score else
               tr("{passed}/{total} exercises pass their visible checks", "{passed}/{total} 个练习通过了可见检查",
                  passed=passed, total=len(result.exercises))).get(lang)
    lines.append("  " + summary)
    if verbose and result.confinement:
        lines.append("  " + confinement_line(result, lang))
    if result.output.strip() and verbose:
        lines.append(tr("  Your code printed:", "  你的代码输出：").get(lang))
        lines.append(_indent(visible(result.output.rstrip()[:4000]), "    "))
    step = next_step(result, lang) if next_line else None
    if step:
        lines.append("  " + step)
    return "\n".join(lines)


def confinement_line(result: LessonResult, lang: str = "en") -> str:
    """How learner code was confined and, where that leaves something open, what."""
    line = tr("Learner code ran confined by: {mode} (see docs/security.md)",
              "学习者代码的隔离方式：{mode}（见 docs/security.md）", mode=result.confinement).get(lang)
    names = [UNPROTECTED[u].get(lang) for u in result.unprotected if u in UNPROTECTED]
    if not names:
        return line
    return line + tr("; not protected: {what}", "；未受保护：{what}",
                     what=("、" if lang == "zh" else ", ").join(names)).get(lang)


def render_run_summary(run: RunResult, lang: str = "en") -> str:
    done = sum(1 for lesson in run.lessons if lesson.passed)
    return tr("Total: {score:g}/{max:g}; {done}/{n} lessons complete ({seconds:.1f} s).",
              "总计：{score:g}/{max:g}；已完成 {done}/{n} 个课时（{seconds:.1f} 秒）。",
              score=round(run.score, 2), max=run.max_score, done=done, n=len(run.lessons),
              seconds=run.duration).get(lang)


def _where(result: LessonResult, ex: ExerciseResult) -> Text:
    """``exercises/lesson01_vectors.py:22``: the file as typed from the current folder, and
    the line (a notebook's cell), so that the learner (or the editor) can open it at once."""
    path = os.path.join(result.workspace, result.file)
    try:
        shown = os.path.relpath(path)
        if shown.startswith(os.pardir):
            shown = path
    except ValueError:  # another drive (Windows)
        shown = path
    return location(shown, ex.line)


def _first_unfinished(run: RunResult) -> tuple[LessonResult, ExerciseResult] | None:
    for lesson in run.lessons:
        for ex in lesson.exercises:
            if ex.outcome is not Outcome.PASSED:
                return lesson, ex
    return None


def where_to_begin(run: RunResult, lang: str) -> str | None:
    """The last words of a screen over several lessons: the first exercise not passed yet,
    where it is, and the command that grades it on every save. The course is done in order,
    so this is the exercise to work on, however far later lessons have been tried."""
    found = _first_unfinished(run)
    if found is None:
        return None
    lesson, ex = found
    if ex.outcome is Outcome.NOT_STARTED:
        first = tr("Start here: write {name} in {where}.", "从这里开始：在 {where} 中完成 {name}。",
                   name=ex.name, where=_where(lesson, ex))
    else:
        first = tr("Next: fix {name} ({where}) using the feedback above.",
                   "下一步：根据上面的反馈修改 {name}（{where}）。", name=ex.name, where=_where(lesson, ex))
    if is_notebook(lesson.file):  # grade watch follows lesson files, not notebooks
        then = tr("Then save the notebook and run `{command}`, or run check() in it.",
                  "然后保存笔记本并运行 `{command}`，或在笔记本中运行 check()。",
                  command=grade_command(lesson.lesson, lesson.workspace))
    else:
        then = tr("Then run `{command}`: it grades your file again on every save.",
                  "然后运行 `{command}`：每次保存文件都会自动重新评分。",
                  command=grade_command("watch", lesson.workspace))
    return first.get(lang) + "\n" + then.get(lang)


CHECKS_IN_FULL = 1  # failed checks shown per exercise on a screen over several lessons


class RunScreen:
    """The screen of ``grade all`` (several lessons), built lesson by lesson as results arrive.

    A newcomer reads the end of the screen first, so it must stay short and end with where
    to begin. Shown in full: the first lesson not finished, and any lesson with feedback to
    read (a failure, an error, a problem with the file). Shown as one line each: a lesson
    that passes, and a lesson not started after the first unfinished one. ``verbose`` shows
    every lesson in full. Results arrive in course order (``api.grade`` promises it), so
    whether a lesson comes after the first unfinished one is known when it arrives.
    """

    def __init__(self, lang: str = "en", color: bool = False, verbose: bool = False,
                 titles: Mapping[str, str] | None = None) -> None:
        self.lang = lang
        self.color = color
        self.verbose = verbose
        self.titles = dict(titles or {})
        self.unfinished_shown = False
        self.previous_compact = False
        self.title_width = max((display_width(t) for t in self.titles.values()), default=0)
        self.shared = Shared()

    def lesson(self, result: LessonResult) -> str:
        """The text for one lesson: one line, or the lesson in full followed by a blank line."""
        title = self.titles.get(result.lesson, "")
        compact = not self.verbose and self._compact(result)
        if compact:
            text = self._one_line(result, title)
        else:
            text = render_lesson(result, self.lang, self.color, self.verbose, title,
                                 next_line=self.verbose,
                                 most=None if self.verbose else CHECKS_IN_FULL,
                                 shared=self.shared) + "\n"
            if self.previous_compact:
                text = "\n" + text  # a blank line before a lesson in full, as after it
        self.previous_compact = compact
        if not result.passed:
            self.unfinished_shown = True
        return text

    def _compact(self, result: LessonResult) -> bool:
        if result.problem is not None:
            return False
        if result.passed:
            return True
        untouched = all(ex.outcome is Outcome.NOT_STARTED for ex in result.exercises)
        return untouched and self.unfinished_shown

    def _one_line(self, result: LessonResult, title: str) -> str:
        outcome = Outcome.PASSED if result.passed else Outcome.NOT_STARTED
        word = status_label(outcome).get(self.lang)
        tag = _style(_pad(word, 12), outcome, self.color, bold=True)
        count = tr("{n} exercises", "{n} 个练习", n=len(result.exercises)).get(self.lang)
        head = f"{result.lesson}  {_pad(title, self.title_width)}" if title else result.lesson
        return f"{head}  {tag} {_pad(count, 13)} {_points(result.score, result.max_score)}".rstrip()

    def close(self, run: RunResult, summary: str | None = None) -> str:
        """The total of the run, or ``summary`` in its place (a held run's counts); then the
        caller may say where the progress report is."""
        lines = [""] if self.previous_compact else []
        lines.append(summary or render_run_summary(run, self.lang))
        return "\n".join(lines)

    def ending(self, run: RunResult) -> str | None:
        """The last words: where to begin (in bold on a terminal), unless everything passes."""
        begin = where_to_begin(run, self.lang)
        if begin is None or not self.color:
            return begin
        first, _, then = begin.partition("\n")
        return click.style(first, bold=True) + "\n" + then
