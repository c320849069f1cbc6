"""``from lesson07_perceptron import AND`` in a notebook whose lessons are notebooks too.

A lesson may import an earlier lesson's file by module name. In a folder of notebooks
there is no ``lesson07_perceptron.py``, so the kernel would fail on the import that
lesson 08's setup cell makes. This finder imports ``lesson07_perceptron.ipynb`` of the
current folder instead, reduced to its definitions exactly as the grader reads it
(``grader.reading.notebook``). It serves only the course's lesson modules, and only when
no ``.py`` file of that name is found first.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

from grader.course import load_course


class _NotebookLoader(importlib.abc.Loader):
    def __init__(self, path: Path) -> None:
        self.path = path

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        from grader.reading.notebook import notebook_code

        code = notebook_code(self.path)
        exec(compile(code, str(self.path), "exec"), module.__dict__)


class NotebookLessonFinder(importlib.abc.MetaPathFinder):
    """Finds ``lessonNN_name`` as ``lessonNN_name.ipynb`` in the current folder."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if path is not None or fullname not in {lesson.module for lesson in load_course().lessons}:
            return None
        notebook = Path(os.getcwd()) / f"{fullname}.ipynb"
        if not notebook.is_file() or notebook.with_suffix(".py").is_file():
            return None
        return importlib.util.spec_from_loader(fullname, _NotebookLoader(notebook), origin=str(notebook))


def install() -> None:
    """Add the finder once, after the ordinary ones (a ``.py`` lesson file wins)."""
    if not any(isinstance(f, NotebookLessonFinder) for f in sys.meta_path):
        sys.meta_path.append(NotebookLessonFinder())
