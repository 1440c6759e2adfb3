"""Tests of "bring your own data" (kloof.sources.mapping) and the gemeente-panel mapping."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kloof import catalogue as _catalogue
from kloof.errors import DataFormatError, KloofError, SpecError
from kloof.sources.mapping import (
    ColumnMapping,
    builtin_mapping,
    builtin_mappings,
    load_mapping,
    read_mapped,
)

SHARED = Path(__file__).parents[2] / ".." / "shared" / "data"
PANEL = SHARED / "gemeente-panel"
PANEL_YEARS = (2012, 2017, 2018, 2019, 2022, 2023, 2024)


CAT = _catalogue.load()

CSV = """\
buurt;naam;inwoners;bijstand;woz
BU03630001;Kop Zeedijk;1 010;x;312,5
bu03630002 ;Oude Kerk;820;15;.
BU03630003;Nieuwmarkt;;12;450
"""


def _csv(tmp_path: Path, text: str = CSV, name: str = "buurten.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BASE: dict[str, Any] = {
    "code_column": "buurt",
    "name_column": "naam",
    "year": 2023,
    "level": "buurt",
    "decimal": ",",
    "thousands": " ",
    "columns": {"inwoners": "inhabitants", "bijstand": "bijstand_recipients", "woz": "woz_mean"},
}


def _values(batch: Any) -> dict[tuple[str, str], float]:
    obs = batch.observations
    return {(r.code, r.indicator): r.value for r in obs.itertuples()}


def test_csv_by_hand(tmp_path: Path) -> None:
    batch = read_mapped(_csv(tmp_path), BASE, catalogue=CAT)
    assert batch.regions["code"].tolist() == ["BU03630001", "BU03630002", "BU03630003"]
    assert batch.regions["name"].tolist() == ["Kop Zeedijk", "Oude Kerk", "Nieuwmarkt"]
    assert set(batch.regions["parent_wk"]) == {"WK036300"}
    values = _values(batch)
    assert values[("BU03630001", "inhabitants")] == 1010.0
    assert values[("BU03630001", "woz_mean")] == 312.5
    assert np.isnan(values[("BU03630001", "bijstand_recipients")])  # "x": never zero
    assert np.isnan(values[("BU03630002", "woz_mean")])
    assert np.isnan(values[("BU03630003", "inhabitants")])  # empty cell
    assert len(batch.observations) == 9
    assert batch.source.kind == "mapping"
    assert "3 missing values" in batch.notes[0]


def test_same_file_other_mapping_is_other_source(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    a = read_mapped(path, BASE, catalogue=CAT).source
    b = read_mapped(path, BASE, catalogue=CAT).source
    c = read_mapped(path, {**BASE, "scale": {"woz": 1000}}, catalogue=CAT).source
    assert a == b
    assert a.sha256 == c.sha256 and a.source_id != c.source_id


def test_scale_template_and_year_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, "gem,jaar,woz_euro\n363,2022,450000\n363,2023,500000\n14,2023,\n")
    mapping = {
        "code_template": "GM{gem:04d}",
        "year_column": "jaar",
        "columns": {"woz_euro": "woz_mean"},
        "scale": {"woz_euro": 0.001},
    }
    batch = read_mapped(path, mapping, catalogue=CAT)
    obs = batch.observations.set_index(["code", "year"])["value"]
    assert obs[("GM0363", 2022)] == pytest.approx(450.0)
    assert obs[("GM0363", 2023)] == pytest.approx(500.0)
    assert np.isnan(obs[("GM0014", 2023)])
    assert batch.years == (2022, 2023)


def test_xlsx_sheet_and_skip_rows(tmp_path: Path) -> None:
    path = tmp_path / "monitor.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="uitleg", index=False)
        frame = pd.DataFrame(
            [["Titel", None, None], ["wijk", "inwoners", "pct"],
             ["WK036301", 1200, "12,5"], ["WK036302", ".", 7]]
        )  # fmt: skip
        frame.to_excel(writer, sheet_name="data", index=False, header=False)
    mapping = {
        "code_column": "wijk", "year": 2021, "sheet": "data", "skip_rows": 1, "decimal": ",",
        "columns": {"inwoners": "inhabitants", "pct": "social_rent_pct"},
    }  # fmt: skip
    values = _values(read_mapped(path, mapping, catalogue=CAT))
    assert values[("WK036301", "inhabitants")] == 1200.0
    assert values[("WK036301", "social_rent_pct")] == 12.5
    assert values[("WK036302", "social_rent_pct")] == 7.0
    assert np.isnan(values[("WK036302", "inhabitants")])


def test_geojson_with_geometry(tmp_path: Path) -> None:
    square = [[[4.89, 52.37], [4.90, 52.37], [4.90, 52.38], [4.89, 52.38], [4.89, 52.37]]]
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "GM0363", "n": 5},
         "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {"code": "GM0998"},
         "geometry": {"type": "Polygon", "coordinates": square}},
    ]}  # fmt: skip
    path = tmp_path / "data_2020.geojson"
    path.write_text(json.dumps(doc))
    mapping = {
        "code_column": "code", "year_from_filename": True, "geometry": True,
        "exclude_codes": ["GM0998"], "columns": {"n": "inhabitants"},
    }  # fmt: skip
    batch = read_mapped(path, mapping, catalogue=CAT)
    assert batch.regions["code"].tolist() == ["GM0363"]
    assert batch.years == (2020,)
    assert batch.geometries.crs.to_epsg() == 28992
    assert batch.geometries["code"].tolist() == ["GM0363"]
    assert any("excluded by the mapping: GM0998" in n for n in batch.notes)


# -- bad input ------------------------------------------------------------------------------
def test_missing_columns_listed(tmp_path: Path) -> None:
    mapping = {**BASE, "columns": {"inwonrs": "inhabitants", "uitkering": "bijstand_recipients"}}
    with pytest.raises(DataFormatError) as info:
        read_mapped(_csv(tmp_path), mapping, catalogue=CAT)
    text = str(info.value)
    assert "['inwonrs', 'uitkering']" in text
    assert "'inwonrs' → 'inwoners'?" in text
    assert "the file has: ['buurt', 'naam', 'inwoners', 'bijstand', 'woz']" in text


def test_absent_columns_skip(tmp_path: Path) -> None:
    mapping = {
        **BASE,
        "absent_columns": "skip",
        "columns": {**BASE["columns"], "wmo": "wmo_clients"},
    }
    batch = read_mapped(_csv(tmp_path), mapping, catalogue=CAT)
    assert "skipped: wmo" in batch.notes[1]
    # the code column is never optional
    with pytest.raises(DataFormatError, match="'bu'"):
        read_mapped(_csv(tmp_path), {**mapping, "code_column": "bu"}, catalogue=CAT)


def test_unknown_indicator(tmp_path: Path) -> None:
    mapping = {**BASE, "columns": {"inwoners": "inwoners_totaal"}}
    with pytest.raises(SpecError, match=r"\['inwoners_totaal'\].*`kloof data indicators`"):
        read_mapped(_csv(tmp_path), mapping, catalogue=CAT)


def test_typo_key_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("code_column: buurt\nyear: 2023\ncolums:\n  inwoners: inhabitants\n")
    with pytest.raises(SpecError) as info:
        load_mapping(path)
    text = str(info.value)
    assert str(path) in text
    assert "unknown key 'colums' (did you mean 'columns'?)" in text
    assert "columns: Field required" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code_template": "GM{x:04d}"}, "exactly one of code_column and code_template"),
        ({"year_column": "jaar"}, "exactly one of year, year_column"),
        ({"decimal": ";"}, "decimal"),
        ({"scale": {"other": 2}}, "scale names columns that are not mapped"),
        ({"columns": {"a": "inhabitants", "b": "inhabitants"}}, "both map to 'inhabitants'"),
        ({"columns": {}}, "columns"),
        ({"level": "stadsdeel"}, "level"),
    ],
)
def test_invalid_mappings(change: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError, match=message):
        load_mapping({**BASE, **change})


def test_invalid_yaml_and_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns: [unclosed\n")
    with pytest.raises(SpecError, match="not valid YAML"):
        load_mapping(bad)
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n")
    with pytest.raises(SpecError, match="must be a YAML mapping"):
        load_mapping(listing)
    with pytest.raises(SpecError, match="cannot read"):
        load_mapping(tmp_path / "nope.yaml")
    with pytest.raises(SpecError, match="cannot tell the format"):
        read_mapped(tmp_path / "data.parquet", BASE, catalogue=CAT)
    with pytest.raises(DataFormatError, match="no such file"):
        read_mapped(tmp_path / "data.csv", BASE, catalogue=CAT)


def test_bad_code_names_row(tmp_path: Path) -> None:
    text = CSV.replace("BU03630003", "Totaal")
    with pytest.raises(DataFormatError) as info:
        read_mapped(_csv(tmp_path, text), BASE, catalogue=CAT)
    assert info.value.row == 3 and info.value.column == "buurt"
    assert "'TOTAAL' does not parse" in str(info.value)
    # ... unless the mapping excludes it
    batch = read_mapped(_csv(tmp_path, text), {**BASE, "exclude_codes": ["totaal"]}, catalogue=CAT)
    assert len(batch.regions) == 2


def test_duplicate_codes(tmp_path: Path) -> None:
    text = CSV.replace("BU03630003", "BU03630001")
    with pytest.raises(DataFormatError, match=r"'BU03630001' occurs more than once.*rows \[1, 3\]"):
        read_mapped(_csv(tmp_path, text), BASE, catalogue=CAT)


def test_bad_number_names_row_column_value(tmp_path: Path) -> None:
    text = CSV.replace("820", "8x20")
    with pytest.raises(DataFormatError) as info:
        read_mapped(_csv(tmp_path, text), BASE, catalogue=CAT)
    assert info.value.row == 2 and info.value.column == "inwoners"
    assert "'8x20' is not a number" in str(info.value)


def test_level_check_and_template_errors(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="level 'wijk' but 'BU03630001' is a buurt"):
        read_mapped(_csv(tmp_path), {**BASE, "level": "wijk"}, catalogue=CAT)
    path = _csv(tmp_path, "gem,n\n363,1\nAmsterdam,2\n", name="g.csv")
    mapping = {"code_template": "GM{gem:04d}", "year": 2023, "columns": {"n": "inhabitants"}}
    with pytest.raises(DataFormatError, match=r"row 2.*not a whole number"):
        read_mapped(path, mapping, catalogue=CAT)
    good = _csv(tmp_path, "gem,n\n363,1\n", name="g.csv")
    with pytest.raises(DataFormatError, match="holds no year"):
        read_mapped(good, {**mapping, "year": None, "year_from_filename": True}, catalogue=CAT)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400), cut=st.integers(0, len(CSV)))
def test_fuzz_mangled_csv_only_our_errors(tmp_path: Path, data: bytes, cut: int) -> None:
    raw = CSV.encode()
    mangled = raw[:cut] + data + raw[cut + len(data) // 2 :]
    path = tmp_path / "fuzz.csv"
    path.write_bytes(mangled)
    with contextlib.suppress(KloofError):
        read_mapped(path, BASE, catalogue=CAT)


# -- the shipped gemeente-panel mapping on real data ------------------------------------------
def test_builtin_mapping_loads() -> None:
    assert "gemeente-panel" in builtin_mappings()
    mapping = builtin_mapping("gemeente-panel")
    assert isinstance(mapping, ColumnMapping)
    assert mapping.year_from_filename and mapping.geometry and mapping.level == "gemeente"
    unknown = [i for i in mapping.columns.values() if i not in CAT]
    assert unknown == []
    with pytest.raises(SpecError, match="no built-in mapping"):
        builtin_mapping("nope")


def test_panel_mapping_units() -> None:
    """Percent keys map onto % indicators, counts onto counts, euros onto x 1 000 euro."""
    mapping = builtin_mapping("gemeente-panel")
    for key, ind_id in mapping.columns.items():
        unit = CAT[ind_id].unit
        if key.startswith("pct_") or key in ("koopwoningen", "huurwoningen", "0_15", "65plus"):
            assert unit == "%", (key, ind_id, unit)
        if key.startswith("cr_") or key in ("aantal_inwoners", "huishoudens", "opl_hoog"):
            assert unit == "aantal", (key, ind_id, unit)
        if key.startswith("gem_inkomen") or key in ("gem_woz_waarde", "mediaan_vermogen"):
            assert unit == "x 1 000 euro", (key, ind_id, unit)


#: Panel keys deliberately not mapped (see the comment in gemeente-panel.yaml).
NOT_MAPPED = {
    "gemeentecode", "gemeentenaam", "afstand_apotheek", "afstand_bibliotheek", "afstand_cafe",
    "afstand_oprit", "afstand_restaurant", "afstand_treinstation", "afstand_ziekenhuis",
    "pct_gehuwd", "pct_ongehuwd", "bbg_peiljaar", "pct_bebouwd", "pct_agrarisch",
    "pct_natuur", "pct_recreatie", "opp_woonterrein_ha", "opp_bedrijventerrein_ha", "cr_jaar",
}  # fmt: skip
NOT_MAPPED_PREFIXES = ("bag_", "ff_", "lbt_", "zk_")


def _panel_properties(year: int) -> pd.DataFrame:
    data = json.loads((PANEL / f"gemeenten_{year}.geojson").read_text())
    return pd.DataFrame([f["properties"] for f in data["features"]])


@pytest.mark.realdata
def test_every_panel_key_is_mapped_or_listed() -> None:
    mapping = builtin_mapping("gemeente-panel")
    keys: set[str] = set()
    for year in PANEL_YEARS:
        keys |= set(_panel_properties(year).columns)
    assert len(set(_panel_properties(2022).columns)) == 115
    leftover = keys - set(mapping.columns) - NOT_MAPPED
    assert {k for k in leftover if not k.startswith(NOT_MAPPED_PREFIXES)} == set()


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("year", "gemeenten"),
    [(2012, 415), (2017, 388), (2018, 380), (2019, 355), (2022, 345), (2023, 342), (2024, 342)],
)
def test_real_panel_years(year: int, gemeenten: int) -> None:
    batch = read_mapped(PANEL / f"gemeenten_{year}.geojson", builtin_mapping("gemeente-panel"),
                        catalogue=CAT)  # fmt: skip
    assert len(batch.regions) == gemeenten  # the CBS gemeente count of that year
    assert set(batch.regions["level"]) == {"gemeente"} and batch.years == (year,)
    assert not batch.regions["code"].isin(["GM0998", "GM9999"]).any()
    assert len(batch.geometries) == gemeenten and batch.geometries.crs.to_epsg() == 28992
    obs = batch.observations
    assert not obs.duplicated(["code", "year", "indicator"]).any()
    assert (obs["value"].dropna() >= 0).all()  # no -99997-like sentinels in the panel
    props = _panel_properties(year).set_index("gemeentecode")
    assert (props["cr_jaar"].dropna() == year).all()  # crime year = panel year
    wide = obs.pivot(index="code", columns="indicator", values="value")
    assert wide.loc["GM0363", "inhabitants"] == props.loc["GM0363", "aantal_inwoners"]
    assert wide.loc["GM0363", "crimes_total"] == props.loc["GM0363", "cr_totaal_misdrijven"]


@pytest.mark.realdata
def test_real_panel_2023_matches_kwb_2023() -> None:
    batch = read_mapped(PANEL / "gemeenten_2023.geojson", builtin_mapping("gemeente-panel"),
                        catalogue=CAT)  # fmt: skip
    wide = batch.observations.pivot(index="code", columns="indicator", values="value")
    kwb = pd.read_excel(
        SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx",
        usecols=["gwb_code_10", "a_inw", "a_hh", "g_wozbag"],
        dtype=str,
        engine="calamine",
    ).set_index("gwb_code_10")
    assert wide.loc["GM0363", "inhabitants"] == float(kwb.loc["GM0363", "a_inw"])
    gm = kwb[kwb.index.str.startswith("GM")].astype(float)
    assert set(gm.index) == set(wide.index)
    assert (wide["inhabitants"] == gm["a_inw"].reindex(wide.index)).all()
    assert (wide["households"] == gm["a_hh"].reindex(wide.index)).all()
    assert (wide["woz_mean"] == gm["g_wozbag"].reindex(wide.index)).all()  # x 1 000 euro
    assert wide["inhabitants"].sum() == 17_811_291
