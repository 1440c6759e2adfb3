"""Trends, projections to a target year and the improvement still required.

Two trend estimators over yearly values :math:`(t_i, y_i)`:

* **Theil–Sen** (default, robust to outliers and a few bad years): the slope is the
  median of the pairwise slopes :math:`b = \\operatorname{med}_{i<j}(y_j-y_i)/(t_j-t_i)`,
  the intercept :math:`a = \\operatorname{med}(y) - b\\,\\operatorname{med}(t)`; the slope's
  confidence interval :math:`[b_-, b_+]` is Sen's (1968) interval from the variance of
  Kendall's tau (:func:`scipy.stats.theilslopes`). The band at year :math:`t` is spanned
  by the lines with slopes :math:`b_-` and :math:`b_+` through the median point
  :math:`(\\operatorname{med} t, \\operatorname{med} y)`: it carries the slope
  uncertainty, which dominates a projection far ahead.
* **OLS**: :math:`\\hat y = a + b t` with the confidence band of the mean,
  :math:`\\hat y(t) \\pm t_{n-2, 1-\\alpha/2}\\, s \\sqrt{1/n + (t-\\bar t)^2 / S_{tt}}`.

The improvement still required to reach a target :math:`T` in year :math:`Y` from the last
observed value :math:`y_L` in year :math:`L` is :math:`(T - y_L)/(Y - L)` per year, to be set
against the trend's :math:`b` per year.

References: Sen, P.K. (1968), *Estimates of the regression coefficient based on
Kendall's tau*, JASA 63:1379-1389; Theil, H. (1950).

Examples
--------
>>> tr = fit([2018, 2019, 2020, 2021], [10.0, 11.0, 12.0, 13.0])
>>> round(tr.slope, 6), round(tr.predict(2030)["value"], 6)
(1.0, 22.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from kloof.errors import SpecError

__all__ = ["METHODS", "Outlook", "Trend", "fit", "outlook", "required_per_year"]

Method = Literal["theil-sen", "ols"]
#: Trend estimators by name.
METHODS: dict[str, str] = {
    "theil-sen": "median of pairwise slopes, Sen's interval (robust; default)",
    "ols": "ordinary least squares with the confidence band of the mean",
}
#: The NPLV horizon: 18 years after the 2022 start.
TARGET_YEAR = 2040


@dataclass(frozen=True)
class Trend:
    """A fitted linear trend with its uncertainty.

    Attributes
    ----------
    method
        ``theil-sen`` or ``ols``.
    slope, intercept
        :math:`y = a + b t`.
    slope_low, slope_high
        Confidence interval of the slope.
    confidence
        Confidence level (0.95).
    years
        Years used.
    anchor
        ``(t, y)`` the Theil–Sen band pivots on (median point), or the means for OLS.
    resid_sd, sxx
        OLS residual standard deviation and :math:`S_{tt}` (band of the mean).
    """

    method: str
    slope: float
    intercept: float
    slope_low: float
    slope_high: float
    confidence: float
    years: tuple[int, ...]
    anchor: tuple[float, float]
    resid_sd: float = float("nan")
    sxx: float = float("nan")

    @property
    def n(self) -> int:
        """Number of observations."""
        return len(self.years)

    def predict(self, year: float) -> dict[str, float]:
        """Value and band at ``year``: keys ``value``, ``low``, ``high``."""
        value = self.intercept + self.slope * year
        if self.method == "ols":
            from scipy import stats

            q = stats.t.ppf(0.5 + self.confidence / 2, self.n - 2) if self.n > 2 else np.nan
            x0 = self.anchor[0]
            half = q * self.resid_sd * np.sqrt(1 / self.n + (year - x0) ** 2 / self.sxx)
            return {"value": value, "low": value - half, "high": value + half}
        x0, y0 = self.anchor
        a = y0 + self.slope_low * (year - x0)
        b = y0 + self.slope_high * (year - x0)
        return {"value": value, "low": min(a, b), "high": max(a, b)}


def fit(
    years: Sequence[float] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    method: Method | str = "theil-sen",
    confidence: float = 0.95,
) -> Trend:
    """Fit a linear trend to yearly values (missing values are dropped).

    Raises
    ------
    SpecError
        Fewer than 3 distinct years with a value, or an unknown method.
    """
    t = np.asarray(years, dtype="float64")
    y = np.asarray(values, dtype="float64")
    ok = np.isfinite(t) & np.isfinite(y)
    t, y = t[ok], y[ok]
    if len(np.unique(t)) < 3:
        raise SpecError(f"a trend needs at least 3 years with a value; got {len(np.unique(t))}")
    yrs = tuple(int(v) for v in t)
    from scipy import stats  # lazily: scipy is an optional extra

    if method == "theil-sen":
        res = stats.theilslopes(y, t, alpha=confidence)
        return Trend(
            "theil-sen",
            float(res.slope),
            float(res.intercept),
            float(res.low_slope),
            float(res.high_slope),
            confidence,
            yrs,
            (float(np.median(t)), float(np.median(y))),
        )
    if method == "ols":
        res = stats.linregress(t, y)
        n = len(t)
        resid = y - (res.intercept + res.slope * t)
        sd = float(np.sqrt((resid**2).sum() / (n - 2)))
        q = stats.t.ppf(0.5 + confidence / 2, n - 2)
        return Trend(
            "ols",
            float(res.slope),
            float(res.intercept),
            float(res.slope - q * res.stderr),
            float(res.slope + q * res.stderr),
            confidence,
            yrs,
            (float(t.mean()), float(y.mean())),
            sd,
            float(((t - t.mean()) ** 2).sum()),
        )
    raise SpecError(f"unknown trend method {method!r}; known: {', '.join(METHODS)}")


def required_per_year(current: float, current_year: int, target: float, target_year: int) -> float:
    """Annual change still required: :math:`(T - y_L)/(Y - L)`."""
    if target_year <= current_year:
        raise SpecError(f"target year {target_year} is not after {current_year}")
    return (target - current) / (target_year - current_year)


@dataclass(frozen=True)
class Outlook:
    """Where the trend leads by the target year, against the target.

    Attributes
    ----------
    trend
        The fitted trend.
    target_year, target
        The goal (``target`` may be ``None``: projection only).
    projected, projected_low, projected_high
        Trend value and band in the target year.
    last_year, last_value
        Last observation.
    required
        Annual change still required from the last observation (``None`` w/o target).
    reaches, may_reach
        Whether the projection / the favourable end of the band reaches the target.
    """

    trend: Trend
    target_year: int
    target: float | None
    projected: float
    projected_low: float
    projected_high: float
    last_year: int
    last_value: float
    required: float | None
    reaches: bool | None
    may_reach: bool | None


def outlook(
    years: Sequence[float] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    target: float | None = None,
    target_year: int = TARGET_YEAR,
    method: Method | str = "theil-sen",
    confidence: float = 0.95,
) -> Outlook:
    """Fit, project to ``target_year`` and compare with ``target``.

    The direction of "reaching" is the direction from the last value to the target:
    a target above the last value is reached when the projection is at or above it.
    """
    tr = fit(years, values, method=method, confidence=confidence)
    t = np.asarray(years, dtype="float64")
    y = np.asarray(values, dtype="float64")
    ok = np.isfinite(t) & np.isfinite(y)
    last = int(np.argmax(np.where(ok, t, -np.inf)))
    last_year, last_value = int(t[last]), float(y[last])
    p = tr.predict(target_year)
    required = reaches = may_reach = None
    if target is not None:
        up = target >= last_value
        required = required_per_year(last_value, last_year, target, target_year)
        reaches = p["value"] >= target if up else p["value"] <= target
        may_reach = p["high"] >= target if up else p["low"] <= target
    return Outlook(
        tr,
        target_year,
        target,
        p["value"],
        p["low"],
        p["high"],
        last_year,
        last_value,
        required,
        reaches,
        may_reach,
    )
