"""The lesson's figures on the lesson's card of the learner's page.

A started lesson's card carries the figures its text shows, in the page's language, folded
in a ``<details>``, each an ``<img>`` whose ``data:`` URL holds the SVG file's bytes (the
page is opened from disk) with the text's alt text; a lesson not started stays one line.
The page is made as the learner makes it: ``grade init c``, write ``step``, ``grade lesson06``
in ``c``. In headless Chromium (skipped without one) the opened figure has a size and stays
inside its card at phone and desktop width.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import Any

import pytest
from browser import BrowserError, Page, find_browser
from typical_mistakes import grade

from grader import materials
from grader.course import load_course
from grader.history import Attempt, History, standing
from grader.reporters.html_report import render_learner

COURSE = load_course()
LESSONS = {lesson.id: lesson for lesson in COURSE.lessons}
STEP_STUB = '    raise NotImplementedError("step: write your code here / 在这里写你的代码")'
STEP = ("    z = np.asarray(z, dtype=float)\n    out = np.where(z >= 0, 1.0, 0.0)\n"
        "    return float(out) if out.ndim == 0 else out")
IMAGE = re.compile(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"')


def card(page: str, lesson: str) -> str:
    """The HTML of ``lesson``'s card (an ``<article>``) or line (an ``<li>``) on the page."""
    found = re.search(rf'<article [^>]*data-lesson="{lesson}".*?</article>', page, re.S) or \
        re.search(rf'<li id="{lesson}" [^>]*>.*?</li>', page, re.S)
    assert found, f"no card or line for {lesson}"
    return found.group(0)


