"""``grade status``: one compact line per lesson, a pure function of the learner's standing.

Columns: exercises passed / total (latest results), the best score (each exercise's best),
the last attempt, the attempts so far (grading runs of the lesson) and what to do next.
"""

from __future__ import annotations

import unicodedata

from grader.i18n import tr
from grader.model import LessonStanding, Standing
from grader.reporters.vocabulary import fmt_score, fmt_when


def width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def _row(lesson: LessonStanding, lang: str) -> list[str]:
    graded = lesson.runs > 0
    return [lesson.lesson.id, lesson.lesson.title.get(lang), f"{lesson.passed}/{lesson.total}",
            f"{fmt_score(lesson.best)}/{fmt_score(lesson.max_score)}" if graded else "-",
            fmt_when(lesson.last_attempt, lang), str(lesson.runs), lesson.next_step.get(lang)]


def render_status(standing: Standing, lang: str = "en", report: str = "") -> str:
    """The status table, a total line, and where the report is."""
    head = [tr("lesson", "课时"), tr("title", "标题"), tr("passed", "通过"), tr("best", "最佳"),
            tr("last attempt", "最近一次"), tr("attempts", "尝试次数"), tr("next", "下一步")]
    rows = [[h.get(lang) for h in head]] + [_row(lesson, lang) for lesson in standing.lessons]
    widths = [max(width(row[i]) for row in rows) for i in range(len(head) - 1)]
    lines = []
    for row in rows:
        cells = [pad(cell, widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    lines.append("")
    lines.append(tr("Total: {passed}/{total} exercises passed, {score}/{max} points, {done}/{n} lessons "
                    "complete, {attempts} attempts recorded.",
                    "总计：通过 {passed}/{total} 个练习，得分 {score}/{max}，完成 {done}/{n} 个课时，"
                    "已记录 {attempts} 次尝试。",
                    passed=standing.passed, total=standing.total, score=fmt_score(standing.score),
                    max=fmt_score(standing.max_score), done=standing.complete, n=len(standing.lessons),
                    attempts=standing.attempts).get(lang))
    lines.append(tr("Next step: ", "下一步：").get(lang) + standing.next_step.get(lang))
    if report:
        lines.append(tr("Progress report: {path}", "进度报告：{path}", path=report).get(lang))
    return "\n".join(lines)
