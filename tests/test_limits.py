"""Limits: documented defaults, overridden by the registry, then by the command line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import copy_solutions

from grader import api
from grader.course import RegistryError, load_course, parse_course
from grader.sandbox.limits import GIB, MIB, Limits, format_seconds, format_size, parse_size

LESSON = {"id": "lesson01", "file": "lesson01_x.py", "title": {"en": "a", "zh": "b"},
          "exercise": [{"name": "f", "summary": {"en": "a", "zh": "b"}, "timeout": 4.0, "cpu": 2.0},
                       {"name": "g", "summary": {"en": "a", "zh": "b"}}]}


def test_defaults_are_the_documented_ones() -> None:
    limits = Limits()
    assert (limits.memory, limits.output, limits.file_size) == (GIB, MIB, 64 * MIB)
    assert limits.timeout_scale == 1.0 and limits.timeout is None and limits.cpu is None
    assert limits.wall(10.0) == 10.0 and limits.cpu_time(10.0) == 10.0


def test_sizes_and_durations_read_and_print() -> None:
    assert parse_size("1GiB") == parse_size("1 G") == parse_size(GIB) == GIB
    assert parse_size("512MiB") == 512 * MIB and parse_size("10KiB") == 10240
    for bad in ("lots", "-1", "0", "1 TB", True):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert [format_size(n) for n in (GIB, MIB, 3 * GIB // 2, 300)] == \
        ["1 GiB", "1 MiB", "1.5 GiB", "300 bytes"]
    assert [format_seconds(s) for s in (10.0, 2.5, 0.25, 120)] == ["10 s", "2.5 s", "0.25 s", "120 s"]


def test_registry_sets_lesson_limits_and_exercise_cpu() -> None:
    course = parse_course({"lesson": [{**LESSON, "limits": {"memory": "2GiB", "output": "4MiB"}}]})
    lesson = course.lessons[0]
    assert lesson.exercises[0].cpu == 2.0 and lesson.exercises[1].cpu is None
    limits = api.lesson_limits(lesson)
    assert limits.memory == 2 * GIB and limits.output == 4 * MIB
    assert limits.cpu_time(4.0, 2.0) == 2.0 and limits.cpu_time(10.0) == 10.0
    # The command line wins over the registry; the scale applies to registry budgets.
    overridden = api.lesson_limits(lesson, None, {"memory": "300MiB", "timeout_scale": 2})
    assert overridden.memory == 300 * MIB and overridden.output == 4 * MIB
    assert overridden.wall(4.0) == 8.0 and overridden.cpu_time(4.0, 2.0) == 4.0


@pytest.mark.parametrize("limits", [{"memory": "lots"}, {"stack": 1}, {"output": -5}, "2GiB",
                                    {"cpu": 5}, {"timeout_scale": 2}])
def test_registry_rejects_bad_limits(limits: object) -> None:
    with pytest.raises(RegistryError):
        parse_course({"lesson": [{**LESSON, "limits": limits}]})


def test_registered_lessons_have_valid_limits() -> None:
    for lesson in load_course().lessons:
        api.lesson_limits(lesson)


def test_worst_case_run_stays_within_its_time_limits(tmp_path: Path) -> None:
    """Every function of every lesson loops forever: grading still ends in time."""
    workspace = copy_solutions(tmp_path / "ws")
    course = load_course()
    for lesson in course.lessons:
        path = workspace / lesson.file
        endless = "".join(f"\n\ndef {e.name}(*args, **kwargs):\n    while True:\n        pass\n"
                          for e in lesson.exercises)
        path.write_text(path.read_text(encoding="utf-8") + endless, encoding="utf-8")
    overrides = {"timeout": 0.5}
    budget = sum(api.lesson_limits(lesson, None, overrides).wall(e.timeout)
                 for lesson in course.lessons for e in lesson.exercises)
    started = time.monotonic()
    run = api.grade_all(workspace, overrides=overrides)
    elapsed = time.monotonic() - started
    outcomes = {e.outcome.value for lesson in run.lessons for e in lesson.exercises}
    assert outcomes == {"timeout"} and run.score == 0
    assert elapsed <= budget + 2.0, f"{elapsed:.1f} s for time limits summing to {budget} s"
