"""The national gap: Theil, Gini and spatial Gini against the inequality package."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kloof.errors import SpecError
from kloof.spatial.graph import build
from kloof.spatial.inequality import (
    gini,
    national_gap,
    spatial_gini,
    theil,
    worst_decile_gap,
)


def _values(seed: int, n: int = 30) -> pd.Series:
    rng = np.random.default_rng(seed)
    codes = [f"WK{1 + k % 4:04d}{k:02d}" for k in range(n)]  # four gemeenten
    return pd.Series(rng.lognormal(3, 0.6, n), index=codes)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_unweighted_equals_inequality_package(seed):
    from inequality.gini import Gini
    from inequality.theil import TheilD

    y = _values(seed)
    partition = np.array([c[:6] for c in y.index])
    ref = TheilD(y.to_numpy(), partition)
    ours = theil(y)
    assert ours.t == pytest.approx(ref.T, rel=1e-10)
    assert ours.t_between == pytest.approx(float(np.ravel(ref.bg)[0]), rel=1e-9)
    assert ours.t_within == pytest.approx(float(np.ravel(ref.wg)[0]), rel=1e-9)
    assert gini(y) == pytest.approx(Gini(y.to_numpy()).g, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_integer_weights_equal_repeated_regions(seed):
    y = _values(seed, 12)
    w = pd.Series(np.random.default_rng(seed).integers(1, 6, len(y)).astype(float), index=y.index)
    repeated = pd.Series(
        np.repeat(y.to_numpy(), w.astype(int)),
        index=[
            f"{c[:6]}{k:02d}" for c, n in zip(y.index, w.astype(int), strict=True) for k in range(n)
        ],
    )
    groups = pd.Series([c[:6] for c in repeated.index], index=repeated.index)
    weighted, flat = (
        theil(y, w),
        theil(repeated.reset_index(drop=True), groups=groups.reset_index(drop=True)),
    )
    for field in ("t", "t_between", "l", "l_between"):
        assert getattr(weighted, field) == pytest.approx(getattr(flat, field), rel=1e-9, abs=1e-12)
    assert gini(y, w) == pytest.approx(gini(repeated.reset_index(drop=True)), rel=1e-12)


def test_theil_by_hand_and_exclusions():
    # two gemeenten at 1 and 4: all inequality is between them
    y = pd.Series([1.0, 1.0, 4.0, 4.0], index=["WK000101", "WK000102", "WK000201", "WK000202"])
    r = theil(y)
    mu = 2.5
    assert r.t == pytest.approx(0.5 * (0.4 * np.log(0.4) + 1.6 * np.log(1.6)))
    assert r.l == pytest.approx(0.5 * (np.log(mu / 1) + np.log(mu / 4)))
    assert r.t_within == pytest.approx(0) and r.l_within == pytest.approx(0)
    y2 = pd.concat([y, pd.Series({"WK000103": 0.0, "WK000104": -1.0, "WK000105": np.nan})])
    r2 = theil(y2)
    assert (r2.regions, r2.missing, r2.zero, r2.negative) == (6, 1, 1, 1)
    assert r2.t == pytest.approx(theil(pd.concat([y, pd.Series({"WK000103": 0.0})])).t)
    assert r2.l == pytest.approx(r.l)


def test_worst_decile_gap_by_hand():
    # ten regions of 100 residents, values 1..10 (higher is worse): worst decile = {10}
    y = pd.Series(np.arange(1.0, 11.0), index=[f"WK0001{k:02d}" for k in range(10)])
    w = pd.Series(100.0, index=y.index)
    gap = worst_decile_gap(y, w, "higher_is_worse")
    assert gap["worst_mean"] == 10 and gap["rest_mean"] == 5 and gap["gap"] == 5
    assert gap["worst_regions"] == 1 and gap["worst_residents"] == 100
    better = worst_decile_gap(y, w, "higher_is_better")
    assert better["worst_mean"] == 1 and better["gap"] == 1 - 6


def test_spatial_gini_matches_inequality_and_is_seeded(grid):
    from inequality.gini import Gini_Spatial

    g = grid(5, 5)
    values = pd.Series(g["col"].to_numpy() * 10.0 + g["row"].to_numpy(), index=g["code"])
    graph = build(g)
    a = spatial_gini(values, graph, permutations=99, seed=1)
    b = spatial_gini(values, graph, permutations=99, seed=1)
    assert a == b
    ref = Gini_Spatial(values.loc[list(graph.codes)].to_numpy(), graph.to_w("b"), permutations=0)
    assert a.gini == pytest.approx(ref.g)
    assert a.nonneighbour_share == pytest.approx(ref.wcg / ref.dtotal)
    assert a.p_sim == pytest.approx(0.01)  # a smooth gradient: neighbours are alike


def test_national_gap_per_year_and_column(grid):
    g = grid(4, 4, split=2)
    frame = pd.DataFrame(
        {
            "income": np.linspace(10, 40, 16),
            "bijstand": np.linspace(40, 10, 16),
            "inhabitants": 100.0,
        },
        index=pd.Index(g["code"], name="code"),
    )
    frames = {2022: frame, 2023: frame.assign(income=frame["income"] * 1.1)}
    result = national_gap(
        frames,
        {"income": "higher_is_better", "bijstand": "higher_is_worse", "absent": "higher_is_worse"},
        graphs={2023: build(g)},
        permutations=99,
    )
    table = result.table.set_index(["year", "column"])
    assert len(table) == 4 and any("absent" in line for line in result.log)
    # Theil is scale-invariant: income × 1.1 changes nothing
    assert table.loc[(2022, "income"), "t"] == pytest.approx(table.loc[(2023, "income"), "t"])
    assert table.loc[(2023, "income"), "t"] == pytest.approx(
        table.loc[(2023, "income"), "t_between"] + table.loc[(2023, "income"), "t_within"]
    )
    assert table.loc[(2022, "income"), "gap"] < 0 < table.loc[(2022, "bijstand"), "gap"]
    assert "spatial_gini" in table.columns and pd.isna(table.loc[(2022, "income"), "spatial_gini"])
    with pytest.raises(SpecError):
        national_gap({}, {"income": "higher_is_better"})


def test_gap_result_carries_params_seed_provenance_and_rebuilds(grid):
    g = grid(4, 4, split=2)
    frame = pd.DataFrame(
        {"income": np.linspace(10, 40, 16) ** 1.5, "inhabitants": np.arange(16) + 50.0},
        index=pd.Index(g["code"], name="code"),
    )
    frames = {2022: frame, 2023: frame.assign(income=frame["income"][::-1].to_numpy())}
    graphs = {2023: build(g)}
    prov = {"store": "/data/kloof.duckdb", "level": "wijk", "years": "2022, 2023"}
    first = national_gap(
        frames,
        {"income": "higher_is_better"},
        share=0.2,
        graphs=graphs,
        permutations=49,
        seed=5,
        provenance=prov,
    )
    assert first.seed == 5 and first.provenance == prov
    assert first.params == {
        "columns": {"income": "higher_is_better"},
        "weights": "inhabitants",
        "share": 0.2,
        "permutations": 49,
        "spatial_years": (2023,),
    }
    # the params (the graphs of spatial_years rebuilt from the boundaries) and the seed
    # recompute the same table
    kwargs = {k: v for k, v in first.params.items() if k != "spatial_years"}
    again = national_gap(frames, **kwargs, graphs=graphs, seed=first.seed)
    pd.testing.assert_frame_equal(again.table, first.table)
    assert national_gap(frames, {"income": "higher_is_better"}).provenance == {}
