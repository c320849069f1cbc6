"""Figures drawn from a check's data: inline SVG (or HTML tables), no JavaScript.

A check attaches a figure to its result by putting a JSON-able description in
``ctx.data["figure"]`` (one dict, or a list of them); the progress report draws every
figure of an exercise's latest result. ``FIGURES`` maps each ``kind`` to its renderer, a
pure function ``(spec, lang) -> Markup``; a lesson needs no change here to draw a line
chart, a bar chart, a scatter plot over decision regions, a table or a gradient-check table. The
keys of each kind are documented in ``docs/authoring.md``.

Renderers never trust the data: a malformed figure becomes a one-line note, values that
are not finite (a diverging loss) are left out and counted, and long series are thinned.
Colours follow the Okabe-Ito palette; series also differ in dash and marker shape, and
every figure has a text legend, so nothing depends on seeing colour.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from markupsafe import Markup, escape

from grader.i18n import Text, tr

FigureRenderer = Callable[[Mapping[str, Any], str], Markup]

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DASHES = ("", "6 4", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")
MARKER_WORDS = {
    "circle": tr("circles", "圆点"), "square": tr("squares", "方块"),
    "triangle": tr("triangles", "三角"), "diamond": tr("diamonds", "菱形"),
}
MAX_POINTS = 600
MAX_CELLS = 80
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 18, 14, 46


class FigureError(ValueError):
    """The figure's data is malformed; the message says what is wrong."""


# -- small helpers ----------------------------------------------------------------------------


def text_of(value: Any, lang: str) -> str:
    """A label given as a string, as ``{"en": ..., "zh": ...}`` or as a ``Text``."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, Mapping):
        chosen = value.get(lang, value.get("en", ""))
        return str(chosen)
    return str(value)


def fmt_number(value: float) -> str:
    """Short, readable numbers: 0.25, 1.2e-09, 1500, -3.5."""
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e5 or magnitude < 1e-3:
        return f"{value:.2e}".replace("e-0", "e-").replace("e+0", "e")
    return f"{value:.4g}"


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 5 times a power of ten) covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value += step
    return ticks


_TIME_STEPS = (60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400,
               7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 365 * 86400)


def time_step(low: float, high: float, count: int = 5) -> int:
    span = max(high - low, 1.0)
    return next((s for s in _TIME_STEPS if span / s <= count), _TIME_STEPS[-1])


def time_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Tick times at round local minutes, hours or days."""
    step = time_step(low, high, count)
    offset = time.localtime(low).tm_gmtoff
    first = math.ceil((low + offset) / step) * step - offset
    ticks = []
    value = float(first)
    while value <= high:
        ticks.append(value)
        value += step
    return ticks or [low]


def fmt_time(value: float, step: float, span: float) -> str:
    """A tick label precise enough for the tick step: 14:30, 11-18 12:00, 11-18, 2025-11."""
    local = time.localtime(value)
    if step < 86400:
        return time.strftime("%H:%M" if span < 86400 else "%m-%d %H:%M", local)
    if step < 30 * 86400:
        return time.strftime("%m-%d", local)
    return time.strftime("%Y-%m", local)


