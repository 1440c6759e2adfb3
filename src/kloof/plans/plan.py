"""Area plans and their alliance: the plan, its partners and programme lines.

One plan per area (canonical area id, see :func:`kloof.plans.vocab.area_id`). Every
write takes the acting user, checks the permission, and records an audit row with the
record before and after, in the caller's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from kloof.plans.audit import audited, record_created, record_deleted
from kloof.plans.errors import NotFoundError, PlansValidationError
from kloof.plans.locking import check_version, flush
from kloof.plans.models import Measure, Partner, Plan, ProgrammeLine, utcnow
from kloof.plans.permissions import Action, Actor, require
from kloof.plans.vocab import PARTNER_TYPES, TASKS, area_id, check_choice

_Part = TypeVar("_Part", Partner, ProgrammeLine, Measure)

__all__ = [
    "add_line",
    "add_partner",
    "create_plan",
    "find_plan",
    "get_plan",
    "in_area",
    "list_plans",
    "remove_line",
    "remove_partner",
    "update_line",
    "update_partner",
    "update_plan",
]

MAX_VISION = 20_000


def _text(value: str, what: str, limit: int = 200) -> str:
    value = value.strip()
    if not value or len(value) > limit:
        raise PlansValidationError(f"{what}: give 1 to {limit} characters")
    return value


def find_plan(session: Session, area: str) -> Plan | None:
    """The plan of ``area`` or ``None`` (no permission needed: plans are public)."""
    return session.scalar(select(Plan).where(Plan.area_id == area_id(area)))


def get_plan(session: Session, actor: Actor, area: str) -> Plan:
    """The plan of ``area`` with everything in it, for readers of that area."""
    area = area_id(area)
    require(actor, "read", area)
    plan = find_plan(session, area)
    if plan is None:
        raise NotFoundError(f"no plan for area {area!r}: create it with `kloof plans init`")
    return plan


def list_plans(session: Session) -> Sequence[Plan]:
    """All plans ordered by area id (titles and areas are public)."""
    return session.scalars(select(Plan).order_by(Plan.area_id)).all()


def create_plan(session: Session, actor: Actor, area: str, *, title: str, vision: str = "") -> Plan:
    """Create the plan of ``area`` (area admins of the area, global admins)."""
    area = area_id(area)
    require(actor, "manage", area)
    if find_plan(session, area) is not None:
        raise PlansValidationError(f"area {area!r} has a plan already")
    if len(vision) > MAX_VISION:
        raise PlansValidationError(f"vision: at most {MAX_VISION} characters")
    now = utcnow()
    plan = Plan(
        area_id=area, title=_text(title, "title"), vision=vision, created_at=now, updated_at=now
    )
    session.add(plan)
    record_created(session, actor, "plan.create", plan)
    return plan


def update_plan(
    session: Session,
    actor: Actor,
    area: str,
    *,
    expected_version: int,
    title: str | None = None,
    vision: str | None = None,
) -> Plan:
    """Change title and/or vision; ``expected_version`` is the version the editor saw.

    Raises
    ------
    ConflictError
        Someone else changed the plan since; nothing is written.
    """
    plan = get_plan(session, actor, area)
    require(actor, "edit", plan.area_id)
    check_version(plan, expected_version)
    with audited(session, actor, "plan.update", plan):
        if title is not None:
            plan.title = _text(title, "title")
        if vision is not None:
            if len(vision) > MAX_VISION:
                raise PlansValidationError(f"vision: at most {MAX_VISION} characters")
            plan.vision = vision
        plan.updated_at = utcnow()
        flush(session, plan)
    return plan


def _editable_plan(session: Session, actor: Actor, area: str) -> Plan:
    plan = get_plan(session, actor, area)
    require(actor, "edit", plan.area_id)
    return plan


def add_partner(session: Session, actor: Actor, area: str, name: str, type: str) -> Partner:
    """Add an alliance partner of a type in :data:`~kloof.plans.vocab.PARTNER_TYPES`."""
    plan = _editable_plan(session, actor, area)
    check_choice(type, PARTNER_TYPES, "partner type")
    name = _text(name, "partner name")
    if any(p.name == name for p in plan.partners):
        raise PlansValidationError(f"partner {name!r} is in the plan already")
    partner = Partner(plan=plan, name=name, type=type)
    session.add(partner)
    record_created(session, actor, "partner.create", partner, area_id=plan.area_id)
    return partner


def in_area(
    session: Session, actor: Actor, action: Action, model: type[_Part], ident: int, what: str
) -> _Part:
    """The part ``ident`` of a plan (partner, line, measure), if ``actor`` may ``action``
    in its plan's area.

    Raises
    ------
    NotFoundError
        There is no such record.
    PermissionDeniedError
        The actor may not do ``action`` in that area.
    """
    obj = session.get(model, ident)
    if obj is None:
        raise NotFoundError(f"no {what} {ident}")
    require(actor, action, obj.plan.area_id)
    return obj


def _remove(session: Session, actor: Actor, action: str, part: Partner | ProgrammeLine) -> None:
    """Delete a partner or line; its measures keep existing, without it."""
    plan = part.plan
    record_deleted(session, actor, action, part, area_id=plan.area_id)
    link = "partner" if isinstance(part, Partner) else "line"
    for measure in plan.measures:
        if getattr(measure, f"{link}_id") == part.id:
            setattr(measure, link, None)
    siblings: list[Any] = plan.partners if isinstance(part, Partner) else plan.lines
    siblings.remove(part)
    session.flush()


def _partner(session: Session, actor: Actor, partner_id: int) -> Partner:
    return in_area(session, actor, "edit", Partner, partner_id, "partner")


def update_partner(
    session: Session,
    actor: Actor,
    partner_id: int,
    *,
    name: str | None = None,
    type: str | None = None,
) -> Partner:
    """Rename a partner or change its type."""
    partner = _partner(session, actor, partner_id)
    with audited(session, actor, "partner.update", partner, area_id=partner.plan.area_id):
        if name is not None:
            partner.name = _text(name, "partner name")
        if type is not None:
            partner.type = check_choice(type, PARTNER_TYPES, "partner type")
    return partner


def remove_partner(session: Session, actor: Actor, partner_id: int) -> None:
    """Remove a partner (its measures keep existing, without a responsible partner)."""
    _remove(session, actor, "partner.delete", _partner(session, actor, partner_id))


#: A target or indicator id: lower-case letters, digits and ``_ - . :`` (``work_domain``,
#: ``bijstand_per_1000``, ``nplv:rotterdam-zuid``), starting with a letter or digit.
TARGET_ID = re.compile(r"[a-z0-9][a-z0-9_.:-]{0,99}")


def _targets(targets: Sequence[str]) -> list[str]:
    """The cleaned target ids of a programme line (at most 50, each a :data:`TARGET_ID`)."""
    out = [str(t).strip() for t in targets if str(t).strip()]
    if len(out) > 50:
        raise PlansValidationError("targets: at most 50 ids")
    for t in out:
        if not TARGET_ID.fullmatch(t):
            shown = t[:40].encode("unicode_escape").decode("ascii")
            raise PlansValidationError(
                f"target {shown!r}: give target or indicator ids (lower-case letters, "
                "digits and _ - . :, at most 100 characters), e.g. work_domain"
            )
    return list(dict.fromkeys(out))


def add_line(
    session: Session,
    actor: Actor,
    area: str,
    task: str,
    title: str,
    targets: Sequence[str] = (),
) -> ProgrammeLine:
    """Add a programme line under one of the five tasks, with the target/indicator ids
    it is meant to move (e.g. ``["bijstand_per_1000"]``)."""
    plan = _editable_plan(session, actor, area)
    check_choice(task, TASKS, "task")
    line = ProgrammeLine(
        plan=plan, task=task, title=_text(title, "title"), targets=_targets(targets)
    )
    session.add(line)
    record_created(session, actor, "line.create", line, area_id=plan.area_id)
    return line


def _line(session: Session, actor: Actor, line_id: int) -> ProgrammeLine:
    return in_area(session, actor, "edit", ProgrammeLine, line_id, "programme line")


def update_line(
    session: Session,
    actor: Actor,
    line_id: int,
    *,
    title: str | None = None,
    targets: Sequence[str] | None = None,
) -> ProgrammeLine:
    """Change the title or targets of a programme line (its task is fixed)."""
    line = _line(session, actor, line_id)
    with audited(session, actor, "line.update", line, area_id=line.plan.area_id):
        if title is not None:
            line.title = _text(title, "title")
        if targets is not None:
            line.targets = _targets(targets)
    return line


def remove_line(session: Session, actor: Actor, line_id: int) -> None:
    """Remove a programme line (its measures keep existing, without a line)."""
    _remove(session, actor, "line.delete", _line(session, actor, line_id))
