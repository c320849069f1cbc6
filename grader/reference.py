"""Loading the reference solutions, in the parent only, from their source.

The references are the ``solutions/`` workspace of the course materials (the project's
folder, or the copy inside an installed package: ``grader/materials.py``), or the folder
named by ``GRADE_REFERENCE``. They are loaded under their plain module names, so that a
later lesson's reference imports an earlier one as the contract says. Learner code never
runs in this process, so the names cannot clash.

Each reference runs the code of the bytes of its ``.py`` file, read here: compiled from
them, or made from exactly them ahead of time (``grader.compiled_references``, part of the
grader); no bytecode cache is read or written (a ``.pyc`` planted in
``solutions/__pycache__`` changes nothing), and ``loaded_digest`` covers exactly the bytes
that were run. The folder is not
put on ``sys.path``: only the lesson module names are answered from it.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import ModuleType

from grader import compiled_references, materials
from grader.errors import GradeError

_LOADED: dict[str, bytes] = {}  # module name -> the bytes that were compiled and run
_LOCK = threading.RLock()


class ReferenceMissing(GradeError, RuntimeError):
    """The reference solutions are not where the grader looks for them."""


def reference_dir() -> Path:
    configured = os.environ.get("GRADE_REFERENCE")
    if configured:
        return Path(configured).resolve()
    return materials.folder("solutions")


def reference_copies() -> tuple[Path, ...]:
    """Every copy of the references the grader knows of (existing folders, resolved):
    the one in use, the packaged ``grader/_materials/solutions`` and the project's
    ``solutions/``. Learner code must see none of them (``grader.api``)."""
    found: list[Path] = []
    for folder in (reference_dir(), *materials.solution_copies()):
        real = folder.resolve()
        if real.is_dir() and real not in found:
            found.append(real)
    return tuple(found)


class _SourceLoader(importlib.abc.Loader):
    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        data = self.path.read_bytes()
        code = (compiled_references.code_for(self.name, data, str(self.path))
                or compile(data, str(self.path), "exec", dont_inherit=True))
        _LOADED[self.name] = data
        module.__file__ = str(self.path)
        exec(code, module.__dict__)


class _ReferenceFinder(importlib.abc.MetaPathFinder):
    """Answers for the lesson module names, from the reference folder's source files."""

    def __init__(self, folder: Path, names: frozenset[str]) -> None:
        self.folder = folder
        self.names = names

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names:
            return None
        file = self.folder / f"{fullname}.py"
        if not file.is_file():
            return None
        spec = importlib.util.spec_from_loader(fullname, _SourceLoader(fullname, file), origin=str(file))
        if spec is not None:
            spec.has_location = True
        return spec


def _finder(folder: Path) -> None:
    from grader.course import load_course

    for finder in list(sys.meta_path):
        if isinstance(finder, _ReferenceFinder):
            sys.meta_path.remove(finder)
    names = frozenset(lesson.module for lesson in load_course().lessons)
    sys.meta_path.insert(0, _ReferenceFinder(folder, names))


@cache
def load_reference(module: str) -> ModuleType:
    folder = reference_dir()
    if not (folder / f"{module}.py").is_file():
        raise ReferenceMissing(
            f"the reference for {module} is not in {folder} (set GRADE_REFERENCE to its folder)"
        )
    with _LOCK:
        _finder(folder)
        return importlib.import_module(module)


def loaded_digest() -> str:
    """SHA-256 of the reference source that was run so far (names and bytes)."""
    digest = hashlib.sha256()
    for name in sorted(_LOADED):
        digest.update(name.encode("utf-8") + b"\0" + _LOADED[name] + b"\0")
    return digest.hexdigest()
