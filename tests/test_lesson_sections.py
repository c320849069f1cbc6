"""The lesson texts' teaching sections: the reason, the comparison, the worked example.

Each of the nine sections exists in both languages, and every worked number in it is
recomputed here from the reference solutions (or, for plain NumPy arithmetic, from
NumPy): the number as printed must appear in the section of both texts, and the value
computed now must round to it. A slip in a text, or a reference that changes under a
text, fails here.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from conftest import ROOT

from grader.reference import load_reference

SECTIONS: dict[str, tuple[str, str]] = {
    "lesson01_vectors": ("## Adding arrays, broadcasting, and the list pitfall", "## 数组相加、广播与列表的陷阱"),
    "lesson02_norms": ("## Overfitting and generalisation", "## 过拟合与泛化"),
    "lesson03_derivatives": ("## The derivative as a limit, and descent on contours",
                             "## 导数是极限，以及等高线上的下降"),
    "lesson05_losses": ("## Comparing losses", "## 损失函数的比较"),
    "lesson06_activations": ("## Why a network needs activations", "## 为什么网络需要激活函数"),
    "lesson07_perceptron": ("## The neuron model", "## 神经元模型"),
    "lesson10_backprop": ("## What a training step is for", "## 训练的一步是为了什么"),
    "lesson11_optimizers": ("## Batch, stochastic, mini-batch, and the learning rate", "## 批量、随机、小批量与学习率"),
    "lesson12_training": ("## Local minima and universal approximation", "## 局部极小值与万能近似"),
}


def ref(module: str) -> Any:
    """A reference module, loaded as the grader loads it."""
    return load_reference(module)


def section(lesson: str, lang: str) -> str:
    """The text of ``lesson``'s teaching section in ``lang``, up to the next heading."""
    text = (ROOT / "lessons" / lang / f"{lesson}.md").read_text(encoding="utf-8")
    heading = SECTIONS[lesson][0 if lang == "en" else 1]
    assert heading + "\n" in text, f"{lesson} ({lang}) has no section {heading!r}"
    body = text.split(heading + "\n", 1)[1]
    return re.split(r"^## ", body, maxsplit=1, flags=re.MULTILINE)[0]


