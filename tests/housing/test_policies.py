"""Conformance of every registry entry, and how rules combine."""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from kloof.errors import SpecError
from kloof.housing import POLICIES, Scenario
from kloof.housing.model import context
from kloof.housing.policies import Policy, PolicySpec, Rules, compile_rules
from kloof.housing.scenario import initial_state

#: A valid parameter set for each policy (the test fails if a policy is missing here).
EXAMPLES: dict[str, dict[str, Any]] = {
    "waiting_time": {},
    "lottery_share": {"share": 0.3},
    "urgency_priority": {},
    "direct_placement_status_holders": {},
    "key_worker_priority": {"share": 0.2, "regions": ["first"]},
    "priority_cap": {"cap": 0.5, "strength": 0.5},
    "rotterdamwet_art8": {"regions": ["WK999902"]},
    "rotterdamwet_art10": {"regions": ["WK999902"], "share": 0.05},
}


def test_registry_matches_the_union_and_examples() -> None:
    members = typing.get_args(typing.get_args(PolicySpec)[0])
    assert {m.model_fields["name"].default for m in members} == set(POLICIES)
    assert set(EXAMPLES) == set(POLICIES)


@pytest.mark.parametrize("name", list(POLICIES))
def test_policy_conformance(name: str, make_scenario: Callable[..., Scenario]) -> None:
    cls = POLICIES[name]
    assert issubclass(cls, Policy) and cls.summary and cls.__doc__
    policy = cls(**EXAMPLES[name])
    assert policy.name == name
    with pytest.raises(ValidationError):  # frozen
        policy.name = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError):  # unknown keys rejected
        cls(**EXAMPLES[name], typo=1)
    base = [{"name": "urgency_priority"}] if name == "priority_cap" else []
    scenario = make_scenario(policies=[*base, {"name": name, **EXAMPLES[name]}], turnover=0.5)
    assert scenario.policies[-1] == policy
    ctx = context(scenario, initial_state(None, scenario))
    rules = compile_rules(scenario.policies, ctx)
    assert isinstance(rules, Rules) and len(rules.log) == len(scenario.policies)
    assert Scenario.from_yaml(scenario.to_yaml()) == scenario


def test_rules_combine_in_registry_order(make_scenario: Callable[..., Scenario]) -> None:
    policies = [
        {"name": "priority_cap", "cap": 0.5},
        {"name": "direct_placement_status_holders"},
        {"name": "urgency_priority", "categories": ["urgent"]},
        {"name": "key_worker_priority", "share": 0.2, "regions": ["first"]},
        {"name": "rotterdamwet_art8", "regions": ["WK999902"], "min_years": 4},
    ]
    scenario = make_scenario(policies=policies, turnover=0.5, priority=(5, 0, 3))
    rules = compile_rules(scenario.policies, context(scenario, initial_state(None, scenario)))
    assert rules.priority_categories == {"status_holder", "urgent"}
    assert rules.ranking == "random"  # no waiting_time policy: lottery ranking
    assert rules.key_worker_share is not None
    assert rules.key_worker_share.tolist() == [0.2, 0.0]
    assert rules.art8 is not None and rules.art8.tolist() == [False, True]
    assert rules.art8_min_years == 4
    assert rules.cap is not None and np.allclose(rules.cap, 0.5)
    assert rules.log[0].startswith("priority queue")  # registry order, not file order


def test_cap_draagkracht_scales_with_pressure(make_scenario: Callable[..., Scenario]) -> None:
    policies = [{"name": "urgency_priority"}, {"name": "priority_cap", "cap": 0.3, "strength": 1}]
    scenario = make_scenario(policies=policies, turnover=0.5, low_income=(20.0, 60.0))
    rules = compile_rules(scenario.policies, context(scenario, initial_state(None, scenario)))
    assert rules.cap is not None
    assert rules.cap.tolist() == pytest.approx([min(1, 0.3 * np.e), 0.3 / np.e])


def test_art10_needs_the_regions_of_art8(make_scenario: Callable[..., Scenario]) -> None:
    policies = [
        {"name": "rotterdamwet_art8", "regions": ["WK999902"]},
        {"name": "rotterdamwet_art10", "regions": ["WK999901"], "share": 0.1},
    ]
    scenario = make_scenario(policies=policies, turnover=0.5)
    with pytest.raises(SpecError, match="same regions as rotterdamwet_art8"):
        compile_rules(scenario.policies, context(scenario, initial_state(None, scenario)))
