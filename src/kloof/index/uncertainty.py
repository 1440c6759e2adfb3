"""How sure are we? Monte Carlo over the method choices of an index.

Every choice in an index is debatable: the weights, the normalisation, whether to treat
outliers, how to impute, whether one indicator should be there at all. Following the
JRC/COINr approach, each replication draws one set of choices and rebuilds the index;
the spread of a region's score and rank over the replications is its uncertainty.

Unlike COINr, which regenerates the whole index per replication, kloof precomputes the
few normalised matrices the discrete choices can produce (normalisation × treatment ×
imputation variants) and evaluates all weight draws of a variant at once — with
arithmetic means at both levels as one matrix product per pattern of gaps
(:mod:`kloof.index._linear`), otherwise with the vectorised
:func:`~kloof.index.engine.compose_index` — the same numbers (to float64 rounding), a
fraction of the time. Chunks of replications run on a Dask cluster when a client (or
scheduler address) is passed.

Choices varied (:class:`Choices`):

* weights: Dirichlet draws around the nominal weights, ``α_j = c · k · w_j`` (with
  equal weights every member gets ``α = c``; default ``c = 20``), within every domain
  and across domains; or uniform perturbation ``w_j · U(1 − δ, 1 + δ)``;
* normalisation: the spec's and alternatives (default ``minmax``, ``percentile``;
  only non-negative ones when the aggregation needs them);
* treatment on/off; imputation variants (default the spec's, ``none``, ``gemeente_mean``);
* leave one indicator out with probability ``leave_one_out`` (default 0.2).

Per region: 90 % interval (5th-95th percentile) of score and rank, the median, the
probability of being in the most vulnerable decile and, optionally, in a focus set
(the ``focus`` most vulnerable regions, or an index below ``focus_below``).

References
----------
Saisana M., Saltelli A., Tarantola S. (2005), Uncertainty and sensitivity analysis
techniques as tools for the quality assessment of composite indicators, JRSS A 168(2).
Becker W. et al. (2022), COINr ``get_sensitivity()``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.catalogue import Catalogue
from kloof.index._parallel import evaluate_rows
from kloof.index._stats import BoolArray, FloatArray
from kloof.index.aggregate import NEEDS_NONNEGATIVE
from kloof.index.build import (
    Normalised,
    Treated,
    _score,
    layout_of,
    normalise_treated,
    treat_prepared,
)
from kloof.index.draws import Design, draw, spec_for_run
from kloof.index.engine import Layout
from kloof.index.impute import ImputeContext, impute
from kloof.index.normalise import NORMALISERS
from kloof.index.prepare import ReferenceArg, prepare
from kloof.index.result import IndexResult
from kloof.index.spec import IndexSpec, StepSpec

__all__ = [
    "Choices",
    "Design",
    "Plan",
    "UncertaintyResult",
    "draw",
    "plan",
    "spec_for_run",
    "summarise",
    "uncertainty",
]


@dataclass(frozen=True)
class Choices:
    """Which method choices the Monte Carlo varies (see module docstring).

    ``None`` for a list means the default alternatives; a one-element tuple fixes
    that choice.
    """

    weights: str = "dirichlet"
    concentration: float = 20.0
    perturbation: float = 0.25
    normalisations: tuple[str, ...] | None = None
    treatments: tuple[str, ...] | None = None
    imputations: tuple[str, ...] | None = None
    leave_one_out: float = 0.2

    def options(self, spec: IndexSpec) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The normalisation, treatment and imputation options (the spec's first)."""
        own_n, own_t, own_i = (
            spec.normalisation.method,
            spec.treatment.method,
            spec.imputation.method,
        )
        norms = self.normalisations or (own_n, "minmax", "percentile")
        needs = spec.domain_level.aggregation in NEEDS_NONNEGATIVE or (
            spec.index_level.aggregation in NEEDS_NONNEGATIVE
            and spec.domain_level.aggregation != "exponential"
        )
        if needs:
            norms = tuple(n for n in norms if NORMALISERS[n].nonnegative or n == own_n)
        treats = self.treatments or ((own_t, "none") if own_t != "none" else ("none", "winsorise"))
        imps = self.imputations or (own_i, "none", "gemeente_mean")
        return tuple(dict.fromkeys(norms)), tuple(dict.fromkeys(treats)), tuple(dict.fromkeys(imps))


