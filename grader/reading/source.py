"""Reading a learner's lesson file in the parent, without running it.

Used for what must not depend on learner code's cooperation: syntax errors with file
and line, where each function is defined, and the contract's forbidden calls. Forbidden
calls are found in the exercise's own body and in every module-level helper it reaches,
through import aliases (``import numpy as xp``, ``from numpy import dot as d``), module
level assignments (``mydot = np.dot``) and constant ``getattr(np, "dot")``.
"""

from __future__ import annotations

import ast
import errno
import io
import os
import stat
import sys
import threading
import tokenize
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grader.reading.forbidden import expand


@dataclass(frozen=True)
class SourceProblem:
    """Why a learner file could not be read or parsed."""

    kind: str  # "missing", "encoding", "syntax", "too_deep", "too_large"
    message: str
    line: int | None = None


MAX_SOURCE = 4 * 1024 * 1024  # bytes of one lesson file: the worker is sent them whole


class TooDeep(SyntaxError):
    """Python itself could not build the file's syntax tree: an expression nested or chained
    too deeply (``1+1+...+1`` a few thousand times). CPython raises RecursionError or
    MemoryError; no process, the learner's included, can compile such a file, so it is
    reported like a syntax error instead of crashing whoever tried to read it."""


# CPython 3.11 keeps the AST builder's recursion depth per interpreter, not per thread: two
# threads parsing at once can fail with "SystemError: AST constructor recursion depth
# mismatch" on a perfectly good file. The grader's own parses take turns, and a SystemError
# is tried again before it is believed.
_PARSING = threading.Lock()
_ATTEMPTS = 3


