"""The kernel's handle on its judge process (see ``grader.notebook.judge``).

The judge starts in the background when ``grader.notebook`` is imported (the setup
cell), so the first check finds it warm. A judge that died (the learner's code killed
it, the machine ran out of memory) is started again on the next check.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import sys
import threading
import time
from typing import Any

# The judge waits for the sandbox's limits itself; this only guards against a judge that
# stopped answering altogether.
_SPARE_SECONDS = 120.0

# The grader's settings as they were when the course was set up (the notebook's setup cell
# imports this module): a judge started again later gets these, not whatever ``GRADE_*``
# the kernel's cells have set since (``GRADE_REFERENCE`` pointed at the stubs, sandboxing
# turned off). A kernel can still do anything its user can (docs/security.md).
_SETTINGS_AT_SETUP = {key: value for key, value in os.environ.items() if key.startswith("GRADE_")}


def judge_environment() -> dict[str, str]:
    """The environment a judge starts with: the kernel's, with ``GRADE_*`` as at setup."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GRADE_")}
    env.update(_SETTINGS_AT_SETUP)
    env["PYTHONUNBUFFERED"] = "1"
    return env


class JudgeUnavailable(RuntimeError):
    """The judge process could not answer; the message is one line."""


class Judge:
    """One judge process, its answers read by one thread into a queue.

    Each request carries a number and its answer repeats it: a check interrupted in the
    kernel (Jupyter's stop button) leaves an answer behind, which the next check skips.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str] = queue.Queue()
        self._lock = threading.Lock()
        self._number = itertools.count(1)
        self._reader: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            self._ensure()

    def _ensure(self) -> subprocess.Popen[str]:
        process = self._process
        if process is not None and process.poll() is None:
            return process
        env = judge_environment()
        process = subprocess.Popen(
            [sys.executable, "-m", "grader.notebook.judge"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", env=env, start_new_session=True)
        answers: queue.Queue[str] = queue.Queue()
        self._process, self._answers = process, answers
        stdout = process.stdout
        assert stdout is not None

        def read() -> None:
            try:
                for line in stdout:
                    answers.put(line)
            except (OSError, ValueError):
                pass
            answers.put("")  # the judge closed its end

        self._reader = threading.Thread(target=read, daemon=True)
        self._reader.start()
        return process

    def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        with self._lock:
            for _attempt in range(2):
                process = self._ensure()
                number = next(self._number)
                assert process.stdin is not None
                try:
                    process.stdin.write(json.dumps({**request, "id": number}) + "\n")
                    process.stdin.flush()
                except (BrokenPipeError, OSError):
                    self._stop()
                    continue
                deadline = time.monotonic() + timeout + _SPARE_SECONDS
                while True:
                    try:
                        line = self._answers.get(timeout=max(0.0, deadline - time.monotonic()))
                    except queue.Empty:
                        self._stop()
                        raise JudgeUnavailable("the grading process did not answer in time; "
                                               "run the check again") from None
                    if not line:
                        break  # the judge died: once more with a fresh one
                    reply: dict[str, Any] = json.loads(line)
                    if reply.get("id") == number:
                        return reply
                self._stop()
        raise JudgeUnavailable("the grading process stopped; run the check again")

    def close(self) -> None:
        """Stop the judge and release its pipes (the next check starts a new one)."""
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.kill()
            process.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if self._reader is not None:
            self._reader.join(5)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass


JUDGE = Judge()
