"""The lesson texts' figures, each computed from the reference solutions.

Every figure is data first: the curves are the references' own outputs (``solutions/``,
loaded as the grader loads them), so a figure cannot drift from the maths the grader
checks. Each has a file name, the lesson it belongs to, a title and an alt text in both
languages; the alt text is what the lesson texts put in their image links.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from grader.course_figures.draw import (
    Line,
    Panel,
    clip_line,
    document,
    ellipse,
    half_planes,
    network_diagram,
    polygon_svg,
)
from grader.i18n import Text, tr
from grader.reference import load_reference
from grader.reporters.figures import _Axes


@dataclass(frozen=True)
class Figure:
    """One figure of the lesson texts: ``name.en.svg`` and ``name.zh.svg``."""

    name: str
    lesson: str
    title: Text
    alt: Text
    build: Callable[[str], str]

    def file_name(self, lang: str) -> str:
        return f"{self.name}.{lang}.svg"

    def svg(self, lang: str) -> str:
        return self.build(lang)


def _ref(module: str) -> ModuleType:
    return load_reference(module)


def _grid(low: float, high: float, count: int) -> list[float]:
    return [low + (high - low) * k / (count - 1) for k in range(count)]


def _f(value: Any) -> float:
    return float(np.asarray(value, dtype=float))


# -- lesson 03: a descent path on the contours of a two-variable function --------------------

G_HESSIAN = ((2.0, 0.0), (0.0, 6.0))  # f(w1, w2) = w1² + 3 w2²
G_START, G_LR, G_STEPS = (2.0, 1.0), 0.1, 8


def g_two(w: Any) -> float:
    """The lesson 03 example: f(w1, w2) = w1² + 3 w2²."""
    w = np.asarray(w, dtype=float)
    return float(w[0] ** 2 + 3 * w[1] ** 2)


def gradient_path() -> list[tuple[float, float]]:
    """Gradient descent on ``g_two`` with the reference's numerical gradient."""
    numerical_gradient = _ref("lesson03_derivatives").numerical_gradient
    w = np.array(G_START)
    path = [(float(w[0]), float(w[1]))]
    for _ in range(G_STEPS):
        w = w - G_LR * np.asarray(numerical_gradient(g_two, w), dtype=float)
        path.append((float(w[0]), float(w[1])))
    return path


def _gradient_contours(lang: str) -> str:
    path = gradient_path()
    contours = [Line(ellipse((0.0, 0.0), G_HESSIAN, level), faint=True) for level in (0.25, 1, 2, 4, 7)]
    step = tr("gradient descent, lr = 0.1", "梯度下降，lr = 0.1").get(lang)
    panel = Panel([*contours, Line(path, step, 1, "line+markers")],
                  x_label="w1", y_label="w2", x_range=(-3.0, 3.0), y_range=(-1.3, 1.3),
                  notes=[((2.05, 1.07), "(2, 1)")])
    return document([panel], FIGURES_BY_NAME["gradient_contours"].title.get(lang),
                    FIGURES_BY_NAME["gradient_contours"].alt.get(lang))


# -- lesson 05: losses against the prediction ----------------------------------------------


