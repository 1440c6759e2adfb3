"""Trend fitting, projection and the improvement still required."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kloof.errors import SpecError
from kloof.monitor.trends import fit, outlook, required_per_year

YEARS = [2018, 2019, 2020, 2021, 2022, 2023]


def test_exact_line_both_methods() -> None:
    y = [2.0 * t - 4000.0 for t in YEARS]
    for method in ("theil-sen", "ols"):
        tr = fit(YEARS, y, method=method)
        assert tr.slope == pytest.approx(2.0)
        p = tr.predict(2040)
        assert p["value"] == pytest.approx(80.0)
        assert p["low"] <= p["value"] <= p["high"]
        assert tr.n == 6


def test_theil_sen_resists_an_outlier_ols_does_not() -> None:
    y = [10.0, 11.0, 12.0, 13.0, 14.0, 60.0]
    ts = fit(YEARS, y)
    ols = fit(YEARS, y, method="ols")
    assert ts.slope == pytest.approx(1.0)
    assert ols.slope > 5.0
    assert ts.slope_low <= ts.slope <= ts.slope_high


def test_band_widens_with_distance() -> None:
    rng = np.random.default_rng(3)
    y = 0.5 * np.arange(6) + rng.normal(0, 0.3, 6)
    for method in ("theil-sen", "ols"):
        tr = fit(YEARS, y, method=method)
        near = tr.predict(2024)
        far = tr.predict(2040)
        assert far["high"] - far["low"] > near["high"] - near["low"]


def test_required_and_outlook() -> None:
    assert required_per_year(80.0, 2024, 100.0, 2040) == pytest.approx(1.25)
    with pytest.raises(SpecError):
        required_per_year(80.0, 2040, 100.0, 2040)
    y = [80.0, 81.0, 82.0, 83.0, 84.0, 85.0]
    o = outlook(YEARS, y, target=100.0, target_year=2040)
    assert o.projected == pytest.approx(102.0)
    assert o.reaches and o.may_reach
    assert o.required == pytest.approx(15.0 / 17)
    assert (o.last_year, o.last_value) == (2023, 85.0)
    slow = outlook(YEARS, y, target=130.0)
    assert slow.reaches is False
    down = outlook(YEARS, [10.0, 9.0, 8.0, 7.0, 6.0, 5.0], target=0.0, target_year=2030)
    assert down.reaches  # 5 - 7 = -2 <= 0
    none = outlook(YEARS, y)
    assert none.required is None and none.reaches is None


def test_errors_and_missing() -> None:
    with pytest.raises(SpecError, match="at least 3"):
        fit([2020, 2021, 2022], [1.0, np.nan, 3.0])
    with pytest.raises(SpecError, match="unknown trend"):
        fit(YEARS, range(6), method="loess")


@settings(max_examples=40, deadline=None)
@given(st.floats(-5, 5), st.floats(-100, 100), st.floats(0.1, 10))
def test_equivariance(slope: float, shift: float, scale: float) -> None:
    """Shifting and scaling the values shifts and scales the trend."""
    rng = np.random.default_rng(0)
    y = slope * np.arange(6) + rng.normal(0, 1, 6)
    a = fit(YEARS, y)
    b = fit(YEARS, scale * y + shift)
    assert b.slope == pytest.approx(scale * a.slope, abs=1e-9)
    assert b.predict(2030)["value"] == pytest.approx(
        scale * a.predict(2030)["value"] + shift, abs=1e-6
    )
