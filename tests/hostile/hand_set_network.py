# lesson: lesson12
# expect: train_xor=failed, fit_curve=failed
# feedback: train_xor=a hand-set network
# feedback: fit_curve=a formula that ignores the data
# Hand-set XOR weights (nudged by the seed, so the seeds differ) that never call forward
# or backward, and a predict that returns the lesson's formula whatever data it is given.
import numpy as np


def train_xor(seed=0):
    nudge = np.random.default_rng(seed).normal(0.0, 0.01, 2)
    return {"W1": np.array([[20.0, -20.0], [20.0, -20.0]]) + nudge, "b1": np.array([-10.0, 30.0]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([-30.0])}, "sigmoid"


def fit_curve(x, y, seed=0):
    def predict(x_new):
        x_new = np.asarray(x_new, dtype=float)
        return 0.4 * x_new ** 2 + 0.3 * x_new * np.sin(15 * x_new) + 0.01 * np.cos(50 * x_new) - 0.3
    return predict
