"""Learner code runs in a child: crashes, loops and lies stay there."""

from __future__ import annotations

import time

import numpy as np
import pytest

from grader import api
from grader.course import load_course
from grader.model import Outcome


def grade_with(tmp_path, source: str, **options):
    from conftest import copy_solutions

    ws = copy_solutions(tmp_path / "ws")
    (ws / "lesson01_vectors.py").write_text(source, encoding="utf-8")
    return {e.name: e for e in api.grade_lesson("lesson01", ws, **options).exercises}


REST = '''
import numpy as np
def outer(a, b):
    a = np.asarray(a, dtype=float); b = np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1: raise ValueError("1-D")
    return a[:, None] * b[None, :]
def hadamard(a, b):
    a = np.asarray(a, dtype=float); b = np.asarray(b, dtype=float)
    if a.shape != b.shape: raise ValueError("shape")
    return a * b
def matmul(A, B):
    A = np.asarray(A, dtype=float); B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]: raise ValueError("shape")
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)
'''


@pytest.fixture
def short_timeouts(monkeypatch):
    """Give lesson01's exercises a 1.5 s budget so looping cases stay quick."""
    from dataclasses import replace

    import grader.course as course

    original = course.load_course()
    lessons = tuple(
        replace(lesson, exercises=tuple(replace(e, timeout=1.5) for e in lesson.exercises))
        if lesson.id == "lesson01" else lesson
        for lesson in original.lessons
    )
    patched = replace(original, lessons=lessons)
    monkeypatch.setattr("grader.api.load_course", lambda: patched)


def test_endless_loop_times_out_and_the_rest_still_grade(tmp_path, short_timeouts):
    started = time.monotonic()
    results = grade_with(tmp_path, "def dot(a, b):\n    while True:\n        pass\n" + REST)
    assert results["dot"].outcome is Outcome.TIMEOUT
    assert "timed out" in results["dot"].messages()[0]
    assert all(results[n].outcome is Outcome.PASSED for n in ("outer", "hadamard", "matmul"))
    assert time.monotonic() - started < 1.5 + 5


@pytest.mark.parametrize(("body", "words"), [
    ("import os; os._exit(3)", "os._exit(3)"),
    ("import ctypes; ctypes.string_at(0)", "SIGSEGV"),
    ("import sys; sys.exit(4)", "sys.exit(4)"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "SIGKILL"),
    ("raise KeyboardInterrupt", "KeyboardInterrupt"),
])
def test_process_level_escapes_are_errors_with_their_name(tmp_path, body, words):
    results = grade_with(tmp_path, f"def dot(a, b):\n    {body}\n" + REST)
    assert results["dot"].outcome is Outcome.ERROR
    assert words in "\n".join(results["dot"].messages())
    if "ctypes" in body:  # the file reaches into the interpreter: "built it yourself" cannot be verified
        assert results["matmul"].score == pytest.approx(0.8)
        assert "reaches into the running interpreter" in "\n".join(results["matmul"].messages())
    else:
        assert results["matmul"].outcome is Outcome.PASSED
    assert results["dot"].score == 0


def test_learner_tracebacks_hide_grader_frames(tmp_path):
    results = grade_with(tmp_path, "def dot(a, b):\n    return 1 / 0\n" + REST)
    text = "\n".join(results["dot"].messages())
    assert "ZeroDivisionError" in text and "lesson01_vectors.py" in text
    assert "grader" not in text.replace("grader itself", "")


def test_printing_does_not_reach_the_grader_output(tmp_path, capfd):
    source = ("import numpy as np\nprint('noise at import')\n"
              "def dot(a, b):\n    print('x' * 100000)\n"
              "    a = np.asarray(a, float); b = np.asarray(b, float)\n"
              "    if a.ndim != 1 or a.shape != b.shape: raise ValueError('bad')\n"
              "    return float(np.sum(a * b))\n" + REST)
    results = grade_with(tmp_path, source)
    assert results["dot"].outcome is Outcome.PASSED
    out, err = capfd.readouterr()
    assert "noise" not in out and "xxxx" not in out and "xxxx" not in err


