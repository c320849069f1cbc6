"""The edges of the contract: int inputs, the last epoch, broadcasting, tolerances, diagnoses.

Each case redefines one function of the reference file (learntools style, as in the
test_lessonNN_checks files). Right answers in other styles (loops, comprehensions,
np.where, math, 0-d arrays, lists) must pass every new check; each natural bug at an
edge must fail with feedback that names the mistake.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_check_failed, assert_check_passed

from grader.model import Outcome

RIGHT = {
    # -- int inputs to element-wise functions ------------------------------------------------
    "sigmoid_loops_float_buffer": ("lesson06", "sigmoid", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            out = np.empty_like(z)
            for i, v in np.ndenumerate(z):
                out[i] = 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))
            return out if out.ndim else float(out)
        import math
    """),
    "sigmoid_where_0d": ("lesson06", "sigmoid", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            t = np.exp(-np.abs(z))
            return np.where(z >= 0, 1 / (1 + t), t / (1 + t))
    """),
    "relu_comprehension": ("lesson06", "relu", """
        def relu(z):
            z = np.asarray(z, dtype=float)
            if z.ndim == 0:
                return max(0.0, float(z))
            return np.array([relu(row) for row in z], dtype=float)
    """),
    "step_where_0d": ("lesson06", "step", """
        def step(z):
            return np.where(np.asarray(z, dtype=float) >= 0, 1.0, 0.0)
    """),
    "softmax_loops": ("lesson06", "softmax", """
        def softmax(z):
            z = np.asarray(z, dtype=float)
            if z.ndim == 1:
                e = [math.exp(v - max(z)) for v in z]
                return np.array([x / sum(e) for x in e])
            return np.array([softmax(row) for row in z])
        import math
    """),
    # -- int w0 to optimisers -------------------------------------------------------------------
    "batch_gd_copy_float": ("lesson11", "batch_gd", """
        def batch_gd(grad_fn, w0, X, y, lr, epochs):
            w = np.array(w0, dtype=float)
            history = []
            for _ in range(epochs):
                w = w - lr * grad_fn(w, X, y)
                history.append(w.copy())
            return w, history
    """),
    "momentum_lists": ("lesson11", "momentum_step", """
        def momentum_step(w, v, g, lr, beta=0.9):
            v = [beta * vi + gi for vi, gi in zip(np.ravel(v), np.ravel(g))]
            w = [wi - lr * vi for wi, vi in zip(np.ravel(w), v)]
            return np.array(w, dtype=float), np.array(v, dtype=float)
    """),
    # -- convergence in the last epoch ------------------------------------------------------------
    "train_while_loop": ("lesson07", "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X = np.asarray(X, dtype=float)
            y = np.asarray(y, dtype=float)
            w, b, epoch = np.zeros(X.shape[1]), 0.0, 0
            while epoch < epochs:
                epoch += 1
                errors = 0
                for i in range(len(X)):
                    e = y[i] - perceptron(X[i], w, b)
                    if e:
                        errors += 1
                        w = w + lr * e * X[i]
                        b += lr * e
                if errors == 0:
                    return w, float(b), True
            return w, float(b), False
    """),
    # -- broadcasting shapes ----------------------------------------------------------------------
    "dense_einsum_checked": ("lesson09", "dense_forward", """
        def dense_forward(X, W, b):
            X, W, b = (np.asarray(v, dtype=float) for v in (X, W, b))
            if X.shape[-1] != W.shape[0] or b.shape != (W.shape[1],):
                raise ValueError("X, W and b do not fit")
            return np.einsum("mi,io->mo", np.atleast_2d(X), W) + b
    """),
    # -- tolerance of a distribution --------------------------------------------------------------
    "entropy_math_loop": ("lesson04", "entropy", """
        def entropy(p, base=np.e):
            p = np.asarray(p, dtype=float)
            if p.ndim != 1 or np.any(p < 0) or abs(float(np.sum(p)) - 1.0) > 1e-6:
                raise ValueError("p is not a distribution")
            return -sum(x * math.log(x) for x in p if x > 0) / math.log(base)
        import math
    """),
    "kl_where": ("lesson04", "kl_divergence", """
        def kl_divergence(p, q, base=np.e):
            p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
            for d in (p, q):
                if d.ndim != 1 or np.any(d < 0) or not abs(d.sum() - 1) <= 1e-6:
                    raise ValueError("not a distribution")
            if p.shape != q.shape:
                raise ValueError("lengths differ")
            if np.any((p > 0) & (q == 0)):
                return float("inf")
            mask = p > 0
            return float(np.sum(p[mask] * np.log(p[mask] / q[mask])) / np.log(base))
    """),
    # -- mse and cce, other styles ------------------------------------------------------------------
    "mse_loop": ("lesson05", "mse", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            total = 0.0
            for ai, yi in zip(a.reshape(m, -1), y.reshape(m, -1)):
                total += float(np.sum((ai - yi) ** 2))
            return total / (2 * m)
    """),
}

WRONG = {
    "sigmoid_empty_like": ("lesson06", "sigmoid", "integer input", """
        def sigmoid(z):
            z = np.asarray(z)
            out = np.empty_like(z)
            for i, v in np.ndenumerate(z):
                out[i] = 1 / (1 + np.exp(-v)) if v >= 0 else np.exp(v) / (1 + np.exp(v))
            return out if out.ndim else float(out)
    """),
    "relu_zeros_like_int": ("lesson06", "relu", "np.asarray(z, dtype=float)", """
        def relu(z):
            z = np.asarray(z)
            out = np.zeros_like(z)
            out[z > 0] = z[z > 0]
            return out if out.ndim else float(out)
    """),
    "batch_gd_in_place_int": ("lesson11", "batch_gd", "integer input", """
        def batch_gd(grad_fn, w0, X, y, lr, epochs):
            w = np.array(w0)
            history = []
            for _ in range(epochs):
                w -= lr * grad_fn(w, X, y)
                history.append(w.copy())
            return w, history
    """),
    "momentum_old_velocity": ("lesson11", "momentum_step", "returned is the old v", """
        def momentum_step(w, v, g, lr, beta=0.9):
            w, v, g = (np.asarray(x, dtype=float) for x in (w, v, g))
            new_v = beta * v + g
            return w - lr * new_v, v
    """),
    "train_misses_last_epoch": ("lesson07", "train_perceptron", "last allowed epoch", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X = np.asarray(X, dtype=float)
            y = np.asarray(y, dtype=float)
            w, b = np.zeros(X.shape[1]), 0.0
            for epoch in range(epochs):
                mistakes = 0
                for x_i, y_i in zip(X, y):
                    error = y_i - perceptron(x_i, w, b)
                    if error != 0:
                        mistakes += 1
                        w = w + lr * error * x_i
                        b = b + lr * error
                if mistakes == 0 and epoch < epochs - 1:
                    return w, float(b), True
            return w, float(b), False
    """),
    "train_stops_after_one_mistake": ("lesson07", "train_perceptron", "converged is", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X = np.asarray(X, dtype=float)
            y = np.asarray(y, dtype=float)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                mistakes = -1
                for x_i, y_i in zip(X, y):
                    error = y_i - perceptron(x_i, w, b)
                    if error != 0:
                        mistakes += 1
                        w = w + lr * error * x_i
                        b = b + lr * error
                if mistakes == 0:
                    return w, float(b), True
            return w, float(b), False
    """),
    "dense_bias_broadcasts": ("lesson09", "dense_forward", "b has shape (1,)", """
        def dense_forward(X, W, b):
            X, W, b = (np.asarray(v, dtype=float) for v in (X, W, b))
            if X.shape[-1] != W.shape[0]:
                raise ValueError("X and W do not fit")
            return X @ W + b
    """),
    "dense_bias_sign": ("lesson09", "dense_forward", "sign flipped", """
        def dense_forward(X, W, b):
            X, W, b = (np.asarray(v, dtype=float) for v in (X, W, b))
            if X.shape[-1] != W.shape[0] or b.shape != (W.shape[1],):
                raise ValueError("X, W and b do not fit")
            return X @ W - b
    """),
    "entropy_isclose": ("lesson04", "entropy", "np.isclose", """
        def entropy(p, base=np.e):
            p = np.asarray(p, dtype=float)
            if p.ndim != 1 or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
                raise ValueError("p is not a distribution")
            p = p[p > 0]
            return float(-np.sum(p * np.log(p)) / np.log(base))
    """),
    "entropy_exact_sum": ("lesson04", "entropy", "within the contract's tolerance", """
        def entropy(p, base=np.e):
            p = np.asarray(p, dtype=float)
            if p.ndim != 1 or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-9:
                raise ValueError("p is not a distribution")
            p = p[p > 0]
            return float(-np.sum(p * np.log(p)) / np.log(base))
    """),
    "cross_entropy_allclose": ("lesson04", "cross_entropy", "np.isclose", """
        def cross_entropy(p, q, base=np.e):
            p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
            for d in (p, q):
                if d.ndim != 1 or np.any(d < 0) or not np.allclose(d.sum(), 1.0):
                    raise ValueError("not a distribution")
            if np.any((p > 0) & (q == 0)):
                return float("inf")
            mask = p > 0
            return float(-np.sum(p[mask] * np.log(q[mask])) / np.log(base))
    """),
    "self_information_times_log": ("lesson04", "self_information", "ln(base)^2", """
        def self_information(p, base=np.e):
            p = np.asarray(p, dtype=float)
            if np.any(p <= 0) or np.any(p > 1):
                raise ValueError("p outside (0, 1]")
            info = -np.log(p) * np.log(base)
            return float(info) if info.ndim == 0 else info
    """),
    "mse_precedence": ("lesson05", "mse", "precedence", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum((a - y) ** 2) / 2 * m)
    """),
    "cce_over_k": ("lesson05", "categorical_cross_entropy", "k classes", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y, m = _pair(A, Y, "A", "Y")
            eps = _check_eps(eps, 1.0)
            return float(-np.sum(Y * np.log(np.clip(A, eps, 1.0))) / A.shape[1])
    """),
}


@pytest.mark.parametrize("case", sorted(RIGHT))
def test_right_answers_in_other_styles_pass(case, grade_variant):
    lesson, exercise, source = RIGHT[case]
    assert_check_passed(grade_variant(lesson, exercise, source))


@pytest.mark.parametrize("case", sorted(WRONG))
def test_mistakes_at_the_edges_are_named(case, grade_variant):
    lesson, exercise, phrase, source = WRONG[case]
    assert_check_failed(grade_variant(lesson, exercise, source), phrase)


def test_mse_precedence_is_not_called_the_plain_sum(grade_variant):
    """With m = 2, sum / 2 * m equals the plain sum: the second example tells them apart."""
    result = grade_variant("lesson05", "mse", WRONG["mse_precedence"][3])
    text = "\n".join(result.messages("en"))
    assert "plain sum of squares" not in text and "sum / (2 * m)" in text
    assert any("mse:precedence" in c.diagnosis for c in result.checks)


def test_self_information_factor_is_not_blamed_on_m(grade_variant):
    result = grade_variant("lesson04", "self_information", WRONG["self_information_times_log"][3])
    assert "1/m" not in "\n".join(result.messages("en"))


def test_a_shape_error_inside_backward_points_at_the_argument(grade_variant):
    """A (4,) target where (4, 1) is needed: the feedback names Y and its shape, not only a
    traceback from a matmul inside the learner's code."""
    result = grade_variant("lesson10", "backward", """
        def backward(X, Y, params, cache, hidden="sigmoid", output="identity"):
            Y = np.asarray(Y, dtype=float)
            m = Y.shape[0]
            dZ2 = (cache["A2"][:, 0] - Y) / m if Y.ndim == 1 else (cache["A2"] - Y) / m
            dW2 = cache["A1"].T @ dZ2.reshape(m, 1) if Y.ndim == 1 else cache["A1"].T @ dZ2
            dA1 = dZ2 @ params["W2"].T
            dZ1 = _ACTIVATION_BACKWARD[hidden](dA1, cache["Z1"])
            return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": dW2, "b2": dZ2.sum(axis=0)}
    """)
    text = "\n".join([*(a.line("en") for a in result.advice),
                      *(a.found.en for a in result.advice if a.found is not None), *result.messages("en")])
    assert "the argument Y" in text and "Y.reshape(-1, 1)" in text, text


def test_fit_curve_that_changes_its_input_fails(grade_variant):
    """"Functions never modify their inputs": fit_curve too (it trains for a few seconds)."""
    result = grade_variant("lesson12", "fit_curve", """
        _reference_fit_curve = fit_curve

        def fit_curve(x, y, seed=0):
            predict = _reference_fit_curve(x, y, seed)
            x[0] = x[0] + 0.001  # "normalising" the caller's array in place
            return predict
    """)
    assert_check_failed(result, "changed its input x in place")


def test_a_function_wrong_for_every_input_is_not_told_about_ints(grade_variant):
    """The int-input mistake is named only when the same call with floats is right."""
    result = grade_variant("lesson06", "sigmoid", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            return 1 / (1 + np.exp(z))
    """)
    int_check = next(c for c in result.checks if c.name == "computes_with_ints")
    assert int_check.outcome.value == "failed"
    assert "int_input" not in int_check.diagnosis and "integer input" not in int_check.message.en


# -- diagnoses that the worked example's m = 2 would get wrong ---------------------------------
# Each bug coincides with a named mistake on a worked example only because of its small m
# (or m = k - 1): the second input (another m) must keep the name from being shown.
MISNAMED = {
    "mse_bessel": ("mse", "1/m is missing", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum((a - y) ** 2) / (2 * (m - 1)))
    """),
    "bce_bessel": ("binary_cross_entropy", "sum over the samples", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1.0 - eps)
            return float(-np.sum(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)) / (m - 1))
    """),
    "bce_grad_extra_two": ("binary_cross_entropy_grad", "1/m is missing", """
        def binary_cross_entropy_grad(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1.0 - eps)
            return 2 * (a - y) / (a * (1.0 - a)) / m
    """),
    "cce_m_plus_one": ("categorical_cross_entropy", "k classes", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y, m = _pair(A, Y, "A", "Y")
            eps = _check_eps(eps, 1.0)
            return float(-np.sum(Y * np.log(np.clip(A, eps, 1.0))) / (m + 1))
    """),
}


