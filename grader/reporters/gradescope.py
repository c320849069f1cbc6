"""Gradescope's ``results.json`` (https://gradescope-autograders.readthedocs.io/en/latest/specs/).

One test per exercise: ``name`` (``lesson01 dot``), ``number`` (``1.1``), ``score`` (the
exercise's points times the share of its checks that passed), ``max_score`` (its points
from the registry), ``status`` (``passed`` only when every check passed), ``output`` (the
feedback the terminal shows, in plain text) and ``visibility``. The top level has the
total ``score``, ``execution_time`` in whole seconds and a one-line ``output``. Printed
output of learner code never goes here: Gradescope shows ``stdout`` to staff only
(``stdout_visibility: hidden``). A pure function of one ``RunResult``; the caller writes
the file once, at the end.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from grader.engine.held import held_exercise, run_counts
from grader.i18n import tr
from grader.model import ExerciseResult, LessonResult, Outcome, RunResult
from grader.reporters import terminal

VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden", "held")
"""Gradescope's four test visibilities, and ``held``: each exercise's first value check shown at
once, everything else (and the score) after the due date."""
HELD = "held"
_HELD_WHEN = tr(" (shown after the due date, with the score).", "（截止日期之后与分数一起显示）。")


def _number(lesson: LessonResult, index: int) -> str:
    digits = lesson.lesson.removeprefix("lesson")
    return f"{int(digits)}.{index}" if digits.isdigit() else f"{lesson.lesson}.{index}"


def _output(lesson: LessonResult, index: int, lang: str, shown: ExerciseResult | None = None) -> str:
    exercise = shown or lesson.exercises[index]
    lines = terminal.render_exercise(exercise, lang, color=False, every=True)
    text = textwrap.dedent("\n".join(line.rstrip() for line in lines)).strip("\n")
    if lesson.problem is not None and lesson.problem.get(lang).strip():
        # A missing or broken file: the one line that says why comes first, in every test.
        text = f"{lesson.problem.get(lang).strip()}\n{text}"
    if exercise.line:
        text += f"\n({lesson.file}, line {exercise.line})"
    return text


def render_run(run: RunResult, lang: str = "en", visibility: str = "visible") -> dict[str, Any]:
    """The ``results.json`` document for ``run`` (a dict; serialise it with ``json``)."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    held = visibility == HELD
    tests: list[dict[str, Any]] = []
    for lesson in run.lessons:
        for index, exercise in enumerate(lesson.exercises):
            if held:
                public = held_exercise(exercise)  # its visible checks, and no points
                tests.append({
                    "name": f"{lesson.lesson} {exercise.name}: visible checks",
                    "number": _number(lesson, index + 1),
                    "score": 0.0,
                    "max_score": 0.0,
                    "status": "passed" if public.outcome is Outcome.PASSED else "failed",
                    "output": _output(lesson, index, lang, public),
                    "output_format": "text",
                    "tags": [lesson.lesson, "visible"],
                    "visibility": "visible",
                })
            tests.append({
                "name": f"{lesson.lesson} {exercise.name}",
                "number": _number(lesson, index + 1),
                "score": round(exercise.score, 4),
                "max_score": exercise.max_score,
                "status": "passed" if exercise.outcome is Outcome.PASSED else "failed",
                "output": _output(lesson, index, lang),
                "output_format": "text",
                "tags": [lesson.lesson, exercise.outcome.value],
                "visibility": "after_due_date" if held else visibility,
            })
    summary = (run_counts(run).text().get(lang) + _HELD_WHEN.get(lang) if held
               else terminal.render_run_summary(run, lang))
    return {
        "score": round(sum(test["score"] for test in tests), 4),
        "execution_time": math.ceil(max(run.duration, 0.0)),
        "output": summary,
        "output_format": "text",
        # Held: the score and the held tests wait for the due date; the visible tests say so
        # themselves (Gradescope: a test's visibility overrides the assignment's).
        "visibility": "after_due_date" if held else visibility,
        "stdout_visibility": "hidden",
        "tests": tests,
    }
