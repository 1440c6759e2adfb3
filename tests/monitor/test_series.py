"""Series over years on one year's boundaries, gaps and the baseline view (toy data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.errors import SpecError
from kloof.monitor.aggregate import Group, Rule, comparison_groups
from kloof.monitor.areas import Area
from kloof.monitor.series import build_panel, build_series, carry_over, gap, rebase

AREA = Area("a", "A", "test", "GM9999", 2024, ("WK999901", "WK999902"))


def _frame(inh: list[float], rate: list[float], codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"inhabitants": inh, "bijstand_per_1000": rate}, index=codes)


# 2022: the old wijk WK999900 was split 50/50 over WK999901 and WK999902 in 2024
F2022 = _frame(
    [10000.0, 600.0, 400.0, 200.0],
    [30.0, 40.0, 50.0, 20.0],
    ["NL00", "GM9999", "WK999900", "WK999903"],
)
F2024 = _frame(
    [10000.0, 600.0, 200.0, 200.0, 200.0],
    [25.0, 20.0, 30.0, 10.0, 20.0],
    ["NL00", "GM9999", "WK999901", "WK999902", "WK999903"],
)
XW = pd.DataFrame(
    {
        "from_code": ["WK999900", "WK999900"],
        "to_code": ["WK999901", "WK999902"],
        "weight": [0.5, 0.5],
    }
)


def test_series_re_expressed_on_one_year() -> None:
    groups = comparison_groups(AREA, ("rest_of_gemeente", "nl"))
    s = build_series(
        {2022: F2022, 2024: F2024}, groups, to_year=2024, crosswalks={("wijk", 2022): XW}
    )
    t = s.table("inhabitants")
    assert t.loc[2022, "a"] == 400.0  # the split old wijk lands wholly in the area
    assert t.loc[2024, "a"] == 400.0
    r = s.table("bijstand_per_1000")
    assert r.loc[2022, "a"] == pytest.approx(50.0)
    assert r.loc[2024, "a"] == pytest.approx(20.0)
    assert r.loc[2022, "rest_of_gemeente"] == pytest.approx(20.0)
    assert s.absent.empty
    assert s.years == [2022, 2024]
    assert s.groups == ["a", "rest_of_gemeente", "nl"]
    # gaps: absolute and relative
    g = s.gap("bijstand_per_1000", "nl")
    assert g.loc[2022] == pytest.approx(20.0)
    assert s.gap("bijstand_per_1000", "nl", relative=True).loc[2024] == pytest.approx(-20.0)
    long = s.gaps("bijstand_per_1000")
    assert set(long["reference"]) == {"rest_of_gemeente", "nl"}
    assert list(long.columns) == ["year", "reference", "area", "value", "gap", "gap_pct"]
    # baseline view
    b = s.rebased("bijstand_per_1000", 2022)
    assert b.loc[2022].tolist() == [100.0, 100.0, 100.0]
    assert b.loc[2024, "a"] == pytest.approx(40.0)


def test_without_crosswalk_codes_are_reported() -> None:
    s = build_series({2022: F2022, 2024: F2024}, [Group("a", AREA.codes)], to_year=2024)
    assert sorted(s.absent.loc[s.absent["year"] == 2022, "code"]) == ["WK999901", "WK999902"]
    assert any("no wijk crosswalk" in n for n in s.notes)
    assert 2022 not in s.table("inhabitants").index  # no value, not a wrong one


def test_carry_over_moves_weights_as_counts() -> None:
    rules = {"bijstand_per_1000": Rule("rate", "inhabitants")}
    moved, notes = carry_over(F2022, 2022, 2024, rules, {"wijk": XW})
    assert moved.loc["WK999901", "inhabitants"] == 200.0
    assert moved.loc["WK999901", "bijstand_per_1000"] == 50.0
    assert moved.loc["NL00", "inhabitants"] == 10000.0
    assert notes
    same, none = carry_over(F2024, 2024, 2024, rules)
    assert same is F2024 and none == []


def test_indicators_missing_in_a_year_and_errors() -> None:
    f = F2024.drop(columns="inhabitants")
    s = build_series(
        {2024: F2024, 2023: f},
        [Group("a", AREA.codes)],
        to_year=2024,
        indicators=["bijstand_per_1000", "wmo_per_1000"],
    )
    assert s.years == [2024]
    assert any("not in the data" in n for n in s.notes)
    with pytest.raises(SpecError):
        s.table("wmo_per_1000")
    with pytest.raises(SpecError):
        s.gap("bijstand_per_1000", "nowhere")
    with pytest.raises(SpecError):
        build_series({}, [Group("a", AREA.codes)], to_year=2024)
    with pytest.raises(SpecError, match="baseline"):
        s.rebased("bijstand_per_1000", 1990)


def test_gap_and_rebase_functions() -> None:
    a = pd.Series([10.0, 12.0], index=[2020, 2021])
    r = pd.Series([8.0, 0.0], index=[2020, 2021])
    assert gap(a, r).tolist() == [2.0, 12.0]
    rel = gap(a, r, relative=True)
    assert rel.iloc[0] == 25.0 and np.isnan(rel.iloc[1])
    assert rebase(a, 2020)[0].tolist() == [100.0, 120.0]


def test_build_panel() -> None:
    panel, notes = build_panel(
        {2022: F2022, 2024: F2024},
        "bijstand_per_1000",
        to_year=2024,
        units=["WK999903", "GM9999"],
        groups=[Group("a", AREA.codes)],
        crosswalks={("wijk", 2022): XW},
    )
    assert list(panel.index) == ["WK999903", "GM9999", "a"]
    assert panel.loc["a"].tolist() == pytest.approx([50.0, 20.0])
    assert panel.loc["WK999903"].tolist() == [20.0, 20.0]
    assert any("re-expressed" in n for n in notes)
    with pytest.raises(SpecError):
        build_panel({2024: F2024}, "woz_mean", to_year=2024)
