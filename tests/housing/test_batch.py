"""Experiments: common random numbers over seeds, summaries, Dask."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.errors import SpecError
from kloof.housing import displacement, initial_state, run, run_experiment, shipped
from kloof.housing.batch import summarise_runs
from kloof.housing.outcomes import dissimilarity, isolation


def test_segregation_by_hand() -> None:
    # two regions of 20 households; all 10 vulnerable in the first
    assert dissimilarity(np.array([10.0, 0.0]), np.array([20.0, 20.0])) == pytest.approx(2 / 3)
    assert isolation(np.array([10.0, 0.0]), np.array([20.0, 20.0])) == pytest.approx(0.5)
    assert dissimilarity(np.array([5.0, 5.0]), np.array([20.0, 20.0])) == pytest.approx(0.0)
    assert np.isnan(dissimilarity(np.zeros(2), np.array([20.0, 20.0])))


def test_summary_statistics() -> None:
    frames = [pd.DataFrame({"x": [float(i), 2.0 * i]}) for i in range(21)]
    summary = summarise_runs(frames)
    assert summary[("x", "mean")].tolist() == [10.0, 20.0]
    assert summary[("x", "p05")].tolist() == [1.0, 2.0]
    assert summary[("x", "p95")].tolist() == [19.0, 38.0]


def test_experiment_serial_pairs_seeds_and_summarises() -> None:
    base = shipped("toy").variant(years=4)
    cap = base.variant(
        name="toy-cap", policies=[*base.policies, {"name": "priority_cap", "cap": 0.25}]
    )
    noop = base.variant(name="toy-noop", policies=[*base.policies,
                        {"name": "lottery_share", "share": 0.0}])  # fmt: skip
    init = initial_state(None, base)
    done: list[int] = []
    result = run_experiment(init, [base, cap, noop], seeds=6, parallel=False,
                            progress=lambda d, t: done.append(d))  # fmt: skip
    assert result.names == ("toy", "toy-cap", "toy-noop")
    assert result.seeds == tuple(range(base.seed, base.seed + 6)) and done[-1] == 18
    # a no-op policy: every paired difference is exactly zero
    delta = result.delta_regions["toy-noop"]
    assert (delta.fillna(0) == 0).all().all()
    assert (result.displacement["toy-noop"] == 0).all().all()
    # the summary of displacement is over per-seed paired differences
    per_seed = [displacement(run(init, cap, seed=s), run(init, base, seed=s)) for s in result.seeds]
    mean = sum(d["delta_priority_placements"] for d in per_seed) / len(per_seed)
    pd.testing.assert_series_equal(
        result.displacement["toy-cap"][("delta_priority_placements", "mean")], mean,
        check_names=False,
    )  # fmt: skip
    summary = result.regions["toy"]
    assert list(summary.columns.levels[1]) == ["mean", "p05", "p95"]
    lo, mid, hi = (summary[("vulnerable_share", s)] for s in ("p05", "mean", "p95"))
    assert ((lo <= mid + 1e-12) & (mid <= hi + 1e-12)).all()
    moved = result.displacement["toy-cap"][("delta_priority_placements", "mean")]
    assert moved["WK999901"] < 0


def test_experiment_rejects_bad_input() -> None:
    base = shipped("toy")
    init = initial_state(None, base)
    with pytest.raises(SpecError, match="names must differ"):
        run_experiment(init, [base, base], seeds=2, parallel=False)
    with pytest.raises(SpecError, match="baseline 'x'"):
        run_experiment(init, [base], baseline="x", seeds=2, parallel=False)
    other = shipped("zaanstad")
    with pytest.raises(SpecError, match="other regions"):
        run_experiment({"a": init, "b": initial_state(None, other)}, {"a": base, "b": other},
                       seeds=2, parallel=False)  # fmt: skip
    with pytest.raises(SpecError, match="at least 1"):
        run_experiment(init, [base], seeds=0, parallel=False)


def test_experiment_on_a_local_dask_cluster_equals_serial() -> None:
    base = shipped("toy").variant(years=3)
    cap = base.variant(
        name="toy-cap", policies=[*base.policies, {"name": "priority_cap", "cap": 0.3}]
    )
    init = initial_state(None, base)
    serial = run_experiment(init, [base, cap], seeds=4, parallel=False)
    dask = run_experiment(init, [base, cap], seeds=4, parallel=True, n_workers=2, chunk=1)
    pd.testing.assert_frame_equal(serial.regions["toy-cap"], dask.regions["toy-cap"])
    pd.testing.assert_frame_equal(serial.displacement["toy-cap"], dask.displacement["toy-cap"])


def test_new_concentrations_flag_by_hand() -> None:
    """Three regions, overall share 10%: A is concentrated in the baseline (LQ 2), B
    becomes concentrated under the policy (6% → 16%, LQ 1.6, paired rise > 0 in every
    seed), C rises but stays below A's 20% and LQ 1.5: only B is flagged."""
    from kloof.housing import new_concentrations
    from kloof.housing.batch import ExperimentResult

    idx = pd.MultiIndex.from_product([[2030], ["A", "B", "C"]], names=["year", "code"])

    def regions(share: list[float], lq: list[float]) -> pd.DataFrame:
        cols = pd.MultiIndex.from_product(
            [["vulnerable_share", "location_quotient"], ["mean", "p05", "p95"]]
        )
        data = [[s, s, s, q, q, q] for s, q in zip(share, lq, strict=True)]
        return pd.DataFrame(data, index=idx, columns=cols)

    disp = pd.DataFrame(
        [[0.0, -1.0, 1.0], [10.0, 8.0, 12.0], [3.0, 1.0, 5.0]],
        index=pd.Index(["A", "B", "C"], name="code"),
        columns=pd.MultiIndex.from_product([["delta_vulnerable_share_pp"], ["mean", "p05", "p95"]]),
    )
    result = ExperimentResult(
        baseline="base",
        scenarios={"base": None, "policy": None},  # type: ignore[dict-item]
        seeds=(1,),
        regions={
            "base": regions([0.20, 0.06, 0.04], [2.0, 0.6, 0.4]),
            "policy": regions([0.20, 0.16, 0.07], [1.8, 1.6, 0.7]),
        },
        years={},
        groups={},
        delta_regions={},
        delta_years={},
        displacement={"policy": disp},
        notes={},
        rules_log={},
        initial={},
    )
    flagged = new_concentrations(result)["policy"]
    assert flagged.index.tolist() == ["B"]
    assert flagged.loc["B", "reason"] == "lq" and flagged.loc["B", "level"] == 0.20
    assert flagged.loc["B", "delta_pp"] == 10.0


