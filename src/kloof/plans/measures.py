"""Measures (maatregelen) of a plan: budget rows per year and progress updates.

A measure belongs to one of the five tasks, optionally to a programme line of that task
and to a responsible partner of the plan. Edits pass the version the editor saw
(optimistic locking, see :mod:`kloof.plans.locking`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kloof.plans.audit import audited, record_created, record_deleted
from kloof.plans.errors import PlansValidationError
from kloof.plans.locking import check_version, flush
from kloof.plans.models import BudgetLine, Measure, MeasureUpdate, Plan, User, utcnow
from kloof.plans.permissions import Actor, require
from kloof.plans.plan import get_plan, in_area
from kloof.plans.vocab import MEASURE_STATUSES, TASKS, check_choice

__all__ = [
    "EDITABLE",
    "BudgetRow",
    "add_measure",
    "add_update",
    "get_measure",
    "remove_measure",
    "set_budget",
    "update_measure",
]

#: Fields of a measure :func:`update_measure` may change.
EDITABLE = ("title", "task", "line_id", "partner_id", "start_date", "end_date", "status")
MAX_NOTE = 5_000


@dataclass(frozen=True)
class BudgetRow:
    """Budget of a measure in one ``year`` from one funding ``source``, in whole euros.

    Examples
    --------
    >>> BudgetRow(2026, 250_000, "Rijk (NPLV)")
    BudgetRow(year=2026, amount_eur=250000, source='Rijk (NPLV)')
    """

    year: int
    amount_eur: int
    source: str

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise PlansValidationError(f"budget year {self.year!r} is no whole year")
        if not 2000 <= self.year <= 2100:
            raise PlansValidationError(f"budget year {self.year} outside 2000-2100")
        if isinstance(self.amount_eur, bool) or not isinstance(self.amount_eur, int):
            raise PlansValidationError(
                f"budget amount {self.amount_eur!r}: give whole euros (an integer)"
            )
        if not 0 <= self.amount_eur <= 10**12:
            raise PlansValidationError(f"budget amount {self.amount_eur} outside 0-10^12 euro")
        if not self.source.strip() or len(self.source) > 200:
            raise PlansValidationError("funding source: give 1 to 200 characters")


def get_measure(session: Session, actor: Actor, measure_id: int) -> Measure:
    """A measure, for readers of its area."""
    return in_area(session, actor, "read", Measure, measure_id, "measure")


def _editable(session: Session, actor: Actor, measure_id: int) -> Measure:
    measure = get_measure(session, actor, measure_id)
    require(actor, "edit", measure.plan.area_id)
    return measure


def _validate(plan: Plan, values: Mapping[str, Any]) -> None:
    """Check a measure's fields against the vocabularies and the plan's lines/partners."""
    title = values["title"]
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        raise PlansValidationError("measure title: give 1 to 200 characters")
    check_choice(values["task"], TASKS, "task")
    check_choice(values["status"], MEASURE_STATUSES, "status")
    line_id, partner_id = values["line_id"], values["partner_id"]
    if line_id is not None:
        line = next((x for x in plan.lines if x.id == line_id), None)
        if line is None:
            raise PlansValidationError(f"programme line {line_id} is not in this plan")
        if line.task != values["task"]:
            raise PlansValidationError(
                f"programme line {line_id} belongs to task {line.task!r}, not {values['task']!r}"
            )
    if partner_id is not None and all(p.id != partner_id for p in plan.partners):
        raise PlansValidationError(f"partner {partner_id} is not in this plan")
    start, end = values["start_date"], values["end_date"]
    for name, day in (("start_date", start), ("end_date", end)):
        if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            raise PlansValidationError(f"{name} {day!r} is no date")
    if start is not None and end is not None and end < start:
        raise PlansValidationError(f"end date {end} lies before start date {start}")


def _set_rows(measure: Measure, rows: Sequence[BudgetRow]) -> None:
    keys = [(r.year, r.source.strip()) for r in rows]
    if len(set(keys)) != len(keys):
        raise PlansValidationError("budget: one row per year and funding source")
    measure.budget.clear()
    for r in rows:
        measure.budget.append(
            BudgetLine(year=r.year, amount_eur=r.amount_eur, source=r.source.strip())
        )


def add_measure(
    session: Session,
    actor: Actor,
    area: str,
    *,
    title: str,
    task: str,
    line_id: int | None = None,
    partner_id: int | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    status: str = "gepland",
    budget: Sequence[BudgetRow] = (),
) -> Measure:
    """Add a measure to the plan of ``area`` (editors of the area)."""
    plan = get_plan(session, actor, area)
    require(actor, "edit", plan.area_id)
    values = {
        "title": title,
        "task": task,
        "line_id": line_id,
        "partner_id": partner_id,
        "start_date": start_date,
        "end_date": end_date,
        "status": status,
    }
    _validate(plan, values)
    now = utcnow()
    measure = Measure(plan=plan, created_at=now, updated_at=now, **values)
    measure.title = title.strip()
    _set_rows(measure, budget)
    session.add(measure)
    record_created(session, actor, "measure.create", measure, area_id=plan.area_id)
    return measure


def update_measure(
    session: Session,
    actor: Actor,
    measure_id: int,
    *,
    expected_version: int,
    changes: Mapping[str, Any],
) -> Measure:
    """Change fields of :data:`EDITABLE`; ``expected_version`` is the version the editor saw.

    Raises
    ------
    ConflictError
        Someone else changed the measure since; nothing is written.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise PlansValidationError(
            f"cannot change {', '.join(sorted(unknown))}: editable are {', '.join(EDITABLE)}"
        )
    measure = _editable(session, actor, measure_id)
    check_version(measure, expected_version)
    values = {k: getattr(measure, k) for k in EDITABLE} | dict(changes)
    _validate(measure.plan, values)
    with audited(session, actor, "measure.update", measure, area_id=measure.plan.area_id):
        for key, value in changes.items():
            setattr(measure, key, value.strip() if key == "title" else value)
        measure.updated_at = utcnow()
        flush(session, measure)
    return measure


