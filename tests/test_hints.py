"""Hints are data: every registered exercise has three rungs in both languages."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from grader.course import load_course
from grader.i18n import tr
from grader.learn import hints
from grader.learn.hints import HintsError, parse_hints
from grader.learn.mistake_catalogue import Mistake, MistakeError, common_hint_problems, hint_problems, lesson_mistakes

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


# -- hints answer mistakes the grader gives -------------------------------------------


@pytest.mark.parametrize("name", hints.available_files())
def test_every_hint_key_answers_a_mistake_the_grader_gives(name):
    assert hint_problems(name) == []


def test_every_common_hint_key_answers_a_mistake_any_exercise_can_get():
    assert common_hint_problems() == []


def test_a_hint_key_that_names_no_mistake_fails_the_course_check():
    rung = {"en": "a", "zh": "甲"}
    say = {"en": "count from zero", "zh": "从零开始数"}

    def dot_hints(key: str) -> dict[str, hints.ExerciseHints]:
        return parse_hints({"dot": {"nudge": rung, "idea": rung, "formula": rung,
                                    "diagnosis": {key: say}}}, "x")

    assert hint_problems("lesson01", dot_hints("dot:off_by_one")) == []
    assert hint_problems("lesson01", dot_hints("transpose")) == []  # any exercise can get it
    assert hint_problems("lesson01", dot_hints("factor:3")) == []  # a family: factor:<c>
    misspelt = hint_problems("lesson01", dot_hints("dot:of_by_one"))
    assert len(misspelt) == 1 and "dot:of_by_one" in misspelt[0] and "lesson01" in misspelt[0]
    assert hint_problems("lesson01", dot_hints("matmul:order"))  # another exercise's mistake


def test_mistakes_are_records_with_their_exercise_message_and_hint():
    by_id = {(m.id, m.exercise): m for m in lesson_mistakes("lesson01")}
    off = by_id[("dot:off_by_one", "dot")]
    assert off.message is not None and off.message.en and CJK.search(off.message.zh)
    assert off.hint is not None and off.hint == hints.for_diagnosis("lesson01", "dot", ["dot:off_by_one"])[0][1]
    assert ("matmul:order", "matmul") in by_id and ("dot:off_by_one", "matmul") not in by_id
    # ids built at run time are families; ids in failures count too
    assert any(m.id == "fxyz:*" for m in lesson_mistakes("lesson03"))
    assert any(m.id == "xor:diverged" for m in lesson_mistakes("lesson12"))


def test_a_mistake_record_that_cannot_be_right_is_refused():
    with pytest.raises(MistakeError):
        Mistake("Dot Off By One")
    with pytest.raises(MistakeError):
        Mistake("dot:off_by_one", "not an exercise")
    with pytest.raises(MistakeError):
        Mistake("dot:off_by_one", "dot", tr("counts from one", ""))
    assert Mistake("factor:*").answered_by("factor:2") and not Mistake("dot:squares").answered_by("dot:off")
