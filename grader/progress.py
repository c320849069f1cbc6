"""The learner's history: every grading attempt, per exercise, in one SQLite file.

This is the only state the grader keeps. Each attempt stores the outcome, the score, a
short feedback summary (the first line of the first message), the time, and the whole
exercise result as JSON (both languages, and any data a check attached for the report).
It also remembers the hint rungs a learner has reached (``hints``) and the reference
solutions shown to them, with why (``reveals``: after passing, or after giving up).

Guarantees:

- **Atomic.** A run is written in one ``BEGIN IMMEDIATE`` transaction, in SQLite's
  default rollback-journal mode with full sync: a grader killed at any instant (even
  SIGKILL mid-write) leaves every earlier attempt intact, and the half-written run is
  rolled back the next time the file is opened.
- **Concurrent.** Two ``grade`` processes at once take turns (a writer waits up to 15 s
  for the other); a new file is created and tagged in one transaction, so a second
  process never sees it half-made.
- **Never replaces what is not ours.** A file that is not SQLite, an SQLite file of
  another program, or a history written by a newer grader is reported with a clear
  message (``ProgressError``) and left untouched.
- **Read-only is not an error.** When the folder or the file cannot be written,
  ``record`` raises ``ProgressUnavailable`` (a ``ProgressError``): the caller warns and
  carries on. Reading never creates or changes anything.

Learner code runs while the file is closed. Where the sandbox cannot make the file system
read-only (see docs/security.md), it could delete or damage the file: ``snapshot`` keeps
an in-memory copy taken before grading, and ``record`` puts it back first if the file
lost anything meanwhile.

Location: ``--progress PATH``, else ``$GRADE_PROGRESS``, else ``reports/progress.sqlite``
beside the workspace folder (``exercises/`` -> ``reports/progress.sqlite``).

Learner code runs while the file is closed. Where the sandbox cannot make the file system
read-only (see docs/security.md), it could delete or damage the file: ``snapshot`` keeps
an in-memory copy taken before grading, and ``record`` puts it back first if the file
lost anything meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from grader.errors import GradeError
from grader.history import Attempt, History
from grader.i18n import Text, tr
from grader.model import ExerciseResult, RunResult

APPLICATION = "dl-math-grader progress"
SCHEMA = 2  # 2 added the hints and reveals tables
BUSY_TIMEOUT = 15.0
REVEAL_REASONS = ("passed", "gave_up")
SNAPSHOT_LIMIT = 64 * 1024 * 1024  # larger files are checked but not copied

# Covers the report's one big query, so it never reads the stored results (the JSON).
_TIMELINE_INDEX = """CREATE INDEX IF NOT EXISTS attempts_by_workspace ON attempts (
    workspace, id, run_id, time, lesson, exercise, status, score, max_score, summary)"""

_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, time REAL NOT NULL, workspace TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), time REAL NOT NULL,
    workspace TEXT NOT NULL, lesson TEXT NOT NULL, exercise TEXT NOT NULL,
    status TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
    summary TEXT NOT NULL, result TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (workspace, lesson, exercise, time)",
    _TIMELINE_INDEX,
)

# Schema 2: what the learner's loop remembers. Created with the file, or added in one
# transaction the first time an older history is written to.
_LOOP_TABLES = (
    """CREATE TABLE IF NOT EXISTS hints (
    id INTEGER PRIMARY KEY, time REAL NOT NULL, workspace TEXT NOT NULL, lesson TEXT NOT NULL,
    exercise TEXT NOT NULL, rung INTEGER NOT NULL, diagnosis TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS hints_by_exercise ON hints (workspace, lesson, exercise)",
    """CREATE TABLE IF NOT EXISTS reveals (
    id INTEGER PRIMARY KEY, time REAL NOT NULL, workspace TEXT NOT NULL, lesson TEXT NOT NULL,
    exercise TEXT NOT NULL, reason TEXT NOT NULL CHECK (reason IN ('passed', 'gave_up')))""",
)


class ProgressError(GradeError):
    """The progress file cannot be used; ``text`` is one line for the user, in both languages."""


class Snapshot:
    """The progress file as it was before grading: its size in runs, and a copy."""

    def __init__(self, runs: int, copy: sqlite3.Connection | None) -> None:
        self.runs = runs
        self.copy = copy

    def discard(self) -> None:
        if self.copy is not None:
            self.copy.close()
            self.copy = None


class ProgressUnavailable(ProgressError):
    """The history cannot be written here now (read-only, busy, disk full): warn, go on."""


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


