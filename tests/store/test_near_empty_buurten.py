"""A near-empty buurt missing from a file is noticed (issue 13): real Amsterdam file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kloof.errors import DataFormatError
from kloof.sources import read
from kloof.store.checks import check_coverage


@pytest.fixture(scope="module")
def amsterdam_2019(shared_data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    batch = read(shared_data / "cbs-kwb-amsterdam" / "Kerncijfers_wijken_en_buurten_2019.csv")
    return batch.regions, batch.observations


def _without(frames: tuple[pd.DataFrame, pd.DataFrame], code: str) -> tuple[pd.DataFrame, ...]:
    regions, observations = frames
    return regions.loc[regions["code"] != code], observations.loc[observations["code"] != code]


def test_the_complete_file_passes(amsterdam_2019: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    check_coverage(*amsterdam_2019, location="2019.csv")


def test_a_missing_near_empty_buurt_is_found_by_its_land_area(
    amsterdam_2019: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    observations = amsterdam_2019[1]
    buurt = "BU03631307"  # 5 inhabitants, 63 ha of land
    values = observations.loc[observations["code"] == buurt].set_index("indicator")["value"]
    assert values["inhabitants"] <= 5 and values["area_land"] >= 50
    cut = _without(amsterdam_2019, buurt)
    with pytest.raises(DataFormatError, match=r"WK036313 states area_land") as caught:
        check_coverage(*cut, location="2019.csv")
    assert "\n" not in str(caught.value) and "--partial" in str(caught.value)
    check_coverage(*cut, location="2019.csv", partial=True)
    # the counts alone cannot tell: their rounding hides five inhabitants
    counts_only = cut[1].loc[cut[1]["indicator"] != "area_land"]
    check_coverage(cut[0], counts_only, location="2019.csv")
