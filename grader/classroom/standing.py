"""A class at a glance: per exercise the pass rate and the most frequent mistakes, per
student the scores. ``class_standing`` is a pure function of one ``RunResult`` per
student; ``load_class`` (the only I/O here) finds the students in a folder.

A class folder holds either one workspace per student (``DIR/<student>/`` with the
lesson files, or ``DIR/<student>/exercises/``), graded here in the sandbox; or the
results of a batch run: ``DIR/<student>.json``, each a ``RunResult.to_dict()`` document
(what ``grade all --format json`` prints). A folder may mix both.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

from grader.course import Course
from grader.i18n import Text, tr
from grader.model import (
    ClassStanding,
    ExerciseResult,
    ExerciseStats,
    FrequentMistake,
    LessonResult,
    LessonScore,
    Outcome,
    RunResult,
    StudentRow,
)
from grader.reading.source import link_out_of

TOP_MISTAKES = 3


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else ""


def _mistakes_of(result: ExerciseResult) -> dict[str, Text]:
    """The mistakes one student's exercise shows, once each: a check's diagnosis ids (or, for a
    failure no detector named, the check itself) and the message the student read."""
    found: dict[str, Text] = {}
    for check in result.checks:
        if check.outcome not in (Outcome.FAILED, Outcome.ERROR, Outcome.TIMEOUT):
            continue
        label = check.message if check.message is not None and check.message.en.strip() else check.title
        first = Text(_first_line(label.en), _first_line(label.zh))
        key = ", ".join(check.diagnosis) if check.diagnosis else f"check:{check.name}"
        found.setdefault(key, first)
    return found


def class_standing(course: Course, runs: Mapping[str, RunResult | Text], source: str = "") -> ClassStanding:
    """Fold one run per student (or a ``Text`` saying why a student has none) into the class view."""
    names = sorted(runs, key=str.lower)
    by_student: dict[str, dict[tuple[str, str], ExerciseResult]] = {}
    for name in names:
        run = runs[name]
        results: dict[tuple[str, str], ExerciseResult] = {}
        if isinstance(run, RunResult):
            for graded in run.lessons:
                for exercise in graded.exercises:
                    results[(graded.lesson, exercise.name)] = exercise
        by_student[name] = results

    stats = []
    for lesson in course.lessons:
        for ex in lesson.exercises:
            key = (lesson.id, ex.name)
            passed = attempted = 0
            counts: Counter[str] = Counter()
            labels: dict[str, Text] = {}
            for name in names:
                result = by_student[name].get(key)
                if result is None:
                    continue
                passed += result.outcome is Outcome.PASSED
                attempted += result.outcome is not Outcome.NOT_STARTED
                for mistake, label in _mistakes_of(result).items():
                    counts[mistake] += 1
                    labels.setdefault(mistake, label)
            top = tuple(FrequentMistake(k, labels[k], n) for k, n in
                        sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_MISTAKES])
            stats.append(ExerciseStats(lesson.id, ex.name, ex.summary, passed, attempted, len(names), top))

    rows = []
    for name in names:
        results = by_student[name]
        lesson_scores = []
        exercises: dict[tuple[str, str], tuple[str, float]] = {}
        for lesson in course.lessons:
            score = 0.0
            done = 0
            for ex in lesson.exercises:
                result = results.get((lesson.id, ex.name))
                if result is None:
                    exercises[(lesson.id, ex.name)] = ("not_graded", 0.0)
                    continue
                exercises[(lesson.id, ex.name)] = (result.outcome.value, result.score)
                score += result.score
                done += result.outcome is Outcome.PASSED
            lesson_scores.append(LessonScore(lesson.id, score, sum(e.points for e in lesson.exercises),
                                             done, len(lesson.exercises)))
        run = runs[name]
        rows.append(StudentRow(
            name, sum(s.score for s in lesson_scores), sum(s.max_score for s in lesson_scores),
            sum(s.passed for s in lesson_scores), sum(s.total for s in lesson_scores),
            tuple(lesson_scores), exercises, run if isinstance(run, Text) else None))
    return ClassStanding(source, course.lessons, tuple(stats), tuple(rows))


# -- finding the students (I/O) -----------------------------------------------------------------


def student_workspace(folder: Path) -> Path | None:
    """``folder`` or ``folder/exercises`` if it holds lesson files, else None."""
    for candidate in (folder / "exercises", folder):
        if candidate.is_dir() and (any(candidate.glob("lesson*.py")) or any(candidate.glob("lesson*.ipynb"))):
            return candidate
    return None


def read_batch_result(path: Path) -> RunResult:
    """One ``<student>.json``: a ``RunResult`` document (or a single lesson's)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if "lessons" in data:
        return RunResult.from_dict(data)
    if "exercises" in data:
        return RunResult((LessonResult.from_dict(data),))
    raise ValueError("neither a run ('lessons') nor a lesson ('exercises') result")


# what ``grade batch`` writes beside the students
NOT_STUDENTS = ("summary.json", "gradebook.json", "class.json", "ledger.json", "similarity.json")


def find_students(folder: Path) -> dict[str, Path]:
    """Student name -> workspace folder or result file, in name order.

    Only student entries count: the batch's own outputs (``summary.json``, ``.state/``,
    ``class.html``, ``gradebook.csv``) are not students. In a batch's folder, a result file
    counts only for a student its summary lists: one whose folder was removed before the
    batch was run again keeps its old file there, but is no longer in the class.
    """
    listed = batch_statuses(folder)
    found: dict[str, Path] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
        if entry.name.startswith((".", "_")) or entry.name in NOT_STUDENTS:
            continue
        if entry.is_file() and entry.suffix == ".json":
            if not listed or entry.stem in listed:
                found.setdefault(entry.stem, entry)
        elif entry.is_dir():
            workspace = student_workspace(entry)
            if workspace is not None:
                found.setdefault(entry.name, workspace)
    return found


def batch_statuses(folder: Path) -> dict[str, tuple[str, str]]:
    """Student -> (status, note) from a ``grade batch`` summary in ``folder``, if there is one.

    A crashed or timed-out submission keeps saying so when the class report is rewritten.
    """
    try:
        data = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        return {str(s["student"]): (str(s["status"]), str(s.get("note", ""))) for s in data["students"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def load_class(folder: Path, grade: Callable[[Path], RunResult],
               on_student: Callable[[str, int, int], None] | None = None) -> dict[str, RunResult | Text]:
    """Each student's run: result files are read, workspaces are graded with ``grade``."""
    students = find_students(folder)
    runs: dict[str, RunResult | Text] = {}
    for index, (name, path) in enumerate(students.items(), 1):
        if on_student is not None:
            on_student(name, index, len(students))
        if path.is_dir():
            home = (folder / name).resolve()
            real = path.resolve()
            link = path if real != home and home not in real.parents else link_out_of(home)
            if link is not None:  # a link to a classmate's work, say
                shown = link.relative_to(folder) if link.is_relative_to(folder) else link.relative_to(home.parent)
                runs[name] = tr("{path} is a link to something outside the student's folder: not graded",
                                "{path} 是指向该学生文件夹之外的链接：未评分",
                                path=str(shown))
                continue
            runs[name] = grade(path)
            continue
        try:
            runs[name] = read_batch_result(path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            runs[name] = tr("{file} could not be read ({error})", "无法读取 {file}（{error}）",
                            file=path.name, error=f"{type(exc).__name__}: {exc}"[:200])
    return runs
