"""Grading a batch on a Dask cluster: ``grade batch SUBMISSIONS --executor dask --scheduler ADDRESS``.

Each Dask task grades one submission the way a local grading process does, because it *is*
one: the task starts the batch's own grading process (``batch.worker_main``, through
``batch._Worker``) on the Dask worker's machine, hands it that one submission, waits for its
answer under the same deadline, and kills it with its process group past the deadline.
Learner code therefore runs only in the sandboxes that grading process starts, under the
same confinement and limits; the Dask worker process itself never imports it. The task
sends back the answer and the ``RunResult``; the batch, here, turns them into the student's
result and records it with the very code the local processes' answers go through
(``batch._finish``, ``batch._record``): gradebook, states and reuse by fingerprint are the same.

What the workers need (checked before anything is graded, refused otherwise):

- the same paths: the submissions, the results folder and the references are read by the
  workers at the paths the batch sees (a shared file system, as on a Slurm cluster);
- the same grader: the fingerprint of the grader and references (``batch.grader_fingerprint``)
  computed on each worker must equal the batch's.

Dask itself is imported only here, and this module only by ``--executor dask``.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from grader.classroom.batch import (
    DIE_WITH_PARENT,
    BatchError,
    BatchOptions,
    StudentResult,
    Submission,
    _finish,
    _log_tail,
    _result_path,
    _Task,
    _wait_readable,
    _Worker,
    grader_fingerprint,
    hidden_from,
)
from grader.classroom.outputs import write_atomic
from grader.course import Lesson
from grader.i18n import tr

INSTALL = "pip install 'dl-math-grader[cluster]'"
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler
WORKERS_TIMEOUT = 30.0  # seconds for a first worker to join it (workers started with it take a while)


class ClusterError(BatchError):
    """The cluster cannot grade the batch; ``text`` is the one line the user reads, in both languages."""


def _installed() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("distributed") is not None
    except ValueError:
        return False


# --- on the Dask worker ---------------------------------------------------------------------


@lru_cache(maxsize=4)
def _fingerprint_here(references: str) -> str:
    return grader_fingerprint(Path(references))


def worker_check(references: str, paths: Sequence[str]) -> dict[str, Any]:
    """What a Dask worker sees: its grader's fingerprint, and which of ``paths`` it cannot find."""
    return {"host": socket.gethostname(), "grader": _fingerprint_here(references),
            "missing": [p for p in [references, *paths] if not os.path.isdir(p)]}


_here = threading.local()  # per worker thread: its grading process, reused from task to task


def _grading_process(environ: dict[str, str], options: BatchOptions) -> _Worker:
    """This thread's grading process for the batch's settings: started once, replaced when it
    died, was killed, has served ``_Worker.MAX_TASKS`` or the settings changed."""
    key = json.dumps([environ, options.seed, options.timeout_scale, list(options.lessons)], sort_keys=True)
    worker: _Worker | None = getattr(_here, "worker", None)
    if worker is not None and (getattr(_here, "key", None) != key or worker.process.poll() is not None
                               or worker.served >= _Worker.MAX_TASKS):
        worker.stop()
        worker = None
    if worker is None:
        state = Path(tempfile.mkdtemp(prefix="grade-dask-"))  # its log and the result on its way back
        atexit.register(shutil.rmtree, state, True)
        _here.number = getattr(_here, "number", 0) + 1
        worker = _Worker(_here.number, state, {**os.environ, **environ, DIE_WITH_PARENT: "1"}, options)
        _here.worker, _here.key, _here.state = worker, key, state
    return worker


