"""User accounts, passwords (argon2id), roles per area and API tokens.

Passwords are hashed with argon2id (argon2-cffi; hashes start with ``$argon2id$``).
API tokens are random (``kloof_`` + 43 URL-safe characters); the plaintext is returned
once by :func:`create_api_token` and only its SHA-256 hash is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kloof.plans.audit import audited, record, record_created, record_deleted, snapshot
from kloof.plans.errors import AuthenticationError, NotFoundError, PlansValidationError
from kloof.plans.models import ApiToken, Role, User, utcnow
from kloof.plans.permissions import Actor, require
from kloof.plans.vocab import ROLES, area_id, check_choice

__all__ = [
    "NewToken",
    "authenticate",
    "create_api_token",
    "create_user",
    "get_user",
    "grant_role",
    "hash_password",
    "list_users",
    "revoke_api_token",
    "revoke_role",
    "set_active",
    "set_password",
    "verify_api_token",
    "verify_password",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


def _hasher(session: Session) -> PasswordHasher:
    hasher = session.info.get("hasher")
    return hasher if isinstance(hasher, PasswordHasher) else PasswordHasher()


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """The argon2id hash of ``password`` (``$argon2id$v=19$...``)."""
    if len(password) < MIN_PASSWORD:
        raise PlansValidationError(f"password too short: use at least {MIN_PASSWORD} characters")
    return (hasher or PasswordHasher()).hash(password)


def verify_password(
    password_hash: str, password: str, hasher: PasswordHasher | None = None
) -> bool:
    """Whether ``password`` matches ``password_hash`` (never raises on a mismatch)."""
    try:
        return (hasher or PasswordHasher()).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _email(text: str) -> str:
    value = text.strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:
        raise PlansValidationError(f"{text!r} is no e-mail address")
    return value


def get_user(session: Session, email: str) -> User:
    """The user with this e-mail address (case-insensitive)."""
    user = session.scalar(select(User).where(User.email == _email(email)))
    if user is None:
        raise NotFoundError(f"no user {email!r}")
    return user


def list_users(session: Session, actor: Actor) -> Sequence[User]:
    """All users ordered by e-mail (global admins only)."""
    require(actor, "admin")
    return session.scalars(select(User).order_by(User.email)).all()


def create_user(
    session: Session, actor: Actor, email: str, password: str, *, is_admin: bool = False
) -> User:
    """Create a user (global admins and :data:`SYSTEM` only)."""
    require(actor, "admin")
    address = _email(email)
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise PlansValidationError(f"user {address!r} exists already")
    user = User(
        email=address,
        password_hash=hash_password(password, _hasher(session)),
        is_admin=is_admin,
        active=True,
        created_at=utcnow(),
    )
    session.add(user)
    record_created(session, actor, "user.create", user)
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """The active user with this e-mail and password, else :class:`AuthenticationError`.

    The message does not say which of the two was wrong. An outdated hash (cheaper
    parameters than the current hasher's) is re-hashed on success.
    """
    hasher = _hasher(session)
    try:
        user = get_user(session, email)
    except (NotFoundError, PlansValidationError):
        hasher.hash(password)  # spend the same time as for a real user
        raise AuthenticationError("wrong e-mail or password") from None
    if not user.active or not verify_password(user.password_hash, password, hasher):
        raise AuthenticationError("wrong e-mail or password")
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def set_password(session: Session, actor: Actor, user: User, password: str) -> None:
    """Set a new password: the user themself or a global admin."""
    if not (isinstance(actor, User) and actor.id == user.id):
        require(actor, "admin")
    user.password_hash = hash_password(password, _hasher(session))
    record(session, actor, "user.password", user, before=None, after={"password": "changed"})


def set_active(session: Session, actor: Actor, user: User, active: bool) -> None:
    """(De)activate a user (global admins); an inactive user cannot log in or act."""
    require(actor, "admin")
    with audited(session, actor, "user.active", user):
        user.active = active


def grant_role(session: Session, actor: Actor, user: User, area: str, role: str) -> Role:
    """Give ``user`` the ``role`` in ``area`` (replacing a previous role there).

    Area admins manage the roles of their own area; global admins of every area.
    """
    area = area_id(area)
    check_choice(role, ROLES, "role")
    require(actor, "manage", area)
    existing = next((r for r in user.roles if r.area_id == area), None)
    before = snapshot(existing)
    if existing is None:
        existing = Role(user=user, area_id=area, role=role)
        session.add(existing)
    else:
        existing.role = role
    session.flush()
    record(
        session,
        actor,
        "role.grant",
        existing,
        before=before,
        after=snapshot(existing),
        area_id=area,
    )
    return existing


def revoke_role(session: Session, actor: Actor, user: User, area: str) -> None:
    """Take away the role of ``user`` in ``area`` (no error if there is none)."""
    area = area_id(area)
    require(actor, "manage", area)
    existing = next((r for r in user.roles if r.area_id == area), None)
    if existing is None:
        return
    record_deleted(session, actor, "role.revoke", existing, area_id=area)
    user.roles.remove(existing)
    session.flush()


class NewToken:
    """A just-created API token: ``token`` is the plaintext, shown this once."""

    def __init__(self, token: str, record: ApiToken) -> None:
        self.token = token
        self.record = record

    def __repr__(self) -> str:
        return f"NewToken(id={self.record.id}, name={self.record.name!r})"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def create_api_token(session: Session, actor: Actor, user: User, name: str = "api") -> NewToken:
    """Create an API token for ``user`` (the user themself or a global admin)."""
    if not (isinstance(actor, User) and actor.id == user.id and actor.active):
        require(actor, "admin")
    if not name.strip() or len(name) > 100:
        raise PlansValidationError("token name: give 1 to 100 characters")
    token = "kloof_" + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=name.strip(), token_hash=_sha256(token), created_at=utcnow())
    session.add(row)
    record_created(session, actor, "token.create", row)
    return NewToken(token, row)


def verify_api_token(session: Session, token: str) -> User:
    """The active user of a valid, unrevoked token, else :class:`AuthenticationError`."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _sha256(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        raise AuthenticationError("invalid or revoked API token")
    row.last_used_at = utcnow()
    return row.user


def revoke_api_token(session: Session, actor: Actor, token_id: int) -> None:
    """Revoke a token by its id: its owner or a global admin."""
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFoundError(f"no API token {token_id}")
    if not (isinstance(actor, User) and actor.id == row.user_id):
        require(actor, "admin")
    before = snapshot(row)
    row.revoked_at = utcnow()
    record(session, actor, "token.revoke", row, before=before, after=snapshot(row))
