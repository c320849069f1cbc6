"""The lesson registry: ordered, validated data loaded once from ``course.toml``.

The registry is the single place that says which lessons exist, which file each lives in
and which exercises (contract functions) it has. Loading it imports neither NumPy nor
any lesson, so ``grade --help`` and ``grade list`` stay fast.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from grader.i18n import Text, tr

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib


class RegistryError(ValueError):
    """The course registry is malformed: a bug in the course, not in learner code."""


@dataclass(frozen=True)
class Exercise:
    """One function of the contract that the learner writes."""

    name: str
    summary: Text
    points: float
    timeout: float
    forbidden: tuple[str, ...] = ()
    cpu: float | None = None
    element_wise: bool = False
    """The contract computes it entry by entry: a scalar input may give a 0-d array back."""
    untimed: float | None = None
    """For an exercise whose long calls the contract times (a training): the seconds its
    other calls (``predict``) may use in all; ``None``: the whole timeout."""


@dataclass(frozen=True)
class Lesson:
    """One lesson file and its exercises, in the contract's order."""

    id: str
    file: str
    title: Text
    exercises: tuple[Exercise, ...]
    limits: tuple[tuple[str, object], ...] = ()

    @property
    def module(self) -> str:
        """The module name a lesson file is imported under (``lesson09_forward``)."""
        return self.file.removesuffix(".py")

    @property
    def number(self) -> int:
        return int(self.id.removeprefix("lesson"))

    def exercise(self, name: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.name == name:
                return exercise
        raise KeyError(name)


@dataclass(frozen=True)
class Course:
    lessons: tuple[Lesson, ...]

    def lesson(self, lesson_id: str) -> Lesson:
        """Look a lesson up by id; ``3``, ``03`` and ``lesson03`` all name lesson03."""
        key = normalise_lesson_id(lesson_id)
        for lesson in self.lessons:
            if lesson.id == key:
                return lesson
        raise KeyError(lesson_id)

    def owner(self, exercise: str) -> Lesson | None:
        """The lesson that has an exercise named ``exercise`` (names are unique in the course)."""
        for lesson in self.lessons:
            if any(e.name == exercise for e in lesson.exercises):
                return lesson
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(lesson.id for lesson in self.lessons)


def normalise_lesson_id(text: str) -> str:
    """Accept ``lesson3``, ``3``, ``03`` or a lesson file name for ``lesson03``."""
    raw = text.strip().lower().removesuffix(".py")
    digits = raw.removeprefix("lesson").split("_", 1)[0]
    if digits.isdigit():
        return f"lesson{int(digits):02d}"
    return raw


def _text(value: object, where: str) -> Text:
    if not isinstance(value, dict) or not {"en", "zh"} <= set(value):
        raise RegistryError(f"{where}: needs a table with 'en' and 'zh'")
    return Text(str(value["en"]), str(value["zh"]))


_LESSON_LIMITS = ("memory", "output", "file_size")  # time budgets are per exercise


def _limits(raw: object, where: str) -> tuple[tuple[str, object], ...]:
    """A lesson's ``limits`` table (sizes like "2 GiB"), checked against ``Limits``."""
    from grader.sandbox.limits import Limits

    if raw is None:
        return ()
    if not isinstance(raw, dict) or set(raw) - set(_LESSON_LIMITS):
        raise RegistryError(f"{where}: limits may set only {', '.join(_LESSON_LIMITS)}")
    try:
        Limits().with_overrides(**raw)
    except (TypeError, ValueError) as exc:
        raise RegistryError(f"{where}: bad limits: {exc}") from None
    return tuple(sorted(raw.items()))


def parse_course(data: dict[str, object]) -> Course:
    """Validate the registry's raw data into typed records."""
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise RegistryError("[defaults] must be a table")
    default_timeout = float(defaults.get("timeout", 10.0))
    default_points = float(defaults.get("points", 1.0))
    raw_lessons = data.get("lesson")
    if not isinstance(raw_lessons, list) or not raw_lessons:
        raise RegistryError("the registry lists no [[lesson]]")
    lessons: list[Lesson] = []
    for raw in raw_lessons:
        lesson_id = str(raw["id"])
        exercises = []
        for ex in raw.get("exercise", []):
            where = f"{lesson_id}.{ex.get('name')}"
            points = float(ex.get("points", default_points))
            timeout = float(ex.get("timeout", default_timeout))
            cpu = float(ex["cpu"]) if "cpu" in ex else None
            untimed = float(ex["untimed"]) if "untimed" in ex else None
            element_wise = ex.get("element_wise", False)
            if not isinstance(element_wise, bool):
                raise RegistryError(f"{where}: element_wise must be true or false")
            if points <= 0 or timeout <= 0 or any(v is not None and v <= 0 for v in (cpu, untimed)):
                raise RegistryError(f"{where}: points, timeout, cpu and untimed must be positive")
            exercises.append(
                Exercise(
                    name=str(ex["name"]),
                    summary=_text(ex.get("summary"), where),
                    points=points,
                    timeout=timeout,
                    forbidden=tuple(str(f) for f in ex.get("forbidden", ())),
                    cpu=cpu,
                    element_wise=element_wise,
                    untimed=untimed,
                )
            )
        names = [e.name for e in exercises]
        if not names or len(set(names)) != len(names):
            raise RegistryError(f"{lesson_id}: exercise names must be present and unique")
        file = str(raw["file"])
        if not file.startswith(lesson_id + "_") or not file.endswith(".py"):
            raise RegistryError(f"{lesson_id}: file {file!r} must be '{lesson_id}_<topic>.py'")
        lessons.append(Lesson(lesson_id, file, _text(raw.get("title"), lesson_id), tuple(exercises),
                              _limits(raw.get("limits"), lesson_id)))
    ids = [lesson.id for lesson in lessons]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        raise RegistryError("lessons must be listed once each, in order")
    return Course(tuple(lessons))


@lru_cache(maxsize=1)
def load_course() -> Course:
    """The course registry, parsed and validated once per process."""
    raw = resources.files("grader").joinpath("course.toml").read_text(encoding="utf-8")
    return parse_course(tomllib.loads(raw))


def out_of_range(name: str) -> bool:
    """``lesson13`` or ``13``: a lesson number the course does not have, not a typo."""
    lesson_id = normalise_lesson_id(name)
    return lesson_id.startswith("lesson") and lesson_id[6:].isdigit()


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The choice ``word`` was probably meant to be (a typo: ``leson04``, ``entropi``), if any."""
    import difflib

    lowered = {choice.lower(): choice for choice in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> Text:
    """" Did you mean lesson04?" (with its leading space), or nothing when no choice is close."""
    guess = closest(word, choices)
    return tr(" Did you mean {guess}?", "你是不是想输入 {guess}？", guess=guess) if guess else Text("", "")


def unknown_lesson(course: Course, name: str) -> Text:
    """One line for a lesson that does not exist: the likely lesson, else the first and last."""
    first, last = course.ids[0], course.ids[-1]
    return tr("unknown lesson {name!r} (the lessons are {first} ... {last}).",
              "没有课时 {name!r}（课时为 {first} …… {last}）。",
              name=name, first=first, last=last) + (
        Text("", "") if out_of_range(name)  # lesson13: no typo
        else did_you_mean(normalise_lesson_id(name), course.ids))

