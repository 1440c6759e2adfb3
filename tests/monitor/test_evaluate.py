"""Difference-in-differences and synthetic control on generated panels with a planted effect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.errors import SpecError
from kloof.monitor.evaluate import ASSUMPTIONS, evaluate, prepare
from kloof.monitor.synthetic import simplex_weights, synthetic_fit

YEARS = [2012, 2014, 2016, 2018, 2020, 2022, 2023, 2024]
EFFECT = 5.0


def generated_panel(
    seed: int, n: int = 60, treated: int = 3, effect: float = EFFECT
) -> pd.DataFrame:
    """Units share year effects and a common factor; treated units get ``effect`` from 2022.

    :math:`y_{it} = \\alpha_i + \\delta_t + \\lambda_i f_t + \\varepsilon_{it}` with
    :math:`\\lambda_i` of the same distribution for treated and untreated units (parallel
    trends hold in expectation).
    """
    rng = np.random.default_rng(seed)
    alpha = rng.normal(50, 5, n)
    delta = np.cumsum(rng.normal(1, 0.5, len(YEARS)))
    f = np.linspace(0, 3, len(YEARS))
    lam = rng.normal(1, 0.2, n)
    y = alpha[:, None] + delta[None, :] + lam[:, None] * f[None, :]
    y += rng.normal(0, 0.7, y.shape)
    panel = pd.DataFrame(y, index=[f"U{i:03d}" for i in range(n)], columns=YEARS)
    post = [t for t in YEARS if t >= 2022]
    panel.iloc[:treated, [YEARS.index(t) for t in post]] += effect
    return panel


@pytest.mark.parametrize("method", ["did", "synthetic"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_effect_is_recovered(method: str, seed: int) -> None:
    panel = generated_panel(seed)
    treated = list(panel.index[:3])
    res = evaluate(panel, treated, 2022, method=method, n_placebo=300, seed=seed, demean=True)
    assert res.low <= EFFECT <= res.high, (res.estimate, res.low, res.high)
    assert abs(res.estimate - EFFECT) < 1.5
    assert res.p_value < 0.05
    assert res.size.treated == 3 and res.size.donors == 57
    assert res.assumptions == ASSUMPTIONS[method]


@pytest.mark.parametrize("method", ["did", "synthetic"])
def test_single_treated_unit_and_no_effect(method: str) -> None:
    panel = generated_panel(7, n=40, treated=1, effect=0.0)
    res = evaluate(panel, ["U000"], 2022, method=method, demean=True)
    assert res.low <= 0.0 <= res.high
    assert res.p_value > 0.05
    assert len(res.placebo_space) == 39  # every donor once


@pytest.mark.parametrize("method", ["did", "synthetic"])
def test_placebos_on_untreated_units_are_centred_on_zero(method: str) -> None:
    panel = generated_panel(11, n=80)
    res = evaluate(panel, list(panel.index[:3]), 2022, method=method, n_placebo=400, demean=True)
    ps = res.placebo_space
    assert abs(ps.mean()) < 3 * ps.std(ddof=1) / np.sqrt(len(ps)) + 0.1
    # in-time placebos (start moved into the pre-period) show no effect
    assert len(res.placebo_time) >= 2
    assert res.placebo_time.abs().max() < 1.5
    # the event-study path is flat before the start
    pre = [t for t in YEARS if t < 2022]
    assert res.effects[pre].abs().max() < 1.5


def test_did_equals_hand_computed_two_by_two() -> None:
    panel = pd.DataFrame(
        {2020: [10.0, 4.0, 6.0], 2021: [12.0, 5.0, 7.0], 2022: [20.0, 6.0, 8.0]},
        index=["T", "C1", "C2"],
    )
    res = evaluate(panel, ["T"], 2022, method="did")
    # treated: 20 - 11 = 9; controls: 7 - 5.5 = 1.5; DiD = 7.5
    assert res.estimate == pytest.approx(7.5)
    assert res.effects[2021] == 0.0
    assert set(res.placebo_space.index) == {"C1", "C2"}


def test_prepare_balances_and_states_data_size() -> None:
    panel = generated_panel(5, n=10)
    panel.loc["U005", 2014] = np.nan
    panel.loc["U000", 2016] = np.nan
    long = panel.stack().rename("value").rename_axis(["unit", "year"]).reset_index()
    p = prepare(long, ["U000"], 2022, exclude=["U009"])
    assert p.size.dropped_units == ("U005",)
    assert p.size.dropped_years == (2016,)
    assert "U009" not in p.donors and len(p.donors) == 7
    text = p.size.statement()
    assert "1 treated unit(s) against 7 donor(s)" in text and "2016" in text
    with pytest.raises(SpecError, match="pre years"):
        prepare(panel, ["U001"], 2013)
    with pytest.raises(SpecError, match="not in the panel"):
        prepare(panel, ["X"], 2022)
    with pytest.raises(SpecError, match="method"):
        evaluate(panel, ["U001"], 2022, method="rdd")
    with pytest.raises(SpecError, match="start"):
        evaluate(panel, ["U001"])


def test_synthetic_weights() -> None:
    rng = np.random.default_rng(0)
    donors = rng.normal(size=(14, 8))  # more years than donors: a unique solution
    true = np.zeros(8)
    true[[4, 6]] = [0.25, 0.75]
    w = simplex_weights(donors @ true, donors)
    assert w.sum() == pytest.approx(1.0)
    assert (w >= 0).all()
    assert w[[4, 6]] == pytest.approx([0.25, 0.75], abs=1e-6)
    names = [f"D{i}" for i in range(8)]
    years = list(range(2010, 2024))
    panel = pd.DataFrame(donors.T, index=names, columns=years)
    panel.loc["T"] = donors @ true + np.r_[np.zeros(12), [2.0, 2.0]]
    fit = synthetic_fit(panel, "T", names, years[:12])
    assert fit.pre_rmspe < 1e-6
    assert fit.effect(years[12:]) == pytest.approx(2.0)
    assert list(fit.weights.index) == ["D6", "D4"]
    assert fit.ratio > 1e3
    with pytest.raises(SpecError):
        synthetic_fit(panel, "T", ["T", "D1"], years[:3])


# ------------------------------------------------------------------ issue 15: one procedure


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kloof.monitor.evaluate import MIN_POST_YEARS  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(8, 16),
    treated=st.integers(1, 3),
    effect=st.floats(-10, 10),
    skew=st.floats(0, 5),
    method=st.sampled_from(["did", "synthetic"]),
    confidence=st.sampled_from([0.5, 0.8, 0.9, 0.95]),
)
def test_estimate_lies_inside_its_own_interval(
    seed: int, n: int, treated: int, effect: float, skew: float, method: str, confidence: float
) -> None:
    """Estimate, interval and p-value come from one procedure: the estimate is always in."""
    panel = generated_panel(seed, n=n, treated=treated, effect=effect)
    rng = np.random.default_rng(seed)
    # skewed donor shocks after the start make the placebos biased and asymmetric
    panel.iloc[treated:, -3:] += skew * rng.exponential(1.0, (n - treated, 3))
    res = evaluate(
        panel,
        list(panel.index[:treated]),
        2022,
        method=method,
        n_placebo=40,
        confidence=confidence,
        seed=seed,
    )
    assert res.low <= res.estimate <= res.high, (res.low, res.estimate, res.high)
    assert res.estimate == pytest.approx(res.raw_estimate - res.bias)
    assert 0 < res.p_value <= 1


@pytest.mark.parametrize("method", ["did", "synthetic"])
def test_no_effect_comes_out_no_evidence(method: str) -> None:
    panel = generated_panel(21, n=50, treated=2, effect=0.0)
    res = evaluate(panel, list(panel.index[:2]), 2022, method=method, n_placebo=300, demean=True)
    assert res.verdict() == "no evidence"
    assert res.verdict_text("nl").startswith("Geen bewijs")
    assert res.verdict_text("en").startswith("No evidence")


@pytest.mark.parametrize("method", ["did", "synthetic"])
def test_planted_effect_comes_out_effect(method: str) -> None:
    panel = generated_panel(2)
    res = evaluate(panel, list(panel.index[:3]), 2022, method=method, n_placebo=300, demean=True)
    assert res.verdict() == "effect"
    assert res.verdict_text("en").startswith("Evidence of an effect")


def test_two_post_years_are_insufficient_even_for_a_large_effect() -> None:
    panel = generated_panel(3, effect=20.0).drop(columns=[2024])
    res = evaluate(panel, list(panel.index[:3]), 2022, method="did", n_placebo=200)
    assert len(res.size.post_years) == 2 < MIN_POST_YEARS
    assert res.p_value < 0.05  # the placebos alone would call it significant ...
    assert res.verdict() == "insufficient"  # ... but two years cannot show a programme's effect
    assert "Onvoldoende bewijs" in res.verdict_text("nl")
    assert "Insufficient evidence" in res.verdict_text("en")
