"""The clause-to-check table: every behavioural sentence of the contract has checks.

``docs/clauses.md`` is generated from ``grader/clauses.toml`` (the contract's stated
ValueErrors, boundaries, tolerances, defaults, each quoted verbatim) and from what the
hidden checks do while grading the references (input forms, no-mutation checks).
"""

from __future__ import annotations

import dataclasses

import pytest

from grader import clauses
from grader.clauses import CONTRACT, TABLE, Clause, Recording, contract_units, load_clauses, problems, record, render


@pytest.fixture(scope="module")
def recording() -> Recording:
    return record()


@pytest.fixture(scope="module")
def contract() -> str:
    assert CONTRACT.is_file(), f"the curriculum contract is expected at {CONTRACT}"
    return CONTRACT.read_text(encoding="utf-8")


def test_every_clause_has_a_check_and_every_function_its_input_forms(contract, recording):
    assert problems(contract, load_clauses(), recording) == []


def test_the_table_in_docs_is_the_generated_one_and_has_no_empty_row(recording):
    text = render(load_clauses(), recording)
    assert TABLE.read_text(encoding="utf-8") == text, "run: python bench/clauses.py"
    assert "**none**" not in text


def test_a_sentence_that_states_a_value_error_without_a_row_is_a_gap(contract, recording):
    stated = [c for c in load_clauses() if "ValueError for p < 1" not in c.quote]
    gaps = problems(contract, stated, recording)
    assert any("lesson02_norms.py: no row for" in g and "p < 1" in g for g in gaps), gaps


def test_a_clause_without_checks_or_with_an_unknown_check_is_a_gap(contract, recording):
    every = load_clauses()
    lp = next(c for c in every if c.quote == "raise ValueError for p < 1")
    emptied = [dataclasses.replace(c, checks=()) if c is lp else c for c in every]
    assert any("has no check" in g and "p < 1" in g for g in problems(contract, emptied, recording))
    renamed = [dataclasses.replace(c, checks=("lp_rejects_p_below_one",)) if c is lp else c for c in every]
    assert any("has no check lp_rejects_p_below_one" in g for g in problems(contract, renamed, recording))
    misquoted = [*every, Clause("lesson02_norms.py", "raise ValueError for p < 2", "ValueError", "lesson02",
                                "lp_norm", ("lp_rejects_small_p",))]
    assert any("is not a quote of the contract" in g for g in problems(contract, misquoted, recording))


def test_a_function_whose_checks_never_pass_ints_is_a_gap(contract, recording):
    forms = {key: {what: set(checks) for what, checks in seen.items()} for key, seen in recording.forms.items()}
    forms[("lesson01", "dot")].pop("int", None)
    forms[("lesson01", "dot")].pop("no_mutation", None)
    gaps = problems(contract, load_clauses(), Recording(forms))
    assert "lesson01.dot: no check passes ints" in gaps
    assert "lesson01.dot: no check checks that the inputs are unchanged" in gaps


def test_the_units_are_the_contract_bullets_and_its_value_error_sentences(contract):
    units = [text for _section, text in contract_units(contract)]
    assert any(u.startswith("`dot(a, b) -> float`") for u in units)
    assert any(u.startswith("A distribution is a 1-D array") for u in units)
    assert any(u.startswith("`a` is the prediction") for u in units)
    assert not any("| lesson01 |" in u for u in units)  # the files table is not behaviour


def test_python_m_grader_clauses_check_passes():
    assert clauses.main(["--check"]) == 0


def test_every_equivalent_mutant_names_a_line_of_the_references():
    """bench/equivalent_mutants.md stays anchored: each key is a small change of a real line."""
    import difflib
    import re

    listed = (TABLE.parents[1] / "bench" / "equivalent_mutants.md").read_text(encoding="utf-8")
    keys = re.findall(r"^- `([^`]+)`: (.+)$", listed, re.M)
    assert len(keys) > 50
    solutions = TABLE.parents[1] / "solutions"
    for key, reason in keys:
        lesson, line, operator, mutated = key.split(":", 3)
        source = next(solutions.glob(f"{lesson}_*.py")).read_text(encoding="utf-8").splitlines()
        original = source[int(line) - 1].strip()
        assert original != mutated.strip(), key
        if operator == "ZeroIterationForLoop":
            assert original.startswith("for ") and mutated.strip().endswith("in []:"), key
        else:
            assert difflib.SequenceMatcher(None, original, mutated.strip()).ratio() > 0.7, (key, original)
        assert operator and len(reason) > 20
