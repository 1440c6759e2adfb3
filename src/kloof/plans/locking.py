"""Optimistic locking of plans and measures.

Plans and measures carry a ``version`` column (SQLAlchemy ``version_id_col``): every
UPDATE says ``WHERE id = :id AND version = :seen`` and increments it. An edit passes the
version the editor saw; when that is no longer the stored version, or a concurrent
transaction got there first, :class:`~kloof.plans.errors.ConflictError` is raised and
nothing is written. The second writer reloads and applies their change again.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kloof.plans.errors import ConflictError
from kloof.plans.models import Measure, Plan

__all__ = ["check_version", "flush"]


def check_version(obj: Plan | Measure, expected_version: int) -> None:
    """Raise :class:`ConflictError` if ``obj`` is no longer at ``expected_version``."""
    if obj.version != expected_version:
        raise ConflictError(obj.__tablename__.rstrip("s"), obj.id)


def flush(session: Session, obj: Plan | Measure) -> None:
    """Flush pending changes; a concurrent update of ``obj`` becomes :class:`ConflictError`."""
    name, ident = obj.__tablename__.rstrip("s"), obj.id  # read before a failed flush
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(name, ident) from None
