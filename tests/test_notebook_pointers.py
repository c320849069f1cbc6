"""Working in notebooks: every pointer is a cell, every suggested command repeats
``-w notebooks``, and ``grade notebooks`` says how to open them; as the learner types it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from typical_mistakes import ROOT, grade

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytest.importorskip("nbformat")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("nb")
    assert grade("init", "my-course", cwd=parent).returncode == 0
    folder = parent / "my-course"
    made = grade("notebooks", cwd=folder)
    assert made.returncode == 0, made.stderr
    return folder


def test_grade_notebooks_says_how_to_open_them(tmp_path: Path) -> None:
    for lang, words in (("en", "pip install jupyterlab"), ("zh", "pip install jupyterlab")):
        proc = grade("notebooks", f"books-{lang}", cwd=tmp_path, lang=lang)
        assert proc.returncode == 0, proc.stderr
        assert words in proc.stdout or "jupyter lab" in proc.stdout, proc.stdout
        assert f"jupyter lab books-{lang}" in proc.stdout, proc.stdout
        assert f"grade lesson01 -w books-{lang}" in proc.stdout, proc.stdout


def test_the_notebooks_extra_installs_jupyterlab() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {re.split(r"[<>=!;\[ ]", spec, maxsplit=1)[0].lower() for spec in extras["notebooks"]}
    assert {"nbformat", "jupyterlab"} <= names, extras["notebooks"]


@pytest.mark.parametrize("args", [["lesson01"], ["all"], ["next"], ["hint"], ["status"]])
def test_pointers_are_cells_and_commands_keep_the_workspace(course: Path, args: list[str]) -> None:
    for lang in ("en", "zh"):
        proc = grade(*args, "-w", "notebooks", cwd=course, lang=lang)
        out = proc.stdout + proc.stderr
        assert "Traceback" not in out, out
        assert not re.search(r"\.ipynb:\d", out), out  # never a line of the JSON file
        assert "lesson01_vectors.py" not in out, out  # the notebook, not a file that is not there
        assert re.search(r"lesson01_vectors\.ipynb(, cell | 第 )5", out), out  # dot's stub: the 5th cell
        for command in re.findall(r"`(grade [^`]*)`", out):
            if command.split()[1] in ("lesson01", "hint", "watch", "all", "next", "status") and \
                    "--help" not in command:
                assert "-w notebooks" in command, f"{command!r} would grade exercises/:\n{out}"


def test_a_traceback_points_at_the_notebooks_cell(tmp_path: Path) -> None:
    import json

    assert grade("init", "c", cwd=tmp_path).returncode == 0
    course = tmp_path / "c"
    assert grade("notebooks", cwd=course).returncode == 0
    path = course / "notebooks" / "lesson01_vectors.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = notebook["cells"][4]
    source = "".join(cell["source"])
    cell["source"] = source[:source.index("raise NotImplementedError")] + "return undefined_name * 2\n"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    for lang in ("en", "zh"):
        out = grade("lesson01", "-w", "notebooks", cwd=course, lang=lang).stdout
        assert 'File "lesson01_vectors.ipynb", cell 5, in dot' in out, out
        assert "lesson01_vectors.py" not in out, out
