# lesson: lesson12
# expect: train_xor=passed, fit_curve=failed
# feedback: fit_curve=not a trained network
# fit_curve without a network: predict interpolates the training points it was given
# (np.interp), which follows both curves closely enough for the error the check allows.
import numpy as np


def fit_curve(x, y, seed=0):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or y.ndim != 1 or x.shape != y.shape:
        raise ValueError("x and y must be 1-D arrays of the same length")
    order = np.argsort(x)
    xs, ys = x[order].copy(), y[order].copy()

    def predict(x_new):
        return np.interp(np.asarray(x_new, dtype=float), xs, ys)

    return predict