@dataclass(frozen=True, eq=False)
class Plan:
    """Precomputed state of a Monte Carlo: the nominal result and one normalised
    matrix per (normalisation, treatment, imputation) variant; variant 0 is nominal."""

    nominal: IndexResult
    layout: Layout
    variants: tuple[tuple[str, str, str], ...]
    z: tuple[FloatArray, ...]
    fit: BoolArray
    reference_weights: FloatArray
    population: FloatArray
    indicator_weights: FloatArray
    domain_weights: FloatArray
    points: float
    options: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def plan(
    frame: pd.DataFrame,
    spec: IndexSpec | str = "kloof",
    choices: Choices | None = None,
    *,
    catalogue: Catalogue | None = None,
    reference: ReferenceArg = None,
    parents: Mapping[str, pd.DataFrame] | None = None,
) -> Plan:
    """Build the nominal index and the normalised matrix of every variant."""
    from kloof.index import presets

    choices = choices or Choices()
    cat = catalogue or _catalogue.load()
    the_spec = presets.load(spec) if isinstance(spec, str) else spec
    prep = prepare(frame, the_spec, cat, reference=reference, parents=parents)
    base = prep.spec
    norms, treats, imps = choices.options(base)
    if "parent" in imps and not prep.parents:
        imps = tuple(i for i in imps if i != "parent")
    # what a variant shares is computed once: imputation per method, treatment per
    # (treatment, imputation); the nominal index is the spec's own variant
    context = ImputeContext(prep.groups, prep.population, prep.parents)
    own = (base.normalisation.method, base.treatment.method, base.imputation.method)
    filled = {i: impute(prep.values, i, context) for i in dict.fromkeys((*imps, own[2]))}
    treated: dict[tuple[str, str], Treated] = {}
    normalised: dict[tuple[str, str, str], Normalised] = {}

    def variant(n: str, t: str, i: str) -> Normalised:
        if (n, t, i) not in normalised:
            vspec = base.model_copy(
                update={
                    "normalisation": base.normalisation
                    if n == base.normalisation.method
                    else StepSpec(method=n),
                    "treatment": base.treatment
                    if t == base.treatment.method
                    else StepSpec(method=t),
                    "imputation": base.imputation if i == own[2] else StepSpec(method=i),
                }
            )
            vprep = replace(prep, spec=vspec)
            if (t, i) not in treated:
                treated[t, i] = treat_prepared(vprep, imputed=filled[i])
            normalised[n, t, i] = normalise_treated(vprep, treated[t, i])
        return normalised[n, t, i]

    nominal = _score(
        prep, None, year=None, provenance=None, catalogue=catalogue, norm=variant(*own)
    )
    variants, mats = [], []
    fit = ref_w = pop = None
    for n, t, i in itertools.product(norms, treats, imps):
        norm = variant(n, t, i)
        variants.append((n, t, i))
        mats.append(norm.z)
        fit, ref_w, pop = norm.fit, norm.reference_weights, norm.population
    assert fit is not None and ref_w is not None and pop is not None
    return Plan(
        nominal=nominal,
        layout=layout_of(base),
        variants=tuple(variants),
        z=tuple(mats),
        fit=fit,
        reference_weights=ref_w,
        population=pop,
        indicator_weights=nominal.model.indicator_weights,
        domain_weights=nominal.model.domain_weights,
        points=base.points,
        options=(norms, treats, imps),
    )


