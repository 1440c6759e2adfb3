"""Need uncertainty: intervals and the chance of a large change; Sobol shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.allocation import (
    AllocationRule,
    Factor,
    InfeasibleRuleError,
    robustness,
    sensitivity,
    transform_need,
)
from kloof.errors import SpecError


def _rule(**data: object) -> AllocationRule:
    return AllocationRule.from_dict({"name": "t", "budget": 10_000, **data})


def test_certain_need_gives_degenerate_intervals(toy: pd.DataFrame) -> None:
    draws = np.tile(toy["need"].to_numpy(), (20, 1))
    rob = robustness(_rule(key={"kind": "need_weighted"}), toy, draws)
    s = rob.summary
    assert (s["low"] == s["baseline"]).all() and (s["high"] == s["baseline"]).all()
    assert (s["p_change"] == 0).all()
    assert rob.amounts.shape == (20, 4)
    assert (rob.amounts.sum(axis=1) == 10_000).all()


def test_uncertain_need(toy: pd.DataFrame) -> None:
    rng = np.random.default_rng(7)
    base = toy["need"].to_numpy()
    noise = np.array([0.0, 0.0, 0.5, 0.0])  # only c is uncertain
    draws = base * np.exp(rng.normal(0, 1, (400, 4)) * noise)
    rob = robustness(_rule(key={"kind": "need_weighted"}), toy, draws, threshold_pct=10)
    s = rob.summary
    assert s.loc["c", "high"] - s.loc["c", "low"] > 1000
    assert (s["low"] <= s["baseline"]).all() and (s["baseline"] <= s["high"]).all()
    assert 0.3 < s.loc["c", "p_change"] < 1.0
    # a per capita rule does not move at all
    flat = robustness(_rule(key={"kind": "per_capita"}), toy, draws).summary
    assert (flat["p_change"] == 0).all()
    # draws as a frame with recipient columns, in any column order
    frame = pd.DataFrame(draws, columns=toy.index)[["d", "b", "a", "c"]]
    again = robustness(_rule(key={"kind": "need_weighted"}), toy, frame).summary
    assert again["mean"].to_numpy() == pytest.approx(s["mean"].to_numpy())


def test_infeasible_draws_are_counted(toy: pd.DataFrame) -> None:
    # caps of 3000: with two needs of zero the other two cannot absorb 10,000
    draws = np.array([[4.0, 1, 2, 1], [0.0, 0, 1, 1], [1.0, 1, 1, 1]])
    rob = robustness(_rule(key={"kind": "need_weighted"}, cap={"amount": 3000}), toy, draws)
    assert rob.infeasible == 1 and rob.amounts.shape == (2, 4)
    with pytest.raises(InfeasibleRuleError, match="every draw"):
        robustness(_rule(key={"kind": "need_weighted"}, cap={"amount": 3000}), toy, draws[1:2])


def test_draw_shape_is_checked(toy: pd.DataFrame) -> None:
    with pytest.raises(SpecError, match="draws × 4"):
        robustness(_rule(key={"kind": "need_weighted"}), toy, np.ones((3, 5)))
    with pytest.raises(SpecError, match="no columns"):
        robustness(_rule(key={"kind": "need_weighted"}), toy, pd.DataFrame({"a": [1.0]}))


def test_sobol_shares(toy: pd.DataFrame) -> None:
    rng = np.random.default_rng(3)
    draws = toy["need"].to_numpy() * np.exp(rng.normal(0, 0.05, (64, 4)))
    rule = _rule(key={"kind": "need_weighted", "alpha": 1.0})
    factors = [
        Factor("alpha", "tiers.0.key.alpha", low=0.0, high=2.0),
        Factor("key", "tiers.0.key.weight", choices=("population", "households")),
    ]
    sens = sensitivity(rule, toy, factors, draws=draws, n=64, seed=1)
    assert sens.factors == ("alpha", "key", "need")
    shares = sens.shares
    assert shares.loc["alpha", "first"] > shares.loc["need", "first"]
    assert shares.loc["alpha", "first"] > 0.5
    assert (shares["total"] >= shares["first"] - 0.05).all()
    assert sens.first_order.shape == (4, 3)
    # a whole key as a discrete choice, and a floor level
    keys = Factor("key", "tiers.0.key", choices=({"kind": "per_capita"}, {"kind": "equal"}))
    floor = Factor("floor", "tiers.0.floor.amount", low=0.0, high=2000.0)
    sens = sensitivity(rule.model_copy(), toy, [keys, floor], n=32, seed=2)
    assert sens.shares.loc["key", "first"] > sens.shares.loc["floor", "first"]
    with pytest.raises(SpecError, match="give low and high"):
        sensitivity(rule, toy, [Factor("x", "tiers.0.key.alpha")])
    with pytest.raises(SpecError, match="no field"):
        sensitivity(rule, toy, [Factor("x", "tiers.5.key.alpha", low=0, high=1)], n=8)


def test_transform_need_on_draws() -> None:
    draws = np.array([[10.0, 30.0, 20.0], [30.0, 10.0, 20.0]])
    assert transform_need(draws, "gap", reference=20).tolist() == [[0, 10, 0], [10, 0, 0]]
    assert transform_need(draws, "decile").tolist() == [[4, 10, 7], [10, 4, 7]]
    better = transform_need(draws, "gap", reference=20, direction="higher_is_better")
    assert better.tolist() == [[10, 0, 0], [0, 10, 0]]
    assert transform_need([2.0, 4.0], "ratio", reference=2).tolist() == [1.0, 2.0]
    assert transform_need([1.0, np.nan], "percentile").tolist()[0] == 1.0
    with pytest.raises(SpecError, match="reference"):
        transform_need([1.0], "gap")
