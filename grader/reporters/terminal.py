"""Human-readable terminal output: a verdict per exercise, feedback, and the next step.

Pure functions returning strings; colour is applied with ``click.style`` by the caller's
choice (``color=False`` gives plain text for pipes and ``NO_COLOR``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import click

from grader.i18n import Text, tr
from grader.model import UNPROTECTED, ExerciseResult, LessonResult, Outcome, RunResult
from grader.reporters.console import display_width
from grader.reporters.visible import visible

_WORDS: dict[Outcome, Text] = {
    Outcome.PASSED: tr("passed", "通过"),
    Outcome.FAILED: tr("failed", "未通过"),
    Outcome.ERROR: tr("error", "出错"),
    Outcome.NOT_STARTED: tr("not started", "未开始"),
    Outcome.TIMEOUT: tr("timed out", "超时"),
    Outcome.SKIPPED: tr("skipped", "已跳过"),
}
_COLOURS = {
    Outcome.PASSED: "green",
    Outcome.FAILED: "red",
    Outcome.ERROR: "red",
    Outcome.TIMEOUT: "magenta",
    Outcome.NOT_STARTED: "yellow",
    Outcome.SKIPPED: "bright_black",
}


def outcome_word(outcome: Outcome, lang: str) -> str:
    return _WORDS[outcome].get(lang)


def _style(text: str, outcome: Outcome, color: bool, bold: bool = False) -> str:
    return click.style(text, fg=_COLOURS[outcome], bold=bold) if color else text


def _pad(word: str, columns: int) -> str:
    """``word`` padded to ``columns`` terminal columns (a Chinese character takes two)."""
    return word + " " * max(0, columns - display_width(word))


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def render_exercise(ex: ExerciseResult, lang: str, color: bool, verbose: bool = False,
                    most: int | None = None, lesson: str = "") -> list[str]:
    """One exercise: its verdict and the feedback of each check that did not pass.

    ``most`` limits the failed checks shown in full (the rest are counted, and
    ``grade {lesson}`` named as the place to read them): a screen over many lessons stays
    short, and the first failure is usually the one to fix first.
    """
    word = outcome_word(ex.outcome, lang)
    tag = _style(_pad(word, 12), ex.outcome, color, bold=True)
    lines = [f"  {tag} {ex.name:<28} {ex.score:g}/{ex.max_score:g}"]
    if ex.outcome is Outcome.NOT_STARTED:
        return lines
    shown = hidden = 0
    for check in ex.checks:
        if check.outcome is Outcome.PASSED and not verbose:
            continue
        if check.outcome is Outcome.SKIPPED and not verbose:
            continue
        if most is not None and check.outcome is not Outcome.PASSED:
            if shown >= most:
                hidden += 1
                continue
            shown += 1
        mark = _style(outcome_word(check.outcome, lang), check.outcome, color)
        colon = "：" if lang == "zh" else ": "
        lines.append(f"    - {visible(check.title.get(lang))}{colon}{mark}")
        if check.message is not None and check.outcome is not Outcome.PASSED:
            lines.append(_indent(visible(check.message.get(lang))))
        if check.details.get(lang) and check.outcome is not Outcome.PASSED:
            lines.append(_indent(visible(check.details.get(lang)), "        "))
    if hidden:
        lines.append("    " + tr("... and {n} more failed checks: `grade {lesson}` shows them all.",
                               "……另有 {n} 项检查未通过：`grade {lesson}` 会全部显示。",
                               n=hidden, lesson=lesson or "LESSON").get(lang))
    if ex.waiting(lang):
        lines.append(_indent(ex.waiting(lang), "    "))
    lines += [f"    + {line}" for line in ex.advice_lines(lang)]
    return lines


def next_step(result: LessonResult, lang: str) -> str | None:
    """One sentence telling the learner what to do next in this lesson."""
    for ex in result.exercises:
        if ex.outcome is Outcome.PASSED:
            continue
        where = f"{result.file}:{ex.line}" if ex.line else result.file
        if ex.outcome is Outcome.NOT_STARTED:
            return tr("Next: write {name} in {where}, then run `grade {lesson}` again.",
                      "下一步：在 {where} 中完成 {name}，然后再次运行 `grade {lesson}`。",
                      name=ex.name, where=where, lesson=result.lesson).get(lang)
        return tr("Next: fix {name} ({where}) using the feedback above, then run `grade {lesson}`.",
                  "下一步：根据上面的反馈修改 {name}（{where}），然后运行 `grade {lesson}`。",
                  name=ex.name, where=where, lesson=result.lesson).get(lang)
    return None


def render_lesson(result: LessonResult, lang: str = "en", color: bool = False,
                  verbose: bool = False, title: str = "", next_line: bool = True,
                  most: int | None = None) -> str:
    """One lesson in full; ``next_line=False`` leaves out its "Next:" sentence (a screen over
    several lessons ends with one for the whole course instead); ``most`` limits the failed
    checks shown per exercise (see ``render_exercise``)."""
    passed = sum(1 for e in result.exercises if e.outcome is Outcome.PASSED)
    head = f"{result.lesson}  {title}  ({result.file})" if title else f"{result.lesson} ({result.file})"
    lines = [click.style(head, bold=True) if color else head]
    if result.problem is not None:
        lines.append("  " + visible(result.problem.get(lang)))
    for ex in result.exercises:
        if result.problem is not None and ex.outcome is not Outcome.PASSED:
            word = outcome_word(ex.outcome, lang)
            lines.append(f"  {_style(_pad(word, 12), ex.outcome, color, True)} {ex.name:<28} "
                         f"{ex.score:g}/{ex.max_score:g}")
            continue
        lines.extend(render_exercise(ex, lang, color, verbose, most, result.lesson))
    summary = tr("{passed}/{total} exercises passed, score {score:g}/{max:g}",
                 "{passed}/{total} 个练习通过，得分 {score:g}/{max:g}",
                 passed=passed, total=len(result.exercises), score=round(result.score, 2),
                 max=result.max_score).get(lang)
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


def _where(result: LessonResult, ex: ExerciseResult) -> str:
    """``exercises/lesson01_vectors.py:22``: the file as typed from the current folder, and
    the line, so that the learner (or the terminal, or the editor) can open it at once."""
    path = os.path.join(result.workspace, result.file)
    try:
        shown = os.path.relpath(path)
        if shown.startswith(os.pardir):
            shown = path
    except ValueError:  # another drive (Windows)
        shown = path
    return f"{shown}:{ex.line}" if ex.line else shown


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
    then = tr("Then run `grade watch`: it grades your file again on every save.",
              "然后运行 `grade watch`：每次保存文件都会自动重新评分。")
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

    def lesson(self, result: LessonResult) -> str:
        """The text for one lesson: one line, or the lesson in full followed by a blank line."""
        title = self.titles.get(result.lesson, "")
        compact = not self.verbose and self._compact(result)
        if compact:
            text = self._one_line(result, title)
        else:
            text = render_lesson(result, self.lang, self.color, self.verbose, title,
                                 next_line=self.verbose,
                                 most=None if self.verbose else CHECKS_IN_FULL) + "\n"
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
        word = outcome_word(outcome, self.lang)
        tag = _style(_pad(word, 12), outcome, self.color, bold=True)
        count = tr("{n} exercises", "{n} 个练习", n=len(result.exercises)).get(self.lang)
        head = f"{result.lesson}  {_pad(title, self.title_width)}" if title else result.lesson
        return f"{head}  {tag} {_pad(count, 13)} {result.score:g}/{result.max_score:g}"

    def close(self, run: RunResult) -> str:
        """The total of the run (then the caller may say where the progress report is)."""
        lines = [""] if self.previous_compact else []
        lines.append(render_run_summary(run, self.lang))
        return "\n".join(lines)

    def ending(self, run: RunResult) -> str | None:
        """The last words: where to begin (in bold on a terminal), unless everything passes."""
        begin = where_to_begin(run, self.lang)
        if begin is None or not self.color:
            return begin
        first, _, then = begin.partition("\n")
        return click.style(first, bold=True) + "\n" + then
