"""Every lesson has a short text in both languages: the idea, the formula, a worked
example, the common mistakes."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from grader import materials
from grader.course import load_course

COURSE = load_course()
CJK = re.compile(r"[\u4e00-\u9fff]")
SECTIONS = {
    "en": ("## The idea", "## The formula", "## A worked example", "## Common mistakes"),
    "zh": ("## 思路", "## 公式", "## 手算例题", "## 常见错误"),
}
TEXTS = sorted((ROOT / "lessons").glob("*/lesson*.md"))


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_registered_lesson_has_a_text_in_both_languages(lesson, lang):
    path = materials.text_path(lesson, lang)
    assert path.is_file(), f"{lesson.id} has no {lang} text ({path})"
    text = path.read_text(encoding="utf-8")
    for exercise in lesson.exercises:
        assert f"`{exercise.name}`" in text, f"{path.name} ({lang}) does not name {exercise.name}"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_text_has_its_sections_and_its_translation(path):
    lang = path.parent.name
    assert lang in SECTIONS
    other = ROOT / "lessons" / ("zh" if lang == "en" else "en") / path.name
    assert other.is_file(), f"{path.name} has no translation"
    text = path.read_text(encoding="utf-8")
    number = int(path.name[len("lesson"):len("lesson") + 2])
    first = text.splitlines()[0]
    title = f"# Lesson {number:02d} · " if lang == "en" else f"# 第 {number:02d} 课 · "
    assert first.startswith(title) and len(first) > len(title), first
    positions = [text.find(heading + "\n") for heading in SECTIONS[lang]]
    assert all(p >= 0 for p in positions), f"{path}: sections {SECTIONS[lang]}"
    assert positions == sorted(positions), f"{path}: sections out of order"
    if lang == "zh":
        assert len(CJK.findall(text)) > 200
    else:
        assert not CJK.search(text), f"{path}: Chinese characters in the English text"
    assert "```" in text and text.count("```") % 2 == 0


def test_text_names_follow_the_lesson_files():
    registered = {materials.text_name(lesson) for lesson in COURSE.lessons}
    names = {p.name for p in TEXTS}
    assert registered <= names
    for name in names:
        assert re.fullmatch(r"lesson(0[1-9]|1[0-2])_[a-z]+\.md", name), name
