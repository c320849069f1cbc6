"""The console script ``grade``: start the sandbox's zygote first, then the command.

``grader.cli.early`` says why and when; this module only orders the two, so that click
and the grader are imported after the zygote's interpreter has started.
"""

from __future__ import annotations

import sys


def main(prog_name: str | None = None) -> None:
    """``grade``: a zygote for a grading command (``early``), then the click group."""
    import os

    from grader.cli import early
    from grader.sandbox.placement import one_blas_thread

    one_blas_thread(os.environ)  # before anything imports NumPy

    early.start_for(sys.argv[1:])
    from grader.cli.grading import main as group

    group(prog_name=prog_name)
