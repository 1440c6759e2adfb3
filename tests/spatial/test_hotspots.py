"""Hot spots: PySAL's published St. Louis example, hand-computed toys, statuses, seeds."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from kloof.errors import SpecError
from kloof.spatial._common import significance_cutoff
from kloof.spatial.graph import GraphSpec, build
from kloof.spatial.hotspots import (
    METHODS,
    QUADRANTS,
    HotspotSpec,
    getis_ord,
    global_moran,
    hotspots,
    local_moran,
)

# esda announces a future change of its default alternative; kloof documents that its
# local p-values are esda's current folded ("directed") ones.
pytestmark = pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning")


@pytest.fixture(scope="module")
def stl() -> gpd.GeoDataFrame:
    """St. Louis region county homicide rates; ships with libpysal (offline)."""
    from libpysal.examples import get_path

    g = gpd.read_file(get_path("stl_hom.shp")).set_crs("EPSG:4326")
    g["code"] = [f"WK{int(f):06d}" for f in g["FIPSNO"]]  # codes of our shape
    return g


def test_global_moran_reproduces_esda_published_value(stl):
    graph = build(stl, GraphSpec("rook"))
    result = global_moran(stl.set_index("code")["HR8893"], graph, permutations=999, seed=1)
    # esda documentation: Moran(y, w) on stl_hom HR8893 with rook weights
    assert pytest.approx(0.24365582621771659, abs=1e-12) == result.I
    assert result.expected == pytest.approx(-1 / 77)
    assert result.p_norm == pytest.approx(0.00027147862770937614, rel=1e-9)
    assert result.p_sim <= 0.01 and result.n == 78


def test_local_moran_equals_esda_called_directly(stl):
    """Statistics and quadrants equal esda's; p-values agree within Monte Carlo error.

    kloof draws its conditional permutations with NumPy (esda draws inside numba), so
    with 9,999 permutations the two p-values of a region differ by binomial noise:
    standard deviation at most sqrt(2 · 0.25 / 9999) ≈ 0.007.
    """
    import esda
    import libpysal

    graph = build(stl, GraphSpec("rook"))
    ours = local_moran(
        stl.set_index("code")["HR8893"], graph, HotspotSpec(seed=7, permutations=9999)
    )
    w = libpysal.weights.Rook.from_dataframe(stl, use_index=False, silence_warnings=True)
    ref = esda.Moran_Local(stl["HR8893"].to_numpy(), w, permutations=9999, seed=7, n_jobs=1)
    table = ours.regions.set_index("code").loc[stl["code"]]
    np.testing.assert_allclose(table["statistic"], ref.Is, rtol=1e-12)
    diff = np.abs(table["p"].to_numpy() - ref.p_sim)
    assert diff.max() < 0.035 and diff.mean() < 0.012
    significant = table["label"] != "ns"
    quadrant = np.array([QUADRANTS[int(q)] for q in ref.q])
    assert (table.loc[significant, "label"].to_numpy() == quadrant[significant.to_numpy()]).all()
    assert ours.cutoff == pytest.approx(esda.fdr(table["p"].to_numpy(), 0.05))


def test_local_moran_p_values_repeat_for_a_seed_and_move_with_it(stl):
    values, graph = stl.set_index("code")["HR8893"], build(stl, GraphSpec("rook"))
    runs = [
        local_moran(values, graph, HotspotSpec(seed=s, permutations=999, correction="none"))
        for s in (3, 3, 4)
    ]
    np.testing.assert_array_equal(runs[0].regions["p"], runs[1].regions["p"])
    assert not np.array_equal(runs[0].regions["p"], runs[2].regions["p"])


def test_gi_star_equals_esda_on_binary_weights_with_self(stl):
    import esda
    import libpysal

    graph = build(stl, GraphSpec("rook"))
    spec = HotspotSpec("HR8893", "gi_star", permutations=9999, correction="none")
    ours = getis_ord(stl.set_index("code")["HR8893"], graph, spec)
    w = libpysal.weights.Rook.from_dataframe(stl, use_index=False, silence_warnings=True)
    w.transform = "b"
    ref = esda.G_Local(
        stl["HR8893"].to_numpy(), w, transform="R", star=True, permutations=9999, seed=0, n_jobs=1
    )
    table = ours.regions.set_index("code").loc[stl["code"]]
    np.testing.assert_allclose(table["statistic"], ref.Zs, rtol=1e-10)
    diff = np.abs(table["p"].to_numpy() - ref.p_sim)
    assert diff.max() < 0.035 and diff.mean() < 0.012
    assert set(table["label"]) <= {"hot", "cold", "ns"}


def test_line_of_four_by_hand(line4):
    """y = 1, 2, 3, 4 in a row, row-standardised: I = 2 / 5 · 4 / 4 = 0.4.

    z = (-1.5, -0.5, 0.5, 1.5), Σz² = 5; Σ_i z_i (Wz)_i = 0.75 + 0.25 + 0.25 + 0.75 = 2.
    Local (esda scaling (n-1)/n on standardised z): ends 0.45, middle 0.15; quadrants
    LL, LL, HH, HH.
    """
    values = line4.set_index("code")["value"]
    graph = build(line4, GraphSpec("rook"))
    gm = global_moran(values, graph, permutations=99)
    assert pytest.approx(0.4) == gm.I and gm.expected == pytest.approx(-1 / 3)
    lisa = local_moran(values, graph, HotspotSpec(permutations=99, correction="none", alpha=0.5))
    np.testing.assert_allclose(lisa.regions["statistic"], [0.45, 0.15, 0.15, 0.45])
    quads = lisa.regions["label"].where(lisa.regions["label"] != "ns")
    assert set(quads.dropna()) <= {"LL", "HH"}


def test_clusters_crossing_a_municipal_border_stay_whole(grid):
    g = grid(8, 8, split=4)
    rng = np.random.default_rng(5)
    v = rng.normal(10, 1, len(g))
    v[(g["col"].between(2, 5) & g["row"].between(2, 5)).to_numpy()] += 8
    values = g.assign(v=v).set_index("code")["v"]
    residents = pd.Series(1000.0, index=values.index)
    for method in METHODS:
        spec = HotspotSpec("v", method, seed=1)  # type: ignore[arg-type]
        result = hotspots(values, build(g, GraphSpec("queen")), spec, residents=residents)
        hot = result.clusters[result.clusters["label"].isin(["HH", "hot"])]
        assert len(hot) == 1, result.clusters
        row = hot.iloc[0]
        assert row["gemeenten"] == ("GM0001", "GM0002") and row["crosses_border"]
        assert row["residents"] == 1000.0 * row["regions"]
        members = result.regions[result.regions["cluster"] == row["cluster"]]
        assert len(members) == row["regions"] and members["significant"].all()


def test_every_region_gets_a_status(grid):
    g = grid(4, 4)
    values = pd.Series(np.arange(16, dtype=float), index=g["code"])
    values["WK000106"] = np.nan
    values["WK000199"] = 3.0  # a value without boundaries
    far = gpd.GeoDataFrame(
        {"code": ["WK000198"]}, geometry=[box(150_000, 450_000, 150_100, 450_100)], crs=g.crs
    )
    values["WK000198"] = 1.0
    frame = pd.concat([g[["code", "geometry"]], far], ignore_index=True)
    graph = build(frame, GraphSpec("queen", islands="drop"))
    result = local_moran(values, graph, HotspotSpec(permutations=99))
    status = result.regions.set_index("code")["status"]
    assert status["WK000106"] == "missing"
    assert status["WK000199"] == "no_geometry"
    assert status["WK000198"] == "island"
    assert (status == "ok").sum() == 15
    assert result.excluded() == {
        "island": ("WK000198",),
        "missing": ("WK000106",),
        "no_geometry": ("WK000199",),
    }
    assert result.global_moran.n == 15
    assert result.regions.loc[result.regions["status"] != "ok", "label"].eq("").all()


def test_deterministic_for_a_seed(grid):
    g = grid(6, 6)
    values = pd.Series(np.random.default_rng(3).normal(size=36), index=g["code"])
    graph = build(g)
    a = local_moran(values, graph, HotspotSpec(seed=11))
    b = local_moran(values, graph, HotspotSpec(seed=11))
    c = local_moran(values, graph, HotspotSpec(seed=12))
    pd.testing.assert_frame_equal(a.regions, b.regions)
    assert a.global_moran == b.global_moran
    assert not a.regions["p"].equals(c.regions["p"])
    state = np.random.get_state()[1].copy()  # kloof never touches the global RNG
    global_moran(values, graph, permutations=99, seed=1)
    assert (np.random.get_state()[1] == state).all()


def test_gi_star_is_shift_invariant(grid):
    g = grid(5, 5)
    values = pd.Series(np.random.default_rng(9).normal(size=25), index=g["code"])
    graph = build(g)
    spec = HotspotSpec(method="gi_star", permutations=99, correction="none")
    low, high = getis_ord(values, graph, spec), getis_ord(values + 100, graph, spec)
    np.testing.assert_allclose(low.regions["statistic"], high.regions["statistic"], rtol=1e-9)
    assert any("shifted" in line for line in low.log)


def test_significance_cutoffs():
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216])
    assert significance_cutoff(p, 0.05, "none") == 0.05
    assert significance_cutoff(p, 0.05, "bonferroni") == pytest.approx(0.005)
    # Benjamini-Hochberg (esda.fdr): largest k with p_(k) < k·0.05/10 is k = 2 → cut-off 0.01
    assert significance_cutoff(p, 0.05, "fdr") == pytest.approx(0.01)
    with pytest.raises(SpecError):
        significance_cutoff(p, 1.5, "fdr")


def test_constant_values_are_refused(grid):
    g = grid(3, 3)
    with pytest.raises(SpecError, match="constant"):
        global_moran(pd.Series(1.0, index=g["code"]), build(g))
    with pytest.raises(SpecError):
        HotspotSpec(permutations=10)
