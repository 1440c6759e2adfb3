"""The JSON API of area plans under ``/api/v1/plans``.

Reading is public and shows nothing personal (:func:`kloof.plans.public_view`: no
e-mail addresses, user ids, authors or free texts). Writing needs an API token
(``Authorization: Bearer …``, made with ``kloof users token``) or a session cookie
plus its ``X-CSRF-Token`` header; the roles of :mod:`kloof.plans.permissions` decide.
A stale ``version`` answers ``409`` and overwrites nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kloof.web.auth import Caller, caller, unit_of_work, writer
from kloof.web.context import lang_of

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/plans", tags=["plans"])

LOGIN_HINT = "authentication required: send 'Authorization: Bearer TOKEN'"

#: Texts: one line, or several lines (no NUL or other control characters either way).
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
LINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
AreaPath = Annotated[str, Path(max_length=80)]
MeasurePath = Annotated[int, Path(ge=1, le=2**31)]
PeriodQ = Annotated[str | None, Query(pattern=r"^20\d\d(-H[12]|-Q[1-4])?$")]


class BudgetIn(BaseModel):
    """One budget row: year, whole euros, funding source."""

    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    amount_eur: int = Field(ge=0, le=10_000_000_000)
    source: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)


class MeasureIn(BaseModel):
    """A new measure."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    task: str = Field(max_length=32, pattern=ONE_LINE)
    status: str = Field(default="gepland", max_length=16, pattern=ONE_LINE)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget: list[BudgetIn] = Field(default_factory=list, max_length=50)


class MeasureChange(BaseModel):
    """Changes to a measure; ``version`` is the version the editor last read."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=0, le=2**31)
    title: str | None = Field(default=None, min_length=1, max_length=200, pattern=ONE_LINE)
    status: str | None = Field(default=None, max_length=16, pattern=ONE_LINE)
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class UpdateIn(BaseModel):
    """A progress report."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date
    status: str = Field(max_length=16, pattern=ONE_LINE)
    note: str = Field(default="", max_length=5000, pattern=LINES)


def _writer(request: Request, s: Any) -> Caller:
    """The caller of a JSON write: a Bearer token, or a session cookie with X-CSRF-Token."""
    return writer(request, s, None, login_hint=LOGIN_HINT)


def _measure_json(m: Any) -> dict[str, Any]:
    return {
        "id": m.id,
        "version": m.version,
        "title": m.title,
        "task": m.task,
        "status": m.status,
        "start_date": m.start_date.isoformat() if m.start_date else None,
        "end_date": m.end_date.isoformat() if m.end_date else None,
        "budget": [
            {"year": b.year, "amount_eur": b.amount_eur, "source": b.source} for b in m.budget
        ],
    }


@router.get("", summary="All area plans (public)")
def plans(request: Request) -> Response:
    from kloof.plans import list_plans

    with unit_of_work(request) as s:
        items = [{"area_id": p.area_id, "title": p.title} for p in list_plans(s)]
    return JSONResponse({"items": items, "total": len(items)})


@router.get("/{area}", summary="The public view of one area's plan")
def plan(request: Request, area: AreaPath) -> Response:
    from kloof.plans import public_view

    with unit_of_work(request) as s:
        return JSONResponse(public_view(s, area, lang=lang_of(request)))


@router.get("/{area}/survey", summary="Residents' answers: counts and shares per period")
def survey(request: Request, area: AreaPath, period: PeriodQ = None) -> Response:
    from kloof.plans import NotFoundError, area_id, find_plan, periods, summarise

    with unit_of_work(request) as s:
        if find_plan(s, area_id(area)) is None:
            raise NotFoundError(f"no plan for area {area!r}")
        wanted = [period] if period else periods(s, area)
        out = [{"period": p, **summarise(s, area, p).to_dict()} for p in wanted]
    return JSONResponse({"area_id": area_id(area), "periods": out})


@router.post("/{area}/measures", status_code=201, summary="Add a measure (editors)")
def add_measure(request: Request, area: AreaPath, body: MeasureIn) -> Response:
    from kloof.plans import BudgetRow
    from kloof.plans import add_measure as add

    with unit_of_work(request) as s:
        who = _writer(request, s)
        m = add(
            s,
            who.user,
            area,
            title=body.title,
            task=body.task,
            status=body.status,
            start_date=body.start_date,
            end_date=body.end_date,
            budget=[
                BudgetRow(year=b.year, amount_eur=b.amount_eur, source=b.source)
                for b in body.budget
            ],
        )
        s.flush()
        data = _measure_json(m)
    return JSONResponse(data, status_code=201)


@router.patch("/{area}/measures/{measure_id}", summary="Change a measure (409 if stale)")
def change_measure(
    request: Request, area: AreaPath, measure_id: MeasurePath, body: MeasureChange
) -> Response:  # fmt: skip
    from kloof.plans import update_measure

    changes = body.model_dump(exclude={"version"}, exclude_unset=True)
    with unit_of_work(request) as s:
        who = _writer(request, s)
        m = update_measure(s, who.user, measure_id, expected_version=body.version, changes=changes)
        data = _measure_json(m)
    return JSONResponse(data)


@router.post("/{area}/measures/{measure_id}/updates", status_code=201, summary="Report progress")
def add_update(
    request: Request, area: AreaPath, measure_id: MeasurePath, body: UpdateIn
) -> Response:  # fmt: skip
    from kloof.plans import add_update as add

    with unit_of_work(request) as s:
        who = _writer(request, s)
        u = add(s, who.user, measure_id, date=body.date, status=body.status, note=body.note)
        s.flush()
        data = {"id": u.id, "date": u.date.isoformat(), "status": u.status, "note": u.note}
    return JSONResponse(data, status_code=201)


@router.get("/{area}/audit", summary="The change log of an area (area admins)")
def audit(
    request: Request, area: AreaPath, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> Response:
    from kloof.plans import area_id, history

    with unit_of_work(request) as s:
        who = caller(request, s)
        if who.anonymous:
            from fastapi import HTTPException

            raise HTTPException(401, LOGIN_HINT)
        rows = history(s, who.user, area_id=area_id(area), limit=limit)
        items = [
            {
                "at": r.at.isoformat(),
                "actor": r.actor,
                "action": r.action,
                "entity_type": r.entity_type,
                "entity_id": r.entity_id,
                "before": r.before,
                "after": r.after,
            }
            for r in rows
        ]
    return JSONResponse({"items": items})
