"""Comparisons that end a check: a value that differs from the reference is a ``Failure``.

``grader.numeric.compare`` says *how* two values differ and returns that as data; a
check wants a verdict, so these raise the difference as a ``Failure`` (message, details,
mistake ids) and return quietly when the values agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checking import Failure
from grader.diagnose.recognise import Diagnoses
from grader.numeric.compare import ATOL, RTOL, Call, Mismatch, array_mismatch, int_mismatch, scalar_mismatch


def fail_on(mismatch: Mismatch | None) -> None:
    """Raise ``mismatch`` as the check's ``Failure``; nothing when there is none."""
    if mismatch is not None:
        raise Failure(mismatch.message, mismatch.details, mismatch.diagnosis)


def expect_scalar(obtained: Any, expected: float, *, call: Call, rtol: float = RTOL,
                  atol: float = ATOL, mistakes: Diagnoses | None = None,
                  zero_d: bool = False) -> None:
    """``obtained`` must be a Python float/int or NumPy scalar close to ``expected``.

    With ``zero_d`` (an element-wise function given a scalar), a 0-d float64 array too.
    """
    fail_on(scalar_mismatch(obtained, expected, call=call, rtol=rtol, atol=atol, mistakes=mistakes,
                            zero_d=zero_d))


def expect_int(obtained: Any, expected: int, *, call: Call, mistakes: Diagnoses | None = None) -> None:
    """``obtained`` must be an integer (Python or NumPy) equal to ``expected``."""
    fail_on(int_mismatch(obtained, expected, call=call, mistakes=mistakes))


def expect_array(obtained: Any, expected: np.ndarray, *, call: Call, rtol: float = RTOL,
                 atol: float = ATOL, mistakes: Diagnoses | None = None,
                 dtype: Any = np.float64) -> None:
    """``obtained`` must be an ndarray of ``expected``'s shape and ``dtype``, entries close."""
    fail_on(array_mismatch(obtained, expected, call=call, rtol=rtol, atol=atol, mistakes=mistakes,
                           dtype=dtype))
