"""Standalone SVG documents for the lesson texts, drawn with the report's figure module.

The progress report draws inline SVG inside HTML (``grader/reporters/figures.py``): its
axes, ticks, markers, palette and dashes are reused here, so a lesson's figure looks like
the report's. A lesson figure must also stand alone as an ``.svg`` file shown by a
Markdown viewer or a notebook: it carries its own ``xmlns``, a white background, a fixed
text colour (``currentColor`` means nothing in an ``<img>``), its title and description
for screen readers, and its legend drawn inside the picture.

Everything is a pure function of numbers: the same data gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import escape

from grader.reporters.figures import (
    DASHES,
    HEIGHT,
    LEFT,
    MARKERS,
    PALETTE,
    RIGHT,
    TOP,
    WIDTH,
    _Axes,
    _marker,
)

Point = tuple[float, float]
LEGEND_ROW = 20
TEXT_COLOUR = "#222222"
FAINT = "#9a9a9a"


@dataclass(frozen=True)
class Line:
    """One series of a panel: a line, markers, or both; ``colour`` indexes the palette
    (and the dash and marker shape, so series differ without colour); ``faint`` draws a
    thin grey guide (a contour, a tangent) that is not in the legend."""

    points: Sequence[Point]
    name: str = ""
    colour: int = 0
    style: str = "line"
    faint: bool = False
    dashed: bool | None = None
    size: float = 3.6


@dataclass(frozen=True)
class Panel:
    """One chart: its lines, axis labels and ranges, dashed horizontal guides, and an
    optional SVG fragment (drawn first, in data space) such as shaded regions."""

    lines: Sequence[Line]
    title: str = ""
    x_label: str = ""
    y_label: str = ""
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    hlines: Sequence[tuple[float, str]] = ()
    under: Callable[[_Axes], str] | None = None
    notes: Sequence[tuple[Point, str]] = field(default_factory=tuple)


def axes_for(panel: Panel) -> _Axes:
    """The report's axes for ``panel``, with exact ranges when the panel gives them."""
    xs = [x for line in panel.lines for x, _ in line.points]
    ys = [y for line in panel.lines for _, y in line.points] + [v for v, _ in panel.hlines]
    if panel.x_range:
        xs += list(panel.x_range)
    if panel.y_range:
        ys += list(panel.y_range)
    axes = _Axes(xs, ys, False, False)
    if panel.x_range:
        axes.x0, axes.x1 = panel.x_range
    if panel.y_range:
        axes.y0, axes.y1 = panel.y_range
    return axes


def _inside(axes: _Axes, x: float, y: float) -> bool:
    low, high = sorted((axes.y0, axes.y1))
    return axes.x0 - 1e-9 <= x <= axes.x1 + 1e-9 and low - 1e-9 <= y <= high + 1e-9


def _runs(axes: _Axes, points: Sequence[Point]) -> list[list[Point]]:
    """The points split where they leave the plot (a curve that runs off is cut, not clamped)."""
    runs: list[list[Point]] = [[]]
    for x, y in points:
        if math.isfinite(x) and math.isfinite(y) and _inside(axes, x, y):
            runs[-1].append((x, y))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def panel_svg(panel: Panel) -> str:
    """The panel's drawing in the report's 640 x 300 chart space (no legend)."""
    axes = axes_for(panel)
    parts = [panel.under(axes) if panel.under else ""]
    parts += axes.frame(panel.x_label, panel.y_label)
    right = WIDTH - RIGHT
    for value, label in panel.hlines:
        y = axes.y(value)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="currentColor" '
                     'stroke-dasharray="3 3" stroke-opacity="0.7"/>')
        if label:
            parts.append(f'<text x="{right - 4}" y="{y - 5:.1f}" text-anchor="end" font-size="12" '
                         f'fill="currentColor">{escape(label)}</text>')
    for line in panel.lines:
        parts.append(_line_svg(axes, line))
    for (x, y), label in panel.notes:
        parts.append(f'<text x="{axes.x(x):.1f}" y="{axes.y(y):.1f}" font-size="12" '
                     f'fill="currentColor">{escape(label)}</text>')
    if panel.title:
        parts.append(f'<text x="{LEFT + 8}" y="{TOP + 16}" font-size="14" font-weight="bold" '
                     f'fill="currentColor">{escape(panel.title)}</text>')
    return "".join(parts)


