"""Small-area estimation: rates from small populations shrunk towards their parent.

A rate observed on 240 inhabitants says less than one observed on 24,000: ten WW
recipients more or less move it by 42 per 1,000. Ranking raw rates lets the smallest
areas take the extreme places by chance. Official small-area statistics therefore rank
*estimates*: the English Indices of Deprivation shrink every LSOA rate towards its
district (MSOA/LAD) mean with an empirical Bayes weight (Ministry of Housing, Communities
and Local Government, *The English Indices of Deprivation 2019: Technical report*,
section 3.4 and appendix D "shrinkage estimation"). kloof does the same, buurt → wijk →
gemeente, with Marshall's local empirical Bayes estimator for rates:

.. math::

    \\hat p_i = w_i\\, p_i + (1 - w_i)\\, m_g, \\qquad
    w_i = \\frac{\\tau_g^2}{\\tau_g^2 + v_i}, \\qquad
    v_i = \\frac{m_g (1 - m_g)}{n_i},

    \\tau_g^2 = \\max\\Bigl(0,\\ \\frac{\\sum_{i\\in g} n_i (p_i - m_g)^2}{\\sum_{i\\in g} n_i}
    - \\frac{m_g (1 - m_g)}{\\bar n_g}\\Bigr)

where :math:`p_i` is the observed proportion (rate / scale) of region *i* with
denominator :math:`n_i` (inhabitants, households or dwellings, from the catalogue),
:math:`m_g` the rate of its parent region *g* (the parent's own published value, or
the denominator-weighted mean of its children when the parent has none) and
:math:`\\tau_g^2` the between-region variance within the parent (method of moments).
Parents with fewer than ``min_group`` scored children use the pooled
:math:`\\tau^2` of all parents. :math:`w_i` is the *reliability*: the share of the
estimate that comes from the region's own data. Marshall, R.J. (1991), "Mapping disease
and mortality rates using empirical Bayes estimators", *Applied Statistics* 40(2),
283-294; PySAL implements the global form as ``esda.smoothing.Empirical_Bayes``
(Poisson variance :math:`m/n`; with ``variance="poisson"`` and one group this module
gives the same numbers, which the tests check).

Only proportions are shrunk (percentages and rates per 1,000 whose denominator the
catalogue names); means (WOZ, income per inhabitant) and counts are left as observed
with reliability ``NaN``. Missing values stay missing (imputation comes later).

The registry :data:`ESTIMATORS` holds ``raw`` (no change) and ``shrinkage``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kloof.catalogue import Catalogue
from kloof.errors import SpecError
from kloof.index._stats import FloatArray

__all__ = ["ESTIMATORS", "Estimated", "estimate", "group_codes", "proportion_scale", "shrink"]


@dataclass(frozen=True)
class Estimated:
    """Estimated values with their reliability and a one-line summary per indicator.

    Attributes
    ----------
    values
        The estimates (same shape as the raw values).
    reliability
        :math:`w_i` per cell (1 = own data only, 0 = parent only); ``NaN`` where the
        value was not estimated (a mean, a count, no denominator, missing value).
    summary
        Indicator → short text for the step log.
    """

    values: pd.DataFrame
    reliability: pd.DataFrame
    summary: dict[str, str]


def proportion_scale(indicator_id: str, catalogue: Catalogue) -> float | None:
    """The scale of a proportion indicator (100 for %, 1000 for per 1,000), else ``None``.

    >>> from kloof import catalogue
    >>> proportion_scale("bijstand_per_1000", catalogue.load())
    1000.0
    >>> proportion_scale("woz_mean", catalogue.load()) is None
    True
    """
    ind = catalogue[indicator_id]
    if ind.kind != "rate":
        return None
    if ind.derived is not None:
        return float(ind.derived.scale)
    unit = ind.unit.replace("\u00a0", " ").strip().lower()
    if unit == "%":
        return 100.0
    if unit.startswith("per 1 000") or unit.startswith("per 1000"):
        return 1000.0
    return None


def shrink(
    rate: pd.Series,
    size: pd.Series,
    target: pd.Series,
    groups: pd.Series,
    *,
    scale: float,
    min_group: int = 5,
    variance: str = "binomial",
    codes: np.ndarray | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Shrink one rate column towards its parents (formula in the module docstring).

    Parameters
    ----------
    rate
        Observed rates in their published unit (e.g. per 1,000).
    size
        Denominator :math:`n_i` per region; ``NaN`` or ≤ 0 leaves the rate unchanged.
    target
        Parent rate :math:`m_g` per region (same unit); ``NaN`` is replaced by the
        denominator-weighted mean of the region's group.
    groups
        Parent code per region (defines :math:`\\tau_g^2`).
    scale
        Units per proportion (100 for %, 1000 for per 1,000).
    min_group
        Groups with fewer usable members use the pooled :math:`\\tau^2`.
    variance
        ``binomial`` (:math:`m(1-m)/n`) or ``poisson`` (:math:`m/n`, as esda).
    codes
        ``groups`` already numbered per region of ``rate`` (:func:`group_codes`), so
        that shrinking several columns numbers the groups once.

    Returns
    -------
    estimate, reliability

    Examples
    --------
    >>> r = pd.Series([100.0, 0.0, 50.0]); n = pd.Series([100.0, 100.0, 10_000.0])
    >>> est, w = shrink(r, n, pd.Series(50.0, index=r.index), pd.Series("g", index=r.index),
    ...                 scale=1000, min_group=1)
    >>> [round(x, 1) for x in est]
    [53.4, 46.6, 50.0]
    """
    if variance not in ("binomial", "poisson"):
        raise SpecError(f"estimation.params.variance: {variance!r} is not binomial or poisson")
    p = rate.to_numpy(dtype="float64") / scale
    n = size.reindex(rate.index).to_numpy(dtype="float64")
    if codes is None:
        codes = group_codes(groups, rate.index)
    k = int(codes.max()) + 1 if len(codes) else 0
    usable = np.isfinite(p) & np.isfinite(n) & (n > 0)
    nu = np.where(usable, n, 0.0)
    pu = np.where(usable, p, 0.0)

    def per_group(x: FloatArray) -> FloatArray:
        return np.asarray(np.bincount(codes, weights=x, minlength=k), dtype="float64")

    count, n_sum = per_group(usable.astype("float64")), per_group(nu)
    with np.errstate(invalid="ignore", divide="ignore"):
        group_mean = per_group(pu * nu) / n_sum
    m = target.reindex(rate.index).to_numpy(dtype="float64") / scale
    m = np.clip(np.where(np.isfinite(m), m, group_mean[codes]), 0.0, 1.0)
    mv = m * (1.0 - m) if variance == "binomial" else m
    with np.errstate(invalid="ignore", divide="ignore"):
        between = per_group(np.where(usable, nu * (pu - m) ** 2, 0.0)) / n_sum
        noise = (per_group(np.where(usable, mv, 0.0)) / count) / (n_sum / count)
        tau2_g = np.clip(between - noise, 0.0, None)
    has = count > 0
    big = has & (count >= min_group)
    pool = big if big.any() else has
    pooled = float(np.average(tau2_g[pool], weights=count[pool])) if pool.any() else 0.0
    tau2 = np.where(big, tau2_g, pooled)[codes]
    with np.errstate(invalid="ignore", divide="ignore"):
        v = mv / nu
        w = np.where(tau2 + v > 0, tau2 / (tau2 + v), 1.0)
    w = np.where(usable, w, np.nan)
    est = np.where(usable, w * p + (1.0 - w) * m, p) * scale
    return pd.Series(est, index=rate.index), pd.Series(w, index=rate.index)


