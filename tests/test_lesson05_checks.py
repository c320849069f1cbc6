"""Lesson 05's checks against right alternatives and every fingerprinted mistake.

Each case redefines one function of the reference file (learntools style): a right
alternative must pass, a wrong one must fail with feedback that names the mistake. The
mistakes planted in tests/submissions/lesson05 are judged by test_submissions.py; the
ones whose header declares no feedback phrase are checked here for being named.
"""

from __future__ import annotations

import pytest
from conftest import SUBMISSIONS, assert_check_failed, assert_check_passed

RIGHT = {
    "mse_np_mean": ("mse", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            return float(np.mean((a - y) ** 2) * a.size / m / 2)
    """),
    "bce_where": ("binary_cross_entropy", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.minimum(np.maximum(a, eps), 1 - eps)
            per_entry = -(y * np.log(a) + (1 - y) * np.log1p(-a))
            return float(per_entry.reshape(m, -1).sum(axis=1).mean())
    """),
    "bce_grad_two_terms": ("binary_cross_entropy_grad", """
        def binary_cross_entropy_grad(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1 - eps)
            return (-y / a + (1 - y) / (1 - a)) / m
    """),
    "hinge_clip": ("hinge_loss", """
        def hinge_loss(a, y):
            a, y, m = _pair(a, y)
            if not np.all(np.isin(y, (-1.0, 1.0))):
                raise ValueError("labels must be -1 or +1")
            return float(np.clip(1 - y * a, 0, None).sum() / m)
    """),
}

