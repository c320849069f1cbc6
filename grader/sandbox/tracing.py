"""Seeing, in the child, which forbidden operations one call of learner code performs.

"Built it yourself" judges what a call does, not how it is spelt. For one call the
worker runs learner code with two kinds of watch, and reports every forbidden name (of
the list the parent sent, already expanded by ``grader.reading.forbidden``) that was reached:

- on the call made only to watch (``arrays``), the arguments that are arrays are given
  as ``Traced``, an ndarray subclass whose
  ``__array_function__``, ``__array_ufunc__`` and ``dot`` note what NumPy was asked to
  do with them. Every path to ``np.dot``, ``np.vecdot``, ``np.linalg.multi_dot``, the
  ``@`` operator, ``operator.matmul`` or ``x.__matmul__`` passes through them, however
  it was named. NumPy's array constructors (``np.asarray(x, dtype=float)`` and the like)
  are wrapped for the call so that converting an input keeps it traced;
- the forbidden functions themselves are replaced, in NumPy's and ``operator``'s
  namespaces and wherever the learner's modules bound them, by wrappers that note the
  call whatever the arguments (lists included): ``getattr(np, "d" + "ot")``,
  ``np.__dict__["dot"]``, an alias made at import.

The second kind also watches every call a value check makes, with the check's own
arguments, so code that behaves differently when watched is seen there too. A call
NumPy's own code makes, by a name that code spells, is NumPy's use and does not count
(``np.linalg.norm`` calls ``x.dot(x)``); one NumPy's code makes through a name it does
not spell counts, as it is a callable learner code handed over
(``np.apply_along_axis(getattr(np, "d" + "ot"), 0, a, b)``). What
is reported is an observation; the parent decides. A call that fails under the watch
(learner code that rejects the subclass) is reported as such, and the parent says it
could not verify, as advice.
"""

from __future__ import annotations

import gc
import os
import sys
import types
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any, ClassVar

import numpy as np

MAX_SEEN = 20
_CONSTRUCTORS = ("asarray", "array", "asanyarray", "ascontiguousarray", "asfortranarray",
                 "asarray_chkfinite", "copy", "atleast_1d", "atleast_2d")


class _Seen:
    """The forbidden names reached during the current call (one per process)."""

    watched: ClassVar[frozenset[str]] = frozenset()
    names: ClassVar[list[str]] = []
    active: ClassVar[bool] = False


def _is_numpy(name: Any) -> bool:
    return type(name) is str and (name == "numpy" or name.startswith("numpy."))


class _Own:
    """NumPy's own code (and this module's), noted before any learner code runs.

    A frame is NumPy's when its code object is one of these, by identity: the ``__name__``
    in a frame's globals is the learner's to choose (``exec`` in a dict named
    ``"numpy.x"``), and so are its code's file name and the module dict it runs in
    (``exec(compile(text, np.__file__, "exec"), vars(np))``). The code objects are kept,
    so that no code learner code makes can ever take one's ``id``. A NumPy module imported
    only later (NumPy loads a few on first use) has no code here: its frames count as
    NumPy's when they run in that module's own namespace and come from its own file.
    """

    codes: ClassVar[dict[int, types.CodeType]] = {}
    watch: ClassVar[dict[int, types.CodeType]] = {}  # this module's own (a subset of ``codes``)
    modules: ClassVar[frozenset[str]] = frozenset()
    folder: ClassVar[str] = ""  # NumPy's package folder, as its modules name their files


def remember_own_code() -> None:
    """Note the code of every function NumPy's modules (and this one) hold now: once, where
    no learner code has run yet (the nursery, the zygote, a spawned worker before it is
    handed a lesson), since it reads whatever functions exist. Some 1,300 code objects,
    a few milliseconds: workers forked later inherit them."""
    if _Own.codes:
        return
    modules = {name: module for name, module in list(sys.modules.items())
               if (_is_numpy(name) or name == __name__) and isinstance(module, ModuleType)}
    namespaces = {id(vars(module)) for module in modules.values()}
    codes: dict[int, types.CodeType] = {}
    watch: dict[int, types.CodeType] = {}

    def add(code: types.CodeType, into: dict[int, types.CodeType]) -> None:
        if id(code) not in into:
            into[id(code)] = code
            for constant in code.co_consts:
                if type(constant) is types.CodeType:
                    add(constant, into)

    for found in gc.get_objects():
        if type(found) is types.FunctionType and id(found.__globals__) in namespaces:
            add(found.__code__, codes)
            if found.__globals__ is globals():
                add(found.__code__, watch)
    _Own.codes, _Own.watch, _Own.modules = codes, watch, frozenset(modules)
    _Own.folder = os.path.dirname(str(np.__file__)) + os.sep


