"""``python -m grader.compile_references [--check]``: see the package's docstring."""

from __future__ import annotations

import sys

from grader.compile_references import main

if __name__ == "__main__":
    sys.exit(main())
