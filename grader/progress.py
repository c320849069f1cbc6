"""The learner's history: every grading attempt, per exercise, in one SQLite file.

This is the only state the grader keeps: grading attempts, the hint rungs a learner has
reached (``hints``) and the reference solutions shown to them, with why (``reveals``:
after passing, or after giving up). SQLite gives atomic, durable transactions, so
a grader killed mid-write, or two ``grade`` processes at once, never lose or corrupt an
earlier attempt. A file that is not one of our databases is never modified.

Location: ``--progress PATH``, else ``$GRADE_PROGRESS``, else ``reports/progress.sqlite``
beside the workspace folder (``exercises/`` -> ``reports/progress.sqlite``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.model import RunResult

APPLICATION = "dl-math-grader progress"
SCHEMA = 2
REVEAL_REASONS = ("passed", "gave_up")

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, time REAL NOT NULL, workspace TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), time REAL NOT NULL,
    workspace TEXT NOT NULL, lesson TEXT NOT NULL, exercise TEXT NOT NULL,
    status TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
    summary TEXT NOT NULL, result TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (workspace, lesson, exercise, time);
CREATE TABLE IF NOT EXISTS hints (
    id INTEGER PRIMARY KEY, time REAL NOT NULL, workspace TEXT NOT NULL, lesson TEXT NOT NULL,
    exercise TEXT NOT NULL, rung INTEGER NOT NULL, diagnosis TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS hints_by_exercise ON hints (workspace, lesson, exercise);
CREATE TABLE IF NOT EXISTS reveals (
    id INTEGER PRIMARY KEY, time REAL NOT NULL, workspace TEXT NOT NULL, lesson TEXT NOT NULL,
    exercise TEXT NOT NULL, reason TEXT NOT NULL CHECK (reason IN ('passed', 'gave_up')));
"""
_NEWEST_TABLES = {"hints", "reveals"}


