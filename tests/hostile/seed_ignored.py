# lesson: lesson12
# expect: train_xor=failed, fit_curve=passed
# feedback: train_xor=returned the same params
# score: train_xor=1.0
# Calls forward and backward once (so they ran) but returns the same hand-set weights for
# every seed: seed 0 earns its check, the seed check fails.
import numpy as np


def train_xor(seed=0):
    params = init_params(2, 2, 1, np.random.default_rng(seed))
    _, cache = forward(XOR_X, params, "sigmoid", "sigmoid")
    backward(XOR_X, XOR_Y, params, cache, "sigmoid", "sigmoid")
    return {"W1": np.array([[20.0, -20.0], [20.0, -20.0]]), "b1": np.array([-10.0, 30.0]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([-30.0])}, "sigmoid"
