"""Repeated questionnaire answers from one client become visible, without storing who.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``survey_responses.repeat_client`` and the weekly table ``survey_clients``.

    Existing audit rows of anonymous answers lose their time of day and row id (the
    questionnaire promises to keep the date only).
    """
    op.add_column(
        "survey_responses",
        sa.Column("repeat_client", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "survey_clients",
        sa.Column("area_id", sa.String(64), primary_key=True),
        sa.Column("week", sa.String(8), primary_key=True),
        sa.Column("client_hash", sa.String(64), primary_key=True),
        sa.Column("answers", sa.Integer(), nullable=False),
    )
    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime()),
        sa.column("action", sa.String(64)),
        sa.column("entity_id", sa.String(64)),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(audit.c.id, audit.c.at).where(audit.c.action == "survey.submit"))
    for ident, at in list(rows):
        day = at.replace(hour=0, minute=0, second=0, microsecond=0) if at is not None else at
        conn.execute(sa.update(audit).where(audit.c.id == ident).values(at=day, entity_id="-"))


def downgrade() -> None:
    """Drop the weekly client table and the repeat flag."""
    op.drop_table("survey_clients")
    with op.batch_alter_table("survey_responses") as batch:
        batch.drop_column("repeat_client")
