"""Evaluating Monte Carlo replications in vectorised blocks, locally or on Dask (private).

A block is a set of replications sharing one normalised matrix (one variant of the
discrete choices); :func:`run_block` evaluates all of them with one call of
:func:`~kloof.index.engine.compose`. :func:`evaluate` splits a design into blocks of at
most ``chunk`` replications and runs them in this process or, when a Dask client or
scheduler address is given, on the cluster (``dask.distributed`` is imported lazily).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from threadpoolctl import threadpool_limits

from kloof.index._stats import BoolArray, FloatArray
from kloof.index.engine import Layout, compose_index, fit_scale, rescale, scored_rows

if TYPE_CHECKING:
    from kloof.index.uncertainty import Design, Plan

__all__ = ["evaluate", "ranks_of", "run_block"]


def ranks_of(scores: FloatArray | np.ndarray) -> np.ndarray:
    """Rank 1 = lowest score per column (ties in arbitrary order; NaN last)."""
    # one argsort per replication on a contiguous row: (runs, regions) instead of
    # sorting the strided columns of (regions, runs)
    filled = np.where(np.isfinite(scores), scores, np.inf).astype(np.float32, copy=False)
    filled = filled.T.copy()
    order = np.argsort(filled, axis=1)
    ranks = np.empty(filled.shape, dtype=np.int32)
    steps = np.arange(1, filled.shape[1] + 1, dtype=np.int32)
    rows = np.arange(filled.shape[0])[:, None]
    ranks[rows, order] = steps
    return ranks.T


def run_block(
    z: FloatArray,
    indicator_weights: FloatArray,
    domain_weights: FloatArray,
    layout: Layout,
    fit: BoolArray,
    reference_weights: FloatArray,
    population: FloatArray,
    points: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Index scores and ranks ``(regions, r)`` of ``r`` weight sets on one matrix."""
    composite = compose_index(z, indicator_weights, domain_weights, layout, fit)
    scale = fit_scale(composite, population, fit, reference_weights)
    scores = rescale(composite[scored_rows(fit)], scale, points).astype(np.float32)
    return scores, ranks_of(scores)  # ranks of the float32 scores, as from float64


def _blocks(variant: np.ndarray, chunk: int) -> list[tuple[int, np.ndarray]]:
    out: list[tuple[int, np.ndarray]] = []
    for v in np.unique(variant):
        idx = np.flatnonzero(variant == v)
        out.extend((int(v), idx[i : i + chunk]) for i in range(0, idx.size, max(1, chunk)))
    return out


def evaluate(
    plan: Plan, design: Design, *, chunk: int = 25, client: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (float32) and ranks (int32), each ``(regions, runs)``, of a design."""
    runs = design.variant.size
    n = int(plan.fit.sum())
    # replications as rows while filling: a block writes whole contiguous rows
    scores = np.empty((runs, n), dtype=np.float32)
    ranks = np.empty((runs, n), dtype=np.int32)
    blocks = _blocks(design.variant, chunk)
    common = (plan.layout, plan.fit, plan.reference_weights, plan.population, plan.points)
    if client is None:
        # small matrix products: one BLAS thread is as fast and leaves the other core free
        with threadpool_limits(limits=1, user_api="blas"):
            for v, idx in blocks:
                s, r = run_block(
                    plan.z[v],
                    design.indicator_weights[:, idx],
                    design.domain_weights[:, idx],
                    *common,
                )
                scores[idx], ranks[idx] = s.T, r.T
        return np.ascontiguousarray(scores.T), np.ascontiguousarray(ranks.T)
    from distributed import Client

    own = isinstance(client, str)
    cluster = Client(client) if own else client
    try:
        zs = cluster.scatter(list(plan.z), broadcast=True)
        shared = cluster.scatter(list(common), broadcast=True)
        futures = [
            cluster.submit(
                run_block,
                zs[v],
                design.indicator_weights[:, idx],
                design.domain_weights[:, idx],
                *shared,
                pure=False,
            )
            for v, idx in blocks
        ]
        for (_, idx), (s, r) in zip(blocks, cluster.gather(futures), strict=True):
            scores[idx], ranks[idx] = s.T, r.T
    finally:
        if own:
            cluster.close()
    return np.ascontiguousarray(scores.T), np.ascontiguousarray(ranks.T)
