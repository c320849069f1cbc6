"""Generate a synthetic class: N submission folders, reproducibly, for `grade batch`.

    python bench/make_class.py OUT_DIR --students 200 --seed 1

Every registered lesson gets a file in every submission. A student is one of:

- solved    every lesson is the reference;
- partial   each lesson is the reference, the stub, or a wrong submission from
            tests/submissions/ (its `# expect:` line says what the grader must find);
- broken    one lesson has a syntax error, a missing import, or one function that raises;
- hanging   one function loops forever, or the file loops at import time;
- hostile   one function ends the process (os._exit), kills the sandbox's helper
            process and itself, or exhausts memory; or the file prints megabytes when
            imported.

Half the students keep their files in exercises/ (a copy of the student repository),
the others at the top of their folder. OUT_DIR/_manifest.json records, per student and
lesson, the variant and the status the grader must give each exercise (null where a
wrong submission's partial credit, or a broken lesson another lesson imports, makes it
unknowable in advance) and the exact score where it is known.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.course import Lesson, load_course  # noqa: E402

SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
SUBMISSIONS = ROOT / "tests" / "submissions"
MIX = (("solved", 0.30), ("partial", 0.30), ("broken", 0.20), ("hanging", 0.15), ("hostile", 0.05))

RAISES = "\n\ndef {name}(*args, **kwargs):\n    raise RuntimeError('something went wrong in {name}')\n"
LOOPS = "\n\ndef {name}(*args, **kwargs):\n    while True:\n        pass\n"
EXITS = "\n\ndef {name}(*args, **kwargs):\n    import os\n    os._exit(3)\n"
KILLS_HELPER = ("\n\ndef {name}(*args, **kwargs):\n    import os, signal\n"
                "    os.kill(os.getppid(), signal.SIGKILL)\n    os.kill(os.getpid(), signal.SIGKILL)\n")
EATS_MEMORY = "\n\ndef {name}(*args, **kwargs):\n    return bytearray(64 * 1024 ** 3)\n"
IMPORT_LOOP = "\nwhile True:\n    pass\n"
CHATTY = "\nfor _ in range(50_000):\n    print('x' * 100)\n"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _expect_line(text: str) -> dict[str, str]:
    for line in text.splitlines():
        if line.startswith("# expect:"):
            pairs = (item.split("=") for item in line.removeprefix("# expect:").split(","))
            return {name.strip(): status.strip() for name, status in pairs}
    raise ValueError("no # expect: line")


def lesson_dependencies(lesson: Lesson, course_modules: dict[str, str]) -> set[str]:
    """The other lessons whose module the reference of ``lesson`` imports."""
    tree = ast.parse(_read(SOLUTIONS / lesson.file))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return {course_modules[name] for name in names if name in course_modules} - {lesson.id}


def standalone_functions(lesson: Lesson) -> list[str]:
    """Exercises that no other function of the reference calls (safe to break alone)."""
    tree = ast.parse(_read(SOLUTIONS / lesson.file))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    used: set[str] = set()
    for name, node in functions.items():
        used |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id != name}
    return [e.name for e in lesson.exercises if e.name not in used] or [lesson.exercises[-1].name]


def _all(lesson: Lesson, status: str) -> dict[str, str]:
    return {e.name: status for e in lesson.exercises}


def _score(lesson: Lesson, expect: dict[str, str] | None) -> float | None:
    if expect is None:
        return None
    total = 0.0
    for exercise in lesson.exercises:
        status = expect[exercise.name]
        if status == "passed":
            total += exercise.points
        elif status != "not_started":
            # An exercise that fails, errs or times out keeps the credit of the checks it
            # passed before that (partial credit per check): not known in advance.
            return None
    return total


def reference_variant(lesson: Lesson) -> tuple[str, str, dict[str, str] | None]:
    return "reference", _read(SOLUTIONS / lesson.file), _all(lesson, "passed")


def stub_variant(lesson: Lesson) -> tuple[str, str, dict[str, str] | None]:
    return "stub", _read(EXERCISES / lesson.file), _all(lesson, "not_started")


def wrong_variant(lesson: Lesson, rng: random.Random) -> tuple[str, str, dict[str, str] | None]:
    candidates = sorted((SUBMISSIONS / lesson.id).glob("wrong*.py"))
    if not candidates:
        return reference_variant(lesson)
    path = rng.choice(candidates)
    text = _read(path)
    return f"wrong:{path.stem}", text, _expect_line(text)


def redefined(lesson: Lesson, template: str, status: str, rng: random.Random,
              label: str) -> tuple[str, str, dict[str, str] | None]:
    name = rng.choice(standalone_functions(lesson))
    expect = _all(lesson, "passed")
    expect[name] = status
    return f"{label}:{name}", _read(SOLUTIONS / lesson.file) + template.format(name=name), expect


def broken_variant(lesson: Lesson, rng: random.Random) -> tuple[str, str, dict[str, str] | None]:
    kind = rng.choice(("syntax", "import", "raises"))
    if kind == "syntax":
        return "syntax_error", _read(SOLUTIONS / lesson.file) + "\n\ndef broken(:\n", _all(lesson, "error")
    if kind == "import":
        return ("import_error", _read(SOLUTIONS / lesson.file) + "\n\nimport numpy_but_misspelled\n",
                _all(lesson, "error"))
    return redefined(lesson, RAISES, "error", rng, "raises")


def hanging_variant(lesson: Lesson, rng: random.Random) -> tuple[str, str, dict[str, str] | None]:
    if rng.random() < 0.3:
        return "loops_at_import", _read(SOLUTIONS / lesson.file) + IMPORT_LOOP, _all(lesson, "timeout")
    return redefined(lesson, LOOPS, "timeout", rng, "loops")


def hostile_variant(lesson: Lesson, rng: random.Random) -> tuple[str, str, dict[str, str] | None]:
    kind = rng.choice(("exit", "kill_helper", "memory", "chatty"))
    if kind == "chatty":
        # Printing 5 MB while importing passes the 1 MiB output limit: the import is stopped, so
        # every exercise of the lesson is an error ("printed more than 1 MiB"), as in `grade`.
        return "prints_megabytes", _read(SOLUTIONS / lesson.file) + CHATTY, _all(lesson, "error")
    if kind == "kill_helper":
        return kills_helper_variant(lesson, rng)
    template = {"exit": EXITS, "memory": EATS_MEMORY}[kind]
    return redefined(lesson, template, "error", rng, kind)


def kills_helper_variant(lesson: Lesson, rng: random.Random) -> tuple[str, str, dict[str, str] | None]:
    """One function kills the sandbox's helper process, then itself.

    The grader starts a new helper for the next exercise, but if that exercise asks for a
    worker before the killed helper is gone, it can fail with a grader error (a race in
    the sandbox's restart, grader/sandbox/runner.py). So the function is never the last
    of its lesson, and the exercise after it may be passed or error.
    """
    names = [e.name for e in lesson.exercises]
    choices = [n for n in standalone_functions(lesson) if n != names[-1]] or names[:-1]
    if not choices:
        return redefined(lesson, EXITS, "error", rng, "exit")
    name = rng.choice(choices)
    expect = _all(lesson, "passed")
    expect[name] = "error"
    following = names[names.index(name) + 1]
    expect[following] = "passed|error"
    return f"kill_helper:{name}", _read(SOLUTIONS / lesson.file) + KILLS_HELPER.format(name=name), expect


def make_student(lessons: tuple[Lesson, ...], kind: str, rng: random.Random
                 ) -> dict[str, tuple[str, str, dict[str, str] | None]]:
    files = {lesson.id: reference_variant(lesson) for lesson in lessons}
    if kind == "partial":
        for lesson in lessons:
            pick = rng.random()
            files[lesson.id] = (stub_variant(lesson) if pick < 0.3 else
                                wrong_variant(lesson, rng) if pick < 0.7 else reference_variant(lesson))
    elif kind in ("broken", "hanging", "hostile"):
        lesson = rng.choice(lessons)
        make = {"broken": broken_variant, "hanging": hanging_variant, "hostile": hostile_variant}[kind]
        files[lesson.id] = make(lesson, rng)
        for other in lessons:
            if other is not lesson and rng.random() < 0.3:
                files[other.id] = stub_variant(other)
    return files


def generate(out: Path, students: int = 200, seed: int = 1) -> dict[str, Any]:
    """Write ``students`` submission folders and ``_manifest.json`` into ``out``; return the manifest."""
    course = load_course()
    lessons = course.lessons
    modules = {lesson.module: lesson.id for lesson in lessons}
    dependencies = {lesson.id: lesson_dependencies(lesson, modules) for lesson in lessons}
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    kinds = [kind for kind, share in MIX for _ in range(round(share * students))]
    kinds = (kinds + ["solved"] * students)[:students]
    rng.shuffle(kinds)
    manifest: dict[str, Any] = {"seed": seed, "students": {}, "kinds": {}}
    for number, kind in enumerate(kinds, start=1):
        student = f"student-{number:03d}"
        files = make_student(lessons, kind, rng)
        in_repo = rng.random() < 0.5
        folder = out / student / "exercises" if in_repo else out / student
        folder.mkdir(parents=True)
        if in_repo:
            (out / student / "README.md").write_text("my course repository\n")
        entry: dict[str, Any] = {}
        for lesson in lessons:
            variant, text, expect = files[lesson.id]
            (folder / lesson.file).write_text(text, encoding="utf-8")
            clean = all(files[dep][0] == "reference" for dep in dependencies[lesson.id])
            expect = expect if clean else None
            entry[lesson.id] = {"variant": variant, "expect": expect, "score": _score(lesson, expect)}
        manifest["students"][student] = {"kind": kind, "lessons": entry}
        manifest["kinds"][kind] = manifest["kinds"].get(kind, 0) + 1
    (out / "_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def verify(out: Path, manifest: dict[str, Any]) -> list[str]:
    """Differences between ``grade batch``'s outputs in ``out`` and what ``manifest`` expects."""
    import csv

    problems = []
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["student"]: row for row in csv.DictReader(stream)}
    if set(rows) != set(manifest["students"]):
        problems.append(f"gradebook students differ: {sorted(set(rows) ^ set(manifest['students']))}")
    for student, entry in manifest["students"].items():
        run = json.loads((out / f"{student}.json").read_text(encoding="utf-8"))
        lessons = {lesson["lesson"]: lesson for lesson in run["lessons"]}
        for lesson_id, expected in entry["lessons"].items():
            lesson = lessons[lesson_id]
            statuses = {e["name"]: e["status"] for e in lesson["exercises"]}
            if expected["expect"] is not None and (
                    set(statuses) != set(expected["expect"])
                    or any(statuses[name] not in allowed.split("|") for name, allowed in expected["expect"].items())):
                problems.append(f"{student} {lesson_id} ({expected['variant']}): {statuses} != {expected['expect']}")
            if expected["score"] is not None and abs(lesson["score"] - expected["score"]) > 1e-6:
                problems.append(f"{student} {lesson_id}: score {lesson['score']} != {expected['score']}")
            row = rows.get(student, {})
            if abs(float(row.get(lesson_id, "nan")) - lesson["score"]) > 1e-3:
                problems.append(f"{student} {lesson_id}: gradebook {row.get(lesson_id)} != {lesson['score']}")
        if abs(float(rows.get(student, {}).get("total", "nan")) - run["score"]) > 1e-3:
            problems.append(f"{student}: gradebook total != {run['score']}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    manifest = generate(args.out, args.students, args.seed)
    print(f"wrote {args.students} submissions to {args.out}: "
          + ", ".join(f"{kind} {count}" for kind, count in sorted(manifest["kinds"].items())))


if __name__ == "__main__":
    main()
