"""How a check's verdict looks in a notebook: HTML in Jupyter, the terminal's text elsewhere.

Only presentation: the verdict itself was decided by the judge process (``judge.py``)
and arrives here as the results' JSON.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from grader.i18n import tr
from grader.model import LessonResult, Outcome
from grader.reporters.terminal import Shared, render_exercise
from grader.reporters.visible import visible
from grader.reporters.vocabulary import status_label

_BADGE = {Outcome.PASSED: "#1a7f37", Outcome.FAILED: "#cf222e", Outcome.ERROR: "#cf222e",
          Outcome.TIMEOUT: "#8250df", Outcome.NOT_STARTED: "#9a6700", Outcome.SKIPPED: "#6e7781"}


def overall(result: LessonResult) -> Outcome:
    """One word for a check of one or more exercises: passed only when all passed."""
    outcomes = [e.outcome for e in result.exercises]
    if outcomes and all(o is Outcome.PASSED for o in outcomes):
        return Outcome.PASSED
    for worst in (Outcome.TIMEOUT, Outcome.ERROR, Outcome.FAILED):
        if worst in outcomes:
            return worst
    return Outcome.NOT_STARTED


@dataclass(frozen=True)
class CheckView:
    """What ``check()`` returns: the verdict, and how to show it."""

    result: LessonResult
    lang: str = "en"
    recorded: bool = False
    note: str | None = None

    @property
    def status(self) -> str:
        """``passed``, ``failed``, ``error``, ``not_started`` or ``timeout``."""
        return overall(self.result).value

    @property
    def score(self) -> float:
        return self.result.score

    @property
    def max_score(self) -> float:
        return self.result.max_score

    @property
    def passed(self) -> bool:
        return self.status == Outcome.PASSED.value

    def text(self) -> str:
        lines = [f"{self.result.lesson} ({self.result.file})"]
        if self.result.problem is not None:
            lines.append("  " + self.result.problem.get(self.lang))
        shared = Shared(brief_others=False)  # a sentence shared by several exercises, once
        for exercise in self.result.exercises:
            lines.extend(render_exercise(exercise, self.lang, color=False, lesson=self.result.lesson,
                                         shared=shared))
        lines += ["  " + sentence for sentence in shared.said]
        lines.append("  " + tr("score {score:g}/{max:g}", "得分 {score:g}/{max:g}",
                               score=round(self.score, 2), max=self.max_score).get(self.lang))
        if self.note:
            lines.append("  " + self.note)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        parts = ['<div class="grade-check" style="font-family:sans-serif">']
        if self.result.problem is not None:
            parts.append(f"<p>{html.escape(self.result.problem.get(self.lang))}</p>")
        for exercise in self.result.exercises:
            colour = _BADGE[exercise.outcome]
            word = html.escape(status_label(exercise.outcome).get(self.lang))
            parts.append(
                f'<p><span style="background:{colour};color:white;padding:1px 6px;border-radius:4px">'
                f"{word}</span> <code>{html.escape(exercise.name)}</code> "
                f"{exercise.score:g}/{exercise.max_score:g}</p>")
            for line in exercise.advice_lines(self.lang):
                parts.append(f"<p style='margin-left:1em'>{html.escape(line)}</p>")
            if exercise.outcome in (Outcome.PASSED, Outcome.NOT_STARTED):
                continue
            for check in exercise.checks:
                if check.outcome in (Outcome.PASSED, Outcome.SKIPPED):
                    continue
                parts.append(f"<p style='margin-left:1em'><b>{html.escape(check.title.get(self.lang))}</b>: "
                             f"{html.escape(status_label(check.outcome).get(self.lang))}</p>")
                body = "\n".join(t for t in ((check.message.get(self.lang) if check.message else ""),
                                             check.details.get(self.lang)) if t)
                if body:
                    parts.append(f"<pre style='margin-left:1em'>{html.escape(visible(body))}</pre>")
        if self.note:
            parts.append(f"<p>{html.escape(self.note)}</p>")
        parts.append("</div>")
        return "\n".join(parts)