@pytest.mark.parametrize("case", sorted(MISNAMED))
def test_a_coincidence_of_the_worked_example_is_not_named(case, grade_variant):
    """Without the second input each of these is called a mistake it is not: it still fails,
    with the plain verdict on the worked example, never with the coincidental name."""
    exercise, wrong_name, source = MISNAMED[case]
    result = grade_variant("lesson05", exercise, source)
    text = "\n".join(result.messages("en"))
    assert result.outcome is Outcome.FAILED, text
    assert wrong_name.lower() not in text.lower(), text
    worked = next(c for c in result.checks if "worked" in c.name)
    assert worked.outcome is Outcome.FAILED and worked.message is not None
    if case == "bce_grad_extra_two":  # 2x on both inputs: the factor itself is confirmed
        assert worked.diagnosis == ("factor:2",) and "exactly 2x" in worked.message.en
    else:
        assert worked.diagnosis == () and worked.message.en == "the value is wrong.", worked.message


@pytest.mark.parametrize(("exercise", "phrase", "source"), [
    ("binary_cross_entropy_grad", "1/m is missing", """
        def binary_cross_entropy_grad(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1.0 - eps)
            return (a - y) / (a * (1.0 - a))
    """),
    ("categorical_cross_entropy", "sum over the samples", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y, m = _pair(A, Y, "A", "Y")
            eps = _check_eps(eps, 1.0)
            return float(-np.sum(Y * np.log(np.clip(A, eps, 1.0))))
    """),
    ("categorical_cross_entropy", "k classes", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y, m = _pair(A, Y, "A", "Y")
            eps = _check_eps(eps, 1.0)
            return float(-np.sum(Y * np.log(np.clip(A, eps, 1.0))) / A.shape[1])
    """),
    ("binary_cross_entropy", "sum over the samples", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            a = np.clip(a, _check_eps(eps, 0.5), 1.0 - eps)
            return float(-np.sum(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)))
    """),
    ("mae", "sum over the samples", """
        def mae(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum(np.abs(a - y)))
    """),
    ("mae", "opposite signs cancel", """
        def mae(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum(a - y) / m)
    """),
])
def test_a_real_mistake_is_still_named_on_the_worked_example(exercise, phrase, source, grade_variant):
    """The second input confirms the real mistake, so the worked example names it."""
    result = grade_variant("lesson05", exercise, source)
    worked = next(c for c in result.checks if "worked" in c.name)
    assert worked.outcome is not Outcome.PASSED and worked.diagnosis, worked.name
    assert_check_failed(result, phrase)


def test_k_times_the_entropy_is_not_called_unweighted(grade_variant):
    """k H(p) equals the unweighted -sum log p only for a uniform p: on [0.5, 0.5] the second
    input (k = 3) keeps "weighted by its probability" from being shown."""
    result = grade_variant("lesson04", "entropy", """
        def entropy(p, base=np.e):
            p = np.asarray(p, dtype=float)
            if p.ndim != 1 or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
                raise ValueError("p is not a distribution")
            q = p[p > 0]
            return float(-len(p) * np.sum(q * np.log(q)) / np.log(base))
    """)
    text = "\n".join(result.messages("en"))
    assert result.outcome is Outcome.FAILED, text
    assert "weighted by its probability" not in text and "1/2" not in text, text
    worked = next(c for c in result.checks if c.name == "entropy_worked_examples")
    assert worked.diagnosis == () and worked.message is not None
    assert worked.message.en == "the value is wrong.", worked.message


def test_the_unweighted_entropy_is_still_named_on_the_worked_example(grade_variant):
    result = grade_variant("lesson04", "entropy", """
        def entropy(p, base=np.e):
            p = np.asarray(p, dtype=float)
            if p.ndim != 1 or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
                raise ValueError("p is not a distribution")
            q = p[p > 0]
            return float(-np.sum(np.log(q)) / np.log(base))
    """)
    worked = next(c for c in result.checks if c.name == "entropy_worked_examples")
    assert worked.diagnosis == ("entropy:unweighted",) and worked.message is not None
    assert "weighted by its probability" in worked.message.en


def test_a_broadcast_error_is_not_told_as_an_int_cast(grade_variant):
    """"broadcast" holds the letters of "cast": a shape error that int inputs meet as floats do
    is the shape mistake, named as such, and never the int-input one."""
    result = grade_variant("lesson09", "dense_forward", """
        def dense_forward(X, W, b):
            X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
            if X.shape[1] != W.shape[0]:
                raise ValueError("shapes do not fit")
            return X @ W + b.reshape(-1, 1)
    """)
    int_check = next(c for c in result.checks if c.name == "computes_with_ints")
    assert int_check.outcome.value == "error"
    assert "int_input" not in int_check.diagnosis and "integer input" not in int_check.message.en
    assert "b was made a column" in int_check.message.en


def test_an_argument_reshaped_on_the_failing_line_is_not_advised_a_reshape():
    """NumPy's shapes name the argument; when the line that failed reshaped it already, the
    advice is to use it as given, not the reshape it already has."""
    from grader.checking import Raised
    from grader.diagnose.arguments import argument_hint

    raised = Raised("ValueError", "builtins", "operands could not be broadcast together with shapes (5,4) (4,1) ",
                    frames=(("lesson.py", 3, "f", "    return X @ W + b.reshape(-1, 1)"),), mro=("ValueError",))
    hint = argument_hint(raised, ["X", "W", "b"], (np.ones((5, 3)), np.ones((3, 4)), np.ones(4)), {})
    assert hint is not None and "reshaped on that line" in hint.en and "e.g." not in hint.en


def test_a_history_wrong_for_float_w0_too_is_not_told_about_ints(grade_variant):
    """The int-w0 check names the int mistake only when the same run from float w0 is right:
    a history kept before each step is wrong either way, and is named for what it is."""
    result = grade_variant("lesson11", "batch_gd", """
        def batch_gd(grad_fn, w0, X, y, lr, epochs):
            w = np.asarray(w0, dtype=float).copy()
            history = []
            for _ in range(epochs):
                history.append(w.copy())
                w = w - lr * grad_fn(w, X, y)
            return w, history
    """)
    int_check = next(c for c in result.checks if c.name == "batch_int_w0")
    assert int_check.outcome.value == "failed"
    assert "int_input" not in int_check.diagnosis and "integer input" not in int_check.message.en
    assert "history:before_step" in int_check.diagnosis


def test_a_bool_result_is_told_to_convert_the_result_not_the_inputs(grade_variant):
    """A comparison gives bool: the fix is converting the result, not the inputs."""
    result = grade_variant("lesson08", "step_network_forward", """
        def step_network_forward(X, params):
            X = np.asarray(X, dtype=float)
            h = X @ params["W1"] + params["b1"] >= 0
            return (h @ params["W2"] + params["b2"] >= 0).ravel()
    """)
    assert_check_failed(result, ".astype(float)")
    assert all("convert inputs" not in c.message.en for c in result.checks if c.message is not None)


def test_mistakes_an_int_input_makes_coincide_are_not_named(grade_variant):
    """On lesson 08's int inputs a strict step and a hidden layer without its step give the
    same outputs: the int check names neither, where the float checks name the strict step."""
    result = grade_variant("lesson08", "step_network_forward", """
        def step_network_forward(X, params):
            X = np.asarray(X, dtype=float)
            h = (X @ params["W1"] + params["b1"] > 0).astype(float)
            return (h @ params["W2"] + params["b2"] > 0).astype(float).ravel()
    """)
    int_check = next(c for c in result.checks if c.name == "computes_with_ints")
    assert "forward:linear_hidden" not in int_check.diagnosis
    assert_check_failed(result, "use >=, not >")


def test_lesson08_int_check_names_a_mistake_its_inputs_tell_apart(grade_variant):
    """The int check of step_network_forward uses the lesson's own mistakes where they are
    unambiguous: an (m, 1) output is named, not told only "wrong shape"."""
    result = grade_variant("lesson08", "step_network_forward", """
        def step_network_forward(X, params):
            X = np.asarray(X, dtype=float)
            h = (X @ params["W1"] + params["b1"] >= 0).astype(float)
            return (h @ params["W2"] + params["b2"] >= 0).astype(float)
    """)
    int_check = next(c for c in result.checks if c.name == "computes_with_ints")
    assert "forward:column" in int_check.diagnosis, int_check.diagnosis


def test_a_game_stopped_where_the_gap_equals_tol_is_named_in_every_check(grade_variant):
    """|c - y| <= tol ends the game at a pass whose gap equals tol: the check of low targets
    names the non-strict test too, not only "you made 1 passes instead of 100"."""
    result = grade_variant("lesson10", "chain_backprop_game", """
        def chain_backprop_game(x0=2.0, y=2.13, tol=1e-3, max_steps=100):
            if x0 <= 1:
                raise ValueError("x0 must be greater than 1")
            x, passes = float(x0), []
            for _ in range(max_steps):
                a = x * x
                b = math.log(a)
                c = math.sqrt(b)
                passes.append({"x": x, "a": a, "b": b, "c": c})
                if abs(c - y) <= tol:
                    break
                x = x - (c - y) * 2.0 * math.sqrt(b) * a / (2.0 * x)
            return passes
    """)
    failed = [c for c in result.checks if c.outcome is Outcome.FAILED]
    assert failed and all("game:tol_not_strict" in c.diagnosis for c in failed), [c.diagnosis for c in failed]
