"""The hostile corpus: submissions that attack the grader, each with the verdict it must get.

Each ``tests/hostile/<case>.py`` is appended to the reference of its lesson (so a later
``def`` replaces one function, and top-level code runs at import) and graded in a copy of
the reference workspace. The header says, exercise by exercise, what the grader must say:

    # lesson: lesson01
    # expect: dot=timeout, outer=passed, hadamard=passed, matmul=passed
    # feedback: dot=timed out after 1.5 s in dot          (one line per exercise)
    # limits: timeout=1.5, memory=256MiB                  (overrides for this case)
    # score: dot=0.5                                      (partial credit a check earned
    #                                                      honestly, e.g. raising ValueError)
    # gone: 987.6543                                      (no process with this argument
    #                                                      may survive grading)
    # modes: isolated                                     (only with namespaces: a case
    #                                                      unsafe to run without them;
    #                                                      "forked": not with the portable
    #                                                      runner, which does not protect it)
    # base: stub                                          (the lesson file is the untouched
    #                                                      stub, the case's text not added)

A case that defines ``plant(workspace, solutions)`` has it called before grading, to lay
files beside the lesson file (a ``__pycache__`` of compiled solutions, a package folder
named like the lesson, a helper module): the attacks on what runs, not on how it runs.

A case whose verdict depends on the sandbox's confinement writes ``expect-isolated`` and
``expect-plain`` (and ``feedback-...``, ``score-...``) instead: it is graded with Linux
namespaces when the system allows them, and without. Every case also checks that an
exercise that did not pass scores nothing (unless ``score`` says which honest partial
credit it keeps), and that grading took no longer than the sum of its time limits plus
two seconds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sysconfig
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXERCISES, SOLUTIONS, copy_solutions, statuses

from grader import api
from grader.course import Lesson, load_course
from grader.reference import reference_dir
from grader.sandbox.limits import Limits
from grader.sandbox.portable import PortableSandbox
from grader.sandbox.runner import Sandbox, start_zygote_early

HOSTILE = Path(__file__).resolve().parent / "hostile"
COURSE = load_course()


def _mode_available(mode: str) -> bool:
    """Whether the sandbox really uses ``mode`` when forced to (``GRADE_CONFINEMENT``).

    ``portable`` is the portable runner (``GRADE_RUNNER=portable``), which is plain: it
    works everywhere."""
    if mode.startswith("portable"):
        return True
    with Sandbox(Limits(confinement=mode)) as sandbox:
        info = sandbox.confinement()
    if info.get("mode") != mode:
        return False
    if mode in ("namespaces", "user-namespaces"):
        return bool(info.get("read_only") and info.get("capabilities_dropped"))
    return True


def _modes_here() -> list[str]:
    """Every mode this machine allows. As root, user namespaces and Landlock are left to
    ``test_unprivileged.py``, which runs this corpus as an ordinary user in those modes.
    ``GRADE_HOSTILE_MODES`` (comma-separated) chooses others."""
    names = ["namespaces", "user-namespaces", "landlock", "plain", "portable", "portable-sockets"]
    chosen = os.environ.get("GRADE_HOSTILE_MODES", "")
    if chosen:
        names = [m for m in names if m in chosen.split(",")]
    elif os.geteuid() == 0 and shutil.which("runuser") and shutil.which("useradd"):
        names = ["namespaces", "plain", "portable", "portable-sockets"]
    return [mode for mode in names if _mode_available(mode)]


MODES = _modes_here()
ISOLATION = "namespaces" in MODES
# The headers' names: "isolated" is a sandbox in namespaces (as root, or in a user namespace).
# "confined" is any mode but plain. A header's most specific name wins.
# "forked" is any mode of the fork runner (a zygote as the workers' parent and subreaper);
# "portable" is the portable runner, graded as plain.
HEADER_NAMES = {"namespaces": ("namespaces", "isolated", "confined", "forked"),
                "user-namespaces": ("user-namespaces", "isolated", "confined", "forked"),
                "landlock": ("landlock", "confined", "forked"), "plain": ("plain", "forked"),
                "portable": ("portable", "plain"),
                "portable-sockets": ("portable-sockets", "portable", "plain")}
# The portable runner's Windows hand-over (a loopback connection, relayed output) runs on
# Linux too: these cases, which attack the connection, the output and the process, go
# through it as well ("portable-sockets"); the rest would only repeat "portable".
SOCKET_CASES = {"loop_forever", "loop_at_import", "print_megabytes", "print_forever", "allocate_without_bound",
                "close_grader_socket", "garble_grader_socket", "close_standard_streams", "os_exit",
                "sys_exit", "segfault_ctypes", "kill_self", "huge_and_nested_values", "forge_encoded_values"}


class Case:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.stem
        self.header: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("# ") or ":" not in line:
                break
            key, _, value = line[2:].partition(":")
            if key.strip().replace("-", "").isalpha():
                self.header.setdefault(key.strip(), []).append(value.strip())

    @property
    def split(self) -> bool:
        return any(k.endswith(tuple(f"-{n}" for names in HEADER_NAMES.values() for n in names)) for k in self.header)

    def get(self, key: str, mode: str) -> list[str]:
        if not self.split:
            return self.header.get(key, [])
        for name in HEADER_NAMES[mode]:
            if f"{key}-{name}" in self.header:
                return self.header[f"{key}-{name}"]
        return []

    def allows(self, mode: str) -> bool:
        """``modes: isolated`` or ``confined`` keeps a case too dangerous to run without
        namespaces, or without any confinement, to those modes."""
        if not self.header.get("modes"):
            return True
        allowed = {m.strip() for m in self.header["modes"][0].split(",")}
        return any(name in allowed for name in HEADER_NAMES[mode])

    @property
    def modes(self) -> list[str]:
        """Every mode this machine allows that the case allows."""
        return [m for m in MODES if self.allows(m) and (m != "portable-sockets" or self.name in SOCKET_CASES)]

    def expect(self, mode: str) -> dict[str, str]:
        (line,) = self.get("expect", mode)
        return dict(item.strip().split("=", 1) for item in line.split(","))

    def scores(self, mode: str) -> dict[str, float]:
        found: dict[str, float] = {}
        for line in self.get("score", mode):
            for item in line.split(","):
                key, _, value = item.partition("=")
                found[key.strip()] = float(value)
        return found

    def feedback(self, mode: str) -> list[tuple[str, str]]:
        return [tuple(item.split("=", 1)) for item in self.get("feedback", mode)]  # type: ignore[misc]

    def limits(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for line in self.header.get("limits", []):
            for item in line.split(","):
                key, _, value = item.partition("=")
                found[key.strip()] = value.strip()
        return found


def _environment_state() -> str:
    """Every file of the grader's site-packages by name, size and modification time: a
    planted ``.pth`` file, or a changed one, shows (test_unprivileged.py compares contents)."""
    digest = hashlib.sha256()
    for folder in sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}):
        for path in sorted(Path(folder).rglob("*")):
            if "__pycache__" in path.parts:
                continue
            stat = path.lstat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


ENVIRONMENT = _environment_state()
CASES = [Case(p) for p in sorted(HOSTILE.glob("*.py"))]
PARAMS = [pytest.param(case, mode, id=f"{case.name}[{mode}]") for case in CASES for mode in case.modes]
# The ``grade`` command starts its zygote before it knows the zygote's options, and tells
# it them later (``runner.start_zygote_early``): the attacks on what the zygote covers,
# which files and processes it leaves in reach, run through that path too.
EARLY_CASES = {"read_reference", "read_packaged_reference", "import_reference", "read_project_files",
               "reference_linked_as_lesson", "kill_sandbox_parent", "kill_every_process", "network",
               "plant_in_grader", "patch_grader_modules", "child_outlives_worker"}
EARLY_PARAMS = [pytest.param(case, mode, id=f"{case.name}[{mode}]") for case in CASES if case.name in EARLY_CASES
                for mode in case.modes if not mode.startswith("portable")]


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts and drops connections; yields its port."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                conn.close()
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


def processes_with_argument(argument: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                args = handle.read().split(b"\0")
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if argument.encode() in args and state != "Z":
            found.append(int(entry))
    return found


def prepare(case: Case, lesson: Lesson, workspace: Path, hostile: str) -> None:
    """Lay out the case's workspace: its lesson file, then whatever ``plant`` puts beside it."""
    if case.header.get("base") == ["stub"]:
        shutil.copy(EXERCISES / lesson.file, workspace / lesson.file)
    else:
        reference = (SOLUTIONS / lesson.file).read_text(encoding="utf-8")
        (workspace / lesson.file).write_text(f"{reference}\n\n# --- {case.name} ---\n{hostile}",
                                             encoding="utf-8")
    namespace: dict[str, object] = {"__name__": f"hostile_{case.name}"}
    if "def plant(" in hostile:
        exec(compile(hostile, str(case.path), "exec"), namespace)
        namespace["plant"](workspace, SOLUTIONS)  # type: ignore[operator]