def _from_numpy(depth: int) -> bool:
    """Whether the frame ``depth`` levels up is NumPy's own code (or this module's)."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return False
    return _own(frame)


def _own(frame: types.FrameType) -> bool:
    """Whether ``frame`` runs NumPy's own code (or this module's)."""
    if not _Own.codes:
        remember_own_code()  # a process that did not note them at its start (a test)
    code = frame.f_code
    if _Own.codes.get(id(code)) is code:
        return True
    name = frame.f_globals.get("__name__")
    if type(name) is not str or not _is_numpy(name) or name in _Own.modules:
        return False
    module = sys.modules.get(name)
    return isinstance(module, ModuleType) and vars(module) is frame.f_globals \
        and code.co_filename == module.__dict__.get("__file__") and code.co_filename.startswith(_Own.folder)


def _counts(name: str, frame: types.FrameType) -> bool:
    """Whether reaching the forbidden ``name`` from ``frame`` is a use by learner code.

    Not when the watch's own code reaches it (a wrapper calling what it wraps), nor when
    NumPy's code does by a name it spells itself (``dot``, ``x.dot``, an alias such as
    ``_core_outer``): NumPy's functions use one another. NumPy's code that calls it through
    a name it does not spell was handed it (``func1d`` in ``np.apply_along_axis``), by
    learner code, since nothing of NumPy's hands it a forbidden function this way.
    """
    code = frame.f_code
    if _Own.watch.get(id(code)) is code:
        return False
    if not _own(frame):
        return True
    short = name.rpartition(".")[2]
    return not (short and any(spelt.endswith(short) for spelt in code.co_names))


def _note(name: str, depth: int = 1) -> None:
    if not (_Seen.active and name in _Seen.watched and name not in _Seen.names and len(_Seen.names) < MAX_SEEN):
        return
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return
    if _counts(name, frame):
        _Seen.names.append(name)


def _plain(value: Any) -> Any:
    """Arguments for NumPy itself: a traced array (or a tuple or list of them) as a plain one."""
    if isinstance(value, Traced):
        return value.view(np.ndarray)
    if type(value) in (tuple, list):
        return type(value)(v.view(np.ndarray) if isinstance(v, Traced) else v for v in value)
    return value


def _traced(value: Any) -> Any:
    if type(value) is np.ndarray:
        return value.view(Traced)
    if isinstance(value, tuple):
        return tuple(_traced(v) for v in value)
    return value


class Traced(np.ndarray):
    """An ndarray that notes the forbidden operations applied to it (see the module)."""

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        name = f"numpy.{getattr(ufunc, '__name__', '?')}"
        if method != "__call__":
            _note(f"{name}.{method}")
        _note(name)  # np.hypot.reduce uses np.hypot: a method of a forbidden ufunc is the ufunc
        if "out" in kwargs:
            kwargs["out"] = _plain(kwargs["out"])
        result = getattr(ufunc, method)(*_plain(inputs), **kwargs)
        return _traced(result)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        _note(f"{getattr(func, '__module__', '')}.{getattr(func, '__name__', '?')}")
        return super().__array_function__(func, types, args, kwargs)

    def dot(self, *args: Any, **kwargs: Any) -> Any:
        _note(".dot")
        return _traced(np.ndarray.dot(self.view(np.ndarray), *_plain(args), **kwargs))


Traced.__name__ = Traced.__qualname__ = "ndarray"  # shown, and named, as the arrays it stands for
Traced.__module__ = "numpy"


def _constructor(original: Callable[..., Any]) -> Callable[..., Any]:
    def keeps_traced(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if args and isinstance(args[0], Traced) and type(result) is np.ndarray:
            return result.view(Traced)
        return result

    keeps_traced.__name__ = getattr(original, "__name__", "asarray")
    keeps_traced.__doc__ = getattr(original, "__doc__", None)
    return keeps_traced


class _RecordedUfunc:
    """A forbidden ufunc (``np.hypot``) for the watched call: a call or one of its methods
    (``np.hypot.reduce``) is noted; everything else (``nin``, ``identity``) is the ufunc's.
    A plain function in its place would break ``np.hypot.reduce`` for a value check."""

    _METHODS = frozenset(("reduce", "accumulate", "reduceat", "outer", "at"))

    def __init__(self, original: np.ufunc, name: str) -> None:
        self._original, self._name = original, name
        self.__name__ = getattr(original, "__name__", name)
        self.__doc__ = getattr(original, "__doc__", None)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        _note(self._name)
        return self._original(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._original, attribute)
        if attribute not in self._METHODS:
            return value
        name = self._name

        def method(*args: Any, **kwargs: Any) -> Any:
            _note(name)
            return value(*args, **kwargs)

        return method


def _recording(original: Any, name: str) -> Callable[..., Any]:
    if isinstance(original, np.ufunc):
        return _RecordedUfunc(original, name)

    def recorded(*args: Any, **kwargs: Any) -> Any:
        _note(name)
        return original(*args, **kwargs)

    recorded.__name__ = getattr(original, "__name__", name)
    recorded.__doc__ = getattr(original, "__doc__", None)
    implementation = getattr(original, "_implementation", None)
    if implementation is not None:  # np.dot._implementation: the C function behind it
        recorded._implementation = _recording(implementation, name)  # type: ignore[attr-defined]
    return recorded


def _lookup(name: str) -> tuple[ModuleType, str] | None:
    """The module and attribute a forbidden function name lives at (``numpy.linalg.norm``)."""
    module_name, _, attribute = name.rpartition(".")
    module = sys.modules.get(module_name)
    if module is None or not hasattr(module, attribute):
        return None
    return module, attribute


_PLACES: dict[frozenset[int], list[tuple[dict[str, Any], str]]] = {}


def _numpy_places(originals: tuple[Any, ...]) -> list[tuple[dict[str, Any], str]]:
    """Where NumPy's own modules hold ``originals`` (found once per process and set of
    functions: a scan of every NumPy module; checked again before each use)."""
    wanted = frozenset(id(o) for o in originals)
    if wanted not in _PLACES:
        places: list[tuple[dict[str, Any], str]] = []
        for name, module in list(sys.modules.items()):
            if (name == "numpy" or name.startswith("numpy.")) and isinstance(module, ModuleType):
                namespace = vars(module)
                places.extend((namespace, key) for key, value in list(namespace.items()) if id(value) in wanted)
        _PLACES[wanted] = places
    return _PLACES[wanted]


class Tracing:
    """Installed for one call; ``seen()`` is what it observed."""

    def __init__(self, forbidden: Iterable[Any], arrays: bool = True) -> None:
        self._watched = frozenset(str(f)[:100] for f in list(forbidden)[:200] if isinstance(f, str))
        self._arrays = arrays  # traced arguments, and constructors that keep them traced
        self._patched: list[tuple[dict[str, Any], str, Any]] = []

    def arguments(self, args: list[Any], kwargs: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        """The call's arguments with every float array traced."""
        return [_traced(a) for a in args], {k: _traced(v) for k, v in kwargs.items()}

    def install(self, modules: Iterable[ModuleType]) -> None:
        """Wrap the constructors and the forbidden functions, in their modules and wherever
        the learner's modules bound them."""
        replacements: dict[int, tuple[Any, Any]] = {}  # id(original): (original, wrapper)
        for name in _CONSTRUCTORS if self._arrays else ():
            original = vars(np).get(name)
            if callable(original):
                replacements[id(original)] = (original, _constructor(original))
                self._replace(vars(np), name, replacements[id(original)][1])
        constructors = set(replacements)
        for name in sorted(self._watched):
            found = _lookup(name)
            original = vars(found[0]).get(found[1]) if found else None
            if found is None or not callable(original):
                continue
            entry = replacements.setdefault(id(original), (original, _recording(original, name)))
            self._replace(vars(found[0]), found[1], entry[1])
            implementation = getattr(original, "_implementation", None)
            if callable(implementation):  # the C function behind it, under NumPy's inner names
                replacements.setdefault(id(implementation), (implementation, _recording(implementation, name)))
        # NumPy's inner modules hold the same forbidden functions (np._core._multiarray_umath.dot);
        # the constructors are kept traced only where learner code looks them up
        forbidden = {key: bound for key, bound in replacements.items() if key not in constructors}
        for namespace, key in _numpy_places(tuple(bound[0] for bound in forbidden.values())):
            bound = forbidden.get(id(namespace.get(key)))
            if bound is not None and namespace.get(key) is bound[0]:
                self._replace(namespace, key, bound[1])
        for module in modules:
            namespace = vars(module)
            for key, value in list(namespace.items()):
                bound = replacements.get(id(value))
                if bound is not None and bound[0] is value:
                    self._replace(namespace, key, bound[1])
        _Seen.watched, _Seen.names, _Seen.active = self._watched, [], True

    def _replace(self, namespace: dict[str, Any], key: str, value: Any) -> None:
        self._patched.append((namespace, key, namespace[key]))
        namespace[key] = value

    def uninstall(self) -> None:
        _Seen.active = False
        for namespace, key, original in reversed(self._patched):
            namespace[key] = original
        self._patched.clear()

    def seen(self) -> list[str]:
        return list(_Seen.names)
