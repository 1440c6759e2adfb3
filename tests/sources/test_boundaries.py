"""Tests of the boundaries reader (kloof.sources.boundaries)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kloof.errors import DataFormatError
from kloof.sources.boundaries import read_boundaries, to_rd_new, year_from_filename

SHARED = Path(__file__).parents[2] / ".." / "shared" / "data"


def _square(x: float, y: float, size: float) -> list[list[list[float]]]:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def _feature(props: dict[str, Any], coords: Any, kind: str = "Polygon") -> dict[str, Any]:
    geometry = None if coords is None else {"type": kind, "coordinates": coords}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _write(path: Path, features: list[dict[str, Any]], crs: str | None = None) -> Path:
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc))
    return path


def test_wgs84_toy_wijken(tmp_path: Path) -> None:
    """Two wijken in Amsterdam (degrees), one bow-tie that needs repair, one empty."""
    bowtie = [[[4.90, 52.37], [4.91, 52.38], [4.91, 52.37], [4.90, 52.38], [4.90, 52.37]]]
    path = _write(
        tmp_path / "wijken_2024.geojson",
        [
            _feature({"wijkcode": "WK036301", "wijknaam": "Centrum", "gemeentecode": "GM0363"},
                     _square(4.89, 52.37, 0.01)),
            _feature({"wijkcode": "wk0363aa ", "wijknaam": "Burgwallen", "gemeentecode": "GM0363"},
                     bowtie),
            _feature({"wijkcode": "WK036399", "wijknaam": "Water", "gemeentecode": "GM0363"},
                     None),
        ],
    )  # fmt: skip
    batch = read_boundaries(path)
    assert list(batch.regions["code"]) == ["WK036301", "WK0363AA", "WK036399"]
    assert set(batch.regions["year"]) == {2024}
    assert set(batch.regions["level"]) == {"wijk"}
    assert set(batch.regions["parent_gm"]) == {"GM0363"}
    assert batch.regions["name"].tolist() == ["Centrum", "Burgwallen", "Water"]
    geo = batch.geometries
    assert geo.crs.to_epsg() == 28992
    assert list(geo.columns) == ["code", "year", "geometry"]
    assert list(geo["code"]) == ["WK036301", "WK0363AA"]  # the empty one has no shape
    assert geo.is_valid.all()
    x0, y0, x1, y1 = geo.total_bounds
    assert 119_000 < x0 < x1 < 124_000 and 485_000 < y0 < y1 < 490_000  # Amsterdam in RD
    # a 0.01 degree square at 52.37 N is about 680 m x 1110 m
    assert geo.area.iloc[0] == pytest.approx(0.755e6, rel=0.02)
    notes = " ".join(batch.notes)
    assert "1 invalid geometries repaired" in notes
    assert "1 empty geometries" in notes and "WK036399" in notes


def test_rd_toy_with_bare_codes_and_duplicates(tmp_path: Path) -> None:
    """RD coordinates (crs member), WKC without prefix, one code in two features."""
    path = _write(
        tmp_path / "wijk_2016_6.geojson",
        [
            _feature({"WKC": "36301", "WKN": "A"}, _square(120_000, 486_000, 1000)),
            _feature({"WKC": "036302", "WKN": "B"}, _square(121_000, 486_000, 1000)),
            _feature({"WKC": "036302", "WKN": "B"}, _square(125_000, 486_000, 500)),
        ],
        crs="urn:ogc:def:crs:EPSG::28992",
    )
    batch = read_boundaries(path)
    assert list(batch.regions["code"]) == ["WK036301", "WK036302"]
    geo = batch.geometries.set_index("code")
    assert geo.loc["WK036302"].geometry.area == pytest.approx(1_250_000)
    assert geo.loc["WK036301"].geometry.area == pytest.approx(1_000_000)
    assert any("shapes merged: WK036302" in n for n in batch.notes)
    assert set(batch.regions["year"]) == {2016}


def test_rd_coordinates_labelled_wgs84(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "gemeenten_2020.geojson",
        [_feature({"gemeentecode": "GM0363"}, _square(120_000, 486_000, 1000))],
    )
    batch = read_boundaries(path)
    assert batch.geometries.total_bounds[0] == pytest.approx(120_000)
    assert any("holds RD New metres" in n for n in batch.notes)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_missing_crs(tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    ok = gpd.GeoDataFrame({"code": ["GM0363"]}, geometry=[box(4.8, 52.3, 5.0, 52.4)])
    gdf, notes = to_rd_new(ok)
    assert gdf.crs.to_epsg() == 28992 and "read as WGS84" in notes[0]
    far = gpd.GeoDataFrame({"code": ["GM0363"]}, geometry=[box(1e7, 1e7, 1e7 + 5, 1e7 + 5)])
    with pytest.raises(DataFormatError, match="no CRS"):
        to_rd_new(far)
    shp = tmp_path / "gemeenten_2021.shp"
    gpd.GeoDataFrame(
        {"GM_CODE": ["GM0363"], "GM_NAAM": ["Amsterdam"]},
        geometry=[box(120_000, 486_000, 121_000, 487_000)],
    ).to_file(shp)
    batch = read_boundaries(shp)
    assert batch.regions["name"].tolist() == ["Amsterdam"]
    assert any("fit RD New" in n for n in batch.notes)


def test_geopackage_buurten(tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    path = tmp_path / "buurten_2022.gpkg"
    gpd.GeoDataFrame(
        {"BU_CODE": ["BU0363AA01", "BU0363AA02"], "BU_NAAM": ["Kop Zeedijk", "Oude Kerk"]},
        geometry=[box(121_000, 487_000, 121_500, 487_500), box(121_500, 487_000, 122_000, 487_500)],
        crs="EPSG:28992",
    ).to_file(path, driver="GPKG")
    batch = read_boundaries(path, level="buurt")
    assert batch.regions["parent_wk"].tolist() == ["WK0363AA", "WK0363AA"]
    assert batch.regions["name"].tolist() == ["Kop Zeedijk", "Oude Kerk"]
    assert batch.geometries.area.sum() == pytest.approx(500_000)
    assert batch.years == (2022,)


def test_errors(tmp_path: Path) -> None:
    feature = _feature({"naam": "x"}, _square(4.9, 52.3, 0.01))
    no_code = _write(tmp_path / "x_2024.geojson", [feature])
    with pytest.raises(DataFormatError, match="no region code column"):
        read_boundaries(no_code)
    bad = _write(tmp_path / "y_2024.geojson",
                 [_feature({"code": "Amsterdam"}, _square(4.9, 52.3, 0.01))])  # fmt: skip
    with pytest.raises(DataFormatError, match=r"row 1.*'Amsterdam' does not parse"):
        read_boundaries(bad)
    wrong_level = _write(tmp_path / "z_2024.geojson",
                         [_feature({"code": "GM0363"}, _square(4.9, 52.3, 0.01))])  # fmt: skip
    with pytest.raises(DataFormatError, match="expected only wijk codes"):
        read_boundaries(wrong_level, level="wijk")
    no_year = _write(tmp_path / "wijken.geojson",
                     [_feature({"code": "GM0363"}, _square(4.9, 52.3, 0.01))])  # fmt: skip
    with pytest.raises(DataFormatError, match="year"):
        read_boundaries(no_year)
    assert read_boundaries(no_year, year=2020).years == (2020,)
    truncated = tmp_path / "t_2024.geojson"
    truncated.write_text('{"type": "FeatureCollection", "features": [{"type": "Fea')
    with pytest.raises(DataFormatError, match="cannot read"):
        read_boundaries(truncated)
    with pytest.raises(DataFormatError, match="no such file"):
        read_boundaries(tmp_path / "missing_2024.geojson")


def test_year_from_filename() -> None:
    assert year_from_filename("gemeenten_2012.geojson") == 2012
    assert year_from_filename("wijk_2016_6.geojson") == 2016
    assert year_from_filename("wijken.geojson") is None
    with pytest.raises(DataFormatError, match="several years"):
        year_from_filename("van_2016_naar_2024.gpkg")


# -- real data ---------------------------------------------------------------------------
@pytest.mark.realdata
def test_real_wijken_2024() -> None:
    batch = read_boundaries(SHARED / "boundaries" / "wijken_2024.geojson")
    geo = batch.geometries
    assert len(batch.regions) == 3475 and len(geo) == 3475
    assert geo.crs.to_epsg() == 28992
    assert geo.is_valid.all() and not geo.is_empty.any()
    assert set(batch.regions["level"]) == {"wijk"} and set(batch.regions["year"]) == {2024}
    regions = batch.regions.set_index("code")
    assert regions.loc["WK0363AA", "parent_gm"] == "GM0363"
    assert regions.loc["WK099899", "name"] == "Buitenland"  # pseudo-wijken are kept
    assert (regions["name"] == "Groot water").sum() > 0
    x0, y0, x1, y1 = geo.total_bounds
    assert 0 < x0 < x1 < 300_000 and 300_000 < y0 < y1 < 625_000
    assert any("invalid geometries repaired" in n for n in batch.notes)


@pytest.mark.realdata
def test_real_wijk_2016() -> None:
    batch = read_boundaries(SHARED / "boundaries" / "wijk_2016_6.geojson")
    assert batch.notes[0].startswith("2982 features, 2981 regions")
    # WK191104 (Wieringen) occurs in two features: merged into one region
    assert len(batch.regions) == 2981
    assert len(batch.geometries) == 2979  # WK024316 and WK099590 have empty geometry
    notes = " ".join(batch.notes)
    assert "WK191104" in notes and "WK024316" in notes and "WK099590" in notes
    assert batch.geometries.is_valid.all()
    assert set(batch.regions["year"]) == {2016}
    assert batch.regions.set_index("code").loc["WK036300", "parent_gm"] == "GM0363"


@pytest.mark.realdata
def test_real_gemeente_panel_boundaries() -> None:
    batch = read_boundaries(SHARED / "gemeente-panel" / "gemeenten_2023.geojson")
    assert len(batch.regions) == 343  # 342 gemeenten + GM0998 Buitenland
    assert batch.regions.set_index("code").loc["GM0998", "name"] == "Buitenland"
    area = batch.geometries.set_index("code").area
    assert area.loc["GM0363"] / 1e6 == pytest.approx(219, rel=0.05)  # Amsterdam ~219 km²