def _untouched(path: Path, why: str) -> ProgressError:
    return ProgressError(tr(
        "{path} is not a readable progress database ({why}); it was left untouched: move it "
        "away to start a new history, or choose another file with --progress",
        "{path} 不是可读取的进度数据库（{why}）；文件未被改动：把它移走即可开始新的记录，"
        "或用 --progress 选择另一个文件", path=path, why=why))


class ProgressStore:
    """Opened per use; every method is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path

    # -- opening ------------------------------------------------------------------------
    def _open(self, mode: str) -> sqlite3.Connection:
        uri = f"file:{quote(str(self.path.absolute()))}?mode={mode}"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        return conn

    def _identify(self, conn: sqlite3.Connection) -> bool:
        """True if the file is one of our histories, False if it is empty; else raise."""
        try:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return False
            if "meta" not in tables:
                raise ProgressError(tr(
                    "{path} is an SQLite file of another program; it was left untouched "
                    "(choose another file with --progress)",
                    "{path} 是其他程序的 SQLite 文件；文件未被改动（请用 --progress 选择另一个文件）",
                    path=self.path))
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise self._busy() from None
            raise _untouched(self.path, str(exc)) from None
        except sqlite3.DatabaseError as exc:
            raise _untouched(self.path, str(exc)) from None
        if meta.get("application") != APPLICATION:
            raise ProgressError(tr("{path} is not a grade progress database; it was left untouched",
                                   "{path} 不是 grade 的进度数据库；文件未被改动", path=self.path))
        schema = meta.get("schema", "0")
        if "attempts" not in tables or "runs" not in tables:
            raise _untouched(self.path, "its tables are missing")
        if not schema.isdigit() or int(schema) > SCHEMA:
            raise ProgressError(tr(
                "{path} was written by a newer version of grade (schema {schema}); it was left "
                "untouched: update grade to read it",
                "{path} 由更新版本的 grade 写入（格式 {schema}）；文件未被改动：请更新 grade 后再读取",
                path=self.path, schema=schema))
        return True

    def _busy(self) -> ProgressUnavailable:
        return ProgressUnavailable(tr(
            "{path} stayed locked by another grade for {seconds:g} s",
            "{path} 被另一个 grade 进程锁定超过 {seconds:g} 秒", path=self.path, seconds=BUSY_TIMEOUT))

    def _read_only(self, why: Text | str) -> ProgressUnavailable:
        reason = Text(why, why) if isinstance(why, str) else why
        return ProgressUnavailable(Text(f"cannot write {self.path} ({reason.en})",
                                        f"无法写入 {self.path}（{reason.zh}）"))

    def _connect_for_writing(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise ProgressError(tr("{path} is a folder, not a progress file",
                                   "{path} 是文件夹，不是进度文件", path=self.path))
        folder = self.path.parent
        if self.path.exists():
            conn = self._connect_for_reading()
            if conn is not None:
                conn.close()  # ours or empty; now make sure it can be written
            if not os.access(self.path, os.W_OK):
                raise self._read_only(tr("the file is read-only", "文件是只读的"))
            if not os.access(folder, os.W_OK):
                raise self._read_only(tr("the folder {folder} is read-only", "文件夹 {folder} 是只读的",
                                                  folder=folder))
        else:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._read_only(tr("cannot create the folder {folder}: {error}",
                                          "无法创建文件夹 {folder}：{error}",
                                          folder=folder, error=exc.strerror)) from None
            if not os.access(folder, os.W_OK):
                raise self._read_only(tr("the folder {folder} is read-only", "文件夹 {folder} 是只读的",
                                                  folder=folder))
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        try:
            conn = self._open("rwc")
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        try:
            if not self._identify(conn) or not self._has_loop_tables(conn):
                self._create(conn)
        except BaseException:
            conn.close()
            if fresh:  # never leave an empty file behind that later runs would have to judge
                for leftover in (self.path, self.path.with_name(self.path.name + "-journal")):
                    leftover.unlink(missing_ok=True)
            raise
        return conn

    @staticmethod
    def _has_loop_tables(conn: sqlite3.Connection) -> bool:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {"hints", "reveals"} <= names

    def _create(self, conn: sqlite3.Connection) -> None:
        """Create and tag the tables in one transaction (a racing process waits, then sees them)."""
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if not self._identify(conn):  # another process may have made it meanwhile
                    for statement in _TABLES:
                        conn.execute(statement)
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('application', ?)", (APPLICATION,))
                for statement in _LOOP_TABLES:  # new files, and histories from schema 1
                    conn.execute(statement)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (a full disk)
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._explain(exc) from None

    def _connect_for_reading(self) -> sqlite3.Connection | None:
        """A connection to an existing history (never creates a file), None if there is none."""
        if not self.path.exists():
            return None
        if self.path.is_dir():
            raise ProgressError(tr("{path} is a folder, not a progress file",
                                   "{path} 是文件夹，不是进度文件", path=self.path))
        try:
            conn = self._open("rw" if os.access(self.path, os.W_OK) else "ro")
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        try:
            if not self._identify(conn):
                conn.close()
                return None
        except BaseException:
            conn.close()
            raise
        return conn

    def _explain(self, exc: sqlite3.Error) -> ProgressError:
        text = str(exc).lower()
        if _is_busy(exc):
            return self._busy()
        if "full" in text or "disk i/o" in text:
            return ProgressError(tr("cannot write {path}: {error} (is the disk full?); nothing of this run "
                                    "was recorded, and earlier runs are intact",
                                    "无法写入 {path}：{error}（磁盘是否已满？）；本次评分未被记录，之前的记录完好无损",
                                    path=self.path, error=str(exc)))
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return self._read_only(str(exc))
        if "not a database" in text or "malformed" in text:
            return _untouched(self.path, str(exc))
        return ProgressError(tr("cannot use {path}: {error}", "无法使用 {path}：{error}",
                                path=self.path, error=str(exc)))

    # -- writing ------------------------------------------------------------------------
    def snapshot(self) -> Snapshot | None:
        """Check the file can be used, and copy it (``None`` when there is none yet).

        Raises ``ProgressError`` for a file that is unreadable, corrupt or not ours, before
        anything is graded; the file is never modified.
        """
        conn = self._connect_for_reading()
        if conn is None:
            if self.path.is_symlink() or (self.path.parent.exists() and not self.path.parent.is_dir()):
                raise ProgressError(tr("{path} cannot be created: {folder} is not a folder",
                                       "无法创建 {path}：{folder} 不是文件夹",
                                       path=self.path, folder=self.path.parent))
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
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        except OSError as exc:
            raise ProgressError(tr("cannot read {path}: {error}", "无法读取 {path}：{error}",
                                   path=self.path, error=exc.strerror)) from None
        finally:
            conn.close()

    @staticmethod
    def _runs(conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT COUNT(*) FROM runs").fetchone()
        return int(row[0]) if row else 0

    def _intact(self, snapshot: Snapshot) -> bool:
        """Whether the file still holds at least every run it held at ``snapshot``."""
        try:
            conn = self._connect_for_reading()
        except ProgressError:
            return False
        if conn is None:
            return False
        try:
            return self._runs(conn) >= snapshot.runs and \
                conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        except sqlite3.Error:
            return False
        finally:
            conn.close()

    def _unchanged(self, snapshot: Snapshot) -> bool:
        """Whether the file holds exactly what it held at ``snapshot``: no run lost, and none
        added or altered (a forged "passed" row), nor a table, index or trigger."""
        if snapshot.copy is None:
            return self._intact(snapshot)
        try:
            conn = self._connect_for_reading()
        except ProgressError:
            return False
        if conn is None:
            return False
        try:
            return _content_digest(conn) == _content_digest(snapshot.copy)
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
            raise ProgressError(tr("{path} was changed while grading and could not be restored: {error}",
                                   "{path} 在评分过程中被改动，且无法恢复：{error}",
                                   path=self.path, error=str(exc))) from None

    def record(self, run: RunResult, when: float | None = None,
               snapshot: Snapshot | None = None) -> Text | None:
        """Store every exercise of every lesson of ``run`` in one transaction.

        With a ``snapshot``, a file that lost runs since (deleted, truncated, overwritten)
        is first restored from it; the return value then says so, in one line. When learner
        code of ``run`` ran unconfined (plain mode: it could write the file), any change at
        all since the snapshot is undone the same way, a row added included; a run that
        another ``grade`` recorded meanwhile is then lost with it, and the line says so (a
        file too large to copy, ``SNAPSHOT_LIMIT``, is only checked for lost runs).
        """
        note: Text | None = None
        unconfined = any(lesson.confinement == "plain" for lesson in run.lessons)
        if snapshot is not None and not (self._unchanged(snapshot) if unconfined else self._intact(snapshot)):
            if snapshot.copy is None:
                raise ProgressError(tr(
                    "{path} was changed while grading (it held {runs} runs) and was too large to keep "
                    "a copy; this run was not recorded",
                    "{path} 在评分过程中被改动（原有 {runs} 次评分记录），且文件太大未能保留副本；本次评分未被记录",
                    path=self.path, runs=snapshot.runs))
            self._restore(snapshot)
            note = tr("{path} was changed or removed while grading; it was restored from the copy "
                      "taken before ({runs} runs) and this run added",
                      "{path} 在评分过程中被改动或删除；已从评分前的副本恢复（{runs} 次评分记录），并加入了本次评分",
                      path=self.path, runs=snapshot.runs)
        when = time.time() if when is None else when
        workspace = run.lessons[0].workspace if run.lessons else ""
        rows = []
        for lesson in run.lessons:
            for ex in lesson.exercises:
                messages = ex.messages("en")
                summary = messages[0].splitlines()[0][:300] if messages else ""
                rows.append((when, lesson.workspace, lesson.lesson, ex.name, ex.outcome.value,
                             ex.score, ex.max_score, summary,
                             json.dumps(ex.to_dict("en"), ensure_ascii=False, allow_nan=True)))
        conn = self._connect_for_writing()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(_TIMELINE_INDEX)  # a history made before this index gets it once
                cursor = conn.execute(
                    "INSERT INTO runs (time, workspace, score, max_score) VALUES (?, ?, ?, ?)",
                    (when, workspace, run.score, run.max_score))
                run_id = cursor.lastrowid
                conn.executemany(
                    "INSERT INTO attempts (run_id, time, workspace, lesson, exercise, status, "
                    "score, max_score, summary, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(run_id, *row) for row in rows])
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        finally:
            conn.close()
        return note
        return note

    # -- reading ------------------------------------------------------------------------
    def latest(self, workspace: str) -> dict[tuple[str, str], Latest]:
        """The latest attempt at each exercise of ``workspace`` (empty if no history yet)."""
        conn = self._connect_for_reading()
        if conn is None:
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
            raise self._explain(exc) from None
        finally:
            conn.close()
        return {(r[0], r[1]): Latest(r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows}

    def workspaces(self) -> list[str]:
        """Every workspace this history holds runs of, in the order each was first graded."""
        conn = self._connect_for_reading()
        if conn is None:
            return []
        try:
            rows = conn.execute("SELECT workspace FROM runs GROUP BY workspace ORDER BY MIN(id)").fetchall()
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        finally:
            conn.close()
        return [str(row[0]) for row in rows]

    def history(self, workspace: str) -> History:
        """Every attempt of ``workspace``, oldest first, and the latest full result of each exercise."""
        conn = self._connect_for_reading()
        if conn is None:
            return History(workspace)
        try:
            conn.execute("BEGIN")  # one consistent snapshot for both queries
            rows = conn.execute(
                "SELECT run_id, time, lesson, exercise, status, score, max_score, summary "
                "FROM attempts WHERE workspace = ? ORDER BY id", (workspace,)).fetchall()
            results = conn.execute(
                """SELECT lesson, exercise, result FROM attempts WHERE id IN (
                       SELECT MAX(id) FROM attempts WHERE workspace = ? GROUP BY lesson, exercise)""",
                (workspace,)).fetchall()
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        finally:
            conn.close()
        latest: dict[tuple[str, str], ExerciseResult] = {}
        for lesson, exercise, document in results:
            try:
                latest[(lesson, exercise)] = ExerciseResult.from_dict(json.loads(document))
            except (ValueError, KeyError, TypeError):
                continue  # an unreadable row only loses its details, never the history
        return History(workspace, tuple(Attempt(*row) for row in rows), latest)


    # -- the learner's loop: hints and revealed solutions ---------------------------------
    def _read(self, query: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        """Rows of one query; none when there is no history, or it predates these tables."""
        conn = self._connect_for_reading()
        if conn is None:
            return []
        try:
            if not self._has_loop_tables(conn):
                return []
            return list(conn.execute(query, params).fetchall())
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        finally:
            conn.close()

    def _write(self, statement: str, params: tuple[object, ...]) -> None:
        conn = self._connect_for_writing()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(statement, params)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        finally:
            conn.close()

    def latest_result(self, workspace: str, lesson: str, exercise: str
                      ) -> tuple[float, dict[str, Any]] | None:
        """When the latest attempt at one exercise was graded, and its stored result."""
        conn = self._connect_for_reading()
        if conn is None:
            return None
        try:
            row = conn.execute(
                "SELECT time, result FROM attempts WHERE workspace = ? AND lesson = ? "
                "AND exercise = ? ORDER BY id DESC LIMIT 1", (workspace, lesson, exercise)).fetchone()
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
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


def _content_digest(conn: sqlite3.Connection) -> str:
    """Every table's rows and the schema (triggers included), as one digest."""
    digest = hashlib.sha256()
    schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    digest.update(repr(schema).encode("utf-8", "backslashreplace"))
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        quoted = '"' + str(table).replace('"', '""') + '"'
        digest.update(b"\0" + str(table).encode("utf-8", "backslashreplace") + b"\0")
        for row in conn.execute(f"SELECT * FROM {quoted}"):
            digest.update(repr(row).encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text
