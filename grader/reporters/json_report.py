"""The project's JSON schema (versioned by ``schema_version``)."""

from __future__ import annotations

import json

from grader.model import LessonResult, RunResult


def render_lesson(result: LessonResult, lang: str = "en") -> str:
    return json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2)


def render_run(result: RunResult, lang: str = "en") -> str:
    return json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2)
