"""Aggregation: combine indicators into a domain score and domains into the index.

Every aggregator is a pure, vectorised function with the signature::

    aggregator(values, weights, fit_values=None, **params) -> scores

``values`` has shape ``(n, k, r)`` (regions × members × replications; ``r`` may be 1 and
broadcast), ``weights`` shape ``(k, r)``, the result shape ``(n, r)``. The replication
axis lets the Monte Carlo analysis evaluate hundreds of weight sets in one call.
Missing values are skipped and the weights re-normalised over the available members;
a region with no available member gets NaN (and a flag in the result).

Values are oriented (higher is better) and so is every output.

=================  ===========================================================
``arithmetic``     :math:`\\sum_j w_j x_j / \\sum_j w_j` (fully compensatory)
``geometric``      :math:`\\exp(\\sum_j w_j \\ln(x_j + c) / \\sum_j w_j) - c`; needs
                   non-negative values; a zero gives exactly :math:`-c` (no NaN, no
                   warning); offset ``c`` default 0
``harmonic``       :math:`\\sum_j w_j / \\sum_j (w_j / x_j)`; a zero gives 0
``sum``            :math:`\\sum_j \\omega_j x_j` with :math:`\\omega_j = K w_j / \\sum_k w_k`
                   (equal weights: the plain sum); CDC SVI theme and overall sums
``exponential``    English IMD: rank members by deprivation, exponential transform
                   :math:`X = -23 \\ln(1 - R (1 - e^{-100/23}))`, weighted mean, then
                   :math:`100 - \\bar X` so that higher stays better (non-compensatory)
=================  ===========================================================

References
----------
MHCLG (2019), *English Indices of Deprivation 2019, Technical report*, appendix on the
exponential transformation. OECD/JRC (2008), *Handbook on Constructing Composite
Indicators*, section 1.6.
CDC/ATSDR (2022), *SVI 2020 Documentation*: theme scores ``SPL_THEMEn`` are sums of the
variables' percentile ranks, the overall ``SPL_THEMES`` the sum of all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kloof.errors import SpecError
from kloof.index._stats import FloatArray, as_float

__all__ = [
    "AGGREGATORS",
    "NEEDS_NONNEGATIVE",
    "RANK_BASED",
    "aggregate",
    "deprivation_rank",
    "exponential_transform",
]

_EXP_CONSTANT = 1.0 - np.exp(-100.0 / 23.0)


def exponential_transform(rank: FloatArray) -> FloatArray:
    """The IMD exponential transformation of a deprivation rank ``R`` in ``(0, 1]``.

    .. math:: X = -23 \\ln\\bigl(1 - R\\,(1 - e^{-100/23})\\bigr)

    ``R = 1`` is the most deprived region (``X = 100``); the transform stretches the
    deprived end so that a region cannot make up for deprivation in one domain with
    affluence in another.

    >>> exponential_transform(np.array([0.5, 0.9, 1.0])).round(3).tolist()
    [15.647, 50.427, 100.0]
    """
    r = as_float(rank)
    return -23.0 * np.log(1.0 - r * _EXP_CONSTANT)


def _wsum(a: FloatArray, w: FloatArray) -> FloatArray:
    """``sum_j a[n, j, r] * w[j, r]`` for ``a`` with replication axis 1 or ``r``."""
    if a.shape[2] == 1:
        return np.asarray(a[:, :, 0] @ w, dtype="float64")
    return np.asarray(np.einsum("nkr,kr->nr", a, w), dtype="float64")


def _shape(values: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    x = as_float(values)
    w = as_float(weights)
    if x.ndim == 2:
        x = x[:, :, None]
    if w.ndim == 1:
        w = w[:, None]
    if x.shape[2] not in (1, w.shape[1]):
        raise ValueError(f"values {x.shape} and weights {w.shape} do not match")
    return x, w


def aggregate_arithmetic(
    values: FloatArray, weights: FloatArray, fit_values: FloatArray | None = None, **params: Any
) -> FloatArray:
    """Weighted arithmetic mean over the available members."""
    x, w = _shape(values, weights)
    ok = np.isfinite(x)
    if ok.all():
        total = w.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, _wsum(x, w) / total, np.nan)
    num = _wsum(np.where(ok, x, 0.0), w)
    den = _wsum(ok.astype("float64"), w)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def aggregate_geometric(
    values: FloatArray,
    weights: FloatArray,
    fit_values: FloatArray | None = None,
    offset: float = 0.0,
    **params: Any,
) -> FloatArray:
    """Weighted geometric mean, safe with zeros (see module docstring)."""
    x, w = _shape(values, weights)
    ok = np.isfinite(x)
    y = np.where(ok, x + offset, 1.0)
    if (y < 0).any():
        raise SpecError(
            "aggregation: geometric mean over negative values; use a non-negative "
            "normalisation (minmax, goalposts, percentile, rank) or a larger offset"
        )
    zero = ok & (y == 0)
    logs = np.log(np.where(zero, 1.0, y))
    num = _wsum(np.where(ok, logs, 0.0), w)
    den = _wsum(ok.astype("float64"), w)
    has_zero = _wsum(zero.astype("float64"), w) > 0
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        out = np.exp(num / den) - offset
    out = np.where(has_zero, -offset, out)
    return np.where(den > 0, out, np.nan)


def aggregate_harmonic(
    values: FloatArray, weights: FloatArray, fit_values: FloatArray | None = None, **params: Any
) -> FloatArray:
    """Weighted harmonic mean; a zero member gives 0."""
    x, w = _shape(values, weights)
    ok = np.isfinite(x)
    if (np.where(ok, x, 1.0) < 0).any():
        raise SpecError("aggregation: harmonic mean over negative values")
    zero = ok & (x == 0)
    inv = np.where(ok & ~zero, 1.0 / np.where(zero | ~ok, 1.0, x), 0.0)
    den = _wsum(ok.astype("float64"), w)
    s = _wsum(inv, w)
    has_zero = _wsum(zero.astype("float64"), w) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(has_zero, 0.0, den / s)
    return np.where(den > 0, out, np.nan)


def aggregate_sum(
    values: FloatArray, weights: FloatArray, fit_values: FloatArray | None = None, **params: Any
) -> FloatArray:
    r"""Weighted sum, CDC SVI style: :math:`S = \sum_j \omega_j x_j`.

    The weights are rescaled to average one over the ``K`` members with a positive
    weight, :math:`\omega_j = K w_j / \sum_k w_k` (rounded to 12 decimals so that
    equal weights give exactly 1 and ties between equal sums survive), so only
    relative weights matter and equal weights give the plain sum — CDC SVI's theme
    score ``SPL_THEMEn`` (sum of the variables' percentile ranks) and, one level up,
    ``SPL_THEMES`` (sum of the theme sums = sum of *all* variables' ranks; the
    overall SVI is its percentile rank). A missing member is replaced by the weighted
    mean of the available ones (the sum is scaled by
    :math:`\sum_j \omega_j / \sum_{j\,\mathrm{obs}} \omega_j`); CDC leaves such
    a tract unranked instead.

    >>> aggregate_sum(np.array([[0.25, 0.5, 1.0], [0.5, np.nan, 1.0]]), np.ones(3)).tolist()
    [[1.75], [2.25]]
    """
    x, w = _shape(values, weights)
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        omega = np.round((w > 0).sum(axis=0) * w / np.where(total > 0, total, 1.0), 12)
    ok = np.isfinite(x)
    num = _wsum(np.where(ok, x, 0.0), omega)
    den = _wsum(ok.astype("float64"), omega)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num * (omega.sum(axis=0) / den), np.nan)


def deprivation_rank(values: FloatArray, fit_values: FloatArray | None = None) -> FloatArray:
    """Scaled deprivation rank ``R = #{fit >= x} / N`` per member and replication.

    ``values`` are oriented (higher is better), so the lowest value gets ``R = 1`` and
    the highest ``1/N``; ties share the more deprived rank. ``fit_values`` (regions ×
    members × 1 or r) define the ranking; ``None`` ranks ``values`` among themselves.
    """
    x = as_float(values)
    if x.ndim == 2:
        x = x[:, :, None]
    if fit_values is None:
        ok = np.isfinite(x)
        count = ok.sum(axis=0, keepdims=True).astype("float64")
        neg = np.where(ok, -x, np.inf)
        from scipy import stats  # lazily: importing scipy.stats costs ~0.5 s

        ranks = stats.rankdata(neg, method="max", axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(ok, ranks / count, np.nan)
    fit = as_float(fit_values)
    if fit.ndim == 2:
        fit = fit[:, :, None]
    out = np.full((x.shape[0], x.shape[1], max(x.shape[2], fit.shape[2])), np.nan)
    for j in range(out.shape[1]):
        for r in range(out.shape[2]):
            col = fit[:, j, min(r, fit.shape[2] - 1)]
            col = np.sort(col[np.isfinite(col)])
            xs = x[:, j, min(r, x.shape[2] - 1)]
            if col.size:
                below = np.searchsorted(col, xs, side="left")
                out[:, j, r] = np.where(np.isfinite(xs), (col.size - below) / col.size, np.nan)
    return out


def aggregate_exponential(
    values: FloatArray, weights: FloatArray, fit_values: FloatArray | None = None, **params: Any
) -> FloatArray:
    """IMD-style: exponential transform of deprivation ranks, weighted mean, ``100 - X``."""
    x, w = _shape(values, weights)
    transformed = exponential_transform(deprivation_rank(x, fit_values))
    return 100.0 - aggregate_arithmetic(transformed, w)


Aggregator = Callable[..., FloatArray]

#: Aggregators by the name used in specs.
AGGREGATORS: dict[str, Aggregator] = {
    "arithmetic": aggregate_arithmetic,
    "geometric": aggregate_geometric,
    "harmonic": aggregate_harmonic,
    "exponential": aggregate_exponential,
    "sum": aggregate_sum,
}

#: Aggregators that are undefined for negative values.
NEEDS_NONNEGATIVE = frozenset({"geometric", "harmonic"})

#: Aggregators whose result for a region depends on the other regions (ranks).
RANK_BASED = frozenset({"exponential"})


def aggregate(
    values: FloatArray,
    weights: FloatArray,
    method: str = "arithmetic",
    fit_values: FloatArray | None = None,
    **params: Any,
) -> FloatArray:
    """Aggregate a regions × members matrix with one weight vector (convenience).

    >>> aggregate(np.array([[1.0, 3.0]]), np.array([1.0, 1.0])).tolist()
    [2.0]
    """
    out = AGGREGATORS[method](values, weights, fit_values, **params)
    return np.asarray(out[:, 0] if np.ndim(weights) == 1 else out, dtype="float64")