def parse_python(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` for text the learner wrote: every way it can fail is a SyntaxError."""
    for _ in range(_ATTEMPTS):
        try:
            with _PARSING:
                return ast.parse(text, filename=filename)
        except (RecursionError, MemoryError) as exc:
            raise TooDeep(f"too deeply nested for Python to read ({type(exc).__name__})") from None
        except SystemError:
            continue
    raise TooDeep("too deeply nested for Python to read (SystemError)")


def inside(path: Path | str, folders: tuple[str, ...]) -> bool:
    """Whether ``path``, links followed, lies in one of ``folders`` (themselves resolved)."""
    real = os.path.realpath(path)
    for folder in folders:
        root = os.path.realpath(folder)
        if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def link_out_of(folder: Path) -> Path | None:
    """The first symbolic link below ``folder`` (``.git`` aside) that leads out of it.

    Git keeps links: a student's ``helper.py`` linked to a classmate's file would hand
    learner code that file, even where nothing else can be hidden (plain mode).
    """
    home = folder.resolve()
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != ".git")
        for name in sorted(files + folders):
            path = Path(top, name)
            if path.is_symlink():
                real = path.resolve()
                if real != home and home not in real.parents:
                    return path
    return None


def read_source_bytes(path: Path) -> bytes:
    """The bytes of a learner's file; ``OSError`` ("not a regular file") for anything else.

    A named pipe in the file's place would block ``open`` until some writer came, and a
    link to ``/dev/zero`` would be read until memory ran out: the file is opened without
    waiting and read only once it proves to be a regular file.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return stream.read()


def decode_python(raw: bytes) -> str:
    """The text of a Python file as the interpreter reads it, line endings untouched.

    Python honours a UTF-8 byte-order mark (Windows Notepad writes one) and a PEP 263
    coding declaration (``# -*- coding: gbk -*-``); a file it runs must not be a syntax
    error to the grader. Without either, the text is UTF-8, and bytes that are not raise
    ``UnicodeDecodeError`` as before.
    """
    return raw.decode(python_encoding(raw))


def python_encoding(raw: bytes) -> str:
    """The codec Python reads a file's bytes with (``utf-8-sig`` when it starts with a mark)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError:  # an unknown declaration, or a first line that is not UTF-8
        encoding = "utf-8"
    return encoding


def source_lines(text: str) -> list[str]:
    """The lines of Python source as the compiler counts them, each with its own ending.

    Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line; ``str.splitlines`` also splits at a form
    feed or a Unicode line separator inside a comment or string, and its line numbers would
    then disagree with the syntax tree's.
    """
    return io.StringIO(text, newline="").readlines()


@dataclass(frozen=True)
class ForbiddenUse:
    name: str
    line: int
    written: str = ""
    file: str = ""  # another file than the one read (a helper module of the workspace)


class LearnerSource:
    """A parsed learner file."""

    def __init__(self, path: Path, text: str, tree: ast.Module, raw: bytes | None = None) -> None:
        self.path = path
        self.text = text
        # The bytes read, once: the worker runs exactly these (``grader.sandbox.sources``).
        self.raw = text.encode("utf-8") if raw is None else raw
        self.tree = tree
        self._functions = {
            node.name: node
            for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        self._assigned: dict[str, ast.expr] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self._assigned[target.id] = node.value
        self._aliases = _aliases(tree)

    @classmethod
    def read(cls, path: Path) -> LearnerSource | SourceProblem:
        try:
            raw = read_source_bytes(path)
        except FileNotFoundError:
            return SourceProblem("missing", f"{path.name} was not found")
        except OSError as exc:
            return SourceProblem("missing", f"{path.name} could not be read: {exc.strerror}")
        if len(raw) > MAX_SOURCE:
            return SourceProblem("too_large", f"{path.name} is larger than {MAX_SOURCE} bytes")
        try:
            text = decode_python(raw)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return SourceProblem("encoding", f"{path.name} is not UTF-8 text (byte {exc.start})", line)
        try:
            tree = parse_python(text, filename=path.name)
        except TooDeep:
            return SourceProblem("too_deep", "", None)
        except SyntaxError as exc:
            return SourceProblem("syntax", f"{exc.msg}", exc.lineno)
        except ValueError as exc:  # e.g. null bytes
            return SourceProblem("syntax", str(exc), None)
        return cls(path, text, tree, raw)

    def defines(self, name: str) -> bool:
        return name in self._functions

    def line_of(self, name: str) -> int | None:
        node = self._functions.get(name)
        return node.lineno if node else None

    def forbidden_uses(self, function: str, forbidden: tuple[str, ...]) -> list[ForbiddenUse]:
        """Forbidden names used by ``function`` or any module-level code it reaches."""
        if function not in self._functions or not forbidden:
            return []
        forbidden = expand(forbidden)  # the same operation under another name counts too
        qualified = {f for f in forbidden if "." in f and not f.startswith(".")}
        own = {f for f in forbidden if f.isidentifier()}
        methods = {f[1:] for f in forbidden if f.startswith(".")}
        found: list[ForbiddenUse] = []
        for root in self.reachable(function):
            for node in ast.walk(root):
                if "@" in forbidden and (
                    (isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult))
                    or (isinstance(node, ast.AugAssign) and isinstance(node.op, ast.MatMult))
                ):
                    found.append(ForbiddenUse("@", node.lineno, text_of(node)))
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in own:
                    found.append(ForbiddenUse(node.id, node.lineno, node.id))
                if isinstance(node, (ast.Attribute, ast.Name)):
                    name = self._resolve(node)
                    within = next((f for f in qualified if name and (
                        name.startswith(f + ".")  # np.dot._implementation
                        or (f.count(".") == 1 and f.startswith("numpy.") and name.startswith("numpy.")
                            and name.endswith(f[5:])))), None)  # np._core.multiarray.dot
                    if name in qualified or within is not None:
                        found.append(ForbiddenUse(within or str(name), node.lineno, text_of(node)))
                    elif (isinstance(node, ast.Attribute) and node.attr in methods
                          and (self._resolve(node.value) in (None, "numpy.ndarray"))):
                        found.append(ForbiddenUse(f".{node.attr}()", node.lineno, text_of(node)))
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "getattr" and len(node.args) >= 2
                        and isinstance(node.args[1], ast.Constant)
                        and isinstance(node.args[1].value, str)):
                    base = self._resolve(node.args[0])
                    attr = node.args[1].value
                    if base is not None and f"{base}.{attr}" in qualified:
                        found.append(ForbiddenUse(f"{base}.{attr}", node.lineno, text_of(node)))
                    elif base in (None, "numpy.ndarray") and attr in methods:
                        found.append(ForbiddenUse(f".{attr}()", node.lineno, text_of(node)))
        unique = {(f.name, f.line): f for f in found}
        return sorted(unique.values(), key=lambda f: f.line)

    def dynamic_lookups(self, function: str) -> list[ForbiddenUse]:
        """Where ``function`` (or a helper it reaches) looks a NumPy name up by a value computed
        at run time: ``getattr(np.ndarray, "d" + "ot")``, ``vars(np)[...]``, ``np.__dict__``,
        ``type(x).__mro__``. Reading the source cannot tell what these reach, and the watched
        call sees NumPy's functions but not every method of a plain array: "could not verify"."""
        found: list[ForbiddenUse] = []
        for root in self.reachable(function):
            for node in ast.walk(root):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("getattr", "vars") and node.args
                        and (self._resolve(node.args[0]) or "").startswith("numpy")
                        and (node.func.id == "vars" or len(node.args) < 2
                             or not isinstance(node.args[1], ast.Constant))):
                    found.append(ForbiddenUse(node.func.id, node.lineno, text_of(node)))
                elif isinstance(node, ast.Attribute) and (
                        node.attr in ("__mro__", "__bases__", "__base__")
                        or (node.attr == "__dict__" and (self._resolve(node.value) or "").startswith("numpy"))):
                    found.append(ForbiddenUse(node.attr, node.lineno, text_of(node)))
        unique = {(f.line, f.written): f for f in found}
        return sorted(unique.values(), key=lambda f: f.line)

    def reachable(self, function: str) -> list[ast.AST]:
        """``function``'s definition and every module-level helper it reaches by name.

        Helpers are the file's other functions and module-level assignments, followed
        transitively; an unknown name is not followed.
        """
        if function not in self._functions:
            return []
        roots: list[ast.AST] = []
        seen = {function}
        todo: list[ast.AST] = [self._functions[function]]
        while todo:
            root = todo.pop()
            roots.append(root)
            for node in ast.walk(root):
                if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
                        and node.id not in seen):
                    target = self._functions.get(node.id) or self._assigned.get(node.id)
                    if target is not None:
                        seen.add(node.id)
                        todo.append(target)
        return roots

    def resolve(self, node: ast.AST) -> str | None:
        """The dotted path an expression names through the file's imports, if any.

        ``np.log`` is ``numpy.log`` after ``import numpy as np``; ``AND`` is
        ``lesson07_perceptron.AND`` after ``from lesson07_perceptron import AND``.
        """
        return self._resolve(node)

    def dotted_names(self) -> set[str]:
        """Every imported name the file uses, resolved through aliases (``module.function``)."""
        found = set()
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.Attribute, ast.Name)):
                name = self._resolve(node)
                if name is not None:
                    found.add(name)
        return found

    def _resolve(self, node: ast.AST) -> str | None:
        """The dotted module path an expression names, if it starts at an imported name."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self._aliases:
            return None
        return ".".join([self._aliases[node.id], *reversed(parts)])


def text_of(node: ast.AST) -> str:
    """A node as the learner wrote it, shortened to a line."""
    try:
        text = ast.unparse(node)
    except RecursionError:  # a chain of thousands of operators: the line number says where
        return ""
    return text if len(text) <= 80 else text[:77] + "..."


_STATEMENT_LISTS = frozenset(("body", "orelse", "finalbody", "handlers", "cases"))


def _statements(tree: ast.Module) -> Iterator[ast.AST]:
    """Every statement of the file, in ``ast.walk``'s order, without visiting an expression.

    An import is a statement, and statements sit only in the lists above (an ``except``
    clause and a ``case`` hold theirs in ``body``), never inside an expression: this finds
    every import at a fraction of the cost of ``ast.walk``, which visits every name and
    operator. Breadth first, fields in their declared order, as ``ast.walk``: when a name
    is imported twice, the same import wins.
    """
    todo: deque[ast.AST] = deque([tree])
    while todo:
        node = todo.popleft()
        for field in node._fields:
            if field in _STATEMENT_LISTS:
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    todo.extend(child for child in inner if isinstance(child, ast.AST))
        yield node


def _aliases(tree: ast.Module) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if alias.name == "*":
                    _star(aliases, node.module, tree)
                else:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def _star(aliases: dict[str, str], module: str, tree: ast.Module) -> None:
    """``from numpy import *``: the names it binds, as NumPy's, where the file does not bind
    them itself (its own ``dot`` is its own). Only NumPy's modules, and only those already
    loaded: reading a learner file never imports anything."""
    loaded = sys.modules.get(module) if module == "numpy" or module.startswith("numpy.") else None
    names = getattr(loaded, "__all__", None)
    if not isinstance(names, (list, tuple)):
        return
    own = bound_names(tree)
    for name in names:
        if type(name) is str and name not in own:
            aliases[name] = f"{module}.{name}"


def bound_names(tree: ast.Module) -> set[str]:
    """Every name the file binds itself: functions, classes, parameters, assignments."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
    return names
