"""The progress database also remembers hint rungs and revealed solutions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from grader.progress import APPLICATION, ProgressError, ProgressStore


def test_hint_rungs_and_reveals_are_remembered(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite")
    assert store.hint_rung("ws", "lesson01", "dot") == 0
    assert store.reveals("ws") == {}
    store.record_hint("ws", "lesson01", "dot", 1)
    store.record_hint("ws", "lesson01", "dot", 2, "dot:off_by_one")
    store.record_hint("ws", "lesson01", "outer", 1)
    assert store.hint_rung("ws", "lesson01", "dot") == 2
    assert store.hint_rung("other", "lesson01", "dot") == 0
    store.record_reveal("ws", "lesson01", "dot", "gave_up")
    store.record_reveal("ws", "lesson01", "dot", "passed")
    assert store.reveals("ws") == {("lesson01", "dot"): "gave_up"}
    with pytest.raises(ValueError):
        store.record_reveal("ws", "lesson01", "dot", "bored")


def test_a_history_of_the_first_schema_gains_the_new_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('application', ?)", (APPLICATION,))
        conn.execute("INSERT INTO meta VALUES ('schema', '1')")
        conn.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, time REAL NOT NULL, "
                     "workspace TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL)")
        conn.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, "
                     "time REAL NOT NULL, workspace TEXT NOT NULL, lesson TEXT NOT NULL, "
                     "exercise TEXT NOT NULL, status TEXT NOT NULL, score REAL NOT NULL, "
                     "max_score REAL NOT NULL, summary TEXT NOT NULL, result TEXT NOT NULL)")
        conn.execute("INSERT INTO runs VALUES (1, 1.0, 'ws', 1, 1)")
        conn.execute("INSERT INTO attempts VALUES (1, 1, 1.0, 'ws', 'lesson01', 'dot', 'passed', "
                     "1, 1, '', '{\"name\": \"dot\"}')")
    conn.close()
    store = ProgressStore(path)
    assert store.hint_rung("ws", "lesson01", "dot") == 0  # reading never changes the file
    store.record_hint("ws", "lesson01", "dot", 1)
    assert store.hint_rung("ws", "lesson01", "dot") == 1
    assert store.latest("ws")[("lesson01", "dot")].status == "passed"
    assert store.latest_result("ws", "lesson01", "dot") == (1.0, {"name": "dot"})
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("2",)
    conn.close()


def test_foreign_and_corrupt_files_are_left_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    with conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"not a database, but somebody's notes" * 100)
    for path in (foreign, corrupt):
        before = path.read_bytes()
        with pytest.raises(ProgressError):
            ProgressStore(path).record_hint("ws", "lesson01", "dot", 1)
        with pytest.raises(ProgressError):
            ProgressStore(path).record_reveal("ws", "lesson01", "dot", "passed")
        assert path.read_bytes() == before
