"""Outlier treatment: tame skewed indicators before normalisation.

Treatments work on the *raw* values (before orientation) and follow the same
fit/transform contract as the normalisers: bounds and transformation parameters are
learned on a base year and applied unchanged to later years.

The rule for when an indicator needs treatment is the JRC/COINr one: an indicator is
*outlying* when ``|skewness| > 2`` and ``kurtosis > 3.5`` (bias-corrected sample skewness
and excess kurtosis, as COINr via ``e1071`` type 2). :class:`Winsorise` then moves the
most extreme value on the skewed side to the next value, one point at a time, until the
rule no longer holds or ``max_points`` values are treated; if the indicator is still
outlying it falls back to a log transform (COINr ``Treat()`` default).

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, step 3.
Becker W. et al. (2022), COINr ``Treat()``; Box G. & Cox D. (1964), JRSS B 26, 211-252.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from scipy import special, stats

from kloof.index._stats import FloatArray, as_float

__all__ = [
    "TREATMENTS",
    "BoxCox",
    "Log",
    "NoTreatment",
    "Treatment",
    "Winsorise",
    "is_outlying",
    "skew_kurtosis",
]


def skew_kurtosis(values: FloatArray) -> tuple[float, float]:
    """Bias-corrected skewness and excess kurtosis of the observed values."""
    x = as_float(values)
    x = x[np.isfinite(x)]
    if x.size < 4 or np.ptp(x) == 0:
        return 0.0, 0.0
    return float(stats.skew(x, bias=False)), float(stats.kurtosis(x, bias=False))


def is_outlying(values: FloatArray, skew: float = 2.0, kurtosis: float = 3.5) -> bool:
    """Whether ``|skewness| > skew`` and ``kurtosis > kurtosis`` (JRC rule)."""
    s, k = skew_kurtosis(values)
    return abs(s) > skew and k > kurtosis


class Treatment:
    """Base class of outlier treatments (fit on a base year, transform any year)."""

    name: ClassVar[str] = ""

    def fit(self, values: FloatArray, weights: FloatArray | None = None) -> Treatment:
        """Learn the treatment from ``values`` (NaN ignored)."""
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        """Apply the fitted treatment; NaN stays NaN."""
        return as_float(values).copy()

    def fit_transform(self, values: FloatArray, weights: FloatArray | None = None) -> FloatArray:
        """:meth:`fit` then :meth:`transform`."""
        return self.fit(values, weights).transform(values)

    def get_params(self) -> dict[str, Any]:
        """Constructor parameters (scikit-learn style)."""
        return {k: v for k, v in vars(self).items() if not k.endswith("_")}

    def summary(self) -> str:
        """One line for the step log."""
        return self.name


class NoTreatment(Treatment):
    """Leave the values as they are."""

    name = "none"


class Log(Treatment):
    """Shifted log transform: ``y = ln(x - min + 1)``, with ``min`` of the base year.

    For a negatively skewed indicator the mirror ``y = -ln(max - x + 1)`` keeps the
    order of the values. Values of a later year beyond the base-year minimum are
    clipped to it so the log stays defined.
    """

    name = "log"

    def fit(self, values: FloatArray, weights: FloatArray | None = None) -> Log:
        x = as_float(values)
        ok = x[np.isfinite(x)]
        self.min_ = float(ok.min()) if ok.size else 0.0
        self.max_ = float(ok.max()) if ok.size else 0.0
        self.mirror_ = skew_kurtosis(x)[0] < 0
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        x = as_float(values)
        if self.mirror_:
            return -np.log(np.maximum(self.max_ - x, 0.0) + 1.0)
        return np.log(np.maximum(x - self.min_, 0.0) + 1.0)

    def summary(self) -> str:
        return "log (mirrored)" if self.mirror_ else "log"


class BoxCox(Treatment):
    """Box-Cox transform with λ estimated by maximum likelihood on the base year.

    .. math:: y = ((x + c)^\\lambda - 1) / \\lambda \\;(\\lambda \\ne 0), \\quad \\ln(x + c)

    where the shift ``c = 1 - min x`` makes the values positive when needed.
    """

    name = "boxcox"

    def fit(self, values: FloatArray, weights: FloatArray | None = None) -> BoxCox:
        x = as_float(values)
        ok = x[np.isfinite(x)]
        low = float(ok.min()) if ok.size else 1.0
        self.shift_ = 1.0 - low if low <= 0 else 0.0
        if ok.size > 2 and np.ptp(ok) > 0:
            self.lambda_ = float(stats.boxcox_normmax(ok + self.shift_, method="mle"))
        else:
            self.lambda_ = 1.0
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        x = np.maximum(as_float(values) + self.shift_, 1e-12)
        return np.asarray(special.boxcox(x, self.lambda_), dtype="float64")

    def summary(self) -> str:
        return f"boxcox (lambda={self.lambda_:.3g}, shift={self.shift_:.3g})"


class Winsorise(Treatment):
    """Skew/kurtosis-driven winsorisation (JRC/COINr rule), log fallback.

    Parameters
    ----------
    max_points
        Most values winsorised per indicator.
    skew, kurtosis
        Thresholds of the outlier rule (``|skew| > 2`` and ``kurtosis > 3.5``).
    fallback
        ``"log"`` (default): when still outlying after ``max_points``, undo the
        winsorisation and log-transform instead; ``"none"``: keep the winsorised values.
    """

    name = "winsorise"

    def __init__(
        self,
        max_points: int = 5,
        skew: float = 2.0,
        kurtosis: float = 3.5,
        fallback: str = "log",
    ) -> None:
        self.max_points = int(max_points)
        self.skew = skew
        self.kurtosis = kurtosis
        self.fallback = fallback

    def fit(self, values: FloatArray, weights: FloatArray | None = None) -> Winsorise:
        x = as_float(values)
        ok = np.sort(x[np.isfinite(x)])
        self.lower_, self.upper_ = -np.inf, np.inf
        self.points_ = 0
        self.log_: Log | None = None
        if ok.size == 0:
            return self
        work = ok.copy()
        while self.points_ < self.max_points and is_outlying(work, self.skew, self.kurtosis):
            if skew_kurtosis(work)[0] > 0:
                top = work[-1]
                below = work[work < top]
                if below.size == 0:
                    break
                hits = work == top
                work[hits] = below[-1]
                self.upper_ = float(below[-1])
            else:
                bottom = work[0]
                above = work[work > bottom]
                if above.size == 0:
                    break
                hits = work == bottom
                work[hits] = above[0]
                self.lower_ = float(above[0])
            self.points_ += int(hits.sum())
        if self.fallback == "log" and is_outlying(work, self.skew, self.kurtosis):
            self.log_ = Log().fit(ok)
            self.lower_, self.upper_ = -np.inf, np.inf
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        if self.log_ is not None:
            return self.log_.transform(values)
        return np.clip(as_float(values), self.lower_, self.upper_)

    def summary(self) -> str:
        if self.log_ is not None:
            return f"winsorise -> {self.log_.summary()} (still outlying)"
        if self.points_ == 0:
            return "winsorise: not outlying"
        return f"winsorise: {self.points_} points to [{self.lower_:.4g}, {self.upper_:.4g}]"


#: Treatments by the name used in specs.
TREATMENTS: dict[str, type[Treatment]] = {
    "none": NoTreatment,
    "winsorise": Winsorise,
    "log": Log,
    "boxcox": BoxCox,
}
