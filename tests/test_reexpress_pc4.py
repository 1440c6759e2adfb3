"""Tests of kloof.reexpress.reexpress_pc4: PC4 data onto wijken by address shares."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kloof.errors import SpecError
from kloof.reexpress import pc4_transfer_weights, reexpress_pc4
from kloof.sources.pc4 import read_pc4, read_pc4_crosswalk

# Toy: PC1011 has 100 dwellings (40 social) and its addresses split 60/40 over WK01 and
# WK02; PC1012 (50 dwellings, 5 social) lies in WK02; PC1013 (10 dwellings, social
# suppressed) lies in WK03 and, with one address of 11, in WK02.
TOY = pd.DataFrame(
    {
        "dwellings": [100.0, 50.0, 10.0],
        "social_rent_dwellings": [40.0, 5.0, np.nan],
        "social_rent_pct": [40.0, 10.0, np.nan],
    },
    index=["PC1011", "PC1012", "PC1013"],
)
RAW = pd.DataFrame(
    {
        "pc4": [1011, 1011, 1012, 1013, 1013],
        "region_code": ["WK000101", "WK000102", "WK000102", "WK000103", "WK000102"],
        "n_addresses": [60, 40, 10, 10, 1],
    }
)


def test_toy_by_hand() -> None:
    out = reexpress_pc4(TOY, RAW)
    w = 1 / 11  # PC1013's share in WK02
    # WK01: 0.6 of PC1011
    assert out.loc["WK000101", "dwellings"] == pytest.approx(60.0)
    assert out.loc["WK000101", "social_rent_pct"] == pytest.approx(40.0)
    # WK02: counts are strict (PC1013's social count is suppressed) ...
    assert out.loc["WK000102", "dwellings"] == pytest.approx(40 + 50 + w * 10)
    assert np.isnan(out.loc["WK000102", "social_rent_dwellings"])
    # ... the rate is Σ share·social / Σ share·dwellings over the known parts, which hold
    # 90 of 90.91 weighted dwellings (≥ 0.9)
    assert out.loc["WK000102", "social_rent_pct"] == pytest.approx((16 + 5) / (40 + 50) * 100)
    # WK03 only has the suppressed part
    assert np.isnan(out.loc["WK000103", "social_rent_pct"])
    strict = reexpress_pc4(TOY, RAW, min_coverage=None)
    assert np.isnan(strict.loc["WK000102", "social_rent_pct"])


def test_coverage_threshold() -> None:
    frame = TOY.assign(dwellings=[100.0, 50.0, 200.0])  # PC1013 now weighs 18 of 108
    out = reexpress_pc4(frame, RAW)
    assert np.isnan(out.loc["WK000102", "social_rent_pct"])  # 90 / 108 < 0.9
    loose = reexpress_pc4(frame, RAW, min_coverage=0.8)
    assert loose.loc["WK000102", "social_rent_pct"] == pytest.approx(21 / 90 * 100)


def test_reference_table_keyed_by_postcode_numbers() -> None:
    """A user's table keyed by plain postcodes, with its own column kinds."""
    table = pd.DataFrame({"score": [1.0, 3.0], "people": [10.0, 30.0]}, index=[1011, 1012])
    out = reexpress_pc4(
        table,
        RAW[RAW["pc4"] != 1013],
        kinds={"score": "mean", "people": "count"},
        weights=pd.DataFrame({"score": table["people"]}),
    )
    assert out.loc["WK000102", "people"] == pytest.approx(4 + 30)
    assert out.loc["WK000102", "score"] == pytest.approx((4 * 1 + 30 * 3) / 34)


