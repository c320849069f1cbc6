"""The instructor's side of a batch: roster, overrides, deadlines, regrades, similarity.

``grade batch`` grades; this module then decides and publishes. ``load_inputs`` reads
and checks the roster and the overrides before anything is graded or written (a bad row
stops the command with one line); ``after_batch`` records the batch (submission times,
the ledger of scores, the similarity check) and ``publish`` writes the gradebook and the
class page with everything applied. ``grade report --class`` calls ``publish`` again
from what the batch recorded, with the roster and overrides of the day; ``export_lms``
writes the Canvas or Moodle file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from grader.atomic import write_atomic
from grader.classroom import lms as lms_formats
from grader.classroom.batch import BatchResult, find_submissions
from grader.classroom.deadlines import iso, submission_time
from grader.classroom.overrides import Override, load_overrides
from grader.classroom.record import (
    ClassRecord,
    Settings,
    Stored,
    _num,
    build,
    exercise_scores,
    gradebook_columns,
    moved,
    read_pairs,
    read_stored,
    write_pairs,
    write_stored,
)
from grader.classroom.regrade import Change, Entry, overrides_key, read_ledger, record_batch, submission_hash
from grader.classroom.roster import Person, load_roster
from grader.classroom.similarity import THRESHOLD, SimilarPair
from grader.course import load_course
from grader.i18n import Text, tr
from grader.model import RunResult

if TYPE_CHECKING:
    from grader.course import Lesson
    from grader.reporters.html_report import ClassExtras

ROSTER = "roster.csv"
OVERRIDES = "overrides.csv"


@dataclass(frozen=True)
class Inputs:
    people: dict[str, Person] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()
    settings: Settings = field(default_factory=Settings)


def choose_file(explicit: Path | None, stored: str | None, default: str) -> Path | None:
    """The option's file; else the one the batch used, if it is still there; else ``default``
    in the current folder, if there is one."""
    if explicit is not None:
        return Path(os.path.abspath(explicit))
    if stored and os.path.isfile(stored):
        return Path(stored)
    return Path(os.path.abspath(default)) if os.path.isfile(default) else None


def load_inputs(students: Sequence[str], roster: Path | None, overrides: Path | None,
                settings: Settings) -> Inputs:
    """The roster and overrides, checked (``CsvError``: one line naming the row)."""
    people = load_roster(roster) if roster is not None else {}
    found = load_overrides(overrides, load_course(), students) if overrides is not None else []
    return Inputs(people, tuple(found), Settings(
        str(roster) if roster else None, str(overrides) if overrides else None,
        settings.due, settings.per_day, settings.cap, settings.keep))


def extras_of(record: ClassRecord, stored: Stored, pairs: Sequence[SimilarPair], threshold: float) -> ClassExtras:
    """What the class page shows beyond the grades, as the lines the batch prints."""
    from grader.reporters.html_report import ClassExtras, SimilarView

    notes = list(record.roster_check.lines() if record.roster_check else [])
    if stored.similarity:
        notes.append(stored.similarity)
    rows: list[tuple[str, str, str]] = []
    for r in record.students:
        if r.submitted is not None and record.settings.due is not None:
            rows.append((r.student, "late" if r.days_late else "on time",
                         f"submitted {iso(r.submitted)} ({r.time_source}); {r.days_late} day(s) late, "
                         f"-{_num(100 * r.penalty)}%: {_num(r.score)} -> {_num(r.adjusted)}"))
        rows += [(r.student, "override", o.line()) for o in r.overrides]
        if r.kept_from is not None:
            rows.append((r.student, "kept", f"best score {_num(r.final)}, graded {iso(r.kept_from)}"))
        if r.change is not None and moved(r.change):
            rows.append((r.student, "change", r.change.line()))
    views = tuple(SimilarView(p.lesson, p.exercise, p.first, p.second, p.score, p.first_code, p.second_code,
                              p.first_spans, p.second_spans, p.first_also, p.second_also) for p in pairs)
    return ClassExtras(tuple(notes), tuple(rows), views, threshold if stored.similarity else 0.0)


def publish(folder: Path, runs: Mapping[str, RunResult | Text], statuses: Mapping[str, tuple[str, str]],
            inputs: Inputs, stored: Stored, page: Path, lang: str = "en",
            similar: tuple[Sequence[SimilarPair], float] | None = None,
            ledger: Mapping[str, Sequence[Entry]] | None = None) -> ClassRecord:
    """Write ``gradebook.csv`` beside ``page`` and the class page, everything applied.

    ``similar``: the pairs (and threshold) of a similarity check just run; by default the
    ones the batch recorded in ``folder``. ``ledger``: the scores recorded so far; by
    default ``folder``'s (merged shards bring their own)."""
    from grader.classroom.standing import class_standing
    from grader.reporters.gradebook import render_csv
    from grader.reporters.html_report import render_class

    course = load_course()
    max_score = sum(e.points for lesson in course.lessons for e in lesson.exercises)
    graded = [r for r in runs.values() if isinstance(r, RunResult)]
    if graded:
        max_score = max(r.max_score for r in graded)
    record = build(runs, inputs.settings, inputs.people, inputs.overrides, stored,
                   read_ledger(folder) if ledger is None else ledger, max_score, statuses)
    standing = class_standing(course, record.runs, str(folder))
    csv_path = page.with_name("gradebook.csv")
    pairs, threshold = similar if similar is not None else (read_pairs(folder), _threshold(folder))
    extras = extras_of(record, stored, pairs, threshold)
    write_atomic(csv_path, render_csv(standing, statuses, gradebook_columns(record)))
    write_atomic(page, render_class(standing, lang, gradebook=csv_path.name, extras=extras))
    return record


