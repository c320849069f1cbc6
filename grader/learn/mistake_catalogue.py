"""Every mistake the grader can name, as validated records: id, exercise, message, hint.

A mistake id is what a check attaches to a wrong answer (``"dot:off_by_one"``), what a
class report counts, and what a hint file answers (``[dot.diagnosis."dot:off_by_one"]``).
The ids a lesson's checks give are read from its checks module as data (``ast``, never
imported): the keys of its fingerprint tables with the message beside them, and the ids
its failures carry. An id built at run time (``f"train:epochs_{n}"``) is a family,
``train:epochs_*``. The ids any exercise can get (``forbidden_call``, ``transpose``,
``factor:2`` ...) are listed here.

The course check (``hint_problems``) holds the hint files to the records: a hint key
that names no mistake the grader gives would never be shown, so it is a bug in the
course, like a misspelt exercise.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from grader.i18n import Text
from grader.learn import hints

ID = re.compile(r"^[a-z0-9_]+(:[a-z0-9_.*+-]+)?$")
"""A mistake id: a word, or a family and a word (``dot:off_by_one``, ``factor:2``)."""
_SPECIFIC = re.compile(r"^[a-z0-9_]+:[a-z0-9_.+-]+$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

GENERIC = (
    "forbidden_call", "no_raise", "wrong_exception", "mutates_input", "missing_function", "limit",
    "float_warning", "grader_error", "timeout", "error", "int_input",  # the engine and the common checks
    "returns_array", "wrong_type", "wrong_shape", "wrong_dtype",  # grader.numeric.compare
    "transpose", "reshape", "nan", "overflow", "factor:*",  # grader.diagnose.recognise
)
"""The ids any exercise can get; ``factor:*`` is ``factor:2``, ``factor:-1`` and so on."""


class MistakeError(ValueError):
    """A mistake record that cannot be right: a bug in the course."""


@dataclass(frozen=True)
class Mistake:
    """One mistake the grader names: its id, the exercise it belongs to ("" for any),
    what the learner is told (when the checks spell it out), and the hint that answers it."""

    id: str
    exercise: str = ""
    message: Text | None = None
    hint: Text | None = None

    def __post_init__(self) -> None:
        if not ID.match(self.id):
            raise MistakeError(f"mistake id {self.id!r}: use words and one colon, e.g. 'dot:off_by_one'")
        if self.exercise and not _NAME.match(self.exercise):
            raise MistakeError(f"mistake {self.id!r}: {self.exercise!r} is not an exercise name")
        if self.message is not None and not (self.message.en.strip() and self.message.zh.strip()):
            raise MistakeError(f"mistake {self.id!r}: its message needs English and Chinese")

    def answered_by(self, key: str) -> bool:
        """Whether a hint keyed ``key`` is shown for this mistake (the key or a family of it)."""
        if self.id.endswith("*"):
            stem = self.id[:-1]
            return key == stem.rstrip(":") or key.startswith(stem) or stem.startswith(key + ":")
        return self.id == key or self.id.startswith(key + ":")


def _text(node: ast.expr) -> Text | None:
    """``tr("en", "zh")`` (or ``Text(...)``) with literal strings, else None."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("tr", "Text") and len(node.args) >= 2:
        en, zh = node.args[0], node.args[1]
        if isinstance(en, ast.Constant) and isinstance(zh, ast.Constant) \
                and isinstance(en.value, str) and isinstance(zh.value, str):
            return Text(en.value, zh.value)
    return None


