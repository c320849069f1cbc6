"""Where a grading process and its sandbox run (``grader.sandbox.placement``).

Placing is for speed only; what is checked here is that it happens as documented, that
learner code runs on the sandbox's CPUs and not the judge's, and that it can be switched
off. The judge is placed in processes of its own, never in the test process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SOLUTIONS
from typical_mistakes import GRADE, environment

from grader.classroom import batch
from grader.sandbox.placement import Placement, plan

CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
needs_two = pytest.mark.skipif(len(CPUS) < 2 or not sys.platform.startswith("linux"),
                               reason="placing needs Linux and two CPUs to choose from")


def _placed(judge: set[int], sandbox: set[int]) -> Placement:
    return Placement(frozenset(judge), frozenset(sandbox))


@pytest.mark.parametrize("cpus, jobs, job, here, expected", [
    ({0, 1}, 1, 0, None, _placed({0}, {1})),
    ({0, 1}, 1, 0, 1, _placed({1}, {0})),           # the judge stays where it runs
    ({0, 1, 2, 3}, 1, 0, 2, _placed({2}, {0, 1, 3})),
    ({0, 1, 2, 3}, 1, 0, 9, _placed({0}, {1, 2, 3})),  # not a usable CPU: the first
    ({0, 1, 2, 3}, 2, 0, 3, _placed({0}, {2})),     # job 0's share is 0 and 2
    ({0, 1, 2, 3}, 2, 1, None, _placed({1}, {3})),
    ({0, 1}, 2, 1, None, _placed({1}, {1})),        # a share of one CPU holds both
    ({0, 1}, 3, 2, None, _placed({0}, {0})),        # more jobs than CPUs: they share
    ({4, 7}, 1, 0, None, _placed({4}, {7})),
    ({5}, 1, 0, None, None),                        # nothing to choose
    ({0, 1}, 2, 2, None, None),                     # no such job
    ({0, 1}, 0, 0, None, None),
])
def test_the_plan_deals_the_cpus_out(cpus, jobs, job, here, expected) -> None:
    assert plan(frozenset(cpus), jobs, job, here) == expected


@pytest.mark.parametrize("text, slot", [("0/2", (0, 2)), ("1/2", (1, 2)), ("3/4", (3, 4)), ("2/2", None),
                                        ("-1/2", None), ("1", None), ("a/b", None), (None, None), ("0/0", None)])
def test_a_job_slot_is_read_only_when_sane(text, slot) -> None:
    assert batch.job_slot(text) == slot


_REPORT = ("import atexit, os, sys\n"
           "atexit.register(lambda: sys.stderr.write('JUDGE %s\\n' % sorted(os.sched_getaffinity(0))))\n"
           "from grader.cli.launch import main\nsys.argv[0] = 'grade'\nmain()\n")
_LEARNER_SAYS = "\nimport os as _os\nprint('LEARNER', sorted(_os.sched_getaffinity(0)))\n"


def _workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "exercises"
    ws.mkdir()
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", ws / "lesson01_vectors.py")
    with open(ws / "lesson01_vectors.py", "a", encoding="utf-8") as f:
        f.write(_LEARNER_SAYS)
    return ws


def _cpus(tag: str, text: str) -> list[int]:
    line = next(line for line in text.splitlines() if tag in line)
    return json.loads(line[line.index("["):line.index("]") + 1])


@needs_two
def test_learner_code_runs_on_the_sandboxs_cpus_and_the_judge_on_its_own(tmp_path: Path) -> None:
    """``grade lesson01`` run as a learner runs it: the learner's module, printing its CPUs
    at import, sees every usable CPU but the judge's, and the passing verdict is unchanged."""
    _workspace(tmp_path)
    proc = subprocess.run([sys.executable, "-c", _REPORT, "lesson01", "--verbose", "--no-record", "--no-report"],
                          cwd=tmp_path, env=environment("en"), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4/4 exercises passed" in proc.stdout
    judge, learner = _cpus("JUDGE", proc.stderr), _cpus("LEARNER", proc.stdout)
    assert len(judge) == 1 and judge[0] in CPUS
    assert learner == [c for c in CPUS if c != judge[0]]


@needs_two
def test_placing_can_be_switched_off(tmp_path: Path) -> None:
    """``GRADE_PLACEMENT=off``: the grader and learner code keep every CPU they were given."""
    _workspace(tmp_path)
    proc = subprocess.run([GRADE, "lesson01", "--verbose", "--no-record", "--no-report"], cwd=tmp_path,
                          env=environment("en", GRADE_PLACEMENT="off"), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _cpus("LEARNER", proc.stdout) == CPUS


@needs_two
def test_a_command_that_grades_nothing_here_is_not_placed(tmp_path: Path) -> None:
    """``grade batch`` places each of its grading processes, not itself: its own CPUs, which its
    jobs inherit, stay all of them."""
    code = ("import os, sys\nfrom grader.cli.early import start_for\nstart_for(sys.argv[1:])\n"
            "print(sorted(os.sched_getaffinity(0)))\n")
    for args, placed in ((["batch", "subs"], False), (["all"], True)):
        out = subprocess.run([sys.executable, "-c", code, *args], cwd=tmp_path, env=environment("en"),
                             capture_output=True, text=True, timeout=60).stdout
        assert (json.loads(out) != CPUS) is placed


@needs_two
@pytest.mark.parametrize("slot", ["0/1", "1/2"])
def test_a_batch_job_grades_on_its_share_of_the_cpus(tmp_path: Path, slot: str) -> None:
    """A batch's grading process, started as ``grade batch`` starts it, places its
    submissions' learner code on its job's share: job 1 of 2 on a CPU of its own, the
    only job beside its judge."""
    ws = _workspace(tmp_path)
    task = {"workspace": str(ws), "result": str(tmp_path / "result.json"), "seed": 1, "timeout_scale": 1.0,
            "lessons": ["lesson01"], "side_by_side": 1}
    proc = subprocess.run([sys.executable, "-c", batch._BOOT, str(ROOT), slot], input=json.dumps(task) + "\n",
                          cwd=tmp_path, env=environment("en"), capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stdout) == {"ok": True}, proc.stderr
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    job, jobs = (int(n) for n in slot.split("/"))
    expected = plan(frozenset(CPUS), jobs, job)
    assert expected is not None
    learner = _cpus("LEARNER", result["lessons"][0]["output"])
    if jobs == 1:
        assert len(learner) == len(CPUS) - 1
    else:
        assert learner == sorted(expected.sandbox)
