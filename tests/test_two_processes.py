"""A run's lessons graded by two processes (``grader.two_processes``) say what one says.

The split is for speed only: the same workers, confinement and checks, only another
grading process asking. Checked here: a course with typical mistakes graded as a learner
runs it gives the same document split or not, and the split really happened (each
process's workers on its own CPU); what the second process hears reaches the listeners;
and lessons it took but never sent back are graded by the first, the run unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SOLUTIONS
from typical_mistakes import course_with_mistakes, environment, grade

from grader import api, two_processes
from grader.course import Exercise, Lesson
from grader.events import Listener
from grader.model import RunResult
from grader.sandbox import placement

CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
pytestmark = pytest.mark.skipif(len(CPUS) < 2 or not sys.platform.startswith("linux"),
                                reason="two grading processes need Linux and two CPUs")

_SAYS_ITS_CPUS = "\nimport os as _os\nprint('CPUS', sorted(_os.sched_getaffinity(0)))\n"


def _without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in ("duration", "output")}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def _cpus_printed(document: dict[str, Any]) -> set[tuple[int, ...]]:
    found = set()
    for lesson in document["lessons"]:
        for line in lesson["output"].splitlines():
            if line.startswith("CPUS "):
                found.add(tuple(json.loads(line[5:])))
    return found


def test_a_course_graded_by_two_processes_reads_as_graded_by_one(tmp_path: Path) -> None:
    """``grade all --format json`` in a course with typical mistakes (lessons 04 and 10), each
    lesson file printing its worker's CPUs: split over two processes by default, and in one
    with ``GRADE_PLACEMENT=off``, the documents are the same but for times and output."""
    course = course_with_mistakes(tmp_path)
    for lesson in sorted((course / "exercises").glob("lesson*.py")):
        with open(lesson, "a", encoding="utf-8") as f:
            f.write(_SAYS_ITS_CPUS)
    args = ("all", "--format", "json", "--no-record", "--no-report")
    split = grade(*args, cwd=course)
    assert split.returncode == 1 and "Traceback" not in split.stderr, split.stderr
    one = __import__("subprocess").run([str(Path(sys.executable).with_name("grade")), *args], cwd=course,
                                       env=environment("en", GRADE_PLACEMENT="off"), capture_output=True,
                                       text=True, timeout=300)
    assert one.returncode == 1, one.stderr
    split_doc, one_doc = json.loads(split.stdout), json.loads(one.stdout)
    assert _without_times(split_doc) == _without_times(one_doc)
    assert len(_cpus_printed(split_doc)) == 2, "both processes' workers, each on its own CPU"
    assert _cpus_printed(one_doc) == {tuple(CPUS)}


class _Heard(Listener):
    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []

    def exercise_started(self, lesson: Lesson, exercise: Exercise) -> None:
        self.events.append(("started", lesson.id, exercise.name))

    def exercise_done(self, lesson: Lesson, exercise: Exercise) -> None:
        self.events.append(("done", lesson.id, exercise.name))


def _workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    for path in SOLUTIONS.glob("lesson0[1-6]*.py"):
        shutil.copy(path, ws / path.name)
    text = (ws / "lesson02_norms.py").read_text(encoding="utf-8")
    (ws / "lesson02_norms.py").write_text(text + "\n\ndef l2_norm(x):\n    return 0.0\n", encoding="utf-8")
    return ws


def _outcomes(run: RunResult) -> list[Any]:
    """Every exercise's verdict, score and messages, in both languages."""
    return [(lesson.lesson, e.name, e.outcome.value, e.score, e.messages("en"), e.messages("zh"))
            for lesson in run.lessons for e in lesson.exercises]


def _grade(ws: Path) -> tuple[RunResult, _Heard]:
    heard = _Heard()
    lessons = [f"lesson0{n}" for n in range(1, 7)]
    run = api.grade(lessons, ws, seed=7, require_file=False, listeners=[heard])
    return run, heard


