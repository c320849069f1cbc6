"""Everything a check module uses to say what it found, and nothing more.

A check is declared with ``@check``; it ends with a verdict by raising a signal
(``Failure``, ``NotStarted``, ``LearnerError`` ...); it reads what learner code did
from an ``Observation``. These are plain declarations and records: this module imports
nothing of the grader but its bilingual text, so the engine, the numeric helpers and
every lesson's checks can all depend on it without depending on each other.

A check is a plain function taking a ``Context``. Its docstring is its title: the first
line in English, the second in Chinese. The ``@check`` decorator attaches metadata to
the function itself (no global registry); the engine collects decorated functions from
a lesson's checks module in the order they are defined.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from grader.i18n import Text, tr

if TYPE_CHECKING:
    from grader.sandbox.probes import WatchReport

CheckFunction = Callable[[Any], None]
"""A check: a plain function given the engine's ``Context`` (see ``grader.engine.context``)."""
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

    def __init__(self, message: Text, details: str | Text = "", diagnosis: tuple[str, ...] = (),
                 data: dict[str, Any] | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = details  # English rows or both languages: see grader.numeric.labels
        self.diagnosis = diagnosis
        self.data = data or {}


class NotStarted(CheckSignal):
    """The exercise still raises ``NotImplementedError``."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


class LearnerError(CheckSignal):
    """Learner code raised an exception the contract did not ask for."""

    def __init__(self, message: Text, details: str | Text = "", diagnosis: tuple[str, ...] = ()) -> None:
        super().__init__(message.en)
        self.message = message
        self.details = details  # English rows or both languages: see grader.numeric.labels
        self.diagnosis = diagnosis  # the cause a lesson named for the exception (``RAISED_HINTS``)


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
        self.details = details  # English rows or both languages: see grader.numeric.labels
        self.progress = progress


# -- what the child saw -----------------------------------------------------------------


@dataclass(frozen=True)
class Raised:
    """An exception learner code raised (type and message only: never the object)."""

    type: str
    module: str
    message: str
    traceback: str = ""
    frames: tuple[tuple[str, int, str, str], ...] = ()
    mro: tuple[str, ...] = ()

    def is_a(self, name: str) -> bool:
        """Whether the exception is ``name`` or a subclass of it."""
        return name == self.type or name in self.mro

    @property
    def innermost_function(self) -> str | None:
        return self.frames[-1][2] if self.frames else None

    def summary(self) -> str:
        message = self.message.rstrip()  # NumPy ends some with a space: "(4,3) (4,) "
        return f"{self.type}: {message}" if message else self.type


@dataclass(frozen=True)
class Call:
    """One call a grader-supplied callable received (arguments decoded)."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class Shared:
    """Positions of one returned list or tuple (at ``path``) that hold the same memory."""

    path: tuple[int | str, ...]
    groups: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Observation:
    """The outcome of one call into learner code.

    ``shared`` lists the lists and tuples inside the returned value whose entries share
    memory (the same array appended twice); ``watch`` is what watched functions did
    during the call (see ``grader.sandbox.probes``).
    """

    func: str
    value: Any = None
    type_name: str = ""
    raised: Raised | None = None
    mutated: tuple[int | str, ...] = ()
    warnings: tuple[str, ...] = ()
    calls: dict[str, tuple[Call, ...]] = field(default_factory=dict)
    output: str = ""
    elapsed: float = 0.0
    shared: tuple[Shared, ...] = ()
    watch: WatchReport | None = None
    traced: tuple[str, ...] | None = None  # forbidden names the call reached (a traced call)
    hint: Text | None = None  # what the grader adds to a raised error: the argument behind it
    hint_cause: str = ""  # the cause a lesson's hint names, so that checks it explains group as one
    # The call as the feedback shows it, for ``result``: set when it raised, and formatted
    # only if a failure reports it (a check that expects a raise would otherwise format
    # every such call's arrays for nothing).
    shown: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.raised is None

    def shared_at(self, *path: int | str) -> tuple[tuple[int, ...], ...]:
        """Groups of positions sharing memory in the container at ``path`` of the value."""
        for item in self.shared:
            if item.path == tuple(path):
                return item.groups
        return ()

    def result(self) -> Any:
        """The returned value; a raised exception becomes the right check signal."""
        if self.raised is None:
            return self.value
        if self.raised.type == "NotImplementedError":
            inner = self.raised.innermost_function
            if inner is None or inner == self.func:
                raise NotStarted(tr("{func} is not written yet (it raises NotImplementedError).",
                                    "{func} 还没有实现（仍然抛出 NotImplementedError）。",
                                    func=self.func))
            raise LearnerError(
                tr("{func} calls {inner}, which is not written yet: write {inner} first.",
                   "{func} 调用了尚未实现的 {inner}：请先完成 {inner}。",
                   func=self.func, inner=inner),
                self._details(),
            )
        message = describe_raised(self.func, self.raised)
        if self.hint is not None:
            message = message + Text(". ", "。") + self.hint
        raise LearnerError(message, self._details(), (self.hint_cause,) if self.hint_cause else ())

    def _details(self) -> str:
        """The call that raised (which input), then the traceback (where)."""
        assert self.raised is not None
        shown = self.shown() if self.shown is not None else ""
        if not shown:
            return self.raised.traceback
        return "\n".join(part for part in (f"{'call:':<9} {shown}", self.raised.traceback) if part)


def describe_raised(func: str, raised: Raised) -> Text:
    """Words for an exception learner code raised, for the kinds a grader must name."""
    if raised.type == "SystemExit":
        return tr("{func} exited the process (sys.exit({code})): return a value instead.",
                  "{func} 退出了进程（sys.exit({code})）：请返回结果，而不是退出。",
                  func=func, code=raised.message)
    if raised.type == "KeyboardInterrupt":
        return tr("{func} raised KeyboardInterrupt (as if Ctrl-C had been pressed): return a value "
                  "instead.",
                  "{func} 抛出了 KeyboardInterrupt（如同按下了 Ctrl-C）：请返回结果。", func=func)
    if raised.type == "MemoryError":
        return tr("{func} raised MemoryError itself (raise MemoryError): return a value instead.",
                  "{func} 自己抛出了 MemoryError（raise MemoryError）：请返回结果。", func=func)
    if raised.type == "RecursionError":
        return tr("{func} recursed too deeply (RecursionError): is there a base case?",
                  "{func} 递归过深（RecursionError）：是否缺少终止条件？", func=func)
    return tr("{func} raised {error}", "{func} 抛出了异常 {error}",
              func=func, error=raised.summary())
