"""Buurt level on the map (issue 19): drawn within a gemeente or wijk where the store
holds buurt boundaries, and a Dutch note on how to import them where it holds none.

The shared data has no buurt boundaries, so the buurt boundary file is a **derived
fixture** in the field layout of the CBS *Wijk- en Buurtkaart* ``buurten`` layer
(``buurtcode, buurtnaam, wijkcode, gemeentecode, gemeentenaam, water``, GeoPackage in
RD New): the codes and wijk membership are Rotterdam's real buurten of the KWB 2023 file
(as ``read_kwb`` stored them; that file carries no buurt names), their names those of
the KWB 2024 file (the same 91 codes), and each real 2024 wijk polygon of Rotterdam
(``boundaries/wijken_2024.geojson``) is cut into as many vertical strips of equal area
as the wijk has buurten. The geometry is a stand-in (a strip is not the real buurt's
shape; it lies inside the real wijk), the codes, names and values are real. The file is
imported through the project's own importer (:func:`kloof.sources.read`), as
``kloof data import`` does.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kloof.settings import Settings
from kloof.store import Store, open_store

pytestmark = pytest.mark.realdata

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
WIJKEN_2024 = SHARED / "boundaries" / "wijken_2024.geojson"
KWB_2024 = SHARED / "cbs-kwb-2024" / "Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv"
PC4_CROSSWALK = SHARED / "postcode" / "pc4_gemeente_wijk_address_crosswalk_2017_2024.csv"
GEMEENTE = "GM0599"  # Rotterdam
FEIJENOORD = "WK059910"


def _strips(polygon: Any, n: int) -> list[Any]:
    """``polygon`` cut into ``n`` vertical strips of equal area (west to east)."""
    import shapely

    x0, y0, x1, y1 = polygon.bounds
    total = polygon.area
    cuts = [x0]
    for k in range(1, n):
        lo, hi = cuts[-1], x1
        for _ in range(50):  # bisection on the cut's x: the area west of it is k/n
            mid = (lo + hi) / 2
            west = polygon.intersection(shapely.box(x0 - 1, y0 - 1, mid, y1 + 1)).area
            lo, hi = (mid, hi) if west < total * k / n else (lo, mid)
        cuts.append((lo + hi) / 2)
    cuts.append(x1 + 1)
    return [
        polygon.intersection(shapely.box(a, y0 - 1, b, y1 + 1)) for a, b in itertools.pairwise(cuts)
    ]


def write_buurt_fixture(store: Store, path: Path, gemeente: str = GEMEENTE) -> Any:
    """Write the derived buurt boundary file of ``gemeente`` (see the module docstring)."""
    import geopandas as gpd
    import pyogrio

    from kloof.sources import read

    buurten = store.regions(2023, "buurt")
    buurten = buurten[buurten["parent_gm"] == gemeente].sort_values("code")
    named = read(KWB_2024).regions.set_index("code")["name"]
    assert set(buurten["code"]) <= set(named.index), "KWB 2024 lacks buurten of 2023"
    buurten = buurten.assign(name=buurten["code"].map(named))
    name = str(store.regions(2023, "gemeente").set_index("code").loc[gemeente, "name"])
    wijken = gpd.read_file(WIJKEN_2024).to_crs(28992).set_index("wijkcode")
    rows = []
    for wijk, members in buurten.groupby("parent_wk"):
        for (_, buurt), piece in zip(
            members.iterrows(), _strips(wijken.loc[wijk, "geometry"], len(members)), strict=True
        ):
            rows.append(
                {
                    "buurtcode": buurt["code"],
                    "buurtnaam": buurt["name"],
                    "wijkcode": wijk,
                    "gemeentecode": gemeente,
                    "gemeentenaam": name,
                    "water": "NEE",
                    "geometry": piece,
                }
            )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=28992)
    pyogrio.write_dataframe(frame, path, layer="buurten", driver="GPKG")
    return frame


@pytest.fixture(scope="module")
def wijk_store(kwb2023_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """KWB 2023, the 2024 wijk boundaries and the PC4 crosswalk: no buurt boundaries."""
    from kloof.sources import read

    kwb2023_store._con.execute("CHECKPOINT")  # the session store stays open for others
    path = tmp_path_factory.mktemp("buurt-map") / "wijken.duckdb"
    shutil.copy(kwb2023_store.path, path)
    store = open_store(path)
    try:
        store.ingest(read(WIJKEN_2024))
        store.ingest(read(PC4_CROSSWALK))
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def buurt_file(wijk_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    path = tmp_path_factory.mktemp("buurt-file") / "buurten_2023.gpkg"
    store = open_store(wijk_store, read_only=True)
    try:
        frame = write_buurt_fixture(store, path)
    finally:
        store.close()
    return path, frame


@pytest.fixture(scope="module")
def buurt_store(wijk_store: Path, buurt_file: tuple[Path, Any]) -> Path:
    """:func:`wijk_store` plus Rotterdam's buurt boundaries, imported as a user would."""
    from kloof.sources import read

    path = wijk_store.with_name("buurten.duckdb")
    shutil.copy(wijk_store, path)
    store = open_store(path)
    try:
        store.ingest(read(buurt_file[0]))
    finally:
        store.close()
    return path


