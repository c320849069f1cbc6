"""The clause-to-check table: each behavioural sentence of the contract, and the checks
that would fail without it (``docs/clauses.md``).

Two sources, so that the table says what the checks really do:

* ``grader/clauses.toml``: the contract's stated ValueErrors, boundaries, tolerances,
  defaults and conventions, each quoted verbatim and mapped to checks (or, for what the
  engine guarantees, to tests);
* a recording: the references of lessons 01-11 are graded while every check reports what
  it exercised (``grader.engine.recording.RECORDER``): the input forms it passed (lists,
  ints, scalars) and whether it checked that the inputs were left unchanged.

Every bullet of a lesson's section names its functions, whose value checks cover it; a
bullet or sentence that states a ValueError, a tolerance or a default needs its own row.
``problems`` lists every gap; ``tests/test_clauses.py`` fails on any, and on a
``docs/clauses.md`` that is not what ``python bench/clauses.py`` writes.

    python bench/clauses.py                     # write docs/clauses.md
    python bench/clauses.py --check             # exit 1 when it is out of date or has gaps
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT.parent / "shared" / "curriculum.md"
TABLE = ROOT / "docs" / "clauses.md"
RECORDED_LESSONS = tuple(f"lesson{n:02d}" for n in range(1, 12))
"""Lesson 12 trains networks for seconds per grading; its rows are its value checks."""
FORMS = ("list", "int", "scalar")
_BEHAVIOUR = re.compile(r"ValueError|tolerance|default|never modify|modify .* in place", re.I)


@dataclass(frozen=True)
class Clause:
    """One row of the table: a sentence of the contract, and what checks it."""

    section: str
    quote: str
    kind: str
    lesson: str = ""
    exercise: str = ""
    checks: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    note: str = ""


@dataclass
class Recording:
    """What the checks exercised while grading the references, per (lesson, exercise)."""

    forms: dict[tuple[str, str], dict[str, set[str]]] = field(default_factory=dict)

    def checks(self, lesson: str, exercise: str, what: str) -> list[str]:
        return sorted(self.forms.get((lesson, exercise), {}).get(what, set()))

    def takes_arrays(self, lesson: str, exercise: str) -> bool:
        seen = self.forms.get((lesson, exercise), {})
        return bool(seen.get("list") or seen.get("array"))


def load_clauses() -> list[Clause]:
    data = tomllib.loads(resources.files("grader").joinpath("clauses.toml").read_text(encoding="utf-8"))
    clauses = []
    for entry in data.get("clause", []):
        lesson = str(entry.get("lesson", ""))
        section = str(entry.get("section", "")) or _section_of(lesson)
        clauses.append(Clause(section, str(entry["quote"]), str(entry["kind"]), lesson,
                              str(entry.get("exercise", "")), tuple(entry.get("checks", ())),
                              tuple(entry.get("tests", ())), str(entry.get("note", ""))))
    return clauses


def _section_of(lesson_id: str) -> str:
    from grader.course import load_course

    return load_course().lesson(lesson_id).file if lesson_id else ""


def contract_units(text: str) -> list[tuple[str, str]]:
    """(section, text) of each bullet of the contract, and of each other paragraph that
    states behaviour (a ValueError, a tolerance), in the sections that state behaviour."""
    units: list[tuple[str, str]] = []
    for part in re.split(r"^## ", text, flags=re.M)[1:]:
        title, _, body = part.partition("\n")
        if title.strip() == "Files":
            continue
        for bullet in re.findall(r"^- (.*(?:\n  .*)*)", body, re.M):
            units.append((title.strip(), bullet))
        for paragraph in re.split(r"\n\s*\n", body):
            stripped = paragraph.strip()
            if stripped and not stripped.startswith(("-", "|")) and _BEHAVIOUR.search(stripped):
                units.append((title.strip(), stripped))
    return units


def _named_exercises(unit: str, lesson_exercises: set[str]) -> set[str]:
    return {name for name in re.findall(r"`(\w+)\(", unit) if name in lesson_exercises}


def _counted(lesson: str, exercise: str, check: str) -> bool:
    """Advice checks are shown, never required: what they pass covers no clause."""
    from grader.course import load_course
    from grader.engine.collect import checks_for

    specs = checks_for(load_course().lesson(lesson)).get(exercise, ())
    return any(s.name == check and s.kind != "advice" for s in specs)


def record(lessons: tuple[str, ...] = RECORDED_LESSONS) -> Recording:
    """Grade the references of ``lessons`` while every check reports what it exercised."""
    from grader import api
    from grader.engine import recording as recorder
    from grader.reference import reference_dir

    seen: list[tuple[str, str, str, str]] = []
    recorder.RECORDER = seen
    try:
        run = api.grade(list(lessons), reference_dir(), seed=0, parallel=1)
    finally:
        recorder.RECORDER = None
    failing = [(r.lesson, e.name) for r in run.lessons for e in r.exercises if e.score < e.max_score]
    if failing:
        raise RuntimeError(f"the references do not pass their own checks: {failing}")
    recording = Recording()
    for lesson, exercise, check, what in seen:
        if _counted(lesson, exercise, check):
            recording.forms.setdefault((lesson, exercise), defaultdict(set))[what].add(check)
    return recording


def problems(contract: str, clauses: list[Clause], recording: Recording) -> list[str]:
    """Every gap: a clause whose quote is not in the contract or that has no check; a check
    name that does not exist; a behavioural sentence with no row; a function whose input
    forms or no-mutation are not checked."""
    from grader.course import load_course
    from grader.engine.collect import checks_for

    course = load_course()
    found: list[str] = []
    flat = " ".join(contract.split())
    names = {lesson.id: {e: {s.name for s in specs} for e, specs in checks_for(lesson).items()}
             for lesson in course.lessons}
    for clause in clauses:
        where = f"{clause.lesson or clause.section}: {clause.quote!r}"
        if " ".join(clause.quote.split()) not in flat:
            found.append(f"{where} is not a quote of the contract")
        if clause.kind in ("input forms", "no mutation") and not clause.lesson:
            continue  # the per-function rows
        if not clause.checks and not clause.tests:
            found.append(f"{where} has no check")
        for test in clause.tests:
            if not (ROOT / test).is_file():
                found.append(f"{where}: no test file {test}")
        if clause.checks:
            known = names.get(clause.lesson, {}).get(clause.exercise)
            if known is None:
                found.append(f"{where}: unknown exercise {clause.lesson}.{clause.exercise}")
            else:
                found += [f"{where}: {clause.exercise} has no check {c}" for c in clause.checks if c not in known]
    quotes = [(c.section, " ".join(c.quote.split())) for c in clauses]
    for section, unit in contract_units(contract):
        lesson = next((x for x in course.lessons if x.file == section), None)
        text = " ".join(unit.split())
        covered_by_value = lesson is not None and _named_exercises(unit, set(names[lesson.id]))
        spans = [(start, start + len(q)) for s, q in quotes if s == section and (start := text.find(q)) >= 0]
        if not spans and (_BEHAVIOUR.search(text) or not covered_by_value):
            found.append(f"{section}: no row for {text[:100]!r}")
            continue
        for stated in re.finditer(r"ValueError|tolerance", text):  # each one inside some quoted row
            if not any(a <= stated.start() < b for a, b in spans):
                found.append(f"{section}: no row for {text[max(0, stated.start() - 60):stated.end() + 20]!r}")
    for lesson in course.lessons:
        if lesson.id not in RECORDED_LESSONS:
            continue
        for exercise in lesson.exercises:
            if recording.takes_arrays(lesson.id, exercise.name):
                for what in ("list", "int", "no_mutation"):
                    if not recording.checks(lesson.id, exercise.name, what) and not _stated(
                            clauses, lesson.id, exercise.name, what):
                        found.append(f"{lesson.id}.{exercise.name}: no check {_WHAT[what]}")
            if exercise.element_wise and not recording.checks(lesson.id, exercise.name, "scalar"):
                found.append(f"{lesson.id}.{exercise.name}: no check {_WHAT['scalar']}")
    return found


_WHAT = {"list": "passes a list", "int": "passes ints", "no_mutation": "checks that the inputs are unchanged",
         "scalar": "passes a scalar"}
_KIND_OF = {"no_mutation": "no mutation"}


def _stated(clauses: list[Clause], lesson: str, exercise: str, what: str) -> bool:
    kind = _KIND_OF.get(what, "")
    return bool(kind) and any(c.lesson == lesson and c.exercise == exercise and c.kind == kind and c.checks
                              for c in clauses)


def render(clauses: list[Clause], recording: Recording) -> str:
    """docs/clauses.md: one table of the contract's clauses, then one per lesson's functions."""
    from grader.course import load_course
    from grader.engine.collect import checks_for

    lines = ["# Contract clauses and the checks that fail without them", "",
             "Generated by `python bench/clauses.py` from `grader/clauses.toml` and from what the",
             "hidden checks do while they grade the references; `tests/test_clauses.py` fails when",
             "a behavioural sentence of `../shared/curriculum.md` has no row here, or a row has no",
             "check. Edit the TOML file or the checks, not this page.", "",
             "## Stated clauses", "",
             "| section | clause (quoted from the contract) | kind | checked by |", "|---|---|---|---|"]
    for clause in clauses:
        by = (", ".join(f"`{clause.exercise}.{c}`" for c in clause.checks) or
              ", ".join(f"`{t}`" for t in clause.tests) or clause.note)
        quote = " ".join(clause.quote.split()).replace("|", "\\|")
        lines.append(f"| {clause.section} | {quote} | {clause.kind} | {by} |")
    course = load_course()
    for lesson in course.lessons:
        specs = checks_for(lesson)
        lines += ["", f"## {lesson.id}: {lesson.file}", "",
                  "| function | value checks | lists | ints | scalars | no mutation |", "|---|---|---|---|---|---|"]
        for exercise in lesson.exercises:
            value = ", ".join(f"`{s.name}`" for s in specs[exercise.name] if s.kind == "value")
            cells = [value]
            recorded = lesson.id in RECORDED_LESSONS
            arrays = recording.takes_arrays(lesson.id, exercise.name)
            for what in (*FORMS, "no_mutation"):
                checks = recording.checks(lesson.id, exercise.name, what)
                stated = [c for c in clauses if c.lesson == lesson.id and c.exercise == exercise.name
                          and c.kind == _KIND_OF.get(what, "-")]
                if what == "scalar" and not exercise.element_wise:
                    cells.append("n/a")
                elif checks:
                    cells.append(", ".join(f"`{c}`" for c in checks))
                elif stated:
                    cells.append(", ".join(f"`{c}`" for s in stated for c in s.checks))
                elif not recorded:
                    cells.append("not recorded")
                elif not arrays:
                    cells.append("n/a")
                else:
                    cells.append("**none**")
            lines.append(f"| `{exercise.name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/clauses.md, the clause-to-check table.")
    parser.add_argument("--check", action="store_true", help="only check: exit 1 on a gap or a stale page")
    parser.add_argument("--contract", type=Path, default=CONTRACT, help="the curriculum contract")
    args = parser.parse_args(argv)
    if not args.contract.is_file():
        print(f"the contract {args.contract} is not there", file=sys.stderr)
        return 2
    clauses = load_clauses()
    recording = record()
    gaps = problems(args.contract.read_text(encoding="utf-8"), clauses, recording)
    for gap in gaps:
        print(gap, file=sys.stderr)
    text = render(clauses, recording)
    if args.check:
        stale = not TABLE.is_file() or TABLE.read_text(encoding="utf-8") != text
        if stale:
            print(f"{TABLE} is out of date: run python bench/clauses.py", file=sys.stderr)
        return 1 if gaps or stale else 0
    from grader.atomic import write_atomic

    write_atomic(TABLE, text)
    return 1 if gaps else 0