def _id_of(node: ast.expr) -> str | None:
    """The mistake id a string (or an f-string, as a family) spells, if it looks like one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SPECIFIC.match(node.value):
        return node.value
    if isinstance(node, ast.JoinedStr):
        pattern = "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "*"
                          for v in node.values)
        if ":" in pattern and ID.match(pattern) and not pattern.startswith("*"):
            return re.sub(r"\*.*", "*", pattern)
    return None


def _exercises_of_functions(tree: ast.Module) -> dict[str, set[str]]:
    """For each function of a checks module, the exercises whose checks call it (or are it)."""
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    own: dict[str, set[str]] = {}
    calls: dict[str, set[str]] = {}
    for name, node in functions.items():
        own[name] = set()
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "check" and \
                    decorator.args and isinstance(decorator.args[0], ast.Constant):
                own[name].add(str(decorator.args[0].value))
        # Called, or handed on to be called (``partial(_dot_mistakes, a, b)``: mistakes worked
        # out only for a value that differs): either way on behalf of this function's exercises.
        calls[name] = {called for inner in ast.walk(node) if isinstance(inner, ast.Call)
                       and (called := _called(inner)) is not None and called in functions}
    reached = {name: set(exercises) for name, exercises in own.items()}
    for _ in range(len(functions)):  # a helper's exercises are its callers' exercises
        changed = False
        for caller, callees in calls.items():
            for callee in callees:
                if not reached[caller] <= reached[callee]:
                    reached[callee] |= reached[caller]
                    changed = True
        if not changed:
            break
    return reached


def _called(call: ast.Call) -> str | None:
    """The module function a call calls by name, or hands to ``partial`` to be called later."""
    if isinstance(call.func, ast.Name) and call.func.id == "partial" and call.args:
        first = call.args[0]
        return first.id if isinstance(first, ast.Name) else None
    return call.func.id if isinstance(call.func, ast.Name) else None


def _checks_source(lesson_id: str) -> str | None:
    entry = resources.files("grader").joinpath("checks", f"{lesson_id}.py")
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


def _parents(tree: ast.Module) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


@cache
def lesson_mistakes(lesson_id: str) -> tuple[Mistake, ...]:
    """The mistakes a lesson's checks can name, one record per id and exercise."""
    source = _checks_source(lesson_id)
    if source is None:
        return ()
    tree = ast.parse(source)
    exercises_of = _exercises_of_functions(tree)
    parents = _parents(tree)
    found: dict[tuple[str, str], Text | None] = {}

    def exercises_around(node: ast.AST) -> set[str]:
        current: ast.AST | None = node
        while current is not None:
            if isinstance(current, ast.FunctionDef):
                return exercises_of.get(current.name, set()) or {""}
            current = parents.get(id(current))
        return {""}

    for node in ast.walk(tree):
        pairs: list[tuple[ast.expr, ast.expr | None]] = []
        if isinstance(node, ast.Dict):
            pairs = [(k, v) for k, v in zip(node.keys, node.values) if k is not None]
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
            pairs = [(node.targets[0].slice, node.value)]
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            pairs = [(element, None) for element in node.elts]
        for key, value in pairs:
            ident = _id_of(key)
            if ident is None:
                continue
            message = _text(value.elts[0]) if isinstance(value, ast.Tuple) and value.elts else None
            for exercise in exercises_around(node):
                if found.get((ident, exercise)) is None:
                    found[(ident, exercise)] = message
        if isinstance(node, ast.GeneratorExp) and (ident := _id_of(node.elt)):
            for exercise in exercises_around(node):
                found.setdefault((ident, exercise), None)
    return tuple(Mistake(ident, exercise, message, _hint(lesson_id, exercise, ident))
                 for (ident, exercise), message in sorted(found.items()))


def _hint(lesson_id: str, exercise: str, ident: str) -> Text | None:
    if not exercise or ident.endswith("*"):
        return None
    answers = hints.for_diagnosis(lesson_id, exercise, [ident])
    return answers[0][1] if answers else None


def is_generic(ident: str) -> bool:
    """Whether ``ident`` is one of the mistakes any exercise can get (``GENERIC``)."""
    return ident in GENERIC or any(g.endswith("*") and ident.startswith(g[:-1]) for g in GENERIC)


def generic_mistakes() -> tuple[Mistake, ...]:
    common = dict(hints.common_hints())
    return tuple(Mistake(ident, "", None, common.get(ident)) for ident in GENERIC)


def hint_problems(lesson_id: str, table: dict[str, hints.ExerciseHints] | None = None) -> list[str]:
    """Hint keys of ``lesson_id`` (or of ``table``, its parsed hint file) that answer no mistake."""
    known = lesson_mistakes(lesson_id)
    generic = generic_mistakes()
    problems = []
    for exercise, found in (hints.lesson_hints(lesson_id) if table is None else table).items():
        candidates = [m for m in known if m.exercise in (exercise, "")] + list(generic)
        for key, _ in found.diagnosis:
            if not any(mistake.answered_by(key) for mistake in candidates):
                problems.append(f"hints/{lesson_id}.toml: [{exercise}.diagnosis.{key!r}] answers no "
                                f"mistake the grader gives for {exercise}")
    return problems


def common_hint_problems() -> list[str]:
    """Keys of ``hints/common.toml`` that answer no mistake every exercise can get."""
    generic = generic_mistakes()
    return [f"hints/common.toml: [diagnosis.{key!r}] answers no mistake the grader gives"
            for key, _ in hints.common_hints() if not any(m.answered_by(key) for m in generic)]


_BROAD = frozenset({"error", "timeout", "grader_error", "limit"})
"""Diagnoses that say only that something went wrong, not which mistake it was."""


def first_rung(lesson_id: str, exercise: str, diagnosis: Iterable[str],
               said: dict[str, Text] | None = None) -> Text | None:
    """The first rung after a named mistake: what answers *that* mistake.

    ``diagnosis`` lists the ids of the last attempt, the mistake to answer first; ``said``
    maps an id to the sentence the grader printed with it. For the first id: the
    exercise's own hint for it; else, when the id is the exercise's own mistake (not one
    any exercise can get), the grader's own sentence, which names it precisely; else the
    common hint; else the grader's sentence. So every mistake the grader names has an
    answer of its own, even one added to the checks without a hint.
    """
    said = said or {}
    ids = list(diagnosis)
    named = [i for i in ids if i not in _BROAD] or ids
    if not named:
        return None
    ident = named[0]
    own = hints.exercise_hints(lesson_id, exercise)
    mine = [(key, text) for key, text in (own.diagnosis if own else ()) if hints.matches(key, ident)]
    if mine:
        return max(mine, key=lambda pair: len(pair[0]))[1]
    if ident in said and not is_generic(ident):
        return said[ident]
    common = [(key, text) for key, text in hints.common_hints() if hints.matches(key, ident)]
    if common:
        return max(common, key=lambda pair: len(pair[0]))[1]
    return said.get(ident)
