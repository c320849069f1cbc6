"""The references' code compiled ahead of time (``grader.compiled_references``).

It must be used only when it was made from exactly the bytes the grader read, by this
Python; everything else is compiled from source, so an edited reference, or one from
another folder, runs as written. And the tool that writes it works as a developer runs it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SOLUTIONS

from grader import compiled_references as cr

FOLDER = ROOT / "grader" / "compiled_references"
TAG = sys.implementation.cache_tag


def test_every_compiled_file_was_made_from_its_references_current_text() -> None:
    """Of any Python: a file made from other text would never be used, and is stale."""
    files = sorted(FOLDER.glob("*.bin"))
    assert files, "run `python -m grader.compile_references`"
    for path in files:
        module = path.name.split(".")[0]
        source = (SOLUTIONS / f"{module}.py").read_bytes()
        header = path.read_bytes()[len(importlib.util.MAGIC_NUMBER):len(importlib.util.MAGIC_NUMBER) + 32]
        assert header == hashlib.sha256(source).digest(), f"{path.name}: run `python -m grader.compile_references`"


def test_for_this_python_every_reference_has_its_code_and_it_is_the_compilers() -> None:
    if not list(FOLDER.glob(f"*.{TAG}.bin")):
        pytest.skip(f"no code compiled ahead of time for {TAG}: the references are compiled at run time")
    assert cr.differences(SOLUTIONS) == []
    for path in sorted(SOLUTIONS.glob("lesson*.py")):
        code = cr.code_for(path.stem, path.read_bytes(), str(path))
        assert code == compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        assert code is not None and code.co_filename == str(path)


_LOAD = """
import builtins, json, sys
from grader.course import load_course
from grader.reference import load_reference
compiled = []
real = builtins.compile
def counting(source, filename, *args, **kwargs):
    compiled.append(str(filename))
    return real(source, filename, *args, **kwargs)
builtins.compile = counting
modules = [load_reference(lesson.module) for lesson in load_course().lessons]
dot = modules[0].dot
print(json.dumps({"compiled": [f for f in compiled if "lesson" in f],
                  "dot": float(dot([1.0, 2.0], [3.0, 4.0])),
                  "files": sorted({m.dot.__code__.co_filename if hasattr(m, "dot") else m.__file__ for m in modules}),
                  "dot_file": dot.__code__.co_filename}))
"""


def _load(env: dict[str, str] | None = None) -> dict:
    base = {k: v for k, v in os.environ.items() if k != "GRADE_REFERENCE"}
    done = subprocess.run([sys.executable, "-c", _LOAD], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=base | (env or {}))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_grader_runs_the_compiled_code_under_the_references_own_names() -> None:
    if not list(FOLDER.glob(f"*.{TAG}.bin")):
        pytest.skip(f"no code compiled ahead of time for {TAG}")
    seen = _load()
    assert seen["compiled"] == [] and seen["dot"] == 11.0
    assert seen["dot_file"] == str(SOLUTIONS.resolve() / "lesson01_vectors.py")


def test_an_edited_reference_runs_as_written_not_as_compiled(tmp_path: Path) -> None:
    """A reference folder whose ``dot`` was changed (``GRADE_REFERENCE``): its text is
    compiled, and the stale code made from the original is not used."""
    folder = tmp_path / "refs"
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    edited = folder / "lesson01_vectors.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\ndef dot(u, v):\n    return 42.0\n", encoding="utf-8")
    seen = _load({"GRADE_REFERENCE": str(folder)})
    assert seen["dot"] == 42.0 and seen["compiled"] == [str(edited.resolve())]
    assert seen["dot_file"] == str(edited.resolve())


def test_code_made_by_another_python_or_from_other_bytes_is_not_used(tmp_path: Path) -> None:
    source = (SOLUTIONS / "lesson01_vectors.py").read_bytes()
    good = cr.stored(source)
    name = cr.file_name("lesson01_vectors")
    for data in (good, b"\0\0\0\0" + good[4:], good[:4] + bytes(32) + good[36:], good[:40], b""):
        (tmp_path / name).write_bytes(data)
        found = cr.code_for("lesson01_vectors", source, "/x/lesson01_vectors.py", tmp_path)
        assert (found is not None) is (data == good)
    assert cr.code_for("lesson01_vectors", source + b"\n", "/x.py", tmp_path) is None


def test_the_check_command_as_a_developer_runs_it() -> None:
    """``python -m grader.compile_references --check``, from the project folder."""
    done = subprocess.run([sys.executable, "-m", "grader.compile_references", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    current = bool(list(FOLDER.glob(f"*.{TAG}.bin")))
    assert done.returncode == (0 if current else 1), done.stdout + done.stderr


def test_the_write_command_rewrites_a_stale_file(tmp_path: Path) -> None:
    """``python -m grader.compile_references``, run in a copy of the project after a
    reference changed."""
    copy = tmp_path / "proj"
    shutil.copytree(ROOT / "grader", copy / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SOLUTIONS, copy / "solutions", ignore=shutil.ignore_patterns("__pycache__"))
    with open(copy / "solutions" / "lesson03_derivatives.py", "a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    check = [sys.executable, "-m", "grader.compile_references", "--check"]
    before = subprocess.run(check, cwd=copy, capture_output=True, text=True, timeout=120)
    assert before.returncode == 1
    stale = f"grader/compiled_references/lesson03_derivatives.{TAG}.bin"
    assert before.stdout.strip().splitlines() == [f"out of date: {stale}"]
    wrote = subprocess.run(check[:-1], cwd=copy, capture_output=True, text=True, timeout=120)
    assert wrote.returncode == 0 and f"wrote {stale}" in wrote.stdout
    after = subprocess.run(check, cwd=copy, capture_output=True, text=True, timeout=120)
    assert after.returncode == 0, after.stdout
