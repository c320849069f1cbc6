"""The portable runner, and a grader that imports where Linux's modules are missing.

On Windows and macOS the grader uses the portable runner (spawned workers, plain), and
``GRADE_RUNNER=portable`` forces it on Linux: here it grades the course as a user runs
it, reports what it leaves unprotected, and grades lesson 01 with ``resource``, ``fcntl``
and ``os.fork`` taken away, in the grader and in its workers, as on Windows. (The hostile
corpus runs through it too: test_hostile.py's ``[portable]`` cases.)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import EXERCISES, ROOT, SOLUTIONS

from grader.sandbox import platform, portable, sources, winjob
from grader.sandbox.choice import new_sandbox
from grader.sandbox.limits import Limits
from grader.sandbox.portable import PortableSandbox, Spawner
from grader.sandbox.runner import Sandbox

# The venv's grade beside its python; with a system Python on Windows, Scripts\grade.exe.
GRADE = (shutil.which("grade", path=str(Path(sys.executable).parent)) or shutil.which("grade")
         or str(Path(sys.executable).with_name("grade")))

# Run before anything else in the grader's interpreter (a sitecustomize) and, prepended to
# the portable runner's boot code, in every worker: what Windows lacks, taken away.
BLOCKER = textwrap.dedent("""\
    import os, signal, sys

    class _Missing:
        def find_spec(self, name, path=None, target=None):
            if name in ("resource", "fcntl", "termios", "pwd", "grp"):
                raise ModuleNotFoundError("No module named " + repr(name), name=name)
            return None

    sys.meta_path.insert(0, _Missing())
    for _name in ("resource", "fcntl", "termios", "pwd", "grp"):
        sys.modules[_name] = None
    for _name in ("fork", "forkpty", "killpg", "setpgid", "wait4", "register_at_fork"):
        if hasattr(os, _name):
            delattr(os, _name)
    for _name in ("SIGKILL", "SIGHUP", "SIGXCPU", "SIGXFSZ", "pthread_sigmask", "setitimer"):
        if hasattr(signal, _name):
            delattr(signal, _name)
    """)

SITECUSTOMIZE = BLOCKER + textwrap.dedent("""\
    import grader.sandbox.portable as _portable
    _portable._BOOT = {blocker!r} + "\\n" + _portable._BOOT
    """)


def _grade(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GRADE, *args], cwd=cwd, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=180)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A learner's folder with exercises/ solved, and the stubs beside it."""
    shutil.copytree(SOLUTIONS, tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(EXERCISES, tmp_path / "stubs", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_runner_follows_the_platform_and_grade_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADE_RUNNER", raising=False)
    assert platform.runner_wanted() == ("fork" if sys.platform.startswith("linux") else "portable")
    monkeypatch.setenv("GRADE_RUNNER", "portable")
    assert platform.runner_wanted() == "portable"
    with new_sandbox(Limits()) as sandbox:
        assert isinstance(sandbox, PortableSandbox)
    monkeypatch.setenv("GRADE_RUNNER", "fork")
    monkeypatch.setattr(platform.sys, "platform", "darwin")  # macOS: never forks after NumPy
    assert platform.runner_wanted() == "portable"
    monkeypatch.setattr(platform.sys, "platform", "win32")
    assert platform.runner_wanted() == "portable"
    monkeypatch.setattr(platform.sys, "platform", "linux")
    monkeypatch.delattr(platform.os, "fork")
    assert platform.runner_wanted() == "portable"


def test_portable_grades_the_course_from_the_learners_folder(course: Path) -> None:
    done = _grade("all", "--workspace", "exercises", "--no-record", "--no-report", cwd=course,
                  env={"GRADE_RUNNER": "portable"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Total: 70/70; 12/12 lessons complete" in done.stdout
    stubs = _grade("lesson01", "--workspace", "stubs", "--format", "json", "--no-record",
                   "--no-report", cwd=course, env={"GRADE_RUNNER": "portable"})
    assert stubs.returncode == 1
    assert {e["status"] for e in json.loads(stubs.stdout)["exercises"]} == {"not_started"}


def test_portable_says_plain_and_what_it_does_not_protect(course: Path) -> None:
    env = {"GRADE_RUNNER": "portable"}
    verbose = _grade("lesson01", "--verbose", "--no-record", "--no-report", cwd=course, env=env)
    assert "Learner code ran confined by: plain" in verbose.stdout
    assert "not protected: your files, the network, your other processes, the grader's own process" \
        in verbose.stdout
    done = _grade("all", "--format", "json", "--no-record", "--no-report", cwd=course, env=env)
    run = json.loads(done.stdout)
    assert run["confinement"] == "plain"
    assert {"files", "network", "processes", "grader"} <= set(run["unprotected"])
    # RLIMIT_AS holds on Linux, a job object on Windows; macOS enforces no memory limit
    assert ("memory" in run["unprotected"]) == (sys.platform == "darwin")
    zh = _grade("lesson01", "--verbose", "--lang", "zh", "--no-record", "--no-report", cwd=course, env=env)
    assert "未受保护：你的文件、网络" in zh.stdout


@pytest.mark.skipif(not platform.fork_available(), reason="the fork runner is Linux's")
def test_the_fork_runners_plain_mode_lists_what_it_leaves_open(course: Path) -> None:
    done = _grade("lesson01", "--format", "json", "--no-record", "--no-report", cwd=course,
                  env={"GRADE_RUNNER": "", "GRADE_CONFINEMENT": "plain"})
    assert json.loads(done.stdout)["unprotected"] == ["files", "network", "processes"]


def import_request(module: str = "lesson01_vectors") -> dict[str, object]:
    """The import request the grader sends: the lesson's bytes, read here (``sources``)."""
    path = SOLUTIONS / f"{module}.py"
    return {"op": "import", "sources": sources.encode({module: (str(path), path.read_bytes())})}


def test_a_spare_worker_is_kept_warm() -> None:
    with PortableSandbox(Limits()) as sandbox:
        spawner = sandbox.zygote()
        assert isinstance(spawner, Spawner)
        first = sandbox.worker(SOLUTIONS, "lesson01_vectors")
        reply, _ = first.request(import_request(), 60.0)
        assert reply.get("ok") is True, reply
        deadline = time.monotonic() + 30
        while spawner.spare is None and time.monotonic() < deadline:  # the next one boots
            time.sleep(0.05)
        spare = spawner.spare
        assert spare is not None and spare.popen.poll() is None
        assert spawner._ready(spare)  # booted: NumPy imported before any lesson is handed over
        started = time.monotonic()
        second = sandbox.worker(SOLUTIONS, "lesson01_vectors")
        reply, _ = second.request(import_request(), 60.0)
        assert reply.get("ok") is True, reply
        assert second.pid == spare.pid
        assert time.monotonic() - started < 5.0
        first.close()
        second.close()
        assert first.status is not None and first.status.killed


def test_a_spare_that_reads_its_lesson_at_once_is_not_taken_for_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    """A spare reads the whole hand-over and closes its end straight away; on a loaded
    machine it does so before the grader's next send. The grader once sent an empty rest
    anyway, took the broken pipe for a dead spare and killed a working worker (three in a
    row: "worker processes die as soon as they start")."""
    real_send_fds = socket.send_fds

    def send_then_peer_closes(sock: socket.socket, buffers: list[bytes], fds: list[int]) -> int:
        sent = real_send_fds(sock, buffers, fds)
        time.sleep(0.3)  # the spare reads everything and closes its control end meanwhile
        return sent

    monkeypatch.setattr(portable.socket, "send_fds", send_then_peer_closes)
    with PortableSandbox(Limits()) as sandbox:
        worker = sandbox.worker(SOLUTIONS, "lesson01_vectors")
        reply, _ = worker.request(import_request(), 60.0)
        assert reply.get("ok") is True, reply
        worker.close()
        assert worker.status is not None and worker.status.killed  # by close(), not before


def test_a_killed_spare_is_replaced() -> None:
    with PortableSandbox(Limits()) as sandbox:
        spawner = sandbox.zygote()
        assert isinstance(spawner, Spawner)
        deadline = time.monotonic() + 30
        while spawner.spare is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert spawner.spare is not None
        os.kill(spawner.spare.pid, getattr(signal, "SIGKILL", signal.SIGTERM))  # as learner code may do
        worker = sandbox.worker(SOLUTIONS, "lesson01_vectors")
        reply, _ = worker.request(import_request(), 60.0)
        assert reply.get("ok") is True
        worker.close()


def test_grade_imports_and_grades_with_resource_fcntl_and_fork_missing(course: Path, tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE.format(blocker=BLOCKER), encoding="utf-8")
    env = {"PYTHONPATH": str(hooks), "GRADE_RUNNER": ""}  # no runner asked for: the platform's
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                     for p in (ROOT / "grader").rglob("*.py"))
    probe = ("import importlib, os, sys; assert not hasattr(os, 'fork'); "
             "assert sys.modules['resource'] is None; "
             f"[importlib.import_module(m) for m in {modules!r}]; "
             "from grader.sandbox import platform; print(platform.runner_wanted())")
    done = subprocess.run([sys.executable, "-c", probe], cwd=course, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "portable"

    solved = _grade("lesson01", "--format", "json", "--no-record", "--no-report", cwd=course, env=env)
    assert solved.returncode == 0, solved.stderr
    result = json.loads(solved.stdout)
    assert {e["status"] for e in result["exercises"]} == {"passed"}
    assert result["confinement"] == "plain"
    stub = _grade("lesson01", "--workspace", "stubs", "--format", "json", "--no-record", "--no-report",
                  cwd=course, env=env)
    assert {e["status"] for e in json.loads(stub.stdout)["exercises"]} == {"not_started"}
    wrong = course / "wrong"
    wrong.mkdir()
    source = (SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8")
    (wrong / "lesson01_vectors.py").write_text(
        source + "\n\ndef dot(a, b):\n    return sum(x * y for x, y in zip(a[:-1], b[:-1]))\n"
                 "\n\ndef outer(a, b):\n    while True:\n        pass\n"
                 "\n\ndef hadamard(a, b):\n    import os\n    os._exit(3)\n", encoding="utf-8")
    done = _grade("lesson01", "--workspace", "wrong", "--format", "json", "--no-record", "--no-report",
                  "--timeout-scale", "0.2", cwd=course, env=env)
    exercises = {e["name"]: e for e in json.loads(done.stdout)["exercises"]}
    assert {name: e["status"] for name, e in exercises.items()} == \
        {"dot": "failed", "outer": "timeout", "hadamard": "error", "matmul": "passed"}
    said = " ".join(m for e in exercises.values() for m in e["messages"])
    assert "exited the process (os._exit(3)" in said  # not taken for a CPU or file-size limit
    assert "CPU time" not in said and "larger than" not in said


def test_the_windows_hand_over_grades_and_holds_its_limits_on_linux(tmp_path: Path) -> None:
    """Windows' way of handing a lesson over (a loopback connection with a token, output
    relayed from the worker's stdout) runs on Linux too: the course grades through it,
    and an endless loop, megabytes of output, an exit and a segfault get their verdicts."""
    from grader import api

    solved = tmp_path / "solved"
    shutil.copytree(SOLUTIONS, solved, ignore=shutil.ignore_patterns("__pycache__"))
    source = (SOLUTIONS / "lesson01_vectors.py").read_text(encoding="utf-8")
    (solved / "lesson01_vectors.py").write_text(source + '\nprint("hello from the lesson")\n', encoding="utf-8")
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "lesson01_vectors.py").write_text(source + textwrap.dedent("""

        def dot(a, b):
            while True:
                pass


        def outer(a, b):
            print("x" * (8 * 1024 * 1024))


        def hadamard(a, b):
            import os
            os._exit(3)


        def matmul(A, B):
            import ctypes
            return ctypes.string_at(0)
        """), encoding="utf-8")
    with PortableSandbox(Limits(), sockets=True) as sandbox:
        run = api.grade(["lesson01", "lesson02"], solved, sandbox=sandbox)
        assert run.score == run.max_score
        assert run.lessons[0].output.startswith("hello from the lesson")  # READY is not learner output
        result = api.grade(["lesson01"], hostile, sandbox=sandbox, overrides={"timeout": 1.5}).lessons[0]
    said = {e.name: " ".join(e.messages("en")) for e in result.exercises}
    assert {e.name: e.outcome.value for e in result.exercises} == \
        {"dot": "timeout", "outer": "error", "hadamard": "error", "matmul": "error"}, said
    assert "printed more than 1 MiB" in said["outer"]
    assert "os._exit(3)" in said["hadamard"]
    if sys.platform != "win32":  # on Windows, ctypes turns the access violation into an OSError
        assert "SIGSEGV" in said["matmul"]


def test_a_connection_without_the_token_is_refused() -> None:
    with PortableSandbox(Limits(), sockets=True) as sandbox:
        spawner = sandbox.zygote()
        assert isinstance(spawner, Spawner)
        deadline = time.monotonic() + 30
        while spawner.spare is None and time.monotonic() < deadline:
            time.sleep(0.05)
        spare = spawner.spare
        assert spare is not None
        with socket.create_server(("127.0.0.1", 0)) as listener:
            intruder = socket.create_connection(listener.getsockname())
            intruder.sendall(b"0" * 32)
            started = time.monotonic()
            spare.started = time.monotonic() - portable._READY_TIMEOUT + 1.0  # give up after 1 s
            assert portable._accept(listener, "f" * 32, spare) is None
            assert time.monotonic() - started < 5
            intruder.close()


def test_windows_crash_codes_are_named_as_signals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portable, "WINDOWS", True)
    assert portable._status(0xC0000005, None).signal == signal.SIGSEGV
    assert portable._status(3, None).code == 3
    monkeypatch.setattr(portable, "WINDOWS", False)
    assert portable._status(-signal.SIGSEGV, 0.1).signal == signal.SIGSEGV


def test_no_job_object_is_pretended_off_windows() -> None:
    if sys.platform != "win32":
        assert winjob.confine(0, 1 << 30) is None
    assert portable.protection()["memory_limit"] == ("RLIMIT_AS" if sys.platform.startswith("linux") else
                                                     "job object" if sys.platform == "win32" else "none")


def test_the_fork_runner_is_unchanged_where_it_runs() -> None:
    if platform.runner_wanted() != "fork":
        pytest.skip("the fork runner is Linux's")
    with new_sandbox(Limits()) as sandbox:
        assert type(sandbox) is Sandbox


@pytest.mark.skipif(sys.maxsize < 2**32, reason="the sizes are those of 64-bit Windows")
def test_the_job_object_structures_have_windows_sizes() -> None:
    """Windows cannot be run here, but the structures ``winjob`` hands to it can be laid
    out: on 64-bit Windows JOBOBJECT_EXTENDED_LIMIT_INFORMATION is 144 bytes and
    PROCESS_MEMORY_COUNTERS 72 (the same alignment rules hold on 64-bit Linux)."""
    import ctypes

    assert ctypes.sizeof(winjob._BasicLimits) == 64
    assert ctypes.sizeof(winjob._IoCounters) == 48
    assert ctypes.sizeof(winjob._ExtendedLimits) == 144
    assert ctypes.sizeof(winjob._MemoryCounters) == 72
