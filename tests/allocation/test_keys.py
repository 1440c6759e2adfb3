"""Every key in the registry passes the same checks; a drempel measure checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.allocation import KEYS, AllocationRule, allocate, explain
from kloof.allocation.keys import (
    GemeentefondsKey,
    KeyData,
    Measure,
    NeedWeightedKey,
    compute,
    gemeentefonds,
)
from kloof.errors import SpecError


def _data(frame: pd.DataFrame) -> KeyData:
    cols = {c: frame[c].to_numpy(dtype="float64") for c in frame.columns if c != "name"}
    return KeyData(tuple(frame.index), cols)


@pytest.mark.parametrize("kind", sorted(KEYS))
def test_conformance(kind: str, toy: pd.DataFrame) -> None:
    entry = KEYS[kind]
    spec = entry.example
    assert spec.kind == kind  # type: ignore[attr-defined]
    assert isinstance(spec, entry.spec)
    data = _data(toy)
    out = compute(spec, data, 1_000_000.0)
    # formula amounts are non-negative, add up to the budget, and are the sum of components
    assert (out.amounts >= 0).all()
    assert out.amounts.sum() == pytest.approx(1_000_000.0)
    assert np.sum(list(out.components.values()), axis=0) == pytest.approx(out.amounts)
    if entry.homogeneous:
        # a budget of zero gives zeros; amounts are proportional to the budget
        assert compute(spec, data, 0.0).amounts == pytest.approx(np.zeros(4))
        assert compute(spec, data, 2_000_000.0).amounts == pytest.approx(2 * out.amounts)
    else:
        # a larger budget never gives anyone less
        assert (compute(spec, data, 2_000_000.0).amounts >= out.amounts).all()
    # reordering the recipients reorders the amounts
    rev = toy.iloc[::-1]
    assert compute(spec, _data(rev), 1_000_000.0).amounts == pytest.approx(out.amounts[::-1])
    # a single recipient gets everything
    one = compute(spec, _data(toy.iloc[:1]), 5_000.0)
    assert one.amounts == pytest.approx([5_000.0])
    # the spec round-trips through a rule, and the rule runs and is explained
    rule = AllocationRule.from_dict({"name": kind, "budget": 1_000_000, "key": spec.model_dump()})
    assert AllocationRule.from_yaml(rule.to_yaml()) == rule
    result = allocate(toy, rule)
    assert result.amounts.sum() == 1_000_000
    for rid in toy.index:
        ex = explain(result, rid)
        assert sum(line.amount for line in ex.lines) == pytest.approx(ex.amount)
    # the uses_need promise holds: changing the need changes nothing for need-free keys
    other = compute(spec, _data(toy.assign(need=[1.0, 9.0, 3.0, 2.0])), 1_000_000.0)
    moved = not np.allclose(other.amounts, out.amounts)
    assert moved == entry.uses_need(spec)


def test_hand_checked_drempel() -> None:
    """X: 10,000 inhabitants, 500 bijstand; Y: 20,000 inhabitants, 300 bijstand.

    Measures: €100 per inhabitant; €1,000 per bijstand recipient above 2% of the
    population. Units: X 10,000 and max(0, 500 - 200) = 300; Y 20,000 and
    max(0, 300 - 400) = 0. Raw: X 1,000,000 + 300,000 = 1,300,000; Y 2,000,000.
    Budget 6,600,000 → uitkeringsfactor 6.6M / 3.3M = 2: X 2,600,000, Y 4,000,000.
    """
    frame = pd.DataFrame(
        {"name": ["X", "Y"], "population": [10_000.0, 20_000], "bijstand": [500.0, 300]},
        index=["x", "y"],
    )
    spec = GemeentefondsKey(
        measures=(
            Measure(column="population", amount=100, label="inwoners"),
            Measure(column="bijstand", amount=1000, threshold=0.02, label="bijstand"),
        )
    )
    out = gemeentefonds(spec, _data(frame), 6_600_000.0)
    assert out.amounts.tolist() == [2_600_000.0, 4_000_000.0]
    assert out.components["measure:inwoners"].tolist() == [2_000_000.0, 4_000_000.0]
    assert out.components["measure:bijstand"].tolist() == [600_000.0, 0.0]
    rule = AllocationRule.from_dict(
        {"name": "gf", "budget": 6_600_000, "key": spec.model_dump(mode="json")}
    )
    result = allocate(frame, rule)
    assert result.amounts.tolist() == [2_600_000, 4_000_000]
    text = explain(result, "x", language="en").text()
    assert "300 × € 1,000 × 2.000000" in text


def test_default_drempel_label_and_constant_measure() -> None:
    m = Measure(column="bijstand", amount=1.0, threshold=0.02)
    assert m.name == "bijstand (drempel 0.02 × population)"
    frame = pd.DataFrame({"population": [1.0, 3.0]}, index=["a", "b"])
    spec = GemeentefondsKey(measures=(Measure(column="constant", amount=5.0),))
    assert gemeentefonds(spec, _data(frame), 10.0).amounts.tolist() == [5.0, 5.0]


def test_key_errors_name_the_problem(toy: pd.DataFrame) -> None:
    with pytest.raises(SpecError, match="every recipient has weight zero"):
        compute(NeedWeightedKey(), _data(toy.assign(need=0.0)), 100.0)
    with pytest.raises(SpecError, match="missing or negative"):
        compute(NeedWeightedKey(), _data(toy.assign(need=[1.0, np.nan, 1, 1])), 100.0)
    neg = GemeentefondsKey(
        measures=(Measure(column="population", amount=1), Measure(column="need", amount=-1000))
    )
    with pytest.raises(SpecError, match="negative amount"):
        compute(neg, _data(toy), 100.0)
    with pytest.raises(SpecError, match="lacks"):
        compute(GemeentefondsKey(measures=(Measure(column="nope", amount=1),)), _data(toy), 1.0)
    rule = AllocationRule.from_dict(
        {"name": "b", "budget": 100, "key": {"kind": "base_plus_variable", "base": 30}}
    )
    with pytest.raises(SpecError, match="exceeds the budget"):
        allocate(toy, rule)
    with pytest.raises(ValueError, match="distinct"):
        GemeentefondsKey(measures=(Measure(column="a", amount=1), Measure(column="a", amount=2)))


def test_need_weighted_split_into_size_and_need(toy: pd.DataFrame) -> None:
    # weights p × n: 4000, 2000, 6000, 4000 (sum 16000); per capita shares 1/10 ... 4/10
    out = compute(NeedWeightedKey(alpha=1), _data(toy), 16_000.0)
    assert out.amounts.tolist() == [4000.0, 2000.0, 6000.0, 4000.0]
    assert out.components["population"].tolist() == [1600.0, 3200.0, 4800.0, 6400.0]
    assert out.components["need"].tolist() == [2400.0, -1200.0, 1200.0, -2400.0]
    per_hh = compute(NeedWeightedKey(alpha=0, weight="households"), _data(toy), 4_600.0)
    assert per_hh.amounts.tolist() == [500.0, 900.0, 1200.0, 2000.0]
