"""Real data: the 2023 wijk index on the 2024 wijk boundaries, NPLV, all 342 gemeenten."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kloof.spatial.focus import FocusSpec, Severity, compare, detect
from kloof.spatial.graph import GraphSpec, attach_values, build
from kloof.spatial.hotspots import HotspotSpec, local_moran
from kloof.spatial.inequality import national_gap
from kloof.spatial.segregation import SegregationSpec, table

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning"),
]


@pytest.fixture(scope="module")
def wijken(kwb2023_store, shared_data: Path, tmp_path_factory: pytest.TempPathFactory):
    """2023 wijk values + kloof index joined by code to the 2024 wijk boundaries."""
    from kloof import index
    from kloof.sources.boundaries import read_boundaries
    from kloof.store import open_store

    store = open_store(tmp_path_factory.mktemp("geo") / "wijken2024.duckdb")
    store.ingest(read_boundaries(shared_data / "boundaries" / "wijken_2024.geojson"))
    geo = store.geoframe(2024, "wijk", [])
    store.close()
    frame = kwb2023_store.frame(2023, "wijk")
    nl = kwb2023_store.frame(2023, "land").iloc[0]
    with warnings.catch_warnings():  # optional indicators absent in 2023: reported by index
        warnings.simplefilter("ignore")
        scores = index.build(frame, "kloof", reference=nl, year=2023).to_frame().set_index("code")
    frame = frame.join(scores[["index", "income", "work", "housing"]])
    joined, report = attach_values(geo[["code", "name", "geometry"]], frame)
    graph = build(joined[joined.geometry.notna()], GraphSpec("queen"))
    return frame, joined, report, graph


def test_join_by_code_reports_the_unmatched(wijken):
    frame, joined, report, graph = wijken
    # 2024 boundaries include water/"Buitenland" pseudo-wijken and new 2024 codes
    assert len(report.boundaries_only) == 129
    assert report.values_only == (
        "WK009000", "WK056900", "WK076200", "WK082420", "WK084709", "WK189400",
    )  # fmt: skip
    assert len(joined) == len(frame) + len(report.boundaries_only)
    # two wijken touch no other polygon of the simplified boundaries; they are linked
    # to their nearest wijk (and reported), which makes the graph connected
    assert graph.islands == ("WK034000", "WK034202") == graph.attached
    assert graph.summary()["components"] == 1


def test_hot_spots_of_the_default_index(wijken):
    frame, _, report, graph = wijken
    result = local_moran(frame["index"], graph, HotspotSpec("index", seed=1))
    gm = result.global_moran
    assert gm.I > 0.3 and gm.p_sim == pytest.approx(1 / 10_000)
    status = result.regions.set_index("code")["status"]
    assert len(status) == len(frame) + len(report.boundaries_only)  # nobody dropped
    assert (status == "no_geometry").sum() == 6
    on_map = frame.index.isin(graph.codes)
    assert (status == "missing").sum() == frame["index"].isna()[on_map].sum() + 129
    ll = result.clusters[result.clusters["label"] == "LL"]
    assert len(ll) >= 5
    # the largest cold spot (low index = under pressure) spans the Parkstad gemeenten
    # (Heerlen, Kerkrade, Landgraaf, Brunssum); Leeuwarden, East Groningen (Oldambt) and
    # Den Haag appear as well
    biggest = ll.iloc[0]
    assert biggest["crosses_border"] and {"GM0917", "GM0928"} <= set(biggest["gemeenten"])
    gms = {g for row in ll["gemeenten"] for g in row}
    assert {"GM0080", "GM1895", "GM0518"} <= gms
    again = local_moran(frame["index"], graph, HotspotSpec("index", seed=1))
    pd.testing.assert_frame_equal(result.regions, again.regions)


def test_focus_candidates_and_nplv(wijken):
    from kloof.monitor.areas import builtin

    frame, _, _, graph = wijken
    spec = FocusSpec((Severity("index", "higher_is_better", share=0.10),), min_residents=20_000)
    result = detect({2023: frame}, graph, spec)
    assert len(result.candidates) >= 10
    assert any("duration not assessed" in line for line in result.log)
    assert all(c.residents >= 20_000 and c.gap < 0 for c in result.candidates)
    cmp = compare(result, builtin("nplv"), frame["inhabitants"])
    areas = cmp.areas.set_index("id")
    assert len(areas) == 20 and (areas["status"] == "undefined").sum() == 0
    assert areas.loc["den-haag-zuidwest", "status"] == "covered"
    assert areas.loc["utrecht-overvecht", "covered"] == 1.0
    assert 0 < cmp.summary["jaccard"] < 1
    assert cmp.summary["jaccard_residents_within"] >= cmp.summary["jaccard_residents"]
    assert cmp.summary["areas_missed"] + (areas["status"] != "missed").sum() == 20
    assert (
        cmp.summary["candidates_not_official"] == (cmp.candidates["status"] == "not official").sum()
    )


def test_segregation_table_ranks_all_gemeenten(kwb2023_store):
    buurten = kwb2023_store.frame(2023, "buurt", ["bijstand_recipients", "inhabitants"])
    result = table(buurten, SegregationSpec("bijstand_recipients", "inhabitants"))
    t = result.table
    assert len(t) == 342 and t["gemeente"].is_unique
    missing = buurten["bijstand_recipients"].isna() | buurten["inhabitants"].isna()
    assert t["units_missing"].sum() == missing.sum()
    assert t["units"].sum() == len(buurten)
    assert t.loc[t["rank"] == 1, "dissimilarity"].iloc[0] == t["dissimilarity"].max()
    assert 0.2 < result.national["dissimilarity"] < 0.6


def test_national_gap_of_income_and_index(wijken):
    frame, _, _, graph = wijken
    result = national_gap(
        {2023: frame},
        {"income_per_inhabitant": "higher_is_better", "index": "higher_is_better"},
        graphs={2023: graph},
        permutations=99,
    )
    t = result.table.set_index("column")
    for col in ("income_per_inhabitant", "index"):
        assert t.loc[col, "t"] == pytest.approx(t.loc[col, "t_between"] + t.loc[col, "t_within"])
        assert t.loc[col, "gap"] < 0 and t.loc[col, "spatial_gini_p"] == pytest.approx(0.01)
    assert t.loc["income_per_inhabitant", "missing"] == frame["income_per_inhabitant"].isna().sum()
    assert np.isfinite(t["gini"]).all()
