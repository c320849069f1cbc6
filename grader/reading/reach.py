"""Where a learner file reaches into the running interpreter, past what its maths needs.

"Built it yourself" is watched inside the worker, the process learner code runs in
(``grader.sandbox.tracing``): code written to find that watch can switch it off before it
calls a forbidden function (``sys.modules``, a function's ``__globals__``, ``gc``,
``ctypes``), or run the call where no watch is (a child process). No watch inside a
process can stop code that edits the process, so the grader reads the file for the means
instead: a file that uses them cannot be verified to avoid the forbidden calls, and gets
no credit for building it yourself (``grader.checks.common.built_yourself``).

None of these has a use in the course's exercises: a right answer, in any style (loops,
comprehensions, ``functools.reduce``, ``math.fsum``, ``np.where``), names none of them.
The whole file is read, not only the exercise's function: code at the top of the file
runs first, in the same process.
"""

from __future__ import annotations

import ast
import re
import weakref
from collections.abc import Iterable

from grader.reading.source import ForbiddenUse, LearnerSource, bound_names, text_of

# Modules whose use is a way into the interpreter (its memory, its frames, its objects by
# reference, code made at run time) or out of the worker (another process).
MODULES = frozenset((
    "ctypes", "_ctypes", "cffi", "gc", "inspect", "importlib", "builtins", "marshal", "pickle",
    "_pickle", "copyreg", "dill", "cloudpickle", "runpy", "code", "codeop", "types", "grader",
    "subprocess", "multiprocessing", "concurrent", "_posixsubprocess", "pty",
))
# Attributes of modules that are fine in themselves (sys.float_info, os.path): these are not.
ATTRIBUTES = frozenset((
    "sys.modules", "sys._getframe", "sys.settrace", "sys.setprofile", "sys.meta_path",
    "sys.path_hooks", "sys.path_importer_cache", "sys.addaudithook",
    "os.system", "os.popen", "os.fork", "os.forkpty", "os.posix_spawn", "os.posix_spawnp",
    "os.execv", "os.execve", "os.execl", "os.execle", "os.execlp", "os.execlpe", "os.execvp",
    "os.execvpe", "os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnlpe", "os.spawnv",
    "os.spawnve", "os.spawnvp", "os.spawnvpe",
))
# Built-in functions that run text as code, hand out namespaces, or change any object.
BUILTINS = frozenset((
    "exec", "eval", "compile", "__import__", "globals", "locals", "vars", "setattr", "delattr",
    "breakpoint", "__builtins__", "__loader__", "__spec__",
))
# Attributes that lead from an object to the code, namespace or frame behind it.
INNER_ATTRIBUTES = frozenset((
    "__globals__", "__code__", "__closure__", "__builtins__", "__subclasses__", "__mro__",
    "__bases__", "__base__", "__dict__", "__wrapped__", "__self__", "__func__", "__defaults__",
    "__kwdefaults__", "__loader__", "__spec__", "__getattribute__", "__setattr__", "__delattr__",
    "__reduce__", "__reduce_ex__", "__import__", "__init_subclass__", "__class_getitem__",
    "f_globals", "f_locals", "f_back", "f_builtins", "f_code", "tb_frame", "tb_next", "gi_frame",
    "cr_frame", "ag_frame", "gi_code", "cell_contents", "co_consts", "_implementation",
    # how an array decides what NumPy's functions do with it: the watch's traced arrays
    "__array_function__", "__array_ufunc__", "__array_wrap__", "__array_finalize__",
    "__array_priority__",
))


def interpreter_reach(source: LearnerSource) -> list[ForbiddenUse]:
    """Every place in ``source``, and in the workspace's modules it imports, that uses one
    of the means above: the file's own first, in line order."""
    helpers, unread = workspace_helpers(source)
    found = _reach_in(source)
    for helper in helpers:
        found += [ForbiddenUse(u.name, u.line, u.written, helper.path.name) for u in _reach_in(helper)]
    return found + unread


_READ: weakref.WeakKeyDictionary[LearnerSource, list[ForbiddenUse]] = weakref.WeakKeyDictionary()


def _reach_in(source: LearnerSource) -> list[ForbiddenUse]:
    """The means ``source`` itself uses: worked out once per parsed file, which every
    exercise of a lesson with forbidden calls asks again (a file's tree never changes)."""
    if source not in _READ:
        _READ[source] = _read(source)
    return list(_READ[source])


def _read(source: LearnerSource) -> list[ForbiddenUse]:
    found: list[ForbiddenUse] = []
    shadowed = bound_names(source.tree)
    literal = _literal_getattrs(source.tree) | _own_namespace_lookups(source.tree)
    for node in ast.walk(source.tree):
        what = _reach(source, node, shadowed, literal)
        if what is not None:
            found.append(ForbiddenUse(what, getattr(node, "lineno", 0), text_of(node)))
    first: dict[int, ForbiddenUse] = {}  # one a line: the outermost (``importlib.util.find_spec``)
    for use in found:
        first.setdefault(use.line, use)
    return [first[line] for line in sorted(first)]


