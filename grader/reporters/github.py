"""The GitHub Classroom autograding runner result.

GitHub Classroom's reporter action (``classroom-resources/autograding-grading-reporter``)
reads, for each runner id listed in its ``runners`` input, the environment variable
``<RUNNER-ID upper-cased>_RESULTS``: a base64-encoded JSON object that a runner step
published as its ``result`` output. It prints each test, fails the job when ``status``
is ``fail`` or ``error``, and reports ``sum(tests[].score)`` out of ``max_score`` to
Classroom. The object (the shape Classroom's own runners publish):

``{"version": 1, "status": "pass"|"fail"|"error", "max_score": N, "tests": [...]}``

with one test per exercise: ``name``, ``status`` (``pass``, ``fail``, or ``error`` when
the learner's code raised or timed out), ``score`` (partial credit, rounded to 0.01; the
scores add up to the run's total), ``max_score``, ``message`` (the feedback),
``test_code`` (the command that reproduces it), ``filename``, ``line_no`` (0 when
unknown) and ``duration`` in seconds. Pure functions; the CLI writes ``result=...``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from grader.model import ExerciseResult, Outcome, RunResult
from grader.reporters.visible import visible

VERSION = 1


def _status(exercise: ExerciseResult) -> str:
    if exercise.outcome is Outcome.PASSED:
        return "pass"
    if exercise.outcome in (Outcome.ERROR, Outcome.TIMEOUT):
        return "error"
    return "fail"


def _message(exercise: ExerciseResult, file: str, lang: str) -> str:
    """The feedback: each distinct message once; for a stub, only that it is not started."""
    messages = list(dict.fromkeys(visible(m) for m in exercise.messages(lang)))
    if exercise.outcome is Outcome.NOT_STARTED:
        return messages[0] if messages else f"{exercise.name} is not started: write it in {file}."
    return "\n\n".join(messages + exercise.advice_lines(lang))


def runner_result(run: RunResult, lang: str = "en") -> dict[str, Any]:
    """The runner result object for ``run``."""
    tests: list[dict[str, Any]] = []
    for lesson in run.lessons:
        for exercise in lesson.exercises:
            tests.append({
                "name": f"{lesson.lesson} {exercise.name}",
                "status": _status(exercise),
                "score": round(exercise.score, 2),
                "max_score": exercise.max_score,
                "message": _message(exercise, lesson.file, lang),
                "test_code": f"grade {lesson.lesson}",
                "filename": lesson.file,
                "line_no": exercise.line or 0,
                "duration": round(sum(c.duration for c in exercise.checks), 6),
            })
    statuses = {test["status"] for test in tests}
    status = "pass" if statuses <= {"pass"} else "fail"
    return {
        "version": VERSION,
        "status": status,
        "max_score": sum(test["max_score"] for test in tests),
        "tests": tests,
    }


def encode(result: dict[str, Any]) -> str:
    """Base64 of the compact UTF-8 JSON: one line, as ``$GITHUB_OUTPUT`` needs."""
    data = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(data).decode("ascii")


def decode(text: str) -> dict[str, Any]:
    """The inverse of ``encode`` (what the reporter action does)."""
    value: dict[str, Any] = json.loads(base64.b64decode(text.strip()).decode("utf-8"))
    return value


def render_run(run: RunResult, lang: str = "en") -> str:
    return encode(runner_result(run, lang))
