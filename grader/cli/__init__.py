"""The ``grade`` command's front doors: parse, call the API, print, exit. No grading here.

One module per group of commands, each imported only when one of its commands runs:

- ``grading``: the ``grade`` group itself, ``grade lesson03``, ``grade all``, ``grade list``;
- ``learn``: ``init``, ``next``, ``hint``, ``watch``, ``reset``, ``solution``;
- ``report``: ``status``, ``report``;
- ``notebooks``: ``notebooks``;
- ``classroom``: ``ci init``, ``export student``, ``batch``;
- ``help``: ``--help`` in English or Chinese, and the errors that show themselves.

The console script ``grade`` is ``grader.cli.launch:main``, which starts the sandbox's
zygote before it imports the rest (``early``); ``main`` here is the click group itself.
Nothing is imported until asked for, so that ``launch`` comes first.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "main"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from grader.cli import grading

        return getattr(grading, name)
    raise AttributeError(f"module 'grader.cli' has no attribute {name!r}")
