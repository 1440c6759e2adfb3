"""Neighbour graphs on toy grids: counts you can check on paper."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, box

from kloof.errors import DataFormatError, SpecError
from kloof.spatial.graph import GRAPH_KINDS, GraphSpec, attach_values, build


def test_queen_and_rook_counts_on_3x3(grid):
    g = grid(3, 3)
    queen, rook = build(g, GraphSpec("queen")), build(g, GraphSpec("rook"))
    centre, corner = "WK000105", "WK000101"
    assert len(queen.neighbours(centre)) == 8 and len(rook.neighbours(centre)) == 4
    assert len(queen.neighbours(corner)) == 3 and len(rook.neighbours(corner)) == 2
    # 3x3 rook: 12 shared edges, counted both ways
    assert rook.summary()["links"] == 24 and queen.summary()["links"] == 40
    assert queen.islands == () and queen.n_components() == 1


def test_every_registered_kind_builds(grid):
    g = grid(4, 4)
    for kind in GRAPH_KINDS:
        spec = GraphSpec(kind, threshold=150.0 if kind == "distance" else None, k=3)  # type: ignore[arg-type]
        graph = build(g, spec)
        assert graph.n == 16
        assert graph.cardinalities().min() >= 1


def test_distance_band_and_knn(grid):
    g = grid(3, 3)
    band = build(g, GraphSpec("distance", threshold=100.0))  # centroids 100 m apart: rook
    assert band.summary()["links"] == 24
    knn = build(g, GraphSpec("knn", k=2))
    assert set(knn.cardinalities()) == {2}


def test_island_policies_and_reports(grid):
    g = grid(2, 1)
    far = gpd.GeoDataFrame(
        {"code": ["WK000109"]}, geometry=[box(200_000, 500_000, 200_100, 500_100)], crs=g.crs
    )
    empty = gpd.GeoDataFrame({"code": ["WK000110"]}, geometry=[None], crs=g.crs)
    parts = [box(100_200, 400_000, 100_300, 400_100), box(100_400, 400_000, 100_500, 400_100)]
    multi = gpd.GeoDataFrame({"code": ["WK000111"]}, geometry=[MultiPolygon(parts)], crs=g.crs)
    frame = pd.concat([g[["code", "geometry"]], far, empty, multi], ignore_index=True)
    linked = build(frame, GraphSpec("rook"))
    assert linked.islands == ("WK000109",) and linked.attached == ("WK000109",)
    assert linked.neighbours("WK000109") != ()
    assert linked.no_geometry == ("WK000110",) and "WK000110" not in linked.codes
    assert linked.multipart == ("WK000111",)
    dropped = build(frame, GraphSpec("rook", islands="drop"))
    assert dropped.dropped == ("WK000109",) and "WK000109" not in dropped.active
    assert dropped.to_w().n == dropped.n - 1


def test_subgraph_makes_and_links_new_islands(grid):
    g = grid(3, 1)  # a path 1 - 2 - 3
    graph = build(g, GraphSpec("rook"))
    sub = graph.subgraph(["WK000101", "WK000103"])  # the middle one is missing
    assert sub.islands == ("WK000101", "WK000103")
    assert sub.neighbours("WK000101") == ("WK000103",)
    dropped = build(g, GraphSpec("rook", islands="drop")).subgraph(["WK000101", "WK000103"])
    assert dropped.active == ()


def test_components_within_a_subset(grid):
    graph = build(grid(5, 1), GraphSpec("rook"))
    comp = graph.components(["WK000101", "WK000102", "WK000104", "WK000105"])
    assert comp.tolist() == [0, 0, 1, 1]


def test_crs_rules(grid):
    g = grid(2, 2)
    with pytest.raises(DataFormatError, match="no CRS"):
        build(g.set_crs(None, allow_override=True))
    wgs = build(g.to_crs("EPSG:4326"), GraphSpec("rook"))
    assert wgs.summary()["links"] == 8
    with pytest.raises(DataFormatError, match="duplicate"):
        build(pd.concat([g, g]).pipe(gpd.GeoDataFrame, crs=g.crs))


def test_spec_validation():
    with pytest.raises(SpecError):
        GraphSpec("distance")
    with pytest.raises(SpecError):
        GraphSpec("hexagon")  # type: ignore[arg-type]
    with pytest.raises(SpecError):
        GraphSpec(islands="keep")  # type: ignore[arg-type]


def test_edges_round_trip(grid):
    graph = build(grid(2, 2), GraphSpec("rook"))
    edges = graph.edges()
    assert len(edges) == 8
    assert set(edges[edges["code"] == "WK000101"]["neighbour"]) == {"WK000102", "WK000103"}


def test_attach_values_reports_unmatched(grid):
    g = grid(2, 1)
    values = pd.DataFrame({"x": [1.0, 2.0]}, index=pd.Index(["WK000101", "WK000199"], name="code"))
    joined, report = attach_values(g[["code", "geometry"]], values)
    assert report.boundaries_only == ("WK000102",)
    assert report.values_only == ("WK000199",)
    assert len(joined) == 3
    assert joined.set_index("code").loc["WK000199"].geometry is None
