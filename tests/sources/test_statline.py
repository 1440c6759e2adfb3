"""Tests of the StatLine CSV reader on the real exports and on small broken files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kloof.catalogue import Catalogue, load
from kloof.errors import DataFormatError
from kloof.sources.statline import (
    KWB_TABLE_IDS,
    find_code_source,
    read_statline,
    read_statline_pair,
)

GESLACHTEN = "cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
HERKOMST = "cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv"
AMS_2017 = "cbs-kwb-amsterdam/Kerncijfers_wijken_en_buurten_2017.csv"
AMS_2019 = "cbs-kwb-amsterdam/Kerncijfers_wijken_en_buurten_2019.csv"

# A catalogue with the StatLine names these tests need, independent of how far the
# built-in catalogue has grown.
TEST_CATALOGUE = """
version: 1
indicators:
  - id: inhabitants
    label: {nl: Aantal inwoners, en: Inhabitants}
    unit: aantal
    domain: population
    kind: count
    names:
      statline: [{name: "Bevolking/Aantal inwoners (aantal)"}]
  - id: men
    label: {nl: Mannen, en: Men}
    unit: aantal
    domain: population
    kind: count
    names:
      statline: [{name: "Bevolking/Geslacht/Mannen (aantal)"}]
  - id: origin_nl
    label: {nl: Herkomst Nederland, en: Origin Netherlands}
    unit: aantal
    domain: population
    kind: count
    sensitive: true
    names:
      statline:
        - {name: "Bevolking/Bevolking naar herkomst/Herkomstland/Nederland (aantal)"}
  - id: origin_europe
    label: {nl: Herkomst Europa, en: Origin Europe}
    unit: aantal
    domain: population
    kind: count
    sensitive: true
    names:
      statline:
        - name: >-
            Bevolking/Bevolking naar herkomst/Herkomstland/Europa (exclusief Nederland)
            (aantal)
  - id: household_size
    label: {nl: Gemiddelde huishoudensgrootte, en: Mean household size}
    unit: aantal
    domain: population
    kind: mean
    names:
      statline:
        - {name: "Bevolking/Particuliere huishoudens/Gemiddelde huishoudensgrootte (aantal)"}
  - id: income_per_inhabitant
    label: {nl: Gemiddeld inkomen per inwoner, en: Mean income per inhabitant}
    unit: x 1 000 euro
    domain: income
    kind: mean
    names:
      statline:
        - {name: "Inkomen/Inkomen van personen/Gemiddeld inkomen per inwoner (x 1 000 euro)"}
