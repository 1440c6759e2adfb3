"""Why € X: explanations add up; winners and losers against another rule or year."""

from __future__ import annotations

import pandas as pd
import pytest

from kloof.allocation import AllocationRule, allocate, compare, explain, explanation_table
from kloof.errors import SpecError


def _rule(**data: object) -> AllocationRule:
    return AllocationRule.from_dict({"name": "t", "budget": 10_001, **data})


def test_lines_add_up_and_name_each_part(toy: pd.DataFrame) -> None:
    r = _rule(key={"kind": "need_weighted"}, floor={"amount": 1500}, cap={"amount": 3400})
    result = allocate(toy, r)
    for rid in toy.index:
        ex = explain(result, rid)
        assert sum(line.amount for line in ex.lines) == pytest.approx(ex.amount)
    b = explain(result, "b", language="en")
    items = [line.item for line in b.lines]
    assert items[:2] == ["population", "need"]
    assert "floor" in items
    text = b.text()
    assert text.startswith("Why € 1,500 for B (b)?")
    assert "per resident" in text and "floor  (€ 1,500)" in text
    a = explain(result, "a")
    assert any(line.item == "redistribution" for line in a.lines)
    assert "Waarom € 2.551 voor A (a)?" in a.text()  # the odd euro of 10,001 (id order)
    # by name as well as by id
    assert explain(result, "C").recipient == "c"
    with pytest.raises(SpecError, match="not in this allocation"):
        explain(result, "zz")


def test_tiers_and_unfunded_recipients(toy: pd.DataFrame) -> None:
    r = _rule(
        tiers=[
            {"name": "vast", "amount": 1001, "recipients": ["a"], "key": {"kind": "equal"}},
            {
                "name": "rest",
                "recipients": "rest",
                "select": {"top": 2},
                "key": {"kind": "per_capita"},
            },
        ]
    )
    result = allocate(toy, r)
    ex = explain(result, "a", language="en")
    assert [line.tier for line in ex.lines] == ["vast"]
    assert ex.amount == 1001
    # the rest tier funds the two neediest of b, c, d: c (2) and b (1, before d by id)
    unfunded = explain(result, "d", language="en")
    assert unfunded.amount == 0 and "receives nothing" in unfunded.text()


def test_gemeentefonds_explained_per_measure() -> None:
    frame = pd.DataFrame(
        {"name": ["X", "Y"], "population": [10_000.0, 20_000], "bijstand": [500.0, 300]},
        index=["x", "y"],
    )
    r = _rule(
        budget=6_600_000,
        key={
            "kind": "gemeentefonds",
            "measures": [
                {"column": "population", "amount": 100, "label": "inwoners"},
                {"column": "bijstand", "amount": 1000, "threshold": 0.02},
            ],
        },
    )
    table = explanation_table(allocate(frame, r))
    x = table[table["recipient"] == "x"].set_index("item")["amount"]
    assert x["measure:inwoners"] == 2_000_000
    assert x["measure:bijstand (drempel 0.02 × population)"] == 600_000
    assert set(table.columns) == {
        "recipient",
        "name",
        "tier",
        "item",
        "label",
        "kind",
        "amount",
        "detail",
    }
    sums = table.groupby("recipient")["amount"].sum()
    assert sums.to_dict() == pytest.approx({"x": 2_600_000, "y": 4_000_000})


def test_winners_and_losers(toy: pd.DataFrame) -> None:
    per_capita = allocate(toy, _rule(budget=10_000, key={"kind": "per_capita"}))
    by_need = allocate(toy, _rule(budget=10_000, key={"kind": "need_weighted"}))
    table = compare(by_need, per_capita).set_index("recipient")
    # need-weighted 2500, 1250, 3750, 2500 against per capita 1000, 2000, 3000, 4000
    assert table["difference"].to_dict() == {"a": 1500, "c": 750, "b": -750, "d": -1500}
    assert list(table.index) == ["a", "c", "b", "d"]  # largest gain first
    assert table.loc["a", "difference_per_resident"] == 1.5
    assert table.loc["a", "difference_pct"] == 150.0
    assert table["outcome"].to_dict() == {"a": "winner", "c": "winner", "b": "loser", "d": "loser"}
    # against a previous year given as a series, with a new and a gone recipient
    previous = pd.Series({"a": 2500.0, "b": 1000.0, "x": 50.0})
    table = compare(by_need, previous).set_index("recipient")
    assert table.loc["a", "outcome"] == "unchanged"
    assert table.loc["c", "outcome"] == "new"
    assert table.loc["x", "outcome"] == "gone" and table.loc["x", "difference"] == -50


