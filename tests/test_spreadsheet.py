"""The one CSV/XLSX writer of kloof's exports (:mod:`kloof.spreadsheet`), read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from kloof.spreadsheet import csv_bytes, sheet_name, write_xlsx


def test_csv_numbers_full_precision_without_exponent() -> None:
    frame = pd.DataFrame(
        {
            "code": ["GM0014", "0014"],
            "tiny": [1e-9, np.nan],
            "huge": [2.5e20, np.inf],
            "count": pd.array([1, None], dtype="Int64"),
            "flag": [True, False],
            "negative": [-5.5, -1],
        }
    )
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["GM0014", "0,000000001", "250000000000000000000", "1", "ja", "-5,5"]
    assert rows[2] == ["0014", "", "", "", "nee", "-1"]  # empty, never nan/inf; "-1" no formula
    english = csv_bytes(frame, "en").decode("utf-8-sig").splitlines()
    assert english[1] == "GM0014,0.000000001,250000000000000000000,1,yes,-5.5"


def test_sheet_names_are_valid_and_unique(tmp_path: Path) -> None:
    assert sheet_name("a/b:c*d?e[f]g\\h") == "a-b-c-d-e-f-g-h"
    long = "Bewoners van de wijk per jaar en per gemeente"
    assert len(sheet_name(long)) == 31
    assert sheet_name(long, taken=[sheet_name(long)]).endswith(" (2)")
    frames = {"x: 1/2": pd.DataFrame({"a": [1]}), "X- 1-2": pd.DataFrame({"a": [2]})}
    write_xlsx(tmp_path / "s.xlsx", frames)
    assert openpyxl.load_workbook(tmp_path / "s.xlsx").sheetnames == ["x- 1-2", "X- 1-2 (2)"]


def test_xlsx_numbers_text_and_layout(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "code": ["0014", "=HYPERLINK(1)"],
            "value": [np.inf, -5.25],
            "name": ["Súdwest-Fryslân", None],
        }
    )
    write_xlsx(tmp_path / "t.xlsx", {"data": frame}, about=[("Jaar", 2023)])
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    sheet = book["data"]
    assert sheet["A2"].value == "0014" and sheet["A2"].data_type == "s"  # leading zero kept
    assert sheet["A3"].data_type == "s"  # a formula-like text stays text
    assert sheet["B2"].value is None and sheet["B3"].value == -5.25  # inf refused, not shown
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= len("Súdwest-Fryslân")
    assert book.sheetnames == ["data", "Over deze export"]
    assert [c.value for c in book["Over deze export"][2]] == ["Jaar", 2023]