def group_codes(groups: pd.Series, index: pd.Index) -> np.ndarray:
    """The group of every region of ``index`` as a number (missing groups share one)."""
    codes, _ = pd.factorize(groups.reindex(index).astype("object").fillna(""), sort=False)
    return np.asarray(codes)


def _raw(values: pd.DataFrame, **_: Any) -> Estimated:
    nan = pd.DataFrame(np.nan, index=values.index, columns=values.columns)
    return Estimated(values, nan, {})


def _shrinkage(
    values: pd.DataFrame,
    *,
    sizes: Mapping[str, pd.Series | None],
    scales: Mapping[str, float | None],
    targets: pd.DataFrame,
    groups: pd.Series,
    target_label: str,
    params: Mapping[str, Any],
) -> Estimated:
    unknown = set(params) - {"min_group", "variance"}
    if unknown:
        raise SpecError(f"estimation.params: unknown {sorted(unknown)}; known: min_group, variance")
    out = values.copy()
    rel = pd.DataFrame(np.nan, index=values.index, columns=values.columns)
    summary: dict[str, str] = {}
    codes = group_codes(groups, values.index)
    for col in values.columns:
        size, scale = sizes.get(col), scales.get(col)
        if scale is None:
            summary[col] = "not a proportion: as observed"
            continue
        if size is None:
            summary[col] = "no denominator in the frame: as observed"
            continue
        est, w = shrink(
            values[col],
            size,
            targets[col] if col in targets else pd.Series(np.nan, index=values.index),
            groups,
            scale=scale,
            min_group=int(params.get("min_group", 5)),
            variance=str(params.get("variance", "binomial")),
            codes=codes,
        )
        out[col], rel[col] = est, w
        ok = w.notna()
        if ok.any():
            summary[col] = (
                f"towards {target_label}: median reliability {float(w[ok].median()):.2f}, "
                f"{int((w[ok] < 0.5).sum())} regions below 0.5"
            )
    return Estimated(out, rel, summary)


Estimator = Callable[..., Estimated]

#: Estimation methods by spec name.
ESTIMATORS: dict[str, Estimator] = {"raw": _raw, "shrinkage": _shrinkage}


def estimate(
    values: pd.DataFrame,
    method: str,
    params: Mapping[str, Any],
    *,
    sizes: Mapping[str, pd.Series | None],
    scales: Mapping[str, float | None],
    targets: pd.DataFrame,
    groups: pd.Series,
    target_label: str = "parent",
) -> Estimated:
    """Apply the estimation method ``method`` of :data:`ESTIMATORS` to ``values``.

    Parameters
    ----------
    values
        Observed values (regions × indicators).
    sizes, scales
        Per indicator: the denominator per region and the proportion scale (``None``
        where the indicator is not a proportion or has no denominator).
    targets
        Parent values per region and indicator (the shrinkage target).
    groups
        Parent code per region.
    """
    if method not in ESTIMATORS:
        raise SpecError(f"estimation.method: unknown {method!r}; choose from {sorted(ESTIMATORS)}")
    return ESTIMATORS[method](
        values,
        sizes=sizes,
        scales=scales,
        targets=targets,
        groups=groups,
        target_label=target_label,
        params=params,
    )