def _threshold(folder: Path) -> float:
    import json

    try:
        return float(json.loads((folder / "similarity.json").read_text(encoding="utf-8"))["threshold"])
    except (OSError, ValueError, KeyError, TypeError):
        return THRESHOLD


def similarity_check(workspaces: Mapping[str, Path], lessons: Sequence[Lesson],
                     threshold: float = THRESHOLD) -> tuple[list[SimilarPair], Text]:
    """The similar pairs among ``workspaces`` (student -> folder of lesson files) and one line
    saying how the check went; the batch and ``grade report --class`` both call this.

    Never raises for the comparison's sake: without copydetect, or when it fails, there
    are no pairs and the line says why (the grades matter more than the comparison)."""
    from grader.classroom import similarity as sim

    if not sim.available():
        return [], tr("similarity check skipped: copydetect is not installed ({install})",
                      "已跳过相似度检查：未安装 copydetect（{install}）", install=sim.INSTALL)
    from grader.materials import folder as materials

    try:
        pairs = sim.compare_class(workspaces, lessons, materials("exercises"), threshold)
    except Exception as exc:
        return [], tr("similarity check failed ({why}); the grades are not affected",
                      "相似度检查失败（{why}）；成绩不受影响", why=f"{type(exc).__name__}: {str(exc)[:200]}")
    return pairs, (tr("similarity: {n} pair(s) at {percent} % or more among {total} submissions",
                      "相似度：{total} 份提交中有 {n} 对相似度达到 {percent} % 或以上",
                      n=len(pairs), percent=round(100 * threshold), total=len(workspaces))
                   + (tr(" (the {most} most alike kept)", "（保留最相似的 {most} 对）", most=sim.MAX_PAIRS)
                      if len(pairs) >= sim.MAX_PAIRS else tr("", "")))


@dataclass(frozen=True)
class AfterBatch:
    record: ClassRecord
    changes: tuple[Change, ...]
    pairs: tuple[SimilarPair, ...]
    similarity: Text  # one line: how the similarity check went (stored in English)


def after_batch(batch: BatchResult, root: Path, out: Path, inputs: Inputs, similarity: bool | None,
                threshold: float = THRESHOLD, lang: str = "en") -> AfterBatch:
    """Record this batch (times, ledger, similarity) and publish the gradebook and page.

    ``similarity``: True runs the check (copydetect must be there), None runs it if it is
    there, False does not."""
    submissions = {s.student: s for s in find_submissions(root, exclude=[out])}
    lessons = batch.lessons
    times: dict[str, tuple[float | None, str]] = {}
    for student in batch.students:
        sub = submissions.get(student.student)
        if sub is None:
            continue
        files = [sub.workspace / n for lesson in lessons for n in (lesson.file, lesson.module + ".ipynb")
                 if os.path.isfile(sub.workspace / n)]
        times[student.student] = submission_time(sub.folder, files)

    pairs: list[SimilarPair] = []
    status = tr("", "")
    if similarity is not False:
        compared = {s.student: submissions[s.student].workspace for s in batch.students
                    if s.status in ("graded", "unchanged") and s.student in submissions}
        pairs, status = similarity_check(compared, lessons, threshold)
        write_pairs(out, pairs, threshold)

    runs: dict[str, RunResult | Text] = {s.student: s.run for s in batch.students}
    statuses = {s.student: (s.status, s.note) for s in batch.students}
    stored = Stored(inputs.settings, times, [], status.en)
    first = build(runs, inputs.settings, inputs.people, inputs.overrides, stored, {}, batch.students[0].run.max_score
                  if batch.students else 0.0)
    entries = {}
    for r in first.students:
        sub = submissions.get(r.student)
        graded = runs[r.student]
        entries[r.student] = Entry(
            time_now(), submission_hash(sub.workspace, lessons) if sub else "", batch.grader_fingerprint,
            overrides_key(o.line() for o in r.overrides), inputs.settings.deadline_key(), r.score, r.adjusted,
            r.penalty, exercise_scores(graded) if isinstance(graded, RunResult) else {})
    changes = record_batch(out, entries, regraded=batch.options.regrade)
    stored.changes = changes
    write_stored(out, stored)
    record = publish(out, runs, statuses, inputs, stored, out / "class.html", lang)
    return AfterBatch(record, tuple(changes), tuple(pairs), status)


def time_now() -> float:
    import time

    return time.time()


def stored_of(folder: Path) -> Stored:
    return read_stored(folder) or Stored()


def export_lms(record: ClassRecord, kind: str, target: Path, assignment: str, assignment_id: str = "") -> Path:
    write_atomic(target, lms_formats.render(kind, record, assignment, assignment_id))
    return target
