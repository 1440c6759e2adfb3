"""Outcomes of a housing run: per year and region, per year, per applicant group.

The engine hands over one :class:`YearRecord` of counts per simulated year; this module
turns them into the frames of a frozen :class:`RunResult`:

``regions`` (index ``year, code``)
    stock: ``social_dwellings``, ``social_occupied``, ``households``, ``vulnerable``,
    ``vulnerable_share`` (all tenures: the social stock simulated, other tenures at
    ``nonsocial_vulnerable_share``),
    ``vulnerable_social_share``, ``location_quotient`` (region share / overall share);
    flows: ``vacancies``, ``lettings``, ``unlet``, ``vulnerable_inflow`` and its
    ``_share`` of lettings, ``priority_placements`` and ``priority_share``, inflow per
    vulnerable category, ``key_workers_housed``, ``no_own_income_inflow``,
    ``refused_permits``; optionally ``index_projected`` (:class:`IndexEffect`) and,
    with restructuring, ``demolished``, ``displaced``, ``built``, ``sold`` (dwellings and
    households a year) with ``social_dwellings`` following the stock.
``years`` (index ``year``)
    totals and the concentration of vulnerable households over the regions:
    ``dissimilarity`` and ``isolation`` of the stock and of the inflow.
``groups`` (index ``year, group``)
    ``arrived``, ``housed``, ``mean_wait`` (years registered when housed), ``backlog``.

The row of year ``start_year − 1`` is the initial stock (flows are NaN).

Segregation formulas, computed by :mod:`kloof.spatial.segregation` (vulnerable group
``v``, total ``t``, other ``o = t − v``):

* dissimilarity ``D = ½ Σ_r |v_r / V − o_r / O|`` (Duncan & Duncan 1955);
* isolation ``xPx = Σ_r (v_r / V) · (v_r / t_r)`` (Bell 1954; Massey & Denton 1988).

References
----------
Duncan, O. D. and Duncan, B. (1955). A methodological analysis of segregation indexes.
*American Sociological Review* 20(2), 210-217.
Massey, D. S. and Denton, N. A. (1988). The dimensions of residential segregation.
*Social Forces* 67(2), 281-315.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from kloof.housing.policies import CATEGORIES
from kloof.housing.scenario import InitialState, Scenario
from kloof.spatial.segregation import INDICES

__all__ = [
    "CHANNELS",
    "GROUPS",
    "RESTRUCTURING",
    "RunResult",
    "YearRecord",
    "displacement",
    "dissimilarity",
    "isolation",
    "summarise",
]

#: Allocation channels, in code order.
CHANNELS: tuple[str, ...] = ("key_worker", "priority", "lottery", "regular")
#: Restructuring counts per region and year (with ``restructuring:`` in the scenario).
RESTRUCTURING: tuple[str, ...] = ("demolished", "displaced", "built", "sold")
#: Applicant groups for waiting times: regular seekers split by the key-worker flag.
GROUPS: tuple[str, ...] = ("regular", "key_worker", *CATEGORIES[1:])

Counts = NDArray[np.int64]


def _index(name: str, group: NDArray[np.floating], total: NDArray[np.floating]) -> float:
    g, t = np.asarray(group, float), np.asarray(total, float)
    if g.sum() <= 0 or g.sum() >= t.sum():
        return float("nan")
    return float(INDICES[name].compute(g, t, np.array([0]), np.array([len(g)]))[0])


def dissimilarity(group: NDArray[np.floating], total: NDArray[np.floating]) -> float:
    """Index of dissimilarity ``D = ½ Σ |g_r/G − o_r/O|`` with ``o = total − group``.

    Computed by :data:`kloof.spatial.segregation.INDICES` (Massey & Denton's form
    ``Σ t_r |p_r − P| / (2 T P (1 − P))``, the same number).

    Examples
    --------
    >>> round(dissimilarity(np.array([10.0, 0.0]), np.array([20.0, 20.0])), 6)
    0.666667
    """
    return _index("dissimilarity", group, total)


def isolation(group: NDArray[np.floating], total: NDArray[np.floating]) -> float:
    """Isolation index ``xPx = Σ (g_r/G)(g_r/t_r)``: the group share a member meets.

    Computed by :data:`kloof.spatial.segregation.INDICES`.

    Examples
    --------
    >>> isolation(np.array([10.0, 0.0]), np.array([20.0, 20.0]))
    0.5
    """
    return _index("isolation", group, total)


@dataclass(frozen=True, eq=False)
class YearRecord:
    """Counts of one simulated year (arrays over regions unless stated)."""

    year: int
    vacancies: Counts
    departures: Counts
    lettings: Counts
    occupied_end: Counts
    stock_category: Counts  # regions × categories, occupied social dwellings at year end
    inflow_category: Counts  # regions × categories
    channel: Counts  # regions × channels
    key_workers: Counts
    no_own_income: Counts
    refused_permits: Counts
    group_arrived: Counts  # groups
    group_housed: Counts  # groups
    group_wait: NDArray[np.float64]  # groups: summed waiting years of the housed
    group_backlog: Counts  # groups: waiting at year end
    priority_unplaced: int
    blocked_by_cap: int
    lettings_log: pd.DataFrame | None = None
    dwellings: Counts | None = None  # social dwellings at year end (with restructuring)
    restructured: Counts | None = None  # regions × RESTRUCTURING: this year's counts


@dataclass(frozen=True, eq=False)
class RunResult:
    """A finished run: its scenario, seed, rules, initial state and outcome frames."""

    scenario: Scenario
    seed: int
    rules_log: tuple[str, ...]
    initial: InitialState
    regions: pd.DataFrame
    years: pd.DataFrame
    groups: pd.DataFrame
    notes: tuple[str, ...] = ()
    lettings: pd.DataFrame | None = field(default=None)


def _ratio(num: NDArray[np.float64], den: NDArray[np.float64]) -> NDArray[np.float64]:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _by_year(name: str, group: NDArray[np.float64], total: NDArray[np.float64]) -> NDArray:
    """A segregation index per row (year) of ``group`` and ``total`` (years × regions)."""
    g, t = np.nan_to_num(group), np.nan_to_num(total)
    n = g.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        out = INDICES[name].compute(g, t, np.array([0]), np.array([n]))[:, 0]
    ok = (g.sum(axis=1) > 0) & (g.sum(axis=1) < t.sum(axis=1))
    return np.where(ok, out, np.nan)


def summarise(
    records: list[YearRecord],
    initial_by_cat: Counts,
    initial: InitialState,
    scenario: Scenario,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ``regions``, ``years`` and ``groups`` frames of a run (see module docstring)."""
    n_years, n_reg = len(records) + 1, len(initial.codes)
    years = np.array([scenario.start_year - 1] + [r.year for r in records])
    by_cat = np.stack([initial_by_cat] + [r.stock_category for r in records]).astype(float)
    social = by_cat.sum(axis=2)
    vul_social = by_cat[:, :, 1:].sum(axis=2)
    nonsocial = np.broadcast_to(initial.nonsocial_households, (n_years, n_reg))
    restructured = records and records[0].restructured is not None
    dwellings = np.broadcast_to(initial.social_dwellings, (n_years, n_reg))
    counts = np.zeros((n_years, n_reg, len(RESTRUCTURING)))
    if restructured:
        stock = [np.asarray(r.dwellings) for r in records]
        dwellings = np.stack([np.asarray(initial.social_dwellings), *stock])
        counts[1:] = np.stack([np.asarray(r.restructured) for r in records])
        # buyers of sold dwellings join the region's other tenures
        sold = counts[:, :, RESTRUCTURING.index("sold")].cumsum(axis=0)
        nonsocial = nonsocial + sold
    households = social + nonsocial
    vulnerable = vul_social + scenario.stock.nonsocial_vulnerable_share * nonsocial
    share = _ratio(vulnerable, households)
    overall = _ratio(vulnerable.sum(axis=1), households.sum(axis=1))
    cols: dict[str, NDArray[np.float64]] = {
        "social_dwellings": dwellings.astype(float),
        "social_occupied": social,
        "households": households,
        "vulnerable": vulnerable,
        "vulnerable_share": share,
        "vulnerable_social_share": _ratio(vul_social, social),
        "location_quotient": share / overall[:, None],
    }

    def flow(get: Callable[[YearRecord], NDArray]) -> NDArray[np.float64]:
        out = np.full((n_years, n_reg), np.nan)
        if records:
            out[1:] = np.stack([get(r) for r in records]).astype(float)
        return out

    lettings = flow(lambda r: r.lettings)
    vul_in = flow(lambda r: r.inflow_category[:, 1:].sum(axis=1))
    prio = flow(lambda r: r.channel[:, CHANNELS.index("priority")])
    vacancies = flow(lambda r: r.vacancies)
    cols |= {
        "vacancies": vacancies,
        "departures": flow(lambda r: r.departures),
        "lettings": lettings,
        "unlet": vacancies - lettings,
        "vulnerable_inflow": vul_in,
        "vulnerable_inflow_share": _ratio(vul_in, lettings),
        "priority_placements": prio,
        "priority_share": _ratio(prio, lettings),
        "key_workers_housed": flow(lambda r: r.key_workers),
        "no_own_income_inflow": flow(lambda r: r.no_own_income),
        "refused_permits": flow(lambda r: r.refused_permits),
    }
    if restructured:
        for i, name in enumerate(RESTRUCTURING):
            cols[name] = np.where(np.arange(n_years)[:, None] == 0, np.nan, counts[:, :, i])
    inflow = np.full((n_years, n_reg, len(CATEGORIES)), np.nan)
    if records:
        inflow[1:] = np.stack([r.inflow_category for r in records])
    for i, cat in enumerate(CATEGORIES[1:], start=1):
        cols[f"{cat}_inflow"] = inflow[:, :, i]
    if scenario.index_effect is not None:
        effect = scenario.index_effect.elasticity * 100 * (share - share[0])
        cols["index_projected"] = initial.pressure[None, :] + effect
    index = pd.MultiIndex.from_arrays(
        [np.repeat(years, n_reg), np.tile(np.asarray(initial.codes, dtype=object), n_years)],
        names=["year", "code"],
    )
    regions = pd.DataFrame({k: np.asarray(v, float).ravel() for k, v in cols.items()}, index)

    lettings_total = lettings.sum(axis=1)
    summary = {
        "households": households.sum(axis=1),
        "vulnerable": vulnerable.sum(axis=1),
        "vulnerable_share": overall,
        "dissimilarity": _by_year("dissimilarity", vulnerable, households),
        "isolation": _by_year("isolation", vulnerable, households),
        "lettings": lettings_total,
        "priority_placements": prio.sum(axis=1),
        "key_workers_housed": cols["key_workers_housed"].sum(axis=1),
        "refused_permits": cols["refused_permits"].sum(axis=1),
        "vulnerable_inflow_share": _ratio(vul_in.sum(axis=1), lettings_total),
        "dissimilarity_inflow": _by_year("dissimilarity", vul_in, lettings),
        "isolation_inflow": _by_year("isolation", vul_in, lettings),
        "priority_unplaced": np.array([np.nan] + [r.priority_unplaced for r in records], float),
        "blocked_by_cap": np.array([np.nan] + [r.blocked_by_cap for r in records], float),
    }
    year_frame = pd.DataFrame(summary, index=pd.Index(years, name="year"))
    year_frame.iloc[
        0, year_frame.columns.get_indexer(["dissimilarity_inflow", "isolation_inflow"])
    ] = np.nan

    n_groups = len(GROUPS)
    housed = np.array([r.group_housed for r in records], float).reshape(-1, n_groups)
    wait = np.array([r.group_wait for r in records], float).reshape(-1, n_groups)
    groups = pd.DataFrame(
        {
            "arrived": np.array([r.group_arrived for r in records], float).ravel(),
            "housed": housed.ravel(),
            "mean_wait": _ratio(wait, housed).ravel(),
            "backlog": np.array([r.group_backlog for r in records], float).ravel(),
        },
        index=pd.MultiIndex.from_arrays(
            [np.repeat(years[1:], n_groups), np.tile(np.array(GROUPS, dtype=object), len(records))],
            names=["year", "group"],
        ),
    )
    return regions, year_frame, groups


def displacement(run: RunResult, baseline: RunResult) -> pd.DataFrame:
    """Where priority inflow moved relative to a baseline run (the "waterbed").

    Per region, summed over the simulated years: the change in priority placements, in
    vulnerable inflow and in households without own income moving in, and the change of
    the final-year vulnerable share (percentage points). Run both with the same seed:
    with common random numbers the difference is the policy's effect, not luck.
    """
    if run.initial.codes != baseline.initial.codes:
        raise ValueError("displacement needs two runs over the same regions")
    cols = ["priority_placements", "vulnerable_inflow", "no_own_income_inflow"]
    a = run.regions[cols].groupby(level="code", sort=False).sum(min_count=1)
    b = baseline.regions[cols].groupby(level="code", sort=False).sum(min_count=1)
    out = (a - b).add_prefix("delta_")
    last_a = run.regions.xs(run.years.index.max(), level="year")["vulnerable_share"]
    last_b = baseline.regions.xs(baseline.years.index.max(), level="year")["vulnerable_share"]
    out["delta_vulnerable_share_pp"] = 100 * (last_a - last_b)
    return out
