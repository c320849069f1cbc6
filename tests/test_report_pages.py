"""The report's parts as pure functions: standing, figures, the learner's and the class page."""

from __future__ import annotations

import itertools
import math
import re
import shutil
import time

import pytest
from conftest import SUBMISSIONS, copy_solutions

from grader import api
from grader.classroom.standing import class_standing
from grader.course import load_course
from grader.history import Attempt, History, standing
from grader.i18n import tr
from grader.model import CheckResult, ExerciseResult, Outcome
from grader.reporters import figures
from grader.reporters.gradebook import render_csv
from grader.reporters.html_report import render_class, render_learner
from grader.reporters.status import render_status, width

COURSE = load_course()


def attempt(run: int, when: float, exercise: str, status: str, score: float, lesson: str = "lesson01"
            ) -> Attempt:
    return Attempt(run, when, lesson, exercise, status, score, 1.0)


def test_standing_counts_attempts_from_the_first_written_one():
    history = History("/ws", (
        attempt(1, 0.0, "dot", "not_started", 0.0),
        attempt(2, 100.0, "dot", "failed", 0.5),
        attempt(3, 700.0, "dot", "passed", 1.0),
        attempt(3, 700.0, "outer", "failed", 0.0),
        attempt(4, 900.0, "dot", "failed", 0.75),
        attempt(4, 900.0, "no_such_exercise", "passed", 1.0),
    ))
    result = standing(COURSE, history)
    lesson01 = result.lessons[0]
    dot, outer = lesson01.exercises[0], lesson01.exercises[1]
    assert (dot.status, dot.score, dot.best, dot.attempts) == (Outcome.FAILED, 0.75, 1.0, 2 + 1)
    assert dot.time_to_pass == 600.0 and dot.attempts_to_pass == 2
    assert outer.time_to_pass is None and outer.attempts == 1
    assert lesson01.runs == 4 and lesson01.last_attempt == 900.0 and lesson01.state == "in_progress"
    assert "Fix dot" in lesson01.next_step.en
    assert [p.score for p in result.timeline] == [0.0, 0.5, 1.0, 0.75]
    assert [p.passed for p in result.timeline] == [0, 0, 1, 0]
    assert result.attempts == 5, "an exercise that left the registry is not counted"
    never = result.lessons[1]
    assert never.state == "not_started" and never.runs == 0 and never.next_step.en.startswith("Start with")


def test_a_complete_lesson_points_to_the_next():
    names = [e.name for e in COURSE.lessons[0].exercises]
    history = History("/ws", tuple(attempt(1, 5.0, n, "passed", 1.0) for n in names))
    result = standing(COURSE, history)
    assert result.lessons[0].state == "complete"
    if len(COURSE.lessons) > 1:
        assert COURSE.lessons[1].id in result.lessons[0].next_step.en
        assert result.next_step == result.lessons[1].next_step


def test_status_table_lines_up_in_both_languages():
    history = History("/ws", (attempt(1, time.time(), "dot", "passed", 1.0),))
    for lang in ("en", "zh"):
        text = render_status(standing(COURSE, history), lang)
        rows = [line for line in text.splitlines() if re.match(r"lesson\d", line)]
        assert len(rows) == len(COURSE.lessons)
        header = text.splitlines()[0]
        column = width(header[:header.index("passed" if lang == "en" else "通过")])
        for row in rows:
            passed = re.search(r"\d+/\d+", row)
            assert passed is not None and width(row[:passed.start()]) == column


# -- figures -------------------------------------------------------------------------------------


