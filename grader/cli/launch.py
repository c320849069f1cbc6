"""The console script ``grade``: start the sandbox's zygote first, then the command, then
end the process without taking the interpreter apart.

``grader.cli.early`` says why and when the zygote starts; this module only orders the
two, so that click and the grader are imported after the zygote's interpreter has started.

At the end, the command has written everything it writes (files atomically, and closed;
the progress store committed and closed; the sandbox closed). What Python's own exit would
still do is run the exit handlers, flush the standard streams, and then free every module
and object one by one: 19 ms with NumPy and the grader loaded, a tenth of ``grade
lesson01``. ``exit_now`` does the first two, as Python does, and skips the third.
"""

from __future__ import annotations

import sys
from typing import NoReturn


def main(prog_name: str | None = None) -> None:
    """``grade``: a zygote for a grading command (``early``), the click group, then ``exit_now``."""
    import os

    from grader.cli import early
    from grader.sandbox.placement import one_blas_thread

    one_blas_thread(os.environ)  # before anything imports NumPy

    early.start_for(sys.argv[1:])
    from grader.cli.grading import main as group

    try:
        group(prog_name=prog_name)
    except SystemExit as done:  # click's standalone mode always ends so
        exit_now(done.code)


def exit_now(code: object) -> NoReturn:
    """End the process with ``code`` as ``sys.exit(code)`` would, minus the teardown.

    As CPython's own exit: wait for the threads that are not daemons and run what they
    registered to run at exit, run the ``atexit`` handlers (temporary folders, coverage),
    show a code that is not a number on stderr and exit 1, and exit 120 when the
    standard output cannot be flushed.
    """
    import atexit
    import os
    import threading

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    shutdown = getattr(threading, "_shutdown", None)
    if callable(shutdown):
        shutdown()
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if callable(run_handlers):
        run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            if stream is sys.stdout and status == 0:
                status = 120
    os._exit(status & 0xFF if status >= 0 else status % 256)
