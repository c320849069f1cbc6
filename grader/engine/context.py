"""What a check works with: calls into learner code, the reference, seeded randomness."""

from __future__ import annotations

import itertools
import time
import zlib
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checking import Failure, Observation
from grader.course import Exercise, Lesson, load_course
from grader.engine.session import LessonSession
from grader.forbidden import expand
from grader.i18n import tr
from grader.numeric.format import show_call
from grader.sandbox.codec import Handle, Instrument
from grader.sandbox.probes import Probe
from grader.source import LearnerSource

if TYPE_CHECKING:
    from pathlib import Path

    from grader.model import LessonResult
    from grader.sandbox.limits import Limits
    from grader.sandbox.runner import Sandbox

    GradeLesson = Callable[[Lesson, Path, Sandbox, Limits, int, tuple[str, ...]], LessonResult]


class Context:
    """Given to every check of one exercise."""

    def __init__(self, lesson: Lesson, exercise: Exercise, session: LessonSession,
                 reference: ModuleType, source: LearnerSource, check_name: str,
                 seed: int = 0, memo: dict[str, Any] | None = None,
                 grade_lesson: GradeLesson | None = None) -> None:
        self.lesson = lesson
        self.exercise = exercise
        self.reference = reference
        self.source = source
        self._session = session
        self._check = check_name
        self._seed = seed
        self._ids = itertools.count(1)
        self.data: dict[str, Any] = {}
        # shared by the checks of one exercise: a later check may reuse what an earlier
        # one observed (lesson 12 draws the loss curves of two trainings in one picture)
        self.memo: dict[str, Any] = memo if memo is not None else {}
        # how to grade another lesson (``grade_other``): given by the engine that runs this
        # check, so that what checks use never imports the engine back
        self._grade_lesson = grade_lesson

    # -- calling learner code -------------------------------------------------------
    def call(self, *args: Any, **kwargs: Any) -> Observation:
        """Call the exercise's own function with these arguments (in the child).

        For an exercise with forbidden calls, the child also watches for them (under any
        name) and what it saw is kept for the "built it yourself" check (``forbidden_seen``).
        """
        watched = self._watched_names()
        obs = self._session.call(self.exercise.name, self.exercise.name, args, kwargs,
                                 trace=watched or None)
        if watched and obs.traced:
            seen = self.memo.setdefault("forbidden_seen", [])
            seen.extend(n for n in obs.traced if n not in seen)
        return obs

    def forbidden_seen(self) -> list[str]:
        """The forbidden operations the exercise's calls reached so far (see ``call``)."""
        return list(self.memo.get("forbidden_seen", []))

    def _watched_names(self) -> tuple[str, ...]:
        return tuple(f for f in expand(self.exercise.forbidden) if not f.isidentifier())

    def call_named(self, func: str, *args: Any, **kwargs: Any) -> Observation:
        """Call another function of the learner's lesson file."""
        return self._session.call(self.exercise.name, func, args, kwargs)

    def call_handle(self, handle: Handle, *args: Any, name: str = "predict",
                    **kwargs: Any) -> Observation:
        """Call a callable that learner code returned earlier (it lives in the child)."""
        return self._session.call(self.exercise.name, name, args, kwargs, handle=handle.id)

    def call_watched(self, watch: Sequence[Probe], *args: Any, **kwargs: Any) -> Observation:
        """Call the exercise while the child watches other learner functions it uses.

        ``observation.watch`` says how often each was called, the time spent inside it
        and the training loss it saw; if the call runs out of time, the
        ``LearnerTimeout`` carries the last progress the child reported.
        """
        return self._session.call(self.exercise.name, self.exercise.name, args, kwargs,
                                  watch=tuple(watch))

    def call_timed(self, limit: float, watch: Sequence[Probe], args: tuple[Any, ...] = (),
                   kwargs: dict[str, Any] | None = None) -> Observation:
        """Call the exercise with its own time limit of ``limit`` seconds, watched.

        For a call the contract times (a training): it runs whatever time earlier calls of
        the exercise used, and ``observation.elapsed`` is measured by the grader, never
        taken from the learner's process. ``limit`` comes from ``timed_limit``.
        """
        return self._session.call(self.exercise.name, self.exercise.name, args, dict(kwargs or {}),
                                  watch=tuple(watch), limit=limit)

    def timed_limit(self, seconds: float, runs: int) -> float:
        """The limit of one of ``runs`` timed calls: the contract's ``seconds``, scaled like
        every budget, and at most an equal share of the exercise's whole budget (so that
        the registry, ``--timeout`` and ``--timeout-scale`` bound it as they bound the rest)."""
        limits = self._session.limits
        return min(seconds * limits.timeout_scale, limits.wall(self.exercise.timeout) / max(runs, 1))

    def call_traced(self, forbidden: Sequence[str], watch: Sequence[Probe], *args: Any,
                    **kwargs: Any) -> Observation:
        """Call the exercise while the child watches for the ``forbidden`` operations (and
        the learner functions ``watch`` names): ``observation.traced`` lists those reached."""
        return self._session.call(self.exercise.name, self.exercise.name, args, kwargs,
                                  watch=tuple(watch), trace=tuple(forbidden), trace_only=True)

    def value(self, *args: Any, **kwargs: Any) -> Any:
        """Call the exercise and return its value; anything raised becomes a verdict."""
        return self.call(*args, **kwargs).result()

    def instrument(self, function: str, **params: Any) -> Instrument:
        """A grader-supplied callable for learner code, recording each call it receives."""
        return Instrument(f"i{next(self._ids)}", function, params)

    def generator(self, seed: int) -> Instrument:
        """``np.random.default_rng(seed)``, built in the child for learner code to use.

        The parent replays the same seed to know every number the learner could draw.
        """
        return Instrument(f"g{next(self._ids)}", "default_rng", {"seed": int(seed)},
                          kind="generator")

    def remaining(self) -> float:
        """Seconds left in this exercise's time budget."""
        return self._session.remaining(self.exercise.name)

    def grade_other(self, lesson_id: str, exercises: tuple[str, ...] = ()) -> LessonResult | None:
        """Grade (some exercises of) another lesson of the same workspace.

        For a lesson that builds on earlier ones: when it fails, the earlier functions it
        imports can be checked on their own, and the failing one named. It runs on this
        exercise's remaining time: the earlier lesson's limits are scaled down to fit, the
        time spent is charged here, and ``None`` says too little time was left to try
        (or that the engine gave this check no way to grade another lesson).
        """
        if self._grade_lesson is None:
            return None
        lesson = load_course().lesson(lesson_id)
        selected = [e for e in lesson.exercises if not exercises or e.name in exercises]
        limits = self._session.limits
        needed = sum(limits.wall(e.timeout) for e in selected)
        left = self.remaining() - 0.25  # keep a moment for this check's own verdict
        if needed <= 0 or left < 0.5:
            return None
        scaled = limits.with_overrides(timeout_scale=limits.timeout_scale * min(1.0, left / needed))
        started = time.monotonic()
        try:
            return self._grade_lesson(lesson, self._session.workspace, self._session.sandbox, scaled,
                                      self._seed, exercises)
        finally:
            self._session.charge(self.exercise.name, time.monotonic() - started)

    # -- helpers ----------------------------------------------------------------------
    def rng(self, salt: str = "") -> np.random.Generator:
        """Randomness that is the same on every run (seeded by lesson, check and salt)."""
        key = f"{self.lesson.id}:{self.exercise.name}:{self._check}:{salt}:{self._seed}"
        return np.random.default_rng(zlib.crc32(key.encode("utf-8")))

    def show(self, *args: Any, func: str | None = None, **kwargs: Any) -> str:
        return show_call(func or self.exercise.name, args, kwargs)

    def expect_raises(self, error: str, *args: Any, **kwargs: Any) -> Observation:
        """The call must raise ``error`` (the contract's ValueErrors)."""
        obs = self.call(*args, **kwargs)
        if obs.raised is None:
            raise Failure(tr("{func} should raise {error} here, but it returned a value.",
                             "此时 {func} 应抛出 {error}，但它返回了结果。",
                             func=self.exercise.name, error=error),
                          f"call:     {self.show(*args, **kwargs)}\nreturned: {obs.value!r}", ("no_raise",))
        if obs.raised.type == "NotImplementedError":
            obs.result()
        if not obs.raised.is_a(error):
            raise Failure(tr("{func} should raise {error} here, but it raised {got}.",
                             "此时 {func} 应抛出 {error}，但它抛出了 {got}。",
                             func=self.exercise.name, error=error, got=obs.raised.type),
                          f"call:     {self.show(*args, **kwargs)}\nraised:   {obs.raised.summary()}\n"
                          f"{obs.raised.traceback}", ("wrong_exception",))
        return obs

    def expect_unmodified(self, obs: Observation, *args: Any, **kwargs: Any) -> None:
        """The call must not have changed any of its (array or list) arguments."""
        if obs.mutated:
            names = ", ".join(str(m if isinstance(m, str) else f"argument {m + 1}")
                              for m in obs.mutated)
            raise Failure(tr("{func} changed its input in place ({names}): work on a copy.",
                             "{func} 修改了输入（{names}）：请在副本上计算。",
                             func=obs.func, names=names),
                          f"call:     {self.show(*args, **kwargs)}", ("mutates_input",))

    def expect_unchanged(self, obs: Observation, names: Sequence[str], call: str) -> None:
        """Like ``expect_unmodified``, naming each changed argument by its contract name
        (``names`` in positional order) and showing ``call`` instead of the arguments."""
        if obs.mutated:
            changed = ", ".join(names[m] if isinstance(m, int) and m < len(names) else str(m)
                                for m in obs.mutated)
            raise Failure(tr("{func} changed its input {names} in place: work on a copy "
                             "(write x = x - ..., not x -= ..., on an array you were given).",
                             "{func} 原地修改了输入 {names}：请在副本上计算（对传入的数组写 "
                             "x = x - ...，而不是 x -= ...）。", func=obs.func, names=changed),
                          f"call:     {call}", ("mutates_input",))
