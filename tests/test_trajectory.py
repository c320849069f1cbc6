"""The params lesson 9's forward is given during lesson 12's training (``probes.Trajectory``):
kept in the child, read back as untrusted data in the parent."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from grader.sandbox import framing, probes


def _params(value: float, h: int = 3) -> dict[str, np.ndarray]:
    return {"W1": np.full((2, h), value), "b1": np.zeros(h), "W2": np.zeros((h, 1)), "b2": np.zeros(1)}


def test_the_first_and_last_calls_are_kept_and_an_even_sample_between():
    seen = probes.Trajectory()
    for i in range(1000):
        seen.see((None, _params(float(i))), {})
    record = seen.summary()
    firsts = [point[0][0][0] for point in record["points"]]
    assert record["calls"] == 1000 and record["unreadable"] == 0
    assert firsts[0] == 0.0 and firsts[-1] == 999.0
    assert probes.TRAJECTORY_POINTS // 2 <= len(firsts) <= probes.TRAJECTORY_POINTS + 1
    steps = np.diff(firsts[:-1])
    assert len(set(steps.tolist())) == 1  # evenly spaced


def test_params_updated_in_place_are_kept_as_they_were_when_forward_was_called():
    seen = probes.Trajectory()
    params = _params(0.0)
    for _ in range(3):
        seen.see((None,), {"params": params})
        params["W1"] += 1.0
    assert [p[0][0][0] for p in seen.summary()["points"]] == [0.0, 1.0, 2.0]


@pytest.mark.parametrize("given", [
    type("Params", (dict,), {})(_params(1.0)),  # a subclass: its lookups are learner code
    {"W1": np.ones((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 1))},  # b2 missing
    {**_params(1.0), "W1": np.array([[object()] * 3] * 2, dtype=object)},
    {**_params(1.0), "W1": np.full((2, 3), np.nan)},
    {**_params(1.0), "W1": "not numbers"},
    None,
])
def test_params_that_are_not_lesson_9s_plain_dict_of_numbers_are_only_counted(given):
    seen = probes.Trajectory()
    seen.see((None, given), {})
    assert seen.summary() == {"calls": 1, "unreadable": 1, "points": []}


def test_what_is_sent_back_stays_within_its_size_and_is_json():
    seen = probes.Trajectory()
    for i in range(500):
        seen.see((None, _params(float(i), h=1000)), {})
    record = seen.summary()
    values = sum(np.asarray(part).size for point in record["points"] for part in point)
    assert values <= probes.TRAJECTORY_TOTAL + 4001
    assert record["points"][0][0][0][0] == 0.0 and record["points"][-1][0][0][0] == 499.0
    framing.pack(record)  # finite numbers only: strict JSON carries it


def test_the_parent_keeps_only_well_formed_finite_networks():
    good = [a.tolist() for a in _params(0.5).values()]
    wide = [a.tolist() for a in _params(0.5, h=5).values()]
    record = {"calls": 7, "unreadable": 2, "points": [
        good,
        wide,  # another hidden size (a restart with another H) is still a network
        good[:3],
        [good[0], good[1], good[2], [1.0, 2.0]],  # b2 of two values
        [[[math.inf] * 3] * 2, *good[1:]],
        "W1",
        [[["a"] * 3] * 2, *good[1:]],
    ]}
    read = probes.read({"trajectory": json.loads(json.dumps(record))})
    assert read is not None
    assert [p["W1"].shape for p in read.trajectory] == [(2, 3), (2, 5)]
    assert (read.trajectory_calls, read.trajectory_unreadable) == (7, 2)
    assert probes.read({"trajectory": {"calls": -3, "points": "x"}}).trajectory_calls == 0
    too_many = {"points": [good] * (probes.TRAJECTORY_POINTS + 50)}
    assert len(probes.read({"trajectory": too_many}).trajectory) == probes.TRAJECTORY_POINTS + 1


def test_a_watch_keeps_the_trajectory_of_the_probe_that_asks_for_it_only():
    import types

    module = types.ModuleType("lesson09_fake")
    exec("def forward(X, params, hidden='sigmoid', output='identity'):\n    return X, {}\n"
         "def other(X, params):\n    return X\n", vars(module))
    import sys
    sys.modules["lesson09_fake"] = module
    try:
        watch = probes.Watch([probes.Probe("lesson09_fake", "forward", "forward", trajectory=True).to_dict(),
                              probes.Probe("lesson09_fake", "other", "other").to_dict()], lambda _: None)
        watch.install([module])
        for i in range(3):
            module.forward(None, _params(float(i)))
            module.other(None, _params(99.0))
        watch.uninstall()
        summary = watch.summary()
        assert [p[0][0][0] for p in summary["trajectory"]["points"]] == [0.0, 1.0, 2.0]
        assert "trajectory" not in watch.summary(curve=False)  # progress frames stay small
        assert "trajectory" not in probes.Watch([], lambda _: None).summary()
    finally:
        del sys.modules["lesson09_fake"]
