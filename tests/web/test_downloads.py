"""The dashboard's downloads, read back as Dutch Excel and openpyxl read them.

CSV and XLSX of the Vergelijken table, the profile and the allocation: the same writer as
the command line (:mod:`kloof.spreadsheet`), headers for people with their unit, numbers
as numbers, codes as text, a provenance sheet, words in the page's language.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pandas as pd
import pytest

from kloof.spreadsheet import csv_bytes

pytestmark = pytest.mark.realdata

PARAMS = {"level": "wijk", "gemeente": "GM0599", "year": 2023, "lang": "nl"}


def _book(response: Any) -> openpyxl.Workbook:
    assert response.status_code == 200, response.text[:300]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_values_csv_rows_and_numbers_equal_the_screen(client: Any) -> None:
    screen = client.get("/api/v1/values", params={**PARAMS, "limit": 500}).json()
    response = client.get("/api/v1/values", params={**PARAMS, "format": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) - 1 == screen["total"] == len(screen["items"])
    header = rows[0]
    assert "40% personen met laagste inkomen (%)" in header  # the unit of a share
    table = pd.read_csv(io.StringIO(text), sep=";", decimal=",", dtype={"Code": str})
    by_code = {item["code"]: item for item in screen["items"]}
    for _, row in table.iterrows():
        want = by_code[row["Code"]]["bijstand_per_1000"]
        got = row["Bijstand per 1 000 inwoners"]
        assert (want is None and pd.isna(got)) or got == pytest.approx(want, rel=1e-15)


def test_values_csv_is_the_cli_convention(client: Any) -> None:
    """One writer: the download equals kloof.spreadsheet.csv_bytes of the readable table."""
    nl = client.get("/api/v1/values", params={**PARAMS, "format": "csv"}).content
    en = client.get("/api/v1/values", params={**PARAMS, "format": "csv", "lang": "en"}).content
    assert nl.startswith(b"\xef\xbb\xbf") and en.startswith(b"\xef\xbb\xbf")
    english = pd.read_csv(io.BytesIO(en), encoding="utf-8-sig")  # ',' and '.'
    dutch = pd.read_csv(io.BytesIO(nl), encoding="utf-8-sig", sep=";", decimal=",")
    assert english.shape == dutch.shape
    pd.testing.assert_frame_equal(english.set_axis(dutch.columns, axis=1), dutch)
    again = pd.DataFrame({"name": ["=cmd|' /C calc'!A0"], "value": [1.5]})
    assert csv_bytes(again).decode("utf-8-sig").splitlines()[1] == "'=cmd|' /C calc'!A0;1,5"


def test_values_xlsx_has_readable_headers_numbers_and_provenance(client: Any) -> None:
    book = _book(client.get("/api/v1/values", params={**PARAMS, "format": "xlsx"}))
    assert book.sheetnames == ["wijk 2023", "Indicatoren", "Over deze export"]
    sheet = book["wijk 2023"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Code", "Naam", "Gemeente", "Gemeentenaam"]
    assert "Gemiddeld inkomen per inwoner (x 1 000 euro)" in header
    rows = list(sheet.iter_rows(min_row=2))
    assert rows and all(r[0].data_type == "s" and r[0].value.startswith("WK0599") for r in rows)
    income = header.index("Gemiddeld inkomen per inwoner (x 1 000 euro)")
    assert all(r[income].data_type == "n" for r in rows if r[income].value is not None)
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["B"].width >= 12
    about = dict(book["Over deze export"].iter_rows(min_row=2, max_row=5, values_only=True))
    assert about["Jaar"] == 2023 and about["Niveau"] == "wijk"
    indicators = [r[0] for r in book["Indicatoren"].iter_rows(min_row=2, values_only=True)]
    assert "income_per_inhabitant" in indicators


def test_profile_xlsx_speaks_dutch(client: Any) -> None:
    book = _book(client.get("/gebied/GM0599/download/xlsx"))
    assert "explain" not in book.sheetnames and "Uitleg" in book.sheetnames
    assert all(len(name) <= 31 for name in book.sheetnames)
    header = [c.value for c in book["Indicatoren"][1]]
    assert header[:3] == ["Indicator", "Omschrijving", "Eenheid"] and "Waarde" in header
    cells = [c for row in book["Indicatoren"].iter_rows(min_row=2) for c in row]
    assert not {"higher_is_better", "higher_is_worse"} & {c.value for c in cells}
    assert not [c.coordinate for c in cells if c.data_type == "b"]  # ja/nee, not WAAR
    assert [c.value for c in book["Domeinen"][1]][:3] == ["Domein", "Omschrijving", "Score"]


def test_allocation_xlsx_words_in_dutch(client: Any) -> None:
    book = _book(client.get("/api/v1/allocations/pmg2025", params={"format": "xlsx"}))
    sheet = book["Bedragen"]
    header = [c.value for c in sheet[1]]
    confidence = header.index("betrouwbaarheid samenstelling")
    values = {r[confidence] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values and values <= {"hoog", "middel", "laag", "middel-hoog", "middel-laag", None}


def test_side_by_side_csv_words_in_dutch(client: Any) -> None:
    response = client.get("/naast-elkaar/download/csv", params={"gebied": ["GM0599", "GM0363"]})
    assert response.status_code == 200, response.text[:300]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {r["Soort"] for r in rows} == {"Index", "Domein", "Indicator"}  # not domain
    assert all("." not in r["Nederland"] for r in rows)  # decimal comma