def _thin(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(points) <= MAX_POINTS:
        return points
    stride = math.ceil(len(points) / MAX_POINTS)
    kept = points[::stride]
    if kept[-1] != points[-1]:
        kept.append(points[-1])
    return kept


def _marker(shape: str, x: float, y: float, colour: str, size: float = 4.2, filled: bool = True) -> str:
    fill = colour if filled else "none"
    common = f'fill="{fill}" stroke="{colour}" stroke-width="1.4"'
    if shape == "square":
        return f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" height="{2 * size:.1f}" {common}/>'
    if shape == "triangle":
        return (f'<path d="M{x:.1f} {y - size * 1.2:.1f}L{x + size * 1.1:.1f} {y + size * 0.9:.1f}'
                f'L{x - size * 1.1:.1f} {y + size * 0.9:.1f}Z" {common}/>')
    if shape == "diamond":
        return (f'<path d="M{x:.1f} {y - size * 1.3:.1f}L{x + size * 1.1:.1f} {y:.1f}L{x:.1f} '
                f'{y + size * 1.3:.1f}L{x - size * 1.1:.1f} {y:.1f}Z" {common}/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" {common}/>'


def _swatch(index: int, style: str) -> str:
    colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
    parts = ['<svg class="swatch" width="30" height="12" viewBox="0 0 30 12" aria-hidden="true">']
    if style != "markers":
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="1" y1="6" x2="29" y2="6" stroke="{colour}" stroke-width="2.2"{dashed}/>')
    if style != "line":
        parts.append(_marker(MARKERS[index % len(MARKERS)], 15, 6, colour, 3.4))
    parts.append("</svg>")
    return "".join(parts)


class _Axes:
    """Linear (or log-y) mapping from data to the plot area, with ticks and labels."""

    def __init__(self, xs: Sequence[float], ys: Sequence[float], log_y: bool, x_time: bool,
                 y_min: float | None = None, y_max: float | None = None) -> None:
        self.log_y, self.x_time = log_y, x_time
        x0, x1 = min(xs), max(xs)
        if x1 - x0 <= 0:
            pad = 3600.0 if x_time else (abs(x0) * 0.5 or 1.0)
            x0, x1 = x0 - pad, x1 + pad
        values = [math.log10(y) for y in ys] if log_y else list(ys)
        y0 = min(values) if y_min is None else min(y_min, *values)
        y1 = max(values) if y_max is None else max(y_max, *values)
        if y1 - y0 <= 0:
            pad = abs(y0) * 0.5 or 1.0
            y0, y1 = y0 - pad, y1 + pad
        if log_y:
            y0, y1 = math.floor(y0), math.ceil(y1)
        else:
            margin = (y1 - y0) * 0.05
            y0 = y0 if y_min is not None and y0 == y_min else y0 - margin
            y1 = y1 if y_max is not None and y1 == y_max else y1 + margin
        self.x0, self.x1, self.y0, self.y1 = x0, x1, y0, y1

    def x(self, value: float) -> float:
        return LEFT + (value - self.x0) / (self.x1 - self.x0) * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        v = math.log10(value) if self.log_y else value
        return TOP + (self.y1 - v) / (self.y1 - self.y0) * (HEIGHT - TOP - BOTTOM)

    def frame(self, x_label: str, y_label: str) -> list[str]:
        out = ['<g class="axes" fill="currentColor" font-size="12">']
        bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
        if self.log_y:
            y_ticks = [10.0 ** p for p in range(int(self.y0), int(self.y1) + 1)]
            if len(y_ticks) > 7:
                y_ticks = y_ticks[:: math.ceil(len(y_ticks) / 7)]
        else:
            y_ticks = nice_ticks(self.y0, self.y1)
        for tick in y_ticks:
            y = self.y(tick)
            out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="currentColor" '
                       'stroke-opacity="0.15"/>')
            label = fmt_number(tick)
            out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>')
        x_ticks = time_ticks(self.x0, self.x1) if self.x_time else nice_ticks(self.x0, self.x1, 6)
        step = time_step(self.x0, self.x1) if self.x_time else 0
        for tick in x_ticks:
            x = self.x(tick)
            if x < LEFT - 0.5 or x > right + 0.5:
                continue
            out.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="currentColor"/>')
            label = fmt_time(tick, step, self.x1 - self.x0) if self.x_time else fmt_number(tick)
            out.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{escape(label)}</text>')
        out.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="currentColor"/>')
        out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="currentColor"/>')
        if x_label:
            out.append(f'<text x="{(LEFT + right) / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
                       f'{escape(x_label)}</text>')
        if y_label:
            out.append(f'<text x="14" y="{(TOP + bottom) / 2:.1f}" text-anchor="middle" '
                       f'transform="rotate(-90 14 {(TOP + bottom) / 2:.1f})">{escape(y_label)}</text>')
        out.append("</g>")
        return out


def _figure(kind: str, title: str, body: str, legend: list[str], notes: list[str],
            caption: str = "") -> Markup:
    parts = [f'<figure class="figure" data-kind="{escape(kind)}">']
    parts.append(body)
    if legend:
        parts.append('<ul class="legend">' + "".join(f"<li>{item}</li>" for item in legend) + "</ul>")
    text = " ".join(t for t in (title, caption) if t)
    if text or notes:
        parts.append("<figcaption>")
        if title:
            parts.append(f"<strong>{escape(title)}</strong>")
        if caption:
            parts.append(f" {escape(caption)}")
        for note in notes:
            parts.append(f'<span class="note">{escape(note)}</span>')
        parts.append("</figcaption>")
    parts.append("</figure>")
    return Markup("".join(parts))


def _svg_open(label: str, desc: str) -> str:
    return (f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'preserveAspectRatio="xMidYMid meet"><title>{escape(label)}</title>'
            f"<desc>{escape(desc)}</desc>")


def _series_points(series: Mapping[str, Any]) -> tuple[list[tuple[float, float]], int]:
    """The finite (x, y) pairs of a series and how many were not finite."""
    raw: list[tuple[Any, Any]]
    if "points" in series:
        raw = [(p[0], p[1]) for p in series["points"]]
    elif "y" in series:
        ys = list(series["y"])
        xs = list(series["x"]) if "x" in series else list(range(len(ys)))
        if len(xs) != len(ys):
            raise FigureError("a series has x and y of different lengths")
        raw = list(zip(xs, ys))
    else:
        raise FigureError("a series needs 'points' or 'y'")
    points, dropped = [], 0
    for x, y in raw:
        fx, fy = _finite(x), _finite(y)
        if fx is None or fy is None:
            dropped += 1
        else:
            points.append((fx, fy))
    return points, dropped


# -- the renderers ----------------------------------------------------------------------------


def line_chart(spec: Mapping[str, Any], lang: str) -> Markup:
    """Lines (and/or markers) of one or more series: loss curves, fitted curves, timelines."""
    raw_series = spec.get("series")
    if not isinstance(raw_series, Sequence) or not raw_series:
        raise FigureError("'series' must be a non-empty list")
    log_y, x_time = bool(spec.get("log_y")), bool(spec.get("x_time"))
    title = text_of(spec.get("title"), lang)
    notes: list[str] = []
    prepared = []
    for index, series in enumerate(raw_series):
        if not isinstance(series, Mapping):
            raise FigureError("each series must be a table")
        points, dropped = _series_points(series)
        name = text_of(series.get("name"), lang)
        if log_y:
            kept = [(x, y) for x, y in points if y > 0]
            dropped += len(points) - len(kept)
            points = kept
        if dropped:
            notes.append(tr("{name}: {n} values that are not finite (or not positive on a log scale) "
                            "are not drawn.", "{name}：{n} 个非有限值（或对数坐标下的非正值）未画出。",
                            name=name or f"#{index + 1}", n=dropped).get(lang))
        style = str(series.get("style", "auto"))
        if style not in ("line", "markers", "line+markers"):
            style = "line+markers" if len(points) <= 40 else "line"
        prepared.append((index, name, _thin(points), style, bool(series.get("step"))))
    xs = [x for _, _, pts, _, _ in prepared for x, _ in pts]
    ys = [y for _, _, pts, _, _ in prepared for _, y in pts]
    hlines = [(v, text_of(h.get("label"), lang)) for h in spec.get("hlines", ()) if isinstance(h, Mapping)
              if (v := _finite(h.get("y"))) is not None and (v > 0 or not log_y)]
    if not xs:
        nothing = tr("There is nothing to draw yet.", "暂时没有可画的数据。").get(lang)
        return _figure("line_chart", title, "", [], [*notes, nothing])
    axes = _Axes(xs, ys + [v for v, _ in hlines], log_y, x_time,
                 _finite(spec.get("y_min")), _finite(spec.get("y_max")))
    desc = "; ".join(f"{name or 'series'}: {len(pts)} points" + (f", last {fmt_number(pts[-1][1])}" if pts else "")
                     for _, name, pts, _, _ in prepared)
    parts = [_svg_open(title or "chart", desc)]
    parts += axes.frame(text_of(spec.get("x_label"), lang), text_of(spec.get("y_label"), lang))
    for value, label in hlines:
        y = axes.y(value)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="currentColor" '
                     'stroke-dasharray="3 3" stroke-opacity="0.6"/>')
        if label:  # above the line, or below it when the line is at the top
            ty = y + 16 if y < TOP + 20 else y - 5
            parts.append(f'<text x="{WIDTH - RIGHT - 4}" y="{ty:.1f}" text-anchor="end" font-size="11" '
                         f'fill="currentColor">{escape(label)}</text>')
    legend = []
    for index, name, pts, style, step in prepared:
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        parts.append(f'<g class="series" data-series="{escape(name)}">')
        if style != "markers" and len(pts) > 1:
            corners = pts
            if step:  # the value holds until the next point
                corners = [pts[0]]
                for x, y in pts[1:]:
                    corners += [(x, corners[-1][1]), (x, y)]
            path = " ".join(f"{axes.x(x):.1f},{axes.y(y):.1f}" for x, y in corners)
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.2" '
                         f'stroke-linejoin="round"{dashed}/>')
        if style != "line" or len(pts) == 1:
            shape = MARKERS[index % len(MARKERS)]
            parts.extend(_marker(shape, axes.x(x), axes.y(y), colour) for x, y in pts)
        parts.append("</g>")
        if name:
            legend.append(f"{_swatch(index, style)} {escape(name)}")
    parts.append("</svg>")
    return _figure("line_chart", title, "".join(parts), legend, notes, text_of(spec.get("caption"), lang))


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def scatter(spec: Mapping[str, Any], lang: str) -> Markup:
    """Labelled points, optionally over a grid of predicted classes (decision regions)."""
    title = text_of(spec.get("title"), lang)
    raw_points = spec.get("points", [])
    if not isinstance(raw_points, Sequence):
        raise FigureError("'points' must be a list")
    points: list[tuple[float, float, str]] = []
    dropped = 0
    for item in raw_points:
        if isinstance(item, Mapping):
            x, y, label = _finite(item.get("x")), _finite(item.get("y")), str(item.get("label", ""))
        elif isinstance(item, Sequence) and len(item) >= 2:
            x, y = _finite(item[0]), _finite(item[1])
            label = str(item[2]) if len(item) > 2 else ""
        else:
            raise FigureError("each point is [x, y, label] or {x, y, label}")
        if x is None or y is None:
            dropped += 1
        else:
            points.append((x, y, label))
    classes = {str(k): text_of(v, lang) for k, v in dict(spec.get("classes", {})).items()}
    labels = list(classes) + sorted({p[2] for p in points} - set(classes))
    regions = spec.get("regions")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    grid: list[list[Any]] = []
    if isinstance(regions, Mapping):
        try:
            rx0, rx1 = (float(v) for v in regions["x"])
            ry0, ry1 = (float(v) for v in regions["y"])
            grid = [list(row) for row in regions["values"]]
        except (KeyError, TypeError, ValueError):
            raise FigureError("'regions' needs x: [min, max], y: [min, max] and values: rows") from None
        if not grid or not grid[0] or any(len(row) != len(grid[0]) for row in grid):
            raise FigureError("'regions' values must be a non-empty rectangle of rows")
        xs += [rx0, rx1]
        ys += [ry0, ry1]
    if not xs:
        return _figure("scatter", title, "", [], [tr("There is nothing to draw yet.",
                                                     "暂时没有可画的数据。").get(lang)])
    axes = _Axes(xs, ys, False, False)
    if grid:  # exact region bounds, no margin
        axes.x0, axes.x1, axes.y0, axes.y1 = rx0, rx1, ry0, ry1
    desc = f"{len(points)} points" + (f" over a {len(grid[0])} x {len(grid)} grid of regions" if grid else "")
    parts = [_svg_open(title or "scatter", desc)]
    legend: list[str] = []
    if grid:
        parts.append(_regions(grid, axes, labels, lang, legend))
    parts += axes.frame(text_of(spec.get("x_label"), lang), text_of(spec.get("y_label"), lang))
    for x, y, label in points:
        index = labels.index(label) if label in labels else 0
        colour = PALETTE[index % len(PALETTE)]
        parts.append(_marker(MARKERS[index % len(MARKERS)], axes.x(x), axes.y(y), colour, 5.0,
                             filled=index % 2 == 1))
    parts.append("</svg>")
    for index, label in enumerate(labels):
        shape = MARKERS[index % len(MARKERS)]
        colour = PALETTE[index % len(PALETTE)]
        icon = (f'<svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">'
                f"{_marker(shape, 8, 8, colour, 5.0, filled=index % 2 == 1)}</svg>")
        name = classes.get(label) or label
        legend.insert(index, f"{icon} {escape(name)} ({escape(MARKER_WORDS[shape].get(lang))})")
    notes = [tr("{n} points that are not finite are not drawn.", "{n} 个非有限的点未画出。",
                n=dropped).get(lang)] if dropped else []
    return _figure("scatter", title, "".join(parts), legend, notes, text_of(spec.get("caption"), lang))


