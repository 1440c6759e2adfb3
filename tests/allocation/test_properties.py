"""Property tests over random budgets, recipients and rules (Hypothesis).

Invariants: the total is exact; floors and caps hold, or the rule is reported infeasible
exactly when it is; equal recipients get equal amounts (±1 unit); more need never gets
less under a monotone key; the order of the recipients does not matter; per capita keys
scale with population.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kloof.allocation import AllocationRule, InfeasibleRuleError, allocate

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

budgets = st.integers(min_value=0, max_value=10**9)
populations = st.integers(min_value=1, max_value=500_000).map(float)
needs = st.floats(min_value=0.01, max_value=100.0, allow_nan=False)
alphas = st.sampled_from([0.0, 0.5, 1.0, 2.0])

keys = st.one_of(
    st.just({"kind": "equal"}),
    st.just({"kind": "per_capita"}),
    st.just({"kind": "per_household"}),
    alphas.map(lambda a: {"kind": "need_weighted", "alpha": a}),
    st.builds(
        lambda a, t: {
            "kind": "gemeentefonds",
            "measures": [
                {"column": "constant", "amount": 1000.0},
                {"column": "population", "amount": 50.0},
                {"column": "households", "amount": a, "threshold": t, "base": "population"},
            ],
        },
        st.floats(min_value=0.0, max_value=500.0),
        st.floats(min_value=0.0, max_value=0.6),
    ),
    alphas.map(
        lambda a: {
            "kind": "base_plus_variable",
            "base": 10.0,
            "variable": {"kind": "need_weighted", "alpha": a},
        }
    ),
)


@st.composite
def recipients(draw: Any, min_size: int = 1, max_size: int = 12) -> pd.DataFrame:
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    ids = draw(
        st.lists(st.text("abcdefghij", min_size=1, max_size=4), min_size=n, max_size=n, unique=True)
    )
    pop = draw(st.lists(populations, min_size=n, max_size=n))
    hh = [max(1.0, p * draw(st.floats(min_value=0.2, max_value=0.7))) for p in pop]
    need = draw(st.lists(needs, min_size=n, max_size=n))
    return pd.DataFrame(
        {"name": [i.upper() for i in ids], "population": pop, "households": hh, "need": need},
        index=pd.Index(ids, name="recipient"),
    )


def _rule(key: dict[str, Any], budget: float, **extra: Any) -> AllocationRule:
    return AllocationRule.from_dict({"name": "p", "budget": budget, "key": key, **extra})


def _run(rule: AllocationRule, frame: pd.DataFrame) -> pd.Series | None:
    try:
        return allocate(frame, rule).amounts
    except InfeasibleRuleError:
        return None


def _base_ok(key: dict[str, Any], budget: int, n: int) -> bool:
    return key["kind"] != "base_plus_variable" or key["base"] * n <= budget


@SETTINGS
@given(frame=recipients(), key=keys, budget=budgets)
def test_total_is_exact(frame: pd.DataFrame, key: dict[str, Any], budget: int) -> None:
    if not _base_ok(key, budget, len(frame)):
        return
    amounts = allocate(frame, _rule(key, budget)).amounts
    assert amounts.sum() == budget
    assert (amounts >= 0).all()
    assert amounts.dtype == np.int64


@SETTINGS
@given(
    frame=recipients(),
    key=keys,
    budget=budgets,
    floor=st.one_of(st.none(), st.integers(0, 10**8), st.floats(0.0, 500.0)),
    cap=st.one_of(st.none(), st.integers(0, 10**9), st.floats(0.0, 5000.0)),
)
def test_floors_and_caps_hold_or_infeasible(
    frame: pd.DataFrame, key: dict[str, Any], budget: int, floor: Any, cap: Any
) -> None:
    if not _base_ok(key, budget, len(frame)):
        return
    bounds: dict[str, Any] = {}
    if floor is not None:
        bounds["floor"] = {"amount": floor} if isinstance(floor, int) else {"per_capita": floor}
    if cap is not None:
        bounds["cap"] = {"amount": cap} if isinstance(cap, int) else {"per_capita": cap}
    pop = frame["population"]
    lo = pd.Series(0.0, index=frame.index)
    hi = pd.Series(math.inf, index=frame.index)
    if isinstance(floor, int):
        lo[:] = floor
    elif floor is not None:
        lo = floor * pop
    if isinstance(cap, int):
        hi[:] = cap
    elif cap is not None:
        hi = cap * pop
    try:
        rule = _rule(key, budget, **bounds)
    except Exception:
        # caps below floors in the same form are refused when the rule is built
        assert isinstance(floor, int) == isinstance(cap, int) and cap < floor
        return
    amounts = _run(rule, frame)
    lo_u, hi_u = np.ceil(lo.round(6)), np.floor(hi.round(6))
    crossed = (lo_u > hi_u) & (lo <= hi)
    hi_u[crossed] = lo_u[crossed]
    # every formula amount is positive here, so the rule is feasible exactly when no floor
    # exceeds its cap and the budget lies between the sums of the floors and the caps
    feasible = not (lo > hi).any() and lo_u.sum() <= budget <= hi_u.sum()
    assert (amounts is not None) == feasible
    if amounts is None:
        return
    assert amounts.sum() == budget
    assert (amounts >= lo - 1e-6).all()
    assert (amounts <= hi_u + 1e-6).all()


@SETTINGS
@given(frame=recipients(max_size=4), key=keys, budget=budgets, copies=st.integers(2, 5))
def test_equal_recipients_get_equal_amounts(
    frame: pd.DataFrame, key: dict[str, Any], budget: int, copies: int
) -> None:
    twin = frame.iloc[[0] * copies].copy()
    twin.index = pd.Index([f"twin{i}" for i in range(copies)], name="recipient")
    both = pd.concat([frame.iloc[1:], twin])
    if not _base_ok(key, budget, len(both)):
        return
    amounts = allocate(both, _rule(key, budget)).amounts[twin.index]
    assert amounts.max() - amounts.min() <= 1


@SETTINGS
@given(
    need=st.lists(needs, min_size=2, max_size=12),
    pop=populations,
    alpha=st.sampled_from([0.5, 1.0, 2.0]),
    budget=budgets,
    base=st.booleans(),
    cap=st.one_of(st.none(), st.floats(1.0, 5000.0)),
    floor=st.one_of(st.none(), st.floats(0.0, 50.0)),
)
# two needs whose square roots coincide in floating point: the needier still wins the unit
@example(
    need=[99.99999999999999, 100.0], pop=1.0, alpha=0.5, budget=1, base=False, cap=None, floor=None
)
def test_more_need_never_gets_less(
    need: list[float],
    pop: float,
    alpha: float,
    budget: int,
    base: bool,
    cap: float | None,
    floor: float | None,
) -> None:
    n = len(need)
    frame = pd.DataFrame(
        {"population": pop, "households": pop / 2, "need": need},
        index=pd.Index([f"r{i:02d}" for i in range(n)], name="recipient"),
    )
    key: dict[str, Any] = {"kind": "need_weighted", "alpha": alpha}
    if base:
        key = {"kind": "base_plus_variable", "base": budget / (3 * n), "variable": key}
    extra: dict[str, Any] = {}
    if cap is not None:
        extra["cap"] = {"per_capita": cap}
    if floor is not None:
        extra["floor"] = {"per_capita": floor}
    if cap is not None and floor is not None and cap < floor:
        return
    amounts = _run(_rule(key, budget, **extra), frame)
    if amounts is None:
        return
    order = np.argsort(need, kind="stable")
    sorted_need = np.asarray(need)[order]
    sorted_amounts = amounts.to_numpy()[order]
    for i in range(n - 1):
        if sorted_need[i + 1] > sorted_need[i]:
            assert sorted_amounts[i + 1] >= sorted_amounts[i]


@SETTINGS
@given(frame=recipients(min_size=2), key=keys, budget=budgets, data=st.data())
def test_order_does_not_matter(
    frame: pd.DataFrame, key: dict[str, Any], budget: int, data: Any
) -> None:
    if not _base_ok(key, budget, len(frame)):
        return
    rule = _rule(key, budget, floor={"amount": budget // (4 * len(frame))})
    perm = data.draw(st.permutations(list(range(len(frame)))))
    a = _run(rule, frame)
    b = _run(rule, frame.iloc[perm])
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert a.equals(b.reindex(a.index))


@SETTINGS
@given(frame=recipients(min_size=2), budget=budgets, factor=st.integers(2, 50))
def test_per_capita_scales_with_population(frame: pd.DataFrame, budget: int, factor: int) -> None:
    rule = _rule({"kind": "per_capita"}, budget)
    amounts = allocate(frame, rule).amounts
    pop = frame["population"]
    exact = budget * pop / pop.sum()
    assert (abs(amounts - exact) < 1).all()
    # scaling every population by the same factor changes nothing
    assert allocate(frame.assign(population=pop * factor), rule).amounts.equals(amounts)
    # a recipient with more residents never gets less
    order = np.argsort(pop.to_numpy(), kind="stable")
    pops, amts = pop.to_numpy()[order], amounts.to_numpy()[order]
    assert all(amts[i + 1] >= amts[i] for i in range(len(pops) - 1) if pops[i + 1] > pops[i])


@SETTINGS
@given(frame=recipients(), budget=st.integers(0, 10**7), unit=st.sampled_from(["euro", "cent"]))
def test_cents_sum_exactly(frame: pd.DataFrame, budget: int, unit: str) -> None:
    euros = budget / 100 if unit == "cent" else budget
    result = allocate(frame, _rule({"kind": "need_weighted"}, euros, unit=unit))  # type: ignore[arg-type]
    assert result.amounts.sum() == budget  # in units: cents or euros
    assert result.euros.sum() == pytest.approx(euros)