def _app(store: Path, tmp: Path) -> Any:
    from kloof.web import create_app

    plans = f"sqlite:///{tmp / 'plans.db'}"
    return create_app(Settings(store=store, language="nl", plans_db=plans))


@pytest.fixture(scope="module")
def buurt_app(buurt_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _app(buurt_store, tmp_path_factory.mktemp("buurt-app"))


@pytest.fixture(scope="module")
def buurt_client(buurt_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(buurt_app) as client:
        yield client


def test_the_fixture_keeps_real_codes_inside_real_wijken(buurt_file: tuple[Path, Any]) -> None:
    import geopandas as gpd

    _, frame = buurt_file
    assert len(frame) == 91 and frame["buurtcode"].str.startswith("BU0599").all()
    assert (frame.geometry.area > 0).all()
    wijken = gpd.read_file(WIJKEN_2024).to_crs(28992).set_index("wijkcode")
    pieces = frame.dissolve(by="wijkcode")
    for wijk, row in pieces.iterrows():  # the strips tile their wijk
        real = wijken.loc[wijk, "geometry"]
        assert abs(row.geometry.area - real.area) < 1e-6 * real.area + 1


def test_import_stores_buurt_boundaries(buurt_store: Path) -> None:
    store = open_store(buurt_store, read_only=True)
    try:
        years = store.geometry_years()
        buurt = years[years["level"] == "buurt"]
        assert buurt[["year", "regions"]].values.tolist() == [[2023, 91]]
        shapes = store.geoframe(2023, "buurt", indicators=[])
        assert len(shapes) == 91 and shapes.crs.to_epsg() == 28992
        names = store.regions(2023, "buurt").set_index("code")["name"]
        assert names["BU05991087"] == "Feijenoord"  # KWB's name survives the import
    finally:
        store.close()


def _geojson(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text[:300]
    body = response.content
    return dict(json.loads(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body))


def test_api_serves_buurt_features_with_values(buurt_client: Any, buurt_store: Path) -> None:
    layer = "indicator:bijstand_per_1000"
    data = _geojson(buurt_client.get(f"/api/v1/map/buurt?gemeente={GEMEENTE}&layer={layer}"))
    features = data["features"]
    assert len(features) == 91
    assert all(f["properties"]["code"].startswith("BU0599") for f in features)
    values = {f["properties"]["code"]: f["properties"]["value"] for f in features}
    store = open_store(buurt_store, read_only=True)
    try:
        real = store.frame(2023, "buurt")["bijstand_per_1000"]
    finally:
        store.close()
    known = {c: v for c, v in values.items() if v is not None}
    assert len(known) > 60  # most Rotterdam buurten have a published value
    for code, value in known.items():
        assert value == pytest.approx(real[code], abs=1e-3)
    assert data["kloof"]["level"] == "buurt" and data["kloof"]["join"]["matched"] == len(known)
    # one wijk's buurten
    wijk = _geojson(buurt_client.get(f"/api/v1/map/buurt?wijk={FEIJENOORD}&layer={layer}"))
    codes = {f["properties"]["code"] for f in wijk["features"]}
    assert codes and all(c[2:8] == FEIJENOORD[2:] for c in codes)
    assert "BU05991087" in codes
    # the whole country's buurten are not served (14,000 polygons): a message, not a crash
    national = buurt_client.get(f"/api/v1/map/buurt?layer={layer}")
    assert national.status_code == 400 and "gemeente" in national.json()["error"]["message"]


def test_map_page_offers_the_buurt_level(buurt_client: Any) -> None:
    wijken = buurt_client.get(f"/?gemeente={GEMEENTE}")
    assert wijken.status_code == 200
    assert '<option value="buurt"' in wijken.text and "buurten tonen" in wijken.text
    assert f"/?wijk={FEIJENOORD}" in wijken.text
    buurten = buurt_client.get(f"/?gemeente={GEMEENTE}&level=buurt")
    assert buurten.status_code == 200
    assert 'data-level="buurt"' in buurten.text and "/api/v1/map/buurt?" in buurten.text
    assert 'id="no-buurt-boundaries"' not in buurten.text
    rows = re.findall(r"<td class=\"utrecht-table__cell\">(BU\d{8})</td>", buurten.text)
    assert len(rows) == 91 and all(r.startswith("BU0599") for r in rows)
    one = buurt_client.get(f"/?wijk={FEIJENOORD}")
    assert one.status_code == 200 and "Rotterdam – Feijenoord" in one.text
    assert f"wijk={FEIJENOORD}" in one.text and 'data-level="buurt"' in one.text
    # an index layer does not exist for buurten: the first buurt layer, with a note
    index = buurt_client.get(f"/?gemeente={GEMEENTE}&level=buurt&layer=index")
    assert index.status_code == 200 and "bestaat niet voor buurten" in index.text
    # buurt boundaries of Rotterdam only: Amsterdam's buurten get the note
    elsewhere = buurt_client.get("/?gemeente=GM0363&level=buurt")
    assert elsewhere.status_code == 200 and 'id="no-buurt-boundaries"' in elsewhere.text
    assert buurt_client.get(f"/?wijk=WK036310&gemeente={GEMEENTE}").status_code == 404
    # a buurt's profile leads back to its gemeente's buurt map (a click on the map opens it)
    profile = buurt_client.get("/gebied/BU05991087")
    assert profile.status_code == 200
    assert f'href="/?gemeente={GEMEENTE}&amp;level=buurt"' in profile.text


def test_store_without_buurt_boundaries_says_how_to_import(
    wijk_store: Path, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    with TestClient(_app(wijk_store, tmp_path)) as client:
        page = client.get(f"/?gemeente={GEMEENTE}&level=buurt")
        assert page.status_code == 200
        note = re.search(r'id="no-buurt-boundaries">([^<]*)<', page.text)
        assert note is not None
        assert note.group(1).startswith("Buurtgrenzen ontbreken voor Rotterdam: importeer ze met")
        assert "kloof data import" in note.group(1)
        assert 'id="map"' not in page.text  # the table instead of a map, no error
        assert len(re.findall(r">BU0599\d{4}</td>", page.text)) == 91
        english = client.get(f"/?gemeente={GEMEENTE}&level=buurt&lang=en")
        assert "Neighbourhood boundaries are missing for Rotterdam" in english.text
        api = client.get(f"/api/v1/map/buurt?gemeente={GEMEENTE}")
        assert api.status_code == 400 and "boundaries" in api.json()["error"]["message"]


def test_browser_draws_buurten_without_sideways_scroll(
    browser: Any, buurt_app: Any, serve_app: Any, axe_clean: Any, shoot: Any
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        with serve_app(buurt_app) as url:
            response = page.goto(f"{url}/?gemeente={GEMEENTE}&level=buurt")
            assert response is not None and response.status == 200
            page.wait_for_selector("#map[data-ready='true']", timeout=60_000)
            drawn = page.evaluate(
                """() => {
                    const map = window.kloofMap;
                    const codes = map.queryRenderedFeatures({layers: ['fill']})
                        .map(f => f.properties.code);
                    return [...new Set(codes)];
                }"""
            )
            assert len(drawn) > 50 and all(c.startswith("BU0599") for c in drawn)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the buurt map is {width} px wide at 390 px"
            shoot(page, "19-kaart-rotterdam-buurten-phone")
            axe_clean(page)
    finally:
        context.close()
    assert not errors, errors
