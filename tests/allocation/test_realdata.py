"""Real data: €143M over the Preventie met Gezag municipalities and the shipped scenarios
on the national KWB 2023 store."""

from __future__ import annotations

import pandas as pd
import pytest

from kloof.allocation import (
    AllocationRule,
    allocate,
    allocate_schedule,
    compare,
    explain,
    robustness,
    scenario,
)
from kloof.errors import KloofWarning
from kloof.report.allocation_data import build_recipients, index_draws
from kloof.store import Store

#: The 19 NPLV municipalities and the 8 further Preventie met Gezag municipalities
#: (facts.md §1.2 and §2.2).
NPLV_GEMEENTEN = (
    "GM0363",
    "GM0599",
    "GM0518",
    "GM0344",
    "GM0014",
    "GM0080",
    "GM0202",
    "GM0917",
    "GM0758",
    "GM0772",
    "GM0855",
    "GM0606",
    "GM0479",
    "GM0995",
    "GM0356",
    "GM0622",
    "GM0503",
    "GM0505",
    "GM1674",
)
EXTRA_GEMEENTEN = ("GM0034", "GM0153", "GM0796", "GM0268", "GM0794", "GM0983", "GM1883", "GM0935")
PMG_GEMEENTEN = [*NPLV_GEMEENTEN, *EXTRA_GEMEENTEN]

pytestmark = pytest.mark.realdata


def _frame(store: Store) -> pd.DataFrame:
    frame = store.frame(2023, "gemeente", ["inhabitants", "households", "bijstand_per_1000"])
    frame = frame.loc[PMG_GEMEENTEN].rename(columns={"inhabitants": "population"})
    nl = store.frame(2023, "land", ["bijstand_per_1000"]).iloc[0, 0]
    frame["need"] = frame["bijstand_per_1000"] / nl
    frame["name"] = store.regions(2023, "gemeente").set_index("code")["name"]
    return frame


def test_143m_over_the_pmg_gemeenten(kwb2023_store: Store) -> None:
    frame = _frame(kwb2023_store)
    assert len(frame) == 27 and frame["need"].notna().all()
    rule = AllocationRule.from_dict(
        {
            "name": "PmG gemeenten",
            "budget": 143_000_000,
            "key": {"kind": "need_weighted", "alpha": 1},
            "floor": {"amount": 1_000_000},
            "cap": {"per_capita": 150},
        }
    )
    result = allocate(frame, rule, provenance={"data": "KWB 2023"})
    amounts = result.amounts
    assert amounts.sum() == 143_000_000
    assert (amounts >= 1_000_000).all()
    assert (amounts <= 150 * frame["population"]).all()
    # the four big cities get the most; Rotterdam more than Utrecht (more bijstand)
    top4 = set(amounts.sort_values().index[-4:])
    assert top4 == {"GM0363", "GM0599", "GM0518", "GM0344"} or "GM0599" in top4
    assert amounts["GM0599"] > amounts["GM0344"]
    # every euro explained
    ex = explain(result, "GM0599")
    assert sum(line.amount for line in ex.lines) == pytest.approx(ex.amount)
    data = rule.to_dict()
    data["tiers"][0]["key"] = {"kind": "per_capita"}
    per_capita = allocate(frame, AllocationRule.from_dict(data))
    table = compare(result, per_capita)
    assert table["difference"].sum() == pytest.approx(0.0)
    assert set(table["outcome"]) <= {"winner", "loser", "unchanged"}


@pytest.mark.parametrize("name", ["pmg2025", "dichtdekloof2021", "gemeentefonds"])
def test_shipped_scenarios_run(kwb2023_store: Store, name: str) -> None:
    rule = scenario(name)
    frame, provenance = build_recipients(kwb2023_store, rule)
    year = next(iter(rule.budgets))
    if rule.is_schedule:
        schedule = allocate_schedule(frame, rule, provenance=provenance)
        assert [a.amounts.sum() for a in schedule.allocations] == [
            rule.units(b) for b in rule.budgets.values()
        ]
        result = schedule.allocations[0]
    else:
        result = allocate(frame, rule, provenance=provenance)
    assert result.amounts.sum() == rule.units(rule.budgets[year])
    assert provenance["data_year"] == "2023"
    if name == "pmg2025":
        assert len(frame) == 28 and (result.amounts >= 1_000_000).all()
        # every NPLV area now has its own composition (areas.csv, Dec 2026): no proxies
        assert "proxy" not in provenance["notes"]
    if name == "dichtdekloof2021":
        tiers = {t.name: t for t in result.tiers}
        assert len(tiers["16 gebieden"].recipients) == 16
        assert len(tiers["kwetsbare wijken elders"].recipients) == 50
        assert result.euros[list(tiers["16 gebieden"].recipients)].sum() == 400_000_000
    if name == "gemeentefonds":
        assert len(frame) == 342
        # the ingroeipad: against a per capita distribution nobody moves more than €15
        # per resident in a year (within one euro of rounding)
        pop = frame["population"]
        previous = 1e9 * pop / pop.sum()
        dampened = allocate_schedule(frame, rule, previous=previous).allocations[0]
        scaled = previous * 1e9 / previous.sum()
        change = (dampened.euros - scaled) / pop
        assert change.abs().max() <= 15 + 1 / pop.min()
        assert (dampened.tiers[0].binding == "dampening").any()


