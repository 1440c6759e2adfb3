"""A need with an ordered preference of indicators (issue 16, Preventie met Gezag):
the first indicator the store has for every recipient is the need, and the allocation
says which and why."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from kloof.allocation import AllocationRule, NeedSpec, allocate, explain, scenario
from kloof.errors import SpecError
from kloof.report.allocation_data import build_recipients, need_draws
from kloof.report.allocation_robustness import draws_text
from kloof.store import Store

CODES = ["GM0001", "GM0002", "GM0003"]


class ToyStore:
    """A store of three gemeenten and NL with bijstand and, optionally, youth suspects."""

    path = "toy"

    def __init__(self, youth: list[float] | None) -> None:
        pop = np.array([10_000.0, 20_000.0, 40_000.0])
        gm = pd.DataFrame(
            {
                "inhabitants": pop,
                "households": pop / 2,
                "bijstand_recipients": [100.0, 200.0, 400.0],  # all 10 per 1,000
            },
            index=pd.Index(CODES, name="code"),
        )
        gm["bijstand_per_1000"] = 1000 * gm["bijstand_recipients"] / gm["inhabitants"]
        if youth is not None:
            gm["youth_suspects"] = youth
            gm["youth_suspects_per_1000"] = 1000 * gm["youth_suspects"] / gm["inhabitants"]
        land = gm.sum().to_frame("NL00").T
        for rate, count in (
            ("bijstand_per_1000", "bijstand_recipients"),
            ("youth_suspects_per_1000", "youth_suspects"),
        ):
            if count in land:
                land[rate] = 1000 * land[count] / land["inhabitants"]
        self.levels = {"gemeente": gm, "land": land}

    def frame(self, year: int, level: str, cols: list[str] | None = None) -> pd.DataFrame:
        out = self.levels.get(level, pd.DataFrame())
        return out.reindex(columns=cols).copy() if cols is not None else out.copy()

    def regions(self, year: int, level: str) -> pd.DataFrame:
        return pd.DataFrame({"code": CODES, "name": ["Een", "Twee", "Drie"]})

    def years(self, level: str) -> list[int]:
        return [2023]


RULE = """
name: jeugd
budget: 700000
data:
  year: 2023
  recipients:
    - {level: gemeente, codes: [GM0001, GM0002, GM0003]}
need:
  indicator: [youth_suspects_per_1000, bijstand_per_1000]
  transform: ratio
key: {kind: need_weighted, alpha: 1}
"""


def test_preference_round_trips_and_single_indicator_unchanged() -> None:
    rule = AllocationRule.from_yaml(RULE)
    assert rule.need is not None
    assert rule.need.indicators == ("youth_suspects_per_1000", "bijstand_per_1000")
    assert AllocationRule.from_yaml(rule.to_yaml()) == rule
    single = NeedSpec(indicator="bijstand_per_1000")
    assert single.fallback == () and "fallback" not in single.model_dump(exclude_defaults=True)
    with pytest.raises(SpecError, match="twice"):
        AllocationRule.from_yaml(RULE.replace("bijstand_per_1000]", "youth_suspects_per_1000]"))
    with pytest.raises(SpecError, match="fallback"):
        AllocationRule.from_dict(
            {
                "name": "x",
                "budget": 1,
                "key": {"kind": "per_capita"},
                "need": {"index": "kloof", "transform": "gap", "fallback": ["a"]},
            }
        )


def test_need_uses_youth_suspects_when_the_store_has_them() -> None:
    # 30, 20, 5 per 1,000 against NL 80 / 70,000 × 1,000
    store = ToyStore(youth=[300.0, 400.0, 200.0])
    rule = AllocationRule.from_yaml(RULE)
    frame, prov = build_recipients(store, rule)
    assert prov["need_indicator"] == "youth_suspects_per_1000"
    assert "first preference" in prov["need_choice"]
    assert "eerste voorkeur" in prov["notes_nl"]
    nl = 1000 * 900 / 70_000
    assert frame["need"].to_numpy() == pytest.approx(np.array([30.0, 20.0, 5.0]) / nl)
    assert "bijstand_per_1000" not in frame
    result = allocate(frame, rule, provenance=prov)
    assert result.amounts.sum() == 700_000
    assert result.amounts["GM0001"] / 10_000 > result.amounts["GM0003"] / 40_000
    text = explain(result, "GM0001", language="en").text()
    assert "youth_suspects" in text and "first preference" in text
    draws, how = need_draws(store, rule, frame, 2023, runs=20, seed=1)
    assert how.startswith("youth_suspects_per_1000") and draws.shape == (20, 3)
    assert "youth_suspects_per_1000" in draws_text(result, draws, "en")


@pytest.mark.parametrize("youth", [None, [300.0, np.nan, 200.0]])
def test_need_falls_back_when_a_recipient_lacks_youth_suspects(youth: Any) -> None:
    store = ToyStore(youth=youth)
    rule = AllocationRule.from_yaml(RULE)
    frame, prov = build_recipients(store, rule)
    assert prov["need_indicator"] == "bijstand_per_1000"
    assert frame["need"].tolist() == pytest.approx([1.0, 1.0, 1.0])  # all at NL rate
    why = "lacks a value for 1 of 3" if youth else "not in the store for all recipients"
    assert why in prov["need_choice"] and prov["notes"].startswith("need: bijstand")
    assert "terugval" in prov["need_choice_nl"]
    text = explain(allocate(frame, rule, provenance=prov), "GM0002").text()
    assert "terugval" in text


@pytest.mark.realdata
def test_pmg2025_falls_back_on_bijstand_with_the_real_data(kwb2023_store: Store) -> None:
    """The national store has no youth crime below gemeente level: pmg2025 still gives
    €143M on bijstand and says it fell back."""
    rule = scenario("pmg2025")
    assert rule.need is not None
    assert rule.need.indicators == ("youth_suspects_per_1000", "bijstand_per_1000")
    frame, prov = build_recipients(kwb2023_store, rule)
    result = allocate(frame, rule, provenance=prov)
    assert result.amounts.sum() == 143_000_000
    assert prov["need_indicator"] == "bijstand_per_1000"
    assert "fallback: youth_suspects_per_1000" in prov["need_choice"]
    assert "terugval" in explain(result, "breda-noord").text()
    assert "aged 12-24" in rule.describe("en") and "bijstand" in rule.describe("en")
    assert "verdachten van 12-24 jaar" in rule.describe("nl")
