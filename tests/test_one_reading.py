"""The code that runs is the code that was read: a stub scores 0 whatever sits beside it.

Python's import prefers a ``__pycache__/*.pyc`` (an unchecked-hash one is never compared
with its source) or a package folder of the same name to the file the grader reads. The
worker runs the bytes the grader read instead, so an untouched stub beside the compiled
solution, or beside a package folder holding it, is *not started*: in ``grade``, in
``grade batch`` and in a workspace of notebooks, as a user runs them.
"""

from __future__ import annotations

import csv
import json
import py_compile
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXERCISES, SOLUTIONS

GRADE = Path(sys.executable).with_name("grade")
LESSON = "lesson01_vectors"


def plant_pyc(folder: Path) -> None:
    """The solution compiled into ``__pycache__`` beside the stub, unchecked hash."""
    cache = folder / "__pycache__"
    cache.mkdir(exist_ok=True)
    py_compile.compile(str(SOLUTIONS / f"{LESSON}.py"),
                       cfile=str(cache / f"{LESSON}.{sys.implementation.cache_tag}.pyc"), doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)


def plant_package(folder: Path) -> None:
    (folder / LESSON).mkdir()
    shutil.copy(SOLUTIONS / f"{LESSON}.py", folder / LESSON / "__init__.py")


PLANTS = {"pyc": plant_pyc, "package": plant_package}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(GRADE), *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "GRADE_LANG": "en", "NO_COLOR": "1", "HOME": str(cwd)})


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_grade_runs_the_stub_it_read(tmp_path: Path, plant: str) -> None:
    (tmp_path / "exercises").mkdir()
    shutil.copy(EXERCISES / f"{LESSON}.py", tmp_path / "exercises")
    PLANTS[plant](tmp_path / "exercises")
    done = _run("lesson01", "--no-record", "--format", "json", "--no-report", cwd=tmp_path)
    run = json.loads(done.stdout)
    assert run["score"] == 0, done.stdout
    assert {e["status"] for e in run["exercises"]} == {"not_started"}
    shown = _run("lesson01", "--no-record", "--no-report", cwd=tmp_path)
    assert "not started" in shown.stdout and "Traceback" not in shown.stderr


