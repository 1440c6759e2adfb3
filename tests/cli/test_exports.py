"""Files of ``kloof data export`` and ``--output``, read back as Excel, QGIS and pandas do.

The real store (everything `make demo` imports). Each test reads an exported file the way
a user's tool reads it: a Dutch Excel opens CSV with ``;`` and a decimal comma and needs
the BOM for "Súdwest-Fryslân"; QGIS takes a GeoPackage in RD New and GeoJSON in WGS84
(RFC 7946); openpyxl shows what Excel shows of a workbook.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.store import open_store

pytestmark = pytest.mark.realdata

runner = CliRunner()


def _kloof(store: Path, *args: str) -> str:
    result = runner.invoke(app, ["--store", str(store), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def truth(full_store_path: Path) -> pd.DataFrame:
    """The store's gemeente 2023 values: what every export must carry."""
    store = open_store(full_store_path, read_only=True)
    try:
        return store.frame(2023, "gemeente")
    finally:
        store.close()


@pytest.fixture(scope="module")
def exported(full_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kloof data export`` of gemeente 2023 to CSV (nl, en), XLSX, GPKG and GeoJSON."""
    folder = tmp_path_factory.mktemp("export")
    for name in ("g.csv", "g.xlsx", "g.gpkg", "g.geojson"):
        _kloof(full_store_path, "data", "export", str(folder / name), "--year", "2023")
    _kloof(
        full_store_path, "--lang", "en", "data", "export", str(folder / "en.csv"), "--year", "2023"
    )
    return folder


def test_csv_opens_in_dutch_excel(exported: Path, truth: pd.DataFrame) -> None:
    raw = (exported / "g.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, not Windows-1252
    text = raw.decode("utf-8-sig")
    assert "Súdwest-Fryslân" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["code", "name", "level", "parent_gm"]
    assert len(rows) - 1 == len(truth)  # every region, one header row
    assert {len(r) for r in rows} == {len(rows[0])}
    cells = [c for r in rows[1:] for c in r]
    assert not [c for c in cells if re.fullmatch(r"-?\d+(\.\d+)?", c) and "." in c]
    assert not [c for c in cells if re.fullmatch(r"-?[\d,]+[eE][-+]?\d+", c)]  # no exponent
    assert not {"nan", "NaN", "None", "<NA>", "inf", "True", "False"} & set(cells)
    table = pd.read_csv(io.StringIO(text), sep=";", decimal=",", dtype={"code": str})
    table = table.set_index("code")
    assert table.index.str.match(r"^GM\d{4}$").all()  # codes kept with leading zeros
    for column in ("inhabitants", "income_per_inhabitant", "bijstand_per_1000"):
        got, want = table[column], truth[column].reindex(table.index)
        np.testing.assert_allclose(got.to_numpy(float), want.to_numpy(float), rtol=1e-15)


def test_english_csv_has_comma_and_decimal_point(exported: Path) -> None:
    text = (exported / "en.csv").read_bytes().decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(text))  # pandas' defaults: ',' and '.'
    nl = pd.read_csv(exported / "g.csv", sep=";", decimal=",", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(table, nl)


def test_geojson_is_wgs84_and_gpkg_rd_new(exported: Path, truth: pd.DataFrame) -> None:
    geojson = gpd.read_file(exported / "g.geojson")
    assert geojson.crs.to_epsg() == 4326  # RFC 7946
    west, south, east, north = geojson.total_bounds
    assert 3 < west < east < 7.5 and 50.5 < south < north < 53.8  # lon/lat of NL
    gpkg = gpd.read_file(exported / "g.gpkg")
    assert gpkg.crs.to_epsg() == 28992
    for layer in (geojson, gpkg):
        assert layer.geometry.is_valid.all() and not layer.geometry.is_empty.any()
        assert set(layer["code"]) == set(truth.index)
        got = layer.set_index("code")["bijstand_per_1000"]
        np.testing.assert_allclose(
            got.to_numpy(float), truth["bijstand_per_1000"].reindex(got.index).to_numpy(float)
        )


def test_xlsx_has_numbers_text_codes_and_provenance(exported: Path, truth: pd.DataFrame) -> None:
    book = openpyxl.load_workbook(exported / "g.xlsx")
    assert book.sheetnames == ["data", "indicatoren", "Over deze export"]
    data = book["data"]
    header = [c.value for c in data[1]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(data.iter_rows(min_row=2))
    assert len(rows) == len(truth)
    assert all(r[col["code"]].data_type == "s" for r in rows)
    inhabitants = [r[col["inhabitants"]] for r in rows if r[col["inhabitants"]].value is not None]
    assert inhabitants and all(c.data_type == "n" for c in inhabitants)
    assert data.freeze_panes == "A2" and data.column_dimensions["B"].width >= 15
    units = {r[0]: r[2] for r in book["indicatoren"].iter_rows(min_row=2, values_only=True)}
    assert units["bijstand_per_1000"] == "per 1 000 inwoners" and units["age_65_plus_pct"] == "%"
    about = [tuple(r) for r in book["Over deze export"].iter_rows(values_only=True)]
    assert ("Jaar", 2023) in about and ("Niveau", "gemeente") in about
    sources = [value for field, value in about if field == "Bron"]
    assert any("kwb-2023-transformed.xlsx" in str(s) for s in sources)
    assert not any("/" in str(s).split(": ", 1)[-1] for s in sources)  # file names, no paths


def test_spatial_output_csv_is_dutch_with_words(full_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "h.csv"
    _kloof(
        full_store_path, "spatial", "hotspots", "-i", "bijstand_per_1000",
        "--level", "gemeente", "--year", "2023", "--permutations", "99", "-o", str(out),
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) > 300
    assert {r["significant"] for r in rows} <= {"ja", "nee"}  # never True/False
    assert all("." not in r["value"] for r in rows)


def test_index_workbook_says_spec_year_and_sources(full_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "index.xlsx"
    _kloof(
        full_store_path, "index", "build", "--year", "2023", "--level", "gemeente", "-o", str(out)
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["index", "screened", "log", "spec", "Over deze export"]
    about = [tuple(r) for r in book["Over deze export"].iter_rows(min_row=2, values_only=True)]
    assert ("Index", "kloof") in about and ("Jaar", 2023) in about
    assert any(field == "Bron" and "85618NED" in str(value) for field, value in about)
    header = [c.value for c in book["index"][1]]
    scores = [r[header.index("index")] for r in book["index"].iter_rows(min_row=2)]
    assert all(c.data_type == "n" for c in scores if c.value is not None)
