"""Readers of the CBS PC4 tables and the PC4 address crosswalk, on the real files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kloof.errors import DataFormatError
from kloof.sources import detect, discover, read
from kloof.sources.pc4 import PC4_2022_LAYOUT, read_pc4, read_pc4_crosswalk


@pytest.fixture(scope="module")
def postcode(shared_data: Path) -> Path:
    return shared_data / "postcode"


@pytest.fixture(scope="module")
def pc4_2022(postcode: Path) -> pd.DataFrame:
    batch = read_pc4(postcode / "PC4.csv")
    assert batch.years == (2022,)
    return batch.observations.pivot(index="code", columns="indicator", values="value")


@pytest.fixture(scope="module")
def crosswalk(postcode: Path) -> pd.DataFrame:
    batch = read_pc4_crosswalk(postcode / "pc4_gemeente_wijk_address_crosswalk_2017_2024.csv")
    assert batch.crosswalk is not None
    return batch.crosswalk


def test_pc4_2022_totals_match_the_readme(pc4_2022: pd.DataFrame) -> None:
    assert len(pc4_2022) == 4053
    assert pc4_2022["inhabitants"].sum() == 17_587_785
    assert pc4_2022["dwellings"].sum() == 8_045_440


def test_pc4_2022_values_by_position(pc4_2022: pd.DataFrame) -> None:
    # PC4.csv row 1011: 9760 inhabitants, 6375 households, 6250 dwellings, 30 % owner-
    # occupied, 70 % rented, 2450 social-rent, 675 empty, WOZ 509, 715 recipients
    row = pc4_2022.loc["PC1011"]
    assert row["inhabitants"] == 9760
    assert row["households"] == 6375
    assert row["dwellings"] == 6250
    assert row["owner_occupied_pct"] == 30
    assert row["rent_pct"] == 70
    assert row["social_rent_dwellings"] == 2450
    assert row["empty_dwellings"] == 675
    assert row["woz_mean"] == 509
    assert row["benefit_recipients_below_aow"] == 715
    assert row["dwellings_built_before_1945"] == 3365
    assert row["owner_occupied_dwellings"] == 1875  # 30 % of 6250
    assert row["social_rent_pct"] == pytest.approx(2450 / 6250 * 100)
    assert row["households_with_children"] == 335 + 490


def test_suppressed_is_missing_never_zero(pc4_2022: pd.DataFrame) -> None:
    # PC4 9999: "1965 tot 1975" dwellings and corporation dwellings are -99997
    assert np.isnan(pc4_2022.loc["PC9999", "dwellings_built_1965_1974"])
    assert np.isnan(pc4_2022.loc["PC9999", "social_rent_dwellings"])
    assert np.isnan(pc4_2022.loc["PC9999", "social_rent_pct"])
    assert pc4_2022["social_rent_dwellings"].isna().sum() == 673
    assert not (pc4_2022.min() < 0).any()


def test_pc4_2020_workbook(postcode: Path) -> None:
    batch = read_pc4(postcode / "cbs_pc4_2020_v1.xlsx")
    assert batch.years == (2020,)
    wide = batch.observations.pivot(index="code", columns="indicator", values="value")
    assert len(wide) == 4068
    # row 1011 of the workbook: INWONER 9705, WONING 6220, WON_HCORP 2460, STED 1
    assert wide.loc["PC1011", ["inhabitants", "dwellings", "social_rent_dwellings"]].tolist() == [
        9705,
        6220,
        2460,
    ]
    assert wide.loc["PC1011", "urbanity_class"] == 1
    assert set(batch.regions["level"]) == {"pc4"}
    assert batch.regions["parent_gm"].isna().all()


def test_crosswalk_weights_sum_to_one_per_pc4(crosswalk: pd.DataFrame) -> None:
    assert len(crosswalk) == 87_943
    assert (crosswalk["from_year"] == crosswalk["to_year"]).all()
    sums = crosswalk.groupby(["level", "from_year", "from_code"])["weight"].sum()
    assert np.allclose(sums, 1.0, atol=1e-12)
    assert set(crosswalk["level"]) == {"gemeente", "wijk"}
    assert crosswalk["to_code"].str.match(r"^(GM|WK)").all()
    w23 = crosswalk[(crosswalk["level"] == "wijk") & (crosswalk["from_year"] == 2023)]
    assert w23["from_code"].nunique() == 4071
    assert w23["to_code"].nunique() == 3347


def test_detect_and_folder_import(postcode: Path) -> None:
    assert detect(postcode / "PC4.csv") == "pc4"
    assert detect(postcode / "cbs_pc4_2020_v1.xlsx") == "pc4"
    crosswalk = postcode / "pc4_gemeente_wijk_address_crosswalk_2017_2024.csv"
    assert detect(crosswalk) == "pc4-crosswalk"
    found, skipped = discover(postcode)
    assert sorted(kind for _, kind in found) == ["pc4", "pc4", "pc4-crosswalk"]
    reasons = dict((p.name, why) for p, why in skipped)
    assert "PC4 polygons are not imported" in reasons["pc4_2020_certegis_wgs84.geojson"]
    assert read(postcode / "PC4.csv", year=2021).years == (2021,)


# -- damaged files ---------------------------------------------------------------------------
def _copy(postcode: Path, tmp_path: Path, edit: object) -> Path:
    lines = (postcode / "PC4.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    assert callable(edit)
    out = tmp_path / "PC4.csv"
    out.write_text("".join(edit(lines)), encoding="utf-8")
    return out


def test_truncated_row_names_the_row(postcode: Path, tmp_path: Path) -> None:
    # the header spans 3 lines (one title holds a line break), so data row 1 is line 4
    def cut(lines: list[str]) -> list[str]:
        first = next(i for i, ln in enumerate(lines) if ln.startswith("1011,"))
        return [*lines[: first + 5], lines[first + 5][:20]]

    path = _copy(postcode, tmp_path, cut)
    with pytest.raises(DataFormatError, match=r"row 6: this row has \d+ fields, expected 38"):
        read_pc4(path)


def test_non_numeric_cell_names_row_and_column(postcode: Path, tmp_path: Path) -> None:
    def spoil(lines: list[str]) -> list[str]:
        first = next(i for i, ln in enumerate(lines) if ln.startswith("1011,"))
        cells = lines[first + 2].split(",")
        cells[20] = "veel"  # WONING of the third PC4
        return [*lines[: first + 2], ",".join(cells), *lines[first + 3 :]]

    path = _copy(postcode, tmp_path, spoil)
    with pytest.raises(DataFormatError) as info:
        read_pc4(path)
    message = str(info.value)
    assert "row 3" in message and "'WONING'" in message and "'veel'" in message


def test_other_layout_names_the_column(postcode: Path, tmp_path: Path) -> None:
    def rename(lines: list[str]) -> list[str]:
        return [ln.replace("Koopwoning", "Eigen woning") for ln in lines]

    path = _copy(postcode, tmp_path, rename)
    with pytest.raises(DataFormatError, match="column 31 is titled 'Eigen woning'"):
        read_pc4(path)
    assert PC4_2022_LAYOUT[30][0] == "P_KOOPWON"


def test_bad_postcode_and_crosswalk_errors(postcode: Path, tmp_path: Path) -> None:
    def bad_code(lines: list[str]) -> list[str]:
        first = next(i for i, ln in enumerate(lines) if ln.startswith("1011,"))
        return [*lines[:first], "0999" + lines[first][4:], *lines[first + 1 :]]

    with pytest.raises(DataFormatError, match="row 1, column 'PC4': '0999'"):
        read_pc4(_copy(postcode, tmp_path, bad_code))

    xw = tmp_path / "xw.csv"
    header = "year,level,pc4,region_code,n_addresses,share_of_pc4_addresses\n"
    xw.write_text(header + "2023,wijk,1011,WK036301,10,1.0\n2023,wijk,1012,GM0363,5,1.0\n")
    with pytest.raises(DataFormatError, match=r"row 2, column 'region_code'.*not a wijk code"):
        read_pc4_crosswalk(xw)
    xw.write_text(header + "2023,wijk,1011,WK036301,10,1.0\n2023,wijk,1012\n")
    with pytest.raises(DataFormatError, match="row 2: this row has 3 fields"):
        read_pc4_crosswalk(xw)
    xw.write_text(header + "2023,wijk,1011,WK036301,tien,1.0\n")
    with pytest.raises(DataFormatError, match=r"column 'n_addresses'.*'tien'"):
        read_pc4_crosswalk(xw)
    xw.write_text(header + "2023,wijk,1011,WK036301,10,0.5\n")
    with pytest.raises(DataFormatError, match="disagrees with the address counts"):
        read_pc4_crosswalk(xw)
