"""Tests of kloof.reexpress: moving values onto another year's regions."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kloof import catalogue
from kloof.errors import KloofWarning, SpecError
from kloof.reexpress import catalogue_plan, reexpress, transfer_table

SHARED = Path(__file__).parents[1] / ".." / "shared" / "data"

# Old A (100 inhabitants, 10 % poor) splits 60/40 over new X and B; old B (50 inhabitants,
# 40 % poor) stays in B; old C is not in the crosswalk and maps onto C.
XWALK = pd.DataFrame(
    {
        "from_code": ["GM0001", "GM0001", "GM0002"],
        "to_code": ["GM0009", "GM0002", "GM0002"],
        "weight": [0.6, 0.4, 1.0],
    }
)
FRAME = pd.DataFrame(
    {"inhabitants": [100.0, 50.0, 10.0], "poor_pct": [10.0, 40.0, 5.0]},
    index=["GM0001", "GM0002", "GM0003"],
)


def test_counts_by_hand() -> None:
    out = reexpress(FRAME[["inhabitants"]], XWALK, kinds={"inhabitants": "count"})
    assert out["inhabitants"].to_dict() == {"GM0002": 90.0, "GM0003": 10.0, "GM0009": 60.0}
    assert out.index.name == "code"


def test_rates_weighted_by_hand() -> None:
    kinds = {"inhabitants": "count", "poor_pct": "rate"}
    weights = pd.DataFrame({"poor_pct": FRAME["inhabitants"]})
    out = reexpress(FRAME, XWALK, kinds=kinds, weights=weights)
    # new B: 40 people at 10 % and 50 at 40 % -> (4 + 20) / 90
    assert out.loc["GM0002", "poor_pct"] == pytest.approx(24 / 90 * 100)
    assert out.loc["GM0009", "poor_pct"] == pytest.approx(10.0)
    assert out.loc["GM0003", "poor_pct"] == pytest.approx(5.0)


def test_rates_without_weights_warn() -> None:
    with pytest.warns(KloofWarning, match="poor_pct"):
        out = reexpress(FRAME[["poor_pct"]], XWALK, kinds={"poor_pct": "rate"})
    # address shares only: (0.4 * 10 + 1.0 * 40) / 1.4
    assert out.loc["GM0002", "poor_pct"] == pytest.approx(44 / 1.4)


def test_missing_values_stay_missing() -> None:
    frame = FRAME.copy()
    frame.loc["GM0002", "inhabitants"] = np.nan
    out = reexpress(frame[["inhabitants"]], XWALK, kinds={"inhabitants": "count"})
    assert math.isnan(out.loc["GM0002", "inhabitants"])  # part of its input is missing
    assert out.loc["GM0009", "inhabitants"] == 60.0


def test_absent_source_region_makes_target_missing() -> None:
    frame = FRAME.drop(index="GM0002")
    out = reexpress(frame[["inhabitants"]], XWALK, kinds={"inhabitants": "count"})
    assert math.isnan(out.loc["GM0002", "inhabitants"])
    assert set(out.index) == {"GM0002", "GM0003", "GM0009"}


def test_zero_weight_part_is_ignored() -> None:
    frame = FRAME.copy()
    frame.loc["GM0001", ["inhabitants", "poor_pct"]] = [0.0, np.nan]
    weights = pd.DataFrame({"poor_pct": frame["inhabitants"]})
    out = reexpress(frame, XWALK, kinds={"inhabitants": "count", "poor_pct": "rate"},
                    weights=weights)  # fmt: skip
    assert out.loc["GM0002", "poor_pct"] == pytest.approx(40.0)
    assert math.isnan(out.loc["GM0009", "poor_pct"])  # 0 people: rate undefined


def test_spec_errors() -> None:
    with pytest.raises(SpecError, match="no kind"):
        reexpress(FRAME, XWALK, kinds={"inhabitants": "count"})
    with pytest.raises(SpecError, match="cannot re-express"):
        reexpress(FRAME[["inhabitants"]], XWALK, kinds={"inhabitants": "category"})
    bad = XWALK.assign(weight=[0.6, 0.6, 1.0])
    with pytest.raises(SpecError, match=r"sum to 1\.2"):
        reexpress(FRAME[["inhabitants"]], bad, kinds={"inhabitants": "count"})
    mixed = XWALK.assign(from_year=[2016, 2017, 2017])
    with pytest.raises(SpecError, match="from_years"):
        reexpress(FRAME[["inhabitants"]], mixed, kinds={"inhabitants": "count"})
    with pytest.raises(SpecError, match="needs columns"):
        transfer_table(XWALK.drop(columns="weight"), FRAME.index)


def test_catalogue_plan() -> None:
    cat = catalogue.load()
    frame = pd.DataFrame(
        {"inhabitants": [100.0], "bijstand_per_1000": [12.0], "woz_mean": [300.0]},
        index=["GM0001"],
    )
    kinds, weights = catalogue_plan(frame, cat)
    assert kinds == {"inhabitants": "count", "bijstand_per_1000": "rate", "woz_mean": "mean"}
    assert list(weights.columns) == ["bijstand_per_1000"]  # dwellings not in the frame
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reexpress(frame, XWALK, kinds=kinds, weights=weights)
    assert [str(w.message) for w in caught if "woz_mean" in str(w.message)]


# -- properties ---------------------------------------------------------------------------
@st.composite
def _crosswalks(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_old = draw(st.integers(1, 6))
    n_new = draw(st.integers(1, 6))
    old = [f"WK{i:06d}" for i in range(n_old)]
    new = [f"WK{i:06d}" for i in range(100, 100 + n_new)]
    rows = []
    for code in old[: draw(st.integers(0, n_old))]:  # the others map one-to-one
        shares = draw(st.lists(st.integers(0, 50), min_size=n_new, max_size=n_new))
        if sum(shares) == 0:
            shares[0] = 1
        rows += [(code, t, s / sum(shares)) for t, s in zip(new, shares, strict=True) if s]
    xw = pd.DataFrame(rows, columns=["from_code", "to_code", "weight"])
    values = draw(st.lists(st.floats(0, 1e6), min_size=n_old, max_size=n_old))
    rates = draw(st.lists(st.floats(0, 100), min_size=n_old, max_size=n_old))
    frame = pd.DataFrame({"count": values, "rate": rates}, index=old)
    return frame, xw


@settings(max_examples=200, deadline=None)
@given(_crosswalks())
def test_counts_are_conserved_and_rates_bounded(case: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, xw = case
    weights = pd.DataFrame({"rate": frame["count"] + 1.0})
    out = reexpress(frame, xw, kinds={"count": "count", "rate": "rate"}, weights=weights)
    assert out["count"].sum() == pytest.approx(frame["count"].sum(), rel=1e-9, abs=1e-6)
    lo, hi = frame["rate"].min(), frame["rate"].max()
    assert ((out["rate"] >= lo - 1e-9) & (out["rate"] <= hi + 1e-9)).all()


@settings(max_examples=50, deadline=None)
@given(_crosswalks())
def test_empty_crosswalk_is_identity(case: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, xw = case
    out = reexpress(frame, xw.iloc[0:0], kinds={"count": "count", "rate": "mean"},
                    weights=pd.DataFrame({"rate": frame["count"] + 1}))  # fmt: skip
    pd.testing.assert_frame_equal(
        out, frame.sort_index().rename_axis("code"), check_index_type=False
    )


# -- real data ------------------------------------------------------------------------------
def _panel_inhabitants(year: int) -> pd.Series:
    data = json.loads((SHARED / "gemeente-panel" / f"gemeenten_{year}.geojson").read_text())
    props = pd.DataFrame([f["properties"] for f in data["features"]]).set_index("gemeentecode")
    return props["aantal_inwoners"].dropna()


@pytest.mark.realdata
@pytest.mark.parametrize("year", [2017, 2019, 2022])
def test_real_gemeente_counts_onto_2024(year: int) -> None:
    from kloof.sources.crosswalk import read_crosswalk

    xw = read_crosswalk(
        SHARED / "crosswalks" / f"grenswijziging_gemeente_van_{year}_naar_2024.rda"
    ).crosswalk
    assert xw is not None
    before = _panel_inhabitants(year)
    out = reexpress(before.to_frame("inhabitants"), xw, kinds={"inhabitants": "count"})
    actual = _panel_inhabitants(2024)
    assert out["inhabitants"].sum() == pytest.approx(before.sum(), rel=1e-12)
    assert set(out.index) == set(actual.index)
    # population changes by a few % in a few years (Waddinxveen +28 % 2017-2024); a
    # wrong orientation or weighting would put merged gemeenten off by a factor
    ratio = actual / out["inhabitants"]
    assert ratio.between(0.85, 1.35).all(), ratio[~ratio.between(0.85, 1.35)]
    assert 1.0 < ratio.median() < 1.1