WRONG = {
    "mae_no_abs": ("mae", "opposite signs cancel", """
        def mae(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum(a - y) / m)
    """),
    "mae_squared": ("mae", "squares the errors", """
        def mae(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum((a - y) ** 2) / m)
    """),
    "mae_np_mean": ("mae", "mean over every entry", """
        def mae(a, y):
            a, y, m = _pair(a, y)
            return float(np.mean(np.abs(a - y)))
    """),
    "mse_no_m": ("mse", "1/m is missing", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum((a - y) ** 2) / 2)
    """),
    "mse_sum": ("mse", "plain sum of squares", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum((a - y) ** 2))
    """),
    "mse_np_mean_2d": ("mse", "np.mean((a - y) ** 2)", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            if a.ndim == 1:
                return float(np.sum((a - y) ** 2) / (2 * m))
            return float(np.mean((a - y) ** 2))
    """),
    "mse_is_mae": ("mse", "mean absolute error", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum(np.abs(a - y)) / m)
    """),
    "mse_grad_two": ("mse_grad", "extra factor 2", """
        def mse_grad(a, y):
            a, y, m = _pair(a, y)
            return 2 * (a - y) / m
    """),
    "mse_grad_sign": ("mse_grad", "sign is wrong", """
        def mse_grad(a, y):
            a, y, m = _pair(a, y)
            return (y - a) / m
    """),
    "mse_grad_size": ("mse_grad", "every entry", """
        def mse_grad(a, y):
            a, y, m = _pair(a, y)
            return (a - y) / a.size
    """),
    "bce_sum": ("binary_cross_entropy", "sum over the samples", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1.0 - eps)
            return float(-np.sum(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)))
    """),
    "bce_one_term": ("binary_cross_entropy", "(1 - y) ln(1 - a) term is missing", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1.0 - eps)
            return float(-np.sum(y * np.log(a)) / m)
    """),
    "bce_np_mean": ("binary_cross_entropy", "mean over every entry", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1.0 - eps)
            return float(-np.mean(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)))
    """),
    "bce_eps_ignored": ("binary_cross_entropy", "eps argument is ignored", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            _check_eps(eps, 0.5)
            a = np.clip(a, 1e-12, 1.0 - 1e-12)
            return float(-np.sum(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)) / m)
    """),
    "bce_no_clip_silenced": ("binary_cross_entropy", "clip", """
        def binary_cross_entropy(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            _check_eps(eps, 0.5)
            with np.errstate(all="ignore"):
                return float(-np.sum(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)) / m)
    """),
    "bce_grad_sign": ("binary_cross_entropy_grad", "sign is wrong", """
        def binary_cross_entropy_grad(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1.0 - eps)
            return (y - a) / (a * (1.0 - a)) / m
    """),
    "bce_grad_mse_like": ("binary_cross_entropy_grad", "gradient of the squared error", """
        def binary_cross_entropy_grad(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            return (np.clip(a, eps, 1.0 - eps) - y) / m
    """),
    "bce_grad_no_clip_silenced": ("binary_cross_entropy_grad", "clip", """
        def binary_cross_entropy_grad(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            _check_eps(eps, 0.5)
            with np.errstate(all="ignore"):
                return (a - y) / (a * (1.0 - a)) / m
    """),
    "cce_sum": ("categorical_cross_entropy", "sum over the samples", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y, m = _pair(A, Y, "A", "Y")
            if A.ndim != 2:
                raise ValueError("not 2-D")
            eps = _check_eps(eps, 1.0)
            return float(-np.sum(Y * np.log(np.clip(A, eps, 1.0))))
    """),
    "cce_sign": ("categorical_cross_entropy", "minus sign is missing", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y, m = _pair(A, Y, "A", "Y")
            if A.ndim != 2:
                raise ValueError("not 2-D")
            eps = _check_eps(eps, 1.0)
            return float(np.sum(Y * np.log(np.clip(A, eps, 1.0))) / m)
    """),
    "cce_binary_terms": ("categorical_cross_entropy", "binary cross-entropy", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y, m = _pair(A, Y, "A", "Y")
            if A.ndim != 2:
                raise ValueError("not 2-D")
            eps = _check_eps(eps, 1.0)
            A = np.clip(A, eps, 1.0 - eps)
            return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    """),
    "cce_no_clip": ("categorical_cross_entropy", "clip", """
        def categorical_cross_entropy(A, Y, eps=1e-12):
            A, Y, m = _pair(A, Y, "A", "Y")
            if A.ndim != 2:
                raise ValueError("not 2-D")
            _check_eps(eps, 1.0)
            return float(-np.sum(Y * np.log(A)) / m)
    """),
    "hinge_no_max": ("hinge_loss", "max(0, .) is missing", """
        def hinge_loss(a, y):
            a, y, m = _pair(a, y)
            if not np.all((y == 1.0) | (y == -1.0)):
                raise ValueError("labels must be -1 or +1")
            return float(np.sum(1.0 - y * a) / m)
    """),
    "hinge_01_labels": ("hinge_loss", "as if they were 0/1", """
        def hinge_loss(a, y):
            a, y, m = _pair(a, y)
            if not np.all((y == 1.0) | (y == -1.0)):
                raise ValueError("labels must be -1 or +1")
            return float(np.sum(np.maximum(0.0, 1.0 - (2 * y - 1) * a)) / m)
    """),
    "hinge_squared": ("hinge_loss", "squared hinge", """
        def hinge_loss(a, y):
            a, y, m = _pair(a, y)
            if not np.all((y == 1.0) | (y == -1.0)):
                raise ValueError("labels must be -1 or +1")
            return float(np.sum(np.maximum(0.0, 1.0 - y * a) ** 2) / m)
    """),
    "mse_over_entries": ("mse", "mean over every entry", """
        def mse(a, y):
            a, y, m = _pair(a, y)
            return float(np.sum((a - y) ** 2) / (2 * a.size))
    """),
    "bce_grad_over_entries": ("binary_cross_entropy_grad", "every entry", """
        def binary_cross_entropy_grad(a, y, eps=1e-12):
            a, y, m = _pair(a, y)
            eps = _check_eps(eps, 0.5)
            a = np.clip(a, eps, 1.0 - eps)
            return (a - y) / (a * (1.0 - a)) / a.size
    """),
}


@pytest.mark.parametrize("case", sorted(RIGHT))
def test_right_alternatives_pass(case, grade_variant):
    exercise, source = RIGHT[case]
    assert_check_passed(grade_variant("lesson05", exercise, source))


@pytest.mark.parametrize("case", sorted(WRONG))
def test_mistakes_are_named(case, grade_variant):
    exercise, phrase, source = WRONG[case]
    assert_check_failed(grade_variant("lesson05", exercise, source), phrase)


# Corpus submissions whose header declares no feedback phrase: their mistake is named too.
UNDECLARED = {
    "wrong_hinge_margin": ("hinge_loss", "margin 1 is missing"),
}


@pytest.mark.parametrize("name", sorted(UNDECLARED))
def test_corpus_mistakes_without_a_declared_phrase_are_named(name, grade_variant):
    exercise, phrase = UNDECLARED[name]
    source = (SUBMISSIONS / "lesson05" / f"{name}.py").read_text(encoding="utf-8")
    assert_check_failed(grade_variant("lesson05", exercise, source), phrase)
