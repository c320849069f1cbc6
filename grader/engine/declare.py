"""How a hidden check is declared and ends with a verdict: see ``grader.checking``.

The declarations live in ``grader.checking``, a module that imports nothing of the
engine, so that the numeric helpers and the lesson checks can use them without an
import cycle; they are named here too, where check modules have always found them.
"""

from __future__ import annotations

from grader.checking import (
    CheckFunction,
    CheckSignal,
    CheckSpec,
    Failure,
    LearnerError,
    LearnerLimit,
    LearnerMissing,
    LearnerTimeout,
    NotStarted,
    check,
)

__all__ = ["CheckFunction", "CheckSignal", "CheckSpec", "Failure", "LearnerError", "LearnerLimit",
           "LearnerMissing", "LearnerTimeout", "NotStarted", "check"]