def grade_on_worker(task: dict[str, Any]) -> dict[str, Any]:
    """One Dask task: one submission graded by a grading process of this machine.

    Returns ``{"answer", "run", "seconds"}``: the grading process's answer (``None`` when the
    deadline passed), the ``RunResult`` as a dict when it answered ``ok``, and the time taken.
    """
    started = time.monotonic()
    if _fingerprint_here(task["references"]) != task["grader"]:
        return {"answer": {"ok": False, "error": f"the Dask worker on {socket.gethostname()} runs another grader "
                                                 "or other references (its fingerprint differs): refused"},
                "run": None, "seconds": 0.0}
    if not os.path.isdir(task["workspace"]):
        return {"answer": {"ok": False, "error": f"the Dask worker on {socket.gethostname()} cannot see "
                                                 f"{task['workspace']}: workers need the same shared paths"},
                "run": None, "seconds": 0.0}
    options = BatchOptions(seed=task["seed"], timeout_scale=task["timeout_scale"], lessons=tuple(task["lessons"]))
    worker = _grading_process(task["environ"], options)
    result_path = Path(_here.state) / "result.json"
    result_path.unlink(missing_ok=True)
    folder = Path(task["folder"])
    submission = Submission(folder.name, folder, Path(task["workspace"]))
    deadline = started + float(task["deadline"])
    worker.give(_Task(submission, "", result_path, started, deadline, list(task["hide"])))
    answer: dict[str, Any] | None = None
    while answer is None and time.monotonic() <= deadline:
        if _wait_readable([worker], deadline - time.monotonic()):
            answer = worker.read_answer()
    worker.task = None
    if not answer:  # past its deadline (None), or the process ended ({})
        worker.stop(kill=True)
        if answer is not None:
            answer = {"ok": False, "error": _log_tail(worker.log_path) or "the grading process ended"}
    run = None
    if answer and answer.get("ok"):
        try:
            run = json.loads(result_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            answer = {"ok": False, "error": f"unreadable result: {exc}"}
        result_path.unlink(missing_ok=True)
    return {"answer": answer, "run": run, "seconds": time.monotonic() - started}


# --- in the batch ---------------------------------------------------------------------------


def _address(scheduler: str) -> str:
    """The scheduler's address: ``scheduler`` itself, or the one in the scheduler file it names
    (``dask scheduler --scheduler-file FILE`` writes it, on a shared file system)."""
    if "://" in scheduler or not scheduler.endswith(".json"):
        return scheduler
    try:
        address = json.loads(Path(scheduler).read_text(encoding="utf-8"))["address"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        error = exc.strerror if isinstance(exc, OSError) else "no scheduler address in it"
        raise ClusterError(tr("--scheduler {file}: cannot read the scheduler's address ({error}); give the address, "
                              "or the file dask scheduler --scheduler-file wrote",
                              "--scheduler {file}：无法读取调度器的地址（{error}）；请给出地址，或 dask scheduler "
                              "--scheduler-file 写下的文件", file=scheduler, error=error)) from None
    if not isinstance(address, str):
        raise ClusterError(tr("--scheduler {file}: no scheduler address in it",
                              "--scheduler {file}：其中没有调度器地址", file=scheduler))
    return address


def _said(exc: BaseException) -> str:
    """What an exception says, or its name when saying fails (Dask's can, once shipped back)."""
    try:
        return str(exc)
    except Exception:
        return type(exc).__name__


def _silence_dask() -> dict[str, int]:
    """Quiet Dask's loggers (the batch says what went wrong in one line); their levels before."""
    import logging

    import distributed  # noqa: F401  (its loggers are configured on import)

    names = ["distributed", *(n for n in logging.root.manager.loggerDict if n.startswith("distributed."))]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    return levels


def _restore(levels: dict[str, int]) -> None:
    import logging

    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _probe(address: str) -> None:
    """Open and close one connection to the scheduler: raises when it cannot be reached."""
    import asyncio

    from distributed.comm.core import connect
    from distributed.security import Security

    async def reach() -> None:  # with the TLS settings of the dask configuration, as the client's own
        comm = await connect(address, timeout=CONNECT_TIMEOUT,  # type: ignore[no-untyped-call]
                             **Security().get_connection_args("client"))  # type: ignore[no-untyped-call]
        await comm.close()

    asyncio.run(reach())


class DaskExecutor:
    """The submissions of a batch, one Dask task each, on the cluster at ``scheduler``."""

    def __init__(self, scheduler: str) -> None:
        if not _installed():
            raise ClusterError(tr("--executor dask needs Dask, which is not installed: {install}",
                                  "--executor dask 需要 Dask，但它没有安装：{install}", install=INSTALL))
        self.scheduler = scheduler = _address(scheduler)
        self._quiet = _silence_dask()  # its own tracebacks (a failed connection, a lost scheduler): one line says it
        try:
            _probe(scheduler)  # a half-made Client lingers and complains at exit: reach the scheduler first
            from distributed import Client

            self.client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
        except Exception as exc:
            _restore(self._quiet)
            error = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise ClusterError(tr("cannot reach the Dask scheduler at {address} ({error}): start it, or check "
                                  "--scheduler; nothing was graded",
                                  "无法连接到 {address} 上的 Dask 调度器（{error}）：请启动它或检查 --scheduler；"
                                  "没有进行任何评分", address=scheduler, error=error)) from None
        self.workers = 0
        self.grader_digest = ""
        self.references = ""

    def start(self, grader_digest: str, references: Path, paths: Sequence[Path]) -> None:
        """Refuse a cluster without workers, or with a worker that runs another grader or
        cannot see the batch's folders."""
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except Exception:
            raise ClusterError(tr("the Dask scheduler at {address} has no workers: start some "
                                  "(dask worker {address})",
                                  "{address} 上的 Dask 调度器没有工作进程：请先启动一些（dask worker {address}）",
                                  address=self.scheduler)) from None
        seen = self.client.run(worker_check, str(references), [str(p) for p in paths])
        for address, found in sorted(seen.items()):
            if found["missing"]:
                raise ClusterError(tr("the Dask worker {worker} ({host}) cannot see {path}: every worker needs the "
                                      "submissions, the results folder and the references at the same paths "
                                      "(a shared file system)",
                                      "Dask 工作进程 {worker}（{host}）看不到 {path}：每个工作进程都需要在相同路径下"
                                      "看到提交、结果文件夹和参考答案（共享文件系统）",
                                      worker=address, host=found["host"], path=found["missing"][0]))
            if found["grader"] != grader_digest:
                raise ClusterError(tr("the Dask worker {worker} ({host}) runs another grader or other references "
                                      "(fingerprint {theirs}, here {ours}): install the same grader version on "
                                      "every worker",
                                      "Dask 工作进程 {worker}（{host}）运行的是另一个评分器或另一份参考答案"
                                      "（指纹 {theirs}，本机 {ours}）：请在每个工作进程上安装相同版本的评分器",
                                      worker=address, host=found["host"], theirs=found["grader"][:12],
                                      ours=grader_digest[:12]))
        self.workers = len(seen)
        self.grader_digest, self.references = grader_digest, str(references)

    def grade(self, queue: Sequence[tuple[Submission, str]], lessons: Sequence[Lesson], out: Path,
              environ: dict[str, str], options: BatchOptions, deadline: float) -> Iterator[StudentResult]:
        """Each submission's result, in the order they finish."""
        from distributed import as_completed

        shipped = {key: value for key, value in environ.items() if key.startswith("GRADE_")}
        pending = {}
        for number, (submission, fingerprint) in enumerate(queue):
            task = {"folder": os.path.abspath(submission.folder), "workspace": os.path.abspath(submission.workspace),
                    "hide": hidden_from(submission, out), "environ": shipped, "grader": self.grader_digest,
                    "references": self.references, "deadline": deadline, "seed": options.seed,
                    "timeout_scale": options.timeout_scale, "lessons": list(options.lessons)}
            future = self.client.submit(grade_on_worker, task, key=f"grade-{number}-{os.urandom(6).hex()}",
                                        pure=False)
            pending[future] = (submission, fingerprint)
        try:
            for future in as_completed(list(pending), loop=self.client.loop):  # type: ignore[no-untyped-call]
                submission, fingerprint = pending.pop(future)
                yield self._result(future, submission, fingerprint, lessons, out, deadline)
        finally:
            for future in pending:
                future.cancel()  # type: ignore[no-untyped-call]

    def _result(self, future: Any, submission: Submission, fingerprint: str, lessons: Sequence[Lesson],
                out: Path, deadline: float) -> StudentResult:
        from distributed import CancelledError, KilledWorker

        try:
            reply = future.result()
        except KilledWorker as exc:  # the scheduler gave the task to worker after worker, and each died
            reply = {"answer": {"ok": False, "error": f"the Dask workers grading it died ({_said(exc)})"[:300]},
                     "run": None, "seconds": 0.0}
        except (CancelledError, OSError) as exc:
            raise ClusterError(tr("lost the Dask scheduler at {address} ({error}): the submissions graded so far "
                                  "are recorded; run the same command again to grade the rest",
                                  "与 {address} 上的 Dask 调度器失去连接（{error}）：已评分的提交均已记录；"
                                  "再次运行同一命令即可为其余提交评分",
                                  address=self.scheduler, error=type(exc).__name__)) from None
        except Exception as exc:  # the task itself failed on the worker: that submission's error
            reply = {"answer": {"ok": False, "error": f"{type(exc).__name__}: {_said(exc)}"[:300]},
                     "run": None, "seconds": 0.0}
        result_path = _result_path(out, submission.student)
        result_path.parent.mkdir(parents=True, exist_ok=True)
        result_path.unlink(missing_ok=True)
        if reply.get("run") is not None:
            write_atomic(result_path, json.dumps(reply["run"], ensure_ascii=False))
        now = time.monotonic()
        task = _Task(submission, fingerprint, result_path, now - float(reply.get("seconds") or 0.0), now + deadline)
        return _finish(task, lessons, reply.get("answer"), out / ".state" / "dask.log")

    def close(self) -> None:
        try:
            self.client.close(timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except Exception:
            pass
        _restore(self._quiet)
