"""Finding a lesson's checks: the decorated functions of ``grader.checks.<lesson id>``."""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from grader.checking import CheckSpec
from grader.course import Lesson


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
        for spec in specs:
            missing = set(spec.requires) - names
            if missing:
                raise CheckModuleError(f"{lesson.id}: {spec.name} requires unknown {missing}")
    return {name: tuple(specs) for name, specs in by_exercise.items()}