@dataclass(frozen=True, eq=False)
class UncertaintyResult:
    """Per-region uncertainty of an index.

    Attributes
    ----------
    table
        Per region (index = code): nominal ``index`` and ``rank``; ``index_p05``,
        ``index_median``, ``index_p95``; ``rank_p05``, ``rank_median``, ``rank_p95``
        (rank 1 = most vulnerable), ``rank_width``; ``p_bottom_decile``; with a focus
        set ``p_focus``; ``mean_rank_shift`` (mean |rank − nominal rank|).
    design
        One row per replication with its choices.
    scores, ranks
        ``(regions, runs)`` draws when ``keep_draws`` was set, else ``None``.
    """

    spec: IndexSpec
    choices: Choices
    runs: int
    seed: int | None
    table: pd.DataFrame
    design: pd.DataFrame
    log: tuple[str, ...]
    scores: np.ndarray | None = None
    ranks: np.ndarray | None = None

    def to_frame(self) -> pd.DataFrame:
        """The table with ``code`` as a column."""
        return self.table.rename_axis("code").reset_index()


def _quantiles(draws: np.ndarray, qs: tuple[float, ...], tile: int = 256) -> FloatArray:
    """Row-wise quantiles (linear interpolation, NaN ignored) via one sort per row.

    ``draws`` may be the transposed view of a ``(runs, regions)`` array: it is then
    sorted ``tile`` regions at a time, each tile copied to contiguous rows while it is
    in cache (no transposed copy of the whole array first). The quantiles are the same.
    """
    x = np.asarray(draws)
    if x.ndim == 2 and not x.flags.c_contiguous and x.T.flags.c_contiguous:
        out = np.empty((len(qs), x.shape[0]))
        for a in range(0, x.shape[0], tile):
            part = np.ascontiguousarray(x[a : a + tile])
            part.sort(axis=1)
            out[:, a : a + tile] = _sorted_quantiles(part, qs)
        return out
    return _sorted_quantiles(np.sort(x, axis=1), qs)


def _sorted_quantiles(x: np.ndarray, qs: tuple[float, ...]) -> FloatArray:
    """:func:`_quantiles` of rows sorted ascending (NaN last)."""
    # sorted in the draws' own type (float32 scores, integer ranks: fewer bytes); only
    # the values picked are widened: widening is exact and keeps the order, so the
    # quantiles are the same.
    # Whole numbers (ranks) are never missing; sorted values are all finite when the
    # first and the last are, so only the other rows are counted
    valid = np.full(x.shape[0], x.shape[1])
    if x.dtype.kind == "f" and x.shape[1]:
        gaps = np.flatnonzero(~(np.isfinite(x[:, 0]) & np.isfinite(x[:, -1])))
        valid[gaps] = np.isfinite(x[gaps]).sum(axis=1)
    rows = np.arange(x.shape[0])
    out = np.full((len(qs), x.shape[0]), np.nan)
    for j, q in enumerate(qs):
        pos = q * np.maximum(valid - 1, 0)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, np.maximum(valid - 1, 0))
        frac = pos - lo
        value = x[rows, lo].astype("float64") * (1 - frac) + x[rows, hi].astype("float64") * frac
        out[j] = np.where(valid > 0, value, np.nan)
    return out


