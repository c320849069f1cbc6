"""grade batch --executor dask: a class graded on a real Dask cluster gives the local gradebook.

The cluster is ``distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1)``,
started in a process of its own; ``grade batch`` runs as an instructor runs it, from the
class folder, with relative paths, once with the local executor and once with Dask.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install '.[cluster]')")

sys.path.insert(0, str(ROOT / "bench"))
import make_class

GRADE = str(Path(sys.executable).with_name("grade"))
LESSONS = ["--lesson", "lesson01", "--lesson", "lesson02"]
CLUSTER = """
import sys
from distributed import LocalCluster

if __name__ == "__main__":
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()  # until the test closes it
"""


CLUSTERS: dict[str, int] = {}


@contextlib.contextmanager
def local_cluster(folder: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """A LocalCluster of two worker processes, in a process group of its own (``CLUSTERS``
    maps its address to the group); yields its address."""
    (folder / "cluster.py").write_text(CLUSTER)
    process = subprocess.Popen([sys.executable, "cluster.py"], cwd=folder, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               start_new_session=True, env={**(env or os.environ), "TMPDIR": str(folder)})
    assert process.stdout is not None and process.stdin is not None
    try:
        address = process.stdout.readline().strip()
        assert address.startswith("tcp://"), "the LocalCluster did not start"
        CLUSTERS[address] = process.pid
        yield address
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with local_cluster(tmp_path_factory.mktemp("cluster")) as address:
        yield address


def grade(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GRADE, *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "GRADE_LANG": "en"})


def _without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k not in ("duration", "seconds", "elapsed")}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def test_a_class_graded_on_dask_gets_the_local_gradebook(tmp_path: Path, scheduler: str) -> None:
    manifest = make_class.generate(tmp_path / "submissions", students=6, seed=2)
    (tmp_path / "submissions" / "_manifest.json").unlink()
    local = grade("batch", "submissions", "--jobs", "2", *LESSONS, "--out", "local", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    started = time.monotonic()
    remote = grade("batch", "submissions", "--executor", "dask", "--scheduler", scheduler, *LESSONS, cwd=tmp_path)
    assert remote.returncode == 0, remote.stderr
    assert "6 submissions: 6 graded, 0 unchanged" in remote.stdout and "--executor dask, 2 workers" in remote.stdout
    assert time.monotonic() - started < 300
    assert _rows(tmp_path / "grades" / "gradebook.csv") == _rows(tmp_path / "local" / "gradebook.csv")
    kinds = {entry["kind"] for entry in manifest["students"].values()}
    assert len(kinds) > 1  # a class of several kinds, not six copies of one
    scores = set()
    for student in manifest["students"]:
        ours = json.loads((tmp_path / "grades" / f"{student}.json").read_text(encoding="utf-8"))
        theirs = json.loads((tmp_path / "local" / f"{student}.json").read_text(encoding="utf-8"))
        assert _without_timings(ours) == _without_timings(theirs)
        state = json.loads((tmp_path / "grades" / ".state" / "fingerprints" / f"{student}.json").read_text())
        assert state["status"] == "graded" and len(state["fingerprint"]) == 64
        scores.add(ours["score"])
    assert len(scores) > 1
    summary = json.loads((tmp_path / "grades" / "summary.json").read_text(encoding="utf-8"))
    assert summary["stats"]["graded"] == 6
    assert (tmp_path / "grades" / "class.html").is_file()
    # Again: every submission is reused by its fingerprint, as with the local executor.
    again = grade("batch", "submissions", "--executor", "dask", "--scheduler", scheduler, *LESSONS, cwd=tmp_path)
    assert again.returncode == 0 and "6 submissions: 0 graded, 6 unchanged" in again.stdout


def test_a_submission_that_kills_its_grading_process_on_a_dask_worker_is_that_students_crash(
        tmp_path: Path, scheduler: str) -> None:
    from test_classroom_batch import KILLS_ITS_GRADER, _class_with

    _class_with(tmp_path, KILLS_ITS_GRADER.replace("SIGNAL", "SIGKILL"))
    env_plain = {**os.environ, "GRADE_ISOLATION": "0", "GRADE_LANG": "en"}  # plain mode: the attack can reach it
    proc = subprocess.run([GRADE, "batch", "submissions", "--executor", "dask", "--scheduler", scheduler,
                           "--lesson", "lesson01", "--timeout-scale", "0.1"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600, env=env_plain)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    rows = {row[0]: row for row in _rows(tmp_path / "grades" / "gradebook.csv")[1:]}
    assert {name: row[-2] for name, row in rows.items()} == {
        "alice": "graded", "bob": "graded", "mallory": "crashed", "zoe": "graded"}
    assert float(rows["mallory"][1]) == 0 and "could not grade" in rows["mallory"][-1]
    assert "mallory: crashed" in proc.stdout


def test_dask_without_a_scheduler_is_refused(tmp_path: Path) -> None:
    (tmp_path / "submissions" / "alice").mkdir(parents=True)
    proc = grade("batch", "submissions", "--executor", "dask", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        "grade: error: --executor dask needs --scheduler ADDRESS, the Dask scheduler's address "
        "(e.g. tcp://10.0.0.5:8786)"]
    zh = grade("--lang", "zh", "batch", "submissions", "--executor", "dask", cwd=tmp_path)
    assert zh.returncode == 2 and "需要 --scheduler" in zh.stderr
    assert not (tmp_path / "grades").exists()


def test_an_unreachable_scheduler_is_one_line_and_nothing_is_lost(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "solutions", tmp_path / "submissions" / "alice",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "grades").mkdir()
    (tmp_path / "grades" / "alice.json").write_text("{}")  # an earlier batch's result: kept
    proc = grade("batch", "submissions", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("grade: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert sorted(p.name for p in (tmp_path / "grades").iterdir()) == ["alice.json"]
    assert (tmp_path / "grades" / "alice.json").read_text() == "{}"


def test_dask_not_installed_says_how_to_install_it(tmp_path: Path) -> None:
    (tmp_path / "submissions" / "alice").mkdir(parents=True)
    # The grade command of an environment without Dask: the same entry point, with distributed hidden.
    hide = "import sys; sys.modules['distributed'] = None; from grader.cli import main; sys.argv[0] = 'grade'; main()"
    proc = subprocess.run([sys.executable, "-c", hide, "batch", "submissions", "--executor", "dask",
                           "--scheduler", "tcp://127.0.0.1:9"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "GRADE_LANG": "en"})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "grade: error: --executor dask needs Dask, which is not installed: pip install 'dl-math-grader[cluster]'"]


def test_grade_does_not_import_dask() -> None:
    code = "import sys, grader.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_workers_that_run_another_grader_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(ROOT / "grader", other / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    with open(other / "grader" / "classroom" / "batch.py", "a") as stream:
        stream.write("# another grader\n")
    (tmp_path / "class" / "submissions" / "alice").mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "lesson01_vectors.py", tmp_path / "class" / "submissions" / "alice")
    with local_cluster(tmp_path, env={**os.environ, "PYTHONPATH": str(other)}) as address:
        proc = grade("batch", "submissions", "--executor", "dask", "--scheduler", address, "--lesson", "lesson01",
                     cwd=tmp_path / "class")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "runs another grader or other references" in lines[0], proc.stderr
    assert "install the same grader version on every worker" in lines[0]
    assert not (tmp_path / "class" / "grades" / "alice.json").exists()


def test_the_documented_cluster_commands_grade_a_class(tmp_path: Path) -> None:
    """docs/scale.md's commands, as written, from the class folder: a scheduler, workers, the batch."""
    import re
    import shlex

    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    block = re.search(r"^```bash\n(.*?)^```", text, re.S | re.M)
    assert block is not None
    commands = [line.strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands[-1] == "grade batch submissions --executor dask --scheduler scheduler.json"
    for student in ("alice", "bob"):  # one lesson each, so that the other eleven are graded as missing, quickly
        (tmp_path / "submissions" / student).mkdir(parents=True)
        shutil.copy(ROOT / "solutions" / "lesson01_vectors.py", tmp_path / "submissions" / student)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "GRADE_LANG": "en",
           "TMPDIR": str(tmp_path)}
    background = []
    try:
        for command in commands[:-1]:
            assert command.endswith(" &"), command
            background.append(subprocess.Popen(shlex.split(command[:-2]), cwd=tmp_path, env=env,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                               start_new_session=True))
        for _ in range(300):  # the scheduler writes its file once it listens
            if (tmp_path / "scheduler.json").is_file():
                break
            time.sleep(0.1)
        proc = subprocess.run(shlex.split(commands[-1]), cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=600)
    finally:
        for process in reversed(background):
            os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(background):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 submissions: 2 graded" in proc.stdout and "--executor dask, " in proc.stdout
    rows = {row[0]: row for row in _rows(tmp_path / "grades" / "gradebook.csv")[1:]}
    assert set(rows) == {"alice", "bob"} and rows["alice"][1] == "4"  # lesson01 solved: all its points


