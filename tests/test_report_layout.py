"""The learner's page in headless Chromium at phone (390 px) and desktop (1280 px) width, in
English and Chinese: short when little is done, symbols in their own case, the chain
game's target beside the learner's passes, one page per workspace.

The pages are made as the learner makes them: ``grade init``, then ``grade all`` (and
``grade lesson10``, ``grade notebooks``, ``grade lesson01 -w notebooks``) in the course folder.
Skipped where no Chromium is installed (``apt-get install chromium fonts-noto-cjk``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser import BrowserError, Page, find_browser
from typical_mistakes import course_with_mistakes, grade

pytestmark = pytest.mark.skipif(find_browser() is None, reason="no Chromium found: apt-get install chromium")

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
HEIGHT = "document.documentElement.scrollHeight"


def browse(path: Path, size: str) -> Any:
    try:
        page = Page(*WIDTHS[size]).__enter__()
    except BrowserError as exc:  # pragma: no cover - a broken browser install
        pytest.skip(f"Chromium did not start: {exc}")
    page.open(path)
    return page


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course just made and graded once: every lesson not started."""
    parent = tmp_path_factory.mktemp("fresh")
    assert grade("init", "c", cwd=parent).returncode == 0
    assert grade("all", cwd=parent / "c").returncode == 1
    assert grade("report", "--lang", "zh", "--output", "reports/zh.html", cwd=parent / "c").returncode == 0
    return parent / "c" / "reports"


@pytest.fixture(scope="module")
def worked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course with lesson10's typical mistakes graded, and its notebooks graded too."""
    course = course_with_mistakes(tmp_path_factory.mktemp("worked"))
    assert grade("lesson10", cwd=course).returncode == 1
    assert grade("notebooks", cwd=course).returncode == 0
    assert grade("lesson01", "-w", "notebooks", cwd=course).returncode == 1
    assert grade("lesson10", cwd=course).returncode == 1  # the exercises' page, written last
    return course / "reports"


@pytest.mark.parametrize("size", WIDTHS)
@pytest.mark.parametrize("name", ["index.html", "zh.html"])
def test_a_course_not_started_is_a_short_page(fresh: Path, size: str, name: str) -> None:
    page = browse(fresh / name, size)
    try:
        lines = page.evaluate("[...document.querySelectorAll('li[data-state=not_started]')]"
                              ".map(e => [e.dataset.lesson, e.getBoundingClientRect().height])")
        assert len(lines) == 12, lines  # every lesson: one line, no card, no table
        assert all(height <= (64 if size == "phone" else 40) for _, height in lines), lines
        assert page.evaluate("document.querySelectorAll('article.card').length") == 0
        assert page.evaluate("document.querySelectorAll('svg.chart').length") == 0  # one run: no chart yet
        assert page.evaluate(HEIGHT) <= (2600 if size == "phone" else 1700), page.evaluate(HEIGHT)
        assert page.evaluate(OVERFLOW) <= 0
        if name == "zh.html":
            assert "未开始" in page.text() and "反向传播" in page.text()
            width = page.evaluate("(() => { const s = document.createElement('span'); s.textContent = '反向传播';"
                                  " document.body.append(s); return s.getBoundingClientRect().width; })()")
            assert width > 40, width  # the Chinese is drawn in a CJK font, not as empty boxes of 0 width
        assert page.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_the_chain_game_shows_its_target_beside_the_learners_passes(worked: Path, size: str) -> None:
    page = browse(worked / "index.html", size)
    try:
        tables = page.evaluate("""[...document.querySelectorAll('#lesson10 figure')].map(f => ({
            caption: f.innerText, top: Math.round(f.getBoundingClientRect().top),
            left: Math.round(f.getBoundingClientRect().left),
            heads: [...f.querySelectorAll('thead th')]
                .map(th => [th.innerText, getComputedStyle(th).textTransform])}))""")
        yours = [t for t in tables if "Your passes" in t["caption"]]
        target = [t for t in tables if "Target passes" in t["caption"]]
        assert yours and target, json.dumps(tables)
        heads = yours[0]["heads"]
        assert [text for text, _ in heads] == ["pass", "x", "a", "b", "c"], heads  # symbols keep their case
        assert all(transform == "none" for _, transform in heads), heads
        if size == "desktop":  # side by side: same top, further right
            assert target[0]["top"] == yours[0]["top"] and target[0]["left"] > yours[0]["left"], tables
        else:  # stacked on a phone
            assert target[0]["top"] > yours[0]["top"], tables
        assert page.evaluate("document.querySelectorAll('#lesson10 svg.chart').length") == 0
        assert page.evaluate(OVERFLOW) <= 0
        assert page.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_each_workspace_has_its_own_page(worked: Path, size: str) -> None:
    for name, other, folder in (("index.html", "index-notebooks.html", "exercises"),
                                ("index-notebooks.html", "index.html", "notebooks")):
        page = browse(worked / name, size)
        try:
            links = page.evaluate("[...document.querySelectorAll('nav.workspaces a')]"
                                  ".map(a => [a.innerText, a.getAttribute('href'), a.hasAttribute('aria-current')])")
            assert [other, False] in [[href, current] for _, href, current in links], links
            assert [name, True] in [[href, current] for _, href, current in links], links
            assert f"my-course/{folder}" in page.text()
            lesson10 = page.evaluate("(e => [e.tagName, e.className, e.dataset.state || ''])"
                                     "(document.querySelector('[data-lesson=lesson10]'))")
            if folder == "exercises":  # this workspace's work, not hidden by the other's
                assert lesson10[0] == "ARTICLE" and "in_progress" in lesson10[1], lesson10
            else:
                assert lesson10[2] == "not_started", lesson10
            assert page.evaluate(OVERFLOW) <= 0
        finally:
            page.close()
