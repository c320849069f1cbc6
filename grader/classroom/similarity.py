"""Similar submissions, exercise by exercise, with copydetect's winnowing.

Each exercise is compared on its own: the function the contract names is cut out of
every submission's lesson file (its docstring dropped), and copydetect fingerprints it
with identifiers, strings and comments normalised away, so renaming variables changes
nothing. The stub's own code for that function is boilerplate: its fingerprints are
left out, and a function still identical to the stub (not started) is not compared at
all. A function with too little code of its own (a one-line ``return float(a @ b)``,
which most right answers are) is too short to tell a copy from the obvious answer and
is skipped; so are notebooks. A pair is listed when either function's share of
fingerprints found in the other reaches the threshold.

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

INSTALL = "pip install 'dl-math-grader[similarity]'"
THRESHOLD = 0.8
NOISE = 12  # k: characters of normalised code per fingerprint
WINDOW = 4  # winnowing window (guarantee threshold - noise threshold + 1)
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SimilarPair:
        return cls(str(data["lesson"]), str(data["exercise"]), str(data["first"]), str(data["second"]),
                   float(data["score"]), str(data["first_code"]), str(data["second_code"]),
                   tuple((int(a), int(b)) for a, b in data["first_spans"]),
                   tuple((int(a), int(b)) for a, b in data["second_spans"]))


def available() -> bool:
    """Whether copydetect can be imported, without importing it (half a second)."""
    import sys
    from importlib.util import find_spec

    if "copydetect" in sys.modules:
        return sys.modules["copydetect"] is not None
    return find_spec("copydetect") is not None


def function_source(source: str, name: str) -> str | None:
    """The top-level function ``name`` of ``source`` without its docstring; None if absent."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                lines = source.splitlines(keepends=True)
                head = "".join(lines[node.lineno - 1:body[0].lineno - 1])
                rest = "".join(lines[body[0].end_lineno or body[0].lineno:node.end_lineno])
                return head + rest
            return ast.get_source_segment(source, node)
    return None


def _normal(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip().splitlines() if line.strip())


def _read(path: Path) -> str | None:
    try:
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
    """The pairs of one exercise at ``threshold`` or more.

    Students whose normalised code is the same are one group, alike by definition (the whole
    function is shared); groups are compared through one member each, after a cheap check
    that they share enough fingerprints at all, and only the members of groups found alike are
    compared in detail, for the side-by-side view. A class of 200 thus costs seconds, not the
    tens of thousands of comparisons of every pair.
    """
    groups: dict[str, list[str]] = {}
    for student in sorted(prints):
        groups.setdefault(prints[student].filtered_code, []).append(student)
    found: list[SimilarPair] = []

    def add(first: str, second: str, score: float, spans1: Any, spans2: Any) -> None:
        a, b = prints[first], prints[second]
        found.append(SimilarPair(lesson, exercise, first, second, round(score, 4), a.raw_code, b.raw_code,
                                 spans1, spans2))

    for members in groups.values():
        for first, second in combinations(members, 2):
            add(first, second, 1.0, ((0, len(prints[first].raw_code)),), ((0, len(prints[second].raw_code)),))
    hashes = {code: {int(h) for h in prints[members[0]].hashes} for code, members in groups.items()}
    for code1, code2 in combinations(groups, 2):
        h1, h2 = hashes[code1], hashes[code2]
        if not h1 or not h2 or len(h1 & h2) < 0.5 * threshold * min(len(h1), len(h2)):
            continue  # too few fingerprints in common to come near the threshold
        _, shares, _ = compare(prints[groups[code1][0]], prints[groups[code2][0]])
        if max(shares) < threshold:
            continue
        for first in groups[code1]:
            for second in groups[code2]:
                _, (share1, share2), (slices1, slices2) = compare(prints[first], prints[second])
                a, b = (first, second) if first < second else (second, first)
                spans = (_spans(slices1), _spans(slices2)) if a == first else (_spans(slices2), _spans(slices1))
                add(a, b, float(max(share1, share2)), *spans)
    return found


def compare_class(workspaces: Mapping[str, Path], lessons: Sequence[Lesson], stubs: Path,
                  threshold: float = THRESHOLD) -> list[SimilarPair]:
    """Every pair of students whose code for one exercise is at least ``threshold`` alike,
    most alike first. ``stubs`` is the folder of the pristine stubs."""
    try:
        from copydetect import CodeFingerprint, compare_files
        from copydetect.utils import get_document_fingerprints
    except ImportError:
        raise SimilarityUnavailable(f"the similarity check needs copydetect: {INSTALL}") from None

    pairs: list[SimilarPair] = []
    for lesson in lessons:
        stub_source = _read(stubs / lesson.file) or ""
        sources = {student: _read(folder / lesson.file) for student, folder in workspaces.items()}
        for exercise in lesson.exercises:
            stub = function_source(stub_source, exercise.name) or ""
            boiler = CodeFingerprint("stub.py", NOISE, 1, fp=io.StringIO(stub), language="python") if stub else None
            boilerplate = list(boiler.hashes) if boiler is not None else []
            prints: dict[str, Any] = {}
            for student, source in sources.items():
                code = function_source(source, exercise.name) if source else None
                if code is None or _normal(code) == _normal(stub):
                    continue
                fingerprint = CodeFingerprint(f"{student}.py", NOISE, WINDOW, boilerplate=boilerplate,
                                              fp=io.StringIO(code), language="python")
                own = get_document_fingerprints(fingerprint.filtered_code, NOISE, 1, boilerplate)[0]
                if len(own) + NOISE - 1 < MIN_OWN:
                    continue
                prints[student] = fingerprint
            pairs += _pairs(lesson.id, exercise.name, prints, threshold, compare_files)
    pairs.sort(key=lambda p: (-p.score, p.lesson, p.exercise, p.first, p.second))
    return pairs
