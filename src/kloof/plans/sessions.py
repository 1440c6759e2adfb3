"""Server-side login sessions with a CSRF token per session.

:func:`create_session` returns a random session id (43 URL-safe characters) for the
cookie; the database keeps only its SHA-256 hash, the user, the expiry and the session's
CSRF token. A web layer looks the cookie up with :func:`lookup_session` on every request
and, on every state-changing request, compares the submitted form/header token with
:func:`check_csrf` (constant-time). Logging out revokes the session; expired sessions are
refused and can be purged with :func:`purge_sessions`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kloof.plans.audit import record
from kloof.plans.errors import PermissionDeniedError
from kloof.plans.models import User, WebSession, utcnow

__all__ = [
    "DEFAULT_TTL",
    "LoginSession",
    "check_csrf",
    "create_session",
    "lookup_session",
    "purge_sessions",
    "revoke_session",
    "revoke_user_sessions",
]

#: How long a session lives (absolute, from login).
DEFAULT_TTL = dt.timedelta(hours=8)


@dataclass(frozen=True)
class LoginSession:
    """A valid session: the plaintext id (only on creation), its user and CSRF token."""

    session_id: str | None
    user: User
    csrf_token: str
    expires_at: dt.datetime


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def create_session(
    session: Session, user: User, *, ttl: dt.timedelta = DEFAULT_TTL, now: dt.datetime | None = None
) -> LoginSession:
    """Start a session for an (authenticated, active) user.

    Returns
    -------
    LoginSession
        With ``session_id`` for the cookie (not stored) and the ``csrf_token`` to put in
        every form of this session.
    """
    if not user.active:
        raise PermissionDeniedError("this account is inactive (dit account is niet actief)")
    now = now or utcnow()
    session_id = secrets.token_urlsafe(32)
    row = WebSession(
        user=user,
        session_hash=_hash(session_id),
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(row)
    record(
        session,
        user,
        "session.create",
        row,
        before=None,
        after={"user_id": user.id, "expires_at": row.expires_at.isoformat()},
    )
    return LoginSession(session_id, user, row.csrf_token, row.expires_at)


def _row(session: Session, session_id: str, now: dt.datetime | None) -> WebSession | None:
    if not session_id:
        return None
    row = session.scalar(select(WebSession).where(WebSession.session_hash == _hash(session_id)))
    now = now or utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if not row.user.active:
        return None
    return row


def lookup_session(
    session: Session, session_id: str, *, now: dt.datetime | None = None
) -> LoginSession | None:
    """The live session of a cookie value, or ``None`` (unknown, expired, revoked)."""
    row = _row(session, session_id, now)
    if row is None:
        return None
    return LoginSession(None, row.user, row.csrf_token, row.expires_at)


def check_csrf(
    session: Session, session_id: str, token: str, *, now: dt.datetime | None = None
) -> bool:
    """Whether ``token`` is the CSRF token of the live session ``session_id``."""
    row = _row(session, session_id, now)
    if row is None or not token:
        return False
    return hmac.compare_digest(row.csrf_token.encode(), token.encode())


def revoke_session(session: Session, session_id: str, *, now: dt.datetime | None = None) -> bool:
    """Log out: revoke the session (returns whether there was a live one)."""
    row = _row(session, session_id, now)
    if row is None:
        return False
    row.revoked_at = now or utcnow()
    record(
        session,
        row.user,
        "session.revoke",
        row,
        before={"revoked_at": None},
        after={"revoked_at": row.revoked_at.isoformat()},
    )
    return True


def revoke_user_sessions(session: Session, user: User) -> int:
    """Revoke every live session of ``user`` (after a password change); returns how many."""
    now = utcnow()
    rows = session.scalars(
        select(WebSession).where(
            WebSession.user_id == user.id,
            WebSession.revoked_at.is_(None),
            WebSession.expires_at > now,
        )
    ).all()
    for row in rows:
        row.revoked_at = now
    return len(rows)


def purge_sessions(session: Session, *, now: dt.datetime | None = None) -> int:
    """Delete expired and revoked sessions; returns how many were deleted."""
    now = now or utcnow()
    result = session.execute(
        delete(WebSession).where(
            (WebSession.expires_at <= now) | WebSession.revoked_at.is_not(None)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
