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

__all__ = ["Layout", "Scale", "compose", "compose_index", "fit_scale", "rescale", "scored_rows"]


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
    parts, dw, _ = _domain_parts(z, indicator_weights, domain_weights, layout, fit, domain_fit)
    domains = np.stack(parts, axis=1)
    ifit = index_fit[:, :, None] if index_fit is not None else None
    composite = _apply(layout.index_aggregation, domains, dw, fit, ifit, layout.index_offset)
    return domains, composite


def compose_index(
    z: FloatArray,
    indicator_weights: FloatArray,
    domain_weights: FloatArray,
    layout: Layout,
    fit: BoolArray,
) -> FloatArray:
    """The composite of :func:`compose` only (the Monte Carlo needs no domain scores).

    With the arithmetic mean over domains (no offset) it is summed from the ``(N, r)``
    domain scores one domain at a time, in the order of the aggregator's sum, so the
    numbers are the same without the ``(N, m, r)`` array and its masks.
    """
    parts, dw, present = _domain_parts(z, indicator_weights, domain_weights, layout, fit, None)
    if layout.index_aggregation != "arithmetic" or layout.index_offset or dw.shape[1] == 1:
        return _apply(
            layout.index_aggregation, np.stack(parts, axis=1), dw, fit, None, layout.index_offset
        )
    return _arithmetic_mean(parts, dw, present)


def _arithmetic_mean(
    parts: list[FloatArray], weights: FloatArray, present: list[BoolArray | None]
) -> FloatArray:
    """:func:`~kloof.index.aggregate.aggregate_arithmetic` over the domain scores
    ``parts`` (each ``(N, r)``) with ``weights`` ``(m, r)``: the same products added in
    the same order (domain after domain, as its ``einsum`` adds them), in place.

    ``present[d]`` marks the finite scores of domain ``d`` (``None``: all of them).
    Weights are non-negative, so a missing domain score adds an exact zero, as the
    aggregator's ``where(ok, x, 0) * w`` does.
    """
    complete = all(mask is None for mask in present)
    oks = [np.ones(1, dtype=bool) if mask is None else mask for mask in present]
    num = np.empty(parts[0].shape)
    tmp = np.empty_like(num)
    den = None if complete else np.empty_like(num)
    for d, (part, ok, w) in enumerate(zip(parts, oks, weights, strict=True)):
        term = num if d == 0 else tmp
        np.multiply(part, w, out=term)
        if present[d] is not None:
            np.copyto(term, 0.0, where=~ok)
        if d:
            num += term
        if den is not None:
            term = den if d == 0 else tmp
            np.multiply(ok, w, out=term)
            if d:
                den += term
    if den is None:  # every score present: the denominator is the weights' sum
        den = weights.sum(axis=0)
    return _quotient(num, den)[0]


def _quotient(num: FloatArray, den: FloatArray) -> tuple[FloatArray, BoolArray | None]:
    """``num / den`` in place where ``den > 0``, else NaN (``den`` may be one value per
    column); and where it is defined (``None``: everywhere)."""
    valid = den > 0
    if valid.all():
        np.divide(num, den, out=num)
        return num, None
    np.divide(num, den, out=num, where=valid)
    np.copyto(num, np.nan, where=~valid)
    return num, np.broadcast_to(valid, num.shape)


def _domain_parts(
    z: FloatArray,
    indicator_weights: FloatArray,
    domain_weights: FloatArray,
    layout: Layout,
    fit: BoolArray,
    domain_fit: FloatArray | None,
) -> tuple[list[FloatArray], FloatArray, list[BoolArray | None]]:
    """Raw domain scores ``(N, r)`` per domain, the domain weights as ``(m, r)`` and
    where each domain's scores are finite (``None``: everywhere)."""
    x = z if z.ndim == 3 else z[:, :, None]
    iw = indicator_weights if indicator_weights.ndim == 2 else indicator_weights[:, None]
    dw = domain_weights if domain_weights.ndim == 2 else domain_weights[:, None]
    r = max(iw.shape[1], dw.shape[1], x.shape[2])
    iw = np.broadcast_to(iw, (iw.shape[0], r))
    dw = np.broadcast_to(dw, (dw.shape[0], r))
    parts, present = [], []
    plain = z.ndim == 2 and layout.domain_aggregation == "arithmetic" and not layout.domain_offset
    for cols in layout.members:
        idx = list(cols)
        if plain:
            part, mask = _arithmetic_domain(z[:, idx], iw[idx, :])
            parts.append(part)
            present.append(mask)
            continue
        dfit = domain_fit[:, idx][:, :, None] if domain_fit is not None else None
        part = _apply(
            layout.domain_aggregation, x[:, idx, :], iw[idx, :], fit, dfit, layout.domain_offset
        )
        parts.append(np.broadcast_to(part, (x.shape[0], r)))
        finite = np.isfinite(parts[-1])
        present.append(None if finite.all() else finite)
    return parts, dw, present


def _arithmetic_domain(
    values: FloatArray, weights: FloatArray
) -> tuple[FloatArray, BoolArray | None]:
    """:func:`~kloof.index.aggregate.aggregate_arithmetic` of ``(N, k)`` values with
    ``(k, r)`` (finite, non-negative) weights: the same two matrix products, the
    quotient taken in place; a score is finite exactly where its weight sum is > 0."""
    ok = np.isfinite(values)
    if ok.all():
        num = np.asarray(values @ weights, dtype="float64")
        den: FloatArray = weights.sum(axis=0)
    else:
        num = np.asarray(np.where(ok, values, 0.0) @ weights, dtype="float64")
        den = np.asarray(ok.astype("float64") @ weights, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return _quotient(num, den)


def fit_scale(
    composite: FloatArray, population: FloatArray, fit: BoolArray, reference: FloatArray
) -> Scale:
    """Centre and spread of ``composite`` (``(N, r)`` or ``(N, m, r)``).

    ``reference`` holds one weight per row: a one-hot vector for a reference row,
    population weights over the set for a reference set.
    """
    # only the rows with a reference weight (one row for NL00): the rows left out would
    # add exact zeros to the sums, so the centre is the same
    sel = np.flatnonzero(reference > 0)
    c = composite[sel]
    ref = reference[sel].reshape(sel.shape + (1,) * (c.ndim - 1))
    ok = np.isfinite(c)
    num = np.where(ok, c * ref, 0.0).sum(axis=0)
    den = np.where(ok, ref, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.where(den > 0, num / den, np.nan)
    rows = scored_rows(fit)
    spread = wstd(composite[rows], population[rows])
    spread = np.where(np.isfinite(spread) & (spread > 0), spread, 1.0)
    return Scale(np.asarray(centre, dtype="float64"), np.asarray(spread, dtype="float64"))


def scored_rows(fit: BoolArray) -> slice | BoolArray:
    """Index of the scored rows: a slice (a view, no copy) when they come first, as
    they do with a reference row appended at the end."""
    k = int(fit.sum())
    return slice(0, k) if fit[:k].all() else fit


def rescale(composite: FloatArray, scale: Scale, points: float) -> FloatArray:
    """``100 + points × (C − centre) / spread`` (see module docstring)."""
    return 100.0 + points * (composite - scale.centre) / scale.spread