def _losses(lang: str) -> str:
    losses = _ref("lesson05_losses")
    a = _grid(0.02, 1.0, 99)
    mae = [(x, _f(losses.mae([x], [1.0]))) for x in a]
    mse = [(x, _f(losses.mse([x], [1.0]))) for x in a]
    bce = [(x, _f(losses.binary_cross_entropy([x], [1.0]))) for x in a]
    left = Panel([Line(mae, "MAE", 0), Line(mse, tr("MSE (with ½)", "均方差损失（带 ½）").get(lang), 1),
                  Line(bce, tr("cross-entropy", "交叉熵").get(lang), 2)],
                 title=tr("target y = 1", "目标 y = 1").get(lang),
                 x_label=tr("prediction a", "预测值 a").get(lang), y_label=tr("loss", "损失").get(lang),
                 x_range=(0.0, 1.0), y_range=(0.0, 4.0))
    margins = _grid(-2.0, 2.0, 161)
    zero_one = [(m, 1.0 if m < 0 else 0.0) for m in margins]
    hinge = [(m, _f(losses.hinge_loss([m], [1.0]))) for m in margins]
    exponential = [(m, math.exp(-m)) for m in margins]
    right = Panel([Line(zero_one, tr("0-1 loss", "0-1 损失").get(lang), 3),
                   Line(hinge, tr("hinge", "铰链损失").get(lang), 4),
                   Line(exponential, tr("exponential e^(-y a)", "指数损失 e^(-y a)").get(lang), 5)],
                  title=tr("labels -1 / +1", "标签 -1 / +1").get(lang),
                  x_label=tr("margin y · a", "间隔 y · a").get(lang), y_label=tr("loss", "损失").get(lang),
                  x_range=(-2.0, 2.0), y_range=(0.0, 4.0))
    figure = FIGURES_BY_NAME["losses"]
    return document([left, right], figure.title.get(lang), figure.alt.get(lang), columns=2)


# -- lesson 06: each activation and its derivative ------------------------------------------


def _activations(lang: str) -> str:
    act = _ref("lesson06_activations")
    z = _grid(-4.0, 4.0, 161)
    value, slope = tr("function", "函数").get(lang), tr("derivative", "导数").get(lang)

    def pieces(f: Callable[[float], float], jumps: bool, name: str, colour: int) -> list[Line]:
        # a jump at 0 is drawn as two pieces, so no slanted line joins them
        parts = [[p for p in z if p < 0], [p for p in z if p >= 0]] if jumps else [z]
        return [Line([(p, f(p)) for p in part], name, colour) for part in parts]

    def panel(name: str, f: Callable[[float], float], df: Callable[[float], float],
              jumps: tuple[bool, bool], y_range: tuple[float, float]) -> Panel:
        return Panel([*pieces(f, jumps[0], value, 0), *pieces(df, jumps[1], slope, 1)],
                     title=name, x_label="z", x_range=(-4.0, 4.0), y_range=y_range)

    panels = [
        panel("step", lambda p: _f(act.step(p)), lambda p: 0.0, (True, False), (-0.2, 1.2)),
        panel("sigmoid", lambda p: _f(act.sigmoid(p)), lambda p: _f(act.sigmoid_grad(p)), (False, False),
              (-0.1, 1.1)),
        panel("tanh", lambda p: _f(act.tanh(p)), lambda p: _f(act.tanh_grad(p)), (False, False), (-1.2, 1.2)),
        panel("ReLU", lambda p: _f(act.relu(p)), lambda p: _f(act.relu_grad(p)), (False, True), (-0.5, 4.0)),
    ]
    figure = FIGURES_BY_NAME["activations"]
    return document(panels, figure.title.get(lang), figure.alt.get(lang), columns=2)


# -- lesson 07: the neuron model, three inputs into two neurons -------------------------------

NEURON_X = (1.0, 0.0, 1.0)
NEURON_UNITS = (((0.5, 1.0, 0.5), -0.5), ((-1.0, 1.0, 2.0), -2.0))


def _neurons(lang: str) -> str:
    perceptron = _ref("lesson07_perceptron").perceptron
    word = tr("neuron {n}", "神经元 {n}")
    units = []
    for n, (w, b) in enumerate(NEURON_UNITS, start=1):
        total = sum(wi * xi for wi, xi in zip(w, NEURON_X)) + b
        units.append((word.format(n=n).get(lang), b, total, int(perceptron(list(NEURON_X), list(w), b))))
    weights = [[unit[0][i] for unit in NEURON_UNITS] for i in range(len(NEURON_X))]
    figure = FIGURES_BY_NAME["neurons"]
    return network_diagram([(f"x{i + 1}", v) for i, v in enumerate(NEURON_X)], weights, units,
                           figure.title.get(lang), figure.alt.get(lang))


