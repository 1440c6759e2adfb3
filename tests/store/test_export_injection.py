"""`kloof data export` (``write_table``): names that look like formulas stay text."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kloof.store.export import write_table

ATTACK = "=cmd|' /C calc'!A0"


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["GM0001", "GM0002", "GM0003", "GM0004"],
            "name": [ATTACK, "@SUM(A1)", "Den Haag", "\t+1"],
            "value": [-5.0, 1.5, None, 2.0],
        }
    )


def test_csv_round_trip_keeps_formula_text_as_text(table: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(table, path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))  # Dutch by default
    assert [r["name"] for r in rows] == ["'" + ATTACK, "'@SUM(A1)", "Den Haag", "'\t+1"]
    assert [r["value"] for r in rows] == ["-5", "1,5", "", "2"]  # numbers untouched


def test_xlsx_round_trip_keeps_formula_text_as_text(table: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table(table, path, extra_sheets={"meta": pd.DataFrame({"label": ["-x", "ok"]})})
    wb = openpyxl.load_workbook(path)
    cell = wb["data"]["B2"]
    assert cell.value == ATTACK and cell.data_type == "s"
    assert [c.value for c in wb["data"]["B"][1:]] == [ATTACK, "@SUM(A1)", "Den Haag", "\t+1"]
    assert wb["data"]["C2"].value == -5  # a negative number is still a number
    assert wb["meta"]["A2"].value == "-x" and wb["meta"]["A2"].data_type == "s"
    assert not [
        c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
