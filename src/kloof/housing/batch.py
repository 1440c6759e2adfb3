"""Experiments: several scenarios against a baseline, many seeds, common random numbers.

:func:`run_experiment` runs every scenario with the *same* seeds. Because the engine's
random numbers are keyed by seed, purpose, year and entity
(:mod:`kloof.housing.crn`), scenario and baseline runs with one seed see the same
vacancies, applicants and refusals, so their paired difference isolates the policy
(common random numbers). For each outcome it reports the mean and the 90% interval
(5th and 95th percentile over seeds) of the level and of the paired difference.

Runs go to Dask when ``parallel`` is true: a local cluster of ``n_workers`` processes
by default, or the scheduler at ``address`` when the caller passes one (kloof's CLI
takes it from the ``KLOOF_DASK_ADDRESS`` setting; this module reads no settings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kloof.errors import SpecError
from kloof.housing.model import HousingModel
from kloof.housing.outcomes import RunResult, displacement
from kloof.housing.scenario import InitialState, Scenario

__all__ = [
    "CONCENTRATION_LQ",
    "STATS",
    "ExperimentResult",
    "new_concentrations",
    "run_experiment",
    "run_seeds",
    "summarise_runs",
]

#: Statistics over seeds: mean and the 90% interval.
STATS: tuple[str, ...] = ("mean", "p05", "p95")
#: Location quotient from which a region counts as a concentration of vulnerable
#: households (its share at least 1.5 × the whole area's).
CONCENTRATION_LQ = 1.5
Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class ExperimentResult:
    """Outcomes of an experiment; frames have columns ``(outcome, stat)``.

    Attributes
    ----------
    baseline
        Name of the baseline scenario.
    scenarios
        Name → scenario, baseline first.
    seeds
        The seeds every scenario ran with.
    regions, years, groups
        Name → summary of the run frames (index as in :class:`RunResult`).
    delta_regions, delta_years
        Name → summary of the paired differences scenario − baseline (not for the
        baseline itself).
    displacement
        Name → per region, summary over seeds of :func:`~kloof.housing.outcomes.displacement`.
    notes, rules_log
        Name → distinct notes of the runs (with how many runs gave them), rules applied.
    initial
        Name → the initial state the scenario ran from (provenance of every value).
    """

    baseline: str
    scenarios: Mapping[str, Scenario]
    seeds: tuple[int, ...]
    regions: Mapping[str, pd.DataFrame]
    years: Mapping[str, pd.DataFrame]
    groups: Mapping[str, pd.DataFrame]
    delta_regions: Mapping[str, pd.DataFrame]
    delta_years: Mapping[str, pd.DataFrame]
    displacement: Mapping[str, pd.DataFrame]
    notes: Mapping[str, tuple[str, ...]]
    rules_log: Mapping[str, tuple[str, ...]]
    initial: Mapping[str, InitialState]

    @property
    def names(self) -> tuple[str, ...]:
        """Scenario names, baseline first."""
        return tuple(self.scenarios)


def summarise_runs(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Mean, 5th and 95th percentile over runs of identically indexed frames.

    Examples
    --------
    >>> a = pd.DataFrame({"x": [1.0, 2.0]}); b = pd.DataFrame({"x": [3.0, 4.0]})
    >>> summarise_runs([a, b])["x"]["mean"].tolist()
    [2.0, 3.0]
    """
    first = frames[0]
    cube = np.stack([f.reindex(index=first.index, columns=first.columns).to_numpy(float)
                     for f in frames])  # fmt: skip
    with np.errstate(all="ignore"), _quiet():
        stats = {
            "mean": np.nanmean(cube, axis=0),
            "p05": np.nanquantile(cube, 0.05, axis=0),
            "p95": np.nanquantile(cube, 0.95, axis=0),
        }
    columns = pd.MultiIndex.from_product([list(first.columns), list(STATS)])
    data = np.stack([stats[s] for s in STATS], axis=2).reshape(len(first), -1)
    return pd.DataFrame(data, index=first.index, columns=columns)


@contextmanager
def _quiet() -> Iterator[None]:
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Mean of empty slice", category=RuntimeWarning)
        warnings.filterwarnings("ignore", message="All-NaN slice", category=RuntimeWarning)
        yield


def run_seeds(scenario: Scenario, initial: InitialState, seeds: Sequence[int]) -> list[RunResult]:
    """Run one scenario for each seed (the unit of work sent to a Dask worker)."""
    return [HousingModel(scenario, initial, seed=seed).run() for seed in seeds]