def _regions(grid: list[list[Any]], axes: _Axes, labels: list[str], lang: str, legend: list[str]) -> str:
    """Shaded cells, merged along rows; a cell is a class label or a probability in [0, 1]."""
    row_step = max(1, math.ceil(len(grid) / MAX_CELLS))
    col_step = max(1, math.ceil(len(grid[0]) / MAX_CELLS))
    grid = [row[::col_step] for row in grid[::row_step]]
    rows, cols = len(grid), len(grid[0])
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for row in grid for v in row)
    probabilities = numeric and any(isinstance(v, float) and v != int(v) for row in grid for v in row)

    def key(value: Any) -> str:
        if probabilities:
            p = _finite(value)
            return str(round(min(1.0, max(0.0, p)) * 8) / 8 if p is not None else 0.5)
        return str(int(value)) if numeric else str(value)

    def fill(cell: str) -> str:
        if probabilities:
            return _mix(PALETTE[0], PALETTE[1], float(cell))
        if cell not in labels:
            labels.append(cell)
        return PALETTE[labels.index(cell) % len(PALETTE)]

    cell_w = (axes.x(axes.x1) - axes.x(axes.x0)) / cols
    cell_h = (axes.y(axes.y0) - axes.y(axes.y1)) / rows
    # Opaque cells in a translucent group: overlapping edges do not darken into seams.
    out = ['<g class="regions" opacity="0.25" shape-rendering="crispEdges">']
    for r, row in enumerate(grid):  # row 0 is the bottom (y min)
        y = axes.y(axes.y0) - (r + 1) * cell_h
        keys = [key(v) for v in row]
        c = 0
        while c < cols:
            end = c + 1
            while end < cols and keys[end] == keys[c]:
                end += 1
            out.append(f'<rect x="{axes.x(axes.x0) + c * cell_w:.1f}" y="{y:.1f}" '
                       f'width="{(end - c) * cell_w + 0.5:.1f}" height="{cell_h + 0.5:.1f}" '
                       f'fill="{fill(keys[c])}"/>')
            c = end
    out.append("</g>")
    if probabilities:
        legend.append(tr("Shaded background: the predicted probability at each point, from the first "
                         "class's colour (0) to the second's (1).",
                         "背景阴影：模型在每个位置预测的概率，从第一类的颜色（0）渐变到第二类的颜色（1）。").get(lang))
    else:
        legend.append(tr("Shaded background: the class the model predicts at each point.",
                         "背景阴影：模型在每个位置预测的类别。").get(lang))
    return "".join(out)


