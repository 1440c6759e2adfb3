"""Concentration and segregation of a group across the regions of each gemeente.

For a group (benefit recipients, low-income households, one-person households, or
an origin group for a fairness audit) with count :math:`x_i` among :math:`t_i`
people in region :math:`i` of a gemeente, :math:`X = \\sum x_i`, :math:`T = \\sum
t_i`, :math:`P = X/T`, :math:`p_i = x_i / t_i` (Massey & Denton 1988):

* dissimilarity :math:`D = \\sum_i t_i |p_i - P| / (2 T P (1-P))`, the share of
  the group that would have to move for an even spread;
* isolation :math:`{}_xP^*_x = \\sum_i (x_i/X)(x_i/t_i)`, the group share in the
  region of the average group member;
* exposure :math:`{}_xP^*_y = \\sum_i (x_i/X)((t_i-x_i)/t_i)`, the others' share
  there (:math:`= 1 - {}_xP^*_x` for two groups);
* entropy (Theil's information index) :math:`H = \\sum_i t_i (E - E_i)/(E T)` with
  :math:`E = P \\ln(1/P) + (1-P) \\ln(1/(1-P))` and :math:`E_i` likewise for
  :math:`p_i`;
* location quotient per region :math:`LQ_i = p_i / P`.

The point estimates equal those of :mod:`segregation` (Cortes et al. 2020,
``segregation.singlegroup.Dissim``, ``Isolation``, ``Interaction``, ``Entropy``);
``engine="pysal"`` calls those classes per gemeente, ``engine="numpy"`` (default)
computes all gemeenten at once and is tested against them. Inference follows
segregation's *evenness* null: each region keeps its size and draws its group count
from :math:`\\mathrm{Binomial}(t_i, P)`; ``permutations`` draws with
``numpy.random.default_rng(seed)`` give one-sided pseudo p-values
``(#{sim at least as segregated} + 1) / (permutations + 1)``. (segregation's own
simulations draw from NumPy's global random state, which kloof never touches.)

Regions with a missing count, or a group count above the total, are left out of
their gemeente's indices and counted in ``units_missing`` / ``units_inconsistent``
with the residents they hold, never silently.

Reference: Massey, D.S. & Denton, N.A. (1988) The dimensions of residential
segregation. *Social Forces* 67(2). Cortes, R.X. et al. (2020) Open-source
framework for analyzing segregation. *J. Geogr. Syst.* 22.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from kloof.errors import SpecError
from kloof.spatial._common import gemeente_of

__all__ = ["INDICES", "SegregationResult", "SegregationSpec", "location_quotients", "table"]

Array = np.ndarray
Engine = Literal["numpy", "pysal"]


def _sums(values: Array, starts: Array) -> Array:
    return np.add.reduceat(values, starts, axis=-1) if values.shape[-1] else values


def _parts(x: Array, t: Array, starts: Array, sizes: Array) -> tuple[Array, Array, Array, Array]:
    big_x, big_t = _sums(x, starts), _sums(t, starts)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(t > 0, x / np.where(t > 0, t, 1), 0.0)
        share = big_x / big_t
    return big_x, big_t, p, np.repeat(share, sizes, axis=-1)


def _dissimilarity(x: Array, t: Array, starts: Array, sizes: Array) -> Array:
    big_x, big_t, p, share = _parts(x, t, starts, sizes)
    s = big_x / big_t
    with np.errstate(divide="ignore", invalid="ignore"):
        return _sums(t * np.abs(p - share), starts) / (2 * big_t * s * (1 - s))


def _isolation(x: Array, t: Array, starts: Array, sizes: Array) -> Array:
    big_x, _, p, _ = _parts(x, t, starts, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _sums(x * p, starts) / big_x


def _exposure(x: Array, t: Array, starts: Array, sizes: Array) -> Array:
    big_x, _, p, _ = _parts(x, t, starts, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _sums(x * np.where(t > 0, 1 - p, 0.0), starts) / big_x


def _xlogx(p: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0.0)


def _entropy(x: Array, t: Array, starts: Array, sizes: Array) -> Array:
    big_x, big_t, p, share = _parts(x, t, starts, sizes)
    e_local = -(_xlogx(p) + _xlogx(1 - p))
    e_all = -(_xlogx(share) + _xlogx(1 - share))
    s = big_x / big_t
    e_total = -(_xlogx(s) + _xlogx(1 - s))
    with np.errstate(divide="ignore", invalid="ignore"):
        return _sums(t * (e_all - e_local), starts) / (e_total * big_t)


@dataclass(frozen=True)
class _Index:
    compute: Callable[[Array, Array, Array, Array], Array]
    pysal: str
    higher_is_segregated: bool
    label: str


#: Segregation indices: vectorised formula, segregation class, direction, Dutch label.
INDICES: dict[str, _Index] = {
    "dissimilarity": _Index(_dissimilarity, "Dissim", True, "ongelijkheidsindex D"),
    "isolation": _Index(_isolation, "Isolation", True, "isolatie xPx"),
    "exposure": _Index(_exposure, "Interaction", False, "blootstelling xPy"),
    "entropy": _Index(_entropy, "Entropy", True, "entropie (Theil H)"),
}


@dataclass(frozen=True)
class SegregationSpec:
    """What is measured and how.

    Attributes
    ----------
    group, total
        Column names of the group count and the population it is part of.
    indices
        Index names from :data:`INDICES`.
    permutations
        Draws under the evenness null (0: no inference).
    seed
        Seed of those draws.
    engine
        ``numpy`` (vectorised) or ``pysal`` (the segregation package per gemeente).
    """

    group: str
    total: str
    indices: tuple[str, ...] = tuple(INDICES)
    permutations: int = 0
    seed: int = 0
    engine: Engine = "numpy"

    def __post_init__(self) -> None:
        unknown = [i for i in self.indices if i not in INDICES]
        if unknown:
            raise SpecError(f"unknown segregation indices {unknown}; choose from {list(INDICES)}")
        if self.permutations < 0:
            raise SpecError("permutations cannot be negative")
        if self.engine not in ("numpy", "pysal"):
            raise SpecError("engine must be 'numpy' or 'pysal'")


@dataclass(frozen=True)
class SegregationResult:
    """Per-gemeente indices (ranked), per-region location quotients and notes.

    ``table`` columns: ``gemeente, units, units_used, units_missing,
    units_inconsistent, total_missing, group, total, share``, one column per index,
    ``p_<index>`` when permutations were drawn, and ``rank`` (1 = highest
    dissimilarity). ``national`` holds the same indices over all regions as one area.
    """

    spec: SegregationSpec
    table: pd.DataFrame
    local: pd.DataFrame
    national: dict[str, float]
    log: tuple[str, ...] = ()


def _clean(frame: pd.DataFrame, spec: SegregationSpec, by: pd.Series | None) -> pd.DataFrame:
    for col in (spec.group, spec.total):
        if col not in frame.columns:
            raise SpecError(f"column {col!r} is not in the frame")
    data = pd.DataFrame(
        {"x": frame[spec.group].astype(float), "t": frame[spec.total].astype(float)},
        index=frame.index,
    )
    data["gemeente"] = (
        by.reindex(frame.index) if by is not None else gemeente_of(frame.index)
    ).to_numpy()
    data["status"] = "ok"
    data.loc[data["x"].isna() | data["t"].isna(), "status"] = "missing"
    data.loc[(data["status"] == "ok") & ((data["x"] > data["t"]) | (data["x"] < 0)), "status"] = (
        "inconsistent"
    )
    return data.sort_values(["gemeente"], kind="mergesort")


def _groups(data: pd.DataFrame) -> tuple[Array, Array, Array, Array, Array]:
    ok = data[data["status"] == "ok"]
    names, starts, sizes = np.unique(
        ok["gemeente"].to_numpy(dtype=str), return_index=True, return_counts=True
    )
    return ok["x"].to_numpy(), ok["t"].to_numpy(), names, starts, sizes


def table(
    frame: pd.DataFrame, spec: SegregationSpec, *, by: pd.Series | None = None
) -> SegregationResult:
    """Segregation indices of ``spec.group`` per gemeente, ranked nationally.

    Parameters
    ----------
    frame
        Regions (buurten or wijken; index = code) with the group and total counts.
    spec
        Columns, indices, permutations, seed and engine.
    by
        Area each region belongs to (default: its gemeente from the code).
    """
    data = _clean(frame, spec, by)
    x, t, names, starts, sizes = _groups(data)
    log = [f"{spec.group} among {spec.total}: {len(data)} regions, {len(names)} areas"]
    out = data.groupby("gemeente").agg(units=("x", "size"))
    for status in ("missing", "inconsistent"):
        out[f"units_{status}"] = data[data["status"] == status].groupby("gemeente").size()
        count = int((data["status"] == status).sum())
        if count:
            log.append(f"{count} regions {status}: left out of their area's indices, counted")
    out["total_missing"] = data[data["status"] != "ok"].groupby("gemeente")["t"].sum()
    out = out.fillna(0)
    out["units_used"] = out["units"] - out["units_missing"] - out["units_inconsistent"]
    sums = pd.DataFrame({"group": _sums(x, starts), "total": _sums(t, starts)}, index=names)
    out = out.join(sums)
    out["share"] = out["group"] / out["total"]
    values = _point(x, t, names, starts, sizes, spec)
    out = out.join(pd.DataFrame(values, index=names))
    if spec.permutations:
        out = out.join(pd.DataFrame(_pvalues(x, t, starts, sizes, spec), index=names))
        log.append(f"evenness null: {spec.permutations} draws, seed {spec.seed}")
    undefined = out.index[
        out["share"].isna() | (out["share"] <= 0) | (out["share"] >= 1) | (out["units_used"] < 2)
    ]
    if len(undefined):
        cols = [c for c in out.columns if c in spec.indices or c.removeprefix("p_") in spec.indices]
        out.loc[undefined, cols] = np.nan
        log.append(f"{len(undefined)} areas with < 2 regions or no variation: indices undefined")
    lead = "dissimilarity" if "dissimilarity" in spec.indices else spec.indices[0]
    ascending = not INDICES[lead].higher_is_segregated
    out["rank"] = out[lead].rank(ascending=ascending, method="min").astype("Int64")
    out = out.sort_values(["rank", lead], na_position="last").reset_index(names="gemeente")
    for col in ("units", "units_used", "units_missing", "units_inconsistent"):
        out[col] = out[col].astype(int)
    national = {
        name: float(INDICES[name].compute(x, t, np.array([0]), np.array([len(x)]))[0])
        for name in spec.indices
    }
    return SegregationResult(spec, out, _local(data), national, tuple(log))


def _point(
    x: Array, t: Array, names: Array, starts: Array, sizes: Array, spec: SegregationSpec
) -> dict[str, Array]:
    if spec.engine == "numpy":
        return {name: INDICES[name].compute(x, t, starts, sizes) for name in spec.indices}
    import segregation.singlegroup as sg

    out = {name: np.full(len(names), np.nan) for name in spec.indices}
    for k, (start, size) in enumerate(zip(starts, sizes, strict=True)):
        df = pd.DataFrame({"x": x[start : start + size], "t": t[start : start + size]})
        if df["x"].sum() <= 0 or df["x"].sum() >= df["t"].sum():
            continue
        for name in spec.indices:
            out[name][k] = float(getattr(sg, INDICES[name].pysal)(df, "x", "t").statistic)
    return out


def _pvalues(
    x: Array, t: Array, starts: Array, sizes: Array, spec: SegregationSpec
) -> dict[str, Array]:
    rng = np.random.default_rng(spec.seed)
    share = np.repeat(_sums(x, starts) / _sums(t, starts), sizes)
    share = np.nan_to_num(share, nan=0.0)
    n_t = np.round(t).astype(np.int64)
    n_x = np.minimum(np.round(x), n_t).astype(float)
    hits = {name: np.zeros(len(starts)) for name in spec.indices}
    for begin in range(0, spec.permutations, 100):
        draws = min(100, spec.permutations - begin)
        sim = rng.binomial(n_t, share, size=(draws, len(t))).astype(float)
        for name in spec.indices:
            idx = INDICES[name]
            values = idx.compute(sim, n_t.astype(float), starts, sizes)
            obs = idx.compute(n_x, n_t.astype(float), starts, sizes)  # on whole counts
            more = values >= obs - 1e-12 if idx.higher_is_segregated else values <= obs + 1e-12
            hits[name] += np.nansum(more, axis=0)
    return {f"p_{name}": (hits[name] + 1) / (spec.permutations + 1) for name in spec.indices}


def _local(data: pd.DataFrame) -> pd.DataFrame:
    ok = data["status"] == "ok"
    area = data[ok].groupby("gemeente")[["x", "t"]].sum()
    share = (area["x"] / area["t"]).reindex(data["gemeente"]).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(data["t"] > 0, data["x"] / data["t"], np.nan)
        lq = np.where(ok & (share > 0), p / share, np.nan)
    return (
        pd.DataFrame(
            {
                "code": data.index,
                "gemeente": data["gemeente"].to_numpy(),
                "group": data["x"].to_numpy(),
                "total": data["t"].to_numpy(),
                "share": p,
                "lq": lq,
                "status": data["status"].to_numpy(),
            }
        )
        .sort_values("code")
        .reset_index(drop=True)
    )


def location_quotients(
    frame: pd.DataFrame, group: str, total: str, *, by: pd.Series | None = None
) -> pd.Series:
    """Location quotient per region: its group share over its area's share.

    ``LQ > 1``: the group is over-represented. Missing or inconsistent regions get NaN.
    """
    result = table(frame, SegregationSpec(group, total, indices=("dissimilarity",)), by=by)
    return result.local.set_index("code")["lq"]
