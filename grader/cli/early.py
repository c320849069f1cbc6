"""The zygote a grading command starts before it reads its command line.

Grading needs two interpreters with NumPy: this one, and the zygote that forks the
workers running learner code. Started when the grading command asks for its sandbox,
the zygote is the last of the two to be ready, and the first lesson waits for it
(some 40 ms of a ``grade lesson01`` of a quarter of a second). Started first
(``launch``), before click and the grader are imported, it boots beside them; the
sandbox later tells it its options (``runner.start_zygote_early``). Only a command
that grades gets one: the command line is read for its first word, ``all`` or a
lesson; any other command, or a guess gone wrong, costs nothing but that zygote,
which exits when this process does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.sandbox.runner import EarlyZygote

_GRADING = re.compile(r"all|lesson\d{1,2}|\d{1,2}", re.IGNORECASE)
_TAKES_VALUE = frozenset({"--lang"})  # the group's own options that take a value
_started: list[EarlyZygote] = []


def grades(args: list[str]) -> bool:
    """Whether ``args`` (after the program's name) run a grading command: ``all`` or a lesson."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("--help", "-h", "--version"):
            return False
        elif arg in _TAKES_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return _GRADING.fullmatch(arg) is not None
    return False


def start_for(args: list[str]) -> None:
    """Start the zygote if ``args`` grade, on the fork runner (the portable one has none),
    after placing this process and so the zygote (``grader.sandbox.placement``)."""
    if not grades(args):
        return
    from grader.sandbox.platform import runner_wanted

    if runner_wanted() == "fork":
        from grader.sandbox import placement
        from grader.sandbox.runner import start_zygote_early

        placement.take_up()  # this process on one CPU, the zygote and its workers on the rest
        started = start_zygote_early()
        if started is not None:
            _started.append(started)


def take() -> EarlyZygote | None:
    """The zygote started for this command, once (``None`` when none was)."""
    return _started.pop() if _started else None
