# expect: XOR=passed, xor_network_params=passed, step_network_forward=not_started
"""Lesson 08: XOR and the multi-layer perceptron (forward pass not written yet)."""

import numpy as np

from lesson07_perceptron import AND, NAND, OR


def XOR(x1, x2):
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    return AND(s1, s2)


def xor_network_params():
    # hidden unit 0 is NAND, hidden unit 1 is OR, the output unit is AND
    return {
        "W1": np.array([[-1.0, 1.0], [-1.0, 1.0]]),
        "b1": np.array([1.5, -0.5]),
        "W2": np.array([[1.0], [1.0]]),
        "b2": np.array([-1.5]),
    }


def _step(z):
    return np.where(z >= 0, 1.0, 0.0)


def step_network_forward(X, params):
    raise NotImplementedError("step_network_forward: write your code here / 在这里写你的代码")