@pytest.mark.parametrize("lesson", sorted(SECTIONS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_is_there_in_both_languages(lesson: str, lang: str) -> None:
    body = section(lesson, lang)
    assert 200 < len(body) < 3000, f"{lesson} ({lang}): the section should be short but not empty"
    if lang == "zh":
        assert len(re.findall(r"[\u4e00-\u9fff]", body)) > 60


# -- the worked numbers -------------------------------------------------------------------------


def _sigmoid_case() -> dict[str, float]:
    act, losses = ref("lesson06_activations"), ref("lesson05_losses")
    a = float(act.sigmoid(-5.0))
    slope = float(act.sigmoid_grad(-5.0))
    return {"a": a, "slope": slope, "mse": float(losses.mse_grad([a], [1.0])[0]) * slope,
            "bce": float(losses.binary_cross_entropy_grad([a], [1.0])[0]) * slope}


def _game() -> list[dict[str, float]]:
    return list(ref("lesson10_backprop").chain_backprop_game(2.0, 2.13, 1e-3))


def _rates(lr: float) -> list[float]:
    opt = ref("lesson11_optimizers")
    _, history = opt.batch_gd(lambda w, X, y: w - 3.0, [0.0], np.zeros((1, 1)), np.zeros(1), lr, 3)
    return [float(w[0]) for w in history]


def _minibatch_sizes() -> list[int]:
    sizes: list[int] = []

    def grad(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        sizes.append(len(X))
        return np.zeros_like(w)

    ref("lesson11_optimizers").minibatch_gd(grad, [0.0], np.zeros((1000, 1)), np.zeros(1000), 0.1, 1, 32,
                                            np.random.default_rng(0))
    return sizes


def _local_minimum(w0: float) -> tuple[float, float]:
    opt = ref("lesson11_optimizers")
    w, _ = opt.batch_gd(lambda w, X, y: 4 * w ** 3 - 8 * w + 1, [w0], np.zeros((1, 1)), np.zeros(1), 0.02, 200)
    value = float(w[0])
    return value, value ** 4 - 4 * value ** 2 + value


def _layer(x: list[float], W: list[list[float]], b: list[float]) -> list[float]:
    return [float(v) for v in ref("lesson09_forward").dense_forward([x], W, b)[0]]


# (lesson, the number as printed in both texts (or in each: (en, zh)), the value computed now);
# the printed value is the literal's list or tuple, or else its last number
NUMBERS: list[tuple[str, str | tuple[str, str], Callable[[], Any]]] = [
    ("lesson01_vectors", "[4, 6]", lambda: (np.array([1, 2]) + np.array([3, 4])).tolist()),
    ("lesson01_vectors", "[[11, 12], [13, 14]]", lambda: (np.array([[1, 2], [3, 4]]) + 10).tolist()),
    ("lesson01_vectors", "[[11, 22], [13, 24]]",
     lambda: (np.array([[1, 2], [3, 4]]) + np.array([10, 20])).tolist()),
    ("lesson01_vectors", "[1, 2, 3, 4]", lambda: [1, 2] + [3, 4]),  # noqa: RUF005 (the pitfall itself)
    ("lesson01_vectors", "[1, 2, 1, 2]", lambda: 2 * [1, 2]),
    ("lesson02_norms", "= 101", lambda: ref("lesson02_norms").l1_penalty([10, 1000], 0.1)),
    ("lesson02_norms", "= 50005", lambda: ref("lesson02_norms").l2_penalty([10, 1000], 0.1)),
    ("lesson02_norms", "[0.1, 0.1]", lambda: ref("lesson02_norms").l1_penalty_grad([10, 1000], 0.1).tolist()),
    ("lesson02_norms", "[1, 100]", lambda: ref("lesson02_norms").l2_penalty_grad([10, 1000], 0.1).tolist()),
    ("lesson02_norms", ("by 10", "变化 10"), lambda: 1000 * 0.01),
    ("lesson03_derivatives", "= 6.1\n", lambda: (3.1 ** 2 - 9) / 0.1),
    ("lesson03_derivatives", "= 6.01\n", lambda: (3.01 ** 2 - 9) / 0.01),
    ("lesson03_derivatives", "= 6.001", lambda: (3.001 ** 2 - 9) / 0.001),
    ("lesson03_derivatives", "[4, 6]",
     lambda: ref("lesson03_derivatives").numerical_gradient(lambda w: w[0] ** 2 + 3 * w[1] ** 2,
                                                            [2.0, 1.0]).tolist()),
    ("lesson03_derivatives", "(1.6, 0.4)", lambda: [2 - 0.1 * 4, 1 - 0.1 * 6]),
    ("lesson05_losses", "= 3.25", lambda: ref("lesson05_losses").mae([1, 1, 1, 10], [0, 0, 0, 0])),
    ("lesson05_losses", "= 12.875", lambda: ref("lesson05_losses").mse([1, 1, 1, 10], [0, 0, 0, 0])),
    ("lesson05_losses", "77 %", lambda: 100 * 10 / 13),
    ("lesson05_losses", "97 %", lambda: 100 * 100 / 103),
    ("lesson05_losses", "`a = 0.0067`", lambda: _sigmoid_case()["a"]),
    ("lesson05_losses", "0.00665", lambda: _sigmoid_case()["slope"]),
    ("lesson05_losses", "= -0.0066", lambda: _sigmoid_case()["mse"]),
    ("lesson05_losses", "= -0.9933", lambda: _sigmoid_case()["bce"]),
    ("lesson05_losses", ("hinge 1.5", "铰链损失为 1.5"), lambda: ref("lesson05_losses").hinge_loss([-0.5], [1.0])),
    ("lesson05_losses", "1.6487", lambda: math.exp(0.5)),
    ("lesson06_activations", "`h = 3`", lambda: _layer([1.0], [[2.0]], [1.0])[0]),
    ("lesson06_activations", "`y = 5", lambda: _layer(_layer([1.0], [[2.0]], [1.0]), [[3.0]], [-4.0])[0]),
    ("lesson06_activations", "6·1 - 1`", lambda: _layer([1.0], [[2.0 * 3.0]], [1.0 * 3.0 - 4.0])[0] - 4.0),
    ("lesson07_perceptron", ("= 0.5;", "= 0.5；"), lambda: float(np.dot([0.5, 1, 0.5], [1, 0, 1]) - 0.5)),
    ("lesson07_perceptron", "= -1\n", lambda: float(np.dot([-1, 1, 2], [1, 0, 1]) - 2)),
    ("lesson07_perceptron", "`[1, 0]`", lambda: [ref("lesson07_perceptron").perceptron([1, 0, 1], w, b)
                                                 for w, b in (([0.5, 1, 0.5], -0.5), ([-1, 1, 2], -2))]),
    ("lesson10_backprop", "= -2.243178", lambda: _game()[0]["x"] - _game()[1]["x"]),
    ("lesson10_backprop", "`(1.177410", lambda: _game()[0]["c"]),
    ("lesson10_backprop", "`(1.177410 - 2.13) · 2 · 1.177410 = -2.243178`",
     lambda: (_game()[0]["c"] - 2.13) * 2 * _game()[0]["c"]),
    ("lesson10_backprop", "`dL/dx = -0.404528`", lambda: (_game()[0]["c"] - 2.13) / (2 * _game()[0]["c"])),
    ("lesson10_backprop", "`x = 2.404528`", lambda: 2 - (_game()[0]["c"] - 2.13) / (2 * _game()[0]["c"])),
    ("lesson10_backprop", "e^2.26845", lambda: 2.13 ** 2 / 2),
    ("lesson10_backprop", "= 9.6644", lambda: math.exp(2.13 ** 2 / 2)),
    ("lesson10_backprop", "`x = 9.655706`", lambda: _game()[-1]["x"]),
    ("lesson11_optimizers", "0.3, 0.57, 0.813", lambda: _rates(0.1)),
    ("lesson11_optimizers", "1.5, 2.25, 2.625", lambda: _rates(0.5)),
    ("lesson11_optimizers", "6.3, -0.63, 6.993", lambda: _rates(2.1)),
    ("lesson11_optimizers", ("| 32 (", "| 32（"), lambda: len(_minibatch_sizes())),
    ("lesson11_optimizers", ("the last has 8 samples", "最后一批 8 个样本"), lambda: _minibatch_sizes()[-1]),
    ("lesson12_training", "w -> 1.3470", lambda: _local_minimum(1.0)[0]),
    ("lesson12_training", "f = -2.6186", lambda: _local_minimum(1.0)[1]),
    ("lesson12_training", "w -> -1.4730", lambda: _local_minimum(-1.0)[0]),
    ("lesson12_training", "f = -5.4442", lambda: _local_minimum(-1.0)[1]),
]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _printed(literal: str) -> Any:
    """The value a printed literal stands for: a (nested) list or tuple, or its last number."""
    inner = literal.strip().strip("`")
    for candidate in (inner, inner.split("=")[-1].strip()):
        try:
            value = ast.literal_eval(candidate)
        except (ValueError, SyntaxError):
            continue
        if isinstance(value, (list, tuple, int, float)):
            return value
    return float(_NUMBER.findall(literal)[-1])


def _decimals(value: Any) -> int:
    """Decimal places of the printed value (the largest among a list's entries)."""
    numbers = _NUMBER.findall(repr(value))
    return max((len(n.split(".")[1].rstrip("0") or "") if "." in n else 0) for n in numbers)


@pytest.mark.parametrize(("lesson", "literal", "compute"), NUMBERS,
                         ids=[f"{n[0][:8]}:{n[1] if isinstance(n[1], str) else n[1][0]}" for n in NUMBERS])
def test_every_worked_number_matches_the_reference(lesson: str, literal: str | tuple[str, str],
                                                   compute: Callable[[], Any]) -> None:
    literals = (literal, literal) if isinstance(literal, str) else literal
    for lang, shown in zip(("en", "zh"), literals):
        assert shown in section(lesson, lang), f"{lesson} ({lang}): {shown!r} is not in the section"
    printed = _printed(literals[0])
    assert printed == _printed(literals[1]), "the two texts print different numbers"
    expected = np.asarray(printed, dtype=float)
    got = np.asarray(compute(), dtype=float)
    half_unit = 0.5 * 10.0 ** -_decimals(printed) + 1e-9
    assert got.shape == expected.shape, (literal, got)
    assert np.all(np.abs(got - expected) <= half_unit), f"{literal!r}: the reference gives {got}"


def test_a_wrong_number_in_a_text_is_caught() -> None:
    """The comparison is not vacuous: a slip in the last printed digit fails it."""
    printed = _printed("= 9.6643")
    assert printed == 9.6643 and _decimals(printed) == 4
    assert abs(math.exp(2.13 ** 2 / 2) - printed) > 0.5 * 10.0 ** -_decimals(printed)
    assert _printed("0.3, 0.57, 0.813") == (0.3, 0.57, 0.813)
    assert _printed("[[11, 22], [13, 24]]") == [[11, 22], [13, 24]]


# -- the corrections the texts carry ----------------------------------------------------------


def test_the_texts_correct_the_course_texts_slips() -> None:
    backprop = {lang: section("lesson10_backprop", lang) for lang in ("en", "zh")}
    for body in backprop.values():
        assert "9.665" in body and "9.655706" in body and "9.6644" in body
    assert "Newton's method" in backprop["en"] and "牛顿法" in backprop["zh"]
    losses = {lang: section("lesson05_losses", lang) for lang in ("en", "zh")}
    assert "without the ½" in losses["en"] and "不带 ½" in losses["zh"]


def test_the_chinese_fixes() -> None:
    zh = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "lessons" / "zh").glob("lesson*.md")}
    stub = (ROOT / "exercises" / "lesson01_vectors.py").read_text(encoding="utf-8")
    assert "叉乘，本课程沿用" not in zh["lesson01_vectors"] + stub
    assert "外积不是叉乘" in zh["lesson01_vectors"] and "不是叉乘" in stub
    assert "对很小的负数" not in zh["lesson06_activations"]
    assert "绝对值很大的负数" in zh["lesson06_activations"]
    assert "早停一轮" not in zh["lesson10_backprop"]
    information = zh["lesson04_information"]
    assert information.count("平均信息量") == 1 and "两个概率分布之间的差异" in information
    assert "对数损失" in zh["lesson05_losses"] and "代价函数" in zh["lesson05_losses"]
    everything = "".join(zh.values())
    assert "异常值" not in everything and "离群点" in zh["lesson05_losses"]