def table(spec: Mapping[str, Any], lang: str) -> Markup:
    """A plain table: ``columns`` (labels) and ``rows`` (lists of cells)."""
    columns = spec.get("columns", [])
    rows = spec.get("rows", [])
    if not isinstance(columns, Sequence) or not isinstance(rows, Sequence):
        raise FigureError("'columns' and 'rows' must be lists")
    title = text_of(spec.get("title"), lang)
    parts = ['<div class="table-wrap"><table class="data">']
    if columns:
        parts.append("<thead><tr>" + "".join(f'<th scope="col">{escape(text_of(c, lang))}</th>'
                                             for c in columns) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        if not isinstance(row, Sequence) or isinstance(row, str):
            raise FigureError("each row must be a list of cells")
        cells = []
        for cell in row:
            number = _finite(cell) if isinstance(cell, (int, float)) and not isinstance(cell, bool) else None
            if number is not None:
                cells.append(f'<td class="num">{escape(fmt_number(number))}</td>')
            else:
                cells.append(f"<td>{escape(text_of(cell, lang))}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></div>")
    return _figure("table", title, "".join(parts), [], [], text_of(spec.get("caption"), lang))


def gradient_check(spec: Mapping[str, Any], lang: str) -> Markup:
    """Numerical gradient check: per parameter the relative error against its threshold."""
    rows = spec.get("rows")
    if not isinstance(rows, Sequence) or not rows:
        raise FigureError("'rows' must be a non-empty list")
    default = _finite(spec.get("threshold"))
    title = text_of(spec.get("title"), lang) or tr("Gradient check", "梯度检验").get(lang)
    head = (tr("parameter", "参数"), tr("relative error", "相对误差"), tr("threshold", "阈值"),
            tr("verdict", "结论"))
    parts = ['<div class="table-wrap"><table class="data gradient-check"><thead><tr>']
    parts += [f'<th scope="col">{escape(h.get(lang))}</th>' for h in head]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        if not isinstance(row, Mapping):
            raise FigureError("each row is {parameter, relative_error, threshold}")
        error = _finite(row.get("relative_error"))
        limit = _finite(row["threshold"]) if row.get("threshold") is not None else default
        if error is None:
            verdict, css, shown = tr("no value", "无结果"), "st-error", "—"
        elif limit is not None and error <= limit:
            verdict, css, shown = tr("within threshold", "在阈值内"), "st-passed", fmt_number(error)
        elif limit is not None:
            verdict, css, shown = tr("above threshold", "超过阈值"), "st-failed", fmt_number(error)
        else:
            verdict, css, shown = tr("no threshold", "无阈值"), "st-none", fmt_number(error)
        parts.append(f'<tr><th scope="row">{escape(text_of(row.get("parameter"), lang))}</th>'
                     f'<td class="num">{escape(shown)}</td>'
                     f'<td class="num">{escape(fmt_number(limit) if limit is not None else "—")}</td>'
                     f'<td><span class="status {css}">{escape(verdict.get(lang))}</span></td></tr>')
    parts.append("</tbody></table></div>")
    return _figure("gradient_check", title, "".join(parts), [], [], text_of(spec.get("caption"), lang))


def bar_chart(spec: Mapping[str, Any], lang: str) -> Markup:
    """Vertical bars, one per ``{"label", "value"}``: a histogram, probabilities, pass rates."""
    bars = spec.get("bars")
    if not isinstance(bars, Sequence) or not bars:
        raise FigureError("'bars' must be a non-empty list")
    title = text_of(spec.get("title"), lang)
    values: list[tuple[str, float | None]] = []
    for bar in bars:
        if not isinstance(bar, Mapping):
            raise FigureError("each bar is {label, value}")
        values.append((text_of(bar.get("label"), lang), _finite(bar.get("value"))))
    finite = [v for _, v in values if v is not None]
    top = _finite(spec.get("y_max")) or max([*finite, 0.0]) or 1.0
    ticks = nice_ticks(0.0, top, 4)
    top = max(top, ticks[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(values)
    parts = [_svg_open(title or "bars", "; ".join(f"{label}: {fmt_number(v) if v is not None else '-'}"
                                                    for label, v in values)),
             '<g class="axes" fill="currentColor" font-size="12">']
    for tick in ticks:
        y = TOP + plot_h * (1 - tick / top)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="currentColor" '
                     'stroke-opacity="0.15"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt_number(tick))}</text>')
    every = max(1, math.ceil(len(values) / 12))
    for index, (label, value) in enumerate(values):
        x = LEFT + index * slot
        if value is not None:
            height = plot_h * max(0.0, value) / top
            parts.append(f'<rect class="bar" x="{x + slot * 0.15:.1f}" y="{TOP + plot_h - height:.1f}" '
                         f'width="{slot * 0.7:.1f}" height="{height:.1f}" fill="{PALETTE[0]}">'
                         f"<title>{escape(label)}: {escape(fmt_number(value))}</title></rect>")
        if index % every == 0:
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">'
                         f"{escape(label)}</text>")
    bottom = HEIGHT - BOTTOM
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="currentColor"/>')
    x_label, y_label = text_of(spec.get("x_label"), lang), text_of(spec.get("y_label"), lang)
    if x_label:
        parts.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
                     f"{escape(x_label)}</text>")
    if y_label:
        parts.append(f'<text x="14" y="{(TOP + bottom) / 2:.1f}" text-anchor="middle" '
                     f'transform="rotate(-90 14 {(TOP + bottom) / 2:.1f})">{escape(y_label)}</text>')
    parts.append("</g></svg>")
    return _figure("bar_chart", title, "".join(parts), [], [], text_of(spec.get("caption"), lang))


