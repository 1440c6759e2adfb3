"""XLSX and CSV exports and the public view, on a small hand-made plan."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kloof.plans import (
    SYSTEM,
    BudgetRow,
    PermissionDeniedError,
    PlansDB,
    PlansValidationError,
    add_line,
    add_measure,
    add_partner,
    add_update,
    export_plan,
    get_user,
    measures_csv,
    plan_xlsx,
    public_view,
    submit_response,
)

A = "rotterdam-zuid"


@pytest.fixture
def filled(db: PlansDB, world: Any) -> PlansDB:
    """Plan A with 2 partners, 1 line, 2 measures (3 budget rows), 1 update, 2 answers."""
    with db.session() as s:
        editor = get_user(s, world.editor)
        school = add_partner(s, editor, A, "Stichting BOOR", "school")
        add_partner(s, editor, A, "Politie Rotterdam", "politie")
        line = add_line(s, editor, A, "onderwijsachterstanden", "Rijke schooldag", ["cito_score"])
        m1 = add_measure(
            s,
            editor,
            A,
            title="Verlengde schooldag",
            task="onderwijsachterstanden",
            line_id=line.id,
            partner_id=school.id,
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2027, 12, 31),
            budget=[BudgetRow(2026, 250_000, "Rijk (NPLV)"), BudgetRow(2027, 300_000, "Gemeente")],
        )
        add_measure(
            s,
            editor,
            A,
            title="Buurtagent",
            task="ondermijning_leefbaarheid",
            budget=[BudgetRow(2026, 80_000, "Gemeente")],
        )
        add_update(s, editor, m1.id, date=dt.date(2026, 2, 1), status="lopend", note="Gestart")
        submit_response(
            s,
            A,
            "2026",
            device_id="1",
            biggest_task="onderwijsachterstanden",
            solutions=["huiswerkbegeleiding"],
            free_text="Mijn naam is Jan",
        )
        submit_response(s, A, "2026", device_id="2", biggest_task="anders")
    return db


def test_xlsx_sheets_and_cells(filled: PlansDB, world: Any, tmp_path: Path) -> None:
    with filled.session() as s:
        path = plan_xlsx(s, get_user(s, world.viewer), A, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Plan",
        "Partners",
        "Lijnen",
        "Maatregelen",
        "Budget",
        "Voortgang",
        "Bewoners",
    ]
    plan = wb["Plan"]
    assert [plan["A2"].value, plan["B2"].value] == ["Gebied", A]
    assert plan["B3"].value == "Zuid werkt" and plan["B4"].value == "Kansen voor iedereen"
    assert [c.value for c in wb["Partners"][2]] == ["Stichting BOOR", "School"]
    assert [c.value for c in wb["Lijnen"][2]] == [
        "Onderwijsachterstanden terugdringen",
        "Rijke schooldag",
        "cito_score",
    ]
    maatregelen = wb["Maatregelen"]
    assert maatregelen["A1"].value == "Nr" and maatregelen["I1"].value == "Totaal budget (EUR)"
    assert maatregelen["B2"].value == "Verlengde schooldag"
    assert maatregelen["E2"].value == "Stichting BOOR" and maatregelen["F2"].value == "Lopend"
    assert maatregelen["I2"].value == 550_000 and maatregelen["I3"].value == 80_000
    budget = list(wb["Budget"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[3], r[4]) for r in budget] == [
        (2026, 250_000, "Rijk (NPLV)"),
        (2027, 300_000, "Gemeente"),
        (2026, 80_000, "Gemeente"),
    ]
    progress = list(wb["Voortgang"].iter_rows(min_row=2, values_only=True))
    assert len(progress) == 1 and progress[0][3:] == ("Lopend", "Gestart")
    residents = list(wb["Bewoners"].iter_rows(values_only=True))
    assert residents[0] == ("Periode", "Vraag", "Antwoord", "Aantal", "Aandeel", "n")
    row = next(r for r in residents if r[2] == "Anders")
    assert row[3:] == (1, 0.5, 2)
    flat = json.dumps([list(ws.values) for ws in wb], default=str)
    assert "Jan" not in flat and "@" not in flat  # no free texts, no e-mail addresses


def test_csv_one_row_per_measure_and_year(filled: PlansDB, tmp_path: Path) -> None:
    with filled.session() as s:
        path = export_plan(s, SYSTEM, A, tmp_path / "maatregelen.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert [(r["maatregel"], r["jaar"], r["bedrag_eur"]) for r in rows] == [
        ("Verlengde schooldag", "2026", "250000"),
        ("Verlengde schooldag", "2027", "300000"),
        ("Buurtagent", "2026", "80000"),
    ]
    assert rows[0]["startdatum"] == "2026-01-01" and rows[0]["financieringsbron"] == "Rijk (NPLV)"
    assert rows[0]["taak"] == "Onderwijsachterstanden terugdringen"


def test_export_needs_read_access_and_a_known_suffix(
    filled: PlansDB, world: Any, tmp_path: Path
) -> None:
    with filled.session() as s:
        with pytest.raises(PermissionDeniedError):
            measures_csv(s, get_user(s, world.editor_b), A, tmp_path / "x.csv")
        with pytest.raises(PlansValidationError):
            export_plan(s, SYSTEM, A, tmp_path / "x.pdf")


def test_public_view_has_nothing_personal(filled: PlansDB, world: Any) -> None:
    with filled.session() as s:
        view = public_view(s, A, lang="en")
        editor_id = get_user(s, world.editor).id
    text = json.dumps(view)
    assert "@" not in text and "Jan" not in text
    assert "author" not in text and "user" not in text and "device" not in text
    assert '"id"' not in text and str(editor_id) not in {str(v) for v in view.values()}
    assert [p["name"] for p in view["partners"]] == ["Stichting BOOR", "Politie Rotterdam"]
    assert view["measures"][0]["partner"] == "Stichting BOOR"
    assert view["measures"][0]["updates"] == [
        {"date": "2026-02-01", "status": "lopend", "note": "Gestart"}
    ]
    assert view["budget_by_year"] == {2026: 330_000, 2027: 300_000}
    assert view["survey"]["2026"]["n"] == 2
    assert view["survey"]["2026"]["tasks"]["anders"] == {"count": 1, "share": 0.5}
    assert view["lines"][0]["task_label"] == "Reduce educational disadvantage"


ATTACK = "=cmd|' /C calc'!A0"
HOSTILE = [ATTACK, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def test_formula_like_titles_stay_text_in_xlsx_and_csv(
    db: PlansDB, world: Any, tmp_path: Path
) -> None:
    """A measure title, partner name and budget source that start with ``= + - @``, tab or
    CR come back from a CSV/XLSX round trip as the same text, never as a formula."""
    with db.session() as s:
        editor = get_user(s, world.editor)
        partner = add_partner(s, editor, A, ATTACK, "school")
        for title in HOSTILE:
            add_measure(
                s,
                editor,
                A,
                title=title,
                task="schuldhulp",
                partner_id=partner.id,
                budget=[BudgetRow(2026, 1, ATTACK)],
            )
    with db.session() as s:
        book = plan_xlsx(s, SYSTEM, A, tmp_path / "plan.xlsx")
        table = measures_csv(s, SYSTEM, A, tmp_path / "plan.csv")
    wb = openpyxl.load_workbook(book)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    titles = [c.value for c in wb["Maatregelen"]["B"][1:]]
    stored = [t.strip() for t in HOSTILE]  # the services strip titles
    assert titles == stored  # the text itself is unchanged
    assert wb["Partners"]["A2"].value == ATTACK and wb["Partners"]["A2"].data_type == "s"
    with table.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert [r["maatregel"] for r in rows] == ["'" + t for t in stored]
    assert {r["verantwoordelijke_partner"] for r in rows} == {"'" + ATTACK}
    assert {r["financieringsbron"] for r in rows} == {"'" + ATTACK}
    assert {r["bedrag_eur"] for r in rows} == {"1"}  # numbers are not quoted
