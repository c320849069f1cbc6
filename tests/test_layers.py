"""The package's layers point one way: no module imports one of a higher layer.

The layers are written once, in the ```layers block of ``docs/architecture.md``, from the
top down; this test reads them from there, so the document cannot drift from the code.
Imports are read as ``tests/test_import_graph.py`` reads them (``ast``, lazy imports in
functions included, a package counted as imported by its submodules' importers). An
import under ``if TYPE_CHECKING:`` never runs and may point up (docs/architecture.md says
why); every other import may reach only its own layer and the layers below.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from test_import_graph import MODULES, imports_of

ARCHITECTURE = ROOT / "docs" / "architecture.md"
BLOCK = re.compile(r"^```layers\n(.*?)^```", re.MULTILINE | re.DOTALL)


def read_layers(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The layers of a ```layers block, top first: (name, module or package names)."""
    found = BLOCK.search(text)
    assert found, "docs/architecture.md has no ```layers block"
    layers = []
    for line in found.group(1).splitlines():
        if line.strip():
            name, modules = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            layers.append((name, tuple(modules.split())))
    return layers


LAYERS = read_layers(ARCHITECTURE.read_text(encoding="utf-8"))


def rank_of(module: str, layers: list[tuple[str, tuple[str, ...]]]) -> int | None:
    """How high ``module``'s layer stands (0 for the lowest), by its longest listed prefix."""
    best: tuple[int, int] | None = None
    for height, (_, names) in enumerate(reversed(layers)):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (best is None or len(name) > best[0]):
                best = (len(name), height)
    return None if best is None else best[1]


def upward(imports: dict[str, set[str]], layers: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """Every import of ``imports`` (module -> modules it imports) that points to a higher layer."""
    names = [name for name, _ in reversed(layers)]
    wrong = []
    for module, targets in sorted(imports.items()):
        mine = rank_of(module, layers)
        for target in sorted(targets):
            theirs = rank_of(target, layers)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{module} ({names[mine]}) imports {target} ({names[theirs]})")
    return wrong


def test_the_layers_are_read_from_the_document() -> None:
    names = [name for name, _ in LAYERS]
    assert names[0] == "front doors" and names[-1] == "foundation"
    assert len(set(names)) == len(names)
    listed = [module for _, modules in LAYERS for module in modules]
    assert len(set(listed)) == len(listed), "a module is listed in two layers"
    assert rank_of("grader.engine.run", LAYERS) == rank_of("grader.engine", LAYERS)
    assert rank_of("grader.cli.grading", LAYERS) == len(LAYERS) - 1


def test_every_layer_names_modules_the_package_has() -> None:
    missing = [module for _, modules in LAYERS for module in modules if module not in MODULES]
    assert missing == []


def test_every_module_has_its_layer() -> None:
    """A new module is placed in docs/architecture.md before it is used."""
    assert imports_of("grader", type_checking=True) == set()  # the package itself imports nothing
    unplaced = sorted(module for module in MODULES if module != "grader" and rank_of(module, LAYERS) is None)
    assert unplaced == [], f"modules no layer of docs/architecture.md names: {unplaced}"


def test_the_checker_finds_an_import_that_points_up() -> None:
    layers = [("top", ("p.cli",)), ("middle", ("p.engine",)), ("bottom", ("p.model", "p.i18n"))]
    assert upward({"p.cli": {"p.engine", "p.model"}, "p.engine": {"p.model"}, "p.model": {"p.i18n"}}, layers) == []
    assert upward({"p.model": {"p.engine.run"}}, layers) == ["p.model (bottom) imports p.engine.run (middle)"]


def test_no_module_imports_a_higher_layer() -> None:
    imports = {module: imports_of(module, type_checking=False) for module in MODULES}
    assert upward(imports, LAYERS) == []


@pytest.mark.parametrize("low", ["grader.sandbox", "grader.i18n", "grader.errors", "grader.atomic"])
def test_the_lowest_layers_import_only_below_themselves(low: str) -> None:
    """Counting type-only imports too: the child's side and the foundations name nothing above."""
    height = rank_of(low, LAYERS)
    assert height is not None
    for module in MODULES:
        if module == low or module.startswith(low + "."):
            above = {t for t in imports_of(module, type_checking=True) if (rank_of(t, LAYERS) or 0) > height}
            assert above == set(), f"{module} imports {above}"
