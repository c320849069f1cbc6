"""The separate grading process behind ``check()`` in a notebook.

The learner's kernel is learner code: anything running there can be patched. So the
kernel only *sends* the source it holds; this process, started by the kernel but running
its own interpreter, grades it with the ordinary engine (learner code again runs in the
sandbox's child processes, under the exercise's limits), records the verdict in the
progress store beside the workspace, and sends the results back as JSON. It keeps one
sandbox warm between checks, so a check costs the grading, not an interpreter start.

Protocol: one JSON request per line on stdin, one JSON answer per line on stdout::

    {"workspace": "...", "lesson": "lesson01", "exercises": ["dot"], "source": "...",
     "record": true, "id": 7}
    {"ok": true, "run": {...RunResult.to_dict()...}, "recorded": true, "note": null, "id": 7}
    {"ok": false, "error": "one line", "id": 7}

``id`` is the request's own number, repeated, so that the kernel can skip the answer to
a check it interrupted.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

from grader import api
from grader.course import load_course


def answer(request: dict[str, Any], sandbox: Any) -> dict[str, Any]:
    """Grade one request; usage problems become ``{"ok": false}``, never an exception."""
    from grader.progress import ProgressError, ProgressStore, default_path

    lang = str(request.get("lang") or "en")
    try:
        lesson = load_course().lesson(str(request["lesson"]))
        workspace = Path(str(request["workspace"]))
        run = api.grade([lesson.id], workspace, exercises=tuple(request.get("exercises") or ()),
                        sandbox=sandbox, replace={lesson.file: str(request["source"])})
    except (KeyError, api.UsageError) as exc:
        return {"ok": False, "error": str(exc)}
    recorded, note = False, None
    if request.get("record", True):
        try:
            text = ProgressStore(default_path(workspace)).record(run)
            recorded = True
            note = text.get(lang) if text is not None else None
        except ProgressError as exc:
            note = exc.text.get(lang)
    return {"ok": True, "run": run.to_dict(lang), "recorded": recorded, "note": note}


def serve(requests: io.TextIOBase | Any, replies: Any) -> None:
    sandbox = api.open_sandbox(os.getcwd())
    try:
        for line in requests:
            if not line.strip():
                continue
            number = None
            try:
                request = json.loads(line)
                number = request.get("id")
                reply = answer(request, sandbox)
            except Exception as exc:  # a broken request must not end the judge
                reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            reply["id"] = number
            replies.write(json.dumps(reply) + "\n")
            replies.flush()
    finally:
        sandbox.close()


def main() -> None:
    # stdout carries the answers: anything else printing there would corrupt them.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin, replies)


if __name__ == "__main__":
    main()
