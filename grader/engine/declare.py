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
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from grader.i18n import Text

if TYPE_CHECKING:
    from grader.engine.context import Context

CheckFunction = Callable[["Context"], None]
CheckKind = Literal["value", "supporting", "advice"]
KINDS: tuple[str, ...] = ("value", "supporting", "advice")
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
    kind: CheckKind = "value"
    advice: Text | None = None


def _title(function: Callable[..., Any]) -> Text:
    doc = inspect.getdoc(function) or function.__name__.replace("_", " ")
    lines = [line.strip() for line in doc.splitlines() if line.strip()]
    en = lines[0]
    zh = lines[1] if len(lines) > 1 else en
    return Text(en, zh)


def check(exercise: str, *, weight: float = 1.0, requires: tuple[str, ...] | str = (),
          static: bool = False, title: Text | None = None, kind: CheckKind | None = None,
          advice: Text | None = None) -> Callable[[F], F]:
    """Declare ``function`` a hidden check of ``exercise``.

    ``requires`` names checks (of the same exercise) that must pass first; otherwise this
    one is skipped with a reason rather than failed again. ``static`` checks read the
    learner's source in the parent and never call learner code.

    ``kind`` says what the check is worth, because credit is for working maths:

    - ``"value"`` (the default): the function returns the right numbers. These earn points.
    - ``"supporting"`` (the default for ``static`` checks): input rejection the contract
      states, "built it yourself", no mutation, dtype niceties. They earn their weight only
      once every value check of the exercise passes, so a function that computes nothing
      earns nothing whatever else it does.
    - ``"advice"``: something a stub recommends but the contract does not ask for. It runs
      and, when not met, ``advice`` (the imperative: "raise ValueError when ...") is shown
      under the exercise; it never fails the exercise and carries no weight.
    """
    needs = (requires,) if isinstance(requires, str) else tuple(requires)
    chosen: CheckKind = kind or ("supporting" if static else "value")
    if chosen not in KINDS:
        raise ValueError(f"check kind must be one of {KINDS}, not {chosen!r}")
    if chosen == "advice" and advice is None:
        raise ValueError("an advice check needs the advice text to show")
    if chosen != "advice" and advice is not None:
        raise ValueError("only an advice check carries advice text")
    if static and chosen == "value":
        raise ValueError("a check that only reads the source cannot show the maths works")

    def decorate(function: F) -> F:
        spec = CheckSpec(
            exercise=exercise,
            name=function.__name__,
            title=title or _title(function),
            weight=0.0 if chosen == "advice" else weight,
            requires=needs,
            static=static,
            function=function,
            order=next(_ORDER),
            kind=chosen,
            advice=advice,
        )
        function.__check__ = spec  # type: ignore[attr-defined]
        return function

    return decorate


class CheckSignal(Exception):
    """Base of the exceptions a check raises to end with a verdict."""


class Failure(CheckSignal):
    """The learner's answer is wrong: ``message`` says how, ``details`` shows the numbers."""

    def __init__(self, message: Text, details: str = "", diagnosis: tuple[str, ...] = (),
                 data: dict[str, Any] | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = details
        self.diagnosis = diagnosis
        self.data = data or {}


class NotStarted(CheckSignal):
    """The exercise still raises ``NotImplementedError``."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


class LearnerError(CheckSignal):
    """Learner code raised an exception the contract did not ask for."""

    def __init__(self, message: Text, details: str = "") -> None:
        super().__init__(message.en)
        self.message = message
        self.details = details


class LearnerMissing(LearnerError):
    """The learner module has no function of the exercise's name."""


class LearnerLimit(LearnerError):
    """Learner code used up an exercise's CPU time or output: its other checks are skipped."""


class LearnerTimeout(CheckSignal):
    """Learner code ran past the exercise's time budget.

    ``progress`` is the last progress a watched call reported before it was stopped
    (a ``grader.sandbox.probes.WatchReport``), if the call was watched.
    """

    def __init__(self, message: Text, details: str = "", progress: Any = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = details
        self.progress = progress
