"""An installed wheel carries the course: stubs, references, lesson texts, figures and hints.

The wheel is built from a copy of the project (so the build leaves nothing behind in
it), unpacked into a folder as ``pip install`` would, and used from another directory:
``grade init`` must find the materials inside the package, and grading, hints and
solutions must work from there too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

PROJECT_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
PROJECT_DIRS = ("grader", "exercises", "solutions", "lessons")


def _materials() -> list[Path]:
    files = [*sorted((ROOT / "exercises").glob("lesson*.py")),
             *sorted((ROOT / "solutions").glob("lesson*.py")),
             *sorted((ROOT / "lessons").glob("*/lesson*.md")),
             *sorted((ROOT / "lessons").glob("figures/*.svg"))]
    return [f.relative_to(ROOT) for f in files]


def _build_wheel(tmp: Path) -> Path:
    source = tmp / "project"
    source.mkdir()
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, source / name)
    for name in PROJECT_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "_materials", "*.pyc"))
    out = tmp / "dist"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)]
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    built = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if built.returncode != 0:  # offline: build with the setuptools already installed
        built = subprocess.run([*command, "--no-build-isolation"], capture_output=True, text=True,
                               env=env, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_wheel(tmp_path_factory.mktemp("wheel"))


def test_wheel_holds_every_material_byte_for_byte(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for relative in _materials():
            inside = f"grader/_materials/{relative.as_posix()}"
            assert inside in names, f"{relative} is not in the wheel"
            assert archive.read(inside) == (ROOT / relative).read_bytes(), relative
        assert "grader/course.toml" in names
        for data in sorted((ROOT / "grader").glob("hints/*.toml")):
            assert f"grader/hints/{data.name}" in names
        compiled = sorted((ROOT / "grader").glob("compiled_references/*.bin"))
        assert compiled, "no reference is compiled ahead of time"
        for code in compiled:  # the wheel's references are the same bytes, so the code fits them
            assert archive.read(f"grader/compiled_references/{code.name}") == code.read_bytes()


def test_installed_package_starts_a_workspace_and_grades_it(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "GRADE_LANG": "en"}
    env.pop("GRADE_PROGRESS", None)
    env.pop("GRADE_REFERENCE", None)

    def grade(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=home, env=env,
                              capture_output=True, text=True, timeout=120)

    where = subprocess.run([sys.executable, "-c", "import grader.materials as m; print(m.root())"],
                           cwd=home, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()) == site / "grader" / "_materials"
    started = grade("init", "course")
    assert started.returncode == 0, started.stderr
    ws = home / "course" / "exercises"
    lesson = sorted((ROOT / "exercises").glob("lesson*.py"))[0]
    assert (ws / lesson.name).read_bytes() == lesson.read_bytes()
    assert (home / "course" / "lessons" / "zh" / lesson.with_suffix(".md").name).is_file()
    assert sorted((home / "course" / "lessons" / "figures").glob("*.svg")), "grade init copied no figure"
    nxt = grade("next", "-w", str(ws))
    assert nxt.returncode == 0 and lesson.name in nxt.stdout, nxt.stderr
    hint = grade("hint", "-w", str(ws))
    assert hint.returncode == 0 and "Hint 1/3" in hint.stdout, hint.stderr
    (ws / lesson.name).write_bytes((ROOT / "solutions" / lesson.name).read_bytes())
    graded = grade(lesson.name.split("_")[0], "-w", str(ws))
    assert graded.returncode == 0, graded.stdout + graded.stderr
    shown = grade("solution", lesson.name.split("_")[0], "dot", "-w", str(ws))
    assert shown.returncode == 0 and "def dot" in shown.stdout


def test_sdist_and_wheel_carry_the_license_and_pass_twine_check(tmp_path: Path) -> None:
    """What PyPI would get: ``python -m build`` then ``twine check --strict`` on both files."""
    source = tmp_path / "project"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "_materials", "*.pyc", "*.egg-info", "build", "dist", ".mypy_cache",
        ".ruff_cache", ".pytest_cache", "reports"))
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(source)]
    built = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if built.returncode != 0:  # offline: build with the setuptools already installed
        built = subprocess.run([*command, "--no-isolation"], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    license_text = (ROOT / "LICENSE").read_text()
    assert license_text.startswith("MIT License") and "The dl-math-grader authors" in license_text
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        member = archive.extractfile(f"{top}/LICENSE")
        assert member is not None and member.read().decode() == license_text
    with zipfile.ZipFile(wheel) as archive:
        (licensed,) = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(licensed).decode() == license_text
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(metadata_name).decode()
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    assert "Classifier: Intended Audience :: Education" in metadata
    assert "Keywords: " in metadata and "Project-URL: " in metadata


READ_PACKAGED = '''
import importlib.util
from pathlib import Path


def dot(a, b):
    folder = Path(importlib.util.find_spec("grader").origin).parent / "_materials" / "solutions"
    namespace = {}
    exec((folder / "lesson01_vectors.py").read_text(encoding="utf-8"), namespace)
    return namespace["dot"](a, b)
'''


def test_the_packaged_references_are_out_of_reach_of_learner_code(wheel: Path, tmp_path: Path) -> None:
    """``pip install .`` ships ``grader/_materials/solutions``: a lesson that finds it beside the
    grader's package and runs its ``dot`` earns nothing, even while ``GRADE_REFERENCE`` names
    another copy, in every confined mode (plain mode
    hides nothing: docs/security.md)."""
    from grader.sandbox.choice import confinement_here

    if confinement_here() == "plain":
        pytest.skip("plain mode hides no file")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    assert (site / "grader" / "_materials" / "solutions" / "lesson01_vectors.py").is_file()
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "lesson01_vectors.py").write_text(
        (ROOT / "exercises" / "lesson01_vectors.py").read_text(encoding="utf-8") + READ_PACKAGED, encoding="utf-8")
    # The references in use are another copy (as a Gradescope bundle or a CI secret gives them):
    # the packaged one must be covered all the same.
    shutil.copytree(ROOT / "solutions", tmp_path / "instructor")
    env = {**os.environ, "PYTHONPATH": str(site), "GRADE_LANG": "en",
           "GRADE_REFERENCE": str(tmp_path / "instructor")}
    done = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "-w", str(ws), "--no-record",
                           "--format", "json", "--no-report"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    result = json.loads(done.stdout)
    dot = next(e for e in result["exercises"] if e["name"] == "dot")
    assert (result["score"], dot["status"]) == (0.0, "error"), done.stdout