def test_a_lying_return_value_is_only_data(tmp_path):
    source = ("class Liar(float):\n    def __eq__(self, other): return True\n"
              "    def __ne__(self, other): return False\n"
              "def dot(a, b):\n    return Liar(0.0)\n" + REST)
    results = grade_with(tmp_path, source)
    assert results["dot"].outcome is Outcome.FAILED


def test_input_mutation_is_reported(tmp_path):
    source = ("import numpy as np\ndef dot(a, b):\n"
              "    if isinstance(a, np.ndarray):\n        a *= 1.0; a[...] = a * b; return float(a.sum())\n"
              "    a = np.asarray(a, float); b = np.asarray(b, float)\n"
              "    if a.ndim != 1 or a.shape != b.shape: raise ValueError('bad')\n"
              "    return float(np.sum(a * b))\n" + REST)
    results = grade_with(tmp_path, source)
    assert results["dot"].outcome is Outcome.FAILED
    assert "changed its input in place" in "\n".join(results["dot"].messages())


def test_calling_an_unwritten_helper_is_an_error_not_not_started(tmp_path):
    source = ("import numpy as np\n"
              "def dot(a, b):\n    raise NotImplementedError\n" + REST.replace(
                  "return (A[:, :, None] * B[None, :, :]).sum(axis=1)",
                  "return np.array([[dot(r, c) for c in B.T] for r in A])"))
    results = grade_with(tmp_path, source)
    assert results["dot"].outcome is Outcome.NOT_STARTED
    assert results["matmul"].outcome is Outcome.ERROR
    assert "write dot first" in "\n".join(results["matmul"].messages())


def test_missing_function_is_named(tmp_path):
    results = grade_with(tmp_path, "def dott(a, b):\n    return 0.0\n" + REST)
    assert results["dot"].outcome is Outcome.ERROR
    assert "no function named dot" in "\n".join(results["dot"].messages())


def test_seeded_inputs_are_reproducible(tmp_path):
    from grader.engine.context import Context

    lesson = load_course().lesson("lesson01")
    ctx = Context(lesson, lesson.exercises[0], None, None, None, "c")  # type: ignore[arg-type]
    again = Context(lesson, lesson.exercises[0], None, None, None, "c")  # type: ignore[arg-type]
    assert np.array_equal(ctx.rng("x").normal(size=5), again.rng("x").normal(size=5))


# -- what the child reports besides return values ------------------------------------------

HELPER = '''
import time
def forward(x):
    time.sleep(0.002)
    return x
def backward(X, Y, params, cache, hidden="sigmoid", output="identity"):
    return {}
'''

TRAINER = '''
import numpy as np
from helper_lesson import forward, backward
def histories(n):
    w = np.zeros(3); same = []
    for _ in range(n):
        w += 1; same.append(w)
    rows = np.zeros((n, 3))
    return w, same, [rows[i] for i in range(n)], [w.copy() for _ in range(2)]
def draw(rng):
    return rng.standard_normal(3)
def train(steps):
    for i in range(steps):
        forward(i)
        backward(None, np.full((4, 1), 0.5), {}, {"A2": np.full((4, 1), 1.0 / (i + 2))}, "relu", "identity")
    return steps
'''


@pytest.fixture
def session(tmp_path):
    from grader.engine.session import LessonSession
    from grader.sandbox.limits import Limits
    from grader.sandbox.runner import Sandbox

    (tmp_path / "helper_lesson.py").write_text(HELPER)
    (tmp_path / "trainer_lesson.py").write_text(TRAINER)
    with Sandbox() as sandbox:
        lesson = LessonSession(sandbox, tmp_path, "trainer_lesson", Limits())
        lesson.set_budget("x", 1.5)
        yield lesson
        lesson.close()


