"""The XLSX workbook (one sheet per view) and the chart of an allocation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from kloof.allocation import AllocationRule, allocate, allocate_schedule, compare, robustness
from kloof.report.allocation_chart import allocation_chart, save_allocation_chart
from kloof.report.allocation_xlsx import write_allocation_xlsx


def _rule(**data: object) -> AllocationRule:
    return AllocationRule.from_dict({"name": "t", "budget": 10_000, **data})


def test_workbook_has_a_sheet_per_view(tmp_path: Path, toy: pd.DataFrame) -> None:
    rule = _rule(key={"kind": "need_weighted"}, floor={"amount": 1500})
    result = allocate(toy, rule, provenance={"store": "toy"})
    other = allocate(toy, _rule(key={"kind": "per_capita"}))
    draws = np.tile(toy["need"].to_numpy(), (5, 1)) * np.linspace(0.8, 1.2, 5)[:, None]
    rob = robustness(toy, rule, draws)
    path = write_allocation_xlsx(
        tmp_path / "sub" / "a.xlsx", result, compare=compare(result, other), robustness=rob
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Bedragen", "Uitleg", "Winnaars-verliezers", "Robuustheid", "Regel"]
    ws = wb["Bedragen"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["ontvanger", "naam", "inwoners"]
    col = header.index("bedrag (€)") + 1
    assert ws.cell(2, col).number_format == "€ #,##0"
    assert sum(ws.cell(r, col).value for r in range(2, ws.max_row + 1)) == 10_000
    assert ws.freeze_panes == "A2"
    rows = [(r[0].value, r[1].value) for r in wb["Regel"].iter_rows(min_row=2)]
    assert ("provenance.store", "toy") in rows
    yaml_lines = [v for k, v in rows if k == "rule.yaml"]
    assert yaml_lines[0] == "name: t"
    assert AllocationRule.from_yaml("\n".join(yaml_lines)) == rule
    # English sheet names, and the previous allocation the result carries
    prev = pd.Series(2500.0, index=toy.index)
    damp = allocate(
        toy, _rule(key={"kind": "per_capita"}, dampening={"max_change_pct": 10}), previous=prev
    )
    path = write_allocation_xlsx(tmp_path / "b.xlsx", damp, language="en")
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["Amounts", "Explanation", "Winners-losers", "Rule"]
    assert set(sheets["Winners-losers"]["outcome"]) == {"winner", "loser"}
    explanation = sheets["Explanation"]
    assert explanation.groupby("recipient")["amount"].sum().round(6).to_dict() == (
        damp.euros.astype(float).to_dict()
    )


def test_schedule_columns_and_cents(tmp_path: Path, toy: pd.DataFrame) -> None:
    rule = _rule(budget={2025: 100.01, 2026: 200.02}, unit="cent", key={"kind": "equal"})
    schedule = allocate_schedule(toy, rule)
    path = write_allocation_xlsx(tmp_path / "c.xlsx", schedule.allocations[0], schedule=schedule)
    ws = openpyxl.load_workbook(path)["Bedragen"]
    header = [c.value for c in ws[1]]
    assert {"amount_2025", "amount_2026"} <= set(header)
    assert ws.cell(2, header.index("bedrag (€)") + 1).number_format == "€ #,##0.00"


def test_chart(tmp_path: Path, toy: pd.DataFrame) -> None:
    rule = _rule(key={"kind": "need_weighted"}, select={"top": 3})
    result = allocate(toy, rule)
    draws = np.tile(toy["need"].to_numpy(), (5, 1)) * np.linspace(0.8, 1.2, 5)[:, None]
    fig = allocation_chart(
        result,
        robustness=robustness(toy, rule, draws),
        compare=pd.Series(2500.0, index=toy.index),
        compare_label="vorig jaar",
    )
    ax = fig.axes[0]
    assert len(ax.patches) == 3  # the funded recipients only
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "A"  # largest per resident on top
    assert ax.get_xlabel() == "€ per inwoner"
    png = save_allocation_chart(tmp_path / "c.png", result, per_resident=False, language="en")
    assert png.stat().st_size > 1000
