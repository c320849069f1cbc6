"""Every lesson figure, drawn by headless Chromium as an ``<img>`` is in a Markdown viewer.

A browser decodes each SVG file (an ``<img>`` shows nothing for a file it cannot parse or
that has no size), and the picture it paints is looked at: it must have ink on it,
not be a blank white rectangle. Skipped, with the reason, where no Chromium is installed
(Debian: ``apt-get install chromium``). Set ``GRADE_SCREENSHOTS=DIR`` to keep a PNG.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
from browser import BrowserError, Page, find_browser
from conftest import ROOT

pytestmark = pytest.mark.skipif(find_browser() is None,
                                reason="no Chromium found: install Debian's `chromium` package "
                                       "(or set $CHROMIUM) to draw the figures in a real browser")

FIGURES = sorted((ROOT / "lessons" / "figures").glob("*.svg"))

# For each <img>: decoded, its size, and the share of painted pixels that are not white.
INK = """Promise.all([...document.images].map(img => img.decode().then(() => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
        if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
    }
    return [img.alt, img.naturalWidth, img.naturalHeight, ink / (data.length / 4)];
}, () => [img.alt, 0, 0, 0])))"""


def test_chromium_draws_every_figure_with_ink_on_it(tmp_path: Path) -> None:
    assert FIGURES
    images = "".join(
        f'<img alt={json.dumps(path.name)} src="data:image/svg+xml;base64,'
        f'{base64.b64encode(path.read_bytes()).decode("ascii")}">' for path in FIGURES)
    page_file = tmp_path / "figures.html"
    page_file.write_text(f"<!doctype html><meta charset=utf-8><body>{images}</body>", encoding="utf-8")
    try:
        page = Page(1280, 900).__enter__()
    except BrowserError as exc:  # pragma: no cover - a broken browser install
        pytest.skip(f"Chromium did not start: {exc}")
    try:
        page.open(page_file)
        drawn = page.evaluate(INK)
        folder = os.environ.get("GRADE_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(Path(folder) / "lesson-figures.png")
    finally:
        page.close()
    assert [name for name, *_ in drawn] == [path.name for path in FIGURES]
    for name, width, height, ink in drawn:
        assert width >= 640 and height >= 300, f"{name} was not decoded ({width} x {height})"
        assert 0.01 < ink < 0.6, f"{name}: {ink:.1%} of its pixels are not white"
