"""Mutation testing of the hidden checks: mutate ``solutions/``, grade each mutant.

    python bench/mutation.py lesson01 lesson02          # those lessons
    python bench/mutation.py --jobs 2 --json out.json   # every lesson but lesson12
    python bench/mutation.py lesson04 --survivors       # print each surviving mutant

A reference answer that is changed by one operator (``+`` -> ``-``, ``<`` -> ``<=``, a
number +-1, ``not`` added, a loop that never runs ...) is a plausible wrong answer. The
hidden checks must fail it: a mutant that still passes every exercise of its lesson
*survived*. Each survivor is either killed by a new check or listed as equivalent, with
a one-line reason, in ``bench/equivalent_mutants.md`` (it changes nothing the contract
asks for: the text of an error message, a check the contract leaves as advice ...).

The mutation operators are cosmic-ray's (``pip install .[mutation]``), used as a library:
cosmic-ray finds each place an operator applies and rewrites the source, and this script
grades the result with the grader's own Python API, in this process, with one warm
sandbox: one lesson, nothing recorded. ``--jobs 2`` grades two mutants at a time; the
machine this runs on is small, so never more.

Score = killed / (mutants - equivalent), per lesson. Mutants that do not compile are
left out (cosmic-ray calls them incompetent). Lesson 12 trains networks (seconds per
grading) and is left out unless named.

This is a measurement, not a test: it is slow (a few minutes per lesson) and not run by CI.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent_mutants.md"

# The operators: each arithmetic, comparison and logical operator swapped for its nearest
# plausible mistake (not every one of cosmic-ray's 200: a ``+`` turned into ``>>`` fails
# every check and says nothing), numbers moved by one, conditions negated, loops that
# never run, break/continue swapped, exceptions that are never caught.
OPERATORS = (
    "ReplaceBinaryOperator_Add_Sub", "ReplaceBinaryOperator_Add_Mul",
    "ReplaceBinaryOperator_Sub_Add", "ReplaceBinaryOperator_Sub_Mul",
    "ReplaceBinaryOperator_Mul_Div", "ReplaceBinaryOperator_Mul_Add",
    "ReplaceBinaryOperator_Div_Mul", "ReplaceBinaryOperator_Div_FloorDiv",
    "ReplaceBinaryOperator_FloorDiv_Div", "ReplaceBinaryOperator_Pow_Mul",
    "ReplaceBinaryOperator_Mod_FloorDiv",
    "ReplaceComparisonOperator_Lt_LtE", "ReplaceComparisonOperator_LtE_Lt",
    "ReplaceComparisonOperator_Gt_GtE", "ReplaceComparisonOperator_GtE_Gt",
    "ReplaceComparisonOperator_Lt_Gt", "ReplaceComparisonOperator_Gt_Lt",
    "ReplaceComparisonOperator_LtE_GtE", "ReplaceComparisonOperator_GtE_LtE",
    "ReplaceComparisonOperator_Eq_NotEq", "ReplaceComparisonOperator_NotEq_Eq",
    "ReplaceComparisonOperator_Is_IsNot", "ReplaceComparisonOperator_IsNot_Is",
    "ReplaceUnaryOperator_USub_UAdd", "ReplaceUnaryOperator_Delete_Not",
    "NumberReplacer", "AddNot", "ReplaceTrueWithFalse", "ReplaceFalseWithTrue",
    "ReplaceAndWithOr", "ReplaceOrWithAnd", "ReplaceBreakWithContinue",
    "ReplaceContinueWithBreak", "ZeroIterationForLoop", "ExceptionReplacer",
)


@dataclass(frozen=True)
class Mutant:
    """One mutation of one lesson's reference: where, what, and the mutated source."""

    lesson: str
    operator: str
    occurrence: int
    line: int
    before: str
    after: str

    @property
    def key(self) -> str:
        """How ``equivalent_mutants.md`` names it: lesson, line, operator, what the line became."""
        return f"{self.lesson}:{self.line}:{self.operator}:{self.after.strip()}"


