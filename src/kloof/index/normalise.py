"""Normalisation: bring indicators in different units onto one comparable scale.

Every normaliser follows scikit-learn's rule: the constructor only stores parameters,
:meth:`~Normaliser.fit` learns from the regions of a base year, :meth:`~Normaliser.transform`
applies what was learned to any year, so change over time is real change and not a
re-scaling artefact. Values reach a normaliser already *oriented* (higher is better:
indicators with ``higher_is_worse`` are negated first), so no normaliser needs to know
the direction.

The registry :data:`NORMALISERS` maps the names used in specs to the classes; the CLI,
the docs and the conformance tests iterate it.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, section 1.5.
CDC/ATSDR Social Vulnerability Index 2020 documentation (percentile ranks,
``PERCENTRANK.INC``).
Becker W. et al. (2022), COINr: an R package for developing composite indicators.

Examples
--------
>>> import numpy as np
>>> percentile_rank(np.array([5.0, 3, 3, 8, 1])).tolist()
[0.75, 0.25, 0.25, 1.0, 0.0]
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from kloof.index._stats import FloatArray, as_float, wmean, wquantile, wstd

__all__ = [
    "NORMALISERS",
    "Distance",
    "Goalposts",
    "MinMax",
    "Normaliser",
    "PercentileRank",
    "Rank",
    "ZScore",
    "percentile_rank",
]


def percentile_rank(values: FloatArray) -> FloatArray:
    """Percentile rank of the values as given, Excel ``PERCENTRANK.INC`` (CDC SVI).

    .. math:: P_i = (\\operatorname{rank}_i - 1) / (N - 1) = \\#\\{j : x_j < x_i\\} / (N - 1)

    with ties taking the lowest rank and ``N`` the number of observed values;
    missing values stay missing. With ``N = 1`` the single value gets 0. Applied to
    values in the *vulnerable* direction (higher = more vulnerable) this is CDC's
    ``EPL_*``/``RPL_*``: tied regions get the lowest, least vulnerable percentile.

    >>> percentile_rank(np.array([5.0, 3, 3, 8, 1])).tolist()
    [0.75, 0.25, 0.25, 1.0, 0.0]
    """
    x = as_float(values)
    ok = np.isfinite(x)
    srt = np.sort(x[ok])
    n = srt.size
    below = np.searchsorted(srt, x, side="left").astype("float64")
    out = below / (n - 1) if n > 1 else np.zeros_like(x)
    return np.where(ok, out, np.nan)


class Normaliser:
    """Base class: fit on a base year, transform any year.

    Attributes
    ----------
    name
        Registry key.
    nonnegative
        Whether transformed values of the fitted data are never negative (needed by
        geometric and harmonic aggregation).
    """

    name: ClassVar[str] = ""
    nonnegative: ClassVar[bool] = False

    def fit(
        self,
        values: FloatArray,
        weights: FloatArray | None = None,
        reference: float | None = None,
    ) -> Normaliser:
        """Learn the parameters from ``values`` (NaN ignored).

        Parameters
        ----------
        values
            Oriented values of the regions that define the scale.
        weights
            Population weights of the same regions (used by weighted normalisers).
        reference
            The reference's oriented value (NL, a gemeente, a set mean), if any.
        """
        raise NotImplementedError

    def transform(self, values: FloatArray) -> FloatArray:
        """Apply the fitted parameters; NaN stays NaN."""
        raise NotImplementedError

    def fit_transform(
        self,
        values: FloatArray,
        weights: FloatArray | None = None,
        reference: float | None = None,
    ) -> FloatArray:
        """:meth:`fit` then :meth:`transform` on the same values."""
        return self.fit(values, weights, reference).transform(values)

    def get_params(self) -> dict[str, Any]:
        """Constructor parameters (scikit-learn style)."""
        return {k: v for k, v in vars(self).items() if not k.endswith("_")}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


class ZScore(Normaliser):
    """Population-weighted z-score against a reference.

    .. math:: z_i = (x_i - x_{ref}) / s_w

    where ``x_ref`` is the reference value (NL, a gemeente or the population-weighted
    mean of a reference set; the weighted mean of the fitted regions if none is given)
    and ``s_w`` the population-weighted standard deviation over the fitted regions.
    A constant indicator gets ``s_w = 1``.
    """

    name = "zscore"
    nonnegative = False

    def __init__(self, weighted: bool = True) -> None:
        self.weighted = weighted

    def fit(
        self,
        values: FloatArray,
        weights: FloatArray | None = None,
        reference: float | None = None,
    ) -> ZScore:
        x = as_float(values)
        w = weights if self.weighted else None
        centre = float(wmean(x, w))
        self.centre_ = (
            float(reference) if reference is not None and np.isfinite(reference) else centre
        )
        scale = float(wstd(x, w))
        self.scale_ = scale if np.isfinite(scale) and scale > 0 else 1.0
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        return (as_float(values) - self.centre_) / self.scale_


class MinMax(Normaliser):
    """Min-max rescaling to ``[0, 1]`` over the fitted regions.

    .. math:: y_i = (x_i - \\min x) / (\\max x - \\min x)

    Later years may fall outside ``[0, 1]`` unless ``clip`` is set. A constant
    indicator gives 0.5.
    """

    name = "minmax"
    nonnegative = True

    def __init__(self, clip: bool = False) -> None:
        self.clip = clip

    def fit(
        self,
        values: FloatArray,
        weights: FloatArray | None = None,
        reference: float | None = None,
    ) -> MinMax:
        x = as_float(values)
        x = x[np.isfinite(x)]
        self.min_ = float(x.min()) if x.size else 0.0
        self.max_ = float(x.max()) if x.size else 1.0
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        x = as_float(values)
        span = self.max_ - self.min_
        if span <= 0:
            return np.where(np.isfinite(x), 0.5, np.nan)
        y = (x - self.min_) / span
        return np.clip(y, 0.0, 1.0) if self.clip else y


class Goalposts(Normaliser):
    """Rescaling between two goalposts, clipped to ``[0, 1]``.

    .. math:: y_i = \\min(1, \\max(0, (x_i - L) / (U - L)))

    ``lower``/``upper`` are given in oriented units (the pipeline negates and swaps
    user goalposts of ``higher_is_worse`` indicators); when absent they are fitted as
    the population-weighted ``quantiles`` of the regions (default 5th and 95th).
    """

    name = "goalposts"
    nonnegative = True

    def __init__(
        self,
        lower: float | None = None,
        upper: float | None = None,
        quantiles: tuple[float, float] = (0.05, 0.95),
    ) -> None:
        self.lower = lower
        self.upper = upper
        self.quantiles = quantiles

    def fit(
        self,
        values: FloatArray,
        weights: FloatArray | None = None,
        reference: float | None = None,
    ) -> Goalposts:
        x = as_float(values)
        lo = self.lower if self.lower is not None else wquantile(x, self.quantiles[0], weights)
        hi = self.upper if self.upper is not None else wquantile(x, self.quantiles[1], weights)
        self.lower_, self.upper_ = float(lo), float(hi)
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        x = as_float(values)
        span = self.upper_ - self.lower_
        if not np.isfinite(span) or span <= 0:
            return np.where(np.isfinite(x), 0.5, np.nan)
        return np.clip((x - self.lower_) / span, 0.0, 1.0)


class PercentileRank(Normaliser):
    """Percentile rank in the CDC SVI convention, on oriented values.

    CDC/ATSDR SVI (2020 documentation) ranks every variable in the *vulnerable*
    direction with Excel ``PERCENTRANK.INC``, ``(rank - 1) / (N - 1)`` with ties at
    the lowest rank, so tied regions get the *least* vulnerable percentile
    ``EPL``. Values reach a normaliser oriented (higher is better), so the
    normalised value is ``1 - EPL``:

    .. math:: y_i = 1 - \\frac{\\#\\{j : v_j < v_i\\}}{N - 1}
              = \\frac{\\#\\{j : x_j \\le x_i\\} - 1}{N - 1}

    with ``v = -x`` the vulnerability: ties take the *highest* (least vulnerable)
    oriented rank. A value ``x`` of another year gets ``(#{fitted <= x} - 1) / (N - 1)``
    clipped to ``[0, 1]``. (CDC up to SVI 2018 inverted per capita income, its only
    "higher is better" variable, as ``1 - PERCENTRANK.INC(PCI)``, which gives ties the
    most vulnerable rank; SVI 2020 has no such variable and kloof ranks every
    indicator in its vulnerable direction, as :func:`~kloof.index.classes.svi_flags`.)

    >>> PercentileRank().fit_transform(np.array([5.0, 3, 3, 8, 1])).tolist()
    [0.75, 0.5, 0.5, 1.0, 0.0]
    """

    name = "percentile"
    nonnegative = True

    def fit(
        self,
        values: FloatArray,
        weights: FloatArray | None = None,
        reference: float | None = None,
    ) -> PercentileRank:
        x = as_float(values)
        self.sorted_ = np.sort(x[np.isfinite(x)])
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        x = as_float(values)
        n = self.sorted_.size
        upto = np.searchsorted(self.sorted_, x, side="right").astype("float64")
        out = np.clip((upto - 1.0) / (n - 1), 0.0, 1.0) if n > 1 else np.zeros_like(x)
        return np.where(np.isfinite(x), out, np.nan)


class Rank(Normaliser):
    """Rank among the fitted regions: ``1 + #{fitted values < x}`` (ties lowest)."""

    name = "rank"
    nonnegative = True

    def fit(
        self,
        values: FloatArray,
        weights: FloatArray | None = None,
        reference: float | None = None,
    ) -> Rank:
        x = as_float(values)
        self.sorted_ = np.sort(x[np.isfinite(x)])
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        x = as_float(values)
        below = np.searchsorted(self.sorted_, x, side="left").astype("float64")
        return np.where(np.isfinite(x), 1.0 + below, np.nan)


class Distance(Normaliser):
    """Relative distance to the reference value.

    .. math:: y_i = (x_i - x_{ref}) / |x_{ref}|

    (0 at the reference, 0.1 = 10 % better than the reference). Without a usable
    reference (missing or zero) the weighted mean of the fitted regions is used, and
    failing that the scale is 1.
    """

    name = "distance"
    nonnegative = False

    def fit(
        self,
        values: FloatArray,
        weights: FloatArray | None = None,
        reference: float | None = None,
    ) -> Distance:
        ref = float(reference) if reference is not None else float("nan")
        if not np.isfinite(ref) or ref == 0:
            ref = float(wmean(as_float(values), weights))
        self.reference_ = ref if np.isfinite(ref) else 0.0
        self.scale_ = abs(self.reference_) if self.reference_ != 0 else 1.0
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        return (as_float(values) - self.reference_) / self.scale_


#: Normalisers by the name used in specs.
NORMALISERS: dict[str, type[Normaliser]] = {
    cls.name: cls for cls in (ZScore, MinMax, Goalposts, PercentileRank, Rank, Distance)
}
