"""Outlier treatment: tame skewed indicators before normalisation.

Treatments work on the *raw* values (before orientation) and follow the same
fit/transform contract as the normalisers: bounds and transformation parameters are
learned on a base year and applied unchanged to later years.

The rule for when an indicator needs treatment is COINr's ``check_SkewKurt``: an
indicator is *outlying* when ``|skewness| >= 2`` and ``kurtosis >= 3.5`` (it passes when
``|skew| < 2`` or ``kurtosis < 3.5``), with the bias-corrected sample skewness and excess
kurtosis of ``e1071`` type 2 (= Excel ``SKEW``/``KURT``, = SciPy ``bias=False``).
:class:`Winsorise` then follows COINr's ``winsorise``: the highest (skew >= 0) or lowest
value, with its ties, is set to the next value, one step at a time, until the rule no
longer holds or ``max_points`` distinct values have been moved; if the indicator is
still outlying it falls back to COINr's log transform (``log_CT``) of the *original*
values (COINr ``Treat()`` default, ``combine_treat = FALSE``), and skewness and
kurtosis are checked again after the log so that an indicator that stays outlying is
reported in the treatment log.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, step 3.
Becker W. et al. (2022), COINr ``Treat()``, ``winsorise()``, ``log_CT()``,
``log_CT_plus()``, ``check_SkewKurt()`` (R/treat.R); Box G. & Cox D. (1964), JRSS B 26,
211-252.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

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
    r"""Bias-corrected skewness and excess kurtosis of the observed values.

    With :math:`m_r = \sum_i (x_i - \bar x)^r / n` (``e1071`` type 2, COINr ``skew`` and
    ``kurt``):

    .. math::

        G_1 = \frac{\sqrt{n(n-1)}}{n-2} \frac{m_3}{m_2^{3/2}}, \qquad
        G_2 = \frac{(n+1)(m_4/m_2^2 - 3) + 6}{(n-2)(n-3)} (n-1)

    Fewer than four values or a constant indicator give ``(0, 0)`` (never outlying).
    """
    x = as_float(values)
    x = x[np.isfinite(x)]
    if x.size < 4 or np.ptp(x) == 0:
        return 0.0, 0.0
    # SciPy's skew/kurtosis(bias=False) without their per-call overhead (0.6 ms each,
    # twice per winsorisation step): the same central moments, the same corrections
    n = float(x.size)
    d = x - x.mean()
    d2 = d * d
    m2, m3, m4 = d2.mean(), (d2 * d).mean(), (d2 * d2).mean()
    g1 = m3 / m2**1.5
    g2 = m4 / m2**2
    skew = np.sqrt((n - 1.0) * n) / (n - 2.0) * g1
    kurt = 1.0 / (n - 2) / (n - 3) * ((n * n - 1.0) * g2 - 3 * (n - 1) ** 2.0)
    return float(skew), float(kurt)


def is_outlying(values: FloatArray, skew: float = 2.0, kurtosis: float = 3.5) -> bool:
    """Whether ``|skewness| >= skew`` and ``kurtosis >= kurtosis``.

    The negation of COINr's ``check_SkewKurt`` pass rule ``|skew| < skew_thresh |
    kurt < kurt_thresh`` (defaults 2 and 3.5 in ``Treat()``).
    """
    s, k = skew_kurtosis(values)
    return abs(s) >= skew and k >= kurtosis


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
    r"""Shifted log transform, COINr ``log_CT`` / ``log_CT_plus``.

    .. math:: y = \ln(x - \min x + a), \qquad a = 0.01\,(\max x - \min x)

    with ``min`` and ``max`` of the base year. The shift ``a`` is a fixed share of the
    range, so changing the unit of ``x`` by a factor ``c`` only adds ``ln c`` to every
    value and a normalised indicator does not change (the former ``ln(x - min + 1)``
    depended on the unit: per 1 000 or per inhabitant gave different indices). For a
    negatively skewed indicator the mirror ``y = -ln(max x + a - x)`` keeps the order
    of the values (``log_CT_plus``). Values of a later year beyond the base-year
    minimum (maximum when mirrored) are clipped to it so the log stays defined.
    After fitting, ``skew_after_`` and ``kurtosis_after_`` hold the shape of the
    transformed base year and ``still_outlying_`` whether it still breaks the
    outlier rule (``|skew| >= 2`` and ``kurtosis >= 3.5``).

    Examples
    --------
    >>> Log().fit_transform(np.array([0.0, 1.0, 3.0, 10.0])).round(4).tolist()
    [-2.3026, 0.0953, 1.1314, 2.3125]
    """

    name = "log"

    def fit(self, values: FloatArray, weights: FloatArray | None = None) -> Log:
        x = as_float(values)
        ok = x[np.isfinite(x)]
        self.min_ = float(ok.min()) if ok.size else 0.0
        self.max_ = float(ok.max()) if ok.size else 0.0
        span = self.max_ - self.min_
        self.shift_ = 0.01 * span if span > 0 else 1.0
        self.mirror_ = skew_kurtosis(x)[0] < 0
        self.skew_after_, self.kurtosis_after_ = skew_kurtosis(self.transform(ok))
        self.still_outlying_ = abs(self.skew_after_) >= 2.0 and self.kurtosis_after_ >= 3.5
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        x = as_float(values)
        if self.mirror_:
            return -np.log(np.maximum(self.max_ - x, 0.0) + self.shift_)
        return np.log(np.maximum(x - self.min_, 0.0) + self.shift_)

    def summary(self) -> str:
        text = "log (mirrored)" if self.mirror_ else "log"
        if self.still_outlying_:
            text += (
                f", still outlying after the log (skew {self.skew_after_:.2f}, "
                f"kurtosis {self.kurtosis_after_:.2f})"
            )
        return text


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
            from scipy import stats  # lazily: importing scipy.stats costs ~0.5 s

            self.lambda_ = float(stats.boxcox_normmax(ok + self.shift_, method="mle"))
        else:
            self.lambda_ = 1.0
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        from scipy import special

        x = np.maximum(as_float(values) + self.shift_, 1e-12)
        return np.asarray(special.boxcox(x, self.lambda_), dtype="float64")

    def summary(self) -> str:
        return f"boxcox (lambda={self.lambda_:.3g}, shift={self.shift_:.3g})"


class Winsorise(Treatment):
    """Skew/kurtosis-driven winsorisation (COINr ``winsorise``), log fallback.

    One step sets the highest value (when skewness ``>= 0``) or the lowest value
    (otherwise), with every value tied to it, to the next value; steps repeat while
    the indicator is outlying (see :func:`is_outlying`) and fewer than ``max_points``
    distinct values have been moved. ``points_`` counts the distinct base-year values
    that were moved, ``#{x > upper_} + #{x < lower_}``, as COINr's ``nwin``: after
    ``k`` steps on one side that is ``k`` (plus any ties), not ``1 + 2 + ... + k``, so
    ``max_points = 5`` allows five steps.

    Parameters
    ----------
    max_points
        Most distinct values winsorised per indicator (COINr ``winmax``, default 5).
    skew, kurtosis
        Thresholds of the outlier rule (``|skew| >= 2`` and ``kurtosis >= 3.5``).
    fallback
        ``"log"`` (default): when still outlying after ``max_points``, undo the
        winsorisation and log-transform the original values instead (:class:`Log`,
        COINr ``log_CT``), then check skewness and kurtosis again; ``"none"``: keep
        the winsorised values.

    Examples
    --------
    >>> x = np.r_[np.arange(1.0, 31.0), 150.0, 300.0, 450.0, 600.0]
    >>> w = Winsorise().fit(x)
    >>> w.points_, w.upper_
    (4, 30.0)
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
        self.still_outlying_ = False
        if ok.size == 0:
            return self
        work = ok.copy()
        while self.points_ < self.max_points:
            skew, kurt = skew_kurtosis(work)  # once per step: it decides both
            if not (abs(skew) >= self.skew and kurt >= self.kurtosis):  # is_outlying
                break
            if skew >= 0:
                top = work[-1]
                below = work[work < top]
                if below.size == 0:
                    break
                work[work == top] = below[-1]
                self.upper_ = float(below[-1])
            else:
                bottom = work[0]
                above = work[work > bottom]
                if above.size == 0:
                    break
                work[work == bottom] = above[0]
                self.lower_ = float(above[0])
            self.points_ = int((ok > self.upper_).sum() + (ok < self.lower_).sum())
        if is_outlying(work, self.skew, self.kurtosis):
            if self.fallback == "log":
                self.log_ = Log().fit(ok)
                self.lower_, self.upper_ = -np.inf, np.inf
                after = self.log_.transform(ok)
                self.still_outlying_ = is_outlying(after, self.skew, self.kurtosis)
            else:
                self.still_outlying_ = True
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        if self.log_ is not None:
            return self.log_.transform(values)
        return np.clip(as_float(values), self.lower_, self.upper_)

    def summary(self) -> str:
        """One line for the step log; names an indicator that stays outlying."""
        if self.log_ is not None:
            log = self.log_
            kind = "log (mirrored)" if log.mirror_ else "log"
            shape = f"skew {log.skew_after_:.2f}, kurtosis {log.kurtosis_after_:.2f}"
            if self.still_outlying_:
                return f"winsorise -> {kind}: still outlying after the log ({shape})"
            moved = f"outlying after {self.points_} points"
            return f"winsorise -> {kind} ({moved}; after the log: {shape})"
        if self.points_ == 0 and not self.still_outlying_:
            return "winsorise: not outlying"
        text = f"winsorise: {self.points_} points to [{self.lower_:.4g}, {self.upper_:.4g}]"
        return text + (": still outlying" if self.still_outlying_ else "")


#: Treatments by the name used in specs.
TREATMENTS: dict[str, type[Treatment]] = {
    "none": NoTreatment,
    "winsorise": Winsorise,
    "log": Log,
    "boxcox": BoxCox,
}
