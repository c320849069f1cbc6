"""What a check works with: calls into learner code, the reference, seeded randomness."""

from __future__ import annotations

import itertools
import zlib
from types import ModuleType
from typing import Any

import numpy as np

from grader.course import Exercise, Lesson
from grader.engine.declare import Failure
from grader.engine.observation import Observation
from grader.engine.session import LessonSession
from grader.i18n import tr
from grader.numeric.format import show_call
from grader.sandbox.codec import Handle, Instrument
from grader.source import LearnerSource


class Context:
    """Given to every check of one exercise."""

    def __init__(self, lesson: Lesson, exercise: Exercise, session: LessonSession,
                 reference: ModuleType, source: LearnerSource, check_name: str,
                 seed: int = 0) -> None:
        self.lesson = lesson
        self.exercise = exercise
        self.reference = reference
        self.source = source
        self._session = session
        self._check = check_name
        self._seed = seed
        self._ids = itertools.count(1)
        self.data: dict[str, Any] = {}

    # -- calling learner code -------------------------------------------------------
    def call(self, *args: Any, **kwargs: Any) -> Observation:
        """Call the exercise's own function with these arguments (in the child)."""
        return self._session.call(self.exercise.name, self.exercise.name, args, kwargs)

    def call_named(self, func: str, *args: Any, **kwargs: Any) -> Observation:
        """Call another function of the learner's lesson file."""
        return self._session.call(self.exercise.name, func, args, kwargs)

    def call_handle(self, handle: Handle, *args: Any, name: str = "predict",
                    **kwargs: Any) -> Observation:
        """Call a callable that learner code returned earlier (it lives in the child)."""
        return self._session.call(self.exercise.name, name, args, kwargs, handle=handle.id)

    def value(self, *args: Any, **kwargs: Any) -> Any:
        """Call the exercise and return its value; anything raised becomes a verdict."""
        return self.call(*args, **kwargs).result()

    def instrument(self, function: str, **params: Any) -> Instrument:
        """A grader-supplied callable for learner code, recording each call it receives."""
        return Instrument(f"i{next(self._ids)}", function, params)

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
        call = self.show(*args, **kwargs)
        if obs.raised is None:
            raise Failure(tr("{func} should raise {error} here, but it returned a value.",
                             "此时 {func} 应抛出 {error}，但它返回了结果。",
                             func=self.exercise.name, error=error),
                          f"call:     {call}\nreturned: {obs.value!r}", ("no_raise",))
        if obs.raised.type == "NotImplementedError":
            obs.result()
        if not obs.raised.is_a(error):
            raise Failure(tr("{func} should raise {error} here, but it raised {got}.",
                             "此时 {func} 应抛出 {error}，但它抛出了 {got}。",
                             func=self.exercise.name, error=error, got=obs.raised.type),
                          f"call:     {call}\nraised:   {obs.raised.summary()}\n{obs.raised.traceback}",
                          ("wrong_exception",))
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