def _line_svg(axes: _Axes, line: Line) -> str:
    colour = FAINT if line.faint else PALETTE[line.colour % len(PALETTE)]
    dash = "" if line.faint else DASHES[line.colour % len(DASHES)]
    if line.dashed is not None:
        dash = "5 4" if line.dashed else ""
    width = 1.0 if line.faint else 2.2
    out = [f'<g class="series" data-series="{escape(line.name)}">']
    if line.style != "markers":
        for run in _runs(axes, line.points):
            if len(run) < 2:
                continue
            path = " ".join(f"{axes.x(x):.1f},{axes.y(y):.1f}" for x, y in run)
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}" '
                       f'stroke-linejoin="round"{dashed}/>')
    if line.style != "line":
        shape = MARKERS[line.colour % len(MARKERS)]
        out.extend(_marker(shape, axes.x(x), axes.y(y), colour, line.size)
                   for x, y in line.points if _inside(axes, x, y))
    out.append("</g>")
    return "".join(out)


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a label's width: CJK characters are square, Latin ones narrow."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def legend_svg(lines: Sequence[Line], width: float, size: float = 13.0) -> tuple[str, float]:
    """The named lines' legend in rows under the panels; (svg, height)."""
    named = [line for line in lines if line.name and not line.faint]
    if not named:
        return "", 0.0
    row_height = size * 1.6
    parts, x, row = [], 12.0, 0
    for line in named:
        span = 38 + _text_width(line.name, size) + 24
        if x + span > width and x > 12:
            x, row = 12.0, row + 1
        y = size + row * row_height
        colour = PALETTE[line.colour % len(PALETTE)]
        if line.style != "markers":
            dash = DASHES[line.colour % len(DASHES)]
            if line.dashed is not None:
                dash = "5 4" if line.dashed else ""
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 30:.1f}" y2="{y:.1f}" stroke="{colour}" '
                         f'stroke-width="2.2"{dashed}/>')
        if line.style != "line":
            parts.append(_marker(MARKERS[line.colour % len(MARKERS)], x + 15, y, colour, 3.6))
        parts.append(f'<text x="{x + 38:.1f}" y="{y + size * 0.35:.1f}" font-size="{size:g}" '
                     f'fill="currentColor">{escape(line.name)}</text>')
        x += span
    return "".join(parts), size + (row + 1) * row_height - size * 0.5


