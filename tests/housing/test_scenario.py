"""Scenario specs: YAML round trip, validation before running, initial state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from kloof.errors import SpecError
from kloof.housing import HousingModel, Scenario, initial_state, list_shipped, shipped

Make = Callable[..., dict[str, Any]]


@pytest.mark.parametrize("name", list_shipped())
def test_shipped_round_trip_and_runs(name: str) -> None:
    scenario = shipped(name)
    assert Scenario.from_yaml(scenario.to_yaml()) == scenario
    initial = initial_state(None, scenario)  # every shipped scenario runs without a store
    model = HousingModel(scenario, initial)
    model.reset()
    model.step()


def test_variants_share_regions_with_their_base() -> None:
    for base in ("zaanstad", "rotterdam-zuid", "rotterdam-buurten"):
        assert shipped(f"{base}-spread").regions == shipped(base).regions
        assert shipped(f"{base}-spread").applicants == shipped(base).applicants
    plain = shipped("rotterdam-buurten-no-rotterdamwet")
    assert plain.regions == shipped("rotterdam-buurten").regions
    assert plain.applicants == shipped("rotterdam-buurten").applicants


def test_zaandam_oost_is_the_five_wijken() -> None:
    s = shipped("zaanstad")
    assert s.areas["zaandam_oost"] == tuple(f"WK04791{i}" for i in range(1, 6))
    assert len(s.regions) == 19
    assert shipped("rotterdam-zuid").areas["zuid"] == ("WK059910", "WK059912", "WK059915")


def test_rotterdam_buurten_designate_the_seven_focus_buurten_of_zuid() -> None:
    """The Rotterdamwet baseline: art. 8 and key-worker priority (art. 9) in the seven
    NPRZ focus wijken, as whole CBS buurten; the buurten tile the 15 residential wijken."""
    s = shipped("rotterdam-buurten")
    assert s.level == "buurt" and len(s.regions) == 76
    names = {r.code: r.name for r in s.regions}
    focus = {names[c] for c in s.areas["nprz_focus"]}
    assert focus == {"Afrikaanderwijk", "Bloemhof", "Carnisse", "Feijenoord", "Hillesluis",
                     "Oud Charlois", "Tarwewijk"}  # fmt: skip
    assert set(s.areas["nprz_focus"]) < set(s.areas["zuid"])
    assert {c[:8] for c in s.areas["zuid"]} == {"BU059910", "BU059912", "BU059915"}
    by_name = {p.name: p for p in s.policies}
    assert by_name["rotterdamwet_art8"].regions == ("nprz_focus",)  # type: ignore[union-attr]
    assert by_name["key_worker_priority"].regions == ("nprz_focus",)  # type: ignore[union-attr]
    plain = shipped("rotterdam-buurten-no-rotterdamwet")
    assert {p.name for p in plain.policies}.isdisjoint({"rotterdamwet_art8", "key_worker_priority"})
    # the buurten's dwellings and social stock add up to the wijk scenario's (rounding)
    wijken = initial_state(None, shipped("rotterdam-zuid"))
    buurten = initial_state(None, s)
    assert buurten.social_dwellings.sum() == pytest.approx(wijken.social_dwellings.sum(), abs=20)
    wk_social = dict(zip(wijken.codes, wijken.social_dwellings, strict=True))
    per_wijk: dict[str, int] = {}
    for code, n in zip(buurten.codes, buurten.social_dwellings, strict=True):
        key = "WK" + code[2:8]
        per_wijk[key] = per_wijk.get(key, 0) + int(n)
    for key, n in per_wijk.items():
        assert n == pytest.approx(wk_social[key], abs=8), key


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        (("stock", "turnover"), 1.5, "less than or equal to 1"),
        (("stock", "turnover"), -0.1, "greater than or equal to 0"),
        (("applicants", "regular", "own_income_share"), 1.2, "own_income_share"),
        (("applicants", "urgent", "per_year"), -3, "per_year"),
        (("refusal", "base"), -0.5, "refusal.base"),
        (("years",), 0, "years"),
        (("policies",), [{"name": "lottery_share", "share": 1.5}], "share"),
        (("policies",), [{"name": "no_such_policy"}], "does not match any of the expected"),
        (
            ("policies",),
            [{"name": "key_worker_priority", "share": 0.1, "regions": ["WK999999"]}],
            "unknown region or area 'WK999999'",
        ),
        (("policies",), [{"name": "rotterdamwet_art8", "regions": ["nowhere"]}], "nowhere"),
        (("areas",), {"a": ["WK123456"]}, "unknown regions WK123456"),
        (("level",), "buurt", "is not a buurt code"),
        (("stock", "vulnerable_split"), {"urgent": 0.7, "status_holder": 0.7}, "sum to 1"),
    ],
)
def test_bad_scenarios_fail_with_a_clear_message(
    make_dict: Make, path: tuple[str, ...], value: Any, fragment: str
) -> None:
    data = make_dict()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(SpecError, match="invalid") as info:
        Scenario.from_dict(data)
    assert fragment in str(info.value)


def test_region_errors(make_dict: Make) -> None:
    data = make_dict()
    data["regions"].append(dict(data["regions"][0]))
    with pytest.raises(SpecError, match="regions listed twice: WK999901"):
        Scenario.from_dict(data)
    data = make_dict()
    data["regions"][0]["code"] = "XX12"
    with pytest.raises(SpecError, match="XX12"):
        Scenario.from_dict(data)
    data = make_dict()
    data["regions"][0]["fallback"]["owner_occupied_pct"] = 60.0
    data["regions"][0]["fallback"]["social_rent_pct"] = 60.0
    with pytest.raises(SpecError, match="above 100"):
        Scenario.from_dict(data)
    with pytest.raises(SpecError, match="not valid YAML"):
        Scenario.from_yaml("name: [unclosed")


def test_cap_no_region_can_satisfy_fails_before_running(make_dict: Make) -> None:
    data = make_dict(
        policies=[{"name": "urgency_priority"}, {"name": "priority_cap", "cap": 0.001}]
    )
    scenario = Scenario.from_dict(data)
    with pytest.raises(SpecError, match="no region room for a single priority placement"):
        HousingModel(scenario, initial_state(None, scenario))
    data = make_dict(
        policies=[{"name": "urgency_priority"}, {"name": "priority_cap", "cap": 0.1}],
        priority=(0, 20, 20),
        turnover=0.5,
    )
    scenario = Scenario.from_dict(data)
    with pytest.raises(SpecError, match="cannot be met"):
        HousingModel(scenario, initial_state(None, scenario))
    data["policies"][1]["allow_backlog"] = True
    HousingModel(Scenario.from_dict(data), initial_state(None, Scenario.from_dict(data)))


def test_duplicate_policy_fails(make_dict: Make) -> None:
    data = make_dict(policies=[{"name": "waiting_time"}, {"name": "waiting_time"}])
    scenario = Scenario.from_dict(data)
    with pytest.raises(SpecError, match="waiting_time listed more than once"):
        HousingModel(scenario, initial_state(None, scenario))


def test_initial_state_prefers_override_then_store_then_fallback(make_dict: Make) -> None:
    data = make_dict()
    data["regions"][1]["override"] = {"households": 90}
    del data["regions"][1]["fallback"]["dwellings"]
    scenario = Scenario.from_dict(data)
    frame = pd.DataFrame(
        {"households": [120.0, 130.0], "dwellings": [np.nan, 110.0]},
        index=["WK999901", "WK999902"],
    )
    init = initial_state(frame, scenario)
    assert init.values.loc["WK999901", "households"] == 120
    assert init.sources.loc["WK999901", "households"] == "store"
    assert init.values.loc["WK999901", "dwellings"] == 100
    assert init.sources.loc["WK999901", "dwellings"] == "scenario"
    assert init.values.loc["WK999902", "households"] == 90
    assert init.sources.loc["WK999902", "households"] == "override"
    assert init.values.loc["WK999902", "dwellings"] == 110
    assert init.social_dwellings.tolist() == [60, 66]
    assert init.nonsocial_households.tolist() == [60, 24]
    # 1 vulnerable per bijstand recipient x 0.5 (default): 40/1000 x 200 x 0.5 = 4
    assert init.vulnerable_social.tolist() == [4, 4]
    assert init.pressure_z.tolist() == pytest.approx([-1.0, 1.0])


def test_initial_state_names_missing_values(make_dict: Make) -> None:
    data = make_dict()
    del data["regions"][0]["fallback"]["dwellings"]
    scenario = Scenario.from_dict(data)
    with pytest.raises(SpecError, match=r"WK999901\.dwellings.*fallback"):
        initial_state(None, scenario)


def test_variant_validates() -> None:
    s = shipped("toy")
    v = s.variant(name="toy-lottery", policies=[{"name": "lottery_share", "share": 0.5}])
    assert v.policies[0].name == "lottery_share" and v.regions == s.regions
    with pytest.raises(SpecError):
        s.variant(years=-1)