# -- lesson 08: XOR and the hidden units' lines ---------------------------------------------


def _xor_lines(lang: str) -> str:
    xor = _ref("lesson08_xor")
    params = xor.xor_network_params()
    W1, b1 = np.asarray(params["W1"], dtype=float), np.asarray(params["b1"], dtype=float)
    box = (-0.5, 1.5)
    axes = _Axes([box[0], box[1]], [box[0], box[1]], False, False)
    axes.x0, axes.x1, axes.y0, axes.y1 = box[0], box[1], box[0], box[1]
    names = (tr("hidden unit 1 (NAND)", "隐藏单元 1（与非）"), tr("hidden unit 2 (OR)", "隐藏单元 2（或）"))
    lines = [Line(clip_line(axes, W1[:, j].tolist(), float(b1[j])), names[j].get(lang), 2 + j, dashed=True)
             for j in range(2)]
    # where both hidden units fire; the reference network must answer 1 exactly there
    band = half_planes((box[0], box[1], box[0], box[1]), [(W1[:, j].tolist(), float(b1[j])) for j in range(2)])
    probes = [[x, y] for x in _grid(box[0], box[1], 33) for y in _grid(box[0], box[1], 33)]
    inside = [all(W1[0, j] * x + W1[1, j] * y + b1[j] >= 0 for j in range(2)) for x, y in probes]
    answers = [int(v) for v in xor.step_network_forward(probes, params)]
    if answers != [int(v) for v in inside]:
        raise ValueError("the reference XOR network does not answer 1 exactly where both hidden units fire")
    points = [[0, 0], [0, 1], [1, 0], [1, 1]]
    outputs = [int(xor.XOR(x1, x2)) for x1, x2 in points]
    zero = [(float(p[0]), float(p[1])) for p, o in zip(points, outputs) if o == 0]
    one = [(float(p[0]), float(p[1])) for p, o in zip(points, outputs) if o == 1]

    def shaded(ax: _Axes) -> str:
        return polygon_svg(ax, band, 1)

    panel = Panel([*lines, Line(zero, "XOR = 0", 0, "markers"), Line(one, "XOR = 1", 1, "markers")],
                  x_label="x1", y_label="x2", x_range=box, y_range=box, under=shaded)
    figure = FIGURES_BY_NAME["xor_lines"]
    return document([panel], figure.title.get(lang), figure.alt.get(lang))


# -- lesson 10: the chain game's passes -----------------------------------------------------

GAME_Y = 2.13


def chain_c(x: float) -> float:
    """The game's chain c(x) = sqrt(ln(x²))."""
    return math.sqrt(math.log(x * x))


def gradient_game(x0: float = 2.0, passes: int = 5, lr: float = 1.0) -> list[float]:
    """The game played by back-propagation proper: multiply the error by the derivatives
    (gradient descent on ½ (c - y)²), ``passes`` forward passes from ``x0``."""
    xs = [x0]
    for _ in range(passes - 1):
        x = xs[-1]
        c = chain_c(x)
        xs.append(x - lr * (c - GAME_Y) / (x * c))  # dc/dx = 1 / (x c)
    return xs


