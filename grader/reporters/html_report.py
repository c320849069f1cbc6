"""The HTML progress reports: pure functions from standings to one self-contained page.

``render_learner`` draws the learner's page (overall progress, score over time, one card
per lesson with statuses, feedback, figures drawn from the results, the lesson text's own
figures, given as bytes by the caller, and the next step); ``render_class`` draws
the instructor's page. Both are single files with inline CSS and SVG, no network and no
framework, readable without colour, on a phone, and opened straight from disk.
Templates live in ``grader/reporters/templates/``.
"""

from __future__ import annotations

import base64
import html
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from grader.i18n import Text, tr
from grader.model import ClassStanding, ExerciseResult, ExerciseStanding, LessonStanding, Outcome, Standing
from grader.reporters import figures
from grader.reporters.template_loading import PrecompiledLoader
from grader.reporters.terminal import causes
from grader.reporters.visible import visible
from grader.reporters.vocabulary import NOT_GRADED, fmt_score, fmt_when, status_label

ICONS = {"passed": "✓", "failed": "✗", "error": "!", "timeout": "⏱", "not_started": "○",
         "skipped": "–", "not_graded": "·"}
STATES = {
    "complete": tr("complete", "已完成"),
    "in_progress": tr("in progress", "进行中"),
    "not_started": tr("not started", "未开始"),
}
RECENT_RUNS = 8
MAX_MESSAGES = 4
MAX_DETAILS = 2500


def _shown(value: Any) -> Any:
    """Every value a page prints, with control characters made visible (markup is escaped
    by autoescape; figures, already safe ``Markup``, pass as they are)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja environment of the pages; its templates come compiled ahead of time
    when that code is current (``template_loading``)."""
    return Environment(loader=PrecompiledLoader(PackageLoader("grader", "reporters/templates")),
                       autoescape=True, trim_blocks=True, lstrip_blocks=True,
                       undefined=StrictUndefined, finalize=_shown)


def status_key(status: Outcome | str | None) -> str:
    if status is None:
        return NOT_GRADED
    return status.value if isinstance(status, Outcome) else status