def test_every_kind_renders_and_bad_data_becomes_a_note():
    line = figures.render_figure({"kind": "line_chart", "title": {"en": "Loss", "zh": "损失"},
                                  "log_y": True, "series": [
                                      {"name": "batch", "y": [1.0, 0.5, 0.1, float("nan"), 0.01]},
                                      {"name": "mini-batch", "points": [[0, 1.0], [4, 0.02]]}]}, "zh")
    assert '<svg class="chart"' in line and "损失" in line and "batch" in line
    assert "1 个非有限值" in line and line.count("<polyline") == 2
    grid = [[0, 0, 1, 1]] * 2 + [[1, 1, 0, 0]] * 2
    regions = figures.render_figure({"kind": "scatter", "classes": {"0": "0", "1": "1"},
                                     "points": [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]],
                                     "regions": {"x": [-0.5, 1.5], "y": [-0.5, 1.5], "values": grid}}, "en")
    assert 'class="regions"' in regions and regions.count("<rect") >= 4 and "circles" in regions
    table = figures.render_figure({"kind": "table", "columns": ["epoch", "loss"],
                                   "rows": [[1, 0.5], [2, 1e-9]]}, "en")
    assert "<table" in table and "1.00e-9" in table
    bars = figures.render_figure({"kind": "bar_chart", "bars": [{"label": "a", "value": 2},
                                                               {"label": "b", "value": 1}]}, "en")
    assert bars.count('class="bar"') == 2
    check = figures.render_figure({"kind": "gradient_check", "threshold": 1e-7, "rows": [
        {"parameter": "W1", "relative_error": 3e-10}, {"parameter": "b1", "relative_error": 2e-5},
        {"parameter": "W2", "relative_error": None}]}, "en")
    assert "within threshold" in check and "above threshold" in check and "no value" in check
    for bad in ({"kind": "line_chart"}, {"kind": "line_chart", "series": [{"x": [1], "y": [1, 2]}]},
                {"kind": "scatter", "regions": {"x": [0, 1]}}, {"kind": "martian"}, ["not", "a", "dict"],
                {"kind": "table", "rows": "x"}):
        note = figures.render_figure(bad, "en")
        assert 'class="note figure-note"' in note and "<svg" not in note


def test_text_is_escaped_and_numbers_read_well():
    spec = {"kind": "line_chart", "title": "<script>alert(1)</script>",
            "series": [{"name": "<b>", "y": [1, 2]}]}
    html = figures.render_figure(spec, "en")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert [figures.fmt_number(v) for v in (0, 0.25, 1e-9, 1500, -3.5, 2e6)] == \
        ["0", "0.25", "1.00e-9", "1500", "-3.5", "2.00e6"]
    ticks = figures.nice_ticks(0.0, 9.3)
    assert ticks[0] == 0 and all(math.isclose(b - a, ticks[1] - ticks[0]) for a, b in itertools.pairwise(ticks))


def test_long_series_are_thinned():
    spec = {"kind": "line_chart", "series": [{"y": [math.exp(-i / 500) for i in range(20_000)]}]}
    html = figures.render_figure(spec, "en")
    points = re.search(r'<polyline points="([^"]+)"', html)
    assert points is not None and len(points.group(1).split()) <= figures.MAX_POINTS + 1
    assert len(html) < 40_000


def test_a_checks_data_becomes_a_figure_in_the_learners_page():
    """What a later lesson does: put a figure in ctx.data; the report draws it unchanged."""
    loss = {"figure": {"kind": "line_chart", "title": {"en": "Your loss curve", "zh": "你的损失曲线"},
                       "series": [{"name": {"en": "mini-batch", "zh": "小批量"}, "y": [0.7, 0.4, 0.2, 0.1]}]}}
    check = CheckResult("trains", tr("it trains", "能训练"), Outcome.PASSED, data=loss)
    result = ExerciseResult("dot", Outcome.PASSED, 1.0, 1.0, (check,))
    history = History("/ws", (attempt(1, 10.0, "dot", "passed", 1.0),), {("lesson01", "dot"): result})
    for lang, title in (("en", "Your loss curve"), ("zh", "你的损失曲线")):
        html = render_learner(standing(COURSE, history), lang)
        section = html[html.index('data-lesson="lesson01"'):]
        assert title in section and 'data-kind="line_chart"' in section and "<polyline" in section


