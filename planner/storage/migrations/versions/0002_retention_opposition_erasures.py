"""Retention counts, the opposition list and the erasure log.

Revision ID: 0002
Revises: 0001
Created: 2026-12-03 01:37:40.486883
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Retention counts, the opposition list and the erasure log"""

    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("events_removed", sa.Integer(), nullable=False),
        sa.Column("cards_removed", sa.Integer(), nullable=False),
        sa.Column("plans", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "opposition",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    op.create_table(
        "retention_counts",
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("customers_start", sa.Integer(), nullable=False),
        sa.Column("new_customers", sa.Integer(), nullable=False),
        sa.Column("customers_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id", "period"),
    )


def downgrade() -> None:
    """Undo: Retention counts, the opposition list and the erasure log"""

    op.drop_table("retention_counts")
    op.drop_table("opposition")
    op.drop_table("erasures")