FIGURES: Mapping[str, FigureRenderer] = MappingProxyType({
    "line_chart": line_chart,
    "bar_chart": bar_chart,
    "scatter": scatter,
    "regions": scatter,
    "table": table,
    "gradient_check": gradient_check,
})


def render_figure(spec: Any, lang: str, registry: Mapping[str, FigureRenderer] = FIGURES) -> Markup:
    """Draw one figure; anything wrong with its data becomes a short note, never an exception."""
    if not isinstance(spec, Mapping):
        return _note(tr("A figure could not be drawn: its data is not a table.",
                        "无法绘制图形：数据不是表格形式。").get(lang))
    kind = str(spec.get("kind", ""))
    renderer = registry.get(kind)
    if renderer is None:
        return _note(tr("A figure of unknown kind {kind!r} was not drawn.", "未知类型 {kind!r} 的图形未绘制。",
                        kind=kind).get(lang))
    try:
        return renderer(spec, lang)
    except FigureError as exc:
        return _note(tr("A figure could not be drawn: {why}.", "无法绘制图形：{why}。", why=str(exc)).get(lang))
    except (TypeError, ValueError, KeyError, IndexError, OverflowError, ZeroDivisionError) as exc:
        return _note(tr("A figure could not be drawn ({error}).", "无法绘制图形（{error}）。",
                        error=type(exc).__name__).get(lang))


