"""What the grader reads as reaching into the running interpreter (``grader.reading.reach``):
every means by which learner code could switch the in-process watch off is found, and no
right answer, in any style, is."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXERCISES, SOLUTIONS
from test_built_yourself import RIGHT_DOT, RIGHT_MATMUL, RIGHT_OUTER

from grader.reading.reach import interpreter_reach
from grader.reading.source import LearnerSource

HEADER = "import math\nimport functools\nimport operator\nimport sys\nimport numpy as np\n"


def _reach(tmp_path: Path, code: str) -> list[str]:
    path = tmp_path / "lesson01_vectors.py"
    path.write_text(HEADER + code, encoding="utf-8")
    source = LearnerSource.read(path)
    assert isinstance(source, LearnerSource)
    return [use.name for use in interpreter_reach(source)]


@pytest.mark.parametrize("path", sorted([*EXERCISES.glob("*.py"), *SOLUTIONS.glob("*.py")]), ids=lambda p: p.name)
def test_the_course_files_reach_nothing(path: Path) -> None:
    source = LearnerSource.read(path)
    assert isinstance(source, LearnerSource)
    assert interpreter_reach(source) == []


@pytest.mark.parametrize("code", [*RIGHT_DOT.values(), *RIGHT_MATMUL.values(), *RIGHT_OUTER.values()])
def test_right_answers_in_every_style_reach_nothing(tmp_path: Path, code: str) -> None:
    assert _reach(tmp_path, code) == []


@pytest.mark.parametrize("code", [
    "import importlib\nimport gc\n",  # an import alone (a notebook keeps its reload's import)
    "def dot(a, b):\n    return getattr(np.asarray(a), 'shape')\n",  # a name written out
    "def compile(x):\n    return x\n\ndef dot(a, b):\n    return compile(a)\n",  # the learner's own compile
    "def dot(a, b):\n    return sys.float_info.epsilon\n",
    "def dot(a, b):\n    raise ValueError(f'not for {type(a).__name__}')\n",
    "if __name__ == '__main__':\n    print(1)\n",
    "def dot(a, b):\n    raise ValueError(f'not for {a.__class__.__name__}')\n",  # read, not set
    "def dot(a, b):\n    global _s\n    if not globals().get('_s'):\n        _s = globals()['_t'] = 1\n",
])
def test_what_is_not_reaching(tmp_path: Path, code: str) -> None:
    assert _reach(tmp_path, code) == []


@pytest.mark.parametrize(("code", "means"), [
    ("x = list(sys.modules)\n", "sys.modules"),
    ("from sys import modules\nx = modules\n", "sys.modules"),
    ("x = sys._getframe()\n", "sys._getframe"),
    ("import gc\nx = gc.get_objects()\n", "gc.get_objects"),
    ("import ctypes\nx = ctypes.c_int\n", "ctypes.c_int"),
    ("import importlib\nm = importlib.import_module('numpy')\n", "importlib.import_module"),
    ("import grader.sandbox.tracing as t\nt.x = 1\n", "grader.sandbox.tracing.x"),
    ("import subprocess\nsubprocess.run(['true'])\n", "subprocess.run"),
    ("import os\nos.fork()\n", "os.fork"),
    ("m = __import__('s' + 'ys')\n", "__import__"),
    ("exec('x = 1')\n", "exec"),
    ("f = eval('1')\n", "eval"),
    ("g = globals()\n", "globals"),
    ("b = globals()['__builtins__']\n", "__builtins__"),
    ("b = globals()['__buil' + 'tins__']\n", "globals"),
    ("v = vars(np)\n", "vars"),
    ("setattr(np, 'x', 1)\n", "setattr"),
    ("f = getattr(np, 'd' + 'ot')\n", "getattr"),
    ("f = functools.reduce(getattr, ['dot'], np)\n", "getattr"),
    ("g = np.sum.__globals__\n", "__globals__"),
    ("c = (lambda: 0).__code__\n", "__code__"),
    ("d = np.__dict__\n", "__dict__"),
    ("k = object.__subclasses__()\n", "__subclasses__"),
    ("f = getattr(np.sum, '__globals__')\n", "__globals__"),
    ("import inspect\nf = inspect.currentframe().f_back\n", "f_back"),
    ("def dot(a, b):\n    type(a).__array_function__ = np.ndarray.__array_function__\n", "__array_function__"),
    ("def dot(a, b):\n    type(a).__array_ufunc__ = None\n", "__array_ufunc__"),
    ("def dot(a, b):\n    a.__class__ = np.ndarray\n", "__class__"),
])
def test_each_means_of_reaching_is_found(tmp_path: Path, code: str, means: str) -> None:
    assert means in _reach(tmp_path, code)


def test_the_workspace_modules_a_file_imports_are_read_as_it_is(tmp_path: Path) -> None:
    """A helper module of the workspace runs as learner code: it is read for the same means
    (and a helper of a helper); one the grader cannot read (a package folder, a link, a
    relative import) counts as one; another lesson file, NumPy and a clean helper do not."""
    (tmp_path / "clean.py").write_text("def twice(x):\n    return 2 * x\n", encoding="utf-8")
    (tmp_path / "helper.py").write_text("import deeper\n", encoding="utf-8")
    (tmp_path / "deeper.py").write_text("import sys\nx = sys.modules\n", encoding="utf-8")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "linked.py").symlink_to(tmp_path / "clean.py")
    (tmp_path / "lesson02_norms.py").write_text("import sys\nx = sys.modules\n", encoding="utf-8")
    assert _reach(tmp_path, "from clean import twice\nfrom lesson02_norms import l2_norm\nimport numpy.linalg\n") == []
    path = tmp_path / "lesson01_vectors.py"
    path.write_text("import helper\n", encoding="utf-8")
    source = LearnerSource.read(path)
    assert isinstance(source, LearnerSource)
    assert [(u.name, u.file) for u in interpreter_reach(source)] == [("sys.modules", "deeper.py")]
    assert _reach(tmp_path, "import pkg\n") == ["pkg (a module the grader cannot read)"]
    assert _reach(tmp_path, "import linked\n") == ["linked (a module the grader cannot read)"]
    assert _reach(tmp_path, "from . import clean\n") == [". (a module the grader cannot read)"]


def test_a_forbidden_name_in_a_workspace_module_is_found(tmp_path: Path) -> None:
    from grader.reading.forbidden import expand
    from grader.reading.reach import forbidden_in_helpers

    (tmp_path / "helper.py").write_text("from numpy import einsum as e\nkeep = [e]\n", encoding="utf-8")
    path = tmp_path / "lesson01_vectors.py"
    path.write_text("from helper import keep\n", encoding="utf-8")
    source = LearnerSource.read(path)
    assert isinstance(source, LearnerSource)
    found = forbidden_in_helpers(source, expand(("numpy.dot", "numpy.einsum")))
    assert [(u.name, u.file, u.line) for u in found] == [("numpy.einsum", "helper.py", 2)]


def test_a_files_helpers_are_read_once_per_parsed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every exercise with forbidden calls asks for the helpers twice (the forbidden names,
    then the means): one parsed file reads them once. A file parsed again (the next grading
    run) reads them again, so an edited helper is seen."""
    from grader.reading.forbidden import expand
    from grader.reading.reach import forbidden_in_helpers

    (tmp_path / "helper.py").write_text("def twice(x):\n    return 2 * x\n", encoding="utf-8")
    path = tmp_path / "lesson01_vectors.py"
    path.write_text("from helper import twice\n", encoding="utf-8")
    reads: list[str] = []
    original = LearnerSource.read

    def counted(file: Path) -> object:
        reads.append(Path(file).name)
        return original(file)

    monkeypatch.setattr(LearnerSource, "read", staticmethod(counted))
    source = LearnerSource.read(path)
    assert isinstance(source, LearnerSource)
    for _ in range(3):
        assert interpreter_reach(source) == []
        assert forbidden_in_helpers(source, expand(("numpy.dot",))) == []
    assert reads == ["lesson01_vectors.py", "helper.py"]
    (tmp_path / "helper.py").write_text("import sys\nx = sys.modules\n", encoding="utf-8")
    again = LearnerSource.read(path)
    assert isinstance(again, LearnerSource)
    assert [(u.name, u.file) for u in interpreter_reach(again)] == [("sys.modules", "helper.py")]
