"""Small-area estimation (kloof.index.estimate): hand values, esda conformance, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kloof import catalogue
from kloof.errors import SpecError
from kloof.index.estimate import estimate, proportion_scale, shrink


def _one_group(rate: list[float], size: list[float], target: float = float("nan")):
    r = pd.Series(rate, index=[f"r{i}" for i in range(len(rate))])
    return (
        r,
        pd.Series(size, index=r.index),
        pd.Series(target, index=r.index),
        pd.Series("g", index=r.index),
    )


def test_hand_derived_values() -> None:
    """Rates 100, 0, 50 per 1,000 on 100, 100, 10,000 people; parent rate 50 per 1,000.

    m = 0.05, m(1-m) = 0.0475. Between: (100·0.05² + 100·0.05² + 0)/10,200 = 4.902e-5;
    noise: 0.0475 / 3,400 = 1.397e-5; tau² = 3.505e-5. For n = 100: v = 4.75e-4,
    w = 3.505e-5 / (3.505e-5 + 4.75e-4) = 0.0687, estimate = 50 + 0.0687·50 = 53.44.
    For n = 10,000 the rate equals the parent's: it stays 50 (w = 0.881).
    """
    r, n, t, g = _one_group([100.0, 0.0, 50.0], [100.0, 100.0, 10_000.0], 50.0)
    est, w = shrink(r, n, t, g, scale=1000, min_group=1)
    assert est.round(2).tolist() == [53.44, 46.56, 50.0]
    assert w.round(4).tolist() == [0.0687, 0.0687, 0.8807]


def test_matches_esda_empirical_bayes() -> None:
    """One group, target = the group's pooled rate, Poisson variance: Marshall's global
    estimator as esda.smoothing.Empirical_Bayes computes it."""
    from esda.smoothing import Empirical_Bayes

    rng = np.random.default_rng(7)
    pop = rng.integers(50, 20_000, size=60).astype(float)
    events = rng.binomial(pop.astype(int), rng.uniform(0.01, 0.12, size=60)).astype(float)
    ref = Empirical_Bayes(events, pop).r.ravel()
    r, n, t, g = _one_group(list(events / pop * 1000), list(pop))
    est, _ = shrink(r, n, t, g, scale=1000, min_group=1, variance="poisson")
    np.testing.assert_allclose(est.to_numpy() / 1000, ref, rtol=1e-12)


def test_groups_shrink_towards_their_own_parent() -> None:
    r = pd.Series([80.0, 20.0, 30.0, 90.0])
    n = pd.Series([200.0, 200.0, 200.0, 200.0])
    t = pd.Series([60.0, 60.0, 25.0, 25.0])
    g = pd.Series(["a", "a", "b", "b"])
    est, w = shrink(r, n, t, g, scale=1000, min_group=1)
    assert 60 < est[0] < 80 and 20 < est[1] < 60
    assert 25 < est[3] < 90
    assert w.between(0, 1).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1000), st.floats(1, 1e5)),
        min_size=3,
        max_size=20,
    ),
    st.floats(0, 1000),
)
def test_estimate_lies_between_raw_and_target(rows, target) -> None:
    r, n, t, g = _one_group([x for x, _ in rows], [s for _, s in rows], target)
    est, w = shrink(r, n, t, g, scale=1000, min_group=1)
    lo = np.minimum(r, target) - 1e-9
    hi = np.maximum(r, target) + 1e-9
    assert ((est >= lo) & (est <= hi)).all()
    assert w.between(0, 1).all()


def test_reliability_grows_with_the_denominator() -> None:
    r, n, t, g = _one_group([40.0, 40.0, 40.0, 10.0, 70.0], [100, 1_000, 10_000, 5_000, 5_000], 40)
    _, w = shrink(r, n, t, g, scale=1000, min_group=1)
    assert w.iloc[0] < w.iloc[1] < w.iloc[2]


def test_missing_values_and_unknown_sizes_stay_as_they_are() -> None:
    r, n, t, g = _one_group([np.nan, 30.0, 50.0], [100.0, np.nan, 100.0], 40)
    est, w = shrink(r, n, t, g, scale=1000, min_group=1)
    assert np.isnan(est.iloc[0]) and est.iloc[1] == 30.0
    assert np.isnan(w.iloc[0]) and np.isnan(w.iloc[1])


def test_registry_and_errors() -> None:
    values = pd.DataFrame({"woz_mean": [200.0, 300.0]})
    out = estimate(values, "raw", {}, sizes={}, scales={}, targets=values, groups=values.index)
    assert out.values.equals(values) and out.reliability.isna().all().all()
    with pytest.raises(SpecError, match=r"estimation\.method"):
        estimate(values, "magic", {}, sizes={}, scales={}, targets=values, groups=values.index)
    with pytest.raises(SpecError, match="variance"):
        r, n, t, g = _one_group([1.0, 2.0], [10.0, 10.0])
        shrink(r, n, t, g, scale=100, variance="normal")


def test_proportion_scales_from_the_catalogue() -> None:
    cat = catalogue.load()
    assert proportion_scale("bijstand_per_1000", cat) == 1000.0
    assert proportion_scale("persons_bottom40_pct", cat) == 100.0
    assert proportion_scale("woz_mean", cat) is None