def test_a_regional_market_shows_displacement_across_the_border() -> None:
    """Schiedam and Vlaardingen share one priority queue: when Schiedam caps priority
    placements in Nieuwland and Oost, its priority inflow moves partly to Vlaardingen."""
    from kloof.housing import initial_state, run_experiment, shipped
    from kloof.regions import parse

    base = shipped("schiedam-vlaardingen").variant(years=8)
    cap = shipped("schiedam-vlaardingen-cap").variant(years=8)
    assert {parse(c).parent_gm for c in base.codes} == {"GM0606", "GM0622"}
    result = run_experiment(initial_state(None, base), [base, cap], seeds=3, parallel=False)
    moved = result.displacement[cap.name][("delta_vulnerable_inflow", "mean")]
    gm = moved.groupby([parse(c).parent_gm for c in moved.index]).sum()
    assert gm["GM0606"] < 0 < gm["GM0622"]
    assert moved[["WK060601", "WK060606"]].sum() < gm["GM0606"]  # the capped wijken lose most


def test_rotterdam_on_buurten_shows_displacement_inside_zuid() -> None:
    """On buurten, art. 8 in the seven focus buurten moves vulnerable inflow to other
    buurten, some of them in Zuid itself (invisible on the 15 wijken)."""
    from kloof.housing import initial_state, run_experiment, shipped

    plain = shipped("rotterdam-buurten-no-rotterdamwet").variant(years=6)
    rwet = shipped("rotterdam-buurten").variant(years=6)
    result = run_experiment(initial_state(None, plain), [plain, rwet], seeds=2, parallel=False)
    moved = result.displacement[rwet.name][("delta_vulnerable_inflow", "mean")]
    focus = list(rwet.areas["nprz_focus"])
    rest_of_zuid = [c for c in rwet.areas["zuid"] if c not in focus]
    assert (moved[focus] < 0).all()
    assert moved[rest_of_zuid].sum() > 0
    assert moved.drop(index=focus).sum() == pytest.approx(-moved[focus].sum(), rel=0.35)
