"""The machine-readable formats of one run, by name, and where each may be written.

``render(name, run, ...)`` returns the document as text; ``parse_output`` reads an
``--output [FORMAT:]FILE`` argument. Writing files (atomically, once, at the end) and
``$GITHUB_OUTPUT`` are the CLI's business: see ``grader.classroom.outputs``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from grader.errors import GradeError
from grader.i18n import tr
from grader.model import RunResult

MACHINE_FORMATS = ("json", "junit", "gradescope", "github")


class FormatError(GradeError, ValueError):
    """An ``--output`` or ``--format`` argument that cannot be used; one line for the user."""


@dataclass(frozen=True)
class OutputSpec:
    """One requested output: a format and a file."""

    format: str
    path: Path


def render(name: str, run: RunResult, lang: str = "en", single_lesson: bool = False,
           visibility: str = "visible") -> str:
    """The document ``name`` for ``run``; ``single_lesson`` gives json's one-lesson shape."""
    # Imported here: a grading run that prints text never pays for an XML writer.
    from grader.reporters import github, gradescope, json_report, junit

    if visibility == gradescope.HELD and name in ("json", "junit"):
        from grader.engine.held import held_run

        run = held_run(run)  # a held run shows its visible checks only, in every format
    if name == "json":
        if single_lesson and len(run.lessons) == 1:
            return json_report.render_lesson(run.lessons[0], lang)
        return json_report.render_run(run, lang)
    if name == "junit":
        return junit.render_run(run, lang)
    if name == "gradescope":
        return json.dumps(gradescope.render_run(run, lang, visibility), ensure_ascii=False, indent=2)
    if name == "github":
        return github.render_run(run, lang, held=visibility == gradescope.HELD)
    raise FormatError(tr("unknown format {name!r}; the formats are {formats}",
                         "未知的格式 {name!r}；可用的格式为 {formats}", name=name, formats=", ".join(MACHINE_FORMATS)))


def parse_output(text: str, default: str | None) -> OutputSpec:
    """``junit:report.xml`` -> (junit, report.xml); a bare path takes ``default``."""
    head, sep, tail = text.partition(":")
    if sep and head in MACHINE_FORMATS:
        if not tail:
            raise FormatError(tr("--output {text}: the file name is missing", "--output {text}：缺少文件名", text=text))
        return OutputSpec(head, Path(tail))
    if default is None or default not in MACHINE_FORMATS:
        raise FormatError(tr("--output {text}: say which format to write, e.g. --output junit:{text} "
                             "(formats: {formats})",
                             "--output {text}：请说明要写出的格式，例如 --output junit:{text}（可用的格式：{formats}）",
                             text=text, formats=", ".join(MACHINE_FORMATS)))
    return OutputSpec(default, Path(text))
