"""Both report pages, opened in headless Chromium and read as a person sees them.

Skipped, with the reason, where no Chromium is installed (Debian: ``apt-get install
chromium``; ``.ci/run`` installs it). Set ``GRADE_SCREENSHOTS=DIR`` to keep a PNG of
every page at desktop and phone width.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from browser import BrowserError, Page, find_browser
from click.testing import CliRunner
from test_report_cli import class_folder, expected_statuses, mixed_workspace

from grader.cli import main
from grader.course import load_course

pytestmark = pytest.mark.skipif(find_browser() is None,
                                reason="no Chromium found: install Debian's `chromium` package "
                                       "(or set $CHROMIUM) to test the reports in a real browser")

COURSE = load_course()
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
WORDS = {"passed": "passed", "failed": "failed", "error": "error", "not_started": "not started",
         "timeout": "timed out"}

CHART_SIZES = """[...document.querySelectorAll('svg.chart')].map(svg => {
    const box = svg.getBoundingClientRect(); return [box.width, box.height]; })"""
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("GRADE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(Path(folder) / f"{name}.png")


def open_page(path: Path, size: str) -> Any:
    try:
        return Page(*WIDTHS[size]).__enter__()
    except BrowserError as exc:  # pragma: no cover - a broken browser install
        pytest.skip(f"Chromium did not start: {exc}")


@pytest.fixture(scope="module")
def learner_page(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("learner")
    workspace = mixed_workspace(root / "exercises")
    result = CliRunner().invoke(main, ["all", "--workspace", str(workspace)], catch_exceptions=False)
    assert result.exit_code == 1
    return root / "reports" / "index.html"


@pytest.mark.parametrize("size", WIDTHS)
def test_learners_page_shows_the_statuses_the_grader_gave(learner_page, size):
    page = open_page(learner_page, size)
    try:
        page.open(learner_page)
        text = page.text()
        for lesson in COURSE.lessons:
            assert lesson.title.en in text, lesson.id
        shown = page.evaluate("""Object.fromEntries([...document.querySelectorAll('article[data-lesson]')]
            .map(card => [card.dataset.lesson, Object.fromEntries([...card.querySelectorAll('tr[data-exercise]')]
            .map(row => [row.dataset.exercise, row.querySelector('.status').innerText.trim()])) ]))""")
        for lesson_id, exercises in expected_statuses().items():
            if set(exercises.values()) == {"not_started"}:  # one line, no table: see test_report_layout
                assert lesson_id not in shown, lesson_id
                continue
            for name, status in exercises.items():
                assert shown[lesson_id][name].endswith(WORDS[status]), (lesson_id, name, shown[lesson_id][name])
        passed = sum(s == "passed" for ex in expected_statuses().values() for s in ex.values())
        total = sum(len(lesson.exercises) for lesson in COURSE.lessons)
        assert f"{passed}\n/ {total}" in text or f"{passed} / {total}" in text
        assert "Next step:" in text and "Fix " in text
        sizes = page.evaluate(CHART_SIZES)
        assert sizes and all(w > 100 and h > 50 for w, h in sizes), sizes
        assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
        assert page.errors == []
        shoot(page, f"learner-{size}")
    finally:
        page.close()


@pytest.fixture(scope="module")
def class_page(tmp_path_factory) -> Path:
    folder = class_folder(tmp_path_factory.mktemp("class"))
    result = CliRunner().invoke(main, ["report", "--class", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0
    return folder / "class.html"


@pytest.mark.parametrize("size", WIDTHS)
def test_class_page_shows_students_and_sorts(class_page, size):
    page = open_page(class_page, size)
    try:
        page.open(class_page)
        text = page.text()
        for name in ("ada", "bo", "cy", "=dee"):
            assert name in text
        assert "could not be read" in text  # broken.json
        for lesson in COURSE.lessons:
            assert lesson.title.en in text
        outer = page.evaluate("document.querySelector('[data-lesson=lesson01] tr[data-exercise=outer]').innerText")
        assert "2/5 (40 %)" in outer
        order = "[...document.querySelectorAll('table.students tbody tr')].map(r => r.dataset.student)"
        assert page.evaluate(order) == sorted(["ada", "bo", "broken", "cy", "=dee"], key=str.lower)
        total = "document.querySelectorAll('table.students thead button')[1]"
        page.evaluate(f"{total}.click()")
        ascending = page.evaluate(order)
        page.evaluate(f"{total}.click()")
        descending = page.evaluate(order)
        assert descending[0] == "ada" and ascending[0] == "broken" and descending == ascending[::-1]
        sizes = page.evaluate(CHART_SIZES)
        assert sizes and all(w > 100 and h > 50 for w, h in sizes), sizes
        assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
        assert page.errors == []
        shoot(page, f"class-{size}")
    finally:
        page.close()
