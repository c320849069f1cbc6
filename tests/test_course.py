"""The course proves itself: registry, files, stubs and references agree."""

from __future__ import annotations

import ast

import pytest
from conftest import EXERCISES, SOLUTIONS

from grader.course import RegistryError, load_course, parse_course
from grader.engine.collect import checks_for

COURSE = load_course()


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
def test_every_exercise_is_a_function_in_both_workspaces(lesson):
    for folder in (EXERCISES, SOLUTIONS):
        tree = ast.parse((folder / lesson.file).read_text(encoding="utf-8"))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for exercise in lesson.exercises:
            assert exercise.name in functions, f"{folder.name}/{lesson.file} lacks {exercise.name}"


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
def test_every_stub_only_raises_not_implemented(lesson):
    tree = ast.parse((EXERCISES / lesson.file).read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for exercise in lesson.exercises:
        body = [n for n in functions[exercise.name].body
                if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
        assert len(body) == 1 and isinstance(body[0], ast.Raise), exercise.name
        raised = body[0].exc
        assert isinstance(raised, ast.Call) and getattr(raised.func, "id", "") == "NotImplementedError"


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
def test_stub_and_reference_share_signatures_and_docstrings_teach(lesson):
    def signatures(folder):
        tree = ast.parse((folder / lesson.file).read_text(encoding="utf-8"))
        return {n.name: (ast.dump(n.args), ast.get_docstring(n) or "")
                for n in tree.body if isinstance(n, ast.FunctionDef)}

    stubs, refs = signatures(EXERCISES), signatures(SOLUTIONS)
    for exercise in lesson.exercises:
        assert stubs[exercise.name][0] == refs[exercise.name][0], exercise.name
        doc = stubs[exercise.name][1]
        assert "中文" in doc and ("Example" in doc or "例" in doc), f"{exercise.name} docstring"


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
def test_checks_module_matches_registry(lesson):
    checks = checks_for(lesson)
    assert set(checks) == {e.name for e in lesson.exercises}
    for specs in checks.values():
        for spec in specs:
            assert spec.title.en and spec.title.zh and spec.title.en != spec.title.zh


def test_registry_rejects_malformed_data():
    good = {"lesson": [{"id": "lesson01", "file": "lesson01_x.py", "title": {"en": "a", "zh": "b"},
                        "exercise": [{"name": "f", "summary": {"en": "a", "zh": "b"}}]}]}
    assert parse_course(good).lessons[0].exercises[0].timeout == 10.0
    bad_file = {"lesson": [{**good["lesson"][0], "file": "x.py"}]}
    with pytest.raises(RegistryError):
        parse_course(bad_file)
    duplicate = {"lesson": [{**good["lesson"][0],
                             "exercise": good["lesson"][0]["exercise"] * 2}]}
    with pytest.raises(RegistryError):
        parse_course(duplicate)
    no_zh = {"lesson": [{**good["lesson"][0], "title": {"en": "a"}}]}
    with pytest.raises(RegistryError):
        parse_course(no_zh)


def test_lesson_ids_are_normalised():
    assert COURSE.lesson("3").id == "lesson03"
    assert COURSE.lesson("lesson3").id == "lesson03"
    assert COURSE.lesson("lesson03_derivatives.py").id == "lesson03"
