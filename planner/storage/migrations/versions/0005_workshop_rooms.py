"""Workshop rooms that participants join with a code, each with their own copy of a plan, and
the answers to the exercises played in them.

Revision ID: 0005
Revises: 0004
Created: 2026-12-03 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the rooms and room_seats tables."""
    op.create_table(
        "rooms",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("facilitator", sa.String(length=320), server_default="", nullable=False),
        sa.Column("source_plan_id", sa.String(length=32), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("challenge", sa.String(length=32), nullable=True),
        sa.Column("exercise", sa.String(length=32), nullable=True),
        sa.Column("key_shown", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_index("ix_rooms_facilitator", "rooms", ["facilitator"])
    op.create_table(
        "room_seats",
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("participant_name", sa.String(length=120), nullable=False),
        sa.Column("participant", sa.String(length=320), server_default="", nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index("ix_room_seats_room_id", "room_seats", ["room_id"])
    op.create_table(
        "exercise_answers",
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("exercise_id", sa.String(length=32), nullable=False),
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("room_id", "exercise_id", "plan_id"),
    )


def downgrade() -> None:
    """Drop the rooms, their seats and answers (the participants' plans stay)."""
    op.drop_table("exercise_answers")
    op.drop_index("ix_room_seats_room_id", table_name="room_seats")
    op.drop_table("room_seats")
    op.drop_index("ix_rooms_facilitator", table_name="rooms")
    op.drop_table("rooms")
