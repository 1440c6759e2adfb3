"""Area plans in the browser: the list, each plan's page with its editor, the exports.

Every page works without JavaScript: plain forms, each write a ``POST`` carrying a CSRF
token, answered by a redirect back to the page (``303``). One route = one call of
:mod:`kloof.plans`, which checks the rights and writes the audit log; this module only
reads forms, picks the acting user (:mod:`kloof.web.auth`) and renders templates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from kloof.web.auth import Caller, caller, unit_of_work, writer
from kloof.web.context import lang_of
from kloof.web.plans_view import (
    LINES,
    Csrf,
    Email,
    Id,
    LongText,
    Text,
    Version,
    back,
    current_period,
    plan_url,
    render,
)

__all__ = ["PAGES", "PROFILE_PLANS", "parse_budget", "router"]

router = APIRouter(include_in_schema=False)

#: Entries of the navigation bar.
PAGES = ({"path": "/plannen", "nav": "plans", "nl": "Gebiedsplannen", "en": "Area plans"},)


def _editor(plan: Any) -> dict[str, Any]:
    """What the editor forms need (ids and versions), read while the session is open."""
    return {
        "version": plan.version,
        "title": plan.title,
        "vision": plan.vision,
        "partners": [{"id": p.id, "name": p.name, "type": p.type} for p in plan.partners],
        "lines": [{"id": ln.id, "task": ln.task, "title": ln.title} for ln in plan.lines],
        "measures": [
            {
                "id": m.id,
                "title": m.title,
                "version": m.version,
                "status": m.status,
                "start_date": m.start_date.isoformat() if m.start_date else "",
                "end_date": m.end_date.isoformat() if m.end_date else "",
                "budget_text": "\n".join(f"{b.year}; {b.amount_eur}; {b.source}" for b in m.budget),
            }
            for m in plan.measures
        ],
    }


def _area_target(area: str) -> str | None:
    """The profile target (``nplv:rotterdam-zuid``) of a plan's area, if it is a known area."""
    from kloof.monitor.areas import builtin

    for name in ("nplv", "dichtdekloof"):
        if area in [a.id for a in builtin(name)]:
            return f"{name}:{area}"
    return None


def area_choices() -> list[tuple[str, str]]:
    """``(area id, label)`` of every shipped area, for the 'new plan' form."""
    from kloof.monitor.areas import builtin

    seen: dict[str, str] = {}
    for name in ("nplv", "dichtdekloof"):
        for a in builtin(name):
            seen.setdefault(a.id, f"{a.name} ({a.programme})")
    return sorted(seen.items(), key=lambda kv: kv[1])


def _indicators(request: Request, area: str, lang: str) -> dict[str, Any] | None:
    """Index and key indicators of the area from its profile (``None`` without data)."""
    from kloof.errors import KloofError
    from kloof.report.profile import make_profile
    from kloof.web.context import cache_of

    target = _area_target(area)
    if target is None:
        return None
    cache = cache_of(request)
    try:  # one profile per shipped area and language: built once (the store is read-only)
        profile = cache.cached(
            ("plan-profile", target, lang), lambda: make_profile(cache, target, language=lang)
        )
    except KloofError:
        return None
    rows = [r for r in profile.rows if r.domain][:12]
    return {"target": target, "profile": profile, "rows": rows}


# ----------------------------------------------------------------------- plans
@router.get("/plannen")
def plans_page(request: Request) -> Any:
    """All area plans, and a form to start one (admins and area admins)."""
    from kloof.plans import can, list_plans

    with unit_of_work(request) as s:
        who = caller(request, s)
        plans = [{"area_id": p.area_id, "title": p.title} for p in list_plans(s)]
        existing = {p["area_id"] for p in plans}
        creatable = [
            (a, label)
            for a, label in area_choices()
            if a not in existing and can(who.user, "manage", a)
        ]
    return render(request, who, "plans.html", plans=plans, creatable=creatable, plan_url=plan_url)


@router.post("/plannen")
def create_plan_form(request: Request, area: Text, title: Text, csrf: Csrf = "") -> Any:
    """Start the plan of an area."""
    from kloof.plans import area_id, create_plan

    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        create_plan(s, who.user, area, title=title)
    return back(area_id(area))


def _writer(request: Request, s: Any, csrf: str) -> Caller:
    """The logged-in caller of a form post (see :func:`kloof.web.auth.writer`)."""
    return writer(request, s, csrf, login_hint="log eerst in (log in first): /inloggen")


