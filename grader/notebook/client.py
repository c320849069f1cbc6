"""The kernel's handle on its judge process (see ``grader.notebook.judge``).

The judge starts in the background when ``grader.notebook`` is imported (the setup
cell), so the first check finds it warm. A judge that died (the learner's code killed
it, the machine ran out of memory) is started again on the next check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from typing import Any

# The judge waits for the sandbox's limits itself; this only guards against a judge that
# stopped answering altogether.
_SPARE_SECONDS = 120.0


class JudgeUnavailable(RuntimeError):
    """The judge process could not answer; the message is one line."""


class Judge:
    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            self._ensure()

    def _ensure(self) -> subprocess.Popen[str]:
        process = self._process
        if process is not None and process.poll() is None:
            return process
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "grader.notebook.judge"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", env=env, start_new_session=True)
        return self._process

    def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        with self._lock:
            for attempt in range(2):
                process = self._ensure()
                assert process.stdin is not None and process.stdout is not None
                try:
                    process.stdin.write(json.dumps(request) + "\n")
                    process.stdin.flush()
                except (BrokenPipeError, OSError):
                    self._stop()
                    continue
                line = _read_line(process, timeout + _SPARE_SECONDS)
                if line:
                    reply: dict[str, Any] = json.loads(line)
                    return reply
                self._stop()
                if attempt == 0 and line is not None:
                    continue  # the judge had died: once more with a fresh one
                break
        raise JudgeUnavailable("the grading process did not answer; run the check again")

    def _stop(self) -> None:
        if self._process is not None:
            try:
                self._process.kill()
                self._process.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self._process = None


def _read_line(process: subprocess.Popen[str], timeout: float) -> str | None:
    """One line from the judge; ``""`` when it closed its end, ``None`` when it timed out."""
    result: list[str] = []
    assert process.stdout is not None
    stdout = process.stdout
    reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        return None
    return result[0] if result else ""


JUDGE = Judge()
