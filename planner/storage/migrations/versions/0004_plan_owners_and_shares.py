"""Plans have an owner when sign-in is on, and can be shared with people or with everyone.

Revision ID: 0004
Revises: 0003
Created: 2026-12-03 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add plans.owner ("" for the plans made before: no owner) and the plan_shares table."""
    # A plain ADD COLUMN, not a batch copy: on SQLite with foreign keys on, dropping the old
    # plans table would cascade to every revision, card and event of the workspace.
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("plans")}
    if "owner" not in columns:  # else a database older than migrations, made up to date at start
        op.add_column(
            "plans", sa.Column("owner", sa.String(length=320), nullable=False, server_default="")
        )
        op.create_index("ix_plans_owner", "plans", ["owner"])
    op.create_table(
        "plan_shares",
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("grantee", sa.String(length=320), nullable=False),
        sa.Column("permission", sa.String(length=8), nullable=False),
        sa.Column("shared_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id", "grantee"),
    )
    op.create_index("ix_plan_shares_grantee", "plan_shares", ["grantee"])


def downgrade() -> None:
    """Drop the shares and plans.owner."""
    op.drop_index("ix_plan_shares_grantee", table_name="plan_shares")
    op.drop_table("plan_shares")
    op.drop_index("ix_plans_owner", table_name="plans")
    op.drop_column("plans", "owner")
