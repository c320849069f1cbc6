"""The ``grade`` command's front doors: parse, call the API, print, exit. No grading here.

One module per group of commands, each imported only when one of its commands runs:

- ``grading``: the ``grade`` group itself, ``grade lesson03``, ``grade all``, ``grade list``;
- ``learn``: ``init``, ``next``, ``hint``, ``watch``, ``reset``, ``solution``;
- ``report``: ``status``, ``report``;
- ``notebooks``: ``notebooks``;
- ``classroom``: ``ci init``, ``export student``, ``batch``;
- ``help``: ``--help`` in English or Chinese, and the errors that show themselves.

The console script ``grade`` is ``grader.cli:main``; ``python -m grader`` and ``python -m
grader.cli`` run the same.
"""

from grader.cli.grading import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "main"]