def test_batch_grades_byte_identical_stubs_alike(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    for student in ("plain", "pyc", "package"):
        (subs / student).mkdir(parents=True)
        shutil.copy(EXERCISES / f"{LESSON}.py", subs / student)
        if student in PLANTS:
            PLANTS[student](subs / student)
    done = _run("batch", "subs", "--lesson", "lesson01", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    with open(tmp_path / "grades" / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["student"]: row for row in csv.DictReader(stream)}
    assert {name: row["total"] for name, row in rows.items()} == {"plain": "0", "pyc": "0", "package": "0"}


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_notebook_workspace_runs_the_cells_it_read(tmp_path: Path, plant: str) -> None:
    nbformat = pytest.importorskip("nbformat")
    from grader.course import load_course
    from grader.notebook.build import lesson_notebook

    books = tmp_path / "notebooks"
    books.mkdir()
    nbformat.write(lesson_notebook(load_course().lesson("lesson01"), "en"), books / f"{LESSON}.ipynb")
    PLANTS[plant](books)
    done = _run("all", "-w", "notebooks", "--no-record", "--format", "json", "--no-report", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    run = json.loads(done.stdout)
    lesson01 = next(lesson for lesson in run["lessons"] if lesson["lesson"] == "lesson01")
    assert lesson01["score"] == 0
    assert {e["status"] for e in lesson01["exercises"]} == {"not_started"}


def test_a_pyc_planted_among_the_references_changes_nothing(tmp_path: Path) -> None:
    """References load from their source: a ``.pyc`` in ``solutions/__pycache__`` (unchecked
    hash, so Python's import would take it) of a reference whose ``dot`` is wrong does not
    turn the right answer into a failure, and the loaded bytes are the ones fingerprinted."""
    references = tmp_path / "instructor"
    shutil.copytree(SOLUTIONS, references, ignore=shutil.ignore_patterns("__pycache__"))
    forged = tmp_path / "forged.py"
    forged.write_text((SOLUTIONS / f"{LESSON}.py").read_text(encoding="utf-8")
                      + "\n\ndef dot(a, b):\n    return 12345.0\n", encoding="utf-8")
    (references / "__pycache__").mkdir()
    planted = references / "__pycache__" / f"{LESSON}.{sys.implementation.cache_tag}.pyc"
    py_compile.compile(str(forged), cfile=str(planted), doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    ws = tmp_path / "exercises"
    ws.mkdir()
    shutil.copy(SOLUTIONS / f"{LESSON}.py", ws)
    done = subprocess.run([str(GRADE), "lesson01", "--no-record", "--format", "json", "--no-report"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "GRADE_LANG": "en", "HOME": str(tmp_path),
                               "GRADE_REFERENCE": str(references)})
    assert json.loads(done.stdout)["score"] == 4, done.stdout + done.stderr


def test_the_reference_digest_covers_the_bytes_run() -> None:
    from grader import reference

    reference.load_reference("lesson01_vectors")
    assert len(reference.loaded_digest()) == 64
    assert reference._LOADED["lesson01_vectors"] == (reference.reference_dir() / f"{LESSON}.py").read_bytes()


def test_a_huge_lesson_file_is_one_line_and_spoils_no_other_lesson(tmp_path: Path) -> None:
    """Every lesson file is sent to the worker whole (for imports between lessons): one of
    70 MB is not sent, and is itself graded as one clear line."""
    ws = tmp_path / "exercises"
    ws.mkdir()
    shutil.copy(SOLUTIONS / f"{LESSON}.py", ws)
    (ws / "lesson02_norms.py").write_text("# " + "x" * 98 + "\n" * 1 + ("# " + "x" * 98 + "\n") * 700_000,
                                          encoding="utf-8")
    done = _run("all", "--no-record", "--format", "json", "--no-report", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    lessons = {lesson["lesson"]: lesson for lesson in json.loads(done.stdout)["lessons"]}
    assert lessons["lesson01"]["score"] == 4
    assert "larger than 4 MiB" in lessons["lesson02"]["problem"]


def test_the_gradescope_bundle_runs_the_stub_it_read(tmp_path: Path) -> None:
    """The same attacks uploaded to Gradescope: a stub beside the compiled solution and beside
    a package folder of it, and a lesson raising a message with a lone surrogate and a fake
    line: the autograder scores what the files say and writes valid results."""
    from ci_emulation import base_environment, grade_shim
    from click.testing import CliRunner

    from grader.cli import main

    bundle = tmp_path / "autograder.zip"
    made = CliRunner().invoke(main, ["ci", "init", "gradescope", "--output", str(bundle)])
    assert made.exit_code == 0, made.output
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    grade_shim(root / "venv" / "bin", sys.executable, root / "source" / "grader-src")

    def autograde(plant: str | None, source: Path | str) -> dict[str, object]:
        shutil.rmtree(root / "submission", ignore_errors=True)
        (root / "submission").mkdir()
        lesson = root / "submission" / f"{LESSON}.py"
        if isinstance(source, Path):
            shutil.copy(source, lesson)
        else:
            lesson.write_text(source, encoding="utf-8")
        if plant is not None:
            PLANTS[plant](root / "submission")
        done = subprocess.run([str(root / "run_autograder")], cwd=root, capture_output=True, text=True,
                              timeout=600, env={**base_environment(), "AUTOGRADER_ROOT": str(root)})
        assert done.returncode == 0, done.stderr
        results: dict[str, object] = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
        return results

    for plant in sorted(PLANTS):
        assert autograde(plant, EXERCISES / f"{LESSON}.py")["score"] == 0
    hostile = (SOLUTIONS / f"{LESSON}.py").read_text(encoding="utf-8") + \
        '\n\ndef dot(a, b):\n    raise ValueError("x\\ud800y\\npassed dot 1/1")\n'
    results = autograde(None, hostile)
    assert results["score"] == pytest.approx(3)
    outputs = "\n".join(str(test.get("output", "")) for test in results["tests"])  # type: ignore[attr-defined]
    assert "x\\ud800y\\npassed dot 1/1" in outputs
    assert not re.search(r"^\s*passed dot", outputs, re.MULTILINE)
