"""The numerical gradient check: right gradients pass, planted mistakes are named."""

from __future__ import annotations

import numpy as np
import pytest

from grader.numeric import gradcheck
from grader.numeric.gradcheck import (
    KINKED,
    SAMPLE_COUNT,
    SMOOTH,
    VacuousPoint,
    check_gradients,
    explain,
    explain_network,
    numerical_gradients,
    refuse_vacuous,
)

M = 5


def _problem(seed: int = 0):
    """A small smooth two-layer regression loss with hand-written gradients."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(M, 3))
    Y = rng.normal(size=(M, 2))
    params = {"W1": rng.normal(size=(3, 4)), "b1": rng.uniform(0.1, 0.5, 4),
              "W2": rng.normal(size=(4, 2)), "b2": rng.uniform(0.1, 0.5, 2)}

    def loss(p):
        A1 = np.tanh(X @ p["W1"] + p["b1"])
        return float(np.sum((A1 @ p["W2"] + p["b2"] - Y) ** 2) / (2 * M))

    def grads(p, *, scale=1.0, sign=1.0, derivative=True):
        Z1 = X @ p["W1"] + p["b1"]
        A1 = np.tanh(Z1)
        dZ2 = sign * scale * (A1 @ p["W2"] + p["b2"] - Y) / M
        dA1 = dZ2 @ p["W2"].T
        dZ1 = dA1 * (1 - A1 ** 2) if derivative else dA1
        return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}

    return params, loss, grads


def test_right_gradients_pass_far_below_the_threshold():
    params, loss, grads = _problem()
    result = check_gradients(grads(params), numerical_gradients(loss, params), samples=M)
    assert result.passed
    assert all(p.relative_error < SMOOTH / 10 for p in result.parameters)
    assert [row["verdict"] for row in result.rows()] == ["pass"] * 4


@pytest.mark.parametrize(("change", "mistake", "words"), [
    ({"scale": M}, "missing_1_over_m", "1/m is missing"),
    ({"sign": -1.0}, "sign", "wrong sign"),
    ({"scale": 2.0}, "factor_2", "2 times too large"),
    ({"scale": 0.5}, "factor_half", "half the right ones"),
    ({"sign": -1.0, "scale": M}, "sign_and_1_over_m", "-m = -5"),
])
def test_a_scaled_gradient_is_named_for_every_parameter(change, mistake, words):
    params, loss, grads = _problem()
    result = check_gradients(grads(params, **change), numerical_gradients(loss, params), samples=M)
    assert {p.mistake for p in result.parameters} == {mistake}
    text = explain_network(result, M)
    assert text is not None and words in text.en and text.zh


def test_a_wrong_first_layer_says_where_to_look():
    params, loss, grads = _problem()
    result = check_gradients(grads(params, derivative=False), numerical_gradients(loss, params),
                             samples=M)
    assert result["W2"].passed and result["b2"].passed
    assert not result["W1"].passed and not result["b1"].passed
    text = explain_network(result, M)
    assert text is not None
    assert text.en.startswith("dW2 and db2 are right; dW1 and db1 are wrong: look at how the error "
                              "passes back through the hidden activation")


def test_a_missing_term_a_transpose_and_an_unsummed_bias_are_named():
    params, loss, grads = _problem()
    numeric = numerical_gradients(loss, params)
    good = grads(params)
    zero = check_gradients({**good, "b2": np.zeros(2)}, numeric, samples=M)
    assert zero["b2"].mistake == "zero" and "a term is missing" in explain(zero).en
    square = {"W": np.arange(1.0, 10.0).reshape(3, 3)}
    sq_loss = lambda p: float(np.sum(np.sin(p["W"]) * np.arange(9.0).reshape(3, 3)))  # noqa: E731
    right = np.cos(square["W"]) * np.arange(9.0).reshape(3, 3)
    transposed = check_gradients({"W": right.T}, numerical_gradients(sq_loss, square))
    assert transposed["W"].mistake == "transposed"
    wide = check_gradients({**good, "W1": good["W1"].T}, numeric, samples=M)
    assert wide["W1"].mistake == "transposed" and "transpose" in wide["W1"].explanation.en
    rows = np.tile(good["b1"] / M, (M, 1))
    unsummed = check_gradients({**good, "b1": rows}, numeric, samples=M)
    assert unsummed["b1"].mistake == "not_summed" and "axis 0" in unsummed["b1"].explanation.en


def test_a_nearly_right_gradient_is_suspicious_and_explained():
    params, loss, grads = _problem()
    nearly = grads(params)
    nearly["W2"] = nearly["W2"] * (1 + 1e-4)
    result = check_gradients(nearly, numerical_gradients(loss, params), samples=M)
    assert result["W2"].verdict == "suspicious" and not result.passed
    assert "close to the numerical gradient but not close enough" in result["W2"].explanation.en


def test_relu_kinks_are_detected_and_left_out():
    X = np.array([[1.0], [2.0]])
    params = {"W": np.array([[0.5, 1.0]]), "b": np.array([-0.5 + 1e-6, 0.3])}  # unit 0 sits on its kink

    def loss(p):
        return float(np.sum(np.maximum(X @ p["W"] + p["b"], 0.0) ** 2))

    def pattern(p):
        return X @ p["W"] + p["b"] > 0

    numeric = numerical_gradients(loss, params, pattern=pattern)
    assert numeric["b"].crossed.tolist() == [True, False]
    Z = X @ params["W"] + params["b"]
    dZ = 2 * np.maximum(Z, 0.0)
    result = check_gradients({"W": X.T @ dZ, "b": dZ.sum(axis=0)}, numeric, kinked=True)
    assert result.passed and result["b"].kinks == 1 and result["b"].threshold == KINKED
    assert "ReLU kink" in result.details().en and "ReLU 的拐点" in result.details().zh


def test_large_parameters_are_sampled_small_ones_are_not():
    params = {"big": np.linspace(-1, 1, 500).reshape(20, 25), "small": np.ones(7)}
    numeric = numerical_gradients(lambda p: float(np.sum(p["big"] ** 3) + np.sum(p["small"] ** 2)),
                                  params)
    assert numeric["big"].indices.size == SAMPLE_COUNT and numeric["small"].indices.size == 7
    assert np.array_equal(numeric["big"].indices, gradcheck.coordinates("big", 500))
    result = check_gradients({"big": 3 * params["big"] ** 2, "small": 2 * params["small"]}, numeric)
    assert result.passed and result["big"].checked == SAMPLE_COUNT


def test_vacuous_check_points_are_refused():
    with pytest.raises(VacuousPoint, match="all-zero column"):
        refuse_vacuous(inputs={"X": np.array([[0.0, 1.0], [0.0, 2.0]])})
    with pytest.raises(VacuousPoint, match="zero entry"):
        refuse_vacuous(biases={"b1": np.array([0.1, 0.0])})
    with pytest.raises(VacuousPoint, match="saturated"):
        refuse_vacuous(units={"Z1": ("sigmoid", np.array([[9.0, 0.1], [-8.0, 0.2]]))})
    with pytest.raises(VacuousPoint, match="dead"):
        refuse_vacuous(units={"Z1": ("relu", np.array([[-1.0, 0.1], [-2.0, 0.2]]))})
    with pytest.raises(VacuousPoint, match="kink"):
        refuse_vacuous(units={"Z1": ("relu", np.array([[1e-5, 0.1], [1.0, 0.2]]))})
    refuse_vacuous(inputs={"X": np.eye(2) + 0.1}, biases={"b": np.array([0.2, -0.3])},
                   units={"Z1": ("tanh", np.array([[0.5, -1.0], [2.0, 0.1]]))})
    with pytest.raises(VacuousPoint, match="does not depend"):
        check_gradients({"w": np.zeros(2)},
                        numerical_gradients(lambda p: 1.0, {"w": np.ones(2)}))


def test_wrong_types_and_shapes_are_named():
    params, loss, grads = _problem()
    numeric = numerical_gradients(loss, params)
    good = grads(params)
    result = check_gradients({**good, "W1": good["W1"].tolist(), "b2": None}, numeric)
    assert result["W1"].mistake == "not_an_array" and result["b2"].mistake == "not_an_array"
    result = check_gradients({**good, "W2": good["W2"].reshape(-1)}, numeric)
    assert result["W2"].mistake == "reshaped" and "shape (8,)" in result["W2"].explanation.en
    single = check_gradients({k: v.astype(np.float32) for k, v in good.items()}, numeric, samples=M)
    assert {p.mistake for p in single.parameters} == {"dtype"}
    assert all(p.relative_error < 1e-5 for p in single.parameters)  # close, and still not accepted
    assert "float64" in explain_network(single, M).en


def _stacked_kink_problem():
    X = np.array([[1.0], [2.0]])
    params = {"W": np.array([[0.5, 1.0, -0.7]]), "b": np.array([-0.5 + 1e-6, 0.3, 0.2])}  # unit 0 on its kink

    def loss(p):
        return float(np.sum(np.maximum(X @ p["W"] + p["b"], 0.0) ** 2))

    def pattern(p):
        return X @ p["W"] + p["b"] > 0

    def all_at_once(p):
        Z = X @ p["W"] + p["b"][:, None, :]
        return np.sum(np.maximum(Z, 0.0) ** 2, axis=(1, 2)), Z > 0

    return params, loss, pattern, all_at_once


def test_the_loss_at_all_points_at_once_gives_the_same_gradients_and_kinks():
    params, loss, pattern, all_at_once = _stacked_kink_problem()
    one_by_one = numerical_gradients(loss, params, pattern=pattern)
    at_once = numerical_gradients(loss, params, pattern=pattern, all_at_once=all_at_once)
    for name in params:
        np.testing.assert_allclose(at_once[name].values, one_by_one[name].values, rtol=1e-9, atol=1e-12)
        assert at_once[name].crossed.tolist() == one_by_one[name].crossed.tolist()
    assert at_once["b"].crossed.tolist() == [True, False, False]


@pytest.mark.parametrize("wrong", ["scaled", "kinks", "raises"])
def test_a_stacked_loss_that_is_not_the_loss_is_not_used(wrong):
    """Only a stacked evaluation that matches the loss at a parameter's first and last
    coordinates (values and kinks) stands for it; any other leaves the loss point by point."""
    params, loss, pattern, right = _stacked_kink_problem()
    asked: list[int] = []

    def counted(p):
        asked.append(1)
        return loss(p)

    def stacked(p):
        losses, kinks = right(p)
        if wrong == "scaled":
            return losses * 1.01, kinks
        if wrong == "kinks":  # no kink crossed, where the pattern says unit 0 sits on one
            return losses, np.zeros_like(kinks)
        raise ValueError("shapes")

    expected = numerical_gradients(loss, params, pattern=pattern)
    got = numerical_gradients(counted, params, pattern=pattern, all_at_once=stacked)
    for name in params:
        assert got[name].values.tolist() == expected[name].values.tolist()
        assert got[name].crossed.tolist() == expected[name].crossed.tolist()
    sizes = sum(p.size for p in params.values())
    assert len(asked) >= 2 * sizes  # every coordinate, from the loss itself
