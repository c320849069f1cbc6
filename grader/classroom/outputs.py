"""Writing a run's machine-readable outputs, and the exit code a CI gate sees.

Files are written once, after grading, through a temporary file in the same folder and
an atomic rename, so a reader (Gradescope's harness, a CI artifact upload) never sees a
half-written document, and nothing learner code prints can end up inside one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.atomic import write_atomic
from grader.engine import held
from grader.errors import GradeError
from grader.events import Listener
from grader.i18n import tr
from grader.model import RunResult
from grader.reporters import formats, gradescope

VISIBILITY_VARIABLE = "GRADE_GRADESCOPE_VISIBILITY"

__all__ = ["Gate", "GateError", "OutputFiles", "gradescope_visibility", "publish_github_output",
           "publish_step_summary",
           "write_atomic", "write_outputs"]


class GateError(GradeError, ValueError):
    """A ``--min-score`` that is not a number or a percentage."""


def write_outputs(run: RunResult, specs: Iterable[formats.OutputSpec], lang: str,
                  single_lesson: bool, environ: Mapping[str, str],
                  visibility: str = "visible") -> list[Path]:
    """Write every requested output; ``github`` also goes to ``$GITHUB_OUTPUT`` if set."""
    written: list[Path] = []
    github_value: str | None = None
    for spec in specs:
        text = formats.render(spec.format, run, lang, single_lesson, visibility)
        write_atomic(spec.path, text if text.endswith("\n") else text + "\n")
        written.append(spec.path)
        if spec.format == "github":
            github_value = text.strip()
    if github_value is not None:
        publish_github_output(github_value, environ)
    return written


def gradescope_visibility(environ: Mapping[str, str]) -> str:
    """The Gradescope test visibility asked for by ``$GRADE_GRADESCOPE_VISIBILITY``."""
    value = environ.get(VISIBILITY_VARIABLE, "visible") or "visible"
    if value not in gradescope.VISIBILITIES:
        raise formats.FormatError(tr("${variable} must be one of {choices}, not {value!r}",
                                     "${variable} 必须是 {choices} 之一，而不是 {value!r}",
                                     variable=VISIBILITY_VARIABLE, choices=", ".join(gradescope.VISIBILITIES),
                                     value=value))
    return value


def publish_github_output(lines: str, environ: Mapping[str, str]) -> bool:
    """Append the github result's ``<runner id>=<value>`` lines to ``$GITHUB_OUTPUT``, if set.

    Each line becomes the step output the workflow hands to the reporter as that
    runner's ``<ID>_RESULTS``."""
    target = environ.get("GITHUB_OUTPUT")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as stream:
        stream.write(lines.strip() + "\n")
    return True


def publish_step_summary(line: str, environ: Mapping[str, str]) -> bool:
    """Append ``line`` to the job summary GitHub Actions shows (``$GITHUB_STEP_SUMMARY``), if set."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as stream:
        stream.write(line.strip() + "\n")
    return True


@dataclass(frozen=True)
class Gate:
    """The least score that makes a run pass a CI gate: points, or a share of the maximum."""

    value: float
    percent: bool = False

    @classmethod
    def parse(cls, text: str) -> Gate:
        raw = text.strip()
        percent = raw.endswith("%")
        try:
            value = float(raw.removesuffix("%"))
        except ValueError:
            raise GateError(tr("--min-score {text!r}: give points (7.5) or a percentage (80%)",
                               "--min-score {text!r}：请给出分数（7.5）或百分比（80%）", text=text)) from None
        if value < 0 or (percent and value > 100) or value != value:
            raise GateError(tr("--min-score {text!r} is out of range", "--min-score {text!r} 超出范围",
                               text=text))
        return cls(value, percent)

    def threshold(self, max_score: float) -> float:
        return max_score * self.value / 100 if self.percent else self.value

    def passes(self, run: RunResult) -> bool:
        # A little slack, so that 0.1 + 0.2 points pass a gate of 0.3.
        return run.score + 1e-9 >= self.threshold(run.max_score)


class OutputFiles(Listener):
    """The ``--output`` files, written once at the end, and ``$GITHUB_OUTPUT``.

    ``github_output`` publishes the github result to ``$GITHUB_OUTPUT`` even when no
    github file was asked for (``--format github`` does).
    """

    def __init__(self, specs: Sequence[formats.OutputSpec], lang: str, single_lesson: bool,
                 environ: Mapping[str, str], visibility: str = "visible",
                 github_output: bool = False) -> None:
        self.specs = tuple(specs)
        self.lang = lang
        self.single_lesson = single_lesson
        self.environ = environ
        self.visibility = visibility
        self.github_output = github_output

    def run_done(self, run: RunResult) -> None:
        try:
            write_outputs(run, self.specs, self.lang, self.single_lesson, self.environ, self.visibility)
            if self.github_output and all(spec.format != "github" for spec in self.specs):
                publish_github_output(formats.render("github", run, self.lang, visibility=self.visibility),
                                      self.environ)
            if self.visibility == gradescope.HELD:
                publish_step_summary(held.run_counts(run).text().get(self.lang), self.environ)
        except OSError as exc:
            raise GradeError(tr("cannot write the outputs: {why}", "无法写入输出文件：{why}", why=exc)) from None