def test_the_child_reports_arrays_a_returned_list_holds_twice(session):
    obs = session.call("x", "histories", (4,), {})
    assert obs.shared_at(1) == ((0, 1, 2, 3),)  # the same w appended four times
    assert obs.shared_at(2) == () and obs.shared_at(3) == ()  # rows of one matrix; copies
    assert np.array_equal(obs.value[1][0], [4.0, 4.0, 4.0])


def test_a_generator_instrument_is_a_real_seeded_generator(session):
    from grader.sandbox.codec import Instrument

    rng = Instrument("g1", "default_rng", {"seed": 3}, kind="generator")
    obs = session.call("x", "draw", (rng,), {})
    assert np.array_equal(obs.value, np.random.default_rng(3).standard_normal(3))


def test_watched_functions_report_calls_time_and_loss(session):
    from grader.checking import LearnerTimeout
    from grader.sandbox.probes import Probe

    watch = (Probe("helper_lesson", "forward", "lesson 9 forward"),
             Probe("helper_lesson", "backward", "lesson 10 backward", loss="backward"))
    obs = session.call("x", "train", (30,), {}, watch=watch)
    assert obs.value == 30 and obs.watch is not None
    assert obs.watch.calls("lesson 9 forward") == 30 and obs.watch.calls("lesson 10 backward") == 30
    assert obs.watch.loss_count == 30 and len(obs.watch.loss_x) == 30
    assert obs.watch.loss_y[0] == pytest.approx(0.0)  # A2 = 0.5 = Y at the first step
    assert obs.watch.loss_y[2] == pytest.approx(0.5 * (0.5 - 0.25) ** 2)  # mse with the 1/2
    again = session.call("x", "train", (3,), {})  # the originals are back: nothing watched
    assert again.watch is None and again.value == 3
    with pytest.raises(LearnerTimeout) as stopped:
        session.call("x", "train", (10**6,), {}, watch=watch)
    progress = stopped.value.progress
    assert progress is not None and progress.calls("lesson 9 forward") > 100
    assert progress.functions[0].seconds > 0.5


def test_the_sandbox_helper_starts_before_the_grader_imports_numpy(tmp_path) -> None:
    """``grade`` opens the sandbox first so that its helper's interpreter boots while the
    grader loads the engine and NumPy: opening it must not itself import NumPy."""
    import subprocess
    import sys

    from conftest import ROOT

    probe = ("import sys; from grader import api; sandbox = api.open_sandbox('solutions'); "
             "print('numpy' in sys.modules); sandbox.close()")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_learner_modules_are_found_again_at_every_call(tmp_path) -> None:
    """Each module's file is resolved once (a cache), but every call still sees the
    learner's modules loaded since, and never a module from outside the workspace."""
    import sys
    import types

    from grader.sandbox.worker import Session

    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "helper.py").write_text("x = 1\n", encoding="utf-8")
    session = Session(str(workspace), "lesson01_vectors")
    first = types.ModuleType("grade_test_helper_first")
    first.__file__ = str(workspace / "helper.py")
    later = types.ModuleType("grade_test_helper_later")
    later.__file__ = str(workspace / "sub" / "later.py")
    outside = types.ModuleType("grade_test_outside")
    outside.__file__ = str(tmp_path / "elsewhere.py")
    try:
        sys.modules[first.__name__] = first
        sys.modules[outside.__name__] = outside
        assert first in session.learner_modules() and outside not in session.learner_modules()
        sys.modules[later.__name__] = later
        found = session.learner_modules()
        assert first in found and later in found and outside not in found
    finally:
        for name in (first.__name__, later.__name__, outside.__name__):
            sys.modules.pop(name, None)


