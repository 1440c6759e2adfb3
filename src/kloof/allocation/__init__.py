"""Funding the areas: a transparent, explainable budget allocation engine.

Pure analysis: rules and recipient frames in, frozen results out; no files, no store,
no settings. An :class:`AllocationRule` (YAML) names a budget (or a multi-year
schedule), tiers, a key from :data:`KEYS`, floors, caps and dampening; :func:`allocate`
pays whole euros (or cents) that add up exactly; :func:`explain` says why each recipient
gets what it gets; :func:`compare` lists winners and losers; :func:`robustness` and
:func:`sensitivity` show how much the amounts move under need uncertainty and method
choices. :func:`scenario` loads the shipped scenarios (:data:`SCENARIOS`).

Examples
--------
>>> import pandas as pd
>>> from kloof.allocation import AllocationRule, allocate
>>> frame = pd.DataFrame(
...     {"name": ["A", "B"], "population": [1000.0, 3000.0], "need": [2.0, 1.0]},
...     index=["a", "b"],
... )
>>> rule = AllocationRule.from_dict({"name": "x", "budget": 100, "key": {"kind": "per_capita"}})
>>> allocate(frame, rule).amounts.tolist()
[25, 75]
"""

from __future__ import annotations

from kloof.allocation.allocate import allocate, allocate_schedule, allocate_year, check
from kloof.allocation.apportion import InfeasibleRuleError, largest_remainder, resolve
from kloof.allocation.explain import Explanation, Line, compare, explain, explanation_table
from kloof.allocation.keys import KEYS, KeyEntry, Measure
from kloof.allocation.need import TRANSFORMS, poisson_draws, transform_need
from kloof.allocation.result import Allocation, Schedule, TierResult
from kloof.allocation.robustness import Factor, Robustness, Sensitivity, robustness, sensitivity
from kloof.allocation.rule import (
    AllocationRule,
    Bound,
    Dampening,
    DataSpec,
    NeedSpec,
    RecipientSource,
    Selection,
    Tier,
)
from kloof.allocation.scenarios import SCENARIOS, scenario, scenario_key

__all__ = [
    "KEYS",
    "SCENARIOS",
    "TRANSFORMS",
    "Allocation",
    "AllocationRule",
    "Bound",
    "Dampening",
    "DataSpec",
    "Explanation",
    "Factor",
    "InfeasibleRuleError",
    "KeyEntry",
    "Line",
    "Measure",
    "NeedSpec",
    "RecipientSource",
    "Robustness",
    "Schedule",
    "Selection",
    "Sensitivity",
    "Tier",
    "TierResult",
    "allocate",
    "allocate_schedule",
    "allocate_year",
    "check",
    "compare",
    "explain",
    "explanation_table",
    "largest_remainder",
    "poisson_draws",
    "resolve",
    "robustness",
    "scenario",
    "scenario_key",
    "sensitivity",
    "transform_need",
]
