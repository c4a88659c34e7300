"""When a team's join code was made or last used, so that a code nobody uses expires.

Existing teams count from now: their codes keep working for the configured days. The
downgrade drops the column.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("join_code_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(sa.text("UPDATE teams SET join_code_at = CURRENT_TIMESTAMP"))


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("join_code_at")