def test_the_zygote_resolves_only_absolute_module_paths(tmp_path, monkeypatch) -> None:
    """The zygote resolves its modules' files once for every worker; a relative
    ``__file__`` would resolve against the zygote's folder, so it is left to each worker,
    and a learner module loaded later in a worker is still found."""
    import os
    import sys
    import types

    from grader.sandbox import worker

    monkeypatch.setattr(worker, "_REAL_PATHS", {})
    workspace = tmp_path / "ws"
    workspace.mkdir()
    absolute = types.ModuleType("grade_test_absolute")
    absolute.__file__ = str(tmp_path / "lib" / "absolute.py")
    relative = types.ModuleType("grade_test_relative")
    relative.__file__ = "relative.py"
    learner = types.ModuleType("grade_test_learner")
    learner.__file__ = str(workspace / "helper.py")
    try:
        sys.modules[absolute.__name__] = absolute
        sys.modules[relative.__name__] = relative
        worker.remember_module_paths()
        assert worker._REAL_PATHS[absolute.__file__] == os.path.realpath(absolute.__file__)
        assert "relative.py" not in worker._REAL_PATHS
        session = worker.Session(str(workspace), "lesson01_vectors")
        sys.modules[learner.__name__] = learner
        found = session.learner_modules()
        assert learner in found and absolute not in found
    finally:
        for name in (absolute.__name__, relative.__name__, learner.__name__):
            sys.modules.pop(name, None)


def test_a_worker_may_map_its_starting_size_plus_the_memory_budget(tmp_path) -> None:
    """The zygote measures the bytes it has mapped just before it forks (the worker starts
    with the same), and the worker's address-space limit is that plus the budget; its
    environment is exactly the clean one, with its scratch folder as HOME."""
    import json
    import sys

    from grader.sandbox import sources
    from grader.sandbox.limits import Limits
    from grader.sandbox.runner import Sandbox

    if not sys.platform.startswith("linux"):
        pytest.skip("RLIMIT_AS and /proc/self/statm are Linux's")
    workspace = tmp_path / "ws"
    workspace.mkdir()
    text = ("import json, os, resource\n"
            "def probe():\n"
            "    with open('/proc/self/statm') as f:\n"
            "        mapped = int(f.read().split()[0]) * os.sysconf('SC_PAGE_SIZE')\n"
            "    return json.dumps([resource.getrlimit(resource.RLIMIT_AS)[0], mapped, dict(os.environ)])\n")
    (workspace / "lesson01_vectors.py").write_text(text, encoding="utf-8")
    budget = 256 * 1024 * 1024
    given = sources.encode({"lesson01_vectors": (str(workspace / "lesson01_vectors.py"), text.encode())})
    with Sandbox(Limits(memory=budget)) as sandbox:
        worker = sandbox.worker(workspace, "lesson01_vectors")
        worker.request({"op": "import", "sources": given}, 30)
        call = {"op": "call", "func": "probe", "args": [], "kwargs": {"$t": "dict", "items": []}}
        reply, _ = worker.request(call, 30)
        worker.close()
    limit, mapped, environment = json.loads(reply["value"])
    assert 0 <= limit - budget <= mapped, (limit, mapped)
    assert mapped - (limit - budget) < 64 * 1024 * 1024, "the start was measured long before the worker ran"
    assert environment["HOME"] == environment["TMPDIR"] and environment["OPENBLAS_NUM_THREADS"] == "1"
    assert set(environment) == {"PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "OPENBLAS_NUM_THREADS",
                                "OMP_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONHASHSEED"}


