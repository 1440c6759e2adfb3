"""The public view of a plan: everything residents may see, nothing personal.

No e-mail addresses, no user ids, no authors of progress updates, no free texts of the
questionnaire and no database ids. Partner organisations are named (they are
organisations, not people). The result is plain JSON-safe data for a web page or API.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kloof.plans.errors import NotFoundError
from kloof.plans.plan import find_plan
from kloof.plans.survey import periods, summarise
from kloof.plans.vocab import MEASURE_STATUSES, PARTNER_TYPES, TASKS, area_id, label

__all__ = ["find_public_view", "public_view"]


def public_view(session: Session, area: str, *, lang: str = "nl") -> dict[str, Any]:
    """The public content of the plan of ``area``, labels in ``lang`` (``nl``/``en``).

    Returns
    -------
    dict
        ``area_id``, ``title``, ``vision``, ``partners`` (name, type, type_label),
        ``lines`` (task, task_label, title, targets), ``measures`` (title, task, line,
        partner, start_date, end_date, status, status_label, budget rows, updates with
        date, status and note), ``budget_by_year`` and ``survey`` (per period: n, and
        count and share per task and per solution).
    """
    plan = find_plan(session, area)
    if plan is None:
        raise NotFoundError(f"no plan for area {area!r}")
    budget_by_year: dict[int, int] = {}
    measures = []
    for m in plan.measures:
        for b in m.budget:
            budget_by_year[b.year] = budget_by_year.get(b.year, 0) + b.amount_eur
        measures.append(
            {
                "title": m.title,
                "task": m.task,
                "task_label": label(m.task, TASKS, lang),
                "line": m.line.title if m.line is not None else None,
                "partner": m.partner.name if m.partner is not None else None,
                "start_date": m.start_date.isoformat() if m.start_date else None,
                "end_date": m.end_date.isoformat() if m.end_date else None,
                "status": m.status,
                "status_label": label(m.status, MEASURE_STATUSES, lang),
                "budget": [
                    {"year": b.year, "amount_eur": b.amount_eur, "source": b.source}
                    for b in m.budget
                ],
                "updates": [
                    {"date": u.date.isoformat(), "status": u.status, "note": u.note}
                    for u in m.updates
                ],
            }
        )
    survey = {
        p: summarise(session, plan.area_id, p).to_dict() for p in periods(session, plan.area_id)
    }
    return {
        "area_id": plan.area_id,
        "title": plan.title,
        "vision": plan.vision,
        "partners": [
            {"name": p.name, "type": p.type, "type_label": label(p.type, PARTNER_TYPES, lang)}
            for p in plan.partners
        ],
        "lines": [
            {
                "task": ln.task,
                "task_label": label(ln.task, TASKS, lang),
                "title": ln.title,
                "targets": list(ln.targets),
            }
            for ln in plan.lines
        ],
        "measures": measures,
        "budget_by_year": dict(sorted(budget_by_year.items())),
        "survey": survey,
    }


def find_public_view(session: Session, target: str, *, lang: str = "nl") -> dict[str, Any] | None:
    """The public view of the plan of ``target``'s area, or ``None`` when it has none.

    ``target`` is an area id with or without its set (``nplv:rotterdam-zuid``), as
    profiles name their targets.
    """
    area = area_id(target)
    return public_view(session, area, lang=lang) if find_plan(session, area) else None
