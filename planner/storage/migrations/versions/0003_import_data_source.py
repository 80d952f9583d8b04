"""Each import batch records where the people's data came from (GDPR art. 14, GD-01).

Revision ID: 0003
Revises: 0002
Created: 2026-12-03 01:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add import_batches.data_source ("" for the batches imported before)."""
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("import_batches")}
    if "data_source" in columns:  # a database older than migrations, made up to date at start
        return
    op.add_column(
        "import_batches",
        sa.Column("data_source", sa.String(length=16), nullable=False, server_default=""),
    )


def downgrade() -> None:
    """Drop import_batches.data_source."""
    with op.batch_alter_table("import_batches") as batch:
        batch.drop_column("data_source")
