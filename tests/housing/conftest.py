"""Builders of small, hand-checkable housing scenarios."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kloof.housing import Scenario


def scenario_dict(
    n_regions: int = 2,
    *,
    social: tuple[int, ...] | None = None,
    low_income: tuple[float, ...] | None = None,
    policies: list[dict[str, Any]] | None = None,
    years: int = 3,
    regular: dict[str, Any] | None = None,
    priority: tuple[int, int, int] = (5, 2, 3),
    refusal: dict[str, float] | None = None,
    turnover: float = 0.1,
) -> dict[str, Any]:
    """A toy scenario: ``n_regions`` wijken of the fictional GM9999, 100 dwellings each."""
    social = social or tuple(60 for _ in range(n_regions))
    low_income = low_income or tuple(30.0 + 10 * i for i in range(n_regions))
    regions = [
        {
            "code": f"WK9999{i + 1:02d}",
            "name": f"wijk {i + 1}",
            "fallback": {
                "households": 100,
                "dwellings": 100,
                "social_rent_pct": float(social[i]),
                "owner_occupied_pct": 20.0,
                "households_bottom40_pct": float(low_income[i]),
                "bijstand_per_1000": 40.0,
                "inhabitants": 200,
            },
        }
        for i in range(n_regions)
    ]
    return {
        "name": "toy-test",
        "level": "wijk",
        "data_year": 2023,
        "start_year": 2024,
        "years": years,
        "seed": 3,
        "regions": regions,
        "areas": {"first": ["WK999901"]},
        "stock": {"turnover": turnover},
        "applicants": {
            "regular": {
                "initial_pool": 60,
                "per_year": 30,
                "exit_rate": 0.2,
                "own_income_share": 0.6,
                "local_share": 0.5,
                "key_worker_share": 0.2,
                **(regular or {}),
            },
            "status_holder": {"per_year": priority[0]},
            "shelter_outflow": {"per_year": priority[1], "local_share": 0.5},
            "urgent": {"per_year": priority[2], "own_income_share": 0.3, "local_share": 0.7},
        },
        "refusal": refusal or {"base": 0.2, "slope": 0.1},
        "policies": policies
        if policies is not None
        else [
            {"name": "waiting_time"},
            {"name": "urgency_priority"},
            {"name": "direct_placement_status_holders"},
        ],
    }


@pytest.fixture
def make_scenario() -> Callable[..., Scenario]:
    """``make_scenario(**kwargs)`` → a validated toy :class:`Scenario`."""

    def make(**kwargs: Any) -> Scenario:
        return Scenario.from_dict(scenario_dict(**kwargs))

    return make


@pytest.fixture
def make_dict() -> Callable[..., dict[str, Any]]:
    """``make_dict(**kwargs)`` → the plain mapping, to break on purpose."""
    return scenario_dict
