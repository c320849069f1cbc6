"""The GitHub Classroom autograding runner results: one runner per exercise.

GitHub Classroom's reporter action (``classroom-resources/autograding-grading-reporter``)
reads, for each runner id listed in its ``runners`` input, the environment variable
``<RUNNER-ID upper-cased>_RESULTS``: a base64-encoded JSON object that a step published
as an output. It does two sums with the same objects:

- its log and table show, per runner, *passed tests / all tests x max_score*
  (``src/helpers/test-helpers.js``, ``getTestScore``), and their total;
- Classroom records *the sum of every test's score* (``src/notify-classroom.js``).

The two agree only if, inside a runner, every test is all-or-nothing and worth the
same. So each exercise is its own runner, whose ``max_score`` is the exercise's points
and whose tests are the exercise's counted checks (value and supporting; advice carries
no credit). A test passes when its check *earned* credit: a supporting check that passed
while a value check did not earns nothing yet (see ``grader.model.exercise_score``), so it
is reported as not passed, with the reason. A passed test scores ``points / checks``; an
exercise at 2 of 3 checks shows 0.67/1 in the log and records 0.67, and the totals agree.

Each runner object is the shape Classroom's own runners publish:
``{"version": 1, "status": "pass"|"fail"|"error", "max_score": N, "tests": [...]}``;
a test has ``name``, ``status`` (``pass``, ``fail``, or ``error`` when the learner's code
raised or timed out), ``score``, ``max_score``, ``message`` (the feedback), ``test_code``
(the command that reproduces it), ``filename``, ``line_no`` (0 when unknown) and
``duration`` in seconds. The rendered text is one ``<runner id>=<base64>`` line per
exercise: exactly what goes into ``$GITHUB_OUTPUT``. Pure functions.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from grader.engine.held import exercise_counts, held_exercise
from grader.model import WAITS_FOR_VALUES, CheckResult, ExerciseResult, Outcome, RunResult, value_checks_pass
from grader.reporters.visible import visible

VERSION = 1
# The reporter accepts ids of letters and digits (its runners input pattern).
_NOT_ID = re.compile(r"[^A-Za-z0-9]")
_COUNTED = ("value", "supporting")


def runner_id(lesson: str, exercise: str) -> str:
    """The runner id (and ``$GITHUB_OUTPUT`` key) of one exercise: ``lesson01dot``."""
    return _NOT_ID.sub("", f"{lesson}{exercise}").lower()


def _exercise_status(exercise: ExerciseResult) -> str:
    if exercise.outcome is Outcome.PASSED:
        return "pass"
    if exercise.outcome in (Outcome.ERROR, Outcome.TIMEOUT):
        return "error"
    return "fail"


def _earned(check: CheckResult, working: bool) -> bool:
    return check.outcome is Outcome.PASSED and (check.kind == "value" or working)


def _check_status(check: CheckResult, earned: bool) -> str:
    if earned:
        return "pass"
    if check.outcome in (Outcome.ERROR, Outcome.TIMEOUT):
        return "error"
    return "fail"


def _check_message(exercise: ExerciseResult, check: CheckResult, earned: bool, file: str,
                   lang: str) -> str:
    if exercise.outcome is Outcome.NOT_STARTED:
        return f"{exercise.name} is not started: write it in {file}."
    if earned:
        return ""
    if check.outcome is Outcome.PASSED or WAITS_FOR_VALUES in check.diagnosis:
        return visible(exercise.waiting(lang))
    text = check.message.get(lang) if check.message is not None else ""
    if check.details.get(lang):
        text = f"{text}\n{check.details.get(lang)}"
    return visible(text)


def exercise_runner(exercise: ExerciseResult, lesson: str, file: str, lang: str = "en",
                    held: bool = False) -> dict[str, Any]:
    """The runner object of one exercise: its counted checks as equal, all-or-nothing tests.

    ``held``: only the visible checks (``grader.engine.held``), worth nothing (the score is the
    instructor's grading), and the first test's message says how many checks are held.
    """
    note = exercise_counts(exercise).text().get(lang) if held else ""
    if held:
        exercise = held_exercise(exercise)
    counted = [c for c in exercise.checks if c.kind in _COUNTED]
    working = value_checks_pass(exercise.checks)
    started = exercise.outcome is not Outcome.NOT_STARTED
    share = exercise.max_score / len(counted) if counted else 0.0
    common = {"test_code": f"grade {lesson}", "filename": file, "line_no": exercise.line or 0}
    tests: list[dict[str, Any]] = []
    for check in counted:
        earned = started and _earned(check, working)
        tests.append({
            "name": f"{lesson} {exercise.name}: {visible(check.title.get(lang))}",
            "status": _check_status(check, earned),
            "score": share if earned else 0.0,
            "max_score": share,
            "message": _check_message(exercise, check, earned, file, lang),
            **common,
            "duration": round(check.duration, 6),
        })
    if tests and exercise.advice:  # never a failure: said once, with the first check
        tests[0]["message"] = "\n\n".join(m for m in [tests[0]["message"], *exercise.advice_lines(lang)] if m)
    if tests and note:
        tests[0]["message"] = "\n\n".join(m for m in [tests[0]["message"], note] if m)
    if not tests:  # nothing counted (the file could not be graded at all): no credit
        status = _exercise_status(exercise)
        tests.append({"name": f"{lesson} {exercise.name}", "status": "fail" if status == "pass" else status,
                      "score": 0.0, "max_score": exercise.max_score,
                      "message": "\n\n".join([*(visible(m) for m in exercise.messages(lang)),
                                                *exercise.advice_lines(lang)]), **common,
                      "duration": 0.0})
    statuses = {test["status"] for test in tests}
    return {
        "version": VERSION,
        "status": "pass" if statuses <= {"pass"} else "fail",
        "max_score": exercise.max_score,
        "tests": tests,
    }


def runner_results(run: RunResult, lang: str = "en", held: bool = False) -> dict[str, dict[str, Any]]:
    """Every exercise's runner object, by runner id, in course order."""
    return {runner_id(lesson.lesson, exercise.name): exercise_runner(exercise, lesson.lesson, lesson.file, lang,
                                                                     held)
            for lesson in run.lessons for exercise in lesson.exercises}


def encode(result: dict[str, Any]) -> str:
    """Base64 of the compact UTF-8 JSON: one line, as ``$GITHUB_OUTPUT`` needs."""
    data = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(data).decode("ascii")


def decode(text: str) -> dict[str, Any]:
    """The inverse of ``encode`` (what the reporter action does)."""
    value: dict[str, Any] = json.loads(base64.b64decode(text.strip()).decode("utf-8"))
    return value


def parse(text: str) -> dict[str, dict[str, Any]]:
    """The inverse of ``render_run``: runner objects by id."""
    pairs = (line.split("=", 1) for line in text.splitlines() if line.strip())
    return {key: decode(value) for key, value in pairs}


def render_run(run: RunResult, lang: str = "en", held: bool = False) -> str:
    """One ``<runner id>=<base64 runner object>`` line per exercise."""
    return "\n".join(f"{key}={encode(value)}" for key, value in runner_results(run, lang, held).items())
