"""Which runner grades here: the sandbox for this platform (``platform.runner_wanted``).

The fork runner (``runner.Sandbox``: a zygote forks each worker, confined where Linux
allows) on Linux; the portable runner (``portable.PortableSandbox``: each worker a new
interpreter, plain) on Windows and macOS, and on Linux with ``GRADE_RUNNER=portable``.
"""

from __future__ import annotations

from pathlib import Path

from grader.sandbox.limits import Limits
from grader.sandbox.platform import runner_wanted
from grader.sandbox.runner import EarlyZygote, Nursery, Sandbox


def new_sandbox(limits: Limits | None = None, hidden: tuple[Path, ...] = (),
                alone: Path | None = None, nursery: Nursery | None = None,
                early: EarlyZygote | None = None) -> Sandbox:
    """A sandbox of the runner this platform (or ``GRADE_RUNNER``) wants; not yet started.

    ``alone`` (a batch's one submission folder) matters only where folders can be covered:
    the portable runner covers nothing, and says so in its confinement line. ``nursery``
    (``grader.sandbox.nursery``) is where the fork runner's zygote is forked from; ``early``
    its zygote already booting (``runner.start_zygote_early``), ended unused by the portable
    runner."""
    if runner_wanted() == "portable":
        from grader.sandbox.portable import PortableSandbox  # not on the fork runner's path

        if early is not None:
            early.close()
        return PortableSandbox(limits, hidden)
    return Sandbox(limits, hidden, alone=alone, nursery=nursery, early=early)


def confinement_here(limits: Limits | None = None) -> str:
    """The mode a sandbox gets on this system, as configured (its helper is started to see)."""
    with new_sandbox(limits) as sandbox:
        return str(sandbox.confinement().get("mode", "plain"))
