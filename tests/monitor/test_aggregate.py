"""Aggregation to areas and comparison groups, hand-checked on a toy gemeente."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kloof.errors import SpecError
from kloof.monitor.aggregate import (
    G4,
    Group,
    Rule,
    aggregate,
    comparison_groups,
    plan,
    programme_group,
    score_rule,
)
from kloof.monitor.areas import Area, AreaSet

# NL00, one gemeente GM9999 of three wijken. Hand-computed gemeente values:
# bijstand_per_1000 = (100*50 + 300*10 + 200*20) / 600 = 20
# households_bottom40_pct = (60*50 + 100*30 + 140*20) / 300 = 29.333...
TOY = pd.DataFrame(
    {
        "inhabitants": [10000.0, 600.0, 100.0, 300.0, 200.0],
        "households": [5000.0, 300.0, 60.0, 100.0, 140.0],
        "bijstand_per_1000": [25.0, 20.0, 50.0, 10.0, 20.0],
        "households_bottom40_pct": [40.0, 8800 / 300, 50.0, 30.0, 20.0],
    },
    index=["NL00", "GM9999", "WK999901", "WK999902", "WK999903"],
)
AREA = Area("toy-area", "Toy area", "test", "GM9999", 2023, ("WK999901", "WK999902"))


def test_hand_checked_area_values() -> None:
    agg = aggregate(TOY, [Group("a", AREA.codes)])
    v = agg.values.loc["a"]
    assert v["inhabitants"] == 400.0  # counts are summed
    # inhabitant-weighted: (100*50 + 300*10) / 400 = 20, NOT the unweighted 30
    assert v["bijstand_per_1000"] == pytest.approx(20.0)
    # household-weighted: (60*50 + 100*30) / 160 = 37.5, NOT 35 (inhabitants) or 40
    assert v["households_bottom40_pct"] == pytest.approx(37.5)
    assert agg.rules["households_bottom40_pct"] == Rule("rate", "households")
    assert agg.coverage.loc["a"].min() == 1.0


def test_wrong_weights_are_caught() -> None:
    """Averaging a household rate by inhabitants (or unweighted) gives another number."""
    right = aggregate(TOY, [Group("a", AREA.codes)]).values.loc["a", "households_bottom40_pct"]
    wrong = aggregate(
        TOY,
        [Group("a", AREA.codes)],
        columns=["households_bottom40_pct"],
        rules={"households_bottom40_pct": Rule("rate", "inhabitants")},
    ).values.loc["a", "households_bottom40_pct"]
    assert wrong == pytest.approx(35.0)
    assert right != pytest.approx(wrong)
    assert right != pytest.approx(TOY.loc[list(AREA.codes), "households_bottom40_pct"].mean())


def test_rates_are_never_unweighted() -> None:
    with pytest.raises(SpecError, match="weight"):
        aggregate(TOY[["bijstand_per_1000"]], [Group("a", AREA.codes)])
    with pytest.raises(SpecError, match="never unweighted"):
        Rule("rate")
    with pytest.raises(SpecError, match="not a catalogue indicator"):
        plan(["my_score"])
    assert plan(["my_score"], rules={"my_score": score_rule()})["my_score"].weight == "inhabitants"
    with pytest.raises(SpecError, match="category"):
        plan(["urbanity_class"])


def test_references_by_subtraction() -> None:
    groups = comparison_groups(AREA, ("gemeente", "rest_of_gemeente", "nl", "rest_of_nl"))
    assert [g.name for g in groups] == [
        "toy-area",
        "gemeente",
        "rest_of_gemeente",
        "nl",
        "rest_of_nl",
    ]
    v = aggregate(TOY, groups).values
    direct = aggregate(TOY, [Group("w3", ("WK999903",))]).values.loc["w3"]
    pd.testing.assert_series_equal(v.loc["rest_of_gemeente"], direct, check_names=False)
    assert v.loc["rest_of_nl", "inhabitants"] == 9600.0
    assert v.loc["rest_of_nl", "bijstand_per_1000"] == pytest.approx((250000 - 8000) / 9600)
    assert v.loc["gemeente", "bijstand_per_1000"] == pytest.approx(20.0)


def test_nl_falls_back_to_sum_of_gemeenten() -> None:
    frame = pd.DataFrame(
        {"inhabitants": [100.0, 300.0], "bijstand_per_1000": [10.0, 30.0]},
        index=["GM0001", "GM0002"],
    )
    agg = aggregate(frame, [Group("nl", ("NL00",)), Group("g", ("GM0002",), ("GM0001",))])
    assert agg.values.loc["nl", "inhabitants"] == 400.0
    assert agg.values.loc["nl", "bijstand_per_1000"] == pytest.approx(25.0)
    assert any("sum of the 2 gemeenten" in n for n in agg.notes)


def test_missing_values_and_coverage() -> None:
    frame = TOY.copy()
    frame.loc["WK999901", ["bijstand_per_1000", "inhabitants"]] = [np.nan, 100.0]
    frame.loc["WK999902", "households"] = np.nan
    agg = aggregate(frame, [Group("a", AREA.codes)], min_coverage=0.7)
    # rate: WK999901 (weight 100 of 400) is uncovered -> 75 % coverage, value of WK999902
    assert agg.coverage.loc["a", "bijstand_per_1000"] == pytest.approx(0.75)
    assert agg.values.loc["a", "bijstand_per_1000"] == pytest.approx(10.0)
    # a count with a missing member is missing, never a partial sum
    assert np.isnan(agg.values.loc["a", "households"])
    # a rate whose weight is unknown for a member cannot be weighted
    assert np.isnan(agg.values.loc["a", "households_bottom40_pct"])
    strict = aggregate(frame, [Group("a", AREA.codes)], min_coverage=0.9)
    assert np.isnan(strict.values.loc["a", "bijstand_per_1000"])
    absent = aggregate(TOY, [Group("x", ("WK999901", "WK999999"))])
    assert absent.absent["x"] == ("WK999999",)
    assert np.isnan(absent.values.loc["x", "inhabitants"])


def test_groups_and_errors() -> None:
    with pytest.raises(SpecError, match="no regions"):
        Group("empty", ())
    unknown = Area("u", "U", "p", "GM9999", 2023)
    with pytest.raises(SpecError, match="unknown"):
        comparison_groups(unknown)
    with pytest.raises(SpecError, match="unknown references"):
        comparison_groups(AREA, ("mars",))
    g4 = comparison_groups(AREA, ("g4",), codes={"peers": ["WK999903"]})
    assert g4[1].plus == G4
    assert g4[2] == Group("peers", ("WK999903",))
    s = AreaSet("s", (AREA, Area("b", "B", "p", "GM9999", 2023, ("WK999902", "WK999903"))))
    assert programme_group(s).plus == ("WK999901", "WK999902", "WK999903")
    with pytest.raises(SpecError, match="repeats"):
        aggregate(pd.concat([TOY, TOY]), [Group("a", AREA.codes)])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(1, 1e5), st.floats(0, 1000)),
        min_size=2,
        max_size=12,
    ),
    st.integers(1, 11),
)
def test_weighted_rate_properties(rows: list[tuple[float, float]], split: int) -> None:
    """The area rate lies within its members' range and composes over sub-groups."""
    split = min(split, len(rows) - 1)
    codes = [f"WK0001{i:02d}" for i in range(len(rows))]
    frame = pd.DataFrame(rows, index=codes, columns=["inhabitants", "bijstand_per_1000"])
    groups = [
        Group("all", tuple(codes)),
        Group("a", tuple(codes[:split])),
        Group("b", tuple(codes[split:])),
    ]
    v = aggregate(frame, groups).values
    r = frame["bijstand_per_1000"]
    assert r.min() - 1e-9 <= v.loc["all", "bijstand_per_1000"] <= r.max() + 1e-9
    parts = pd.DataFrame(
        {
            "inhabitants": v.loc[["a", "b"], "inhabitants"].to_numpy(),
            "bijstand_per_1000": v.loc[["a", "b"], "bijstand_per_1000"].to_numpy(),
        },
        index=["WK000201", "WK000202"],
    )
    again = aggregate(parts, [Group("x", ("WK000201", "WK000202"))]).values.loc["x"]
    assert again["bijstand_per_1000"] == pytest.approx(v.loc["all", "bijstand_per_1000"], rel=1e-9)
    # the same rate in other units (per 100 instead of per 1000) scales exactly
    scaled = aggregate(
        frame.assign(bijstand_per_1000=frame["bijstand_per_1000"] / 10), groups[:1]
    ).values.loc["all", "bijstand_per_1000"]
    assert scaled * 10 == pytest.approx(v.loc["all", "bijstand_per_1000"], rel=1e-9)
