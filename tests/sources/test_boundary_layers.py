"""A boundary file with several layers, as the CBS *Wijk- en Buurtkaart* GeoPackage is.

The CBS file ``wijkenbuurten_2024_v1.gpkg`` holds the layers ``gemeenten``, ``wijken``
and ``buurten``; :func:`read_boundaries` reads every layer with a region code column.
The fixture is built from real data: Rotterdam's 2024 wijk polygons
(``boundaries/wijken_2024.geojson``) as the ``wijken`` layer, their union as the
``gemeenten`` layer, two wijk polygons as a ``buurten`` layer with the real code of
the wijk's first buurt (a stand-in shape: the buurt is given its wijk's outline), and a
layer without region codes, which is left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kloof.errors import DataFormatError
from kloof.sources import read
from kloof.sources.boundaries import geo_layers, read_boundaries

pytestmark = pytest.mark.realdata

SHARED = Path(__file__).parents[2] / ".." / "shared" / "data"
WIJKEN_2024 = SHARED / "boundaries" / "wijken_2024.geojson"
#: The first buurt of two Rotterdam wijken (KWB 2024) and its name.
BUURTEN = {
    "WK059901": ("BU05990110", "Stadsdriehoek"),
    "WK059910": ("BU05991017", "Kop van Zuid"),
}


@pytest.fixture(scope="module")
def layered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    import geopandas as gpd
    import pyogrio

    wijken = gpd.read_file(WIJKEN_2024).to_crs(28992)
    wijken = wijken[wijken["wijkcode"].str.startswith("WK0599")].reset_index(drop=True)
    path = tmp_path_factory.mktemp("layers") / "wijkenbuurten_2024_v1.gpkg"
    gemeenten = gpd.GeoDataFrame(
        {"gemeentecode": ["GM0599"], "gemeentenaam": ["Rotterdam"]},
        geometry=[wijken.union_all()],
        crs=28992,
    )
    pyogrio.write_dataframe(gemeenten, path, layer="gemeenten", driver="GPKG")
    wijk_layer = wijken.assign(wijknaam=wijken["wijkcode"], gemeentecode="GM0599")
    pyogrio.write_dataframe(wijk_layer, path, layer="wijken", driver="GPKG", append=True)
    chosen = wijken[wijken["wijkcode"].isin(BUURTEN)]
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": [BUURTEN[w][0] for w in chosen["wijkcode"]],
            "buurtnaam": [BUURTEN[w][1] for w in chosen["wijkcode"]],
            "wijkcode": chosen["wijkcode"].to_numpy(),
            "gemeentecode": "GM0599",
        },
        geometry=chosen.geometry.to_numpy(),
        crs=28992,
    )
    pyogrio.write_dataframe(buurten, path, layer="buurten", driver="GPKG", append=True)
    legend = gpd.GeoDataFrame({"klasse": ["water"]}, geometry=[chosen.geometry.iloc[0]], crs=28992)
    pyogrio.write_dataframe(legend, path, layer="legenda", driver="GPKG", append=True)
    return path, wijken


def test_every_layer_with_codes_is_read(layered: tuple[Path, Any]) -> None:
    path, wijken = layered
    assert geo_layers(path) == ["gemeenten", "wijken", "buurten", "legenda"]
    batch = read(path)  # as `kloof data import wijkenbuurten_2024_v1.gpkg` does
    levels = batch.regions.groupby("level")["code"].count().to_dict()
    assert levels == {"gemeente": 1, "wijk": len(wijken), "buurt": 2}
    assert set(batch.regions["year"]) == {2024}  # from the file name
    geo = batch.geometries
    assert geo is not None and len(geo) == 1 + len(wijken) + 2
    assert geo.crs.to_epsg() == 28992
    buurt = batch.regions.set_index("code").loc["BU05991017"]
    assert (buurt["name"], buurt["parent_wk"], buurt["parent_gm"]) == (
        "Kop van Zuid",
        "WK059910",
        "GM0599",
    )
    assert any("layer 'buurten'" in n for n in batch.notes)
    assert any("left out: legenda" in n for n in batch.notes)


def test_one_layer_or_one_level(layered: tuple[Path, Any]) -> None:
    path, wijken = layered
    only = read_boundaries(path, layer="wijken")
    assert only.geometries is not None and len(only.geometries) == len(wijken)
    assert set(only.regions["level"]) == {"wijk"}
    buurten = read_boundaries(path, level="buurt")
    assert sorted(buurten.regions["code"]) == ["BU05990110", "BU05991017"]
    assert buurten.geometries is not None
    assert sorted(buurten.geometries["code"]) == ["BU05990110", "BU05991017"]
    with pytest.raises(DataFormatError, match="no region code column"):
        read_boundaries(path, layer="legenda")
