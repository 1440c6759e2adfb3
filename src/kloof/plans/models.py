"""The ORM models of area plans (SQLAlchemy 2.x declarative, typed ``Mapped``).

Tables are created by the Alembic migrations in :mod:`kloof.plans.migrations`, never by
``metadata.create_all``; a model change needs a new migration. Times are stored in UTC
(naive in the database, timezone-aware in Python) so SQLite and PostgreSQL behave alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "ApiToken",
    "AuditLog",
    "Base",
    "BudgetLine",
    "Measure",
    "MeasureUpdate",
    "Meta",
    "Partner",
    "Plan",
    "ProgrammeLine",
    "Role",
    "SurveyClient",
    "SurveyResponse",
    "SurveySolution",
    "User",
    "WebSession",
    "utcnow",
]


def utcnow() -> dt.datetime:
    """The current time in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and returned timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware (UTC) time")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)  # type: ignore[no-any-return]


class Base(DeclarativeBase):
    """Declarative base of the plans tables."""


class Meta(Base):
    """Key/value settings of the database itself (e.g. the generated secret key)."""

    __tablename__ = "plans_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """A person who logs in; ``email`` (lower-case) is the login name."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    roles: Mapped[list[Role]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )


class Role(Base):
    """The role of a user in one area: ``viewer``, ``editor`` or ``area_admin``."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("user_id", "area_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    area_id: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    user: Mapped[User] = relationship(back_populates="roles")


class ApiToken(Base):
    """An API token; only the SHA-256 hash of the token is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    user: Mapped[User] = relationship()


class WebSession(Base):
    """A server-side login session; only the SHA-256 hash of the session id is stored."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    user: Mapped[User] = relationship()


class Plan(Base):
    """The area plan: one per area, with a title and a vision."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    vision: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    partners: Mapped[list[Partner]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Partner.id"
    )
    lines: Mapped[list[ProgrammeLine]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="ProgrammeLine.id"
    )
    measures: Mapped[list[Measure]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Measure.id"
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Partner(Base):
    """An organisation in the area's alliance."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("plan_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    plan: Mapped[Plan] = relationship(back_populates="partners")


class ProgrammeLine(Base):
    """A programme line under one of the five tasks, with the targets it should move."""

    __tablename__ = "programme_lines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    task: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    targets: Mapped[list[str]] = mapped_column(JSON, default=list)
    plan: Mapped[Plan] = relationship(back_populates="lines")


class Measure(Base):
    """A measure (maatregel) of a plan, with budget rows and progress updates."""

    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    task: Mapped[str] = mapped_column(String(32))
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_lines.id", ondelete="SET NULL"), nullable=True
    )
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), nullable=True
    )
    start_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="gepland")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    plan: Mapped[Plan] = relationship(back_populates="measures")
    line: Mapped[ProgrammeLine | None] = relationship()
    partner: Mapped[Partner | None] = relationship()
    budget: Mapped[list[BudgetLine]] = relationship(
        back_populates="measure",
        cascade="all, delete-orphan",
        order_by="(BudgetLine.year, BudgetLine.source)",
    )
    updates: Mapped[list[MeasureUpdate]] = relationship(
        back_populates="measure",
        cascade="all, delete-orphan",
        order_by="(MeasureUpdate.date, MeasureUpdate.id)",
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class BudgetLine(Base):
    """Budget of a measure in one year from one funding source, in whole euros."""

    __tablename__ = "budget_lines"
    __table_args__ = (UniqueConstraint("measure_id", "year", "source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    amount_eur: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(200))
    measure: Mapped[Measure] = relationship(back_populates="budget")


class MeasureUpdate(Base):
    """A progress update of a measure; the author is never shown publicly."""

    __tablename__ = "measure_updates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    measure: Mapped[Measure] = relationship(back_populates="updates")


class AuditLog(Base):
    """Who changed what, when, with the record before and after the change."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    area_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class SurveyResponse(Base):
    """One anonymous questionnaire answer: no names, no IP address, no time of day."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("device_hash", "area_id", "period"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[str] = mapped_column(String(64), index=True)
    period: Mapped[str] = mapped_column(String(8))
    biggest_task: Mapped[str] = mapped_column(String(32))
    free_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_on: Mapped[dt.date] = mapped_column(Date)
    device_hash: Mapped[str] = mapped_column(String(64))
    #: The same client (address, keyed hash) answered for this area in the same week.
    repeat_client: Mapped[bool] = mapped_column(Boolean, default=False)
    solutions: Mapped[list[SurveySolution]] = relationship(
        back_populates="response", cascade="all, delete-orphan", lazy="selectin"
    )


class SurveyClient(Base):
    """How often one client answered for an area in one ISO week (this week only).

    ``client_hash`` is ``HMAC-SHA256(secret_key, address + week)``: without the secret
    it cannot be linked to an address, and rows of past weeks are deleted.
    """

    __tablename__ = "survey_clients"
    area_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    client_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[int] = mapped_column(Integer)


class SurveySolution(Base):
    """One ticked solution of a questionnaire answer."""

    __tablename__ = "survey_solutions"
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    solution: Mapped[str] = mapped_column(String(32), primary_key=True)
    response: Mapped[SurveyResponse] = relationship(back_populates="solutions")