def images(fragment: str) -> list[tuple[bytes, str]]:
    """(decoded SVG bytes, alt text) of every lesson figure in ``fragment``."""
    return [(base64.b64decode(data), html.unescape(alt)) for data, alt in IMAGE.findall(fragment)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``grade init c``, ``step`` written, ``grade lesson06`` in ``c``; then the Chinese page."""
    parent = tmp_path_factory.mktemp("figures")
    made = grade("init", "c", cwd=parent)
    assert made.returncode == 0, made.stderr
    course = parent / "c"
    stub = course / "exercises" / LESSONS["lesson06"].file
    source = stub.read_text(encoding="utf-8")
    assert STEP_STUB in source
    stub.write_text(source.replace(STEP_STUB, STEP, 1), encoding="utf-8")
    graded = grade("lesson06", cwd=course)
    assert graded.returncode == 1 and "Progress report: reports/index.html" in graded.stdout, graded.stdout
    zh = grade("report", "--lang", "zh", "--output", "reports/zh.html", cwd=course)
    assert zh.returncode == 0, zh.stderr
    return course / "reports"


@pytest.mark.parametrize(("name", "lang", "summary"), [("index.html", "en", "Figure from the lesson"),
                                                         ("zh.html", "zh", "课文中的图")])
def test_a_started_lessons_card_shows_its_figure(reports: Path, name: str, lang: str, summary: str) -> None:
    page = (reports / name).read_text(encoding="utf-8")
    lesson06 = card(page, "lesson06")
    assert 'class="card state-card-in_progress"' in lesson06
    shown = materials.lesson_figures(LESSONS["lesson06"], lang)
    assert [f.name for f in shown] == [f"activations.{lang}.svg"]
    assert images(lesson06) == [(shown[0].path.read_bytes(), shown[0].alt)]
    assert shown[0].alt in materials.text_path(LESSONS["lesson06"], lang).read_text(encoding="utf-8")
    assert f"<summary>{summary}</summary>" in lesson06
    assert "<details class=\"lesson-figures\">" in lesson06, "folded: the card stays short until opened"
    lesson05 = card(page, "lesson05")  # not started, and its text has a figure: still one line
    assert lesson05.startswith("<li ") and "<img" not in lesson05 and "<details" not in lesson05
    assert len(images(page)) == 1, "only the started lesson's figure is on the page"
    assert "figures/" not in page, "no link to a file that may not be beside the page"


def test_every_started_lesson_shows_each_figure_of_its_text_once() -> None:
    every = tuple(Attempt(1, 10.0, lesson.id, lesson.exercises[0].name, "failed", 0.0, 1.0)
                  for lesson in COURSE.lessons if lesson.id != "lesson05")
    learner = standing(COURSE, History("/ws", every))
    for lang in ("en", "zh"):
        figures = {lesson.id: [(f.alt, f.path.read_bytes()) for f in materials.lesson_figures(lesson, lang)]
                   for lesson in COURSE.lessons}
        page = render_learner(learner, lang, lesson_figures=figures)
        for lesson in COURSE.lessons:
            expected = [(svg, alt) for alt, svg in figures[lesson.id]] if lesson.id != "lesson05" else []
            assert images(card(page, lesson.id)) == expected, (lang, lesson.id)
        lesson11 = card(page, "lesson11")
        assert ("Figures from the lesson (2)" if lang == "en" else "课文中的图（2 幅）") in lesson11
        # the SVG's own title under the image; its size keeps the box's shape before decoding
        title = "Three learning rates on L(w) = ½ (w - 3)²" if lang == "en" else "L(w) = ½ (w - 3)² 上的三种学习率"
        assert f"<figcaption>{title}</figcaption>" in lesson11
        assert re.search(r'alt="[^"]*" width="\d+" height="\d+"', lesson11)
    assert images(render_learner(learner, "en")) == [], "no figures given, none shown"


def test_alt_text_may_hold_brackets_and_a_missing_figure_is_left_out(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "lessons" / "en").mkdir(parents=True)
    (tmp_path / "lessons" / "figures").mkdir()
    (tmp_path / "lessons" / "figures" / "here.en.svg").write_text("<svg/>", encoding="utf-8")
    lesson = LESSONS["lesson12"]
    (tmp_path / "lessons" / "en" / materials.text_name(lesson)).write_text(
        "See ![a curve on [0, 1]](../figures/here.en.svg) and ![gone](../figures/gone.en.svg),\n"
        "![again](../figures/here.en.svg) and ![a photo](photo.png).\n", encoding="utf-8")
    monkeypatch.setattr(materials, "root", lambda: tmp_path)
    assert [(f.name, f.alt) for f in materials.lesson_figures(lesson, "en")] == [("here.en.svg", "a curve on [0, 1]")]
    assert materials.lesson_figures(lesson, "zh") == [], "a missing text has no figures"


WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
OPENED = """(() => {
  const details = document.querySelector('article[data-lesson=lesson06] details.lesson-figures');
  details.open = true;
  const img = details.querySelector('img'), card = details.closest('article');
  img.scrollIntoView();
  const a = img.getBoundingClientRect(), c = card.getBoundingClientRect();
  return {width: a.width, height: a.height, left: a.left - c.left, right: c.right - a.right,
          loaded: img.complete && img.naturalWidth > 0,
          overflow: document.documentElement.scrollWidth - window.innerWidth};
})()"""


def browse(path: Path, size: str) -> Any:
    try:
        page = Page(*WIDTHS[size]).__enter__()
    except BrowserError as exc:  # pragma: no cover - a broken browser install
        pytest.skip(f"Chromium did not start: {exc}")
    page.open(path)
    return page


@pytest.mark.skipif(find_browser() is None, reason="no Chromium found: apt-get install chromium")
@pytest.mark.parametrize("size", WIDTHS)
def test_the_opened_figure_fits_its_card(reports: Path, size: str) -> None:
    page = browse(reports / "index.html", size)
    try:
        closed = page.evaluate("[document.querySelector('details.lesson-figures').open, "
                               "document.querySelector('details.lesson-figures img').checkVisibility()]")
        assert closed == [False, False], "folded until the learner opens it"
        box = page.evaluate(OPENED)
        assert box["loaded"], box
        assert box["width"] > 200 and box["height"] > 100, box
        assert box["left"] >= 0 and box["right"] >= 0, f"the figure overflows its card: {box}"
        assert box["overflow"] <= 0, "the page scrolls sideways"
        assert page.errors == []
    finally:
        page.close()
