"""Human-readable terminal output: a verdict per exercise, feedback, and the next step.

Pure functions returning strings; colour is applied with ``click.style`` by the caller's
choice (``color=False`` gives plain text for pipes and ``NO_COLOR``).
"""

from __future__ import annotations

import click

from grader.i18n import Text, tr
from grader.model import ExerciseResult, LessonResult, Outcome, RunResult
from grader.reporters.console import display_width

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


def render_exercise(ex: ExerciseResult, lang: str, color: bool, verbose: bool = False) -> list[str]:
    word = outcome_word(ex.outcome, lang)
    tag = _style(_pad(word, 12), ex.outcome, color, bold=True)
    lines = [f"  {tag} {ex.name:<28} {ex.score:g}/{ex.max_score:g}"]
    if ex.outcome is Outcome.NOT_STARTED:
        return lines
    for check in ex.checks:
        if check.outcome is Outcome.PASSED and not verbose:
            continue
        if check.outcome is Outcome.SKIPPED and not verbose:
            continue
        mark = _style(outcome_word(check.outcome, lang), check.outcome, color)
        lines.append(f"    - {check.title.get(lang)}: {mark}")
        if check.message is not None and check.outcome is not Outcome.PASSED:
            lines.append(_indent(check.message.get(lang)))
        if check.details and check.outcome is not Outcome.PASSED:
            lines.append(_indent(check.details, "        "))
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
                  verbose: bool = False, title: str = "") -> str:
    passed = sum(1 for e in result.exercises if e.outcome is Outcome.PASSED)
    head = f"{result.lesson}  {title}  ({result.file})" if title else f"{result.lesson} ({result.file})"
    lines = [click.style(head, bold=True) if color else head]
    if result.problem is not None:
        lines.append("  " + result.problem.get(lang))
    for ex in result.exercises:
        if result.problem is not None and ex.outcome is not Outcome.PASSED:
            word = outcome_word(ex.outcome, lang)
            lines.append(f"  {_style(_pad(word, 12), ex.outcome, color, True)} {ex.name:<28} "
                         f"{ex.score:g}/{ex.max_score:g}")
            continue
        lines.extend(render_exercise(ex, lang, color, verbose))
    summary = tr("{passed}/{total} exercises passed, score {score:g}/{max:g}",
                 "{passed}/{total} 个练习通过，得分 {score:g}/{max:g}",
                 passed=passed, total=len(result.exercises), score=round(result.score, 2),
                 max=result.max_score).get(lang)
    lines.append("  " + summary)
    if result.output.strip() and verbose:
        lines.append(tr("  Your code printed:", "  你的代码输出：").get(lang))
        lines.append(_indent(result.output.rstrip()[:4000], "    "))
    step = next_step(result, lang)
    if step:
        lines.append("  " + step)
    return "\n".join(lines)


def render_run_summary(run: RunResult, lang: str = "en") -> str:
    done = sum(1 for lesson in run.lessons if lesson.passed)
    return tr("Total: {score:g}/{max:g}; {done}/{n} lessons complete ({seconds:.1f} s).",
              "总计：{score:g}/{max:g}；已完成 {done}/{n} 个课时（{seconds:.1f} 秒）。",
              score=round(run.score, 2), max=run.max_score, done=done, n=len(run.lessons),
              seconds=run.duration).get(lang)
