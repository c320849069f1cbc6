"""JUnit XML, as GitLab, Jenkins and GitHub test reporters read it.

One ``<testsuite>`` per lesson and one ``<testcase>`` per check; the ``classname`` is
``lessonNN.exercise`` (GitLab shows it as the suite name) and the case's ``name`` is the
check's title. A check that did not pass carries the learner's feedback as the *text* of
its ``<failure>`` or ``<error>`` element (GitLab shows the element's text, not its
``message`` attribute), with the first line repeated in ``message``:

- failed -> ``<failure type="failed">``; not started -> ``<failure type="not_started">``
  on the exercise's first check, the checks after it ``<skipped>``;
- the learner's code raised or crashed -> ``<error type="error">``; timed out ->
  ``<error type="timeout">``; a check the grader itself could not run ->
  ``<error type="grader_error">``;
- skipped (a check it depends on did not pass) -> ``<skipped>``.

Each suite's ``<properties>`` hold the lesson's score and maximum. Text that XML 1.0
cannot carry (control characters a learner's code may print) is written as ``\\xNN``.

Two consumers, two rules. Jenkins validates with the xunit plugin's ``junit-10.xsd``,
which allows ``file`` on ``<testsuite>`` but not on ``<testcase>``; GitLab reads ``file``
only on ``<testcase>``, as a path in the repository. One document serves both: the
suite carries ``file``, the lesson file's path relative to the folder the grader runs
in (the repository's root in CI, e.g. ``exercises/lesson01_vectors.py``; absent when
the file is outside it), and no testcase carries one. GitLab loses only its "file"
column; every failure's text names the file and line anyway.

GitLab shows ``<system-out>`` only inside a ``<testcase>`` (and only for one that did
not pass). The sandbox records what a lesson file printed per lesson, not per check, so
each testcase of a lesson that printed carries that output (its first
``CASE_OUTPUT_LIMIT`` characters), and the suite the whole of it, for Jenkins.

A pure function of one ``RunResult`` (and the folder paths are relative to).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from grader.model import CheckResult, ExerciseResult, LessonResult, Outcome, RunResult

SUITES_NAME = "dl-math-grader"
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MESSAGE_LIMIT = 300
CASE_OUTPUT_LIMIT = 8000


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by a visible escape."""
    return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _seconds(value: float) -> str:
    return f"{max(value, 0.0):.3f}"


def _score(value: float) -> str:
    return f"{round(value, 6):g}"


def _feedback(check: CheckResult, lang: str) -> str:
    parts = [check.message.get(lang)] if check.message is not None else []
    if check.details.get(lang):
        parts.append(check.details.get(lang))
    return "\n".join(parts) or check.outcome.value


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= _MESSAGE_LIMIT else line[: _MESSAGE_LIMIT - 3] + "..."


def _verdict(check: CheckResult, first_not_started: bool) -> tuple[str, str] | None:
    """The child element (tag, type) for a check, or None when it passed."""
    if check.outcome is Outcome.PASSED:
        return None
    if check.outcome is Outcome.FAILED:
        return "failure", "failed"
    if check.outcome is Outcome.NOT_STARTED:
        return ("failure", "not_started") if first_not_started else ("skipped", "not_started")
    if check.outcome is Outcome.TIMEOUT:
        return "error", "timeout"
    if check.outcome is Outcome.ERROR:
        return "error", "grader_error" if "grader_error" in check.diagnosis else "error"
    return "skipped", "skipped"


def _unique(name: str, seen: dict[str, int]) -> str:
    seen[name] = seen.get(name, 0) + 1
    return name if seen[name] == 1 else f"{name} ({seen[name]})"


def repository_path(lesson: LessonResult, root: Path) -> str | None:
    """The lesson file's path relative to ``root``, with ``/``; None when outside it."""
    file = Path(lesson.workspace, lesson.file)
    try:
        relative = Path(os.path.abspath(file)).relative_to(os.path.abspath(root))
    except ValueError:
        return None
    return relative.as_posix()