"""


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.yaml"
    path.write_text(TEST_CATALOGUE, encoding="utf-8")
    return load(path)


def value(batch: object, code: str, indicator: str) -> float:
    obs = batch.observations  # type: ignore[attr-defined]
    hit = obs[(obs["code"] == code) & (obs["indicator"] == indicator)]["value"]
    assert len(hit) == 1, (code, indicator, len(hit))
    return float(hit.iloc[0])


# --- real exports -----------------------------------------------------------------------


@pytest.mark.realdata
def test_kwb_2024_geslachten(shared_data: Path) -> None:
    batch = read_statline(shared_data / GESLACHTEN)  # its speed: benchmarks/bench_import.py
    regions = batch.regions
    assert len(regions) == 18_310
    assert regions["level"].value_counts().to_dict() == {
        "buurt": 14_574,
        "wijk": 3_393,
        "gemeente": 342,
        "land": 1,
    }
    assert set(regions["year"]) == {2024}
    assert value(batch, "NL00", "inhabitants") == 17_942_942
    assert value(batch, "GM1680", "inhabitants") == 25_845
    by_code = regions.set_index("code")
    assert by_code.loc["WK168000", "name"] == "Wijk 00 Annen"
    assert by_code.loc["BU16800000", "parent_wk"] == "WK168000"
    assert by_code.loc["BU16800000", "parent_gm"] == "GM1680"
    gm = batch.observations.merge(regions[regions["level"] == "gemeente"][["code"]])
    assert gm[gm["indicator"] == "inhabitants"]["value"].sum() == 17_942_942
    assert batch.source.kind == "statline"
    assert batch.source.table_id == "85984NED"
    assert batch.source.source_id.startswith("statline:")


@pytest.mark.realdata
def test_pair_join_gives_origin_counts(shared_data: Path, cat: Catalogue) -> None:
    first, second = read_statline_pair(
        shared_data / GESLACHTEN, shared_data / HERKOMST, catalogue=cat
    )
    assert value(first, "GM1680", "men") == 12_867
    assert value(second, "BU16800000", "origin_nl") == 3210
    assert value(second, "BU16800000", "origin_europe") == 95
    assert value(second, "NL00", "inhabitants") == 17_942_942
    assert second.regions["code"].tolist() == first.regions["code"].tolist()
    assert any("row position" in note for note in second.notes)
    assert first.source.sha256 != second.source.sha256


@pytest.mark.realdata
def test_export_without_codes_finds_its_sibling(shared_data: Path, cat: Catalogue) -> None:
    assert find_code_source(shared_data / HERKOMST) == shared_data / GESLACHTEN
    batch = read_statline(shared_data / HERKOMST, catalogue=cat)
    assert value(batch, "BU16800000", "origin_nl") == 3210


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("name", "year", "nl", "gm"),
    [(AMS_2017, 2017, 17_081_507, 844_947), (AMS_2019, 2019, 17_282_163, 862_965)],
)
def test_amsterdam_r_exports(
    shared_data: Path, cat: Catalogue, name: str, year: int, nl: int, gm: int
) -> None:
    batch = read_statline(shared_data / name, catalogue=cat)
    levels = batch.regions["level"].value_counts().to_dict()
    assert levels == {"land": 1, "gemeente": 1, "wijk": 99, "buurt": 479}
    assert value(batch, "NL00", "inhabitants") == nl
    assert value(batch, "GM0363", "inhabitants") == gm
    assert batch.regions.set_index("code").loc["WK036300", "name"] == "Burgwallen-Oude Zijde"
    assert batch.source.table_id == KWB_TABLE_IDS[year]
    assert batch.years == (year,)
    # with the built-in catalogue too: the dotted headers match the slash names
    assert value(read_statline(shared_data / name), "GM0363", "inhabitants") == gm


@pytest.mark.realdata
def test_decimal_commas_and_missing_in_2019(shared_data: Path, cat: Catalogue) -> None:
    batch = read_statline(shared_data / AMS_2019, catalogue=cat)
    assert value(batch, "NL00", "household_size") == pytest.approx(2.1)
    assert value(batch, "GM0363", "income_per_inhabitant") == pytest.approx(31.3)
    assert value(batch, "WK036300", "income_per_inhabitant") == pytest.approx(34.5)
    sizes = batch.observations[batch.observations["indicator"] == "household_size"]
    assert sizes["value"].isna().any()  # "NA" and "" cells are missing, not zero
    assert not (sizes["value"] == 0).any()


# --- synthetic files -------------------------------------------------------------------

HEADER = (
    '"Wijken en buurten";"Regioaanduiding/Gemeentenaam (naam)";'
    '"Regioaanduiding/Soort regio (omschrijving)";"Regioaanduiding/Codering (code)";'
    '"Bevolking/Aantal inwoners (aantal)";"Bevolking/Geslacht/Mannen (aantal)";'
    '"Onbekend/Iets anders (aantal)"'
)
ROWS = [
    '"Toydorp";"Toydorp   ";"Gemeente  ";"GM9999    ";1200;600;1',
    '"Wijk 00 Centrum";"Toydorp   ";"Wijk      ";"WK999900  ";700;".";2',
    '"Centrum";"Toydorp   ";"Buurt     ";"BU99990000";"1,5e2";-99997;3',
    '"Oost";"Toydorp   ";"Buurt     ";"BU99990001";x;"";4',
]


def write(tmp_path: Path, lines: list[str], name: str = "kwb_2024.csv", bom: bool = True) -> Path:
    path = tmp_path / name
    text = "\r\n".join(lines) + "\r\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def test_toy_file(tmp_path: Path, cat: Catalogue) -> None:
    batch = read_statline(write(tmp_path, [HEADER, *ROWS]), catalogue=cat)
    assert batch.regions["code"].tolist() == ["GM9999", "WK999900", "BU99990000", "BU99990001"]
    assert batch.regions["name"].tolist() == ["Toydorp", "Wijk 00 Centrum", "Centrum", "Oost"]
    assert value(batch, "BU99990000", "inhabitants") == 150.0
    assert math.isnan(value(batch, "BU99990001", "inhabitants"))  # x
    assert math.isnan(value(batch, "WK999900", "men"))  # .
    assert math.isnan(value(batch, "BU99990000", "men"))  # -99997
    assert math.isnan(value(batch, "BU99990001", "men"))  # empty
    assert len(batch.observations) == 8
    assert any("Onbekend/Iets anders" in note for note in batch.notes)
    assert batch.source.table_id == "85984NED"


def test_year_argument_and_unknown_year(tmp_path: Path, cat: Catalogue) -> None:
    path = write(tmp_path, [HEADER, *ROWS], name="export.csv")
    with pytest.raises(DataFormatError, match="year=") as info:
        read_statline(path, catalogue=cat)
    assert info.value.path == str(path)
    assert read_statline(path, year=2019, catalogue=cat).source.table_id == "84583NED"
    with pytest.raises(DataFormatError, match=r"year 2031 .*year="):
        read_statline(path, year=2031, catalogue=cat)
    with pytest.raises(DataFormatError, match="year="):
        read_statline(write(tmp_path, [HEADER, *ROWS], name="kwb_2031.csv"), catalogue=cat)


def test_invalid_code_names_row(tmp_path: Path, cat: Catalogue) -> None:
    rows = [*ROWS]
    rows[2] = rows[2].replace("BU99990000", "BU9999X")
    with pytest.raises(DataFormatError, match="BU9999X") as info:
        read_statline(write(tmp_path, [HEADER, *rows]), catalogue=cat)
    assert info.value.row == 3
    assert info.value.column == "Regioaanduiding/Codering (code)"


def test_duplicate_codes_name_both_rows(tmp_path: Path, cat: Catalogue) -> None:
    rows = [*ROWS]
    rows[3] = rows[3].replace("BU99990001", "BU99990000")
    with pytest.raises(DataFormatError, match="rows 3 and 4") as info:
        read_statline(write(tmp_path, [HEADER, *rows]), catalogue=cat)
    assert info.value.row == 4


def test_wrong_delimiter(tmp_path: Path, cat: Catalogue) -> None:
    lines = [line.replace(";", "|") for line in [HEADER, *ROWS]]
    with pytest.raises(DataFormatError, match="separated") as info:
        read_statline(write(tmp_path, lines), catalogue=cat)
    assert info.value.path is not None


def test_truncated_file(tmp_path: Path, cat: Catalogue) -> None:
    path = write(tmp_path, [HEADER, *ROWS])
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b'"Oost"') + 20])
    with pytest.raises(DataFormatError, match="truncated") as info:
        read_statline(path, catalogue=cat)
    assert info.value.row == 4


def test_header_only_and_empty_file(tmp_path: Path, cat: Catalogue) -> None:
    with pytest.raises(DataFormatError, match="no data rows"):
        read_statline(write(tmp_path, [HEADER]), catalogue=cat)
    empty = tmp_path / "kwb_2024_empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataFormatError, match="empty"):
        read_statline(empty, catalogue=cat)


def test_non_numeric_value_names_row_and_column(tmp_path: Path, cat: Catalogue) -> None:
    rows = [*ROWS]
    rows[1] = rows[1].replace(";700;", ";zeven;")
    with pytest.raises(DataFormatError, match="zeven") as info:
        read_statline(write(tmp_path, [HEADER, *rows]), catalogue=cat)
    assert info.value.row == 2
    assert info.value.column == "Bevolking/Aantal inwoners (aantal)"


def without_codes(rows: list[str]) -> list[str]:
    """The export without its code column (the 4th field)."""
    header = HEADER.replace('"Regioaanduiding/Codering (code)";', "")
    return [header] + [";".join(r.split(";")[:3] + r.split(";")[4:]) for r in rows]


def test_no_code_column(tmp_path: Path, cat: Catalogue) -> None:
    path = write(tmp_path, without_codes(ROWS), name="kwb_2024_nocodes.csv")
    with pytest.raises(DataFormatError, match="no region code column") as info:
        read_statline(path, catalogue=cat)
    assert "codes_from" in str(info.value)
    # with an export of the same rows that has codes, the join works
    with_codes = write(tmp_path, [HEADER, *ROWS], name="kwb_2024_codes.csv")
    batch = read_statline(path, catalogue=cat, codes_from=with_codes)
    assert value(batch, "GM9999", "inhabitants") == 1200
    # and the sibling is found on its own
    assert find_code_source(path) == with_codes
    assert value(read_statline(path, catalogue=cat), "GM9999", "men") == 600


def test_pair_with_different_rows(tmp_path: Path, cat: Catalogue) -> None:
    with_codes = write(tmp_path, [HEADER, *ROWS], name="a_2024.csv")
    swapped = without_codes([ROWS[0], ROWS[2], ROWS[1], ROWS[3]])
    other = write(tmp_path, swapped, name="b_2024.csv")
    with pytest.raises(DataFormatError, match="same order") as info:
        read_statline(other, catalogue=cat, codes_from=with_codes)
    assert info.value.row == 2
    short = write(tmp_path, without_codes(ROWS[:3]), name="c_2024.csv")
    with pytest.raises(DataFormatError, match="rows"):
        read_statline(short, catalogue=cat, codes_from=with_codes)


def test_level_contradicting_soort_regio(tmp_path: Path, cat: Catalogue) -> None:
    rows = [*ROWS]
    rows[1] = rows[1].replace('"Wijk      "', '"Buurt     "')
    with pytest.raises(DataFormatError, match="shifted") as info:
        read_statline(write(tmp_path, [HEADER, *rows]), catalogue=cat)
    assert info.value.row == 2


def test_r_style_comma_file(tmp_path: Path, cat: Catalogue) -> None:
    lines = [
        '"","Wijken.en.buurten","Regioaanduiding.Codering..code.",'
        '"Bevolking.Aantal.inwoners..aantal.",'
        '"Bevolking.Particuliere.huishoudens.Gemiddelde.huishoudensgrootte..aantal."',
        '"1","Toydorp","GM9999    ",1200,"2,25"',
        '"2","Wijk 00 Centrum","WK999900  ",NA,"         ."',
    ]
    batch = read_statline(write(tmp_path, lines, bom=False), catalogue=cat)
    assert value(batch, "GM9999", "household_size") == pytest.approx(2.25)
    assert math.isnan(value(batch, "WK999900", "inhabitants"))
    assert math.isnan(value(batch, "WK999900", "household_size"))
    assert not any('""' in note or "''" in note for note in batch.notes)


def test_windows_1252_file(tmp_path: Path, cat: Catalogue) -> None:
    path = tmp_path / "kwb_2024.csv"
    text = "\r\n".join([HEADER, ROWS[0].replace("Toydorp", "Súdwest", 1)]) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    batch = read_statline(path, catalogue=cat)
    assert batch.regions["name"].tolist() == ["Súdwest"]
    assert any("cp1252" in note for note in batch.notes)


def test_identical_file_gives_identical_provenance(tmp_path: Path, cat: Catalogue) -> None:
    path = write(tmp_path, [HEADER, *ROWS])
    a, b = read_statline(path, catalogue=cat), read_statline(path, catalogue=cat)
    assert a.source == b.source
    assert a.observations.equals(b.observations)
