"""Hints as data: three rungs per exercise, and hints for diagnosed mistakes.

Each lesson brings its own file, ``grader/hints/lessonNN.toml``; a table per exercise
holds three rungs, each in English and Chinese:

* ``nudge``: where to look, without giving anything away;
* ``idea``: the approach;
* ``formula``: the formula or the shape of the code, all but the answer.

A ``[exercise.diagnosis."id"]`` table holds a hint for a mistake the grader names with
that diagnosis id (``"dot:off_by_one"``) or any id that starts with it and a colon
(``"factor"`` matches ``"factor:2"``). ``grader/hints/common.toml`` holds hints for the
diagnoses every exercise can get (``forbidden_call``, ``mutates_input``, ``no_raise``,
``transpose``, ``factor:2`` ...); an exercise's own hint for an id wins over the common
one, and a longer id over a shorter one.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from grader.i18n import Text, tr

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

RUNGS = ("nudge", "idea", "formula")
RUNG_NAMES = (tr("a nudge", "点拨"), tr("the idea", "思路"), tr("the formula", "公式"))
COMMON = "common"


class HintsError(ValueError):
    """A hint file is malformed: a bug in the course."""


@dataclass(frozen=True)
class ExerciseHints:
    """The three rungs of one exercise and its diagnosis-specific hints."""

    rungs: tuple[Text, Text, Text]
    diagnosis: tuple[tuple[str, Text], ...] = ()


def _text(value: object, where: str) -> Text:
    if not isinstance(value, dict) or set(value) != {"en", "zh"}:
        raise HintsError(f"{where}: needs exactly 'en' and 'zh'")
    en, zh = value["en"], value["zh"]
    if not isinstance(en, str) or not isinstance(zh, str) or not en.strip() or not zh.strip():
        raise HintsError(f"{where}: 'en' and 'zh' must be non-empty strings")
    return Text(reflow(en), reflow(zh))


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def reflow(text: str) -> str:
    """Join a multi-line TOML string into paragraphs: lines of a paragraph join with a
    space, or with nothing next to a Chinese character; blank lines separate paragraphs."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        joined = ""
        for line in (part.strip() for part in block.splitlines()):
            if not line:
                continue
            if joined and not (_wide(joined[-1]) or _wide(line[0])):
                joined += " "
            joined += line
        if joined:
            paragraphs.append(joined)
    return "\n".join(paragraphs)


def _diagnosis(value: object, where: str) -> tuple[tuple[str, Text], ...]:
    if not isinstance(value, dict):
        raise HintsError(f"{where}: must be a table of diagnosis ids")
    return tuple((str(key), _text(text, f"{where}.{key}")) for key, text in value.items())


def parse_hints(data: dict[str, object], where: str) -> dict[str, ExerciseHints]:
    """Validate one lesson's hint file into typed records, exercise by exercise."""
    hints: dict[str, ExerciseHints] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise HintsError(f"{where}: [{name}] must be a table")
        unknown = set(table) - {*RUNGS, "diagnosis"}
        if unknown:
            raise HintsError(f"{where}: [{name}] has unknown keys {sorted(unknown)}")
        missing = [rung for rung in RUNGS if rung not in table]
        if missing:
            raise HintsError(f"{where}: [{name}] lacks {', '.join(missing)}")
        rungs = tuple(_text(table[rung], f"{where}: {name}.{rung}") for rung in RUNGS)
        hints[name] = ExerciseHints((rungs[0], rungs[1], rungs[2]),
                                    _diagnosis(table.get("diagnosis", {}), f"{where}: {name}.diagnosis"))
    return hints


def available_files() -> list[str]:
    """The names (``lesson01``, ...) of every hint file shipped, registered lesson or not."""
    folder = resources.files("grader").joinpath("hints")
    return sorted(entry.name.removesuffix(".toml") for entry in folder.iterdir()
                  if entry.name.endswith(".toml") and entry.name != f"{COMMON}.toml")


def _read(name: str) -> dict[str, object] | None:
    entry = resources.files("grader").joinpath("hints", f"{name}.toml")
    if not entry.is_file():
        return None
    return tomllib.loads(entry.read_text(encoding="utf-8"))


@cache
def lesson_hints(lesson_id: str) -> dict[str, ExerciseHints]:
    """Every exercise's hints for one lesson (empty when the lesson has no hint file)."""
    data = _read(lesson_id)
    return parse_hints(data, f"hints/{lesson_id}.toml") if data is not None else {}


@cache
def common_hints() -> tuple[tuple[str, Text], ...]:
    data = _read(COMMON) or {}
    unknown = set(data) - {"diagnosis"}
    if unknown:
        raise HintsError(f"hints/{COMMON}.toml: unknown keys {sorted(unknown)}")
    return _diagnosis(data.get("diagnosis", {}), f"hints/{COMMON}.toml: diagnosis")


def exercise_hints(lesson_id: str, exercise: str) -> ExerciseHints | None:
    return lesson_hints(lesson_id).get(exercise)


def matches(key: str, ident: str) -> bool:
    """Whether a hint keyed ``key`` answers mistake ``ident`` (the id, or a family of it)."""
    return ident == key or ident.startswith(key + ":")


def for_diagnosis(lesson_id: str, exercise: str, diagnosis: Iterable[str]
                  ) -> list[tuple[str, Text]]:
    """The hints for the diagnosed mistakes, in the order they were diagnosed, each once.

    For each id: the exercise's own hint with the longest matching key, else the common
    hint with the longest matching key, else nothing.
    """
    own = exercise_hints(lesson_id, exercise)
    tables = ((own.diagnosis if own else ()), common_hints())
    found: list[tuple[str, Text]] = []
    seen: set[Text] = set()
    for ident in diagnosis:
        for table in tables:
            keys = [(key, text) for key, text in table if matches(key, ident)]
            if keys:
                _, text = max(keys, key=lambda pair: len(pair[0]))
                if text not in seen:
                    seen.add(text)
                    found.append((ident, text))
                break
    return found
