"""Finding a lesson's checks: the decorated functions of ``grader.checks.<lesson id>``."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import cache
from types import ModuleType
from typing import Any

from grader.checking import CheckSpec, Raised
from grader.course import Lesson
from grader.i18n import Text

RaisedHint = Callable[[Raised, tuple[Any, ...], dict[str, Any]], tuple[str, Text] | None]
"""What a lesson says about an exception its learner code raised for these arguments: the
cause it names (a diagnosis, as a fingerprint's) and the sentence that explains it."""


class CheckModuleError(RuntimeError):
    """A checks module does not match the registry: a bug in the course."""


def specs_in(module: ModuleType) -> list[CheckSpec]:
    found = [obj.__check__ for obj in vars(module).values()
             if callable(obj) and hasattr(obj, "__check__")]
    return sorted(found, key=lambda spec: spec.order)


@cache
def checks_for(lesson: Lesson) -> dict[str, tuple[CheckSpec, ...]]:
    """The checks of each exercise of ``lesson``, in definition order, validated."""
    module = importlib.import_module(f"grader.checks.{lesson.id}")
    by_exercise: dict[str, list[CheckSpec]] = {e.name: [] for e in lesson.exercises}
    for spec in specs_in(module):
        if spec.exercise not in by_exercise:
            raise CheckModuleError(f"{lesson.id}: check {spec.name} names unknown exercise "
                                   f"{spec.exercise!r}")
        by_exercise[spec.exercise].append(spec)
    for name, specs in by_exercise.items():
        if not specs:
            raise CheckModuleError(f"{lesson.id}: exercise {name!r} has no checks")
        names = {s.name for s in specs}
        if not any(s.kind == "value" for s in specs):
            raise CheckModuleError(f"{lesson.id}: exercise {name!r} has no value check: "
                                   "nothing would show that its maths works")
        advice = {s.name for s in specs if s.kind == "advice"}
        for spec in specs:
            missing = set(spec.requires) - names
            if missing:
                raise CheckModuleError(f"{lesson.id}: {spec.name} requires unknown {missing}")
            if advice & set(spec.requires):
                raise CheckModuleError(f"{lesson.id}: {spec.name} requires advice "
                                       f"{advice & set(spec.requires)}, which never fails")
    return {name: tuple(specs) for name, specs in by_exercise.items()}


@cache
def raised_hints_for(lesson: Lesson) -> Mapping[str, RaisedHint]:
    """The lesson's own words on an exception learner code raised (``RAISED_HINTS`` of its
    checks module, by function name): a ValueError a right input should not have met
    (a distribution whose float sum is not exactly 1) is named where it surfaces, not only
    in the check written for it."""
    module = importlib.import_module(f"grader.checks.{lesson.id}")
    hints: Mapping[str, RaisedHint] = getattr(module, "RAISED_HINTS", {})
    return hints