def test_a_lost_scheduler_stops_the_batch_and_keeps_what_was_graded(tmp_path: Path) -> None:
    from test_classroom_batch import KILLS_ITS_GRADER, _class_with

    # mallory freezes her grading process (plain mode lets her reach it): her task outlasts the
    # scheduler, which is killed once the others are recorded.
    _class_with(tmp_path, KILLS_ITS_GRADER.replace("SIGNAL", "SIGSTOP"))
    env = {**os.environ, "GRADE_ISOLATION": "0", "GRADE_LANG": "en"}
    fingerprints = tmp_path / "grades" / ".state" / "fingerprints"
    cluster_folder = tmp_path / "cluster"
    cluster_folder.mkdir()
    with local_cluster(cluster_folder) as address:
        batch = subprocess.Popen([GRADE, "batch", "submissions", "--executor", "dask", "--scheduler", address,
                                  "--lesson", "lesson01", "--timeout-scale", "0.1"], cwd=tmp_path, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(1200):
            if batch.poll() is not None or (fingerprints.is_dir() and len(list(fingerprints.iterdir())) == 3):
                break
            time.sleep(0.1)
        os.killpg(CLUSTERS[address], signal.SIGKILL)  # the scheduler and its workers, at once
        stdout, stderr = batch.communicate(timeout=120)
    assert batch.returncode == 2, stdout + stderr
    # Plain mode's warning, then the one line that says it:
    assert stderr.strip().splitlines()[-1].startswith("grade: error: lost the Dask scheduler"), stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 2, stderr
    assert sorted(p.name for p in fingerprints.iterdir()) == ["alice.json", "bob.json", "zoe.json"]
    shutil.rmtree(tmp_path / "submissions" / "mallory")
    again = grade("batch", "submissions", "--lesson", "lesson01", "--timeout-scale", "0.1", cwd=tmp_path)
    assert again.returncode == 0 and "3 submissions: 0 graded, 3 unchanged" in again.stdout, again.stdout



def test_a_submission_whose_dask_workers_all_died_is_that_students_crash_never_a_pass(tmp_path: Path) -> None:
    # The scheduler gives a task whose worker died to another (up to its allowed-failures), then
    # gives up with KilledWorker: the batch reports it as that submission's error.
    from distributed import KilledWorker

    from grader.classroom import batch, dask_executor

    class Died:
        def result(self) -> Any:
            raise KilledWorker("grade-0", "tcp://127.0.0.1:1", 3)

    executor = object.__new__(dask_executor.DaskExecutor)
    executor.scheduler = "tcp://127.0.0.1:1"
    folder = tmp_path / "submissions" / "alice"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "lesson01_vectors.py", folder)
    result = executor._result(Died(), batch.Submission("alice", folder, folder), "f" * 64,
                              batch.selected_lessons(["lesson01"]), tmp_path / "grades", 60.0)
    assert result.status == "crashed" and result.run.score == 0 and not result.run.passed
    assert "the Dask workers grading it died" in result.note and "could not grade" in result.note