def _reach(source: LearnerSource, node: ast.AST, shadowed: set[str], literal: set[int]) -> str | None:
    """What ``node`` uses of the means above, if any. An import alone is not a use (a
    notebook keeps ``import importlib`` for its reloads): what the file does with it is.
    The workspace's own modules are read as the file is (``workspace_helpers``)."""
    if isinstance(node, (ast.Attribute, ast.Name)):
        resolved = source.resolve(node)
        if resolved is not None:
            for attribute in ATTRIBUTES:
                if resolved == attribute or resolved.startswith(attribute + "."):
                    return attribute  # sys.modules, for sys.modules.items
            if resolved.split(".")[0] in MODULES:
                return resolved
    if isinstance(node, ast.Attribute) and (node.attr in INNER_ATTRIBUTES or (
            node.attr == "__class__" and isinstance(node.ctx, ast.Store))):  # an array made another kind
        return node.attr
    if isinstance(node, ast.Name) and node.id not in shadowed and id(node) not in literal and (
            node.id in BUILTINS or node.id == "getattr"):
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in INNER_ATTRIBUTES:
        return node.value  # an attribute named by a string: getattr(f, "__globals__")
    return None


_LESSON = re.compile(r"lesson[0-9]{2}_[A-Za-z0-9_]+$")
MAX_HELPERS = 20


_HELPERS: weakref.WeakKeyDictionary[LearnerSource, tuple[list[LearnerSource], list[ForbiddenUse]]] = (
    weakref.WeakKeyDictionary())


def workspace_helpers(source: LearnerSource) -> tuple[list[LearnerSource], list[ForbiddenUse]]:
    """The modules of the workspace that ``source`` imports, and they in turn, other than
    lesson files (each read when its own lesson is graded): read, since their code runs as
    the learner's; and each import the grader cannot read that way (a package folder, a
    link, a relative import, a file that does not parse, more than ``MAX_HELPERS``).

    Read once per parsed file, as ``_reach_in`` is: every exercise of a lesson with
    forbidden calls asks twice, and the helpers one grading run reads do not change in it.
    """
    if source not in _HELPERS:
        _HELPERS[source] = _read_helpers(source)
    helpers, unread = _HELPERS[source]
    return list(helpers), list(unread)


def _read_helpers(source: LearnerSource) -> tuple[list[LearnerSource], list[ForbiddenUse]]:
    folder = source.path.parent
    read: dict[str, LearnerSource] = {}
    unread: list[ForbiddenUse] = []
    todo = [source]
    while todo:
        current = todo.pop()
        for node in ast.walk(current.tree):
            for name in _imported_names(node):
                if name.startswith(".") or name in read or _LESSON.match(name):
                    if name.startswith("."):
                        unread.append(_use(current, source, name, node))
                    continue
                path = folder / f"{name}.py"
                if (folder / name).is_dir() or path.is_symlink():
                    unread.append(_use(current, source, name, node))
                    continue
                if not path.is_file():
                    continue  # not the workspace's: NumPy, the standard library
                helper = LearnerSource.read(path) if len(read) < MAX_HELPERS else None
                if not isinstance(helper, LearnerSource):
                    unread.append(_use(current, source, name, node))
                    continue
                read[name] = helper
                todo.append(helper)
    return list(read.values()), unread


def forbidden_in_helpers(source: LearnerSource, forbidden: Iterable[str]) -> list[ForbiddenUse]:
    """Where the workspace's modules that ``source`` imports name one of the ``forbidden``
    dotted names (``numpy.einsum``): anywhere in them, as their code is the learner's and
    any of it may be what a call reaches."""
    wanted = {name for name in forbidden if "." in name and not name.startswith(".")}
    found: list[ForbiddenUse] = []
    for helper in workspace_helpers(source)[0]:
        for node in ast.walk(helper.tree):
            if isinstance(node, (ast.Attribute, ast.Name)) and helper.resolve(node) in wanted:
                found.append(ForbiddenUse(str(helper.resolve(node)), getattr(node, "lineno", 0), text_of(node),
                                          helper.path.name))
    return found


def _imported_names(node: ast.AST) -> list[str]:
    """The top-level modules an import statement names (``.x`` for a relative one)."""
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return ["." * node.level + (node.module or "")] if node.level else [(node.module or "").split(".")[0]]
    return []


def _use(current: LearnerSource, source: LearnerSource, name: str, node: ast.AST) -> ForbiddenUse:
    return ForbiddenUse(f"{name} (a module the grader cannot read)", getattr(node, "lineno", 0), text_of(node),
                        "" if current is source else current.path.name)


def _own_namespace_lookups(tree: ast.Module) -> set[int]:
    """The ``globals`` names in ``globals().get("_seen")`` or ``globals()["_seen"]``: a
    module's own variable looked up by a name written out (a learner's debugging flag),
    which reaches nothing else. Any other use hands out the namespace, ``__builtins__``
    and all."""
    found: set[int] = set()
    for node in ast.walk(tree):
        call = None
        if isinstance(node, ast.Subscript) and _plain_key(node.slice):
            call = node.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args and _plain_key(node.args[0])):
            call = node.func.value
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "globals"
                and not call.args and not call.keywords):
            found.add(id(call.func))
    return found


def _plain_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and not node.value.startswith("__")


def _literal_getattrs(tree: ast.Module) -> set[int]:
    """The ``getattr`` names called with an attribute written out (``getattr(x, "shape")``):
    a computed name, or ``getattr`` handed on as a value, can reach anything."""
    return {id(node.func) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
            and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)}
