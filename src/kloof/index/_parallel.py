"""Evaluating Monte Carlo replications in vectorised blocks, locally or on Dask (private).

A block is a set of replications sharing one normalised matrix (one variant of the
discrete choices); :func:`run_block` evaluates all of them with one call of
:func:`~kloof.index.engine.compose`. :func:`evaluate` splits a design into blocks of at
most ``chunk`` replications and runs them in this process or, when a Dask client or
scheduler address is given, on the cluster (``dask.distributed`` is imported lazily).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, Unpack

import numpy as np
from threadpoolctl import threadpool_limits

from kloof.index._linear import (
    LinearVariant,
    ScoreContext,
    is_linear,
    linear_scores,
    linear_variant,
)
from kloof.index._stats import FloatArray
from kloof.index.engine import compose_index, fit_scale, rescale, scored_rows

if TYPE_CHECKING:
    from kloof.index.uncertainty import Design, Plan

__all__ = ["evaluate", "evaluate_rows", "ranks_of", "run_block"]

#: A normalised matrix ``(N, k)``, or the same prepared for the fast path
Matrix: TypeAlias = FloatArray | LinearVariant


def ranks_of(scores: FloatArray | np.ndarray) -> np.ndarray:
    """Rank 1 = lowest score per column (ties in arbitrary order; NaN last)."""
    # one argsort per replication on a contiguous row: (runs, regions) instead of
    # sorting the strided columns of (regions, runs)
    rows = np.asarray(scores).astype(np.float32, copy=False).T.copy()
    ranks = np.empty(rows.shape, dtype=np.int32)
    _rank_rows(rows, ranks, range(rows.shape[0]))
    return ranks.T


def _rank_rows(scores: np.ndarray, out: np.ndarray, where: range | np.ndarray) -> None:
    """Ranks of each row of float32 ``scores`` ``(r, regions)`` into ``out[where[i]]``."""
    if not np.isfinite(scores).all():
        scores = np.where(np.isfinite(scores), scores, np.float32(np.inf))
    order = np.argsort(scores, axis=1)
    steps = np.arange(1, scores.shape[1] + 1, dtype=out.dtype)
    for i, row in enumerate(where):
        target = out[row]  # one row (a view) at a time: cheaper than a 2-d scatter
        target[order[i]] = steps


def _score_rows(
    z: Matrix, indicator_weights: FloatArray, domain_weights: FloatArray, ctx: ScoreContext
) -> np.ndarray:
    """Float32 scores ``(r, regions)``, one replication per row."""
    if isinstance(z, LinearVariant):
        return linear_scores(z, indicator_weights, domain_weights, ctx)
    fit = ctx.fit
    composite = compose_index(z, indicator_weights, domain_weights, ctx.layout, fit)
    scale = fit_scale(composite, ctx.population, fit, ctx.reference_weights)
    part = rescale(composite[scored_rows(fit)], scale, ctx.points)
    return np.ascontiguousarray(part.T, dtype=np.float32)


def _run_rows(
    z: Matrix, indicator_weights: FloatArray, domain_weights: FloatArray, ctx: ScoreContext
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (float32) and ranks (int32) ``(r, regions)``, one replication per row."""
    scores = _score_rows(z, indicator_weights, domain_weights, ctx)
    ranks = np.empty(scores.shape, dtype=np.int32)
    _rank_rows(scores, ranks, range(scores.shape[0]))
    return scores, ranks


def run_block(
    z: FloatArray, indicator_weights: FloatArray, domain_weights: FloatArray, ctx: ScoreContext
) -> tuple[np.ndarray, np.ndarray]:
    """Index scores and ranks ``(regions, r)`` of ``r`` weight sets on one matrix."""
    zz = linear_variant(z) if is_linear(ctx.layout) else z
    scores, ranks = _run_rows(zz, indicator_weights, domain_weights, ctx)
    return scores.T, ranks.T


def _blocks(variant: np.ndarray, chunk: int) -> list[tuple[int, np.ndarray]]:
    out: list[tuple[int, np.ndarray]] = []
    for v in np.unique(variant):
        idx = np.flatnonzero(variant == v)
        out.extend((int(v), idx[i : i + chunk]) for i in range(0, idx.size, max(1, chunk)))
    return out


class RunOptions(TypedDict, total=False):
    """The keywords of :func:`evaluate_rows`, which :func:`evaluate` passes on."""

    chunk: int
    client: Any
    rank_dtype: type[np.signedinteger[Any]]


def evaluate(
    plan: Plan, design: Design, **options: Unpack[RunOptions]
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (float32) and ranks (int32), each ``(regions, runs)``, of a design:
    :func:`evaluate_rows` transposed (the same ``options``)."""
    scores, ranks = evaluate_rows(plan, design, **options)
    return np.ascontiguousarray(scores.T), np.ascontiguousarray(ranks.T)


def evaluate_rows(
    plan: Plan,
    design: Design,
    *,
    chunk: int = 25,
    client: Any = None,
    rank_dtype: type[np.signedinteger[Any]] = np.int32,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (float32) and ranks (int32), each ``(runs, regions)``, of a design.

    One replication per row. With arithmetic means at both levels the composites come
    from :mod:`kloof.index._linear` (one matrix product per block); otherwise from
    :func:`~kloof.index.engine.compose_index`. ``chunk`` is the largest block of
    replications sharing one normalised matrix; ``client`` a Dask client or scheduler
    address to run the blocks on. ``rank_dtype`` ``np.int16`` halves the ranks' memory
    (the summary moves and sorts them) when there are fewer than 32,768 regions; the
    numbers are the same.
    """
    runs = design.variant.size
    n = int(plan.fit.sum())
    if n >= np.iinfo(rank_dtype).max:
        rank_dtype = np.int32
    # replications as rows while filling: a block writes whole contiguous rows
    scores = np.empty((runs, n), dtype=np.float32)
    ranks = np.empty((runs, n), dtype=rank_dtype)
    blocks = _blocks(design.variant, chunk)
    used = sorted({v for v, _ in blocks})
    linear = is_linear(plan.layout)
    zs: dict[int, Matrix] = {v: linear_variant(plan.z[v]) if linear else plan.z[v] for v in used}
    ctx = ScoreContext(plan.layout, plan.fit, plan.reference_weights, plan.population, plan.points)
    if client is None:
        # small matrix products: one BLAS thread is as fast and leaves the other core free
        with threadpool_limits(limits=1, user_api="blas"):
            for v, idx in blocks:
                s = _score_rows(
                    zs[v],
                    design.indicator_weights[:, idx],
                    design.domain_weights[:, idx],
                    ctx,
                )
                scores[idx] = s
                _rank_rows(s, ranks, idx)  # straight into the replications' rows
        return scores, ranks
    from distributed import Client

    own = isinstance(client, str)
    cluster = Client(client) if own else client
    try:
        remote = dict(
            zip(used, cluster.scatter([zs[v] for v in used], broadcast=True), strict=True)
        )
        shared = cluster.scatter(ctx, broadcast=True)
        futures = [
            cluster.submit(
                _run_rows,
                remote[v],
                design.indicator_weights[:, idx],
                design.domain_weights[:, idx],
                shared,
                pure=False,
            )
            for v, idx in blocks
        ]
        for (_, idx), (s, r) in zip(blocks, cluster.gather(futures), strict=True):
            scores[idx], ranks[idx] = s, r
    finally:
        if own:
            cluster.close()
    return scores, ranks
