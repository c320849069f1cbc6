"""``python -m grader.compile_templates [--check]``: write or check the HTML templates'
code generated ahead of time (``grader/reporters/template_loading.py`` says why).

A tool for whoever edits a template, as ``grader.course_figures`` is for the lesson
figures: the reporters only read the generated modules, this writes them."""

from __future__ import annotations

import argparse

from grader.atomic import write_atomic
from grader.reporters.compiled_templates import FOLDER, differences, expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.compile_templates",
                                     description="Compile the HTML templates ahead of time.")
    parser.add_argument("--check", action="store_true",
                        help="only say which generated modules are missing or out of date")
    args = parser.parse_args(argv)
    if args.check:
        stale = differences()
        for name in stale:
            print(f"out of date: grader/reporters/compiled_templates/{name}")
        return 1 if stale else 0
    for name, text in expected().items():
        write_atomic(FOLDER / name, text)
        print(f"wrote grader/reporters/compiled_templates/{name}")
    return 0