def _chunks(seeds: Sequence[int], size: int) -> list[list[int]]:
    return [list(seeds[i : i + size]) for i in range(0, len(seeds), size)]


def _execute(
    tasks: list[tuple[str, list[int]]],
    scenarios: Mapping[str, Scenario],
    initial: Mapping[str, InitialState],
    *,
    parallel: bool,
    address: str | None,
    n_workers: int,
    progress: Progress | None,
) -> dict[str, list[RunResult]]:
    out: dict[str, list[RunResult]] = {name: [] for name in scenarios}
    total, done = sum(len(s) for _, s in tasks), 0
    if not parallel:
        for name, seeds in tasks:
            out[name].extend(run_seeds(scenarios[name], initial[name], seeds))
            done += len(seeds)
            if progress:
                progress(done, total)
        return out
    from dask.distributed import Client, LocalCluster, as_completed

    cluster: Any = None
    if address:
        client = Client(address)
    else:
        cluster = LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = {
            client.submit(run_seeds, scenarios[name], initial[name], seeds, pure=False): name
            for name, seeds in tasks
        }
        for future in as_completed(futures):
            runs = future.result()
            out[futures[future]].extend(runs)
            done += len(runs)
            if progress:
                progress(done, total)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for name in out:
        out[name].sort(key=lambda r: r.seed)
    return out