def test_bad_inputs() -> None:
    with pytest.raises(SpecError, match="keyed by postcodes"):
        reexpress_pc4(TOY.set_axis(["GM0001", "GM0002", "GM0003"]), RAW)
    with pytest.raises(SpecError, match="needs columns"):
        reexpress_pc4(TOY, RAW.rename(columns={"pc4": "postcode"}))
    with pytest.raises(SpecError, match="mixes several years"):
        pc4_transfer_weights(RAW.assign(year=[2022, 2023, 2023, 2023, 2023]))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(1, 1000), min_size=3, max_size=3),
    st.lists(st.integers(0, 500), min_size=5, max_size=5),
)
def test_counts_conserved_and_rates_in_range(dwellings: list[int], addresses: list[int]) -> None:
    raw = RAW.assign(n_addresses=[a + 1 for a in addresses])
    frame = pd.DataFrame(
        {
            "dwellings": np.array(dwellings, dtype=float),
            "social_rent_dwellings": np.array(dwellings, dtype=float) // 2,
        },
        index=TOY.index,
    )
    frame["social_rent_pct"] = frame["social_rent_dwellings"] / frame["dwellings"] * 100
    out = reexpress_pc4(frame, raw)
    assert out["dwellings"].sum() == pytest.approx(frame["dwellings"].sum())
    assert out["social_rent_dwellings"].sum() == pytest.approx(frame["social_rent_dwellings"].sum())
    assert out["social_rent_pct"].between(0, 100).all()


# -- the real files ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real(shared_data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    batch = read_pc4(shared_data / "postcode" / "PC4.csv")
    frame = batch.observations.pivot(index="code", columns="indicator", values="value")
    frame.columns.name = None
    xw = read_pc4_crosswalk(
        shared_data / "postcode" / "pc4_gemeente_wijk_address_crosswalk_2017_2024.csv",
        years=(2023,),
    ).crosswalk
    assert xw is not None
    return frame, xw[xw["level"] == "wijk"]


# WK001402 (Groningen, 2023) gets addresses from two PC4 areas (crosswalk rows 2023,wijk):
#   9717 → WK001402: 2197 of 2202 addresses;  9718 → WK001402: 2569 of 3192 addresses.
# PC4.csv: 9717 has 3655 dwellings, 790 corporation-owned, 40 % owner-occupied;
#          9718 has 4975 dwellings, 1065 corporation-owned, 30 % owner-occupied.
S17, S18 = 2197 / 2202, 2569 / 3192
DWELLINGS = S17 * 3655 + S18 * 4975
SOCIAL = S17 * 790 + S18 * 1065
OWNED = S17 * 0.40 * 3655 + S18 * 0.30 * 4975


def test_hand_checked_wijk(real: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, xw = real
    assert sorted(xw.loc[xw["to_code"] == "WK001402", "from_code"]) == ["PC9717", "PC9718"]
    cols = ["dwellings", "social_rent_dwellings", "social_rent_pct", "owner_occupied_pct"]
    out = reexpress_pc4(frame[cols], xw).loc["WK001402"]
    assert out["dwellings"] == pytest.approx(DWELLINGS)  # 7650.7
    assert out["social_rent_dwellings"] == pytest.approx(SOCIAL)
    assert out["social_rent_pct"] == pytest.approx(SOCIAL / DWELLINGS * 100)  # 21.51 %
    assert out["owner_occupied_pct"] == pytest.approx(OWNED / DWELLINGS * 100)
    assert round(out["social_rent_pct"], 2) == 21.51


def test_real_counts_conserved(real: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, xw = real
    dwellings = frame[["dwellings"]].fillna(0.0)  # conservation of the method itself
    out = reexpress_pc4(dwellings, xw)
    placed = dwellings.index.isin(xw["from_code"])
    assert out["dwellings"].sum() == pytest.approx(dwellings.loc[placed, "dwellings"].sum())
    assert placed.sum() == 4053  # every PC4 of 2022 has addresses in 2023
    # 5 of the 3347 crosswalk wijken only hold postcodes issued after 1-1-2022
    assert len(out) == 3342


def test_real_rates_in_range(real: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, xw = real
    cols = ["dwellings", "social_rent_pct", "owner_occupied_pct", "rent_pct", "inhabitants"]
    out = reexpress_pc4(frame[cols], xw)
    for col in ("social_rent_pct", "owner_occupied_pct", "rent_pct"):
        values = out[col].dropna()
        assert values.between(0, 100 + 1e-9).all(), col
    assert out["social_rent_pct"].notna().sum() > 2900