class ProgressError(Exception):
    """The progress file cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class Latest:
    """The most recent attempt at one exercise, and how many there were."""

    status: str
    score: float
    max_score: float
    time: float
    attempts: int
    best: float


def default_path(workspace: Path) -> Path:
    configured = os.environ.get("GRADE_PROGRESS")
    if configured:
        return Path(configured)
    return workspace.resolve().parent / "reports" / "progress.sqlite"


class ProgressStore:
    """Opened per use; every method is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self, create: bool) -> sqlite3.Connection:
        if not self.path.exists() and not create:
            raise FileNotFoundError(self.path)
        if create:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ProgressError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        try:
            conn = sqlite3.connect(self.path, timeout=15.0)
            conn.execute("PRAGMA busy_timeout = 15000")
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise ProgressError(f"{self.path} is not a readable progress database ({exc}); "
                                "it was left untouched: move it away to start a new history") from None
        if tables and "meta" not in tables:
            conn.close()
            raise ProgressError(f"{self.path} is an SQLite file of another program; "
                                "it was left untouched (choose another path with --progress)")
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
            if row is None or row[0] != APPLICATION:
                conn.close()
                raise ProgressError(f"{self.path} is not a grade progress database; "
                                    "it was left untouched")
            if create and not tables >= _NEWEST_TABLES:
                self._create_tables(conn)  # a history from an older grade: add the new tables
        elif create:
            self._create_tables(conn)
        return conn

    def _create_tables(self, conn: sqlite3.Connection) -> None:
        """Create whatever tables are missing, and stamp the file as ours, in one transaction."""
        statements = [s.strip() for s in _TABLES.split(";") if s.strip()]
        try:
            with conn:
                conn.execute("BEGIN")
                for statement in statements:
                    conn.execute(statement)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('application', ?)", (APPLICATION,))
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        except sqlite3.Error as exc:
            conn.close()
            raise ProgressError(f"cannot write {self.path}: {exc}") from None

    def record(self, run: RunResult, when: float | None = None) -> None:
        """Store every exercise of every lesson of ``run`` in one transaction."""
        when = time.time() if when is None else when
        conn = self._connect(create=True)
        try:
            with conn:
                workspace = run.lessons[0].workspace if run.lessons else ""
                cursor = conn.execute(
                    "INSERT INTO runs (time, workspace, score, max_score) VALUES (?, ?, ?, ?)",
                    (when, workspace, run.score, run.max_score))
                run_id = cursor.lastrowid
                rows = []
                for lesson in run.lessons:
                    for ex in lesson.exercises:
                        messages = ex.messages("en")
                        summary = messages[0].splitlines()[0][:300] if messages else ""
                        rows.append((run_id, when, lesson.workspace, lesson.lesson, ex.name,
                                     ex.outcome.value, ex.score, ex.max_score, summary,
                                     json.dumps(ex.to_dict("en"), ensure_ascii=False)))
                conn.executemany(
                    "INSERT INTO attempts (run_id, time, workspace, lesson, exercise, status, "
                    "score, max_score, summary, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            raise ProgressError(f"cannot write {self.path}: {exc}") from None
        finally:
            conn.close()

    def latest(self, workspace: str) -> dict[tuple[str, str], Latest]:
        """The latest attempt at each exercise of ``workspace`` (empty if no history yet)."""
        try:
            conn = self._connect(create=False)
        except FileNotFoundError:
            return {}
        try:
            rows = conn.execute(
                """SELECT a.lesson, a.exercise, a.status, a.score, a.max_score, a.time,
                          c.n, c.best
                   FROM attempts a
                   JOIN (SELECT lesson, exercise, MAX(id) AS last, COUNT(*) AS n,
                                MAX(score) AS best
                         FROM attempts WHERE workspace = ? GROUP BY lesson, exercise) c
                     ON a.id = c.last""", (workspace,)).fetchall()
        except sqlite3.Error as exc:
            raise ProgressError(f"cannot read {self.path}: {exc}") from None
        finally:
            conn.close()
        return {(r[0], r[1]): Latest(r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows}

    def _read(self, query: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        """Rows of one read-only query; no rows when there is no history (or no such table) yet."""
        try:
            conn = self._connect(create=False)
        except FileNotFoundError:
            return []
        try:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables >= _NEWEST_TABLES:
                return []
            return list(conn.execute(query, params).fetchall())
        except sqlite3.Error as exc:
            raise ProgressError(f"cannot read {self.path}: {exc}") from None
        finally:
            conn.close()

    def _write(self, statement: str, params: tuple[object, ...]) -> None:
        conn = self._connect(create=True)
        try:
            with conn:
                conn.execute(statement, params)
        except sqlite3.Error as exc:
            raise ProgressError(f"cannot write {self.path}: {exc}") from None
        finally:
            conn.close()

    def latest_result(self, workspace: str, lesson: str, exercise: str
                      ) -> tuple[float, dict[str, Any]] | None:
        """When the latest attempt at one exercise was graded, and its stored result."""
        try:
            conn = self._connect(create=False)
        except FileNotFoundError:
            return None
        try:
            row = conn.execute(
                "SELECT time, result FROM attempts WHERE workspace = ? AND lesson = ? "
                "AND exercise = ? ORDER BY id DESC LIMIT 1", (workspace, lesson, exercise)).fetchone()
        except sqlite3.Error as exc:
            raise ProgressError(f"cannot read {self.path}: {exc}") from None
        finally:
            conn.close()
        if row is None:
            return None
        try:
            result = json.loads(row[1])
        except ValueError:
            return None
        return (float(row[0]), result) if isinstance(result, dict) else None

    def hint_rung(self, workspace: str, lesson: str, exercise: str) -> int:
        """The highest hint rung shown for one exercise (0: no hint yet)."""
        rows = self._read("SELECT MAX(rung) FROM hints WHERE workspace = ? AND lesson = ? "
                          "AND exercise = ?", (workspace, lesson, exercise))
        value = rows[0][0] if rows else None
        return int(value) if isinstance(value, int) else 0

    def record_hint(self, workspace: str, lesson: str, exercise: str, rung: int,
                    diagnosis: str = "", when: float | None = None) -> None:
        """Remember that hint ``rung`` (1, 2, 3) of one exercise was shown."""
        self._write("INSERT INTO hints (time, workspace, lesson, exercise, rung, diagnosis) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (time.time() if when is None else when, workspace, lesson, exercise, rung, diagnosis))

    def record_reveal(self, workspace: str, lesson: str, exercise: str, reason: str,
                      when: float | None = None) -> None:
        """Remember that the reference of one exercise was shown, and why."""
        if reason not in REVEAL_REASONS:
            raise ValueError(f"reason must be one of {REVEAL_REASONS}")
        self._write("INSERT INTO reveals (time, workspace, lesson, exercise, reason) VALUES (?, ?, ?, ?, ?)",
                    (time.time() if when is None else when, workspace, lesson, exercise, reason))

    def reveals(self, workspace: str) -> dict[tuple[str, str], str]:
        """For each exercise whose reference was shown: why, the first time (passed or gave_up)."""
        rows = self._read("SELECT lesson, exercise, reason FROM reveals WHERE workspace = ? "
                          "ORDER BY id DESC", (workspace,))
        return {(str(r[0]), str(r[1])): str(r[2]) for r in rows}
