# lesson: lesson12
# expect: train_xor=failed, fit_curve=not_started
# feedback: train_xor=a hand-set network
# Makes lesson 9's forward and lesson 10's backward "run" without their own code: one is
# replaced in its module by a lambda, the other gets a new __code__; then returns hand-set
# weights nudged by the seed. The grader compares each with the code its file defines.
import lesson09_forward as _l9
import lesson10_backprop as _l10
import numpy as _np

_l9.forward = lambda X, params, hidden="sigmoid", output="identity": (_np.zeros((len(X), 1)), {})
_l10.backward.__code__ = (lambda X, Y, params, cache, hidden="sigmoid", output="identity": {}).__code__


def train_xor(seed=0):
    _l9.forward(XOR_X, {}, "sigmoid", "sigmoid")
    _l10.backward(XOR_X, XOR_Y, {}, {}, "sigmoid", "sigmoid")
    nudge = _np.random.default_rng(seed).normal(0.0, 0.01, 2)
    return {"W1": _np.array([[20.0, -20.0], [20.0, -20.0]]) + nudge, "b1": _np.array([-10.0, 30.0]),
            "W2": _np.array([[20.0], [20.0]]), "b2": _np.array([-30.0])}, "sigmoid"


def fit_curve(x, y, seed=0):
    raise NotImplementedError
