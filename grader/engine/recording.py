"""What the checks exercise, recorded for the clause table (``grader.clauses``).

Off unless a tool sets ``RECORDER`` to a list: then every check appends what it
exercised, so that the table of the contract's clauses is generated from what the checks
really do, not from what their docstrings say.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

RECORDER: list[tuple[str, str, str, str]] | None = None
"""When a list (``grader.clauses`` sets it while it grades the references), every check
appends what it exercised: (lesson, exercise, check, what), ``what`` being an input form
(``list``, ``int``, ``scalar``, ``empty``), ``no_mutation`` or ``raises``. It is how the
clause table is generated from what the checks really do."""


def input_forms(args: Sequence[Any], kwargs: dict[str, Any] | None = None) -> set[str]:
    """The contract's input forms among a call's arguments: ``list``, ``int`` (an int array, a
    list of ints, or a Python int as the first argument), ``scalar`` (a first argument that is
    a Python number or a 0-d array) and ``empty`` (an array or list with no entries)."""
    forms: set[str] = set()
    for position, value in enumerate([*args, *(kwargs or {}).values()]):
        first = position == 0
        if isinstance(value, bool):
            continue
        if isinstance(value, list):
            forms.add("list")
            try:
                arr = np.asarray(value)
            except ValueError:
                continue
            if arr.size == 0:
                forms.add("empty")
            elif arr.dtype.kind in "iu":
                forms.add("int")
        elif isinstance(value, np.ndarray):
            forms.add("array")
            if value.size == 0:
                forms.add("empty")
            elif value.dtype.kind in "iu":
                forms.add("int")
            if value.ndim == 0 and first:
                forms.add("scalar")
        elif isinstance(value, (int, np.integer)) and first:
            forms.update(("int", "scalar"))
        elif isinstance(value, (float, np.floating)) and first:
            forms.add("scalar")
    return forms
