"""Write docs/clauses.md, the table of the contract's clauses and the checks that fail without them.

    python bench/clauses.py            # rewrite docs/clauses.md (exit 1 if a clause has no check)
    python bench/clauses.py --check    # exit 1 when the page is out of date or has a gap

The table is built by ``grader.clauses`` (see its docstring); tests/test_clauses.py runs the
same check.
"""

from __future__ import annotations

import sys

from grader.clauses import main

if __name__ == "__main__":
    sys.exit(main())
