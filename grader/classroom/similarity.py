"""Similar submissions, exercise by exercise, with copydetect's winnowing.

Each exercise is compared on its own: the function the contract names is cut out of
every submission's lesson file (its docstring dropped), and copydetect fingerprints it
with identifiers, strings and comments normalised away, so renaming variables changes
nothing. The stub's own code for that function is boilerplate: its fingerprints are
left out, and a function still identical to the stub (not started) is not compared at
all. A function with too little code of its own (a one-line ``return float(a @ b)``,
which most right answers are) is too short to tell a copy from the obvious answer and
is skipped; so are notebooks. A pair is listed when either function's share of
fingerprints found in the other reaches the threshold; students whose code is the same
once normalised are listed together, as one entry.

copydetect (and through it matplotlib) takes about half a second to import: it is
imported here only, when a batch asks for the comparison, never on ``grade lessonNN``'s
path. It is the optional extra ``similarity``.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from grader.course import Lesson
from grader.i18n import Text, tr

INSTALL = "pip install 'dl-math-grader[similarity]'"


def needs_copydetect() -> Text:
    """The line for ``--similarity`` where copydetect is not installed."""
    return tr("--similarity needs copydetect: {install}", "--similarity 需要 copydetect：{install}", install=INSTALL)
THRESHOLD = 0.8
NOISE = 12  # k: characters of normalised code per fingerprint
WINDOW = 4  # winnowing window (guarantee threshold - noise threshold + 1)
MAX_PAIRS = 500  # the most alike entries kept (each may name a group of students)
MIN_OWN = 40  # characters of normalised code a function needs, beyond the stub's, to be compared


class SimilarityUnavailable(RuntimeError):
    """copydetect is not installed."""


@dataclass(frozen=True)
class SimilarPair:
    lesson: str
    exercise: str
    first: str
    second: str
    score: float  # the larger of the two shares, 0..1
    first_code: str
    second_code: str
    first_spans: tuple[tuple[int, int], ...]  # character ranges of shared code
    second_spans: tuple[tuple[int, int], ...]
    first_also: tuple[str, ...] = ()  # students whose normalised code is the same as ``first``'s
    second_also: tuple[str, ...] = ()

    @property
    def students(self) -> int:
        return 2 + len(self.first_also) + len(self.second_also)

    def line(self, lang: str = "en") -> str:
        """``lesson01.dot: s02 ~ s03 100 %`` (and who else has the same code)."""
        def who(name: str, also: tuple[str, ...]) -> str:
            same = tr(" (same code: {names})", "（代码相同：{names}）", names=", ".join(also)).get(lang)
            return name + same if also else name

        return (f"{self.lesson}.{self.exercise}: {who(self.first, self.first_also)} ~ "
                f"{who(self.second, self.second_also)} {round(100 * self.score)} %")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SimilarPair:
        return cls(str(data["lesson"]), str(data["exercise"]), str(data["first"]), str(data["second"]),
                   float(data["score"]), str(data["first_code"]), str(data["second_code"]),
                   tuple((int(a), int(b)) for a, b in data["first_spans"]),
                   tuple((int(a), int(b)) for a, b in data["second_spans"]),
                   tuple(str(n) for n in data.get("first_also", ())),
                   tuple(str(n) for n in data.get("second_also", ())))


def available() -> bool:
    """Whether copydetect can be imported, without importing it (half a second)."""
    import sys
    from importlib.util import find_spec

    if "copydetect" in sys.modules:
        return sys.modules["copydetect"] is not None
    return find_spec("copydetect") is not None


def functions(source: str) -> dict[str, str]:
    """Each top-level function of ``source`` by name, without its docstring (parsed once)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    lines = source.splitlines(keepends=True)
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        body = node.body
        end = node.end_lineno or node.lineno
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            doc_end = body[0].end_lineno or body[0].lineno
            found[node.name] = "".join(lines[node.lineno - 1:body[0].lineno - 1] + lines[doc_end:end])
        else:
            found[node.name] = "".join(lines[node.lineno - 1:end])
    return found


def function_source(source: str, name: str) -> str | None:
    """The top-level function ``name`` of ``source`` without its docstring; None if absent."""
    return functions(source).get(name)


def _stable_kgrams(string: str, k: int) -> Any:
    """The hash of every k-gram of ``string``, the same in every process (64-bit BLAKE2b)."""
    import hashlib

    import numpy as np

    return np.array([int.from_bytes(hashlib.blake2b(string[i:i + k].encode("utf-8", "surrogatepass"),
                                                    digest_size=8).digest(), "little", signed=True)
                     for i in range(len(string) - k + 1)], dtype=np.int64)


def _normal(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip().splitlines() if line.strip())


MAX_FILE = 1 << 20  # bytes: a lesson file is a few kilobytes; a bigger one is not parsed here


