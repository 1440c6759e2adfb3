"""The KWB reader on the real 2023 file and on broken copies of it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kloof.errors import DataFormatError
from kloof.sources.cbs_files import read_kwb, year_from_name
from kloof.store import Store, open_store

TOY = (
    "gwb_code_10;regio;gm_naam;a_inw;g_wozbag;g_afs_hp\n"
    "NL00;Nederland;Nederland;1000;300;1,5\n"
    "GM9999;Toy;Toy;1000;300;1,5\n"
    "WK999901;Wijk 01;Toy;1000;.;0,9\n"
    "BU99990101;Buurt A;Toy;1000;-99997;x\n"
)


def _write(tmp_path: Path, text: str, name: str = "kwb-2023.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.realdata
def test_real_2023_counts(kwb2023_store: Store) -> None:
    regions = kwb2023_store.regions(2023)
    counts = regions["level"].value_counts()
    assert counts["land"] == 1
    assert counts["gemeente"] == 342
    assert counts["wijk"] == 3352
    assert counts["buurt"] == 14421
    nl = kwb2023_store.frame(2023, "land", ["inhabitants"])
    assert nl.loc["NL00", "inhabitants"] == 17_811_291
    gm = kwb2023_store.frame(2023, "gemeente", ["inhabitants"])
    assert gm["inhabitants"].sum() == 17_811_291


@pytest.mark.realdata
def test_real_2023_missing_and_decimal_commas(kwb2023_store: Store) -> None:
    bu = kwb2023_store.frame(2023, "buurt")
    # documented in shared/data/README.md: missing counts at buurt level
    assert bu["woz_mean"].isna().sum() == 1833
    assert bu["bijstand_recipients"].isna().sum() == 1543
    nl = kwb2023_store.frame(2023, "land")
    if "distance_gp_km" in nl:  # decimal comma "1,1" → 1.1
        assert nl.loc["NL00", "distance_gp_km"] == pytest.approx(1.1)
    # wijk sums match their gemeente up to CBS rounding (to fives) and residents
    # without a known address, who count for the gemeente only
    wk = kwb2023_store.frame(2023, "wijk", ["inhabitants"])
    by_gm = wk.groupby(wk.index.str.slice(2, 6))["inhabitants"].sum()
    gm = kwb2023_store.frame(2023, "gemeente", ["inhabitants"])
    gm.index = gm.index.str.slice(2, 6)
    relative = (by_gm - gm["inhabitants"]).abs() / gm["inhabitants"]
    assert relative.max() < 0.01
    assert relative.median() < 0.001


@pytest.mark.realdata
def test_real_names_for_gemeenten(kwb2023_store: Store) -> None:
    names = kwb2023_store.regions(2023, "gemeente").set_index("code")["name"]
    assert names["GM0363"] == "Amsterdam"
    assert names["GM0599"] == "Rotterdam"


def test_toy_values(tmp_path: Path) -> None:
    batch = read_kwb(_write(tmp_path, TOY))
    wide = batch.observations.pivot(index="code", columns="indicator", values="value")
    assert wide.loc["WK999901", "inhabitants"] == 1000
    assert np.isnan(wide.loc["WK999901", "woz_mean"])  # "." → NaN
    assert np.isnan(wide.loc["BU99990101", "woz_mean"])  # -99997 → NaN, never 0
    names = batch.regions.set_index("code")["name"]
    assert names["WK999901"] == "Wijk 01"
    assert batch.source.table_id == "85618NED"


def test_padded_lowercase_codes_and_comma_csv(tmp_path: Path) -> None:
    text = TOY.replace(";", ",").replace("1,5", '"1,5"').replace("0,9", '"0,9"')
    text = text.replace("GM9999,", "gm9999    ,")
    batch = read_kwb(_write(tmp_path, text))
    assert "GM9999" in set(batch.regions["code"])


def test_gwb_code_8_with_recs(tmp_path: Path) -> None:
    text = "gwb_code_8;recs;a_inw\n0;Land;100\n14;Gemeente;100\n1400;Wijk;60\n140000;Buurt;60\n"
    batch = read_kwb(_write(tmp_path, text, "kwb-2015.csv"))
    assert list(batch.regions["code"]) == ["NL00", "GM0014", "WK001400", "BU00140000"]


@pytest.mark.parametrize(
    ("text", "match", "row"),
    [
        (TOY.replace("WK999901;", "WK9999;"), "does not parse", 3),
        (TOY.replace("BU99990101;", "WK999901;"), "appears in rows 3 and 4", 4),
        (TOY.replace("1000;300", "1000;3o0", 1), "not a number", 1),
        (TOY.replace(";", "|"), "no region code column", None),
        ("gwb_code_10;a_inw\n", "no rows", None),
        (TOY.replace("a_inw;g_wozbag;g_afs_hp", "foo;bar;baz"), "no column", None),
    ],
)
def test_bad_input(tmp_path: Path, text: str, match: str, row: int | None) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataFormatError, match=match) as info:
        read_kwb(path)
    assert str(path) in str(info.value)
    if row is not None:
        assert info.value.row == row


def test_unknown_year_and_strict(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="not a KWB year"):
        read_kwb(_write(tmp_path, TOY, "kwb-2012.csv"))
    with pytest.raises(DataFormatError, match="a year that has not begun"):
        read_kwb(_write(tmp_path, TOY, "kwb-2031.csv"))
    with pytest.raises(DataFormatError, match="cannot tell the KWB year"):
        read_kwb(_write(tmp_path, TOY, "kerncijfers.csv"))
    extra = TOY.replace("g_afs_hp\n", "g_afs_hp;zz_new\n").replace("1,5\n", "1,5;1\n")
    extra = extra.replace("0,9\n", "0,9;1\n").replace(";x\n", ";x;1\n")
    batch = read_kwb(_write(tmp_path, extra))
    assert any("zz_new" in n for n in batch.notes)
    with pytest.raises(DataFormatError, match="not in the catalogue"):
        read_kwb(_write(tmp_path, extra), strict=True)


def test_corrupt_and_truncated_workbook(tmp_path: Path, shared_data: Path) -> None:
    real = (shared_data / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx").read_bytes()
    truncated = tmp_path / "kwb-2023.xlsx"
    truncated.write_bytes(real[: len(real) // 2])
    with pytest.raises(DataFormatError, match=r"kwb-2023\.xlsx"):
        read_kwb(truncated)
    garbage = tmp_path / "kwb-2023b.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataFormatError):
        read_kwb(garbage, year=2023)
    assert not zipfile.is_zipfile(garbage)


def test_failed_file_leaves_store_unchanged(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.duckdb")
    store.ingest(read_kwb(_write(tmp_path, TOY)))
    before = store.counts()
    with pytest.raises(DataFormatError):
        read_kwb(_write(tmp_path, TOY.replace("1000;.", "1000;?x?"), "kwb-2024.csv"))
    assert store.counts() == before


def test_year_from_name() -> None:
    assert year_from_name("kwb-2019.xls") == 2019
    assert year_from_name("Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv") == 2024
    assert year_from_name("data.csv") is None


def test_to_numbers_frame_roundtrip() -> None:
    from kloof.sources._values import to_numbers

    values, missing = to_numbers(
        pd.Series(["1,5", ".", "x", "", "-99999999", "2.5", " 3 "]), path="f", name="c"
    )
    assert values.tolist()[:1] == [1.5]
    assert missing == 4
    assert values.iloc[5] == 2.5 and values.iloc[6] == 3.0
