"""The lesson texts' figures: computed from the reference solutions, written as SVG files.

``python -m grader.course_figures`` (re)writes ``lessons/figures/*.svg``;
``python -m grader.course_figures --check`` only says which files differ from what the
references draw now, and fails if any do. The lesson texts link the files with relative
paths (``../figures/losses.en.svg``), ``grade init`` copies the ones a lesson links, and
``grade notebooks`` embeds them in the notebooks.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from grader.i18n import LANGUAGES


@cache
def rendered() -> dict[str, str]:
    """Every figure file's name and its SVG text, as the references draw it now (drawn
    once per process: training the lesson 12 network is the slow part)."""
    from grader.course_figures.catalogue import FIGURES

    return {figure.file_name(lang): figure.svg(lang) for figure in FIGURES for lang in LANGUAGES}


def differences(folder: Path) -> list[str]:
    """The figure files in ``folder`` that are missing or differ from ``rendered()``."""
    out = []
    for name, text in rendered().items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            out.append(name)
    return out


def write_all(folder: Path) -> list[Path]:
    """Write every figure into ``folder``; returns the files written."""
    from grader.atomic import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        write_atomic(folder / name, text)
        written.append(folder / name)
    return written