@router.get("/plannen/{area}")
def plan_page(request: Request, area: str, ok: Annotated[int, Query(ge=0, le=1)] = 0) -> Any:
    """The plan of an area: public content for everyone, the editor for its editors."""
    from kloof.plans import (
        MEASURE_STATUSES,
        PARTNER_TYPES,
        ROLES,
        TASKS,
        area_id,
        can,
        find_plan,
        history,
        latest_summary,
        public_view,
    )

    lang = lang_of(request)
    area = area_id(area)
    with unit_of_work(request) as s:
        who = caller(request, s)
        view = public_view(s, area, lang=lang)
        plan = find_plan(s, area)
        assert plan is not None
        editor = _editor(plan)
        rights = {a: can(who.user, a, area) for a in ("read", "edit", "manage")}
        audit = history(s, who.user, area_id=area, limit=50) if rights["manage"] else []
        summary = latest_summary(s, area)
        audit_rows = [
            {"when": r.at, "who": r.actor, "action": r.action, "entity": r.entity_type}
            for r in audit
        ]
    return render(
        request,
        who,
        "plan.html",
        area=area,
        view=view,
        plan=editor,
        rights=rights,
        audit=audit_rows,
        summary=summary,
        saved=bool(ok),
        tasks=TASKS,
        partner_types=PARTNER_TYPES,
        statuses=MEASURE_STATUSES,
        roles=ROLES,
        indicators=_indicators(request, area, lang),
        period=current_period(),
        today=dt.date.today().isoformat(),
    )


@router.post("/plannen/{area}/plan")
def edit_plan(
    request: Request, area: str, title: Text, vision: LongText, version: Version,
    csrf: Csrf = "",
) -> Any:  # fmt: skip
    """Change title and vision (optimistic locking on ``version``)."""
    from kloof.plans import area_id, update_plan

    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        update_plan(s, who.user, area, expected_version=version, title=title, vision=vision)
    return back(area_id(area), "plan")


@router.post("/plannen/{area}/partners")
def add_partner_form(request: Request, area: str, name: Text, type: Text, csrf: Csrf = "") -> Any:
    """Add an alliance partner."""
    from kloof.plans import add_partner, area_id

    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        add_partner(s, who.user, area, name, type)
    return back(area_id(area), "partners")


@router.post("/plannen/{area}/partners/{partner_id}/verwijderen")
def remove_partner_form(request: Request, area: str, partner_id: Id, csrf: Csrf = "") -> Any:
    """Remove an alliance partner."""
    from kloof.plans import area_id, remove_partner

    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        remove_partner(s, who.user, partner_id)
    return back(area_id(area), "partners")


@router.post("/plannen/{area}/lijnen")
def add_line_form(
    request: Request, area: str, task: Text, title: Text, targets: Text = "", csrf: Csrf = ""
) -> Any:
    """Add a programme line (task, title, the targets and indicators it should move)."""
    from kloof.plans import add_line, area_id

    wanted = [t.strip() for t in targets.split(",") if t.strip()]
    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        add_line(s, who.user, area, task, title, targets=wanted)
    return back(area_id(area), "lines")