def _chain_game(lang: str) -> str:
    game = _ref("lesson10_backprop").chain_backprop_game(2.0, GAME_Y, 1e-3)
    curve = [(x, chain_c(x)) for x in _grid(1.2, 11.0, 197)]
    newton = [(float(p["x"]), float(p["c"])) for p in game]
    tangents = []
    for (x, c), (x_next, c_next) in itertools.pairwise(newton):
        tangents.append(Line([(x, c), (x_next, GAME_Y), (x_next, c_next)], faint=True))
    multiply = [(x, chain_c(x)) for x in gradient_game()]
    exact = math.exp(GAME_Y ** 2 / 2)
    panel = Panel([Line(curve, "c(x) = sqrt(ln x²)", 0), *tangents,
                   Line(newton, tr("the game: divide by the derivatives (Newton)",
                                   "游戏：除以导数（牛顿法）").get(lang), 1, "markers"),
                   Line(multiply, tr("back-propagation: multiply by them (lr = 1)",
                                     "反向传播：乘以导数（lr = 1）").get(lang), 2, "markers")],
                  x_label="x", y_label="c", x_range=(1.0, 11.0), y_range=(0.5, 2.5),
                  hlines=[(GAME_Y, "")],
                  notes=[((1.15, GAME_Y + 0.05), f"y = {GAME_Y}"),
                         ((exact - 1.6, GAME_Y + 0.12), f"x = {exact:.4f}")])
    figure = FIGURES_BY_NAME["chain_game"]
    return document([panel], figure.title.get(lang), figure.alt.get(lang))


# -- lesson 11: descent paths on a loss surface, and three learning rates -------------------

DESCENT_M, DESCENT_START = 20, (-1.0, 2.5)


def descent_data() -> tuple[np.ndarray, np.ndarray]:
    """Points near y = 2x - 1 (fixed noise), for a line fit y ≈ w x + b."""
    rng = np.random.default_rng(7)
    x = np.linspace(-0.5, 1.5, DESCENT_M)
    return x, 2.0 * x - 1.0 + rng.normal(0.0, 0.3, DESCENT_M)


def line_grad(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of 1/(2m) sum (w0 x + w1 - y)² over the batch: [mean(e x), mean(e)]."""
    e = w[0] * X + w[1] - y
    return np.array([np.mean(e * X), np.mean(e)])


def descent_paths() -> dict[str, list[tuple[float, float]]]:
    opt = _ref("lesson11_optimizers")
    x, y = descent_data()
    start = np.array(DESCENT_START)
    runs = {
        "batch": opt.batch_gd(line_grad, start, x, y, 0.8, 20)[1],
        "sgd": opt.sgd(line_grad, start, x, y, 0.3, 2, np.random.default_rng(0))[1],
        "minibatch": opt.minibatch_gd(line_grad, start, x, y, 0.5, 4, 5, np.random.default_rng(0))[1],
    }
    return {k: [DESCENT_START, *((float(w[0]), float(w[1])) for w in h)] for k, h in runs.items()}


def _descent_paths(lang: str) -> str:
    x, y = descent_data()
    hessian = ((float(np.mean(x * x)), float(np.mean(x))), (float(np.mean(x)), 1.0))
    best = np.linalg.solve(np.array(hessian), np.array([np.mean(x * y), np.mean(y)]))
    contours = [Line(ellipse((float(best[0]), float(best[1])), hessian, level), faint=True)
                for level in (0.02, 0.1, 0.3, 0.7, 1.3, 2.1)]
    paths = descent_paths()
    names = {"batch": tr("batch: 20 epochs, 20 steps (lr 0.8)", "批量：20 轮，20 步（lr 0.8）"),
             "sgd": tr("stochastic: 2 epochs, 40 steps (lr 0.3)", "随机：2 轮，40 步（lr 0.3）"),
             "minibatch": tr("mini-batch of 5: 4 epochs, 16 steps (lr 0.5)",
                             "小批量（每批 5 个）：4 轮，16 步（lr 0.5）")}
    lines = [Line(paths[key], names[key].get(lang), index, "line+markers" if key == "batch" else "line")
             for index, key in enumerate(("batch", "sgd", "minibatch"))]
    minimum = Line([(float(best[0]), float(best[1]))], colour=6, style="markers")
    panel = Panel([*contours, *lines, minimum], x_label="w", y_label="b", x_range=(-1.5, 3.0),
                  y_range=(-2.0, 3.0),
                  notes=[((float(best[0]) + 0.1, float(best[1]) - 0.25), tr("minimum", "最小值").get(lang))])
    figure = FIGURES_BY_NAME["descent_paths"]
    return document([panel], figure.title.get(lang), figure.alt.get(lang))


RATES = (0.1, 0.5, 2.1)
RATE_STEPS = 5


def rate_paths() -> dict[float, list[float]]:
    """w after each step of batch descent on L(w) = ½ (w - 3)², from w = 0."""
    opt = _ref("lesson11_optimizers")
    dummy = np.zeros((1, 1))

    def grad(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        return w - 3.0

    return {lr: [0.0, *(float(w[0]) for w in opt.batch_gd(grad, [0.0], dummy, dummy[:, 0], lr, RATE_STEPS)[1])]
            for lr in RATES}


def _learning_rates(lang: str) -> str:
    def loss(w: float) -> float:
        return 0.5 * (w - 3.0) ** 2

    curve = [(w, loss(w)) for w in _grid(-2.0, 8.0, 201)]
    words = (tr("lr = 0.1: too small, creeps", "lr = 0.1：太小，缓慢爬行"),
             tr("lr = 0.5: about right", "lr = 0.5：合适"),
             tr("lr = 2.1: too large, overshoots and diverges", "lr = 2.1：太大，越过并发散"))
    lines = [Line([(w, loss(w)) for w in path], words[index].get(lang), index + 1, "line+markers")
             for index, path in enumerate(rate_paths().values())]
    panel = Panel([Line(curve, "L(w) = ½ (w - 3)²", 0, faint=False, dashed=False), *lines],
                  x_label="w", y_label="L(w)", x_range=(-2.0, 8.0), y_range=(0.0, 12.5))
    figure = FIGURES_BY_NAME["learning_rates"]
    return document([panel], figure.title.get(lang), figure.alt.get(lang))


# -- lesson 12: the fitted curve --------------------------------------------------------------


def curve_data() -> tuple[np.ndarray, np.ndarray]:
    """Samples of the grader's own curve, as many and as noisy as its check draws."""
    from grader.checks.lesson12 import CURVE_NOISE, CURVE_POINTS, curve

    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(0.0, 1.0, CURVE_POINTS))
    return x, curve(x) + rng.normal(0.0, CURVE_NOISE, CURVE_POINTS)