def test_describing_an_exception_reads_only_the_learners_lines(tmp_path, monkeypatch) -> None:
    """A traceback through NumPy keeps the learner's frames with their lines, and reads
    no other file's source: a new worker's first exception used to read NumPy's."""
    import linecache
    import sys

    from grader.sandbox import sources, worker

    workspace = tmp_path / "ws"
    workspace.mkdir()
    text = "import numpy as np\n\ndef bad(a):\n    return np.linalg.inv(a)\n"
    path = workspace / "lesson_describe_probe.py"
    path.write_text("# what the file holds now is not what ran\n", encoding="utf-8")
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setattr(sys, "path_hooks", list(sys.path_hooks))
    sources.install({"lesson_describe_probe": {"file": str(path), "data": __import__("base64").b64encode(
        text.encode()).decode()}}, str(workspace))
    module = __import__("lesson_describe_probe")
    session = worker.Session(str(workspace), "lesson_describe_probe")
    asked: list[str] = []
    original = linecache.getline
    monkeypatch.setattr(linecache, "getline", lambda f, n, g=None: (asked.append(f), original(f, n, g))[1])
    monkeypatch.setattr(linecache, "updatecache", lambda *a, **k: asked.append(a[0]) or [])
    try:
        module.bad(np.zeros((2, 2)))
    except np.linalg.LinAlgError as exc:
        described = session.describe(exc)
    finally:
        sys.modules.pop("lesson_describe_probe", None)
    assert described["frames"] == [["lesson_describe_probe.py", 4, "bad", "return np.linalg.inv(a)"]]
    assert "return np.linalg.inv(a)" in described["traceback"] and "numpy" not in described["traceback"]
    assert described["explicit"] is False
    assert asked and set(asked) == {str(path)}, asked


def test_module_paths_resolved_folder_by_folder_are_the_real_paths(tmp_path) -> None:
    """The zygote resolves each folder of its modules once: for files, linked folders,
    linked files and links to links, the same path ``os.path.realpath`` gives."""
    import os

    from grader.sandbox.worker import _resolved

    real = tmp_path / "real"
    (real / "pkg").mkdir(parents=True)
    for name in ("a.py", "b.py"):
        (real / "pkg" / name).write_text("", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real)  # a linked folder
    (real / "pkg" / "c.py").symlink_to(real / "pkg" / "a.py")  # a linked file
    (tmp_path / "chain").symlink_to(tmp_path / "linked")  # a link to a link
    folders: dict[str, str] = {}
    paths = [str(base / "pkg" / name) for base in (real, tmp_path / "linked", tmp_path / "chain")
             for name in ("a.py", "b.py", "c.py", "missing.py")]
    for path in paths:
        assert _resolved(path, folders) == os.path.realpath(path), path
    assert len(folders) == 3  # one per folder spelling, each resolved once


def test_a_worker_starts_with_numpy_random_and_a_global_generator_of_its_own(tmp_path) -> None:
    """The zygote imports ``numpy.random`` (lessons 09, 11 and 12 use it), and each worker
    seeds the legacy global generator afresh, as importing it there did: two workers of one
    sandbox draw different numbers from ``np.random.rand``."""
    import json

    from grader.sandbox import sources
    from grader.sandbox.runner import Sandbox

    workspace = tmp_path / "ws"
    workspace.mkdir()
    text = ("import json, sys\nloaded = 'numpy.random' in sys.modules\nimport numpy as np\n"
            "def probe():\n    return json.dumps([loaded, np.random.rand(4).tolist()])\n")
    (workspace / "lesson01_vectors.py").write_text(text, encoding="utf-8")
    given = sources.encode({"lesson01_vectors": (str(workspace / "lesson01_vectors.py"), text.encode())})
    seen = []
    with Sandbox() as sandbox:
        for _ in range(2):
            worker = sandbox.worker(workspace, "lesson01_vectors")
            worker.request({"op": "import", "sources": given}, 30)
            call = {"op": "call", "func": "probe", "args": [], "kwargs": {"$t": "dict", "items": []}}
            reply, _ = worker.request(call, 30)
            worker.close()
            seen.append(json.loads(reply["value"]))
    assert [loaded for loaded, _ in seen] == [True, True]
    assert seen[0][1] != seen[1][1]