def _note(text: str) -> Markup:
    return Markup('<p class="note figure-note">{}</p>').format(text)


def figure_specs(data: Mapping[str, Any]) -> list[Any]:
    """The figures one check attached: ``data["figure"]`` is one spec or a list of them."""
    value = data.get("figure")
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _series_length(series: Mapping[str, Any]) -> int | None:
    """How many points a series has (None when it cannot tell: the renderer will say why)."""
    for key in ("points", "y"):
        value = series.get(key)
        if value is not None:
            return len(value) if isinstance(value, Sequence) else None
    return None


def has_data(spec: Any) -> bool:
    """Whether a figure has anything to draw: a chart without points or a table without rows
    would be an empty frame and a legend, which reads as a result that is not there."""
    if not isinstance(spec, Mapping):
        return True  # drawn as a note saying what is wrong with it
    kind = spec.get("kind")
    if kind == "line_chart":
        series = spec.get("series", [])
        if not isinstance(series, Sequence):
            return True  # malformed: drawn as a note
        return any(not isinstance(one, Mapping) or _series_length(one) != 0 for one in series)
    key = {"bar_chart": "bars", "table": "rows", "gradient_check": "rows", "scatter": "points",
           "regions": "points"}.get(str(kind))
    if key is None:
        return True
    value = spec.get(key)
    return not isinstance(value, Sequence) or len(value) > 0


def merged_specs(datas: Sequence[Mapping[str, Any]]) -> list[Any]:
    """All figures of an exercise's checks, in order; gradient-check tables with the same
    title are merged into one table (one row per parameter, from whichever check)."""
    out: list[Any] = []
    merged: dict[str, dict[str, Any]] = {}
    for data in datas:
        for spec in figure_specs(data):
            if isinstance(spec, Mapping) and spec.get("kind") == "gradient_check" \
                    and isinstance(spec.get("rows"), list):
                key = repr(spec.get("title"))
                rows = [{"threshold": spec.get("threshold"), **r} if isinstance(r, Mapping) else r
                        for r in spec["rows"]]
                if key in merged:
                    merged[key]["rows"] += rows
                else:
                    merged[key] = {**spec, "rows": rows}
                    out.append(merged[key])
            else:
                out.append(spec)
    return out
