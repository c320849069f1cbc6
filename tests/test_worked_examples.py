"""Every worked example a check states (its title: "dot([1, 2, 3], [4, 5, 6]) is 32.0") holds
for the reference the grader compares learner code with.

A worked-example check compares the learner's value with the reference's on the same input,
so grading ``solutions/`` against itself stays green even when a reference is wrong: a ``dot``
that returns 14 would fail every right answer and pass the same wrong one. Here each number a
worked example states is written down once more, as a literal, and the reference the grader
loads (``grader.reference.load_reference``) must give it, within the precision the example
states it to (0.8018: within 5e-5; 32.0: exactly, up to the rounding of floats).

Checks that are not named worked examples state values too, and most of them also take the
value they demand from the reference: "the L2 norm of an empty vector is 0.0", "XOR gives 0,
1, 1, 0", "epochs defaults to 100", "f_xyz_gradient returns [2x + 3y, 3x + 2y, 3z^2]" (a
formula with its coefficients, checked at a few points). Those values are here as well
(``STATED_ELSEWHERE``). Titles that state only what a function does ("l1_norm is the sum of
absolute values"), that it raises, or a tolerance it is held to, are not.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from grader.checking import CheckSpec
from grader.checks.lesson07 import MIXED_DATA, _epochs_to_converge
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


def _quietly(run: Callable[[Reference], Any]) -> Callable[[Reference], Any]:
    """``run``, with an overflow, a division by 0, a NaN or any warning failing the test."""
    def quiet(ref: Reference) -> Any:
        with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
            warnings.simplefilter("error")
            return run(ref)
    return quiet


def _central(f: Callable[[Any], float], x: Any, h: float) -> Any:
    """Central differences of f with step h, coordinate by coordinate."""
    point = np.array(x, dtype=float)
    grad = np.zeros_like(point)
    for i in np.ndindex(point.shape):
        up, down = point.copy(), point.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2.0 * h)
    return grad


def _cubic(x: Any) -> Any:
    return x**3 - 2 * x + 1


def _sum_of_cubes(v: Any) -> float:
    return float(np.sum(np.asarray(v) ** 3))


_GATE_INPUTS = [(0, 0), (1, 0), (0, 1), (1, 1)]  # the order of the truth tables the checks show
_QUADRATIC_AT = (0.0, 1.0, 3.0, -2.5, 10.0)
_XYZ_AT = ((1.0, 2.0, 3.0), (-1.5, 0.5, -2.0))
_KINK_Z = np.array([[0.0, 1.0, -1.0], [2.0, 0.0, 0.0]])
_KINK_DA = np.array([[3.0, -1.0, 2.0], [1.0, -4.0, 0.5]])
_NEVER_CONVERGES = (np.array([[3, -2], [0, -2], [-3, 2], [-3, -2], [0, 0], [-3, 3]], dtype=float),
                    np.array([1, 1, 0, 1, 0, 1], dtype=float))
_MIXED = (np.array(MIXED_DATA[0], dtype=float), np.array(MIXED_DATA[1], dtype=float))
_LAST_EPOCH = _epochs_to_converge(*_MIXED, 0.5)  # by the grader's own run of the rule: 3


def _truth_table(gate_params: str) -> Callable[[Reference], tuple[Any, ...]]:
    def table(ref: Reference) -> tuple[Any, ...]:
        w, b = ref(gate_params)()
        return tuple(ref("perceptron")([x1, x2], w, b) for x1, x2 in _GATE_INPUTS)
    return table


def _xor_network(ref: Reference) -> tuple[int, ...]:
    """The step network of lesson 8 with the reference's parameters, computed here."""
    params = {key: np.asarray(value, dtype=float) for key, value in ref("xor_network_params")().items()}
    hidden = (np.array(_GATE_INPUTS, dtype=float) @ params["W1"] + params["b1"] >= 0).astype(float)
    return tuple(int(v) for v in (hidden @ params["W2"] + params["b2"] >= 0).reshape(-1))


def _network_shapes(ref: Reference) -> tuple[Any, ...]:
    """The shapes of W1, b1, W2 and b2, and whether all four are float arrays."""
    params = [ref("xor_network_params")()[key] for key in ("W1", "b1", "W2", "b2")]
    floats = all(isinstance(v, np.ndarray) and np.issubdtype(v.dtype, np.floating) for v in params)
    return (*(tuple(np.shape(v)) for v in params), floats)


def _default_epochs(ref: Reference) -> tuple[bool, ...]:
    train = ref("train_perceptron")
    w, b, converged = train(*_NEVER_CONVERGES, lr=1.0)

    def same(epochs: int) -> bool:
        w_e, b_e, _ = train(*_NEVER_CONVERGES, lr=1.0, epochs=epochs)
        return bool(np.array_equal(w, w_e) and b == b_e)
    return same(100), same(99), same(101), converged


