"""Methods run with the team: what a Fishbone round or a short experiment produced for a plan
action, and the PRO review (process, roles, circumstances) of such an action at a check-in.

Both are JSON objects, empty for the rows that exist already. The downgrade drops the columns.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        batch.add_column(sa.Column("facilitation", sa.JSON, nullable=False, server_default="{}"))
    with op.batch_alter_table("checkin_items") as batch:
        batch.add_column(sa.Column("pro", sa.JSON, nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("checkin_items") as batch:
        batch.drop_column("pro")
    with op.batch_alter_table("plan_actions") as batch:
        batch.drop_column("facilitation")