def _fitted_curve(lang: str) -> str:
    from grader.checks.lesson12 import curve

    x, y = curve_data()
    predict = _ref("lesson12_training").fit_curve(x, y, seed=0)
    grid = np.array(_grid(0.0, 1.0, 201))
    fitted = predict(grid)
    samples = Line(list(zip(x.tolist(), y.tolist())), tr("noisy samples", "带噪声的样本").get(lang), 0,
                   "markers", size=1.8)
    network = Line(list(zip(grid.tolist(), fitted.tolist())),
                   tr("network 1-32-1 (tanh)", "网络 1-32-1（tanh）").get(lang), 1, dashed=False)
    truth = Line(list(zip(grid.tolist(), curve(grid).tolist())), tr("true curve", "真实曲线").get(lang), 2,
                 dashed=True)
    panel = Panel([samples, network, truth], x_label="x", y_label="y", x_range=(0.0, 1.0))
    figure = FIGURES_BY_NAME["fitted_curve"]
    return document([panel], figure.title.get(lang), figure.alt.get(lang))


FIGURES: tuple[Figure, ...] = (
    Figure("gradient_contours", "lesson03_derivatives",
           tr("Gradient descent on the contours of f(w1, w2) = w1² + 3 w2²",
              "在 f(w1, w2) = w1² + 3 w2² 的等高线上做梯度下降"),
           tr("Elliptical contour lines of f(w1, w2) = w1² + 3 w2² around the minimum at (0, 0), and the "
              "path of gradient descent from (2, 1) with learning rate 0.1: each step crosses the contours "
              "at right angles and the steps shrink as the slope flattens.",
              "f(w1, w2) = w1² + 3 w2² 围绕最小值点 (0, 0) 的椭圆等高线，以及从 (2, 1) 出发、学习率 0.1 的"
              "梯度下降路径：每一步都垂直穿过等高线，坡度变缓时步子随之变小。"),
           _gradient_contours),
    Figure("losses", "lesson05_losses",
           tr("Losses against the prediction", "损失随预测值的变化"),
           tr("Left: for target 1, MAE falls in a straight line, MSE (with the course's ½) is a flat "
              "parabola, and cross-entropy shoots up as the prediction nears 0. Right: against the "
              "margin y·a for labels -1 and +1, the 0-1 loss jumps from 1 to 0 at 0, the hinge loss "
              "falls linearly to 0 at margin 1, and the exponential loss e^(-y a) decays smoothly.",
              "左：目标为 1 时，绝对值损失沿直线下降，均方差损失（带本课程的 ½）是一条平缓的抛物线，"
              "交叉熵在预测值接近 0 时急剧上升。右：对 -1 / +1 标签，以间隔 y·a 为横轴，0-1 损失在 0 处"
              "从 1 跳到 0，铰链损失线性下降、在间隔 1 处变为 0，指数损失 e^(-y a) 平滑衰减。"),
           _losses),
    Figure("activations", "lesson06_activations",
           tr("Activation functions and their derivatives", "激活函数及其导数"),
           tr("Four panels over z from -4 to 4, each with the function as a solid line and its derivative "
              "dashed: step jumps from 0 to 1 at 0 and has derivative 0; sigmoid rises from 0 to 1 with a "
              "bell-shaped derivative peaking at 0.25; tanh rises from -1 to 1 with a derivative peaking "
              "at 1; ReLU is 0 then the line z, its derivative 0 then 1.",
              "四幅图，z 从 -4 到 4，实线为函数，虚线为导数：阶跃函数在 0 处从 0 跳到 1，导数为 0；"
              "sigmoid 从 0 升到 1，导数呈钟形，峰值 0.25；tanh 从 -1 升到 1，导数峰值为 1；"
              "ReLU 先为 0 再沿直线 z 上升，导数先为 0 再为 1。"),
           _activations),
    Figure("neurons", "lesson07_perceptron",
           tr("A layer of two neurons on three inputs", "三个输入、两个神经元的一层"),
           tr("Three inputs x1 = 1, x2 = 0, x3 = 1 on the left, each joined by an arrow to each of two "
              "neurons on the right; every arrow carries its weight (0.5, 1, 0.5 into neuron 1; -1, 1, 2 "
              "into neuron 2). Neuron 1 has bias -0.5, weighted sum 0.5 and fires (1); neuron 2 has bias "
              "-2, weighted sum -1 and stays at 0.",
              "左边是三个输入 x1 = 1、x2 = 0、x3 = 1，每个输入都有一个箭头连到右边的两个神经元，箭头上标着"
              "权重（进入神经元 1 的是 0.5、1、0.5；进入神经元 2 的是 -1、1、2）。神经元 1 的偏置为 -0.5，"
              "加权和为 0.5，激活（输出 1）；神经元 2 的偏置为 -2，加权和为 -1，保持 0。"),
           _neurons),
    Figure("xor_lines", "lesson08_xor",
           tr("XOR: the two hidden units' lines", "异或：两个隐藏单元的直线"),
           tr("The four XOR inputs in the plane: (0, 1) and (1, 0) are 1, (0, 0) and (1, 1) are 0. Two "
              "parallel dashed lines, one per hidden unit (NAND and OR), cut the plane into three bands; "
              "the network answers 1 only in the shaded middle band, which holds exactly the two 1s.",
              "平面上的四个异或输入：(0, 1) 和 (1, 0) 为 1，(0, 0) 和 (1, 1) 为 0。两条平行的虚线分别"
              "是两个隐藏单元（与非、或）的直线，把平面分成三条带；网络只在中间的阴影带中输出 1，"
              "那里恰好是两个 1。"),
           _xor_lines),
    Figure("chain_game", "lesson10_backprop",
           tr("The chain game: Newton's method on c(x) = 2.13", "链条游戏：对 c(x) = 2.13 用牛顿法"),
           tr("The curve c(x) = sqrt(ln x²) for x from 1 to 11 and the target line c = 2.13. The game's "
              "passes at x = 2, 4.24, 7.34, 9.30 and 9.66 follow tangent lines to the target, reaching it "
              "in five passes, near the exact answer x = 9.6644. Back-propagation proper, multiplying by "
              "the derivatives with learning rate 1, moves only from 2 to about 3.0 in the same five passes.",
              "曲线 c(x) = sqrt(ln x²)（x 从 1 到 11）和目标线 c = 2.13。游戏的各轮位于 x = 2、4.24、7.34、"
              "9.30 和 9.66，沿切线走向目标，五轮就到达，接近精确解 x = 9.6644。真正的反向传播乘以导数、"
              "学习率为 1，同样五轮只从 2 走到约 3.0。"),
           _chain_game),
    Figure("descent_paths", "lesson11_optimizers",
           tr("Batch, stochastic and mini-batch descent on one loss surface",
              "同一损失曲面上的批量、随机与小批量梯度下降"),
           tr("Contour lines of the mean squared error of a line fit y = w x + b, elongated ellipses around "
              "the minimum near w = 2, b = -1. From (-1, 2.5), batch descent follows a smooth curve into the "
              "valley; stochastic descent zigzags, one sample per step; mini-batch descent is less noisy "
              "than stochastic and takes more steps per epoch than batch.",
              "直线拟合 y = w x + b 的均方差损失等高线：围绕 w = 2、b = -1 附近最小值的狭长椭圆。从 (-1, 2.5) "
              "出发，批量梯度下降沿平滑的曲线进入谷底；随机梯度下降每步只用一个样本，走成锯齿形；小批量"
              "梯度下降比随机的噪声小，每轮的步数又比批量多。"),
           _descent_paths),
    Figure("learning_rates", "lesson11_optimizers",
           tr("Three learning rates on L(w) = ½ (w - 3)²", "L(w) = ½ (w - 3)² 上的三种学习率"),
           tr("Five steps from w = 0 on the parabola L(w) = ½ (w - 3)² with minimum at w = 3. With "
              "learning rate 0.1 the steps creep down one side; with 0.5 each step halves the distance and "
              "lands near the bottom; with 2.1 every step jumps over the minimum to the other side, higher "
              "each time: training diverges.",
              "在最小值位于 w = 3 的抛物线 L(w) = ½ (w - 3)² 上，从 w = 0 出发走五步。学习率 0.1 时沿一侧"
              "缓慢下降；0.5 时每一步把距离减半，很快接近谷底；2.1 时每一步都越过最小值跳到另一侧，"
              "而且越跳越高：训练发散。"),
           _learning_rates),
    Figure("fitted_curve", "lesson12_training",
           tr("Lesson 12: the fitted curve", "第 12 课：拟合的曲线"),
           tr("200 noisy samples of the curve 0.4 x² + 0.3 x sin(15 x) + 0.01 cos(50 x) - 0.3 on [0, 1], "
              "the true curve dashed, and the reference network's prediction (one hidden layer of 32 tanh "
              "units) as a solid line that follows every wiggle of the true curve.",
              "曲线 0.4 x² + 0.3 x sin(15 x) + 0.01 cos(50 x) - 0.3 在 [0, 1] 上的 200 个带噪声样本，"
              "虚线为真实曲线，实线为参考网络（一个含 32 个 tanh 单元的隐藏层）的预测，它贴合真实曲线的"
              "每一处起伏。"),
           _fitted_curve),
)

FIGURES_BY_NAME = {figure.name: figure for figure in FIGURES}