def _case_output(lesson: LessonResult) -> str | None:
    if not lesson.output.strip():
        return None
    text = lesson.output
    if len(text) > CASE_OUTPUT_LIMIT:
        text = (text[:CASE_OUTPUT_LIMIT]
                + f"\n[... {len(lesson.output) - CASE_OUTPUT_LIMIT} more characters in the suite's output]")
    return xml_text(f"{lesson.file} printed, while its exercises were graded:\n{text}")


def _exercise_cases(suite: ET.Element, lesson: LessonResult, exercise: ExerciseResult,
                    lang: str, counts: dict[str, int], output: str | None) -> None:
    seen: dict[str, int] = {}
    not_started_seen = False
    case: ET.Element | None = None
    for check in exercise.checks:
        case = ET.SubElement(suite, "testcase", {
            "classname": f"{lesson.lesson}.{exercise.name}",
            "name": xml_text(_unique(check.title.get(lang), seen)),
            "time": _seconds(check.duration),
        })
        counts["tests"] += 1
        first = check.outcome is Outcome.NOT_STARTED and not not_started_seen
        not_started_seen = not_started_seen or check.outcome is Outcome.NOT_STARTED
        verdict = _verdict(check, first)
        if verdict is not None:
            tag, kind = verdict
            text = xml_text(_feedback(check, lang))
            child = ET.SubElement(case, tag, {"type": kind, "message": _first_line(text)})
            child.text = text
            counts[{"failure": "failures", "error": "errors", "skipped": "skipped"}[tag]] += 1
        if output is not None:
            ET.SubElement(case, "system-out").text = output
    if case is not None and exercise.advice:
        # Advice never fails a test: it is output of the exercise's last test case.
        advice = xml_text("\n".join(exercise.advice_lines(lang)))
        out = case.find("system-out")
        if out is None:
            ET.SubElement(case, "system-out").text = advice
        else:
            out.text = f"{out.text}\n{advice}"


def _suite(parent: ET.Element, lesson: LessonResult, lang: str, root: Path) -> dict[str, int]:
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suite = ET.SubElement(parent, "testsuite", {"name": lesson.lesson})
    path = repository_path(lesson, root)
    if path is not None:
        suite.set("file", xml_text(path))
    properties = ET.SubElement(suite, "properties")
    for name, value in (("file", lesson.file), ("score", _score(lesson.score)),
                        ("max_score", _score(lesson.max_score))):
        ET.SubElement(properties, "property", {"name": name, "value": xml_text(value)})
    if lesson.problem is not None:
        ET.SubElement(properties, "property",
                      {"name": "problem", "value": xml_text(lesson.problem.get(lang))})
    output = _case_output(lesson)
    for exercise in lesson.exercises:
        _exercise_cases(suite, lesson, exercise, lang, counts, output)
    if lesson.output.strip():
        ET.SubElement(suite, "system-out").text = xml_text(lesson.output)
    suite.set("tests", str(counts["tests"]))
    suite.set("failures", str(counts["failures"]))
    suite.set("errors", str(counts["errors"]))
    suite.set("skipped", str(counts["skipped"]))
    suite.set("time", _seconds(lesson.duration))
    return counts


def render_run(run: RunResult, lang: str = "en", relative_to: Path | None = None) -> str:
    """The JUnit XML document (UTF-8 text, with its XML declaration) for ``run``.

    Paths are relative to ``relative_to``, by default the current folder: where a CI job
    runs the grader, the repository's root.
    """
    base = Path.cwd() if relative_to is None else relative_to
    root = ET.Element("testsuites", {"name": SUITES_NAME})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for lesson in run.lessons:
        counts = _suite(root, lesson, lang, base)
        for key in totals:
            totals[key] += counts[key]
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", _seconds(run.duration))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
