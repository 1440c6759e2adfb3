"""Residents' questionnaire tables and the vision text of a plan.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``plans.vision`` (empty for existing plans) and the questionnaire tables."""
    op.add_column("plans", sa.Column("vision", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("area_id", sa.String(64), nullable=False, index=True),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("biggest_task", sa.String(32), nullable=False),
        sa.Column("free_text", sa.Text(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("device_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("device_hash", "area_id", "period"),
    )
    op.create_table(
        "survey_solutions",
        sa.Column(
            "response_id",
            sa.Integer(),
            sa.ForeignKey("survey_responses.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("solution", sa.String(32), primary_key=True),
    )


def downgrade() -> None:
    """Drop the questionnaire (its answers are lost) and the vision column."""
    op.drop_table("survey_solutions")
    op.drop_table("survey_responses")
    op.drop_column("plans", "vision")