@pytest.mark.parametrize(("submission", "outcome", "verdict", "other"), [
    ("wrong_forward_difference.py", Outcome.FAILED, "above threshold", "within threshold"),
    (None, Outcome.PASSED, "within threshold", "above threshold"),
], ids=["forward-difference", "reference"])
def test_lesson03_attaches_its_gradient_check_and_fitted_curve(tmp_path, submission, outcome, verdict, other):
    """A forward difference is off by O(h) on every parameter: all three rows are above the
    threshold; the reference's central difference has all three within it."""
    workspace = copy_solutions(tmp_path / "ws")
    if submission is not None:
        shutil.copy(SUBMISSIONS / "lesson03" / submission, workspace / "lesson03_derivatives.py")
    lesson = api.grade_lesson("lesson03", workspace)
    by_name = {e.name: e for e in lesson.exercises}
    history = History(str(workspace), tuple(attempt(1, 1.0, e.name, e.outcome.value, e.score, "lesson03")
                                            for e in lesson.exercises),
                      {("lesson03", e.name): e for e in lesson.exercises})
    html = render_learner(standing(COURSE, history), "en")
    section = html[html.index('data-lesson="lesson03"'):]
    gradient = by_name["numerical_gradient"]
    assert gradient.outcome is outcome
    assert section.count(verdict) == 3 and other not in section
    assert section.count('data-kind="gradient_check"') == 1, "one table, one row per check"
    assert "Your quadratic(x) at the checked points" in section


def test_pages_are_self_contained_and_bilingual():
    history = History("/ws", (attempt(1, 10.0, "dot", "failed", 0.0),))
    for lang, words in (("en", ("Overall", "failed", "not graded yet")), ("zh", ("总体进度", "未通过", "尚未评分"))):
        html = render_learner(standing(COURSE, history), lang)
        assert all(word in html for word in words)
        assert "<script" not in html and "http" not in html.replace("http-equiv", "")
        assert "<link" not in html and "@import" not in html


def test_class_page_and_gradebook_from_results():
    ok = ExerciseResult("dot", Outcome.PASSED, 1.0, 1.0)
    wrong = ExerciseResult("dot", Outcome.FAILED, 0.0, 1.0, (
        CheckResult("c", tr("t", "t"), Outcome.FAILED, tr("uses np.dot", "使用了 np.dot"),
                    diagnosis=("forbidden_call",)),))
    from grader.model import LessonResult, RunResult

    def run(ex: ExerciseResult) -> RunResult:
        return RunResult((LessonResult("lesson01", "lesson01_vectors.py", "/w", (ex,)),))

    result = class_standing(COURSE, {"b": run(wrong), "a": run(ok), "c": run(wrong),
                                     "d": tr("unreadable", "无法读取")})
    assert [s.name for s in result.students] == ["a", "b", "c", "d"]
    dot = result.exercises[0]
    assert (dot.passed, dot.students, dot.mistakes[0].key, dot.mistakes[0].count) == (1, 4, "forbidden_call", 2)
    html = render_class(result, "en", gradebook="gradebook.csv")
    assert 'data-pass-rate="0.2500"' in html and "uses np.dot" in html and "unreadable" in html
    assert "<script>" in html and "http" not in html
    lines = render_csv(result).removeprefix("\ufeff").splitlines()
    assert lines[0] == "student,lesson01,total,max_score,status,note"
    assert lines[1] == "a,1,1,4,graded," and lines[4] == "d,,,4,unreadable,unreadable"


def test_class_view_survives_odd_results():
    from grader.i18n import Text
    from grader.model import LessonResult, RunResult

    odd = ExerciseResult("dot", Outcome.ERROR, 0.0, 1.0, (
        CheckResult("c", tr("the title", "标题"), Outcome.ERROR, Text("", "")),
        CheckResult("d", tr("t", "t"), Outcome.TIMEOUT, tr("too slow\nmore", "太慢\n更多"), diagnosis=("slow",)),))
    run = RunResult((LessonResult("lesson01", "lesson01_vectors.py", "/w", (odd,)),
                     LessonResult("lesson99", "lesson99_gone.py", "/w", ())))
    result = class_standing(COURSE, {"<b>x</b>": run})
    mistakes = {m.key: m.label.en for m in result.exercises[0].mistakes}
    assert mistakes == {"check:c": "the title", "slow": "too slow"}
    html = render_class(result, "zh")
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html and "太慢" in html