@pytest.fixture()
def placed(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test process as ``grade`` places itself (without moving it): a second grading
    process is then wanted."""
    chosen = placement.Placement(frozenset({CPUS[0]}), frozenset(CPUS[1:]))
    monkeypatch.setattr(placement, "taken", lambda: chosen)


def test_the_second_process_grades_and_is_heard(tmp_path: Path, placed: None, monkeypatch) -> None:
    ws = _workspace(tmp_path)
    seconds: list[int] = []
    real = two_processes.Split.start

    def start(self: two_processes.Split) -> bool:
        started = real(self)
        seconds.append(self.pid or 0)
        return started

    monkeypatch.setattr(two_processes.Split, "start", start)
    split_run, split_heard = _grade(ws)
    assert seconds and seconds[0] > 0, "the run was not split"
    monkeypatch.setattr(two_processes, "wanted", lambda *a: False)
    one_run, one_heard = _grade(ws)
    assert _outcomes(split_run) == _outcomes(one_run)
    assert sorted(split_heard.events) == sorted(one_heard.events) and len(one_heard.events) > 20


def test_lessons_the_second_process_took_and_never_sent_are_graded_here(tmp_path: Path, placed: None,
                                                                         monkeypatch) -> None:
    """The second process takes one lesson from the queue and dies: the first grades that
    lesson too, the run is the same, and the death is counted (a batch then grades the
    submission again one lesson at a time)."""
    ws = _workspace(tmp_path)
    deaths: list[int] = []

    def dies(self: two_processes.Split, sock: Any, channel: Any, cpus: Any) -> None:
        self._take()
        os._exit(3)

    real_finish = two_processes.Split.finish

    def finish(self: two_processes.Split) -> None:
        real_finish(self)
        deaths.append(self.deaths)

    monkeypatch.setattr(two_processes.Split, "_second", dies)
    monkeypatch.setattr(two_processes.Split, "finish", finish)
    split_run, split_heard = _grade(ws)
    assert deaths == [1]
    monkeypatch.setattr(two_processes, "wanted", lambda *a: False)
    one_run, one_heard = _grade(ws)
    assert _outcomes(split_run) == _outcomes(one_run)
    assert sorted(split_heard.events) == sorted(one_heard.events)


def test_one_lesson_at_a_time_is_not_split(placed: None) -> None:
    """``--jobs 1`` grades lessons one after another, in one process, as asked."""
    assert api._second_process([], lambda lesson, sink: None, None, Listener(), None, 1) is None  # type: ignore[arg-type]


def test_a_worker_holds_no_channel_to_the_zygote(tmp_path: Path) -> None:
    """With a second control channel open (as for a second grading process), a worker
    forked afterwards, on either channel, holds neither: learner code cannot ask the
    zygote for anything."""
    from grader.sandbox import sources
    from grader.sandbox.runner import Sandbox

    ws = tmp_path / "ws"
    ws.mkdir()
    text = ("import os, socket\n"
            "def probe():\n"
            "    found = 0\n"
            "    for name in os.listdir('/proc/self/fd'):\n"
            "        try:\n"
            "            s = socket.socket(fileno=os.dup(int(name)))\n"
            "        except OSError:\n"
            "            continue\n"
            "        found += s.type == socket.SOCK_SEQPACKET\n"
            "        s.close()\n"
            "    return found\n")
    (ws / "lesson01_vectors.py").write_text(text, encoding="utf-8")
    given = sources.encode({"lesson01_vectors": (str(ws / "lesson01_vectors.py"), text.encode())})
    call = {"op": "call", "func": "probe", "args": [], "kwargs": {"$t": "dict", "items": []}}
    with Sandbox() as sandbox:
        channel = sandbox.share_with_fork()
        try:
            seen = []
            for _ in range(2):
                worker = sandbox.worker(ws, "lesson01_vectors")
                worker.request({"op": "import", "sources": given}, 30)
                reply, _ = worker.request(call, 30)
                worker.close()
                seen.append(reply["value"])
                sandbox.zygote()._sock, channel = channel, sandbox.zygote()._sock  # the other channel next
        finally:
            channel.close()
    assert seen == [0, 0]


def test_grade_all_on_the_solutions_prints_one_json_document_from_the_project_folder() -> None:
    """`grade all --workspace solutions --format json`, typed in the project's folder with
    default options (two grading processes, lesson 12's training included): stdout is one
    JSON document and nothing else, and every lesson is complete."""
    import subprocess

    root = SOLUTIONS.parent
    grade_command = Path(sys.executable).with_name("grade")
    for _ in range(3):  # the split's processes race: a stray write would not show every time
        done = subprocess.run([str(grade_command), "all", "--workspace", "solutions", "--format", "json"],
                              cwd=root, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""  # stdout and stderr merged (2>&1) are the one document too

        def not_json(constant: str) -> None:
            raise ValueError(f"{constant} is not JSON")  # Python's json accepts NaN; JSON does not

        document, end = json.JSONDecoder(parse_constant=not_json).raw_decode(done.stdout)
        assert done.stdout[end:].strip() == ""
        assert document["score"] == document["max_score"] == 70.0
        assert [lesson["passed"] for lesson in document["lessons"]] == [True] * 12
