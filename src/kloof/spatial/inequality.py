"""The national gap: Theil, Gini, spatial Gini and the worst-decile gap.

For values :math:`y_i > 0` of regions with weights :math:`w_i` (residents;
unweighted when none), :math:`W = \\sum w_i`, :math:`\\mu = \\sum w_i y_i / W`:

* Theil T (GE(1)) :math:`T = \\sum_i \\frac{w_i y_i}{W\\mu} \\ln\\frac{y_i}{\\mu}`;
* Theil L (GE(0), mean log deviation) :math:`L = \\sum_i \\frac{w_i}{W} \\ln\\frac{\\mu}{y_i}`;
* both split exactly into a between-gemeente and a within-gemeente part
  (Shorrocks 1980): :math:`T_B = \\sum_g \\frac{W_g\\mu_g}{W\\mu}\\ln\\frac{\\mu_g}{\\mu}`,
  :math:`T_W = \\sum_g \\frac{W_g\\mu_g}{W\\mu} T_g`, :math:`L_B = \\sum_g
  \\frac{W_g}{W}\\ln\\frac{\\mu}{\\mu_g}`, :math:`L_W = \\sum_g \\frac{W_g}{W} L_g`;
* Gini :math:`G = \\sum_i\\sum_j w_i w_j |y_i - y_j| / (2 W^2 \\mu)`;
* spatial Gini (Rey & Smith 2013): the share of :math:`G`'s absolute differences that
  lies between non-neighbours, with a seeded permutation p-value;
* the worst-decile gap: regions sorted from worst to best and taken until 10 % of the
  residents is reached; the gap is the residents-weighted mean of that decile minus
  the mean of the rest.

Unweighted, T and its between part equal :class:`inequality.theil.TheilD` and G
equals :class:`inequality.gini.Gini` (the tests check this); with integer weights
they equal those on data in which each region is repeated ``w_i`` times.

Regions with a missing value or weight are left out and counted (``missing``);
zero values count in T but not in L (which needs logarithms of positive values),
negative values in neither; both are counted. Nothing leaves a denominator silently.

References: Shorrocks, A.F. (1980) The class of additively decomposable inequality
measures. *Econometrica* 48(3). Rey, S.J. & Smith, R.J. (2013) A spatial
decomposition of the Gini coefficient. *Letters in Spatial and Resource Sciences* 6.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kloof.errors import SpecError
from kloof.spatial._common import Direction, gemeente_of, worst_share
from kloof.spatial.graph import NeighbourGraph

__all__ = [
    "GapResult",
    "SpatialGini",
    "TheilResult",
    "gini",
    "national_gap",
    "spatial_gini",
    "theil",
    "worst_decile_gap",
]


@dataclass(frozen=True)
class TheilResult:
    """Theil T and L with their between/within-group parts.

    ``regions`` had a value and a weight, ``missing`` had not; ``zero`` values count
    in T (:math:`0 \\ln 0 = 0`) but cannot enter L; ``negative`` values enter neither.
    """

    t: float
    t_between: float
    t_within: float
    l: float  # noqa: E741 - Theil's L
    l_between: float
    l_within: float
    regions: int
    missing: int
    zero: int
    negative: int


@dataclass(frozen=True)
class SpatialGini:
    """Gini with its non-neighbour share and a permutation p-value."""

    gini: float
    nonneighbour_share: float
    p_sim: float
    permutations: int
    seed: int


def _clean(values: pd.Series, weights: pd.Series | None) -> tuple[pd.Series, pd.Series, int]:
    y = values.astype(float)
    w = pd.Series(1.0, index=y.index) if weights is None else weights.astype(float).reindex(y.index)
    ok = y.notna() & w.notna() & (w > 0)
    return y[ok], w[ok], int((~ok).sum())


def theil(
    values: pd.Series, weights: pd.Series | None = None, groups: pd.Series | None = None
) -> TheilResult:
    """Theil T and L, decomposed between and within ``groups`` (default: gemeente).

    Examples
    --------
    >>> r = theil(pd.Series([1.0, 1.0, 4.0, 4.0], index=["WK000101", "WK000102",
    ...                                                  "WK000201", "WK000202"]))
    >>> round(r.t_within, 12), round(r.t - r.t_between, 12)
    (0.0, 0.0)
    """
    y, w, missing = _clean(values, weights)
    g = (groups.reindex(y.index) if groups is not None else gemeente_of(y.index)).fillna("?")
    t, t_between = _theil_part(y[y >= 0], w[y >= 0], g[y >= 0], "t")
    l_, l_between = _theil_part(y[y > 0], w[y > 0], g[y > 0], "l")
    return TheilResult(
        t,
        t_between,
        t - t_between,
        l_,
        l_between,
        l_ - l_between,
        regions=len(y),
        missing=missing,
        zero=int((y == 0).sum()),
        negative=int((y < 0).sum()),
    )


def _theil_part(y: pd.Series, w: pd.Series, g: pd.Series, kind: str) -> tuple[float, float]:
    """Total and between-group Theil T (``kind="t"``) or L (``"l"``)."""
    if len(y) == 0 or float((w * y).sum()) <= 0:
        return float("nan"), float("nan")
    total_w = float(w.sum())
    mu = float((w * y).sum()) / total_w
    frame = pd.DataFrame({"g": g.to_numpy(), "w": w.to_numpy(), "wy": (w * y).to_numpy()})
    by = frame.groupby("g")[["w", "wy"]].sum()
    mu_g = by["wy"] / by["w"]
    if kind == "t":
        ratio = (y / mu).to_numpy()
        total = float((w * y / (total_w * mu) * _log_or_zero(ratio)).sum())
        between = float((by["wy"] / (total_w * mu) * _log_or_zero((mu_g / mu).to_numpy())).sum())
    else:
        total = float((w / total_w * np.log(mu / y)).sum())
        between = float((by["w"] / total_w * np.log(mu / mu_g)).sum())
    return total, between


def _log_or_zero(x: np.ndarray) -> np.ndarray:
    """``log(x)`` where ``x > 0``, else 0 (so that ``0 · log 0 = 0``)."""
    return np.log(np.where(x > 0, x, 1.0))


def gini(values: pd.Series, weights: pd.Series | None = None) -> float:
    """(Residents-weighted) Gini coefficient of the non-missing values.

    Examples
    --------
    >>> gini(pd.Series([0.0, 0.0, 0.0, 1.0]))
    0.75
    """
    y, w, _ = _clean(values, weights)
    if len(y) == 0:
        return float("nan")
    order = np.argsort(y.to_numpy(), kind="mergesort")
    ys, ws = y.to_numpy()[order], w.to_numpy()[order]
    cum = np.cumsum(ws)
    total = float(cum[-1])
    mu = float((ws * ys).sum()) / total
    if mu == 0:
        return float("nan")
    pairs = 2.0 * float((ws * ys * (cum - ws - (total - cum))).sum())
    return pairs / (2.0 * total**2 * mu)


def spatial_gini(
    values: pd.Series, graph: NeighbourGraph, *, permutations: int = 999, seed: int = 0
) -> SpatialGini:
    """Rey & Smith's spatial Gini (unweighted) with a seeded permutation p-value.

    The Gini's sum of absolute differences splits into neighbour pairs and
    non-neighbour pairs; under spatial randomness the non-neighbour share is what
    random relabelling gives. A small p-value: neighbours are more alike than chance.
    Regions without a value or without geometry are left out (the graph is
    restricted to the others; islands follow the graph's policy).
    """
    from inequality.gini import Gini_Spatial

    y = values.astype(float).dropna()
    sub = graph.subgraph([c for c in graph.codes if c in y.index])
    x = y.reindex(list(sub.active)).to_numpy()
    w = sub.to_w("b")
    gs = Gini_Spatial(x, w, permutations=0)
    adjacency = w.sparse.tocoo()
    rows, cols = adjacency.row, adjacency.col
    rng = np.random.default_rng(seed)
    sims = np.empty(permutations)
    for k in range(permutations):
        xp = rng.permutation(x)
        sims[k] = gs.dtotal - np.abs(xp[rows] - xp[cols]).sum()
    larger = int((sims >= gs.wcg).sum())
    larger = min(larger, permutations - larger)
    return SpatialGini(
        gini=float(gs.g),
        nonneighbour_share=float(gs.wcg / gs.dtotal) if gs.dtotal else float("nan"),
        p_sim=(larger + 1.0) / (permutations + 1.0) if permutations else float("nan"),
        permutations=permutations,
        seed=seed,
    )


def worst_decile_gap(
    values: pd.Series,
    weights: pd.Series | None,
    direction: Direction,
    *,
    share: float = 0.10,
) -> dict[str, float]:
    """Mean of the worst ``share`` of residents' regions versus the rest.

    Returns ``worst_mean, rest_mean, gap`` (worst minus rest, in the value's unit),
    ``ratio`` (worst / rest), ``worst_regions`` and ``worst_residents``.
    """
    y, w, _ = _clean(values, weights)
    mask = worst_share(y, share, direction, w if weights is not None else None)
    worst = float(np.average(y[mask], weights=w[mask])) if mask.any() else float("nan")
    rest = float(np.average(y[~mask], weights=w[~mask])) if (~mask).any() else float("nan")
    return {
        "worst_mean": worst,
        "rest_mean": rest,
        "gap": worst - rest,
        "ratio": worst / rest if rest else float("nan"),
        "worst_regions": float(mask.sum()),
        "worst_residents": float(w[mask].sum()),
    }


@dataclass(frozen=True)
class GapResult:
    """The national gap per year and column (``table``) and the parameters used.

    ``params`` holds the arguments of :func:`national_gap` that determine the result
    (``columns``, ``weights``, ``share``, ``permutations``, and ``spatial_years``: the
    years with a neighbour graph), ``seed`` the spatial Gini's permutation seed and
    ``provenance`` where the frames came from (as given to :func:`national_gap`).
    """

    columns: dict[str, Direction]
    weights: str | None
    share: float
    table: pd.DataFrame
    log: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    provenance: Mapping[str, str] = field(default_factory=dict)


def national_gap(
    frames: Mapping[int, pd.DataFrame],
    columns: Mapping[str, Direction],
    *,
    weights: str | None = "inhabitants",
    share: float = 0.10,
    groups: pd.Series | None = None,
    graphs: Mapping[int, NeighbourGraph] | None = None,
    permutations: int = 999,
    seed: int = 0,
    provenance: Mapping[str, str] | None = None,
) -> GapResult:
    """Theil T/L (between/within gemeente), Gini, spatial Gini and worst-decile gap.

    Parameters
    ----------
    frames
        Year → wide frame of regions (index = code).
    columns
        Column → direction (``higher_is_worse``/``higher_is_better``): indicators,
        domains or an index (Theil needs positive values).
    weights
        Residents column (``None``: every region counts once).
    share
        The "worst decile" share of residents.
    groups
        Region → group for the decomposition (default: gemeente from the code).
    graphs
        Year → neighbour graph, for the spatial Gini (skipped for years without).
    permutations, seed
        Spatial Gini inference.
    provenance
        Where ``frames`` came from (store, level, years), kept on the result.
    """
    if not frames:
        raise SpecError("give at least one year of data")
    rows: list[dict[str, Any]] = []
    log = []
    for year in sorted(frames):
        frame = frames[year]
        if weights is not None and weights not in frame.columns:
            raise SpecError(f"weights column {weights!r} is not in the {year} frame")
        w = frame[weights] if weights is not None else None
        for column, direction in columns.items():
            if column not in frame.columns:
                log.append(f"{year}: {column} not present, skipped")
                continue
            t = theil(frame[column], w, groups)
            row: dict[str, Any] = {"year": year, "column": column, **vars(t)}
            row["gini"] = gini(frame[column], w)
            row.update(worst_decile_gap(frame[column], w, direction, share=share))
            if graphs is not None and year in graphs:
                sg = spatial_gini(frame[column], graphs[year], permutations=permutations, seed=seed)
                row.update(
                    spatial_gini=sg.gini,
                    nonneighbour_share=sg.nonneighbour_share,
                    spatial_gini_p=sg.p_sim,
                )
            rows.append(row)
            if t.missing or t.zero or t.negative:
                log.append(
                    f"{year} {column}: {t.missing} regions missing, {t.zero} zero "
                    f"(left out of Theil L), {t.negative} negative (left out of T and L)"
                )
    params = {
        "columns": dict(columns),
        "weights": weights,
        "share": share,
        "permutations": permutations,
        "spatial_years": tuple(sorted(y for y in frames if graphs is not None and y in graphs)),
    }
    return GapResult(
        dict(columns),
        weights,
        share,
        pd.DataFrame(rows),
        tuple(log),
        params=params,
        seed=seed,
        provenance=dict(provenance or {}),
    )