def run_experiment(
    initial: Mapping[str, InitialState] | InitialState,
    scenarios: Mapping[str, Scenario] | Sequence[Scenario],
    *,
    baseline: str | None = None,
    seeds: Sequence[int] | int = 30,
    parallel: bool = True,
    address: str | None = None,
    n_workers: int = 2,
    chunk: int | None = None,
    progress: Progress | None = None,
) -> ExperimentResult:
    """Run scenarios against a baseline over many seeds and summarise.

    Parameters
    ----------
    initial
        One initial state for all, or one per scenario name (same regions).
    scenarios
        Name → scenario, or a sequence (named by ``scenario.name``).
    baseline
        Name of the baseline (default: the first scenario).
    seeds
        Seeds to use, or a count ``n`` for seeds ``s, …, s + n − 1`` with ``s`` the
        baseline's ``seed``.
    parallel, address, n_workers
        Run on Dask: the scheduler at ``address``, or a local cluster of ``n_workers``
        single-threaded processes. ``parallel=False`` runs in this process.
    chunk
        Seeds per Dask task (default: spread over about four tasks per worker).
    progress
        Called with ``(runs done, runs total)``.

    Raises
    ------
    SpecError
        Before any run, when a scenario is invalid for its initial state, names repeat,
        the regions differ between scenarios or ``baseline`` is unknown.
    """
    if not isinstance(scenarios, Mapping):
        names = [s.name for s in scenarios]
        if len(set(names)) != len(names):
            raise SpecError(f"scenario names must differ: {', '.join(names)}")
        scenarios = {s.name: s for s in scenarios}
    if not scenarios:
        raise SpecError("no scenarios to run")
    baseline = baseline or next(iter(scenarios))
    if baseline not in scenarios:
        raise SpecError(f"baseline {baseline!r} is not one of {', '.join(scenarios)}")
    ordered = {baseline: scenarios[baseline], **{k: v for k, v in scenarios.items()}}
    inits = {n: initial for n in ordered} if isinstance(initial, InitialState) else dict(initial)
    codes = ordered[baseline].codes
    for name, scenario in ordered.items():
        if name not in inits:
            raise SpecError(f"no initial state for scenario {name!r}")
        if scenario.codes != codes:
            raise SpecError(f"scenario {name!r} has other regions than the baseline {baseline!r}")
        HousingModel(scenario, inits[name])  # validates rules against the data (SpecError)
    if isinstance(seeds, int):
        if seeds < 1:
            raise SpecError("the number of runs must be at least 1")
        seeds = range(ordered[baseline].seed, ordered[baseline].seed + seeds)
    seed_list = [int(s) for s in seeds]
    size = chunk or max(1, -(-len(seed_list) // (4 * max(n_workers, 1))))
    tasks = [(name, part) for name in ordered for part in _chunks(seed_list, size)]
    runs = _execute(tasks, ordered, inits, parallel=parallel, address=address,
                    n_workers=n_workers, progress=progress)  # fmt: skip
    return _aggregate(baseline, ordered, tuple(seed_list), runs, inits)


def _aggregate(
    baseline: str,
    scenarios: dict[str, Scenario],
    seeds: tuple[int, ...],
    runs: dict[str, list[RunResult]],
    initial: dict[str, InitialState],
) -> ExperimentResult:
    base = runs[baseline]
    regions, years, groups, d_regions, d_years, disp, notes, rules = ({} for _ in range(8))
    for name, rs in runs.items():
        regions[name] = summarise_runs([r.regions for r in rs])
        years[name] = summarise_runs([r.years for r in rs])
        groups[name] = summarise_runs([r.groups for r in rs])
        rules[name] = rs[0].rules_log
        counts: dict[str, int] = {}
        for r in rs:
            for note in r.notes:
                counts[note] = counts.get(note, 0) + 1
        notes[name] = tuple(f"{n} [{c}/{len(rs)} runs]" for n, c in counts.items())
        if name == baseline:
            continue
        d_regions[name] = summarise_runs(
            [r.regions - b.regions for r, b in zip(rs, base, strict=True)]
        )
        d_years[name] = summarise_runs([r.years - b.years for r, b in zip(rs, base, strict=True)])
        disp[name] = summarise_runs([displacement(r, b) for r, b in zip(rs, base, strict=True)])
    return ExperimentResult(
        baseline=baseline,
        scenarios=scenarios,
        seeds=seeds,
        regions=regions,
        years=years,
        groups=groups,
        delta_regions=d_regions,
        delta_years=d_years,
        displacement=disp,
        notes=notes,
        rules_log=rules,
        initial=initial,
    )


def new_concentrations(
    result: ExperimentResult, *, lq: float = CONCENTRATION_LQ
) -> dict[str, pd.DataFrame]:
    r"""Regions where a policy creates a new concentration of vulnerable households.

    In the last simulated year, with :math:`v_r` a region's vulnerable share (mean over
    seeds) and :math:`\mathrm{LQ}_r = v_r / v` its location quotient, a region is
    *concentrated* in the baseline when :math:`\mathrm{LQ}_r \ge` ``lq``; the
    *concentration level* :math:`L` is the lowest share among those regions (or
    ``lq`` × the overall share when none is). Under a policy a region is flagged when

    1. it is **not** concentrated in the baseline,
    2. under the policy it is: :math:`\mathrm{LQ}_r \ge` ``lq`` or :math:`v_r \ge L`
       (it reaches the share of a wijk the baseline already counts as concentrated),
    3. the rise is real: the 5th percentile over seeds of the paired difference
       policy − baseline is above 0.

    Returns
    -------
    dict
        Scenario name (every one but the baseline) → one row per flagged region:
        ``baseline_share``, ``share``, ``share_p05``, ``share_p95`` (fractions),
        ``delta_pp`` (mean, percentage points), ``location_quotient``, ``level`` (the
        baseline's concentration level :math:`L`) and ``reason`` (``lq`` or ``level``).
        Empty frames when nothing is flagged.
    """

    def last(frame: pd.DataFrame) -> pd.DataFrame:
        year = frame.index.get_level_values("year").max()
        return frame.xs(year, level="year")

    base = last(result.regions[result.baseline])
    b_share = base[("vulnerable_share", "mean")]
    b_lq = base[("location_quotient", "mean")]
    concentrated = b_lq >= lq
    if concentrated.any():
        level = float(b_share[concentrated].min())
    else:
        overall = float(b_share.mean() / b_lq.mean()) if b_lq.mean() > 0 else float("nan")
        level = lq * overall
    out: dict[str, pd.DataFrame] = {}
    cols = [
        "baseline_share",
        "share",
        "share_p05",
        "share_p95",
        "delta_pp",
        "location_quotient",
        "level",
        "reason",
    ]
    for name in result.names:
        if name == result.baseline:
            continue
        final = last(result.regions[name]).reindex(base.index)
        share = final[("vulnerable_share", "mean")]
        r_lq = final[("location_quotient", "mean")]
        disp = result.displacement[name].reindex(base.index)
        rises = disp[("delta_vulnerable_share_pp", "p05")] > 0
        by_lq, by_level = r_lq >= lq, share >= level
        flag = ~concentrated & (by_lq | by_level) & rises
        rows = pd.DataFrame(
            {
                "baseline_share": b_share[flag],
                "share": share[flag],
                "share_p05": final.loc[flag, ("vulnerable_share", "p05")],
                "share_p95": final.loc[flag, ("vulnerable_share", "p95")],
                "delta_pp": disp.loc[flag, ("delta_vulnerable_share_pp", "mean")],
                "location_quotient": r_lq[flag],
                "level": level,
                "reason": np.where(by_lq[flag], "lq", "level"),
            },
            columns=cols,
        )
        rows.index.name = "code"
        out[name] = rows.sort_values("delta_pp", ascending=False)
    return out
