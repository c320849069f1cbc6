"""How a hidden check is declared, and the exceptions a check uses to say what it found.

A check is a plain function taking a ``Context``. Its docstring is its title: the first
line in English, the second in Chinese. The ``@check`` decorator attaches metadata to
the function itself (no global registry); the engine collects decorated functions from
a lesson's checks module in the order they are defined.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from grader.i18n import Text
from grader.numeric.labels import bilingual

if TYPE_CHECKING:
    from grader.engine.context import Context

CheckFunction = Callable[["Context"], None]
F = TypeVar("F", bound=Callable[..., Any])
_ORDER = itertools.count()  # definition order across a checks module


@dataclass(frozen=True)
class CheckSpec:
    """What the decorator records about a check."""

    exercise: str
    name: str
    title: Text
    weight: float
    requires: tuple[str, ...]
    static: bool
    function: CheckFunction
    order: int


def _title(function: Callable[..., Any]) -> Text:
    doc = inspect.getdoc(function) or function.__name__.replace("_", " ")
    lines = [line.strip() for line in doc.splitlines() if line.strip()]
    en = lines[0]
    zh = lines[1] if len(lines) > 1 else en
    return Text(en, zh)


def check(exercise: str, *, weight: float = 1.0, requires: tuple[str, ...] | str = (),
          static: bool = False, title: Text | None = None) -> Callable[[F], F]:
    """Declare ``function`` a hidden check of ``exercise``.

    ``requires`` names checks (of the same exercise) that must pass first; otherwise this
    one is skipped with a reason rather than failed again. ``static`` checks read the
    learner's source in the parent and never call learner code.
    """
    needs = (requires,) if isinstance(requires, str) else tuple(requires)

    def decorate(function: F) -> F:
        spec = CheckSpec(
            exercise=exercise,
            name=function.__name__,
            title=title or _title(function),
            weight=weight,
            requires=needs,
            static=static,
            function=function,
            order=next(_ORDER),
        )
        function.__check__ = spec  # type: ignore[attr-defined]
        return function

    return decorate


class CheckSignal(Exception):
    """Base of the exceptions a check raises to end with a verdict."""


class Failure(CheckSignal):
    """The learner's answer is wrong: ``message`` says how, ``details`` shows the numbers."""

    def __init__(self, message: Text, details: str | Text = "", diagnosis: tuple[str, ...] = (),
                 data: dict[str, Any] | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = bilingual(details)
        self.diagnosis = diagnosis
        self.data = data or {}


class NotStarted(CheckSignal):
    """The exercise still raises ``NotImplementedError``."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


class LearnerError(CheckSignal):
    """Learner code raised an exception the contract did not ask for."""

    def __init__(self, message: Text, details: str | Text = "") -> None:
        super().__init__(message.en)
        self.message = message
        self.details = bilingual(details)


class LearnerMissing(LearnerError):
    """The learner module has no function of the exercise's name."""


class LearnerLimit(LearnerError):
    """Learner code used up an exercise's CPU time or output: its other checks are skipped."""


class LearnerTimeout(CheckSignal):
    """Learner code ran past the exercise's time budget.

    ``progress`` is the last progress a watched call reported before it was stopped
    (a ``grader.sandbox.probes.WatchReport``), if the call was watched.
    """

    def __init__(self, message: Text, details: str | Text = "", progress: Any = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = bilingual(details)
        self.progress = progress
