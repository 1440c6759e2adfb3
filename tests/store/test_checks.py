"""Hand-checkable cases of the import checks (kloof.store.checks)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from kloof.errors import DataFormatError
from kloof.store.checks import (
    check_coverage,
    check_crosswalk,
    check_geometries,
    check_values,
)


def _obs(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [r[0] for r in rows],
            "year": 2023,
            "indicator": [r[1] for r in rows],
            "value": [r[2] for r in rows],
        }
    )


def _regions(codes: list[str]) -> pd.DataFrame:
    from kloof import regions

    return regions.hierarchy(pd.Series(codes, dtype="string")).assign(year=2023, name=None)


@pytest.mark.parametrize(
    ("indicator", "value", "message"),
    [
        ("inhabitants", np.inf, "not a finite number"),
        ("inhabitants", -1.0, "count must be whole"),
        ("inhabitants", 2.5, "count must be whole"),
        ("inhabitants", 1e9, "count must be whole, within 0-1e\\+08"),
        ("households_low_income_pct", 100.5, "within 0-100 %"),
        ("bijstand_per_1000", 1001.0, "within 0-1000"),
        ("urbanity_class", 2.5, "category code must be whole"),
        ("urbanity_class", 6.0, "within 1-5"),
        ("distance_gp_km", -0.1, "within 0-"),
    ],
)
def test_implausible_values(indicator: str, value: float, message: str) -> None:
    with pytest.raises(DataFormatError, match=message):
        check_values(_obs([("GM0014", indicator, value)]), location="f.csv")


def test_plausible_values_and_missing_pass() -> None:
    check_values(
        _obs(
            [
                ("GM0014", "inhabitants", 1000.0),
                ("GM0014", "bijstand_recipients", 1009.0),  # within CBS rounding
                ("GM0014", "household_wealth_median", -8.7),  # wealth can be negative
                ("GM0014", "households_low_income_pct", np.nan),
            ]
        ),
        location="f.csv",
    )


def test_parts_and_the_first_ten() -> None:
    rows = [(f"BU00140{i:03d}", "inhabitants", 10.0) for i in range(12)]
    rows += [(f"BU00140{i:03d}", "bijstand_recipients", 50.0) for i in range(12)]
    with pytest.raises(DataFormatError) as caught:
        check_values(_obs(rows), location="f.csv")
    message = str(caught.value)
    assert message.startswith("f.csv: 12 implausible values")
    assert "BU00140000 bijstand_recipients = 50 exceeds its total inhabitants = 10" in message
    assert "… and 2 more" in message and "\n" not in message


def test_coverage_from_the_files_own_totals() -> None:
    regions = _regions(["GM0014", "WK001401", "WK001402"])
    complete = _obs(
        [("GM0014", "inhabitants", 100.0), ("WK001401", "inhabitants", 60.0),
         ("WK001402", "inhabitants", 40.0)]
    )  # fmt: skip
    check_coverage(regions, complete, location="f.csv")
    cut = regions.iloc[:2]
    with pytest.raises(DataFormatError, match="GM0014 states inhabitants = 100 but its 1 wijk"):
        check_coverage(cut, complete.iloc[:2], location="f.csv")
    check_coverage(cut, complete.iloc[:2], location="f.csv", partial=True)
    two = _regions(["GM0014", "GM0034", "WK001401"])
    values = _obs([("GM0014", "inhabitants", 1.0), ("GM0034", "inhabitants", 1.0),
                   ("WK001401", "inhabitants", 1.0)])  # fmt: skip
    with pytest.raises(DataFormatError, match="1 of 2 gemeenten have no wijk rows"):
        check_coverage(two, values, location="f.csv")


def test_crosswalk_content() -> None:
    good = pd.DataFrame(
        {
            "level": "gemeente",
            "from_year": 2020,
            "to_year": 2021,
            "from_code": ["GM0001", "GM0001", "GM0002"],
            "to_code": ["GM0001", "GM0002", "GM0002"],
            "weight": [0.75, 0.25, 1.0],
        }
    )
    check_crosswalk(good, location="x.rda")
    with pytest.raises(DataFormatError, match="do not sum to 1"):
        check_crosswalk(good.assign(weight=[0.5, 0.25, 1.0]), location="x.rda")
    with pytest.raises(DataFormatError, match="not wijk codes"):
        check_crosswalk(good.assign(level="wijk"), location="x.rda")
    with pytest.raises(DataFormatError, match="implausible"):
        check_crosswalk(good.assign(from_year=2024, to_year=2016), location="x.rda")


def test_geometries_inside_the_netherlands_and_polygons() -> None:
    square = shapely.box(120_000, 480_000, 121_000, 481_000)
    check_geometries([square, None], location="b.geojson")
    with pytest.raises(DataFormatError, match="not polygons"):
        check_geometries([square, shapely.Point(120_000, 480_000)], location="b.geojson")
    with pytest.raises(DataFormatError, match="outside the Netherlands"):
        check_geometries([shapely.box(480_000, 120_000, 481_000, 121_000)], location="b")
