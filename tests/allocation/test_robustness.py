"""Need uncertainty: intervals and the chance of a large change; Sobol shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kloof.allocation import (
    AllocationRule,
    Factor,
    InfeasibleRuleError,
    poisson_draws,
    robustness,
    sensitivity,
    transform_need,
)
from kloof.errors import SpecError


def _rule(**data: object) -> AllocationRule:
    return AllocationRule.from_dict({"name": "t", "budget": 10_000, **data})


def test_certain_need_gives_degenerate_intervals(toy: pd.DataFrame) -> None:
    draws = np.tile(toy["need"].to_numpy(), (20, 1))
    rob = robustness(toy, _rule(key={"kind": "need_weighted"}), draws)
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
    rob = robustness(toy, _rule(key={"kind": "need_weighted"}), draws, threshold_pct=10)
    s = rob.summary
    assert s.loc["c", "high"] - s.loc["c", "low"] > 1000
    assert (s["low"] <= s["baseline"]).all() and (s["baseline"] <= s["high"]).all()
    assert 0.3 < s.loc["c", "p_change"] < 1.0
    # a per capita rule does not move at all
    flat = robustness(toy, _rule(key={"kind": "per_capita"}), draws).summary
    assert (flat["p_change"] == 0).all()
    # draws as a frame with recipient columns, in any column order
    frame = pd.DataFrame(draws, columns=toy.index)[["d", "b", "a", "c"]]
    again = robustness(toy, _rule(key={"kind": "need_weighted"}), frame).summary
    assert again["mean"].to_numpy() == pytest.approx(s["mean"].to_numpy())


def test_infeasible_draws_are_counted(toy: pd.DataFrame) -> None:
    # caps of 3000: with two needs of zero the other two cannot absorb 10,000
    draws = np.array([[4.0, 1, 2, 1], [0.0, 0, 1, 1], [1.0, 1, 1, 1]])
    rob = robustness(toy, _rule(key={"kind": "need_weighted"}, cap={"amount": 3000}), draws)
    assert rob.infeasible == 1 and rob.amounts.shape == (2, 4)
    with pytest.raises(InfeasibleRuleError, match="every draw"):
        robustness(toy, _rule(key={"kind": "need_weighted"}, cap={"amount": 3000}), draws[1:2])


def test_draw_shape_is_checked(toy: pd.DataFrame) -> None:
    with pytest.raises(SpecError, match="draws × 4"):
        robustness(toy, _rule(key={"kind": "need_weighted"}), np.ones((3, 5)))
    with pytest.raises(SpecError, match="no columns"):
        robustness(toy, _rule(key={"kind": "need_weighted"}), pd.DataFrame({"a": [1.0]}))


def test_sobol_shares(toy: pd.DataFrame) -> None:
    rng = np.random.default_rng(3)
    draws = toy["need"].to_numpy() * np.exp(rng.normal(0, 0.05, (64, 4)))
    rule = _rule(key={"kind": "need_weighted", "alpha": 1.0})
    factors = [
        Factor("alpha", "tiers.0.key.alpha", low=0.0, high=2.0),
        Factor("key", "tiers.0.key.weight", choices=("population", "households")),
    ]
    sens = sensitivity(toy, rule, factors, draws=draws, n=64, seed=1)
    assert sens.factors == ("alpha", "key", "need")
    shares = sens.shares
    assert shares.loc["alpha", "first"] > shares.loc["need", "first"]
    assert shares.loc["alpha", "first"] > 0.5
    assert (shares["total"] >= shares["first"] - 0.05).all()
    assert sens.first_order.shape == (4, 3)
    # a whole key as a discrete choice, and a floor level
    keys = Factor("key", "tiers.0.key", choices=({"kind": "per_capita"}, {"kind": "equal"}))
    floor = Factor("floor", "tiers.0.floor.amount", low=0.0, high=2000.0)
    sens = sensitivity(toy, rule.model_copy(), [keys, floor], n=32, seed=2)
    assert sens.shares.loc["key", "first"] > sens.shares.loc["floor", "first"]
    with pytest.raises(SpecError, match="give low and high"):
        sensitivity(toy, rule, [Factor("x", "tiers.0.key.alpha")])
    with pytest.raises(SpecError, match="no field"):
        sensitivity(toy, rule, [Factor("x", "tiers.5.key.alpha", low=0, high=1)], n=8)


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


def _poisson_interval(toy: pd.DataFrame, counts: list[float]) -> pd.Series:
    """Interval width (euros) per recipient when the need's rate rests on ``counts``."""
    rule = _rule(key={"kind": "need_weighted"})
    rates = toy["need"].to_numpy() * 20.0  # per 1,000; NL = 20
    x = poisson_draws(rates, np.asarray(counts), 400, np.random.default_rng(7))
    need = transform_need(x, "ratio", reference=20.0)
    rob = robustness(toy, rule, need)
    return rob.summary["high"] - rob.summary["low"]


def test_an_interval_narrows_when_the_counts_grow(toy: pd.DataFrame) -> None:
    """Same rates, a's count ×100 (a 100× larger population behind the same rate):
    a's interval shrinks about tenfold (relative error 1/√k) when the others are
    precise, and still shrinks when they are not; 0 counts stay fixed."""
    small = _poisson_interval(toy, [16.0, 8000.0, 24000.0, 16000.0])
    large = _poisson_interval(toy, [1600.0, 8000.0, 24000.0, 16000.0])
    assert large["a"] < 0.2 * small["a"]
    assert small["a"] > 0
    noisy = _poisson_interval(toy, [16.0, 8.0, 24.0, 16.0])
    less = _poisson_interval(toy, [1600.0, 8.0, 24.0, 16.0])
    assert less["a"] < 0.7 * noisy["a"]
    fixed = _poisson_interval(toy, [0.0, 0.0, 0.0, 0.0])
    assert (fixed == 0).all()


@settings(max_examples=40, deadline=None)
@given(
    rate=st.floats(0.5, 200.0),
    count=st.integers(1, 5_000),
    factor=st.integers(4, 50),
)
def test_poisson_draws_are_centred_and_shrink_with_the_count(
    rate: float, count: int, factor: int
) -> None:
    rng = np.random.default_rng(count)
    d = poisson_draws([rate, rate], [float(count), float(count * factor)], 4_000, rng)
    assert d.shape == (4_000, 2) and (d >= 0).all()
    # mean within 5 standard errors of the rate; relative sd ≈ 1/√k
    se = rate / np.sqrt(count) / np.sqrt(4_000)
    assert abs(d[:, 0].mean() - rate) < 5 * se + 1e-9
    assert d[:, 1].std() < d[:, 0].std()
    assert d[:, 0].std() == pytest.approx(rate / np.sqrt(count), rel=0.15)


def test_poisson_draws_keep_values_without_a_count() -> None:
    d = poisson_draws([5.0, 7.0], [np.nan, 0.0], 10, np.random.default_rng(1))
    assert (d == [5.0, 7.0]).all()
    counts = poisson_draws([3.0], None, 2000, np.random.default_rng(2))
    assert counts.mean() == pytest.approx(3.0, rel=0.1)
    with pytest.raises(SpecError, match="runs"):
        poisson_draws([1.0], [1.0], 0, np.random.default_rng(1))