def _last_epoch(ref: Reference) -> tuple[Any, Any]:
    train = ref("train_perceptron")
    return (train(*_MIXED, lr=0.5, epochs=_LAST_EPOCH)[2], train(*_MIXED, lr=0.5, epochs=_LAST_EPOCH - 1)[2])


def _f_xyz(x: float, y: float, z: float) -> float:
    return x**2 + 3 * x * y + y**2 + z**3


# Values stated by checks that are not named worked examples; the reference must give them too.
STATED_ELSEWHERE: tuple[Example, ...] = (
    # lesson02
    E("lesson02", "l0_empty", "empty", "the L0 norm of an empty vector is 0", lambda r: r("l0_norm")([]), 0),
    E("lesson02", "l1_empty", "empty", "the L1 norm of an empty vector is 0.0", lambda r: r("l1_norm")([]), 0.0),
    E("lesson02", "l2_empty", "empty", "the L2 norm of an empty vector is 0.0", lambda r: r("l2_norm")([]), 0.0),
    E("lesson02", "lp_empty", "p-2", "every Lp norm of an empty vector is 0.0", lambda r: r("lp_norm")([], 2), 0.0),
    E("lesson02", "lp_empty", "p-inf", "including p = inf", lambda r: r("lp_norm")([], np.inf), 0.0),
    E("lesson02", "l1_penalty_grad_values", "zero", "l1_penalty_grad is lam * sign(w), with 0 exactly where w_i == 0",
      lambda r: r("l1_penalty_grad")([1.0, -2.0, 0.0], 0.5), [0.5, -0.5, 0.0]),
    # lesson03: formulas with their coefficients, at a few points
    E("lesson03", "quadratic_values", "points", "quadratic(x) = 2x^2 - 12x + 20",
      lambda r: [r("quadratic")(x) for x in _QUADRATIC_AT], [20.0, 10.0, 2.0, 62.5, 100.0]),
    E("lesson03", "quadratic_derivative_values", "points", "quadratic_derivative(x) = 4x - 12",
      lambda r: [r("quadratic_derivative")(x) for x in _QUADRATIC_AT], [-12.0, -8.0, 0.0, -22.0, 28.0]),
    E("lesson03", "quadratic_minimum_value", "x-3", "quadratic_minimum() returns (x*, f(x*)) where f'(x*) = 0",
      lambda r: r("quadratic_minimum")(), (3.0, 2.0)),
    E("lesson03", "f_xyz_values", "points", "f_xyz(x, y, z) = x^2 + 3xy + y^2 + z^3",
      lambda r: [r("f_xyz")(*p) for p in _XYZ_AT], [38.0, -7.75]),
    E("lesson03", "f_xyz_gradient_values", "points", "f_xyz_gradient returns [2x + 3y, 3x + 2y, 3z^2]",
      lambda r: [r("f_xyz_gradient")(*p) for p in _XYZ_AT], [[8.0, 7.0, 27.0], [-1.5, -3.5, 12.0]]),
    # Central differences of a cubic are off by h^2: 1e-10 for h = 1e-5, 1.21e-10 for 1.1e-5.
    E("lesson03", "derivative_default_step", "h", "with the default h = 1e-5",
      lambda r: r("numerical_derivative")(_cubic, 0.5), (_cubic(0.5 + 1e-5) - _cubic(0.5 - 1e-5)) / 2e-5, 5e-12),
    E("lesson03", "derivative_default_step", "accurate",
      "the derivative of x^3 - 2x + 1 is accurate to 1e-8",
      lambda r: [r("numerical_derivative")(_cubic, x) for x in (0.5, -1.5)], [-1.25, 4.75], 1e-8),
    E("lesson03", "gradient_default_step", "h", "numerical_gradient's default step is h = 1e-5 (called without h)",
      lambda r: r("numerical_gradient")(_sum_of_cubes, np.array([0.1, -0.2, 0.3])),
      _central(_sum_of_cubes, [0.1, -0.2, 0.3], 1e-5), 5e-12),
    # lesson04
    E("lesson04", "entropy_zero_terms", "1-0", "entropy([1, 0]) is 0",
      _quietly(lambda r: r("entropy")([1.0, 0.0])), 0.0),
    E("lesson04", "kl_infinite_when_q_misses_p", "inf", "kl_divergence is inf when some q_i = 0 where p_i > 0",
      lambda r: r("kl_divergence")([0.5, 0.5], [1.0, 0.0]), math.inf),
    E("lesson04", "kl_properties", "p-p", "KL(p || p) = 0",
      lambda r: r("kl_divergence")([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 0.0),
    # lesson06
    E("lesson06", "sigmoid_is_stable", "far", "sigmoid of +-1000 and +-1e4 is 0 or 1 with no overflow warning",
      _quietly(lambda r: r("sigmoid")(np.array([-1e4, -1000.0, 1000.0, 1e4]))), [0.0, 0.0, 1.0, 1.0]),
    E("lesson06", "sigmoid_grad_any_shape", "far", "is 0 far out at +-1e4",
      lambda r: r("sigmoid_grad")(np.array([-1e4, 1e4])), [0.0, 0.0]),
    E("lesson06", "softmax_of_one_entry", "vector", "softmax of a single score is 1, for a vector of one entry",
      lambda r: r("softmax")([2.5]), [1.0]),
    E("lesson06", "softmax_of_one_entry", "column", "a column of rows (m, 1)",
      lambda r: r("softmax")(np.array([[3.0], [-1e4], [0.0]])), [[1.0], [1.0], [1.0]]),
    # lesson07: the truth tables in the order (0, 0), (1, 0), (0, 1), (1, 1), as ints
    E("lesson07", "and_params_truth_table", "table", "with these (w, b) is the AND truth table",
      _truth_table("and_gate_params"), (0, 0, 0, 1)),
    E("lesson07", "or_params_truth_table", "table", "with these (w, b) is the OR truth table",
      _truth_table("or_gate_params"), (0, 1, 1, 1)),
    E("lesson07", "nand_params_truth_table", "table", "with these (w, b) is the NAND truth table",
      _truth_table("nand_gate_params"), (1, 1, 1, 0)),
    E("lesson07", "and_truth_table", "table", "AND gives the AND truth table on all four inputs, as ints",
      lambda r: tuple(r("AND")(x1, x2) for x1, x2 in _GATE_INPUTS), (0, 0, 0, 1)),
    E("lesson07", "or_truth_table", "table", "OR gives the OR truth table on all four inputs, as ints",
      lambda r: tuple(r("OR")(x1, x2) for x1, x2 in _GATE_INPUTS), (0, 1, 1, 1)),
    E("lesson07", "nand_truth_table", "table", "NAND gives the NAND truth table on all four inputs, as ints",
      lambda r: tuple(r("NAND")(x1, x2) for x1, x2 in _GATE_INPUTS), (1, 1, 1, 0)),
    E("lesson07", "train_stops_after_epochs", "xor", "training stops after epochs with converged False",
      lambda r: r("train_perceptron")([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], lr=0.5, epochs=30)[2],
      False),
    E("lesson07", "train_converges_in_the_last_epoch", "mixed", "converged is True, one epoch fewer is False",
      _last_epoch, (True, False)),
    # (same as epochs = 100, as 99, as 101; converged)
    E("lesson07", "train_default_epochs", "100",
      "epochs defaults to 100: on data that never converges, all 100 epochs run (99 or 101 give other weights)",
      _default_epochs, (True, False, False, False)),
    # lesson08: XOR is AND(NAND, OR) of lesson 7's gates in the reference, as the check requires
    E("lesson08", "xor_truth_table", "table", "XOR gives 0, 1, 1, 0 on the four inputs, as ints",
      lambda r: tuple(r("XOR")(x1, x2) for x1, x2 in _GATE_INPUTS), (0, 1, 1, 0)),
    E("lesson08", "network_params_shapes", "shapes",
      "xor_network_params returns W1 (2, 2), b1 (2,), W2 (2, 1) and b2 (1,) as float arrays",
      _network_shapes, ((2, 2), (2,), (2, 1), (1,), True)),
    E("lesson08", "network_params_compute_xor", "table",
      "the step network with these parameters gives XOR's truth table", _xor_network, (0, 1, 1, 0)),
    # lesson10
    E("lesson10", "relu_zero_at_the_kink", "kink", "relu_backward gives 0 where Z is exactly 0, whatever dA is",
      lambda r: np.asarray(r("relu_backward")(_KINK_DA, _KINK_Z))[_KINK_Z == 0.0], [0.0, 0.0, 0.0]),
    E("lesson10", "game_defaults_and_low_targets", "100", "max_steps defaults to 100 (tol = 0 never stops)",
      lambda r: len(r("chain_backprop_game")(2.0, math.sqrt(math.log(4.0)), 0.0)), 100),
)
OTHER_CHECKS_STATING_VALUES = 32  # checks not named worked examples whose titles state values
VALUES_STATED_ELSEWHERE = 35
ALL_EXAMPLES = EXAMPLES + STATED_ELSEWHERE

# A title that reads as if it stated a value ("is 0", "gives 0, 1, 1, 0", "defaults to 100",
# "returns W1 (2, 2)", "the AND truth table") must have its value above, or be named here with
# the reason it states none.
_LOOKS_LIKE_A_VALUE = re.compile(
    r"\b(?:is|are|gives?|returns?|=|defaults to|equals)\s+(?:-?\d|\[|\(|inf\b|True\b|False\b)"
    r"|\btruth table\b|\b(?:True|False)\b|\b\d+(?:, \d+)+\b")
STATES_NO_VALUE = {
    # a definition or an identity, for any input: the value is the formula the reference computes
    ("lesson02", "lp_values"): "(sum |x_i|^p)^(1/p) for p = 1, 2, 3 and 1.5",
    ("lesson05", "bce_grad_batches"): "(a - y) / (a (1 - a)) / m",
    ("lesson05", "hinge_batches"): "max(0, 1 - y a) with labels -1 and +1",
    ("lesson05", "mae_averages_over_samples"): "a batch of 4 and a (4, 3) batch",
    ("lesson05", "mse_grad_batches"): "(a - y) / m",
    ("lesson05", "mse_has_the_half_and_the_mean"): "1/(2m) sum (a - y)^2",
    ("lesson06", "tanh_is_odd"): "tanh(-z) = -tanh(z)",
    # what the function raises for, or accepts: behaviour, not a value the reference returns
    ("lesson04", "information_rejects_impossible_probabilities"): "p outside (0, 1]",
    ("lesson04", "entropy_tolerance_edge"): "a sum 5e-6 away from 1 is rejected",
    ("lesson04", "entropy_within_tolerance"): "a sum 5e-7 away from 1 is accepted",
    ("lesson04", "kl_tolerance_edge"): "a sum 5e-6 away from 1 is rejected",
    ("lesson04", "kl_within_tolerance"): "a sum 5e-7 away from 1 is accepted",
    ("lesson04", "cross_entropy_tolerance_edge"): "a sum 5e-6 away from 1 is rejected",
    ("lesson04", "cross_entropy_within_tolerance"): "a sum 5e-7 away from 1 is accepted",
    ("lesson05", "bce_rejects_bad_eps"): "eps outside (0, 0.5)",
    ("lesson05", "bce_grad_rejects_bad_eps"): "eps outside (0, 0.5)",
    ("lesson05", "cce_rejects_1d_input_and_bad_eps"): "eps outside (0, 1)",
}


def _checks() -> dict[tuple[str, str], CheckSpec]:
    return {(lesson.id, spec.name): spec for lesson in COURSE.lessons
            for specs in checks_for(lesson).values() for spec in specs}


def _worked_checks() -> dict[tuple[str, str], CheckSpec]:
    return {key: spec for key, spec in _checks().items() if "worked" in spec.name}


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


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=[e.id for e in ALL_EXAMPLES])
def test_the_reference_gives_the_value_the_title_states(example: Example) -> None:
    module = load_reference(COURSE.lesson(example.lesson).module)
    got = example.run(lambda name: getattr(module, name))
    _assert_states(got, example.expected, example.tol, f"{example.id}: {example.quote!r}")


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=[e.id for e in ALL_EXAMPLES])
def test_the_value_is_the_one_the_checks_title_states(example: Example) -> None:
    """The literal above is the check's own: its English title has the words, and its
    Chinese title every number in them."""
    spec = _checks()[(example.lesson, example.check)]
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


