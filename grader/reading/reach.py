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
    """Every place in ``source`` that uses one of the means above, in line order."""
    found: list[ForbiddenUse] = []
    shadowed = bound_names(source.tree)
    literal = _literal_getattrs(source.tree)
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
    An import of a module of the workspace that is not a lesson file is: its code is
    learner code the grader does not read (a forbidden function kept in a list there)."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return _own_module(source, node)
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
    if isinstance(node, ast.Name) and node.id not in shadowed and (
            node.id in BUILTINS or (node.id == "getattr" and id(node) not in literal)):
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in INNER_ATTRIBUTES:
        return node.value  # an attribute named by a string: getattr(f, "__globals__")
    return None


_LESSON = re.compile(r"lesson[0-9]{2}_[A-Za-z0-9_]+$")


def _own_module(source: LearnerSource, node: ast.Import | ast.ImportFrom) -> str | None:
    """The module of the workspace, not a lesson file, that this import brings in, if any."""
    if isinstance(node, ast.ImportFrom) and node.level > 0:
        return "." * node.level + (node.module or "")
    names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    folder = source.path.parent
    for name in names:
        top = name.split(".")[0]
        if top and not _LESSON.match(top) and ((folder / f"{top}.py").exists() or (folder / top).is_dir()):
            return name
    return None


def _literal_getattrs(tree: ast.Module) -> set[int]:
    """The ``getattr`` names called with an attribute written out (``getattr(x, "shape")``):
    a computed name, or ``getattr`` handed on as a value, can reach anything."""
    return {id(node.func) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
            and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)}
