"""Exports of a plan: a workbook (XLSX) and measures with budgets as CSV.

The workbook has the sheets Plan, Partners, Lijnen, Maatregelen, Budget, Voortgang and
Bewoners (questionnaire counts and shares, never free texts), with Dutch headers. The CSV
has one row per measure per budget year and funding source (a measure without budget has
one row with an empty year), written by :func:`kloof.spreadsheet.rows_csv_bytes` like
every CSV of kloof: UTF-8 with BOM and ``;`` as separator so Dutch Excel opens it
directly. Authors of updates and e-mail addresses are never exported. Texts that a
spreadsheet would run as a formula stay text (:mod:`kloof.spreadsheet`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from kloof.plans.errors import PlansValidationError
from kloof.plans.models import Measure, Plan
from kloof.plans.permissions import Actor
from kloof.plans.plan import get_plan
from kloof.plans.survey import periods, summarise
from kloof.plans.vocab import MEASURE_STATUSES, OTHER_TASK, PARTNER_TYPES, SOLUTIONS, TASKS, label
from kloof.spreadsheet import rows_csv_bytes, xlsx_text

__all__ = ["CSV_HEADER", "export_plan", "measures_csv", "plan_xlsx"]

#: Columns of the measures CSV.
CSV_HEADER = (
    "maatregel_id",
    "maatregel",
    "taak",
    "programmalijn",
    "verantwoordelijke_partner",
    "status",
    "startdatum",
    "einddatum",
    "jaar",
    "bedrag_eur",
    "financieringsbron",
)
SHEETS = ("Plan", "Partners", "Lijnen", "Maatregelen", "Budget", "Voortgang", "Bewoners")


def _measure_cells(m: Measure) -> list[object]:
    return [
        m.id,
        m.title,
        label(m.task, TASKS),
        m.line.title if m.line is not None else "",
        m.partner.name if m.partner is not None else "",
        label(m.status, MEASURE_STATUSES),
        m.start_date,
        m.end_date,
    ]


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[list[object]]:
    return [list(header), *(list(r) for r in rows)]


def _rows(plan: Plan) -> dict[str, list[list[object]]]:
    """The rows (header first) of each sheet."""
    measure_header = (
        "Nr",
        "Maatregel",
        "Taak",
        "Programmalijn",
        "Verantwoordelijke partner",
        "Status",
        "Startdatum",
        "Einddatum",
        "Totaal budget (EUR)",
    )
    return {
        "Plan": _table(
            ("Veld", "Waarde"),
            [
                ("Gebied", plan.area_id),
                ("Titel", plan.title),
                ("Visie", plan.vision),
                ("Versie", plan.version),
                ("Laatst gewijzigd (UTC)", plan.updated_at.replace(tzinfo=None)),
            ],
        ),
        "Partners": _table(
            ("Naam", "Soort"), [(p.name, label(p.type, PARTNER_TYPES)) for p in plan.partners]
        ),
        "Lijnen": _table(
            ("Taak", "Programmalijn", "Doelen en indicatoren"),
            [(label(ln.task, TASKS), ln.title, ", ".join(ln.targets)) for ln in plan.lines],
        ),
        "Maatregelen": _table(
            measure_header,
            [[*_measure_cells(m), sum(b.amount_eur for b in m.budget)] for m in plan.measures],
        ),
        "Budget": _table(
            ("Nr", "Maatregel", "Jaar", "Bedrag (EUR)", "Financieringsbron"),
            [
                (m.id, m.title, b.year, b.amount_eur, b.source)
                for m in plan.measures
                for b in m.budget
            ],
        ),
        "Voortgang": _table(
            ("Nr", "Maatregel", "Datum", "Status", "Toelichting"),
            [
                (m.id, m.title, u.date, label(u.status, MEASURE_STATUSES), u.note)
                for m in plan.measures
                for u in m.updates
            ],
        ),
    }


def _survey_rows(session: Session, plan: Plan) -> list[list[object]]:
    rows: list[list[object]] = [["Periode", "Vraag", "Antwoord", "Aantal", "Aandeel", "n"]]
    for period in periods(session, plan.area_id):
        s = summarise(session, plan.area_id, period)
        for key, (count, share) in s.tasks.items():
            answer = "Anders" if key == OTHER_TASK else label(key, TASKS)
            rows.append([period, "Grootste opgave", answer, count, share, s.n])
        for key, (count, share) in s.solutions.items():
            rows.append([period, "Wil helpen met", label(key, SOLUTIONS), count, share, s.n])
    return rows


def plan_xlsx(session: Session, actor: Actor, area: str, path: str | Path) -> Path:
    """Write the plan of ``area`` as a workbook at ``path`` (readers of the area)."""
    plan = get_plan(session, actor, area)
    sheets = _rows(plan)
    sheets["Bewoners"] = _survey_rows(session, plan)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name in SHEETS:
        ws = wb.create_sheet(name)
        for row in sheets[name]:
            ws.append(row)
        xlsx_text(ws)  # a title such as "=cmd|..." stays text, never a formula
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for col in ("A", "B", "C", "D", "E", "F", "G", "H", "I"):
            ws.column_dimensions[col].width = 18
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, int) and "EUR" in str(ws.cell(1, cell.column).value):
                    cell.number_format = "#,##0"
        if name == "Bewoners":
            for cell in ws["E"][1:]:
                cell.number_format = "0.0%"
    out = Path(path)
    wb.save(out)
    return out


def measures_csv(session: Session, actor: Actor, area: str, path: str | Path) -> Path:
    """Write measures and budgets of ``area`` as ``;``-separated UTF-8 CSV with BOM."""
    plan = get_plan(session, actor, area)
    rows: list[tuple[object, ...]] = []
    for m in plan.measures:
        cells = _measure_cells(m)
        cells[6] = m.start_date.isoformat() if m.start_date else ""
        cells[7] = m.end_date.isoformat() if m.end_date else ""
        if not m.budget:
            rows.append((*cells, "", "", ""))
        rows.extend((*cells, b.year, b.amount_eur, b.source) for b in m.budget)
    out = Path(path)
    out.write_bytes(rows_csv_bytes(CSV_HEADER, rows, "nl"))  # the convention of all CSV
    return out


def export_plan(session: Session, actor: Actor, area: str, path: str | Path) -> Path:
    """Write ``path`` as XLSX or CSV according to its suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return plan_xlsx(session, actor, area, path)
    if suffix == ".csv":
        return measures_csv(session, actor, area, path)
    raise PlansValidationError(f"{path}: export to .xlsx or .csv")
