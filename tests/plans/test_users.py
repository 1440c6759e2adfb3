"""Passwords (argon2), API tokens, server-side sessions and CSRF tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from sqlalchemy import select

from kloof.plans import (
    SYSTEM,
    AuthenticationError,
    PlansDB,
    PlansValidationError,
    authenticate,
    check_csrf,
    create_api_token,
    create_session,
    create_user,
    get_user,
    hash_password,
    lookup_session,
    purge_sessions,
    revoke_api_token,
    revoke_session,
    set_active,
    set_password,
    verify_api_token,
    verify_password,
)
from kloof.plans.models import ApiToken, WebSession


def test_password_hash_is_argon2id_and_wrong_password_fails() -> None:
    h = hash_password("een lang wachtwoord")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "een lang wachtwoord")
    assert not verify_password(h, "een lang wachtwoorD")
    assert not verify_password("not a hash", "x")
    with pytest.raises(PlansValidationError, match="too short"):
        hash_password("kort")


def test_authenticate(db: PlansDB, world: Any) -> None:
    with db.session() as s:
        u = get_user(s, world.editor)
        assert u.password_hash.startswith("$argon2id$")
        assert authenticate(s, "Redactie@Zuid.nl", world.password).id == u.id
        with pytest.raises(AuthenticationError):
            authenticate(s, world.editor, "wrong password!")
        with pytest.raises(AuthenticationError):
            authenticate(s, "nobody@kloof.nl", world.password)
        set_password(s, u, u, "a new password 1")
        assert authenticate(s, world.editor, "a new password 1").id == u.id
        set_active(s, SYSTEM, u, False)
        with pytest.raises(AuthenticationError):
            authenticate(s, world.editor, "a new password 1")


def test_create_user_rejects_duplicates_and_bad_email(db: PlansDB, world: Any) -> None:
    with db.session() as s:
        with pytest.raises(PlansValidationError, match="exists"):
            create_user(s, SYSTEM, "REDACTIE@zuid.nl", "x" * 12)
        with pytest.raises(PlansValidationError, match="e-mail"):
            create_user(s, SYSTEM, "geen-adres", "x" * 12)


def test_api_token_shown_once_stored_as_hash(db: PlansDB, world: Any) -> None:
    with db.session() as s:
        viewer = get_user(s, world.viewer)
        new = create_api_token(s, viewer, viewer, "script")
        assert new.token.startswith("kloof_") and len(new.token) > 40
        row = s.scalars(select(ApiToken)).one()
        assert row.token_hash == hashlib.sha256(new.token.encode()).hexdigest()
        assert new.token not in repr(row.__dict__)
        assert verify_api_token(s, new.token).id == viewer.id
        assert row.last_used_at is not None
        with pytest.raises(AuthenticationError):
            verify_api_token(s, new.token + "x")
        revoke_api_token(s, viewer, row.id)
        with pytest.raises(AuthenticationError):
            verify_api_token(s, new.token)


def test_session_lookup_csrf_expiry_and_revoke(db: PlansDB, world: Any) -> None:
    t0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with db.session() as s:
        u = authenticate(s, world.editor, world.password)
        login = create_session(s, u, ttl=dt.timedelta(hours=1), now=t0)
        other = create_session(s, u, ttl=dt.timedelta(hours=1), now=t0)
        sid = login.session_id
        assert sid and login.csrf_token and login.csrf_token != other.csrf_token
    with db.session() as s:
        row = s.scalars(select(WebSession).where(WebSession.id == 1)).one()
        assert row.session_hash == hashlib.sha256(sid.encode()).hexdigest()
        assert sid not in (row.session_hash, row.csrf_token)
        found = lookup_session(s, sid, now=t0 + dt.timedelta(minutes=30))
        assert found is not None and found.user.email == world.editor
        assert found.session_id is None and found.csrf_token == login.csrf_token
        assert check_csrf(s, sid, login.csrf_token, now=t0)
        assert not check_csrf(s, sid, other.csrf_token, now=t0)  # token of another session
        assert not check_csrf(s, sid, "", now=t0)
        assert lookup_session(s, sid, now=t0 + dt.timedelta(hours=1)) is None  # expired
        assert lookup_session(s, "made-up", now=t0) is None
        assert revoke_session(s, other.session_id or "", now=t0)
        assert purge_sessions(s, now=t0) == 1  # the revoked one
    with db.session() as s:
        assert lookup_session(s, other.session_id or "", now=t0) is None
        assert lookup_session(s, sid, now=t0) is not None
        set_active(s, SYSTEM, get_user(s, world.editor), False)
        assert lookup_session(s, sid, now=t0) is None  # inactive users lose their sessions
