"""The vectorised core shared by :func:`~kloof.index.build` and the Monte Carlo analysis.

Given the oriented, normalised indicator matrix ``Z`` (rows = regions plus, when the
reference is one region such as NL00, a final reference row), :func:`compose` computes
domain scores and the composite for ``r`` weight sets at once, and :func:`rescale`
puts them on the index scale

.. math:: I_i = 100 + p \\, (C_i - C_{ref}) / s_w(C)

with ``C_ref`` the composite of the reference (its row, or the population-weighted
mean over a reference set), ``s_w`` the population-weighted standard deviation over
the scored regions and ``p`` the spec's ``points`` (10: one standard deviation is ten
index points). Whatever normalisation and aggregation are chosen, the reference is 100
and the spread is comparable, which is what makes Monte Carlo intervals over method
choices meaningful. Domain scores get the same scaling with their own ``C_ref, s_w``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kloof.index._stats import BoolArray, FloatArray, wstd
from kloof.index.aggregate import AGGREGATORS, RANK_BASED

__all__ = ["Layout", "Scale", "compose", "fit_scale", "rescale"]


@dataclass(frozen=True)
class Layout:
    """Which columns of ``Z`` belong to which domain, and how levels aggregate."""

    indicators: tuple[str, ...]
    domains: tuple[str, ...]
    members: tuple[tuple[int, ...], ...]
    domain_aggregation: str = "arithmetic"
    index_aggregation: str = "arithmetic"
    domain_offset: float = 0.0
    index_offset: float = 0.0


@dataclass(frozen=True)
class Scale:
    """Centre (the reference's composite) and spread of one score, per replication."""

    centre: FloatArray
    spread: FloatArray


def _apply(
    method: str,
    values: FloatArray,
    weights: FloatArray,
    fit: BoolArray,
    fit_values: FloatArray | None,
    offset: float,
) -> FloatArray:
    """Run an aggregator; rank-based ones rank only the fitted rows."""
    func = AGGREGATORS[method]
    params = {"offset": offset} if offset else {}
    if method not in RANK_BASED:
        return func(values, weights, None, **params)
    out = np.full((values.shape[0], weights.shape[1]), np.nan)
    if fit_values is None:
        inside = values[fit]
        out[fit] = func(inside, weights, None, **params)
        if (~fit).any():
            out[~fit] = func(values[~fit], weights, inside, **params)
    else:
        out[:] = func(values, weights, fit_values, **params)
    return out


def compose(
    z: FloatArray,
    indicator_weights: FloatArray,
    domain_weights: FloatArray,
    layout: Layout,
    fit: BoolArray,
    *,
    domain_fit: FloatArray | None = None,
    index_fit: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Domain scores and composite for ``r`` weight sets.

    Parameters
    ----------
    z
        ``(N, k)`` or ``(N, k, r)`` oriented normalised values.
    indicator_weights
        ``(k, r)``: weight of each indicator within its domain (0 = left out).
    domain_weights
        ``(m, r)``: weight of each domain in the index.
    layout
        Domain membership and aggregators.
    fit
        ``(N,)`` rows that are scored regions (rank-based aggregators rank these).
    domain_fit, index_fit
        Fitted rows of a base year for rank-based aggregators (``None``: this run).

    Returns
    -------
    domains, composite
        ``(N, m, r)`` raw domain scores and ``(N, r)`` raw composite.
    """
    x = z if z.ndim == 3 else z[:, :, None]
    iw = indicator_weights if indicator_weights.ndim == 2 else indicator_weights[:, None]
    dw = domain_weights if domain_weights.ndim == 2 else domain_weights[:, None]
    r = max(iw.shape[1], dw.shape[1], x.shape[2])
    iw = np.broadcast_to(iw, (iw.shape[0], r))
    dw = np.broadcast_to(dw, (dw.shape[0], r))
    domains = np.empty((x.shape[0], len(layout.domains), r))
    for d, cols in enumerate(layout.members):
        idx = list(cols)
        dfit = domain_fit[:, idx][:, :, None] if domain_fit is not None else None
        domains[:, d, :] = _apply(
            layout.domain_aggregation, x[:, idx, :], iw[idx, :], fit, dfit, layout.domain_offset
        )
    ifit = index_fit[:, :, None] if index_fit is not None else None
    composite = _apply(layout.index_aggregation, domains, dw, fit, ifit, layout.index_offset)
    return domains, composite


def fit_scale(
    composite: FloatArray, population: FloatArray, fit: BoolArray, reference: FloatArray
) -> Scale:
    """Centre and spread of ``composite`` (``(N, r)`` or ``(N, m, r)``).

    ``reference`` holds one weight per row: a one-hot vector for a reference row,
    population weights over the set for a reference set.
    """
    c = composite
    ref = reference.reshape(reference.shape + (1,) * (c.ndim - 1))
    ok = np.isfinite(c) & (ref > 0)
    num = np.where(ok, c * ref, 0.0).sum(axis=0)
    den = np.where(ok, ref, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.where(den > 0, num / den, np.nan)
    k = int(fit.sum())
    rows = slice(0, k) if fit[:k].all() else fit  # scored rows first: a view, no copy
    spread = wstd(c[rows], population[rows])
    spread = np.where(np.isfinite(spread) & (spread > 0), spread, 1.0)
    return Scale(np.asarray(centre, dtype="float64"), np.asarray(spread, dtype="float64"))


def rescale(composite: FloatArray, scale: Scale, points: float) -> FloatArray:
    """``100 + points × (C − centre) / spread`` (see module docstring)."""
    return 100.0 + points * (composite - scale.centre) / scale.spread
