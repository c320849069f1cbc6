"""The console script ``grade``: start the sandbox's zygote first, then the command.

``grader.cli.early`` says why and when; this module only orders the two, so that click
and the grader are imported after the zygote's interpreter has started.
"""

from __future__ import annotations

import sys


def main(prog_name: str | None = None) -> None:
    """``grade``: a zygote for a grading command (``early``), then the click group."""
    from grader.cli import early

    early.start_for(sys.argv[1:])
    from grader.cli.grading import main as group

    group(prog_name=prog_name)
