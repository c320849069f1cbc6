"""``python -m grader.course_figures [--check] [FOLDER]``: write or check the figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader import materials
from grader.course_figures import differences, write_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.course_figures",
                                     description="Draw the lesson texts' figures from the reference solutions.")
    parser.add_argument("folder", nargs="?", type=Path, default=materials.folder("lessons") / "figures",
                        help="where the SVG files go (default: lessons/figures)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a file is missing or differs")
    args = parser.parse_args(argv)
    if args.check:
        stale = differences(args.folder)
        for name in stale:
            print(f"{args.folder / name}: differs from what the references draw", file=sys.stderr)
        print(f"{len(stale)} of the figures differ" if stale else "every figure is up to date")
        return 1 if stale else 0
    written = write_all(args.folder)
    print(f"wrote {len(written)} figures to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