def test_need_inputs_and_a_negative_need_line_explained(toy: pd.DataFrame) -> None:
    """Toy by hand: S = Σ p n = 16,000, W = 10,000, average need 1.6, u = € 0.625.

    b (2,000 residents, need 1): per resident 2,000 × 1.6 × 0.625 = € 2,000; need
    2,000 × (1 − 1.6) × 0.625 = −€ 750; together 2,000 × 1 × 0.625 = € 1,250.
    """
    frame = toy.copy()
    frame["need_numerator"] = [40.0, 20.0, 60.0, 40.0]
    frame["need_denominator"] = frame["population"]
    frame["need_value"] = 1000 * frame["need_numerator"] / frame["need_denominator"]
    frame["need_reference"] = 10.0
    frame["confidence"] = ["high (sum 1,000)", "", "low (inferred)", ""]
    frame["need_note"] = ["", "proxy: rates of the whole gemeente GM0001", "", ""]
    frame["need_note_nl"] = ["", "benadering: cijfers van de hele gemeente GM0001", "", ""]
    prov = {
        "need_label": "Bijstand per 1 000 inwoners",
        "need_unit": "per 1 000 inwoners",
        "need_unit_en": "per 1,000 inhabitants",
        "need_transform": "ratio",
        "need_numerator": "bijstand_recipients",
        "need_denominator": "inhabitants",
        "need_scale": "1000",
        "need_source": "CBS KWB 2023",
        "data_year": "2023",
    }
    result = allocate(frame, _rule(budget=10_000, key={"kind": "need_weighted"}), provenance=prov)
    b = explain(result, "b")
    amounts = {line.item: line.amount for line in b.lines}
    assert amounts["population"] == pytest.approx(2000.0)
    assert amounts["need"] == pytest.approx(-750.0)
    assert b.amount == 1250
    text = b.text()
    assert "teller       bijstand_recipients: 20" in text
    assert "20 / 2.000 × 1000 = 10 per 1 000 inwoners" in text
    assert "behoefte     10 / 10 = 1" in text
    assert "CBS KWB 2023; gegevensjaar 2023" in text
    assert "onder het gemiddelde 1,6" in text
    assert "2.000 × 1 × € 0,625 = € 1.250, nooit minder dan nul" in text
    assert "let op: benadering: cijfers van de hele gemeente GM0001" in text
    english = explain(result, "b", language="en").text()
    assert "note: proxy: rates of the whole gemeente GM0001" in english
    assert "= 10 per 1,000 inhabitants" in english and "10 per 1 000 inwoners" not in english
    a = explain(result, "a", language="en")
    assert "composition, confidence: high (sum 1,000)" in a.text()
    assert "above the average 1.6: extra" in a.text()
    assert not any("negative" in n for n in a.notes)
    assert result.table().set_index("recipient")["confidence"].tolist() == [
        "high",
        "",
        "low",
        "",
    ]
    # the XLSX "Uitleg" rows: inputs and notes without an amount, amounts still add up
    table = explanation_table(result, inputs=True)
    b_rows = table[table["recipient"] == "b"]
    assert b_rows["kind"].tolist()[0] == "input" and b_rows["kind"].tolist()[-1] == "note"
    assert b_rows["amount"].sum() == pytest.approx(1250.0)
    assert (
        table[table["item"] == "confidence"]["detail"] == ["high (sum 1,000)", "low (inferred)"]
    ).all()
