"""Lesson 04's checks against right alternatives and every fingerprinted mistake.

Each case redefines one function of the reference file (learntools style): a right
alternative must pass, a wrong one must fail with feedback that names the mistake. The
mistakes planted in tests/submissions/lesson04 are not repeated here.
"""

from __future__ import annotations

import pytest
from conftest import assert_check_failed, assert_check_passed

RIGHT = {
    "information_0d_array": ("self_information", """
        def self_information(p, base=np.e):
            log_b = _log_base(base)
            p = np.asarray(p, dtype=float)
            if not np.all((p > 0) & (p <= 1)):
                raise ValueError("p outside (0, 1]")
            return np.asarray(-np.log(p) / log_b)
    """),
    "entropy_log2_rescaled": ("entropy", """
        def entropy(p, base=np.e):
            log_b = _log_base(base)
            p = _distribution(p, "p")
            nz = p[p > 0]
            return float(-np.sum(nz * np.log2(nz)) * np.log(2.0) / log_b)
    """),
    "kl_from_cross_entropy": ("kl_divergence", """
        def kl_divergence(p, q, base=np.e):
            log_b = _log_base(base)
            p, q = _distribution(p, "p"), _distribution(q, "q")
            if p.shape != q.shape:
                raise ValueError("lengths differ")
            if np.any((p > 0) & (q == 0)):
                return float("inf")
            return cross_entropy(p, q, base) - entropy(p, base)
    """),
    "self_information_log_base": ("self_information", """
        def self_information(p, base=np.e):
            log_b = _log_base(base)
            p = np.asarray(p, dtype=float)
            if np.any(p <= 0) or np.any(p > 1):
                raise ValueError("p outside (0, 1]")
            out = np.log(1.0 / p) / log_b
            return out if out.ndim else float(out)
    """),
}

WRONG = {
    "information_log2": ("self_information", "log2", """
        def self_information(p, base=np.e):
            _log_base(base)
            p = np.asarray(p, dtype=float)
            if not np.all((p > 0) & (p <= 1)):
                raise ValueError("p outside (0, 1]")
            out = -np.log2(p)
            return out if out.ndim else float(out)
    """),
    "information_base_ignored": ("self_information", "base argument is ignored", """
        def self_information(p, base=np.e):
            _log_base(base)
            p = np.asarray(p, dtype=float)
            if not np.all((p > 0) & (p <= 1)):
                raise ValueError("p outside (0, 1]")
            out = -np.log(p)
            return out if out.ndim else float(out)
    """),
    "information_reciprocal": ("self_information", "1 / p", """
        def self_information(p, base=np.e):
            _log_base(base)
            p = np.asarray(p, dtype=float)
            if not np.all((p > 0) & (p <= 1)):
                raise ValueError("p outside (0, 1]")
            out = 1.0 / p
            return out if out.ndim else float(out)
    """),
    "entropy_sign": ("entropy", "minus sign", """
        def entropy(p, base=np.e):
            log_b = _log_base(base)
            p = _distribution(p, "p")
            return float(np.sum(_xlogy(p, p)) / log_b)
    """),
    "entropy_unweighted": ("entropy", "weighted by its probability", """
        def entropy(p, base=np.e):
            log_b = _log_base(base)
            p = _distribution(p, "p")
            return float(-np.sum(np.log(p[p > 0])) / log_b)
    """),
    "entropy_log10": ("entropy", "log base 10", """
        def entropy(p, base=np.e):
            _log_base(base)
            p = _distribution(p, "p")
            nz = p[p > 0]
            return float(-np.sum(nz * np.log10(nz)))
    """),
    "entropy_base_ignored": ("entropy", "base argument is ignored", """
        def entropy(p, base=np.e):
            _log_base(base)
            p = _distribution(p, "p")
            return float(-np.sum(_xlogy(p, p)))
    """),
    "kl_sign": ("kl_divergence", "never negative", """
        def kl_divergence(p, q, base=np.e):
            log_b = _log_base(base)
            p, q = _distribution(p, "p"), _distribution(q, "q")
            if p.shape != q.shape:
                raise ValueError("lengths differ")
            if np.any((p > 0) & (q == 0)):
                return float("inf")
            return float((np.sum(_xlogy(p, q)) - np.sum(_xlogy(p, p))) / log_b)
    """),
    "kl_is_cross_entropy": ("kl_divergence", "this is the cross-entropy", """
        def kl_divergence(p, q, base=np.e):
            return cross_entropy(p, q, base)
    """),
    "kl_log2": ("kl_divergence", "log base 2", """
        def kl_divergence(p, q, base=np.e):
            return kl_divergence_nats(p, q, base) / np.log(2.0)

        def kl_divergence_nats(p, q, base):
            p, q = _distribution(p, "p"), _distribution(q, "q")
            _log_base(base)
            if p.shape != q.shape:
                raise ValueError("lengths differ")
            if np.any((p > 0) & (q == 0)):
                return float("inf")
            return float(np.sum(_xlogy(p, p)) - np.sum(_xlogy(p, q)))
    """),
    "cross_entropy_is_entropy": ("cross_entropy", "this is the entropy", """
        def cross_entropy(p, q, base=np.e):
            _distribution(q, "q")
            if len(p) != len(q):
                raise ValueError("lengths differ")
            return entropy(p, base)
    """),
    "cross_entropy_is_kl": ("cross_entropy", "this is the KL divergence", """
        def cross_entropy(p, q, base=np.e):
            return kl_divergence(p, q, base)
    """),
    "cross_entropy_sign": ("cross_entropy", "minus sign", """
        def cross_entropy(p, q, base=np.e):
            log_b = _log_base(base)
            p, q = _distribution(p, "p"), _distribution(q, "q")
            if p.shape != q.shape:
                raise ValueError("lengths differ")
            if np.any((p > 0) & (q == 0)):
                return float("inf")
            return float(np.sum(_xlogy(p, q)) / log_b)
    """),
    "cross_entropy_zero_terms": ("cross_entropy", "NaN", """
        def cross_entropy(p, q, base=np.e):
            log_b = _log_base(base)
            p, q = _distribution(p, "p"), _distribution(q, "q")
            if p.shape != q.shape:
                raise ValueError("lengths differ")
            if np.any((p > 0) & (q == 0)):
                return float("inf")
            with np.errstate(all="ignore"):
                return float(-np.sum(p * np.log(q)) / log_b)
    """),
    "kl_not_checked": ("kl_divergence", "ValueError", """
        def kl_divergence(p, q, base=np.e):
            p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
            with np.errstate(all="ignore"):
                return float(np.sum(_xlogy(p, p)) - np.sum(_xlogy(p, q))) / np.log(base)
    """),
    "cross_entropy_log10": ("cross_entropy", "log base 10", """
        def cross_entropy(p, q, base=np.e):
            _log_base(base)
            p, q = _distribution(p, "p"), _distribution(q, "q")
            if p.shape != q.shape:
                raise ValueError("lengths differ")
            if np.any((p > 0) & (q == 0)):
                return float("inf")
            return float(-np.sum(_xlogy(p, q)) / np.log(10.0))
    """),
}


@pytest.mark.parametrize("case", sorted(RIGHT))
def test_right_alternatives_pass(case, grade_variant):
    exercise, source = RIGHT[case]
    assert_check_passed(grade_variant("lesson04", exercise, source))


@pytest.mark.parametrize("case", sorted(WRONG))
def test_mistakes_are_named(case, grade_variant):
    exercise, phrase, source = WRONG[case]
    assert_check_failed(grade_variant("lesson04", exercise, source), phrase)
