"""The allocation rule: YAML round trip, shorthands and bad rules failing early."""

from __future__ import annotations

import pandas as pd
import pytest

from kloof.allocation import SCENARIOS, AllocationRule, allocate, check, scenario
from kloof.errors import SpecError


def rule(**data: object) -> AllocationRule:
    base: dict[str, object] = {"name": "t", "budget": 1000}
    if "tiers" not in data:
        base["key"] = {"kind": "per_capita"}
    return AllocationRule.from_dict({**base, **data})


def test_one_tier_shorthand_and_round_trip() -> None:
    r = rule(
        key={"kind": "need_weighted", "alpha": 2},
        floor={"per_capita": 1.5},
        dampening={"max_change_pct": 5},
    )
    t = r.tiers[0]
    assert t.key.kind == "need_weighted" and t.key.alpha == 2
    assert t.dampening is not None
    assert (t.dampening.max_loss_pct, t.dampening.max_gain_pct) == (5, 5)
    assert AllocationRule.from_yaml(r.to_yaml()) == r


def test_tiers_and_schedule_round_trip() -> None:
    r = AllocationRule.from_dict(
        {
            "name": "s",
            "budget": {2025: 1000, 2026: 1200},
            "unit": "cent",
            "tiers": [
                {"name": "vast", "amount": 300, "recipients": ["a"], "key": {"kind": "equal"}},
                {
                    "name": "rest",
                    "recipients": "rest",
                    "key": {"kind": "base_plus_variable", "base": 10},
                },
            ],
        }
    )
    assert r.is_schedule and list(r.budgets) == [2025, 2026]
    assert r.tier_budgets(2025) == (30_000, 70_000)
    assert r.tier_budgets(2026) == (30_000, 90_000)
    assert AllocationRule.from_yaml(r.to_yaml()) == r


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"budget": -5}, "negative"),
        ({"budget": 10.5}, "whole number"),
        ({"floor": {"amount": 100}, "cap": {"amount": 50}}, "below floor.amount"),
        ({"floor": {"per_capita": 10}, "cap": {"per_capita": 5}}, "below floor.per_capita"),
        ({"key": {"kind": "no_such_key"}}, "kind"),
        ({"key": {"kind": "need_weighted", "alpha": -1}}, "alpha"),
        ({"tiers": [{"name": "x", "amount": 2000}]}, "more than the budget"),
        ({"tiers": [{"name": "x", "amount": 600}]}, "not the budget"),
        ({"tiers": [{"name": "x"}, {"name": "y"}]}, "only one tier"),
        ({"tiers": [{"name": "x"}, {"name": "x", "amount": 1}]}, "distinct"),
        ({"tiers": [{"amount": 5, "share": 0.1}]}, "not both"),
        ({"dampening": {}}, "at least one limit"),
        ({"floor": {}}, "amount and/or per_capita"),
        ({"floor": {"amount": 1}, "tiers": [{"name": "x"}]}, "inside a tier"),
        ({"bogus": 1}, "Extra inputs"),
        ({"tiers": []}, "at least 1"),
        ({"need": {"index": "kloof"}}, "higher-is-better"),
        ({"need": {"index": "kloof", "indicator": "x", "transform": "gap"}}, "exactly one"),
        ({"data": {"recipients": [{"areas": "nplv", "level": "wijk"}]}}, "exactly one"),
    ],
)
def test_bad_rules_fail_with_a_clear_message(data: dict[str, object], message: str) -> None:
    with pytest.raises(SpecError, match=message):
        rule(**data)


def test_a_key_is_required() -> None:
    with pytest.raises(SpecError, match="give a key"):
        AllocationRule.from_dict({"name": "t", "budget": 10})


def test_bad_yaml() -> None:
    with pytest.raises(SpecError, match="not valid YAML"):
        AllocationRule.from_yaml("name: [")
    with pytest.raises(SpecError, match="mapping"):
        AllocationRule.from_yaml("- 1")


def test_unknown_recipients_fail_before_computing(toy: pd.DataFrame) -> None:
    r = rule(tiers=[{"name": "x", "recipients": ["a", "zz", "yy"]}])
    with pytest.raises(SpecError, match=r"unknown recipients \['zz', 'yy'\]"):
        check(toy, r)
    with pytest.raises(SpecError, match="unknown recipients"):
        allocate(toy, r)


def test_missing_columns_and_previous(toy: pd.DataFrame) -> None:
    with pytest.raises(SpecError, match="lacks the column"):
        allocate(toy.drop(columns="need"), rule(key={"kind": "need_weighted"}))
    with pytest.raises(SpecError, match="dampening needs a previous"):
        allocate(toy, rule(dampening={"max_change_pct": 5}))
    with pytest.raises(SpecError, match="unique"):
        allocate(pd.concat([toy, toy]), rule())
    with pytest.raises(SpecError, match="missing or negative"):
        allocate(toy.assign(population=[1.0, None, 3, 4]), rule())


def test_schedule_needs_a_year(toy: pd.DataFrame) -> None:
    r = rule(budget={2025: 100, 2026: 200})
    with pytest.raises(SpecError, match="schedule"):
        allocate(toy, r)
    assert allocate(toy, r, year=2026).amounts.sum() == 200


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenarios_load_and_round_trip(name: str) -> None:
    r = scenario(name)
    assert AllocationRule.from_yaml(r.to_yaml()) == r
    assert r.data is not None and r.need is not None


def test_unknown_scenario() -> None:
    with pytest.raises(SpecError, match="no scenario"):
        scenario("nope")