def _date(text: str, what: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise HTTPException(422, f"{what}: {text!r} is no date (use YYYY-MM-DD)") from None


_WHOLE = re.compile(r"[0-9]{1,12}")


def _int_or_none(text: str, what: str) -> int | None:
    """An id from a form field (1 to 2^31), or ``None`` for an empty field."""
    if not text.strip():
        return None
    value = text.strip()
    if not _WHOLE.fullmatch(value) or not 1 <= int(value) <= 2**31:
        raise HTTPException(422, f"{what}: {text!r} is no id")
    return int(value)


def parse_budget(text: str) -> list[Any]:
    """Budget rows from lines ``year; amount; source`` (amounts in whole euros).

    Examples
    --------
    >>> [(r.year, r.amount_eur, r.source) for r in parse_budget("2026; 250.000; Rijk")]
    [(2026, 250000, 'Rijk')]
    """
    from kloof.plans import BudgetRow

    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 3:
            raise HTTPException(422, f"budget line {n}: give 'year; amount; source'")
        year, amount, source = parts
        amount = amount.replace("€", "").replace(".", "").replace(" ", "")
        # ASCII digits only: "²³".isdigit() is true, but int("²³") fails
        if not _WHOLE.fullmatch(year) or not _WHOLE.fullmatch(amount):
            raise HTTPException(422, f"budget line {n}: year and amount must be whole numbers")
        if not source:
            raise HTTPException(422, f"budget line {n}: name the funding source")
        rows.append(BudgetRow(year=int(year), amount_eur=int(amount), source=source))
    return rows


@router.post("/plannen/{area}/maatregelen")
def add_measure_form(
    request: Request,
    area: str,
    title: Text,
    task: Text,
    line_id: Text = "",
    partner_id: Text = "",
    start_date: Text = "",
    end_date: Text = "",
    status: Text = "gepland",
    budget: LongText = "",
    csrf: Csrf = "",
) -> Any:
    """Add a measure with its budget rows."""
    from kloof.plans import add_measure, area_id

    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        m = add_measure(
            s,
            who.user,
            area,
            title=title,
            task=task,
            line_id=_int_or_none(line_id, "line"),
            partner_id=_int_or_none(partner_id, "partner"),
            start_date=_date(start_date, "start"),
            end_date=_date(end_date, "end"),
            status=status,
            budget=parse_budget(budget),
        )
        anchor = f"maatregel-{m.id}"
    return back(area_id(area), anchor)


@router.post("/plannen/{area}/maatregelen/{measure_id}")
def edit_measure_form(
    request: Request,
    area: str,
    measure_id: Id,
    version: Version,
    title: Text,
    status: Text,
    start_date: Text = "",
    end_date: Text = "",
    csrf: Csrf = "",
) -> Any:
    """Change a measure; a stale ``version`` gives 409 and overwrites nothing."""
    from kloof.plans import area_id, update_measure

    changes = {
        "title": title,
        "status": status,
        "start_date": _date(start_date, "start"),
        "end_date": _date(end_date, "end"),
    }
    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        update_measure(s, who.user, measure_id, expected_version=version, changes=changes)
    return back(area_id(area), f"maatregel-{measure_id}")


@router.post("/plannen/{area}/maatregelen/{measure_id}/budget")
def budget_form(
    request: Request,
    area: str,
    measure_id: Id,
    version: Version,
    budget: LongText = "",
    csrf: Csrf = "",
) -> Any:
    """Replace the budget rows of a measure."""
    from kloof.plans import area_id, set_budget

    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        set_budget(s, who.user, measure_id, parse_budget(budget), expected_version=version)
    return back(area_id(area), f"maatregel-{measure_id}")


@router.post("/plannen/{area}/maatregelen/{measure_id}/voortgang")
def update_form(
    request: Request,
    area: str,
    measure_id: Id,
    date: Text,
    status: Text,
    note: Annotated[str, Form(max_length=5000, pattern=LINES)] = "",
    csrf: Csrf = "",
) -> Any:
    """Report progress on a measure (date, status, note)."""
    from kloof.plans import add_update, area_id

    when = _date(date, "date") or dt.date.today()
    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        add_update(s, who.user, measure_id, date=when, status=status, note=note)
    return back(area_id(area), f"maatregel-{measure_id}")


@router.post("/plannen/{area}/maatregelen/{measure_id}/verwijderen")
def remove_measure_form(
    request: Request, area: str, measure_id: Id, version: Version, csrf: Csrf = ""
) -> Any:
    """Delete a measure."""
    from kloof.plans import area_id, remove_measure

    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        remove_measure(s, who.user, measure_id, expected_version=version)
    return back(area_id(area), "measures")


@router.post("/plannen/{area}/rollen")
def grant_form(
    request: Request,
    area: str,
    email: Email,
    role: Text,
    csrf: Csrf = "",
) -> Any:
    """Give an existing user a role in this area (area admins and admins)."""
    from kloof.plans import area_id, get_user, grant_role, require

    with unit_of_work(request) as s:
        who = _writer(request, s, csrf)
        require(who.user, "manage", area_id(area))
        grant_role(s, who.user, get_user(s, email), area, role)
    return back(area_id(area), "roles")


@router.get("/plannen/{area}/export.{fmt}")
def export(request: Request, area: str, fmt: str) -> Response:
    """The plan as XLSX, or its measures and budgets as CSV (for members of the area)."""
    import tempfile
    from pathlib import Path

    from kloof.plans import area_id, measures_csv, plan_xlsx

    if fmt not in ("xlsx", "csv"):
        raise HTTPException(404, f"no export as {fmt!r}: use xlsx or csv")
    area = area_id(area)
    with unit_of_work(request) as s, tempfile.TemporaryDirectory(prefix="kloof-plan-") as tmp:
        who = caller(request, s)
        out = Path(tmp) / f"plan.{fmt}"
        if fmt == "xlsx":
            plan_xlsx(s, who.user, area, out)
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            measures_csv(s, who.user, area, out)
            media = "text/csv; charset=utf-8"
        body = out.read_bytes()
    headers = {"Content-Disposition": f'attachment; filename="gebiedsplan-{area}.{fmt}"'}
    return Response(body, media_type=media, headers=headers)


def printed_plan(request: Request, target: str) -> dict[str, Any] | None:
    """The public view of the plan of ``target``'s area, for the PDF/HTML profile."""
    from kloof.plans import find_public_view
    from kloof.web.auth import plans_exist

    if ":" not in target or not plans_exist(request):
        return None
    with unit_of_work(request) as s:
        return find_public_view(s, target, lang=lang_of(request))


#: Providers of a target's plan for the printable profile (``pages.gebied_download``).
PROFILE_PLANS = (printed_plan,)
