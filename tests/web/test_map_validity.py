"""The dashboard's map layers hold valid polygons, one per region, in WGS84 lon/lat.

Rounding the simplified WGS84 coordinates to 5 decimals one by one made 3 of the 342
gemeenten (GM0166, GM0718, GM1911) and 8 of the 3,475 wijken of the real data invalid
(self-intersections, rings of too few points): browsers and QGIS drew them wrongly and
point-in-polygon lookups could fail. The layers are fetched from the real store the
web tests share (KWB 2023 with the 2023 gemeente and 2024 wijk boundaries).
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pytest

pytestmark = pytest.mark.realdata


@pytest.mark.parametrize("level", ["gemeente", "wijk"])
def test_map_layer_polygons_are_valid_and_complete(client: Any, level: str) -> None:
    import shapely

    response = client.get(f"/api/v1/map/{level}", headers={"accept-encoding": "identity"})
    assert response.status_code == 200, response.text[:300]
    layer = json.loads(response.content)
    features = layer["features"]
    geoms = np.array([shapely.from_geojson(json.dumps(f["geometry"])) for f in features])
    codes = [f["properties"]["code"] for f in features]

    invalid = {
        code: shapely.is_valid_reason(g)
        for code, g in zip(codes, geoms, strict=True)
        if not shapely.is_valid(g)
    }
    assert not invalid, f"invalid {level} polygons: {invalid}"
    assert not shapely.is_empty(geoms).any()
    assert {g.geom_type for g in geoms} <= {"Polygon", "MultiPolygon"}

    # every region of the level's boundaries is on the map, once
    geo_year = layer["kloof"]["join"]["boundary_year"]
    expected = set(client.app.state.kloof.cache().shapes(level, geo_year)["code"].astype(str))
    assert len(codes) == len(set(codes))
    assert set(codes) == expected
    assert len(expected) > (300 if level == "gemeente" else 3000)

    # WGS84, longitude first (the Netherlands: lon 3-7.3, lat 50.7-53.7), 5 decimals
    xy = shapely.get_coordinates(geoms)
    assert xy[:, 0].min() > 3.0 and xy[:, 0].max() < 7.3
    assert xy[:, 1].min() > 50.7 and xy[:, 1].max() < 53.7
    assert np.array_equal(xy, np.round(xy, 5))
    text = json.dumps([f["geometry"] for f in features])
    assert not re.search(r"\d\.\d{6}", text), "a coordinate with more than 5 decimals"


def test_web_precision_keeps_a_polygon_smaller_than_the_grid() -> None:
    import shapely

    from kloof.report.maps import web_precision

    tiny = shapely.box(5.000001, 52.000001, 5.000004, 52.000004)  # under 1e-5 degrees
    normal = shapely.box(5.0, 52.0, 5.123456, 52.123456)
    out = web_precision(np.array([tiny, normal, None], dtype=object))
    assert out[0].equals(tiny)  # snapped away: kept unrounded rather than lost
    assert out[1].is_valid and out[1].bounds == (5.0, 52.0, 5.12346, 52.12346)
    assert out[2] is None


def test_a_repaired_shape_keeps_only_its_polygons() -> None:
    import shapely

    from kloof.report import maps

    bowtie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])  # self-intersecting
    fixed = maps._polygonal(shapely.make_valid(bowtie))
    assert fixed.is_valid and fixed.geom_type == "MultiPolygon" and fixed.area == 2.0
    mixed = shapely.GeometryCollection(
        [shapely.box(0, 0, 1, 1), shapely.LineString([(1, 1), (3, 3)])]
    )
    assert maps._polygonal(mixed).equals(shapely.box(0, 0, 1, 1))
    assert maps._polygonal(shapely.LineString([(0, 0), (1, 1)])).is_empty
