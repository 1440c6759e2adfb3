"""The one CSV/XLSX writer of kloof's exports (:mod:`kloof.spreadsheet`), read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from kloof.spreadsheet import csv_bytes, finish_sheet, sheet_name, write_xlsx


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


def _reference_xlsx(path: Path, frame: pd.DataFrame) -> None:
    """The former writer: pandas ``to_excel`` (openpyxl), then :func:`finish_sheet`."""
    clean = frame.copy()
    numeric = clean.select_dtypes(include="number").columns
    clean[numeric] = clean[numeric].replace([np.inf, -np.inf], np.nan)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        clean.to_excel(writer, sheet_name="data", index=False)
        finish_sheet(writer.book["data"])


def test_streamed_xlsx_matches_pandas_cell_by_cell(tmp_path: Path) -> None:
    """The write-only writer gives the cells, types, header and widths that pandas'
    ``to_excel`` plus :func:`finish_sheet` gave (missing cells are empty in both)."""
    rng = np.random.default_rng(7)
    n = 620  # more than the 500 rows the widths are measured on
    frame = pd.DataFrame(
        {
            "code": [f"BU{i:08d}" for i in range(n)],
            "naam": pd.array(["=SUM(A1)", None, "-min", "Súdwest-Fryslân\nnoord"] * 155, "string"),
            "waarde": np.where(rng.random(n) < 0.2, np.nan, rng.normal(0, 1e6, n)),
            "aantal": np.arange(n, dtype="int64") * 1_000_003,
            "nullable": pd.array([1, None] * 310, dtype="Int64"),
            "vlag": [True, False] * 310,
            "jaar": np.int32(2023),
            "mix": [1.5, "tekst", None, np.float64(2.25)] * 155,
        }
    )
    frame.loc[3, "waarde"] = np.inf
    _reference_xlsx(tmp_path / "old.xlsx", frame)
    write_xlsx(tmp_path / "new.xlsx", {"data": frame})
    old = openpyxl.load_workbook(tmp_path / "old.xlsx")["data"]
    new = openpyxl.load_workbook(tmp_path / "new.xlsx")["data"]
    assert (new.max_row, new.max_column) == (old.max_row, old.max_column) == (n + 1, 8)
    assert new.freeze_panes == old.freeze_panes == "A2"
    for old_row, new_row in zip(old.iter_rows(), new.iter_rows(), strict=True):
        for was, cell in zip(old_row, new_row, strict=True):
            assert cell.value == was.value, cell.coordinate
            if was.value is not None:
                assert cell.data_type == was.data_type, cell.coordinate
            assert cell.font.bold == was.font.bold, cell.coordinate
    widths = {k: d.width for k, d in old.column_dimensions.items()}
    assert {k: d.width for k, d in new.column_dimensions.items()} == widths
    assert new["B2"].value == "=SUM(A1)" and new["B2"].data_type == "s"
    # an infinite number in a text column is empty too (pandas wrote the text "inf")
    write_xlsx(tmp_path / "inf.xlsx", {"data": pd.DataFrame({"mix": ["a", np.inf]})})
    assert openpyxl.load_workbook(tmp_path / "inf.xlsx")["data"]["A3"].value is None
