"""Running exactly the source the grader read: lesson modules from the parent's bytes.

Runs in the worker. The parent reads each lesson file once (or a notebook's code cells)
and sends those bytes; here they are compiled and executed under the lesson's module
name. Python's import system is never asked for a lesson module, so nothing else that
answers to that name is run: not a ``__pycache__/*.pyc`` (an unchecked-hash one is never
compared with its source), not a package folder ``lesson01_vectors/`` beside the file.
A lesson that imports another lesson (``from lesson09_forward import forward``) gets the
parent's bytes of that file too; a lesson file the parent did not find cannot be imported.

The learner's own helper modules (``helper.py`` in the workspace) are still imported by
the import system, but only from source: the workspace's folders get a finder that knows
``.py`` files alone (no ``.pyc`` beside or in ``__pycache__``, no compiled extension) and
never reads or writes a bytecode cache.
"""

from __future__ import annotations

import base64
import importlib.machinery
import importlib.util
import linecache
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any


class LessonLoader:
    """Executes one lesson module from bytes the parent read.

    A loader by its two methods, without ``importlib.abc``'s base classes: importing that
    module loads ``importlib.resources`` and with it pathlib, tempfile and more, some 15 ms
    of every zygote's start.
    """

    def __init__(self, filename: str, data: bytes) -> None:
        self.filename = filename
        self.data = data

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        # Tracebacks show the lines that ran, not whatever the file holds by then.
        try:
            text = importlib.util.decode_source(self.data)
            lines = text.splitlines(keepends=True)
            linecache.cache[self.filename] = (len(self.data), None, lines, self.filename)
        except (SyntaxError, UnicodeDecodeError, LookupError):
            pass
        code = compile(self.data, self.filename, "exec", dont_inherit=True)
        module.__file__ = self.filename
        module.__cached__ = None  # type: ignore[attr-defined]
        exec(code, module.__dict__)


class LessonFinder:
    """Answers for every lesson module name, first: from the parent's bytes, or not at all."""

    def __init__(self, sources: Mapping[str, tuple[str, bytes] | None],
                 encoded: Mapping[str, tuple[str, str]] | None = None, asked: Iterable[str] = (),
                 ask: Callable[[str], Any] | None = None) -> None:
        """``encoded``: lessons' files and base64 bytes as the parent sent them, decoded only
        when imported. ``asked``: the other lesson module names, whose bytes ``ask`` gets from
        the parent when first imported (``{"file", "data"}``, or None: refused)."""
        self.sources = dict(sources)
        self._encoded = dict(encoded or {})
        self._asked = {str(name) for name in asked} - set(self.sources) - set(self._encoded)
        self._ask = ask

    def source(self, name: str) -> tuple[str, bytes] | None:
        """The file name and bytes given for lesson module ``name`` (None: none, or refused)."""
        if name in self._asked:
            # Refused until the answer says otherwise: an ask that fails (the connection gone)
            # must leave the name claimed, never to the import system's search.
            self._asked.discard(name)
            self.sources[name] = None
            entry = self._ask(name) if self._ask is not None else None
            if isinstance(entry, dict) and isinstance(entry.get("file"), str) and isinstance(entry.get("data"), str):
                self._encoded[name] = (entry["file"], entry["data"])
        if name in self._encoded:
            filename, data = self._encoded.pop(name)
            self.sources[name] = None  # claimed even if the bytes do not decode
            self.sources[name] = (filename, base64.b64decode(data))
        return self.sources.get(name)

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.sources and fullname not in self._encoded and fullname not in self._asked:
            return None
        found = self.source(fullname)
        if found is None:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        filename, data = found
        loader: Any = LessonLoader(filename, data)  # a loader by its methods (see LessonLoader)
        spec = importlib.util.spec_from_loader(fullname, loader, origin=filename)
        assert spec is not None
        spec.has_location = True
        return spec

    def invalidate_caches(self) -> None:
        pass


class SourceOnlyLoader(importlib.machinery.SourceFileLoader):
    """A ``.py`` file, compiled from its text every time: no bytecode cache read or written."""

    def path_stats(self, path: str) -> Mapping[str, Any]:
        raise OSError("the grader never uses a bytecode cache for learner files")

    def set_data(self, path: str, data: Any, *, _mode: int = 0o666) -> None:
        return None


def _source_only_hook(roots: tuple[str, ...]) -> Any:
    def hook(path: str) -> importlib.machinery.FileFinder:
        real = os.path.realpath(path or ".")
        if not any(real == root or real.startswith(root + os.sep) for root in roots):
            raise ImportError("not a learner folder")
        return importlib.machinery.FileFinder(path, (SourceOnlyLoader, [".py"]))
    return hook


def install(sources: Mapping[str, Any], workspace: str, lessons: Iterable[Any] = (),
            ask: Callable[[str], Any] | None = None) -> None:
    """Serve lesson modules from ``sources`` (name -> {"file", "data"} or None) and, for the
    other ``lessons`` names, from what ``ask`` gets from the parent when one is first
    imported; and the workspace's other modules from their source only."""
    refused: dict[str, tuple[str, bytes] | None] = {}
    encoded: dict[str, tuple[str, str]] = {}
    for name, entry in sources.items():
        if isinstance(entry, dict):
            encoded[str(name)] = (str(entry["file"]), str(entry["data"]))
        else:
            refused[str(name)] = None
    asked = [name for name in lessons if isinstance(name, str)]
    sys.meta_path.insert(0, LessonFinder(refused, encoded, asked, ask))
    root = os.path.realpath(workspace)
    sys.path_hooks.insert(0, _source_only_hook((root,)))
    for key in list(sys.path_importer_cache):
        real = os.path.realpath(key or ".")
        if real == root or real.startswith(root + os.sep):
            del sys.path_importer_cache[key]
    sys.dont_write_bytecode = True


def given(name: str) -> bytes | None:
    """The bytes the parent sent for lesson module ``name`` (None: none were installed)."""
    for finder in sys.meta_path:
        if isinstance(finder, LessonFinder):
            found = finder.source(name)
            return None if found is None else found[1]
    return None


def encode(sources: Mapping[str, tuple[str, bytes] | None]) -> dict[str, Any]:
    """The parent's side: the bytes it read, as JSON for the import request."""
    return {name: None if found is None else
            {"file": found[0], "data": base64.b64encode(found[1]).decode("ascii")}
            for name, found in sources.items()}
