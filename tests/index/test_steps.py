"""Conformance tests for every registry entry, and golden values of single steps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.errors import SpecError
from kloof.index import (
    AGGREGATORS,
    IMD_WEIGHTS,
    IMPUTERS,
    NORMALISERS,
    SCREENS,
    TREATMENTS,
    WEIGHTINGS,
    exponential_transform,
    percentile_rank,
)
from kloof.index.aggregate import RANK_BASED, aggregate, deprivation_rank
from kloof.index.impute import ImputeContext, impute
from kloof.index.normalise import Goalposts, PercentileRank, ZScore
from kloof.index.spec import ScreeningSpec
from kloof.index.treat import BoxCox, Log, Winsorise, is_outlying, skew_kurtosis
from kloof.index.weights import resolve

RNG = np.random.default_rng(7)
SAMPLE = np.r_[RNG.lognormal(3.0, 0.6, 60), np.nan, 12.0, 12.0]
WEIGHTS = np.r_[RNG.uniform(100, 5000, 60), 1000.0, 1000.0, 1000.0]


# ------------------------------------------------------------------ golden values
def test_exponential_transform_golden() -> None:
    got = exponential_transform(np.array([0.5, 0.9, 1.0]))
    assert got == pytest.approx([15.647, 50.427, 100.0], abs=5e-4)


def test_svi_percentile_rank_golden() -> None:
    got = percentile_rank(np.array([5.0, 3, 3, 8, 1]))
    assert got.tolist() == [0.75, 0.25, 0.25, 1.0, 0.0]


def test_percentile_rank_keeps_missing() -> None:
    got = percentile_rank(np.array([2.0, np.nan, 1.0]))
    assert got[0] == 1.0 and np.isnan(got[1]) and got[2] == 0.0


def test_imd_weights() -> None:
    assert [IMD_WEIGHTS[k] for k in ("income", "employment", "education", "health")] == [
        22.5,
        22.5,
        13.5,
        13.5,
    ]
    assert IMD_WEIGHTS["crime"] == IMD_WEIGHTS["barriers"] == IMD_WEIGHTS["living_environment"]
    # scaled to the domains available; housing and facilities share "barriers"
    got = resolve("imd", ["income", "work", "care", "housing", "facilities"], {})
    expected = np.array([22.5, 22.5, 13.5, 4.65, 4.65]) / 67.8
    assert got == pytest.approx(expected)


# ------------------------------------------------------------------ normalisers
@pytest.mark.parametrize("name", sorted(NORMALISERS))
def test_normaliser_conformance(name: str) -> None:
    cls = NORMALISERS[name]
    assert cls.name == name
    norm = cls()
    assert isinstance(norm.get_params(), dict) and name.lower()[:3] in repr(norm).lower()
    assert norm.fit(SAMPLE, WEIGHTS, reference=20.0) is norm
    out = norm.transform(SAMPLE)
    assert out.shape == SAMPLE.shape
    assert np.isnan(out[60]) and np.isfinite(np.delete(out, 60)).all()
    order = np.argsort(np.nan_to_num(SAMPLE, nan=-1))[1:]
    assert (np.diff(out[order]) >= -1e-12).all(), "order preserved"
    if cls.nonnegative:
        assert (np.delete(out, 60) >= 0).all()
    later = SAMPLE * 1.1 + 3
    first = norm.transform(later)
    assert np.array_equal(norm.transform(later), first, equal_nan=True), "transform is pure"
    constant = cls().fit_transform(np.full(5, 4.0), np.ones(5), 4.0)
    assert np.isfinite(constant).all()


def test_zscore_fitted_on_base_year_applies_to_later_year() -> None:
    base = np.array([10.0, 20.0, 30.0])
    z = ZScore().fit(base, np.array([1.0, 1.0, 2.0]), reference=22.0)
    sd = np.sqrt((12.5**2 + 2.5**2 + 2 * 7.5**2) / 4)  # weighted mean 22.5
    assert z.centre_ == 22.0 and z.scale_ == pytest.approx(sd)
    later = np.array([25.0, 40.0])
    assert z.transform(later) == pytest.approx((later - 22.0) / sd)


def test_percentile_rank_of_later_year() -> None:
    p = PercentileRank().fit(np.array([1.0, 2, 3, 4, 5]))
    # oriented values, ties (and values between two fitted ones) take the higher,
    # least vulnerable rank: 3.5 sits with 3, (#{<= 3.5} - 1) / 4 = 0.5 (CDC SVI)
    assert p.transform(np.array([3.5, 0.0, 9.0])).tolist() == [0.5, 0.0, 1.0]


def test_goalposts_clip() -> None:
    g = Goalposts(lower=0.0, upper=10.0).fit(np.array([1.0, 2.0]))
    assert g.transform(np.array([-5.0, 5.0, 50.0])).tolist() == [0.0, 0.5, 1.0]


# ------------------------------------------------------------------ treatments
@pytest.mark.parametrize("name", sorted(TREATMENTS))
def test_treatment_conformance(name: str) -> None:
    cls = TREATMENTS[name]
    assert cls.name == name
    t = cls()
    assert t.fit(SAMPLE, WEIGHTS) is t
    out = t.transform(SAMPLE)
    assert out.shape == SAMPLE.shape and np.isnan(out[60])
    assert np.isfinite(np.delete(out, 60)).all()
    order = np.argsort(np.nan_to_num(SAMPLE, nan=-1))[1:]
    assert (np.diff(out[order]) >= -1e-12).all(), "order preserved"
    assert isinstance(t.summary(), str) and isinstance(t.get_params(), dict)


def test_winsorise_one_outlier() -> None:
    x = np.r_[np.arange(1.0, 21.0), 1000.0]
    assert is_outlying(x)
    w = Winsorise().fit(x)
    assert w.points_ == 1 and w.upper_ == 20.0 and w.log_ is None
    assert not is_outlying(w.transform(x))
    assert w.transform(np.array([5000.0, 3.0])).tolist() == [20.0, 3.0]


def test_winsorise_negative_skew_and_untouched() -> None:
    x = np.r_[np.arange(100.0, 120.0), -900.0]
    w = Winsorise().fit(x)
    assert w.lower_ == 100.0 and w.points_ == 1
    calm = np.arange(10.0)
    assert Winsorise().fit(calm).transform(calm).tolist() == calm.tolist()


def test_winsorise_falls_back_to_log() -> None:
    x = np.r_[np.ones(50), np.geomspace(10, 1e6, 12)]
    w = Winsorise(max_points=2).fit(x)
    assert w.log_ is not None and "log" in w.summary()


def test_log_and_boxcox() -> None:
    x = np.array([0.0, 1.0, 3.0, 7.0])
    # COINr log_CT: ln(x - min + 0.01 * range), range 7 -> shift 0.07
    assert Log().fit_transform(x) == pytest.approx(np.log([0.07, 1.07, 3.07, 7.07]))
    b = BoxCox().fit(RNG.lognormal(0, 1, 200))
    assert abs(b.lambda_) < 0.5  # log-normal data: lambda near 0
    s, k = skew_kurtosis(np.array([1.0, 2.0]))
    assert (s, k) == (0.0, 0.0)


# ------------------------------------------------------------------ imputers
@pytest.mark.parametrize("name", sorted(IMPUTERS))
def test_imputer_conformance(name: str) -> None:
    values = pd.DataFrame(
        {"a": [1.0, np.nan, 3.0, 5.0], "b": [np.nan, 2.0, 2.0, np.nan]},
        index=["WK000101", "WK000102", "WK000201", "WK000202"],
    )
    parent = pd.DataFrame({"a": [9.0] * 4, "b": [8.0] * 4}, index=values.index)
    ctx = ImputeContext(
        groups=pd.Series(["GM0001", "GM0001", "GM0002", "GM0002"], index=values.index),
        weights=pd.Series([1.0, 1.0, 1.0, 3.0], index=values.index),
        parents=(parent,),
    )
    filled, mask = impute(values, name, ctx)
    assert filled.shape == values.shape and list(filled.columns) == ["a", "b"]
    observed = values.notna()
    assert filled[observed].equals(values[observed]), "observed values never change"
    assert (mask == (values.isna() & filled.notna())).all().all()
    assert not (filled.isna() & values.notna()).any().any()
    if name == "none":
        assert not mask.any().any()
    else:
        assert mask.to_numpy().sum() >= 2


def test_imputer_values() -> None:
    values = pd.DataFrame(
        {"a": [1.0, np.nan, 3.0, 5.0, np.nan]},
        index=["BU00010101", "BU00010102", "BU00010103", "BU00010104", "BU00020101"],
    )
    ctx = ImputeContext(
        groups=pd.Series(["GM0001"] * 4 + ["GM0002"], index=values.index),
        weights=pd.Series([1.0, 1.0, 1.0, 2.0, 1.0], index=values.index),
    )
    mean = IMPUTERS["gemeente_mean"](values, ctx)["a"]
    assert mean.iloc[1] == pytest.approx((1 + 3 + 10) / 4) and np.isnan(mean.iloc[4])
    assert IMPUTERS["gemeente_median"](values, ctx)["a"].iloc[1] == 3.0
    assert IMPUTERS["mean"](values, ctx)["a"].iloc[4] == pytest.approx(14 / 4)


# ------------------------------------------------------------------ aggregators
@pytest.mark.parametrize("name", sorted(AGGREGATORS))
def test_aggregator_conformance(name: str) -> None:
    func = AGGREGATORS[name]
    x = RNG.uniform(0.1, 1.0, (30, 3))
    x[4, 1] = np.nan
    x[5, :] = np.nan
    w = np.array([0.2, 0.3, 0.5])
    out = func(x, w)
    assert out.shape == (30, 1)
    assert np.isnan(out[5, 0]) and np.isfinite(np.delete(out[:, 0], 5)).all()
    assert func(x, w * 7) == pytest.approx(out, nan_ok=True), "only relative weights matter"
    batch = np.stack([w, w[::-1], np.array([1.0, 0.0, 0.0])], axis=1)
    many = func(x, batch)
    assert many.shape == (30, 3)
    for r in range(3):
        assert many[:, r] == pytest.approx(func(x, batch[:, r])[:, 0], nan_ok=True)
    better = x.copy()
    better[:, 0] += 0.3
    assert (func(better, w)[:, 0] >= out[:, 0] - 1e-12)[np.isfinite(out[:, 0])].all()
    if name not in RANK_BASED:
        same = 0.4 * (3 if name == "sum" else 1)  # a mean gives the value, a sum 3 times it
        assert func(np.full((2, 3), 0.4), w)[:, 0] == pytest.approx([same, same])


def test_aggregator_values() -> None:
    x = np.array([[1.0, 4.0], [0.0, 4.0], [2.0, np.nan]])
    w = np.array([1.0, 1.0])
    assert aggregate(x, w, "arithmetic").tolist() == [2.5, 2.0, 2.0]
    assert aggregate(x, w, "geometric") == pytest.approx([2.0, 0.0, 2.0])
    assert aggregate(x, w, "harmonic") == pytest.approx([1.6, 0.0, 2.0])
    assert aggregate(x, w, "geometric", offset=1.0) == pytest.approx(
        [np.sqrt(10) - 1, np.sqrt(5) - 1, 2.0]
    )
    with pytest.raises(SpecError, match="negative"):
        aggregate(np.array([[-1.0, 2.0]]), w, "geometric")


def test_exponential_aggregation_by_hand() -> None:
    # two domains, four regions; oriented (higher is better)
    x = np.array([[4.0, 1.0], [3.0, 2.0], [2.0, 3.0], [1.0, 4.0]])
    r = deprivation_rank(x)
    assert r[:, 0, 0].tolist() == [0.25, 0.5, 0.75, 1.0]
    got = aggregate(x, np.array([0.5, 0.5]), "exponential")
    e = exponential_transform(np.array([0.25, 0.5, 0.75, 1.0]))
    expected = 100 - np.array([e[0] + e[3], e[1] + e[2], e[2] + e[1], e[3] + e[0]]) / 2
    assert got == pytest.approx(expected)
    # another year's region ranked against the fitted distribution
    out = deprivation_rank(np.array([[2.5, 5.0]]), x)
    assert out[0, :, 0].tolist() == [0.5, 0.0]


# ------------------------------------------------------------------ weights, screens
@pytest.mark.parametrize("name", sorted(WEIGHTINGS))
def test_weighting_conformance(name: str) -> None:
    members = ["income", "work", "care"]
    data = RNG.normal(size=(40, 3))
    data[:, 1] += data[:, 0]
    base = WEIGHTINGS[name](members, data, [None, None, None])
    assert base.shape == (3,)
    if name == "explicit":
        assert np.isnan(base).all()
        got = resolve(name, members, {"income": 1, "work": 1, "care": 2})
        assert got == pytest.approx([0.25, 0.25, 0.5])
        with pytest.raises(SpecError, match="explicit"):
            resolve(name, members, {"income": 1})
    else:
        assert (base >= 0).all()
        got = resolve(name, members, {}, data=data)
        assert got.sum() == pytest.approx(1.0) and (got >= 0).all()


def test_weight_override_and_pca() -> None:
    assert resolve("equal", ["a", "b"], {"b": 3.0}) == pytest.approx([0.25, 0.75])
    x = RNG.normal(size=(200, 1))
    data = np.hstack([x, x + RNG.normal(scale=0.01, size=(200, 1)), RNG.normal(size=(200, 1))])
    w = resolve("pca", ["a", "b", "c"], {}, data=data)
    assert w[0] == pytest.approx(0.5, abs=0.05) and w[2] < 0.05


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_conformance(name: str) -> None:
    values = pd.DataFrame(
        {"a": [1.0, np.nan, np.nan], "b": [1.0, 2.0, np.nan]}, index=["A", "B", "C"]
    )
    pop = pd.Series([500.0, 20.0, np.nan], index=values.index)
    out = SCREENS[name](values, pop, ScreeningSpec(min_population=100, min_coverage=0.75))
    assert list(out.index) == ["A", "B", "C"] and out.iloc[0] == ""
    assert (out.iloc[1:] != "").all()
