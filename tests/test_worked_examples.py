"""Every worked example a check states (its title: "dot([1, 2, 3], [4, 5, 6]) is 32.0") holds
for the reference the grader compares learner code with.

A worked-example check compares the learner's value with the reference's on the same input,
so grading ``solutions/`` against itself stays green even when a reference is wrong: a ``dot``
that returns 14 would fail every right answer and pass the same wrong one. Here each number a
worked example states is written down once more, as a literal, and the reference the grader
loads (``grader.reference.load_reference``) must give it, within the precision the example
states it to (0.8018: within 5e-5; 32.0: exactly, up to the rounding of floats).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from grader.checking import CheckSpec
from grader.course import load_course
from grader.engine.collect import checks_for
from grader.reference import load_reference

COURSE = load_course()
EXACT = 1e-12  # a literal stated in full: equal up to the rounding of floats
LN2, LN3 = math.log(2.0), math.log(3.0)

Reference = Callable[[str], Any]  # a reference function by name, from the example's lesson


@dataclass(frozen=True)
class Example:
    """One value a worked-example check states, and how to get it from the reference."""

    lesson: str
    check: str
    case: str  # this example's own id among the check's
    quote: str  # the words of the check's title that state it
    run: Callable[[Reference], Any]
    expected: Any
    tol: float = EXACT  # absolute: half a unit of the last digit stated (EXACT, relative too, if in full)

    @property
    def id(self) -> str:
        return f"{self.lesson}-{self.check}-{self.case}"


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


_XOR_INPUTS = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
_FORWARD_PARAMS = {"W1": [[1.0, -1.0], [0.0, -1.0]], "b1": [0.0, 0.0], "W2": [[1.0], [1.0]], "b2": [0.5]}
_SMALL_NET = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.array([[1.0], [1.0]]), "b2": np.array([-2.0])}
_ONE_ONE_ONE = {"W1": np.array([[1.0]]), "b1": np.array([0.0]), "W2": np.array([[3.0]]), "b2": np.array([1.0])}


def _backward_1_1_1(ref: Reference) -> tuple[Any, ...]:
    X, Y = np.array([[2.0]]), np.array([[5.0]])
    _, cache = load_reference(COURSE.lesson("lesson09").module).forward(X, _ONE_ONE_ONE, "relu", "identity")
    grads = ref("backward")(X, Y, _ONE_ONE_ONE, cache, "relu", "identity")
    return tuple(grads[key] for key in ("W1", "b1", "W2", "b2"))


def _game(ref: Reference) -> tuple[Any, ...]:
    passes = ref("chain_backprop_game")()
    return (*[p["x"] for p in passes[:5]], passes[-1]["c"])


def _adam_moves(ref: Reference) -> Any:
    w = np.array([1.0, 2.0])
    new_w, _, _ = ref("adam_step")(w.tolist(), [0.0, 0.0], [0.0, 0.0], [0.5, -2.0], 1, lr=0.1)
    return np.abs(np.asarray(new_w) - w)


E = Example
EXAMPLES: tuple[Example, ...] = (
    # lesson01
    E("lesson01", "dot_worked_example", "32", "dot([1, 2, 3], [4, 5, 6]) is 32.0",
      lambda r: r("dot")([1, 2, 3], [4, 5, 6]), 32.0),
    E("lesson01", "outer_worked_example", "2x3", "outer([1, 2], [3, 4, 5]) is the 2x3 matrix [[3, 4, 5], [6, 8, 10]]",
      lambda r: r("outer")([1, 2], [3, 4, 5]), [[3, 4, 5], [6, 8, 10]]),
    E("lesson01", "hadamard_worked_example", "2x2",
      "hadamard([[1, 2], [3, 4]], [[5, 6], [7, 8]]) is [[5, 12], [21, 32]]",
      lambda r: r("hadamard")([[1, 2], [3, 4]], [[5, 6], [7, 8]]), [[5, 12], [21, 32]]),
    E("lesson01", "matmul_worked_example", "2x2", "matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]) is [[19, 22], [43, 50]]",
      lambda r: r("matmul")([[1, 2], [3, 4]], [[5, 6], [7, 8]]), [[19, 22], [43, 50]]),
    # lesson04
    E("lesson04", "information_worked_examples", "half", "self_information(0.5, base=2) is 1 bit",
      lambda r: r("self_information")(0.5, base=2.0), 1.0),
    E("lesson04", "information_worked_examples", "quarter", "0.25 gives 2 bits",
      lambda r: r("self_information")(0.25, base=2.0), 2.0),
    E("lesson04", "information_worked_examples", "sure", "a sure event gives 0",
      lambda r: r("self_information")(1.0), 0.0),
    E("lesson04", "entropy_worked_examples", "coin", "entropy([0.5, 0.5], base=2) is 1 bit",
      lambda r: r("entropy")([0.5, 0.5], base=2.0), 1.0),
    E("lesson04", "entropy_worked_examples", "nats", "entropy([0.7, 0.2, 0.1]) is 0.8018 nats",
      lambda r: r("entropy")([0.7, 0.2, 0.1]), 0.8018, 5e-5),
    E("lesson04", "kl_worked_examples", "bits", "kl_divergence([0.5, 0.5], [0.25, 0.75], base=2) is 0.2075 bits",
      lambda r: r("kl_divergence")([0.5, 0.5], [0.25, 0.75], base=2.0), 0.2075, 5e-5),
    E("lesson04", "kl_worked_examples", "ln2", "[1, 0] from [0.5, 0.5] is ln 2",
      lambda r: r("kl_divergence")([1.0, 0.0], [0.5, 0.5]), LN2),
    E("lesson04", "cross_entropy_worked_examples", "one-hot",
      "cross_entropy([1, 0, 0], [0.7, 0.2, 0.1]) is -ln 0.7 = 0.3567",
      lambda r: r("cross_entropy")([1.0, 0.0, 0.0], [0.7, 0.2, 0.1]), 0.3567, 5e-5),
    # lesson05
    E("lesson05", "mae_worked_example", "three", "mae([1, 2, 3], [1, 4, 0]) is (0 + 2 + 3) / 3 = 1.6667",
      lambda r: r("mae")([1, 2, 3], [1, 4, 0]), 1.6667, 5e-5),
    E("lesson05", "mse_worked_examples", "two", "mse([1, 2], [1, 4]) is (0 + 4) / (2 * 2) = 1.0",
      lambda r: r("mse")([1, 2], [1, 4]), 1.0),
    E("lesson05", "mse_grad_worked_example", "three", "mse_grad([1, 2, 3], [1, 4, 0]) is [0, -2, 3] / 3",
      lambda r: r("mse_grad")([1, 2, 3], [1, 4, 0]), [0.0, -2.0 / 3.0, 1.0]),
    E("lesson05", "bce_worked_examples", "two", "binary_cross_entropy([0.9, 0.2], [1, 0]) is 0.1643",
      lambda r: r("binary_cross_entropy")([0.9, 0.2], [1, 0]), 0.1643, 5e-5),
    E("lesson05", "bce_worked_examples", "clipped", "[0.0] for label 1 is -ln(1e-12)",
      lambda r: r("binary_cross_entropy")([0.0], [1]), -math.log(1e-12)),
    E("lesson05", "bce_grad_worked_example", "two",
      "binary_cross_entropy_grad([0.9, 0.2], [1, 0]) is [-1.1111, 1.25] / 2",
      lambda r: r("binary_cross_entropy_grad")([0.9, 0.2], [1, 0]), [-1.1111 / 2, 1.25 / 2], 5e-5),
    E("lesson05", "cce_worked_example", "two-samples", "-(ln 0.7 + ln 0.8) / 2 = 0.2899",
      lambda r: r("categorical_cross_entropy")([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]], [[1, 0, 0], [0, 1, 0]]),
      0.2899, 5e-5),
    E("lesson05", "hinge_worked_examples", "three", "hinge_loss([2, 0.5, -1], [1, 1, 1]) is (0 + 0.5 + 2) / 3",
      lambda r: r("hinge_loss")([2.0, 0.5, -1.0], [1, 1, 1]), 2.5 / 3.0),
    E("lesson05", "hinge_worked_examples", "margin", "a wide right margin costs 0",
      lambda r: r("hinge_loss")([-3.0], [-1]), 0.0),
    # lesson06
    E("lesson06", "step_worked_example", "vector", "step([-2, -0.1, 0, 3]) is [0, 0, 1, 1]: z = 0 gives 1",
      lambda r: r("step")([-2.0, -0.1, 0.0, 3.0]), [0.0, 0.0, 1.0, 1.0]),
    E("lesson06", "sigmoid_worked_examples", "zero", "sigmoid(0) is 0.5",
      lambda r: r("sigmoid")(0.0), 0.5),
    E("lesson06", "sigmoid_worked_examples", "ln3", "sigmoid(ln 3) is 0.75",
      lambda r: r("sigmoid")(LN3), 0.75),
    E("lesson06", "sigmoid_grad_worked_examples", "zero", "sigmoid_grad(0) is 0.25",
      lambda r: r("sigmoid_grad")(0.0), 0.25),
    E("lesson06", "sigmoid_grad_worked_examples", "ln3", "sigmoid_grad(ln 3) is 0.75 * 0.25 = 0.1875",
      lambda r: r("sigmoid_grad")(LN3), 0.1875),
    E("lesson06", "tanh_worked_examples", "zero", "tanh(0) is 0", lambda r: r("tanh")(0.0), 0.0),
    E("lesson06", "tanh_worked_examples", "ln2", "tanh(ln 2) is 0.6", lambda r: r("tanh")(LN2), 0.6),
    E("lesson06", "tanh_worked_examples", "far", "tanh(-1e4) is -1", lambda r: r("tanh")(-1e4), -1.0),
    E("lesson06", "tanh_grad_worked_examples", "zero", "tanh_grad(0) is 1", lambda r: r("tanh_grad")(0.0), 1.0),
    E("lesson06", "tanh_grad_worked_examples", "ln2", "tanh_grad(ln 2) is 1 - 0.6^2 = 0.64",
      lambda r: r("tanh_grad")(LN2), 0.64),
    E("lesson06", "tanh_grad_worked_examples", "far", "tanh_grad(1e4) is 0", lambda r: r("tanh_grad")(1e4), 0.0),
    E("lesson06", "relu_worked_example", "vector", "relu([-2, 0, 3.5]) is [0, 0, 3.5]",
      lambda r: r("relu")([-2.0, 0.0, 3.5]), [0.0, 0.0, 3.5]),
    E("lesson06", "relu_grad_worked_example", "vector", "relu_grad([-2, 0, 3.5]) is [0, 0, 1]",
      lambda r: r("relu_grad")([-2.0, 0.0, 3.5]), [0.0, 0.0, 1.0]),
    E("lesson06", "softmax_worked_examples", "vector", "softmax([0, ln 3]) is [0.25, 0.75]",
      lambda r: r("softmax")([0.0, LN3]), [0.25, 0.75]),
    E("lesson06", "softmax_worked_examples", "rows", "a 2-D input is taken row by row",
      lambda r: r("softmax")([[0.0, 0.0], [0.0, LN3]]), [[0.5, 0.5], [0.25, 0.75]]),
    # lesson07
    E("lesson07", "perceptron_worked_examples", "total-0", "including a total of exactly 0, as an int",
      lambda r: r("perceptron")([2, 1], [0.5, -1.0], 0.0), 1),
    E("lesson07", "train_worked_example", "two-samples", "returns ([0.1, 0.1], -0.1, True)",
      lambda r: r("train_perceptron")([[0, 0], [1, 1]], [0, 1]), ([0.1, 0.1], -0.1, True)),
    # lesson08
    E("lesson08", "forward_worked_examples", "xor", "with XOR's parameters the forward pass gives [0, 1, 1, 0]",
      lambda r: r("step_network_forward")(_XOR_INPUTS, r("xor_network_params")()), [0.0, 1.0, 1.0, 0.0]),
    E("lesson08", "forward_worked_examples", "second", "the second example gives [0]",
      lambda r: r("step_network_forward")([[0.0, -1.0]], _SMALL_NET), [0.0]),
    # lesson09
    E("lesson09", "init_worked_example", "W1", "gives W1[0, 0] = 0.08890469",
      lambda r: r("init_params")(2, 3, 1, np.random.default_rng(0))["W1"][0, 0], 0.08890469, 5e-9),
    E("lesson09", "init_worked_example", "biases", "and zero biases",
      lambda r: (lambda p: (p["b1"], p["b2"]))(r("init_params")(2, 3, 1, np.random.default_rng(0))),
      ([0.0, 0.0, 0.0], [0.0])),
    E("lesson09", "dense_worked_example", "one-row",
      "dense_forward([[1, 2]], [[1, 0, -1], [0, 1, 2]], [0.5, 0, -1]) is [[1.5, 2.0, 2.0]]",
      lambda r: r("dense_forward")([[1, 2]], [[1, 0, -1], [0, 1, 2]], [0.5, 0, -1]), [[1.5, 2.0, 2.0]]),
    # The title names the network only; its outputs, by hand: Z1 = [1, -3].
    E("lesson09", "forward_worked_example", "relu-identity", "X = [[1, 2]] through a 2-2-1 network",
      lambda r: r("forward")([[1.0, 2.0]], _FORWARD_PARAMS, "relu", "identity")[0], [[1.5]]),
    E("lesson09", "forward_worked_example", "relu-sigmoid", "X = [[1, 2]] through a 2-2-1 network",
      lambda r: r("forward")([[1.0, 2.0]], _FORWARD_PARAMS, "relu", "sigmoid")[0], [[_sigmoid(1.5)]]),
    E("lesson09", "forward_worked_example", "sigmoid-identity", "X = [[1, 2]] through a 2-2-1 network",
      lambda r: r("forward")([[1.0, 2.0]], _FORWARD_PARAMS, "sigmoid", "identity")[0],
      [[_sigmoid(1.0) + _sigmoid(-3.0) + 0.5]]),
    # lesson10
    E("lesson10", "game_worked_example", "x0-2",
      "x = 2, 4.243178, 7.343950, 9.295386, 9.655706, and a last c = 2.129577",
      _game, (2.0, 4.243178, 7.343950, 9.295386, 9.655706, 2.129577), 5e-7),
    E("lesson10", "dense_worked_example", "2x2", "dX = [[1, 1], [2, 4]], dW = [[1, -1], [4, -2]], db = [3, -1]",
      lambda r: r("dense_backward")([[1.0, -1.0], [2.0, 0.0]], [[1.0, 2.0], [0.0, 1.0]], [[1.0, 0.0], [2.0, 1.0]]),
      ([[1, 1], [2, 4]], [[1, -1], [4, -2]], [3, -1])),
    E("lesson10", "sigmoid_worked_example", "zeros", "sigmoid_backward([1, 2], [0, 0]) is [0.25, 0.5]",
      lambda r: r("sigmoid_backward")([1.0, 2.0], [0.0, 0.0]), [0.25, 0.5]),
    E("lesson10", "tanh_worked_example", "ln2", "tanh_backward([1, 2], [0, ln 2]) is [1.0, 1.28]",
      lambda r: r("tanh_backward")([1.0, 2.0], [0.0, LN2]), [1.0, 1.28]),
    E("lesson10", "relu_worked_example", "kink", "relu_backward([5, 5, 5], [-1, 0, 2]) is [0, 0, 5]",
      lambda r: r("relu_backward")([5.0, 5.0, 5.0], [-1.0, 0.0, 2.0]), [0.0, 0.0, 5.0]),
    E("lesson10", "softmax_ce_worked_example", "2x2",
      "Z = [[0, 0], [ln 3, 0]], Y = [[1, 0], [0, 1]] gives [[-0.25, 0.25], [0.375, -0.375]]",
      lambda r: r("softmax_cross_entropy_backward")([[0.0, 0.0], [LN3, 0.0]], [[1.0, 0.0], [0.0, 1.0]]),
      [[-0.25, 0.25], [0.375, -0.375]]),
    E("lesson10", "backward_worked_example", "1-1-1", "gives dW1 = 12, db1 = 6, dW2 = 4, db2 = 2",
      _backward_1_1_1, ([[12.0]], [6.0], [[4.0]], [2.0])),
    # lesson11
    E("lesson11", "batch_worked_example", "two-epochs",
      "grad_fn = 2 w, w0 = [1.0], lr = 0.25, two epochs give 0.5 then 0.25",
      lambda r: r("batch_gd")(lambda w, X, y: 2 * w, [1.0], [[1.0], [2.0]], [0.0, 1.0], 0.25, 2),
      ([0.25], [[0.5], [0.25]])),
    E("lesson11", "momentum_worked_example", "one-step",
      "w = [1, 2], v = [0.5, 0], g = [1, -1], lr = 0.1 gives w = [0.855, 2.1], v = [1.45, -1]",
      lambda r: r("momentum_step")([1.0, 2.0], [0.5, 0.0], [1.0, -1.0], 0.1), ([0.855, 2.1], [1.45, -1.0])),
    E("lesson11", "adam_worked_example", "first-step",
      "the first step from m = v = 0 moves each coordinate by about lr",
      _adam_moves, [0.1, 0.1], 1e-6),
    E("lesson11", "decay_worked_example", "three-steps", "exponential_decay(0.1, 0.5, 3) is 0.0125",
      lambda r: r("exponential_decay")(0.1, 0.5, 3), 0.0125),
    E("lesson11", "decay_worked_example", "step-0", "step 0 gives lr0",
      lambda r: r("exponential_decay")(0.1, 0.5, 0), 0.1),
)
WORKED_EXAMPLE_CHECKS = 40  # the checks whose name says "worked example"
STATED_VALUES = 58  # the values above: some checks state several


def _worked_checks() -> dict[tuple[str, str], CheckSpec]:
    return {(lesson.id, spec.name): spec for lesson in COURSE.lessons
            for specs in checks_for(lesson).values() for spec in specs if "worked" in spec.name}


def _assert_states(got: Any, expected: Any, tol: float, where: str) -> None:
    if isinstance(expected, tuple):
        assert isinstance(got, (tuple, list)) and len(got) == len(expected), f"{where}: {got!r}"
        for i, (g, e) in enumerate(zip(got, expected)):
            _assert_states(g, e, tol, f"{where}[{i}]")
    elif isinstance(expected, bool):
        assert isinstance(got, (bool, np.bool_)) and bool(got) is expected, f"{where}: {got!r} is not {expected}"
    elif isinstance(expected, int):
        assert isinstance(got, (int, np.integer)) and not isinstance(got, bool), f"{where}: {got!r} is not an int"
        assert int(got) == expected, f"{where}: {got!r} != {expected}"
    else:
        value, right = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
        assert value.shape == right.shape, f"{where}: shape {value.shape}, stated {right.shape}"
        assert np.allclose(value, right, rtol=EXACT, atol=tol), f"{where}: {value.tolist()} != stated {expected}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_the_reference_gives_the_value_the_worked_example_states(example: Example) -> None:
    module = load_reference(COURSE.lesson(example.lesson).module)
    got = example.run(lambda name: getattr(module, name))
    _assert_states(got, example.expected, example.tol, f"{example.id}: {example.quote!r}")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_the_value_is_the_one_the_checks_title_states(example: Example) -> None:
    """The literal above is the check's own: its English title has the words, and its
    Chinese title every number in them."""
    spec = _worked_checks()[(example.lesson, example.check)]
    assert example.quote in spec.title.en, (example.quote, spec.title.en)
    for number in re.findall(r"\d+(?:\.\d+)?(?:e-?\d+)?", example.quote):
        assert number in spec.title.zh, (number, spec.title.zh)


def test_every_worked_example_check_has_its_values_here() -> None:
    checks = _worked_checks()
    listed = {(e.lesson, e.check) for e in EXAMPLES}
    assert sorted(set(checks) - listed) == [], "a worked example whose values no test states"
    assert sorted(listed - set(checks)) == [], "a value of a check that is not a worked example"
    assert len(checks) == WORKED_EXAMPLE_CHECKS
    assert len(EXAMPLES) == STATED_VALUES
    assert len({e.id for e in EXAMPLES}) == len(EXAMPLES)