def document(panels: Sequence[Panel], title: str, desc: str, columns: int = 1) -> str:
    """A whole SVG file: the panels in a grid of ``columns``, one legend of every named
    line (each name once) under them, the title and description for screen readers."""
    rows = math.ceil(len(panels) / columns)
    width = WIDTH * columns
    cell_w, cell_h = WIDTH, HEIGHT
    seen: dict[str, Line] = {}
    for panel in panels:
        for line in panel.lines:
            if line.name and line.name not in seen and not line.faint:
                seen[line.name] = line
    # several panels side by side are shown shrunk: their text is drawn larger
    size = 13.0 if columns == 1 else 19.0
    legend, legend_h = legend_svg(list(seen.values()), width, size)
    height = rows * cell_h + legend_h + 6
    parts = [_head(width, height, title, desc)]
    for index, panel in enumerate(panels):
        x, y = (index % columns) * cell_w, (index // columns) * cell_h
        parts.append(f'<svg x="{x:g}" y="{y:g}" width="{cell_w:g}" height="{cell_h:g}" '
                     f'viewBox="0 0 {WIDTH} {HEIGHT}">{_enlarged(panel_svg(panel), columns)}</svg>')
    if legend:
        parts.append(f'<g class="legend" transform="translate(0 {rows * cell_h + 2:g})">{legend}</g>')
    parts.append("</svg>\n")
    return "".join(parts)


def _head(width: float, height: float, title: str, desc: str) -> str:
    """An SVG file's opening: namespace, size, fixed text colour, title, alt text, background."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}" role="img" aria-labelledby="title desc" '
            f'font-family="sans-serif" color="{TEXT_COLOUR}">'
            f'<title id="title">{escape(title)}</title><desc id="desc">{escape(desc)}</desc>'
            f'<rect width="{width:g}" height="{height:g}" fill="#ffffff"/>')


def network_diagram(inputs: Sequence[tuple[str, float]], weights: Sequence[Sequence[float]],
                    units: Sequence[tuple[str, float, float, int]], title: str, desc: str) -> str:
    """A layer drawn as a graph: input nodes (name, value) on the left, one arrow per
    weight (``weights[i][j]`` from input i to unit j, labelled), and each unit (name, bias,
    weighted sum, output) as a circle on the right with its sum and output beside it."""
    width, height = WIDTH, 300
    left, right = 110.0, 400.0
    def row(k: int, n: int) -> float:
        return 40 + (height - 80) * (k + 0.5) / n
    parts = [_head(width, height, title, desc)]
    for j, _ in enumerate(units):
        y_unit = row(j, len(units))
        colour = PALETTE[j % len(PALETTE)]
        dash = DASHES[j % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        for i, _ in enumerate(inputs):
            y_in = row(i, len(inputs))
            x0, x1 = left + 22, right - 34
            parts.append(f'<line x1="{x0:.1f}" y1="{y_in:.1f}" x2="{x1:.1f}" y2="{y_unit:.1f}" stroke="{colour}" '
                         f'stroke-width="1.8"{dashed}/>')
            parts.append(f'<path d="M{x1:.1f} {y_unit:.1f}l-9 -4v8z" fill="{colour}" '
                         f'transform="rotate({math.degrees(math.atan2(y_unit - y_in, x1 - x0)):.1f} '
                         f'{x1:.1f} {y_unit:.1f})"/>')
            # near the input, where one input's arrows are still apart: above the first unit's,
            # below the second's
            lx, ly = x0 + (x1 - x0) * 0.2, y_in + (y_unit - y_in) * 0.2 + (-5 if j == 0 else 15)
            parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="13" text-anchor="middle" '
                         f'fill="{colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                         f'{escape(f"{weights[i][j]:g}")}</text>')
    for i, (name, value) in enumerate(inputs):
        y = row(i, len(inputs))
        parts.append(f'<circle cx="{left:.1f}" cy="{y:.1f}" r="20" fill="#ffffff" stroke="currentColor" '
                     'stroke-width="1.6"/>')
        parts.append(f'<text x="{left:.1f}" y="{y + 5:.1f}" font-size="14" text-anchor="middle" '
                     f'fill="currentColor">{escape(name)}</text>')
        parts.append(f'<text x="{left - 30:.1f}" y="{y + 5:.1f}" font-size="14" text-anchor="end" '
                     f'fill="currentColor">{escape(f"{value:g}")}</text>')
    for j, (name, bias, total, output) in enumerate(units):
        y = row(j, len(units))
        colour = PALETTE[j % len(PALETTE)]
        parts.append(f'<circle cx="{right:.1f}" cy="{y:.1f}" r="32" fill="#ffffff" stroke="{colour}" '
                     'stroke-width="2.4"/>')
        parts.append(f'<text x="{right:.1f}" y="{y - 4:.1f}" font-size="13" text-anchor="middle" '
                     f'fill="currentColor">{escape(name)}</text>')
        parts.append(f'<text x="{right:.1f}" y="{y + 13:.1f}" font-size="12" text-anchor="middle" '
                     f'fill="currentColor">b = {escape(f"{bias:g}")}</text>')
        parts.append(f'<text x="{right + 44:.1f}" y="{y + 5:.1f}" font-size="14" fill="currentColor">'
                     f'{escape(f"Σ = {total:g}")}  →  {output}</text>')
    parts.append("</svg>\n")
    return "".join(parts)


def _enlarged(svg: str, columns: int) -> str:
    """A panel's text made larger when panels stand side by side (and are shown shrunk)."""
    if columns == 1:
        return svg
    return (svg.replace('font-size="12"', 'font-size="17"').replace('font-size="14"', 'font-size="19"')
            .replace('font-size="11"', 'font-size="16"'))


def ellipse(centre: Point, matrix: Sequence[Sequence[float]], level: float, count: int = 96) -> list[Point]:
    """The closed curve ``½ d^T H d = level`` around ``centre``: a contour of a quadratic
    loss with Hessian ``H`` (symmetric, positive definite), exactly, without a grid."""
    (a, b), (_, c) = matrix
    # eigen-decomposition of [[a, b], [b, c]]
    mean, half = (a + c) / 2, math.hypot((a - c) / 2, b)
    big, small = mean + half, mean - half
    angle = 0.5 * math.atan2(2 * b, a - c)
    cos_t, sin_t = math.cos(angle), math.sin(angle)
    r_big, r_small = math.sqrt(2 * level / big), math.sqrt(2 * level / small)
    points = []
    for k in range(count + 1):
        t = 2 * math.pi * k / count
        u, v = r_big * math.cos(t), r_small * math.sin(t)
        points.append((centre[0] + u * cos_t - v * sin_t, centre[1] + u * sin_t + v * cos_t))
    return points


def clip_line(axes: _Axes, w: Sequence[float], b: float) -> list[Point]:
    """The part of the line ``w[0] x + w[1] y + b = 0`` inside the plot (two ends, or none)."""
    ends: list[Point] = []
    low, high = sorted((axes.y0, axes.y1))
    if abs(w[1]) > 1e-12:
        for x in (axes.x0, axes.x1):
            y = -(w[0] * x + b) / w[1]
            if low <= y <= high:
                ends.append((x, y))
    if abs(w[0]) > 1e-12:
        for y in (low, high):
            x = -(w[1] * y + b) / w[0]
            if axes.x0 <= x <= axes.x1:
                ends.append((x, y))
    unique = sorted(set((round(x, 9), round(y, 9)) for x, y in ends))
    return [unique[0], unique[-1]] if len(unique) >= 2 else []


def half_planes(box: tuple[float, float, float, float],
                planes: Sequence[tuple[Sequence[float], float]]) -> list[Point]:
    """The polygon of the points of ``box`` (x0, x1, y0, y1) where every ``w · p + b >= 0``
    (clipping the box by one half-plane after another)."""
    x0, x1, y0, y1 = box
    polygon: list[Point] = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    for w, b in planes:
        def side(p: Point, w: Sequence[float] = w, b: float = b) -> float:
            return w[0] * p[0] + w[1] * p[1] + b
        kept: list[Point] = []
        for k, here in enumerate(polygon):
            before = polygon[k - 1]
            s_here, s_before = side(here), side(before)
            if (s_here >= 0) != (s_before >= 0):
                t = s_before / (s_before - s_here)
                kept.append((before[0] + t * (here[0] - before[0]), before[1] + t * (here[1] - before[1])))
            if s_here >= 0:
                kept.append(here)
        polygon = kept
        if not polygon:
            break
    return polygon


def polygon_svg(axes: _Axes, points: Sequence[Point], colour: int) -> str:
    """A translucent filled polygon in data space (a region where a model answers 1)."""
    if len(points) < 3:
        return ""
    path = " ".join(f"{axes.x(x):.1f},{axes.y(y):.1f}" for x, y in points)
    return f'<polygon points="{path}" fill="{PALETTE[colour % len(PALETTE)]}" fill-opacity="0.18"/>'
