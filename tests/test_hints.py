"""Hints are data: every registered exercise has three rungs in both languages."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from grader.course import load_course
from grader.learn import hints
from grader.learn.hints import HintsError, parse_hints

COURSE = load_course()
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
def test_every_registered_exercise_has_three_rungs_in_both_languages(lesson):
    found = hints.lesson_hints(lesson.id)
    assert set(found) == {e.name for e in lesson.exercises}, "hint file and registry disagree"
    for name, exercise in found.items():
        assert len(exercise.rungs) == 3
        for rung in exercise.rungs:
            assert rung.en.strip() and rung.zh.strip(), name
            assert CJK.search(rung.zh), f"{lesson.id}.{name}: the Chinese rung has no Chinese"
        assert len({r.en for r in exercise.rungs}) == 3, f"{name}: rungs must differ"


@pytest.mark.parametrize("name", hints.available_files())
def test_every_hint_file_parses_including_lessons_not_registered_yet(name):
    found = hints.lesson_hints(name)
    assert found, name
    for exercise in found.values():
        for _, text in exercise.diagnosis:
            assert CJK.search(text.zh)


def test_diagnosis_hints_prefer_the_exercise_and_the_longest_key():
    own = hints.for_diagnosis("lesson02", "l2_penalty", ["factor:2"])
    common = hints.for_diagnosis("lesson01", "dot", ["factor:2"])
    assert own and common and own[0][1] != common[0][1]
    assert "L2" in own[0][1].en
    generic = hints.for_diagnosis("lesson01", "dot", ["factor:7"])
    assert generic and "constant" in generic[0][1].en
    assert hints.for_diagnosis("lesson01", "dot", ["no_such_id"]) == []
    twice = hints.for_diagnosis("lesson01", "dot", ["forbidden_call", "forbidden_call"])
    assert len(twice) == 1


def test_common_diagnosis_keys_match_ids_the_grader_gives():
    keys = {key for key, _ in hints.common_hints()}
    assert {"forbidden_call", "no_raise", "mutates_input", "transpose", "factor:2", "factor",
            "wrong_shape", "timeout", "error"} <= keys


def test_malformed_hints_are_rejected():
    rung = {"en": "a", "zh": "甲"}
    good = {"f": {"nudge": rung, "idea": rung, "formula": rung}}
    assert parse_hints(good, "x")["f"].rungs[0].zh == "甲"
    with pytest.raises(HintsError):
        parse_hints({"f": {"nudge": rung, "idea": rung}}, "x")
    with pytest.raises(HintsError):
        parse_hints({"f": {**good["f"], "formula": {"en": "a"}}}, "x")
    with pytest.raises(HintsError):
        parse_hints({"f": {**good["f"], "extra": rung}}, "x")
    with pytest.raises(HintsError):
        parse_hints({"f": {**good["f"], "idea": {"en": "a", "zh": "  "}}}, "x")


@pytest.mark.parametrize("name", hints.available_files())
def test_hint_files_cover_the_exercises_their_lesson_text_names(name):
    """Lessons not registered yet: the hint file and the lesson text agree on the exercises."""
    (text,) = (ROOT / "lessons" / "en").glob(f"{name}_*.md")
    line = next(line for line in text.read_text(encoding="utf-8").splitlines() if line.startswith("Exercises in"))
    following = text.read_text(encoding="utf-8").split(line, 1)[1].split("\n\n", 1)[0]
    named = re.findall(r"`([A-Za-z_0-9]+)`", line.split(":", 1)[1] + following)
    assert set(hints.lesson_hints(name)) == set(named), text.name