@pytest.mark.parametrize(("case", "mode"), PARAMS)
def test_hostile_submission(case: Case, mode: str, tmp_path: Path, listener: int,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    _grade_hostile(case, mode, tmp_path, listener, monkeypatch, early=False)


@pytest.mark.parametrize(("case", "mode"), EARLY_PARAMS)
def test_hostile_submission_through_a_zygote_started_early(case: Case, mode: str, tmp_path: Path, listener: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _grade_hostile(case, mode, tmp_path, listener, monkeypatch, early=True)


def test_the_early_cases_exist() -> None:
    assert {case.name for case in CASES} >= EARLY_CASES
    assert EARLY_PARAMS, "no mode of the fork runner here"


def _grade_hostile(case: Case, mode: str, tmp_path: Path, listener: int, monkeypatch: pytest.MonkeyPatch,
                   early: bool) -> None:
    lesson = COURSE.lesson(case.header["lesson"][0])
    workspace = copy_solutions(tmp_path / "ws")
    hostile = (case.path.read_text(encoding="utf-8")
               .replace("@@REFERENCE@@", str(reference_dir()))
               .replace("@@WORKSPACE@@", str(workspace))
               .replace("@@PORT@@", str(listener)))
    prepare(case, lesson, workspace, hostile)
    if mode.startswith("portable"):
        monkeypatch.setenv("GRADE_RUNNER", "portable")
    overrides: dict[str, object] = {**case.limits(), "confinement": "plain" if mode.startswith("portable") else mode}
    limits = api.lesson_limits(lesson, None, overrides)
    budget = sum(limits.wall(e.timeout) for e in lesson.exercises)

    started = time.monotonic()
    if mode == "portable-sockets":
        with PortableSandbox(Limits(), sockets=True) as sandbox:
            result = api.grade_lesson(lesson.id, workspace, overrides=overrides, sandbox=sandbox)
    elif early:
        with api.open_sandbox(workspace, overrides=overrides, early=start_zygote_early()) as sandbox:
            assert sandbox.confinement()["mode"] == mode
            result = api.grade_lesson(lesson.id, workspace, overrides=overrides, sandbox=sandbox)
    else:
        result = api.grade_lesson(lesson.id, workspace, overrides=overrides)
    elapsed = time.monotonic() - started

    messages = {e.name: "\n".join(e.messages("en")) for e in result.exercises}
    assert statuses(result) == case.expect(mode), messages
    for name, phrase in case.feedback(mode):
        assert phrase.lower() in messages[name].lower(), f"{name}: no {phrase!r} in:\n{messages[name]}"
    partial = case.scores(mode)
    for exercise in result.exercises:
        if exercise.outcome.value == "passed":
            assert exercise.score == exercise.max_score
        else:
            allowed = partial.get(exercise.name, 0.0)
            assert exercise.score == pytest.approx(allowed), \
                f"{exercise.name} scored {exercise.score} without passing"
    assert elapsed <= budget + 2.0, f"took {elapsed:.1f} s for time limits summing to {budget} s"
    for argument in case.header.get("gone", []):
        deadline = time.monotonic() + 2.0
        while processes_with_argument(argument) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_with_argument(argument) == [], f"a process with {argument} survived"


def test_the_grader_environment_is_unchanged_after_the_corpus() -> None:
    assert _environment_state() == ENVIRONMENT


def test_every_case_is_documented() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "security.md").read_text(encoding="utf-8")
    missing = [case.name for case in CASES if f"| `{case.name}` |" not in text]
    assert missing == [], "add these cases to the table in docs/security.md"


def test_every_case_declares_every_exercise() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        lesson = COURSE.lesson(case.header["lesson"][0])
        for mode in HEADER_NAMES:
            if case.allows(mode):
                assert set(case.expect(mode)) == {e.name for e in lesson.exercises}, (case.name, mode)
