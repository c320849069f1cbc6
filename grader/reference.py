"""Loading the reference solutions, in the parent only.

The references are the ``solutions/`` workspace of the course materials (the project's
folder, or the copy inside an installed package: ``grader/materials.py``), or the folder
named by ``GRADE_REFERENCE``. They are imported under their plain module names, with their
folder on ``sys.path``, so that a later lesson's reference imports an earlier one as
the contract says. Learner code never runs in this process, so the names cannot clash.
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from grader import materials
from grader.errors import GradeError


class ReferenceMissing(GradeError, RuntimeError):
    """The reference solutions are not where the grader looks for them."""


def reference_dir() -> Path:
    configured = os.environ.get("GRADE_REFERENCE")
    if configured:
        return Path(configured).resolve()
    return materials.folder("solutions")


@cache
def load_reference(module: str) -> ModuleType:
    folder = reference_dir()
    if not (folder / f"{module}.py").is_file():
        raise ReferenceMissing(
            f"the reference for {module} is not in {folder} (set GRADE_REFERENCE to its folder)"
        )
    path = str(folder)
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module(module)
