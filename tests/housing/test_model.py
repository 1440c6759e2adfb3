"""The engine: conservation, determinism, common random numbers, hand-checkable cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from kloof.errors import SpecError
from kloof.housing import HousingModel, RunResult, Scenario, initial_state, run, shipped
from kloof.housing.outcomes import CHANNELS
from kloof.housing.policies import CATEGORIES

Make = Callable[..., dict[str, Any]]
FIXTURE_OK = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def scenarios(draw: st.DrawFn, make: Make) -> Scenario:
    n = draw(st.integers(1, 4))
    policies: list[dict[str, Any]] = []
    if draw(st.booleans()):
        policies.append({"name": "waiting_time"})
    if draw(st.booleans()):
        policies.append({"name": "lottery_share", "share": draw(st.floats(0, 1))})
    if draw(st.booleans()):
        policies.append({"name": "urgency_priority"})
    if draw(st.booleans()):
        policies.append({"name": "direct_placement_status_holders"})
    regions = [f"WK9999{i + 1:02d}" for i in range(n)]
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(regions), min_size=1, unique=True))
        policies.append({"name": "key_worker_priority", "share": draw(st.floats(0, 1)),
                         "regions": chosen})  # fmt: skip
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(regions), min_size=1, unique=True))
        policies.append({"name": "rotterdamwet_art8", "regions": chosen,
                         "min_years": draw(st.floats(0, 10))})  # fmt: skip
    if draw(st.booleans()):
        policies.append({"name": "priority_cap", "cap": draw(st.floats(0.05, 1)),
                         "strength": draw(st.floats(0, 2)), "allow_backlog": True})  # fmt: skip
    data = make(
        n_regions=n,
        social=tuple(draw(st.integers(0, 80)) for _ in range(n)),
        low_income=tuple(draw(st.floats(10, 70)) for _ in range(n)),
        policies=policies,
        years=draw(st.integers(1, 4)),
        regular={
            "initial_pool": draw(st.integers(0, 80)),
            "per_year": draw(st.integers(0, 40)),
            "exit_rate": draw(st.floats(0, 1)),
        },
        priority=tuple(draw(st.integers(0, 8)) for _ in range(3)),
        refusal={"base": draw(st.floats(0, 0.9)), "slope": draw(st.floats(0, 0.3))},
        turnover=draw(st.floats(0, 0.6)),
    )
    data["seed"] = draw(st.integers(0, 10_000))
    return Scenario.from_dict(data)


def _run(scenario: Scenario, seed: int | None = None) -> tuple[HousingModel, RunResult]:
    model = HousingModel(scenario, initial_state(None, scenario), seed=seed,
                         record_lettings=True)  # fmt: skip
    return model, model.run()


def _run_or_reject(scenario: Scenario) -> tuple[HousingModel, RunResult]:
    """Run a generated scenario; reject the draw if its cap leaves no room at all."""
    try:
        return _run(scenario)
    except SpecError as exc:
        assert "no region room" in str(exc), exc
        reject()
        raise  # pragma: no cover - reject() raises


def check_conservation(model: HousingModel, result: RunResult) -> None:
    lettings = result.lettings
    assert lettings is not None
    # every vacancy let at most once a year; no household housed twice
    assert not lettings.duplicated(["year", "dwelling"]).any()
    assert lettings["household"].is_unique
    regions = result.regions
    for code in model.scenario.codes:
        r = regions.xs(code, level="code")
        occ = r["social_occupied"].to_numpy()
        social = r["social_dwellings"].to_numpy()
        flows = r.iloc[1:]
        # stock balance: occupied_t = occupied_{t-1} − departures_t + lettings_t
        np.testing.assert_array_equal(
            occ[1:], occ[:-1] - flows["departures"].to_numpy() + flows["lettings"].to_numpy()
        )
        np.testing.assert_array_equal(
            flows["vacancies"].to_numpy(), social[1:] - occ[:-1] + flows["departures"].to_numpy()
        )
        assert (flows["lettings"] <= flows["vacancies"]).all()
        assert (occ <= social).all() and (occ >= 0).all()
        inflow = flows[[f"{c}_inflow" for c in CATEGORIES[1:]]].sum(axis=1)
        assert (inflow == flows["vulnerable_inflow"]).all()
    # channels and their rules
    rules = model.rules
    codes = list(model.scenario.codes)
    idx = lettings["region"].map({c: i for i, c in enumerate(codes)}).to_numpy().astype(np.int64)
    kw = lettings["channel"] == CHANNELS.index("key_worker")
    assert lettings.loc[kw, "key_worker"].all()
    if rules.key_worker_share is not None:
        assert (rules.key_worker_share[idx[kw.to_numpy()]] > 0).all()
    prio = lettings["channel"] == CHANNELS.index("priority")
    cats = {CATEGORIES.index(c) for c in rules.priority_categories}
    assert lettings.loc[prio, "category"].isin(cats).all()
    assert not lettings.loc[~prio, "category"].isin(cats).any()
    if rules.art8 is not None:  # no permit without own income or enough years
        designated = rules.art8[idx]
        assert lettings.loc[designated, "eligible"].all()
    if rules.cap is not None:
        placed = regions["priority_placements"].unstack("code").iloc[1:]
        vac = regions["vacancies"].unstack("code").iloc[1:]
        assert (placed[codes].to_numpy() <= np.floor(rules.cap * vac[codes].to_numpy())).all()
    # conservation of households: housed + waiting = initial queue + arrivals − exits
    assert (lettings["wait"] >= 0).all()


@FIXTURE_OK
@given(data=st.data())
def test_conservation_properties(make_dict: Make, data: st.DataObject) -> None:
    scenario = data.draw(scenarios(make_dict))
    model, result = _run_or_reject(scenario)
    check_conservation(model, result)


@FIXTURE_OK
@given(data=st.data())
def test_determinism_and_noop_policies(make_dict: Make, data: st.DataObject) -> None:
    scenario = data.draw(scenarios(make_dict))
    _, a = _run_or_reject(scenario)
    _, b = _run(scenario)
    pd.testing.assert_frame_equal(a.regions, b.regions)
    pd.testing.assert_frame_equal(a.lettings, b.lettings)
    # no-op changes: reversed policy order, zero lottery share when absent
    names = {p.name for p in scenario.policies}
    extra = [] if "lottery_share" in names else [{"name": "lottery_share", "share": 0.0}]
    policies = [p.model_dump() for p in reversed(scenario.policies)] + extra
    _, c = _run(scenario.variant(policies=policies))
    pd.testing.assert_frame_equal(a.regions, c.regions)
    pd.testing.assert_frame_equal(a.lettings, c.lettings)


def test_noop_policy_changes_give_identical_outcomes() -> None:
    base = shipped("zaanstad").variant(years=4)
    _, a = _run(base)
    noops = [
        {"name": "key_worker_priority", "share": 0.0, "regions": ["zaandam_oost"]},
        {"name": "priority_cap", "cap": 1.0},
        {"name": "lottery_share", "share": 0.0},
    ]
    for extra in noops:
        variant = base.variant(policies=[*base.policies, extra])
        _, b = _run(variant)
        pd.testing.assert_frame_equal(a.regions, b.regions, obj=extra["name"])
        pd.testing.assert_frame_equal(a.groups, b.groups)
    # art. 8 with min_years 0 admits everyone: same lettings, no refused permits
    no_art8 = base.variant(policies=[p for p in base.policies if p.name != "rotterdamwet_art8"])
    zero = base.variant(
        policies=[
            *no_art8.policies,
            {"name": "rotterdamwet_art8", "regions": ["zaandam_oost"], "min_years": 0},
        ]
    )
    _, c = _run(no_art8)
    _, d = _run(zero)
    pd.testing.assert_frame_equal(c.regions, d.regions)


def test_common_random_numbers_pair_runs() -> None:
    """With one seed, two policies see the same departures in the first year."""
    base = shipped("zaanstad").variant(years=2)
    spread = shipped("zaanstad-spread").variant(years=2)
    _, a = _run(base, seed=11)
    _, b = _run(spread, seed=11)
    first = base.start_year
    pd.testing.assert_series_equal(
        a.regions.xs(first, level="year")["departures"],
        b.regions.xs(first, level="year")["departures"],
    )
    _, c = _run(base, seed=12)
    assert not a.regions["departures"].equals(c.regions["departures"])


def test_one_region_waiting_time_only_follows_waiting_time(make_dict: Make) -> None:
    data = make_dict(
        n_regions=1,
        social=(80,),
        policies=[{"name": "waiting_time"}],
        priority=(0, 0, 0),
        refusal={"base": 0.0, "slope": 0.0},
        turnover=0.3,
        years=5,
        regular={"initial_pool": 50, "per_year": 20, "exit_rate": 0.1},
    )
    scenario = Scenario.from_dict(data)
    model = HousingModel(scenario, initial_state(None, scenario), record_lettings=True)
    model.reset()
    for _ in range(scenario.years):
        rec = model.step()
        log = rec.lettings_log
        assert log is not None and len(log) == int(rec.lettings.sum())
        assert model.pool is not None
        # in offer order, the longest-waiting seeker gets each vacancy
        ordered = log.sort_values("when")["registered"].to_numpy()
        assert (np.diff(ordered) > 0).all()
        # and nobody left waiting registered before anyone housed
        if len(log) and len(model.pool):
            assert model.pool.registered.min() > ordered.max()


def test_one_region_with_refusals_never_skips_a_willing_seeker(make_dict: Make) -> None:
    data = make_dict(
        n_regions=1,
        social=(80,),
        policies=[{"name": "waiting_time"}],
        priority=(0, 0, 0),
        refusal={"base": 0.5, "slope": 0.0},
        turnover=0.3,
        years=3,
    )
    scenario = Scenario.from_dict(data)
    _, result = _run(scenario)
    assert result.lettings is not None
    for _, log in result.lettings.groupby("year"):
        # refusers leave the round, so winners are in waiting order in offer order
        ordered = log.sort_values("when")["registered"].to_numpy()
        assert (np.diff(ordered) > 0).all()


def test_cap_of_ten_percent_holds_everywhere_every_year() -> None:
    base = shipped("zaanstad")
    capped = base.variant(policies=[*base.policies, {"name": "priority_cap", "cap": 0.1,
                                                     "allow_backlog": True}])  # fmt: skip
    _, result = _run(capped.variant(years=6))
    flows = result.regions.drop(index=base.start_year - 1, level="year")
    assert (flows["priority_placements"] <= np.floor(0.1 * flows["vacancies"])).all()
    assert (flows["priority_share"].fillna(0) <= 0.1 + 1e-12).all()
    # the cap leaves room for less than the inflow: the run says why some wait
    assert (result.years["priority_unplaced"].iloc[1:] > 0).all()
    assert any("reached its cap" in note for note in result.notes)
    assert (result.years["blocked_by_cap"].iloc[1:] > 0).all()


def test_cap_redirects_to_regions_with_room() -> None:
    base = shipped("toy").variant(years=5)
    capped = base.variant(policies=[*base.policies, {"name": "priority_cap", "cap": 0.25}])
    _, a = _run(base)
    _, b = _run(capped)
    total = lambda r: r.regions["priority_placements"].groupby(level="code").sum()  # noqa: E731
    moved = total(b) - total(a)
    assert abs(moved.sum()) <= b.years["priority_unplaced"].sum()  # placed elsewhere
    assert moved["WK999901"] < 0 and moved[["WK999903", "WK999904"]].sum() > 0


def test_art8_refuses_permits_and_moves_inflow() -> None:
    base = shipped("toy").variant(years=5)
    art8 = base.variant(policies=[*base.policies, {"name": "rotterdamwet_art8",
                                                   "regions": ["weak"]}])  # fmt: skip
    _, a = _run(base)
    _, b = _run(art8)
    assert a.regions["refused_permits"].sum() == 0 < b.regions["refused_permits"].sum()
    weak = ["WK999901", "WK999902"]
    no_income = lambda r: r.regions["no_own_income_inflow"].unstack("code")[weak].sum().sum()  # noqa: E731
    assert no_income(b) < no_income(a)


def test_art10_screening_refuses_a_share_of_applicants() -> None:
    """Screening alone (no income rule) refuses permits in the weak regions; adding it to
    art. 8 refuses at least as many as art. 8 alone (same seed: same households)."""
    base = shipped("toy").variant(years=5)
    screen = {"name": "rotterdamwet_art10", "regions": ["weak"], "share": 0.2}
    art8 = {"name": "rotterdamwet_art8", "regions": ["weak"]}
    _, a = _run(base)
    _, b = _run(base.variant(policies=[*base.policies, screen]))
    _, c = _run(base.variant(policies=[*base.policies, art8]))
    _, d = _run(base.variant(policies=[*base.policies, art8, screen]))
    refused = lambda r: int(r.regions["refused_permits"].sum())  # noqa: E731
    assert refused(a) == 0 < refused(b)
    assert refused(d) >= refused(c) > 0


def test_restructuring_changes_the_stock_and_the_outcomes() -> None:
    """Demolition, new build and sale change the stock by exactly their counts; the
    demolished dwellings' occupants are displaced into the queues and (CRN) the rest of
    the run differs from the baseline only through them."""
    base = shipped("toy").variant(years=6)
    y0 = base.start_year
    plan = base.variant(
        restructuring=[
            {"region": "WK999901", "year": y0 + 1, "demolish": 40},
            {"region": "WK999901", "year": y0 + 2, "until": y0 + 4, "new_build": 10},
            {"region": "WK999904", "year": y0, "until": y0 + 5, "sell": 5},
        ]
    )
    _, a = _run(base)
    _, b = _run(plan)
    weak = b.regions.xs("WK999901", level="code")
    start = weak["social_dwellings"].iloc[0]
    expected = start - weak["demolished"].fillna(0).cumsum() + weak["built"].fillna(0).cumsum()
    assert (weak["social_dwellings"] == expected).all()
    assert weak["demolished"].sum() == 40 and weak["built"].sum() == 30
    assert 0 < weak["displaced"].sum() <= 40
    sold = b.regions.xs("WK999904", level="code")["sold"]
    assert 0 < sold.sum() <= 30
    assert (b.regions["social_occupied"] <= b.regions["social_dwellings"]).all()
    assert not b.regions["vulnerable_share"].equals(a.regions["vulnerable_share"])
    assert "demolished" not in a.regions  # columns only with restructuring
    with pytest.raises(SpecError, match="outside the run"):
        base.variant(restructuring=[{"region": "WK999901", "year": y0 + 40, "sell": 1}])


def test_key_worker_priority_houses_more_key_workers() -> None:
    base = shipped("toy").variant(years=5)
    kw = base.variant(policies=[*base.policies, {"name": "key_worker_priority", "share": 0.3,
                                                 "regions": ["weak"]}])  # fmt: skip
    _, a = _run(base)
    _, b = _run(kw)
    weak = ["WK999901", "WK999902"]
    housed = lambda r: r.regions["key_workers_housed"].unstack("code")[weak].sum().sum()  # noqa: E731
    assert housed(b) > housed(a)


def test_refusals_concentrate_priority_in_weak_regions() -> None:
    _, result = _run(shipped("toy").variant(years=8))
    share = result.regions["priority_share"].groupby(level="code").mean()
    assert share["WK999901"] > share["WK999904"]


def test_run_function_and_seed_override() -> None:
    scenario = shipped("toy").variant(years=2)
    initial = initial_state(None, scenario)
    a = run(initial, scenario, seed=5)
    assert a.seed == 5 and a.lettings is None
    assert a.years.index.tolist() == [2023, 2024, 2025]


def test_index_effect_is_explicit(make_dict: Make) -> None:
    data = make_dict(years=2)
    data["index_effect"] = {"elasticity": 0.5}
    scenario = Scenario.from_dict(data)
    result = run(initial_state(None, scenario), scenario)
    r = result.regions
    base = r.xs(2023, level="year")
    last = r.xs(2025, level="year")
    expected = base["index_projected"] + 0.5 * 100 * (
        last["vulnerable_share"] - base["vulnerable_share"]
    )
    pd.testing.assert_series_equal(last["index_projected"], expected, check_names=False)
    assert base["index_projected"].tolist() == [30.0, 40.0]


def test_turnover_times_multiplier_above_one_fails(make_dict: Make) -> None:
    data = make_dict(turnover=0.6)
    data["stock"]["turnover_multiplier"] = {"urgent": 2.0}
    scenario = Scenario.from_dict(data)
    with pytest.raises(Exception, match="exceeds 1"):
        HousingModel(scenario, initial_state(None, scenario))