def test_need_from_the_index_and_its_uncertainty(kwb2023_store: Store) -> None:
    rule = AllocationRule.from_yaml(
        """
name: index need
budget: 10000000
data:
  recipients:
    - {areas: nplv, codes: [rotterdam-zuid, utrecht-overvecht, breda-noord],
       unknown_areas: gemeente}
    - {level: gemeente, codes: [GM0034, GM0153, GM0268]}
need: {index: kloof, transform: gap}
key: {kind: need_weighted}
"""
    )
    with pytest.warns(KloofWarning):
        frame, prov = build_recipients(kwb2023_store, rule)
    assert (frame["need"] >= 0).all()
    # gemeenten and areas of wijken on one scale: a gemeente is the inhabitant-weighted
    # mean of its wijken's index, and its draws come from those wijken (issue 16)
    assert frame.loc["GM0034", "codes"].startswith("WK0034")
    assert "wijk scale" in prov["notes"]
    # Overvecht is worse off than NL (index < 100), so it has a need
    assert frame.loc["utrecht-overvecht", "need"] > 0
    result = allocate(frame, rule)
    assert result.amounts.sum() == 10_000_000
    with pytest.warns(KloofWarning):
        draws = index_draws(kwb2023_store, rule, frame, 2023, runs=16, seed=3)
    assert draws.shape == (16, 6) and (draws.to_numpy() >= 0).all()
    rob = robustness(frame, rule, draws)
    s = rob.summary
    assert (s["low"] <= s["high"]).all()
    assert s.loc["utrecht-overvecht", "high"] > s.loc["utrecht-overvecht", "low"]


def test_need_explained_from_the_areas_own_counts(kwb2023_store: Store) -> None:
    """Every NPLV area measured on its own wijken and buurten (issue 16): the explanation
    of Breda Noord shows numerator, denominator, rate, NL rate, source and confidence,
    and the numerator over the denominator is the rate the need uses."""
    rule = scenario("pmg2025")
    frame, provenance = build_recipients(kwb2023_store, rule)
    areas = frame.index[~frame.index.str.startswith("GM")]
    assert len(areas) == 20
    assert not frame.loc[areas, "need_note"].str.contains("proxy").any()
    assert (frame.loc[areas, "confidence"] != "").all()
    rate = 1000 * frame["need_numerator"] / frame["need_denominator"]
    assert rate.to_numpy() == pytest.approx(frame["need_value"].to_numpy(), rel=0.02)
    result = allocate(frame, rule, provenance=provenance)
    text = explain(result, "breda-noord").text()
    for part in ("bijstand_recipients", "inhabitants", "Nederland", "CBS", "gegevensjaar 2023"):
        assert part in text
    assert "betrouwbaarheid: medium" in text
    # a municipality below the average need: the negative line is explained
    assert any("nooit minder dan nul" in n for n in explain(result, "GM0796").notes)


def test_runs_on_the_shipped_indicator_scenario(kwb2023_store: Store) -> None:
    """pmg2025 --runs: Poisson draws of each area's bijstand count give every recipient
    an interval; Breda Noord's narrows when its counts grow (same rate, 25× the people)."""
    from kloof.report.allocation_data import need_draws

    rule = scenario("pmg2025")
    frame, _ = build_recipients(kwb2023_store, rule)
    draws, how = need_draws(kwb2023_store, rule, frame, 2023, runs=200, seed=3)
    assert "Poisson" in how and draws.shape == (200, 28)
    rob = robustness(frame, rule, draws)
    width = (rob.summary["high"] - rob.summary["low"]) / rob.summary["baseline"]
    assert (width > 0).all() and (width < 0.25).all()
    bigger = frame.copy()
    for col in ("need_numerator", "need_denominator"):
        bigger.loc["breda-noord", col] *= 25
    draws2, _ = need_draws(kwb2023_store, rule, bigger, 2023, runs=200, seed=3)
    rob2 = robustness(frame, rule, draws2)
    width2 = (rob2.summary["high"] - rob2.summary["low"]) / rob2.summary["baseline"]
    assert width2["breda-noord"] < 0.8 * width["breda-noord"]
