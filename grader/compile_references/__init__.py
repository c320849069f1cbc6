"""``python -m grader.compile_references [--check]``: write or check the reference
solutions' code compiled ahead of time (``grader/compiled_references`` says why).

A tool for whoever edits a reference, as ``grader.compile_templates`` is for the report's
templates: the grader only reads the compiled files, this writes them, for the Python
that runs it."""

from __future__ import annotations

import argparse

from grader.atomic import write_atomic
from grader.compiled_references import FOLDER, differences, expected
from grader.materials import folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.compile_references",
                                     description="Compile the reference solutions ahead of time.")
    parser.add_argument("--check", action="store_true",
                        help="only say which compiled files are missing or out of date")
    args = parser.parse_args(argv)
    references = folder("solutions")
    if args.check:
        stale = differences(references)
        for name in stale:
            print(f"out of date: grader/compiled_references/{name}")
        return 1 if stale else 0
    for name, data in expected(references).items():
        write_atomic(FOLDER / name, data)
        print(f"wrote grader/compiled_references/{name}")
    return 0
