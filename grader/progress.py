"""The learner's history: every grading attempt, per exercise, in one SQLite file.

This is the only state the grader keeps. SQLite gives atomic, durable transactions, so
a grader killed mid-write, or two ``grade`` processes at once, never lose or corrupt an
earlier attempt. A file that is not one of our databases is never modified.

Location: ``--progress PATH``, else ``$GRADE_PROGRESS``, else ``reports/progress.sqlite``
beside the workspace folder (``exercises/`` -> ``reports/progress.sqlite``).

Learner code runs while the file is closed. Where the sandbox cannot make the file system
read-only (see docs/security.md), it could delete or damage the file: ``snapshot`` keeps
an in-memory copy taken before grading, and ``record`` puts it back first if the file
lost anything meanwhile.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from grader.model import RunResult

APPLICATION = "dl-math-grader progress"
SCHEMA = 1
SNAPSHOT_LIMIT = 64 * 1024 * 1024  # larger files are checked but not copied

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
"""


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


class Snapshot:
    """The progress file as it was before grading: its size in runs, and a copy."""

    def __init__(self, runs: int, copy: sqlite3.Connection | None) -> None:
        self.runs = runs
        self.copy = copy

    def discard(self) -> None:
        if self.copy is not None:
            self.copy.close()
            self.copy = None


def _why(exc: sqlite3.Error) -> str:
    """SQLite's reason, with the likely cause when the disk refused the write."""
    text = str(exc)
    if "disk" in text or "full" in text:
        return f"{text} (is the disk full?)"
    return text


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
        fresh = not self.path.exists() or self.path.stat().st_size == 0
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
        elif create:
            try:
                with conn:
                    conn.executescript(_TABLES)
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('application', ?)", (APPLICATION,))
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            except sqlite3.Error as exc:
                conn.close()
                if fresh:  # do not leave an empty file that later runs would refuse
                    for leftover in (self.path, self.path.with_name(self.path.name + "-journal")):
                        leftover.unlink(missing_ok=True)
                raise ProgressError(f"cannot write {self.path}: {_why(exc)}") from None
        return conn

    def snapshot(self) -> Snapshot | None:
        """Check the file can be used, and copy it (``None`` when there is none yet).

        Raises ``ProgressError`` for a file that is unreadable, corrupt or not ours, before
        anything is graded; the file is never modified.
        """
        if self.path.is_file() and self.path.stat().st_size == 0:
            return None  # an empty file holds no history (SQLite reads it as empty)
        if not self.path.exists():
            if self.path.is_symlink() or (self.path.parent.exists() and not self.path.parent.is_dir()):
                raise ProgressError(f"{self.path} cannot be created: {self.path.parent} is not a folder")
            return None
        if self.path.is_dir():
            raise ProgressError(f"{self.path} is a folder, not a progress database; "
                                "choose another path with --progress")
        try:
            conn = self._connect(create=False)
        except FileNotFoundError:
            return None
        try:
            runs = self._runs(conn)
            copy: sqlite3.Connection | None = None
            if self.path.stat().st_size <= SNAPSHOT_LIMIT:
                try:
                    copy = sqlite3.connect(":memory:")
                    conn.backup(copy)
                except (sqlite3.Error, MemoryError):
                    copy = None
            return Snapshot(runs, copy)
        except sqlite3.DatabaseError as exc:
            raise ProgressError(f"{self.path} is not a readable progress database ({exc}); "
                                "it was left untouched: move it away to start a new history") from None
        except OSError as exc:
            raise ProgressError(f"cannot read {self.path}: {exc.strerror}") from None
        finally:
            conn.close()

    @staticmethod
    def _runs(conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT COUNT(*) FROM runs").fetchone()
        return int(row[0]) if row else 0

    def _intact(self, snapshot: Snapshot) -> bool:
        """Whether the file still holds at least every run it held at ``snapshot``."""
        try:
            conn = self._connect(create=False)
        except (FileNotFoundError, ProgressError):
            return False
        try:
            return self._runs(conn) >= snapshot.runs and \
                conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        except sqlite3.Error:
            return False
        finally:
            conn.close()

    def _restore(self, snapshot: Snapshot) -> None:
        assert snapshot.copy is not None
        partial = self.path.with_name(self.path.name + ".restoring")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for stale in (partial, *(self.path.with_name(self.path.name + s)
                                     for s in ("-journal", "-wal", "-shm"))):
                stale.unlink(missing_ok=True)
            target = sqlite3.connect(partial)
            try:
                snapshot.copy.backup(target)
            finally:
                target.close()
            os.replace(partial, self.path)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise ProgressError(f"{self.path} was changed while grading and could not be "
                                f"restored: {exc}") from None

    def record(self, run: RunResult, when: float | None = None,
               snapshot: Snapshot | None = None) -> str | None:
        """Store every exercise of every lesson of ``run`` in one transaction.

        With a ``snapshot``, a file that lost runs since (deleted, truncated, overwritten)
        is first restored from it; the return value then says so, in one line.
        """
        when = time.time() if when is None else when
        note = None
        if snapshot is not None and not self._intact(snapshot):
            if snapshot.copy is None:
                raise ProgressError(f"{self.path} was changed while grading (it held "
                                    f"{snapshot.runs} runs) and was too large to keep a copy; "
                                    "this run was not recorded")
            self._restore(snapshot)
            note = (f"{self.path} was changed or removed while grading; it was restored from "
                    f"the copy taken before ({snapshot.runs} runs) and this run added")
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
            raise ProgressError(f"cannot write {self.path}: {_why(exc)}; nothing of this run was "
                                "recorded, and earlier runs are intact") from None
        finally:
            conn.close()
        return note

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
