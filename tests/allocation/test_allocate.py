"""Tiers, selection, bounds, dampening, schedules, cents, results and provenance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.allocation import (
    AllocationRule,
    InfeasibleRuleError,
    allocate,
    allocate_schedule,
)
from kloof.errors import SpecError


def rule(**data: object) -> AllocationRule:
    base: dict[str, object] = {"name": "t", "budget": 10_000}
    if "tiers" not in data and "key" not in data:
        base["key"] = {"kind": "per_capita"}
    return AllocationRule.from_dict({**base, **data})


def test_per_capita_exact(toy: pd.DataFrame) -> None:
    result = allocate(toy, rule())
    assert result.amounts.tolist() == [1000, 2000, 3000, 4000]
    table = result.table()
    assert list(table.columns[:3]) == ["recipient", "name", "population"]
    assert table["per_resident"].tolist() == [1.0, 1.0, 1.0, 1.0]
    assert table["share_pct"].sum() == pytest.approx(100.0)


def test_cents_and_rounding(toy: pd.DataFrame) -> None:
    r = rule(budget=100.01, unit="cent", key={"kind": "equal"})
    result = allocate(toy, r)
    assert result.amounts.tolist() == [2501, 2500, 2500, 2500]  # a gets the odd cent (id order)
    assert result.euros.sum() == pytest.approx(100.01)


def test_tiers_fixed_pot_and_rest(toy: pd.DataFrame) -> None:
    r = rule(
        tiers=[
            {"name": "vast", "amount": 4000, "recipients": ["a", "b"], "key": {"kind": "equal"}},
            {"name": "formule", "recipients": "rest", "key": {"kind": "per_capita"}},
        ]
    )
    result = allocate(toy, r)
    assert result.amounts.tolist() == [2000, 2000, 2571, 3429]
    table = result.table()
    assert table["vast"].tolist() == [2000, 2000, 0, 0]
    assert [t.name for t in result.tiers] == ["vast", "formule"]
    # overlapping tiers add up
    r2 = rule(
        tiers=[
            {"name": "vast", "share": 0.2, "recipients": ["a"], "key": {"kind": "equal"}},
            {"name": "iedereen", "key": {"kind": "per_capita"}},
        ]
    )
    assert allocate(toy, r2).amounts.tolist() == [2800, 1600, 2400, 3200]


def test_selection_top_by_need(toy: pd.DataFrame) -> None:
    r = rule(select={"top": 2}, key={"kind": "need_weighted"})
    result = allocate(toy, r)
    # neediest: a (4) and c (2); weights 1000×4 : 3000×2 = 4000 : 6000
    assert result.amounts.tolist() == [4000, 0, 6000, 0]
    assert any("outside the top 2" in line for line in result.log)
    r = rule(select={"min_population": 2500, "min_need": 1.5}, key={"kind": "per_capita"})
    assert allocate(toy, r).amounts.tolist() == [0, 0, 10_000, 0]


def test_selection_drops_missing_need(toy: pd.DataFrame) -> None:
    frame = toy.assign(need=[4.0, np.nan, 2.0, 1.0])
    result = allocate(frame, rule(select={"top": 3}, key={"kind": "need_weighted"}))
    assert result.amounts["b"] == 0 and result.amounts.sum() == 10_000
    assert any("without a need value" in line for line in result.log)


def test_floors_caps_hold_and_are_explained(toy: pd.DataFrame) -> None:
    # formula 2500, 1250, 3750, 2500: b is lifted to 1500, c capped at 3400, and a and d
    # share the remaining 5100 in proportion to their formula amounts
    r = rule(key={"kind": "need_weighted"}, floor={"amount": 1500}, cap={"amount": 3400})
    result = allocate(toy, r)
    assert result.amounts.tolist() == [2550, 1500, 3400, 2550]
    assert result.tiers[0].binding.tolist() == ["", "floor", "cap", ""]
    assert result.tiers[0].scale == pytest.approx(1.02)
    r = rule(key={"kind": "need_weighted"}, cap={"per_capita": 1.1})
    amounts = allocate(toy, r).amounts
    assert (amounts <= 1.1 * toy["population"]).all() and amounts.sum() == 10_000


def test_infeasible_rules(toy: pd.DataFrame) -> None:
    with pytest.raises(InfeasibleRuleError, match="floors need 12,000"):
        allocate(toy, rule(floor={"amount": 3000}))
    with pytest.raises(InfeasibleRuleError, match="caps allow at most 8,000"):
        allocate(toy, rule(cap={"amount": 2000}))
    with pytest.raises(InfeasibleRuleError, match="floor of 2,000 above its cap of 1,000"):
        allocate(toy, rule(floor={"amount": 2000}, cap={"per_capita": 1.0}))
    with pytest.raises(InfeasibleRuleError, match="no recipients left"):
        allocate(toy, rule(select={"min_population": 10**6}))


def test_dampening_limits_the_change(toy: pd.DataFrame) -> None:
    previous = pd.Series({"a": 2500.0, "b": 2500.0, "c": 2500.0, "d": 2500.0})
    r = rule(dampening={"max_change_pct": 10})
    result = allocate(toy, r, previous=previous)
    # formula 1000, 2000, 3000, 4000 against 2500 each, at most 10% off: [2250, 2750]
    assert result.amounts.tolist() == [2250, 2250, 2750, 2750]
    assert result.tiers[0].binding.tolist() == ["dampening"] * 4
    table = result.table()
    assert table["change"].tolist() == [-250.0, -250.0, 250.0, 250.0]
    # per resident: at most €0.10 per resident less or more
    r = rule(dampening={"max_loss_per_resident": 0.1, "max_gain_per_resident": 0.1})
    result = allocate(toy, r, previous=previous)
    # bounds a [2400, 2600], b [2300, 2700], c [2200, 2800], d [2100, 2900]: a and b at
    # their floor, d at its cap, c takes the rest (λ = 0.8)
    assert result.amounts.tolist() == [2400, 2300, 2400, 2900]
    # scaled baseline: a budget twice as large dampens the shares, not the growth
    r = rule(budget=20_000, dampening={"max_change_pct": 10})
    assert allocate(toy, r, previous=previous).amounts.tolist() == [4500, 4500, 5500, 5500]
    r = rule(budget=20_000, dampening={"max_change_pct": 10, "baseline": "absolute"})
    with pytest.raises(InfeasibleRuleError, match="caps allow at most"):
        allocate(toy, r, previous=previous)


def test_dampening_leaves_new_recipients_free(toy: pd.DataFrame) -> None:
    # d is new: it gets its formula amount (4000); the others share what is left on the
    # scale of their previous amounts (6000 / 7500), and 0% change keeps them there
    previous = pd.Series({"a": 2500.0, "b": 2500.0, "c": 2500.0})
    result = allocate(toy, rule(dampening={"max_change_pct": 0}), previous=previous)
    assert result.amounts.tolist() == [2000, 2000, 2000, 4000]


def test_dampening_recipient_in_two_tiers(toy: pd.DataFrame) -> None:
    r = rule(
        tiers=[
            {"name": "x", "amount": 1000, "recipients": ["a"], "key": {"kind": "equal"}},
            {"name": "y", "dampening": {"max_change_pct": 5}},
        ]
    )
    with pytest.raises(SpecError, match="one tier only"):
        allocate(toy, r, previous=pd.Series({"a": 1.0}))


def test_schedule_is_an_ingroeipad(toy: pd.DataFrame) -> None:
    r = rule(
        budget={2025: 10_000, 2026: 10_000, 2027: 10_000},
        key={"kind": "need_weighted"},
        dampening={"max_change_pct": 20},
    )
    previous = pd.Series(2500.0, index=toy.index)
    schedule = allocate_schedule(toy, r, previous=previous)
    assert schedule.years == (2025, 2026, 2027)
    table = schedule.table()
    assert (table.sum() == 10_000).all()
    # b moves towards its formula amount (1250) by at most 20% a year
    assert table.loc["b"].tolist() == [2000, 1600, 1280]
    # without a previous allocation the first year is not dampened
    free = allocate_schedule(toy, r)
    assert free.allocations[0].amounts["b"] == 1250
    assert any("dampening not applied" in line for line in free.allocations[0].log)
    # a frame per year
    frames = {2025: toy, 2026: toy, 2027: toy.assign(need=1.0)}
    last = allocate_schedule(frames, r).allocations[2].amounts
    assert last.sum() == 10_000 and last["d"] > last["a"]
    with pytest.raises(SpecError, match="no recipients frame"):
        allocate_schedule({2025: toy}, r)


def test_result_carries_rule_inputs_and_provenance(toy: pd.DataFrame) -> None:
    r = rule()
    result = allocate(toy.iloc[::-1], r, provenance={"store": "x.duckdb", "year": "2023"})
    assert result.rule is r
    assert list(result.amounts.index) == ["d", "c", "b", "a"]  # the caller's order
    assert result.provenance["store"] == "x.duckdb"
    assert result.recipients["population"].tolist() == [4000.0, 3000, 2000, 1000]
    with pytest.raises(AttributeError):
        result.year = 2000  # type: ignore[misc]
    assert result.log and "per_capita" in result.log[0]