def test_the_other_checks_stating_values_are_checks_of_the_course() -> None:
    checks, worked = _checks(), _worked_checks()
    listed = {(e.lesson, e.check) for e in STATED_ELSEWHERE}
    assert sorted(listed - set(checks)) == [], "a value of a check the course does not have"
    assert sorted(listed & set(worked)) == [], "a worked example's value listed among the others"
    assert len(listed) == OTHER_CHECKS_STATING_VALUES
    assert len(STATED_ELSEWHERE) == VALUES_STATED_ELSEWHERE
    assert len({e.id for e in ALL_EXAMPLES}) == len(ALL_EXAMPLES)


def test_every_title_that_reads_as_stating_a_value_is_here_or_says_why_not() -> None:
    checks = _checks()
    listed = {(e.lesson, e.check) for e in ALL_EXAMPLES}
    looks = {key for key, spec in checks.items() if _LOOKS_LIKE_A_VALUE.search(spec.title.en)}
    unlisted = {key: checks[key].title.en for key in sorted(looks - listed - set(STATES_NO_VALUE))}
    assert unlisted == {}, "a title that states a value no test compares with the reference"
    assert sorted(set(STATES_NO_VALUE) - looks) == [], "a reason for a title that no longer reads as a value"
    assert sorted(set(STATES_NO_VALUE) & listed) == []
