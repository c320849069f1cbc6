"""The lesson figures: drawn from the references, committed, shown where learners read.

The committed SVG files must be exactly what ``python -m grader.course_figures`` draws
from the reference solutions now (so a figure never drifts from the maths), each must be
a well-formed SVG document with its title and alt text, and each must be linked, with its
alt text, from its lesson's text in both languages, copied by ``grade init`` next to the
texts so the relative links work, and embedded in the notebooks ``grade notebooks`` writes.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from grader import materials
from grader.course import load_course
from grader.course_figures import differences, rendered
from grader.course_figures.__main__ import main as figures_command
from grader.course_figures.catalogue import FIGURES
from grader.notebook.build import lesson_notebook

FOLDER = ROOT / "lessons" / "figures"
SVG = "{http://www.w3.org/2000/svg}"
GRADE = str(Path(sys.executable).with_name("grade"))


def test_the_committed_figures_are_what_the_references_draw_now() -> None:
    assert differences(FOLDER) == [], "run: python -m grader.course_figures"
    drawn = rendered()
    assert sorted(p.name for p in FOLDER.glob("*.svg")) == sorted(drawn), "a figure file nobody draws"


def test_the_issue_s_figures_are_all_there() -> None:
    names = {figure.name for figure in FIGURES}
    assert {"activations", "losses", "descent_paths", "learning_rates", "xor_lines", "chain_game",
            "fitted_curve"} <= names


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.name)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_figure_is_a_well_formed_svg_with_its_title_and_alt_text(figure, lang) -> None:
    data = (FOLDER / figure.file_name(lang)).read_bytes()
    root = ET.fromstring(data)
    assert root.tag == SVG + "svg"
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {width:g} {height:g}" and width >= 640 and height >= 300
    assert root.attrib["role"] == "img"
    assert root.find(SVG + "title").text == figure.title.get(lang)
    assert root.find(SVG + "desc").text == figure.alt.get(lang)
    text = data.decode("utf-8")
    assert not re.search(r"\b(nan|inf)\b", text), "a value that is not finite was drawn"
    drawn = [e for e in root.iter() if e.tag in (SVG + "polyline", SVG + "circle", SVG + "rect", SVG + "path",
                                                 SVG + "polygon")]
    assert len(drawn) > 5, "the figure draws next to nothing"
    if lang == "zh":
        assert re.search(r"[\u4e00-\u9fff]", figure.alt.zh) and re.search(r"[\u4e00-\u9fff]", text)
    else:
        assert not re.search(r"[\u4e00-\u9fff]", text)


def test_the_alt_texts_state_what_the_references_draw() -> None:
    from grader.course_figures.catalogue import FIGURES_BY_NAME, gradient_game, rate_paths

    game = ref_game()
    alt = FIGURES_BY_NAME["chain_game"].alt
    for lang, about in (("en", "about "), ("zh", "约 ")):
        for step in game[1:]:
            assert f"{step['x']:.2f}" in alt.get(lang), (step, alt.get(lang))
        assert f"{about}{gradient_game()[-1]:.1f}" in alt.get(lang)
    assert len(game) == 5, "the alt text says five passes"
    too_large = [abs(w - 3) for w in rate_paths()[2.1]]
    assert too_large == sorted(too_large), "the alt text says every step lands farther away"


def ref_game() -> list[dict[str, float]]:
    from grader.reference import load_reference

    return list(load_reference("lesson10_backprop").chain_backprop_game(2.0, 2.13, 1e-3))


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.name)
def test_each_figure_is_shown_in_its_lesson_in_both_languages(figure) -> None:
    for lang in ("en", "zh"):
        text = (ROOT / "lessons" / lang / f"{figure.lesson}.md").read_text(encoding="utf-8")
        link = f"![{figure.alt.get(lang)}](../figures/{figure.file_name(lang)})"
        assert link in text, f"{figure.lesson} ({lang}) does not show {figure.file_name(lang)} with its alt text"


def test_every_image_link_in_the_texts_points_to_a_figure_of_its_language() -> None:
    for path in sorted((ROOT / "lessons").glob("*/lesson*.md")):
        text = path.read_text(encoding="utf-8")
        images = re.findall(r"\]\(([^)\s]+\.svg)\)", text)
        assert all(image.startswith("../figures/") for image in images), path
        assert len(images) == len(materials.linked_figures(text)), f"{path}: a figure shown twice"
        for name in materials.linked_figures(text):
            assert (path.parent / "../figures" / name).resolve().is_file(), (path, name)
            assert name.endswith(f".{path.parent.name}.svg"), f"{path} shows the other language's {name}"


def test_the_command_checks_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh process draws the same bytes (no state, no clock, no randomness left free)."""
    ok = subprocess.run([sys.executable, "-m", "grader.course_figures", "--check"], cwd=ROOT,
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "up to date" in ok.stdout, ok.stdout + ok.stderr
    assert figures_command(["--check", str(tmp_path)]) == 1
    assert f"{2 * len(FIGURES)} of the figures differ" in capsys.readouterr().out
    assert figures_command([str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(rendered())
    assert differences(tmp_path / "out") == []
    (tmp_path / "out" / "losses.zh.svg").write_text("<svg/>", encoding="utf-8")
    assert differences(tmp_path / "out") == ["losses.zh.svg"]
    assert figures_command(["--check", str(tmp_path / "out")]) == 1


def test_grade_init_copies_the_figures_the_texts_show(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRADE_")}
    done = subprocess.run([GRADE, "init", "course"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**env, "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stdout + done.stderr
    shown = 0
    for text in sorted((tmp_path / "course" / "lessons").glob("*/lesson*.md")):
        for name in materials.linked_figures(text.read_text(encoding="utf-8")):
            copy = text.parent / "../figures" / name
            assert copy.read_bytes() == (FOLDER / name).read_bytes(), name
            shown += 1
    assert shown >= 2 * len(FIGURES)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_notebooks_embed_the_figures(lang: str) -> None:
    for lesson in load_course().lessons:
        book = lesson_notebook(lesson, lang)
        nbformat.validate(book)
        names = materials.linked_figures(materials.text_path(lesson, lang).read_text(encoding="utf-8"))
        cells = [cell for cell in book.cells if cell.cell_type == "markdown"]
        text = "\n".join(cell.source for cell in cells)
        assert "../figures/" not in text
        attached = {name: data for cell in cells for name, data in cell.get("attachments", {}).items()}
        assert sorted(attached) == sorted(names), lesson.id
        for name in names:
            assert f"](attachment:{name})" in text
            assert base64.b64decode(attached[name]["image/svg+xml"]) == (FOLDER / name).read_bytes()


# -- the drawing helpers compute exact geometry ---------------------------------------------------


def test_contours_lie_on_their_level_and_clipped_shapes_on_their_lines() -> None:
    from grader.course_figures.draw import clip_line, ellipse, half_planes
    from grader.reporters.figures import _Axes

    hessian = ((0.8, 0.5), (0.5, 1.0))
    for x, y in ellipse((2.0, -1.0), hessian, 0.3, count=24):
        dx, dy = x - 2.0, y + 1.0
        quadratic = 0.5 * (hessian[0][0] * dx * dx + 2 * hessian[0][1] * dx * dy + hessian[1][1] * dy * dy)
        assert abs(quadratic - 0.3) < 1e-9
    box = (-0.5, 1.5, -0.5, 1.5)
    band = half_planes(box, [((-1.0, -1.0), 1.4), ((1.0, 1.0), -0.4)])
    assert band and all(0.4 - 1e-9 <= x + y <= 1.4 + 1e-9 for x, y in band)
    assert half_planes(box, [((1.0, 0.0), -5.0)]) == []  # x >= 5: nothing of the box
    axes = _Axes([-0.5, 1.5], [-0.5, 1.5], False, False)
    axes.x0, axes.x1, axes.y0, axes.y1 = box
    ends = clip_line(axes, [1.0, 1.0], -1.4)
    assert len(ends) == 2 and all(abs(x + y - 1.4) < 1e-9 for x, y in ends)
    assert clip_line(axes, [1.0, 1.0], -9.0) == []