def summarise(
    p: Plan,
    scores: np.ndarray,
    ranks: np.ndarray,
    *,
    focus: int | None = None,
    focus_below: float | None = None,
) -> pd.DataFrame:
    """Per-region summary of ``(regions, runs)`` score and rank draws."""
    nominal = p.nominal.scores
    n = scores.shape[0]
    q_s = _quantiles(scores, (0.05, 0.5, 0.95))
    q_r = _quantiles(ranks, (0.05, 0.5, 0.95))
    out = pd.DataFrame(
        {
            "index": nominal["index"].to_numpy(),
            "rank": nominal["rank"].to_numpy(dtype="float64"),
            "index_p05": q_s[0],
            "index_median": q_s[1],
            "index_p95": q_s[2],
            "rank_p05": q_r[0],
            "rank_median": q_r[1],
            "rank_p95": q_r[2],
        },
        index=nominal.index,
    )
    out["rank_width"] = out["rank_p95"] - out["rank_p05"]
    whole = ranks.dtype.kind == "i"
    # shares are counts over the runs: exact in any order, so counted, not averaged;
    # a whole rank is <= n / 10 exactly when it is <= floor(n / 10)
    runs = ranks.shape[1]
    decile = ranks <= (n // 10 if whole else n / 10.0)
    out["p_bottom_decile"] = np.count_nonzero(decile, axis=1) / runs
    if focus is not None:
        out["p_focus"] = np.count_nonzero(ranks <= focus, axis=1) / runs
    elif focus_below is not None:
        out["p_focus"] = np.count_nonzero(scores < focus_below, axis=1) / runs
    nominal_rank = out["rank"].to_numpy()
    if np.isfinite(nominal_rank).all() and whole:
        # whole numbers: the shifts are exact in int32 and so is their sum, so this is
        # the float64 mean without the (regions, runs) float64 arrays
        shift = np.subtract(ranks, nominal_rank.astype(ranks.dtype)[:, None])
        np.abs(shift, out=shift)
        out["mean_rank_shift"] = shift.sum(axis=1, dtype=np.int64) / runs
    else:
        out["mean_rank_shift"] = np.abs(ranks - nominal_rank[:, None]).mean(axis=1)
    return out


def uncertainty(
    frame: pd.DataFrame,
    spec: IndexSpec | str = "kloof",
    *,
    runs: int = 1000,
    choices: Choices | None = None,
    seed: int | np.random.Generator | None = None,
    focus: int | None = None,
    focus_below: float | None = None,
    catalogue: Catalogue | None = None,
    reference: ReferenceArg = None,
    parents: Mapping[str, pd.DataFrame] | None = None,
    client: Any = None,
    chunk: int = 25,
    keep_draws: bool = False,
) -> UncertaintyResult:
    """Monte Carlo uncertainty of an index over its method choices.

    Parameters
    ----------
    frame, spec, catalogue, reference, parents
        As for :func:`~kloof.index.build`.
    runs
        Number of replications.
    choices
        What varies (default :class:`Choices`).
    seed
        Seed or generator; the same seed gives the same draws.
    focus, focus_below
        Focus set: the ``focus`` most vulnerable regions, or index below ``focus_below``.
    client
        A ``dask.distributed.Client`` or a scheduler address to run chunks on; ``None``
        runs in this process.
    chunk
        Replications per vectorised block (memory ≈ regions × domains × chunk × 8 B;
        25 was the fastest block size for ~15k buurten: smaller arrays, same results).
    keep_draws
        Keep the ``(regions, runs)`` score and rank draws in the result.
    """
    choices = choices or Choices()
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    p = plan(frame, spec, choices, catalogue=catalogue, reference=reference, parents=parents)
    design = draw(p, runs, choices, rng)
    # (runs, regions) arrays, summarised through their transposed views
    s_rows, r_rows = evaluate_rows(p, design, chunk=chunk, client=client, rank_dtype=np.int16)
    table = summarise(p, s_rows.T, r_rows.T, focus=focus, focus_below=focus_below)
    norms, treats, imps = p.options
    log = (
        f"{runs} replications over {len(p.variants)} variants",
        f"weights: {choices.weights} (c={choices.concentration:g}, delta={choices.perturbation:g})",
        f"normalisations {list(norms)}, treatments {list(treats)}, imputations {list(imps)}",
        f"leave one indicator out with probability {choices.leave_one_out:g}",
    )
    return UncertaintyResult(
        spec=p.nominal.spec,
        choices=choices,
        runs=runs,
        seed=seed if isinstance(seed, int) else None,
        table=table,
        design=design.to_frame(p),
        log=log,
        scores=np.ascontiguousarray(s_rows.T) if keep_draws else None,
        ranks=np.ascontiguousarray(r_rows.T, dtype=np.int32) if keep_draws else None,
    )
