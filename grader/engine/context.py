"""What a check works with: calls into learner code, the reference, seeded randomness.

Hidden inputs a table cannot learn: beyond its fixed worked examples, a check draws its
inputs from ``ctx.rng()``, seeded by the *submission* (``grader.engine.seeding``): a
digest of the lesson's source and of the other files of the workspace, mixed with the
course secret (``GRADE_SECRET``). The same bytes always draw the same inputs, so a
verdict is reproducible; any edit draws new ones, so values copied from one run's
feedback do not answer the next. A failure shows the seed it drew with, and
``--seed N`` replays exactly those inputs.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import itertools
import os
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import PurePath
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checking import Failure, Observation
from grader.course import Exercise, Lesson, load_course
from grader.diagnose.arguments import argument_hint
from grader.engine import recording
from grader.engine.collect import raised_hints_for
from grader.engine.seeding import course_secret, submission_seed, workspace_digest
from grader.engine.session import LessonSession
from grader.i18n import Text, tr
from grader.numeric.format import show_call
from grader.reading.forbidden import expand
from grader.reading.source import LearnerSource
from grader.sandbox.codec import Handle, Instrument
from grader.sandbox.probes import Probe

if TYPE_CHECKING:
    from pathlib import Path

    from grader.model import LessonResult
    from grader.sandbox.limits import Limits
    from grader.sandbox.runner import Sandbox

    GradeLesson = Callable[[Lesson, Path, Sandbox, Limits, int | None, tuple[str, ...]], LessonResult]


_digests: dict[tuple[Any, ...], int] = {}  # submission seeds by (lesson, files' stamp, text, secret)
_file_digests: dict[tuple[Any, ...], bytes] = {}  # ``workspace_digest`` by (workspace, files' stamp)


@functools.cache
def _watched(forbidden: tuple[str, ...]) -> tuple[str, ...]:
    """The forbidden names a call of the exercise is watched for (those that are not plain
    names, which the source check finds), worked out once per exercise, not at every call."""
    return tuple(name for name in expand(forbidden) if not name.isidentifier())


class Context:
    """Given to every check of one exercise.

    ``seed`` is the seed of the hidden inputs; ``None`` (the default for a grading run)
    draws it from the submission (``submission_seed``).
    """

    def __init__(self, lesson: Lesson, exercise: Exercise, session: LessonSession,
                 reference: ModuleType, source: LearnerSource, check_name: str,
                 seed: int | None = None, memo: dict[str, Any] | None = None,
                 grade_lesson: GradeLesson | None = None) -> None:
        self.lesson = lesson
        self.exercise = exercise
        self.reference = reference
        self.source = source
        self._session = session
        self._check = check_name
        self._given_seed = seed
        self._drawn: int | None = None
        self.drew_inputs = False  # whether this check drew from ``rng()``: its feedback shows the seed
        self._rejecting = False
        self._ids = itertools.count(1)
        self.data: dict[str, Any] = {}
        # shared by the checks of one exercise: a later check may reuse what an earlier
        # one observed (lesson 12 draws the loss curves of two trainings in one picture)
        self.memo: dict[str, Any] = memo if memo is not None else {}
        # how to grade another lesson (``grade_other``): given by the engine that runs this
        # check, so that what checks use never imports the engine back
        self._grade_lesson = grade_lesson

    # -- calling learner code -------------------------------------------------------
    def _record(self, what: str) -> None:
        if recording.RECORDER is not None:
            recording.RECORDER.append((self.lesson.id, self.exercise.name, self._check, what))

    def call(self, *args: Any, **kwargs: Any) -> Observation:
        """Call the exercise's own function with these arguments (in the child).

        For an exercise with forbidden calls, the child also watches for them (under any
        name) and what it saw is kept for the "built it yourself" check (``forbidden_seen``).
        """
        if recording.RECORDER is not None and not self._rejecting:
            for form in recording.input_forms(args, kwargs):
                self._record(form)
        watched = self._watched_names()
        obs = self._session.call(self.exercise.name, self.exercise.name, args, kwargs,
                                 trace=watched or None)
        if watched and obs.traced:
            seen = self.memo.setdefault("forbidden_seen", [])
            seen.extend(n for n in obs.traced if n not in seen)
        return self._hinted(obs, self.exercise.name, args, kwargs)

    def forbidden_seen(self) -> list[str]:
        """The forbidden operations the exercise's calls reached so far (see ``call``)."""
        return list(self.memo.get("forbidden_seen", []))

    def _watched_names(self) -> tuple[str, ...]:
        return _watched(tuple(self.exercise.forbidden))

    def call_named(self, func: str, *args: Any, **kwargs: Any) -> Observation:
        """Call another function of the learner's lesson file."""
        return self._hinted(self._session.call(self.exercise.name, func, args, kwargs), func, args, kwargs)

    def _hinted(self, obs: Observation, func: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Observation:
        """An error raised in learner code, explained: by the lesson where it knows the cause
        (``RAISED_HINTS``), else pointed back at the argument NumPy's message names."""
        if obs.raised is None:
            return obs
        # the lesson's own words first (they know the exercise), then NumPy's shapes read generally
        lesson_hint = raised_hints_for(self.lesson).get(func)
        named = lesson_hint(obs.raised, args, kwargs) if lesson_hint is not None else None
        cause, hint = named if named is not None else (
            "", argument_hint(obs.raised, _names(self.reference, func, len(args)), args, kwargs))
        return dataclasses.replace(obs, hint=hint, hint_cause=cause,
                                   shown=functools.partial(show_call, func, args, kwargs))

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
                                      self._given_seed, exercises)
        finally:
            self._session.charge(self.exercise.name, time.monotonic() - started)

    # -- helpers ----------------------------------------------------------------------
    @property
    def seed(self) -> int:
        """The seed of this run's hidden inputs (given with ``--seed``, or the submission's)."""
        if self._given_seed is not None:
            return self._given_seed
        if self._drawn is None:
            drawn = self._session.drawn_seed if self._session is not None else None
            if drawn is None:  # the lesson's first check to ask draws it for the others
                drawn = self._drawn_seed()
                if self._session is not None:
                    self._session.drawn_seed = drawn
            self._drawn = drawn
        return self._drawn

    def _drawn_seed(self) -> int:
        found = getattr(self._session, "workspace", None)
        workspace = found if isinstance(found, PurePath) else None
        stamp: tuple[Any, ...] = ()
        if workspace is not None:
            try:
                entries = []
                for entry in os.scandir(workspace):
                    if entry.is_file(follow_symlinks=False):
                        status = entry.stat()
                        entries.append((entry.name, status.st_size, status.st_mtime_ns))
                stamp = tuple(sorted(entries))
            except OSError:
                stamp = ()
        secret = course_secret()
        text = self.source.text if self.source is not None else ""
        key = (self.lesson.id, str(workspace), hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
               stamp, secret)
        if key not in _digests:
            if len(_digests) > 256:
                _digests.clear()
            # The files' part of the seed is the same for every lesson of the workspace while
            # the files are (by name, size and time): read once, not once per lesson.
            files_key = (str(workspace), stamp)
            if files_key not in _file_digests:
                if len(_file_digests) > 64:
                    _file_digests.clear()
                _file_digests[files_key] = workspace_digest(workspace)
            _digests[key] = submission_seed(text, workspace, self.lesson.id, secret, _file_digests[files_key])
        return _digests[key]

    def rng(self, salt: str = "") -> np.random.Generator:
        """Randomness for hidden inputs: the same for the same submission, new for any edit.

        Seeded by lesson, exercise, check, salt and the run's seed (``seed``), itself drawn
        from the submission's bytes and the course secret unless ``--seed`` gave it.
        """
        self.drew_inputs = True
        key = f"{self.lesson.id}:{self.exercise.name}:{self._check}:{salt}:{self.seed}"
        return np.random.default_rng(zlib.crc32(key.encode("utf-8")))

    def seed_note(self) -> Text | None:
        """The line a failure shows when its inputs were drawn: the seed, and how to replay it."""
        if not self.drew_inputs:
            return None
        return tr("hidden inputs drawn with seed {seed}: `grade {lesson} --seed {seed}` draws the same "
                  "ones again (any edit to your files draws new ones).",
                  "隐藏输入由种子 {seed} 生成：命令 \"grade {lesson} --seed {seed}\" 会再次生成相同的输入"
                  "（修改文件后会生成新的输入）。", seed=self.seed, lesson=self.lesson.id)

    def show(self, *args: Any, func: str | None = None, **kwargs: Any) -> str:
        return show_call(func or self.exercise.name, args, kwargs)

    def expect_raises(self, error: str, *args: Any, **kwargs: Any) -> Observation:
        """The call must raise ``error`` (the contract's ValueErrors)."""
        self._record("raises")
        self._rejecting = True  # the forms of an input to be rejected are not forms it accepts
        try:
            obs = self.call(*args, **kwargs)
        finally:
            self._rejecting = False
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
        self._record("no_mutation")
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
        self._record("no_mutation")
        if obs.mutated:
            changed = ", ".join(names[m] if isinstance(m, int) and m < len(names) else str(m)
                                for m in obs.mutated)
            raise Failure(tr("{func} changed its input {names} in place: work on a copy "
                             "(write x = x - ..., not x -= ..., on an array you were given).",
                             "{func} 原地修改了输入 {names}：请在副本上计算（对传入的数组写 "
                             "x = x - ...，而不是 x -= ...）。", func=obs.func, names=changed),
                          f"call:     {call}", ("mutates_input",))


def _names(reference: ModuleType | None, func: str, count: int) -> list[str]:
    """The contract's names of a call's positional arguments (from the reference's signature)."""
    try:
        params = list(inspect.signature(getattr(reference, func)).parameters)
    except (AttributeError, TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"argument {i + 1}" for i in range(count)]