def set_budget(
    session: Session,
    actor: Actor,
    measure_id: int,
    rows: Sequence[BudgetRow],
    *,
    expected_version: int,
) -> Measure:
    """Replace the budget rows of a measure (and bump its version)."""
    measure = _editable(session, actor, measure_id)
    check_version(measure, expected_version)
    with audited(session, actor, "measure.budget", measure, area_id=measure.plan.area_id):
        _set_rows(measure, rows)
        measure.updated_at = utcnow()
        flush(session, measure)
    return measure


def remove_measure(
    session: Session, actor: Actor, measure_id: int, *, expected_version: int
) -> None:
    """Delete a measure with its budget and updates."""
    measure = _editable(session, actor, measure_id)
    check_version(measure, expected_version)
    plan = measure.plan
    record_deleted(session, actor, "measure.delete", measure, area_id=plan.area_id)
    plan.measures.remove(measure)
    flush(session, measure)


def add_update(
    session: Session,
    actor: Actor,
    measure_id: int,
    *,
    date: dt.date,
    status: str,
    note: str = "",
) -> MeasureUpdate:
    """Record progress; the measure takes the update's status (its version goes up)."""
    measure = _editable(session, actor, measure_id)
    check_choice(status, MEASURE_STATUSES, "status")
    if len(note) > MAX_NOTE:
        raise PlansValidationError(f"note: at most {MAX_NOTE} characters")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise PlansValidationError(f"update date {date!r} is no date")
    update = MeasureUpdate(
        date=date,
        status=status,
        note=note.strip(),
        author_id=actor.id if isinstance(actor, User) else None,
    )
    measure.updates.append(update)
    if measure.status != status:
        measure.status = status
        measure.updated_at = utcnow()
    flush(session, measure)
    record_created(session, actor, "measure_update.create", update, area_id=measure.plan.area_id)
    return update
