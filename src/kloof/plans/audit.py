"""The audit log: who changed what, when, with the record before and after.

Every write service calls :func:`record` in the same transaction as its change, so a
change without its audit row (or the reverse) cannot be committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.inspection import inspect
from sqlalchemy.orm import Session

from kloof.plans.models import AuditLog, Base, Measure, Plan, utcnow
from kloof.plans.permissions import Actor, actor_label, require

__all__ = ["audited", "history", "record", "record_created", "record_deleted", "snapshot"]

#: Columns never copied into the audit log.
_SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "session_hash", "csrf_token"})


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def snapshot(obj: Base | None) -> dict[str, Any] | None:
    """The column values of ``obj`` as JSON-safe data (secrets left out).

    A measure also carries its budget rows; a plan its partner and line counts are not
    included (those are audited as their own entities).
    """
    if obj is None:
        return None
    mapper = inspect(type(obj))
    out = {
        col.key: _json(getattr(obj, col.key))
        for col in mapper.column_attrs
        if col.key not in _SECRET_COLUMNS
    }
    if isinstance(obj, Measure):
        out["budget"] = [
            {"year": b.year, "amount_eur": b.amount_eur, "source": b.source} for b in obj.budget
        ]
    return out


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: Base,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    area_id: str | None = None,
    anonymous: bool = False,
) -> AuditLog:
    """Add one audit row for a change of ``entity`` (flushed, committed with the change).

    ``anonymous=True`` (answers of the residents' questionnaire) keeps the date only
    (``at`` is midnight UTC of the day) and no row id (``entity_id`` is ``"-"``), so an
    audit row cannot be matched to the answer or to a moment.
    """
    session.flush()
    ident = None if anonymous else inspect(entity).identity
    entity_id = "-" if ident is None else ":".join(str(i) for i in ident)
    at = utcnow()
    if anonymous:
        at = at.replace(hour=0, minute=0, second=0, microsecond=0)
    if area_id is None and isinstance(entity, Plan):
        area_id = entity.area_id
    row = AuditLog(
        at=at,
        actor=actor_label(actor),
        action=action,
        entity_type=entity.__tablename__,
        entity_id=entity_id,
        area_id=area_id,
        before=before,
        after=after,
    )
    session.add(row)
    session.flush()
    return row


def record_created(
    session: Session, actor: Actor, action: str, entity: Base, *, area_id: str | None = None
) -> AuditLog:
    """Flush a new ``entity`` (so it has its id and version) and record its creation."""
    session.flush()
    return record(
        session, actor, action, entity, before=None, after=snapshot(entity), area_id=area_id
    )


@contextmanager
def audited(
    session: Session, actor: Actor, action: str, entity: Base, *, area_id: str | None = None
) -> Iterator[None]:
    """Record the change the ``with`` block makes to ``entity``: its snapshot before the
    block and after it (nothing is recorded when the block raises)."""
    before = snapshot(entity)
    yield
    record(session, actor, action, entity, before=before, after=snapshot(entity), area_id=area_id)


def record_deleted(
    session: Session, actor: Actor, action: str, entity: Base, *, area_id: str | None = None
) -> AuditLog:
    """Record that ``entity`` is about to be deleted (its last snapshot as ``before``)."""
    return record(
        session, actor, action, entity, before=snapshot(entity), after=None, area_id=area_id
    )


def history(
    session: Session,
    actor: Actor,
    *,
    area_id: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    limit: int = 200,
) -> Sequence[AuditLog]:
    """Audit rows, newest first, optionally of one area or one entity.

    The log of an area is for its area admins; the whole log for global admins.
    """
    require(actor, "manage" if area_id is not None else "admin", area_id)
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if area_id is not None:
        query = query.where(AuditLog.area_id == area_id)
    if entity_type is not None:
        query = query.where(AuditLog.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(AuditLog.entity_id == entity_id)
    return session.scalars(query).all()