def _read(path: Path) -> str | None:
    """The file's text, or None: missing, unreadable, not UTF-8, or too big to parse in the
    instructor's own process (the grading ran it in the sandbox; this reads it unconfined)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _spans(slices: Any) -> tuple[tuple[int, int], ...]:
    """copydetect's 2xN array of slice starts and ends (or an empty array) as pairs."""
    if len(slices) < 2 or len(slices[0]) == 0:
        return ()
    return tuple((int(a), int(b)) for a, b in zip(slices[0], slices[1]))


def _pairs(lesson: str, exercise: str, prints: Mapping[str, Any], threshold: float,
           compare: Any) -> list[SimilarPair]:
    """The alike pairs of one exercise, students with the same normalised code as one group.

    A group of two or more (renamed copies, or many hand-ins of one leaked answer) is one
    entry, score 1, naming everyone in it. Groups are compared through one member each, after
    a cheap check that they share enough fingerprints at all; an alike pair of groups is one
    entry naming both groups. A class of 200 thus gives a list an instructor can read, and
    costs seconds, not the comparisons of every pair of students.
    """
    groups: dict[str, list[str]] = {}
    for student in sorted(prints):
        groups.setdefault(prints[student].filtered_code, []).append(student)
    found: list[SimilarPair] = []
    for members in groups.values():
        if len(members) > 1:
            first, second = members[0], members[1]
            found.append(SimilarPair(lesson, exercise, first, second, 1.0, prints[first].raw_code,
                                     prints[second].raw_code, ((0, len(prints[first].raw_code)),),
                                     ((0, len(prints[second].raw_code)),), tuple(members[2:])))
    hashes = {code: {int(h) for h in prints[members[0]].hashes} for code, members in groups.items()}
    for code1, code2 in combinations(groups, 2):
        h1, h2 = hashes[code1], hashes[code2]
        if not h1 or not h2 or len(h1 & h2) < 0.5 * threshold * min(len(h1), len(h2)):
            continue  # too few fingerprints in common to come near the threshold
        first, second = groups[code1][0], groups[code2][0]
        _, (share1, share2), (slices1, slices2) = compare(prints[first], prints[second])
        if max(share1, share2) < threshold:
            continue
        found.append(SimilarPair(lesson, exercise, first, second, round(float(max(share1, share2)), 4),
                                 prints[first].raw_code, prints[second].raw_code, _spans(slices1), _spans(slices2),
                                 tuple(groups[code1][1:]), tuple(groups[code2][1:])))
    return found


def compare_class(workspaces: Mapping[str, Path], lessons: Sequence[Lesson], stubs: Path,
                  threshold: float = THRESHOLD) -> list[SimilarPair]:
    """Every pair of students whose code for one exercise is at least ``threshold`` alike,
    most alike first. ``stubs`` is the folder of the pristine stubs."""
    try:
        import copydetect.utils
        from copydetect import CodeFingerprint, compare_files
        from copydetect.utils import get_document_fingerprints
    except ImportError:
        raise SimilarityUnavailable(f"the similarity check needs copydetect: {INSTALL}") from None
    # copydetect hashes k-grams with Python's hash(), which differs from one process to the next
    # (PYTHONHASHSEED): winnowing would then keep other fingerprints in every run, and a pair near
    # the threshold would come and go between two batches of the same class. A digest does not.
    copydetect.utils.hashed_kgrams = _stable_kgrams

    pairs: list[SimilarPair] = []
    for lesson in lessons:
        stub_functions = functions(_read(stubs / lesson.file) or "")
        parsed: dict[str, dict[str, str]] = {}
        sources: dict[str, dict[str, str]] = {}
        for student, folder in workspaces.items():
            text = _read(folder / lesson.file)
            if text is not None and text not in parsed:
                parsed[text] = functions(text)
            sources[student] = parsed[text] if text is not None else {}
        for exercise in lesson.exercises:
            stub = stub_functions.get(exercise.name, "")
            boiler = CodeFingerprint("stub.py", NOISE, 1, fp=io.StringIO(stub), language="python") if stub else None
            boilerplate = list(boiler.hashes) if boiler is not None else []
            prints: dict[str, Any] = {}
            made: dict[str, Any] = {}
            for student, source in sources.items():
                code = source.get(exercise.name)
                if code is None or _normal(code) == _normal(stub):
                    continue
                if code not in made:  # the same hand-in twice (a copy, a leaked answer) is fingerprinted once
                    fingerprint = CodeFingerprint(f"{student}.py", NOISE, WINDOW, boilerplate=boilerplate,
                                                  fp=io.StringIO(code), language="python")
                    own = get_document_fingerprints(fingerprint.filtered_code, NOISE, 1, boilerplate)[0]
                    made[code] = fingerprint if len(own) + NOISE - 1 >= MIN_OWN else None
                if made[code] is not None:
                    prints[student] = made[code]
            pairs += _pairs(lesson.id, exercise.name, prints, threshold, compare_files)
    pairs.sort(key=lambda p: (-p.score, -p.students, p.lesson, p.exercise, p.first, p.second))
    return pairs[:MAX_PAIRS]