def mutants(lesson_file: Path, lesson: str) -> list[tuple[Mutant, str]]:
    """Every mutant of ``lesson_file`` under ``OPERATORS``, with its whole source."""
    import cosmic_ray.plugins
    from cosmic_ray.mutating import mutate_code

    source = lesson_file.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: list[tuple[Mutant, str]] = []
    for name in OPERATORS:
        operator = cosmic_ray.plugins.get_operator(f"core/{name}")()
        occurrence = 0
        while True:
            code = mutate_code(source, operator, occurrence)
            if code is None:
                break
            occurrence += 1
            try:
                compile(code, lesson_file.name, "exec")
            except SyntaxError:
                continue  # incompetent: the file would not even import
            changed = code.splitlines()
            line = next((i for i, (a, b) in enumerate(zip(lines, changed)) if a != b), len(lines) - 1)
            found.append((Mutant(lesson, name, occurrence - 1, line + 1, lines[line] if line < len(lines) else "",
                                 changed[line] if line < len(changed) else ""), code))
    return found


def equivalent() -> dict[str, str]:
    """The mutants listed as equivalent: key -> reason (``- `key`: reason`` lines)."""
    listed: dict[str, str] = {}
    if EQUIVALENT.is_file():
        for match in re.finditer(r"^- `([^`]+)`: (.+)$", EQUIVALENT.read_text(encoding="utf-8"), re.M):
            listed[match.group(1)] = match.group(2)
    return listed


def grade_mutant(lesson_id: str, code: str, file: str, sandbox: Any) -> tuple[bool, float]:
    """Whether the hidden checks kill this mutant (some exercise not fully passed)."""
    from grader.api import grade

    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        workspace = Path(tmp)
        for path in SOLUTIONS.glob("*.py"):
            shutil.copy(path, workspace / path.name)
        (workspace / file).write_text(code, encoding="utf-8")
        run = grade([lesson_id], workspace, sandbox=sandbox, parallel=1)
    result = run.lessons[0]
    killed = any(e.score < e.max_score - 1e-9 for e in result.exercises)
    return killed, result.duration


def run_lesson(lesson_id: str, jobs: int, limit: int | None, show: bool) -> dict[str, Any]:
    from grader.api import open_sandbox
    from grader.course import load_course

    lesson = load_course().lesson(lesson_id)
    found = mutants(SOLUTIONS / lesson.file, lesson_id)
    if limit is not None:
        found = found[:limit]
    listed = equivalent()
    started = time.perf_counter()
    survivors: list[Mutant] = []
    killed = 0
    with (tempfile.TemporaryDirectory(prefix="mutants-") as tmp, open_sandbox(tmp) as sandbox,
          concurrent.futures.ThreadPoolExecutor(jobs) as pool):
        futures = {pool.submit(grade_mutant, lesson_id, code, lesson.file, sandbox): mutant
                   for mutant, code in found}
        for future in concurrent.futures.as_completed(futures):
            mutant = futures[future]
            dead, _ = future.result()
            if dead:
                killed += 1
            else:
                survivors.append(mutant)
    survivors.sort(key=lambda m: (m.line, m.operator, m.occurrence))
    equiv = [m for m in survivors if m.key in listed]
    alive = [m for m in survivors if m.key not in listed]
    counted = len(found) - len(equiv)
    score = killed / counted if counted else 1.0
    if show:
        for m in alive:
            print(f"  survived  {m.key}\n            was: {m.before.strip()}")
    return {"lesson": lesson_id, "mutants": len(found), "killed": killed, "equivalent": len(equiv),
            "survived": len(alive), "score": score, "seconds": time.perf_counter() - started,
            "survivors": [asdict(m) for m in alive]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson ids (default: lesson01 to lesson11)")
    parser.add_argument("--jobs", type=int, default=1, choices=(1, 2), help="mutants graded at once")
    parser.add_argument("--limit", type=int, help="grade only the first N mutants of each lesson")
    parser.add_argument("--survivors", action="store_true", help="print every surviving mutant")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    try:
        import cosmic_ray  # noqa: F401
    except ImportError:
        print("bench/mutation.py needs cosmic-ray: pip install '.[mutation]'", file=sys.stderr)
        return 2
    lessons = args.lessons or [f"lesson{n:02d}" for n in range(1, 12)]
    rows = []
    print(f"{'lesson':9} {'mutants':>7} {'killed':>6} {'equiv':>5} {'alive':>5} {'score':>7} {'time':>6}")
    for lesson_id in lessons:
        row = run_lesson(lesson_id, args.jobs, args.limit, args.survivors)
        rows.append(row)
        print(f"{row['lesson']:9} {row['mutants']:7d} {row['killed']:6d} {row['equivalent']:5d} "
              f"{row['survived']:5d} {row['score']:7.1%} {row['seconds']:5.0f}s", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
