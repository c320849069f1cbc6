"""The learner's loop, command by command: init, next, hint, reset, solution (watch has
its own tests in test_watch.py)."""

from __future__ import annotations

import ast
import os
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from grader import materials
from grader.cli import main
from grader.course import load_course
from grader.learn import hints, workspace

COURSE = load_course()
FIRST = COURSE.lessons[0]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GRADE_PROGRESS", "GRADE_LANG", "NO_COLOR", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def grade(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    result = grade("init", str(target))
    assert result.exit_code == 0, result.output
    return target


def replace_function(path: Path, name: str, source: str) -> None:
    """Put ``source`` (a whole ``def``) in place of ``def name`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    start, end = workspace.function_span(text, name) or (0, 0)
    lines = text.splitlines(keepends=True)
    path.write_text("".join([*lines[:start - 1], source, *lines[end:]]), encoding="utf-8")


RIGHT = {  # self-contained right answers (the references share helpers)
    "dot": """def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    return float(np.sum(a * b))
""",
    "outer": """def outer(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError("outer needs two 1-D vectors")
    return a[:, None] * b[None, :]
""",
}


def reference_function(name: str) -> str:
    return RIGHT[name]


OFF_BY_ONE_DOT = '''def dot(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("shapes")
    total = 0.0
    for i in range(len(a) - 1):
        total += a[i] * b[i]
    return total
'''


# -- init -------------------------------------------------------------------------------


def test_init_creates_stubs_and_texts_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    first = grade("init", str(target))
    assert first.exit_code == 0
    assert "grade watch" in first.output
    for lesson in COURSE.lessons:
        stub = target / "exercises" / lesson.file
        assert stub.read_bytes() == materials.stub_path(lesson).read_bytes()
        for lang in ("en", "zh"):
            assert (target / "lessons" / lang / materials.text_name(lesson)).is_file()
    stub = target / "exercises" / FIRST.file
    stub.write_text("# my work\n", encoding="utf-8")
    again = grade("init", str(target))
    assert again.exit_code == 2
    assert "nothing was changed" in again.output
    assert stub.read_text(encoding="utf-8") == "# my work\n"
    chinese = grade("init", str(target), "--lang", "zh")
    assert "没有做任何修改" in chinese.output


def test_init_defaults_to_a_folder_in_the_current_directory(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = grade("init")
    assert result.exit_code == 0
    assert (tmp_path / "dl-math-course" / "exercises" / FIRST.file).is_file()


# -- next -------------------------------------------------------------------------------


def test_next_names_the_first_exercise_with_file_line_and_task(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    result = grade("next", "-w", str(ws))
    assert result.exit_code == 0
    first = FIRST.exercises[0]
    line = workspace.line_of(ws / FIRST.file, first.name)
    assert f"{FIRST.file}:{line}" in result.output
    assert first.summary.en in result.output
    assert "not graded yet" in result.output
    assert "lessons/en/" in result.output
    chinese = grade("next", "-w", str(ws), "--lang", "zh")
    assert first.summary.zh in chinese.output and "尚未评分" in chinese.output


def test_next_moves_on_once_an_exercise_passes(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    first, second = FIRST.exercises[0].name, FIRST.exercises[1].name
    replace_function(ws / FIRST.file, first, reference_function(first))
    graded = grade(FIRST.id, "-w", str(ws))
    assert graded.exit_code == 1
    result = grade("next", "-w", str(ws))
    assert f"Next: {FIRST.id} {second} " in result.output
    assert "1/" in result.output


def test_next_when_everything_passes(tmp_path: Path) -> None:
    ws = tmp_path / "exercises"
    ws.mkdir()
    for lesson in COURSE.lessons:
        (ws / lesson.file).write_bytes(materials.reference_path(lesson).read_bytes())
    assert grade("all", "-w", str(ws)).exit_code == 0
    result = grade("next", "-w", str(ws))
    assert "Congratulations" in result.output


def test_commands_refuse_a_missing_workspace(tmp_path: Path) -> None:
    for command in (["next"], ["hint"], ["reset", "lesson01"], ["solution", "lesson01", "dot"]):
        result = grade(*command, "-w", str(tmp_path / "nowhere"))
        assert result.exit_code == 2
        assert "grade init" in result.output


# -- hint -------------------------------------------------------------------------------


def test_hints_climb_one_rung_at_a_time_and_remember_it(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    name = FIRST.exercises[0].name
    rungs = hints.exercise_hints(FIRST.id, name)
    assert rungs is not None
    seen = []
    for number in (1, 2, 3, 3):
        result = grade("hint", "-w", str(ws))
        assert result.exit_code == 0
        assert f"Hint {number}/3" in result.output
        flat = " ".join(result.output.split())
        assert rungs.rungs[number - 1].en in flat
        seen.append(result.output)
    assert "--give-up" in seen[-1]
    every = grade("hint", FIRST.id, name, "-w", str(ws), "--all", "--lang", "zh")
    flat = "".join(every.output.split())
    assert all("".join(r.zh.split()) in flat for r in rungs.rungs)
    db = sqlite3.connect(course_dir / "reports" / "progress.sqlite")
    rows = db.execute("SELECT rung FROM hints WHERE exercise = ? ORDER BY id", (name,)).fetchall()
    db.close()
    assert rows == [(1,), (2,), (3,), (3,)]  # --all shows without climbing


def test_hints_answer_the_diagnosed_mistake_while_it_is_fresh(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    path = ws / FIRST.file
    replace_function(path, "dot", OFF_BY_ONE_DOT)
    assert grade(FIRST.id, "-w", str(ws)).exit_code == 1
    result = grade("hint", FIRST.id, "dot", "-w", str(ws))
    assert "About your last attempt:" in result.output and "dot:off_by_one" not in result.output
    assert "range(len(a))" in result.output
    assert result.output.count("About your last attempt") == 1
    # The file changes after grading: the old diagnosis is no longer trusted.
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    stale = grade("hint", FIRST.id, "dot", "-w", str(ws))
    assert "About your last attempt" not in stale.output
    assert "grade it again" in stale.output


NEGATIVE_ENTROPY = """def entropy(p, base=np.e):
    p = np.asarray(p, dtype=float)
    q = p[p > 0]
    return float(np.sum(q * np.log(q)) / np.log(base))
"""


RIGHT_ENTROPY = """def entropy(p, base=np.e):
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("p is not a distribution")
    q = p[p > 0]
    return float(-np.sum(q * np.log(q)) / np.log(base))
"""


def test_a_bare_hint_answers_the_exercise_that_just_failed(course_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """entropy fails with a named mistake while self_information, earlier in the lesson, is
    not started: `grade hint` and `grade hint lesson04` answer entropy, not the untouched one."""
    lesson = COURSE.lesson("lesson04")
    monkeypatch.chdir(course_dir)
    replace_function(Path("exercises") / lesson.file, "entropy", NEGATIVE_ENTROPY)
    assert grade("lesson04").exit_code == 1
    for args in (("hint",), ("hint", "lesson04")):
        result = grade(*args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("lesson04 entropy"), result.output
        assert "About your last attempt:" in result.output and "minus sign" in result.output
    # Once it passes, the bare hint goes back to the next unfinished exercise.
    replace_function(Path("exercises") / lesson.file, "entropy", RIGHT_ENTROPY)
    assert grade("lesson04").exit_code == 1
    assert grade("hint", "lesson04").output.startswith("lesson04 self_information")


def test_hint_rejects_unknown_lessons_and_exercises(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    assert grade("hint", "lesson99", "-w", str(ws)).exit_code == 2
    unknown = grade("hint", FIRST.id, "nope", "-w", str(ws), "--lang", "zh")
    assert unknown.exit_code == 2 and "没有练习" in unknown.output


# -- reset ------------------------------------------------------------------------------


def test_reset_one_exercise_replaces_only_that_function(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    path = ws / FIRST.file
    replace_function(path, "dot", OFF_BY_ONE_DOT)
    second = FIRST.exercises[1].name
    replace_function(path, second, reference_function(second))
    path.write_text(path.read_text(encoding="utf-8") + "\n# my notes\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    result = grade("reset", FIRST.id, "dot", "-w", str(ws))
    assert result.exit_code == 0
    after = path.read_text(encoding="utf-8")
    stub = materials.stub_path(FIRST).read_text(encoding="utf-8")
    span = workspace.function_span(stub, "dot")
    assert span is not None
    stub_dot = "".join(stub.splitlines(keepends=True)[span[0] - 1:span[1]])
    assert stub_dot in after and OFF_BY_ONE_DOT not in after
    assert reference_function(second) in after and after.endswith("# my notes\n")
    backups = list(ws.glob(FIRST.file + ".*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    assert "kept in" in result.output
    ast.parse(after)
    again = grade("reset", FIRST.id, "dot", "-w", str(ws))
    assert "nothing changed" in again.output
    assert len(list(ws.glob(FIRST.file + ".*.bak"))) == 1


def test_reset_a_whole_lesson_keeps_a_backup(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    path = ws / FIRST.file
    path.write_text("garbage (\n", encoding="utf-8")
    refused = grade("reset", FIRST.id, "dot", "-w", str(ws))
    assert refused.exit_code == 2 and "grade reset lesson01" in refused.output
    result = grade("reset", FIRST.id, "-w", str(ws), "--lang", "zh")
    assert result.exit_code == 0 and "已恢复" in result.output
    assert path.read_bytes() == materials.stub_path(FIRST).read_bytes()
    (backup,) = ws.glob(FIRST.file + ".*.bak")
    assert backup.read_text(encoding="utf-8") == "garbage (\n"
    path.unlink()
    restored = grade("reset", FIRST.id, "-w", str(ws))
    assert restored.exit_code == 0 and path.is_file()


def test_reset_puts_back_a_deleted_function_at_the_end(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    path = ws / FIRST.file
    replace_function(path, "dot", "")
    assert workspace.function_span(path.read_text(encoding="utf-8"), "dot") is None
    assert grade("reset", FIRST.id, "dot", "-w", str(ws)).exit_code == 0
    assert workspace.function_span(path.read_text(encoding="utf-8"), "dot") is not None


def test_backups_never_overwrite_each_other(tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_text("1", encoding="utf-8")
    first = workspace.backup(path, when=0)
    path.write_text("2", encoding="utf-8")
    second = workspace.backup(path, when=0)
    assert first != second
    assert first.read_text(encoding="utf-8") == "1" and second.read_text(encoding="utf-8") == "2"


# -- solution ---------------------------------------------------------------------------


def test_solution_waits_for_a_pass_or_an_explicit_give_up(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    refused = grade("solution", FIRST.id, "dot", "-w", str(ws))
    assert refused.exit_code == 1
    assert "--give-up" in refused.output and "def dot" not in refused.output
    given = grade("solution", FIRST.id, "dot", "-w", str(ws), "--give-up")
    assert given.exit_code == 0 and "def dot" in given.output and "gave up" in given.output
    name = FIRST.exercises[1].name
    replace_function(ws / FIRST.file, name, reference_function(name))
    grade(FIRST.id, "-w", str(ws))
    shown = grade("solution", FIRST.id, name, "-w", str(ws), "--lang", "zh")
    assert shown.exit_code == 0 and f"def {name}" in shown.output and "你已通过" in shown.output
    db = sqlite3.connect(course_dir / "reports" / "progress.sqlite")
    rows = db.execute("SELECT exercise, reason FROM reveals ORDER BY id").fetchall()
    db.close()
    assert rows == [("dot", "gave_up"), (name, "passed")]


def test_solution_shows_the_helpers_it_uses(tmp_path: Path) -> None:
    source, calls = workspace.reference_source(FIRST, "matmul")
    tree = ast.parse(source)
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert "matmul" in names
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("_"):
            assert node.func.id in names, f"helper {node.func.id} is not shown"
    assert set(calls) <= {e.name for e in FIRST.exercises}


def test_the_project_tree_has_no_backup_or_state_files() -> None:
    assert not list((ROOT / "exercises").glob("*.bak"))


def test_a_foreign_progress_file_is_reported_and_left_untouched(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    db = course_dir / "reports" / "progress.sqlite"
    db.parent.mkdir(exist_ok=True)
    db.write_bytes(b"somebody else's notes, not a database" * 50)
    before = db.read_bytes()
    for command in (["next"], ["hint"], ["solution", FIRST.id, "dot", "--give-up"]):
        result = grade(*command, "-w", str(ws), "--lang", "zh")
        assert result.exit_code == 2 and "进度历史无法使用" in result.output, command
    assert db.read_bytes() == before


def test_watch_refuses_a_lesson_whose_file_is_missing(course_dir: Path) -> None:
    ws = course_dir / "exercises"
    (ws / FIRST.file).unlink()
    result = grade("watch", FIRST.id, "-w", str(ws))
    assert result.exit_code == 2 and f"grade reset {FIRST.id}" in result.output


# -- naming only the exercise -------------------------------------------------------------


def test_an_exercise_name_alone_means_that_exercise_of_its_lesson(
        course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From the course folder, with the default workspace, ``grade hint sigmoid`` is
    ``grade hint lesson06 sigmoid``, as ``check("sigmoid")`` is in a notebook."""
    monkeypatch.chdir(course_dir)
    hint = grade("hint", "sigmoid")
    assert hint.exit_code == 0, hint.output
    assert hint.output.startswith("lesson06 sigmoid (exercises/lesson06_activations.py:")
    assert "Hint 1/3" in hint.output
    path = course_dir / "exercises" / FIRST.file
    replace_function(path, "dot", OFF_BY_ONE_DOT)
    reset = grade("reset", "dot")
    assert reset.exit_code == 0 and "Restored the stub of dot" in reset.output
    assert OFF_BY_ONE_DOT not in path.read_text(encoding="utf-8")
    shown = grade("solution", "dot", "--give-up")
    assert shown.exit_code == 0 and "def dot(" in shown.output
    unnamed = grade("solution", FIRST.id)
    assert unnamed.exit_code == 2
    assert "name the exercise: grade solution lesson01 EXERCISE" in unnamed.output
    both = grade("hint", "dot", "outer")  # an exercise name is not a lesson when two are given
    assert both.exit_code == 2 and "unknown lesson 'dot'" in both.output
