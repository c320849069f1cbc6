"""The contract ships with the course, and the documents point only at files the project has.

``docs/curriculum.md`` is the learner's and instructor's copy of the curriculum contract;
where the shared original sits beside the project (``../shared/curriculum.md``), the two
must be the same text, so that the copy never drifts from the contract it stands for.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COPIES = ("curriculum.md", "glossary.md")  # the contract, and the terms every Chinese string uses
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
PROJECT_PATH = re.compile(r"`((?:docs|grader|tests|shared|bench|solutions)/[A-Za-z0-9_./-]+)`")


def test_the_course_carries_the_contract() -> None:
    copy = ROOT / "docs" / "curriculum.md"
    assert copy.is_file()
    assert "def dot" in copy.read_text(encoding="utf-8") or "dot(" in copy.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COPIES)
def test_the_copy_of_the_contract_is_the_contract(name: str) -> None:
    if not (SHARED / name).is_file():
        pytest.skip(f"../shared/{name} is not beside this checkout")
    assert (ROOT / "docs" / name).read_bytes() == (SHARED / name).read_bytes(), \
        f"docs/{name} differs from ../shared/{name}: copy it again"


@pytest.mark.parametrize("document", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_documents_point_only_at_files_the_project_has(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    missing = []
    for target in LINK.findall(re.sub(r"`[^`]*`", "", text)):  # code is not a link
        if re.match(r"^[a-z]+:", target):
            continue  # a web address
        if not (document.parent / target).exists():
            missing.append(target)
    for path in PROJECT_PATH.findall(text):
        if "NN" in path or "_materials" in path:
            continue  # a pattern (lessonNN.py), or what building a wheel makes
        if not (ROOT / path.rstrip("/.")).exists() and not (document.parent / path).exists():
            missing.append(path)
    assert missing == [], f"{document.name} points at files the project does not have: {missing}"