def test_a_spawned_worker_loads_numpy_random_only_if_learner_code_does(tmp_path) -> None:
    """The portable runner's worker is a new interpreter: seeding the generator a forked
    worker shares must not import ``numpy.random`` there (9 ms of every lesson)."""
    import json

    from grader.sandbox import sources
    from grader.sandbox.portable import PortableSandbox

    workspace = tmp_path / "ws"
    workspace.mkdir()
    text = "import json, sys\nloaded = 'numpy.random' in sys.modules\ndef probe():\n    return json.dumps(loaded)\n"
    (workspace / "lesson01_vectors.py").write_text(text, encoding="utf-8")
    given = sources.encode({"lesson01_vectors": (str(workspace / "lesson01_vectors.py"), text.encode())})
    with PortableSandbox() as sandbox:
        worker = sandbox.worker(workspace, "lesson01_vectors")
        worker.request({"op": "import", "sources": given}, 60)
        reply, _ = worker.request({"op": "call", "func": "probe", "args": [],
                                   "kwargs": {"$t": "dict", "items": []}}, 60)
        worker.close()
    assert json.loads(reply["value"]) is False


def test_a_worker_decodes_only_the_lesson_files_it_imports(tmp_path, monkeypatch) -> None:
    """Every lesson file travels with the import request (a lesson may import another), but
    only those imported are decoded: an entry never imported is never looked at, however
    it is spelt, and one imported runs exactly the bytes sent."""
    import base64
    import sys

    from grader.sandbox import sources

    workspace = tmp_path / "ws"
    workspace.mkdir()
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setattr(sys, "path_hooks", list(sys.path_hooks))
    decoded: list[object] = []
    real = base64.b64decode
    monkeypatch.setattr(base64, "b64decode", lambda data, *a, **k: (decoded.append(data), real(data, *a, **k))[1])
    sent = {"lesson_lazy_a": {"file": str(workspace / "lesson_lazy_a.py"),
                              "data": base64.b64encode(b"from lesson_lazy_b import VALUE\n").decode()},
            "lesson_lazy_b": {"file": str(workspace / "lesson_lazy_b.py"),
                              "data": base64.b64encode(b"VALUE = 42\n").decode()},
            "lesson_lazy_c": {"file": str(workspace / "lesson_lazy_c.py"), "data": "not base64 at all!"},
            "lesson_lazy_d": None}
    sources.install(sent, str(workspace))
    try:
        assert __import__("lesson_lazy_a").VALUE == 42
        assert sorted(decoded) == sorted([sent["lesson_lazy_a"]["data"], sent["lesson_lazy_b"]["data"]])
        assert sources.given("lesson_lazy_b") == b"VALUE = 42\n"
        with pytest.raises(ModuleNotFoundError):
            __import__("lesson_lazy_d")  # a file the parent would not send cannot be imported at all
    finally:
        for name in ("lesson_lazy_a", "lesson_lazy_b"):
            sys.modules.pop(name, None)


def test_a_lesson_name_whose_question_fails_stays_the_finders(tmp_path, monkeypatch) -> None:
    """A worker that cannot get a lesson file from the grader (the question raised: the
    connection gone) still answers for that name: a package folder beside it is never
    imported instead, on that try or the next."""
    import sys

    from grader.sandbox import sources

    workspace = tmp_path / "ws"
    (workspace / "lesson_asked_x").mkdir(parents=True)
    (workspace / "lesson_asked_x" / "__init__.py").write_text("SHADOW = True\n", encoding="utf-8")
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setattr(sys, "path_hooks", list(sys.path_hooks))
    monkeypatch.syspath_prepend(str(workspace))

    def ask(name: str) -> object:
        raise OSError("the connection is gone")

    sources.install({}, str(workspace), ["lesson_asked_x"], ask)
    try:
        with pytest.raises(OSError):
            __import__("lesson_asked_x")
        with pytest.raises(ModuleNotFoundError):
            __import__("lesson_asked_x")
    finally:
        sys.modules.pop("lesson_asked_x", None)
