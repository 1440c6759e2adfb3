"""The Monte Carlo's fast path: arithmetic means at both levels (private).

With arithmetic means over a domain's indicators and over the domains (no offsets), a
region's composite is linear in its normalised values,

.. math:: C_i = \\sum_j W_j(P_i) \\, z_{ij}, \\quad
   W_j(P) = \\frac{a_{d(j)}(P)}{\\sum_e a_e(P)} \\cdot
   \\frac{w_j [j \\in P]}{\\sum_{l \\in d(j) \\cap P} w_l}, \\quad
   a_d(P) = v_d \\, [\\textstyle\\sum_{l \\in d \\cap P} w_l > 0],

with ``w`` the indicator weights, ``v`` the domain weights and ``P_i`` the indicators
the region has a value for (a missing value's weight goes to the domain's other
indicators, a domain without values gives its weight to the other domains, a region
without any is NaN). Those are the formulas of
:func:`~kloof.index.aggregate.aggregate_arithmetic` at both levels, with the same
products summed in another order: the composite agrees with
:func:`~kloof.index.engine.compose_index` to a few units in the last place of a float64,
far below the float32 step of the stored draws.

Regions share a few patterns of gaps, so the composites of ``r`` weight sets are one
matrix product ``(r, k) @ (k, N)`` for the complete regions and a small one per
pattern. The result is laid out one replication per row, which is how the scale, the
float32 scores and the ranks of a replication are computed next (contiguous rows, no
transposes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kloof.index._stats import BoolArray, FloatArray, wstd
from kloof.index.engine import Layout, scored_rows

__all__ = [
    "LinearVariant",
    "ScoreContext",
    "is_linear",
    "linear_composite",
    "linear_scores",
    "linear_variant",
    "weights_of",
]


def is_linear(layout: Layout) -> bool:
    """Whether the composite of ``layout`` is a weighted sum per pattern of gaps."""
    return (
        layout.domain_aggregation == "arithmetic"
        and layout.index_aggregation == "arithmetic"
        and not layout.domain_offset
        and not layout.index_offset
    )


@dataclass(frozen=True, eq=False)
class ScoreContext:
    """What the replications of a Monte Carlo share: the layout and the index scale.

    Built once per plan and passed down with what varies (a normalised matrix and the
    weight sets); see :func:`~kloof.index.engine.fit_scale` and
    :func:`~kloof.index.engine.rescale`.

    Attributes
    ----------
    layout
        The indicators of each domain and how they are aggregated.
    fit
        The regions scored, whose spread sets the scale (False for a reference row).
    reference_weights
        Weights of the regions whose composite is the scale's centre.
    population
        Weights of the scale's spread (inhabitants).
    points
        Index points per standard deviation of the composite.
    """

    layout: Layout
    fit: BoolArray
    reference_weights: FloatArray
    population: FloatArray
    points: float


@dataclass(frozen=True, eq=False)
class LinearVariant:
    """One normalised matrix prepared for :func:`linear_scores`.

    ``values`` is ``z`` transposed ``(k, N)`` with missing values as 0; ``patterns``
    the incomplete patterns of gaps ``(P, k)`` (True = present), ``rows`` the regions of
    each and ``blocks`` their values ``(k, rows)``.
    """

    values: FloatArray
    patterns: BoolArray
    rows: tuple[np.ndarray, ...]
    blocks: tuple[FloatArray, ...]


def linear_variant(z: FloatArray) -> LinearVariant:
    """Prepare an ``(N, k)`` normalised matrix (done once per variant)."""
    ok = np.isfinite(z)
    values = np.ascontiguousarray(np.where(ok, z, 0.0).T)
    incomplete = np.flatnonzero(~ok.all(axis=1))
    if incomplete.size == 0:
        return LinearVariant(values, np.zeros((0, z.shape[1]), dtype=bool), (), ())
    gaps = ok[incomplete]
    if gaps.shape[1] <= 62:  # a pattern as the bits of one integer: a cheap unique
        bits = np.left_shift(np.int64(1), np.arange(gaps.shape[1], dtype=np.int64))
        codes, inverse = np.unique(gaps @ bits, return_inverse=True)
        patterns = (codes[:, None] & bits) > 0
    else:
        patterns, inverse = np.unique(gaps, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    rows = tuple(incomplete[inverse == p] for p in range(len(patterns)))
    blocks = tuple(np.ascontiguousarray(values[:, r]) for r in rows)
    return LinearVariant(values, patterns, rows, blocks)


def weights_of(
    present: BoolArray, indicator_weights: FloatArray, domain_weights: FloatArray, layout: Layout
) -> FloatArray:
    """Weights ``W`` ``(P, k, r)`` of the composite per pattern ``present`` ``(P, k)``
    (see the module docstring); NaN for a pattern without any weighted value."""
    iw, dw = indicator_weights, domain_weights
    have = present.astype("float64")
    out = np.zeros((present.shape[0], iw.shape[0], iw.shape[1]))
    total = np.zeros((present.shape[0], iw.shape[1]))
    for d, cols in enumerate(layout.members):
        idx = list(cols)
        share = have[:, idx, None] * iw[None, idx, :]  # (P, k_d, r)
        den = share.sum(axis=1)  # (P, r)
        on = den > 0
        a = np.where(on, dw[d], 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, idx, :] = np.where(
                on[:, None, :], share * (a / np.where(on, den, 1.0))[:, None, :], 0.0
            )
        total += a
    with np.errstate(invalid="ignore", divide="ignore"):
        out /= np.where(total > 0, total, np.nan)[:, None, :]
    return out


def linear_composite(
    lin: LinearVariant,
    indicator_weights: FloatArray,
    domain_weights: FloatArray,
    layout: Layout,
) -> FloatArray:
    """Raw composites ``(r, N)`` of ``r`` weight sets, one row per set."""
    k = lin.values.shape[0]
    iw = indicator_weights.reshape(indicator_weights.shape[0], -1)
    dw = domain_weights.reshape(domain_weights.shape[0], -1)
    r = max(iw.shape[1], dw.shape[1])
    iw, dw = np.broadcast_to(iw, (iw.shape[0], r)), np.broadcast_to(dw, (dw.shape[0], r))
    present = np.vstack([np.ones((1, k), dtype=bool), lin.patterns])
    w = weights_of(present, iw, dw, layout)  # the complete pattern first
    composite: FloatArray = w[0].T @ lin.values
    for p, (rows, block) in enumerate(zip(lin.rows, lin.blocks, strict=True), start=1):
        composite[:, rows] = w[p].T @ block
    return composite


def linear_scores(
    lin: LinearVariant, indicator_weights: FloatArray, domain_weights: FloatArray, ctx: ScoreContext
) -> np.ndarray:
    """Float32 index scores ``(r, regions)`` of ``r`` weight sets, one row per set
    (:func:`~kloof.index.engine.fit_scale` and :func:`~kloof.index.engine.rescale` of
    the composites, row-wise)."""
    composite = linear_composite(lin, indicator_weights, domain_weights, ctx.layout)
    centre = _centre(composite, ctx.reference_weights)
    rows = scored_rows(ctx.fit)
    part = composite[:, rows]  # rescaled in place: the composites are not needed after
    spread = _spread(part, ctx.population[rows])
    np.subtract(part, centre[:, None], out=part)
    np.multiply(ctx.points, part, out=part)
    np.divide(part, spread[:, None], out=part)
    scores = np.empty(part.shape, dtype=np.float32)
    np.add(100.0, part, out=scores, casting="unsafe")  # computed in float64, then rounded
    return scores


def _centre(composite: FloatArray, reference: FloatArray) -> FloatArray:
    """The reference's composite per row (its row, or the weighted mean over the set)."""
    sel = np.flatnonzero(reference > 0)
    c = composite[:, sel]
    ref = reference[sel]
    ok = np.isfinite(c)
    num = np.where(ok, c * ref, 0.0).sum(axis=1)
    den = np.where(ok, ref, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _spread(part: FloatArray, population: FloatArray) -> FloatArray:
    """Population-weighted standard deviation per row (1 where it is 0 or undefined)."""
    w = np.where(np.isfinite(population) & (population > 0), population, 0.0)
    total = float(w.sum())
    if np.isfinite(part).all() and total > 0:
        mean = (part @ w) / total
        dev = part - mean[:, None]
        np.multiply(dev, dev, out=dev)
        spread = np.sqrt((dev @ w) / total)
    else:
        spread = wstd(part.T, population)
    return np.where(np.isfinite(spread) & (spread > 0), spread, 1.0)