def fmt_duration(seconds: float, lang: str) -> str:
    """3 s, 12 min, 2 h 5 min, 3 d 4 h."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return tr("{n} s", "{n} 秒", n=int(seconds)).get(lang)
    minutes = int(seconds // 60)
    if minutes < 60:
        return tr("{n} min", "{n} 分钟", n=minutes).get(lang)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        if minutes == 0:
            return tr("{h} h", "{h} 小时", h=hours).get(lang)
        return tr("{h} h {m} min", "{h} 小时 {m} 分钟", h=hours, m=minutes).get(lang)
    days, hours = divmod(hours, 24)
    if hours == 0:
        return tr("{d} d", "{d} 天", d=days).get(lang)
    return tr("{d} d {h} h", "{d} 天 {h} 小时", d=days, h=hours).get(lang)


def time_to_pass(ex: ExerciseStanding, lang: str) -> str:
    if ex.attempts_to_pass is None:
        return tr("not yet", "尚未通过").get(lang) if ex.attempts else "—"
    if ex.attempts_to_pass == 1:
        return tr("at the first attempt", "第一次就通过").get(lang)
    return tr("after {time}, {n} attempts", "用时 {time}，尝试 {n} 次",
              time=fmt_duration(ex.time_to_pass or 0.0, lang), n=ex.attempts_to_pass).get(lang)


def feedback(result: ExerciseResult | None, lang: str) -> list[dict[str, str]]:
    """The latest feedback of an exercise that was written but has not passed."""
    if result is None or result.outcome in (Outcome.PASSED, Outcome.NOT_STARTED):
        return []
    out = []
    for cause in causes(result):  # each cause once, with its clearest example, as on the terminal
        check = cause.example
        if check.message is None:
            continue
        details = check.details.get(lang)
        if len(details) > MAX_DETAILS:
            details = details[:MAX_DETAILS] + "\n[...]"
        more = tr("and {n} more check(s) fail the same way.", "另有 {n} 项检查以同样的方式未通过。",
                  n=cause.more).get(lang) if cause.more else ""
        out.append({"title": check.title.get(lang), "status": check.outcome.value,
                    "message": check.message.get(lang), "details": details, "more": more})
        if len(out) == MAX_MESSAGES:
            break
    return out


def exercise_figures(result: ExerciseResult | None, lang: str) -> list[Markup]:
    """Every figure the checks of an exercise attached to its latest result."""
    if result is None:
        return []
    specs = figures.merged_specs([c.data for c in result.checks if c.data])
    return [figures.render_figure(spec, lang) for spec in specs if figures.has_data(spec)]


def _timeline_figure(standing: Standing, lang: str) -> Markup | None:
    """The score over time: drawn from two runs on (one dot on empty axes says nothing)."""
    if len(standing.timeline) < 2:
        return None
    spec: dict[str, Any] = {
        "kind": "line_chart", "x_time": True, "y_min": 0.0, "y_max": standing.max_score,
        "title": tr("Your score after each grading run", "每次评分后的总得分").get(lang),
        "x_label": tr("time", "时间").get(lang),
        "y_label": tr("points", "得分").get(lang),
        "series": [{"name": "", "points": [[p.time, p.score] for p in standing.timeline], "step": True,
                    "style": "line+markers" if len(standing.timeline) <= 60 else "line"}],
        "hlines": [{"y": standing.max_score, "label": tr("full marks", "满分").get(lang)}],
        "caption": tr("Each dot is one grading run; the score counts the latest result of every exercise.",
                      "每个点代表一次评分；得分按每个练习的最新结果计算。").get(lang),
    }
    return figures.render_figure(spec, lang)


def _common(lang: str) -> dict[str, Any]:
    def t(en: str, zh: str, **values: Any) -> str:
        return tr(en, zh, **values).get(lang)

    return {
        "lang": lang, "t": t, "status_label": lambda s: status_label(s).get(lang),
        "status_key": status_key, "icon": lambda s: ICONS.get(status_key(s), "·"),
        "fmt_score": fmt_score, "fmt_when": lambda ts: fmt_when(ts, lang),
        "text": lambda value: value.get(lang) if isinstance(value, Text) else str(value),
        "percent": lambda part, whole: round(100.0 * part / whole) if whole else 0,
    }


SVG_TITLE = re.compile(r"<title\b[^>]*>([^<]{1,300})</title>")
SVG_ROOT = re.compile(r"<svg\b[^>]*>")
SVG_SIZE = re.compile(r'\s(width|height)="([0-9]+(?:\.[0-9]+)?)"')


def lesson_figure(alt: str, svg: bytes) -> dict[str, str]:
    """A lesson's figure as the page shows it: an ``<img>`` with the SVG in a ``data:`` URL
    (the page is opened from disk, where no figures folder need be beside it; an image
    keeps the SVG's ids apart from the page's), its alt text, the title the SVG carries and
    its size."""
    head = svg[:4000].decode("utf-8", "replace")
    title = SVG_TITLE.search(head)
    root = SVG_ROOT.search(head)
    size = dict(SVG_SIZE.findall(root.group(0))) if root else {}
    return {"src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"), "alt": alt,
            "title": html.unescape(title.group(1)).strip() if title else "",
            # the box keeps the figure's shape before the image is decoded (no jump when opened)
            "width": str(round(float(size["width"]))) if "width" in size and "height" in size else "",
            "height": str(round(float(size["height"]))) if "width" in size and "height" in size else ""}


def prepare_learner_template() -> None:
    """Load the learner page's templates now (Jinja's import, and their code: generated
    ahead of time, or compiled here, some 50 ms, when that is out of date), so that a run
    can have it done while its lessons wait for their workers instead of after the
    verdicts, when the learner is waiting for the page."""
    environment().get_template("learner.html.j2")
    environment().get_template("base.html.j2")


def render_learner(standing: Standing, lang: str = "en", generated: float | None = None,
                   pages: list[dict[str, Any]] | None = None,
                   lesson_figures: Mapping[str, Sequence[tuple[str, bytes]]] | None = None) -> str:
    """The learner's progress page for one workspace; ``pages`` links the page of every
    workspace of the course ({name, href, current}), when there are several.
    ``lesson_figures`` holds, per lesson id, the figures of its text in ``lang`` (alt text,
    SVG bytes): a started lesson's card shows them, folded; a lesson not started stays one line."""
    lessons: list[dict[str, Any]] = []
    for lesson in standing.lessons:
        view = _lesson_view(lesson, lang)
        shown = (lesson_figures or {}).get(lesson.lesson.id, ()) if lesson.state != "not_started" else ()
        view["lesson_figures"] = [lesson_figure(alt, svg) for alt, svg in shown]
        lessons.append(view)
    runs = list(reversed(standing.runs[-RECENT_RUNS:]))
    template = environment().get_template("learner.html.j2")
    return template.render(
        **_common(lang), standing=standing, lessons=lessons, runs=runs, pages=pages or [],
        timeline=_timeline_figure(standing, lang), state_word=lambda s: STATES[s].get(lang),
        generated=fmt_when(time.time() if generated is None else generated, lang))


