"""Shipped scenarios started from the real KWB 2023 data in a store."""

from __future__ import annotations

import pytest

from kloof.housing import HousingModel, initial_state, shipped
from kloof.store import Store


@pytest.mark.realdata
def test_zaanstad_from_the_kwb_2023_store(kwb2023_store: Store) -> None:
    scenario = shipped("zaanstad")
    frame = kwb2023_store.frame(scenario.data_year, scenario.level, codes=list(scenario.codes))
    assert len(frame) == 19
    init = initial_state(frame, scenario)
    # households, income and benefits come from the store; tenure from the scenario
    for field in ("households", "inhabitants", "households_bottom40_pct", "bijstand_per_1000"):
        assert (init.sources[field] == "store").all(), field
    for field in ("dwellings", "social_rent_pct"):
        assert (init.sources[field] == "scenario").all(), field
    assert init.values.loc["WK047912", "households"] == 3580  # Poelenburg, KWB a_hh
    assert init.values.loc["WK047912", "households_bottom40_pct"] == pytest.approx(50.0)
    assert init.values.loc["WK047912", "bijstand_per_1000"] == pytest.approx(320 / 8605 * 1000)
    assert init.values["households"].sum() == 72_220  # 72,213 for the gemeente (rounding)
    assert init.social_dwellings.sum() == 25_788
    # the scenario's fallback values repeat the store's numbers
    assert (initial_state(None, scenario).values["households"] == init.values["households"]).all()
    result = HousingModel(scenario.variant(years=3), init).run()
    last = result.regions.xs(scenario.start_year + 2, level="year")
    oost = list(scenario.areas["zaandam_oost"])
    assert last.loc[oost, "refused_permits"].sum() > 0
    assert last.drop(index=oost)["refused_permits"].sum() == 0
    assert 0.05 < result.years["vulnerable_share"].iloc[-1] < 0.1


@pytest.mark.realdata
def test_rotterdam_zuid_from_the_kwb_2023_store(kwb2023_store: Store) -> None:
    scenario = shipped("rotterdam-zuid-spread")
    frame = kwb2023_store.frame(scenario.data_year, scenario.level, codes=list(scenario.codes))
    init = initial_state(frame, scenario)
    assert (init.sources["households"] == "store").all()
    zuid = init.values.loc[list(scenario.areas["zuid"]), "households"]
    assert zuid.tolist() == [38_765, 29_410, 36_275]  # Feijenoord, IJsselmonde, Charlois
    assert init.pressure[list(scenario.codes).index("WK059915")] == pytest.approx(59.9)
    HousingModel(scenario, init).reset()


@pytest.mark.realdata
def test_rotterdam_buurten_from_the_kwb_2023_store(kwb2023_store: Store) -> None:
    scenario = shipped("rotterdam-buurten")
    frame = kwb2023_store.frame(scenario.data_year, scenario.level, codes=list(scenario.codes))
    assert len(frame) == 76
    init = initial_state(frame, scenario)
    for field in ("households", "inhabitants", "households_bottom40_pct", "bijstand_per_1000"):
        assert (init.sources[field] == "store").all(), field
    assert (init.sources["social_rent_pct"] == "scenario").all()
    assert init.values.loc["BU05991571", "households"] == 6535  # Tarwewijk, KWB a_hh
    # the scenario's fallback values repeat the store's numbers
    fallback = initial_state(None, scenario).values
    for field in ("households", "inhabitants", "households_bottom40_pct"):
        assert (fallback[field] == init.values[field]).all(), field
    assert (fallback["bijstand_per_1000"] - init.values["bijstand_per_1000"]).abs().max() < 0.051