def _lesson_view(lesson: LessonStanding, lang: str) -> dict[str, Any]:
    exercises = []
    for ex in lesson.exercises:
        exercises.append({
            "standing": ex, "time_to_pass": time_to_pass(ex, lang),
            "feedback": feedback(ex.result, lang), "figures": exercise_figures(ex.result, lang),
            "advice": ex.result.advice_lines(lang) if ex.result is not None else [],
        })
    return {"standing": lesson, "exercises": exercises}


@dataclass(frozen=True)
class SimilarView:
    """One suspicious pair, ready to show side by side: the shared code is marked."""

    lesson: str
    exercise: str
    first: str
    second: str
    score: float
    first_code: str
    second_code: str
    first_spans: tuple[tuple[int, int], ...] = ()
    second_spans: tuple[tuple[int, int], ...] = ()
    first_also: tuple[str, ...] = ()  # who else handed in the same code as ``first``
    second_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClassExtras:
    """What the classroom layer adds to the class page: each a list of lines it wrote (the
    page only shows them), and the suspicious pairs."""

    notes: tuple[str, ...] = ()  # roster mismatches, the similarity check's status
    rows: tuple[tuple[str, str, str], ...] = ()  # student, what, line: late, override, change
    pairs: tuple[SimilarView, ...] = ()
    threshold: float = 0.0


def marked(code: str, spans: tuple[tuple[int, int], ...]) -> Markup:
    """``code`` escaped, with the ``spans`` (character ranges) inside ``<mark>``."""
    out, last = [], 0
    for start, end in sorted(spans):
        start, end = max(start, last), min(end, len(code))
        if start >= end:
            continue
        out += [str(escape(visible(code[last:start]))), "<mark>", str(escape(visible(code[start:end]))), "</mark>"]
        last = end
    out.append(str(escape(visible(code[last:]))))
    return Markup("".join(out))


def render_class(standing: ClassStanding, lang: str = "en", generated: float | None = None,
                 gradebook: str = "", extras: ClassExtras | None = None) -> str:
    """The instructor's page: pass rate and frequent mistakes per exercise, scores per student;
    with ``extras``, the roster's and the batch's notes, overrides, late work, changes since the
    last batch, and similar submissions side by side."""
    graded = [s for s in standing.students if s.problem is None]
    bins = [0] * 10
    for student in graded:
        bins[min(9, int(student.percent // 10))] += 1
    distribution = figures.render_figure({
        "kind": "bar_chart",
        "title": tr("How many students have each score", "各分数段的学生人数").get(lang),
        "x_label": tr("score (% of all points)", "得分（占总分的百分比）").get(lang),
        "y_label": tr("students", "学生人数").get(lang),
        "bars": [{"label": f"{10 * i}–{10 * i + 10}", "value": n} for i, n in enumerate(bins)],
    }, lang) if graded else None
    by_lesson: dict[str, list[Any]] = {}
    for stats in standing.exercises:
        by_lesson.setdefault(stats.lesson, []).append(stats)
    template = environment().get_template("class.html.j2")
    return template.render(
        **_common(lang), standing=standing, by_lesson=by_lesson, distribution=distribution,
        gradebook=gradebook, graded=len(graded), extras=extras or ClassExtras(), marked=marked,
        generated=fmt_when(time.time() if generated is None else generated, lang))

